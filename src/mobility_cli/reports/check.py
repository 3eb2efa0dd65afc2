"""Output of ``mobility check`` and ``mobility rank``: streamed writers, the stderr summary, and
a progress bar for large files on a terminal.

Shapes scripts rely on (documented in docs/calls.md):
- csv: the input's columns as written and in their order (``--keep`` trims them; the id column
  always stays), then ``row, status, reasons[, score, score_note]``, reasons joined with "; ",
  the input's delimiter (a ``;`` file gets decimal commas, as Excel in an Italian locale
  expects);
- jsonl: one object per row: ``row, id, status, reasons[, score, score_note]`` and ``input``
  (the kept columns, header → cell), ``reasons`` a list;
- json: ``{"call": …, "results": [...], "summary": {...}}``, the summary with every reason
  and its count;
- table: for a person (kept in memory: use csv or jsonl for large files).
``rank`` writes ``rank`` (a place, or ``unranked`` for the eligible without a score) before
the same columns, ranked applicants first.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from decimal import Decimal
from typing import IO, Any, BinaryIO, Protocol, TypeVar

from mobility_cli.compiled.base import Plain
from mobility_cli.eligibility.checker import ERROR, STATUSES, Verdict
from mobility_cli.errors import MobilityError
from mobility_cli.formats import Writer, Writers
from mobility_cli.io.csv_writer import write_csv
from mobility_cli.output import console, plain, render_table, write_json, write_jsonl
from mobility_cli.text import format_number, normalise_header

PROGRESS_MIN_BYTES = 4 * 1024 * 1024
PROGRESS_EVERY = 4096
TOP_REASONS = 5
STATUS_WORDS = {"eligible": "eligible", "not_eligible": "not eligible", "error": "with errors"}
UNRANKED = "unranked"
KEEP_NONE = "none"


class Layout(Plain):
    """Which input columns travel with the verdicts, and the verdict columns after them."""

    header: tuple[str, ...] = ()  # the input's header cells
    kept: tuple[int, ...] = ()  # indexes of the kept input columns, in input order
    scored: bool = False

    @classmethod
    def of(cls, header: Sequence[str], id_header: str, keep: str | None, *, scored: bool) -> Layout:
        """Every column by default; ``none``: the id column only; else the comma-separated
        headers named (any case), plus the id column. A name the header lacks is an error."""
        everything = range(len(header))
        if keep is None:
            return cls(tuple(header), tuple(everything), scored)
        by_key = {normalise_header(h): i for i, h in reversed(list(enumerate(header)))}
        wanted = {by_key[normalise_header(id_header)]}
        if keep.strip().casefold() != KEEP_NONE:
            for name in filter(None, (n.strip() for n in keep.split(","))):
                index = by_key.get(normalise_header(name))
                if index is None:
                    raise MobilityError(
                        f"--keep {name}: no such column; the input has {', '.join(header)}"
                    )
                wanted.add(index)
        return cls(tuple(header), tuple(sorted(wanted)), scored)

    @property
    def verdict_columns(self) -> list[str]:
        """``row, status, reasons[, score, score_note]`` (with ``id`` when there is no input
        header); a name the input already uses gets a ``mobility_`` prefix."""
        names = ["row", *([] if self.header else ["id"]), "status", "reasons"]
        names += ["score", "score_note"] if self.scored else []
        taken = {normalise_header(self.header[i]) for i in self.kept}
        return [f"mobility_{n}" if normalise_header(n) in taken else n for n in names]

    @property
    def columns(self) -> list[str]:
        return [self.header[i] for i in self.kept] + self.verdict_columns

    def kept_cells(self, verdict: Verdict) -> list[str]:
        cells = verdict.cells
        if len(cells) == len(self.header) and len(self.kept) == len(cells):
            return list(cells)  # every column of a whole row: the common case
        return [cells[i] if i < len(cells) else "" for i in self.kept]

    def kept_dict(self, verdict: Verdict) -> dict[str, str]:
        return dict(zip((self.header[i] for i in self.kept), self.kept_cells(verdict), strict=True))


class Tally:
    """Counts per status and per reason (its key, without the applicant's numbers)."""

    def __init__(self) -> None:
        self.statuses: Counter[str] = Counter()
        self.reasons: Counter[str] = Counter()
        self.score_notes: Counter[str] = Counter()

    def observe(self, verdicts: Iterable[Verdict]) -> Iterator[Verdict]:
        """Pass the verdicts through, counting them."""
        statuses, reasons, notes = self.statuses, self.reasons, self.score_notes
        for verdict in verdicts:
            statuses[verdict.status] += 1
            for key in verdict.keys:
                reasons[key] += 1
            if verdict.score_note:
                notes[verdict.score_note] += 1
            yield verdict

    @property
    def total(self) -> int:
        return sum(self.statuses.values())

    @property
    def errors(self) -> int:
        return self.statuses[ERROR]

    def summary(self) -> dict[str, Any]:
        """Counts per status, every reason with its count (they add up to the rows' reasons),
        and every reason for a missing score."""
        return {
            "applicants": self.total,
            **{status: self.statuses[status] for status in STATUSES},
            "reasons": [
                {"reason": key, "count": count} for key, count in self.reasons.most_common()
            ],
            "score_notes": [
                {"note": note, "count": count} for note, count in self.score_notes.most_common()
            ],
        }

    def lines(self) -> list[str]:
        """The summary for stderr: counts per status, the most common reasons, the eligible
        without a score."""
        counts = ", ".join(f"{self.statuses[s]} {STATUS_WORDS[s]}" for s in STATUSES)
        found = [f"{self.total} applicant(s): {counts}"]
        if self.reasons:
            found.append("most common reasons:")
            found += [f"  {n} × {key}" for key, n in self.reasons.most_common(TOP_REASONS)]
            more = len(self.reasons) - TOP_REASONS
            if more > 0:
                found.append(f"  … and {more} more (--format json lists every reason)")
        unscored = sum(self.score_notes.values())
        if unscored:
            found.append(f"{unscored} eligible without a score (see score_note)")
        return found


def verdict_dict(verdict: Verdict, layout: Layout) -> dict[str, Any]:
    row: dict[str, Any] = {
        "row": verdict.row,
        "id": verdict.id,
        "status": verdict.status,
        "reasons": list(verdict.reasons),
    }
    if layout.scored:
        row["score"] = plain(verdict.score)
        row["score_note"] = verdict.score_note
    if layout.header:
        row["input"] = layout.kept_dict(verdict)
    return row


def csv_number(value: Decimal | None, delimiter: str) -> str:
    """A number as the CSV's readers expect: decimal comma in a ``;``-separated file."""
    if value is None:
        return ""
    text = format_number(value)
    return text.replace(".", ",") if delimiter == ";" else text


def csv_row(verdict: Verdict, layout: Layout, delimiter: str) -> list[Any]:
    """The kept input cells, then the verdict's columns."""
    row: list[Any] = layout.kept_cells(verdict)
    row.append(verdict.row)
    if not layout.header:
        row.append(verdict.id)
    row += [verdict.status, "; ".join(verdict.reasons)]
    if layout.scored:
        row += [csv_number(verdict.score, delimiter), verdict.score_note]
    return row


def write_csv_report(
    out: IO[str], verdicts: Iterable[Verdict], layout: Layout, delimiter: str
) -> None:
    rows = (csv_row(v, layout, delimiter) for v in verdicts)
    write_csv(out, layout.columns, rows, delimiter)


def write_json_report(
    out: IO[str], verdicts: Iterable[Verdict], layout: Layout, call_id: str, tally: Tally
) -> None:
    """Streamed: results are written as they come, the summary once they are all counted."""
    out.write('{\n  "call": ' + json.dumps(call_id) + ',\n  "results": [')
    separator = "\n    "
    for verdict in verdicts:
        out.write(separator + json.dumps(verdict_dict(verdict, layout), ensure_ascii=False))
        separator = ",\n    "
    out.write("\n  ],\n  " + '"summary": ' + json.dumps(tally.summary(), ensure_ascii=False))
    out.write("\n}\n")


STATUS_STYLES = {"status": "cyan", "score": "bold", "rank": "bold"}
TABLE_COLUMNS = ["row", "id", "status", "reasons"]


def _table_row(verdict: Verdict, scored: bool) -> list[Any]:
    row: list[Any] = [verdict.row, verdict.id, verdict.status, tuple(verdict.reasons)]
    return row + ([verdict.score, verdict.score_note] if scored else [])


def write_table_report(out: IO[str], verdicts: Iterable[Verdict], scored: bool, title: str) -> None:
    header = TABLE_COLUMNS + (["score", "score_note"] if scored else [])
    render_table(out, title, header, [_table_row(v, scored) for v in verdicts], STATUS_STYLES)


class Checked(Plain):
    """The verdicts of ``check`` and what their writers need."""

    verdicts: Iterable[Verdict]  # counted by ``tally`` as they are written
    layout: Layout
    call_id: str
    title: str
    tally: Tally
    fused_csv: Callable[[IO[str]], None] | None = None
    """Writes the CSV of :func:`write_csv_report`, byte for byte, faster (a batch's fused loop)."""


def write_verdict_text(out: IO[str], verdict: Verdict) -> None:
    """One applicant, for a person: the verdict, each reason on its own line, the score."""
    out.write(verdict.status.replace("_", " ") + "\n")
    for reason in verdict.reasons:
        out.write(f"  - {reason}\n")
    if verdict.score is not None:
        out.write(f"score: {format_number(verdict.score)}\n")
    if verdict.score_note:
        out.write(f"{verdict.score_note}\n")


def _text(out: IO[str], checked: Checked) -> None:
    for verdict in checked.verdicts:
        write_verdict_text(out, verdict)


def _table(out: IO[str], checked: Checked) -> None:
    write_table_report(out, checked.verdicts, checked.layout.scored, checked.title)


def _csv(out: IO[str], checked: Checked) -> None:
    if checked.fused_csv is not None:
        checked.fused_csv(out)
    else:
        write_csv_report(out, checked.verdicts, checked.layout, ",")


def _json(out: IO[str], checked: Checked) -> None:
    write_json_report(out, checked.verdicts, checked.layout, checked.call_id, checked.tally)


def _jsonl(out: IO[str], checked: Checked) -> None:
    write_jsonl(out, (verdict_dict(verdict, checked.layout) for verdict in checked.verdicts))


_BATCH: dict[str, Writer[Checked]] = {"table": _table, "csv": _csv, "json": _json, "jsonl": _jsonl}
ONE_APPLICANT: Writers[Checked] = Writers({"text": _text, **_BATCH})
"""``mobility check`` of one applicant given by options."""
APPLICANTS: Writers[Checked] = Writers(_BATCH, refused={"text": "is for one applicant"})
"""``mobility check`` of a file of applicants."""


class Ranking(Plain):
    """``rank``'s places (``None``: eligible without a score) and what their writers need."""

    places: list[tuple[int | None, Verdict]]
    layout: Layout
    call_id: str
    title: str
    tally: Tally
    delimiter: str


def _ranking_dicts(ranking: Ranking) -> list[dict[str, Any]]:
    return [{"rank": p, **verdict_dict(v, ranking.layout)} for p, v in ranking.places]


def _ranking_table(out: IO[str], ranking: Ranking) -> None:
    header = ["rank", *TABLE_COLUMNS, "score", "score_note"]
    rows = [[p or UNRANKED, *_table_row(v, True)] for p, v in ranking.places]
    render_table(out, ranking.title, header, rows, styles=STATUS_STYLES)


def _ranking_csv(out: IO[str], ranking: Ranking) -> None:
    layout, delimiter = ranking.layout, ranking.delimiter
    ranked = ([p or UNRANKED, *csv_row(v, layout, delimiter)] for p, v in ranking.places)
    write_csv(out, ["rank", *layout.columns], ranked, delimiter)


def _ranking_json(out: IO[str], ranking: Ranking) -> None:
    document = {"call": ranking.call_id, "ranking": _ranking_dicts(ranking)}
    write_json(out, {**document, "summary": ranking.tally.summary()})


def _ranking_jsonl(out: IO[str], ranking: Ranking) -> None:
    write_jsonl(out, _ranking_dicts(ranking))


RANKING: Writers[Ranking] = Writers(
    {"table": _ranking_table, "csv": _ranking_csv, "json": _ranking_json, "jsonl": _ranking_jsonl},
    refused={"text": "is for `check` of one applicant"},
)
"""``mobility rank``: the ranked applicants best first, then the eligible without a score
(``rank`` ``unranked``, their ``score_note`` saying why), each with the columns of ``check``."""


T = TypeVar("T")


class Watch(Protocol):
    """Passes items through while drawing progress (see :func:`progress`)."""

    def __call__(self, items: Iterable[T], /) -> Iterator[T]: ...


def _file_size(stream: BinaryIO) -> int:
    try:
        return os.fstat(stream.fileno()).st_size
    except (OSError, ValueError, AttributeError):  # a pipe, or a stream without a descriptor
        return 0


@contextlib.contextmanager
def progress(stream: BinaryIO, name: str) -> Iterator[Watch]:
    """A wrapper for the verdicts that draws a transient bar on stderr while the file is read —
    only on a terminal, and only for files of at least :data:`PROGRESS_MIN_BYTES`."""
    size = _file_size(stream)
    if size < PROGRESS_MIN_BYTES or not sys.stderr.isatty():
        yield iter
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

    def watch(items: Iterable[T]) -> Iterator[T]:
        task = bar.add_task(name, total=size)
        for count, item in enumerate(items, start=1):
            if count % PROGRESS_EVERY == 0:
                bar.update(task, completed=stream.tell())
            yield item

    with bar:
        yield watch
