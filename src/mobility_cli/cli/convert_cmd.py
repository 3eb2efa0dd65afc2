"""``mobility convert``: a transcript (CSV or ELMO XML) or single grades → home grades, with reasons."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable
from enum import Enum
from typing import TYPE_CHECKING, Annotated

import typer

from mobility_cli.cli import completion
from mobility_cli.cli.base import app, guarded, note, settings
from mobility_cli.cli.options import EncodingOption, OutputOption, SheetOption

if TYPE_CHECKING:
    from mobility_cli.conversion.transcript import CourseResult, Summary


class ConvertFormat(str, Enum):
    auto = "auto"
    table = "table"
    text = "text"
    csv = "csv"
    json = "json"


class DecimalMark(str, Enum):
    auto = "auto"
    point = "."
    comma = ","


@app.command()
@guarded
def convert(
    ctx: typer.Context,
    input_path: Annotated[
        str | None,
        typer.Argument(
            metavar="[INPUT]",
            help=(
                "Transcript CSV (course, credits, grade[, scale, status, replaces, student_id]; "
                "headers in en, it, es, fr, de, nl, pt) or ELMO/EMREX XML; '-' reads stdin."
            ),
            show_default=False,
        ),
    ] = None,
    *,
    school: Annotated[
        str,
        typer.Option(
            "--school",
            "-s",
            help="School whose conversion table applies: auic, ing, design …",
            autocompletion=completion.schools,
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
            "--programme",
            "-p",
            help="Study programme (id, Italian or English name, alias) of the school.",
            autocompletion=completion.programmes,
        ),
    ] = None,
    scale: Annotated[
        str | None,
        typer.Option(
            "--scale",
            help="Scale of the grades; the default for rows without a 'scale' column.",
            autocompletion=completion.scales,
        ),
    ] = None,
    columns: Annotated[
        list[str] | None,
        typer.Option(
            "--column",
            help="FIELD=HEADER: read FIELD (course, credits, grade …) from this column (repeatable).",
        ),
    ] = None,
    output_format: Annotated[
        ConvertFormat,
        typer.Option(
            "--format", "-f", help="auto: a table on a terminal; CSV (JSON for --grade) otherwise."
        ),
    ] = ConvertFormat.auto,
    output: OutputOption = None,
    summary_file: Annotated[
        str | None,
        typer.Option(
            "--summary",
            help="Also write one row per student to this file: JSON for .json, else CSV.",
        ),
    ] = None,
    delimiter: Annotated[
        str | None,
        typer.Option("--delimiter", help="CSV output delimiter (default: the input's)."),
    ] = None,
    decimal: Annotated[
        DecimalMark,
        typer.Option(
            "--decimal", help="CSV decimal mark; auto: the input's (',' for ';'-separated input)."
        ),
    ] = DecimalMark.auto,
    encoding: EncodingOption = None,
    sheet: SheetOption = None,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="No notes on stderr (errors still shown).")
    ] = False,
) -> None:
    """Convert a transcript or single grades into home grades, and explain each one."""
    from mobility_cli import api, formats
    from mobility_cli.errors import EXIT_FINDINGS, MobilityError
    from mobility_cli.io.files import output_stream
    from mobility_cli.reports import convert as report

    if bool(grade) == (input_path is not None):
        raise MobilityError("give a transcript INPUT or one or more --grade, not both or neither")
    if delimiter is not None and len(delimiter.replace("\\t", "\t")) != 1:
        raise MobilityError(f"--delimiter '{delimiter}': one character, e.g. ';' or '\\t'")
    if summary_file is not None and summary_file in (output, input_path):
        raise MobilityError(f"--summary {summary_file}: give a file other than the input and -o")
    overrides: dict[str, str] = {}
    if columns:  # checked with --grade too, where they have nothing to map
        from mobility_cli.io.tables import parse_column_overrides
        from mobility_cli.io.transcripts import TRANSCRIPT_FIELDS

        overrides = parse_column_overrides(columns, list(TRANSCRIPT_FIELDS), "transcript field")
    catalog = settings(ctx).catalog()
    with contextlib.ExitStack() as stack:  # the input stays open while it is converted
        results: list[CourseResult] | None = None  # None: the courses are streamed
        summaries: Callable[[], Iterable[Summary]] = list
        stream = None
        notes: list[str] = []
        input_delimiter = ","
        if grade:
            if scale is None:
                raise MobilityError("--grade needs --scale (`mobility scales` lists the ids)")
            results = api.convert_grades(
                grade, scale=scale, school=school, programme=programme, catalog=catalog
            )
            inputs: list[str] = []
        else:  # the readers: only for a transcript
            from mobility_cli.io.files import open_input
            from mobility_cli.io.transcripts import read_transcript_file

            assert input_path is not None
            source, name = open_input(input_path)
            if input_path != "-":
                stack.callback(source.close)
            notes, courses, input_delimiter = read_transcript_file(
                source,
                name,
                encoding,
                scales=catalog.scales,
                scale=scale,
                overrides=overrides,
                sheet=sheet,
            )
            stream = api.stream_transcript(
                courses,
                school=school,
                programme=programme,
                scale=scale,
                catalog=catalog,
                source=name,
            )
            notes += stream.notes
            summaries = stream.summaries
            inputs = [input_path]

        school = catalog.table(school).id  # as the data spell it ('ING' is ing)
        fmt = formats.resolve(
            output_format.value,
            interactive="text" if grade else "table",
            piped="json" if grade else "csv",
            output=output,
        )
        write = (report.GRADES if grade else report.TRANSCRIPT)[fmt]
        separator = (delimiter or input_delimiter).replace("\\t", "\t")
        # the input's decimal mark: ';' files come with decimal commas, ',' files without; any
        # other separator: decimal commas if a grade has one, so every grade is read first
        scan = decimal is DecimalMark.auto and separator not in (",", ";")
        if stream is not None and (formats.for_person(fmt) or scan):  # for a person: buffered
            results = list(stream)
            summaries = list(stream.summaries()).copy  # the same summaries at every call
        mark = decimal.value
        if decimal is DecimalMark.auto:
            comma = separator == ";" or (
                scan and any(report.DECIMAL_COMMA.search(r.input_grade) for r in results or ())
            )
            mark = "," if comma else "."
        converted = results if results is not None else stream
        assert converted is not None
        conversion = report.Conversion(converted, summaries, school, programme, separator, mark)
        with output_stream(output, inputs, bom=formats.bom(fmt)) as out:
            write(out, conversion)
    if summary_file is not None:
        summary_fmt = report.summary_format(summary_file)
        with output_stream(summary_file, inputs, bom=formats.bom(summary_fmt)) as out:
            report.SUMMARY.write(summary_fmt, out, conversion)

    lines: list[str] = []
    if not quiet:
        if results is not None:
            notes += [n for r in results for n in r.notes]
        elif stream is not None:
            notes += stream.course_notes
        notes += catalog.non_official()
        lines = [f"note: {line}" for line in dict.fromkeys(notes)]
    for summary in summaries():  # a cohort's lines written a block at a time
        partial = report.partial_words(summary)
        if formats.flat(fmt):  # no place for the summary in the output: it goes here
            lines.append(report.summary_line(summary))
        elif partial:  # the average leaves courses out: say so where a person looks
            lines.append(f"{summary.student_id + ': ' if summary.student_id else ''}{partial}")
        lines += [f"warning: {warning}" for warning in summary.warnings]
        if len(lines) >= report.HELD_LINES:
            note(*lines)
            lines.clear()
    if lines:
        note(*lines)
    errors = stream.errors if results is None and stream else None
    if errors or (results is not None and any(r.status == "error" for r in results)):
        raise typer.Exit(EXIT_FINDINGS)
