"""``mobility calls``: the calls with their application windows, one call in words, or the
header row of its applicants file."""

from __future__ import annotations

from enum import Enum
from typing import Annotated

import typer

from mobility_cli.cli.base import app, guarded, note, report_provenance, settings
from mobility_cli.cli.options import ListFormat


class TemplateLanguage(str, Enum):
    en = "en"
    it = "it"


@app.command()
@guarded
def calls(
    ctx: typer.Context,
    call_id: Annotated[
        str | None, typer.Argument(metavar="[ID]", help="Show one call and its rules in words.")
    ] = None,
    *,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            help="Judge the windows at this date (2026-01-09: midnight in each call's time "
            "zone) or date-time (2026-01-09T11:30, …T10:30Z, …T11:30+01:00); default now.",
        ),
    ] = None,
    output_format: Annotated[
        ListFormat,
        typer.Option("--format", "-f", help="auto: a table on a terminal, CSV otherwise."),
    ] = ListFormat.auto,
    template: Annotated[
        bool,
        typer.Option(
            "--template",
            help="With ID: print the header row of an applicants file for the call (required "
            "and optional columns), ready to open in Excel.",
        ),
    ] = False,
    lang: Annotated[
        TemplateLanguage | None,
        typer.Option("--lang", help="Headers of --template: en (',', the default) or it (';')."),
    ] = None,
) -> None:
    """List the calls with their application window and status (upcoming, open, closed);
    with ID, show one call in words, or with --template the header row of its applicants."""
    import sys

    from mobility_cli.eligibility import checker_for
    from mobility_cli.eligibility.window import AsOf
    from mobility_cli.errors import MobilityError
    from mobility_cli.formats import resolve
    from mobility_cli.reports import calls as report

    try:
        moment = AsOf.parse(as_of) if as_of is not None else AsOf.now()
    except ValueError as exc:
        raise MobilityError(f"--as-of: {exc}") from None
    catalog = settings(ctx).catalog()
    if lang is not None and not template:
        raise MobilityError("--lang is for --template: mobility calls ID --template --lang it")
    if template:
        if call_id is None:
            raise MobilityError("--template needs a call ID: mobility calls ID --template")
        language = (lang or TemplateLanguage.en).value
        for line in report.write_template(sys.stdout, checker_for(catalog, call_id), language):
            note(f"note: {line}")
    elif call_id is not None:
        report.show_call(sys.stdout, checker_for(catalog, call_id), moment)
    else:
        fmt = resolve(output_format.value, interactive="table", piped="csv", output=None)
        report.WRITERS.write(fmt, sys.stdout, report.CallStates.of(catalog.calls(), moment))
    report_provenance(ctx)
