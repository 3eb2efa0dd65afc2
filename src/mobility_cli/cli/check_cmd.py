"""``mobility check``, ``mobility rank`` and ``mobility calls``: who may apply to a call, in
which order, and which calls are open."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from enum import Enum
from typing import TYPE_CHECKING, Annotated, Any, BinaryIO

import typer

from mobility_cli.cli import completion
from mobility_cli.cli.app import app, guarded, note, report_provenance, settings

if TYPE_CHECKING:
    from mobility_cli.eligibility.checker import Checker
    from mobility_cli.io.csvio import CsvTable


class CheckFormat(str, Enum):
    auto = "auto"
    table = "table"
    text = "text"
    csv = "csv"
    json = "json"
    jsonl = "jsonl"


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
        "months_abroad …; English or Italian headers); '-' reads standard input.",
        show_default=False,
    ),
]
OutputOption = Annotated[
    str | None,
    typer.Option("--output", "-o", help="Write to this file (atomically) instead of stdout."),
]
EncodingOption = Annotated[
    str | None,
    typer.Option("--encoding", help="Input encoding (default: detected), e.g. cp1252."),
]
ColumnOption = Annotated[
    list[str] | None,
    typer.Option(
        "--column",
        help="Map a header to a field: FIELD=HEADER, e.g. average='Media 2025' (repeatable).",
    ),
]


def _value(help_text: str, *names: str) -> Any:
    return typer.Option(*names, help=f"One applicant: {help_text}")


@contextlib.contextmanager
def _open_applicants(
    checker: Checker,
    input_path: str,
    *,
    ranking: bool,
    columns: list[str] | None,
    encoding: str | None,
) -> Iterator[tuple[CsvTable, BinaryIO]]:
    from mobility_cli.io.applicants import parse_column_overrides, read_applicants
    from mobility_cli.io.csvio import open_input

    overrides = parse_column_overrides(columns or [])
    stream, name = open_input(input_path)
    try:
        table = read_applicants(
            stream,
            name,
            required=checker.required_columns(ranking=ranking),
            overrides=overrides,
            encoding=encoding,
        )
        for message in ([table.note] if table.note else []) + checker.use_columns(table.columns):
            note(f"note: {message}")
        yield table, stream
    finally:
        if input_path != "-":
            stream.close()


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
    column: ColumnOption = None,
    applicant_id: Annotated[str | None, _value("id (default 'applicant').", "--id")] = None,
    school: Annotated[str | None, _value("school (id or name).")] = None,
    programme: Annotated[str | None, _value("programme (id, name or alias).")] = None,
    level: Annotated[str | None, _value("level: BSc/Laurea, MSc/LM, ciclo unico, PhD.")] = None,
    year: Annotated[str | None, _value("year of course when applying.")] = None,
    credits: Annotated[str | None, _value("credits earned.")] = None,
    average: Annotated[str | None, _value("credit-weighted average (18–30).")] = None,
    language: Annotated[str | None, _value("language level (CEFR, e.g. B2).")] = None,
    months_abroad: Annotated[str | None, _value("months already abroad in the cycle.")] = None,
    previous_exchanges: Annotated[str | None, _value("number of previous exchanges.")] = None,
    years_enrolled: Annotated[str | None, _value("total years enrolled (ranking).")] = None,
    teaching_hours: Annotated[str | None, _value("staff: teaching hours in the stay.")] = None,
    days: Annotated[str | None, _value("staff: days of the stay.")] = None,
) -> None:
    """Check applicants against a call: one row per applicant with status and reasons.

    Batch: exit 0 when every row was checked (eligible or not), 1 when some rows are errors.
    One applicant (options instead of INPUT): exit 0 eligible, 1 not eligible.
    """
    from mobility_cli.eligibility import checker_for
    from mobility_cli.errors import EXIT_FINDINGS, InputError, MobilityError
    from mobility_cli.io.csvio import output_stream
    from mobility_cli.output import resolve_format
    from mobility_cli.reports import check as report

    given = {
        "id": applicant_id,
        "school": school,
        "programme": programme,
        "level": level,
        "year": year,
        "credits": credits,
        "average": average,
        "language": language,
        "months_abroad": months_abroad,
        "previous_exchanges": previous_exchanges,
        "years_enrolled": years_enrolled,
        "teaching_hours": teaching_hours,
        "days": days,
    }
    values = {field: text for field, text in given.items() if text is not None}
    if bool(values) == (input_path is not None):
        raise MobilityError(
            "give an applicants file INPUT ('-' for standard input) or one applicant's options "
            "(--programme, --level …), not both or neither"
        )
    checker = checker_for(settings(ctx).catalog(), call)
    single = input_path is None
    fmt = resolve_format(
        output_format.value,
        interactive="text" if single else "table",
        piped="text" if single else "csv",
        output=output,
    )
    title = f"Call '{call}'"
    tally = report.Tally()
    if single:
        verdict = checker.check_one(values)
        if verdict.status == "error":
            raise MobilityError("cannot check the applicant: " + "; ".join(verdict.reasons))
        with output_stream(output, bom=fmt == "csv") as out:
            if fmt == "text":
                report.write_verdict_text(out, verdict)
            else:
                scored = checker.scoring
                report.write_check(
                    fmt,
                    out,
                    tally.observe([verdict]),
                    scored=scored,
                    call_id=call,
                    title=title,
                    tally=tally,
                )
        _notes_after(ctx, checker, [])
        if verdict.status != "eligible":
            raise typer.Exit(EXIT_FINDINGS)
        return

    assert input_path is not None
    if fmt == "text":
        raise MobilityError("--format text is for one applicant; use table, csv, json or jsonl")
    with (
        _open_applicants(checker, input_path, ranking=False, columns=column, encoding=encoding) as (
            table,
            stream,
        ),
        output_stream(output, [input_path], bom=fmt == "csv") as out,
        report.progress(stream, table.name) as watch,
    ):
        verdicts = watch(tally.observe(checker.check_records(table.records)))
        report.write_check(
            fmt,
            out,
            verdicts,
            scored=checker.scoring,
            call_id=call,
            title=title,
            tally=tally,
            delimiter=table.delimiter,
        )
        if tally.total == 0:
            raise InputError(f"{table.name}: no applicants (only a header)")
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
    column: ColumnOption = None,
) -> None:
    """Rank the eligible applicants by the call's ranking rule, best first.

    Applicants who are not eligible are left out (the summary counts them); exit 1 when some
    rows are errors.
    """
    from mobility_cli.eligibility import checker_for
    from mobility_cli.eligibility.checker import ELIGIBLE
    from mobility_cli.eligibility.ranking import rank as by_score
    from mobility_cli.errors import EXIT_FINDINGS, InputError, MobilityError
    from mobility_cli.io.csvio import output_stream
    from mobility_cli.output import resolve_format
    from mobility_cli.reports import check as report

    if input_path is None:
        raise MobilityError("give an applicants file INPUT ('-' for standard input)")
    checker = checker_for(settings(ctx).catalog(), call)
    if checker.ranking is None:
        raise MobilityError(f"call '{call}' has no ranking rule")
    fmt = resolve_format(output_format.value, interactive="table", piped="csv", output=output)
    if fmt == "text":
        raise MobilityError("--format text is for `check` of one applicant; use table, csv or json")
    tally = report.Tally()
    with (
        _open_applicants(checker, input_path, ranking=True, columns=column, encoding=encoding) as (
            table,
            stream,
        ),
        report.progress(stream, table.name) as watch,
    ):
        verdicts = watch(tally.observe(checker.check_records(table.records)))
        places = by_score(v for v in verdicts if v.status == ELIGIBLE)
    if tally.total == 0:
        raise InputError(f"{table.name}: no applicants (only a header)")
    with output_stream(output, [input_path], bom=fmt == "csv") as out:
        report.write_ranking(
            fmt,
            out,
            places,
            call_id=call,
            title=f"Ranking for call '{call}' ({checker.ranking.name})",
            tally=tally,
            delimiter=table.delimiter,
        )
    left_out = tally.total - len(places)
    _notes_after(ctx, checker, [*tally.lines(), f"{len(places)} ranked, {left_out} left out"])
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
) -> None:
    """List the calls with their application window and status (upcoming, open, closed)."""
    import sys

    from mobility_cli.eligibility import checker_for
    from mobility_cli.eligibility.window import AsOf
    from mobility_cli.errors import MobilityError
    from mobility_cli.output import resolve_format
    from mobility_cli.reports import calls as report

    try:
        moment = AsOf.parse(as_of) if as_of is not None else AsOf.now()
    except ValueError as exc:
        raise MobilityError(f"--as-of: {exc}") from None
    catalog = settings(ctx).catalog()
    if call_id is not None:
        report.show_call(sys.stdout, checker_for(catalog, call_id), moment)
    else:
        fmt = resolve_format(output_format.value, interactive="table", piped="csv", output=None)
        report.write_calls(fmt, sys.stdout, catalog.calls(), moment)
    report_provenance(ctx)
