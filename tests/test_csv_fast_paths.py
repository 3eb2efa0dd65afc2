"""The CSV writer's shortcuts for common cells write exactly what the injection guard gives."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from mobility_cli.io.csv_writer import guard_cell, write_csv

CELLS: list[object] = [
    1,
    -3,
    0,
    True,
    False,
    None,
    Decimal("-3"),
    Decimal("27.50"),
    "",
    "plain",
    "-3",
    "+4,5",
    "=SUM(A1)",
    "@cmd",
    "-x",
    "\ttab",
    " =spaced",
    "'quoted",
    2.5,
]


def test_every_cell_is_written_as_the_guard_gives_it() -> None:
    out = io.StringIO()
    write_csv(out, ["a"] * len(CELLS), [CELLS, list(reversed(CELLS))])
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    assert rows[1] == [guard_cell(c) for c in CELLS]
    assert rows[2] == [guard_cell(c) for c in reversed(CELLS)]
    assert rows[1][CELLS.index("=SUM(A1)")] == "'=SUM(A1)" and rows[1][1] == "-3"
