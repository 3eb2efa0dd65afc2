"""The applicant fields, each defined once: name, the headers exports write it under (English,
Italian, the spellings offices use), its parser, its domain, its command-line option and help.

Everything else is derived from :data:`FIELDS`: the header table the CSV reader matches
(:data:`APPLICANT_FIELDS`), the cell parsers (:data:`PARSERS`), the options of ``mobility
check`` for one applicant, the header row of ``mobility calls ID --template`` and the table of
fields in docs/calls.md. :class:`Applicant` holds one parsed row; a test keeps its attributes
and :data:`FIELDS` the same.

A parser refuses what can never be right (a negative count, "B7"); the upper bounds that
depend on the applicant's study cycle (year 9 of a bachelor's, 400 credits) are checked by
:func:`out_of_domain` once the programme is known, against :class:`Limits` taken from the
catalogue's declared cycles. Out of domain is a row error, never a verdict or a score.

Only light parts of the standard library are imported at module level: the CLI builds its
options from this module when it starts (the parsers import what they need when first used).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from decimal import Decimal

    from mobility_cli.compiled.programme import StudyProgramme

    Range = tuple[Decimal | int, Decimal | int]

CEFR_LEVELS = ("A1", "A2", "B1", "B2", "C1", "C2")
MAX_STAY_DAYS = 366
HOURS_PER_DAY = 24

LEVELS: dict[str, tuple[str, ...]] = {
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
}
"""Level → its spellings in exports (compared as headers are)."""


@functools.cache
def level_spellings() -> dict[str, str]:
    """Normalised spelling → level."""
    from mobility_cli.text import normalise_header

    return {normalise_header(s): level for level, spellings in LEVELS.items() for s in spellings}


def parse_level(text: str) -> str:
    """'Laurea Magistrale', 'LM', 'MSc' → 'msc'; 'ciclo unico' → 'single-cycle'."""
    from mobility_cli.text import normalise_header

    level = level_spellings().get(normalise_header(text))
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


@functools.cache
def _number_parser() -> Callable[[str], Decimal]:
    """:func:`~mobility_cli.numbers.parse_number`, imported when first needed (an import
    statement in a parser would cost more than the parsing)."""
    from mobility_cli.numbers import parse_number

    return parse_number


def parse_count(text: str) -> int:
    """A whole number ≥ 0: '2', '2.0' and '2,0' are 2."""
    number = _number_parser()(text)
    if number != number.to_integral_value():
        raise ValueError(f"'{text}' is not a whole number")
    if number < 0:
        raise ValueError(f"'{text}' is negative (0 or more)")
    return int(number)


def parse_amount(text: str) -> Decimal:
    """A number ≥ 0 with a decimal point or comma."""
    number = _number_parser()(text)
    if number < 0:
        raise ValueError(f"'{text}' is negative (0 or more)")
    return number


def parse_year(text: str) -> int:
    """A year of course, 1 or more."""
    year = parse_count(text)
    if year < 1:
        raise ValueError(f"'{text}' is not a year of course (1, 2, 3 …)")
    return year


def parse_days(text: str) -> int:
    """Days of a stay: 1 to a year."""
    days = parse_count(text)
    if not 1 <= days <= MAX_STAY_DAYS:
        raise ValueError(f"{days} days is outside 1–{MAX_STAY_DAYS} (a stay within a year)")
    return days


class Limits(NamedTuple):
    """Upper bounds for one applicant, from the catalogue's cycle of their level (the widest
    cycle when the level is not known) and the call."""

    average: tuple[Decimal, Decimal]
    year: int
    credits: Decimal
    years_enrolled: int
    months_abroad: Decimal
    cycle: str  # in words, for messages: "bsc: 3 years + 3 grace, 180 credits"


@dataclass(slots=True)
class Applicant:
    """One applicant's values, parsed; a field the call does not need stays ``None``."""

    id: str
    school: str | None = None
    programme: StudyProgramme | None = None
    level: str | None = None
    year: int | None = None
    credits: Decimal | None = None
    average: Decimal | None = None
    language: int | None = None  # rank in CEFR_LEVELS
    months_abroad: Decimal | None = None
    previous_exchanges: int | None = None
    years_enrolled: int | None = None
    teaching_hours: Decimal | None = None
    days: int | None = None


def _average(limits: Limits, applicant: Applicant) -> Range:
    return limits.average


def _year(limits: Limits, applicant: Applicant) -> Range:
    return 1, limits.year


def _credits(limits: Limits, applicant: Applicant) -> Range:
    return 0, limits.credits


def _months(limits: Limits, applicant: Applicant) -> Range:
    return 0, limits.months_abroad


def _years_enrolled(limits: Limits, applicant: Applicant) -> Range:
    return 1, limits.years_enrolled


def _hours(limits: Limits, applicant: Applicant) -> Range:
    return 0, HOURS_PER_DAY * (applicant.days or MAX_STAY_DAYS)


class Field(NamedTuple):
    """One applicant field: how exports name it, how a cell is read, which values make sense."""

    name: str
    headers: tuple[str, ...]  # the first is the English header of a template
    italian: str  # the Italian header of a template (read as well as ``headers``)
    help: str
    domain: str = ""
    parse: Callable[[str], object] | None = None  # None: kept as text
    bounds: Callable[[Limits, Applicant], Range] | None = None  # the domain's cycle-wide part
    by_cycle: bool = True  # the bounds come from the applicant's study cycle

    @property
    def option(self) -> str:
        """The option of ``mobility check`` for one applicant: ``--months-abroad``."""
        return "--" + self.name.replace("_", "-")


FIELDS: tuple[Field, ...] = (
    Field(
        "id",
        (
            "id",
            "student id",
            "student_id",
            "matricola",
            "codice persona",
            "person code",
            "staff id",
        ),
        "Matricola",
        "id (default 'applicant').",
    ),
    Field("school", ("school", "scuola", "facolta", "faculty"), "Scuola", "school (id or name)."),
    Field(
        "programme",
        (
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
        "Corso di studio",
        "programme (id, Italian or English name, alias).",
    ),
    Field(
        "level",
        ("level", "livello", "degree level", "tipo corso", "tipo di corso", "ciclo"),
        "Livello",
        "level: BSc/Laurea, MSc/LM, ciclo unico, PhD.",
        "BSc, MSc, single-cycle, PhD, staff",
        parse_level,
    ),
    Field(
        "year",
        ("year", "anno", "anno di corso", "year of course", "year of study"),
        "Anno di corso",
        "year of course when applying.",
        "1 to the cycle's length + the declared grace years",
        parse_year,
        _year,
    ),
    Field(
        "credits",
        ("credits", "cfu", "crediti", "ects", "cfu acquisiti", "crediti acquisiti"),
        "CFU",
        "credits earned in the career (bachelor and master).",
        "0 to the career's credits (cycle's credits, plus the cycle before it)",
        parse_amount,
        _credits,
    ),
    Field(
        "average",
        ("average", "weighted average", "media", "media ponderata", "average grade"),
        "Media",
        "credit-weighted average (18–30).",
        "the home scale's passing range; a call may narrow it",
        parse_amount,
        _average,
        by_cycle=False,
    ),
    Field(
        "language",
        ("language", "lingua", "language level", "livello lingua", "cefr"),
        "Lingua",
        "language level (CEFR, e.g. B2).",
        "A1 … C2",
        parse_cefr,
    ),
    Field(
        "months_abroad",
        ("months_abroad", "months abroad", "mesi all estero", "mesi estero", "mesi di mobilita"),
        "Mesi all'estero",
        "months already abroad in the cycle.",
        "0 to the cycle's length (with grace years) in months",
        parse_amount,
        _months,
    ),
    Field(
        "previous_exchanges",
        (
            "previous_exchanges",
            "previous exchanges",
            "scambi precedenti",
            "mobilita precedenti",
        ),
        "Scambi precedenti",
        "number of previous exchanges (ranking).",
        "0 or more",
        parse_count,
    ),
    Field(
        "years_enrolled",
        (
            "years_enrolled",
            "years enrolled",
            "anni di iscrizione",
            "anni immatricolazione",
            "anni di immatricolazione",
        ),
        "Anni di iscrizione",
        "total years enrolled (ranking).",
        "1 to the career's years + the declared grace years",
        parse_year,
        _years_enrolled,
    ),
    Field(
        "teaching_hours",
        ("teaching_hours", "teaching hours", "ore di didattica", "ore di insegnamento"),
        "Ore di didattica",
        "staff: teaching hours in the stay.",
        f"{HOURS_PER_DAY} hours a day of the stay at most",
        parse_amount,
        _hours,
        by_cycle=False,
    ),
    Field(
        "days",
        ("days", "giorni", "days of teaching", "durata in giorni"),
        "Giorni",
        "staff: days of the stay.",
        f"1–{MAX_STAY_DAYS}",
        parse_days,
    ),
)
"""Every applicant field, in the order of a template's header row."""

BY_NAME: dict[str, Field] = {field.name: field for field in FIELDS}

BY_CYCLE = frozenset(f.name for f in FIELDS if f.bounds is not None and f.by_cycle)
"""Fields whose cells read differently in different study cycles (their bounds are the
cycle's); any other field's cell is worth the same in every cycle."""

APPLICANT_FIELDS: dict[str, tuple[str, ...]] = {
    field.name: (*field.headers, field.italian) for field in FIELDS
}
"""Field → header spellings (compared case- and accent-insensitively)."""

PARSERS: dict[str, Callable[[str], object]] = {
    field.name: field.parse for field in FIELDS if field.parse is not None
}
"""Field → parser of its cells; fields not listed (id, school, programme) are kept as text."""


def _shown(value: Decimal | int) -> str:
    from decimal import Decimal

    return format(Decimal(value).normalize(), "f")


def out_of_domain(
    applicant: Applicant, limits: Limits, fields: Iterable[str]
) -> list[tuple[str, str]]:
    """``(field, message)`` for each of ``fields`` whose value lies outside its domain; the
    value is taken off the applicant, so that nothing is judged or scored on it."""
    found: list[tuple[str, str]] = []
    for name in fields:
        field = BY_NAME[name]
        value = getattr(applicant, name)
        if value is None or field.bounds is None:
            continue
        low, high = field.bounds(limits, applicant)
        if low <= value <= high:
            continue
        setattr(applicant, field.name, None)
        found.append(
            (
                field.name,
                f"{field.name} {_shown(value)} is outside {_shown(low)}–{_shown(high)} "
                f"({limits.cycle if field.by_cycle else field.domain})",
            )
        )
    return found
