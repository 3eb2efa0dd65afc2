"""The one bounded number parser: every number read from any input goes through here.

Grades, credits, counts and averages are small: a transcript never needs more than a dozen
digits on either side of the decimal point. Bounding them up front keeps every later step
(Decimal arithmetic at 28 digits, JSON output, step checks) exact and fast: no ``Infinity``,
no ``decimal.Overflow``, no 29-digit grade rounded onto a step, no megabyte of digits turned
into an integer. The limits are declared here and listed in docs/robustness.md.
"""

from __future__ import annotations

import re
from decimal import Decimal

MAX_INTEGER_DIGITS = 12
"""Digits before the decimal point (after leading zeros): up to 999,999,999,999."""

MAX_FRACTION_DIGITS = 12
"""Digits after the decimal point (after trailing zeros)."""

MAX_EXPONENT = 12
"""``1e12`` and ``1e-12`` are the largest and smallest magnitudes an exponent may give."""

MAX_COUNT_DIGITS = 9
"""A whole count (students in a grade's category) has at most 9 digits."""

MAX_TEXT_CHARS = 64
"""A number written with more characters than this is refused before it is looked at."""

_SHOWN_CHARS = 24

_PLAIN = re.compile(r"([+-]?)([0-9]*)(?:\.([0-9]*))?")
_SIMPLE = re.compile(rf"[0-9]{{1,{MAX_INTEGER_DIGITS}}}(?:[.,][0-9]{{1,{MAX_FRACTION_DIGITS}}})?")
_EXPONENT = re.compile(r"([^eE]*)[eE]([+-]?[0-9]+)")


def shown(text: str) -> str:
    """A number as a message quotes it: at most a short prefix of a huge cell."""
    return text if len(text) <= _SHOWN_CHARS else text[:_SHOWN_CHARS] + "…"


def parse_number(text: str, *, exponent: bool = False) -> Decimal:
    """A finite decimal within the declared bounds, or ``ValueError`` with a clear message.

    ``27,5`` and ``27.5`` are the same number; ``1.234,5`` is refused as ambiguous; only ASCII
    digits count (``²`` and other digits are not grades). ``exponent`` also accepts ``1e-3``
    (YAML data), with the magnitude bounded by :data:`MAX_EXPONENT`.
    """
    cleaned = text.strip().replace("\u2212", "-")
    if _SIMPLE.fullmatch(cleaned):  # "27", "24,5", "0.125": within the bounds as written
        return Decimal(cleaned.replace(",", "."))
    quoted = f"'{shown(text.strip())}'"
    if len(cleaned) > MAX_TEXT_CHARS:
        raise ValueError(f"{quoted} is too long for a number (at most {MAX_TEXT_CHARS} characters)")
    if "," in cleaned and "." in cleaned:
        raise ValueError(f"{quoted} mixes ',' and '.': write it as 1234.5 or 1234,5")
    if cleaned.count(",") > 1:
        raise ValueError(f"{quoted} is not a number")
    cleaned = cleaned.replace(",", ".")
    power = 0
    if exponent and (scientific := _EXPONENT.fullmatch(cleaned)):
        cleaned, power = scientific.group(1), int(scientific.group(2))
    match = _PLAIN.fullmatch(cleaned)
    if match is None or not (match.group(2) or match.group(3)):
        raise ValueError(f"{quoted} is not a number")
    whole, fraction = match.group(2).lstrip("0"), (match.group(3) or "").rstrip("0")
    if len(whole) > MAX_INTEGER_DIGITS or len(fraction) > MAX_FRACTION_DIGITS:
        raise ValueError(
            f"{quoted} has too many digits (at most {MAX_INTEGER_DIGITS} before and "
            f"{MAX_FRACTION_DIGITS} after the decimal point)"
        )
    value = Decimal(cleaned or "0")  # the pattern and the bounds above make this exact
    if power:
        # the mantissa has at most 24 significant digits: beyond this, always out of range
        far = abs(power) > 2 * MAX_EXPONENT + MAX_INTEGER_DIGITS + MAX_FRACTION_DIGITS
        value = value if far else value.scaleb(power)
        if value and (far or not -MAX_EXPONENT <= value.adjusted() < MAX_EXPONENT):
            raise ValueError(
                f"{quoted} is out of range (between 1e-{MAX_EXPONENT} and 1e{MAX_EXPONENT})"
            )
    return value


def parse_count(text: str) -> int:
    """A whole count such as a category's number of students: ASCII digits, bounded."""
    cleaned = text.strip()
    if not re.fullmatch(r"[0-9]+", cleaned):
        raise ValueError(f"'{shown(cleaned)}' is not a whole number")
    if len(cleaned.lstrip("0")) > MAX_COUNT_DIGITS:
        raise ValueError(f"'{shown(cleaned)}' is too large (at most {MAX_COUNT_DIGITS} digits)")
    return int(cleaned)
