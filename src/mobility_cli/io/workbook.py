"""Excel (``.xlsx``) and OpenDocument (``.ods``) workbooks, read as rows of cell text.

Coordinators export applicants from Excel and students get transcripts as workbooks, so a
workbook is read wherever a CSV is. Both formats are a zip of XML parts; one sheet is streamed
with the standard library's ``zipfile`` and expat, and every limit is ours:

- python-calamine, the well-kept reader, builds a dense grid of a sheet's used range: a 1 KB
  ``.xlsx`` with one cell at XFD1048576 makes it allocate 512 GB and abort the whole process
  (measured with 0.9.1), which no ``try`` can catch. openpyxl reads no ``.ods``.
- A DOCTYPE is refused (so no entities), the file and each part it inflates are capped, rows
  stop at a sheet's 1,048,576 and cells at column 16,384 (XFD), and repeated empty cells or
  rows (an ``.ods`` row often ends in a thousand of them) cost no memory.

A cell comes out as the text a person sees with Excel's General format: numbers with at most 15
significant digits (``27.5``, ``6``; a typed number stays a number, whatever the locale showed),
percentages with their ``%`` (``72%``), dates as ISO dates, booleans ``TRUE``/``FALSE``.
"""

from __future__ import annotations

import datetime as dt
import io
import posixpath
import re
import struct
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, BinaryIO
from xml.parsers import expat

from mobility_cli.errors import InputError
from mobility_cli.io.table_input import OLE2_MAGIC

if TYPE_CHECKING:  # zipfile costs ~30 ms to import: only a workbook run pays it
    import zipfile

MAX_WORKBOOK_BYTES = 64 * 1024 * 1024  # the file as stored
MAX_PART_BYTES = 256 * 1024 * 1024  # one XML part once inflated (a sheet is streamed)
MAX_STRINGS_BYTES = 32 * 1024 * 1024  # the shared strings, which are kept in memory
MAX_ROWS = 1_048_576  # what Excel and LibreOffice allow in a sheet
MAX_COLUMNS = 16_384  # column XFD
MAX_CELL_CHARS = 32_767  # Excel's own limit for the text of a cell
CHUNK_BYTES = 64 * 1024


def _zip_errors() -> tuple[type[Exception], ...]:
    """What zipfile raises on a damaged archive (RuntimeError, for an encrypted member, apart)."""
    import zipfile

    return (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        zlib.error,
        EOFError,
        NotImplementedError,
        ValueError,
        struct.error,
        OSError,
    )


Row = tuple[int, list[str]]  # the row's number in the sheet (from 1), its cells as text


@dataclass
class Sheet:
    """One sheet of a workbook: its name, every sheet's name, and its rows (streamed)."""

    name: str
    names: list[str]
    rows: Iterator[Row]


def read_sheet(stream: BinaryIO, name: str, sheet: str | None = None) -> Sheet:
    """Open the sheet called ``sheet`` (any case), or the first one, of an .xlsx or .ods.

    Raises :class:`InputError` for a file that is not a readable workbook, an old ``.xls``,
    a password-protected file, a workbook with no sheets or no sheet of that name.
    """
    import zipfile

    data = stream.read(MAX_WORKBOOK_BYTES + 1)
    if len(data) > MAX_WORKBOOK_BYTES:
        raise InputError(f"{name}: larger than {MAX_WORKBOOK_BYTES // 2**20} MB: not read")
    if data.startswith(OLE2_MAGIC):
        raise InputError(
            f"{name}: an old .xls workbook or a password-protected one: save it as .xlsx "
            "(without a password) or as CSV"
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        parts = set(archive.namelist())
    except _zip_errors():
        raise InputError(f"{name}: not a readable .xlsx or .ods workbook") from None
    book = _Ods(archive, name) if "content.xml" in parts else _Xlsx(archive, name, parts)
    names = book.sheet_names()
    if not names:
        raise InputError(f"{name}: the workbook has no sheets")
    chosen = names[0] if sheet is None else _choose(sheet, names, name)
    return Sheet(chosen, names, book.rows(chosen))


def header_and_rows(sheet: Sheet, name: str) -> tuple[int, list[str], Iterator[Row]]:
    """A sheet as a table: its first row with text is the header (its row number, its cells),
    the rows after it the data."""
    first = next(sheet.rows, None)
    if first is None:
        raise InputError(f"{name}: sheet '{sheet.name}' is empty (no header row)")
    return first[0], first[1], sheet.rows


def _choose(wanted: str, names: list[str], file: str) -> str:
    if wanted in names:
        return wanted
    for candidate in names:
        if candidate.casefold() == wanted.casefold():
            return candidate
    listed = ", ".join(repr(n) for n in names[:20])
    raise InputError(f"{file}: no sheet '{wanted}' (sheets: {listed}); choose one with --sheet")


class _Refused(Exception):
    """Raised inside an expat handler: the part is refused (a DOCTYPE, a cell past the limits)."""


def _parser() -> expat.XMLParserType:
    """An expat parser with namespaces, which refuses any DOCTYPE (so no entity is ever read)."""
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)

    def doctype(*_: object) -> None:
        raise _Refused("a DOCTYPE (refused: no entities in a workbook)")

    parser.StartDoctypeDeclHandler = doctype
    return parser


def _local(tag: str) -> str:
    return tag.rpartition(" ")[2]


def _attribute(attributes: dict[str, str], local: str) -> str | None:
    """An attribute by its local name, whatever namespace it is in."""
    for key, value in attributes.items():
        if _local(key) == local:
            return value
    return None


class _Book:
    """What both formats share: reading a part, and streaming it through expat."""

    def __init__(self, archive: zipfile.ZipFile, name: str) -> None:
        self.archive = archive
        self.name = name

    def _chunks(self, part: str, limit: int | None = None) -> Iterator[bytes]:
        limit = MAX_PART_BYTES if limit is None else limit
        try:
            info = self.archive.getinfo(part)
        except KeyError:
            raise InputError(f"{self.name}: damaged workbook (no part {part})") from None
        # zipfile stops inflating at the declared size, so the check below bounds the work
        if info.file_size > limit:
            raise InputError(
                f"{self.name}: part {part} inflates to more than {limit // 2**20} MB: not read"
            )
        try:
            with self.archive.open(info) as handle:
                while chunk := handle.read(CHUNK_BYTES):
                    yield chunk
        except RuntimeError:  # zipfile's word for an encrypted member
            raise InputError(f"{self.name}: password-protected: save it without one") from None
        except _zip_errors():
            raise InputError(f"{self.name}: damaged workbook (part {part})") from None

    def _stream(
        self,
        part: str,
        start: Callable[[str, dict[str, str]], None],
        end: Callable[[str], None],
        text: Callable[[str], None],
        limit: int | None = None,
    ) -> Iterator[None]:
        """Feed ``part`` to a parser with these handlers, yielding after every chunk."""
        parser = _parser()
        parser.StartElementHandler = start
        parser.EndElementHandler = end
        parser.CharacterDataHandler = text
        parser.buffer_text = True
        try:
            for chunk in self._chunks(part, limit):
                parser.Parse(chunk, False)
                yield
            parser.Parse(b"", True)
        except expat.ExpatError as exc:
            reason = expat.ErrorString(exc.code)
            raise InputError(
                f"{self.name}: damaged workbook ({part}:{exc.lineno}:{exc.offset}: {reason})"
            ) from None
        except _Refused as exc:
            raise InputError(f"{self.name}: {part}: {exc}") from None
        yield

    def _collect(self, part: str, start: Callable[[str, dict[str, str]], None]) -> None:
        """Read a small part (workbook, relationships, styles) with a start handler only."""
        for _ in self._stream(part, start, lambda _tag: None, lambda _text: None):
            pass


class _Cells:
    """A row being built: cells placed by column, gaps filled, the column limit kept."""

    def __init__(self, row: int, name: str) -> None:
        self.row = row
        self.name = name
        self.cells: list[str] = []
        self.pending_blanks = 0

    def place(self, column: int, text: str, repeat: int = 1) -> None:
        """Put ``text`` at ``column`` (from 0) ``repeat`` times; blanks cost nothing."""
        if not text:
            return
        if column + repeat > MAX_COLUMNS:
            raise InputError(
                f"{self.name}: row {self.row}: a cell past column XFD ({MAX_COLUMNS:,} columns)"
            )
        if column == len(self.cells) and repeat == 1:
            self.cells.append(text)
            return
        if column > len(self.cells):
            self.cells.extend([""] * (column - len(self.cells)))
        self.cells[column : column + repeat] = [text] * repeat


# Excel writes a character XML cannot carry (a control character) as _xHHHH_ (ECMA-376, 22.9.2.19)
_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")


def _unescape(text: str) -> str:
    if "_x" not in text:
        return text
    return _ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), text)


def _number(text: str) -> str:
    """A stored number as General shows it: at most 15 significant digits, no ``.0``."""
    stripped = text.strip()
    if len(stripped) > 40:
        return stripped  # not a number a sheet stores; the field's parser will say so
    try:
        value = float(stripped)
    except ValueError:
        return stripped
    if value != value or value in (float("inf"), float("-inf")):
        return stripped
    shown = format(value, ".15g")
    return "0" if shown == "-0" else shown


def _percent(text: str) -> str:
    shown = _number(text)
    try:
        return _number(repr(float(shown) * 100)) + "%"
    except ValueError:
        return shown


_EXCEL_EPOCH = dt.datetime(1899, 12, 30)  # serial 1 is 1900-01-01 (with Lotus's 1900 leap day)


def _date(text: str) -> str:
    try:
        serial = float(text)
        moment = _EXCEL_EPOCH + dt.timedelta(days=serial)
    except (ValueError, OverflowError):
        return _number(text)
    if moment.time() == dt.time():
        return moment.date().isoformat()
    return moment.isoformat(timespec="seconds")


# Excel's built-in number formats that show a percentage or a date (ECMA-376, 18.8.30).
_PERCENT_FORMATS = {9, 10}
_DATE_FORMATS = {14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47}
_DATE_CODE = re.compile(r"[dmyhs]", re.IGNORECASE)
_QUOTED_OR_BRACKETED = re.compile(r'"[^"]*"|\[[^\]]*\]|\\.')


def _kind_of_format(code: str) -> Callable[[str], str]:
    """What a custom number format shows: a percentage, a date, or a plain number."""
    bare = _QUOTED_OR_BRACKETED.sub("", code)
    if "%" in bare:
        return _percent
    if _DATE_CODE.search(bare) and "General" not in bare:
        return _date
    return _number


class _Xlsx(_Book):
    """Office Open XML: workbook.xml names the sheets, its relationships find their parts,
    sharedStrings.xml holds the text cells' strings and styles.xml says which numbers are
    percentages or dates."""

    def __init__(self, archive: zipfile.ZipFile, name: str, parts: set[str]) -> None:
        super().__init__(archive, name)
        self.parts = parts
        self._sheets: dict[str, str] = {}  # sheet name → part
        if "xl/workbook.xml" not in parts:
            raise InputError(f"{name}: not a readable .xlsx or .ods workbook")
        targets: dict[str, str] = {}
        if "xl/_rels/workbook.xml.rels" in parts:

            def relationship(tag: str, attributes: dict[str, str]) -> None:
                if _local(tag) == "Relationship" and "Id" in attributes:
                    targets[attributes["Id"]] = attributes.get("Target", "")

            self._collect("xl/_rels/workbook.xml.rels", relationship)
        order: list[tuple[str, str | None]] = []

        def sheet(tag: str, attributes: dict[str, str]) -> None:
            if _local(tag) == "sheet":
                order.append((attributes.get("name", ""), _attribute(attributes, "id")))

        self._collect("xl/workbook.xml", sheet)
        for position, (sheet_name, relation) in enumerate(order, start=1):
            target = targets.get(relation or "", f"worksheets/sheet{position}.xml")
            part = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
            self._sheets[sheet_name] = posixpath.normpath(part)

    def sheet_names(self) -> list[str]:
        return list(self._sheets)

    def _shared_strings(self) -> list[str]:
        strings: list[str] = []
        if "xl/sharedStrings.xml" not in self.parts:
            return strings
        state = {"depth_phonetic": 0, "in_text": False}
        parts: list[str] = []

        def start(tag: str, _attributes: dict[str, str]) -> None:
            local = _local(tag)
            if local == "si":
                parts.clear()
            elif local == "rPh":  # a phonetic reading (Japanese), not the text
                state["depth_phonetic"] += 1
            elif local == "t" and not state["depth_phonetic"]:
                state["in_text"] = True

        def end(tag: str) -> None:
            local = _local(tag)
            if local == "si":
                strings.append(_unescape("".join(parts))[:MAX_CELL_CHARS])
            elif local == "rPh":
                state["depth_phonetic"] -= 1
            elif local == "t":
                state["in_text"] = False

        def text(data: str) -> None:
            if state["in_text"]:
                parts.append(data)

        for _ in self._stream("xl/sharedStrings.xml", start, end, text, MAX_STRINGS_BYTES):
            pass
        return strings

    def _styles(self) -> list[Callable[[str], str]]:
        """How each cell style (the ``s`` attribute) shows a number."""
        shows: list[Callable[[str], str]] = []
        if "xl/styles.xml" not in self.parts:
            return shows
        custom: dict[int, Callable[[str], str]] = {}
        in_xfs = [False]

        def start(tag: str, attributes: dict[str, str]) -> None:
            local = _local(tag)
            if local == "numFmt":
                code = attributes.get("formatCode", "")
                custom[_integer(attributes.get("numFmtId"))] = _kind_of_format(code)
            elif local == "cellXfs":
                in_xfs[0] = True
            elif local == "xf" and in_xfs[0]:
                number_format = _integer(attributes.get("numFmtId"))
                if number_format in custom:
                    shows.append(custom[number_format])
                elif number_format in _PERCENT_FORMATS:
                    shows.append(_percent)
                elif number_format in _DATE_FORMATS:
                    shows.append(_date)
                else:
                    shows.append(_number)

        def end(tag: str) -> None:
            if _local(tag) == "cellXfs":
                in_xfs[0] = False

        for _ in self._stream("xl/styles.xml", start, end, lambda _text: None):
            pass
        return shows

    def rows(self, sheet: str) -> Iterator[Row]:
        part = self._sheets[sheet]
        if part not in self.parts:
            return iter(())  # a chart sheet or a dangling reference: no cells
        return self._rows(part)

    def _rows(self, part: str) -> Iterator[Row]:
        reader = _SheetReader(self.name, self._shared_strings(), self._styles())
        for _ in self._stream(part, reader.start, reader.end, reader.text):
            yield from reader.ready
            reader.ready.clear()


class _SheetReader:
    """expat handlers for a worksheet part: the hot loop of reading a workbook, kept lean (a
    tag's local name looked up once, a cell in column order appended)."""

    def __init__(self, name: str, strings: list[str], styles: list[Callable[[str], str]]) -> None:
        self.name = name
        self.strings = strings
        self.styles = styles
        self.ready: list[Row] = []
        self.row: _Cells | None = None
        self.last_row = 0
        self.column = -1
        self.kind = "n"
        self.style = 0
        self.parts: list[str] = []
        self.capture = False
        self._locals: dict[str, str] = {}

    def _local(self, tag: str) -> str:
        local = self._locals.get(tag)
        if local is None:
            local = self._locals[tag] = _local(tag)
        return local

    def start(self, tag: str, attributes: dict[str, str]) -> None:
        local = self._local(tag)
        if local in ("v", "t"):
            self.capture = True
        elif local == "c":
            self.column = _column(attributes.get("r"), self.column + 1, self.name)
            self.kind = attributes.get("t", "n")
            self.style = _integer(attributes.get("s"))
            self.parts.clear()
        elif local == "row":
            number = _integer(attributes.get("r"), self.last_row + 1)
            if not 1 <= number <= MAX_ROWS:
                raise InputError(f"{self.name}: row {number} is past a sheet's last row")
            self.last_row = number
            self.row = _Cells(number, self.name)
            self.column = -1

    def end(self, tag: str) -> None:
        local = self._local(tag)
        if local in ("v", "t"):
            self.capture = False
        elif local == "c" and self.row is not None:
            value = self._value("".join(self.parts))
            if value:
                self.row.place(self.column, value[:MAX_CELL_CHARS])
        elif local == "row" and self.row is not None:
            if self.row.cells:
                self.ready.append((self.row.row, self.row.cells))
            self.row = None

    def text(self, data: str) -> None:
        if self.capture:
            self.parts.append(data)

    def _value(self, raw: str) -> str:
        kind = self.kind
        if kind == "n":
            shows = self.styles[self.style] if self.style < len(self.styles) else _number
            return shows(raw) if raw else ""
        if kind == "s":
            index = _integer(raw, -1)
            return self.strings[index] if 0 <= index < len(self.strings) else ""
        if kind == "b":
            return "TRUE" if raw.strip() == "1" else "FALSE"
        return _unescape(raw)  # inlineStr, str (a formula's text), e (#DIV/0!), d (ISO date)


def _integer(text: str | None, default: int = 0) -> int:
    if text is None or not text.isdigit() or len(text) > 9:
        return default
    return int(text)


_REFERENCE = re.compile(r"([A-Za-z]{1,3})(\d{1,7})")
_COLUMNS: dict[str, int] = {}  # letters → index, for the columns seen


def _column(reference: str | None, default: int, name: str) -> int:
    """The column index (from 0) of a cell reference such as ``C12``."""
    if reference is None:
        return default
    letters = reference.rstrip("0123456789")
    index = _COLUMNS.get(letters)
    if index is not None and len(reference) - len(letters) <= 7:
        return index
    match = _REFERENCE.fullmatch(reference)
    if match is None:
        raise InputError(f"{name}: a cell reference '{reference[:20]}' that is not a cell")
    index = -1
    for letter in match.group(1).upper():
        index = (index + 1) * 26 + ord(letter) - 65
    if len(_COLUMNS) < MAX_COLUMNS:
        _COLUMNS[letters] = index
    return index


_ODS_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_ODS_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_ODS_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"


class _Ods(_Book):
    """OpenDocument: content.xml holds every sheet; rows and cells may be repeated."""

    def sheet_names(self) -> list[str]:
        names: list[str] = []

        def start(tag: str, attributes: dict[str, str]) -> None:
            if tag == f"{_ODS_TABLE} table":
                names.append(attributes.get(f"{_ODS_TABLE} name", f"Sheet{len(names) + 1}"))

        self._collect("content.xml", start)
        return names

    def rows(self, sheet: str) -> Iterator[Row]:
        ready: list[tuple[int, int, list[str]]] = []  # first row, times repeated, cells
        state = {"in_sheet": False, "seen_sheet": False, "row": 0, "column": 0}
        row_repeat = [1]
        current: list[_Cells | None] = [None]
        cell: dict[str, str | int] = {}
        paragraphs: list[list[str]] = []
        depth_text = [0]

        def start(tag: str, attributes: dict[str, str]) -> None:
            if tag == f"{_ODS_TABLE} table":
                name = attributes.get(f"{_ODS_TABLE} name")
                state["in_sheet"] = name == sheet and not state["seen_sheet"]
                state["seen_sheet"] = state["seen_sheet"] or state["in_sheet"]
                return
            if not state["in_sheet"]:
                return
            if tag == f"{_ODS_TABLE} table-row":
                row_repeat[0] = _integer(attributes.get(f"{_ODS_TABLE} number-rows-repeated"), 1)
                current[0] = _Cells(int(state["row"]) + 1, self.name)
                state["column"] = 0
            elif tag in (f"{_ODS_TABLE} table-cell", f"{_ODS_TABLE} covered-table-cell"):
                cell.clear()
                cell.update(
                    repeat=_integer(attributes.get(f"{_ODS_TABLE} number-columns-repeated"), 1),
                    value=_ods_value(attributes),
                )
                paragraphs.clear()
            elif tag == f"{_ODS_TEXT} p":
                paragraphs.append([])
                depth_text[0] += 1
            elif tag == f"{_ODS_TEXT} s" and depth_text[0] and paragraphs:
                paragraphs[-1].append(
                    " " * min(_integer(attributes.get(f"{_ODS_TEXT} c"), 1), 1000)
                )
            elif tag == f"{_ODS_TEXT} tab" and depth_text[0] and paragraphs:
                paragraphs[-1].append("\t")
            elif tag == f"{_ODS_TEXT} line-break" and depth_text[0] and paragraphs:
                paragraphs[-1].append("\n")

        def end(tag: str) -> None:
            if not state["in_sheet"]:
                return
            if tag == f"{_ODS_TEXT} p":
                depth_text[0] -= 1
            elif tag in (f"{_ODS_TABLE} table-cell", f"{_ODS_TABLE} covered-table-cell"):
                value = str(cell["value"]) if cell["value"] != "" else None
                shown = value if value is not None else "\n".join("".join(p) for p in paragraphs)
                column = int(state["column"])
                repeat = int(cell["repeat"])
                if current[0] is not None:
                    current[0].place(column, shown[:MAX_CELL_CHARS], repeat)
                state["column"] = column + repeat
            elif tag == f"{_ODS_TABLE} table-row" and current[0] is not None:
                row = current[0]
                first = int(state["row"]) + 1
                state["row"] = first + row_repeat[0] - 1
                if any(row.cells):
                    if state["row"] > MAX_ROWS:
                        raise InputError(f"{self.name}: more than {MAX_ROWS:,} rows in the sheet")
                    ready.append((first, row_repeat[0], row.cells))
                current[0] = None
            elif tag == f"{_ODS_TABLE} table":
                state["in_sheet"] = False

        def text(data: str) -> None:
            if state["in_sheet"] and depth_text[0] and paragraphs:
                paragraphs[-1].append(data)

        for _ in self._stream("content.xml", start, end, text):
            for first, times, cells in ready:
                for k in range(times):
                    yield first + k, list(cells)
            ready.clear()


def _ods_value(attributes: dict[str, str]) -> str:
    """A typed cell's value as General shows it, or "" for a text cell (its paragraphs)."""
    kind = attributes.get(f"{_ODS_OFFICE} value-type", "")
    if kind in ("float", "currency"):
        return _number(attributes.get(f"{_ODS_OFFICE} value", ""))
    if kind == "percentage":
        return _percent(attributes.get(f"{_ODS_OFFICE} value", ""))
    if kind == "boolean":
        return "TRUE" if attributes.get(f"{_ODS_OFFICE} boolean-value") == "true" else "FALSE"
    if kind == "date":
        return attributes.get(f"{_ODS_OFFICE} date-value", "")
    return ""
