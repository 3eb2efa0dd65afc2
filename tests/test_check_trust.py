"""A coordinator's batch that can be trusted: value domains, eligibility apart from ranking,
duplicate ids, columns that travel, visible data problems, templates, the programme list."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from pathlib import Path

import pytest

from calls_support import checker, write_call
from conftest import Run
from mobility_cli.catalog import Catalog
from mobility_cli.eligibility import checker_for
from mobility_cli.eligibility.checker import Checker
from mobility_cli.eligibility.fields import APPLICANT_FIELDS, FIELDS, PARSERS, Applicant
from mobility_cli.eligibility.programmes import MatchError, find_programme, programme_index
from support import write

KA107 = "ka107-2019-2020-s2"
POLIMI = "polimi-2026-2027-first-engineering"
STAFF = "ka107-staff-teaching"
RANKED_HEADER = (
    "id;programme;level;year;months_abroad;average;credits;years_enrolled;previous_exchanges\n"
)
GOOD = "Ingegneria Meccanica;LM;2;0"


def rows_of(stdout: str, delimiter: str = ";") -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(stdout), delimiter=delimiter))


# --- one definition per field -------------------------------------------------------------


def test_every_field_is_defined_once_and_everything_derives_from_it(run: Run) -> None:
    names = [f.name for f in FIELDS]
    assert [f.name for f in dataclasses.fields(Applicant)] == names
    assert list(APPLICANT_FIELDS) == names
    assert set(PARSERS) == {f.name for f in FIELDS if f.parse is not None}
    help_text = run("check", "--help").stdout
    for field in FIELDS:
        assert field.option in help_text
    # the Italian header of a template is read back as the field
    assert all(f.italian in APPLICANT_FIELDS[f.name] for f in FIELDS)


# --- value domains -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cells", "reason"),
    [
        ("27;270;150;4;0", "average 270 is outside 18–30 (the home scale's passing range"),
        ("27;31;150;4;0", "average 31 is outside 18–30"),
        ("27;16,5;150;4;0", "average 16.5 is outside 18–30"),
        ("27;27;100000;4;0", "credits 100000 is outside 0–300 (the msc cycle lasts 2 years"),
        ("27;27;150;40;0", "years_enrolled 40 is outside 1–8"),
        ("27;27;150;4;-1", "previous_exchanges: '-1' is negative (0 or more)"),
    ],
)
def test_an_impossible_ranking_value_is_an_error_never_a_score(
    run: Run, tmp_path: Path, cells: str, reason: str
) -> None:
    _, average, credits, years, previous = cells.split(";")
    path = write(
        tmp_path / "a.csv",
        RANKED_HEADER
        + f"ok;{GOOD};27;150;4;0\n"
        + f"typo;{GOOD};{average};{credits};{years};{previous}\n",
    )
    result = run("rank", "--call", POLIMI, str(path), "-f", "csv", "--keep", "none")
    assert result.exit_code == 1
    ranking = rows_of(result.stdout)
    assert [r["id"] for r in ranking] == ["ok"]  # the typo is neither ranked nor listed
    checked = run("check", "--call", POLIMI, str(path), "-f", "csv", "--keep", "none")
    typo = rows_of(checked.stdout)[1]
    assert (typo["status"], typo["score"]) == ("error", "")
    assert typo["reasons"].startswith(reason), typo["reasons"]


@pytest.mark.parametrize(
    ("header", "row", "reason"),
    [
        ("year", "9", "year 9 is outside 1–5 (the msc cycle lasts 2 years, 3 more allowed"),
        ("months_abroad", "400", "months_abroad 400 is outside 0–60"),
        ("year", "0", "year: '0' is not a year of course"),
    ],
)
def test_an_impossible_requirement_value_is_an_error_never_a_verdict(
    run: Run, tmp_path: Path, header: str, row: str, reason: str
) -> None:
    other = "months_abroad" if header == "year" else "year"
    path = write(
        tmp_path / "a.csv",
        f"id,programme,level,{header},{other}\nx,Mechanical Engineering,MSc,{row},{2 if other == 'year' else 0}\n",
    )
    result = run("check", "--call", KA107, str(path), "-f", "jsonl")
    assert result.exit_code == 1
    verdict = json.loads(result.stdout)
    assert verdict["status"] == "error"
    assert verdict["reasons"][0].startswith(reason), verdict["reasons"]


def test_staff_days_and_hours_have_domains(run: Run, tmp_path: Path) -> None:
    path = write(tmp_path / "s.csv", "id,teaching_hours,days\nP1,8,400\nP2,200,5\nP3,B2,5\n")
    result = run("check", "--call", STAFF, str(path), "-f", "jsonl")
    reasons = [json.loads(line)["reasons"][0] for line in result.stdout.splitlines()]
    assert reasons == [
        "days: 400 days is outside 1–366 (a stay within a year)",
        "teaching_hours 200 is outside 0–120 (24 hours a day of the stay at most)",
        "teaching_hours: 'B2' is not a number",
    ]


def test_a_call_may_narrow_the_range_of_averages(tmp_path: Path) -> None:
    check = checker(tmp_path, "requirements: {min_average: 24, average_range: [18, 28]}\n").check
    assert (
        check(2, {"id": "a", "programme": "mechanical-msc", "average": "27"}).status == "eligible"
    )
    high = check(3, {"id": "b", "programme": "mechanical-msc", "average": "29"})
    assert high.status == "error"
    assert high.reasons == (
        "average 29 is outside 18–28 (the home scale's passing range; a call may narrow it)",
    )


def test_a_narrower_range_must_lie_within_the_scale(run: Run, tmp_path: Path) -> None:
    write_call(tmp_path, "requirements: {average_range: [15, 28]}\n")
    result = run("--data-dir", str(tmp_path), "calls", "test-call")
    assert result.exit_code == 2
    assert "average_range 15–28 is not a range within 18–30" in result.stderr


# --- eligibility apart from ranking --------------------------------------------------------


def test_blank_ranking_cells_leave_the_verdict_alone(run: Run, tmp_path: Path) -> None:
    with_blanks = write(tmp_path / "b.csv", RANKED_HEADER + f"x;{GOOD};;;;\n")
    without = write(tmp_path / "n.csv", "id;programme;level;year;months_abroad\n" + f"x;{GOOD}\n")
    blank = rows_of(run("check", "--call", POLIMI, str(with_blanks), "-f", "csv").stdout)[0]
    absent = rows_of(run("check", "--call", POLIMI, str(without), "-f", "csv").stdout)[0]
    assert blank["status"] == absent["status"] == "eligible"
    assert (
        blank["score_note"]
        == "no score: average, credits, years_enrolled, previous_exchanges missing"
    )


def test_rank_lists_the_eligible_without_a_score_after_the_ranked(run: Run, tmp_path: Path) -> None:
    path = write(
        tmp_path / "r.csv",
        RANKED_HEADER
        + "first-year;Ingegneria Fisica;Laurea;1;0;27;60;1;0\n"
        + f"ranked;{GOOD};27;150;4;0\n",
    )
    result = run("rank", "--call", POLIMI, str(path), "-f", "csv", "--keep", "none")
    assert result.exit_code == 0
    ranking = rows_of(result.stdout)
    assert [(r["rank"], r["id"]) for r in ranking] == [("1", "ranked"), ("unranked", "first-year")]
    assert "undefined for first-year applicants" in ranking[1]["score_note"]
    assert "1 ranked, 1 eligible unranked, 0 left out" in result.stderr


# --- duplicate ids -------------------------------------------------------------------------


def test_a_duplicate_id_is_flagged_on_both_rows(run: Run, tmp_path: Path) -> None:
    body = "id;programme;level;year;months_abroad\n" + f"a;{GOOD}\nb;{GOOD}\na;{GOOD}\n"
    path = write(tmp_path / "d.csv", body)
    result = run("check", "--call", KA107, str(path), "-f", "csv", "--keep", "none")
    assert result.exit_code == 0
    rows = rows_of(result.stdout)
    assert [(r["id"], r["status"], r["reasons"]) for r in rows] == [
        ("a", "eligible", "warning: id a is on several rows"),
        ("b", "eligible", ""),
        ("a", "eligible", "warning: id a is on several rows"),
    ]
    strict = run("check", "--call", KA107, "-", "-f", "csv", "--unique-ids", input=body)
    assert strict.exit_code == 1  # standard input is read twice too
    assert [r["status"] for r in rows_of(strict.stdout, ";")] == ["error", "eligible", "error"]
    assert "2 × id on several rows" in strict.stderr


# --- visible data problems -----------------------------------------------------------------


def test_an_unreadable_cell_the_call_does_not_use_is_a_warning(run: Run, tmp_path: Path) -> None:
    path = write(
        tmp_path / "w.csv",
        "id;programme;level;year;months_abroad;credits;average\n"
        f"a;{GOOD};many;27\nb;{GOOD};100;270\n",
    )
    result = run("check", "--call", KA107, str(path), "-f", "jsonl")
    assert result.exit_code == 0
    first, second = (json.loads(line) for line in result.stdout.splitlines())
    assert (first["status"], first["reasons"]) == (
        "eligible",
        ["warning: credits 'many' cannot be read; not used by this call"],
    )
    assert second["reasons"] == [
        "warning: average 270 is outside 18–30 (the home scale's passing range; a call may "
        "narrow it); not used by this call"
    ]


# --- columns travel ------------------------------------------------------------------------


def test_every_input_column_travels_in_input_order(run: Run, tmp_path: Path) -> None:
    path = write(
        tmp_path / "c.csv",
        "Cognome;Matricola;Corso di studio;Livello;Anno;Mesi all'estero;Note\n"
        "Rossi;1;Ingegneria Meccanica;LM;2;0;borsa\n",
    )
    result = run("check", "--call", KA107, str(path), "-f", "csv")
    assert result.stdout.splitlines() == [
        "Cognome;Matricola;Corso di studio;Livello;Anno;Mesi all'estero;Note;row;status;reasons",
        "Rossi;1;Ingegneria Meccanica;LM;2;0;borsa;2;eligible;",
    ]
    kept = run("check", "--call", KA107, str(path), "-f", "csv", "--keep", "note, cognome")
    assert kept.stdout.splitlines()[0] == "Cognome;Matricola;Note;row;status;reasons"
    bad = run("check", "--call", KA107, str(path), "--keep", "Nome")
    assert bad.exit_code == 2 and "--keep Nome: no such column" in bad.stderr


def test_an_input_column_named_like_a_verdict_column_is_not_shadowed(
    run: Run, tmp_path: Path
) -> None:
    path = write(
        tmp_path / "s.csv",
        "id,programme,level,year,months_abroad,status\nx,Mechanical Engineering,MSc,2,0,fuori corso\n",
    )
    header = run("check", "--call", KA107, str(path), "-f", "csv").stdout.splitlines()[0]
    assert header.endswith(",status,row,mobility_status,reasons")


# --- templates -----------------------------------------------------------------------------


def test_a_template_is_the_header_a_call_needs_and_reads_back(run: Run, tmp_path: Path) -> None:
    italian = run("calls", POLIMI, "--template", "--lang", "it")
    assert italian.exit_code == 0
    assert italian.stdout == (
        "Matricola;Scuola;Corso di studio;Livello;Anno di corso;CFU;Media;Mesi all'estero;"
        "Scambi precedenti;Anni di iscrizione\n"
    )
    assert "required: Matricola, Corso di studio, Anno di corso, Mesi all'estero" in italian.stderr
    english = run("calls", "ka107-staff-teaching", "--template")
    assert english.stdout == "id,teaching_hours,days\n"
    path = write(
        tmp_path / "t.csv", italian.stdout + "1;3I;Ingegneria Meccanica;LM;2;150;27;0;0;4\n"
    )
    checked = run("rank", "--call", POLIMI, str(path), "-f", "csv", "--keep", "none")
    assert checked.exit_code == 0 and rows_of(checked.stdout)[0]["score"] == "29"
    assert run("calls", "--template").exit_code == 2
    assert "--lang is for --template" in run("calls", POLIMI, "--lang", "it").stderr


# --- the programme catalogue ---------------------------------------------------------------


def test_programmes_lists_the_catalogue_by_school_and_level(run: Run) -> None:
    result = run("programmes", "--school", "3I", "--level", "LM", "-f", "json")
    assert result.exit_code == 0
    listed = json.loads(result.stdout)["programmes"]
    assert {p["school"] for p in listed} == {"ing"} and {p["level"] for p in listed} == {"msc"}
    physics = next(p for p in listed if p["id"] == "physics-msc")
    assert (physics["name_it"], physics["name_en"]) == ("Ingegneria Fisica", "Physics Engineering")
    every = run("programmes", "-f", "csv")
    assert every.stdout.splitlines()[0] == "id,school,level,name_it,name_en,aliases,note"
    assert "not PoliMi's full list" in every.stderr
    unknown = run("programmes", "--school", "Medicina")
    assert unknown.exit_code == 2 and "--school: unknown school 'Medicina'" in unknown.stderr


@pytest.mark.parametrize(
    ("text", "school", "level", "found"),
    [
        ("Ingegneria Meccanica", None, None, "mechanical-msc"),
        ("MECHANICAL ENGINEERING", "3I", None, "mechanical-msc"),
        ("ingegneria dell’automazione", None, "bsc", "automation-bsc"),
        ("Ingegneria Informatica", "ing", None, "cse-bsc"),
        ("Architettura", "AUIC", None, "architecture"),
        ("physics-bsc", None, None, "physics-bsc"),
    ],
)
def test_find_a_programme_by_any_spelling(
    text: str, school: str | None, level: str | None, found: str
) -> None:
    index = programme_index(Catalog.from_options().programme_files())
    programme = find_programme(index, text, school, level)
    assert not isinstance(programme, MatchError) and programme.id == found


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "Ingegneria Civile",
            "unknown programme 'Ingegneria Civile': not a programme the data know; add it in "
            "`programmes/` of a --data-dir",
        ),
        ("Ingegneria Biomedica", "not a programme the data know"),
        ("Ingegneria Mecanica", "(did you mean 'Ingegneria Meccanica'?)"),
        ("Physics Engineering", "may be physics-bsc or physics-msc: give the level"),
    ],
)
def test_an_unknown_programme_gets_a_did_you_mean_only_when_close(text: str, message: str) -> None:
    found = find_programme(programme_index(Catalog.from_options().programme_files()), text)
    assert isinstance(found, MatchError) and message in str(found)
    assert "did you mean" not in str(found) or "Mecanica" in text


# --- a spreadsheet reader can feed the same checks -----------------------------------------


def test_a_sheet_is_read_like_a_csv_with_its_own_row_numbers() -> None:
    import io

    from mobility_cli.errors import InputError
    from mobility_cli.io.applicants import read_applicants
    from workbooks import xlsx

    header = ["Cognome", "Matricola", "Corso di studio", "Livello", "Anno", "Mesi all'estero"]
    sheet = xlsx(
        {
            "Domande": [
                ["Bando 2026"],  # a title row, then a blank one, before the header
                [],
                header,
                ["Rossi", "1", "Ingegneria Meccanica", "LM", 2, 0],
                ["", "", ""],
                ["Bianchi", "2"],
            ]
        }
    )
    required = ["id", "programme", "year", "months_abroad"]
    with pytest.raises(InputError, match=r"cohort.xlsx:1: missing column\(s\) id"):
        read_applicants(io.BytesIO(sheet), "cohort.xlsx", required=required)
    without_title = xlsx(
        {
            "Domande": [
                [],
                [],
                header,
                *[["Rossi", "1", "Ingegneria Meccanica", "LM", 2, 0], [], ["Bianchi", "2"]],
            ]
        }
    )
    table = read_applicants(io.BytesIO(without_title), "cohort.xlsx", required=required)
    records = list(table.records)
    # a sheet leaves out a row's empty cells at its end: a short row is not truncated
    assert [(r.line, r.values["id"], r.problem) for r in records] == [
        (4, "1", None),
        (6, "2", None),
    ]
    verdicts = list(checker_for_ka107().check_records(records))
    assert [(v.row, v.status) for v in verdicts] == [(4, "eligible"), (6, "error")]
    assert verdicts[0].cells[0] == "Rossi"


def checker_for_ka107() -> Checker:
    return checker_for(Catalog.from_options(), KA107)


def test_the_done_when_batch_gives_verdicts_a_committee_can_sign(run: Run, tmp_path: Path) -> None:
    """An Excel export with Italian headers, a typo in an average, a first-year student, blank
    ranking cells, a duplicate id and a programme the data do not know."""
    path = write(
        tmp_path / "export.csv",
        "Matricola;Cognome;Corso di studio;Livello;Anno;CFU;Media;Mesi all'estero;"
        "Scambi precedenti;Anni di iscrizione\n"
        "10600001;Rossi;Ingegneria Meccanica;LM;2;150;270;0;0;4\n"
        "10600002;Bianchi;Ingegneria Fisica;Laurea;1;60;27;0;0;1\n"
        "10600003;Verdi;Ingegneria Fisica;LM;2;;;0;;\n"
        "10600003;Verdi;Ingegneria Fisica;LM;2;240;28;0;0;4\n"
        "10600005;Neri;Ingegneria Aerospaziale;LM;2;240;28;0;0;4\n",
        encoding="utf-8-sig",
    )
    result = run("rank", "--call", POLIMI, str(path), "-f", "csv")
    ranking = rows_of(result.stdout)
    assert [(r["rank"], r["Cognome"], r["score"]) for r in ranking] == [
        ("1", "Verdi", "33"),  # 28 + 0,1 × (240 / 3 − 30)
        ("unranked", "Bianchi", ""),  # first year: eligible, the formula is undefined
        ("unranked", "Verdi", ""),  # blank ranking cells: eligible, no score
    ]
    assert all("is on several rows" in r["reasons"] for r in ranking if r["Cognome"] == "Verdi")
    checked = rows_of(run("check", "--call", POLIMI, str(path), "-f", "csv").stdout)
    assert len(checked) == 5
    assert [r["status"] for r in checked] == ["error", "eligible", "eligible", "eligible", "error"]
    assert checked[0]["reasons"].startswith("average 270 is outside 18–30")
    assert "not a programme the data know" in checked[4]["reasons"]
