"""Output plumbing shared by the commands' writers: JSON, JSON lines and terminal tables (CSV is
:mod:`mobility_cli.io.csv_writer`; which writer a format gets is :mod:`mobility_cli.formats`).

Machine formats are written with ``json``/``csv`` straight to the stream, never through rich
(rich wraps lines and eats ``[brackets]``). Rich renders only for a person on a terminal, and is
imported only then: it costs about 20 ms of start-up that a JSON or CSV run does not need.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Sequence
from dataclasses import asdict, is_dataclass
from decimal import Decimal
from typing import IO, TYPE_CHECKING, Any

from mobility_cli.compiled.base import Plain
from mobility_cli.text import format_number
from mobility_cli.text import visible as visible  # the one sanitiser; re-exported here

if TYPE_CHECKING:
    from rich.console import Console


def plain(value: Any) -> Any:
    """JSON-ready value: Decimals as numbers, records as dicts, tuples as lists."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, Plain):
        return {name: plain(getattr(value, name)) for name in value.field_names}
    if is_dataclass(value) and not isinstance(value, type):
        return {k: plain(v) for k, v in asdict(value).items()}
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


def write_json(out: IO[str], document: Any) -> None:
    json.dump(plain(document), out, ensure_ascii=False, indent=2)
    out.write("\n")


def write_jsonl(out: IO[str], rows: Iterable[Any]) -> None:
    for row in rows:
        out.write(json.dumps(plain(row), ensure_ascii=False))
        out.write("\n")


def _shown(value: Any) -> str:
    """A table cell for a person: a list or tuple is one line per item, each item's own line
    breaks and control characters shown, never obeyed."""
    if isinstance(value, list | tuple):
        return "\n".join(visible(cell(item)) for item in value)
    return visible(cell(value))


def cell(value: Any) -> str:
    """Human text for a table cell."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format_number(value)
    if isinstance(value, bool):
        return "yes" if value else ""
    return str(value)


def console(out: IO[str] | None = None, *, stderr: bool = False) -> Console:
    """A rich console that honours NO_COLOR, never forces colour into a pipe, and shows the
    control characters of whatever it prints (see :func:`visible`) instead of obeying them."""
    from rich.console import Console, ConsoleOptions, RenderableType
    from rich.segment import Segment

    class _VisibleConsole(Console):
        # Every renderable becomes segments here: rich's own control segments (cursor moves,
        # styles) pass, the text of each other segment is sanitised. Line ends are rich's.
        def render(
            self, renderable: RenderableType, options: ConsoleOptions | None = None
        ) -> Iterable[Segment]:
            for segment in super().render(renderable, options):
                if segment.control is None and segment.text != "\n":
                    yield Segment(visible(segment.text, lines=True), segment.style)
                else:
                    yield segment

    return _VisibleConsole(
        file=out,
        stderr=stderr,
        no_color=bool(os.environ.get("NO_COLOR")),
        highlight=False,
        soft_wrap=False,
    )


def render_table(
    out: IO[str],
    title: str | None,
    header: Sequence[str],
    rows: Iterable[Sequence[Any]],
    styles: dict[str, str] | None = None,
) -> None:
    """A rich table for a person; ``styles`` maps a column name to a rich style."""
    from rich.table import Table
    from rich.text import Text

    shown = visible(title) if title is not None else None
    table = Table(title=shown, title_justify="left", show_lines=False, expand=False)
    for name in header:
        table.add_column(visible(name), style=(styles or {}).get(name))
    for row in rows:
        table.add_row(*(Text(_shown(v)) for v in row))
    console(out).print(table)
