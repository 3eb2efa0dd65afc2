"""Writing CSV that Excel can open safely: text that Excel would run as a formula gets a
leading apostrophe, numbers are written untouched, and a cell with a bare CR is quoted."""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterable, Sequence
from typing import IO, Any

_TRIGGERS = "=+-@\t\r\0"
FORMULA_TRIGGERS = _TRIGGERS
"""The first characters for which :func:`guard_cell` guards a cell (a number aside)."""
_PLAIN_NUMBER = re.compile(r"[+-]?\d+([.,]\d+)?")
HELD_LINES = 4096
"""Lines held before a write when output is streamed: an input failing within them leaves no
output at all (convert's CSV and JSON)."""


def guard_cell(value: object) -> str:
    """Text for a CSV cell; text that Excel would run as a formula gets a leading apostrophe.

    Numbers are never changed: ``-3`` (a Danish grade) stays ``-3``.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    text = value if type(value) is str else str(value)
    if text and text[0] in _TRIGGERS and not _PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


def write_csv(
    out: IO[str], header: Sequence[str], rows: Iterable[Sequence[Any]], delimiter: str = ","
) -> None:
    """Write a header and rows with the injection guard on every cell."""
    write_row = csv_row_writer(out, delimiter)
    write_row(header)
    for row in rows:
        write_row(row)


def csv_row_writer(out: IO[str], delimiter: str = ",") -> Callable[[Sequence[Any]], None]:
    """A function writing one row to ``out``, with the injection guard on every cell."""
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    # csv quotes a cell only for the line terminator's characters: a bare CR needs quoting too,
    # or the row splits in two for every reader.
    quoted = csv.writer(out, delimiter=delimiter, lineterminator="\n", quoting=csv.QUOTE_ALL)

    def write_row(row: Sequence[Any]) -> None:
        # the common cells (text that cannot trigger, a whole number, nothing) are done without
        # a call: what guard_cell would give them, and csv writes an int as str() does
        cells = [
            c
            if (kind := type(c)) is int or (kind is str and not (c and c[0] in _TRIGGERS))
            else ""
            if c is None
            else guard_cell(c)
            for c in row
        ]
        (quoted if any(type(c) is str and "\r" in c for c in cells) else writer).writerow(cells)

    return write_row
