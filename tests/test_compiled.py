"""The compiled catalogue: what commands run on is the validated data, compiled and cached.

A user notices three things: a run on the bundled data starts without loading pydantic or
PyYAML; an edited data file is used as edited (a stale or damaged cache entry is rebuilt, never
used); and the results are the same whether a file came from the cache or was just compiled.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import Run
from mobility_cli.catalog import Catalog, bundled_data_dir
from mobility_cli.compiled import codec
from mobility_cli.compiled.__main__ import KIND_OF_FOLDER, main
from mobility_cli.compiled.store import SHIPPED_INDEX, Store, user_index
from mobility_cli.models import MODEL_CLASSES
from mobility_cli.models.loading import load_model

ROOT = Path(__file__).resolve().parents[1]
SLOW_MODULES = ("pydantic", "pydantic_core", "yaml")

PROBE = """
import runpy, sys
sys.argv = ["mobility", *sys.argv[1:]]
try:
    runpy.run_module("mobility_cli", run_name="__main__")
except SystemExit as exc:
    code = exc.code
slow = sorted({m.split(".")[0] for m in sys.modules} & {"pydantic", "pydantic_core", "yaml"})
print("LOADED:" + ",".join(slow), file=sys.stderr)
"""


def _probe(args: list[str], cache: Path, cwd: Path = ROOT) -> tuple[str, list[str]]:
    """Run ``mobility ARGS`` in a fresh interpreter: its stdout and the slow modules it loaded."""
    env = {**os.environ, "MOBILITY_CACHE_DIR": str(cache), "NO_COLOR": "1"}
    env.pop("MOBILITY_DATA_DIR", None)
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args], capture_output=True, text=True, env=env, cwd=cwd
    )
    assert "Traceback" not in done.stderr, done.stderr
    marker = done.stderr.rsplit("LOADED:", 1)[1].strip()
    return done.stdout, [m for m in marker.split(",") if m]


def test_every_model_compiles_into_a_class_with_the_same_fields() -> None:
    assert sorted(MODEL_CLASSES) == sorted(codec.CLASSES)
    for name, model in MODEL_CLASSES.items():
        assert set(model.model_fields) == set(codec.CLASSES[name].field_names), name


def test_the_shipped_index_is_up_to_date() -> None:
    # Fails after a data file or the compiling code changed: run python -m mobility_cli.compiled
    assert main(["--check"]) == 0


def test_the_shipped_index_gives_what_compiling_gives(tmp_path: Path) -> None:
    catalog = Catalog.from_options()
    for folder, kind in KIND_OF_FOLDER.items():
        for path in sorted((bundled_data_dir() / folder).glob("*.yaml")):
            assert catalog.load(path, codec.KINDS[kind]) == load_model(path, codec.KINDS[kind])
    assert not list(tmp_path.iterdir())


def test_import_and_a_single_grade_load_neither_pydantic_nor_yaml(tmp_path: Path) -> None:
    env = {**os.environ, "MOBILITY_CACHE_DIR": str(tmp_path)}
    imported = subprocess.run(
        [sys.executable, "-c", "import sys, mobility_cli; print(sorted(sys.modules))"],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    assert not any(f"'{m}'" in imported.stdout for m in SLOW_MODULES)
    out, loaded = _probe(
        ["convert", "--grade", "14", "--scale", "fr-20", "--school", "ing"], tmp_path
    )
    assert json.loads(out)["results"][0]["converted"] == "23"
    assert loaded == []
    out, loaded = _probe(
        [
            "check",
            "--call",
            "polimi-2026-2027-first-engineering",
            "examples/applicants.csv",
            "--format",
            "csv",
        ],
        tmp_path,
    )
    assert out.count("\n") > 2 and loaded == []


OVERLAY_TABLE = """\
kind: conversion_table
schema_version: 1
provenance: {{source: test, date: 2026-11-30, status: illustrative}}
id: mine
name: Mine
school: Mine
rules:
  - scales: ["*"]
    methods: [{{method: linear, rounding: {rounding}}}]
"""


def _overlay(root: Path, rounding: str) -> Path:
    (root / "conversion_tables").mkdir(parents=True, exist_ok=True)
    path = root / "conversion_tables" / "mine.yaml"
    path.write_text(OVERLAY_TABLE.format(rounding=rounding))
    return path


def _mine_args(data: Path) -> list[str]:
    return [
        "--data-dir",
        str(data),
        "convert",
        "--grade",
        "14",
        "--scale",
        "fr-20",
        "--school",
        "mine",
    ]


def _mine(data: Path, cache: Path) -> tuple[str, list[str]]:
    out, loaded = _probe(_mine_args(data), cache)
    return json.loads(out)["results"][0]["converted"], loaded


def _index(data: Path, cache: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("MOBILITY_CACHE_DIR", str(cache))
    index = user_index(data.resolve())
    assert index is not None
    return index


def test_an_overlay_is_compiled_once_then_read_from_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data, cache = tmp_path / "data", tmp_path / "cache"
    _overlay(data, "floor")
    assert _mine(data, cache) == ("22", ["pydantic", "pydantic_core", "yaml"])
    assert _index(data, cache, monkeypatch).exists()
    assert _mine(data, cache) == ("22", [])


def test_an_edited_overlay_is_compiled_again(tmp_path: Path) -> None:
    data, cache = tmp_path / "data", tmp_path / "cache"
    path = _overlay(data, "floor")
    assert _mine(data, cache)[0] == "22"
    stat = path.stat()
    _overlay(data, "ceil ")  # same size, other bytes; then the old modification time back
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert path.stat().st_size == stat.st_size
    assert _mine(data, cache) == ("23", ["pydantic", "pydantic_core", "yaml"])


@pytest.mark.parametrize(
    "damage",
    [
        lambda text: text[: len(text) // 2],
        lambda text: text.replace('\\"floor\\"', '\\"ceil\\"'),  # would say 23
        lambda text: text.replace('"code": "', '"code": "x'),
        lambda text: "[]",
    ],
    ids=["truncated", "data-edited", "other-code", "not-an-index"],
)
def test_a_damaged_cache_is_rebuilt_never_used(
    tmp_path: Path, damage: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    data, cache = tmp_path / "data", tmp_path / "cache"
    _overlay(data, "floor")
    assert _mine(data, cache)[0] == "22"
    index = _index(data, cache, monkeypatch)
    damaged = damage(index.read_text())  # type: ignore[operator]
    assert damaged != index.read_text()
    index.write_text(damaged)
    assert _mine(data, cache)[0] == "22"
    assert json.loads(index.read_text())["files"]  # rebuilt


def test_a_broken_overlay_is_refused_after_a_clean_run_of_it(tmp_path: Path, run: Run) -> None:
    data = tmp_path / "data"
    path = _overlay(data, "floor")
    args = _mine_args(data)
    assert run(*args).exit_code == 0
    path.write_text(path.read_text().replace("rounding: floor", "rounding: sideways"))
    refused = run(*args)
    assert refused.exit_code == 2 and "mine.yaml:9:" in refused.stderr


def test_a_cache_folder_that_cannot_be_written_is_no_error(tmp_path: Path) -> None:
    data, blocker = tmp_path / "data", tmp_path / "file"
    _overlay(data, "floor")
    blocker.write_text("not a folder")
    assert _mine(data, blocker / "cache")[0] == "22"


def _bundled_copy(tmp_path: Path) -> Path:
    """The bundled data and their shipped index, copied: a package's data folder."""
    copy = tmp_path / "pkg"
    (copy / "data").mkdir(parents=True)
    for folder in KIND_OF_FOLDER:
        if (bundled_data_dir() / folder).is_dir():
            (copy / "data" / folder).mkdir()
            for path in (bundled_data_dir() / folder).glob("*.yaml"):
                (copy / "data" / folder / path.name).write_bytes(path.read_bytes())
    shipped = (bundled_data_dir() / SHIPPED_INDEX).read_text()
    (copy / "data" / SHIPPED_INDEX).write_text(shipped)
    return copy


def test_the_shipped_index_is_not_trusted_for_edited_bundled_data(tmp_path: Path) -> None:
    copy = _bundled_copy(tmp_path)
    store, kind = Store(copy / "data"), codec.KINDS["conversion_table"]
    table, other = (copy / "data" / "conversion_tables" / f"{n}.yaml" for n in ("ing", "auic"))
    assert store.get(table, kind) == load_model(table, kind)
    assert store.get(other, kind) == load_model(other, kind)
    table.write_text(table.read_text().replace("half-up", "floor"))
    assert store.get(table, kind) is None  # the same index, beside data that say otherwise
    assert store.get(other, kind) is not None


def test_bundled_data_edited_in_place_are_cached_for_the_user_never_in_the_package(
    tmp_path: Path,
) -> None:
    data = _bundled_copy(tmp_path) / "data"
    shipped = (data / SHIPPED_INDEX).read_bytes()
    table = data / "conversion_tables" / "ing.yaml"
    table.write_text(table.read_text().replace("half-up", "floor"))
    catalog = Catalog([data], _store=Store(data))
    assert catalog.table("ing") == load_model(table, codec.KINDS["conversion_table"])
    assert (data / SHIPPED_INDEX).read_bytes() == shipped  # the package's index is read-only
    assert Store(data).get(table, codec.KINDS["conversion_table"]) is not None  # the user's


def test_a_plain_record_is_immutable_compared_by_value_and_refuses_unknown_fields() -> None:
    from decimal import Decimal

    from mobility_cli.compiled.base import Plain

    class Grade(Plain):
        label: str
        value: Decimal = Decimal(30)

    thirty = Grade(label="30")
    assert thirty == Grade(label="30", value=Decimal("30")) and hash(thirty) == hash(
        Grade(label="30")
    )
    assert thirty.replace(value=Decimal(18)).value == 18 and thirty.value == 30
    with pytest.raises(AttributeError):
        thirty.label = "18"  # type: ignore[misc]
    with pytest.raises(TypeError, match="field 'label' missing"):
        Grade()  # type: ignore[call-arg]
    with pytest.raises(TypeError, match=r"unknown fields \['lode'\]"):
        Grade(label="30", lode=True)  # type: ignore[call-arg]
