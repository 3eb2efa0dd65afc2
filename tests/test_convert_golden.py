"""`convert` outputs byte for byte, frozen before the streaming rewrite (issue 12).

Each case is one file of ``tests/golden/convert/``: the command line, and for each way of
running it (csv on stdout, csv written with ``-o`` plus a CSV ``--summary`` file, json with a
JSON ``--summary`` file, the table) the exit code, stdout, stderr and the files written.
The cases are every example ``convert`` reads, with each school, every transcript fixture
under ``tests/data/bad``, and a cohort whose students' rows are interleaved. ``MOBILITY_GOLDEN=write`` rewrites the files from the code checked out
(do it only on a tree whose outputs are known good, then review the diff).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from conftest import Run
from support import ROOT

GOLDEN = ROOT / "tests" / "golden" / "convert"
SCHOOLS = ("ing", "auic", "design")
EXAMPLES = (
    ("cohort.csv",),
    ("ects-letters.csv",),
    ("elmo-paris-v1.xml",),
    ("excel-italian-cp1252.csv",),
    ("excel-italian.xlsx",),
    ("spain-cp1252.csv",),
    ("spain-cp1252.csv", "--scale", "es-10"),
    ("tudelft-nl10.csv",),
    ("tum-de5.csv",),
)
BAD = sorted(
    p.name
    for p in (ROOT / "tests" / "data" / "bad").iterdir()
    if p.suffix in (".csv", ".xml") and not p.name.startswith("applicants")
)
MORE: dict[str, list[str]] = {
    "host-tables-elmo": [
        "--data-dir",
        "examples/host-tables",
        "convert",
        "examples/elmo-paris-v1.xml",
        "--school",
        "ing",
    ],
    "cohort-semicolon-comma": [
        "convert",
        "examples/cohort.csv",
        "--school",
        "ing",
        "--delimiter",
        ";",
        "--decimal",
        ",",
    ],
    "tudelft-programme": [
        "convert",
        "examples/tudelft-nl10.csv",
        "--school",
        "ing",
        "--programme",
        "cse-bsc",
    ],
    "cohort-interleaved": ["convert", "tests/data/cohort-interleaved.csv", "--school", "ing"],
    "tum-quiet": ["convert", "examples/tum-de5.csv", "--school", "ing", "--quiet"],
    "bad-scale-fr20": ["convert", "tests/data/bad/truncated.csv", "-s", "ing", "--scale", "fr-20"],
}


def _cases() -> dict[str, list[str]]:
    cases: dict[str, list[str]] = {}
    for example, *options in EXAMPLES:
        for school in SCHOOLS:
            name = "-".join([Path(example).stem, *[o.strip("-") for o in options], school])
            cases[name] = ["convert", f"examples/{example}", "--school", school, *options]
    for bad in BAD:
        cases[f"bad-{Path(bad).stem}"] = ["convert", f"tests/data/bad/{bad}", "--school", "ing"]
    return cases | MORE


CASES = _cases()
_TMP = "<tmp>"


def _text(data: bytes) -> str:
    return data.decode("utf-8", "surrogateescape")


def _outcome(run: Run, tmp: Path, args: list[str]) -> dict[str, Any]:
    """Every way of running ``args``; written files and ``tmp`` in messages made portable."""
    outcome: dict[str, Any] = {}
    runs = {
        "csv": ["--format", "csv"],
        "csv-o": ["--format", "csv", "-o", str(tmp / "out.csv"), "--summary", str(tmp / "s.csv")],
        "json": ["--format", "json", "--summary", str(tmp / "s.json")],
        "table": ["--format", "table"],
    }
    for way, options in runs.items():
        for written in tmp.iterdir():
            written.unlink()
        result = run(*args, *options)
        files = {p.name: _text(p.read_bytes()) for p in sorted(tmp.iterdir())}
        outcome[way] = {
            "exit": result.exit_code,
            "stdout": _text(result.stdout_bytes),
            "stderr": _text(result.stderr_bytes).replace(str(tmp), _TMP),
            "files": files,
        }
    return outcome


@pytest.mark.parametrize("name", sorted(CASES))
def test_convert_output_is_unchanged(
    name: str, run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    args = CASES[name]
    got = {"args": args, "runs": _outcome(run, tmp_path, args)}
    golden = GOLDEN / f"{name}.json"
    if os.environ.get("MOBILITY_GOLDEN") == "write":
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(json.dumps(got, indent=1, ensure_ascii=True) + "\n", encoding="ascii")
    expected = json.loads(golden.read_text(encoding="ascii"))
    for way, outcome in expected["runs"].items():
        assert got["runs"][way] == outcome, f"{name}: {way} differs"
    assert got == expected


def test_every_golden_file_is_a_case() -> None:
    """A golden file whose case was removed would silently stop being checked."""
    assert sorted(p.stem for p in GOLDEN.glob("*.json")) == sorted(CASES)
