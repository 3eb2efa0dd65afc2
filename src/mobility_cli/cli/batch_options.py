"""What ``mobility check`` and ``mobility rank`` share: their options over an applicants
file, the batch opened with its notes said, and the notes after the output."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from enum import Enum
from typing import TYPE_CHECKING, Annotated

import typer

from mobility_cli.cli import completion
from mobility_cli.cli.base import note, report_provenance

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
ColumnOption = Annotated[
    list[str] | None,
    typer.Option(
        "--column",
        help="Map a header to a field: FIELD=HEADER, e.g. average='Media 2025' (repeatable).",
    ),
]


@contextlib.contextmanager
def open_batch(
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


def notes_after(ctx: typer.Context, checker: Checker, summary: list[str]) -> None:
    for line in summary:
        note(line)
    call = checker.call
    if call.gaps:
        note(
            f"note: call '{call.id}' has {len(call.gaps)} rule(s) the data do not know; "
            f"`mobility calls {call.id}` lists them"
        )
    report_provenance(ctx)
