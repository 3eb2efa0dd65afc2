"""Applicant lists (a coordinator's CSV export) → records.

Headers may be English or Italian in any case ("Matricola", "Corso di studio", "CFU", "Media",
"Mesi all'estero"): the spellings of each field are in :mod:`mobility_cli.eligibility.fields`;
``--column FIELD=HEADER`` maps any other header.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Mapping, Sequence
from itertools import pairwise
from typing import BinaryIO, NamedTuple

from mobility_cli.eligibility.fields import APPLICANT_FIELDS
from mobility_cli.errors import MobilityError, UnknownIdError
from mobility_cli.io.csvio import (
    CsvTable,
    Record,
    match_header,
    read_csv,
    records_from_rows,
)


def parse_column_overrides(pairs: Sequence[str]) -> dict[str, str]:
    """``["id=Codice", "average=Media 2024"]`` → ``{"id": "Codice", …}``; unknown fields refused."""
    overrides: dict[str, str] = {}
    for pair in pairs:
        field, sep, header = pair.partition("=")
        field, header = field.strip(), header.strip()
        if not sep or not field or not header:
            raise MobilityError(
                f"--column '{pair}': write FIELD=HEADER, e.g. average=Media ponderata"
            )
        if field not in APPLICANT_FIELDS:
            raise UnknownIdError("applicant field", field, list(APPLICANT_FIELDS))
        overrides[field] = header
    return overrides


BUCKETS = 256


class SheetRows(NamedTuple):
    """Applicants already split into cells (a spreadsheet reader's output): the header row's
    line and cells, then ``(line, cells)`` for each row, cells as text."""

    header_at: int
    header: Sequence[str]
    rows: Iterable[tuple[int, Sequence[str]]]
    encoding: str = "sheet"  # what the source was, shown nowhere but kept on the table
    delimiter: str = ","  # for the CSV output of a sheet's verdicts


def read_applicants(
    source: BinaryIO | SheetRows,
    name: str,
    *,
    required: Sequence[str],
    overrides: Mapping[str, str] | None = None,
    encoding: str | None = None,
) -> CsvTable:
    """Open applicants from a CSV stream or from a sheet's rows; raise
    :class:`~mobility_cli.errors.InputError` when a required column is missing (naming it and
    the headers found)."""
    if not isinstance(source, SheetRows):
        return read_csv(
            source,
            name,
            APPLICANT_FIELDS,
            required=required,
            overrides=overrides,
            encoding=encoding,
        )
    by_index = match_header(
        source.header, APPLICANT_FIELDS, required, overrides or {}, name, source.header_at
    )
    return CsvTable(
        name=name,
        encoding=source.encoding,
        delimiter=source.delimiter,
        columns={field: source.header[i].strip() for i, field in by_index.items()},
        records=records_from_rows(source.rows, by_index, len(source.header)),
        header=tuple(h.strip() for h in source.header),
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
