"""The one door for tabular input: a CSV, or a sheet of an .xlsx/.ods workbook, opened as a
:class:`~mobility_cli.io.tables.CsvTable` whatever it is. Transcripts, applicants and grades
are all read through :func:`read_table`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import BinaryIO

from mobility_cli.errors import InputError
from mobility_cli.io.csv_reader import read_csv
from mobility_cli.io.files import peek
from mobility_cli.io.tables import CsvTable, table_from_rows

ZIP_MAGIC = b"PK\x03\x04"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0"  # .xls, and a password-protected .xlsx
EXTENSIONS = (".xlsx", ".xlsm", ".ods")


def is_workbook(name: str, head: bytes) -> bool:
    """A workbook by its first bytes (a zip or an OLE2 file), or by its extension."""
    return head.startswith((ZIP_MAGIC, OLE2_MAGIC)) or name.lower().endswith(EXTENSIONS)


def read_table(
    stream: BinaryIO,
    name: str,
    fields: Mapping[str, Sequence[str]],
    *,
    required: Sequence[str] = (),
    overrides: Mapping[str, str] | None = None,
    encoding: str | None = None,
    sheet: str | None = None,
) -> CsvTable:
    """A CSV, or a sheet of an .xlsx/.ods workbook (``sheet``, else the first), as one table:
    every reader of tabular input (transcripts, applicants, grades) comes through here."""
    head, stream = peek(stream)
    if is_workbook(name, head):
        from mobility_cli.io.workbook import header_and_rows, read_sheet  # zipfile, expat: only now

        header_at, header, rows = header_and_rows(read_sheet(stream, name, sheet), name)
        return table_from_rows(
            name, header_at, header, rows, fields, required=required, overrides=overrides
        )
    if sheet is not None:
        raise InputError(f"{name}: --sheet {sheet}: not a workbook (.xlsx or .ods)")
    return read_csv(stream, name, fields, required=required, overrides=overrides, encoding=encoding)
