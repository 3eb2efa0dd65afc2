"""Tables: header cells matched to canonical field names (English or Italian, any case, with
or without accents, ``--column`` overrides), and rows checked against the header's width; the
readers (CSV, workbook sheets, plain rows) build on them. The door every reader of tabular input
uses is :func:`mobility_cli.io.table_input.read_table`."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence

from mobility_cli.compiled.base import Plain
from mobility_cli.errors import InputError, MobilityError, UnknownIdError
from mobility_cli.records import Record
from mobility_cli.text import normalise_header


class CsvTable(Plain):
    """An open CSV input: where it comes from, what was detected, and its streamed records."""

    name: str
    encoding: str
    delimiter: str
    columns: dict[str, str]  # canonical field → header as written
    records: Iterator[Record]
    note: str | None = None
    header: tuple[str, ...] = ()  # every header cell, in order
    # for a reader that parses rows itself (the fused `check` loop): the decoded lines after the
    # header (the same iterator ``records`` reads: use one or the other), the header's line
    # number and column index → field; ``lines`` is None for a workbook's sheet
    lines: Iterator[str] | None = None
    header_at: int = 0
    by_index: Mapping[int, str] | None = None


def _match_columns(
    header: Sequence[str],
    fields: Mapping[str, Sequence[str]],
    overrides: Mapping[str, str],
    name: str,
    line: int,
) -> dict[int, str]:
    """Column index → canonical field; duplicate matches are an error naming both headers."""
    wanted: dict[str, str] = {}
    for field, aliases in fields.items():
        for alias in aliases:
            wanted[normalise_header(alias)] = field
    for field, header_text in overrides.items():
        wanted[normalise_header(header_text)] = field
    by_index: dict[int, str] = {}
    first_header: dict[str, str] = {}
    for index, text in enumerate(header):
        matched = wanted.get(normalise_header(text))
        if matched is None:
            continue
        if matched in first_header:
            raise InputError(
                f"{name}:{line}: columns '{first_header[matched]}' and '{text.strip()}' both give "
                f"'{matched}'; keep one or map one with --column"
            )
        first_header[matched] = text.strip()
        by_index[index] = matched
    return by_index


def match_header(
    header: Sequence[str],
    fields: Mapping[str, Sequence[str]],
    required: Sequence[str],
    overrides: Mapping[str, str],
    name: str,
    line: int,
) -> dict[int, str]:
    """Column index → canonical field, for a header from any source (CSV, a sheet, dicts);
    a missing required field is an error naming the headers found and ``--column``."""
    by_index = _match_columns(header, fields, overrides, name, line)
    found = set(by_index.values())
    missing = [f for f in required if f not in found]
    if missing:
        # A JSON file or a report is one huge "header": show its start, not all of it.
        shown = [repr(h.strip()[:40]) for h in header[:12]] + ["…"] * (len(header) > 12)
        written = ", ".join(shown) or "nothing"
        raise InputError(
            f"{name}:{line}: missing column(s) {', '.join(missing)}; found {written}; "
            f"name the column with --column {missing[0]}=HEADER"
        )
    return by_index


def parse_column_overrides(
    pairs: Sequence[str], fields: Sequence[str], what: str = "field"
) -> dict[str, str]:
    """``["grade=Nota final"]`` → ``{"grade": "Nota final"}``; fields not in ``fields`` refused."""
    overrides: dict[str, str] = {}
    for pair in pairs:
        field, sep, header = pair.partition("=")
        field, header = field.strip(), header.strip()
        if not sep or not field or not header:
            raise MobilityError(f"--column '{pair}': write FIELD=HEADER, e.g. {fields[0]}=Title")
        if field not in fields:
            raise UnknownIdError(what, field, list(fields))
        overrides[field] = header
    return overrides


def shape_problem(cells: Sequence[str], width: int) -> str | None:
    """Why a row's cells do not fit a header of ``width`` columns, or None."""
    if len(cells) < width:
        return f"row has {len(cells)} cells, the header has {width} (truncated row?)"
    if len(cells) > width and any(c.strip() for c in cells[width:]):
        return f"row has {len(cells)} cells, the header has {width} (stray delimiter?)"
    return None


def records_from_rows(
    rows: Iterable[tuple[int, Sequence[str]]], by_index: Mapping[int, str], width: int
) -> Iterator[Record]:
    """Records from rows already split into cells (a spreadsheet's): ``(line, cells)`` each;
    blank rows are skipped, as in a CSV. A sheet leaves out a row's empty cells at its end, so a
    short row is filled out, never "truncated"."""
    for line, cells in rows:
        if not "".join(cells).strip():
            continue
        if len(cells) < width:
            cells = [*cells, *[""] * (width - len(cells))]
        yield record_of(line, cells, by_index, width)


def record_of(line: int, cells: Sequence[str], by_index: Mapping[int, str], width: int) -> Record:
    """The record of a row starting at ``line`` (a CSV's or a sheet's), whatever its width."""
    values = {field: cells[i].strip() for i, field in by_index.items() if i < len(cells)}
    return Record(line, values, shape_problem(cells, width), cells)


def table_from_rows(
    name: str,
    header_at: int,
    header: Sequence[str],
    rows: Iterable[tuple[int, Sequence[str]]],
    fields: Mapping[str, Sequence[str]],
    *,
    required: Sequence[str] = (),
    overrides: Mapping[str, str] | None = None,
) -> CsvTable:
    """A table from rows already split into cells (a sheet, plain dicts): the header row's
    number and cells, then ``(line, cells)`` for each row."""
    by_index = match_header(header, fields, required, overrides or {}, name, header_at)
    return CsvTable(
        name=name,
        encoding="sheet",
        delimiter=",",
        columns={field: header[i].strip() for i, field in by_index.items()},
        records=records_from_rows(rows, by_index, len(header)),
        header=tuple(h.strip() for h in header),
    )
