"""Applicant lists (a coordinator's CSV export) → records.

Headers may be English or Italian in any case ("Matricola", "Corso di studio", "CFU", "Media",
"Mesi all'estero"): the spellings of each field are in :mod:`mobility_cli.eligibility.fields`;
``--column FIELD=HEADER`` maps any other header.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Mapping, Sequence
from itertools import pairwise
from typing import BinaryIO

from mobility_cli.eligibility.fields import APPLICANT_FIELDS
from mobility_cli.io import csvio
from mobility_cli.io.csvio import CsvTable, Record, read_table


def parse_column_overrides(pairs: Sequence[str]) -> dict[str, str]:
    """``["id=Codice", "average=Media 2024"]`` → ``{"id": "Codice", …}``; unknown fields refused."""
    return csvio.parse_column_overrides(pairs, list(APPLICANT_FIELDS), "applicant field")


BUCKETS = 256


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


def duplicate_ids(records: Iterable[Record]) -> frozenset[int]:
    """The hashes of the ids found on more than one row (blank ids aside): ``hash(id) in
    duplicate_ids(…)`` says whether an id is repeated.

    A first pass over a file keeps 8 bytes per row (the ids' 64-bit hashes, in 256 arrays
    sorted one at a time), not the ids themselves: a million rows cost 8 MB. Two different ids
    share a hash with a chance of about n² / 2⁶⁵ (3 in 100 million for a million rows).
    """
    buckets = [array("q") for _ in range(BUCKETS)]
    for record in records:
        ident = record.values.get("id", "")
        if ident:
            code = hash(ident)
            buckets[code & (BUCKETS - 1)].append(code)
    twice: set[int] = set()
    for bucket in buckets:
        ordered = sorted(bucket)
        twice.update(a for a, b in pairwise(ordered) if a == b)
    return frozenset(twice)
