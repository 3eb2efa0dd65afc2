"""`mobility check` and `mobility rank` as a coordinator uses them on Excel exports."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from conftest import Run
from mobility_cli.reports import check as report
from support import EXAMPLES, write

KA107 = "ka107-2019-2020-s2"
POLIMI = "polimi-2026-2027-first-engineering"

# One table of applicants, written below in every dialect and encoding of the contract.
APPLICANTS = [
    # id, programme, level, year, credits, average, language, months abroad, previous, years
    (
        "10600001",
        "Ingegneria Meccanica",
        "Laurea Magistrale",
        "2",
        "150",
        "27.4",
        "B2",
        "0",
        "0",
        "4",
    ),
    ("10600002", "Ingegneria Fisica", "LM", "1", "60", "25.15", "C1", "0", "1", "4"),
    ("10600003", "Ingegneria Fisica", "Laurea", "2", "70", "23.8", "B1", "9.5", "0", "2"),
    ("10600004", "Architettura", "LM", "2", "90", "28", "B2", "10", "1", "5"),
    ("10600005", "Ingegneria Mecanica", "LM", "2", "120", "26", "B2", "0", "0", "4"),
    ("10600006", "Management Engineering", "MSc", "", "100", "24.5", "B2", "3", "0", "4"),
    ("10600007", "Mathematical Engineering", "MSc", "2", "120", "29.5", "C2", "0", "0", "1"),
]
ENGLISH = [
    "id",
    "programme",
    "level",
    "year",
    "credits",
    "average",
    "language",
    "months_abroad",
    "previous_exchanges",
    "years_enrolled",
]
ITALIAN = [
    "Matricola",
    "Corso di studio",
    "Livello",
    "Anno",
    "CFU",
    "Media",
    "Lingua",
    "Mesi all'estero",
    "Scambi precedenti",
    "Anni di iscrizione",
]


def dialect_file(
    path: Path,
    header: list[str],
    delimiter: str,
    decimal_comma: bool,
    encoding: str,
    newline: str = "\n",
    surname: str = "",
) -> Path:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator=newline)
    writer.writerow([*header, *(["Cognome"] if surname else [])])
    for row in APPLICANTS:
        cells = [c.replace(".", ",") if decimal_comma else c for c in row]
        writer.writerow([*cells, *([surname] if surname else [])])
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def dialects(tmp_path: Path) -> list[Path]:
    return [
        dialect_file(tmp_path / "english-comma.csv", ENGLISH, ",", False, "utf-8"),
        dialect_file(tmp_path / "excel-bom-semicolon.csv", ITALIAN, ";", True, "utf-8-sig", "\r\n"),
        dialect_file(
            tmp_path / "excel-cp1252.csv",
            ITALIAN,
            ";",
            True,
            "cp1252",
            "\r\n",
            surname="Niccolò Àlvarez",
        ),
        dialect_file(tmp_path / "tab.tsv", ITALIAN, "\t", True, "utf-8"),
        dialect_file(tmp_path / "comma-quoted-decimal-commas.csv", ENGLISH, ",", True, "utf-8"),
        dialect_file(
            tmp_path / "unicode-text.txt", ITALIAN, "\t", True, "utf-16", "\r\n"
        ),  # Excel's "Unicode text"
    ]


def test_every_dialect_and_encoding_gives_the_same_results(run: Run, tmp_path: Path) -> None:
    outcomes = []
    for path in dialects(tmp_path):
        result = run("check", "--call", POLIMI, str(path), "--format", "jsonl")
        assert result.exit_code == 1, (path.name, result.stderr)  # two rows are errors
        rows = [json.loads(line) for line in result.stdout.splitlines()]
        # the input's columns travel with each verdict, the id column first as in the file
        assert [next(iter(row["input"].values())) for row in rows] == [r["id"] for r in rows]
        outcomes.append([{k: v for k, v in row.items() if k != "input"} for row in rows])
    assert all(outcome == outcomes[0] for outcome in outcomes[1:])
    by_id = {r["id"]: r for r in outcomes[0]}
    assert [r["row"] for r in outcomes[0]] == [2, 3, 4, 5, 6, 7, 8]
    assert by_id["10600001"] == {
        "row": 2,
        "id": "10600001",
        "status": "eligible",
        "reasons": [],
        "score": 29.4,
        "score_note": "",
    }  # 27.4 + 0.1 × (150 / 3 − 30)
    assert by_id["10600002"]["score"] == 19.15  # 25.15 + 0.1 × (60 / 3 − 30) − 5
    assert by_id["10600003"]["reasons"] == [
        "9.5 months already abroad leave 2.5 of the 12 allowed per study cycle, less than the shortest stay of 3 months"
    ]
    assert by_id["10600004"]["reasons"] == [
        "programme architecture (Architecture, school auic) is not among the call's programmes",
        "10 months already abroad leave 2 of the 12 allowed per study cycle, less than the shortest stay of 3 months",
    ]
    assert by_id["10600005"]["status"] == "error"
    assert by_id["10600006"]["reasons"] == ["year is missing (needed for: first year completed)"]
    # eligible, unscored: the merit formula divides by years enrolled − 1
    assert (by_id["10600007"]["status"], by_id["10600007"]["score"]) == ("eligible", None)
    assert by_id["10600007"]["score_note"] == (
        "no score: the merit formula is undefined for first-year applicants "
        "(years enrolled − 1 = 0); the call's rule for them is not known"
    )


def test_cp1252_is_detected_and_said(run: Run, tmp_path: Path) -> None:
    path = dialects(tmp_path)[2]
    result = run("check", "--call", POLIMI, str(path), "-f", "csv")
    assert "read as Windows-1252" in result.stderr


def test_n_rows_in_n_rows_out_with_their_line_numbers(run: Run, tmp_path: Path) -> None:
    path = write(
        tmp_path / "messy.csv",
        "id,programme,level,year,months_abroad,note\n"
        "a1,Mechanical Engineering,MSc,2,0,fine\n"
        "\n"
        'a2,Physics Engineering,MSc,2,0,"two\nlines"\n'
        "a3,Physics Engineering,,2,0,ambiguous programme\n"
        ",Mechanical Engineering,MSc,2,0,no id\n"
        "a5,Mechanical Engineering,MSc\n"
        "a6,Mechanical Engineering,MSc,two,0,bad year\n"
        "a7,Mechanical Engineering,MSc,2,13,too long abroad\n",
    )
    result = run("check", "--call", KA107, str(path), "-f", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["row"], r["id"], r["status"]) for r in rows] == [
        ("2", "a1", "eligible"),
        ("4", "a2", "eligible"),
        ("6", "a3", "error"),
        ("7", "", "error"),
        ("8", "a5", "error"),
        ("9", "a6", "error"),
        ("10", "a7", "not_eligible"),
    ]
    reasons = {r["row"]: r["reasons"] for r in rows}
    assert reasons["4"] == ""  # physics-msc is on the (illustrative) list
    assert (
        reasons["6"]
        == "programme 'Physics Engineering' may be physics-bsc or physics-msc: give the level (or the id)"
    )
    assert reasons["7"] == "id is missing"
    assert reasons["8"].startswith(
        "row has 3 cells, the header has 6 (truncated row?); year is missing"
    )
    assert reasons["9"] == "year: 'two' is not a number"
    assert result.exit_code == 1
    assert "7 applicant(s): 2 eligible, 1 not eligible, 4 with errors" in result.stderr


def test_formula_injection_is_neutralised_and_numbers_stay_numbers(
    run: Run, tmp_path: Path
) -> None:
    path = write(
        tmp_path / "evil.csv",
        "id,programme,level,year,months_abroad\n"
        '"=HYPERLINK(""http://x"",""y"")",Mechanical Engineering,MSc,2,0\n'
        "@SUM(A1),Mechanical Engineering,MSc,2,0\n"
        "+39 02 2399,Mechanical Engineering,MSc,2,0\n"
        "-3,Mechanical Engineering,MSc,2,0\n"
        "\"\tTAB\",=cmd|' /C calc'!A0,MSc,2,0\n",
    )
    result = run("check", "--call", KA107, str(path), "-f", "csv", "--keep", "none")
    rows = list(csv.reader(io.StringIO(result.stdout)))[1:]
    assert [r[0] for r in rows] == [
        '\'=HYPERLINK("http://x","y")',
        "'@SUM(A1)",
        "'+39 02 2399",
        "-3",
        "'\tTAB",
    ]  # cells as written, guarded
    assert rows[4][3].startswith("unknown programme '=cmd|")
    for row in rows:
        for cell in row:
            assert not cell.startswith(("=", "+", "@", "\t", "\r")) and (
                not cell.startswith("-") or cell == "-3"
            )


def test_output_for_excel_follows_the_input_dialect(run: Run, tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    result = run("check", "--call", POLIMI, str(dialects(tmp_path)[1]), "-o", str(out))
    assert result.exit_code == 1 and result.stdout == ""
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel reads it as UTF-8
    text = raw.decode("utf-8-sig")
    assert text.splitlines()[0] == ";".join(
        [*ITALIAN, "row", "status", "reasons", "score", "score_note"]
    )
    # every input column as written, then the verdict; a decimal comma, as in the input
    assert (
        "10600001;Ingegneria Meccanica;Laurea Magistrale;2;150;27,4;B2;0;0;4;2;eligible;;29,4;"
        in text
    )


def test_the_done_when_example(run: Run, tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    result = run("check", "--call", KA107, str(EXAMPLES / "applicants.csv"), "-o", str(out))
    assert result.exit_code == 1  # one misspelt programme
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig")), delimiter=";"))
    assert len(rows) == 8
    assert all(r["reasons"] for r in rows if r["status"] != "eligible")
    assert (
        result.stderr.count(
            "ka107-2019-2020-s2.yaml is illustrative: The list of eligible programmes is illustrative"
        )
        == 1
    )


def test_summary_on_stderr_and_data_only_on_stdout(run: Run, tmp_path: Path) -> None:
    result = run("check", "--call", KA107, str(dialects(tmp_path)[0]), "-f", "csv")
    assert result.stdout.startswith(",".join([*ENGLISH, "row", "status", "reasons"]) + "\n")
    assert "applicant(s)" not in result.stdout and "note:" not in result.stdout
    assert "7 applicant(s): 2 eligible, 3 not eligible, 2 with errors" in result.stderr
    assert (
        "most common reasons:\n  2 × months abroad leave less than the shortest stay under the cap per study cycle\n"
        in result.stderr
    )
    assert "  1 × first year not completed before the mobility" in result.stderr
    assert f"call '{KA107}' has 3 rule(s) the data do not know" in result.stderr


def test_json_and_jsonl_shapes(run: Run, tmp_path: Path) -> None:
    path = dialects(tmp_path)[0]
    document = json.loads(run("check", "--call", POLIMI, str(path), "-f", "json").stdout)
    assert document["call"] == POLIMI
    assert len(document["results"]) == 7
    assert set(document["results"][0]) == {
        "row",
        "id",
        "status",
        "reasons",
        "score",
        "score_note",
        "input",
    }
    assert document["results"][0]["input"]["programme"] == "Ingegneria Meccanica"
    summary = document["summary"]
    assert (
        summary["applicants"],
        summary["eligible"],
        summary["not_eligible"],
        summary["error"],
    ) == (7, 3, 2, 2)
    # every reason with its count: they add up to the rows' reasons
    counted = sum(r["count"] for r in summary["reasons"])
    assert counted == sum(len(r["reasons"]) for r in document["results"])
    assert summary["score_notes"] == [
        {
            "note": "no score: the merit formula is undefined for first-year applicants "
            "(years enrolled − 1 = 0); the call's rule for them is not known",
            "count": 1,
        }
    ]
    lines = run("check", "--call", KA107, str(path), "-f", "jsonl").stdout.splitlines()
    assert len(lines) == 7 and "score" not in json.loads(lines[0])  # KA107 does not rank


def test_without_the_ranking_columns_check_still_checks(run: Run, tmp_path: Path) -> None:
    path = write(
        tmp_path / "a.csv",
        "id,programme,level,year,months_abroad\ns1,Mechanical Engineering,MSc,2,0\n",
    )
    result = run("check", "--call", POLIMI, str(path), "-f", "csv")
    assert result.exit_code == 0
    assert result.stdout == (
        "id,programme,level,year,months_abroad,row,status,reasons\n"
        "s1,Mechanical Engineering,MSc,2,0,2,eligible,\n"
    )
    assert (
        "no scores: the input has no column for credits, average, years_enrolled, previous_exchanges"
        not in result.stderr
    )
    assert (
        "no scores: the input has no column for average, credits, years_enrolled, previous_exchanges"
        in result.stderr
    )


def test_column_overrides(run: Run, tmp_path: Path) -> None:
    path = write(
        tmp_path / "odd.csv", "Codice;Percorso;Ciclo;Anno;Mesi\ns1;Ingegneria Meccanica;LM;2;0\n"
    )
    result = run(
        "check",
        "--call",
        KA107,
        str(path),
        "--column",
        "id=Codice",
        "--column",
        "programme=Percorso",
        "--column",
        "months_abroad=Mesi",
        "-f",
        "csv",
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[1] == "s1;Ingegneria Meccanica;LM;2;0;2;eligible;"
    bad = run("check", "--call", KA107, str(path), "--column", "matricola=Codice")
    assert bad.exit_code == 2 and "unknown applicant field 'matricola'" in bad.stderr
    malformed = run("check", "--call", KA107, str(path), "--column", "Codice")
    assert malformed.exit_code == 2 and "--column 'Codice': write FIELD=HEADER" in malformed.stderr


@pytest.mark.parametrize(
    ("header", "missing"),
    [
        (
            "Corso di studio,Livello,Anno,Mesi all'estero",
            "missing column(s) id; found 'Corso di studio', 'Livello', 'Anno', \"Mesi all'estero\"",
        ),
        (
            "Matricola,Livello,Anno,Mesi all'estero",
            "missing column(s) programme; found 'Matricola'",
        ),
        ("Matricola,Corso di studio,Livello,Anno", "missing column(s) months_abroad"),
    ],
)
def test_a_header_without_a_needed_column_is_exit_2(
    run: Run, tmp_path: Path, header: str, missing: str
) -> None:
    path = write(tmp_path / "h.csv", header + "\nx,y,z,w\n")
    result = run("check", "--call", KA107, str(path))
    assert result.exit_code == 2
    assert missing in result.stderr and result.stdout == ""


def test_unknown_call_is_exit_2_with_the_known_ids(run: Run, tmp_path: Path) -> None:
    result = run("check", "--call", "ka107-2019-2020", str(dialects(tmp_path)[0]))
    assert result.exit_code == 2
    assert "unknown call 'ka107-2019-2020'. Did you mean 'ka107-2019-2020-s2'?" in result.stderr
    assert POLIMI in result.stderr


def test_bad_inputs_are_exit_2_without_traceback(run: Run, tmp_path: Path) -> None:
    cp1252 = dialects(tmp_path)[2]
    undecodable = run("check", "--call", KA107, str(cp1252), "--encoding", "utf-8")
    assert (
        undecodable.exit_code == 2
        and "cannot decode as utf-8 (try --encoding cp1252)" in undecodable.stderr
    )
    assert run("check", "--call", KA107, str(tmp_path / "nope.csv")).exit_code == 2
    header_only = write(tmp_path / "empty.csv", "id,programme,level,year,months_abroad\n")
    result = run("check", "--call", KA107, str(header_only), "-f", "csv")
    assert result.exit_code == 2 and "no applicants (only a header)" in result.stderr
    both = run("check", "--call", KA107, str(header_only), "--programme", "CSE")
    assert both.exit_code == 2 and "not both or neither" in both.stderr
    assert run("check", "--call", KA107).exit_code == 2
    text = run("check", "--call", KA107, str(cp1252), "-f", "text")
    assert text.exit_code == 2 and "--format text is for one applicant" in text.stderr


def test_output_never_overwrites_the_input(run: Run, tmp_path: Path) -> None:
    path = dialects(tmp_path)[0]
    before = path.read_bytes()
    result = run("check", "--call", KA107, str(path), "-o", str(path))
    assert result.exit_code == 2 and "refusing to overwrite the input file" in result.stderr
    assert path.read_bytes() == before


def test_standard_input(run: Run, tmp_path: Path) -> None:
    data = dialects(tmp_path)[1].read_bytes()
    result = run("check", "--call", KA107, "-", "-f", "csv", input=data)
    assert result.exit_code == 1
    assert len(result.stdout.splitlines()) == 1 + len(APPLICANTS)


def test_single_applicant_eligible_is_exit_0(run: Run) -> None:
    result = run(
        "check",
        "--call",
        POLIMI,
        "--programme",
        "Ingegneria Fisica",
        "--level",
        "LM",
        "--year",
        "1",
        "--months-abroad",
        "0",
        "--average",
        "27",
        "--credits",
        "200",
        "--years-enrolled",
        "4",
        "--previous-exchanges",
        "1",
    )
    assert result.exit_code == 0
    assert result.stdout == "eligible\nscore: 25.67\n"  # 27 + 0.1 × (200 / 3 − 30) − 5


def test_single_applicant_not_eligible_is_exit_1_with_reasons(run: Run) -> None:
    result = run(
        "check",
        "--call",
        KA107,
        "--programme",
        "Ingegneria Fisica",
        "--level",
        "Laurea",
        "--year",
        "1",
        "--months-abroad",
        "11",
    )
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "not eligible",
        "  - programme physics-bsc (Physics Engineering, school ing) is not among the call's programmes",
        "  - year 1 of the course: the first year is not completed before the mobility in 2019/2020",
        "  - 11 months already abroad leave 1 of the 12 allowed per study cycle, less than the shortest stay of 3 months",
    ]
    as_json = json.loads(
        run(
            "check",
            "--call",
            KA107,
            "--id",
            "S42",
            "--programme",
            "physics-bsc",
            "--year",
            "1",
            "--months-abroad",
            "11",
            "-f",
            "json",
        ).stdout
    )
    (only,) = as_json["results"]
    assert (only["row"], only["id"], only["status"], len(only["reasons"])) == (
        1,
        "S42",
        "not_eligible",
        3,
    )


def test_single_applicant_with_a_missing_value_is_exit_2(run: Run) -> None:
    result = run("check", "--call", KA107, "--programme", "Ingegneria Meccanica", "--year", "2")
    assert result.exit_code == 2
    assert (
        "cannot check the applicant: months_abroad is missing (needed for: months abroad per study cycle)"
        in result.stderr
    )


def test_staff_teaching_needs_no_programme(run: Run, tmp_path: Path) -> None:
    path = write(
        tmp_path / "staff.csv",
        "Codice persona;Ore di didattica;Giorni\nP1;8;5\nP2;10;14\nP3;80;70\n",
    )
    result = run("check", "--call", "ka107-staff-teaching", str(path), "-f", "csv")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[1:] == [
        "P1;8;5;2;eligible;",
        "P2;10;14;3;not_eligible;10 teaching hours in 14 days are below the minimum 16 (8 per week, pro rata)",
        "P3;80;70;4;not_eligible;70 days are more than the call's maximum 60",
    ]


def test_rank_orders_the_eligible_by_the_merit_formula(run: Run, tmp_path: Path) -> None:
    path = write(
        tmp_path / "r.csv",
        "id,programme,level,year,months_abroad,average,credits,years_enrolled,previous_exchanges\n"
        "low,Mechanical Engineering,MSc,2,0,24,120,4,0\n"  # 24 + 0.1 × (40 − 30) = 25
        "high,Mechanical Engineering,MSc,2,0,28,150,4,0\n"  # 28 + 0.1 × (50 − 30) = 30
        "penalised,Mechanical Engineering,MSc,2,0,29,150,4,1\n"  # 29 + 2 − 5 = 26
        "tie,Physics Engineering,MSc,2,0,25,90,4,0\n"  # 25 + 0 = 25
        "out,Architecture,MSc,2,0,30,200,4,0\n"  # not in the engineering edition
        "blank,Mechanical Engineering,MSc,2,0,,150,4,0\n"  # eligible; no score without average
        "typo,Mechanical Engineering,MSc,2,0,270,150,4,0\n",  # an average of 270 is an error
    )
    result = run("rank", "--call", POLIMI, str(path), "-f", "csv", "--keep", "none")
    assert result.exit_code == 1  # one row is an error
    assert result.stdout.splitlines() == [
        "rank,id,row,status,reasons,score,score_note",
        "1,high,3,eligible,,30,",
        "2,penalised,4,eligible,,26,",
        "3,low,2,eligible,,25,",
        "3,tie,5,eligible,,25,",
        "unranked,blank,7,eligible,,,no score: average missing",
    ]
    assert "4 ranked, 1 eligible unranked, 2 left out" in result.stderr
    document = json.loads(run("rank", "--call", POLIMI, str(path), "-f", "json").stdout)
    assert document["ranking"][0]["rank"] == 1 and document["ranking"][0]["id"] == "high"
    assert document["ranking"][0]["input"]["average"] == "28"
    assert document["ranking"][-1]["rank"] is None
    assert document["summary"]["error"] == 1


def test_rank_needs_a_ranking_rule_and_its_columns(run: Run, tmp_path: Path) -> None:
    path = write(
        tmp_path / "a.csv",
        "id,programme,level,year,months_abroad\ns1,Mechanical Engineering,MSc,2,0\n",
    )
    no_rule = run("rank", "--call", KA107, str(path))
    assert (
        no_rule.exit_code == 2 and "call 'ka107-2019-2020-s2' has no ranking rule" in no_rule.stderr
    )
    no_columns = run("rank", "--call", POLIMI, str(path))
    assert no_columns.exit_code == 2
    assert (
        "missing column(s) average, credits, years_enrolled, previous_exchanges"
        in no_columns.stderr
    )


def test_progress_bar_only_for_large_files_on_a_terminal(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    small = tmp_path / "small.csv"
    small.write_bytes(b"id\n")
    with small.open("rb") as stream, report.progress(stream, "small.csv") as watch:
        assert type(watch(iter([]))).__name__ == "list_iterator"  # passed through untouched
    monkeypatch.setattr(report, "PROGRESS_MIN_BYTES", 1)
    monkeypatch.setattr(report, "PROGRESS_EVERY", 1)
    monkeypatch.setattr("sys.stderr.isatty", lambda: True, raising=False)
    sentinel = object()
    with small.open("rb") as stream, report.progress(stream, "small.csv") as watch:
        wrapped = watch(iter([sentinel, sentinel]))  # type: ignore[list-item]
        assert type(wrapped).__name__ == "generator"
        assert list(wrapped) == [sentinel, sentinel]
