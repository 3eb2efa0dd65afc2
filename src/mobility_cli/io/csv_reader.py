"""Reading CSV text: the encoding (chosen from the first bytes or given), bytes decoded a block
of lines at a time, the delimiter detected on the header line (``;``, ``,`` or tab), the csv
module's row loop with the line where each row starts, and records, in bounded memory."""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import operator
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import BinaryIO, NamedTuple, cast

from mobility_cli.errors import InputError, MobilityError
from mobility_cli.io.tables import CsvTable, match_header, record_of
from mobility_cli.records import Record

SNIFF_BYTES = 64 * 1024
BLOCK_BYTES = 64 * 1024
MAX_FIELD_CHARS = 1024 * 1024
MAX_LINE_BYTES = 4 * 1024 * 1024
"""A physical line longer than this refuses the file at that line, read in bounded memory."""
MAX_COLUMNS = 10_000
"""Header cells looked at for column names; a header is never longer in a real file."""

csv.field_size_limit(MAX_FIELD_CHARS)


class _PrefixedRaw(io.RawIOBase):
    """A raw stream that serves already-read bytes before the rest of ``source``."""

    def __init__(self, prefix: bytes, source: BinaryIO) -> None:
        self._prefix = prefix
        self._source = source

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        if self._prefix:
            n = min(len(buffer), len(self._prefix))
            buffer[:n] = self._prefix[:n]
            self._prefix = self._prefix[n:]
            return n
        data = self._source.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


_WORKBOOKS = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0")  # .xlsx (a zip), .xls (OLE2)
_WIDE_ENCODINGS = ("utf-16", "utf-32")  # a newline is more than one byte


def _choose_encoding(prefix: bytes, name: str) -> tuple[str, str | None]:
    """Pick the encoding from the first bytes; the second item is a note for the user."""
    if prefix.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16", None
    if prefix.startswith(codecs.BOM_UTF8):
        return "utf-8-sig", None
    if prefix.startswith(_WORKBOOKS):
        raise InputError(f"{name}: an Excel workbook, not CSV text: save it as CSV first")
    if b"\x00" in prefix:
        raise InputError(f"{name}: binary data (NUL bytes): not a CSV text file")
    try:
        codecs.getincrementaldecoder("utf-8")().decode(prefix, final=False)
    except UnicodeDecodeError:
        return "cp1252", f"{name}: not UTF-8, read as Windows-1252 (cp1252)"
    return "utf-8", None


# Codecs Python calls "text" that are not how files are written: escape notations, domain-name
# encodings, UTF-7 (which can hide markup from a filter) and the codec that refuses everything.
_NOT_FILE_ENCODINGS = frozenset(
    {"punycode", "idna", "utf-7", "unicode-escape", "raw-unicode-escape", "undefined", "charmap"}
)


def text_codec(encoding: str) -> str | None:
    """The codec name of an encoding that files are written in, or None (``hex``, ``rot13``,
    ``punycode``, an unknown name)."""
    try:
        info = codecs.lookup(encoding)
    except (LookupError, ValueError):
        return None
    if not getattr(info, "_is_text_encoding", True) or info.name in _NOT_FILE_ENCODINGS:
        return None
    return info.name


def _text_encoding(encoding: str) -> str:
    """An ``--encoding`` that Python can decode a file with, or a one-line error."""
    if text_codec(encoding) is None:
        raise MobilityError(
            f"--encoding {encoding}: not a text encoding (try utf-8, cp1252 or utf-16)"
        )
    return encoding


def _next_line(lines: Iterator[str], line: int) -> tuple[str, int]:
    """The next non-blank line and its number (``""`` at the end of the file)."""
    for candidate in lines:
        line += 1
        if candidate.strip():
            return candidate, line
    return "", line


_SEP_LINE = re.compile(r"sep=(.)", re.IGNORECASE)


_QUOTED = re.compile(r'"[^"]*"')


def _detect_delimiter(header: str) -> str:
    # delimiters inside quotes do not count, nor anything after a quote left open; C-level
    # string operations, so a header of megabytes takes milliseconds
    unquoted = _QUOTED.sub("", header).partition('"')[0]
    counts = {d: unquoted.count(d) for d in (";", ",", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def read_csv(
    stream: BinaryIO,
    name: str,
    fields: Mapping[str, Sequence[str]],
    *,
    required: Sequence[str] = (),
    overrides: Mapping[str, str] | None = None,
    encoding: str | None = None,
) -> CsvTable:
    """Open a CSV stream: decode, detect the delimiter, match the header, stream records.

    Raises :class:`InputError` for an empty file, undecodable bytes, or a header that lacks a
    required field (naming what is missing and what was found).
    """
    prefix = stream.read(SNIFF_BYTES)
    note = None
    old_mac = b"\r" in prefix and b"\n" not in prefix  # Excel's "CSV (Macintosh)"
    if encoding is None:
        encoding, note = _choose_encoding(prefix, name)
        if old_mac and encoding == "cp1252":  # old Mac line ends come with the old Mac encoding
            encoding, note = "mac_roman", f"{name}: not UTF-8, read as Mac Roman (old Mac file)"
    else:
        encoding = _text_encoding(encoding)
    # Wide encodings, and old Mac files whose lines end in a bare CR, need a text layer to find
    # their line ends; the others are split on bytes, so a bad byte is reported at its line.
    universal = old_mac or codecs.lookup(encoding).name.startswith(_WIDE_ENCODINGS)
    lines = _decoded_lines(
        io.BufferedReader(_PrefixedRaw(prefix, stream)), name, encoding, universal
    )
    header_line, header_at = _next_line(lines, 0)
    declared = _SEP_LINE.fullmatch(header_line.rstrip("\r\n"))
    if declared:  # "sep=;" on the first line tells Excel the delimiter
        header_line, header_at = _next_line(lines, header_at)
    if not header_line.strip():
        raise InputError(f"{name}: empty file (no header line)")
    delimiter = declared.group(1) if declared else _detect_delimiter(header_line)
    try:
        header = next(csv.reader([header_line], delimiter=delimiter))
    except csv.Error as exc:
        raise InputError(f"{name}:{header_at}: {exc}") from None
    # only the first columns are looked at: a "header" of a million cells (a JSON export,
    # a report) is not matched cell by cell
    by_index = match_header(
        header[:MAX_COLUMNS], fields, required, overrides or {}, name, header_at
    )
    columns = {field: header[i].strip() for i, field in by_index.items()}
    return CsvTable(
        name=name,
        encoding=encoding,
        delimiter=delimiter,
        columns=columns,
        records=_records(lines, header_at, delimiter, by_index, len(header), name),
        note=note,
        header=tuple(h.strip() for h in header),
        lines=lines,
        header_at=header_at,
        by_index=by_index,
    )


def _too_long(name: str, line: int) -> InputError:
    limit = MAX_LINE_BYTES // (1024 * 1024)
    return InputError(f"{name}:{line}: a line longer than {limit} MB: not a table of rows")


def _binary(name: str, line: int) -> InputError:
    return InputError(f"{name}:{line}: binary data (a NUL byte): not a CSV text file")


def _decoded_lines(
    raw: io.BufferedReader, name: str, encoding: str, universal: bool
) -> Iterator[str]:
    """Text lines (newlines kept, as the csv module wants them).

    ``universal``: a text layer finds the line ends (wide encodings, bare-CR files). Otherwise
    lines end at ``\n`` only and bytes are decoded a block of whole lines at a time (a call per
    line would cost more than the csv parsing); an undecodable byte or a NUL is still reported
    at its own line, after the lines before it. Those lines are :class:`DecodedLines`, which
    also hand over the text not read yet, a block at a time.
    """
    if universal:
        return _text_layer_lines(raw, name, encoding)
    blocks = _Blocks(
        _decoded_blocks(raw, name, encoding), strip_bom=codecs.lookup(encoding).name == "utf-8-sig"
    )
    lines = cast(DecodedLines, DecodedLines.from_iterable(blocks.lines()))
    lines.blocks = blocks
    return lines


class _Blocks:
    """The decoded blocks of a file, as lines (the csv module's input) or as text."""

    def __init__(self, texts: Iterator[str], *, strip_bom: bool) -> None:
        self._texts = texts
        # utf-8-sig drops a byte-order mark at the start of each line, as when lines were
        # decoded one by one: decoded as utf-8, the mark is dropped after every newline
        self._strip_bom = strip_bom
        self._current: io.StringIO | None = None  # the block being read as lines

    def _text(self, text: str) -> str:
        if not self._strip_bom:
            return text
        return text.removeprefix("\ufeff").replace("\n\ufeff", "\n")

    def lines(self) -> Iterator[Iterator[str]]:
        """Each block's lines: ending at ``\n`` only, each kept as written."""
        for text in self._texts:
            self._current = io.StringIO(self._text(text), newline="\n")
            # a last line of a mark only is a line (an empty one)
            if self._strip_bom and (text == "\ufeff" or text.endswith("\n\ufeff")):
                yield itertools.chain(self._current, [""])
            else:
                yield self._current

    def texts(self) -> Iterator[str]:
        """The text not read as lines yet: the rest of the current block, then each block."""
        current, self._current = self._current, None
        tail = current.read() if current is not None else ""
        if tail:
            yield tail
        for text in self._texts:
            yield self._text(text)


class DecodedLines(itertools.chain[str]):
    """The lines of a file decoded a block at a time: an iterator for the csv module, and
    :meth:`texts` for a reader that splits the text itself (one or the other, not both)."""

    blocks: _Blocks

    def texts(self) -> Iterator[str]:
        """The text not read yet, a block of whole lines at a time; the lines are then used up."""
        return self.blocks.texts()


def _text_layer_lines(raw: io.BufferedReader, name: str, encoding: str) -> Iterator[str]:
    number = 0
    try:
        text = io.TextIOWrapper(raw, encoding=encoding, newline="")
        while decoded := text.readline(MAX_LINE_BYTES + 1):
            number += 1
            if len(decoded) > MAX_LINE_BYTES:
                raise _too_long(name, number)
            if "\0" in decoded:
                raise _binary(name, number)
            yield decoded
    except UnicodeError:  # decoded in blocks: the bad bytes are somewhere after ``number``
        after = f" after line {number}" if number else ""
        raise InputError(
            f"{name}: cannot decode as {encoding}{after} (a truncated or damaged file?)"
        ) from None


def _decoded_blocks(raw: io.BufferedReader, name: str, encoding: str) -> Iterator[str]:
    """The decoded text of each block of whole lines; a bad byte or a NUL is refused after the
    text of the lines before it."""
    codec = codecs.lookup(encoding).name
    codec = "utf-8" if codec == "utf-8-sig" else codec  # the marks are dropped by _Blocks
    before = 0  # lines in the blocks already decoded
    while block := raw.read(BLOCK_BYTES):
        if not block.endswith(b"\n"):
            block += raw.readline(MAX_LINE_BYTES + 1)
            last = len(block) - block.rfind(b"\n") - 1
            if last > MAX_LINE_BYTES:  # refused before the rest of the line is read
                raise _too_long(name, before + block.count(b"\n") + 1)
        nul = block.find(b"\0")
        if nul >= 0:
            raise _binary(name, before + block.count(b"\n", 0, nul) + 1)
        try:
            text = block.decode(codec)
        except UnicodeDecodeError as exc:
            bad_line = block.rfind(b"\n", 0, exc.start) + 1
            yield block[:bad_line].decode(codec)
            number = before + block.count(b"\n", 0, bad_line) + 1
            hint = " (try --encoding cp1252)" if encoding.startswith("utf") else ""
            raise InputError(f"{name}:{number}: cannot decode as {encoding}{hint}") from None
        yield text
        before += block.count(b"\n")


def csv_rows(
    lines: Iterable[str], delimiter: str, header_at: int, name: str
) -> Iterator[tuple[int, list[str], str | None]]:
    """The rows after a header at line ``header_at``: each with the line where it starts and,
    for a row the csv module cannot read (a bare CR in an unquoted cell of a CRLF file), why —
    that row is its own error and the next rows are read. Blank rows (no cell, or only
    delimiters and spaces) are skipped; a cell past the field limit stops the file."""
    reader = csv.reader(lines, delimiter=delimiter)
    previous_end = header_at
    while True:  # the loop is re-entered after a row the csv module cannot read
        try:
            for cells in reader:
                start = previous_end + 1
                previous_end = header_at + reader.line_num
                # a first cell with text says "not blank" at once
                if cells and (cells[0].strip() or "".join(cells).strip()):
                    yield start, cells, None
            return
        except csv.Error as exc:
            start, previous_end = previous_end + 1, header_at + reader.line_num
            if "field limit" in str(exc):  # a cell of megabytes: not a table of rows
                raise InputError(f"{name}:{start}: field larger than field limit") from None
            yield start, [], _row_problem(exc)


class RowProblem(list[str]):
    """The cells of a row the csv module cannot read: none, and why (``str()``)."""

    def __init__(self, why: str) -> None:
        super().__init__()
        self.why = why


def table_rows(table: CsvTable) -> Iterator[tuple[int, list[str]]]:
    """The rows of a CSV table after its header, for a loop that reads cells itself: the line
    where each row starts and its cells, as the csv module reads them (a row it cannot read is
    a :class:`RowProblem`). Blank rows come too: see :func:`blank`.

    Text with no quote, no bare CR and no line longer than a cell may be is split on its
    delimiter a block of lines at a time (the same cells, without the csv module's loop);
    other blocks, until a row ends where a block does, go through the csv module.
    """
    return itertools.chain.from_iterable(group.rows for group in row_groups(table))


class RowGroup(NamedTuple):
    """Rows of :func:`row_groups`: ``lines`` are those of a block split on the delimiter (each
    without its line end; no cell of them holds a quote, a CR or LF, a NUL or the delimiter),
    ``None`` for rows the csv module read; ``text`` is such a block's text (its lines, each
    ending in ``\n`` but perhaps the last)."""

    lines: list[str] | None
    rows: Iterable[tuple[int, list[str]]]
    text: str = ""


def row_groups(table: CsvTable) -> Iterator[RowGroup]:
    """The rows of :func:`table_rows` in groups (see :class:`RowGroup`)."""
    lines = table.lines
    if lines is None:
        raise ValueError(f"{table.name}: not a CSV text")
    if isinstance(lines, DecodedLines):
        return _row_groups(lines.texts(), table.delimiter, table.header_at + 1, table.name)
    rows = csv_rows(lines, table.delimiter, table.header_at, table.name)
    return iter(
        [RowGroup(None, ((line, RowProblem(why) if why else cells) for line, cells, why in rows))]
    )


def blank(cells: Sequence[str]) -> bool:
    """A row of no cell, or of delimiters and spaces only: not a row of the table."""
    return not (cells and (cells[0].strip() or "".join(cells).strip()))


def _row_groups(texts: Iterator[str], delimiter: str, line: int, name: str) -> Iterator[RowGroup]:
    """Rows of the blocks of ``texts``, the first line numbered ``line``: a group per block
    split on the delimiter, or per run of blocks read by the csv module."""
    split, repeat = str.split, itertools.repeat
    for text in texts:
        if not text:  # the lines before a bad byte: none
            continue
        plain = '"' not in text and len(text) <= MAX_FIELD_CHARS
        if plain and "\r" in text:  # CRLF line ends only: the csv module drops them
            plain = text.count("\r") == text.count("\r\n")
            text = text.replace("\r\n", "\n")
        if plain:
            lines = text.split("\n")
            if text.endswith("\n"):
                lines.pop()
            yield RowGroup(lines, enumerate(map(split, lines, repeat(delimiter)), line), text)
            line += len(lines)
        else:
            group = _CsvGroup(text, texts, delimiter, line, name)
            yield RowGroup(None, group.rows())
            line = group.next_line  # set once the group is read (chain reads it to its end)


class _CsvGroup:
    """Blocks read by the csv module: from one block until a row ends where a block ends."""

    def __init__(
        self, text: str, texts: Iterator[str], delimiter: str, line: int, name: str
    ) -> None:
        self._text, self._texts = text, texts
        self._delimiter, self._name = delimiter, name
        self.next_line = line
        self._at_end = False  # the last line given to the csv module ends a block

    def _lines(self) -> Iterator[str]:
        text: str | None = self._text
        while text is not None:
            lines = io.StringIO(text, newline="\n").readlines()
            last = len(lines) - 1
            for i, line in enumerate(lines):
                self._at_end = i == last
                yield line
            text = next(self._texts, None)

    def rows(self) -> Iterator[tuple[int, list[str]]]:
        reader = csv.reader(self._lines(), delimiter=self._delimiter)
        before = previous_end = self.next_line - 1
        while True:  # the loop is re-entered after a row the csv module cannot read
            try:
                for cells in reader:
                    start, previous_end = previous_end + 1, before + reader.line_num
                    yield start, cells
                    if self._at_end:
                        break
                break
            except csv.Error as exc:
                start, previous_end = previous_end + 1, before + reader.line_num
                if "field limit" in str(exc):  # a cell of megabytes: not a table of rows
                    raise InputError(
                        f"{self._name}:{start}: field larger than field limit"
                    ) from None
                yield start, RowProblem(_row_problem(exc))
                if self._at_end:
                    break
        self.next_line = before + reader.line_num + 1


def _records(
    lines: Iterator[str],
    header_at: int,
    delimiter: str,
    by_index: Mapping[int, str],
    width: int,
    name: str,
) -> Iterator[Record]:
    fields = tuple(by_index.values())
    # a row as wide as the header (nearly every row) takes its cells in one C call
    cells_of = operator.itemgetter(*by_index) if len(by_index) > 1 else None
    record = tuple.__new__  # Record(…) without the Python-level __new__ of a named tuple
    for start, cells, problem in csv_rows(lines, delimiter, header_at, name):
        if problem is not None:
            yield Record(start, {}, problem)
        elif len(cells) == width and cells_of is not None:
            values = dict(zip(fields, map(str.strip, cells_of(cells)), strict=True))
            yield record(Record, (start, values, None, cells))
        else:
            yield record_of(start, cells, by_index, width)


def _row_problem(exc: csv.Error) -> str:
    """The csv module's complaint about one row, in a user's words."""
    if "new-line character" in str(exc):
        return "a line break (CR) inside an unquoted cell: quote the cell or remove the break"
    return "this row cannot be read as CSV (an unbalanced quote?)"
