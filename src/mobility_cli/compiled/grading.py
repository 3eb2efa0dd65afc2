"""Grading tables, compiled: how often each passing grade is awarded in a reference group."""

from __future__ import annotations

from mobility_cli.compiled.base import Plain
from mobility_cli.compiled.common import DataFileHeader, StudyCycle


class GradeCounts(Plain):
    """One reference group: the passing grades awarded in it, as counts (not percentages)."""

    isced: tuple[str, ...]
    cycle: StudyCycle | None
    years: str
    counts: dict[str, int]
    note: str


class GradingTable(DataFileHeader):
    """A ``kind: grading_table`` data file: a host institution's (or a country's) grade counts."""

    id: str
    name: str
    scale: str
    institutions: tuple[str, ...]
    groups: tuple[GradeCounts, ...]
