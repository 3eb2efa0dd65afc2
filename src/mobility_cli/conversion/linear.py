"""The ``linear`` method: the Italian ministerial formula (DM 313/2016, Allegato 5).

``home = H_pass + (H_best − H_pass) × (g − S_pass) / (S_best − S_pass)``, which also works for
lower-is-better scales (numerator and denominator change sign together). The formula never
gives honours by itself: the table declares when a source grade earns 30 e lode.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from mobility_cli.compiled.scale import NumericScale, OrdinalScale, Scale
from mobility_cli.compiled.table import LinearMethod
from mobility_cli.conversion.context import MethodContext
from mobility_cli.conversion.grades import Grade, parse_grade
from mobility_cli.conversion.inverse import (
    Inverse,
    Unreachable,
    higher_is_better,
    show_fraction,
    solve,
    threshold,
    worst_reaching,
)
from mobility_cli.conversion.result import Conversion, NotApplicable
from mobility_cli.conversion.rounding import round_value
from mobility_cli.text import format_number


def _bounds(source: Scale) -> tuple[Decimal, Decimal]:
    """(lowest pass, best) as numbers; an ordinal scale needs numeric values for both."""
    if isinstance(source, NumericScale):
        return source.pass_, source.best
    assert isinstance(source, OrdinalScale)
    best = source.grades[0].value
    passing = source.grades[source.rank_of_pass()].value
    if best is None or passing is None:
        raise NotApplicable(f"{source.id} has no numeric values for the linear formula")
    return passing, best


def honours_grade(home: NumericScale) -> Grade:
    """The home scale's honours mark (30L) as a grade."""
    assert home.honours is not None
    return Grade(home.id, home.honours.label, home.honours.value, None, True, True)


def describe_linear(method: LinearMethod) -> str:
    """The method in one line, as ``mobility tables`` lists it."""
    return f"linear (DM 313/2016), rounding {method.rounding}, honours: {method.honours}"


def convert_linear(
    method: LinearMethod,
    grade: Grade,
    source: Scale,
    home: NumericScale,
    context: MethodContext | None = None,
) -> Conversion:
    """Convert one passing grade with the linear formula and the table's declared rounding.

    ``context`` is not used: the formula needs only the two scales.
    """
    s_pass, s_best = _bounds(source)
    if grade.value is None:
        raise NotApplicable(f"'{grade.label}' has no numeric value on {source.id}")
    earns_honours = (method.honours == "honours-mark" and grade.honours) or (
        method.honours == "best-grade" and grade.value == s_best
    )
    if earns_honours and home.honours is not None:
        why = "the source's honours mark" if grade.honours else "the source scale's best grade"
        return Conversion(
            honours_grade(home), "linear", f"linear: {grade.label} is {why} → {home.honours.label}"
        )
    h_pass, h_best = home.pass_, home.best
    exact = h_pass + (h_best - h_pass) * (grade.value - s_pass) / (s_best - s_pass)
    rounded = round_value(exact, method.rounding)
    rounded = min(max(rounded, h_pass), h_best)
    shown = format_number(round_value(exact, "none"))
    f = format_number
    rule = (
        f"linear (DM 313/2016): {f(h_pass)} + ({f(h_best)} − {f(h_pass)}) × "
        f"({f(grade.value)} − {f(s_pass)}) / ({f(s_best)} − {f(s_pass)}) = {shown}"
    )
    if method.rounding != "none":
        rule += f" → {f(rounded)} ({method.rounding})"
    home_grade = Grade(home.id, f(rounded), rounded, None, False, True)
    return Conversion(home_grade, "linear", rule)


def invert_linear(
    method: LinearMethod,
    target: Grade,
    source: Scale,
    home: NumericScale,
    context: MethodContext | None = None,
) -> Inverse:
    """The worst source grade the formula (with its rounding and honours rule) converts to
    ``target`` or better: the formula solved for the grade, then put on the source's ladder."""
    s_pass, s_best = _bounds(source)
    up = higher_is_better(source)
    if target.honours:
        if method.honours == "honours-mark":
            if isinstance(source, NumericScale) and source.honours is not None:
                mark = parse_grade(source, source.honours.label)
                return Inverse(mark, f"only the source's honours mark earns {target.label}")
            raise Unreachable(
                f"linear gives {target.label} only for the source scale's honours mark, "
                f"and {source.id} has none"
            )
        if method.honours == "best-grade":
            top = worst_reaching(source, Fraction(s_best), False, up)
            assert top is not None
            return Inverse(top, f"only the source scale's best grade earns {target.label}")
        raise Unreachable(f"this linear rule never gives {target.label} (honours: never)")
    assert target.value is not None
    value, strict = solve(target.value, method.rounding, (home.pass_, home.best), (s_pass, s_best))
    grade = worst_reaching(source, value, strict, up)
    if grade is None:
        best = format_number(s_best)
        raise Unreachable(
            f"even the best grade {best} on {source.id} gives less than {target.label}"
        )
    f = format_number
    bound, _ = threshold(target.value, method.rounding)
    how = (
        f"{f(home.pass_)} + ({f(home.best)} − {f(home.pass_)}) × (g − {f(s_pass)}) / "
        f"({f(s_best)} − {f(s_pass)}) {'>' if strict else '≥'} {show_fraction(bound)} "
        f"({method.rounding} to {target.label}) ⇔ g {'≥' if up else '≤'} {show_fraction(value)} "
        f"→ {grade.label}"
    )
    return Inverse(grade, how)
