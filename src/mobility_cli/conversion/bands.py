"""The ``bands`` method: explicit rows from a source label or range to a home grade or range.

A home range (e.g. 24–27) becomes one grade by the table's declared ``pick`` policy, because
Italian practice differs (Turin: max, Pavia: median, Modena: mean). ``interpolate`` maps a
numeric band linearly: its better source end to the better home end, its worse end to the worse
home end, then rounds; 30L counts one step above 30 on the way.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from mobility_cli.compiled.scale import NumericScale, Scale
from mobility_cli.compiled.table import Band, BandsMethod
from mobility_cli.conversion.context import MethodContext
from mobility_cli.conversion.grades import Grade, GradeError, parse_grade
from mobility_cli.conversion.inverse import (
    Inverse,
    Unreachable,
    higher_is_better,
    ladder_value,
    reaches,
    solve,
    standing,
    worst_reaching,
)
from mobility_cli.conversion.linear import honours_grade
from mobility_cli.conversion.result import Conversion, NotApplicable
from mobility_cli.conversion.rounding import round_value
from mobility_cli.text import format_number


def home_ladder(home: NumericScale) -> list[Grade]:
    """Every passing home grade, worst first, honours last: 18, 19, …, 30, 30L."""
    step = home.step or Decimal(1)
    ladder: list[Grade] = []
    value = home.pass_
    while value <= home.best:
        ladder.append(Grade(home.id, format_number(value), value, None, False, True))
        value += step
    if home.honours is not None:
        ladder.append(honours_grade(home))
    return ladder


def _position(ladder: list[Grade], label: str, home: NumericScale) -> int:
    grade = parse_grade(home, label)
    for index, rung in enumerate(ladder):
        if rung.label == grade.label and rung.honours == grade.honours:
            return index
    raise GradeError(f"home grade '{label}' is not a passing grade on {home.id}")


def band_matches(band: Band, grade: Grade, source: Scale) -> bool:
    """Whether the source side of ``band`` (its labels or its range) covers ``grade``."""
    labels = band.source_labels()
    if labels:
        for label in labels:
            try:
                parsed = parse_grade(source, label)
            except GradeError:
                continue
            if parsed.label == grade.label and parsed.honours == grade.honours:
                return True
        return False
    assert band.min is not None and band.max is not None
    return grade.value is not None and not grade.honours and band.min <= grade.value <= band.max


def describe_source(band: Band) -> str:
    labels = band.source_labels()
    if labels:
        return "/".join(labels)
    assert band.min is not None and band.max is not None
    return f"{format_number(band.min)}–{format_number(band.max)}"


def describe_bands(method: BandsMethod) -> str:
    """The method in one line, as ``mobility tables`` lists it (its bands are a table of their own)."""
    if method.pick == "interpolate":
        return f"bands, pick interpolate (linear across each band), rounding {method.rounding}"
    return f"bands, pick {method.pick}, rounding {method.rounding}"


def _pick(method: BandsMethod, candidates: list[Grade], home: NumericScale) -> Grade:
    if method.pick == "min":
        return candidates[0]
    if method.pick == "max":
        return candidates[-1]
    values = [c.value for c in candidates if c.value is not None]
    if method.pick == "median":
        middle = len(candidates) // 2
        if len(candidates) % 2:
            return candidates[middle]
        exact = (values[middle - 1] + values[middle]) / 2
    else:
        exact = sum(values, Decimal(0)) / len(values)
    rounded = round_value(exact, method.rounding)
    return Grade(home.id, format_number(rounded), rounded, None, False, True)


def _source_ends(band: Band, source: Scale) -> tuple[Decimal, Decimal]:
    """A numeric band's (worse, better) source ends."""
    assert band.min is not None and band.max is not None
    return (band.min, band.max) if higher_is_better(source) else (band.max, band.min)


def _from_rung(value: Decimal, home: NumericScale) -> Grade:
    """A home grade from a number on the ladder (one step above the best is the honours mark)."""
    if value > home.best:
        if home.honours is not None and value == home.best + (home.step or Decimal(1)):
            return honours_grade(home)
        value = home.best
    return Grade(home.id, format_number(value), value, None, False, True)


def _interpolate(
    method: BandsMethod,
    band: Band,
    grade: Grade,
    source: Scale,
    ends: tuple[Grade, Grade],
    home: NumericScale,
) -> tuple[Grade, str]:
    """The home grade of ``grade`` interpolated across the band, and the arithmetic."""
    if band.min is None:
        raise NotApplicable("pick interpolate needs a numeric band (min/max), not labels")
    assert grade.value is not None
    low, high = ladder_value(ends[0], home), ladder_value(ends[1], home)
    worse, better = _source_ends(band, source)
    f = format_number
    if worse == better:
        exact = high
        arithmetic = f"{f(grade.value)} is the band's only grade → {f(high)}"
    else:
        exact = low + (high - low) * (grade.value - worse) / (better - worse)
        arithmetic = (
            f"{f(low)} + ({f(high)} − {f(low)}) × ({f(grade.value)} − {f(worse)}) / "
            f"({f(better)} − {f(worse)}) = {f(round_value(exact, 'none'))}"
        )
    rounded = round_value(exact, method.rounding)
    if method.rounding != "none":
        arithmetic += f" → {f(rounded)} ({method.rounding})"
    return _from_rung(rounded, home), arithmetic


def _band_result(
    method: BandsMethod, band: Band, number: int, grade: Grade, source: Scale, home: NumericScale
) -> tuple[Grade, str]:
    """What ``band`` (the ``number``-th) gives ``grade``, and the rule that says so."""
    ladder = home_ladder(home)
    if isinstance(band.to, str):
        result = ladder[_position(ladder, band.to, home)]
        return result, f"band {number}: {describe_source(band)} → {result.label}"
    low, high = sorted(_position(ladder, label, home) for label in band.to)
    candidates = ladder[low : high + 1]
    span = f"band {number}: {describe_source(band)} → {candidates[0].label}–{candidates[-1].label}"
    if method.pick == "interpolate":
        result, arithmetic = _interpolate(
            method, band, grade, source, (candidates[0], candidates[-1]), home
        )
        return result, f"{span}, interpolate: {arithmetic} → {result.label}"
    result = _pick(method, candidates, home)
    return result, f"{span}, pick {method.pick} → {result.label}"


def convert_bands(
    method: BandsMethod,
    grade: Grade,
    source: Scale,
    home: NumericScale,
    context: MethodContext | None = None,
) -> Conversion:
    """Convert with the first band whose source side matches ``grade``.

    ``context`` is not used: the bands name the grades themselves.
    """
    for number, band in enumerate(method.bands, start=1):
        if not band_matches(band, grade, source):
            continue
        result, rule = _band_result(method, band, number, grade, source, home)
        return Conversion(result, "bands", rule)
    raise NotApplicable(f"no band matches '{grade.label}'")


def _worst_in_band(band: Band, source: Scale) -> Grade | None:
    """The worst passing source grade the band matches (``None``: it matches none)."""
    labels = band.source_labels()
    if labels:
        grades = []
        for label in labels:
            try:
                grades.append(parse_grade(source, label))
            except GradeError:
                continue
        passing = [g for g in grades if g.passing]
        return min(passing, key=lambda g: standing(g, source)) if passing else None
    worse, _ = _source_ends(band, source)
    grade = worst_reaching(source, Fraction(worse), False, higher_is_better(source))
    return grade if grade is not None and band_matches(band, grade, source) else None


def _lowest_reaching(
    method: BandsMethod, band: Band, number: int, target: Grade, source: Scale, home: NumericScale
) -> Grade | None:
    """The worst source grade of ``band`` that it converts to ``target`` or better."""
    worst = _worst_in_band(band, source)
    if worst is None:
        return None
    result, _ = _band_result(method, band, number, worst, source, home)
    if reaches(result, target):
        return worst
    if method.pick != "interpolate" or isinstance(band.to, str) or band.min is None:
        return None  # every grade of the band gets the same home grade
    ladder = home_ladder(home)
    low, high = sorted(_position(ladder, label, home) for label in band.to)
    home_ends = (ladder_value(ladder[low], home), ladder_value(ladder[high], home))
    worse, better = _source_ends(band, source)
    if worse == better:
        return None
    value, strict = solve(ladder_value(target, home), method.rounding, home_ends, (worse, better))
    grade = worst_reaching(source, value, strict, higher_is_better(source))
    return grade if grade is not None and band_matches(band, grade, source) else None


def invert_bands(
    method: BandsMethod,
    target: Grade,
    source: Scale,
    home: NumericScale,
    context: MethodContext | None = None,
) -> Inverse:
    """The worst source grade of the bands that reach ``target``: the worst grade of the lowest
    such band (inside it, for ``interpolate``, the interpolation solved for the grade)."""
    found: list[tuple[Grade, int]] = []
    for number, band in enumerate(method.bands, start=1):
        grade = _lowest_reaching(method, band, number, target, source, home)
        if grade is not None:
            found.append((grade, number))
    if not found:
        raise Unreachable(f"no band gives {target.label} or better")
    grade, number = min(found, key=lambda item: standing(item[0], source))
    band = method.bands[number - 1]
    return Inverse(
        grade, f"band {number} ({describe_source(band)}) is the lowest reaching {target.label}"
    )
