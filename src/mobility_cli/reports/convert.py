"""Output of ``mobility convert``: per-course rows, then the summary (per student for a cohort).

Shapes scripts rely on (documented in docs/output.md):
- json: ``{"results": [...], "summary": {...}}``, plus ``"students": [...]`` for a cohort;
- csv: one row per course with ``CSV_COLUMNS``; summaries go to stderr;
- table / text: for a person.
"""

from __future__ import annotations

from collections.abc import Sequence
from operator import attrgetter
from typing import IO, Any

from mobility_cli.conversion.grades import format_number
from mobility_cli.conversion.transcript import CourseResult, Summary
from mobility_cli.io.csvio import write_csv
from mobility_cli.output import cell, console, render_table, visible, write_json

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


def result_dict(result: CourseResult) -> dict[str, Any]:
    """A result for JSON: the CSV columns, and which host distribution a grade came from."""
    return {
        **{name: getattr(result, name) for name in CSV_COLUMNS},
        "distribution": result.distribution,
    }


def summary_dict(summary: Summary, programme: str | None) -> dict[str, Any]:
    return {
        "student_id": summary.student_id,
        "courses": summary.courses,
        "errors": summary.errors,
        "credits": summary.credits,
        "graded_credits": summary.graded_credits,
        "weighted_average": summary.weighted_average,
        "base_110": summary.base_110,
        "table": summary.table,
        "programme": programme,
        "exams": summary.exams,
        "warnings": summary.warnings,
    }


def summary_line(summary: Summary) -> str:
    """One line for a person: credits, graded credits, average, base on 110."""
    who = f"{summary.student_id}: " if summary.student_id else ""
    average = (
        format_number(summary.weighted_average) if summary.weighted_average is not None else "—"
    )
    base = format_number(summary.base_110) if summary.base_110 is not None else "—"
    errors = f", {summary.errors} course(s) not converted" if summary.errors else ""
    return (
        f"{who}credits {format_number(summary.credits)}, graded credits "
        f"{format_number(summary.graded_credits)}, weighted average {average}, "
        f"base on 110 {base}{errors}"
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
    document: dict[str, Any] = {"results": [result_dict(r) for r in results]}
    warnings = [w for s in summaries for w in s.warnings]
    if len(summaries) == 1 and summaries[0].student_id is None:
        document["summary"] = summary_dict(summaries[0], programme)
    else:
        document["summary"] = {
            "courses": len(results),
            "errors": sum(r.status == "error" for r in results),
            "table": table,
            "programme": programme,
            "warnings": warnings,
        }
        if summaries:  # a cohort: one summary per student
            document["summary"]["students"] = len(summaries)
            document["students"] = [summary_dict(s, programme) for s in summaries]
    write_json(out, document)


def write_csv_report(out: IO[str], results: Sequence[CourseResult]) -> None:
    write_csv(out, CSV_COLUMNS, map(attrgetter(*CSV_COLUMNS), results))


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
        rows.append(
            [
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
        )
    render_table(out, title, header, rows, styles={"home": "bold", "status": "cyan"})
    text = console(out)
    for summary in summaries:
        text.print(summary_line(summary), markup=False)
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
