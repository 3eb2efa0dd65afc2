"""``mobility target`` and the methods' inverses: hand-computed answers, and the property that
the answer converts back to the target while the grade below it does not."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import Run
from mobility_cli.api import converter_for, load_catalog
from mobility_cli.catalog import Catalog
from mobility_cli.compiled.scale import NumericScale
from mobility_cli.compiled.table import LinearMethod
from mobility_cli.conversion.bands import home_ladder
from mobility_cli.conversion.engine import Converter
from mobility_cli.conversion.grades import GradeError, parse_grade
from mobility_cli.conversion.inverse import next_worse, reaches
from mobility_cli.conversion.linear import invert_linear
from mobility_cli.conversion.target_grade import lowest_grade
from mobility_cli.models.loading import validated
from support import write


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


@pytest.mark.parametrize(
    ("target", "scale", "needed", "converted"),
    [
        # 18 + 12 × (g − 10) / 10 ≥ 26.5 ⇔ g ≥ 17.083…; fr-20 has hundredths → 17.09
        ("27", "fr-20", "17.09", "27"),
        ("18", "fr-20", "10", "18"),  # the lowest pass reaches the lowest home grade
        # lower is better: 18 + 12 × (4 − g) / 3 ≥ 19.5 ⇔ g ≤ 3.625; de-5's next grade is 3.3
        ("20", "de-5", "3.3", "21"),
        # 18 + 12 × (g − 5) / 5 ≥ 29.5 ⇔ g ≥ 9.7916…; es-10 goes by tenths → 9.8
        ("30", "es-10", "9.8", "30"),
        ("30L", "es-10", "MH", "30L"),  # only the honours mark earns 30 e lode
        ("27", "ects", "B", "28"),  # bands: B gives 28, C only 26
    ],
)
def test_hand_computed_targets(
    run: Run, target: str, scale: str, needed: str, converted: str
) -> None:
    result = run("target", target, "--scale", scale, "--school", "ing", "--format", "json")
    assert result.exit_code == 0, result.stderr
    answer = json.loads(result.stdout)
    assert answer == {
        "target": target,
        "scale": scale,
        "school": "ing",
        "programme": None,
        "grade": needed,
        "converted": converted,
        "rule": answer["rule"],
    }
    converted_back = run("convert", "--grade", needed, "--scale", scale, "--school", "ing")
    assert json.loads(converted_back.stdout)["results"][0]["converted"] == converted


def test_text_shows_the_deciding_rule(run: Run) -> None:
    result = run("target", "27", "--scale", "fr-20", "--school", "ing", "--format", "text")
    assert result.exit_code == 0
    assert result.stdout == (
        "27 needs 17.09 (fr-20) → 27    linear (DM 313/2016): 18 + (30 − 18) × "
        "(17.09 − 10) / (20 − 10) = 26.51 → 27 (half-up)\n"
    )
    assert "ing.yaml is illustrative" in result.stderr


def test_unreachable_target_is_exit_1_with_the_reason(run: Run) -> None:
    result = run("target", "30L", "--scale", "fr-20", "--school", "ing", "--format", "json")
    assert result.exit_code == 1
    answer = json.loads(result.stdout)
    assert answer["grade"] is None and answer["converted"] is None
    assert "fr-20 has none" in answer["rule"]
    text = run("target", "30 e lode", "--scale", "fr-20", "--school", "ing", "-f", "text")
    assert text.exit_code == 1 and text.stdout.startswith("30L is out of reach on fr-20")


@pytest.mark.parametrize("target", ["31", "17", "abc", "0"])
def test_a_target_that_is_not_a_passing_home_grade_is_exit_2(run: Run, target: str) -> None:
    result = run("target", target, "--scale", "fr-20", "--school", "ing")
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.startswith("Error: target '")


@pytest.mark.parametrize(
    "args",
    [
        ("--scale", "fr-20", "--school", "ing"),  # neither GRADE nor --all
        ("27", "--all", "--scale", "fr-20", "--school", "ing"),
        ("27", "--scale", "xx-1", "--school", "ing"),
        ("27", "--scale", "fr-20", "--school", "nope"),
    ],
)
def test_bad_options_are_exit_2(run: Run, args: tuple[str, ...]) -> None:
    result = run("target", *args)
    assert result.exit_code == 2 and result.stderr.startswith("Error: ")


def test_all_prints_the_ladder(run: Run) -> None:
    result = run("target", "--all", "--scale", "ects", "--school", "ing", "--format", "json")
    assert result.exit_code == 0
    ladder = [(a["target"], a["grade"]) for a in json.loads(result.stdout)]
    assert ladder == [
        ("18", "E"),
        *[(str(t), "D") for t in range(19, 24)],
        *[(str(t), "C") for t in range(24, 27)],
        ("27", "B"),
        ("28", "B"),
        ("29", "A"),
        ("30", "A"),
        ("30L", None),
    ]
    text = run("target", "--all", "--scale", "ects", "--school", "ing", "--format", "text")
    assert len(text.stdout.splitlines()) == 14
    assert text.stdout.splitlines()[-1].startswith("30L is out of reach on ects: bands")


def _linear(rounding: str) -> LinearMethod:
    return validated(LinearMethod, {"method": "linear", "rounding": rounding})


@pytest.mark.parametrize(
    ("rounding", "target", "needed"),
    [
        ("floor", "19", "10.84"),  # 18 + 1.2 (g − 10) ≥ 19 ⇔ g ≥ 10.833…
        ("ceil", "19", "10.01"),  # > 18 ⇔ g > 10: 10 itself gives exactly 18
        ("half-even", "29", "18.76"),  # > 28.5: 18.75 gives 28.5, which rounds to even 28
        ("half-even", "30", "19.59"),  # ≥ 29.5 ⇔ g ≥ 19.583…
        ("none", "24", "15"),  # two decimals: ≥ 23.995 ⇔ g ≥ 14.9958… → 15 (14.99 gives 23.99)
    ],
)
def test_linear_inverse_solves_each_rounding(
    catalog: Catalog, rounding: str, target: str, needed: str
) -> None:
    home = catalog.scale("it-30")
    source = catalog.scale("fr-20")
    assert isinstance(home, NumericScale)
    inverse = invert_linear(_linear(rounding), parse_grade(home, target), source, home)
    assert inverse.grade.label == needed


INTERPOLATED_TABLE = """\
kind: conversion_table
schema_version: 1
id: interp
name: Interpolated bands (test)
school: TEST
provenance: {source: test, date: 2026-01-01, status: illustrative, notes: test}
rules:
  - scales: [pt-20]
    methods:
      - method: bands
        pick: interpolate
        rounding: half-up
        bands:
          - {min: 16, max: 20, to: ["28", "30L"]}
          - {min: 12, max: 15, to: ["24", "27"]}
          - {min: 10, max: 11, to: "18"}
  - scales: [de-5]
    methods:
      - method: bands
        pick: interpolate
        bands:
          - {min: 1.0, max: 2.0, to: ["27", "30"]}
          - {min: 2.3, max: 4.0, to: ["18", "26"]}
"""


@pytest.fixture
def interp_dir(tmp_path: Path) -> Path:
    (tmp_path / "conversion_tables").mkdir()
    write(tmp_path / "conversion_tables" / "interp.yaml", INTERPOLATED_TABLE)
    return tmp_path


@pytest.mark.parametrize(
    ("scale", "grade", "home", "arithmetic"),
    [
        # 24 + (27 − 24) × (14 − 12) / (15 − 12) = 26
        ("pt-20", "14", "26", "24 + (27 − 24) × (14 − 12) / (15 − 12) = 26 → 26 (half-up)"),
        ("pt-20", "12", "24", "= 24 → 24"),  # the worse end gives the worse home end
        ("pt-20", "15", "27", "= 27 → 27"),  # the better end gives the better home end
        # 28 + (31 − 28) × (18 − 16) / 4 = 29.5 → 30; 30L counts as 31
        ("pt-20", "18", "30", "28 + (31 − 28) × (18 − 16) / (20 − 16) = 29.5 → 30"),
        ("pt-20", "20", "30L", "= 31 → 31 (half-up) → 30L"),
        ("pt-20", "11", "18", "band 3: 10–11 → 18"),  # one home grade: unaffected
        # lower is better: 1.0 is the better end. 27 + 3 × (1.3 − 2) / (1 − 2) = 29.1 → 29
        ("de-5", "1.3", "29", "27 + (30 − 27) × (1.3 − 2) / (1 − 2) = 29.1 → 29"),
        ("de-5", "4.0", "18", "= 18 → 18"),
        ("de-5", "2.3", "26", "= 26 → 26"),
    ],
)
def test_interpolate_maps_the_band_linearly(
    run: Run, interp_dir: Path, scale: str, grade: str, home: str, arithmetic: str
) -> None:
    result = run(
        "--data-dir", str(interp_dir), "convert", "--grade", grade, "--scale", scale,
        "--school", "interp", "--format", "json",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    row = json.loads(result.stdout)["results"][0]
    assert row["converted"] == home
    assert arithmetic in row["rule"]


@pytest.mark.parametrize(
    ("scale", "target", "needed"),
    [
        ("pt-20", "27", "15"),  # 24 + (g − 12) ≥ 26.5 ⇔ g ≥ 14.5 → 15
        ("pt-20", "26", "14"),
        ("pt-20", "30", "18"),  # 28 + 0.75 (g − 16) ≥ 29.5 ⇔ g ≥ 18
        ("pt-20", "30L", "20"),  # ≥ 30.5 ⇔ g ≥ 19.33 → 20
        ("pt-20", "19", "12"),  # band 3 gives only 18; band 2's worst grade gives 24
        ("de-5", "29", "1.3"),  # 27 + 3 (2 − g) ≥ 28.5 ⇔ g ≤ 1.5 → 1.3
        ("de-5", "27", "2"),
    ],
)
def test_target_through_interpolated_bands(
    run: Run, interp_dir: Path, scale: str, target: str, needed: str
) -> None:
    result = run(
        "--data-dir", str(interp_dir), "target", target, "--scale", scale,
        "--school", "interp", "--format", "json",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["grade"] == needed


def test_tables_describes_interpolate(run: Run, interp_dir: Path) -> None:
    result = run("--data-dir", str(interp_dir), "tables", "interp")
    assert result.exit_code == 0
    assert "pick interpolate (linear across each band)" in " ".join(result.stdout.split())


def _converters(catalog: Catalog) -> list[Converter]:
    found = []
    for school in catalog.ids("conversion_tables"):
        table = catalog.table(school)
        for programme in (None, *(p.id for p in table.programmes)):
            found.append(converter_for(catalog, school, programme))
    return found


def _check_inverse(converter: Converter, catalog: Catalog, scale_ids: list[str]) -> int:
    """convert(target(t)) ≥ t, and the next worse grade converts below t; an unreachable t is
    out of reach of the scale's best grade (and its honours mark). Returns the answers checked."""
    checked = 0
    for scale_id in scale_ids:
        source = catalog.scales()[scale_id]
        if not converter.methods_for(scale_id):
            continue
        for target in home_ladder(converter.home):
            answer = lowest_grade(converter, target, scale_id)
            if answer.grade is None:
                best = (
                    [source.grades[0].label]
                    if not isinstance(source, NumericScale)
                    else [str(source.best)] + ([source.honours.label] if source.honours else [])
                )
                for label in best:
                    try:
                        done = converter.convert(label, scale_id).home
                    except GradeError:
                        continue
                    assert not reaches(done, target), (converter.table.id, scale_id, target)
                continue
            grade = parse_grade(source, answer.grade)
            assert reaches(converter.convert(answer.grade, scale_id).home, target)
            below = next_worse(source, grade)
            if below is not None:
                try:
                    lower = converter.convert(below.label, scale_id).home
                except GradeError:
                    continue
                assert not reaches(lower, target), (scale_id, answer, below)
            checked += 1
    return checked


def test_target_converts_back_on_every_bundled_scale_and_table(catalog: Catalog) -> None:
    checked = sum(
        _check_inverse(converter, catalog, sorted(catalog.scales()))
        for converter in _converters(catalog)
    )
    assert checked > 1000


def test_target_converts_back_through_interpolated_bands(interp_dir: Path) -> None:
    catalog = load_catalog(interp_dir)
    assert _check_inverse(converter_for(catalog, "interp"), catalog, ["pt-20", "de-5"]) == 27


HOST_TABLE = """\
kind: grading_table
schema_version: 1
id: paris
name: Synthetic host (test)
scale: fr-20
provenance: {source: test, date: 2026-01-01, status: illustrative, notes: synthetic}
groups:
  - cycle: bsc
    counts: {"19": 1, "18": 2, "17": 4, "16": 7, "15": 10, "14": 14, "13": 17, "12": 18,
             "11": 15, "10": 12}
"""


@pytest.mark.parametrize(
    ("target", "needed", "converted"),
    [
        # 14 is 24–38 % from the top; ING's home 28 is 19–30 %, 27 30–42 %: overlaps 6 and 8
        # → 27. 13 (38–55 %) overlaps 27 by 4, 26 (42–53 %) by 11 → 26: so 27 needs 14.
        ("27", "14", "27"),
        # 15 (14–24 %): 29 (12–19 %) and 28 (19–30 %) overlap 5 each; the tie goes up → 29
        ("28", "15", "29"),
        ("30", "16", "30"),  # 16 (7–14 %): 30 (4–12 %) overlaps 5, 29 only 2
        ("30L", "18", "30L"),  # 18 (1–3 %) lies inside 30L's 0–4 %
    ],
)
def test_target_through_a_host_distribution(
    run: Run, tmp_path: Path, target: str, needed: str, converted: str
) -> None:
    (tmp_path / "grading_tables").mkdir()
    write(tmp_path / "grading_tables" / "paris.yaml", HOST_TABLE)
    result = run(
        "--data-dir", str(tmp_path), "target", target, "--scale", "fr-20", "--school", "ing",
        "--programme", "cse-bsc", "--format", "json",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    answer = json.loads(result.stdout)
    assert (answer["grade"], answer["converted"]) == (needed, converted)
    assert answer["rule"].startswith("distribution (max-overlap): ")
    assert answer["programme"] == "cse-bsc"
