"""``mobility rank``: the eligible applicants of a file, best first by the call's ranking
rule."""

from __future__ import annotations

from typing import Annotated

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
        open_batch(
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
    notes_after(ctx, checker, [*tally.lines(), counts])
    if tally.errors:
        raise typer.Exit(EXIT_FINDINGS)
