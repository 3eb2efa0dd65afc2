"""Fuzzing the real CLI with hostile transcripts, applicant lists and ELMO files (issue 9).

Whatever the input: the exit code is 0, 1 or 2; no traceback and no Python exception name
reaches the user; no control character from the input reaches a person's output (stderr
always, stdout for tables); every input row has exactly one output row; and the last line of
defence ("please report") is never how a run ends. Seeded and bounded: the same examples on
every run, a few seconds each.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import re
from collections.abc import Sequence
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner, Result

from mobility_cli.cli import app

POLIMI = "polimi-2026-2027-first-engineering"
FUZZ = settings(
    max_examples=50,
    deadline=None,
    derandomize=True,  # seeded: CI runs the same examples every time
    phases=[Phase.explicit, Phase.generate],  # bounded: a failure is reported as found
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

# What must never reach a person raw (the program's own newlines and tabs aside).
RAW = re.compile("[\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f\\u202a-\\u202e\\u2066-\\u2069\\u2028\\u2029]")
PYTHON = re.compile(r"Traceback|\b(?:[A-Z][a-z]+)+(?:Error|Exception)\b|\bsys\.\w+\(|site-packages")

HOSTILE = [
    "\x1b[2J\x1b[31m",
    "\x1b]0;title\x07",
    "\x9b31m",
    "\u202eevil",
    "\u2066x\u2069",
    "\u2028",
    "\r",
    "\n",
    "\t",
    '"',
    ";",
    ",",
    "=HYPERLINK(1)",
    "::error ::x",
    "1e999999999",
    "9" * 40,
    "1" + "0" * 400 + ".5",
    "²",
    "٣",
    "-0",
    "NaN",
    "Infinity",
    "1.234,5",
    "\ufeff",
    "\x85",
    "",
]
text = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00"), max_size=12),
    st.lists(st.sampled_from(HOSTILE), min_size=2, max_size=4).map("".join),
)
grade = st.one_of(
    st.sampled_from(["14", "12,5", "A", "30L", "30 e lode", "2:1", "-3", "5,5"]), text
)
scale = st.one_of(st.sampled_from(["fr-20", "ects", "de-5", "it-30", "dk-7", "FR-20", ""]), text)
number = st.one_of(st.sampled_from(["6", "7,5", "0", "-6", "180"]), text)
# a course title is never blank: a row of blank cells is no row
title = text.map(lambda t: "C" + t)


def invoke(*args: str, stdin: bytes | None = None) -> Result:
    """The real application in-process: the guard, the formats, the exit codes."""
    return CliRunner().invoke(app, list(args), input=stdin, catch_exceptions=True)


def assert_clean(result: Result, *, person_stdout: bool = False) -> None:
    """The properties every run has, whatever its input."""
    unexpected = result.exception is not None and not isinstance(result.exception, SystemExit)
    assert not unexpected, repr(result.exception)
    assert result.exit_code in (0, 1, 2), result.exit_code
    assert "please report" not in result.stderr, result.stderr  # never how a case passes
    assert not PYTHON.search(result.stderr), result.stderr
    assert not RAW.search(result.stderr), result.stderr
    if person_stdout:
        assert not RAW.search(result.stdout), result.stdout
        assert not PYTHON.search(result.stdout), result.stdout
    if result.exit_code == 2:
        assert result.stderr.count("Error:") == 1, result.stderr


def write_table(
    path: Path, header: Sequence[str], rows: Sequence[Sequence[str]], delimiter: str, encoding: str
) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    data = buffer.getvalue().encode(encoding, errors="replace")
    path.write_bytes((codecs.BOM_UTF8 if encoding == "utf-8-sig" else b"") + data)


def csv_rows(stdout: str) -> list[list[str]]:
    """The data rows of a CSV output, in the delimiter it was written with (the input's)."""
    # the header starts with a column name of ours or the input's (letters, '_'), then the delimiter
    first = re.match(r"[\ufeff]?[A-Za-z_ ]+([,;\t])", stdout)
    delimiter = first.group(1) if first else ","
    return list(csv.reader(io.StringIO(stdout, newline=""), delimiter=delimiter))[1:]


encodings = st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252"])
delimiters = st.sampled_from([",", ";", "\t"])


@FUZZ
@given(
    rows=st.lists(st.tuples(title, number, grade, scale), min_size=1, max_size=6),
    delimiter=delimiters,
    encoding=encodings,
)
def test_any_transcript_gives_one_row_per_course(
    tmp_path: Path, rows: list[tuple[str, ...]], delimiter: str, encoding: str
) -> None:
    path = tmp_path / "t.csv"
    write_table(path, ["course", "credits", "grade", "scale"], rows, delimiter, encoding)
    result = invoke("convert", str(path), "--school", "ing", "-f", "csv")
    assert_clean(result)
    if result.exit_code != 2:
        assert len(csv_rows(result.stdout)) == len(rows), result.stdout
    table = invoke("convert", str(path), "--school", "ing", "-f", "table")
    assert_clean(table, person_stdout=True)
    assert table.exit_code == result.exit_code


@FUZZ
@given(
    rows=st.lists(
        st.tuples(title, text, st.sampled_from(["BSc", "MSc", ""]) | text, number, number, number, number),
        min_size=1,
        max_size=6,
    ),
    delimiter=delimiters,
    encoding=encodings,
)  # fmt: skip
def test_any_applicant_list_gives_one_row_per_applicant(
    tmp_path: Path, rows: list[tuple[str, ...]], delimiter: str, encoding: str
) -> None:
    path = tmp_path / "a.csv"
    header = ["id", "programme", "level", "year", "credits", "average", "months_abroad"]
    write_table(path, header, rows, delimiter, encoding)
    result = invoke("check", "--call", POLIMI, str(path), "-f", "csv")
    assert_clean(result)
    if result.exit_code != 2:
        assert len(csv_rows(result.stdout)) == len(rows), result.stdout
    table = invoke("check", "--call", POLIMI, str(path), "-f", "table")
    assert_clean(table, person_stdout=True)


@FUZZ
@given(
    data=st.binary(max_size=300),
    cut=st.integers(0, 400),
    junk=st.binary(min_size=1, max_size=8),
)
def test_any_bytes_as_a_transcript_end_cleanly(
    tmp_path: Path, data: bytes, cut: int, junk: bytes
) -> None:
    base = Path(__file__).parent.parent / "examples" / "tum-de5.csv"
    mutated = base.read_bytes()
    mutated = mutated[:cut] + junk + data + mutated[cut:]
    path = tmp_path / "m.csv"
    path.write_bytes(mutated)
    assert_clean(invoke("convert", str(path), "--school", "ing", "-f", "csv"))
    assert_clean(invoke("check", "--call", POLIMI, str(path), "-f", "table"), person_stdout=True)


ELMO_NS = "https://github.com/emrex-eu/elmo-schemas/tree/v1"


def elmo(courses: Sequence[tuple[str, str, str, str]], encoding: str, country: str) -> bytes:
    parts = []
    for name, label, credits, count in courses:
        parts.append(
            "<learningOpportunitySpecification>"
            f'<title xml:lang="en">{escape(name)}</title><specifies>'
            f"<learningOpportunityInstance><status>passed</status>"
            f"<resultLabel>{escape(label)}</resultLabel>"
            f"<resultDistribution><category label={quoteattr(label)} count={quoteattr(count)}/>"
            "</resultDistribution>"
            f"<credit><scheme>ects</scheme><value>{escape(credits)}</value></credit>"
            "</learningOpportunityInstance></specifies></learningOpportunitySpecification>\n"
        )
    document = (
        f'<?xml version="1.0" encoding="{encoding}"?>\n<elmo xmlns="{ELMO_NS}">\n<report>\n'
        f"<issuer><country>{escape(country)}</country><title>Test</title></issuer>\n"
        + "".join(parts)
        + "</report>\n</elmo>\n"
    )
    codec = encoding if codecs.lookup(encoding).name != "utf-7" else "utf-8"
    return document.encode(codec, errors="xmlcharrefreplace")


# XML 1.0 has no place for most control characters: a writer escapes the rest
xml_text = text.map(lambda t: re.sub("[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\ufffe\\uffff]", "", t))


@FUZZ
@given(
    courses=st.lists(
        st.tuples(xml_text.map(lambda t: "C" + t), grade.map(lambda g: re.sub("[\\x00-\\x1f]", "", g)), number.map(lambda n: re.sub("[\\x00-\\x1f]", "", n)), st.sampled_from(["3", "²", "9" * 5000, "-1", ""])),
        min_size=1,
        max_size=5,
    ),
    encoding=st.sampled_from(["UTF-8", "ISO-8859-1", "windows-1250", "Shift_JIS", "UTF-7"]),
    country=st.sampled_from(["FR", "DE", "", "XX"]),
    cut=st.none() | st.integers(0, 2000),
)  # fmt: skip
def test_any_elmo_file_gives_one_row_per_course_or_one_error(
    tmp_path: Path,
    courses: list[tuple[str, str, str, str]],
    encoding: str,
    country: str,
    cut: int | None,
) -> None:
    data = elmo(courses, encoding, country)
    if cut is not None:
        data = data[:cut]
    path = tmp_path / "t.xml"
    path.write_bytes(data)
    result = invoke("convert", str(path), "--school", "ing", "-f", "json")
    assert_clean(result)
    if result.exit_code != 2:
        assert cut is None or cut >= len(data)
        assert len(json.loads(result.stdout)["results"]) == len(courses)
    assert_clean(invoke("convert", str(path), "--school", "ing", "-f", "table"), person_stdout=True)


@pytest.mark.parametrize(
    "value", ["\x1b[31m", "\u202e", "1e999999999", "9" * 5000, "x\n::error ::y"]
)
@pytest.mark.parametrize("option", ["--credits", "--average", "--year", "--months-abroad"])
def test_any_option_value_ends_cleanly(option: str, value: str) -> None:
    args = [
        "check",
        "--call",
        POLIMI,
        "--school",
        "ing",
        "--programme",
        "cse-bsc",
        "--level",
        "BSc",
    ]
    result = invoke(*args, option, value)
    assert_clean(result, person_stdout=True)
    assert result.exit_code == 2


def typed(cell: str) -> object:
    """A cell as a spreadsheet would hold it: a number when it reads as one, else the text."""
    try:
        value = float(cell)
    except ValueError:
        return cell
    return value if value == value and abs(value) < 1e300 else cell


@settings(FUZZ, max_examples=25)
@given(
    transcript=st.lists(st.tuples(title, number, grade, scale), min_size=1, max_size=6),
    applicants=st.lists(
        st.tuples(title, text, st.sampled_from(["BSc", "MSc", ""]) | text, number, number, number, number),
        min_size=1,
        max_size=6,
    ),
    kind=st.sampled_from(["xlsx", "ods"]),
)  # fmt: skip
def test_any_workbook_gives_one_row_per_row(
    tmp_path: Path,
    transcript: list[tuple[str, ...]],
    applicants: list[tuple[str, ...]],
    kind: str,
) -> None:
    from workbooks import ods, xlsx

    make = xlsx if kind == "xlsx" else ods
    courses = tmp_path / f"t.{kind}"
    courses.write_bytes(
        make(
            {
                "T": [
                    ["course", "credits", "grade", "scale"],
                    *[[typed(c) for c in r] for r in transcript],
                ]
            }
        )
    )
    result = invoke("convert", str(courses), "--school", "ing", "-f", "csv")
    assert_clean(result)
    if result.exit_code != 2:
        assert len(csv_rows(result.stdout)) == len(transcript), result.stdout
    assert_clean(
        invoke("convert", str(courses), "--school", "ing", "-f", "table"), person_stdout=True
    )
    header = ["id", "programme", "level", "year", "credits", "average", "months_abroad"]
    people = tmp_path / f"a.{kind}"
    people.write_bytes(make({"A": [header, *[[typed(c) for c in r] for r in applicants]]}))
    checked = invoke("check", "--call", POLIMI, str(people), "-f", "csv")
    assert_clean(checked)
    if checked.exit_code != 2:
        assert len(csv_rows(checked.stdout)) == len(applicants), checked.stdout
    assert_clean(invoke("check", "--call", POLIMI, str(people), "-f", "table"), person_stdout=True)
