"""The bad-input corpus: files as they arrive from Excel, university portals and other tools.

One row per file of ``tests/data/bad/`` (its README says what each one stands for): the
command, the exit code and the message a user gets. No run may show a traceback (the ``run``
fixture checks stderr), and an exit code of 2 comes with exactly one ``Error:`` line. Files too
big to commit (100,000 blank lines, a 10 MB cell, a 50 MB YAML file) are made at run time.
"""

from __future__ import annotations

import codecs
import csv
import errno
import io
import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from conftest import Run
from mobility_cli.io.csv_reader import SNIFF_BYTES
from mobility_cli.io.files import output_stream
from mobility_cli.io.yamlio import MAX_FILE_BYTES

BAD = Path(__file__).resolve().parent / "data" / "bad"
POLIMI = "polimi-2026-2027-first-engineering"


def convert(name: str) -> list[str]:
    return ["convert", name, "--school", "ing", "-f", "csv"]


def check(name: str) -> list[str]:
    return ["check", "--call", POLIMI, name, "-f", "csv", "--keep", "none"]


def validate(name: str) -> list[str]:
    return ["validate", name]


def convert_table(name: str) -> list[str]:
    return ["convert", name, "--school", "ing", "-f", "table"]


def check_table(name: str) -> list[str]:
    return ["check", "--call", POLIMI, name, "-f", "table"]


def rank(name: str) -> list[str]:
    return ["rank", "--call", POLIMI, name, "-f", "csv"]


def validate_github(name: str) -> list[str]:
    return ["validate", "--format", "github", name]


# What must never reach a person's terminal raw: C0 and C1 controls (ESC, BEL, CSI), DEL, bidi
# overrides and isolates, line and paragraph separators (newlines are the program's own).
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]")
PERSON_FORMATS = (convert_table, check_table, validate, validate_github)


@dataclass(frozen=True)
class Case:
    """One corpus file: how it is run, and what the user sees."""

    file: str
    command: Callable[[str], list[str]]
    exit_code: int
    stderr: str
    stdout: str = ""


CORPUS = [
    # --- transcripts (CSV) for `convert` ---
    Case("truncated.csv", convert, 1, "partial — 1 course", "row has 1 cells, the header has 4 (truncated row?)"),
    Case("truncated-quote.csv", convert, 1, "partial — 1 course", "truncated row?"),
    Case("mixed-delimiters.csv", convert, 2, "mixed-delimiters.csv:1: missing column(s) credits, grade; found 'course', 'credits,grade', 'scale'"),
    Case("utf16-excel-unicode-text.csv", convert, 0, "credits 11, graded credits 11", "Économie\t12,5\tfr-20\t5\t21\t21"),
    Case("utf16-truncated.csv", convert, 2, "utf16-truncated.csv: cannot decode as utf-16 after line 2 (a truncated or damaged file?)"),
    Case("cp1252-euro.csv", convert, 0, "cp1252-euro.csv: not UTF-8, read as Windows-1252 (cp1252)", "Costo del progetto (€)"),
    Case("header-only.csv", convert, 2, "header-only.csv: no courses (only a header, or empty)"),
    Case("empty.csv", convert, 2, "empty.csv: empty file (no header line)"),
    Case("blank-lines-only.csv", convert, 2, "blank-lines-only.csv: empty file (no header line)"),
    Case("nul-byte.csv", convert, 2, "nul-byte.csv: binary data (NUL bytes): not a CSV text file"),
    Case("duplicate-headers.csv", convert, 2, "duplicate-headers.csv:1: columns 'grade' and 'Voto' both give 'grade'"),
    Case("thousands-separator.csv", convert, 1, "partial — 2 course", "credits: '1.234,5' mixes ',' and '.': write it as 1234.5 or 1234,5"),
    Case("lode-spellings.csv", convert, 0, "credits 66, graded credits 66, weighted average 30", "Esame 11,30 e lode,it-30,6,30L"),
    Case("lode-misspelt.csv", convert, 1, "partial — 3 course", "'trenta e lode' is neither a grade nor a word of it-30"),
    Case("excel-error-cells.csv", convert, 1, "partial — 5 course", "credits: '#N/D' is not a number"),
    Case("trailing-delimiter.csv", convert, 0, "credits 11, graded credits 11", "4;;Thermodynamics;12;fr-20;5;20"),
    Case("quoted-newlines.csv", convert, 0, "credits 24, graded credits 24", "6;;Mécanique"),
    Case("excel-bom-sep-line.csv", convert, 0, "credits 11, graded credits 11", "3;;Analysis I;14;fr-20;6;23"),
    Case("decimal-comma-credits.csv", convert, 0, "credits 10.5, graded credits 10.5", "Analysis I;14;fr-20;7,5;23"),
    Case("xlsx-renamed.csv", convert, 2, "xlsx-renamed.csv: the workbook has no sheets"),
    Case("mac-cr-line-ends.csv", convert, 0, "credits 11, graded credits 11", "3;;Thermodynamics;12;fr-20;5;20"),
    Case("mac-roman-accents.csv", convert, 0, "mac-roman-accents.csv: not UTF-8, read as Mac Roman", "2;;Analisi è Geometria;14"),
    Case("unquoted-comma-in-title.csv", convert, 1, "partial — 1 course", "row has 5 cells, the header has 4 (stray delimiter?)"),
    Case("unknown-scale-case.csv", convert, 0, "credits 11, graded credits 11", "2,,Analysis I,14,fr-20,6,23"),
    Case("formula-injection.csv", convert, 0, "credits 23, graded credits 23", "'=HYPERLINK("),
    Case("html-saved-as-csv.csv", convert, 2, "html-saved-as-csv.csv:1:15: not a transcript: a <!DOCTYPE html> document"),
    Case("missing-grade-column.csv", convert, 2, "missing-grade-column.csv:1: missing column(s) grade; found 'Course', 'Credits', 'Mark obtained'"),
    Case("json-export.csv", convert, 2, "json-export.csv:1: missing column(s) course, credits, grade; found '[{\"course\": \"Analysis I\"'"),
    Case("stray-spaces-tabs.csv", convert, 0, "credits 11, graded credits 11", "4\t\tThermodynamics\t12,5\tfr-20\t5\t21"),
    # --- transcripts (ELMO XML) for `convert` ---
    Case("elmo-external-entity.xml", convert, 2, "elmo-external-entity.xml:2:16: a DOCTYPE declaration is not allowed"),
    Case("elmo-billion-laughs.xml", convert, 2, "elmo-billion-laughs.xml:2:16: a DOCTYPE declaration is not allowed"),
    Case("elmo-truncated.xml", convert, 2, "elmo-truncated.xml:7:18: not well-formed XML (unclosed token)"),
    Case("elmo-latin1-declared-utf8.xml", convert, 2, "elmo-latin1-declared-utf8.xml:4:64: not well-formed XML"),
    Case("elmo-blank-line-before-declaration.xml", convert, 2, "XML or text declaration not at start of entity"),
    Case("elmo-html-error-page.xml", convert, 2, "elmo-html-error-page.xml:1: not an ELMO file: the root element is <html>, not <elmo>"),
    Case("elmo-wrong-namespace.xml", convert, 2, "<elmo> has namespace 'http://www.w3.org/1999/xhtml'; ELMO files use"),
    Case("elmo-no-report.xml", convert, 2, "elmo-no-report.xml: an ELMO file without a <report>"),
    Case("elmo-bad-values.xml", convert, 1, "partial — 3 course", "'=HYPERLINK("),
    Case("elmo-no-country.xml", convert, 1, "partial — 1 course", "cannot tell the grading scale (no issuer country, grading scheme 'local scale'): pass --scale"),
    # --- applicant lists (CSV) for `check` ---
    Case("applicants-excel-errors.csv", check, 1, "3 applicant(s): 1 eligible, 0 not eligible, 2 with errors", "average: '#VALUE!' is not a number"),
    Case("applicants-header-only.csv", check, 2, "applicants-header-only.csv: no applicants (only a header)"),
    Case("applicants-sep-line.csv", check, 0, "1 applicant(s): 1 eligible", "10600002;3;eligible"),
    Case("applicants-duplicate-columns.csv", check, 2, "applicants-duplicate-columns.csv:1: columns 'CFU' and 'Crediti' both give 'credits'"),
    Case("applicants-missing-column.csv", check, 2, "applicants-missing-column.csv:1: missing column(s) year, months_abroad"),
    Case("applicants-formula-id.csv", check, 0, "2 applicant(s): 2 eligible", "'=cmd|' /C calc'!A0;2;eligible"),
    Case("applicants-utf16.csv", check, 0, "1 applicant(s): 1 eligible", "10600002\t2\teligible"),
    Case("applicants-thousands.csv", check, 1, "1 with errors", "credits: '1.234,5' mixes ',' and '.'"),
    Case("applicants-trailing-delimiter.csv", check, 0, "1 applicant(s): 1 eligible", "10600002;2;eligible"),
    Case("applicants-truncated.csv", check, 1, "1 with errors", "10600004;3;error;\"row has 5 cells, the header has 10 (truncated row?)"),
    Case("applicants-unknown-programme.csv", check, 1, "1 with errors", "unknown programme 'Ingegneria Fisika' (did you mean 'Ingegneria Fisica'?)"),
    Case("applicants-cp1252.csv", check, 0, "applicants-cp1252.csv: not UTF-8, read as Windows-1252 (cp1252)", "10600002;2;eligible"),
    # --- data files (YAML) for `validate` ---
    Case("alias-bomb.yaml", validate, 1, "1 error", "alias-bomb.yaml:8:4: error: too many aliases: refusing a possible alias bomb"),
    Case("duplicate-keys.yaml", validate, 1, "1 error", "duplicate-keys.yaml:7:3: error: duplicate key 'status' (first at line 6)"),
    Case("python-object-tag.yaml", validate, 1, "1 error", "python-object-tag.yaml:3:9: error: could not determine a constructor for the tag"),
    Case("tab-indentation.yaml", validate, 1, "1 error", "tab-indentation.yaml:4:1: error: while scanning for the next token"),
    Case("latin1-encoded.yaml", validate, 1, "1 error", "latin1-encoded.yaml:3:1: error: not UTF-8 text"),
    Case("nul-byte.yaml", validate, 1, "1 error", "nul-byte.yaml:1:1: error: binary file (NUL byte), not YAML"),
    Case("a-list-not-a-mapping.yaml", validate, 1, "1 error", "a-list-not-a-mapping.yaml:1:1: error: not a data file"),
    Case("empty.yaml", validate, 1, "1 error", "empty.yaml:1:1: error: empty file"),
    Case("two-documents.yaml", validate, 1, "1 error", "two-documents.yaml:3:1: error: expected a single document"),
    Case("deep-nesting.yaml", validate, 1, "1 error", "exceeded maximum nesting depth"),
    Case("json-flow-style.yaml", validate, 1, "2 errors", "json-flow-style.yaml:1:1: error: missing required key 'provenance'"),
    Case("notepad-bom-crlf.yaml", validate, 0, "1 file checked: no problems"),
    # --- issue 9: hostile inputs, one class at a time ---
    # 1. data never drive the terminal: shown as ␚ in tables, notes and errors
    Case("terminal-escapes.csv", convert_table, 0, "ing.yaml is illustrative", "X␚[2J␚[31mRED"),
    Case("applicants-terminal-escapes.csv", check_table, 1, "1 with errors", "unknown programme '␚[31mMechanical␚'"),
    # 2. nothing data-derived starts a line with :: in a CI log
    Case("call-forged-annotation.yaml", validate_github, 1, "1 error", "'x%0A::error file=README.md,line=1::INJECTED' is not an IANA time zone"),
    # 3. numbers have bounds: a clear message for that row, the others are read
    Case("huge-numbers.csv", convert, 1, "4 courses (6 credits) not converted", "has too many digits (at most 12 before and 12 after the decimal point)"),
    Case("applicants-huge-credits.csv", rank, 1, "1 ranked, 0 eligible unranked, 2 left out", "1,10600003,Computer Science and Engineering,BSc,3,120,27,0,3,0,4,eligible,,30,"),
    Case("elmo-odd-counts.xml", convert, 1, "1 course (6 credits) not converted", "count '²' is not a whole number"),
    # 4. a value its YAML tag cannot construct is a finding at its line and column
    Case("yaml-impossible-date.yaml", validate, 1, "1 error", "yaml-impossible-date.yaml:5:9: error: '2026-02-30' is not a real date"),
    Case("yaml-bad-int-tag.yaml", validate, 1, "1 error", "yaml-bad-int-tag.yaml:8:50: error: 'abc' is not a whole number"),
    Case("yaml-bad-float-tag.yaml", validate, 1, "1 error", "yaml-bad-float-tag.yaml:8:50: error: 'abc' is not a number"),
    Case("yaml-bad-bool-tag.yaml", validate, 1, "1 error", "yaml-bad-bool-tag.yaml:5:9: error: 'maybe' is not true or false"),
    Case("yaml-bad-timestamp-tag.yaml", validate, 1, "1 error", "yaml-bad-timestamp-tag.yaml:5:9: error: 'nope' is not a real date"),
    Case("call-month-13.yaml", validate, 1, "1 error", "call-month-13.yaml:7:9: error: '2026-13-01T12:00:00' is not a real date"),
    Case("call-closes-sexagesimal.yaml", validate, 1, "1 error", "call-closes-sexagesimal.yaml:7:1: error: Input should be a valid datetime"),
    # 5. what the converter relies on is a validate rule
    Case("scale-pass-equals-best.yaml", validate, 1, "1 error", "error: pass equals best"),
    Case("scale-ordinal-pass-is-best.yaml", validate, 1, "1 error", "error: pass grade 'B' has the best grade's value 4"),
    Case("scale-tiny-step.yaml", validate, 1, "1 error", "scale-tiny-step.yaml:5:73: error: '1e-30' is out of range"),
    Case("scale-huge-best.yaml", validate, 1, "1 error", "scale-huge-best.yaml:5:44: error: '1e999999999' is out of range"),
    Case("scale-fine-step.yaml", validate, 1, "1 error", "error: step 0.0000001 makes more than 10,000 grades"),
    # 7. readers: one stray CR spoils its row only; encodings as declared, or one clear line
    Case("crlf-stray-cr.csv", convert, 1, "1 course (0 credits) not converted", "3,,,,,,,,false,,,error,a line break (CR) inside an unquoted cell"),
    Case("elmo-shift-jis.xml", convert, 0, "東京テスト大学", "情報理論,14,fr-20,6,23"),
    Case("elmo-utf7.xml", convert, 2, "elmo-utf7.xml:1: encoding 'UTF-7' is not a text encoding mobility can read"),
    Case("elmo-bom-declares-shift-jis.xml", convert, 2, "elmo-bom-declares-shift-jis.xml:1: a UTF-8 byte-order mark, but the file declares Shift_JIS"),
    Case("elmo-rot13.xml", convert, 2, "elmo-rot13.xml:1: encoding 'rot13' is not a text encoding mobility can read"),
    Case("elmo-minified.xml", convert, 0, "rows are the courses' order in the file", "3,,Chimie,13"),
    Case("elmo-resit.xml", convert, 0, "'Thermodynamics' (line 5) has 2 attempts", "Thermodynamics,13,fr-20,6,22"),
    # 8. calls at the edges of time
    Case("call-year-9999.yaml", validate, 1, "2 errors", "error: year 9999 is out of range: give a year from 1900 to 9998"),
]  # fmt: skip


@pytest.fixture
def in_corpus(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(BAD)  # messages name files as given: short and stable


def assert_outcome(result_exit: int, stdout: str, stderr: str, case: Case) -> None:
    assert result_exit == case.exit_code, stderr
    assert case.stderr in stderr, stderr
    assert case.stdout in stdout, stdout
    assert not RAW.search(stderr), stderr  # notes and errors are for a person, whatever the input
    if case.command in PERSON_FORMATS:
        assert not RAW.search(stdout), stdout
        assert not re.search(r"^\s*::(?!(error|warning|group|endgroup)\b)", stdout, re.M)
        assert "INJECTED" not in "".join(re.findall(r"^::error.*$", stdout, re.M)[1:])
    if case.exit_code == 2:
        assert stderr.count("Error:") == 1, stderr
        assert all(len(line) < 1000 for line in stderr.splitlines())  # whatever the input
        assert len(stdout.splitlines()) <= 1, stdout  # at most a header written before the error


@pytest.mark.usefixtures("in_corpus")
@pytest.mark.parametrize("case", CORPUS, ids=[c.file for c in CORPUS])
def test_corpus_file(run: Run, case: Case) -> None:
    result = run(*case.command(case.file))
    assert_outcome(result.exit_code, result.stdout, result.stderr, case)


def test_the_corpus_table_and_its_readme_list_every_file() -> None:
    files = sorted(p.name for p in BAD.iterdir() if p.name != "README.md")
    assert sorted(c.file for c in CORPUS) == files
    listed = set(re.findall(r"^\| `([^`]+)` \|", (BAD / "README.md").read_text("utf-8"), re.M))
    assert listed == set(files) | set(GENERATED_NAMES)
    assert len(files) >= 30
    assert all((BAD / name).stat().st_size < 4096 for name in files)


# --- made at run time: too big to commit, or not files at all --------------------------------

TRANSCRIPT = "course,credits,grade,scale\n"


def blank_lines(path: Path) -> Path:
    path.write_bytes(TRANSCRIPT.encode() + b"\n" * 100_000 + b"Analysis I,6,14,fr-20\n")
    return path


def ten_mb_cell(path: Path) -> Path:
    path.write_bytes(TRANSCRIPT.encode() + b'"' + b"x" * (10 * 1024 * 1024) + b'",6,14,fr-20\n')
    return path


def fifty_mb_yaml(path: Path) -> Path:
    line = b"  - {type: numeric, id: xx, name: padding, best: 10, worst: 0, pass: 6}\n"
    with path.open("wb") as out:
        out.write(b"kind: scales\nschema_version: 1\nscales:\n")
        out.write(line * (50 * 1024 * 1024 // len(line)))
    return path


def one_line_json(path: Path) -> Path:
    """A minified JSON export named .csv: one 2 MB line, read as a header of 40,000 cells."""
    path.write_text(json.dumps([{"course": "Analysis I", "credits": 6}] * 40_000), "utf-8")
    return path


def two_mb_header_cell(path: Path) -> Path:
    path.write_text("course,credits,grade," + "x" * (2 * 1024 * 1024) + "\nA,6,14\n", "utf-8")
    return path


def late_cp1252(path: Path) -> Path:
    """UTF-8 for the first 64 KiB (so it is read as UTF-8), then a Windows-1252 'é'."""
    rows = "Analysis I,6,14,fr-20\n" * (SNIFF_BYTES // 22 + 1)
    path.write_bytes(TRANSCRIPT.encode() + rows.encode() + "Économie,6,14,fr-20\n".encode("cp1252"))
    return path


def late_nul(path: Path) -> Path:
    rows = "Analysis I,6,14,fr-20\n" * (SNIFF_BYTES // 22 + 1)
    path.write_bytes(TRANSCRIPT.encode() + rows.encode() + b"Econ\x00omie,6,14,fr-20\n")
    return path


def twenty_mb_line(path: Path) -> Path:
    path.write_bytes(TRANSCRIPT.encode() + b"," * (20 * 1024 * 1024) + b"\nA,6,14,fr-20\n")
    return path


def twenty_mb_header(path: Path) -> Path:
    path.write_bytes(b"course,credits,grade," + b"x" * (20 * 1024 * 1024) + b"\nA,6,14,fr-20\n")
    return path


def million_columns(path: Path) -> Path:
    path.write_bytes(b'"x",' * 1_000_000 + b"\nA,6,14,fr-20\n")
    return path


def elmo_long_count(path: Path) -> Path:
    text = (BAD / "elmo-odd-counts.xml").read_text("utf-8")
    path.write_text(text.replace('count="²"', f'count="{"9" * 5000}"'), "utf-8")
    return path


def yaml_long_int(path: Path) -> Path:
    text = (BAD / "yaml-bad-int-tag.yaml").read_text("utf-8")
    path.write_text(text.replace("!!int abc", "1" * 5000), "utf-8")
    return path


def many_scales(path: Path) -> Path:
    entry = "  - {{type: numeric, id: xx-{0}, name: Padding {0}, best: 10, worst: 0, pass: 6}}\n"
    head = "kind: scales\nschema_version: 1\nprovenance: {source: t, date: 2026-01-15, status: illustrative}\nscales:\n"
    path.write_text(head + "".join(entry.format(i) for i in range(25_000)), "utf-8")
    return path


def folder(path: Path) -> Path:
    path.mkdir()
    return path


LATE_LINE = SNIFF_BYTES // 22 + 3  # the header, the rows, then the bad line
GENERATED = [
    ("100k-blank-lines.csv", blank_lines, convert, Case("", convert, 0, "credits 6", "100002,,Analysis I")),
    ("10mb-cell.csv", ten_mb_cell, convert, Case("", convert, 2, "10mb-cell.csv:2: a line longer than 4 MB: not a table of rows")),
    ("50mb.yaml", fifty_mb_yaml, validate, Case("", validate, 1, "1 error", f"bytes, over the {MAX_FILE_BYTES}-byte cap [yaml-size]")),
    ("one-line-json.csv", one_line_json, convert, Case("", convert, 2, "one-line-json.csv:1: missing column(s) course, credits, grade; found '[{\"course\": \"Analysis I\"'")),
    ("2mb-header-cell.csv", two_mb_header_cell, convert, Case("", convert, 2, "2mb-header-cell.csv:1: field larger than field limit")),
    ("late-cp1252.csv", late_cp1252, convert, Case("", convert, 2, f"late-cp1252.csv:{LATE_LINE}: cannot decode as utf-8 (try --encoding cp1252)")),
    ("late-nul.csv", late_nul, convert, Case("", convert, 2, f"late-nul.csv:{LATE_LINE}: binary data (a NUL byte)")),
    ("20mb-line.csv", twenty_mb_line, convert, Case("", convert, 2, "20mb-line.csv:2: a line longer than 4 MB: not a table of rows")),
    ("20mb-header.csv", twenty_mb_header, convert, Case("", convert, 2, "20mb-header.csv:1: a line longer than 4 MB")),
    ("million-columns.csv", million_columns, convert, Case("", convert, 2, "million-columns.csv:1: missing column(s) course, credits, grade; found 'x'")),
    ("elmo-5000-digit-count.xml", elmo_long_count, convert, Case("", convert, 1, "1 course (6 credits) not converted", "count '999999999999999999999999…' is too large (at most 9 digits)")),
    ("yaml-5000-digit-int.yaml", yaml_long_int, validate, Case("", validate, 1, "1 error", "is not a whole number (at most 4300 digits)")),
    ("25k-scales.yaml", many_scales, validate, Case("", validate, 0, "1 file checked")),
    ("a-folder", folder, convert, Case("", convert, 2, "a-folder: is a directory, not a file")),
    ("a-folder-of-applicants", folder, check, Case("", check, 2, "a-folder-of-applicants: is a directory, not a file")),
]  # fmt: skip
GENERATED_NAMES = [name for name, *_ in GENERATED]


@pytest.mark.parametrize(
    ("name", "make", "command", "case"), GENERATED, ids=[name for name, *_ in GENERATED]
)
def test_generated_file(
    run: Run,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    make: Callable[[Path], Path],
    command: Callable[[str], list[str]],
    case: Case,
) -> None:
    make(tmp_path / name)
    monkeypatch.chdir(tmp_path)
    started = time.monotonic()
    result = run(*command(name))
    assert time.monotonic() - started < 20
    assert_outcome(result.exit_code, result.stdout, result.stderr, case)


ONE_APPLICANT = ["check", "--call", POLIMI, "--school", "ing", "--programme", "cse-bsc", "--level", "BSc", "--year", "3", "--average", "27", "--months-abroad", "0"]  # fmt: skip


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["convert", "examples/tum-de5.csv", "--school", "ing", "-o", "no/such/folder/out.csv"], "no/such/folder/out.csv: folder no/such/folder does not exist"),
        (["check", "--call", POLIMI, "examples/applicants.csv", "-o", "no/such/out.csv"], "no/such/out.csv: folder no/such does not exist"),
        (["rank", "--call", POLIMI, "examples/applicants.csv", "-o", "no/such/out.csv"], "no/such/out.csv: folder no/such does not exist"),
        (["convert", "examples/tum-de5.csv", "--school", "ing", "-o", "examples"], "examples: is a directory"),
        (["convert", "examples/no-such-file.csv", "--school", "ing"], "examples/no-such-file.csv: no such file"),
        (["convert", "examples/tum-de5.csv", "--school", "ing", "--encoding", "klingon"], "--encoding klingon: not a text encoding"),
        (["check", "--call", POLIMI, "examples/applicants.csv", "--encoding", "base64"], "--encoding base64: not a text encoding"),
        (["convert", "examples/tum-de5.csv", "--school", "ing", "--encoding", "utf-16"], "examples/tum-de5.csv: cannot decode as utf-16"),
        (["validate", "no-such-table.yaml"], "no such file or directory: no-such-table.yaml"),
        (["calls", "--as-of", "0001-01-01"], "--as-of: '0001-01-01' is out of range: give a year from 1900 to 9998"),
        (["calls", "--as-of", "9999-12-31T23:59-12:00"], "is out of range"),
        (["tables", "ing", "--programme", "Ingegneria Nucleare"], "unknown programme of table 'ing' 'Ingegneria Nucleare'"),
        (["convert", "examples/tum-de5.csv", "--school", "ing", "--encoding", "punycode"], "--encoding punycode: not a text encoding"),
        (["convert", "examples/tum-de5.csv", "--school", "ing", "--encoding", "utf-7"], "--encoding utf-7: not a text encoding"),
        ([*ONE_APPLICANT, "--credits", "1000000000000000000000000000"], "credits: '100000000000000000000000…' has too many digits"),
        ([*ONE_APPLICANT, "--credits", "1" + "0" * 400 + ".5"], "credits: '100000000000000000000000…' is too long for a number"),
        ([*ONE_APPLICANT, "--credits", "1e400"], "credits: '1e400' is not a number"),
    ],
)  # fmt: skip
def test_bad_paths_and_options(
    run: Run, monkeypatch: pytest.MonkeyPatch, args: list[str], message: str
) -> None:
    monkeypatch.chdir(BAD.parents[2])
    result = run(*args)
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.count("Error:") == 1 and message in result.stderr, result.stderr
    assert not Path("no").exists()


def test_standard_input_is_named_in_messages(run: Run) -> None:
    result = run("convert", "-", "--school", "ing", input=(BAD / "xlsx-renamed.csv").read_bytes())
    assert result.exit_code == 2
    assert "<stdin>: the workbook has no sheets" in result.stderr


def test_a_utf16_file_decodes_to_the_same_rows_as_utf8(run: Run, tmp_path: Path) -> None:
    text = (BAD / "utf16-excel-unicode-text.csv").read_bytes().decode("utf-16")
    utf8 = tmp_path / "utf8.csv"
    utf8.write_bytes(codecs.BOM_UTF8 + text.encode())
    rows = [
        list(csv.reader(io.StringIO(run(*convert(str(path))).stdout)))
        for path in (BAD / "utf16-excel-unicode-text.csv", utf8)
    ]
    assert rows[0] == rows[1] and len(rows[0]) == 3


# --- issue 9: the environment and the process, not the input file ----------------------------

ROOT = BAD.parents[2]
BUNDLED_ING = ROOT / "data" / "conversion_tables" / "ing.yaml"


def mobility(*args: str, **kwargs: object) -> subprocess.CompletedProcess[bytes]:
    """The real entry point in a child process (stdout to a device, a pipe, a signal)."""
    command = [sys.executable, "-c", "from mobility_cli.cli import main; main()", *args]
    return subprocess.run(command, capture_output=True, timeout=120, check=False, **kwargs)  # type: ignore[call-overload,no-any-return]


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("args", [["scales"], ["calls"], ["tables"], ["schema"], ["--help"]])
def test_a_full_device_as_stdout_is_one_line(args: list[str]) -> None:
    with open("/dev/full", "wb") as full:
        result = subprocess.run(
            [sys.executable, "-c", "from mobility_cli.cli import main; main()", *args],
            stdout=full,
            stderr=subprocess.PIPE,
            timeout=120,
            check=False,
        )
    assert result.returncode == 2
    assert result.stderr.decode() == "Error: cannot write the output (No space left on device)\n"


def test_a_reader_that_leaves_early_ends_the_run_quietly(tmp_path: Path) -> None:
    transcript = tmp_path / "long.csv"
    transcript.write_text(TRANSCRIPT + "Analysis I,6,14,fr-20\n" * 5_000, "utf-8")
    command = [sys.executable, "-c", "from mobility_cli.cli import main; main()"]
    args = ["convert", str(transcript), "--school", "ing", "-f", "csv"]
    with subprocess.Popen(
        [*command, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    ) as child:
        assert child.stdout is not None and child.stderr is not None
        assert child.stdout.readline().startswith(b"row,")
        child.stdout.close()  # `| head -1`
        errors = child.stderr.read().decode()
        assert child.wait(timeout=120) == 0
    assert "Traceback" not in errors and "Exception" not in errors and "Error" not in errors


def test_output_onto_the_file_standard_input_reads_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "t.csv"
    target.write_text(TRANSCRIPT + "Analysis I,6,14,fr-20\n", "utf-8")
    with target.open("rb") as stdin:
        result = mobility("convert", "-", "--school", "ing", "-o", str(target), stdin=stdin)
    assert result.returncode == 2
    assert f"{target}: refusing to overwrite the input file" in result.stderr.decode()
    assert target.read_text("utf-8") == TRANSCRIPT + "Analysis I,6,14,fr-20\n"


@pytest.mark.parametrize("signal_name", ["SIGTERM", "SIGHUP"])
def test_a_terminated_write_leaves_the_old_file_and_no_temporary(
    tmp_path: Path, signal_name: str
) -> None:
    if not hasattr(signal, signal_name):
        pytest.skip(f"no {signal_name} here")
    number = getattr(signal, signal_name)
    target = tmp_path / "out.csv"
    target.write_text("old\n", "utf-8")
    with pytest.raises(SystemExit) as stopped, output_stream(str(target)) as out:
        out.write("half a file\n")
        os.kill(os.getpid(), number)
    assert stopped.value.code == 128 + number  # what a shell reports for the signal
    assert target.read_text("utf-8") == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]


def unreadable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sub: str) -> Path:
    """A --data-dir whose ``sub`` folder cannot be listed (as for a user without the right)."""
    folder = tmp_path / sub
    folder.mkdir()
    denied = OSError(errno.EACCES, os.strerror(errno.EACCES), str(folder))
    real_iterdir, real_scandir = Path.iterdir, os.scandir

    def iterdir(self: Path) -> Iterator[Path]:
        if self == folder:
            raise PermissionError(*denied.args)
        return real_iterdir(self)

    def scandir(path: Any = ".") -> Any:
        if Path(path) == folder:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(folder))
        return real_scandir(path)

    real_is_file = Path.is_file

    def is_file(self: Path) -> bool:  # stat of a file in a folder without search permission
        if self.parent == folder:
            raise PermissionError(*denied.args)
        return real_is_file(self)

    monkeypatch.setattr(Path, "iterdir", iterdir)
    monkeypatch.setattr(Path, "is_file", is_file)
    monkeypatch.setattr(os, "scandir", scandir)
    return tmp_path


@pytest.mark.parametrize(
    ("sub", "args"),
    [
        ("calls", ["calls"]),
        ("calls", ["check", "--call", POLIMI, str(ROOT / "examples" / "applicants.csv")]),
        ("conversion_tables", ["tables"]),
        ("scales", ["scales"]),
        ("scales", ["convert", str(ROOT / "examples" / "tum-de5.csv"), "--school", "ing"]),
    ],
)  # fmt: skip
def test_an_unreadable_data_folder_is_one_line(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sub: str, args: list[str]
) -> None:
    result = run("--data-dir", str(unreadable(tmp_path, monkeypatch, sub)), *args)
    assert result.exit_code == 2, result.stderr
    assert f"{sub}: cannot read this folder (Permission denied)" in result.stderr


def test_validate_reports_an_unreadable_data_folder(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = run("--data-dir", str(unreadable(tmp_path, monkeypatch, "scales")), "validate")
    assert result.exit_code == 1
    assert "scales:1:1: error: cannot read this folder (Permission denied)" in result.stdout
    assert "no problems" not in result.stderr


def overlay(tmp_path: Path, edit: Callable[[str], str]) -> Path:
    """A --data-dir whose ing.yaml is the bundled one, edited."""
    (tmp_path / "conversion_tables").mkdir()
    text = edit(BUNDLED_ING.read_text("utf-8"))
    (tmp_path / "conversion_tables" / "ing.yaml").write_text(text, "utf-8")
    return tmp_path


@pytest.mark.parametrize(
    ("edit", "finding"),
    [
        (lambda t: t.replace("scales: [ects]", "scales: [etcs]"), "ing.yaml:31:14: error: unknown scale 'etcs' (did you mean 'ects'?)"),
        (lambda t: t.replace('{label: B, to: "28"}', '{label: A, to: "28"}'), "[table-band-overlap]"),
    ],
    ids=["typo", "overlap"],
)  # fmt: skip
def test_a_table_validate_rejects_is_not_used(
    run: Run, tmp_path: Path, edit: Callable[[str], str], finding: str
) -> None:
    data = overlay(tmp_path, edit)
    result = run("--data-dir", str(data), "convert", str(ROOT / "examples" / "tum-de5.csv"), "--school", "ing")  # fmt: skip
    assert result.exit_code == 2 and result.stdout == ""
    assert re.fullmatch(r"Error: .*ing\.yaml:\d+:\d+: .* \[table-[a-z-]+\].*\n", result.stderr)
    report = run("--data-dir", str(data), "validate")
    assert report.exit_code == 1 and finding in report.stdout


def test_a_table_with_warnings_only_is_used(run: Run, tmp_path: Path) -> None:
    data = overlay(tmp_path, lambda t: re.sub(r"  notes: >-\n(    .*\n)+", "", t, count=1))
    assert "[provenance]" in run("--data-dir", str(data), "validate").stdout  # a warning
    result = run("--data-dir", str(data), "convert", str(ROOT / "examples" / "tum-de5.csv"), "--school", "ing", "-f", "csv")  # fmt: skip
    assert result.exit_code == 0, result.stderr


def test_a_home_scale_that_counts_down_is_refused_where_it_is_used(
    run: Run, tmp_path: Path
) -> None:
    (tmp_path / "scales").mkdir()
    (tmp_path / "scales" / "home.yaml").write_text(
        "kind: scales\nschema_version: 1\n"
        "provenance: {source: t, date: 2026-01-15, status: illustrative, notes: a test.}\n"
        "scales:\n  - {type: numeric, id: it-30, name: Italy, best: 0, worst: 30, pass: 18, step: 1}\n",
        "utf-8",
    )
    result = run("--data-dir", str(tmp_path), "convert", "--grade", "14", "--scale", "fr-20", "--school", "ing")  # fmt: skip
    assert result.exit_code == 2
    assert "target scale 'it-30' must count upwards to a best grade above 0" in result.stderr


def test_a_bug_is_one_line_asking_for_a_report_and_debug_shows_it(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mobility_cli.reports import convert as convert_report

    def broken(*_args: object, **_kwargs: object) -> None:
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(convert_report, "write_csv_stream", broken)
    args = ["convert", str(ROOT / "examples" / "tum-de5.csv"), "--school", "ing", "-f", "csv"]
    result = run(*args)
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: mobility stopped on something it did not expect")
    assert "please report" in result.stderr and "ZeroDivisionError" not in result.stderr
    with pytest.raises(ZeroDivisionError):
        run("--debug", *args)


def test_no_file_name_starts_a_workflow_command(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("::warning file=README.md::forged.yaml").write_text("kind: [\n", "utf-8")
    result = run("validate", "--format", "github", "::warning file=README.md::forged.yaml")
    assert result.exit_code == 1
    commands = [line for line in result.stdout.splitlines() if line.startswith("::")]
    assert len(commands) == 3  # the annotation, and the group around the text report
    assert commands[0].startswith("::error file=%3A%3Awarning file=README.md%3A%3Aforged.yaml,")
    assert commands[1] == "::group::::warning file=README.md::forged.yaml"  # a title, not a command
    assert commands[2] == "::endgroup::"
    assert " ::warning file=README.md::forged.yaml:2:1: error:" in result.stdout  # defused
