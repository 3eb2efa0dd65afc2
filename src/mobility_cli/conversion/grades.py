"""Grades as printed on transcripts, parsed against a scale.

"27,5" and "27.5", "30 e lode" and "30L", "MH" and "Matrícula de Honor" parse to the same
grade; what we print (``Grade.label``) parses back to the same grade.
"""

from __future__ import annotations

import re
from decimal import Decimal

from mobility_cli.compiled.base import Plain
from mobility_cli.compiled.scale import NumericScale, OrdinalScale, Scale
from mobility_cli.numbers import parse_number
from mobility_cli.text import format_number, strip_accents


class GradeError(ValueError):
    """A grade that cannot be used: not on its scale, unreadable, or failing."""


class Grade(Plain):
    """A grade on a scale. ``value`` is numeric when known; ``rank`` orders ordinal labels (0 best).

    ``span`` is set for a word printed without a number that stands for a range of grades
    ('Notable' is 7–8.9): such a grade converts only where every grade of the range converts
    alike. ``note`` says what was accepted beyond the scale's plain grades (an average).
    """

    scale: str
    label: str
    value: Decimal | None
    rank: int | None
    honours: bool
    passing: bool
    span: tuple[Decimal, Decimal] | None = None
    note: str | None = None


_DIGIT_COMMA_DIGIT = re.compile(r"(?<=\d),(?=\d)")


def _spelling_key(text: str) -> str:
    # a decimal comma reads as a point: '2,2' on a UK transcript is the class '2.2' too
    plain = strip_accents(_DIGIT_COMMA_DIGIT.sub(".", text.replace("\u2212", "-")))
    return re.sub(r"\s+", " ", plain.casefold()).strip()


class _Word(Plain):
    """A word a numeric scale knows: the grades it stands for, and whether it is honours."""

    shown: str
    low: Decimal
    high: Decimal
    honours: bool = False


# A number, then an optional '%' or '/ top' (the cell's decorations around the grade).
_DECORATED = re.compile(
    r"(?P<number>[+-]?(?:\d+(?:[.,]\d+)?|[.,]\d+))\s*(?:(?P<percent>%)|/\s*(?P<top>\d+(?:[.,]\d+)?))?"
)
_BRACKETS = str.maketrans("()[]", "    ")
_SEPARATORS = " -–:;,"
_WORDS: dict[str, tuple[NumericScale, dict[str, _Word]]] = {}


def _words(scale: NumericScale) -> dict[str, _Word]:
    """Every spelling of the scale's words → the word (cached per scale object)."""
    cached = _WORDS.get(scale.id)
    if cached is not None and cached[0] is scale:
        return cached[1]
    words: dict[str, _Word] = {}
    for spelling, number in scale.aliases.items():
        words[_spelling_key(spelling)] = _Word(spelling, number, number)
    for word in scale.words:
        for spelling in (word.word, *word.aliases):
            words[_spelling_key(spelling)] = _Word(word.word, word.low, word.high)
    honours = scale.honours
    if honours is not None:
        for spelling in (honours.label, *honours.aliases):
            words[_spelling_key(spelling)] = _Word(
                honours.label, honours.value, honours.value, True
            )
    longest_first = dict(sorted(words.items(), key=lambda item: -len(item[0])))
    _WORDS[scale.id] = (scale, longest_first)
    return longest_first


def _split(key: str, words: dict[str, _Word]) -> tuple[_Word | None, str]:
    """A cell's word (before or after the number) and the rest: 'notable 7,5' → Notable, '7,5'."""
    if key in words:
        return words[key], ""
    plain = re.sub(r"\s+", " ", key.translate(_BRACKETS)).strip()
    if plain in words:
        return words[plain], ""
    for spelling in words:  # longest first: 'nicht ausreichend' before 'ausreichend'
        if plain.startswith(spelling) and plain[len(spelling) : len(spelling) + 1] in _SEPARATORS:
            return words[spelling], plain[len(spelling) :].strip(_SEPARATORS)
        if plain.endswith(spelling) and plain[: -len(spelling)][-1:] in _SEPARATORS:
            return words[spelling], plain[: -len(spelling)].strip(_SEPARATORS)
    return None, plain


def accepted_forms(scale: NumericScale) -> str:
    """What a cell on this scale may say, for an error message."""
    low, high = sorted((scale.best, scale.worst))
    numbers = (
        ", ".join(format_number(v) for v in scale.values)
        if scale.values
        else f"{format_number(low)}–{format_number(high)}"
        + (f" in steps of {format_number(scale.step)}" if scale.step else "")
    )
    if scale.averages:
        best, pass_ = format_number(scale.best), format_number(scale.pass_)
        numbers += f", or a one-decimal average {best}–{pass_}"
    honours = [scale.honours.label] if scale.honours else []
    shown = [*scale.aliases, *(w.word for w in scale.words), *honours]
    return numbers + (f"; words: {', '.join(shown)}" if shown else "")


def _number(scale: NumericScale, text: str, rest: str) -> Decimal:
    """The number of a cell with its decorations removed; '%' and '/20' must fit the scale."""
    match = _DECORATED.fullmatch(rest)
    if match is None:
        raise GradeError(
            f"'{text}' is neither a grade nor a word of {scale.id} "
            f"(accepted: {accepted_forms(scale)})"
        )
    low, high = sorted((scale.best, scale.worst))
    if match["percent"] and (low, high) != (Decimal(0), Decimal(100)):
        raise GradeError(
            f"'{text}': a percentage, but {scale.id} runs {format_number(low)}–"
            f"{format_number(high)}"
        )
    try:
        top = parse_number(match["top"]) if match["top"] else high
        value = parse_number(match["number"])
    except ValueError as exc:
        raise GradeError(str(exc)) from None
    if top != high:
        raise GradeError(
            f"'{text}' is out of {match['top']}, but {scale.id} is out of {format_number(high)}"
        )
    return value


def _is_average(scale: NumericScale, value: Decimal) -> bool:
    """A one-decimal average between the best grade and the pass (German module grades)."""
    low, high = sorted((scale.best, scale.pass_))
    return scale.averages and low <= value <= high and value == value.quantize(Decimal("0.1"))


def _parse_numeric(scale: NumericScale, text: str) -> Grade:
    word, rest = _split(_spelling_key(text), _words(scale))
    if word is not None and not rest:
        if word.honours:
            return Grade(scale.id, word.shown, word.low, None, True, True)
        if word.low == word.high:
            value = word.low
            return Grade(
                scale.id, format_number(value), value, None, False, scale.is_passing(value)
            )
        passing = scale.is_passing(word.low) and scale.is_passing(word.high)
        return Grade(scale.id, word.shown, None, None, False, passing, span=(word.low, word.high))
    value = _number(scale, text, rest)
    note = None
    if not scale.on_scale(value):
        if not _is_average(scale, value):
            raise GradeError(f"'{text}' is not on {scale.id} (allowed: {accepted_forms(scale)})")
        note = (
            f"{format_number(value)} on {scale.id} is read as an average (one decimal), "
            "not one of the scale's course grades"
        )
    if word is not None:
        low, high = sorted((word.low, word.high))
        if not low <= value <= high:
            where = (
                format_number(low) if low == high else f"{format_number(low)}–{format_number(high)}"
            )
            raise GradeError(
                f"'{text}': the number {format_number(value)} contradicts '{word.shown}' "
                f"({where} on {scale.id})"
            )
        if word.honours:
            return Grade(scale.id, word.shown, word.low, None, True, True)
    return Grade(
        scale.id, format_number(value), value, None, False, scale.is_passing(value), note=note
    )


def _parse_ordinal(scale: OrdinalScale, text: str) -> Grade:
    key = _spelling_key(text)
    pass_rank = scale.rank_of_pass()
    for rank, grade in enumerate(scale.grades):
        if key in {_spelling_key(a) for a in (grade.label, *grade.aliases)}:
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
