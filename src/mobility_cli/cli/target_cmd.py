"""``mobility target``: the lowest grade on a foreign scale that reaches a home grade."""

from __future__ import annotations

from enum import Enum
from typing import Annotated

import typer

from mobility_cli.cli.base import app, guarded, report_provenance, settings


class TargetFormat(str, Enum):
    auto = "auto"
    text = "text"
    json = "json"


@app.command()
@guarded
def target(
    ctx: typer.Context,
    grade: Annotated[
        str | None,
        typer.Argument(
            metavar="GRADE",
            help="The home grade to reach (27, 30L); leave out with --all.",
            show_default=False,
        ),
    ] = None,
    *,
    scale: Annotated[str, typer.Option("--scale", help="The foreign scale, e.g. fr-20.")],
    school: Annotated[
        str, typer.Option("--school", "-s", help="School whose conversion table applies.")
    ],
    programme: Annotated[
        str | None,
        typer.Option(
            "--programme", "-p", help="Study programme (id, name or alias) inside the school."
        ),
    ] = None,
    every: Annotated[
        bool,
        typer.Option("--all", help="Every home grade, each with the lowest foreign grade for it."),
    ] = False,
    output_format: Annotated[
        TargetFormat,
        typer.Option("--format", "-f", help="auto: text on a terminal, JSON otherwise."),
    ] = TargetFormat.auto,
) -> None:
    """Print the lowest grade on a foreign scale that converts to at least GRADE at home."""
    import sys

    from mobility_cli import api
    from mobility_cli.conversion.target_grade import home_target, lowest_grade, target_ladder
    from mobility_cli.errors import EXIT_FINDINGS, MobilityError
    from mobility_cli.formats import resolve
    from mobility_cli.reports import target as report

    if every == (grade is not None):
        raise MobilityError("give a target GRADE or --all, not both or neither")
    catalog = settings(ctx).catalog()
    source = catalog.scale(scale).id
    converter = api.converter_for(catalog, school, programme)
    if grade is not None:
        results = [lowest_grade(converter, home_target(converter, grade), source)]
    else:
        results = target_ladder(converter, source)
    catalog.note_data(converter.used)
    fmt = resolve(output_format.value, interactive="text", piped="json", output=None)
    report.WRITERS.write(fmt, sys.stdout, report.Targets(results, ladder=every))
    report_provenance(ctx)
    if not every and not results[0].reachable:
        raise typer.Exit(EXIT_FINDINGS)
