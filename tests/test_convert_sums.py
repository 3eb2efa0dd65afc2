"""Streamed convert (issue 12): a cohort's sums kept as scaled integers, one int per student,
give the very summaries the Decimal sums of ``summarise`` give — the same digits, the same
exponent (``15.0`` is not ``15``) — in packed mode and after a number too fine or too large for
it turns the sums into Decimals mid-stream; and the CSV rows read a block at a time are the
csv module's rows."""

from __future__ import annotations

import contextlib
import csv
import io
import tempfile
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mobility_cli import TranscriptStream, convert_transcript, stream_transcript
from mobility_cli.api import load_catalog
from mobility_cli.catalog import Catalog
from mobility_cli.conversion.transcript import Summary, summarise
from mobility_cli.io import csv_reader
from mobility_cli.io.transcripts import read_transcript_file
from mobility_cli.reports import convert as report

# credits as transcripts print them, with every exponent a Decimal keeps; the last ones are
# beyond the packed sums (7 decimals, 10**9, a trailing zero past 6 decimals)
CREDITS = ["6", "5", "7,5", "7.50", "2.25", "0.5", "6.000", "-3", "0", "", "abc", "1,000001"]
BEYOND = ["0.0000001", "999999999", "6.0000000", "123456789012"]
GRADES = ["14", "12,5", "20", "9", "ZZ", "", "Très bien", "1,3", "4,0", "A", "apto"]
SCALES = ["fr-20", "de-5", "ects", "es-10", ""]
STATUS = ["", "passed", "failed", "idoneo"]
REPLACES = ["", "", "", "Analisi 1", "Fisica"]

_CATALOG: list[Catalog] = []


def catalog() -> Catalog:
    if not _CATALOG:
        _CATALOG.append(load_catalog())
    return _CATALOG[0]


def exact(summary: Summary) -> tuple[object, ...]:
    """Every figure of a summary as printed (str of a Decimal keeps its exponent)."""
    return (
        summary.student_id,
        summary.courses,
        summary.errors,
        *map(str, (summary.not_converted_credits, summary.credits, summary.graded_credits)),
        str(summary.weighted_average),
        str(summary.base_110),
        [(e.exam, str(e.credits), e.converted, str(e.value), e.courses) for e in summary.exams],
        summary.warnings,
    )


def rows_strategy(beyond: bool) -> st.SearchStrategy[list[list[str]]]:
    credits = st.sampled_from(CREDITS + BEYOND if beyond else CREDITS)
    row = st.tuples(
        st.sampled_from(["", "S1", "S2", "S3", "S4"]),
        st.sampled_from(GRADES),
        credits,
        st.sampled_from(SCALES),
        st.sampled_from(STATUS),
        st.sampled_from(REPLACES),
    )
    return st.lists(row.map(list), min_size=1, max_size=60)


def cohort_file(folder: Path, rows: list[list[str]]) -> Path:
    path = folder / "cohort.csv"
    lines = ["student_id;grade;credits;scale;status;replaces;course"]
    lines += [";".join([*cells, f"Course {i}"]) for i, cells in enumerate(rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def reference(path: Path) -> list[tuple[object, ...]]:
    """The Decimal sums: ``summarise`` over each student's results, in order of first row."""
    listed = convert_transcript(path, school="ing", catalog=catalog())
    students = list(dict.fromkeys(r.student_id for r in listed.results))
    converter = listed_converter()
    return [
        exact(summarise([r for r in listed.results if r.student_id == s], converter, s))
        for s in students
    ]


def listed_converter() -> object:
    from mobility_cli.api import converter_for

    return converter_for(catalog(), "ing", None)


@contextlib.contextmanager
def rows_stream(path: Path) -> Iterator[TranscriptStream]:
    """A stream of a CSV file's rows, as the CLI opens it (cells, not CourseInputs)."""
    with path.open("rb") as source:
        _, courses, _ = read_transcript_file(source, str(path), scales=catalog().scales)
        yield stream_transcript(courses, school="ing", catalog=catalog())


def streamed(path: Path) -> list[tuple[object, ...]]:
    """The summaries of a CSV file written by the fused loop (the CLI's csv)."""
    with rows_stream(path) as stream:
        report.write_csv_stream(io.StringIO(), stream.courses(), delimiter=";", decimal=",")
    return [exact(s) for s in stream.summaries()]


@pytest.mark.parametrize("beyond", [False, True])
@settings(max_examples=100, deadline=None)
@given(data=st.data())
def test_packed_sums_are_the_decimal_sums(beyond: bool, data: st.DataObject) -> None:
    """Beyond: numbers too fine or too large for the packed sums, which then turn Decimal."""
    rows = data.draw(rows_strategy(beyond))
    with tempfile.TemporaryDirectory() as folder:
        path = cohort_file(Path(folder), rows)
        expected = reference(path)
        listed = convert_transcript(path, school="ing", catalog=catalog())
        assert [exact(s) for s in listed.summaries] == expected
        assert streamed(path) == expected
        with rows_stream(path) as stream:
            assert len(list(stream.courses())) == len(rows)
        assert [exact(s) for s in stream.summaries()] == expected


def test_a_fine_number_after_thousands_of_rows_switches_to_decimals(tmp_path: Path) -> None:
    rows = [[f"S{i % 7}", "14", "7,5" if i % 3 else "6", "fr-20", "", ""] for i in range(5000)]
    rows.append(["S1", "14", "6,0000000", "fr-20", "", ""])  # seven decimals
    rows += [[f"S{i % 9}", "12", "6", "fr-20", "", ""] for i in range(3000)]
    path = cohort_file(tmp_path, rows)
    got = streamed(path)
    assert got == reference(path)
    assert got[1][4] == "7015.5000000"  # S1's credits keep the seven decimals


def test_a_summary_keeps_trailing_zeros_as_the_decimals_do(tmp_path: Path) -> None:
    rows = [["A", "14", "7,50", "fr-20", "", ""], ["B", "14", "6", "fr-20", "", ""]]
    rows += [["A", "12", "7,5", "fr-20", "", ""], ["B", "pass", "3", "fr-20", "", ""]]
    with rows_stream(cohort_file(tmp_path, rows)) as stream:
        list(stream.courses())
    a, b = stream.summaries()
    assert (str(a.credits), str(a.graded_credits), str(b.credits)) == ("15.00", "15.00", "9")


# --- the rows of a CSV file, split a block at a time or read by the csv module ----------

PIECES = ["a", "b", ";", ";", ";", "\n", "\n", "\r\n", '"', '"x;y"', '"m\nn"', " ", "\r", "é"]


def rows_both_ways(data: bytes) -> tuple[object, object]:
    """(table_rows without blank rows, csv_rows) of a file, or the error each gives."""
    got: list[object] = []
    for fast in (True, False):
        try:
            table = csv_reader.read_csv(io.BytesIO(data), "t.csv", {"a": ["a"]})
            if fast:
                rows: list[object] = [
                    (line, ("!", cells.why) if isinstance(cells, csv_reader.RowProblem) else cells)
                    for line, cells in csv_reader.table_rows(table)
                    if isinstance(cells, csv_reader.RowProblem) or not csv_reader.blank(cells)
                ]
            else:
                assert table.lines is not None
                rows = [
                    (line, ("!", why) if why else cells)
                    for line, cells, why in csv_reader.csv_rows(
                        table.lines, table.delimiter, table.header_at, table.name
                    )
                ]
            got.append(rows)
        except Exception as exc:  # the same error both ways is the point
            got.append((type(exc).__name__, str(exc)))
    return got[0], got[1]


@pytest.mark.parametrize("block", [1, 5, 64])
@settings(max_examples=150, deadline=None)
@given(body=st.lists(st.sampled_from(PIECES), max_size=80).map("".join), bom=st.booleans())
def test_rows_split_by_blocks_are_the_csv_modules_rows(block: int, body: str, bom: bool) -> None:
    data = ("\ufeff" if bom else "") + "a;b;c\n" + body
    with mock.patch.object(csv_reader, "BLOCK_BYTES", block):
        fast, plain = rows_both_ways(data.encode("utf-8"))
    assert fast == plain


def test_a_block_of_quoted_rows_between_plain_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(csv_reader, "BLOCK_BYTES", 64)
    rows = [f"{i};plain {i};6\n" for i in range(40)] + ['7;"two\nlines";6\n']
    rows += [f"{i};after {i};6\r\n" for i in range(40)]
    fast, plain = rows_both_ways(("id;course;credits\n" + "".join(rows)).encode())
    assert fast == plain
    assert isinstance(fast, list) and (42, ["7", "two\nlines", "6"]) in fast
    assert fast[-1] == (83, ["39", "after 39", "6"])


def test_the_csv_module_reads_what_the_split_reads() -> None:
    text = "x;=y; z ;\t;\n;;;\n"
    assert list(csv.reader(io.StringIO(text), delimiter=";")) == [
        line.split(";") for line in text.split("\n")[:-1]
    ]


def test_decimal_of_a_packed_zero_keeps_its_exponent(tmp_path: Path) -> None:
    rows = [["A", "ZZ", "0,0", "fr-20", "", ""], ["A", "ZZ", "1,50", "fr-20", "", ""]]
    with rows_stream(cohort_file(tmp_path, rows)) as stream:
        list(stream.courses())
    (a,) = stream.summaries()
    assert str(a.not_converted_credits) == str(Decimal(0) + Decimal("1.50"))


def test_credits_written_alike_are_not_merged_by_value(tmp_path: Path) -> None:
    """7.50 equals 7.5 as a number: each course still shows its credits as printed, and the
    sums keep the digits, from a path and from rows alike."""
    rows = [["A", "14", "7,5", "fr-20", "", ""], ["A", "14", "7,50", "fr-20", "", ""]]
    path = cohort_file(tmp_path, rows)
    dicts = [
        {"student": "A", "course": "x", "grade": "14", "credits": c, "scale": "fr-20"}
        for c in ("7,5", "7,50")
    ]
    for source in (path, dicts):
        listed = convert_transcript(source, school="ing", catalog=catalog())
        assert [str(r.credits) for r in listed.results] == ["7.5", "7.50"]
        assert str(listed.summaries[0].credits) == "15.00"


TITLES = ["Analyse", "=SUM(A1)", "+33", "-3", "@risk", 'Say "hi"', "a;b", "a,b", "tab\tin", ""]
IDS = ["", "S1", "S2", "S3", " S4 ", "=cmd", "-7", "S,5", "S;6"]


@pytest.mark.parametrize(("end", "bom"), [("\n", False), ("\r\n", True)])
def test_the_fused_loop_writes_what_the_list_writer_writes(
    tmp_path: Path, end: str, bom: bool
) -> None:
    """Rows quoted only where csv must (so most blocks are split, some read by the csv
    module), hostile own cells, several blocks: every output dialect byte for byte."""
    import random

    rng = random.Random(12)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator=end)
    writer.writerow(["Matricola", "Insegnamento", "CFU", "Voto", "Scala", "Sostituisce"])
    for i in range(report.HELD_LINES + 3000):
        title = f"Course {i}" if rng.random() < 0.8 else rng.choice(TITLES)
        writer.writerow(
            [
                rng.choice(IDS),
                title,
                rng.choice(CREDITS),
                rng.choice(GRADES),
                rng.choice(SCALES),
                rng.choice(REPLACES) if rng.random() < 0.1 else "",
            ]
        )
    source = tmp_path / "cohort.csv"
    source.write_text(("\ufeff" if bom else "") + out.getvalue(), encoding="utf-8", newline="")
    listed = convert_transcript(source, school="ing", catalog=catalog())
    for delimiter, decimal in ((";", ","), (",", "."), ("\t", ",")):
        expected, got = io.StringIO(), io.StringIO()
        report.write_csv_report(expected, listed.results, delimiter=delimiter, decimal=decimal)
        with rows_stream(source) as stream:
            report.write_csv_stream(got, stream.courses(), delimiter=delimiter, decimal=decimal)
        assert got.getvalue() == expected.getvalue()
        assert [exact(s) for s in stream.summaries()] == [exact(s) for s in listed.summaries]


def test_the_courses_of_a_stream_are_an_iterator_read_once(tmp_path: Path) -> None:
    rows = [["A", "14", "6", "fr-20", "", ""], ["B", "12", "6", "fr-20", "", ""]]
    with rows_stream(cohort_file(tmp_path, rows)) as stream:
        courses = stream.courses()
        first = next(courses)
        assert (first.row, first.student_id) == (2, "A")
        assert [c.student_id for c in courses] == ["B"]
        with pytest.raises(RuntimeError, match="read once"):
            list(stream.courses())
    assert [s.student_id for s in stream.summaries()] == ["A", "B"]
