"""Applicant lists (a coordinator's CSV export) → records.

Headers may be English or Italian in any case ("Matricola", "Corso di studio", "CFU", "Media",
"Mesi all'estero"): the spellings of each field are in :mod:`mobility_cli.eligibility.fields`;
``--column FIELD=HEADER`` maps any other header.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from itertools import chain, islice
from operator import itemgetter, methodcaller
from typing import BinaryIO

from mobility_cli.eligibility.fields import APPLICANT_FIELDS
from mobility_cli.io import tables
from mobility_cli.io.csv_reader import csv_rows
from mobility_cli.io.table_input import read_table
from mobility_cli.io.tables import CsvTable


def parse_column_overrides(pairs: Sequence[str]) -> dict[str, str]:
    """``["id=Codice", "average=Media 2024"]`` → ``{"id": "Codice", …}``; unknown fields refused."""
    return tables.parse_column_overrides(pairs, list(APPLICANT_FIELDS), "applicant field")


BUCKETS = 256
_BOUNDS = [(b << 56) - 2**63 for b in range(1, BUCKETS)]  # where buckets 1… of 64-bit hashes start


def read_applicants(
    stream: BinaryIO,
    name: str,
    *,
    required: Sequence[str],
    overrides: Mapping[str, str] | None = None,
    encoding: str | None = None,
    sheet: str | None = None,
) -> CsvTable:
    """Open applicants from a CSV or a workbook's sheet; raise
    :class:`~mobility_cli.errors.InputError` when a required column is missing (naming it and
    the headers found)."""
    return read_table(
        stream,
        name,
        APPLICANT_FIELDS,
        required=required,
        overrides=overrides,
        encoding=encoding,
        sheet=sheet,
    )


def duplicate_ids(table: CsvTable) -> frozenset[int]:
    """The hashes of the ids found on more than one row of a freshly opened ``table`` (blank
    ids aside), which it consumes: ``hash(id) in duplicate_ids(…)`` says whether an id is
    repeated.

    A first pass over a file keeps 8 bytes per row (the ids' 64-bit hashes, in 256 arrays by
    their top bits, looked at one at a time), not the ids themselves: a million rows cost 8 MB. Two different ids
    share a hash with a chance of about n² / 2⁶⁵ (3 in 100 million for a million rows).
    """
    buckets = [array("q") for _ in range(BUCKETS)]
    for ids in _ids(table):
        # a list of ids at a time, sorted, its codes handed to the buckets in slices
        codes = sorted(map(hash, filter(None, map(str.strip, ids))))
        start = 0
        for bucket, bound in zip(buckets, _BOUNDS, strict=False):
            end = bisect_left(codes, bound, start)
            bucket.extend(codes[start:end])
            start = end
        buckets[-1].extend(codes[start:])
    twice: set[int] = set()
    for bucket in buckets:
        if len(set(bucket)) < len(bucket):  # the common answer, "none twice", in one C call
            twice.update(code for code, n in Counter(bucket).items() if n > 1)
    return frozenset(twice)


PLAIN_LINE_CHARS = 4096
LINES_AT_ONCE = 4096


def _ids(table: CsvTable) -> Iterator[list[str]]:
    """The rows' id cells (as written), a list at a time, read cheaply: while blocks of lines
    have no quotes, stray CRs or long lines, each line is a whole row split on the delimiter;
    from the first other block on, the csv module reads the rest."""
    index = next((i for i, f in (table.by_index or {}).items() if f == "id"), None)
    if table.lines is None or index is None:
        yield [record.values.get("id", "") for record in table.records]
        return
    lines, delimiter = table.lines, table.delimiter
    read = table.header_at
    while block := list(islice(lines, LINES_AT_ONCE)):
        text = "".join(block)
        if (
            '"' in text
            or text.count("\r") != text.count("\r\n")
            or max(map(len, block)) > PLAIN_LINE_CHARS
        ):
            rows = csv_rows(chain(block, lines), delimiter, read, table.name)
            yield [cells[index] for _, cells, _ in rows if len(cells) > index]
            return
        read += len(block)
        split = list(map(methodcaller("split", delimiter, index + 1), block))
        if min(map(len, split)) > index:  # every line has the id's cell: all in C
            yield list(map(itemgetter(index), split))
        else:
            yield [cells[index] for cells in split if len(cells) > index]
