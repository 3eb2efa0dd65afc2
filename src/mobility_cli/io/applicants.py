"""Applicant lists (a coordinator's CSV export) → records.

Headers may be English or Italian in any case ("Matricola", "Corso di studio", "CFU", "Media",
"Mesi all'estero"): the spellings of each field are in :mod:`mobility_cli.eligibility.fields`;
``--column FIELD=HEADER`` maps any other header.
"""

from __future__ import annotations

import contextlib
from array import array
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from operator import itemgetter, methodcaller
from typing import BinaryIO

from mobility_cli.eligibility.fields import APPLICANT_FIELDS
from mobility_cli.io import tables
from mobility_cli.io.csv_reader import row_groups
from mobility_cli.io.table_input import read_table
from mobility_cli.io.tables import CsvTable


def parse_column_overrides(pairs: Sequence[str]) -> dict[str, str]:
    """``["id=Codice", "average=Media 2024"]`` → ``{"id": "Codice", …}``; unknown fields refused."""
    return tables.parse_column_overrides(pairs, list(APPLICANT_FIELDS), "applicant field")


BUCKETS = 256  # by the top 8 bits of a 64-bit hash


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
    repeated (see :class:`IdHashes`)."""
    with contextlib.closing(IdHashes()) as hashes:
        for ids in _ids(table):
            hashes.add(ids)
        return hashes.repeated()


class IdHashes:
    """Ids gathered a list at a time, to find those on several rows (blank ids aside).

    Their 64-bit hashes are kept in a set while there are at most :data:`SET_HASHES` of them
    (a repeat is then found as the list is added, in C). Past that they are put in 256 buckets
    by their top 8 bits, and past :data:`SPILL_HASHES` of them the buckets go to a temporary
    file (8 bytes a row on disk), so memory stays the same at any length; at the end each
    bucket is looked at on its own, and only the hashes of the repeated ids are kept. Two
    different ids share a hash with a chance of about n² / 2⁶⁵ (3 in 100 million for a million
    rows).
    """

    def __init__(self) -> None:
        self._seen: set[int] | None = set()  # None once the hashes are in the buckets
        self._twice: set[int] = set()
        self._buckets: list[list[int]] = [[] for _ in range(BUCKETS)]
        # a hash's top 8 bits (-128 … 127) index its bucket's append, from the end when < 0
        self._appends = [bucket.append for bucket in self._buckets]
        self._chunks = [array("q") for _ in range(BUCKETS)]  # in the spill: offset, count…
        self._spill: BinaryIO | None = None
        self._held = 0

    def add(self, ids: Iterable[str]) -> None:
        """Count these ids (cells as written: they are trimmed)."""
        codes = list(map(hash, filter(None, map(str.strip, ids))))
        seen = self._seen
        if seen is not None:
            new = set(codes)
            if len(new) < len(codes):
                self._twice.update(code for code, n in Counter(codes).items() if n > 1)
            self._twice |= new & seen
            seen |= new
            if len(seen) <= SET_HASHES:
                return
            self._seen, codes = None, list(seen)  # each once: the repeats are in _twice
        appends = self._appends
        for code in codes:  # a loop in Python costs half what sorting them into slices did
            appends[code >> 56](code)
        self._held += len(codes)
        if self._held >= SPILL_HASHES:
            import tempfile

            spill = self._spill = self._spill or tempfile.TemporaryFile()  # noqa: SIM115 (see close)
            for bucket, chunks in zip(self._buckets, self._chunks, strict=True):
                if bucket:
                    chunks.extend((spill.tell(), len(bucket)))
                    array("q", bucket).tofile(spill)
                    bucket.clear()
            self._held = 0

    def repeated(self) -> frozenset[int]:
        """The hashes of the ids counted more than once."""
        twice = self._twice
        for held, chunks in zip(self._buckets, self._chunks, strict=True):
            bucket = array("q", held)
            for offset, count in zip(chunks[::2], chunks[1::2], strict=True):
                assert self._spill is not None
                self._spill.seek(offset)
                bucket.fromfile(self._spill, count)
            if len(set(bucket)) < len(bucket):  # the common answer, "none twice", in one C call
                twice.update(code for code, n in Counter(bucket).items() if n > 1)
            held.clear()
            del chunks[:]
        self.close()
        return frozenset(twice)

    def close(self) -> None:
        """Drop the temporary file, if there is one."""
        if self._spill is not None:
            self._spill.close()
            self._spill = None


SET_HASHES = 1 << 15
"""Hashes held in a set (about 2 MiB) before they go to the buckets."""
SPILL_HASHES = 1 << 15
"""Hashes held in the buckets (about 1.3 MiB) before they are written to a temporary file."""


def _ids(table: CsvTable) -> Iterator[list[str]]:
    """The rows' id cells (as written), a list at a time, read cheaply: a block of lines split
    on the delimiter (see :func:`~mobility_cli.io.csv_reader.row_groups`) is split only up to
    the id."""
    index = next((i for i, f in (table.by_index or {}).items() if f == "id"), None)
    if table.lines is None or index is None:
        yield [record.values.get("id", "") for record in table.records]
        return
    for lines, rows, _text in row_groups(table):
        if lines is None:
            yield [cells[index] for _, cells in rows if len(cells) > index]
            continue
        if index == 0:  # the first cell of every line (a blank line's is blank)
            yield list(map(itemgetter(0), map(methodcaller("partition", table.delimiter), lines)))
            continue
        split = list(map(methodcaller("split", table.delimiter, index + 1), lines))
        if split and min(map(len, split)) > index:  # every line has the id's cell: all in C
            yield list(map(itemgetter(index), split))
        else:
            yield [cells[index] for cells in split if len(cells) > index]
