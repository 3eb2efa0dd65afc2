"""Small .xlsx and .ods files made at test time, as Excel and LibreOffice lay them out.

A cell is text, a number, a bool, ``None`` (no cell), or :class:`Percent` (a number shown with
Excel's ``0%`` format / ODS's percentage type). ``.xlsx`` text goes to the shared strings, as
Excel writes it, unless ``inline=True``; ``raw_rows`` replaces a sheet's rows with XML as given
(for hostile layouts: a cell at XFD1048576, a DOCTYPE …).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

Cell = object
Rows = Sequence[Sequence[Cell]]

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"


@dataclass(frozen=True)
class Percent:
    value: float


def excel_text(text: str) -> str:
    """Text as Excel stores it: XML-escaped, control characters as _xHHHH_."""
    return escape(
        "".join(f"_x{ord(c):04X}_" if ord(c) < 32 and c not in "\t\n" else c for c in text)
    )


def column_letters(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def xlsx(
    sheets: dict[str, Rows], *, inline: bool = False, raw_rows: dict[str, str] | None = None
) -> bytes:
    strings: list[str] = []
    positions: dict[str, int] = {}

    def text_cell(ref: str, text: str) -> str:
        if inline:
            return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{excel_text(text)}</t></is></c>'
        if text not in positions:
            positions[text] = len(strings)
            strings.append(text)
        return f'<c r="{ref}" t="s"><v>{positions[text]}</v></c>'

    def sheet_xml(name: str, rows: Rows) -> str:
        if raw_rows and name in raw_rows:
            body = raw_rows[name]
        else:
            lines = []
            for r, row in enumerate(rows, start=1):
                cells = []
                for c, value in enumerate(row):
                    ref = f"{column_letters(c)}{r}"
                    if value is None:
                        continue
                    if isinstance(value, bool):
                        cells.append(f'<c r="{ref}" t="b"><v>{int(value)}</v></c>')
                    elif isinstance(value, Percent):
                        cells.append(f'<c r="{ref}" s="1"><v>{value.value!r}</v></c>')
                    elif isinstance(value, int | float):
                        cells.append(f'<c r="{ref}"><v>{value!r}</v></c>')
                    else:
                        cells.append(text_cell(ref, str(value)))
                lines.append(f'<row r="{r}">{"".join(cells)}</row>')
            body = "".join(lines)
        return f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{_MAIN}"><sheetData>{body}</sheetData></worksheet>'

    names = list(sheets)
    parts = {f"xl/worksheets/sheet{i}.xml": sheet_xml(n, sheets[n]) for i, n in enumerate(names, 1)}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        overrides = "".join(
            f'<Override PartName="/{part}" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            for part in parts
        )
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            f"{overrides}</Types>",
        )
        archive.writestr(
            "_rels/.rels",
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{_PACKAGE_RELS}">'
            f'<Relationship Id="rId1" Type="{_RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        sheet_elements = "".join(
            f'<sheet name={quoteattr(n)} sheetId="{i}" r:id="rId{i}"/>'
            for i, n in enumerate(names, 1)
        )
        archive.writestr(
            "xl/workbook.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{_MAIN}" xmlns:r="{_RELS}">'
            f"<sheets>{sheet_elements}</sheets></workbook>",
        )
        relations = "".join(
            f'<Relationship Id="rId{i}" Type="{_RELS}/worksheet" Target="worksheets/sheet{i}.xml"/>'
            for i in range(1, len(names) + 1)
        )
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{_PACKAGE_RELS}">{relations}</Relationships>',
        )
        archive.writestr(
            "xl/styles.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="{_MAIN}"><cellXfs count="2">'
            '<xf numFmtId="0"/><xf numFmtId="9" applyNumberFormat="1"/></cellXfs></styleSheet>',
        )
        for part, xml in parts.items():
            archive.writestr(part, xml)
        if strings:
            items = "".join(
                f'<si><t xml:space="preserve">{excel_text(s)}</t></si>' for s in strings
            )
            archive.writestr(
                "xl/sharedStrings.xml",
                f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{_MAIN}" count="{len(strings)}">{items}</sst>',
            )
    return buffer.getvalue()


_ODS_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
)


def ods(sheets: dict[str, Rows], *, trailing_blanks: int = 1000) -> bytes:
    """An .ods as LibreOffice writes it: each row ends in repeated empty cells, and the sheet
    in a repeated empty row."""

    def cell(value: Cell) -> str:
        if value is None:
            return "<table:table-cell/>"
        if isinstance(value, bool):
            flag = "true" if value else "false"
            return f'<table:table-cell office:value-type="boolean" office:boolean-value="{flag}"><text:p>{flag.upper()}</text:p></table:table-cell>'
        if isinstance(value, Percent):
            return f'<table:table-cell office:value-type="percentage" office:value="{value.value!r}"><text:p>{value.value * 100:g}%</text:p></table:table-cell>'
        if isinstance(value, int | float):
            return f'<table:table-cell office:value-type="float" office:value="{value!r}"><text:p>{value}</text:p></table:table-cell>'
        # XML 1.0 cannot carry most control characters: LibreOffice leaves them out
        shown = re.sub("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]", "", str(value))
        paragraphs = "".join(f"<text:p>{escape(p)}</text:p>" for p in shown.split("\n"))
        return f'<table:table-cell office:value-type="string">{paragraphs}</table:table-cell>'

    tables = []
    for name, rows in sheets.items():
        body = "".join(
            f"<table:table-row>{''.join(cell(v) for v in row)}"
            f'<table:table-cell table:number-columns-repeated="{trailing_blanks}"/></table:table-row>'
            for row in rows
        )
        body += '<table:table-row table:number-rows-repeated="1048000"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>'
        tables.append(f"<table:table table:name={quoteattr(name)}>{body}</table:table>")
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {_ODS_NS}>'
        f"<office:body><office:spreadsheet>{''.join(tables)}</office:spreadsheet></office:body>"
        "</office:document-content>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet"
        )
        archive.writestr(
            "META-INF/manifest.xml",
            '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
            '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
            '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>',
        )
        archive.writestr("content.xml", content)
    return buffer.getvalue()


def rewrite(data: bytes, part: str, old: bytes, new: bytes) -> bytes:
    """The workbook with ``old`` replaced by ``new`` (once) in one of its parts."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for name in source.namelist():
            content = source.read(name)
            if name == part:
                assert old in content, f"{old!r} is not in {part}"
                content = content.replace(old, new, 1)
            out.writestr(name, content)
    return buffer.getvalue()
