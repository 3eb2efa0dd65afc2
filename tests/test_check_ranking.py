"""The engineering schools' merit formula as a named rule with declared parameters."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import NamedTuple

import pytest

from calls_support import checker
from mobility_cli.eligibility.fields import Applicant
from mobility_cli.eligibility.ranking import PolimiMerit, Undefined, rank
from mobility_cli.models.call import PolimiMeritRanking

SPINELLI = PolimiMeritRanking.model_validate(
    {
        "rule": "polimi-merit",
        "parameters": {
            "credits_weight": "0.1",
            "baseline_credits_per_year": 30,
            "penalty_per_exchange": 5,
        },
    }
)


def applicant(average: str, credits: str, years: int, exchanges: int) -> Applicant:
    return Applicant(
        "x",
        average=Decimal(average),
        credits=Decimal(credits),
        years_enrolled=years,
        previous_exchanges=exchanges,
    )


@pytest.mark.parametrize(
    ("average", "credits", "years", "exchanges", "score"),
    [
        ("25", "60", 2, 0, "28"),  # 25 + 0.1 × (60 − 30)
        ("28", "180", 4, 0, "31"),  # 28 + 0.1 × (180 / 3 − 30)
        ("28", "180", 4, 2, "21"),  # … − 5 × 2
        ("24.37", "100", 4, 0, "24.70"),  # 24.37 + 0.1 × (33.33… − 30) = 24.703… → 24.70
        ("30", "30", 2, 0, "30"),  # 30 + 0.1 × (30 − 30)
    ],
)
def test_formula_values(average: str, credits: str, years: int, exchanges: int, score: str) -> None:
    got = PolimiMerit.from_model(SPINELLI).score(applicant(average, credits, years, exchanges))
    assert got == Decimal(score)


def test_declared_decimals_round_half_up() -> None:
    one_decimal = SPINELLI.model_copy(update={"decimals": 1})
    # 24 + 0.1 × (95 / 2 − 30) = 25.75 → 25.8
    assert PolimiMerit.from_model(one_decimal).score(applicant("24", "95", 3, 0)) == Decimal("25.8")


def test_one_year_enrolled_has_no_score() -> None:
    with pytest.raises(
        Undefined, match=r"undefined for first-year applicants \(years enrolled − 1 = 0\)"
    ):
        PolimiMerit.from_model(SPINELLI).score(applicant("28", "60", 1, 0))


class Item(NamedTuple):
    name: str
    score: Decimal | None


def test_rank_shares_places_on_ties_and_keeps_input_order() -> None:
    items = [
        Item("a", Decimal(25)),
        Item("b", None),
        Item("c", Decimal(30)),
        Item("d", Decimal(25)),
        Item("e", Decimal(20)),
    ]
    assert [(place, item.name) for place, item in rank(items)] == [
        (1, "c"),
        (2, "a"),
        (2, "d"),
        (4, "e"),
    ]


def test_the_score_of_a_not_eligible_applicant_is_not_computed(tmp_path: Path) -> None:
    body = "requirements: {min_average: 27}\nranking: {rule: polimi-merit, parameters: {credits_weight: 0.1, baseline_credits_per_year: 30, penalty_per_exchange: 5}}\n"
    check = checker(tmp_path, body).check
    eligible = check(
        2,
        {
            "id": "a",
            "programme": "mechanical-msc",
            "average": "28",
            "credits": "120",
            "years_enrolled": "3",
            "previous_exchanges": "0",
        },
    )
    assert (eligible.status, eligible.score) == ("eligible", Decimal("31"))
    below = check(
        3, {"id": "b", "programme": "mechanical-msc", "average": "26"}
    )  # no ranking values needed
    assert (below.status, below.score) == ("not_eligible", None)
    missing = check(
        4,
        {
            "id": "c",
            "programme": "mechanical-msc",
            "average": "28",
            "credits": "120",
            "years_enrolled": "3",
        },
    )
    # eligibility apart from ranking: a blank ranking input leaves the row eligible, unscored
    assert (missing.status, missing.score, missing.reasons) == ("eligible", None, ())
    assert missing.score_note == "no score: previous_exchanges missing"
    first_year = check(
        5,
        {
            "id": "d",
            "programme": "mechanical-msc",
            "average": "28",
            "credits": "60",
            "years_enrolled": "1",
            "previous_exchanges": "0",
        },
    )
    assert (first_year.status, first_year.score) == ("eligible", None)
    assert "undefined for first-year applicants (years enrolled − 1 = 0)" in first_year.score_note
    impossible = check(
        6,
        {
            "id": "e",
            "programme": "mechanical-msc",
            "average": "28",
            "credits": "100000",
            "years_enrolled": "3",
            "previous_exchanges": "0",
        },
    )
    assert (impossible.status, impossible.score) == ("error", None)
    assert impossible.reasons[0].startswith("credits 100000 is outside 0–300")
