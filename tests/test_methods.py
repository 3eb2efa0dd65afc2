"""Conversion methods against the reference's worked examples, and the declared policies."""

from __future__ import annotations

import typing
from decimal import Decimal

import pytest

from mobility_cli.api import converter_for, load_catalog
from mobility_cli.catalog import Catalog
from mobility_cli.compiled.scale import NumericScale
from mobility_cli.compiled.table import BandsMethod, LinearMethod, Method
from mobility_cli.conversion.bands import convert_bands
from mobility_cli.conversion.engine import DESCRIPTIONS, INVERSES, METHODS
from mobility_cli.conversion.grades import GradeError, parse_grade
from mobility_cli.conversion.linear import convert_linear
from mobility_cli.conversion.transcript import _STATUS_WORDS, parse_status
from mobility_cli.models.loading import validated
from mobility_cli.text import normalise_header


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def home(catalog: Catalog) -> NumericScale:
    scale = catalog.scale("it-30")
    assert isinstance(scale, NumericScale)
    return scale


def linear(rounding: str = "none", honours: str = "honours-mark") -> LinearMethod:
    return validated(LinearMethod, {"method": "linear", "rounding": rounding, "honours": honours})


@pytest.mark.parametrize(
    ("scale", "grade", "unrounded", "rounded"),
    [
        ("de-5", "2.3", "24.8", "25"),  # Germany, lower is better
        ("fr-20", "14", "22.8", "23"),
        ("es-10", "7.5", "24", "24"),
        ("dk-7", "7", "24", "24"),  # ordinal scale with numeric values
        ("nl-10", "7.0", "22", "22"),  # pass 5.5
        ("uk-pct", "65", "23", "23"),
        ("us-letter", "B+", "27.2", "27"),
    ],
)
def test_linear_worked_examples(
    catalog: Catalog, scale: str, grade: str, unrounded: str, rounded: str
) -> None:
    source = catalog.scale(scale)
    parsed = parse_grade(source, grade)
    exact = convert_linear(linear("none"), parsed, source, home(catalog))
    assert exact.home.value == Decimal(unrounded)
    half_up = convert_linear(linear("half-up"), parsed, source, home(catalog))
    assert half_up.home.label == rounded
    assert f"= {unrounded}" in half_up.rule and "(half-up)" in half_up.rule


@pytest.mark.parametrize(
    ("rounding", "expected"),
    [("half-up", "23"), ("half-even", "23"), ("floor", "22"), ("ceil", "23"), ("none", "22.8")],
)
def test_linear_rounding_is_declared(catalog: Catalog, rounding: str, expected: str) -> None:
    source = catalog.scale("fr-20")
    done = convert_linear(linear(rounding), parse_grade(source, "14"), source, home(catalog))
    assert done.home.label == expected


def test_half_up_and_half_even_differ_on_a_tie(catalog: Catalog) -> None:
    # 12.5 on pass 10 / best 20 → 18 + 12 × 2.5 / 10 = 21.0; 13.75 → 22.5: the tie case
    source = catalog.scale("fr-20")
    grade = parse_grade(source, "13.75")
    assert convert_linear(linear("half-up"), grade, source, home(catalog)).home.label == "23"
    assert convert_linear(linear("half-even"), grade, source, home(catalog)).home.label == "22"


@pytest.mark.parametrize(
    ("policy", "grade", "expected"),
    [
        ("honours-mark", "MH", "30L"),
        ("honours-mark", "10", "30"),
        ("best-grade", "10", "30L"),
        ("never", "MH", "30"),
    ],
)
def test_linear_honours_rule(catalog: Catalog, policy: str, grade: str, expected: str) -> None:
    source = catalog.scale("es-10")
    done = convert_linear(
        linear("half-up", policy), parse_grade(source, grade), source, home(catalog)
    )
    assert done.home.label == expected


def bands(pick: str) -> BandsMethod:
    return validated(
        BandsMethod,
        {
            "method": "bands",
            "pick": pick,
            "bands": [
                {"label": "A", "to": ["30", "30L"]},
                {"label": "B", "to": ["24", "27"]},
                {"label": "C", "to": ["20", "24"]},
                {"min": 10, "max": 20, "to": "19"},
            ],
        },
    )


@pytest.mark.parametrize(
    ("pick", "grade", "expected"),
    [
        ("min", "B", "24"),
        ("max", "B", "27"),
        ("median", "B", "26"),  # 24 25 26 27 → (25 + 26) / 2 = 25.5 → 26 half-up
        ("mean", "B", "26"),
        ("median", "C", "22"),  # 20 21 22 23 24 → 22
        ("max", "A", "30L"),
        ("min", "A", "30"),
    ],
)
def test_band_pick_policies(catalog: Catalog, pick: str, grade: str, expected: str) -> None:
    source = catalog.scale("ects")
    done = convert_bands(bands(pick), parse_grade(source, grade), source, home(catalog))
    assert done.home.label == expected
    assert f"pick {pick}" in done.rule


def test_numeric_band_bounds_are_inclusive(catalog: Catalog) -> None:
    source = catalog.scale("fr-20")
    for grade in ("10", "20", "15.5"):
        done = convert_bands(bands("max"), parse_grade(source, grade), source, home(catalog))
        assert done.home.label == "19"
        assert "band 4: 10–20 → 19" in done.rule


def test_school_tables_fall_back_in_declared_order(catalog: Catalog) -> None:
    ing = converter_for(catalog, "ing")
    assert ing.convert("B", "ects").method == "bands"
    assert ing.convert("14", "fr-20").method == "linear"
    # Without a host distribution the distribution method hands over silently; ECTS letters
    # have no numeric values: linear does not apply, bands does.
    methods = [m.method for m, _ in ing.methods_for("ects")]
    assert methods == ["distribution", "bands", "distribution", "linear"]
    assert "fallback" not in ing.convert("B", "ects").rule


def test_programme_rules_come_before_the_schools(catalog: Catalog) -> None:
    building = converter_for(catalog, "auic", "Ingegneria Edile")
    school = converter_for(catalog, "auic")
    assert building.convert("B", "ects").home.label == "28"  # DM 313/2016 letter
    assert school.convert("B", "ects").home.label == "29"  # mean of 27–30


@pytest.mark.parametrize(
    ("scale", "grade", "message"),
    [
        ("fr-20", "8", "failing grade"),
        ("de-5", "5.0", "failing grade"),
        ("dk-7", "00", "failing grade"),
        ("fr-20", "21", "not on fr-20"),
        ("de-5", "2.55", "not on de-5"),
        ("de-5", "4.5", "not on de-5"),
        ("ects", "G", "not on ects"),
        ("fr-20", "quattordici", "neither a grade nor a word of fr-20"),
    ],
)
def test_failing_or_off_scale_grades_are_errors(
    catalog: Catalog, scale: str, grade: str, message: str
) -> None:
    with pytest.raises(GradeError, match=message):
        converter_for(catalog, "ing").convert(grade, scale)


def test_unknown_scale_in_a_row_is_an_error_with_a_suggestion(catalog: Catalog) -> None:
    with pytest.raises(GradeError, match="Did you mean 'fr-20'"):
        converter_for(catalog, "ing").convert("14", "fr20")


@pytest.mark.parametrize(
    ("text", "status"),
    [
        (None, "passed"),
        ("", "passed"),
        ("  Superato ", "passed"),
        ("NON SUPERATO", "failed"),
        ("P/F", "pass-fail"),
        ("Idoneità", "pass-fail"),
    ],
)
def test_course_status_spellings(text: str | None, status: str) -> None:
    assert parse_status(text) == status


def test_status_words_are_written_in_their_plain_form() -> None:
    # parse_status takes a cell that is one of these words as it is, before normalising it
    assert all(normalise_header(word) == word for word in _STATUS_WORDS)


def _method_kinds() -> set[str]:
    """The ``method:`` values a conversion table may declare, from the models' union."""
    return {typing.get_args(typing.get_type_hints(m)["method"])[0] for m in typing.get_args(Method)}


def test_every_method_is_registered_whole() -> None:
    # A method with a converter but no inverse (mobility target) or no description (mobility
    # tables) would crash those commands on the first table that uses it.
    kinds = _method_kinds()
    assert kinds == {"linear", "bands", "distribution"}
    assert set(METHODS) == kinds
    assert set(INVERSES) == kinds
    assert set(DESCRIPTIONS) == kinds
