"""The ``distribution`` method: the ECTS Users' Guide grading tables (the Egracons idea).

A foreign grade is read in its own grading culture, by where it falls among the passing grades
of the host's reference group. Its band is measured from the top, ``[U, U + p]``: ``U`` the
share of strictly better passing grades, ``p`` its own share. Every home grade has such a band
in the home reference group; the home grades whose bands overlap the foreign band are the
candidates, and the table's declared policy picks one:

- ``min`` / ``max`` — the lowest / the highest candidate;
- ``mean`` — the mean of the candidates' values, rounded as the table declares;
- ``max-overlap`` — the candidate whose band shares the most with the foreign band;
- ``midpoint`` — the candidate whose band contains the middle of the foreign band.

Ties — two candidates with the same overlap, a midpoint on the boundary of two bands — go to
the better grade. A foreign grade that nobody in the host group got has an empty band (a
point); the candidates are then the home grades whose bands contain that point.

Shares are exact fractions, so a tie is a real tie and not a rounding accident; percentages
are rounded to one decimal only when printed.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import TypeVar

from mobility_cli.compiled.base import Plain
from mobility_cli.compiled.common import Provenance
from mobility_cli.compiled.grading import GradeCounts, GradingTable
from mobility_cli.compiled.scale import NumericScale, Scale
from mobility_cli.compiled.table import DistributionMethod, ReferenceGroup
from mobility_cli.conversion.context import TRANSCRIPT, HostDistribution, MethodContext
from mobility_cli.conversion.grades import Grade, GradeError, parse_grade
from mobility_cli.conversion.inverse import (
    Inverse,
    Unreachable,
    higher_is_better,
    reaches,
    standing,
    worst_reaching,
)
from mobility_cli.conversion.result import Conversion, NoInput, NotApplicable
from mobility_cli.conversion.rounding import round_value
from mobility_cli.text import format_number

ECTS_SCALE = "ects"
ECTS_LETTER_SHARES = HostDistribution(
    categories=(("A", 10), ("B", 25), ("C", 30), ("D", 25), ("E", 10)),
    source="ECTS letter shares",
    sample=False,
)

Key = tuple[Decimal, int]
"""Where a grade stands, higher is better; the second item puts an honours mark above its value."""

G = TypeVar("G", bound=GradeCounts)

_RANGE = re.compile(r"^\s*(\d+(?:[.,]\d+)?)\s*[-–—]\s*(\d+(?:[.,]\d+)?)\s*$")


class PercentileBand(Plain):
    """A grade's place in a distribution: from ``top`` to ``bottom``, shares from the best."""

    label: str
    count: int
    top: Fraction
    bottom: Fraction
    grade: Grade | None = None


class _Category(Plain):
    label: str
    count: int
    best: Key
    worst: Key
    passing: bool


def _category(label: str, count: int, scale: Scale) -> _Category:
    """A host category: one grade of the scale, or a numeric range such as '12-13.99'."""
    unknown = (
        f"category '{label}' of the host distribution is neither a grade nor a range on {scale.id}"
    )
    try:
        grade = parse_grade(scale, label)
    except GradeError:
        grade = None
    if grade is not None and grade.span is None:
        key = standing(grade, scale)
        return _Category(label, count, key, key, grade.passing)
    match = _RANGE.match(label)
    if grade is not None and grade.span is not None:  # a word for a range: 'Notable' 7–8.9
        ends = list(grade.span)
    elif match is None or not isinstance(scale, NumericScale):
        raise NotApplicable(unknown)
    else:
        ends = [Decimal(text.replace(",", ".")) for text in match.groups()]
    assert isinstance(scale, NumericScale)
    low, high = sorted((scale.best, scale.worst))
    if not all(low <= end <= high for end in ends):
        raise NotApplicable(unknown)
    passing = {scale.is_passing(end) for end in ends}
    if len(passing) > 1:
        raise NotApplicable(
            f"category '{label}' of the host distribution mixes passing and failing grades"
        )
    worst, best = sorted((end if scale.higher_is_better else -end, 0) for end in ends)
    return _Category(label, count, best, worst, passing.pop())


def _stack(entries: Sequence[tuple[str, int, Grade | None]]) -> list[PercentileBand]:
    """Bands of entries ordered best first; the counts must not all be zero."""
    total = sum(count for _, count, _ in entries)
    bands: list[PercentileBand] = []
    above = 0
    for label, count, grade in entries:
        bands.append(
            PercentileBand(
                label, count, Fraction(above, total), Fraction(above + count, total), grade
            )
        )
        above += count
    return bands


def host_band(
    grade: Grade, source: Scale, distribution: HostDistribution
) -> tuple[PercentileBand, int]:
    """The foreign grade's band among the host's passing grades, and how many there are.

    Raises :class:`GradeError` when the distribution counts no passing grade (the course is an
    error) and :class:`NotApplicable` when its categories cannot be read or ordered.
    """
    where = f"the host distribution ({distribution.source})"
    if not any(count for _, count in distribution.categories):
        raise GradeError(f"{where} counts no grades")
    categories = [_category(label, count, source) for label, count in distribution.categories]
    passing = sorted((c for c in categories if c.passing), key=lambda c: c.best, reverse=True)
    total = sum(c.count for c in passing)
    if total == 0:
        raise GradeError(f"{where} has no passing grades")
    for upper, lower in itertools.pairwise(passing):
        if not upper.worst > lower.best:
            raise NotApplicable(
                f"categories '{upper.label}' and '{lower.label}' of {where} overlap"
            )
    key = standing(grade, source)
    for category, band in zip(
        passing, _stack([(c.label, c.count, None) for c in passing]), strict=True
    ):
        if category.worst <= key <= category.best:
            return band, total
    labels = ", ".join(c.label for c in passing)
    raise NotApplicable(
        f"'{grade.label}' is in none of the passing categories of {where} ({labels})"
    )


def home_grades(group: GradeCounts, home: NumericScale) -> list[tuple[str, int, Grade | None]]:
    """A home group's grades, best first; :class:`GradeError` for a label that is not a passing
    home grade or is counted twice."""
    found: dict[Key, tuple[str, int, Grade | None]] = {}
    for label, count in group.counts.items():
        grade = parse_grade(home, label)
        if not grade.passing:
            raise GradeError(f"'{label}' is not a passing grade on {home.id}")
        key = standing(grade, home)
        if key in found:
            raise GradeError(f"'{label}' is counted twice (also as '{found[key][0]}')")
        found[key] = (grade.label, count, grade)
    return [found[key] for key in sorted(found, reverse=True)]


def _rank(group: GradeCounts, isced: str | None, cycle: str | None) -> tuple[int, bool] | None:
    """How well a group fits a course: ISCED digits in common, then a matching cycle; None: no fit."""
    if group.cycle is not None and group.cycle != cycle:
        return None
    if not group.isced:
        return (0, group.cycle is not None)
    matches = [len(code) for code in group.isced if isced is not None and isced.startswith(code)]
    return (max(matches), group.cycle is not None) if matches else None


def select_group(groups: Sequence[G], isced: str | None, cycle: str | None) -> G | None:
    """The best-fitting group: the most specific field, then the cycle; ties: the first listed.

    A group for a field or a cycle fits only courses known to be in it.
    """
    ranked = [
        (rank, -i, g) for i, g in enumerate(groups) if (rank := _rank(g, isced, cycle)) is not None
    ]
    return max(ranked, key=lambda item: (item[0], item[1]))[2] if ranked else None


def _same_name(a: str, b: str) -> bool:
    return " ".join(a.casefold().split()) == " ".join(b.casefold().split())


def find_host_table(
    tables: Sequence[GradingTable],
    scale_id: str,
    host: str | None,
    isced: str | None,
    cycle: str | None,
) -> tuple[GradingTable, GradeCounts] | None:
    """The host grading table and group for a course: the host's own table before a table for
    any host on the scale, then the best-fitting group."""
    on_scale = [t for t in tables if t.scale == scale_id]
    own = [t for t in on_scale if host and any(_same_name(host, name) for name in t.institutions)]
    anyone = [t for t in on_scale if not t.institutions]
    for pool in (own, anyone):
        pairs = [(t, g) for t in pool for g in t.groups]
        group = select_group([g for _, g in pairs], isced, cycle)
        if group is not None:
            return next((t, g) for t, g in pairs if g is group)
    return None


Uses = tuple[tuple[str, Provenance], ...]


def _host_distribution(
    method: DistributionMethod, source: Scale, context: MethodContext, cycle: str | None
) -> tuple[HostDistribution, Uses] | None:
    course = context.course
    for kind in method.sources:
        if kind == TRANSCRIPT and course.distribution is not None:
            return course.distribution, ()
        if kind == "host-table":
            found = find_host_table(
                context.host_tables(), source.id, course.host, course.isced, cycle
            )
            if found is not None:
                table, group = found
                counts = HostDistribution(tuple(group.counts.items()), f"host table {table.id}")
                return counts, ((f"grading table '{table.id}'", table.provenance),)
        if kind == "ects-letter-shares" and source.id == ECTS_SCALE:
            return ECTS_LETTER_SHARES, ()
    return None


def _home_group(context: MethodContext, cycle: str | None) -> ReferenceGroup:
    table, programme, isced = context.table, context.programme, context.course.isced
    own = [
        g for g in table.reference_groups if programme is not None and programme.id in g.programmes
    ]
    school = [g for g in table.reference_groups if not g.programmes]
    group = select_group(own, isced, cycle) or select_group(school, isced, cycle)
    if group is None:
        field = f"ISCED {isced}" if isced else "a course without an ISCED code"
        raise NotApplicable(
            f"table '{table.id}' has no home reference group for {field}"
            + (f", cycle {cycle}" if cycle else "")
        )
    return group


def _percent(share: Fraction) -> str:
    value = Decimal(share.numerator * 100) / Decimal(share.denominator)
    return format_number(value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def candidates(
    foreign: PercentileBand, home: Sequence[PercentileBand]
) -> list[tuple[PercentileBand, Fraction]]:
    """Home bands overlapping the foreign band, best first, with the overlap (a share)."""
    if foreign.top == foreign.bottom:
        point = foreign.top
        return [(h, Fraction(0)) for h in home if h.count and h.top <= point <= h.bottom]
    found = []
    for band in home:
        overlap = min(foreign.bottom, band.bottom) - max(foreign.top, band.top)
        if overlap > 0:
            found.append((band, overlap))
    return found


def pick(
    method: DistributionMethod,
    found: Sequence[tuple[PercentileBand, Fraction]],
    foreign: PercentileBand,
    home: NumericScale,
) -> tuple[Grade, str]:
    """Apply the declared policy to the candidates (best first); the second item says how."""
    grades = [band.grade for band, _ in found if band.grade is not None]
    assert grades and len(grades) == len(found)
    if method.policy == "max":
        return grades[0], "max"
    if method.policy == "min":
        return grades[-1], "min"
    if method.policy == "max-overlap":
        # max() keeps the first of equal overlaps, and candidates are best first.
        best = max(range(len(found)), key=lambda i: found[i][1])
        return grades[best], "largest overlap"
    if method.policy == "midpoint":
        middle = (foreign.top + foreign.bottom) / 2
        at = next(i for i, (band, _) in enumerate(found) if band.top <= middle <= band.bottom)
        return grades[at], f"midpoint {_percent(middle)}%"
    if len(grades) == 1:
        return grades[0], "mean of one grade"
    values = [g.value for g in grades if g.value is not None]
    exact = sum(values, Decimal(0)) / len(values)
    rounded = round_value(exact, method.rounding)
    how = f"mean {format_number(round_value(exact, 'none'))}"
    if method.rounding != "none":
        how += f" ({method.rounding})"
    return Grade(home.id, format_number(rounded), rounded, None, False, True), how


def describe_distribution(method: DistributionMethod) -> str:
    """The method in one line, as ``mobility tables`` lists it."""
    return (
        f"distribution (ECTS grading tables), policy {method.policy}, at least "
        f"{method.min_count} passing grades per group, host from {', '.join(method.sources)}"
    )


def convert_distribution(
    method: DistributionMethod,
    grade: Grade,
    source: Scale,
    home: NumericScale,
    context: MethodContext,
) -> Conversion:
    """Convert a passing grade by its place in the host distribution; see the module docstring."""
    cycle = context.programme.level if context.programme is not None else None
    found_host = _host_distribution(method, source, context, cycle)
    if found_host is None:
        raise NoInput(f"no host distribution ({', '.join(method.sources)}) for this course")
    distribution, uses = found_host
    foreign, host_total = host_band(grade, source, distribution)
    if distribution.sample and host_total < method.min_count:
        raise NotApplicable(
            f"the host distribution ({distribution.source}) has {host_total} passing grades, "
            f"fewer than the minimum of {method.min_count}"
        )
    group = _home_group(context, cycle)
    entries = home_grades(group, home)
    home_total = sum(count for _, count, _ in entries)
    if home_total < method.min_count:
        raise NotApplicable(
            f"home group '{group.id}' has {home_total} passing grades, fewer than the minimum "
            f"of {method.min_count}"
        )
    found = candidates(foreign, _stack(entries))
    result, how = pick(method, found, foreign, home)
    where = (
        f"is at {_percent(foreign.top)}% from the top (counted 0 times)"
        if foreign.top == foreign.bottom
        else f"is {_percent(foreign.top)}–{_percent(foreign.bottom)}% from the top"
    )
    of = (
        f"of {host_total} passing grades ({distribution.source})"
        if distribution.sample
        else f"by the {distribution.source}"
    )
    listed = ", ".join(
        f"{band.label} {_percent(band.top)}–{_percent(band.bottom)}% overlap {_percent(overlap)}"
        for band, overlap in found
    )
    rule = (
        f"distribution ({method.policy}): {grade.label} {where} {of}; home group '{group.id}' "
        f"({group.provenance.status}, {home_total} passing grades): {listed}; {how} → {result.label}"
    )
    group_use = (
        f"conversion table '{context.table.id}', reference group '{group.id}'",
        group.provenance,
    )
    return Conversion(result, "distribution", rule, distribution.source, (group_use, *uses))


def _worst_of(category: _Category, source: Scale) -> Grade:
    """The worst grade of a host category (a grade, or the worse end of a range)."""
    try:
        return parse_grade(source, category.label)
    except GradeError:
        value = category.worst[0] if higher_is_better(source) else -category.worst[0]
        grade = worst_reaching(source, Fraction(value), False, higher_is_better(source))
        if grade is None:
            raise NotApplicable(
                f"category '{category.label}' has no grade on {source.id}"
            ) from None
        return grade


def invert_distribution(
    method: DistributionMethod,
    target: Grade,
    source: Scale,
    home: NumericScale,
    context: MethodContext,
) -> Inverse:
    """The worst grade of the lowest host category whose band the declared policy turns into
    ``target`` or better. Every grade of a category has the same band, so the category's worst
    grade stands for it. Needs a host distribution, as the forward method does."""
    cycle = context.programme.level if context.programme is not None else None
    found_host = _host_distribution(method, source, context, cycle)
    if found_host is None:
        raise NoInput(f"no host distribution ({', '.join(method.sources)}) for this course")
    distribution, _ = found_host
    categories = [_category(label, count, source) for label, count in distribution.categories]
    passing = sorted((c for c in categories if c.passing), key=lambda c: c.worst)
    for category in passing:
        grade = _worst_of(category, source)
        done = convert_distribution(method, grade, source, home, context)
        if reaches(done.home, target):
            return Inverse(
                grade,
                f"host category {category.label} ({distribution.source}) is the lowest whose "
                f"band gives {target.label} or better ({method.policy})",
            )
    raise Unreachable(
        f"no category of the host distribution ({distribution.source}) gives {target.label} "
        f"or better ({method.policy})"
    )
