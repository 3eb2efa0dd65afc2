"""Properties of the CSV reader and writer, and of grade parsing (hypothesis).

- Any table of text cells written by ``write_csv``, with any delimiter we write, in any
  encoding we read, reads back through ``read_csv`` as the same cells, each row at the line
  where it starts. The formula guard is part of what is written: a cell reads back as
  ``guard_cell`` wrote it, and the guard only ever adds one leading apostrophe.
- Every grade we print parses back to the same grade; a decimal comma and a decimal point
  give the same grade; honours marks are found in any case, spacing and accents.
"""

from __future__ import annotations

import io
import unicodedata
from decimal import Decimal

import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from mobility_cli.api import load_catalog
from mobility_cli.compiled.scale import NumericScale, OrdinalScale
from mobility_cli.conversion.grades import Grade, format_number, parse_grade
from mobility_cli.io.csv_reader import read_csv
from mobility_cli.io.csv_writer import guard_cell, write_csv
from mobility_cli.numbers import parse_number

# Any text but surrogates (not encodable), NUL (the reader refuses binary data) and U+FEFF,
# which the reader drops at the start of a line on purpose: files joined with `cat` carry
# one BOM per part.
CELL = st.text(st.characters(exclude_categories=["Cs"], exclude_characters="\0\ufeff"), max_size=12)  # fmt: skip
DELIMITERS = st.sampled_from([",", ";", "\t"])


def lines_of(text: str, universal: bool) -> int:
    """Lines as the reader counts them: at LF, or (UTF-16) at LF, CR and CRLF."""
    return len(io.StringIO(text, newline="").readlines()) if universal else text.count("\n")


@settings(max_examples=500, deadline=None)
@given(
    delimiter=DELIMITERS,
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252"]),
    width=st.integers(2, 5),
    data=st.data(),
)
def test_what_we_write_reads_back_cell_for_cell(
    delimiter: str, encoding: str, width: int, data: st.DataObject
) -> None:
    rows = data.draw(st.lists(st.lists(CELL, min_size=width, max_size=width), max_size=6))
    header = [f"column {i}" for i in range(width)]
    out = io.StringIO()
    write_csv(out, header, rows, delimiter)
    try:
        raw = out.getvalue().encode(encoding)
    except UnicodeEncodeError:
        assume(False)  # cp1252 cannot hold every character
    fields = {name: (name,) for name in header}
    # A cp1252 file is only told from UTF-8 by a byte that UTF-8 refuses; say which it is.
    table = read_csv(
        io.BytesIO(raw), "t.csv", fields, encoding="cp1252" if encoding == "cp1252" else None
    )
    assert table.delimiter == delimiter
    expected, line = [], 2
    for row in rows:
        cells = [guard_cell(c).strip() for c in row]
        if any(cells):  # a row of blank cells is a blank line: skipped, but counted
            expected.append((line, cells))
        one = io.StringIO()
        write_csv(one, header, [row], delimiter)
        line += lines_of(one.getvalue().split("\n", 1)[1], encoding == "utf-16")
    got = [(r.line, [r.values[name] for name in header]) for r in table.records]
    assert got == expected


@given(st.text(max_size=20))
def test_the_guard_adds_one_apostrophe_or_nothing(text: str) -> None:
    guarded = guard_cell(text)
    assert guarded in (text, "'" + text)
    # left alone: it cannot start a formula, or it is a plain number (-3 on the Danish scale)
    if guarded == text and text.startswith(("=", "+", "-", "@", "\t", "\r", "\0")):
        parse_number(text)  # raises for anything that is not a plain number


@given(st.from_regex(r"[0-9]{1,14}([.,][0-9]{1,14})?", fullmatch=True))
@example("1234567890123")
@example("123456789012,1234567890123")
@example("0000000000000000001.1000000000000")
def test_a_plain_numeral_reads_as_written_or_is_refused_as_too_long(text: str) -> None:
    whole, _, fraction = text.replace(",", ".").partition(".")
    if len(whole.lstrip("0")) > 12 or len(fraction.rstrip("0")) > 12:
        with pytest.raises(ValueError, match="too many digits"):
            parse_number(text)
    else:  # the same digits, trailing zeros too ("24.50" is written with two decimals)
        assert parse_number(text).as_tuple() == Decimal(text.replace(",", ".")).as_tuple()


@given(st.integers(0, 4).flatmap(lambda places: st.decimals(-(10**12) + 1, 10**12 - 1, places=places)))  # fmt: skip
def test_numbers_we_print_parse_back_with_either_decimal_mark(value: Decimal) -> None:
    printed = format_number(value)
    assert "E" not in printed.upper()
    assert parse_number(printed) == value
    assert parse_number(printed.replace(".", ",")) == value


CATALOG = load_catalog()
SCALES = sorted(CATALOG.scales().values(), key=lambda s: s.id)
NUMERIC = [s for s in SCALES if isinstance(s, NumericScale)]
HONOURS = [s for s in NUMERIC if s.honours is not None]


@st.composite
def any_grade(draw: st.DrawFn) -> tuple[NumericScale | OrdinalScale, str]:
    """A scale and one of its grades as a transcript may print it: passing or failing, a label,
    an alias, an honours mark."""
    scale = draw(st.sampled_from(SCALES))
    if isinstance(scale, OrdinalScale):
        grade = draw(st.sampled_from(scale.grades))
        return scale, draw(st.sampled_from([grade.label, *grade.aliases]))
    words = list(scale.aliases)
    if scale.honours is not None:
        words += [scale.honours.label, *scale.honours.aliases]
    if scale.values:
        numbers = [format_number(v) for v in scale.values]
    else:
        low, high = sorted((scale.best, scale.worst))
        step = scale.step or Decimal("0.01")
        k = draw(st.integers(0, int((high - low) / step)))
        numbers = [format_number(low + k * step)]
    text = draw(st.sampled_from(numbers + words))
    assume(text in words or scale.on_scale(Decimal(text)))
    return scale, text


@settings(max_examples=500, deadline=None)
@given(any_grade())
def test_every_grade_we_print_parses_back_to_itself(drawn: tuple[object, str]) -> None:
    scale, text = drawn
    assert isinstance(scale, NumericScale | OrdinalScale)
    grade = parse_grade(scale, text)
    assert parse_grade(scale, grade.label) == grade


def numeric_value(scale: NumericScale, k: int) -> Decimal:
    if scale.values:
        return scale.values[k % len(scale.values)]
    low, high = sorted((scale.best, scale.worst))
    step = scale.step or Decimal("0.01")
    return low + (k % (int((high - low) / step) + 1)) * step


@settings(max_examples=300, deadline=None)
@given(scale=st.sampled_from(NUMERIC), k=st.integers(0, 10_000), padding=st.sampled_from(["", " ", "  "]))  # fmt: skip
def test_decimal_comma_and_point_give_the_same_grade(
    scale: NumericScale, k: int, padding: str
) -> None:
    value = numeric_value(scale, k)
    assume(scale.on_scale(value))
    point = format_number(value)
    written = [point, point.replace(".", ","), padding + point.replace(".", ",") + padding]
    if "." in point:
        written.append(point + "0")  # "14.50": the trailing zero printed by some systems
    # a word printed like the number is the word ('2.2' on uk-pct is the class 2:2): below
    assume(parse_grade(scale, point).span is None)
    grades: set[Grade] = {parse_grade(scale, text) for text in written}
    assert len(grades) == 1 and grades.pop().value == value


@pytest.mark.parametrize("text", ["2.2", "2,2", " 2,2 ", "Lower second"])
def test_a_uk_class_printed_like_a_number_reads_as_the_class_with_either_mark(text: str) -> None:
    grade = parse_grade(load_catalog().scale("uk-pct"), text)
    assert (grade.label, grade.span) == ("2:2", (Decimal(50), Decimal("59.99")))


def respelt(draw: st.DrawFn, label: str) -> str:
    """The same words in another case, with other spaces, with or without accents."""
    words = label.split(" ")
    spaces = [draw(st.sampled_from([" ", "  ", "\t"])) for _ in words[1:]]
    text = words[0] + "".join(s + w for s, w in zip(spaces, words[1:], strict=True))
    text = draw(st.sampled_from([text, text.upper(), text.lower(), text.title()]))
    if draw(st.booleans()):
        decomposed = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in decomposed if not unicodedata.combining(c))
    return draw(st.sampled_from(["", " "])) + text + draw(st.sampled_from(["", " "]))


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_honours_marks_in_any_case_spacing_and_accents(data: st.DataObject) -> None:
    scale = data.draw(st.sampled_from(HONOURS))
    assert scale.honours is not None
    label = data.draw(st.sampled_from([scale.honours.label, *scale.honours.aliases]))
    grade = parse_grade(scale, respelt(data.draw, label))
    assert grade.honours and grade.label == scale.honours.label and grade.passing
