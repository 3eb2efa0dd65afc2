"""The distribution (ECTS grading-table) method on hand-computed distributions."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from mobility_cli.api import converter_for, load_catalog
from mobility_cli.compiled.grading import GradingTable
from mobility_cli.compiled.table import ConversionTable
from mobility_cli.conversion.context import CourseContext, HostDistribution
from mobility_cli.conversion.engine import Converter
from mobility_cli.conversion.grades import GradeError
from mobility_cli.errors import MobilityError
from mobility_cli.models.loading import validated

CATALOG = load_catalog()

PROVENANCE = {"source": "hand-computed test data", "date": "2026-11-26", "status": "illustrative"}

# The reference's worked example (grade-conversion-methods §1.4): host France, home Italy.
FRENCH = (("20", 0), ("19", 1), ("18", 2), ("17", 4), ("16", 7), ("15", 10), ("14", 14),
          ("13", 17), ("12", 18), ("11", 15), ("10", 12), ("0-9.99", 30))  # fmt: skip
ITALIAN = {"30L": 4, "30": 8, "29": 7, "28": 11, "27": 12, "26": 11, "25": 10, "24": 9,
           "23": 7, "22": 6, "21": 5, "20": 4, "19": 3, "18": 3}  # fmt: skip


def group(counts: dict[str, int], ident: str = "home", **extra: Any) -> dict[str, Any]:
    return {"id": ident, "name": ident, "counts": counts, "provenance": PROVENANCE, **extra}


def table(
    groups: list[dict[str, Any]],
    policy: str = "max-overlap",
    *,
    min_count: int = 1,
    sources: tuple[str, ...] = ("transcript", "host-table", "ects-letter-shares"),
    rounding: str = "half-up",
    programmes: tuple[dict[str, Any], ...] = (),
    fallback: bool = True,
) -> ConversionTable:
    distribution = {
        "method": "distribution",
        "policy": policy,
        "min_count": min_count,
        "sources": list(sources),
        "rounding": rounding,
    }
    letters = {"method": "bands", "pick": "max", "bands": [{"label": "B", "to": "28"}]}
    return validated(
        ConversionTable,
        {
            "kind": "conversion_table",
            "schema_version": 1,
            "id": "test",
            "name": "test table",
            "school": "TEST",
            "provenance": PROVENANCE,
            "rules": [
                {"scales": ["ects"], "methods": [distribution, *([letters] if fallback else [])]},
                {
                    "scales": ["*"],
                    "methods": [distribution, *([{"method": "linear"}] if fallback else [])],
                },
            ],
            "programmes": list(programmes),
            "reference_groups": groups,
        },
    )


def converter(home: dict[str, int], policy: str = "max-overlap", **options: Any) -> Converter:
    return Converter(table([group(home)], policy, **options), CATALOG.scales())


def host(*pairs: tuple[str, int]) -> CourseContext:
    return CourseContext(HostDistribution(tuple(pairs)))


# --- the worked example ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("policy", "expected", "how"),
    [
        ("max-overlap", "27", "largest overlap → 27"),
        ("midpoint", "27", "midpoint 31% → 27"),
        ("min", "27", "min → 27"),
        ("max", "28", "max → 28"),
        ("mean", "28", "mean 27.5 (half-up) → 28"),
    ],
)
def test_worked_example_french_14(policy: str, expected: str, how: str) -> None:
    done = converter(ITALIAN, policy).convert("14", "fr-20", host(*FRENCH))
    assert (done.method, done.home.label, done.distribution) == (
        "distribution",
        expected,
        "transcript",
    )
    assert "14 is 24–38% from the top of 100 passing grades (transcript)" in done.rule
    assert "28 19–30% overlap 6, 27 30–42% overlap 8" in done.rule
    assert done.rule.endswith(how)


def test_worked_example_against_the_linear_formula() -> None:
    ing = converter_for(CATALOG, "ing")
    by_distribution = ing.convert(
        "14", "fr-20", host(*((label, count * 20) for label, count in FRENCH))
    )
    by_formula = ing.convert("14", "fr-20")
    assert (by_distribution.method, by_distribution.home.label) == ("distribution", "27")
    assert (by_formula.method, by_formula.home.label) == ("linear", "23")
    assert "= 22.8 → 23" in by_formula.rule
    assert "home group 'ing-school' (illustrative, 2000 passing grades)" in by_distribution.rule


# --- policies on hand-computed distributions ----------------------------------------------

# Home: 30 [0, 40%], 29 [40, 60%], 28 [60, 100%]. Host: 16 [0, 15%], 14 [15, 75%], 12 [75, 100%].
# French 14 spans three home grades: 30 overlaps 25 points, 29 20, 28 15; its midpoint is 45%.
THREE_HOME = {"30": 4, "29": 2, "28": 4}
THREE_HOST = (("16", 3), ("14", 12), ("12", 5))


@pytest.mark.parametrize(
    ("policy", "expected"),
    [("max-overlap", "30"), ("midpoint", "29"), ("mean", "29"), ("min", "28"), ("max", "30")],
)
def test_a_band_spanning_three_home_grades(policy: str, expected: str) -> None:
    done = converter(THREE_HOME, policy).convert("14", "fr-20", host(*THREE_HOST))
    assert done.home.label == expected
    assert "14 is 15–75% from the top of 20 passing grades" in done.rule
    assert "30 0–40% overlap 25, 29 40–60% overlap 20, 28 60–100% overlap 15" in done.rule


# Home: 29 [0, 25%], 28 [25, 50%], 27 [50, 75%], 26 [75, 100%]. Host 14: [25, 75%], which
# overlaps 28 and 27 by 25 points each, with its midpoint (50%) on their common boundary.
TIE_HOME = {"29": 1, "28": 1, "27": 1, "26": 1}
TIE_HOST = (("16", 1), ("14", 2), ("12", 1))


@pytest.mark.parametrize(
    ("policy", "rounding", "expected"),
    [
        ("max-overlap", "half-up", "28"),  # equal overlaps: the better grade
        ("midpoint", "half-up", "28"),  # midpoint on a boundary: the better grade
        ("mean", "half-up", "28"),  # 27.5
        ("mean", "floor", "27"),
        ("mean", "none", "27.5"),
        ("min", "half-up", "27"),
        ("max", "half-up", "28"),
    ],
)
def test_ties_go_to_the_better_grade(policy: str, rounding: str, expected: str) -> None:
    done = converter(TIE_HOME, policy, rounding=rounding).convert("14", "fr-20", host(*TIE_HOST))
    assert done.home.label == expected
    assert "28 25–50% overlap 25, 27 50–75% overlap 25" in done.rule


def test_a_grade_nobody_else_got_sits_on_a_point() -> None:
    done = converter(TIE_HOME, "max-overlap").convert(
        "17", "fr-20", host(("17", 0), ("16", 1), ("14", 3))
    )
    assert done.home.label == "29"
    assert "17 is at 0% from the top (counted 0 times)" in done.rule


def test_home_honours_can_be_the_result() -> None:
    done = converter({"30L": 1, "30": 3, "29": 6}, "max").convert(
        "18", "fr-20", host(("18", 1), ("14", 9))
    )
    assert (done.home.label, done.home.honours) == ("30L", True)


def test_lower_is_better_and_range_categories() -> None:
    # German 1.0 is the best grade: 1.0–1.3 holds the top 20% of this host group.
    german = host(("1.0-1.3", 2), ("1.7-2.3", 3), ("2.7-4.0", 5), ("5.0", 4))
    done = converter({"30": 2, "27": 3, "24": 5}, "max-overlap").convert("1.3", "de-5", german)
    assert done.home.label == "30"
    assert "1.3 is 0–20% from the top of 10 passing grades" in done.rule


def test_ects_letter_shares_when_only_a_letter_is_known() -> None:
    done = converter(THREE_HOME, "max-overlap").convert("B", "ects")
    assert (done.method, done.distribution) == ("distribution", "ECTS letter shares")
    assert "B is 10–35% from the top by the ECTS letter shares" in done.rule
    assert done.home.label == "30"


# --- fallback, errors -------------------------------------------------------------------


def test_a_home_group_below_the_minimum_falls_back_and_says_so() -> None:
    done = converter(THREE_HOME, min_count=30).convert(
        "14", "fr-20", host(*((label, n * 10) for label, n in THREE_HOST))
    )
    assert done.method == "linear"
    assert (
        "[fallback; distribution (table test): home group 'home' has 10 passing grades, fewer than the minimum of 30]"
        in done.rule
    )


def test_a_host_sample_below_the_minimum_falls_back_and_says_so() -> None:
    done = converter({"30": 40, "25": 40}, min_count=30).convert("14", "fr-20", host(*THREE_HOST))
    assert done.method == "linear"
    assert (
        "the host distribution (transcript) has 20 passing grades, fewer than the minimum of 30"
        in done.rule
    )


def test_without_a_distribution_the_next_method_takes_over_silently() -> None:
    done = converter(THREE_HOME, sources=("transcript",)).convert("14", "fr-20")
    assert done.method == "linear" and "fallback" not in done.rule
    assert converter(THREE_HOME, sources=("transcript",)).convert("B", "ects").method == "bands"


def test_only_a_distribution_and_none_given_is_an_error() -> None:
    alone = converter(THREE_HOME, sources=("transcript",), fallback=False)
    with pytest.raises(
        GradeError, match=r"no method applies: distribution \(table test\): no host distribution"
    ):
        alone.convert("14", "fr-20")


@pytest.mark.parametrize(
    ("categories", "message"),
    [
        ((("14", 0), ("8", 0)), r"counts no grades"),
        ((("14", 0), ("0-9.99", 12)), r"has no passing grades"),
        ((), r"counts no grades"),
    ],
)
def test_a_distribution_without_passing_counts_is_an_error(
    categories: tuple[tuple[str, int], ...], message: str
) -> None:
    with pytest.raises(GradeError, match=message):
        converter(THREE_HOME).convert("14", "fr-20", host(*categories))


@pytest.mark.parametrize(
    ("categories", "reason"),
    [
        (
            (("20-39.9", 4), ("14", 3)),
            "category '20-39.9' of the host distribution is neither a grade nor a range on fr-20",
        ),
        ((("tres tres bien", 4), ("14", 3)), "is neither a grade nor a range"),
        (
            (("8-12", 4), ("14", 3)),
            "category '8-12' of the host distribution mixes passing and failing grades",
        ),
        (
            (("12-15", 4), ("14-16", 3)),
            "categories '14-16' and '12-15' of the host distribution (transcript) overlap",
        ),
        (
            (("16", 4), ("12", 3)),
            "'14' is in none of the passing categories of the host distribution (transcript) (16, 12)",
        ),
    ],
)
def test_an_unreadable_distribution_falls_back_with_the_reason(
    categories: tuple[tuple[str, int], ...], reason: str
) -> None:
    done = converter(THREE_HOME).convert("14", "fr-20", host(*categories))
    assert done.method == "linear"
    assert reason in done.rule


def test_the_cache_keeps_distributions_apart() -> None:
    same = converter(THREE_HOME)
    top = same.convert("14", "fr-20", host(("14", 1), ("12", 9)))
    bottom = same.convert("14", "fr-20", host(("16", 9), ("14", 1)))
    assert (top.home.label, bottom.home.label) == ("30", "28")
    assert same.convert("14", "fr-20", host(("14", 1), ("12", 9))) is top


def test_the_reference_groups_used_are_recorded_with_their_status() -> None:
    used = converter(THREE_HOME)
    used.convert("14", "fr-20", host(*THREE_HOST))
    assert {name: p.status for name, p in used.used.items()} == {
        "conversion table 'test', reference group 'home'": "illustrative"
    }


# --- choosing the reference groups ------------------------------------------------------


def test_home_group_by_programme_field_and_cycle() -> None:
    groups = [
        group({"30": 1, "18": 9}, "school"),
        group({"30": 9, "18": 1}, "engineering", isced=["07"]),
        group({"30": 5, "18": 5}, "electronics-msc", isced=["0714"], cycle="msc"),
        group({"29": 1, "18": 1}, "cse", programmes=["cse"]),
    ]
    programmes = (
        {"id": "cse", "name": "CSE", "level": "bsc"},
        {"id": "ele", "name": "Electronics", "level": "msc"},
    )
    made = table(groups, "max", programmes=programmes)

    def chosen(programme: str | None, isced: str | None) -> str:
        where = next((p for p in made.programmes if p.id == programme), None)
        context = CourseContext(HostDistribution((("14", 1),)), isced)
        rule = Converter(made, CATALOG.scales(), where).convert("14", "fr-20", context).rule
        return rule.split("home group '")[1].split("'")[0]

    assert chosen(None, None) == "school"
    assert chosen(None, "0311") == "school"
    assert chosen(None, "0714") == "engineering"  # the msc group needs a known cycle
    assert chosen("ele", "0714") == "electronics-msc"
    assert chosen("ele", "0731") == "engineering"
    assert chosen("cse", "0714") == "cse"


def test_host_tables_institution_first_then_field() -> None:
    def grading(ident: str, institutions: list[str], groups: list[dict[str, Any]]) -> GradingTable:
        return validated(GradingTable, {"kind": "grading_table", "schema_version": 1, "id": ident, "name": ident, "scale": "fr-20",
             "institutions": institutions, "provenance": PROVENANCE, "groups": groups}
        )  # fmt: skip

    tables = [
        grading("france", [], [{"counts": {"14": 1, "12": 9}}]),
        grading(
            "paris", ["univ-paris.example"], [{"isced": ["0714"], "counts": {"16": 9, "14": 1}}]
        ),
    ]
    made = Converter(
        table([group(THREE_HOME)], "max"), CATALOG.scales(), host_tables=lambda: tables
    )
    own = made.convert("14", "fr-20", CourseContext(None, "0714", "Univ-Paris.example"))
    other_field = made.convert("14", "fr-20", CourseContext(None, "0311", "univ-paris.example"))
    assert (own.distribution, own.home.label) == ("host table paris", "28")
    assert (other_field.distribution, other_field.home.label) == ("host table france", "30")
    assert "grading table 'paris'" in made.used


# --- the tables themselves ----------------------------------------------------------------


def test_a_bad_home_label_stops_the_converter() -> None:
    with pytest.raises(
        MobilityError, match=r"table 'test', reference group 'home': '31' is not on it-30"
    ):
        converter({"30": 3, "31": 1})


def test_a_failing_home_grade_is_refused() -> None:
    with pytest.raises(MobilityError, match="'12' is not a passing grade on it-30"):
        converter({"30": 3, "12": 1})


@pytest.mark.parametrize(
    ("groups", "message"),
    [
        ([], "the distribution method needs reference_groups"),
        ([group({"30": 1}), group({"29": 1})], "reference group ids repeat: home"),
        ([group({"30": 1}, programmes=["nope"])], "names unknown programme(s): nope"),
        ([group({"30": -1})], "greater than or equal to 0"),
    ],
)
def test_table_validation(groups: list[dict[str, Any]], message: str) -> None:
    with pytest.raises(ValidationError, match=message.replace("(", r"\(").replace(")", r"\)")):
        table(groups)


def test_bundled_tables_put_distribution_first_and_mark_counts_illustrative() -> None:
    for ident in ("ing", "auic", "design"):
        bundled = CATALOG.table(ident)
        assert [r.methods[0].method for r in bundled.rules] == ["distribution", "distribution"]
        assert [g.provenance.status for g in bundled.reference_groups] == ["illustrative"]


# --- properties ---------------------------------------------------------------------------

POLICIES = ["min", "max", "mean", "max-overlap", "midpoint"]


@given(
    policy=st.sampled_from(POLICIES),
    counts=st.lists(st.integers(0, 40), min_size=11, max_size=11).filter(any),
    home=st.lists(st.integers(0, 40), min_size=14, max_size=14).filter(any),
)
def test_a_better_grade_never_gives_a_worse_home_grade(
    policy: str, counts: list[int], home: list[int]
) -> None:
    labels = [str(g) for g in range(20, 9, -1)]
    home_labels = ["30L", *(str(g) for g in range(30, 17, -1))]
    made = converter(dict(zip(home_labels, home, strict=True)), policy)
    context = host(*zip(labels, counts, strict=True))

    def rank(label: str) -> tuple[Decimal, bool]:
        done = made.convert(label, "fr-20", context).home
        assert done.value is not None and Decimal(18) <= done.value <= Decimal(30)
        return (done.value, done.honours)

    results = [rank(label) for label in labels]
    assert results == sorted(results, reverse=True)
