"""The bundled catalogue of national grading scales loads and keeps its promises."""

from __future__ import annotations

from pathlib import Path

import pytest

from mobility_cli import models
from mobility_cli.compiled.scale import NumericScale, OrdinalScale, ScalesFile
from mobility_cli.models.loading import load_model

NATIONAL = Path(__file__).parents[1] / "data" / "scales" / "national.yaml"

REQUIRED_IDS = {
    "it-30",
    "ects",
    "fr-20",
    "be-20",
    "pt-20",
    "de-5",
    "at-5",
    "es-10",
    "nl-10",
    "ch-6",
    "dk-7",
    "uk-pct",
    "pl-5",
    "us-letter",
}


@pytest.fixture(scope="module")
def catalogue() -> ScalesFile:
    return load_model(NATIONAL, ScalesFile)


def test_loads_with_provenance(catalogue: ScalesFile) -> None:
    assert catalogue.kind == "scales"
    assert catalogue.provenance.status == "derived"
    assert catalogue.provenance.source


def test_ids_are_unique(catalogue: ScalesFile) -> None:
    ids = [scale.id for scale in catalogue.scales]
    assert len(ids) == len(set(ids))


def test_required_ids_exist(catalogue: ScalesFile) -> None:
    ids = {scale.id for scale in catalogue.scales}
    assert ids >= REQUIRED_IDS, sorted(REQUIRED_IDS - ids)


def test_coverage(catalogue: ScalesFile) -> None:
    countries = {code for scale in catalogue.scales for code in scale.countries}
    assert len(catalogue.scales) >= 30
    assert len(countries) >= 30
    assert all(len(code) == 2 and code.isupper() for code in countries)


def test_ordinal_labels_and_aliases_are_unique(catalogue: ScalesFile) -> None:
    for scale in catalogue.scales:
        if not isinstance(scale, OrdinalScale):
            continue
        names = [name for grade in scale.grades for name in (grade.label, *grade.aliases)]
        assert len(names) == len(set(names)), scale.id


def test_lower_is_better_scales(catalogue: ScalesFile) -> None:
    by_id = {scale.id: scale for scale in catalogue.scales}
    for ident in ("de-5", "at-5"):
        scale = by_id[ident]
        assert isinstance(scale, NumericScale)
        assert scale.higher_is_better is False


def test_a_scale_word_outside_the_scale_is_refused() -> None:
    from pydantic import ValidationError

    with pytest.raises(ValidationError, match="word 'Notable' spans 7–11, outside the scale 0–10"):
        models.NumericScale.model_validate(
            {
                "type": "numeric", "id": "x-10", "name": "X", "best": 10, "worst": 0, "pass": 5,
                "words": [{"word": "Notable", "lang": "es", "low": 7, "high": 11}],
            }
        )  # fmt: skip
