"""Transcripts as partner universities print them (issue 10): grade cells with words, foreign
headers, ids in any case, honest partial summaries, output in the input's dialect, notes."""

from __future__ import annotations

import csv
import io
import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.conftest import Run
from tests.support import EXAMPLES, write

from mobility_cli.api import load_catalog
from mobility_cli.cli import completion
from mobility_cli.conversion.grades import GradeError, format_number, parse_grade

CATALOG = load_catalog()
SPAIN = EXAMPLES / "spain-cp1252.csv"


def rows(text: str, delimiter: str = ",") -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text), delimiter=delimiter))


# --- 1. grade cells as printed ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("scale", "cell", "value"),
    [
        ("es-10", "Notable 7,5", "7.5"),
        ("es-10", "7,5 (Notable)", "7.5"),
        ("es-10", "Sobresaliente 9", "9"),
        ("es-10", "Aprobado 5", "5"),
        ("es-10", "NT - 8", "8"),
        ("uk-pct", "72%", "72"),
        ("uk-pct", "First 72%", "72"),
        ("uk-pct", "65 (2:1)", "65"),
        ("fr-20", "Bien 14,5", "14.5"),
        ("fr-20", "14/20 (Bien)", "14"),
        ("de-5", "gut (2,3)", "2.3"),
        ("gr-10", "Λίαν Καλώς 7,2", "7.2"),
    ],
)
def test_a_number_with_its_word_is_the_number(scale: str, cell: str, value: str) -> None:
    grade = parse_grade(CATALOG.scale(scale), cell)
    assert grade.value == Decimal(value) and not grade.honours


@pytest.mark.parametrize(
    "cell", ["10 MH", "MH 10", "Matrícula de Honor", "10 (Matrícula de Honor)"]
)
def test_spanish_honours_with_or_without_the_number(cell: str) -> None:
    grade = parse_grade(CATALOG.scale("es-10"), cell)
    assert grade.honours and grade.label == "MH"


@pytest.mark.parametrize(
    ("scale", "cell", "message"),
    [
        ("es-10", "Notable 9,5", "the number 9.5 contradicts 'Notable' (7–8.9 on es-10)"),
        ("es-10", "8 MH", "the number 8 contradicts 'MH'"),
        ("uk-pct", "First 65%", "contradicts 'First'"),
        ("fr-20", "72%", "a percentage, but fr-20 runs 0–20"),
        ("fr-20", "14/30", "out of 30, but fr-20 is out of 20"),
        ("es-10", "Genial 9", "neither a grade nor a word of es-10"),
    ],
)
def test_a_contradicting_or_unknown_decoration_is_an_error(
    scale: str, cell: str, message: str
) -> None:
    with pytest.raises(GradeError, match=re.escape(message)):
        parse_grade(CATALOG.scale(scale), cell)


def test_an_unknown_cell_lists_the_scale_words() -> None:
    with pytest.raises(GradeError) as caught:
        parse_grade(CATALOG.scale("es-10"), "muy bien")
    assert "Suspenso, Aprobado, Notable, Sobresaliente, MH" in str(caught.value)


NUMBERS = st.decimals(min_value=5, max_value=10, places=1)
DECORATIONS = st.sampled_from(
    ["{n}", "{n}/10", "{n} / 10", "{w} {n}", "{n} ({w})", "{w} - {n}", "{n} {w}", "[{w}] {n}"]
)


@given(number=NUMBERS, decoration=DECORATIONS, comma=st.booleans(), upper=st.booleans())
def test_any_accepted_decoration_parses_to_the_same_grade(
    number: Decimal, decoration: str, comma: bool, upper: bool
) -> None:
    scale = CATALOG.scale("es-10")
    plain = parse_grade(scale, format_number(number))
    word = next(w for w in scale.words if w.low <= number <= w.high)  # type: ignore[union-attr]
    shown = format_number(number).replace(".", "," if comma else ".")
    cell = decoration.format(n=shown, w=word.word.upper() if upper else word.word)
    decorated = parse_grade(scale, cell)
    assert (decorated.value, decorated.passing) == (plain.value, plain.passing)


def test_a_word_alone_converts_only_where_the_table_maps_its_whole_range(
    run: Run, tmp_path: Path
) -> None:
    result = run("convert", "-g", "Notable", "--scale", "es-10", "--school", "ing", "-f", "json")
    (only,) = json.loads(result.stdout)["results"]
    assert result.exit_code == 1
    assert "'Notable' stands for 7–8.9 on es-10, which convert to 23–27 here" in only["error"]
    (tmp_path / "conversion_tables").mkdir()
    bands = write(
        tmp_path / "conversion_tables" / "bands.yaml",
        (Path(__file__).parent / "data" / "notable-bands.yaml").read_text(encoding="utf-8"),
    )
    mapped = run(
        "--data-dir", str(bands.parent.parent), "convert", "-g", "Notable",
        "--scale", "es-10", "--school", "bands", "-f", "json",
    )  # fmt: skip
    (ok,) = json.loads(mapped.stdout)["results"]
    assert mapped.exit_code == 0, mapped.stderr
    assert ok["converted"] == "26" and "all of it converts alike" in ok["rule"]


def test_uk_classes_are_a_scale_of_their_own() -> None:
    scale = CATALOG.scale("uk-class")
    assert parse_grade(scale, "Upper second").label == "2:1"
    assert parse_grade(scale, "Third").passing and not parse_grade(scale, "Fail").passing


def test_german_module_averages_are_accepted_with_a_note(run: Run) -> None:
    result = run("convert", "-g", "2,5", "--scale", "de-5", "--school", "ing", "-f", "json")
    (only,) = json.loads(result.stdout)["results"]
    assert result.exit_code == 0 and only["status"] == "ok"
    assert only["notes"] == [
        "2.5 on de-5 is read as an average (one decimal), not one of the scale's course grades"
    ]
    assert "note: 2.5 on de-5 is read as an average" in result.stderr
    assert run("convert", "-g", "4,5", "--scale", "de-5", "--school", "ing").exit_code == 1


@pytest.mark.parametrize(
    ("cell", "status", "rule"),
    [
        ("Apto", "excluded", "pass/fail"),
        ("Validé", "excluded", "pass/fail"),
        ("bestanden", "excluded", "pass/fail"),
        ("Voldaan", "excluded", "pass/fail"),
        ("Godkänd", "excluded", "pass/fail"),
        ("Hyväksytty", "excluded", "pass/fail"),
        ("nicht bestanden", "excluded", "failed on the transcript"),
        ("No apto", "excluded", "failed on the transcript"),
        ("Non validé", "excluded", "failed on the transcript"),
    ],
)
def test_pass_fail_words_set_the_status(
    run: Run, tmp_path: Path, cell: str, status: str, rule: str
) -> None:
    path = write(tmp_path / "t.csv", f"course,credits,grade\nStage,6,{cell}\nA,6,14\n")
    result = run("convert", str(path), "--school", "ing", "--scale", "fr-20", "-f", "csv")
    first = rows(result.stdout)[0]
    assert (first["status"], rule in first["rule"]) == (status, True)
    assert result.exit_code == 0


def test_a_status_column_says_otherwise(run: Run, tmp_path: Path) -> None:
    path = write(
        tmp_path / "t.csv",
        "course,credits,grade,status\nStage,6,Apto,failed\nB,6,nicht bestanden,passed\n",
    )
    out = rows(run("convert", str(path), "--school", "ing", "--scale", "es-10", "-f", "csv").stdout)
    assert out[0]["status"] == "excluded" and "failed" in out[0]["rule"]
    assert out[1]["status"] == "error" and "is a fail, the status says passed" in out[1]["error"]


# --- 2. headers --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "header",
    [
        "Asignatura;Créditos;Calificación",
        "Vak,EC,Cijfer",
        "Intitulé;Crédits ECTS;Note finale",
        "Modul;Leistungspunkte;Note",
        "Unidade curricular;Créditos ECTS;Classificação",
        "Course title,ECTS credits,Final mark",
    ],
)
def test_partner_language_headers(run: Run, tmp_path: Path, header: str) -> None:
    sep = ";" if ";" in header else ","
    path = write(tmp_path / "t.csv", f"{header}\nA{sep}6{sep}14\n")
    result = run("convert", str(path), "--school", "ing", "--scale", "fr-20", "-f", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["results"][0]["converted"] == "23"


def test_column_option_maps_a_header(run: Run, tmp_path: Path) -> None:
    path = write(tmp_path / "t.csv", "Esame svolto,CFU,Risultato finale\nA,6,14\n")
    missing = run("convert", str(path), "--school", "ing", "--scale", "fr-20")
    assert missing.exit_code == 2
    assert (
        "missing column(s) course, grade; found 'Esame svolto', 'CFU', 'Risultato finale'; "
        "name the column with --column course=HEADER"
    ) in missing.stderr
    mapped = run(
        "convert", str(path), "--school", "ing", "--scale", "fr-20", "-f", "json",
        "--column", "course=Esame svolto", "--column", "grade=Risultato finale",
    )  # fmt: skip
    assert mapped.exit_code == 0 and json.loads(mapped.stdout)["results"][0]["course"] == "A"
    bad = run("convert", str(path), "--school", "ing", "--column", "mark=Risultato")
    assert bad.exit_code == 2 and "unknown transcript field 'mark'" in bad.stderr


def test_the_spanish_cp1252_transcript_converts_with_no_cleaning(run: Run) -> None:
    result = run("convert", str(SPAIN), "--school", "ing", "--scale", "es-10", "-f", "json")
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    converted = [(r["input_grade"], r["converted"], r["status"]) for r in document["results"]]
    assert converted == [
        ("Notable 7,5", "24", "ok"),
        ("7,5 (Notable)", "24", "ok"),
        ("Sobresaliente 9", "28", "ok"),
        ("10 MH", "30L", "ok"),
        ("Aprobado 5", "18", "ok"),
        ("Apto", None, "excluded"),
    ]
    assert document["summary"]["complete"] is True
    assert document["summary"]["credits"] == 31.5


# --- 3. ids and names --------------------------------------------------------------------------


def test_ids_match_in_any_case(run: Run) -> None:
    result = run("convert", "-g", "14", "--scale", "FR-20", "--school", "ING", "-f", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["results"][0]["scale"] == "fr-20"


def test_a_catalogue_programme_without_rules_converts_by_the_school_rules(run: Run) -> None:
    result = run(
        "convert", "-g", "14", "--scale", "fr-20", "--school", "ing",
        "--programme", "ingegneria meccanica", "-f", "json",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["results"][0]["converted"] == "23"
    assert (
        "note: programme mechanical-msc (Mechanical Engineering) has no rules of its own in "
        "table 'ing': converted by the school's rules"
    ) in result.stderr


def test_did_you_mean_only_for_a_close_id(run: Run) -> None:
    close = run("convert", "-g", "14", "--scale", "fr-21", "--school", "ing")
    assert "Did you mean 'fr-20'?" in close.stderr
    far = run("convert", "-g", "14", "--scale", "fr", "--school", "xyz")
    assert far.exit_code == 2 and "Did you mean" not in far.stderr


def test_completion_offers_ids() -> None:
    assert completion.schools("I") == ["ing"]
    assert "es-10" in completion.scales("es")
    assert "mechanical-msc" in completion.programmes("mech")
    assert "auic" not in completion.programmes("")  # a school, not a programme
    assert completion.calls("athens") == ["athens-march", "athens-november"]


# --- 4. an honest summary ----------------------------------------------------------------------

PARTIAL = "course,credits,grade\nA,6,14\nB,6,quattordici\nC,4,Passable\nD,5,21\n"


def test_a_partial_transcript_cannot_be_mistaken_for_a_complete_one(
    run: Run, tmp_path: Path
) -> None:
    path = write(tmp_path / "t.csv", PARTIAL)
    args = ("convert", str(path), "--school", "ing", "--scale", "fr-20")
    as_json = run(*args, "-f", "json")
    summary = json.loads(as_json.stdout)["summary"]
    assert as_json.exit_code == 1
    assert (summary["complete"], summary["not_converted_credits"]) == (False, 15)
    assert "partial — 3 courses (15 credits) not converted" in as_json.stderr
    table = run(*args, "-f", "table")
    assert "partial — 3 courses (15 credits) not converted: credits 6" in table.stdout
    assert "weighted average of the converted courses 23" in table.stdout
    assert table.exit_code == 1
    as_csv = run(*args, "-f", "csv")
    assert "partial — 3 courses (15 credits) not converted" in as_csv.stderr


def test_a_complete_transcript_says_complete(run: Run) -> None:
    result = run("convert", str(EXAMPLES / "tum-de5.csv"), "--school", "ing", "-f", "json")
    summary = json.loads(result.stdout)["summary"]
    assert (summary["complete"], summary["not_converted_credits"]) == (True, 0)
    assert "partial" not in result.stderr


# --- 6. output in the input's dialect, --summary -----------------------------------------------


def test_output_follows_an_italian_files_dialect(run: Run, tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    source = EXAMPLES / "excel-italian-cp1252.csv"
    result = run("convert", str(source), "--school", "ing", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    written = out.read_text(encoding="utf-8-sig")
    first = rows(written, ";")[0]
    assert first["course"] == "Économie générale" and first["input_grade"] == "13,5"
    assert first["converted"] == "22"
    assert all("." not in r["credits"] for r in rows(written, ";"))
    plain = tmp_path / "plain.csv"
    run("convert", str(source), "--school", "ing", "-o", str(plain), "--delimiter", ",",
        "--decimal", ".")  # fmt: skip
    assert rows(plain.read_text(encoding="utf-8-sig"))[0]["course"] == "Économie générale"


def test_decimal_commas_in_the_output(run: Run, tmp_path: Path) -> None:
    path = write(tmp_path / "t.csv", "corso;cfu;voto\nA;7,5;12,5\n")
    result = run("convert", str(path), "--school", "ing", "--scale", "fr-20", "-f", "csv")
    (only,) = rows(result.stdout, ";")
    assert (only["credits"], only["input_grade"]) == ("7,5", "12,5")


@pytest.mark.parametrize("name", ["summary.csv", "summary.json"])
def test_summary_file_has_one_row_per_student(run: Run, tmp_path: Path, name: str) -> None:
    target = tmp_path / name
    result = run(
        "convert", str(EXAMPLES / "cohort.csv"), "--school", "ing", "-f", "json",
        "--summary", str(target),
    )  # fmt: skip
    students = json.loads(result.stdout)["students"]
    text = target.read_text(encoding="utf-8-sig")
    found = json.loads(text) if name.endswith(".json") else rows(text)
    assert [str(s["student_id"]) for s in found] == [s["student_id"] for s in students]
    assert list(found[0]) == [
        "student_id", "courses", "credits", "graded_credits", "weighted_average", "base_110",
        "complete", "not_converted", "not_converted_credits",
    ]  # fmt: skip


def test_summary_file_is_not_the_output(run: Run, tmp_path: Path) -> None:
    out = str(tmp_path / "out.csv")
    result = run("convert", str(SPAIN), "--school", "ing", "-o", out, "--summary", out)
    assert result.exit_code == 2 and "give a file other than the input and -o" in result.stderr


# --- 7. notes ----------------------------------------------------------------------------------


def test_notes_name_bundled_files_once_and_quiet_silences_them(run: Run) -> None:
    args = ("convert", str(SPAIN), "--school", "ing", "--scale", "es-10", "-f", "json")
    loud = run(*args)
    assert "note: bundled:conversion_tables/ing.yaml is illustrative" in loud.stderr
    assert loud.stderr.count("bundled:scales/national.yaml") == 1
    assert "site-packages" not in loud.stderr and "/data/" not in loud.stderr
    quiet = run(*args, "--quiet")
    assert quiet.stderr == "" and quiet.stdout == loud.stdout
    failing = run("convert", "-g", "xx", "--scale", "es-10", "--school", "ing", "-q", "-f", "json")
    assert failing.exit_code == 1 and "neither a grade" in failing.stdout


def test_quiet_never_silences_errors(run: Run) -> None:
    result = run("convert", "missing.csv", "--school", "ing", "--quiet")
    assert result.exit_code == 2 and "Error: missing.csv: no such file" in result.stderr


def test_the_shell_asks_for_ids(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from mobility_cli.cli import app

    monkeypatch.setenv("_MOBILITY_COMPLETE", "complete_bash")
    monkeypatch.setenv("COMP_WORDS", "mobility check --call athens-m")
    monkeypatch.setenv("COMP_CWORD", "3")
    with pytest.raises(SystemExit):
        app(prog_name="mobility")
    assert capsys.readouterr().out.split() == ["athens-march"]
