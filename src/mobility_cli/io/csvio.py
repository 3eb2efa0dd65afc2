"""CSV as it comes from Excel and university systems, and CSV that Excel can open safely.

Reading: bytes are decoded explicitly (UTF-16 or UTF-8 by BOM, UTF-8, else Windows-1252 with a
note), the delimiter is detected on the header line (``;``, ``,`` or tab), headers are matched
to canonical field names in English or Italian, in any case and with or without accents, and
records are streamed with the line number where each starts. Writing: formula-injection guard on
text cells, numbers untouched, and ``-o`` written atomically.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import io
import itertools
import operator
import os
import re
import stat
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, BinaryIO

from mobility_cli.errors import InputError, MobilityError, UnknownIdError
from mobility_cli.numbers import parse_number as parse_number  # the one bounded parser
from mobility_cli.records import Record as Record  # one data row, read by every reader
from mobility_cli.text import normalise_header as normalise_header

SNIFF_BYTES = 64 * 1024
BLOCK_BYTES = 64 * 1024
MAX_FIELD_CHARS = 1024 * 1024
MAX_LINE_BYTES = 4 * 1024 * 1024
"""A physical line longer than this refuses the file at that line, read in bounded memory."""
MAX_COLUMNS = 10_000
"""Header cells looked at for column names; a header is never longer in a real file."""
STDIN = "-"

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


@dataclass
class CsvTable:
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
        values = {field: cells[i].strip() for i, field in by_index.items() if i < len(cells)}
        yield Record(line, values, shape_problem(cells, width), cells)


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


def peek(stream: BinaryIO, size: int = 512) -> tuple[bytes, BinaryIO]:
    """The first bytes of a stream, and a stream that still starts with them."""
    peek_at = getattr(stream, "peek", None)
    if callable(peek_at):
        return bytes(peek_at(size))[:size], stream
    if stream.seekable():
        head = stream.read(size)
        stream.seek(-len(head), io.SEEK_CUR)
        return head, stream
    whole = io.BytesIO(stream.read())
    return whole.getvalue()[:size], whole


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
    from mobility_cli.io.workbook import header_and_rows, is_workbook, read_sheet

    head, stream = peek(stream)
    if is_workbook(name, head):
        header_at, header, rows = header_and_rows(read_sheet(stream, name, sheet), name)
        return table_from_rows(
            name, header_at, header, rows, fields, required=required, overrides=overrides
        )
    if sheet is not None:
        raise InputError(f"{name}: --sheet {sheet}: not a workbook (.xlsx or .ods)")
    return read_csv(stream, name, fields, required=required, overrides=overrides, encoding=encoding)


def open_input(path: str) -> tuple[BinaryIO, str]:
    """Open a path (or ``-`` for standard input) for binary reading."""
    if path == STDIN:
        return sys.stdin.buffer, "<stdin>"
    try:
        return open(path, "rb"), path
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory, not a file") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from None


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
    at its own line, after the lines before it.
    """
    if universal:
        return _text_layer_lines(raw, name, encoding)
    return itertools.chain.from_iterable(_decoded_blocks(raw, name, encoding))


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


def _decoded_blocks(raw: io.BufferedReader, name: str, encoding: str) -> Iterator[Iterator[str]]:
    # utf-8-sig drops a byte-order mark at the start of each line, as when lines were decoded
    # one by one: decode as utf-8 and drop it after every newline
    codec = codecs.lookup(encoding).name
    strip_bom = codec == "utf-8-sig"
    codec = "utf-8" if strip_bom else codec
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
            yield _lines(block[:bad_line].decode(codec), strip_bom)
            number = before + block.count(b"\n", 0, bad_line) + 1
            hint = " (try --encoding cp1252)" if encoding.startswith("utf") else ""
            raise InputError(f"{name}:{number}: cannot decode as {encoding}{hint}") from None
        yield _lines(text, strip_bom)
        before += block.count(b"\n")


def _lines(text: str, strip_bom: bool) -> Iterator[str]:
    """The lines of a decoded block: ending at ``\n`` only, each kept as written."""
    if not strip_bom:
        return iter(io.StringIO(text, newline="\n"))
    last_was_bom = text == "\ufeff" or text.endswith("\n\ufeff")  # a last line of a mark only
    text = text.removeprefix("\ufeff").replace("\n\ufeff", "\n")
    return itertools.chain(io.StringIO(text, newline="\n"), [""] if last_was_bom else [])


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


def record_of(line: int, cells: Sequence[str], by_index: Mapping[int, str], width: int) -> Record:
    """The record of a CSV row starting at ``line``, whatever its width."""
    values = {field: cells[i].strip() for i, field in by_index.items() if i < len(cells)}
    return Record(line, values, shape_problem(cells, width), cells)


def _row_problem(exc: csv.Error) -> str:
    """The csv module's complaint about one row, in a user's words."""
    if "new-line character" in str(exc):
        return "a line break (CR) inside an unquoted cell: quote the cell or remove the break"
    return "this row cannot be read as CSV (an unbalanced quote?)"


_TRIGGERS = "=+-@\t\r\0"
FORMULA_TRIGGERS = _TRIGGERS
"""The first characters for which :func:`guard_cell` guards a cell (a number aside)."""
_PLAIN_NUMBER = re.compile(r"[+-]?\d+([.,]\d+)?")


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


def _same_file(a: str, b: str) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _is_stdin(path: str) -> bool:
    """Whether ``path`` is the file standard input reads (``convert - -o t.csv < t.csv``)."""
    try:
        given, target = os.fstat(sys.stdin.fileno()), os.stat(path)
    except (OSError, ValueError, AttributeError):  # no stdin, a test's fake one, no target
        return False
    return (given.st_dev, given.st_ino) == (target.st_dev, target.st_ino)


@contextlib.contextmanager
def _signals_unwind() -> Iterator[None]:
    """SIGTERM and SIGHUP unwind like Ctrl-C does, so the temporary file is removed; the
    exit status is the shell's 128 + signal number."""
    import signal

    def unwind(signum: int, _frame: object) -> None:
        raise SystemExit(128 + signum)

    wanted = [getattr(signal, n) for n in ("SIGTERM", "SIGHUP") if hasattr(signal, n)]
    try:
        previous = {sig: signal.signal(sig, unwind) for sig in wanted}
    except ValueError:  # not the main thread: signals stay as they are
        previous = {}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _mode_for(target: Path) -> int:
    """The permissions of the output: the old file's, else those of any new file (umask)."""
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


@contextlib.contextmanager
def _write_errors(where: str) -> Iterator[None]:
    """A failed write (disk full, read-only folder) as a one-line error; a closed pipe is not."""
    try:
        yield
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise MobilityError(f"{where}: cannot write ({exc.strerror or exc})") from None


@contextlib.contextmanager
def output_stream(
    path: str | None, inputs: Sequence[str] = (), bom: bool = False
) -> Iterator[IO[str]]:
    """stdout for ``None`` or ``-``; otherwise a temporary file renamed over ``path`` only when
    the block finishes, so an interrupted run leaves the old file (or none), never half a file.

    The new file keeps the old one's permissions, a symbolic link keeps pointing at it, and a
    device or a pipe (``/dev/null``, ``>(gzip > out.gz)``) is written straight through.
    """
    encoding = "utf-8-sig" if bom else "utf-8"
    if path is None or path == STDIN:
        with _write_errors("standard output"):
            yield sys.stdout
            sys.stdout.flush()
        return
    for source in inputs:
        if _same_file(source, path) if source != STDIN else _is_stdin(path):
            raise InputError(f"{path}: refusing to overwrite the input file")
    if path.lower().endswith((".xlsx", ".xlsm", ".xls", ".ods")):
        # text under a workbook's name would only make Excel say the file is damaged
        raise InputError(
            f"{path}: mobility writes text (CSV, JSON), not workbooks: name the file .csv, "
            "which Excel opens"
        )
    target = Path(path)
    if target.is_dir():
        raise InputError(f"{path}: is a directory")
    if target.exists() and not target.is_file():
        with _write_errors(path), open(target, "w", encoding=encoding, newline="") as handle:
            yield handle
        return
    if target.is_symlink():
        target = target.resolve()
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise InputError(f"{path}: folder {folder} does not exist")
    with _write_errors(path), _signals_unwind():
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
        try:
            with open(fd, "w", encoding="utf-8", newline="") as handle:
                os.chmod(tmp, _mode_for(target))
                if bom:  # by hand: the utf-8-sig codec would encode every row's write in Python
                    handle.write("\ufeff")
                yield handle
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, target)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
