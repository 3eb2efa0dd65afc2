"""Transcript CSV files → :class:`CourseInput` records (English or Italian headers)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO

from mobility_cli.conversion.transcript import CourseInput
from mobility_cli.io.csvio import CsvTable, Record, parse_number, read_csv

TRANSCRIPT_FIELDS: dict[str, tuple[str, ...]] = {
    "course": ("course", "course title", "title", "corso", "insegnamento", "esame", "exam", "subject"),
    "credits": ("credits", "credit", "ects", "cfu", "crediti", "ects credits"),
    "grade": ("grade", "voto", "mark", "result", "note", "nota", "calificacion"),
    "scale": ("scale", "scala", "grading scale"),
    "status": ("status", "stato", "esito"),
    "replaces": ("replaces", "sostituisce", "home exam", "esame sostituito"),
    "student_id": ("student_id", "student id", "student", "matricola", "id"),
}
REQUIRED = ("course", "credits", "grade")


def _course(record: Record) -> CourseInput:
    values = record.values
    problem = record.problem
    credits = None
    text = values.get("credits", "")
    if text:
        try:
            credits = parse_number(text)
        except ValueError as exc:
            problem = problem or f"credits: {exc}"
    return CourseInput(
        row=record.line,
        course=values.get("course", ""),
        grade=values.get("grade", ""),
        credits=credits,
        scale=values.get("scale") or None,
        status=values.get("status") or None,
        replaces=values.get("replaces") or None,
        student_id=values.get("student_id") or None,
        problem=problem,
    )


def read_transcript(
    stream: BinaryIO, name: str, encoding: str | None = None
) -> tuple[CsvTable, Iterator[CourseInput]]:
    """Open a transcript CSV; the table says what was detected, the iterator yields courses."""
    table = read_csv(stream, name, TRANSCRIPT_FIELDS, required=REQUIRED, encoding=encoding)
    return table, (_course(record) for record in table.records)
