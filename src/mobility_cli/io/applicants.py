"""Applicant lists (a coordinator's CSV export) → records.

Headers may be English or Italian in any case ("Matricola", "Corso di studio", "CFU", "Media",
"Mesi all'estero"): the spellings of each field are in :mod:`mobility_cli.eligibility.fields`;
``--column FIELD=HEADER`` maps any other header.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
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


def duplicate_ids(records: Iterable[Record]) -> frozenset[str]:
    """The ids found on more than one row (blank ids aside)."""
    seen: set[str] = set()
    twice: set[str] = set()
    for record in records:
        ident = record.values.get("id", "")
        if ident in seen:
            twice.add(ident)
        elif ident:
            seen.add(ident)
    return frozenset(twice)
