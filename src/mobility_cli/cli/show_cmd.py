"""``mobility scales [ID]`` and ``mobility tables [ID]``: what the data say, for a person."""

from __future__ import annotations

from typing import Annotated

import typer

from mobility_cli.cli.base import app, guarded, report_provenance, settings


@app.command()
@guarded
def scales(
    ctx: typer.Context,
    scale_id: Annotated[
        str | None, typer.Argument(metavar="[ID]", help="Show one scale in full.")
    ] = None,
) -> None:
    """List the grading scales, or show one."""
    from mobility_cli.reports import show

    catalog = settings(ctx).catalog()
    if scale_id is None:
        show.list_scales(catalog.scales())
    else:
        show.show_scale(catalog.scale(scale_id))
    report_provenance(ctx)


@app.command()
@guarded
def tables(
    ctx: typer.Context,
    table_id: Annotated[
        str | None, typer.Argument(metavar="[ID]", help="Show one table in full.")
    ] = None,
    scale: Annotated[
        str | None,
        typer.Option("--scale", help="Draw the conversion curve of this source scale."),
    ] = None,
    programme: Annotated[
        str | None,
        typer.Option("--programme", "-p", help="Use this programme's rules for the curve."),
    ] = None,
) -> None:
    """List the conversion tables (one per school), or show one with its conversion curve."""
    from mobility_cli.reports import show

    catalog = settings(ctx).catalog()
    if table_id is None:
        show.list_tables(catalog)
    else:
        show.show_table(catalog, table_id, scale, programme)
    report_provenance(ctx)
