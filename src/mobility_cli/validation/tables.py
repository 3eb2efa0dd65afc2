"""What the table rules share: where each bands method sits, and a source scale's passing grades.

Gaps, overlaps and monotonicity are judged on the grades a student can actually bring: every
passing grade of the source scale at its granularity (its ``values``, its ``step`` grid, or,
for a scale with neither, the finest precision written in the bands), matched by the
engine's own :func:`~mobility_cli.conversion.bands.band_matches`, so the validator and the
converter cannot disagree about which band a grade falls in.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal

from mobility_cli.compiled.scale import NumericScale, OrdinalScale, Scale
from mobility_cli.compiled.table import ANY_SCALE, Band, BandsMethod, ConversionTable, Rule
from mobility_cli.conversion.bands import band_matches
from mobility_cli.conversion.grades import Grade, GradeError, parse_grade
from mobility_cli.text import format_number
from mobility_cli.validation.context import Loc

MAX_GRADES = 100_000
"""Beyond this many passing grades a scale is too fine to enumerate, and is not judged."""


@dataclass(frozen=True)
class BandsAt:
    """A ``bands`` method of a table, where it is, and the source scales its rule names."""

    method: BandsMethod
    loc: Loc
    scale_ids: tuple[str, ...]

    def band_loc(self, index: int, *rest: int | str) -> Loc:
        return (*self.loc, "bands", index, *rest)

    def sources(self, scales: Mapping[str, Scale]) -> Iterator[Scale]:
        """The rule's source scales that exist (unknown ids are ``table-scale-exists``'s)."""
        return (scales[ident] for ident in self.scale_ids if ident in scales)


def rules_of(table: ConversionTable) -> Iterator[tuple[Rule, Loc]]:
    """The table's rules and every programme's rules, each with its location."""
    for index, rule in enumerate(table.rules):
        yield rule, ("rules", index)
    for p, programme in enumerate(table.programmes):
        for index, rule in enumerate(programme.rules):
            yield rule, ("programmes", p, "rules", index)


def bands_methods(table: ConversionTable) -> Iterator[BandsAt]:
    for rule, loc in rules_of(table):
        scale_ids = tuple(ident for ident in rule.scales if ident != ANY_SCALE)
        for index, method in enumerate(rule.methods):
            if isinstance(method, BandsMethod):
                yield BandsAt(method, (*loc, "methods", index), scale_ids)


def _decimals(value: Decimal) -> int:
    exponent = value.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def _grid(scale: NumericScale, bands: Sequence[Band]) -> list[Decimal] | None:
    low, high = sorted((scale.pass_, scale.best))
    if scale.values:
        return sorted(v for v in scale.values if scale.is_passing(v))
    if scale.step is not None:
        origin, step = scale.worst, scale.step
    else:
        written = [
            scale.pass_,
            scale.best,
            *(b for band in bands for b in (band.min, band.max) if b is not None),
        ]
        origin, step = Decimal(0), Decimal(1).scaleb(-max(_decimals(v) for v in written))
    first = origin + ((low - origin) / step).to_integral_value(rounding=ROUND_CEILING) * step
    count = int((high - first) / step) + 1
    if count > MAX_GRADES:
        return None
    return [first + k * step for k in range(count)]


def passing_grades(scale: Scale, bands: Sequence[Band]) -> list[Grade] | None:
    """Every passing grade of ``scale``, worst first (honours marks left out); ``None`` when
    there are too many to enumerate."""
    if isinstance(scale, OrdinalScale):
        passing = scale.grades[: scale.rank_of_pass() + 1]
        return [parse_grade(scale, g.label) for g in reversed(passing)]
    grid = _grid(scale, bands)
    if grid is None:
        return None
    if not scale.higher_is_better:
        grid.reverse()
    grades = []
    for value in grid:
        try:
            grades.append(parse_grade(scale, format_number(value)))
        except GradeError:  # a value off the step grid of an inconsistent scale
            continue
    return grades


def matching(method: BandsMethod, grade: Grade, source: Scale) -> list[int]:
    """Indexes of the bands whose source side covers ``grade``, in file order."""
    return [k for k, band in enumerate(method.bands) if band_matches(band, grade, source)]


def describe(grades: Sequence[Grade]) -> str:
    """'12–13.99' for a run of numbers, 'D, C' for labels."""
    if grades[0].rank is not None or len(grades) == 1:
        return ", ".join(g.label for g in grades)
    values = sorted(g.value for g in grades if g.value is not None)
    return f"{format_number(values[0])}–{format_number(values[-1])}"


@dataclass(frozen=True)
class Coverage:
    """A bands method against one source scale: each passing grade (worst first) and the
    bands that match it."""

    at: BandsAt
    source: Scale
    grades: list[Grade]
    matches: list[list[int]]


def coverages(table: ConversionTable, scales: Mapping[str, Scale]) -> Iterator[Coverage]:
    for at in bands_methods(table):
        for source in at.sources(scales):
            grades = passing_grades(source, at.method.bands)
            if grades is not None:
                matches = [matching(at.method, grade, source) for grade in grades]
                yield Coverage(at, source, grades, matches)
