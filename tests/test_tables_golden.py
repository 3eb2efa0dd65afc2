"""`mobility tables ID --scale S` byte for byte, frozen before method descriptions moved into
their method modules (issue 12).

Each case is one file of ``tests/golden/tables/``: exit code, stdout and stderr of
``tables TABLE --scale SCALE`` for every bundled table and a scale of each kind (the ECTS
letters, numeric higher and lower is better, an ordinal scale). ``MOBILITY_GOLDEN=write``
rewrites the files from the code checked out (do it only on a tree whose outputs are known
good, then review the diff).
"""

from __future__ import annotations

import os

import pytest

from conftest import Run
from support import ROOT

GOLDEN = ROOT / "tests" / "golden" / "tables"
TABLES = ("ing", "auic", "design")
SCALES = ("ects", "fr-20", "de-5", "us-letter")


@pytest.mark.parametrize("scale", SCALES)
@pytest.mark.parametrize("table", TABLES)
def test_tables_output_is_unchanged(run: Run, table: str, scale: str) -> None:
    result = run("tables", table, "--scale", scale)
    got = f"exit {result.exit_code}\n--- stdout\n{result.stdout}--- stderr\n{result.stderr}"
    path = GOLDEN / f"{table}-{scale}.txt"
    if os.environ.get("MOBILITY_GOLDEN") == "write":
        path.write_text(got, encoding="utf-8")
    assert got == path.read_text(encoding="utf-8")
