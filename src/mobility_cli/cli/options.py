"""Options that several commands share, declared once so that they read and behave the same."""

from __future__ import annotations

from enum import Enum
from typing import Annotated

import typer

OutputOption = Annotated[
    str | None,
    typer.Option("--output", "-o", help="Write to this file (atomically) instead of stdout."),
]
EncodingOption = Annotated[
    str | None,
    typer.Option("--encoding", help="Input encoding (default: detected), e.g. cp1252."),
]
SheetOption = Annotated[
    str | None,
    typer.Option("--sheet", help="The sheet of an .xlsx or .ods INPUT (default: the first)."),
]


class ListFormat(str, Enum):
    auto = "auto"
    table = "table"
    csv = "csv"
    json = "json"
