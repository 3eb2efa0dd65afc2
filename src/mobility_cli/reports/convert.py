"""Output of ``mobility convert``: per-course rows, then the summary (per student for a cohort).

Shapes scripts rely on (documented in docs/output.md):
- json: ``{"results": [...], "summary": {...}}``, plus ``"students": [...]`` for a cohort;
- csv: one row per course with ``CSV_COLUMNS``; summaries go to stderr;
- table / text: for a person;
- ``--summary FILE``: one row per student with ``SUMMARY_COLUMNS``, CSV or JSON.

A summary that leaves graded courses out says so in every format: ``complete`` is false and
``not_converted_credits`` counts their credits; a person reads "partial — …".
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from operator import attrgetter
from typing import IO, TYPE_CHECKING, Any

from mobility_cli.compiled.base import Plain
from mobility_cli.conversion.transcript import CourseResult, Summary
from mobility_cli.formats import Writers
from mobility_cli.io.csv_writer import HELD_LINES as HELD_LINES  # the CLI's block too
from mobility_cli.io.csv_writer import csv_row_writer, write_csv
from mobility_cli.output import cell, console, plain, render_table, visible, write_json
from mobility_cli.text import format_number

if TYPE_CHECKING:  # a stream is imported with the transcript readers, not for single grades
    from mobility_cli.streaming import Course, Outcome, TranscriptStream

CSV_COLUMNS = (
    "row",
    "student_id",
    "course",
    "input_grade",
    "scale",
    "credits",
    "converted",
    "value",
    "lode",
    "method",
    "rule",
    "status",
    "error",
    "replaces",
)


SUMMARY_COLUMNS = (
    "student_id",
    "courses",
    "credits",
    "graded_credits",
    "weighted_average",
    "base_110",
    "complete",
    "not_converted",
    "not_converted_credits",
)


def course_dict(result: CourseResult) -> dict[str, Any]:
    """A result for JSON: the CSV columns, which host distribution a grade came from, notes."""
    return {
        **{name: getattr(result, name) for name in CSV_COLUMNS},
        "distribution": result.distribution,
        "notes": list(result.notes),
    }


def summary_dict(summary: Summary, programme: str | None) -> dict[str, Any]:
    return {
        "student_id": summary.student_id,
        "courses": summary.courses,
        "errors": summary.errors,
        "complete": summary.complete,
        "not_converted_credits": summary.not_converted_credits,
        "credits": summary.credits,
        "graded_credits": summary.graded_credits,
        "weighted_average": summary.weighted_average,
        "base_110": summary.base_110,
        "table": summary.table,
        "programme": programme,
        "exams": summary.exams,
        "warnings": summary.warnings,
    }


def partial_words(summary: Summary) -> str | None:
    """'partial — 5 courses (30 credits) not converted', or None for a complete summary."""
    if summary.complete:
        return None
    courses = f"{summary.errors} course" + ("s" if summary.errors != 1 else "")
    credits = format_number(summary.not_converted_credits)
    return f"partial — {courses} ({credits} credits) not converted"


def summary_line(summary: Summary) -> str:
    """One line for a person: credits, graded credits, average, base on 110 — and, first, that
    the average leaves courses out when it does."""
    who = f"{summary.student_id}: " if summary.student_id else ""
    partial = partial_words(summary)
    average = (
        format_number(summary.weighted_average) if summary.weighted_average is not None else "—"
    )
    base = format_number(summary.base_110) if summary.base_110 is not None else "—"
    of = " of the converted courses" if partial else ""
    return (
        f"{who}{partial + ': ' if partial else ''}credits {format_number(summary.credits)}, "
        f"graded credits {format_number(summary.graded_credits)}, weighted average{of} "
        f"{average}, base on 110 {base}"
    )


def write_json_report(
    out: IO[str],
    results: Sequence[CourseResult],
    summaries: Sequence[Summary],
    *,
    table: str,
    programme: str | None,
) -> None:
    """A transcript: its summary; a cohort: per-student ``students`` and totals; grades: the table."""
    document: dict[str, Any] = {"results": [course_dict(r) for r in results]}
    warnings = [w for s in summaries for w in s.warnings]
    if len(summaries) == 1 and summaries[0].student_id is None:
        document["summary"] = summary_dict(summaries[0], programme)
    else:
        document["summary"] = {
            "courses": len(results),
            "errors": sum(r.status == "error" for r in results),
            "complete": all(s.complete for s in summaries),
            "not_converted_credits": sum((s.not_converted_credits for s in summaries), Decimal(0)),
            "table": table,
            "programme": programme,
            "warnings": warnings,
        }
        if summaries:  # a cohort: one summary per student
            document["summary"]["students"] = len(summaries)
            document["students"] = [summary_dict(s, programme) for s in summaries]
    write_json(out, document)


_PLAIN_DECIMAL = re.compile(r"-?\d+\.\d+")
DECIMAL_COMMA = re.compile(r"\d,\d")
_NUMBERS = frozenset(
    ("credits", "converted", "value", "graded_credits", "weighted_average", "base_110")
) | {"not_converted_credits"}


def decimal_cells(decimal: str, columns: Sequence[int]) -> Callable[[Sequence[Any]], Sequence[Any]]:
    """A row as written with this decimal mark: the numbers of ``columns`` get ',' for ','."""
    if decimal == ".":
        return lambda row: row

    def convert(row: Sequence[Any]) -> Sequence[Any]:
        cells = list(row)
        for i in columns:
            c = cells[i]
            if type(c) is Decimal:
                cells[i] = f"{c:f}".replace(".", decimal)
            elif type(c) is str and _PLAIN_DECIMAL.fullmatch(c):
                cells[i] = c.replace(".", decimal)
        return cells

    return convert


def _numeric(columns: Sequence[str]) -> list[int]:
    return [i for i, name in enumerate(columns) if name in _NUMBERS]


def write_csv_report(
    out: IO[str], results: Sequence[CourseResult], *, delimiter: str = ",", decimal: str = "."
) -> None:
    """One row per course; ``delimiter`` and ``decimal`` follow the input (or the options)."""
    rows = map(attrgetter(*CSV_COLUMNS), results)
    convert = decimal_cells(decimal, _numeric(CSV_COLUMNS))
    write_csv(out, CSV_COLUMNS, map(convert, rows), delimiter=delimiter)


def write_summary_csv(
    out: IO[str], summaries: Iterable[Summary], *, delimiter: str, decimal: str
) -> None:
    """``--summary FILE.csv``: one row per student, written as they come."""
    rows = map(attrgetter(*SUMMARY_COLUMNS), summaries)
    convert = decimal_cells(decimal, _numeric(SUMMARY_COLUMNS))
    write_csv(out, SUMMARY_COLUMNS, map(convert, rows), delimiter=delimiter)


def write_summary_json(out: IO[str], summaries: Iterable[Summary]) -> None:
    """``--summary FILE.json``: one object per student, written as they come."""
    rows = map(attrgetter(*SUMMARY_COLUMNS), summaries)
    _json_array(out, (dict(zip(SUMMARY_COLUMNS, row, strict=True)) for row in rows), 0)
    out.write("\n")


# --- streamed reports: a cohort's courses written as they are converted ---


_ENCODER = json.JSONEncoder(ensure_ascii=False, indent=2)  # write_json's: one, not one a call


def _json(value: Any, level: int) -> str:
    """``value`` as ``write_json`` would write it nested ``level`` deep."""
    return _ENCODER.encode(plain(value)).replace("\n", "\n" + "  " * level)


def _json_array(out: IO[str], items: Iterable[Any], level: int, before: str = "") -> None:
    """A JSON array at ``level`` (after ``before``), byte for byte as ``write_json`` writes it,
    one item at a time; written in blocks of ``HELD_LINES`` items."""
    inner = "\n" + "  " * (level + 1)
    first = True
    block = [before]
    for item in items:
        block.append(("[" if first else ",") + inner + _json(item, level + 1))
        first = False
        if len(block) >= HELD_LINES:
            out.write("".join(block))
            block.clear()
    block.append("[]" if first else "\n" + "  " * level + "]")
    out.write("".join(block))


def write_json_stream(
    out: IO[str], stream: TranscriptStream, *, table: str, programme: str | None
) -> None:
    """``write_json_report`` of a stream: the results written as they are converted, then the
    summary and the students, each built when written (the summaries are read three times)."""
    _json_array(out, map(course_dict, stream), 1, before='{\n  "results": ')
    tail: dict[str, Any]
    if stream.students == 1 and not stream.cohort:
        tail = {"summary": summary_dict(next(stream.summaries()), programme)}
    else:
        tail = {
            "summary": {
                "courses": stream.course_count,
                "errors": stream.errors,
                "complete": stream.complete,
                "not_converted_credits": sum(
                    (s.not_converted_credits for s in stream.summaries()), Decimal(0)
                ),
                "table": table,
                "programme": programme,
                "warnings": [w for s in stream.summaries() for w in s.warnings],
                "students": stream.students,
            }
        }
    for key, value in tail.items():
        out.write(f",\n  {json.dumps(key)}: {_json(value, 1)}")
    if "students" in tail["summary"]:
        students = (summary_dict(s, programme) for s in stream.summaries())
        _json_array(out, students, 1, before=',\n  "students": ')
    out.write("\n}\n")


def write_csv_stream(
    out: IO[str], courses: Iterable[Course], *, delimiter: str = ",", decimal: str = "."
) -> None:
    """``write_csv_report`` of a stream, byte for byte: each distinct outcome's cells are
    written once as CSV text, and a course's line is its own cells around that text; the
    courses of :meth:`TranscriptStream.courses` go from the input's cells to lines in one loop.
    """
    from mobility_cli.streaming import Courses, write_lines

    lines = _CsvLines(delimiter, decimal)
    header = delimiter.join(CSV_COLUMNS) + "\n"
    if isinstance(courses, Courses):
        courses.write(out.write, lines, header)
    else:
        write_lines(out.write, courses, lines, header)


MAX_MIDDLES = 10_000
_CSV_CELLS = attrgetter(*CSV_COLUMNS)
_OUTCOME_CELLS = attrgetter(*CSV_COLUMNS[3:-1])


class _CsvLines:
    """The lines of ``write_csv_stream``: a course's own cells are written as they are when
    csv would neither quote nor guard them, else the csv writer writes the whole row."""

    def __init__(self, delimiter: str, decimal: str) -> None:
        self.delimiter = d = delimiter
        self._convert = decimal_cells(decimal, _numeric(CSV_COLUMNS))
        self._sink = io.StringIO()
        self._write_row = csv_row_writer(self._sink, delimiter)
        cell = rf'(?:[^"\r\n\0{re.escape(d)}=+\-@\t][^"\r\n\0{re.escape(d)}]*)?'
        self.plain = re.compile(cell + re.escape(d) + cell).fullmatch
        self._plain_one = re.compile(cell).fullmatch
        self._middles: dict[Outcome, str | None] = {}  # outcome → its cells as CSV text

    def _text(self, cells: Sequence[Any]) -> str:
        self._write_row(self._convert(cells))
        done = self._sink.getvalue()
        self._sink.seek(0)
        self._sink.truncate()
        return done

    def outcome_text(self, outcome: Outcome) -> str | None:
        """The CSV text of an outcome's cells (input_grade … error); None when its rows must
        be written whole (a cell with a carriage return quotes every cell of its row)."""
        if outcome in self._middles:
            return self._middles[outcome]
        d = self.delimiter
        line = self._text((0, None, None, *_OUTCOME_CELLS(outcome), None))
        middle = None if line.startswith('"') else line[len(f"0{d}{d}{d}") : -len(f"{d}\n")]
        if len(self._middles) < MAX_MIDDLES:
            self._middles[outcome] = middle
        return middle

    def line(self, course: Course) -> str:
        d, middle = self.delimiter, self.outcome_text(course[4])
        head, replaces = f"{course[1] or ''}{d}{course[2]}", course[3] or ""
        if middle is not None and self.plain(head) and (not replaces or self._plain_one(replaces)):
            return f"{course[0]}{d}{head}{d}{middle}{d}{replaces}\n"
        return self._text(_CSV_CELLS(course.result()))


def write_table_report(
    out: IO[str], results: Sequence[CourseResult], summaries: Sequence[Summary], title: str
) -> None:
    cohort = any(r.student_id for r in results)
    header = [
        "row",
        *(["student"] if cohort else []),
        "course",
        "grade",
        "scale",
        "credits",
        "home",
        "status",
        "why",
    ]
    rows = []
    for r in results:
        why = r.rule if r.status != "error" else r.error
        cells = [
            r.row,
            *([r.student_id] if cohort else []),
            r.course,
            r.input_grade,
            r.scale,
            r.credits,
            r.converted,
            r.status,
            why,
        ]
        rows.append([visible(c) if type(c) is str else c for c in cells])  # a person reads it
    render_table(out, title, header, rows, styles={"home": "bold", "status": "cyan"})
    text = console(out)
    for summary in summaries:
        text.print(visible(summary_line(summary)), markup=False)
        for exam in summary.exams:
            text.print(
                f"  {exam.exam}: {exam.courses} course(s), {cell(exam.credits)} credits → {exam.converted}",
                markup=False,
            )


def write_grades_text(out: IO[str], results: Sequence[CourseResult]) -> None:
    """``--grade`` on a terminal: one line per grade with its explanation."""
    for r in results:
        if r.status == "ok":
            line = f"{r.input_grade} ({r.scale}) → {r.converted}    {r.rule}"
        else:
            line = f"{r.input_grade} ({r.scale}) → not converted: {r.error}"
        out.write(visible(line) + "\n")


# --- the writers of each format ---


class Conversion(Plain):
    """What a writer of ``convert`` gets: the courses (a list, or a stream written as it is
    converted; a format for a person gets a list) and the summaries, each call giving them all."""

    courses: Sequence[CourseResult] | TranscriptStream
    summaries: Callable[[], Iterable[Summary]]
    table: str
    programme: str | None
    delimiter: str = ","
    decimal: str = "."


def _write_json(out: IO[str], c: Conversion) -> None:
    if isinstance(c.courses, Sequence):
        summaries = list(c.summaries())
        write_json_report(out, c.courses, summaries, table=c.table, programme=c.programme)
    else:  # a stream
        write_json_stream(out, c.courses, table=c.table, programme=c.programme)


def _write_csv(out: IO[str], c: Conversion) -> None:
    if isinstance(c.courses, Sequence):
        write_csv_report(out, c.courses, delimiter=c.delimiter, decimal=c.decimal)
    else:  # a stream
        write_csv_stream(out, c.courses.courses(), delimiter=c.delimiter, decimal=c.decimal)


def _write_table(out: IO[str], c: Conversion) -> None:
    title = f"Conversion table '{c.table}'"
    write_table_report(out, list(c.courses), list(c.summaries()), title=title)


def _write_grades_text(out: IO[str], c: Conversion) -> None:
    write_grades_text(out, list(c.courses))


TRANSCRIPT: Writers[Conversion] = Writers(
    {"table": _write_table, "text": _write_table, "csv": _write_csv, "json": _write_json}
)
"""``mobility convert INPUT``: a transcript or a cohort (``text`` is the table, for a person)."""
GRADES: Writers[Conversion] = Writers(
    {
        "text": _write_grades_text,
        "table": _write_grades_text,
        "csv": _write_csv,
        "json": _write_json,
    }
)
"""``mobility convert --grade``: one line per grade for a person, in ``text`` or ``table``."""
SUMMARY: Writers[Conversion] = Writers(
    {
        "csv": lambda out, c: write_summary_csv(
            out, c.summaries(), delimiter=c.delimiter, decimal=c.decimal
        ),
        "json": lambda out, c: write_summary_json(out, c.summaries()),
    }
)
"""``--summary FILE``: one row per student, JSON for a ``.json`` FILE, else CSV."""


def summary_format(path: str) -> str:
    """The format of a ``--summary`` file: ``json`` for a ``.json`` name, else ``csv``."""
    return "json" if path.lower().endswith(".json") else "csv"
