"""The row every reader of tabular input hands on (a CSV's, a sheet's), on the ground floor so
that the domain code which consumes rows needs nothing from ``io/``."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import NamedTuple


class Record(NamedTuple):
    """One data row: its first physical line, canonical field → cell text, a shape problem, and
    every cell as written (so that reports can carry the input's columns along).

    A named tuple, not a dataclass: a million rows make a million of them.
    """

    line: int
    values: Mapping[str, str]
    problem: str | None = None
    cells: Sequence[str] = ()
