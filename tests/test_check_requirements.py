"""Each requirement alone: passes at its boundary, fails just past it with the numbers in the
reason, and a missing value makes the row an error that names the field."""

from __future__ import annotations

from pathlib import Path

import pytest

from calls_support import checker
from mobility_cli.eligibility.checker import ELIGIBLE, ERROR, NOT_ELIGIBLE

STUDENT = {"id": "s1", "programme": "mechanical-msc", "level": "MSc"}
STAFF = {"id": "p1"}

# (call body, applicant values on top of STUDENT, status, the reason — exact)
CASES = [
    # minimum average
    ("requirements: {min_average: 24}\n", {"average": "24"}, ELIGIBLE, None),
    (
        "requirements: {min_average: 24}\n",
        {"average": "23,99"},
        NOT_ELIGIBLE,
        "average 23.99 is below the call's minimum 24",
    ),
    (
        "requirements: {min_average: 24}\n",
        {},
        ERROR,
        "average is missing (needed for: minimum average)",
    ),
    (
        "requirements: {min_average: 24}\n",
        {"average": "ventiquattro"},
        ERROR,
        "average: 'ventiquattro' is not a number",
    ),
    # minimum credits, flat
    ("requirements: {min_credits: [{min: 60}]}\n", {"credits": "60"}, ELIGIBLE, None),
    (
        "requirements: {min_credits: [{min: 60}]}\n",
        {"credits": "59.5"},
        NOT_ELIGIBLE,
        "credits 59.5 are below the call's minimum 60",
    ),
    (
        "requirements: {min_credits: [{min: 60}]}\n",
        {"credits": ""},
        ERROR,
        "credits is missing (needed for: minimum credits)",
    ),
    # minimum language level
    ("requirements: {min_language: B2}\n", {"language": "b2"}, ELIGIBLE, None),
    ("requirements: {min_language: B2}\n", {"language": "C2"}, ELIGIBLE, None),
    (
        "requirements: {min_language: B2}\n",
        {"language": "B1+"},
        NOT_ELIGIBLE,
        "language B1 is below the call's minimum B2",
    ),
    (
        "requirements: {min_language: B2}\n",
        {},
        ERROR,
        "language is missing (needed for: minimum language level)",
    ),
    (
        "requirements: {min_language: B2}\n",
        {"language": "fluent"},
        ERROR,
        "language: language 'fluent' is not a CEFR level (A1, A2, B1, B2, C1, C2)",
    ),
    # first year completed, mobility in the year of the application
    (
        "academic_year: 2019/2020\nrequirements: {first_year_completed: true}\n",
        {"year": "2"},
        ELIGIBLE,
        None,
    ),
    (
        "academic_year: 2019/2020\nrequirements: {first_year_completed: true}\n",
        {"year": "1"},
        NOT_ELIGIBLE,
        "year 1 of the course: the first year is not completed before the mobility in 2019/2020",
    ),
    (
        "academic_year: 2019/2020\nrequirements: {first_year_completed: true}\n",
        {},
        ERROR,
        "year is missing (needed for: first year completed)",
    ),
    (
        "academic_year: 2019/2020\nrequirements: {first_year_completed: true}\n",
        {"year": "0"},
        ERROR,
        "year: '0' is not a year of course (1, 2, 3 …)",
    ),
    # … and applying the year before the mobility: a first-year student leaves in the second
    (
        "academic_year: 2026/2027\napplication_year: 2025/2026\nrequirements: {first_year_completed: true}\n",
        {"year": "1"},
        ELIGIBLE,
        None,
    ),
    # months already abroad: room for the shortest stay under the cap
    (
        "requirements: {max_months_abroad: {cycle: 12, single_cycle: 24}, min_months: 3}\n",
        {"months_abroad": "9"},
        ELIGIBLE,
        None,
    ),
    (
        "requirements: {max_months_abroad: {cycle: 12, single_cycle: 24}, min_months: 3}\n",
        {"months_abroad": "9,5"},
        NOT_ELIGIBLE,
        "9.5 months already abroad leave 2.5 of the 12 allowed per study cycle, less than the shortest stay of 3 months",
    ),
    (
        "requirements: {max_months_abroad: {cycle: 12, single_cycle: 24}, min_months: 3}\n",
        {"months_abroad": "21", "programme": "construction-architecture", "level": "ciclo unico"},
        ELIGIBLE,
        None,
    ),
    (
        "requirements: {max_months_abroad: {cycle: 12, single_cycle: 24}, min_months: 3}\n",
        {"months_abroad": "22", "programme": "construction-architecture", "level": ""},
        NOT_ELIGIBLE,
        "22 months already abroad leave 2 of the 24 allowed per study cycle, less than the shortest stay of 3 months",
    ),
    (
        "requirements: {max_months_abroad: {cycle: 12, single_cycle: 24}, min_months: 3}\n",
        {},
        ERROR,
        "months_abroad is missing (needed for: months abroad per study cycle)",
    ),
    # … without a shortest stay, the cap itself
    (
        "requirements: {max_months_abroad: {cycle: 12, single_cycle: 24}}\n",
        {"months_abroad": "11.5"},
        ELIGIBLE,
        None,
    ),
    (
        "requirements: {max_months_abroad: {cycle: 12, single_cycle: 24}}\n",
        {"months_abroad": "12"},
        NOT_ELIGIBLE,
        "12 months already abroad: the 12 allowed per study cycle are used up",
    ),
    # eligible programmes, schools and levels
    ("eligible: {programmes: [mechanical-msc]}\n", {}, ELIGIBLE, None),
    (
        "eligible: {programmes: [physics-msc]}\n",
        {},
        NOT_ELIGIBLE,
        "programme mechanical-msc (Mechanical Engineering, school ing) is not among the call's programmes",
    ),
    ("eligible: {programmes: [physics-msc]}\n", {"programme": ""}, ERROR, "programme is missing"),
    ("eligible: {schools: [ing]}\n", {"programme": "Ingegneria Meccanica"}, ELIGIBLE, None),
    ("eligible: {schools: [auic], programmes: [mechanical-msc]}\n", {}, ELIGIBLE, None),
    ("eligible: {levels: [msc]}\n", {"level": "Laurea Magistrale"}, ELIGIBLE, None),
    (
        "eligible: {levels: [bsc, single-cycle]}\n",
        {},
        NOT_ELIGIBLE,
        "level msc is not among the call's (bsc, single-cycle)",
    ),
    (
        "eligible: {levels: [bsc]}\n",
        {"programme": "architecture", "level": ""},
        ERROR,
        "level is missing and programme architecture does not say it (needed for: eligible levels)",
    ),
]


@pytest.mark.parametrize(("body", "values", "status", "reason"), CASES)
def test_one_requirement(
    tmp_path: Path, body: str, values: dict[str, str], status: str, reason: str | None
) -> None:
    verdict = checker(tmp_path, body).check(7, {**STUDENT, **values})
    assert (verdict.row, verdict.status) == (7, status)
    assert verdict.reasons == ((reason,) if reason else ())


CREDITS_TABLE = """\
requirements:
  min_credits:
    - {level: bsc, year: 2, min: 40}
    - {level: msc, min: 20}
    - {min: 0}
"""


@pytest.mark.parametrize(
    ("values", "status", "reason"),
    [
        (
            {"programme": "physics-bsc", "level": "BSc", "year": "2", "credits": "40"},
            ELIGIBLE,
            None,
        ),
        (
            {"programme": "physics-bsc", "level": "BSc", "year": "2", "credits": "39"},
            NOT_ELIGIBLE,
            "credits 39 are below the call's minimum 40 for bsc, year 2",
        ),
        (
            {"programme": "physics-bsc", "level": "BSc", "year": "3", "credits": "1"},
            ELIGIBLE,
            None,
        ),  # the catch-all
        (
            {"programme": "physics-msc", "level": "LM", "year": "1", "credits": "19"},
            NOT_ELIGIBLE,
            "credits 19 are below the call's minimum 20 for msc",
        ),
        (
            {"programme": "physics-msc", "level": "LM", "credits": "19"},
            ERROR,
            "year is missing (needed for: minimum credits)",
        ),
    ],
)
def test_credits_by_level_and_year(
    tmp_path: Path, values: dict[str, str], status: str, reason: str | None
) -> None:
    verdict = checker(tmp_path, CREDITS_TABLE).check(2, {"id": "s", **values})
    assert verdict.status == status
    assert verdict.reasons == ((reason,) if reason else ())


STAFF_CALL = "requirements: {min_teaching_hours_per_week: 8, min_days: 5, max_days: 60}\n"


@pytest.mark.parametrize(
    ("values", "status", "reason"),
    [
        ({"teaching_hours": "8", "days": "5"}, ELIGIBLE, None),
        (
            {"teaching_hours": "7,5", "days": "7"},
            NOT_ELIGIBLE,
            "7.5 teaching hours in 7 days are below the minimum 8 (8 per week, pro rata)",
        ),
        ({"teaching_hours": "16", "days": "14"}, ELIGIBLE, None),  # two weeks: 16 hours
        (
            {"teaching_hours": "15,99", "days": "14"},
            NOT_ELIGIBLE,
            "15.99 teaching hours in 14 days are below the minimum 16 (8 per week, pro rata)",
        ),
        (
            {"teaching_hours": "8", "days": "4"},
            NOT_ELIGIBLE,
            "4 days are fewer than the call's minimum 5",
        ),
        ({"teaching_hours": "80", "days": "60"}, ELIGIBLE, None),
        (
            {"teaching_hours": "80", "days": "61"},
            NOT_ELIGIBLE,
            "61 days are more than the call's maximum 60",
        ),
        (
            {"teaching_hours": "8"},
            ERROR,
            "days is missing (needed for: minimum teaching hours, length of stay)",
        ),
        ({"days": "5"}, ERROR, "teaching_hours is missing (needed for: minimum teaching hours)"),
        ({"teaching_hours": "8", "days": "5,5"}, ERROR, "days: '5,5' is not a whole number"),
    ],
)
def test_staff_requirements(
    tmp_path: Path, values: dict[str, str], status: str, reason: str | None
) -> None:
    verdict = checker(tmp_path, STAFF_CALL, kind="staff-teaching").check(2, {**STAFF, **values})
    assert verdict.status == status
    assert verdict.reasons == ((reason,) if reason else ())


def test_every_failed_requirement_is_a_reason_in_order(tmp_path: Path) -> None:
    body = "eligible: {levels: [bsc]}\nrequirements: {min_average: 24, min_language: B2}\n"
    verdict = checker(tmp_path, body).check(3, {**STUDENT, "average": "20", "language": "A2"})
    assert verdict.status == NOT_ELIGIBLE
    assert verdict.reasons == (
        "level msc is not among the call's (bsc)",
        "average 20 is below the call's minimum 24",
        "language A2 is below the call's minimum B2",
    )
    assert verdict.keys == (
        "level not among the call's (bsc)",
        "average below the call's minimum 24",
        "language below the call's minimum B2",
    )


def test_a_call_without_requirements_admits_any_known_programme(tmp_path: Path) -> None:
    check = checker(tmp_path, "").check
    assert check(2, {"id": "a", "programme": "Design"}).status == ELIGIBLE
    assert check(3, {"id": "b", "programme": "Desing"}).reasons == (
        "unknown programme 'Desing' (did you mean 'Design'?)",
    )


def test_an_unreadable_cell_the_call_does_not_use_is_ignored(tmp_path: Path) -> None:
    verdict = checker(tmp_path, "requirements: {min_average: 24}\n").check(
        2, {**STUDENT, "average": "25", "credits": "=SUM(A1)"}
    )
    assert verdict.status == ELIGIBLE
