"""Checking a whole applicants file against a call, streamed: the library's batch API, of which
``mobility check`` and ``mobility rank`` are thin clients.

>>> from mobility_cli import check_batch
>>> with check_batch("polimi-2026-2027-first-engineering", "examples/applicants.csv") as batch:
...     statuses = [verdict.status for verdict in batch]
>>> statuses[:3], batch.tally.total
(['eligible', 'eligible', 'eligible'], 8)

A batch reads its input twice: a first pass takes only the id cells (to flag an id found on
several rows on each of them, the first too; in bounded memory, see
:class:`~mobility_cli.io.applicants.IdHashes`), the second checks row by row. Iterating gives one :class:`~mobility_cli.eligibility.checker.Verdict`
per row, in input order, counted in :attr:`Batch.tally`; :meth:`Batch.write_csv` is the same
check fused with the CSV writer, for large files.

The fused loop works on the cells as written. What the requirements say of a row, and the
warnings on the cells the call does not use, are remembered per distinct combination of the
raw cells they read (a cohort repeats a few hundred); the score is computed per row from cells
parsed once each; a row is written with one format string, its verdict's columns already in
CSV form (a ranking cell that is an error too: its outcome is remembered with its kind); the
tally counts each outcome once. Plain lines are split on the delimiter a block at a time, and a
block with no cell the writer would guard needs no test per row; rows are written a few hundred
at a time. A row that is not the common case — not as wide as the header,
a blank or repeated id, a cell the CSV writer would quote or guard — goes through the checker
and the writer one cell at a time, so its output is what they give.
"""

from __future__ import annotations

import contextlib
import io
import shutil
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from itertools import chain, compress, repeat
from operator import itemgetter, not_
from pathlib import Path
from typing import IO, TYPE_CHECKING, BinaryIO

from mobility_cli.eligibility.checker import ELIGIBLE, ERROR, Judgement, Verdict
from mobility_cli.eligibility.ranking import Undefined
from mobility_cli.eligibility.requirements import Failure
from mobility_cli.io.csv_reader import RowProblem, row_groups
from mobility_cli.io.csv_writer import FORMULA_TRIGGERS, csv_row_writer
from mobility_cli.io.tables import record_of
from mobility_cli.records import Record
from mobility_cli.reports.check import Layout, Tally, Watch, csv_number, csv_row

if TYPE_CHECKING:
    from mobility_cli.catalog import Catalog
    from mobility_cli.eligibility.checker import Checker
    from mobility_cli.io.tables import CsvTable

MAX_KINDS = 4_096
MAX_CELLS = 20_000
# lines looked at together (a guarded cell sends its block the slow way), and rows written together
ROWS_AT_ONCE = 512


class _Outcome:
    """What a set of rows gets besides their own cells, line and score: status, reasons'
    keys, the ``status;reasons`` columns as CSV text (``None`` when a cell there makes the
    writer quote the whole row), and how many rows got it."""

    __slots__ = ("csv", "keys", "remembered", "rows", "status")

    def __init__(self, status: str, reasons: Sequence[str], keys: tuple[str, ...], delimiter: str):
        self.status = status
        self.keys = keys
        self.csv = _csv_text([status, "; ".join(reasons)], delimiter)
        self.rows = 0
        self.remembered = True  # counted by its rows (else each row by status and reasons)


class _Kind(_Outcome):
    """The outcome of every row whose cells the verdict reads give the same judgement and
    warnings (see :meth:`_Fused.kind_of`), with the applicant as the requirements read it and,
    for the ranking rule's fields, the values they read and the cells parsed in the
    applicant's study cycle (raw cell → value)."""

    __slots__ = (
        "applicant",
        "extra",
        "family",
        "judged",
        "parsed",
        "scored",
        "unread",
        "values",
    )

    def __init__(self, fused: _Fused, judged: Judgement, extra: list[Failure]) -> None:
        checker = fused.batch.checker
        self.judged, self.extra = judged, extra
        # kinds with the same reasons and warnings share the outcomes of their ranking cells'
        # errors (a number for them, cheap to hash)
        prefix = (judged.reasons, judged.keys, tuple(extra))
        family = fused.families.get(prefix)
        if family is None and len(fused.families) < MAX_KINDS:
            family = fused.families[prefix] = len(fused.families)
        self.family: object = self if family is None else family
        super().__init__(
            judged.status,
            judged.reasons + tuple(f.text for f in extra),
            judged.keys + tuple(f.key for f in extra),
            fused.delimiter,
        )
        self.applicant = applicant = judged.applicant
        self.scored = judged.status == ELIGIBLE and checker.scoring
        fields = checker.ranking.fields if checker.ranking else ()
        self.values: list[object] = [getattr(applicant, field) for field in fields]
        self.unread = all(value is None for value in self.values)  # none read by requirements
        self.parsed = [fused.cells_of(f, applicant.level) for f in fields]

    def failed(self, errors: list[Failure], delimiter: str) -> _Outcome:
        """The outcome of a row of this kind whose ranking cells are ``errors``."""
        found = [*errors, *self.extra]
        return _Outcome(
            ERROR,
            self.judged.reasons + tuple(f.text for f in found),
            self.judged.keys + tuple(f.key for f in found),
            delimiter,
        )


class _Cells(dict[str, object]):
    """One ranking field's cells in one study cycle, raw cell → value, each read by the checker
    the first time it is looked up: a cell that is blank, or that the checker cannot read or
    finds out of range, is a ``KeyError`` (the latter two remembered in :attr:`bad`, cell →
    why not)."""

    __slots__ = ("bad", "read")

    def __init__(self, read: Callable[[str], object]):
        super().__init__()
        self.read = read  # a non-blank trimmed cell → its value, or why not
        self.bad: dict[str, Failure] = {}

    def __missing__(self, text: str) -> object:
        cell = text.strip()
        if not cell or text in self.bad:
            raise KeyError(text)
        found = self.read(cell)
        if isinstance(found, Failure):
            if len(self.bad) < MAX_CELLS:
                self.bad[text] = found
            raise KeyError(text)
        if len(self) < MAX_CELLS:
            self[text] = found
        return found

    def failure(self, text: str) -> Failure | None:
        """Why ``text`` has no value (``None``: it has one, or it is blank)."""
        if text in self:
            return None
        found = self.bad.get(text)
        if found is None and text.strip():  # not read yet, or past what is remembered
            value = self.read(text.strip())
            found = value if isinstance(value, Failure) else None
        return found


def _csv_text(cells: Sequence[str], delimiter: str) -> str | None:
    """Cells as the CSV writer writes them, without the line end; ``None`` when one has a CR
    (the writer then quotes every cell of the row). A cell that holds the delimiter, a quote
    or a line break is quoted here as the writer quotes it; one the writer would guard (or a
    lone empty cell) is left to the writer."""
    if any("\r" in cell for cell in cells):
        return None
    quoted = []
    for cell in cells:
        if cell and cell[0] in FORMULA_TRIGGERS:
            return _written(cells, delimiter)
        if delimiter in cell or '"' in cell or "\n" in cell:
            cell = '"' + cell.replace('"', '""') + '"'
        quoted.append(cell)
    return delimiter.join(quoted) if quoted != [""] else _written(cells, delimiter)


def _written(cells: Sequence[str], delimiter: str) -> str:
    text = io.StringIO()
    csv_row_writer(text, delimiter)(cells)
    return text.getvalue()[:-1]


class Batch:
    """An applicants table being checked (see :func:`check_batch`): iterate for the verdicts,
    or :meth:`write_csv`; :attr:`tally` counts them; :attr:`notes` are for the user (the
    encoding guessed, no scores without the ranking columns); :attr:`stream` is the input."""

    def __init__(
        self, checker: Checker, table: CsvTable, notes: list[str], stream: BinaryIO
    ) -> None:
        self.checker = checker
        self.table = table
        self.notes = notes
        self.stream = stream
        self.tally = Tally()

    def __iter__(self) -> Iterator[Verdict]:
        return self.tally.observe(self.checker.check_records(self.table.records))

    def layout(self, keep: str | None = None) -> Layout:
        """The output's columns: the input's (``keep``: ``none`` or ``COL,COL…``), then the
        verdict's."""
        table = self.table
        return Layout.of(table.header, table.columns["id"], keep, scored=self.checker.scoring)

    def write_csv(self, out: IO[str], layout: Layout, watch: Watch | None = None) -> None:
        """Check every row and write it as CSV: exactly what
        :func:`~mobility_cli.reports.check.write_csv_report` writes of the verdicts (the input's
        delimiter; decimal commas after a ``;``). ``watch`` wraps the rows read (a progress
        bar)."""
        table, delimiter = self.table, self.table.delimiter
        write_row = csv_row_writer(out, delimiter)
        write_row(layout.columns)
        if table.lines is None or table.by_index is None or not layout.kept:
            for verdict in watch(self) if watch else self:
                write_row(csv_row(verdict, layout, delimiter))
            return
        blocks = _blocks(table)
        _Fused(self, layout, write_row).run(out, watch(blocks) if watch else blocks)


Row = tuple[tuple[int, list[str]], str | None]
"""A row read for the fused loop: its line and cells (a :class:`RowProblem` when the csv
module cannot read it), and its text (see :func:`_blocks`)."""


def _blocks(table: CsvTable) -> Iterator[Iterable[Row]]:
    """The rows :func:`~mobility_cli.io.csv_reader.row_groups` reads (blank ones too: the loop
    skips them, as the csv module's reader does), a group at a time, each with its text when the
    CSV writer would write its cells as they are, joined by the delimiter: the lines of a group
    split on the delimiter, when no cell in them starts with a character the writer guards."""
    delimiter = table.delimiter
    starts = {t: (delimiter + t, "\n" + t) for t in FORMULA_TRIGGERS}
    for lines, rows, text in row_groups(table):
        if lines is None:
            yield zip(rows, repeat(None))
            continue
        # a character the writer guards may start a cell: only then are two-character texts
        # looked for (a search for one character is many times faster)
        guarded = text[:1] in FORMULA_TRIGGERS or any(
            start in text for t in FORMULA_TRIGGERS if t in text for start in starts[t]
        )
        yield zip(rows, repeat(None) if guarded else lines, strict=False)


def _getter(indexes: Sequence[int]) -> Callable[[Sequence[str]], tuple[str, ...]]:
    """The cells at ``indexes``, as a tuple, in one C call when there are several."""
    if len(indexes) == 1:
        (only,) = indexes
        return lambda cells: (cells[only],)
    return itemgetter(*indexes)


class _Fused:
    """One fused check-and-write loop (see the module's docstring)."""

    def __init__(
        self, batch: Batch, layout: Layout, write_row: Callable[[Sequence[object]], None]
    ) -> None:
        self.batch = batch
        self.layout = layout
        self.write_row = write_row
        self.delimiter = batch.table.delimiter
        self.order: list[_Outcome | tuple[str, tuple[str, ...]]] = []  # by first row
        self.families: dict[tuple[object, ...], int] = {}  # a kind's reasons and warnings → #
        self.alike: dict[tuple[object, ...], _Kind] = {}  # a kind's outcome → the kind
        self.failures: dict[tuple[object, tuple[Failure, ...]], _Outcome] = {}
        self.signatures: dict[tuple[str, tuple[str, ...]], int] = {}  # (status, keys) → rows
        self.cells: dict[str, str | None] = {}  # score notes as CSV cells
        self.scores: dict[str, str | None] = {}  # a score's text → its CSV cell
        self.parsed: dict[Callable[[str], object], _Cells] = {}  # a cell reader → its cells
        self.pending: list[str] = []  # rows not written yet
        self.out: IO[str] | None = None

    def run(self, out: IO[str], blocks: Iterable[Iterable[Row]]) -> None:
        batch, layout, delimiter = self.batch, self.layout, self.delimiter
        checker, table = batch.checker, batch.table
        assert table.by_index is not None
        by_index, width = table.by_index, len(table.header)
        where = {field: i for i, field in by_index.items()}
        id_at = where["id"]
        key_of = _getter([where[f] for f in checker.cells_read() if f in where] or [id_at])
        rule = checker.ranking if checker.scoring else None
        texts_of = _getter([where[f] for f in rule.fields] if rule else [id_at])
        score_of = rule.score_of if rule else None
        kept = layout.kept
        every = kept == tuple(range(width))
        kept_of = _getter(kept)
        delimiters = len(kept) - 1
        eq, plus, minus, at, tab, cr, nul = (delimiter + t for t in FORMULA_TRIGGERS)
        kinds: dict[str, _Kind] = {}  # the cells a verdict reads, joined → their kind
        notes, scores, first = batch.tally.score_notes, self.scores, self.first
        duplicates, alone = checker.duplicate_ids, self.alone
        self.out = out
        pending = self.pending
        write = pending.append  # written a few hundred rows at a time (see flush)
        unscored = delimiter * 2 if layout.scored else ""
        for (line, cells), text in chain.from_iterable(blocks):
            if len(pending) >= ROWS_AT_ONCE:
                self.flush()
            if text is None and type(cells) is RowProblem:  # a row the csv module cannot read
                alone(line, [], cells.why)
                continue
            ident = cells[id_at].strip() if len(cells) == width else ""
            if not ident or (duplicates and hash(ident) in duplicates):
                if ident or "".join(cells).strip():  # a blank row is no row (see _blocks)
                    alone(line, cells)
                continue
            key = "\0".join(key_of(cells))  # one string to hash (no cell holds a NUL: refused)
            kind = kinds.get(key)
            if kind is None:
                kind = self.kind_of(record_of(line, cells, by_index, width).values)
                if len(kinds) < MAX_KINDS:
                    kinds[key] = kind
            if text is not None:  # a plain row with nothing to guard (see _blocks)
                joined = text if every else delimiter.join(kept_of(cells))
            else:
                joined = delimiter.join(cells if every else kept_of(cells))
                # what the CSV writer would quote or guard: such a row is written cell by cell
                if (
                    '"' in joined
                    or "\n" in joined
                    or "\r" in joined
                    or joined.count(delimiter) != delimiters
                    or joined[:1] in FORMULA_TRIGGERS
                    or eq in joined
                    or plus in joined
                    or minus in joined
                    or at in joined
                    or tab in joined
                    or cr in joined
                    or nul in joined
                ):
                    alone(line, cells)
                    continue
            if kind.csv is None:
                alone(line, cells)
                continue
            if kind.scored:
                texts = texts_of(cells)
                try:
                    # the cells after the first determine their values: the rule may remember
                    # what it derives from them under their texts
                    numbers = (
                        list(map(dict.__getitem__, kind.parsed, texts))
                        if kind.unread
                        else [
                            value if value is not None else parsed[text]
                            for value, parsed, text in zip(
                                kind.values, kind.parsed, texts, strict=True
                            )
                        ]
                    )
                    score: Decimal | None = score_of(numbers, texts[1:])  # type: ignore[misc]
                    note = ""
                except (KeyError, Undefined):
                    score, note, failed = self.score(kind, texts)
                    if failed is not None:
                        if failed.csv is None:
                            alone(line, cells)
                            continue
                        write(f"{joined}{delimiter}{line}{delimiter}{failed.csv}{unscored}\n")
                        if failed.rows:
                            failed.rows += 1
                        else:
                            first(failed)
                        continue
                if score is None:
                    score_cell: str | None = ""
                else:
                    number = str(score)  # a Decimal's text says all of it, and hashes fast
                    try:
                        score_cell = scores[number]
                    except KeyError:
                        score_cell = self.score_cell(score, number)
                note_cell = self.cell(note) if note else ""
                if score_cell is None or note_cell is None:
                    alone(line, cells)
                    continue
                if note:
                    notes[note] += 1
                write(
                    f"{joined}{delimiter}{line}{delimiter}{kind.csv}{delimiter}{score_cell}"
                    f"{delimiter}{note_cell}\n"
                )
            else:
                write(f"{joined}{delimiter}{line}{delimiter}{kind.csv}{unscored}\n")
            if kind.rows:
                kind.rows += 1
            else:
                first(kind)
        self.flush()
        self.count()

    def kind_of(self, values: Mapping[str, str]) -> _Kind:
        """The kind of the rows whose cells the verdict reads are ``values`` (``field → text``):
        rows whose cells differ only where their outcome does not (a readable cell the call does
        not use) share one."""
        checker = self.batch.checker
        judged, extra = checker.judge(values)
        applicant = judged.applicant
        read = (
            tuple(getattr(applicant, f) for f in checker.ranking.fields) if checker.ranking else ()
        )
        alike = (judged.status, judged.reasons, judged.keys, tuple(extra), applicant.level, read)
        kind = self.alike.get(alike)
        if kind is None:
            kind = _Kind(self, judged, extra)
            kind.remembered = len(self.alike) < MAX_KINDS
            if kind.remembered:
                self.alike[alike] = kind
        return kind

    def flush(self) -> None:
        """Write the rows made so far, those that are ASCII text joined in runs: a row that is
        not (a dash in a reason) would make a whole join a wide string, slow to encode; and one
        call per row costs more than the row when the output's encoding is not one the io
        module encodes in C (``utf-8-sig``)."""
        rows = self.pending
        assert self.out is not None
        write = self.out.write
        if all(map(str.isascii, rows)):
            write("".join(rows))
        else:
            start = 0
            for wide in compress(range(len(rows)), map(not_, map(str.isascii, rows))):
                write("".join(rows[start:wide]))
                write(rows[wide])
                start = wide + 1
            write("".join(rows[start:]))
        rows.clear()

    def first(self, outcome: _Outcome) -> None:
        """Count the first row of an outcome: remembered outcomes count their rows, one made
        for a single row (past the caches' sizes) is counted by its status and reasons."""
        if outcome.remembered:
            self.order.append(outcome)
            outcome.rows = 1
        else:
            self.signed(outcome.status, outcome.keys)

    def signed(self, status: str, keys: tuple[str, ...]) -> None:
        """Count a row by its status and reasons' keys."""
        signature = (status, keys)
        count = self.signatures.get(signature)
        if count is None:
            self.order.append(signature)
            count = 0
        self.signatures[signature] = count + 1

    def score_cell(self, score: Decimal, number: str) -> str | None:
        """A score as its CSV cell (``None``: the row must be written alone), remembered under
        the score's text."""
        if len(self.scores) >= MAX_CELLS:
            self.scores.clear()
        found = self.scores[number] = _csv_text([csv_number(score, self.delimiter)], self.delimiter)
        return found

    def score(
        self, kind: _Kind, texts: Sequence[str]
    ) -> tuple[Decimal | None, str, _Outcome | None]:
        """The score of a row whose ranking cells are not all good: the outcome of their errors
        (in the rule's order) when some are bad, else the checker's score."""
        errors = [
            failure
            for value, cells, text in zip(kind.values, kind.parsed, texts, strict=True)
            if value is None and (failure := cells.failure(text)) is not None
        ]
        if not errors:
            score, note = self.batch.checker.score(kind.applicant, texts, errors)
            return score, note, None
        key = (kind.family, tuple(errors))
        failed = self.failures.get(key)
        if failed is None:
            failed = kind.failed(errors, self.delimiter)
            failed.remembered = len(self.failures) < MAX_KINDS
            if failed.remembered:
                self.failures[key] = failed
        return None, "", failed

    def cells_of(self, field: str, level: str | None) -> _Cells:
        """The cells of a ranking field read in a study cycle: one per reader of the checker
        (shared by the kinds, and by the cycles when the field's bounds are not the cycle's)."""
        read = self.batch.checker.cell_reader(field, level)
        cells = self.parsed.get(read)
        if cells is None:
            cells = self.parsed[read] = _Cells(read)
        return cells

    def cell(self, text: str) -> str | None:
        """A score or a score note as its CSV cell (``None``: the row must be written alone)."""
        try:
            return self.cells[text]
        except KeyError:
            found = self.cells[text] = _csv_text([text], self.delimiter)
            if len(self.cells) > MAX_CELLS:
                self.cells.clear()
            return found

    def alone(self, line: int, cells: list[str], problem: str | None = None) -> None:
        """Check and write a row one cell at a time, as the unfused path does."""
        table = self.batch.table
        assert table.by_index is not None
        record = (
            record_of(line, cells, table.by_index, len(table.header))
            if problem is None
            else Record(line, {}, problem, cells)
        )
        verdict = self.batch.checker.check(line, record.values, record.problem, cells)
        self.flush()
        self.write_row(csv_row(verdict, self.layout, self.delimiter))
        self.signed(verdict.status, verdict.keys)
        if verdict.score_note:
            self.batch.tally.score_notes[verdict.score_note] += 1

    def count(self) -> None:
        """Add the counts to the batch's tally, in the order of each one's first row (the
        order the tally of the rows one by one would have)."""
        statuses, reasons = self.batch.tally.statuses, self.batch.tally.reasons
        for entry in self.order:
            if isinstance(entry, _Outcome):
                status, keys, count = entry.status, entry.keys, entry.rows
            else:
                (status, keys), count = entry, self.signatures[entry]
            statuses[status] += count
            for key in keys:
                reasons[key] += count


@contextlib.contextmanager
def check_batch(
    call: str | Checker,
    source: str | Path | BinaryIO,
    *,
    name: str | None = None,
    catalog: Catalog | None = None,
    ranking: bool = False,
    columns: Mapping[str, str] | None = None,
    encoding: str | None = None,
    sheet: str | None = None,
    unique_ids: bool = False,
) -> Iterator[Batch]:
    """Open an applicants file (a path, ``-`` for standard input, or a binary stream) for
    checking against ``call`` (an id, or a compiled checker).

    ``ranking``: the ranking rule's columns are required; ``columns``: field → header for
    headers the reader does not know; ``unique_ids``: an id on several rows is an error on each
    (default a warning). Raises :class:`~mobility_cli.errors.InputError` for an unreadable
    input or a missing column, ``UnknownIdError`` for an unknown call.
    """
    from mobility_cli.eligibility import checker_for
    from mobility_cli.io.applicants import duplicate_ids, read_applicants
    from mobility_cli.io.files import STDIN, open_input

    if isinstance(call, str):
        from mobility_cli.catalog import Catalog

        checker = checker_for(catalog or Catalog.from_options(), call)
    else:
        checker = call
    checker.unique_ids = unique_ids
    with contextlib.ExitStack() as stack:
        if isinstance(source, (str, Path)):
            stream, name = open_input(str(source))
            if str(source) != STDIN:
                stack.callback(stream.close)
        else:
            stream, name = source, name or "<stream>"
        if str(source) == STDIN or not stream.seekable():  # two passes: keep a copy
            import tempfile

            spool: BinaryIO = stack.enter_context(tempfile.TemporaryFile())
            shutil.copyfileobj(stream, spool)
            spool.seek(0)
            stream = spool
        start = stream.tell()

        def read() -> CsvTable:
            stream.seek(start)
            return read_applicants(
                stream,
                name,
                required=checker.required_columns(ranking=ranking),
                overrides=columns,
                encoding=encoding,
                sheet=sheet,
            )

        checker.duplicate_ids = duplicate_ids(read())
        table = read()
        notes = ([table.note] if table.note else []) + checker.use_columns(table.columns)
        yield Batch(checker, table, notes, stream)
