"""Each rule finds its planted fault at the right line and column, and only that.

The corpus in ``tests/data/invalid/`` holds one file per rule (plus bad-input files); the
expected findings are listed here as ``(line, column, rule)``. Two faults cannot live in a
repository (a file over the size cap, an unreadable file), so those files are made on the fly.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import shutil
from pathlib import Path

import pytest

from mobility_cli.catalog import Catalog
from mobility_cli.io.yamlio import MAX_FILE_BYTES
from mobility_cli.validation import Finding, validate
from mobility_cli.validation import rules as rules_package
from mobility_cli.validation.rules import RULES
from support import ROOT

INVALID = ROOT / "tests" / "data" / "invalid"
VALID = ROOT / "tests" / "data" / "valid"

Expected = list[tuple[int, int, str]]

CORPUS: dict[str, Expected] = {
    "yaml-syntax.yaml": [(10, 11, "yaml-syntax")],
    "binary.yaml": [(1, 1, "yaml-syntax")],
    "yaml-duplicate-key.yaml": [(15, 5, "yaml-duplicate-key")],
    "yaml-aliases.yaml": [(13, 12, "yaml-aliases")],
    "yaml-empty.yaml": [(1, 1, "yaml-empty")],
    "yaml-encoding.yaml": [(16, 1, "yaml-encoding")],
    "not-yaml.yaml": [(1, 1, "kind")],
    "kind.yaml": [(1, 1, "kind")],
    "schema-version.yaml": [(2, 1, "schema-version")],
    "schema.yaml": [(14, 9, "schema"), (15, 9, "schema")],
    "scale-pass-mark.yaml": [(14, 5, "scale-pass-mark")],
    "scale-names.yaml": [(15, 10, "scale-names")],
    "scale-grid.yaml": [(14, 5, "scale-grid"), (16, 15, "scale-grid")],
    "scale-value-order.yaml": [(15, 22, "scale-value-order")],
    "table-scales.yaml": [(12, 14, "table-scales")],
    "grading-table-scale.yaml": [(5, 1, "table-scales")],
    "table-band-range.yaml": [(18, 23, "table-band-range"), (25, 32, "table-band-range")],
    "table-band-target.yaml": [(17, 24, "table-band-target"), (21, 24, "table-band-target")],
    "table-band-overlap.yaml": [(18, 13, "table-band-overlap")],
    "table-band-gap.yaml": [(18, 13, "table-band-gap"), (27, 13, "table-band-gap")],
    "table-band-monotonic.yaml": [(18, 13, "table-band-monotonic")],
    "table-band-interpolate.yaml": [(18, 14, "table-band-interpolate")],
    "id-file-name.yaml": [(8, 1, "id-file-name")],
    "provenance.yaml": [(5, 3, "provenance"), (6, 3, "provenance")],
    "duplicate-id.yaml": [(10, 21, "duplicate-id")],
    "call-programmes.yaml": [(13, 18, "call-programmes"), (14, 16, "call-programmes")],
}
# Checked with --data-dir tests/data/invalid/shadowed-id (see test_shadowed_id).
SHADOWED = "shadowed-id/conversion_tables/ing.yaml"
MADE_ON_THE_FLY = {"yaml-size", "file-unreadable"}


@pytest.fixture
def catalog() -> Catalog:
    return Catalog.from_options()


def positions(findings: list[Finding]) -> Expected:
    return [(f.line, f.column, f.rule) for f in findings]


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_planted_fault_is_found_where_it_is(name: str, catalog: Catalog) -> None:
    report = validate([INVALID / name], catalog)
    assert positions(report.findings) == CORPUS[name]
    assert all(f.file.endswith(name) and f.message for f in report.findings)


def test_whole_corpus_reports_every_planted_fault(catalog: Catalog) -> None:
    report = validate([INVALID], catalog)
    found = {(Path(f.file).name, f.line, f.column, f.rule) for f in report.findings}
    planted = {(name, *where) for name, expected in CORPUS.items() for where in expected}
    assert found == planted
    assert report.files == len(CORPUS) + 1  # and the shadowing table, clean on its own
    assert report.exit_code() == 1


def test_shadowed_id(catalog: Catalog) -> None:
    overlay = Catalog.from_options(INVALID / "shadowed-id")
    report = validate([], overlay)
    shadowing = [f for f in report.findings if f.rule == "shadowed-id"]
    assert positions(shadowing) == [(8, 1, "shadowed-id")]
    assert shadowing[0].level == "warning"
    assert "data/conversion_tables/ing.yaml:4" in shadowing[0].message
    assert report.exit_code(strict=False) == 0
    assert report.exit_code(strict=True) == 1
    assert validate([INVALID / SHADOWED], catalog).findings == []  # not a --data-dir there


def test_file_over_the_size_cap(tmp_path: Path, catalog: Catalog) -> None:
    big = tmp_path / "big.yaml"
    big.write_text("# padding\n" * (MAX_FILE_BYTES // 10 + 1), encoding="utf-8")
    assert positions(validate([big], catalog).findings) == [(1, 1, "yaml-size")]


def test_unreadable_file(tmp_path: Path, catalog: Catalog) -> None:
    link = tmp_path / "ing.yaml"
    link.symlink_to(tmp_path / "gone.yaml")
    report = validate([link], catalog)
    assert positions(report.findings) == [(1, 1, "file-unreadable")]
    assert "cannot read" in report.findings[0].message


def test_every_rule_has_a_planted_fault() -> None:
    planted = {rule for expected in CORPUS.values() for _, _, rule in expected}
    assert planted | MADE_ON_THE_FLY | {"shadowed-id"} == set(RULES)


def test_every_rule_module_is_registered() -> None:
    modules = {
        importlib.import_module(f"{rules_package.__name__}.{info.name}")
        for info in pkgutil.iter_modules(rules_package.__path__)
    }
    assert modules == set(RULES.values())
    assert len(RULES) == len(modules)  # no two modules share an id


@pytest.mark.parametrize("rule_id", sorted(RULES))
def test_every_rule_documents_itself(rule_id: str) -> None:
    rule = RULES[rule_id]
    assert rule.LEVEL in ("error", "warning")
    doc = rule.__doc__ or ""
    assert "Failing" in doc and "Passing" in doc, rule_id


def test_bundled_data_is_clean(catalog: Catalog) -> None:
    report = validate([], catalog)
    assert report.findings == []
    assert report.files >= 4


def test_valid_examples_are_clean(catalog: Catalog) -> None:
    report = validate([VALID], catalog)
    assert report.findings == []
    assert report.files >= 2


def test_broken_band_in_a_copy_of_a_bundled_table(tmp_path: Path) -> None:
    """What a maintainer sees in CI after breaking a band of a copied table."""
    tables = tmp_path / "conversion_tables"
    tables.mkdir()
    original = (ROOT / "data" / "conversion_tables" / "ing.yaml").read_text(encoding="utf-8")
    broken = original.replace('{label: C, to: "26"}', '{label: C, to: "29"}', 1)
    assert broken != original
    (tables / "ing.yaml").write_text(broken, encoding="utf-8")
    line = broken.splitlines().index('          - {label: B, to: "28"}') + 1
    report = validate([], Catalog.from_options(tmp_path))
    errors = [f for f in report.findings if f.level == "error"]
    assert positions(errors) == [(line, 13, "table-band-monotonic")]
    assert "gives 28 to B, less than the 29" in errors[0].message


def test_a_broken_file_does_not_stop_the_others(tmp_path: Path, catalog: Catalog) -> None:
    shutil.copy(INVALID / "yaml-syntax.yaml", tmp_path / "a.yaml")
    shutil.copy(INVALID / "table-band-gap.yaml", tmp_path / "table-band-gap.yaml")
    rules = {f.rule for f in validate([tmp_path], catalog).findings}
    assert rules == {"yaml-syntax", "table-band-gap"}


def test_tables_see_the_scales_of_their_data_directory(tmp_path: Path, catalog: Catalog) -> None:
    """pre-commit passes only the changed table; its sibling scales/ folder still counts."""
    (tmp_path / "scales").mkdir()
    (tmp_path / "conversion_tables").mkdir()
    shutil.copy(VALID / "scales" / "local.yaml", tmp_path / "scales" / "local.yaml")
    shutil.copy(
        VALID / "conversion_tables" / "local.yaml", tmp_path / "conversion_tables" / "local.yaml"
    )
    report = validate([tmp_path / "conversion_tables" / "local.yaml"], catalog)
    assert report.findings == []
    assert report.files == 1


TABLE = """\
kind: conversion_table
schema_version: 1
provenance: {{source: test, date: 2026-01-15, status: official}}
id: t
name: Test
school: TEST
rules:
  - scales: [{scale}]
    methods:
      - method: bands
        pick: max
        bands:
{bands}
"""


def check_bands(tmp_path: Path, catalog: Catalog, scale: str, *bands: str) -> list[str]:
    rows = "\n".join(f"          - {{{band}}}" for band in bands)
    path = tmp_path / "t.yaml"
    path.write_text(TABLE.format(scale=scale, bands=rows), encoding="utf-8")
    return [f"{f.rule}: {f.message}" for f in validate([path], catalog).findings]


def test_lower_is_better_scale_with_listed_values(tmp_path: Path, catalog: Catalog) -> None:
    good = ("min: 1.0, max: 2.0, to: '30'", "min: 2.3, max: 3.0, to: '25'")
    assert check_bands(tmp_path, catalog, "de-5", *good, "min: 3.3, max: 4.0, to: '18'") == []
    assert check_bands(tmp_path, catalog, "de-5", *good) == [
        "table-band-gap: no band covers 3.3–4 on de-5: passing grades this method cannot convert"
    ]
    swapped = check_bands(
        tmp_path, catalog, "de-5", "min: 1.0, max: 2.0, to: '18'", "min: 2.3, max: 4.0, to: '30'"
    )
    assert swapped == [
        "table-band-monotonic: band 1 gives 18 to 2, less than the 30 that band 2 gives to "
        "the worse grade 2.3 (de-5)"
    ]


def test_continuous_scale_uses_the_precision_of_its_bands(tmp_path: Path, catalog: Catalog) -> None:
    whole = ("min: 40, max: 49, to: '18'", "min: 50, max: 100, to: '30'")
    assert check_bands(tmp_path, catalog, "uk-pct", *whole) == []
    tenths = ("min: 40, max: 49.5, to: '18'", "min: 50, max: 100, to: '30'")
    assert check_bands(tmp_path, catalog, "uk-pct", *tenths) == [
        "table-band-gap: no band covers 49.6–49.9 on uk-pct: passing grades this method "
        "cannot convert"
    ]
    touching = ("min: 40, max: 50, to: '18'", "min: 50, max: 100, to: '30'")
    assert check_bands(tmp_path, catalog, "uk-pct", *touching) == [
        "table-band-overlap: band 2 overlaps band 1 (line 13) on 50 (uk-pct); the first band "
        "wins there"
    ]


def test_failing_grades_need_no_band(tmp_path: Path, catalog: Catalog) -> None:
    bands = ("min: 10, max: 14.99, to: '18'", "min: 15, max: 20, to: '30'")
    assert check_bands(tmp_path, catalog, "fr-20", *bands) == []


@pytest.mark.parametrize("rule_id", sorted(RULES))
def test_docs_show_each_rule_as_its_docstring_says(rule_id: str) -> None:
    """docs/validation.md carries every rule's documentation, word for word."""
    docs = (ROOT / "docs" / "validation.md").read_text(encoding="utf-8")
    rule = RULES[rule_id]
    doc = inspect.cleandoc(rule.__doc__ or "")
    section = f"### `{rule_id}`\n\nLevel: {rule.LEVEL}.\n\n{doc}\n"
    assert section in docs, f"update the section of {rule_id} in docs/validation.md:\n{section}"
    row = f"| [`{rule_id}`](#{rule_id}) | {rule.LEVEL} | {doc.splitlines()[0]} |"
    assert row in docs


def test_a_union_mismatch_is_one_finding_at_its_key(tmp_path: Path, catalog: Catalog) -> None:
    """pydantic reports each member of a union, and the list around a bad item as too
    short; the user sees one finding at the key, with the path as written in the file."""
    assert check_bands(tmp_path, catalog, "ects", "label: A, to: ['24']") == [
        "schema: Input should be a valid string; or missing item 2"
    ]
    path = tmp_path / "t.yaml"
    (finding,) = validate([path], catalog).findings
    assert (finding.line, finding.column, finding.field) == (13, 24, "rules.0.methods.0.bands.0.to")
