"""`mobility convert` as a student or a coordinator uses it."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from conftest import Run
from support import EXAMPLES, write


def test_single_grade_as_text_explains_the_formula(run: Run) -> None:
    result = run(
        "convert", "--grade", "14", "--scale", "fr-20", "--school", "ing", "--format", "text"
    )
    assert result.exit_code == 0
    assert result.stdout.startswith("14 (fr-20) → 23")
    assert "18 + (30 − 18) × (14 − 10) / (20 − 10) = 22.8 → 23 (half-up)" in result.stdout
    assert "ing.yaml is illustrative" in result.stderr


def test_grades_as_json(run: Run) -> None:
    result = run(
        "convert", "-g", "2,3", "-g", "MH", "--scale", "de-5", "--school", "ing", "--format", "json"
    )
    assert result.exit_code == 1  # MH is not a German grade
    document = json.loads(result.stdout)
    first, second = document["results"]
    assert (first["row"], first["converted"], first["value"], first["method"], first["status"]) == (
        1,
        "25",
        25,
        "linear",
        "ok",
    )
    assert second["status"] == "error" and "neither a grade nor a word of de-5" in second["error"]
    assert document["summary"]["table"] == "ing"


def test_honours_mark_gives_30_lode(run: Run) -> None:
    result = run(
        "convert", "-g", "Matrícula de Honor", "--scale", "es-10", "--school", "ing", "-f", "json"
    )
    (row,) = json.loads(result.stdout)["results"]
    assert (row["converted"], row["lode"], row["value"]) == ("30L", True, 30)


def test_transcript_table_on_a_terminal_format(run: Run) -> None:
    result = run("convert", str(EXAMPLES / "tum-de5.csv"), "--school", "ing", "--format", "table")
    assert result.exit_code == 0
    assert "Regelungstechnik" in result.stdout and "27.2 → 27" in result.stdout
    assert "pass/fail" in result.stdout
    assert (
        "credits 28, graded credits 25, weighted average 26.24, base on 110 96.21" in result.stdout
    )


def test_transcript_json_shape(run: Run) -> None:
    result = run("convert", str(EXAMPLES / "tudelft-nl10.csv"), "--school", "auic", "-f", "json")
    document = json.loads(result.stdout)
    assert len(document["results"]) == 5
    assert set(document["results"][0]) >= {
        "row",
        "course",
        "input_grade",
        "scale",
        "credits",
        "converted",
        "value",
        "lode",
        "method",
        "rule",
        "status",
        "error",
    }
    summary = document["summary"]
    assert set(summary) >= {
        "credits",
        "graded_credits",
        "weighted_average",
        "base_110",
        "table",
        "warnings",
    }
    # two courses replace two home exams each alone; weighted average over 28 credits
    assert summary["credits"] == 28 and summary["graded_credits"] == 28


def test_several_courses_replacing_one_exam_are_averaged_by_credits(
    run: Run, tmp_path: Path
) -> None:
    path = write(
        tmp_path / "t.csv",
        "course,credits,grade,scale,replaces\nA,6,14.5,fr-20,Analisi\nB,4,16,fr-20,Analisi\n",
    )
    summary = json.loads(run("convert", str(path), "--school", "ing", "-f", "json").stdout)[
        "summary"
    ]
    # 23 × 6 + 25 × 4 = 238 over 10 credits = 23.8 → exam grade 24
    assert summary["exams"] == [
        {"exam": "Analisi", "credits": 10, "converted": "24", "value": 24, "courses": 2}
    ]
    assert summary["weighted_average"] == 24 and summary["base_110"] == 88


def test_csv_output_has_one_row_per_input_row_and_summary_on_stderr(run: Run) -> None:
    path = EXAMPLES / "tum-de5.csv"
    result = run("convert", str(path), "--school", "ing", "-f", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["row"] for r in rows] == ["2", "3", "4", "5", "6", "7"]
    assert rows[3]["status"] == "excluded"
    assert "weighted average 26.24" in result.stderr and "weighted average" not in result.stdout


def test_cohort_gives_one_summary_per_student(run: Run) -> None:
    document = json.loads(
        run("convert", str(EXAMPLES / "cohort.csv"), "--school", "ing", "-f", "json").stdout
    )
    students = {s["student_id"]: s for s in document["students"]}
    assert set(students) == {"10654321", "10698765", "10700011"}
    assert students["10698765"]["weighted_average"] == 24  # 24, 30L (counts 30), 18
    assert document["summary"]["students"] == 3


def test_failing_row_is_an_error_and_the_others_are_converted(run: Run, tmp_path: Path) -> None:
    path = write(
        tmp_path / "t.csv", "course,credits,grade,scale\nA,6,8,fr-20\nB,6,15,fr-20\nC,x,15,fr-20\n"
    )
    result = run("convert", str(path), "--school", "ing", "-f", "csv")
    assert result.exit_code == 1
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["row"], r["status"]) for r in rows] == [("2", "error"), ("3", "ok"), ("4", "error")]
    assert (
        "failing grade" in rows[0]["error"] and "credits: 'x' is not a number" in rows[2]["error"]
    )


def test_programme_cap_warning(run: Run, tmp_path: Path) -> None:
    body = "".join(f"C{i},6,15,fr-20\n" for i in range(6))
    path = write(tmp_path / "t.csv", "course,credits,grade,scale\n" + body)
    result = run(
        "convert",
        str(path),
        "--school",
        "ing",
        "--programme",
        "Ingegneria Informatica",
        "-f",
        "csv",
    )
    assert result.exit_code == 0
    assert (
        "warning: 36 credits exceed the Computer Science and Engineering (BSc) cap of 30 credits per semester"
        in result.stderr
    )


def test_default_scale_from_the_option(run: Run, tmp_path: Path) -> None:
    path = write(tmp_path / "t.csv", "course;credits;grade\nA;6;13,5\n")
    rows = list(
        csv.DictReader(
            io.StringIO(
                run("convert", str(path), "--school", "ing", "--scale", "fr-20", "-f", "csv").stdout
            ),
            delimiter=";",
        )
    )
    assert rows[0]["converted"] == "22"


def test_stdin_input(run: Run) -> None:
    result = run(
        "convert",
        "-",
        "--school",
        "design",
        "-f",
        "csv",
        input="course,credits,grade,scale\nA,5,B,ects\n",
    )
    assert result.exit_code == 0 and ",28,28," in result.stdout


def test_output_file_is_written_with_a_bom_for_excel(run: Run, tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    result = run(
        "convert", str(EXAMPLES / "ects-letters.csv"), "--school", "design", "-o", str(out)
    )
    assert result.exit_code == 0 and result.stdout == ""
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbfrow,")  # auto format to a file is CSV


def test_output_over_the_input_is_refused(run: Run, tmp_path: Path) -> None:
    path = write(tmp_path / "t.csv", "course,credits,grade,scale\nA,5,B,ects\n")
    result = run("convert", str(path), "--school", "ing", "-o", str(path))
    assert result.exit_code == 2 and "refusing to overwrite the input" in result.stderr
    assert path.read_text().startswith("course,credits")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["-g", "14", "--scale", "fr-20", "--school", "ingg"],
            "unknown school / conversion table 'ingg'. Did you mean 'ing'?",
        ),
        (
            ["-g", "14", "--scale", "fr20", "--school", "ing"],
            "unknown scale 'fr20'. Did you mean 'fr-20'?",
        ),
        (
            ["-g", "14", "--scale", "fr-20", "--school", "ing", "-p", "astrology"],
            "unknown programme 'astrology': not a programme the data know; add it in `programmes/` "
            "of a --data-dir; table 'ing' has rules for: cse-bsc",
        ),
        (["-g", "14", "--school", "ing"], "--grade needs --scale"),
        (["missing.csv", "--school", "ing"], "missing.csv: no such file"),
        (["--school", "ing"], "give a transcript INPUT or one or more --grade"),
    ],
)
def test_bad_options_exit_2_with_one_line(run: Run, args: list[str], message: str) -> None:
    result = run("convert", *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert result.stderr.count("Error:") == 1 and result.stdout == ""


def test_empty_transcript_exits_2(run: Run, tmp_path: Path) -> None:
    result = run(
        "convert", str(write(tmp_path / "t.csv", "course,credits,grade\n")), "--school", "ing"
    )
    assert result.exit_code == 2 and "no courses" in result.stderr


def test_undecodable_middle_of_file_gives_a_hint(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_bytes(
        b"course,credits,grade,scale\n" + b"A,5,B,ects\n" * 7000 + b"Caf\xe9,5,B,ects\n"
    )
    result = run("convert", str(path), "--school", "ing", "-f", "csv")
    assert result.exit_code == 2
    assert "t.csv:7002: cannot decode as utf-8 (try --encoding cp1252)" in result.stderr
    fixed = run("convert", str(path), "--school", "ing", "-f", "csv", "--encoding", "cp1252")
    assert fixed.exit_code == 0 and "Café" in fixed.stdout


def test_broken_data_dir_table_is_named_precisely(run: Run, tmp_path: Path) -> None:
    (tmp_path / "conversion_tables").mkdir()
    write(
        tmp_path / "conversion_tables" / "ing.yaml",
        "kind: conversion_table\nschema_version: 1\nschema_version: 2\n",
    )
    result = run(
        "--data-dir", str(tmp_path), "convert", "-g", "14", "--scale", "fr-20", "--school", "ing"
    )
    assert result.exit_code == 2
    assert "ing.yaml:3:1: duplicate key 'schema_version' (first at line 2)" in result.stderr


def test_failed_course_is_excluded_and_its_credits_not_counted(run: Run, tmp_path: Path) -> None:
    path = write(
        tmp_path / "t.csv", "course,credits,grade,scale,status\nA,6,8,fr-20,failed\nB,6,15,fr-20,\n"
    )
    result = run("convert", str(path), "--school", "ing", "-f", "json")
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    assert [r["status"] for r in document["results"]] == ["excluded", "ok"]
    assert document["summary"]["credits"] == 6 and document["summary"]["graded_credits"] == 6


def test_terminal_escape_codes_in_input_are_not_sent_to_the_terminal(
    run: Run, tmp_path: Path
) -> None:
    path = write(tmp_path / "t.csv", "course,credits,grade,scale\nA,6,\x1b[2J14,fr-20\n")
    result = run("convert", str(path), "--school", "ing", "-f", "csv")
    assert result.exit_code == 1
    assert "\x1b" not in result.stderr
    summary = run("convert", "-g", "\x1b[31m14", "--scale", "fr-20", "--school", "ingg")
    assert summary.exit_code == 2 and "\x1b" not in summary.stderr
    text = run("convert", "-g", "\x1b[31m14", "--scale", "fr-20", "--school", "ing", "-f", "text")
    assert "\x1b" not in text.stdout and "␚[31m14" in text.stdout


def test_a_column_naming_no_transcript_field_is_refused_with_single_grades_too(run: Run) -> None:
    result = run(
        "convert", "--grade", "14", "--scale", "fr-20", "--school", "ing", "--column", "mark=Note"
    )
    assert result.exit_code == 2
    assert "unknown transcript field 'mark'" in result.stderr and result.stdout == ""
