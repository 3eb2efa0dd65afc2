"""``mobility programmes``: the study programmes the data know, by school and level."""

from __future__ import annotations

from typing import Annotated

import typer

from mobility_cli.cli.base import app, guarded, report_provenance, settings
from mobility_cli.cli.options import ListFormat


@app.command()
@guarded
def programmes(
    ctx: typer.Context,
    *,
    school: Annotated[
        str | None,
        typer.Option("--school", "-s", help="Only this school (id, name or alias: ing, 3I, AUIC)."),
    ] = None,
    level: Annotated[
        str | None,
        typer.Option("--level", "-l", help="Only this level: BSc/Laurea, MSc/LM, ciclo unico."),
    ] = None,
    output_format: Annotated[
        ListFormat,
        typer.Option("--format", "-f", help="auto: a table on a terminal, CSV otherwise."),
    ] = ListFormat.auto,
) -> None:
    """List the study programmes the data know (ids, Italian and English names, level,
    aliases): the names an applicants file may use, and the ids a call may list."""
    import sys

    from mobility_cli.eligibility.fields import parse_level
    from mobility_cli.eligibility.programmes import MatchError, programme_index
    from mobility_cli.errors import MobilityError
    from mobility_cli.formats import resolve
    from mobility_cli.reports import programmes as report

    index = programme_index(settings(ctx).catalog().programme_files())
    school_id = None
    if school is not None:
        found = index.school(school)
        if isinstance(found, MatchError):
            raise MobilityError(f"--school: {found}")
        school_id = found
    wanted_level = None
    if level is not None:
        try:
            wanted_level = parse_level(level)
        except ValueError as exc:
            raise MobilityError(f"--level: {exc}") from None
    chosen = [
        p
        for p in index.programmes.values()
        if school_id in (None, p.school) and wanted_level in (None, p.level)
    ]
    fmt = resolve(output_format.value, interactive="table", piped="csv", output=None)
    report.WRITERS.write(fmt, sys.stdout, chosen)
    report_provenance(ctx)
