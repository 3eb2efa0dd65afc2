"""Transcript CSV files (or rows from any source) → :class:`CourseInput` records, with header
names in English, Italian and the partner languages;
``read_transcript_file`` also recognises ELMO / EMREX XML and hands it to ``io.elmo``."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from decimal import Decimal
from typing import BinaryIO

from mobility_cli.compiled.scale import Scale
from mobility_cli.conversion.context import HostDistribution
from mobility_cli.conversion.transcript import CourseInput
from mobility_cli.errors import InputError
from mobility_cli.io.elmo import looks_like_xml, read_elmo
from mobility_cli.io.files import peek
from mobility_cli.io.table_input import read_table
from mobility_cli.io.tables import CsvTable, table_from_rows
from mobility_cli.numbers import parse_number
from mobility_cli.records import Record

# Header names as transcripts print them: English and Italian, then the partner languages
# (es, fr, de, nl, pt). Matching ignores case, accents and punctuation ("Créditos" = "creditos").
TRANSCRIPT_FIELDS: dict[str, tuple[str, ...]] = {
    "course": (
        *("course", "course title", "course name", "title", "subject", "module", "module title"),
        *("exam", "corso", "insegnamento", "esame", "attivita formativa"),
        *("asignatura", "materia", "nombre de la asignatura"),
        *("intitule", "cours", "unite d enseignement", "matiere", "enseignement"),
        *("lehrveranstaltung", "modul", "fach", "veranstaltung", "modulbezeichnung"),
        *("vak", "cursus", "onderdeel", "vaknaam"),
        *("unidade curricular", "disciplina", "cadeira"),
    ),
    "credits": (
        *("credits", "credit", "ects", "ects credits", "credit points", "cp", "cfu", "crediti"),
        *("creditos", "ects creditos", "creditos ects superados", "credits ects"),
        *("ects punkte", "leistungspunkte", "lp", "kreditpunkte", "ects credits punkte"),
        *("ec", "studiepunten", "ects punten"),
        *("creditos ects", "unidades de credito"),
    ),
    "grade": (
        *("grade", "voto", "mark", "final mark", "final grade", "result", "note", "nota"),
        *("calificacion", "nota final", "calificacion final"),
        *("note finale", "resultat", "note sur 20"),
        *("endnote", "bewertung", "modulnote"),
        *("cijfer", "resultaat", "eindcijfer"),
        *("classificacao", "classificacao final"),
    ),
    "scale": ("scale", "scala", "grading scale", "escala", "echelle", "notenskala", "schaal"),
    "status": ("status", "stato", "esito", "estado", "statut", "bestanden nicht bestanden"),
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
    stream: BinaryIO,
    name: str,
    encoding: str | None = None,
    overrides: Mapping[str, str] | None = None,
    sheet: str | None = None,
) -> tuple[CsvTable, TranscriptRows]:
    """Open a transcript CSV or workbook sheet; the table says what was detected, the iterator
    yields courses.

    ``overrides`` (``--column FIELD=HEADER``) read a field from a column with another header.
    """
    table = read_table(
        stream,
        name,
        TRANSCRIPT_FIELDS,
        required=REQUIRED,
        overrides=overrides,
        encoding=encoding,
        sheet=sheet,
    )
    return table, TranscriptRows(table)


class TranscriptRows:
    """The courses of a CSV file or a sheet, read as they are needed: an iterator of
    :class:`CourseInput` records; or take ``table.records`` and make a course of a record with
    :meth:`course` only when needed (a batch loop that reads the cells it keys on itself)."""

    def __init__(self, table: CsvTable) -> None:
        self.table = table
        self._numbers: dict[str, Decimal | str] = {}  # credits cells read: a cohort repeats them

    def course(self, record: Record) -> CourseInput:
        return _course(record, self._numbers)

    def __iter__(self) -> TranscriptRows:
        return self

    def __next__(self) -> CourseInput:
        return _course(next(self.table.records), self._numbers)


def transcript_dicts(
    rows: Iterable[Mapping[str, object]], name: str = "rows"
) -> Iterator[CourseInput]:
    """Courses from plain dicts keyed by any accepted header ({"Asignatura": …, "Créditos": 6});
    numbers may be given as numbers. Row numbers count from 1."""
    listed = list(rows)
    header = list(dict.fromkeys(key for row in listed for key in row))

    def text(value: object) -> str:
        return "" if value is None else str(value)

    cells = ((n, [text(row.get(key)) for key in header]) for n, row in enumerate(listed, 1))
    return TranscriptRows(
        table_from_rows(name, 0, header, cells, TRANSCRIPT_FIELDS, required=REQUIRED)
    )


def read_transcript_file(
    stream: BinaryIO,
    name: str,
    encoding: str | None = None,
    *,
    scales: Callable[[], Mapping[str, Scale]],
    scale: str | None = None,
    overrides: Mapping[str, str] | None = None,
    sheet: str | None = None,
) -> tuple[list[str], Iterator[CourseInput], str]:
    """A transcript in CSV, in a workbook (.xlsx, .ods: ``sheet``, else the first), or in ELMO
    XML (an ``.xml`` name, or content starting with ``<``).

    Returns notes for the user (the encoding guessed, how an ELMO file was read), the
    courses (:class:`TranscriptRows` for CSV and workbooks), and the CSV delimiter (',' for XML and workbooks, which have none). ``scales`` is
    called for ELMO only, to pick each result's scale; ``scale`` (``--scale``) replaces that
    pick. ``encoding`` applies to CSV (XML declares its own).
    """
    head, stream = peek(stream)
    if looks_like_xml(name, head):
        if sheet is not None:
            raise InputError(f"{name}: --sheet {sheet}: not a workbook (.xlsx or .ods)")
        transcript = read_elmo(stream, name, scales(), scale)
        return transcript.notes, iter(transcript.courses), ","
    table, courses = read_transcript(stream, name, encoding, overrides, sheet)
    return ([table.note] if table.note else []), courses, table.delimiter
