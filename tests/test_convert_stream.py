"""The streaming convert (issue 12): the same bytes as the list API on large, hostile,
interleaved cohorts; summaries per student id wherever a student's rows are; read once."""

from __future__ import annotations

import io
import json
import random
from decimal import Decimal
from pathlib import Path

import pytest

from conftest import Run
from mobility_cli import convert_transcript, stream_transcript
from mobility_cli.reports import convert as report
from support import EXAMPLES

HOSTILE_TITLES = [
    "Analyse",
    "=SUM(A1)",
    "+33 1 23",
    "-3",
    "@risk",
    'Say "hi"',
    "a;b",
    "a,b",
    "line\rbreak",
    "tab\tinside",
    "Éco ‮",
    "",
]
GRADES = ["14", "12,5", "9", "20", "ZZ", "", "Très bien", "=1+1", "15\r"]
SCALES = ["fr-20", "FR-20", "", "de-5", "xx-1"]
CREDITS = ["6", "7,5", "0", "-3", "abc", "", "1e3"]
STATUS = ["", "passed", "failed", "idoneo", "maybe"]


def cohort_text(rows: int, seed: int) -> str:
    """A ';' cohort, students interleaved, every kind of cell a real export can carry."""
    rng = random.Random(seed)
    lines = ["Matricola;Insegnamento;CFU;Voto;Scala;Stato;Sostituisce"]
    for i in range(rows):
        cells = [
            rng.choice(["", f"S{i % 37}", f"S{i % 37}", "=cmd", '"q"']),
            rng.choice(HOSTILE_TITLES) + str(i % 3),
            rng.choice(CREDITS),
            rng.choice(GRADES),
            rng.choice(SCALES),
            rng.choice(STATUS),
            rng.choice(["", "", "Analisi 1", "=x"]),
        ]
        lines.append(";".join('"' + c.replace('"', '""') + '"' for c in cells))
    if rng.random() < 0.5:
        lines.append("S1;short row")  # a shape problem: that row's own error
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_streamed_cohort_is_written_as_the_list_api_writes_it(tmp_path: Path, seed: int) -> None:
    source = tmp_path / "cohort.csv"
    source.write_text(cohort_text(report.HELD_LINES + 900, seed), encoding="utf-8")
    listed = convert_transcript(source, school="ing")
    for delimiter, decimal in ((";", ","), (",", "."), ("\t", ",")):
        expected, got = io.StringIO(), io.StringIO()
        report.write_csv_report(expected, listed.results, delimiter=delimiter, decimal=decimal)
        stream = stream_transcript(source, school="ing")
        report.write_csv_stream(got, stream.courses(), delimiter=delimiter, decimal=decimal)
        assert got.getvalue() == expected.getvalue()
    expected, got = io.StringIO(), io.StringIO()
    report.write_json_report(
        expected, listed.results, listed.summaries, table="ing", programme=None
    )
    report.write_json_stream(
        got, stream_transcript(source, school="ing"), table="ing", programme=None
    )
    assert got.getvalue() == expected.getvalue()
    assert json.loads(got.getvalue())["summary"]["courses"] == len(listed.results)


def test_a_students_rows_need_not_be_contiguous(tmp_path: Path) -> None:
    text = cohort_text(3000, 7)
    header, *rows = text.rstrip("\n").split("\n")  # no cell holds a newline (some hold CR)
    interleaved, grouped = tmp_path / "interleaved.csv", tmp_path / "grouped.csv"
    interleaved.write_text(text, encoding="utf-8")
    # the same rows, each student's together (a stable sort keeps each student's order)
    grouped.write_text("\n".join([header, *sorted(rows, key=lambda r: r.split(";")[0])]) + "\n")
    apart = {s.student_id: s for s in stream_summaries(interleaved)}
    together = {s.student_id: s for s in stream_summaries(grouped)}
    assert apart == together
    assert len(apart) > 30
    assert any(not s.complete and s.not_converted_credits > 0 for s in apart.values())
    assert any(s.exams for s in apart.values())


def stream_summaries(path: Path) -> list[report.Summary]:
    stream = stream_transcript(path, school="ing")
    for _ in stream.courses():
        pass
    return list(stream.summaries())


def test_a_stream_is_read_once_and_summed_after() -> None:
    stream = stream_transcript(EXAMPLES / "cohort.csv", school="ing")
    with pytest.raises(RuntimeError, match="before its summaries"):
        list(stream.summaries())
    results = list(stream)
    with pytest.raises(RuntimeError, match="read once"):
        list(stream)
    assert stream.course_count == len(results) and stream.students == 3 and stream.cohort
    assert [s.credits for s in stream.summaries()] == [
        s.credits for s in convert_transcript(EXAMPLES / "cohort.csv", school="ing").summaries
    ]


def test_an_input_broken_after_a_block_keeps_the_block_on_stdout_and_no_file(
    run: Run, tmp_path: Path
) -> None:
    """Streamed: the rows before a broken line are written to stdout, then the error (exit 2);
    a file given with -o is never left half written."""
    good = "".join(f"S{i % 5},Course {i},6,14,fr-20\n" for i in range(report.HELD_LINES + 10))
    source = tmp_path / "broken.csv"
    source.write_bytes(("student_id,course,credits,grade,scale\n" + good).encode() + b"x,\xff\n")
    shown = run("convert", str(source), "--school", "ing", "--format", "csv", "--encoding", "utf-8")
    assert shown.exit_code == 2
    assert shown.stderr.startswith("Error: ") and shown.stderr.count("\n") == 1
    assert shown.stdout.count("\n") >= report.HELD_LINES
    target = tmp_path / "out.csv"
    written = run("convert", str(source), "-s", "ing", "-o", str(target), "--encoding", "utf-8")
    assert written.exit_code == 2 and not target.exists()


def test_summary_sums_stay_exact_decimals(tmp_path: Path) -> None:
    source = tmp_path / "t.csv"
    source.write_text(
        "student_id,course,credits,grade,scale\nA,x,7.5,14,fr-20\nB,y,6,14,fr-20\n"
        "A,z,7.5,12,fr-20\n",
        encoding="utf-8",
    )
    summaries = stream_summaries(source)
    assert [str(s.credits) for s in summaries] == ["15.0", "6"]
    assert summaries[0].weighted_average == Decimal("21.50")
