"""Output of ``mobility check`` and ``mobility rank``: streamed writers, the stderr summary, and
a progress bar for large files on a terminal.

Shapes scripts rely on (documented in docs/calls.md):
- csv: ``row, id, status, reasons[, score]``, reasons joined with "; ", the input's delimiter
  (a ``;`` file gets decimal commas, as Excel in an Italian locale expects);
- jsonl: one object per row with the same keys, ``reasons`` a list;
- json: ``{"call": …, "results": [...], "summary": {...}}``;
- table: for a person (kept in memory: use csv or jsonl for large files).
``rank`` writes ``rank, row, id, score`` the same ways.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import IO, Any, BinaryIO

from mobility_cli.conversion.grades import format_number
from mobility_cli.eligibility.checker import ERROR, STATUSES, Verdict
from mobility_cli.io.csvio import write_csv
from mobility_cli.output import console, plain, render_table, write_json, write_jsonl

PROGRESS_MIN_BYTES = 4 * 1024 * 1024
PROGRESS_EVERY = 4096
TOP_REASONS = 5
STATUS_WORDS = {"eligible": "eligible", "not_eligible": "not eligible", "error": "with errors"}


@dataclass
class Tally:
    """Counts per status and per reason (its key, without the applicant's numbers)."""

    statuses: Counter[str] = field(default_factory=Counter)
    reasons: Counter[str] = field(default_factory=Counter)

    def observe(self, verdicts: Iterable[Verdict]) -> Iterator[Verdict]:
        """Pass the verdicts through, counting them."""
        statuses, reasons = self.statuses, self.reasons
        for verdict in verdicts:
            statuses[verdict.status] += 1
            for key in verdict.keys:
                reasons[key] += 1
            yield verdict

    @property
    def total(self) -> int:
        return sum(self.statuses.values())

    @property
    def errors(self) -> int:
        return self.statuses[ERROR]

    def summary(self) -> dict[str, Any]:
        return {
            "applicants": self.total,
            **{status: self.statuses[status] for status in STATUSES},
            "reasons": [
                {"reason": key, "count": count}
                for key, count in self.reasons.most_common(TOP_REASONS)
            ],
        }

    def lines(self) -> list[str]:
        """The summary for stderr: counts per status, then the most common reasons."""
        counts = ", ".join(f"{self.statuses[s]} {STATUS_WORDS[s]}" for s in STATUSES)
        found = [f"{self.total} applicant(s): {counts}"]
        if self.reasons:
            found.append("most common reasons:")
            found += [f"  {n} × {key}" for key, n in self.reasons.most_common(TOP_REASONS)]
        return found


def result_dict(verdict: Verdict, scored: bool) -> dict[str, Any]:
    row: dict[str, Any] = {
        "row": verdict.row,
        "id": verdict.id,
        "status": verdict.status,
        "reasons": list(verdict.reasons),
    }
    if scored:
        row["score"] = plain(verdict.score)
    return row


def csv_columns(scored: bool) -> list[str]:
    return ["row", "id", "status", "reasons", *(["score"] if scored else [])]


def csv_number(value: Decimal | None, delimiter: str) -> str:
    """A number as the CSV's readers expect: decimal comma in a ``;``-separated file."""
    if value is None:
        return ""
    text = format_number(value)
    return text.replace(".", ",") if delimiter == ";" else text


def write_csv_report(
    out: IO[str], verdicts: Iterable[Verdict], scored: bool, delimiter: str
) -> None:
    rows = (
        [
            v.row,
            v.id,
            v.status,
            "; ".join(v.reasons),
            *([csv_number(v.score, delimiter)] if scored else []),
        ]
        for v in verdicts
    )
    write_csv(out, csv_columns(scored), rows, delimiter)


def write_jsonl_report(out: IO[str], verdicts: Iterable[Verdict], scored: bool) -> None:
    write_jsonl(out, (result_dict(verdict, scored) for verdict in verdicts))


def write_json_report(
    out: IO[str], verdicts: Iterable[Verdict], scored: bool, call_id: str, tally: Tally
) -> None:
    """Streamed: results are written as they come, the summary once they are all counted."""
    out.write('{\n  "call": ' + json.dumps(call_id) + ',\n  "results": [')
    separator = "\n    "
    for verdict in verdicts:
        out.write(separator + json.dumps(result_dict(verdict, scored), ensure_ascii=False))
        separator = ",\n    "
    out.write("\n  ],\n  " + '"summary": ' + json.dumps(tally.summary(), ensure_ascii=False))
    out.write("\n}\n")


STATUS_STYLES = {"status": "cyan", "score": "bold"}


def write_table_report(out: IO[str], verdicts: Iterable[Verdict], scored: bool, title: str) -> None:
    rows = [
        [v.row, v.id, v.status, "\n".join(v.reasons), *([v.score] if scored else [])]
        for v in verdicts
    ]
    render_table(out, title, csv_columns(scored), rows, styles=STATUS_STYLES)


def write_check(
    fmt: str,
    out: IO[str],
    verdicts: Iterable[Verdict],
    *,
    scored: bool,
    call_id: str,
    title: str,
    tally: Tally,
    delimiter: str = ",",
) -> None:
    """Write the verdicts in ``fmt`` (csv, jsonl, json or table)."""
    if fmt == "csv":
        write_csv_report(out, verdicts, scored, delimiter)
    elif fmt == "jsonl":
        write_jsonl_report(out, verdicts, scored)
    elif fmt == "json":
        write_json_report(out, verdicts, scored, call_id, tally)
    else:
        write_table_report(out, verdicts, scored, title)


def write_verdict_text(out: IO[str], verdict: Verdict) -> None:
    """One applicant, for a person: the verdict, each reason on its own line, the score."""
    out.write(verdict.status.replace("_", " ") + "\n")
    for reason in verdict.reasons:
        out.write(f"  - {reason}\n")
    if verdict.score is not None:
        out.write(f"score: {format_number(verdict.score)}\n")


def write_ranking(
    fmt: str,
    out: IO[str],
    places: list[tuple[int, Verdict]],
    *,
    call_id: str,
    title: str,
    tally: Tally,
    delimiter: str = ",",
) -> None:
    """The eligible applicants best first: ``rank, row, id, score``."""
    header = ["rank", "row", "id", "score"]
    if fmt == "csv":
        rows = ([p, v.row, v.id, csv_number(v.score, delimiter)] for p, v in places)
        write_csv(out, header, rows, delimiter)
    elif fmt in ("json", "jsonl"):
        dicts = [{"rank": p, "row": v.row, "id": v.id, "score": v.score} for p, v in places]
        if fmt == "json":
            write_json(out, {"call": call_id, "ranking": dicts, "summary": tally.summary()})
        else:
            for item in dicts:
                out.write(json.dumps(plain(item), ensure_ascii=False) + "\n")
    else:
        rows_for_table = [[p, v.row, v.id, v.score] for p, v in places]
        render_table(out, title, header, rows_for_table, styles=STATUS_STYLES)


def _file_size(stream: BinaryIO) -> int:
    try:
        return os.fstat(stream.fileno()).st_size
    except (OSError, ValueError, AttributeError):  # a pipe, or a stream without a descriptor
        return 0


@contextlib.contextmanager
def progress(
    stream: BinaryIO, name: str
) -> Iterator[Callable[[Iterable[Verdict]], Iterator[Verdict]]]:
    """A wrapper for the verdicts that draws a transient bar on stderr while the file is read —
    only on a terminal, and only for files of at least :data:`PROGRESS_MIN_BYTES`."""
    size = _file_size(stream)
    if size < PROGRESS_MIN_BYTES or not sys.stderr.isatty():
        yield lambda verdicts: iter(verdicts)
        return
    from rich.progress import (
        BarColumn,
        Progress,
        TaskProgressColumn,
        TextColumn,
        TimeRemainingColumn,
    )

    bar = Progress(
        TextColumn("checking {task.description}"),
        BarColumn(),
        TaskProgressColumn(),
        TimeRemainingColumn(),
        console=console(stderr=True),
        transient=True,
    )

    def watch(verdicts: Iterable[Verdict]) -> Iterator[Verdict]:
        task = bar.add_task(name, total=size)
        for count, verdict in enumerate(verdicts, start=1):
            if count % PROGRESS_EVERY == 0:
                bar.update(task, completed=stream.tell())
            yield verdict

    with bar:
        yield watch
