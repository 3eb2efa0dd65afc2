"""The workbook reader: .xlsx and .ods sheets as rows of cell text, and hostile workbooks."""

from __future__ import annotations

import io
import zipfile

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mobility_cli.errors import InputError
from mobility_cli.io import workbook
from mobility_cli.io.table_input import is_workbook
from mobility_cli.io.workbook import read_sheet
from workbooks import Percent, ods, rewrite, xlsx

ROWS = [
    ["Corso", "CFU", "Voto", "Esito"],
    ["Analisi I", 6, 27.5, True],
    [None, None, None, None],
    ["Fisica", 6.0, "30 e lode", None],
    ["English", 3, Percent(0.72), False],
]
EXPECTED = [
    (1, ["Corso", "CFU", "Voto", "Esito"]),
    (2, ["Analisi I", "6", "27.5", "TRUE"]),
    (4, ["Fisica", "6", "30 e lode"]),
    (5, ["English", "3", "72%", "FALSE"]),
]


def rows_of(data: bytes, sheet: str | None = None) -> list[tuple[int, list[str]]]:
    return list(read_sheet(io.BytesIO(data), "t.xlsx", sheet).rows)


@pytest.mark.parametrize(
    "data",
    [xlsx({"Esami": ROWS}), xlsx({"Esami": ROWS}, inline=True), ods({"Esami": ROWS})],
    ids=["xlsx-shared-strings", "xlsx-inline-strings", "ods"],
)
def test_cells_read_as_a_person_sees_them(data: bytes) -> None:
    got = [(n, list(cells)) for n, cells in rows_of(data)]
    # trailing empty cells are not cells: compare what is there
    assert [(n, cells[: len(e)]) for (n, cells), (_, e) in zip(got, EXPECTED, strict=True)] == (
        EXPECTED
    )
    assert all(not any(cells[len(e) :]) for (_, cells), (_, e) in zip(got, EXPECTED, strict=True))


@pytest.mark.parametrize("make", [xlsx, ods])
def test_a_sheet_is_chosen_by_name_in_any_case_else_the_first(make) -> None:
    data = make({"Summary": [["x"]], "Esami": [["Corso"], ["Analisi"]]})
    assert read_sheet(io.BytesIO(data), "t").name == "Summary"
    chosen = read_sheet(io.BytesIO(data), "t", "esami")
    assert chosen.name == "Esami"
    assert chosen.names == ["Summary", "Esami"]
    assert [cells for _, cells in chosen.rows] == [["Corso"], ["Analisi"]]


@pytest.mark.parametrize("make", [xlsx, ods])
def test_an_unknown_sheet_names_the_sheets_there_are(make) -> None:
    data = make({"Summary": [["x"]], "Esami": [["y"]]})
    with pytest.raises(
        InputError,
        match=r"no sheet 'Grades' \(sheets: 'Summary', 'Esami'\); choose one with --sheet",
    ):
        read_sheet(io.BytesIO(data), "t", "Grades")


def test_numbers_show_at_most_fifteen_significant_digits() -> None:
    data = xlsx({"S": [[26.666666666666668, 0.1 + 0.2, 1e20, -3, -0.0]]})
    assert rows_of(data) == [(1, ["26.6666666666667", "0.3", "1e+20", "-3", "0"])]


def test_an_ods_row_ending_in_a_thousand_blanks_and_a_million_blank_rows_costs_nothing() -> None:
    data = ods({"S": [["a", "b"], ["c", None, "d"]]}, trailing_blanks=16_000)
    assert rows_of(data) == [(1, ["a", "b"]), (2, ["c", "", "d"])]


def test_a_repeated_ods_row_is_every_row_it_stands_for() -> None:
    row = '<table:table-row table:number-rows-repeated="3"><table:table-cell office:value-type="float" office:value="6"/></table:table-row>'
    blank = b'<table:table-row table:number-rows-repeated="1048000">'
    data = rewrite(ods({"S": [["h"]]}), "content.xml", blank, row.encode() + blank)
    assert rows_of(data) == [(1, ["h"]), (2, ["6"]), (3, ["6"]), (4, ["6"])]


def test_one_cell_at_the_last_row_and_column_is_read_without_a_dense_grid() -> None:
    far = '<row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c></row><row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
    rows = rows_of(xlsx({"S": []}, raw_rows={"S": far}))
    assert rows[0] == (1, ["a"])
    assert rows[1][0] == 1_048_576 and len(rows[1][1]) == 16_384 and rows[1][1][-1] == "1"


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ('<row r="1"><c r="XFE1"><v>1</v></c></row>', "past column XFD"),
        ('<row r="1048577"><c r="A1048577"><v>1</v></c></row>', "past a sheet's last row"),
        ('<row r="1"><c r="1A"><v>1</v></c></row>', "not a cell"),
        ('<row r="1"><c r="A1"><v>1</v></row>', "damaged workbook"),
    ],
    ids=["past-XFD", "past-last-row", "bad-reference", "broken-xml"],
)
def test_a_hostile_sheet_is_one_error(raw: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        rows_of(xlsx({"S": []}, raw_rows={"S": raw}))


def test_a_repeated_ods_row_past_the_last_row_is_refused() -> None:
    row = b'<table:table-row table:number-rows-repeated="99999999"><table:table-cell office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row>'
    data = rewrite(ods({"S": [["h"]]}), "content.xml", b"</table:table>", row + b"</table:table>")
    with pytest.raises(InputError, match="more than 1,048,576 rows"):
        rows_of(data)


def test_a_doctype_is_refused_so_no_entity_is_ever_expanded() -> None:
    doctype = b'<!DOCTYPE w [<!ENTITY a "aaaaaaaa">]><worksheet'
    data = rewrite(xlsx({"S": [["a"]]}), "xl/worksheets/sheet1.xml", b"<worksheet", doctype)
    with pytest.raises(InputError, match="DOCTYPE"):
        rows_of(data)


def test_a_part_that_inflates_past_the_limit_is_not_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(workbook, "MAX_PART_BYTES", 1000)
    data = xlsx({"S": [["a" * 5000]]}, inline=True)
    with pytest.raises(InputError, match=r"sheet1.xml inflates to more than"):
        rows_of(data)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"PK\x03\x04 not really a zip", "not a readable .xlsx or .ods workbook"),
        (b"\xd0\xcf\x11\xe0" + bytes(100), "old .xls workbook or a password-protected one"),
        (b"", "not a readable"),
    ],
    ids=["broken-zip", "xls-or-encrypted", "empty"],
)
def test_what_is_not_a_workbook_is_one_error(data: bytes, message: str) -> None:
    with pytest.raises(InputError, match=message):
        read_sheet(io.BytesIO(data), "t.xlsx")


def test_a_zip_that_is_no_workbook_is_one_error() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hi")
    with pytest.raises(InputError, match=r"not a readable \.xlsx or \.ods workbook"):
        read_sheet(io.BytesIO(buffer.getvalue()), "t.xlsx")


def test_a_workbook_with_no_sheets_says_so() -> None:
    with pytest.raises(InputError, match="no sheets"):
        read_sheet(io.BytesIO(xlsx({})), "t.xlsx")


def test_workbooks_are_known_by_their_first_bytes_or_extension() -> None:
    assert is_workbook("x.csv", xlsx({"S": [["a"]]})[:8])
    assert is_workbook("x.ODS", b"")
    assert not is_workbook("x.csv", b"course,credits")


@settings(max_examples=300, deadline=None, derandomize=True)
@given(
    data=st.sampled_from(
        [xlsx({"S": ROWS}), xlsx({"S": ROWS}, inline=True), ods({"S": ROWS}, trailing_blanks=3)]
    ),
    flips=st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 255)), min_size=1, max_size=8),
    cut=st.none() | st.integers(0, 10**6),
)
def test_a_damaged_workbook_is_rows_or_one_input_error(
    data: bytes, flips: list[tuple[int, int]], cut: int | None
) -> None:
    damaged = bytearray(data)
    for position, value in flips:
        damaged[position % len(damaged)] = value
    if cut is not None:
        damaged = damaged[: cut % len(damaged)]
    try:
        for _, cells in read_sheet(io.BytesIO(bytes(damaged)), "t.xlsx").rows:
            assert len(cells) <= workbook.MAX_COLUMNS
    except InputError as exc:
        assert "\n" not in str(exc)
