"""``mobility check``, ``mobility rank`` and ``mobility calls``: who may apply to a call, in
which order, and which calls are open."""

from __future__ import annotations

import contextlib
import functools
import inspect
import typing
from collections.abc import Callable, Iterator
from enum import Enum
from typing import TYPE_CHECKING, Annotated, Any

import typer

from mobility_cli.cli import completion
from mobility_cli.cli.base import app, guarded, note, report_provenance, settings
from mobility_cli.cli.options import EncodingOption, OutputOption, SheetOption
from mobility_cli.eligibility.fields import FIELDS

if TYPE_CHECKING:
    from mobility_cli.applicant_batch import Batch
    from mobility_cli.eligibility.checker import Checker


class CheckFormat(str, Enum):
    auto = "auto"
    table = "table"
    text = "text"
    csv = "csv"
    json = "json"
    jsonl = "jsonl"


class TemplateLanguage(str, Enum):
    en = "en"
    it = "it"


class ListFormat(str, Enum):
    auto = "auto"
    table = "table"
    csv = "csv"
    json = "json"


CallOption = Annotated[
    str,
    typer.Option(
        "--call",
        "-c",
        help="Id of the call (`mobility calls` lists them).",
        autocompletion=completion.calls,
    ),
]
InputArgument = Annotated[
    str | None,
    typer.Argument(
        metavar="[INPUT]",
        help="Applicants CSV (id, programme, level, year, credits, average, language, "
        "months_abroad …; English or Italian headers; `mobility calls ID --template` gives "
        "the header row); '-' reads standard input.",
        show_default=False,
    ),
]
KeepOption = Annotated[
    str | None,
    typer.Option(
        "--keep",
        help="Input columns to carry into csv/json output: 'none' (the id only) or COL,COL…; "
        "default every column, in input order.",
    ),
]
UniqueIdsOption = Annotated[
    bool,
    typer.Option(
        "--unique-ids", help="An id found on several rows is an error on each (default a warning)."
    ),
]
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


ColumnOption = Annotated[
    list[str] | None,
    typer.Option(
        "--column",
        help="Map a header to a field: FIELD=HEADER, e.g. average='Media 2025' (repeatable).",
    ),
]


@contextlib.contextmanager
def _open_batch(
    checker: Checker,
    input_path: str,
    *,
    ranking: bool,
    columns: list[str] | None,
    encoding: str | None,
    sheet: str | None,
    unique_ids: bool,
) -> Iterator[Batch]:
    """The library's batch over the applicants, its notes said."""
    from mobility_cli.applicant_batch import check_batch
    from mobility_cli.io.applicants import parse_column_overrides

    with check_batch(
        checker,
        input_path,
        ranking=ranking,
        columns=parse_column_overrides(columns or []),
        encoding=encoding,
        sheet=sheet,
        unique_ids=unique_ids,
    ) as batch:
        for message in batch.notes:
            note(f"note: {message}")
        yield batch


def _notes_after(ctx: typer.Context, checker: Checker, summary: list[str]) -> None:
    for line in summary:
        note(line)
    call = checker.call
    if call.gaps:
        note(
            f"note: call '{call.id}' has {len(call.gaps)} rule(s) the data do not know; "
            f"`mobility calls {call.id}` lists them"
        )
    report_provenance(ctx)


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
        _notes_after(ctx, checker, [])
        if verdict.status != "eligible":
            raise typer.Exit(EXIT_FINDINGS)
        return

    assert input_path is not None
    write = report.APPLICANTS[fmt]  # before the input is read: a refused format fails first
    with _open_batch(
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
    _notes_after(ctx, checker, tally.lines())
    if tally.errors:
        raise typer.Exit(EXIT_FINDINGS)


@app.command()
@guarded
def rank(
    ctx: typer.Context,
    input_path: InputArgument = None,
    *,
    call: CallOption,
    output_format: Annotated[
        CheckFormat,
        typer.Option("--format", "-f", help="auto: a table on a terminal, CSV otherwise."),
    ] = CheckFormat.auto,
    output: OutputOption = None,
    encoding: EncodingOption = None,
    sheet: SheetOption = None,
    column: ColumnOption = None,
    keep: KeepOption = None,
    unique_ids: UniqueIdsOption = False,
) -> None:
    """Rank the eligible applicants by the call's ranking rule, best first, then the eligible
    ones without a score (rank 'unranked', score_note saying why).

    Applicants who are not eligible are left out (the summary counts them); exit 1 when some
    rows are errors.
    """
    from mobility_cli import formats
    from mobility_cli.eligibility import checker_for
    from mobility_cli.eligibility.checker import ELIGIBLE, Verdict
    from mobility_cli.eligibility.ranking import rank as by_score
    from mobility_cli.errors import EXIT_FINDINGS, InputError, MobilityError
    from mobility_cli.io.files import output_stream
    from mobility_cli.reports import check as report

    if input_path is None:
        raise MobilityError("give an applicants file INPUT ('-' for standard input)")
    checker = checker_for(settings(ctx).catalog(), call)
    if checker.ranking is None:
        raise MobilityError(f"call '{call}' has no ranking rule")
    fmt = formats.resolve(output_format.value, interactive="table", piped="csv", output=output)
    write = report.RANKING[fmt]  # before the input is read: a refused format fails first
    with (
        _open_batch(
            checker,
            input_path,
            ranking=True,
            columns=column,
            encoding=encoding,
            sheet=sheet,
            unique_ids=unique_ids,
        ) as batch,
        report.progress(batch.stream, batch.table.name) as watch,
    ):
        layout = batch.layout(keep)
        eligible = [v for v in watch(batch) if v.status == ELIGIBLE]
    tally, table = batch.tally, batch.table
    places: list[tuple[int | None, Verdict]] = [*by_score(eligible)]
    places += [(None, v) for v in eligible if v.score is None]
    if tally.total == 0:
        raise InputError(f"{table.name}: no applicants (only a header)")
    title = f"Ranking for call '{call}' ({checker.ranking.name})"
    with output_stream(output, [input_path], bom=formats.bom(fmt)) as out:
        write(out, report.Ranking(places, layout, call, title, tally, table.delimiter))
    ranked = sum(1 for place, _ in places if place is not None)
    left_out = tally.total - len(places)
    counts = f"{ranked} ranked, {len(places) - ranked} eligible unranked, {left_out} left out"
    _notes_after(ctx, checker, [*tally.lines(), counts])
    if tally.errors:
        raise typer.Exit(EXIT_FINDINGS)


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
