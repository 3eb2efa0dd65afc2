"""Applicant lists (a coordinator's CSV export) → records, and the cell parsers for their fields.

Headers may be English or Italian in any case ("Matricola", "Corso di studio", "CFU", "Media",
"Mesi all'estero"); ``--column FIELD=HEADER`` maps any other header. Cells are parsed only for
the fields a call needs, each parser turning the text as written into a value or raising
``ValueError`` with words a coordinator understands.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from typing import BinaryIO

from mobility_cli.io import csvio
from mobility_cli.io.csvio import CsvTable, normalise_header, parse_number, read_csv
from mobility_cli.models.call import CEFR_LEVELS

APPLICANT_FIELDS: dict[str, tuple[str, ...]] = {
    "id": (
        "id",
        "student id",
        "student_id",
        "matricola",
        "codice persona",
        "person code",
        "staff id",
    ),
    "school": ("school", "scuola", "facolta", "faculty"),
    "programme": (
        "programme",
        "program",
        "degree programme",
        "study programme",
        "corso di studio",
        "corso di studi",
        "corso di laurea",
        "cds",
        "corso",
    ),
    "level": ("level", "livello", "degree level", "tipo corso", "tipo di corso", "ciclo"),
    "year": ("year", "anno", "anno di corso", "year of course", "year of study"),
    "credits": ("credits", "cfu", "crediti", "ects", "cfu acquisiti", "crediti acquisiti"),
    "average": ("average", "weighted average", "media", "media ponderata", "average grade"),
    "language": ("language", "lingua", "language level", "livello lingua", "cefr"),
    "months_abroad": (
        "months_abroad",
        "months abroad",
        "mesi all estero",
        "mesi estero",
        "mesi di mobilita",
    ),
    "previous_exchanges": (
        "previous_exchanges",
        "previous exchanges",
        "scambi precedenti",
        "mobilita precedenti",
    ),
    "years_enrolled": (
        "years_enrolled",
        "years enrolled",
        "anni di iscrizione",
        "anni immatricolazione",
        "anni di immatricolazione",
    ),
    "teaching_hours": (
        "teaching_hours",
        "teaching hours",
        "ore di didattica",
        "ore di insegnamento",
    ),
    "days": ("days", "giorni", "days of teaching", "durata in giorni"),
}
"""Canonical field → header spellings (compared case- and accent-insensitively)."""

LEVEL_SPELLINGS: dict[str, str] = {
    normalise_header(spelling): level
    for level, spellings in {
        "bsc": (
            "bsc",
            "b sc",
            "bachelor",
            "laurea",
            "laurea triennale",
            "triennale",
            "l",
            "first cycle",
        ),
        "msc": ("msc", "m sc", "master", "laurea magistrale", "magistrale", "lm", "second cycle"),
        "single-cycle": (
            "single-cycle",
            "single cycle",
            "ciclo unico",
            "laurea magistrale a ciclo unico",
            "lmcu",
            "lm cu",
        ),
        "phd": ("phd", "ph d", "doctorate", "dottorato", "dottorato di ricerca", "third cycle"),
        "staff": ("staff", "docente", "professor", "teacher", "personale"),
    }.items()
    for spelling in spellings
}


def parse_level(text: str) -> str:
    """'Laurea Magistrale', 'LM', 'MSc' → 'msc'; 'ciclo unico' → 'single-cycle'."""
    level = LEVEL_SPELLINGS.get(normalise_header(text))
    if level is None:
        raise ValueError(
            f"level '{text}' is not one of BSc/Laurea, MSc/Laurea Magistrale/LM, "
            "single-cycle/ciclo unico, PhD/dottorato, staff"
        )
    return level


_CEFR = re.compile(r"([ABC][12])\+?")


def parse_cefr(text: str) -> int:
    """'B2', 'b2', 'B2+' → the level's rank (A1 = 0 … C2 = 5)."""
    found = _CEFR.fullmatch(text.strip().upper())
    if found is None:
        raise ValueError(f"language '{text}' is not a CEFR level (A1, A2, B1, B2, C1, C2)")
    return CEFR_LEVELS.index(found.group(1))


def parse_count(text: str) -> int:
    """A whole number ≥ 0: '2', '2.0' and '2,0' are 2."""
    number = parse_number(text)
    if number != number.to_integral_value() or number < 0:
        raise ValueError(f"'{text}' is not a whole number")
    return int(number)


def parse_amount(text: str) -> Decimal:
    """A number ≥ 0 with a decimal point or comma."""
    number = parse_number(text)
    if number < 0:
        raise ValueError(f"'{text}' is negative")
    return number


def parse_year(text: str) -> int:
    """A year of course, 1 or more."""
    year = parse_count(text)
    if year < 1:
        raise ValueError(f"'{text}' is not a year of course (1, 2, 3 …)")
    return year


PARSERS: dict[str, Callable[[str], object]] = {
    "level": parse_level,
    "year": parse_year,
    "credits": parse_amount,
    "average": parse_amount,
    "language": parse_cefr,
    "months_abroad": parse_amount,
    "previous_exchanges": parse_count,
    "years_enrolled": parse_year,
    "teaching_hours": parse_amount,
    "days": parse_count,
}
"""Field → parser of its cells; fields not listed (id, school, programme) are kept as text."""


def parse_column_overrides(pairs: Sequence[str]) -> dict[str, str]:
    """``["id=Codice", "average=Media 2024"]`` → ``{"id": "Codice", …}``; unknown fields refused."""
    return csvio.parse_column_overrides(pairs, list(APPLICANT_FIELDS), "applicant field")


def read_applicants(
    stream: BinaryIO,
    name: str,
    *,
    required: Sequence[str],
    overrides: Mapping[str, str] | None = None,
    encoding: str | None = None,
) -> CsvTable:
    """Open an applicant CSV; raise :class:`~mobility_cli.errors.InputError` when a required
    column is missing (naming it and the headers found)."""
    return read_csv(
        stream, name, APPLICANT_FIELDS, required=required, overrides=overrides, encoding=encoding
    )
