"""What the inverse of a conversion method returns, and the source-scale arithmetic it shares.

Each method module provides its own inverse (``invert_linear``, ``invert_bands``,
``invert_distribution``): given a home grade, the worst grade of the source scale that the
method converts to that grade or better. An inverse raises :class:`Unreachable` when no grade
of the source scale gets there, and :class:`~mobility_cli.conversion.result.NotApplicable`
(as the forward method does) when the method has nothing to work with.

Grades of a scale form a ladder: its ``values``, its ``step`` grid counted from ``worst``, or,
for a scale with neither, hundredths; an honours mark sits one rung above the best grade.
"""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction

from mobility_cli.compiled.base import Plain
from mobility_cli.compiled.common import Rounding
from mobility_cli.compiled.scale import NumericScale, OrdinalScale, Scale
from mobility_cli.conversion.grades import Grade, parse_grade
from mobility_cli.text import format_number

FINEST_STEP = Decimal("0.01")
"""The ladder of a numeric scale that declares neither ``values`` nor ``step``."""


class Unreachable(Exception):
    """No grade of the source scale converts to the target or better; the message says why."""


class Inverse(Plain):
    """The worst source grade that reaches the target, and how the inverse found it."""

    grade: Grade
    how: str


def ladder_value(grade: Grade, home: NumericScale) -> Decimal:
    """A home grade as a number on its ladder: the honours mark is one step above its value."""
    assert grade.value is not None
    return grade.value + (home.step or Decimal(1)) if grade.honours else grade.value


def reaches(result: Grade, target: Grade) -> bool:
    """Whether a home grade is the target or better (30L is better than 30)."""
    assert result.value is not None and target.value is not None
    return (result.value, result.honours) >= (target.value, target.honours)


def higher_is_better(scale: Scale) -> bool:
    """The direction of a scale's numbers (an ordinal scale's, by its best and passing values)."""
    if isinstance(scale, NumericScale):
        return scale.higher_is_better
    best = scale.grades[0].value
    passing = scale.grades[scale.rank_of_pass()].value
    return best is None or passing is None or best >= passing


def standing(grade: Grade, scale: Scale) -> tuple[Decimal, int]:
    """Where a grade stands on its scale, higher is better (honours above its value)."""
    if isinstance(scale, OrdinalScale):
        assert grade.rank is not None
        return Decimal(-grade.rank), 0
    assert grade.value is not None
    value = grade.value if scale.higher_is_better else -grade.value
    return value, 1 if grade.honours else 0


def threshold(target: Decimal, rounding: Rounding) -> tuple[Fraction, bool]:
    """The least unrounded result that ``rounding`` turns into ``target`` or more.

    The second item is true when the bound itself is excluded (``ceil``, and ``half-even`` for an
    odd target, where the half rounds down).
    """
    t = Fraction(target)
    half = Fraction(1, 2)
    if rounding == "floor":
        return t, False
    if rounding == "ceil":
        return t - 1, True
    if rounding == "none":  # two decimals, half-up
        return t - Fraction(1, 200), False
    if rounding == "half-even":
        return t - half, target % 2 == 1
    return t - half, False


def solve(
    target: Decimal,
    rounding: Rounding,
    home_ends: tuple[Decimal, Decimal],
    source_ends: tuple[Decimal, Decimal],
) -> tuple[Fraction, bool]:
    """The source value from which a linear map reaches ``target`` after rounding.

    The map sends ``source_ends`` (worse, better) to ``home_ends`` (worse, better); the second
    item says whether the value itself is excluded. Works for either direction of the source.
    """
    (h0, h1), (s0, s1) = home_ends, source_ends
    bound, strict = threshold(target, rounding)
    share = (bound - Fraction(h0)) / (Fraction(h1) - Fraction(h0))
    return Fraction(s0) + share * (Fraction(s1) - Fraction(s0)), strict


def _better(a: Fraction, b: Fraction, up: bool) -> bool:
    return a > b if up else a < b


def worst_reaching(scale: Scale, value: Fraction, strict: bool, up: bool) -> Grade | None:
    """The worst passing grade on the scale's ladder at ``value`` or better (strictly better
    when ``strict``), not counting honours marks; ``None`` when even the best is below it.

    ``up`` says whether higher numbers are better (an ordinal scale's labels are walked in
    order and compared by their numeric values; labels without one are skipped).
    """

    def good_enough(number: Decimal) -> bool:
        return _better(Fraction(number), value, up) or (not strict and Fraction(number) == value)

    if isinstance(scale, OrdinalScale):
        passing = scale.grades[: scale.rank_of_pass() + 1]
        for grade in reversed(passing):
            if grade.value is not None and good_enough(grade.value):
                return parse_grade(scale, grade.label)
        return None
    if scale.values:
        fitting = [v for v in scale.values if scale.is_passing(v) and good_enough(v)]
        if not fitting:
            return None
        chosen = min(fitting) if up else max(fitting)
    else:
        step = scale.step or FINEST_STEP
        steps = (value - Fraction(scale.worst)) / Fraction(step)
        k = math.floor(steps) + 1 if up else math.ceil(steps) - 1
        if not strict and steps == int(steps):
            k = int(steps)
        chosen = scale.worst + k * step
        if not scale.is_passing(chosen):
            if _better(Fraction(chosen), Fraction(scale.best), up):
                return None
            chosen = scale.pass_
    return parse_grade(scale, format_number(chosen))


def next_worse(scale: Scale, grade: Grade) -> Grade | None:
    """The passing grade one rung below ``grade`` on the scale's ladder; ``None`` below the
    lowest pass."""
    if grade.honours:
        assert grade.value is not None
        return parse_grade(scale, format_number(grade.value))
    if isinstance(scale, OrdinalScale):
        assert grade.rank is not None
        if grade.rank >= scale.rank_of_pass():
            return None
        return parse_grade(scale, scale.grades[grade.rank + 1].label)
    assert grade.value is not None
    up = scale.higher_is_better
    if scale.values:
        below = [
            v
            for v in scale.values
            if scale.is_passing(v) and _better(Fraction(grade.value), Fraction(v), up)
        ]
        if not below:
            return None
        return parse_grade(scale, format_number(max(below) if up else min(below)))
    step = scale.step or FINEST_STEP
    lower = grade.value - step if up else grade.value + step
    return parse_grade(scale, format_number(lower)) if scale.is_passing(lower) else None


def show_fraction(value: Fraction) -> str:
    """An exact fraction for a person: its decimals when they end within four places, else
    '≈' and four decimals."""
    shown = Decimal(value.numerator) / Decimal(value.denominator)
    rounded = shown.quantize(Decimal("0.0001"))
    if Fraction(rounded) == value:
        return format_number(rounded)
    return "≈" + format_number(rounded)
