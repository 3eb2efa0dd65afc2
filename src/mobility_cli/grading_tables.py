"""ECTS grading tables from an office's own passed grades (``mobility grading-table build``).

Input rows are one passed grade each (``grade``) or aggregated (``grade``, ``count``), with
optional grouping columns. Per group: the total, and per grade, best first, its count, its
percentage and its cumulative percentage — the share of passing grades at or above it — as the
ECTS Users' Guide and Egracons publish them: computed exactly, rounded once to two decimals
(half-up). A row that cannot be counted is reported with its line and left out; a group with
fewer passing grades than the method's minimum is flagged, not dropped.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from mobility_cli.compiled.scale import Scale
from mobility_cli.conversion.grades import Grade, GradeError, parse_grade
from mobility_cli.conversion.inverse import standing
from mobility_cli.errors import MobilityError
from mobility_cli.numbers import parse_number
from mobility_cli.records import Record
from mobility_cli.text import normalise_header

DEFAULT_MIN_COUNT = 30
"""The distribution method's own minimum group size (and the Portuguese ECTS practice)."""

GRADE, COUNT, ISCED, CYCLE, PROGRAMME, YEAR = (
    "grade",
    "count",
    "isced",
    "cycle",
    "programme",
    "year",
)
FIELDS: dict[str, tuple[str, ...]] = {
    GRADE: ("grade", "mark", "result", "voto", "esito"),
    COUNT: ("count", "n", "number", "frequency", "passed", "numero", "conteggio", "frequenza"),
    ISCED: ("isced", "isced code", "isced f", "isced-f code", "codice isced"),
    CYCLE: ("cycle", "level", "ciclo", "livello"),
    PROGRAMME: ("programme", "program", "degree programme", "corso di studio", "cds"),
    YEAR: ("year", "academic year", "anno", "anno accademico"),
}
DEFAULT_GROUPS = (ISCED, CYCLE, PROGRAMME)
"""The grouping columns used, when present, unless ``--by`` names the grouping itself."""

_ISCED = re.compile(r"^[0-9]{2,4}$")
_CYCLES = {
    "bsc": "bsc",
    "bachelor": "bsc",
    "first cycle": "bsc",
    "laurea": "bsc",
    "l": "bsc",
    "msc": "msc",
    "master": "msc",
    "second cycle": "msc",
    "laurea magistrale": "msc",
    "lm": "msc",
    "single cycle": "single-cycle",
    "lmcu": "single-cycle",
    "phd": "phd",
    "doctorate": "phd",
    "third cycle": "phd",
}


def percent(part: int, whole: int) -> Decimal:
    """``part / whole`` as a percentage, exact, rounded once to two decimals (half-up)."""
    hundredths, rest = divmod(part * 10_000, whole)
    if 2 * rest >= whole:
        hundredths += 1
    return Decimal(hundredths).scaleb(-2)


def grouping_fields(by: Sequence[str], columns: Iterable[str]) -> list[str]:
    """The grouping fields: ``--by`` columns (a known field by any of its names), else the
    default grouping columns that the file has."""
    if not by:
        present = set(columns)
        return [f for f in DEFAULT_GROUPS if f in present]
    known = {normalise_header(alias): name for name, aliases in FIELDS.items() for alias in aliases}
    chosen = []
    for column in by:
        name = known.get(normalise_header(column), column)
        if name in (GRADE, COUNT):
            raise MobilityError(f"--by {column}: the {name} column cannot be a group")
        if name not in chosen:
            chosen.append(name)
    return chosen


def input_fields(by: Sequence[str]) -> dict[str, tuple[str, ...]]:
    """The CSV fields to read: the known ones, and each ``--by`` column by its own header."""
    fields = dict(FIELDS)
    known = {normalise_header(alias) for aliases in FIELDS.values() for alias in aliases}
    for column in by:
        if normalise_header(column) not in known:
            fields[column] = (column,)
    return fields


@dataclass(frozen=True)
class RowError:
    """A row left out of the table: its line in the input, and why."""

    line: int
    message: str


@dataclass(frozen=True)
class GradeShare:
    """One grade of a group: how often, its share, and the share at or above it (percent)."""

    grade: str
    count: int
    percent: Decimal
    cumulative_percent: Decimal


@dataclass(frozen=True)
class Group:
    """One reference group: its grouping values, total and grades (best first)."""

    group: dict[str, str]
    total: int
    grades: list[GradeShare]
    years: list[str] = field(default_factory=list)
    below_min_count: bool = False


@dataclass
class GradingTableReport:
    """A built grading table: the groups, the rows left out, and the empty groups."""

    scale: str
    min_count: int
    groups: list[Group]
    errors: list[RowError]
    empty_groups: list[dict[str, str]]
    rows: int
    counted_rows: int


@dataclass
class _Tally:
    counts: dict[tuple[str, bool], int] = field(default_factory=dict)
    grades: dict[tuple[str, bool], Grade] = field(default_factory=dict)
    years: set[str] = field(default_factory=set)


def _count(text: str) -> int:
    try:
        number = parse_number(text)
    except ValueError as exc:
        raise ValueError(f"count: {exc}") from None
    if number < 0 or number != number.to_integral_value():
        raise ValueError(f"count: '{text}' is not a whole number of grades (0 or more)")
    return int(number)


def _group_value(name: str, text: str) -> str:
    if not text:
        raise ValueError(f"{name}: empty, so the row belongs to no group")
    if name == ISCED and not _ISCED.match(text):
        raise ValueError(f"isced: '{text}' is not an ISCED-F code (2 to 4 digits, e.g. 0613)")
    if name == CYCLE:
        cycle = _CYCLES.get(normalise_header(text))
        if cycle is None:
            raise ValueError(f"cycle: '{text}' is not a cycle (bsc, msc, single-cycle, phd)")
        return cycle
    return text


def _grade(scale: Scale, text: str) -> Grade:
    try:
        grade = parse_grade(scale, text)
    except GradeError as exc:
        raise ValueError(f"grade: {exc}") from None
    if not grade.passing:
        raise ValueError(
            f"grade: '{text}' is a failing grade on {scale.id}: a grading table counts passed "
            "grades only"
        )
    return grade


def build(
    records: Iterable[Record],
    scale: Scale,
    groups_by: Sequence[str],
    *,
    has_count: bool,
    min_count: int = DEFAULT_MIN_COUNT,
) -> GradingTableReport:
    """Count the records' passed grades per group; see the module docstring."""
    tallies: dict[tuple[str, ...], _Tally] = {}
    errors: list[RowError] = []
    rows = counted = 0
    for record in records:
        rows += 1
        values: Mapping[str, str] = record.values
        try:
            if record.problem:
                raise ValueError(record.problem)
            grade = _grade(scale, values.get(GRADE, ""))
            count = _count(values.get(COUNT, "")) if has_count else 1
            key = tuple(_group_value(name, values.get(name, "")) for name in groups_by)
        except ValueError as exc:
            errors.append(RowError(record.line, str(exc)))
            continue
        counted += 1
        tally = tallies.setdefault(key, _Tally())
        slot = (grade.label, grade.honours)
        tally.counts[slot] = tally.counts.get(slot, 0) + count
        tally.grades[slot] = grade
        if values.get(YEAR):
            tally.years.add(values[YEAR])
    groups: list[Group] = []
    empty: list[dict[str, str]] = []
    for key, tally in tallies.items():
        named = dict(zip(groups_by, key, strict=True))
        total = sum(tally.counts.values())
        if total == 0:
            empty.append(named)
            continue
        slots = sorted(tally.counts, key=lambda s: standing(tally.grades[s], scale), reverse=True)
        shares, running = [], 0
        for slot in slots:
            count = tally.counts[slot]
            running += count
            shares.append(
                GradeShare(slot[0], count, percent(count, total), percent(running, total))
            )
        groups.append(Group(named, total, shares, sorted(tally.years), total < min_count))
    return GradingTableReport(scale.id, min_count, groups, errors, empty, rows, counted)


def describe_group(group: Mapping[str, str]) -> str:
    """'isced 0613, cycle bsc', or 'all grades' for a file without grouping columns."""
    return ", ".join(f"{k} {v}" for k, v in group.items()) or "all grades"


@dataclass(frozen=True)
class TableInfo:
    """What a ``grading_table`` data file says besides its counts."""

    id: str
    name: str
    source: str
    date: datetime.date
    status: str
    notes: str
    institutions: tuple[str, ...] = ()


def data_file(report: GradingTableReport, info: TableInfo) -> dict[str, Any]:
    """A ``kind: grading_table`` document (plain data, ready for YAML).

    ``isced`` and ``cycle`` become the group's fields (the distribution method matches courses
    by them); other grouping columns are kept in the group's ``note``.
    """
    groups = []
    for group in report.groups:
        entry: dict[str, Any] = {}
        if ISCED in group.group:
            entry["isced"] = [group.group[ISCED]]
        if CYCLE in group.group:
            entry["cycle"] = group.group[CYCLE]
        if group.years:
            entry["years"] = ", ".join(group.years)
        entry["counts"] = {share.grade: share.count for share in group.grades}
        others = [f"{k}: {v}" for k, v in group.group.items() if k not in (ISCED, CYCLE)]
        if group.below_min_count:
            others.append(
                f"only {group.total} passed grades, fewer than the minimum of {report.min_count}"
            )
        if others:
            entry["note"] = "; ".join(others)
        groups.append(entry)
    document: dict[str, Any] = {
        "kind": "grading_table",
        "schema_version": 1,
        "id": info.id,
        "name": info.name,
        "scale": report.scale,
    }
    if info.institutions:
        document["institutions"] = list(info.institutions)
    document["provenance"] = {
        "source": info.source,
        "date": info.date,
        "status": info.status,
        "notes": info.notes,
    }
    document["groups"] = groups
    return document


_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def table_id(given: str | None, output: str | None, input_path: str) -> str:
    """The data file's id: ``--id``, else the output's file name, else the input's."""
    from pathlib import PurePath

    if given is not None:
        if not _ID.match(given) or len(given) > 64:
            raise MobilityError(
                f"--id '{given}': lowercase letters, digits and '-' only (it is also a file name)"
            )
        return given
    for path in (output, input_path):
        if path is None or path == "-":
            continue
        slug = re.sub(r"[^a-z0-9]+", "-", PurePath(path).stem.casefold()).strip("-")[:64]
        if slug:
            return slug
    raise MobilityError("--format yaml needs --id (the grading table's id)")
