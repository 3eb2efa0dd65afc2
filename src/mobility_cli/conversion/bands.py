"""The ``bands`` method: explicit rows from a source label or range to a home grade or range.

A home range (e.g. 24–27) becomes one grade by the table's declared ``pick`` policy, because
Italian practice differs (Turin: max, Pavia: median, Modena: mean).
"""

from __future__ import annotations

from decimal import Decimal

from mobility_cli.conversion.context import MethodContext
from mobility_cli.conversion.grades import Grade, GradeError, format_number, parse_grade
from mobility_cli.conversion.linear import honours_grade
from mobility_cli.conversion.result import Conversion, NotApplicable
from mobility_cli.conversion.rounding import round_value
from mobility_cli.models.scale import NumericScale, Scale
from mobility_cli.models.table import Band, BandsMethod


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
        ladder = home_ladder(home)
        if isinstance(band.to, str):
            result = ladder[_position(ladder, band.to, home)]
            rule = f"band {number}: {describe_source(band)} → {result.label}"
        else:
            low, high = sorted(_position(ladder, label, home) for label in band.to)
            candidates = ladder[low : high + 1]
            result = _pick(method, candidates, home)
            rule = (
                f"band {number}: {describe_source(band)} → {candidates[0].label}–"
                f"{candidates[-1].label}, pick {method.pick} → {result.label}"
            )
        return Conversion(result, "bands", rule)
    raise NotApplicable(f"no band matches '{grade.label}'")
