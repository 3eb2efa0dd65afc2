"""``mobility check``: who may apply to a call — an applicants file, or one applicant given
by options."""

from __future__ import annotations

import functools
import inspect
import typing
from collections.abc import Callable
from typing import Annotated, Any

import typer

from mobility_cli.cli.base import app, guarded, settings
from mobility_cli.cli.batch_options import (
    CallOption,
    CheckFormat,
    ColumnOption,
    InputArgument,
    KeepOption,
    UniqueIdsOption,
    notes_after,
    open_batch,
)
from mobility_cli.cli.options import EncodingOption, OutputOption, SheetOption
from mobility_cli.eligibility.fields import FIELDS

APPLICANT = "applicant"
"""The parameter that receives the one-applicant options, ``field → text`` of those given."""


def _option_name(field: str) -> str:
    return f"value_{field}"


def _annotated(hint: Any) -> Any:
    """A parameter's ``Annotated`` hint as written: Python 3.10's ``get_type_hints`` wraps it in
    ``Optional`` when the default is ``None``, which hides typer's metadata (an argument would
    become an option)."""
    args = typing.get_args(hint)
    if typing.get_origin(hint) is typing.Union and len(args) == 2 and type(None) in args:
        inner = args[0] if args[1] is type(None) else args[1]
        if typing.get_origin(inner) is Annotated:
            return inner
    return hint


def with_applicant_options(command: Callable[..., None]) -> Callable[..., None]:
    """Give ``command`` one option per applicant field (``--programme``, ``--months-abroad`` …,
    from :data:`~mobility_cli.eligibility.fields.FIELDS`), passed to it gathered in its
    ``applicant`` parameter as ``field → text``."""
    hints = typing.get_type_hints(command, include_extras=True)
    own = [p for p in inspect.signature(command).parameters.values() if p.name != APPLICANT]
    added = [
        inspect.Parameter(
            _option_name(field.name),
            inspect.Parameter.KEYWORD_ONLY,
            default=None,
            annotation=Annotated[
                str | None, typer.Option(field.option, help=f"One applicant: {field.help}")
            ],
        )
        for field in FIELDS
    ]
    names = {_option_name(field.name): field.name for field in FIELDS}

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> None:
        given = {names[k]: kwargs.pop(k) for k in list(kwargs) if k in names}
        command(*args, **kwargs, applicant={f: t for f, t in given.items() if t is not None})

    parameters = [p.replace(annotation=_annotated(hints[p.name])) for p in own] + added
    wrapper.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]
    wrapper.__annotations__ = {p.name: p.annotation for p in parameters}
    return wrapper


@app.command()
@guarded
@with_applicant_options
def check(
    ctx: typer.Context,
    input_path: InputArgument = None,
    *,
    call: CallOption,
    output_format: Annotated[
        CheckFormat,
        typer.Option(
            "--format",
            "-f",
            help="auto: text for one applicant; for a file, a table on a terminal, CSV otherwise.",
        ),
    ] = CheckFormat.auto,
    output: OutputOption = None,
    encoding: EncodingOption = None,
    sheet: SheetOption = None,
    column: ColumnOption = None,
    keep: KeepOption = None,
    unique_ids: UniqueIdsOption = False,
    applicant: dict[str, str],
) -> None:
    """Check applicants against a call: one row per applicant with status and reasons.

    The verdict depends only on the call's requirements; an eligible applicant without the
    ranking inputs (or in the first year) has no score and a score_note saying why.
    Batch: exit 0 when every row was checked (eligible or not), 1 when some rows are errors.
    One applicant (options instead of INPUT): exit 0 eligible, 1 not eligible.
    """
    from mobility_cli import formats
    from mobility_cli.eligibility import checker_for
    from mobility_cli.errors import EXIT_FINDINGS, InputError, MobilityError
    from mobility_cli.io.files import output_stream
    from mobility_cli.reports import check as report

    values = applicant
    if bool(values) == (input_path is not None):
        raise MobilityError(
            "give an applicants file INPUT ('-' for standard input) or one applicant's options "
            "(--programme, --level …), not both or neither"
        )
    checker = checker_for(settings(ctx).catalog(), call)
    single = input_path is None
    fmt = formats.resolve(
        output_format.value,
        interactive="text" if single else "table",
        piped="text" if single else "csv",
        output=output,
    )
    title = f"Call '{call}'"
    if single:
        verdict = checker.check_one(values)
        if verdict.status == "error":
            raise MobilityError("cannot check the applicant: " + "; ".join(verdict.reasons))
        tally = report.Tally()
        layout = report.Layout(scored=checker.scoring)
        one = report.Checked(tally.observe([verdict]), layout, call, title, tally)
        with output_stream(output, bom=formats.bom(fmt)) as out:
            report.ONE_APPLICANT.write(fmt, out, one)
        notes_after(ctx, checker, [])
        if verdict.status != "eligible":
            raise typer.Exit(EXIT_FINDINGS)
        return

    assert input_path is not None
    write = report.APPLICANTS[fmt]  # before the input is read: a refused format fails first
    with open_batch(
        checker,
        input_path,
        ranking=False,
        columns=column,
        encoding=encoding,
        sheet=sheet,
        unique_ids=unique_ids,
    ) as batch:
        tally = batch.tally
        with (
            output_stream(output, [input_path], bom=formats.bom(fmt)) as out,
            report.progress(batch.stream, batch.table.name) as watch,
        ):
            layout = batch.layout(keep)
            fused = functools.partial(batch.write_csv, layout=layout, watch=watch)
            write(out, report.Checked(watch(batch), layout, call, title, tally, fused))
            if tally.total == 0:
                raise InputError(f"{batch.table.name}: no applicants (only a header)")
    notes_after(ctx, checker, tally.lines())
    if tally.errors:
        raise typer.Exit(EXIT_FINDINGS)
