"""The Python API (docs/api.md): its examples run as tests, numbers are accepted as grades."""

from __future__ import annotations

import doctest
from decimal import Decimal

import pytest
from tests.support import ROOT

import mobility_cli
from mobility_cli import convert_grade, convert_transcript


def test_the_documented_examples_run(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    failures, tried = doctest.testfile(
        str(ROOT / "docs" / "api.md"), module_relative=False, optionflags=doctest.ELLIPSIS
    )
    assert tried >= 10 and failures == 0


@pytest.mark.parametrize("grade", ["14", 14, 14.0, Decimal("14"), Decimal("14.00")])
def test_a_grade_as_text_or_number(grade: str | int | float | Decimal) -> None:
    assert convert_grade(grade, scale="fr-20", school="ing").converted == "23"


def test_a_boolean_is_not_a_grade() -> None:
    with pytest.raises(TypeError, match="not bool"):
        convert_grade(True, scale="fr-20", school="ing")


def test_everything_needed_is_importable_from_the_package() -> None:
    for name in mobility_cli.__all__:
        assert getattr(mobility_cli, name) is not None


def test_a_transcript_from_a_path_reads_elmo_too() -> None:
    report = convert_transcript(ROOT / "examples" / "elmo-paris-v1.xml", school="ing")
    assert report.results and all(r.status != "error" for r in report.results)
