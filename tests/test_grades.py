"""Grades as printed on real transcripts parse to the same grade."""

from __future__ import annotations

from decimal import Decimal

import pytest

from mobility_cli.api import load_catalog
from mobility_cli.conversion.grades import GradeError, parse_grade

CATALOG = load_catalog()


@pytest.mark.parametrize(
    "text", ["30L", "30 e lode", "30 cum laude", "30 E LODE", "  30  e  lode ", "30 L", "30elode"]
)
def test_italian_honours_spellings(text: str) -> None:
    grade = parse_grade(CATALOG.scale("it-30"), text)
    assert (grade.label, grade.value, grade.honours) == ("30L", Decimal(30), True)


@pytest.mark.parametrize("text", ["MH", "Matrícula de Honor", "matricula de honor"])
def test_spanish_honours_spellings(text: str) -> None:
    grade = parse_grade(CATALOG.scale("es-10"), text)
    assert grade.honours and grade.label == "MH" and grade.value == Decimal(10)


@pytest.mark.parametrize(("a", "b"), [("13,5", "13.5"), ("14/20", "14"), ("1,7", "1.7")])
def test_decimal_comma_and_out_of_forms(a: str, b: str) -> None:
    scale = CATALOG.scale("de-5" if a == "1,7" else "fr-20")
    assert parse_grade(scale, a) == parse_grade(scale, b)


def test_plain_30_is_not_honours() -> None:
    grade = parse_grade(CATALOG.scale("it-30"), "30")
    assert not grade.honours and grade.label == "30"


@pytest.mark.parametrize(
    ("text", "label", "passing"),
    [("-3", "-3", False), ("−3", "-3", False), ("2", "02", True), ("7", "7", True)],
)
def test_danish_labels_and_aliases(text: str, label: str, passing: bool) -> None:
    grade = parse_grade(CATALOG.scale("dk-7"), text)
    assert (grade.label, grade.passing) == (label, passing)


def test_lower_is_better_passing() -> None:
    de = CATALOG.scale("de-5")
    assert parse_grade(de, "4.0").passing
    assert not parse_grade(de, "5.0").passing


def test_wrong_out_of_is_refused() -> None:
    with pytest.raises(GradeError):
        parse_grade(CATALOG.scale("fr-20"), "14/30")


def test_empty_grade_is_refused() -> None:
    with pytest.raises(GradeError, match="empty"):
        parse_grade(CATALOG.scale("fr-20"), "  ")
