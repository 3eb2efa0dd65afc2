"""``mobility grading-table build``: an ECTS grading table from an office's own passed grades."""

from __future__ import annotations

import datetime
from enum import Enum
from typing import TYPE_CHECKING, Annotated, Any

import typer

from mobility_cli.cli.base import CommandGroup, app, guarded, note, settings
from mobility_cli.cli.options import EncodingOption, OutputOption, SheetOption

if TYPE_CHECKING:
    from mobility_cli.grading_tables import GradingTableReport

grading_table_app = typer.Typer(
    cls=CommandGroup,
    help="ECTS grading tables (grade distributions) from an office's own grades.",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(grading_table_app, name="grading-table")


class BuildFormat(str, Enum):
    auto = "auto"
    table = "table"
    csv = "csv"
    json = "json"
    yaml = "yaml"


class Status(str, Enum):
    official = "official"
    derived = "derived"
    illustrative = "illustrative"


@grading_table_app.command()
@guarded
def build(
    ctx: typer.Context,
    input_path: Annotated[
        str,
        typer.Argument(
            metavar="INPUT",
            help="CSV of passed grades: 'grade' per row, or 'grade' and 'count'; '-' reads stdin.",
        ),
    ],
    *,
    scale: Annotated[str, typer.Option("--scale", help="The scale of the grades, e.g. fr-20.")],
    by: Annotated[
        list[str] | None,
        typer.Option(
            "--by",
            help=(
                "Group by this column (repeatable). Default: isced, cycle and programme, "
                "those the file has."
            ),
        ),
    ] = None,
    min_count: Annotated[
        int,
        typer.Option("--min-count", min=1, help="Flag groups with fewer passed grades."),
    ] = 30,
    output_format: Annotated[
        BuildFormat,
        typer.Option(
            "--format",
            "-f",
            help="auto: a table on a terminal, CSV otherwise; yaml: a grading_table data file.",
        ),
    ] = BuildFormat.auto,
    ident: Annotated[
        str | None,
        typer.Option("--id", help="yaml: the table's id (default: from the output's file name)."),
    ] = None,
    name: Annotated[str | None, typer.Option("--name", help="yaml: the table's name.")] = None,
    institution: Annotated[
        list[str] | None,
        typer.Option("--institution", help="yaml: a code or name of the host (repeatable)."),
    ] = None,
    source: Annotated[
        str | None, typer.Option("--source", help="yaml provenance: default the input's name.")
    ] = None,
    date: Annotated[
        datetime.datetime | None,
        typer.Option("--date", formats=["%Y-%m-%d"], help="yaml provenance: default today."),
    ] = None,
    status: Annotated[
        Status, typer.Option("--status", help="yaml provenance: how far the counts are trusted.")
    ] = Status.derived,
    notes: Annotated[str | None, typer.Option("--notes", help="yaml provenance notes.")] = None,
    output: OutputOption = None,
    encoding: EncodingOption = None,
    sheet: SheetOption = None,
) -> None:
    """Count passed grades per reference group: count, percent and cumulative percent per grade."""
    import contextlib
    from pathlib import PurePath

    from mobility_cli import formats
    from mobility_cli import grading_tables as gt
    from mobility_cli.errors import EXIT_FINDINGS, InputError
    from mobility_cli.io.files import STDIN, open_input, output_stream
    from mobility_cli.io.table_input import read_table
    from mobility_cli.reports import grading_table as report

    catalog = settings(ctx).catalog()
    grading_scale = catalog.scale(scale)
    by = by or []
    with contextlib.ExitStack() as stack:
        stream, shown = open_input(input_path)
        if input_path != STDIN:
            stack.callback(stream.close)
        groups_requested = gt.grouping_fields(by, [])
        table = read_table(
            stream,
            shown,
            gt.input_fields(by),
            required=[gt.GRADE, *groups_requested],
            encoding=encoding,
            sheet=sheet,
        )
        if table.note:
            note(f"note: {table.note}")
        groups_by = gt.grouping_fields(by, table.columns)
        built = gt.build(
            table.records,
            grading_scale,
            groups_by,
            has_count=gt.COUNT in table.columns,
            min_count=min_count,
        )
    if built.rows == 0:
        raise InputError(f"{shown}: no grades (only a header, or empty)")
    fmt = formats.resolve(output_format.value, interactive="table", piped="csv", output=output)

    def data_file() -> dict[str, Any]:
        file_name = PurePath(shown).name
        info = gt.TableInfo(
            id=gt.table_id(ident, output, input_path),
            name=name or f"Grading table from {file_name}",
            source=source or file_name,
            date=date.date() if date else datetime.date.today(),
            status=status.value,
            notes=notes
            or (
                f"Counts of passed grades built by `mobility grading-table build` from "
                f"{file_name}: "
                f"{built.counted_rows} rows counted, {len(built.errors)} left out."
            ),
            institutions=tuple(institution or ()),
        )
        return gt.data_file(built, info)

    with output_stream(output, [input_path], bom=formats.bom(fmt)) as out:
        report.WRITERS.write(fmt, out, report.Built(built, groups_by, data_file))
    _report_problems(built, shown)
    if built.errors or built.empty_groups:
        raise typer.Exit(EXIT_FINDINGS)


def _report_problems(built: GradingTableReport, shown: str) -> None:
    """Rows left out and empty groups (errors), small groups (warnings), and a summary."""
    from mobility_cli.grading_tables import describe_group

    lines = [f"Error: {shown}:{e.line}: {e.message} (row not counted)" for e in built.errors]
    lines += [
        f"Error: group {describe_group(g)}: every count is 0, so it has no percentages"
        for g in built.empty_groups
    ]
    lines += [
        f"warning: group {describe_group(g.group)} has {g.total} passed grades, fewer than "
        f"{built.min_count}: flagged, kept"
        for g in built.groups
        if g.below_min_count
    ]
    lines.append(
        f"{built.counted_rows} of {built.rows} rows counted in {len(built.groups)} group(s); "
        f"{len(built.errors)} row(s) left out"
    )
    note(*lines)
