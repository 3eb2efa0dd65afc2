"""Transcript CSV files → :class:`CourseInput` records (English or Italian headers);
``read_transcript_file`` also recognises ELMO / EMREX XML and hands it to ``io.elmo``."""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterator, Mapping
from decimal import Decimal
from typing import BinaryIO

from mobility_cli.conversion.context import HostDistribution
from mobility_cli.conversion.transcript import CourseInput
from mobility_cli.io.csvio import CsvTable, Record, parse_number, read_csv
from mobility_cli.io.elmo import looks_like_xml, read_elmo
from mobility_cli.models.scale import Scale

TRANSCRIPT_FIELDS: dict[str, tuple[str, ...]] = {
    "course": (
        "course",
        "course title",
        "title",
        "corso",
        "insegnamento",
        "esame",
        "exam",
        "subject",
    ),
    "credits": ("credits", "credit", "ects", "cfu", "crediti", "ects credits"),
    "grade": ("grade", "voto", "mark", "result", "note", "nota", "calificacion"),
    "scale": ("scale", "scala", "grading scale"),
    "status": ("status", "stato", "esito"),
    "replaces": ("replaces", "sostituisce", "home exam", "esame sostituito"),
    "student_id": ("student_id", "student id", "student", "matricola", "id"),
    "distribution": ("distribution", "grade distribution", "host distribution", "distribuzione"),
    "isced": ("isced", "isced code", "isced f", "codice isced"),
    "host": ("host", "host institution", "institution", "universita ospitante"),
}
REQUIRED = ("course", "credits", "grade")
MAX_REMEMBERED = 10_000


def _course(record: Record, numbers: dict[str, Decimal | str]) -> CourseInput:
    """A course from a record; ``numbers`` remembers each credits cell read (a cohort repeats a
    handful of them), as its number or as why it is not one."""
    values = record.values
    problem = record.problem
    credits = None
    text = values.get("credits", "")
    if text:
        number = numbers.get(text)
        if number is None:
            try:
                number = parse_number(text)
            except ValueError as exc:
                number = str(exc)
            if len(numbers) < MAX_REMEMBERED:
                numbers[text] = number
        if isinstance(number, str):
            problem = problem or f"credits: {number}"
        else:
            credits = number
    distribution = None
    if values.get("distribution"):
        try:
            distribution = parse_distribution(values["distribution"])
        except ValueError as exc:
            problem = problem or f"distribution: {exc}"
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
        distribution=distribution,
        isced=values.get("isced") or None,
        host=values.get("host") or None,
    )


def parse_distribution(text: str) -> HostDistribution:
    """'20:0 19:1 18:2 …' (or separated by ';' or '|'): each host grade and how many got it."""
    categories = []
    for item in filter(None, re.split(r"[\s;|]+", text)):
        match = re.fullmatch(r"(.+?)[:=](\d+)", item)
        if match is None:
            raise ValueError(f"'{item}' is not grade:count")
        categories.append((match.group(1), int(match.group(2))))
    return HostDistribution(tuple(categories))


def read_transcript(
    stream: BinaryIO, name: str, encoding: str | None = None
) -> tuple[CsvTable, Iterator[CourseInput]]:
    """Open a transcript CSV; the table says what was detected, the iterator yields courses."""
    table = read_csv(stream, name, TRANSCRIPT_FIELDS, required=REQUIRED, encoding=encoding)
    numbers: dict[str, Decimal | str] = {}
    return table, (_course(record, numbers) for record in table.records)


def _peek(stream: BinaryIO, size: int = 512) -> tuple[bytes, BinaryIO]:
    """The first bytes of a stream, and a stream that still starts with them."""
    peek = getattr(stream, "peek", None)
    if callable(peek):
        return bytes(peek(size))[:size], stream
    if stream.seekable():
        head = stream.read(size)
        stream.seek(-len(head), io.SEEK_CUR)
        return head, stream
    whole = io.BytesIO(stream.read())
    return whole.getvalue()[:size], whole


def read_transcript_file(
    stream: BinaryIO,
    name: str,
    encoding: str | None = None,
    *,
    scales: Callable[[], Mapping[str, Scale]],
    scale: str | None = None,
) -> tuple[list[str], Iterator[CourseInput]]:
    """A transcript in CSV, or in ELMO XML (an ``.xml`` name, or content starting with ``<``).

    Returns notes for the user (the encoding guessed, how an ELMO file was read) and the
    courses. ``scales`` is called for ELMO only, to pick each result's scale; ``scale``
    (``--scale``) replaces that pick. ``encoding`` applies to CSV (XML declares its own).
    """
    head, stream = _peek(stream)
    if looks_like_xml(name, head):
        transcript = read_elmo(stream, name, scales(), scale)
        return transcript.notes, iter(transcript.courses)
    table, courses = read_transcript(stream, name, encoding)
    return ([table.note] if table.note else []), courses
