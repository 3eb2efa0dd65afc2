"""Grades as printed on transcripts, parsed against a scale.

"27,5" and "27.5", "30 e lode" and "30L", "MH" and "Matrícula de Honor" parse to the same
grade; what we print (``Grade.label``) parses back to the same grade.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from mobility_cli.models.scale import NumericScale, OrdinalScale, Scale
from mobility_cli.numbers import parse_number
from mobility_cli.text import strip_accents


class GradeError(ValueError):
    """A grade that cannot be used: not on its scale, unreadable, or failing."""


@dataclass(frozen=True)
class Grade:
    """A grade on a scale. ``value`` is numeric when known; ``rank`` orders ordinal labels (0 best)."""

    scale: str
    label: str
    value: Decimal | None
    rank: int | None
    honours: bool
    passing: bool


def _key(text: str) -> str:
    plain = strip_accents(text.replace("\u2212", "-"))
    return re.sub(r"\s+", " ", plain.casefold()).strip()


def format_number(value: Decimal) -> str:
    """'27.50' → '27.5', '7.0' → '7', never exponent notation."""
    text = f"{value:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


_NUMBER = re.compile(r"[+-]?(\d+([.,]\d+)?|[.,]\d+)")


def _parse_numeric(scale: NumericScale, text: str) -> Grade:
    key = _key(text)
    honours = scale.honours
    if honours is not None and key in {_key(a) for a in (honours.label, *honours.aliases)}:
        return Grade(scale.id, honours.label, honours.value, None, True, True)
    aliases = {_key(word): number for word, number in scale.aliases.items()}
    if key in aliases:
        value = aliases[key]
    else:
        # "14/20" and "14 / 20" name the scale's top; accept them when the top matches.
        number_text, _, out_of = key.partition("/")
        number_text = number_text.strip()
        if out_of and _key(out_of) != format_number(max(scale.best, scale.worst)):
            raise GradeError(f"'{text}' is not on {scale.id} ({scale.name})")
        if not _NUMBER.fullmatch(number_text):
            raise GradeError(f"'{text}' is not a grade on {scale.id} ({scale.name})")
        try:  # the bounded parser: a 29-digit grade is refused, never rounded onto a step
            value = parse_number(number_text)
        except ValueError as exc:
            raise GradeError(f"{exc} ({scale.id})") from None
    if not scale.on_scale(value):
        low, high = sorted((scale.best, scale.worst))
        allowed = (
            ", ".join(format_number(v) for v in scale.values)
            if scale.values
            else f"{format_number(low)}–{format_number(high)}"
            + (f" in steps of {format_number(scale.step)}" if scale.step else "")
        )
        raise GradeError(f"'{text}' is not on {scale.id} (allowed: {allowed})")
    return Grade(scale.id, format_number(value), value, None, False, scale.is_passing(value))


def _parse_ordinal(scale: OrdinalScale, text: str) -> Grade:
    key = _key(text)
    pass_rank = scale.rank_of_pass()
    for rank, grade in enumerate(scale.grades):
        if key in {_key(a) for a in (grade.label, *grade.aliases)}:
            return Grade(scale.id, grade.label, grade.value, rank, False, rank <= pass_rank)
    labels = ", ".join(g.label for g in scale.grades)
    raise GradeError(f"'{text}' is not on {scale.id} (labels: {labels})")


def parse_grade(scale: Scale, text: str) -> Grade:
    """Parse a grade as printed; raise :class:`GradeError` when it is not on the scale."""
    if not text or not text.strip():
        raise GradeError("empty grade")
    if isinstance(scale, OrdinalScale):
        return _parse_ordinal(scale, text)
    return _parse_numeric(scale, text)
