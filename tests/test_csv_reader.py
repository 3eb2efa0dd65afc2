"""CSV as Excel and university systems write it: encodings, delimiters, headers, line numbers."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

import pytest

from mobility_cli.errors import InputError
from mobility_cli.io.csv_reader import read_csv
from mobility_cli.io.csv_writer import guard_cell
from mobility_cli.io.files import output_stream
from mobility_cli.io.transcripts import read_transcript
from mobility_cli.numbers import parse_number

ROWS = [("Analyse numérique", "6", "14,5"), ("Économie", "4", "12")]


def encode(text: str, encoding: str) -> io.BytesIO:
    return io.BytesIO(text.encode(encoding))


def courses(data: io.BytesIO) -> list[tuple[int, str, Decimal | None, str]]:
    _table, found = read_transcript(data, "t.csv")
    return [(c.row, c.course, c.credits, c.grade) for c in found]


EXPECTED = [(2, "Analyse numérique", Decimal(6), "14,5"), (3, "Économie", Decimal(4), "12")]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252", "utf-16"])
@pytest.mark.parametrize("delimiter", [";", "\t", ","])
def test_every_dialect_and_encoding_reads_the_same(encoding: str, delimiter: str) -> None:
    def quote(cell: str) -> str:
        return f'"{cell}"' if delimiter in cell else cell

    lines = [delimiter.join(["Corso", "CFU", "Voto"])]
    lines += [delimiter.join(quote(c) for c in row) for row in ROWS]
    assert courses(encode("\r\n".join(lines) + "\r\n", encoding)) == EXPECTED


def test_cp1252_is_reported() -> None:
    table, _ = read_transcript(encode("course,credits,grade\nCafé €,5,12\n", "cp1252"), "t.csv")
    assert table.encoding == "cp1252" and table.note and "Windows-1252" in table.note


def test_headers_in_any_case_and_with_accents() -> None:
    data = encode(
        "  INSEGNAMENTO ;Crediti;VOTO;Scala;Stato;Sostituisce;Matricola\nX;6;14;fr-20;superato;Analisi;123\n",
        "utf-8",
    )
    _table, found = read_transcript(data, "t.csv")
    course = next(found)
    assert (course.course, course.scale, course.status, course.replaces, course.student_id) == (
        "X",
        "fr-20",
        "superato",
        "Analisi",
        "123",
    )


def test_blank_lines_and_quoted_newlines_keep_line_numbers() -> None:
    text = 'course,credits,grade\n\n"Two\nline title",6,14\n\n\nLast,3,12\n'
    assert [(r, c) for r, c, _, _ in courses(encode(text, "utf-8"))] == [
        (3, "Two\nline title"),
        (7, "Last"),
    ]


def test_short_row_is_flagged_not_dropped() -> None:
    _table, found = read_transcript(encode("course,credits,grade\nA,6\n", "utf-8"), "t.csv")
    assert "truncated" in (next(found).problem or "")


def test_missing_columns_name_what_was_found() -> None:
    with pytest.raises(
        InputError, match=r"missing column\(s\) credits, grade; found 'Corso', 'Note finali'"
    ):
        read_transcript(encode("Corso;Note finali\nA;1\n", "utf-8"), "t.csv")


def test_duplicate_headers_are_refused() -> None:
    with pytest.raises(InputError, match="'Voto' and 'Grade' both give 'grade'"):
        read_transcript(encode("course,credits,Voto,Grade\n", "utf-8"), "t.csv")


@pytest.mark.parametrize("content", [b"", b"\n\n\n"])
def test_empty_file(content: bytes) -> None:
    with pytest.raises(InputError, match="empty file"):
        read_transcript(io.BytesIO(content), "t.csv")


def test_nul_bytes_are_binary() -> None:
    with pytest.raises(InputError, match="binary"):
        read_csv(io.BytesIO(b"a,b\x00\n"), "t.csv", {"a": ("a",)})


@pytest.mark.parametrize(
    ("text", "value"), [("27,5", "27.5"), (" 6 ", "6"), ("-3", "-3"), ("−3", "-3"), (".5", "0.5")]
)
def test_numbers(text: str, value: str) -> None:
    assert parse_number(text) == Decimal(value)


@pytest.mark.parametrize("text", ["1.234,5", "1,2,3", "six", "", "1e3", "NaN"])
def test_bad_numbers(text: str) -> None:
    with pytest.raises(ValueError):
        parse_number(text)


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ("=SUM(A1)", "'=SUM(A1)"),
        ("+39 02", "'+39 02"),
        ("@cmd", "'@cmd"),
        ("\tx", "'\tx"),
        ("-3", "-3"),
        ("+2.5", "+2.5"),
        ("-x", "'-x"),
        ("Analisi", "Analisi"),
        (Decimal("-3"), "-3"),
    ],
)
def test_formula_injection_guard(cell: object, written: str) -> None:
    assert guard_cell(cell) == written


def test_output_is_atomic_and_never_over_the_input(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    target.write_text("old\n")
    with pytest.raises(RuntimeError), output_stream(str(target)) as out:
        out.write("half a file")
        raise RuntimeError("interrupted")
    assert target.read_text() == "old\n"
    assert list(tmp_path.iterdir()) == [target]
    with (
        pytest.raises(InputError, match="refusing to overwrite the input"),
        output_stream(str(target), [str(target)]),
    ):
        pass
