"""``mobility validate`` and ``mobility schema`` as a user and a CI job run them."""

from __future__ import annotations

import io
import json
import re
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import Run
from mobility_cli.validation import json_schema
from mobility_cli.validation.formats import write_github
from support import ROOT

INVALID = ROOT / "tests" / "data" / "invalid"
SCHEMAS = ROOT / "schemas"


Mobility = Callable[..., tuple[int, str, str]]


@pytest.fixture
def mobility(run: Run) -> Mobility:
    """``mobility("validate", path)`` → (exit code, stdout, stderr)."""

    def invoke(*args: str | Path) -> tuple[int, str, str]:
        result = run(*map(str, args))
        return result.exit_code, result.stdout, result.stderr

    return invoke


def test_bundled_data_validates_clean(mobility: Mobility) -> None:
    code, out, err = mobility("validate")
    assert (code, out) == (0, "")
    assert re.fullmatch(r"\d+ files checked: no problems\n", err)


def test_text_format(mobility: Mobility) -> None:
    code, out, err = mobility("validate", INVALID / "table-band-target.yaml", "--format", "text")
    assert code == 1
    lines = out.splitlines()
    assert len(lines) == 2
    assert re.fullmatch(
        r".*tests/data/invalid/table-band-target\.yaml:17:24: error: band 1: '31' is not a "
        r"passing grade on it-30 \(18–30 or 30L\) \(rules\.0\.methods\.0\.bands\.0\.to\) "
        r"\[table-band-target\]",
        lines[0],
    )
    assert err == "1 file checked: 2 errors, 0 warnings\n"


def test_json_format(mobility: Mobility) -> None:
    code, out, _ = mobility("validate", INVALID / "schema.yaml", "--format", "json")
    assert code == 1
    rows = json.loads(out)
    assert [(r["line"], r["column"], r["rule"], r["level"]) for r in rows] == [
        (14, 9, "schema", "error"),
        (15, 9, "schema", "error"),
    ]
    assert rows[1]["message"] == "unknown key 'pik'"
    assert rows[1]["field"] == "rules.0.methods.0.pik"
    assert set(rows[0]) == {"file", "line", "column", "level", "rule", "message", "field"}


def test_json_format_when_clean_is_an_empty_list(mobility: Mobility) -> None:
    code, out, _ = mobility("validate", "--format", "json")
    assert (code, json.loads(out)) == (0, [])


def test_github_format_is_the_default_under_github_actions(
    monkeypatch: pytest.MonkeyPatch, mobility: Mobility
) -> None:
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    code, out, _ = mobility("validate", INVALID / "table-band-gap.yaml", INVALID / "kind.yaml")
    assert code == 1
    lines = out.splitlines()
    annotations = [line for line in lines if line.startswith("::error ")]
    assert len(annotations) == 3
    assert re.fullmatch(
        r"::error file=.*tests/data/invalid/table-band-gap\.yaml,line=18,col=13,"
        r"title=table-band-gap::no band covers C on ects: .*",
        annotations[1],
    )
    # the full report follows, grouped per file, since GitHub keeps only a few annotations
    groups = [line for line in lines if line.startswith("::group::")]
    assert [g.rsplit("/", 1)[1] for g in groups] == ["kind.yaml", "table-band-gap.yaml"]
    assert lines.count("::endgroup::") == 2
    assert sum(": error: " in line for line in lines) == 3


def test_github_escaping() -> None:
    from mobility_cli.validation import Finding

    finding = Finding("a,b:c.yaml", 3, 5, "schema", "warning", "50% of\nrows, really")
    out = io.StringIO()
    write_github(out, [finding])
    assert out.getvalue().splitlines()[0] == (
        "::warning file=a%2Cb%3Ac.yaml,line=3,col=5,title=schema::50%25 of%0Arows, really"
    )


def test_warnings_pass_unless_strict(mobility: Mobility) -> None:
    path = INVALID / "provenance.yaml"
    code, out, err = mobility("validate", path)
    assert code == 0
    assert out.count(": warning: ") == 2
    assert err == "1 file checked: 0 errors, 2 warnings\n"
    assert mobility("validate", "--strict", path)[0] == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["validate", "no/such/file.yaml"], "Error: no such file or directory: no/such/file.yaml"),
        (["--data-dir", "no/such/dir", "validate"], "Error: data directory not found: no/such/dir"),
    ],
)
def test_what_does_not_exist_exits_2(args: list[str], message: str, mobility: Mobility) -> None:
    code, out, err = mobility(*args)
    assert (code, out) == (2, "")
    assert err.strip() == message


def test_a_directory_without_data_files_exits_2(tmp_path: Path, mobility: Mobility) -> None:
    (tmp_path / "notes.txt").write_text("nothing to see", encoding="utf-8")
    code, out, err = mobility("validate", tmp_path)
    assert (code, out) == (2, "")
    assert err.strip() == f"Error: no data files (*.yaml, *.yml) in {tmp_path}"


@pytest.mark.parametrize(
    ("name", "rule", "says"),
    [
        ("not-yaml.yaml", "kind", "not a data file"),
        ("binary.yaml", "yaml-syntax", "binary file"),
        ("yaml-empty.yaml", "yaml-empty", "empty file"),
        ("yaml-encoding.yaml", "yaml-encoding", "not UTF-8"),
    ],
)
def test_bad_input_is_a_finding_not_a_traceback(
    name: str, rule: str, says: str, mobility: Mobility
) -> None:
    code, out, err = mobility("validate", INVALID / name)
    assert code == 1
    assert says in out and f"[{rule}]" in out
    assert "Traceback" not in out + err


def test_alias_bomb_of_a_megabyte_is_rejected_fast(tmp_path: Path, mobility: Mobility) -> None:
    levels = ["a0: &a0 [" + ", ".join(['"lol"'] * 10) + "]"]
    levels += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 9)]
    filler = "pad: [" + ", ".join(["*a8"] * 1) + "]\n"
    bomb = tmp_path / "bomb.yaml"
    body = "\n".join(levels) + "\n"
    bomb.write_text(body + filler * ((1_000_000 - len(body)) // len(filler)), encoding="utf-8")
    assert bomb.stat().st_size > 900_000
    start = time.perf_counter()
    code, out, _ = mobility("validate", bomb)
    elapsed = time.perf_counter() - start
    assert code == 1
    assert "[yaml-aliases]" in out
    assert elapsed < 1.0, f"{elapsed:.2f} s"


def test_schema_lists_the_kinds(mobility: Mobility) -> None:
    code, out, _ = mobility("schema")
    assert code == 0
    assert out.split() == sorted(json_schema.kinds())
    assert {"scales", "conversion_table"} <= set(out.split())


@pytest.mark.parametrize("kind", json_schema.kinds())
def test_schema_prints_draft_07_json(kind: str, mobility: Mobility) -> None:
    code, out, _ = mobility("schema", kind)
    assert code == 0
    schema = json.loads(out)
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    assert schema["description"]
    assert out == (SCHEMAS / json_schema.file_name(kind)).read_text(encoding="utf-8")


def _keywords(schema: object) -> set[str]:
    """Every keyword used in a schema (property and definition names are not keywords)."""
    if isinstance(schema, list):
        return set().union(*(_keywords(item) for item in schema))
    if not isinstance(schema, dict):
        return set()
    found = set(schema)
    for key, value in schema.items():
        if key in json_schema.SCHEMA_MAP_KEYWORDS:
            found |= set().union(*(_keywords(v) for v in value.values()))
        elif key not in ("default", "examples", "enum", "const"):
            found |= _keywords(value)
    return found


@pytest.mark.parametrize("kind", json_schema.kinds())
def test_schema_uses_only_draft_07_keywords(kind: str) -> None:
    schema = json_schema.schema_for(kind)
    assert _keywords(schema) <= json_schema.DRAFT_07_KEYWORDS
    assert "prefixItems" not in json.dumps(schema)


def test_band_range_is_a_draft_07_tuple() -> None:
    band = json_schema.schema_for("conversion_table")["definitions"]["Band"]
    pair = band["properties"]["to"]["anyOf"][1]
    assert pair["type"] == "array"
    assert isinstance(pair["items"], list) and len(pair["items"]) == 2
    assert (pair["minItems"], pair["maxItems"]) == (2, 2)


def test_committed_schemas_are_up_to_date(mobility: Mobility) -> None:
    code, _, err = mobility("schema", "--check", "--dir", SCHEMAS)
    assert code == 0, f"{err}regenerate with: mobility schema --write"


def test_schema_check_and_write(tmp_path: Path, mobility: Mobility) -> None:
    code, _, err = mobility("schema", "--check", "--dir", tmp_path)
    assert code == 1
    assert "conversion_table.schema.json is missing" in err
    assert mobility("schema", "--write", "--dir", tmp_path)[0] == 0
    assert mobility("schema", "--check", "--dir", tmp_path)[0] == 0
    stale = tmp_path / "scales.schema.json"
    stale.write_text(stale.read_text(encoding="utf-8").replace("Lowest", "Highest"), "utf-8")
    code, _, err = mobility("schema", "--check", "--dir", tmp_path)
    assert code == 1
    assert err.strip() == f"{stale} is stale: run `mobility schema --write`"


def test_unknown_kind_exits_2(mobility: Mobility) -> None:
    code, out, err = mobility("schema", "conversion-table")
    assert (code, out) == (2, "")
    assert "unknown data-file kind 'conversion-table'. Did you mean 'conversion_table'?" in err


def test_bundled_data_point_editors_at_committed_schemas() -> None:
    for path in sorted((ROOT / "data").rglob("*.yaml")):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        match = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first)
        assert match, path
        assert (path.parent / match[1]).resolve().is_file(), path


def test_default_run_checks_the_data_dir_too(tmp_path: Path, mobility: Mobility) -> None:
    tables = tmp_path / "conversion_tables"
    tables.mkdir()
    (tables / "office.yaml").write_text("kind: conversion_table\nschema_version: [1\n", "utf-8")
    code, out, err = mobility("--data-dir", tmp_path, "validate")
    assert code == 1
    assert out.count("\n") == 1
    assert re.match(r".*conversion_tables/office\.yaml:3:1: error: .* \[yaml-syntax\]$", out)
    bundled = int(mobility("validate")[2].split()[0])
    assert err == f"{bundled + 1} files checked: 1 error, 0 warnings\n"


def test_schema_write_into_a_file_exits_2(tmp_path: Path, mobility: Mobility) -> None:
    not_a_dir = tmp_path / "schemas"
    not_a_dir.write_text("", encoding="utf-8")
    code, out, err = mobility("schema", "--write", "--dir", not_a_dir)
    assert (code, out) == (2, "")
    assert err.startswith(f"Error: cannot write {not_a_dir}/")
