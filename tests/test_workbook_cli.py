"""Workbooks wherever a CSV is read: `convert` of an .xlsx or .ods transcript, `--sheet`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import Run
from workbooks import Percent, ods, xlsx

EXAMPLES = Path(__file__).parent.parent / "examples"
ROWS = [
    ["Insegnamento", "CFU", "Voto", "Scala", "Stato"],
    ["Analyse", 6, 14, "fr-20", None],
    [None, None, None, None, None],
    ["Stage", 3, None, "fr-20", "idoneo"],
    ["Essay", 5, Percent(0.72), "uk-pct", None],
]


def converted(result_stdout: str) -> list[tuple[int, str, str, str]]:
    results = json.loads(result_stdout)["results"]
    return [(r["row"], r["course"], r["input_grade"], r["converted"]) for r in results]


@pytest.mark.parametrize(("make", "suffix"), [(xlsx, ".xlsx"), (ods, ".ods")])
def test_a_workbook_transcript_converts_with_sheet_row_numbers(
    run: Run, tmp_path: Path, make, suffix: str
) -> None:
    path = tmp_path / f"transcript{suffix}"
    path.write_bytes(make({"Esami": ROWS}))
    result = run("convert", str(path), "--school", "ing", "-f", "json")
    assert result.exit_code == 0, result.stderr
    assert converted(result.stdout) == [
        (2, "Analyse", "14", "23"),
        (4, "Stage", "", None),
        (5, "Essay", "72%", "24"),
    ]


def test_the_bundled_xlsx_example_gives_what_its_csv_twin_gives(run: Run) -> None:
    def outcome(name: str) -> tuple[list[tuple[object, ...]], object]:
        result = run("convert", str(EXAMPLES / name), "--school", "ing", "-f", "json")
        assert result.exit_code == 0, result.stderr
        document = json.loads(result.stdout)
        keys = ("row", "course", "credits", "converted", "value", "status")
        return [tuple(r[k] for k in keys) for r in document["results"]], document["summary"]

    assert outcome("excel-italian.xlsx") == outcome("excel-italian-cp1252.csv")


def test_sheet_picks_a_sheet_by_name_and_an_unknown_one_lists_them(
    run: Run, tmp_path: Path
) -> None:
    path = tmp_path / "t.xlsx"
    path.write_bytes(xlsx({"Notes": [["nothing here"]], "Esami": ROWS}))
    first = run("convert", str(path), "--school", "ing", "-f", "json")
    assert first.exit_code == 2
    assert "missing column(s) course, credits, grade" in first.stderr
    chosen = run("convert", str(path), "--school", "ing", "--sheet", "esami", "-f", "json")
    assert chosen.exit_code == 0 and len(converted(chosen.stdout)) == 3
    unknown = run("convert", str(path), "--school", "ing", "--sheet", "Grades")
    assert unknown.exit_code == 2
    assert unknown.stderr.strip() == (
        f"Error: {path}: no sheet 'Grades' (sheets: 'Notes', 'Esami'); choose one with --sheet"
    )


def test_sheet_on_a_csv_is_refused(run: Run) -> None:
    result = run("convert", str(EXAMPLES / "tum-de5.csv"), "--school", "ing", "--sheet", "S")
    assert result.exit_code == 2
    assert "--sheet S: not a workbook (.xlsx or .ods)" in result.stderr


def test_a_workbook_on_standard_input_is_read(run: Run) -> None:
    result = run("convert", "-", "--school", "ing", "-f", "json", input=xlsx({"S": ROWS}))
    assert result.exit_code == 0, result.stderr
    assert len(converted(result.stdout)) == 3


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\xd0\xcf\x11\xe0" + bytes(600), "an old .xls workbook or a password-protected one"),
        (b"PK\x03\x04garbage" + bytes(600), "not a readable .xlsx or .ods workbook"),
        (xlsx({}), "the workbook has no sheets"),
        (xlsx({"Empty": []}), "sheet 'Empty' is empty (no header row)"),
    ],
    ids=["xls", "broken-zip", "no-sheets", "empty-sheet"],
)
def test_an_unreadable_workbook_is_one_error_line_and_exit_2(
    run: Run, tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "t.xlsx"
    path.write_bytes(content)
    result = run("convert", str(path), "--school", "ing")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and message in result.stderr


def test_control_characters_in_a_workbook_cell_are_shown_not_obeyed(
    run: Run, tmp_path: Path
) -> None:
    path = tmp_path / "t.xlsx"
    path.write_bytes(xlsx({"S": [ROWS[0], ["X\x1b[2J\x1b[31mRED\u202e", 6, 14, "fr-20", None]]}))
    shown = run("convert", str(path), "--school", "ing", "-f", "table")
    assert "\x1b" not in shown.stdout and "\u202e" not in shown.stdout
    assert "RED" in shown.stdout
    exact = run("convert", str(path), "--school", "ing", "-f", "json")
    assert json.loads(exact.stdout)["results"][0]["course"] == "X\x1b[2J\x1b[31mRED\u202e"


def _sheet_of(csv_path: Path, delimiter: str) -> list[list[object]]:
    """A CSV example as a coordinator's workbook: numbers typed as numbers."""
    import csv

    def typed(cell: str) -> object:
        try:
            return float(cell.replace(",", ".")) if cell.strip() else None
        except ValueError:
            return cell

    text = csv_path.read_text(encoding="utf-8-sig")
    rows = list(csv.reader(text.splitlines(), delimiter=delimiter))
    return [rows[0], *[[typed(c) for c in row] for row in rows[1:]]]


@pytest.mark.parametrize("command", ["check", "rank"])
def test_an_applicant_workbook_gets_the_verdicts_of_its_csv_twin(
    run: Run, tmp_path: Path, command: str
) -> None:
    rows = _sheet_of(EXAMPLES / "applicants.csv", ";")
    path = tmp_path / "domande.xlsx"
    path.write_bytes(xlsx({"Istruzioni": [["Compilare il foglio Domande"]], "Domande": rows}))
    call = "polimi-2026-2027-first-engineering"
    args = (command, "--call", call, "-f", "json", "--keep", "none")
    from_csv = run(*args, str(EXAMPLES / "applicants.csv"))
    from_sheet = run(*args, str(path), "--sheet", "Domande")
    assert from_sheet.exit_code == from_csv.exit_code
    assert json.loads(from_sheet.stdout) == json.loads(from_csv.stdout)
    wrong_sheet = run(*args, str(path))
    assert wrong_sheet.exit_code == 2 and "missing column(s)" in wrong_sheet.stderr


def test_a_grading_table_is_built_from_a_workbook_as_from_its_csv(run: Run, tmp_path: Path) -> None:
    rows = _sheet_of(EXAMPLES / "passed-exams-paris.csv", ",")
    rows = [rows[0], *[[f"{r[0]:04.0f}", *r[1:]] for r in rows[1:]]]  # ISCED codes keep their 0
    path = tmp_path / "exams.ods"
    path.write_bytes(ods({"Exams": rows}))
    args = ("grading-table", "build", "--scale", "fr-20", "-f", "json")
    from_csv = run(*args, str(EXAMPLES / "passed-exams-paris.csv"))
    from_sheet = run(*args, str(path))
    assert from_sheet.exit_code == from_csv.exit_code
    assert json.loads(from_sheet.stdout) == json.loads(from_csv.stdout)


@pytest.mark.parametrize("command", ["convert", "check"])
def test_output_named_like_a_workbook_is_refused_not_written_as_text(
    run: Run, tmp_path: Path, command: str
) -> None:
    target = tmp_path / "out.xlsx"
    if command == "convert":
        args = ("convert", str(EXAMPLES / "tum-de5.csv"), "--school", "ing")
    else:
        args = ("check", "--call", "ka107-2019-2020-s2", str(EXAMPLES / "applicants.csv"))
    result = run(*args, "-o", str(target))
    assert result.exit_code == 2
    assert "mobility writes text (CSV, JSON), not workbooks: name the file .csv" in result.stderr
    assert not target.exists()
