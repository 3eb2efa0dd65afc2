"""The ``mobility-validate`` pre-commit hook: its entry, run as pre-commit runs it.

pre-commit runs ``entry`` with the staged files that match ``files`` and ``types`` as
arguments, and fails the commit on a non-zero exit. This runs the real entry point in a
subprocess (``mobility`` is ``python -m mobility_cli`` here, installed or not).
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from support import ROOT

VALID = ROOT / "tests" / "data" / "valid"
INVALID = ROOT / "tests" / "data" / "invalid"


@pytest.fixture(scope="module")
def hook() -> dict[str, object]:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    (found,) = [h for h in hooks if h["id"] == "mobility-validate"]
    assert found["language"] == "python"
    assert found["types"] == ["yaml"]
    return dict(found)


def run_entry(hook: dict[str, object], files: list[Path]) -> subprocess.CompletedProcess[str]:
    argv = shlex.split(str(hook["entry"]))
    assert argv[0] == "mobility"
    env = {k: v for k, v in os.environ.items() if k not in ("GITHUB_ACTIONS", "MOBILITY_DATA_DIR")}
    env["PYTHONPATH"] = str(ROOT / "src")
    return subprocess.run(
        [sys.executable, "-m", "mobility_cli", *argv[1:], *map(str, files)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        check=False,
    )


def staged(hook: dict[str, object], folder: Path) -> list[Path]:
    """The files below ``folder`` that pre-commit would pass to the hook."""
    pattern = re.compile(str(hook["files"]))
    return sorted(
        p for p in folder.rglob("*.y*ml") if pattern.search(p.relative_to(ROOT).as_posix())
    )


def test_hook_passes_valid_files(hook: dict[str, object]) -> None:
    files = staged(hook, VALID) + staged(hook, ROOT / "data")
    assert len(files) >= 6
    result = run_entry(hook, files)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == ""
    assert result.stderr == f"{len(files)} files checked: no problems\n"


def test_hook_fails_invalid_files_at_their_lines(hook: dict[str, object]) -> None:
    files = [INVALID / "table-band-gap.yaml", INVALID / "yaml-duplicate-key.yaml"]
    result = run_entry(hook, files)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "tests/data/invalid/table-band-gap.yaml:18:13: error: no band covers C on ects: passing "
        "grades this method cannot convert (rules.0.methods.0.bands.1) [table-band-gap]",
        "tests/data/invalid/table-band-gap.yaml:27:13: error: no band covers 12–12.49 on fr-20: "
        "passing grades this method cannot convert (rules.1.methods.0.bands.1) [table-band-gap]",
        "tests/data/invalid/yaml-duplicate-key.yaml:15:5: error: duplicate key 'pass' "
        "(first at line 14) [yaml-duplicate-key]",
    ]
    assert "Traceback" not in result.stderr
