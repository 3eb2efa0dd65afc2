"""``mobility convert``: a transcript (CSV or ELMO XML) or single grades → home grades, with reasons."""

from __future__ import annotations

import contextlib
from enum import Enum
from typing import Annotated

import typer

from mobility_cli.cli.app import app, guarded, note, report_provenance, settings


class ConvertFormat(str, Enum):
    auto = "auto"
    table = "table"
    text = "text"
    csv = "csv"
    json = "json"


@app.command()
@guarded
def convert(
    ctx: typer.Context,
    input_path: Annotated[
        str | None,
        typer.Argument(
            metavar="[INPUT]",
            help=(
                "Transcript CSV (course, credits, grade[, scale, status, replaces, student_id]) "
                "or ELMO/EMREX XML; '-' reads standard input."
            ),
            show_default=False,
        ),
    ] = None,
    *,
    school: Annotated[
        str,
        typer.Option(
            "--school", "-s", help="School whose conversion table applies: auic, ing, design …"
        ),
    ],
    grade: Annotated[
        list[str] | None,
        typer.Option(
            "--grade", "-g", help="A single grade to convert (repeatable); needs --scale."
        ),
    ] = None,
    programme: Annotated[
        str | None,
        typer.Option(
            "--programme", "-p", help="Study programme (id, name or alias) inside the school."
        ),
    ] = None,
    scale: Annotated[
        str | None,
        typer.Option(
            "--scale", help="Scale of the grades; the default for rows without a 'scale' column."
        ),
    ] = None,
    output_format: Annotated[
        ConvertFormat,
        typer.Option(
            "--format", "-f", help="auto: a table on a terminal; CSV (JSON for --grade) otherwise."
        ),
    ] = ConvertFormat.auto,
    output: Annotated[
        str | None,
        typer.Option("--output", "-o", help="Write to this file (atomically) instead of stdout."),
    ] = None,
    encoding: Annotated[
        str | None,
        typer.Option("--encoding", help="Input encoding (default: detected), e.g. cp1252."),
    ] = None,
) -> None:
    """Convert a transcript or single grades into home grades, and explain each one."""
    from mobility_cli import api
    from mobility_cli.errors import EXIT_FINDINGS, MobilityError
    from mobility_cli.io.csvio import open_input, output_stream
    from mobility_cli.io.transcripts import read_transcript_file
    from mobility_cli.output import resolve_format
    from mobility_cli.reports import convert as report

    if bool(grade) == (input_path is not None):
        raise MobilityError("give a transcript INPUT or one or more --grade, not both or neither")
    catalog = settings(ctx).catalog()
    summaries = []
    with contextlib.ExitStack() as stack:
        if grade:
            if scale is None:
                raise MobilityError("--grade needs --scale (`mobility scales` lists the ids)")
            results = api.convert_grades(
                grade, scale=scale, school=school, programme=programme, catalog=catalog
            )
            inputs: list[str] = []
        else:
            assert input_path is not None
            stream, name = open_input(input_path)
            if input_path != "-":
                stack.callback(stream.close)
            notes, courses = read_transcript_file(
                stream, name, encoding, scales=catalog.scales, scale=scale
            )
            for line in notes:
                note(f"note: {line}")
            transcript = api.convert_transcript(
                courses,
                school=school,
                programme=programme,
                scale=scale,
                catalog=catalog,
                source=name,
            )
            results, summaries = transcript.results, transcript.summaries
            inputs = [input_path]

    fmt = resolve_format(
        output_format.value,
        interactive="text" if grade else "table",
        piped="json" if grade else "csv",
        output=output,
    )
    with output_stream(output, inputs, bom=fmt == "csv") as out:
        if fmt == "json":
            report.write_json_report(out, results, summaries, table=school, programme=programme)
        elif fmt == "csv":
            report.write_csv_report(out, results)
        elif grade:
            report.write_grades_text(out, results)
        else:
            report.write_table_report(out, results, summaries, title=f"Conversion table '{school}'")

    lines = []  # one write for a cohort's thousands of lines
    for summary in summaries:
        if fmt == "csv":
            lines.append(report.summary_line(summary))
        lines += [f"warning: {warning}" for warning in summary.warnings]
    if lines:
        note(*lines)
    report_provenance(ctx)
    if any(r.status == "error" for r in results):
        raise typer.Exit(EXIT_FINDINGS)
