"""The bundled calls and programme catalogue load and say what they know; a broken call file
is refused with its line and the reason."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from calls_support import write_call
from conftest import Run
from mobility_cli.catalog import Catalog
from mobility_cli.compiled.call import Call, Requirements
from mobility_cli.compiled.programme import ProgrammesFile
from mobility_cli.eligibility.programmes import programme_index
from mobility_cli.errors import DataFileError
from mobility_cli.models.loading import load_model, validated
from support import ROOT

CALLS = sorted((ROOT / "data" / "calls").glob("*.yaml"))
ROME = ZoneInfo("Europe/Rome")


@pytest.mark.parametrize("path", CALLS, ids=lambda p: p.stem)
def test_bundled_call_loads_with_provenance(path: Path) -> None:
    first_line = path.read_text(encoding="utf-8").splitlines()[0]
    assert first_line == "# yaml-language-server: $schema=../../schemas/call.schema.json"
    call = load_model(path, Call)
    assert call.id == path.stem
    assert call.timezone == "Europe/Rome"
    assert call.provenance.source.strip() and call.provenance.notes.strip()
    # every call compiles against the bundled programme catalogue
    programme_index(Catalog.from_options().programme_files())  # loads
    from mobility_cli.eligibility import checker_for

    assert checker_for(Catalog.from_options(), call.id).call == call


def test_the_bundled_calls() -> None:
    assert {p.stem for p in CALLS} == {
        "ka107-2019-2020-s2",
        "polimi-2026-2027-first-engineering",
        "athens-march",
        "athens-november",
        "ka107-staff-teaching",
    }


def test_ka107_deadline_and_its_illustrative_list() -> None:
    call = Catalog.from_options().call("ka107-2019-2020-s2")
    assert call.closes == dt.datetime(2019, 10, 21, 12, 0, tzinfo=ROME)
    assert (call.academic_year, call.semester, call.type) == ("2019/2020", "second", "ka107")
    assert call.provenance.status == "illustrative"
    assert call.provenance.notes.startswith("The list of eligible programmes is illustrative")
    assert "12:00 Europe/Rome is assumed" in " ".join(call.provenance.notes.split())
    assert "ILLUSTRATIVE" in call.eligible.note


def test_polimi_2026_27_first_call() -> None:
    call = Catalog.from_options().call("polimi-2026-2027-first-engineering")
    assert call.closes == dt.datetime(2026, 1, 9, 12, 0, tzinfo=ROME)
    assert call.opens is None  # not in the sources
    rules = call.requirements
    assert rules.first_year_completed and rules.min_months == 3
    assert rules.max_months_abroad is not None
    assert (rules.max_months_abroad.cycle, rules.max_months_abroad.single_cycle) == (12, 24)
    assert call.preferences is not None
    assert (call.preferences.short_mobility, call.preferences.double_degree) == (6, 3)
    assert call.ranking is not None and call.ranking.rule == "polimi-merit"
    params = call.ranking.parameters
    assert (
        params.credits_weight,
        params.baseline_credits_per_year,
        params.penalty_per_exchange,
    ) == (Decimal("0.1"), 30, 5)
    assert rules.min_average is None and rules.min_language is None  # not known: absent


def test_athens_and_staff_state_only_what_is_known() -> None:
    catalog = Catalog.from_options()
    for ident in ("athens-march", "athens-november"):
        athens = catalog.call(ident)
        assert athens.closes is None and athens.requirements == validated(Requirements, {})
        assert athens.gaps
    staff = catalog.call("ka107-staff-teaching")
    rules = staff.requirements
    assert (rules.min_teaching_hours_per_week, rules.min_days, rules.max_days) == (8, 5, 60)
    assert staff.type == "staff-teaching"


def test_programme_catalogue_file() -> None:
    catalogue = load_model(ROOT / "data" / "programmes" / "polimi.yaml", ProgrammesFile)
    assert catalogue.provenance.status == "derived"
    names = {p.name for p in catalogue.programmes}
    for name in (
        "Computer Science and Engineering",
        "Automation and Control Engineering",
        "Management Engineering",
        "Mechanical Engineering",
        "Physics Engineering",
        "Mathematical Engineering",
        "Building and Architectural Engineering",
        "Architecture",
        "Design",
    ):
        assert name in names


@pytest.mark.parametrize(
    ("body", "line", "message"),
    [
        (
            "closes: 2026-01-09 12:00:00\nopens: 2026-02-01 12:00:00\n",
            8,
            "closes (2026-01-09 12:00:00+01:00) is not after opens (2026-02-01 12:00:00+01:00)",
        ),
        (
            "closes: 2026-03-29 02:30:00\n",
            8,
            "2026-03-29 02:30:00 does not exist in Europe/Rome (the clocks go forward)",
        ),
        (
            "closes: 2026-10-25 02:30:00\n",
            8,
            "2026-10-25 02:30:00 happens twice in Europe/Rome (the clocks go back)",
        ),
        (
            "closes: 2026-01-09T12:00:00+02:00\n",
            8,
            "2026-01-09T12:00:00+02:00 has offset +02:00, but Europe/Rome is at +01:00 then",
        ),
        (
            "academic_year: 2019/2021\n",
            8,
            "'2019/2021' is not two consecutive years such as 2019/2020",
        ),
        (
            "requirements:\n  min_credits: [{min: 0}, {level: bsc, min: 40}]\n",
            8,
            "a min_credits entry without level and year must come last",
        ),
        ("requirements:\n  min_days: 10\n  max_days: 5\n", 8, "min_days 10 is above max_days 5"),
        (
            "requirements:\n  min_language: B3\n",
            9,
            "Input should be 'A1', 'A2', 'B1', 'B2', 'C1' or 'C2'",
        ),
        ("requirements:\n  min_average: 31\n", 9, "Input should be less than or equal to 30"),
        ("requirements:\n  min_avarage: 24\n", 9, "Extra inputs are not permitted"),
        ("ranking: {rule: polimi-merit, parameters: {credits_weight: 0.1}}\n", 8, "Field required"),
        ("ranking: {rule: eval, parameters: {}}\n", 8, "Input should be 'polimi-merit'"),
    ],
)
def test_a_broken_call_is_refused_with_its_line(
    tmp_path: Path, body: str, line: int, message: str
) -> None:
    path = write_call(tmp_path, body)
    with pytest.raises(DataFileError) as caught:
        load_model(path, Call)
    problem = caught.value.problems[0]
    assert message in problem.message
    assert problem.line == line


def test_a_bad_time_zone_is_refused(tmp_path: Path) -> None:
    path = write_call(tmp_path, "")
    path.write_text(
        path.read_text(encoding="utf-8").replace("Europe/Rome", "Europe/Milan"), encoding="utf-8"
    )
    with pytest.raises(DataFileError, match="'Europe/Milan' is not an IANA time zone"):
        load_model(path, Call)


def test_check_with_a_broken_call_is_exit_2_naming_the_file(run: Run, tmp_path: Path) -> None:
    write_call(tmp_path, "requirements:\n  min_avarage: 24\n")
    result = run(
        "--data-dir", str(tmp_path), "check", "--call", "test-call", "--programme", "mechanical-msc"
    )
    assert result.exit_code == 2
    assert "test-call.yaml:9:3: Extra inputs are not permitted" in result.stderr


def test_a_call_naming_an_unknown_programme_is_exit_2(run: Run, tmp_path: Path) -> None:
    write_call(tmp_path, "eligible: {programmes: [mechanical-mcs]}\n")
    result = run(
        "--data-dir", str(tmp_path), "check", "--call", "test-call", "--programme", "mechanical-msc"
    )
    assert result.exit_code == 2  # loading runs validate: the finding at its line and column
    assert (
        "test-call.yaml:8:25: unknown programme 'mechanical-mcs' (did you mean 'mechanical-msc'?)"
        in result.stderr
    )


def test_a_call_file_whose_id_is_not_its_name_is_refused(run: Run, tmp_path: Path) -> None:
    path = write_call(tmp_path, "")
    path.rename(path.with_name("other.yaml"))
    result = run("--data-dir", str(tmp_path), "calls", "other")
    assert result.exit_code == 2
    assert "id is 'test-call', the file name says 'other'" in result.stderr


def test_a_data_dir_call_replaces_the_bundled_one(run: Run, tmp_path: Path) -> None:
    write_call(
        tmp_path,
        "eligible: {programmes: [cse-bsc]}\ncloses: 2019-10-21 12:00:00\n",
        ident="ka107-2019-2020-s2",
    )
    result = run(
        "--data-dir",
        str(tmp_path),
        "check",
        "--call",
        "ka107-2019-2020-s2",
        "--programme",
        "CSE",
        "--level",
        "BSc",
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("eligible")
