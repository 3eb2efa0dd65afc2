"""Data files: safe loading, positioned errors, layering of --data-dir over the bundled data."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from mobility_cli.catalog import Catalog
from mobility_cli.compiled.table import ConversionTable
from mobility_cli.errors import DataFileError, UnknownIdError
from mobility_cli.models.loading import load_model
from support import ROOT, write

TABLE = """\
kind: conversion_table
schema_version: 1
id: mine
name: My school
school: MINE
provenance: {source: test, date: 2026-11-26, status: illustrative}
rules:
  - scales: ["*"]
    methods:
      - method: linear
        rounding: floor
"""


def problems(path: Path) -> list[tuple[int, int, str, str]]:
    with pytest.raises(DataFileError) as info:
        load_model(path, ConversionTable)
    return [(p.line, p.column, p.field, p.message) for p in info.value.problems]


def test_a_valid_table_loads(tmp_path: Path) -> None:
    table = load_model(write(tmp_path / "mine.yaml", TABLE), ConversionTable)
    assert table.id == "mine" and table.rules[0].methods[0].method == "linear"


def test_duplicate_key_is_an_error_at_its_line(tmp_path: Path) -> None:
    found = problems(write(tmp_path / "t.yaml", TABLE + "school: AGAIN\n"))
    assert found[0][:2] == (12, 1)
    assert "duplicate key 'school' (first at line 5)" in found[0][3]


def test_unknown_key_points_at_the_key(tmp_path: Path) -> None:
    text = TABLE.replace(
        "        rounding: floor", "        rounding: floor\n        roundng: ceil"
    )
    (line, column, field, message) = problems(write(tmp_path / "t.yaml", text))[0]
    assert (line, column) == (12, 9)
    assert field == "rules.0.methods.0.roundng"
    assert "Extra inputs" in message


def test_bad_value_names_file_line_and_field(tmp_path: Path) -> None:
    text = TABLE.replace("rounding: floor", "rounding: sideways")
    path = write(tmp_path / "t.yaml", text)
    with pytest.raises(DataFileError) as info:
        load_model(path, ConversionTable)
    assert str(info.value) == (
        f"{path}:11:9: Input should be 'half-up', 'half-even', 'floor', 'ceil' or 'none' "
        "(rules.0.methods.0.rounding)"
    )


def test_missing_key_points_at_the_nearest_existing_node(tmp_path: Path) -> None:
    text = TABLE.replace("name: My school\n", "")
    (line, _column, field, _message) = problems(write(tmp_path / "t.yaml", text))[0]
    assert field == "name" and line == 1


def test_syntax_error_is_positioned(tmp_path: Path) -> None:
    (line, _column, _field, message) = problems(
        write(tmp_path / "t.yaml", TABLE + "rules: [unclosed\n")
    )[0]
    assert line >= 12 and message


def test_alias_bomb_is_rejected_fast(tmp_path: Path) -> None:
    lines = ['a0: &a0 ["x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    for level in range(1, 9):
        prev = f"*a{level - 1}"
        lines.append(f"a{level}: &a{level} [{', '.join([prev] * 9)}]")
    path = write(tmp_path / "bomb.yaml", "\n".join(lines) + "\n")
    start = time.perf_counter()
    found = problems(path)
    assert time.perf_counter() - start < 1.0
    assert "too many aliases" in found[0][3]


def test_python_tags_are_refused(tmp_path: Path) -> None:
    found = problems(write(tmp_path / "t.yaml", "!!python/object/apply:os.system ['true']\n"))
    assert found and "python/object" in found[0][3]


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"", "empty file"), (b"\x00\x01\x02", "binary"), (b"\xff\xfe\x00", "binary")],
)
def test_empty_or_binary_files(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "t.yaml"
    path.write_bytes(content)
    assert message in problems(path)[0][3]


def test_data_dir_replaces_a_bundled_id(tmp_path: Path) -> None:
    (tmp_path / "conversion_tables").mkdir()
    write(tmp_path / "conversion_tables" / "ing.yaml", TABLE.replace("id: mine", "id: ing"))
    catalog = Catalog.from_options(tmp_path)
    assert catalog.table("ing").school == "MINE"
    assert Catalog.from_options().table("ing").school == "ING"


def test_ids_cannot_escape_the_data_directory() -> None:
    catalog = Catalog.from_options()
    for sneaky in ("../data/conversion_tables/ing", "/etc/passwd", ".hidden"):
        with pytest.raises(UnknownIdError):
            catalog.table(sneaky)


def test_a_broken_table_does_not_break_other_commands(tmp_path: Path) -> None:
    (tmp_path / "conversion_tables").mkdir()
    write(tmp_path / "conversion_tables" / "broken.yaml", "kind: [\n")
    catalog = Catalog.from_options(tmp_path)
    assert catalog.table("ing").id == "ing"
    with pytest.raises(DataFileError):
        catalog.table("broken")


def test_bundled_data_all_load() -> None:
    catalog = Catalog.from_options()
    assert len(catalog.scales()) >= 30
    assert {"auic", "ing", "design"} <= set(catalog.ids("conversion_tables"))
    for ident in catalog.ids("conversion_tables"):
        assert catalog.table(ident).provenance.status in {"official", "derived", "illustrative"}
    assert (ROOT / "data").is_dir()
