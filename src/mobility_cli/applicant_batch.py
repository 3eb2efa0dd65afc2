"""Checking a whole applicants file against a call, streamed: the library's batch API, of which
``mobility check`` and ``mobility rank`` are thin clients.

>>> from mobility_cli import check_batch
>>> with check_batch("polimi-2026-2027-first-engineering", "examples/applicants.csv") as batch:
...     statuses = [verdict.status for verdict in batch]
>>> statuses[:3], batch.tally.total
(['eligible', 'eligible', 'eligible'], 8)

A batch reads its input twice: a first pass takes only the id cells (to flag an id found on
several rows on each of them, the first too: see :class:`~mobility_cli.io.applicants.IdHashes`,
in bounded memory), the second checks row by row. Iterating gives one
:class:`~mobility_cli.eligibility.checker.Verdict` per row, in input order, counted in
:attr:`Batch.tally`; :meth:`Batch.write_csv` is the same check fused with the CSV writer, for
large files.

The fused loop works on the cells as written. What the requirements say of a row, and the
warnings on the cells the call does not use, are remembered per distinct combination of the
raw cells they read (a cohort repeats a few hundred); the score is computed per row from cells
parsed once each; a row is written with one format string, its verdict's columns already in
CSV form (a ranking cell that is an error too: its outcome is remembered with its kind); the
tally counts each outcome once. A row that is not the common case — not as wide as the header,
a blank or repeated id, a cell the CSV writer would quote or guard — goes through the checker
and the writer one cell at a time, so its output is what they give.
"""

from __future__ import annotations

import contextlib
import io
import shutil
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from itertools import chain, compress, islice, repeat
from operator import attrgetter, is_not, itemgetter, methodcaller, not_
from pathlib import Path
from typing import IO, TYPE_CHECKING, BinaryIO, NamedTuple, cast

from mobility_cli.eligibility.checker import ELIGIBLE, ERROR, Verdict
from mobility_cli.eligibility.ranking import Undefined
from mobility_cli.eligibility.requirements import Failure
from mobility_cli.io.applicants import plain_text
from mobility_cli.io.csv_reader import csv_rows
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
ROWS_AT_ONCE = 512  # lines looked at together (a guarded cell sends its block the slow way)


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
    """The outcome of every row with the same cells (those the verdict reads), with the
    applicant as the requirements read it and, for the ranking rule's fields, the values they
    read and the cells parsed in the applicant's study cycle (raw cell → value)."""

    __slots__ = (
        "applicant",
        "bad",
        "extra",
        "family",
        "judged",
        "parsed",
        "scored",
        "unread",
        "values",
    )

    def __init__(self, fused: _Fused, values: Mapping[str, str]) -> None:
        checker = fused.batch.checker
        judged, extra = checker.judge(values)
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
        self.parsed = [fused.parsed.setdefault((f, applicant.level), {}) for f in fields]
        self.bad = [fused.bad.setdefault((f, applicant.level), {}) for f in fields]

    def failed(self, errors: list[Failure], delimiter: str) -> _Outcome:
        """The outcome of a row of this kind whose ranking cells are ``errors``."""
        found = [*errors, *self.extra]
        return _Outcome(
            ERROR,
            self.judged.reasons + tuple(f.text for f in found),
            self.judged.keys + tuple(f.key for f in found),
            delimiter,
        )


def _csv_text(cells: Sequence[str], delimiter: str) -> str | None:
    """Cells as the CSV writer writes them, without the line end; ``None`` when one has a CR
    (the writer then quotes every cell of the row)."""
    if any("\r" in cell for cell in cells):
        return None
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
        delimiter; decimal commas after a ``;``). ``watch`` wraps the lines read (a progress
        bar)."""
        table, delimiter = self.table, self.table.delimiter
        write_row = csv_row_writer(out, delimiter)
        write_row(layout.columns)
        if table.lines is None or table.by_index is None or not layout.kept:
            for verdict in watch(self) if watch else self:
                write_row(csv_row(verdict, layout, delimiter))
            return
        _Fused(self, layout).run(out, self._blocks(watch))

    def _blocks(self, watch: Watch | None) -> Iterator[_Block]:
        table = self.table
        assert table.lines is not None
        lines = watch(table.lines) if watch else table.lines
        return _blocks(lines, table.delimiter, table.header_at, table.name)


class _Block(NamedTuple):
    """Rows read for the fused loop (see :func:`_blocks`): where each starts, its cells, why it
    cannot be read (``None``: every row can), and each row's text (``None``: not known)."""

    lines: Sequence[int]
    rows: list[list[str]]
    problems: Sequence[str | None] | None
    texts: list[str] | None


def _blocks(lines: Iterator[str], delimiter: str, header_at: int, name: str) -> Iterator[_Block]:
    """The rows :func:`~mobility_cli.io.csv_reader.csv_rows` reads (and blank ones, which it
    skips), a block at a time, with their texts when the CSV writer would write their cells as
    they are, joined by the delimiter: a block of plain lines (see
    :func:`~mobility_cli.io.applicants.plain_text`) is split on the delimiter, and when no cell
    in it starts with a character the writer guards, each line's text is its row's. From the
    first block that is not plain on, the csv module reads the rest."""
    split = methodcaller("split", delimiter)
    starts = {t: (delimiter + t, "\n" + t) for t in FORMULA_TRIGGERS}
    read = header_at
    while block := list(islice(lines, ROWS_AT_ONCE)):
        text = plain_text(block)
        if text is None:
            rows = csv_rows(chain(block, lines), delimiter, read, name)
            while chunk := list(islice(rows, ROWS_AT_ONCE)):
                starts_at, cells, problems = zip(*chunk, strict=True)
                yield _Block(starts_at, list(cells), problems, None)
            return
        if "\r" in text:
            text = text.replace("\r\n", "\n")
        bodies = text.split("\n")
        if text.endswith("\n"):
            bodies.pop()
        numbers = range(read + 1, read + 1 + len(bodies))
        read += len(block)
        # a character the writer guards may start a cell: only then are two-character texts
        # looked for (a search for one character is many times faster)
        guarded = text[0] in FORMULA_TRIGGERS or any(
            start in text for t in FORMULA_TRIGGERS if t in text for start in starts[t]
        )
        yield _Block(numbers, list(map(split, bodies)), None, None if guarded else bodies)


def _write_block(write: Callable[[str], object], parts: list[str]) -> None:
    """Write a block's rows joined, the rows that are ASCII text in runs: one row that is not (a
    dash in a reason) would make the whole block a wide string, slow to encode."""
    if all(map(str.isascii, parts)):
        write("".join(parts))
        return
    start = 0
    for wide in compress(range(len(parts)), map(not_, map(str.isascii, parts))):
        write("".join(parts[start:wide]))
        write(parts[wide])
        start = wide + 1
    write("".join(parts[start:]))


def _getter(indexes: Sequence[int]) -> Callable[[Sequence[str]], tuple[str, ...]]:
    """The cells at ``indexes``, as a tuple, in one C call when there are several."""
    if len(indexes) == 1:
        (only,) = indexes
        return lambda cells: (cells[only],)
    return itemgetter(*indexes)


class _Fused:
    """One fused check-and-write loop (see the module's docstring)."""

    def __init__(self, batch: Batch, layout: Layout) -> None:
        self.batch = batch
        self.layout = layout
        self.delimiter = batch.table.delimiter
        self.spare = io.StringIO()  # a row written cell by cell, before it joins its block
        self.write_row = csv_row_writer(self.spare, self.delimiter)
        self.order: list[_Outcome | tuple[str, tuple[str, ...]]] = []  # by first row
        self.families: dict[tuple[object, ...], int] = {}  # a kind's reasons and warnings → #
        self.failures: dict[tuple[object, tuple[Failure, ...]], _Outcome] = {}
        self.signatures: dict[tuple[str, tuple[str, ...]], int] = {}  # (status, keys) → rows
        self.cells: dict[str, str | None] = {}  # score notes as CSV cells
        self.scores: dict[str, str | None] = {}  # a score's text → its CSV cell
        self.parsed: dict[tuple[str, str | None], dict[str, object]] = {}  # cell → value
        self.bad: dict[tuple[str, str | None], dict[str, Failure]] = {}  # cell → why not

    def run(self, out: IO[str], blocks: Iterable[_Block]) -> None:
        batch, layout, delimiter = self.batch, self.layout, self.delimiter
        checker, table = batch.checker, batch.table
        assert table.by_index is not None
        by_index, width = table.by_index, len(table.header)
        where = {field: i for i, field in by_index.items()}
        id_at = where["id"]
        id_of = itemgetter(id_at)
        key_of = _getter([where[f] for f in checker.cells_read() if f in where] or [id_at])
        rule = checker.ranking if checker.scoring else None
        texts_of = _getter([where[f] for f in rule.fields] if rule else [id_at])
        score_of = rule.score_of if rule else None
        kept = layout.kept
        every = kept == tuple(range(width))
        kept_of = _getter(kept)
        delimiters = len(kept) - 1
        eq, plus, minus, at, tab, cr, nul = (delimiter + t for t in FORMULA_TRIGGERS)
        kinds: dict[tuple[str, ...], _Kind] = {}
        # a kind counted already and not scored → what follows a row's line number
        tails: dict[_Kind | None, str] = {}
        escaped = delimiter.replace("%", "%%")
        line_of = f"%s{escaped}%d{escaped}%s"  # a row's text, line and the rest
        scored_line = f"%s{escaped}%d{escaped}%s{escaped}%s{escaped}\n"  # … status, score
        # a scored kind counted already whose score reads only the ranking cells → itself
        columnar: dict[_Kind | None, _Kind] = {}
        notes, scores, first = batch.tally.score_notes, self.scores, self.first
        write, duplicates, alone = out.write, checker.duplicate_ids, self.alone
        unscored = delimiter * 2 if layout.scored else ""
        for lines, rows, problems, bodies in blocks:
            todo: Iterable[int] = range(len(rows))
            parts = [""] * len(rows)
            whole = bodies is not None and min(map(len, rows)) == width == max(map(len, rows))
            idents = list(map(str.strip, map(id_of, rows))) if whole else []
            if (
                whole
                and all(idents)
                and not (duplicates and not duplicates.isdisjoint(map(hash, idents)))
            ):
                # every row of a kind counted already and not scored is written in C calls;
                # the others go through the loop below, in order
                assert bodies is not None
                found = list(map(kinds.get, map(key_of, rows)))
                after = list(map(tails.get, found))
                fast = list(map(is_not, after, repeat(None)))
                joined_rows = bodies if every else list(map(delimiter.join, map(kept_of, rows)))
                parts = list(map(line_of.__mod__, zip(joined_rows, lines, after, strict=True)))
                counted = cast(Iterator[_Kind], compress(found, fast))  # kinds in tails
                for seen, count in Counter(counted).items():
                    seen.rows += count
                picks = list(map(columnar.get, found))
                if rule is not None and any(picks):
                    # rows of a scored kind counted already, whose ranking cells are all known
                    # good and whose score's cell is known: scored a column at a time
                    places = list(compress(todo, picks))
                    chosen = cast(list[_Kind], list(filter(None, picks)))
                    ranking_cells = list(map(texts_of, map(rows.__getitem__, places)))
                    parsed = list(map(attrgetter("parsed"), chosen))
                    columns = [
                        list(map(dict.get, map(itemgetter(j), parsed), column))
                        for j, column in enumerate(zip(*ranking_cells, strict=True))
                    ]
                    # by identity: `None in row` would compare each Decimal with None, and a
                    # Decimal's == asks whether None is a Rational (an ABC, slow)
                    present = (map(is_not, column, repeat(None)) for column in columns)
                    known = list(map(all, zip(*present, strict=True)))
                    found_scores = rule.scores_of(
                        [list(compress(column, known)) for column in columns],
                        list(compress(map(itemgetter(slice(1, None)), ranking_cells), known)),
                    )
                    for i, ready, cell in zip(
                        compress(places, known),
                        compress(chosen, known),
                        map(scores.get, map(str, found_scores)),
                        strict=True,
                    ):
                        if cell is not None:
                            parts[i] = scored_line % (joined_rows[i], lines[i], ready.csv, cell)
                            ready.rows += 1
                            fast[i] = True
                todo = compress(todo, map(not_, fast))
            for i in todo:
                line, cells = lines[i], rows[i]
                if problems is not None and problems[i] is not None:  # the csv module's error
                    parts[i] = alone(line, cells, problems[i])
                    continue
                ident = cells[id_at].strip() if len(cells) == width else ""
                if not ident or (duplicates and hash(ident) in duplicates):
                    # a blank row is no row (see _blocks)
                    parts[i] = alone(line, cells) if ident or "".join(cells).strip() else ""
                    continue
                key = key_of(cells)
                kind = kinds.get(key)
                if kind is None:
                    kind = _Kind(self, record_of(line, cells, by_index, width).values)
                    kind.remembered = len(kinds) < MAX_KINDS
                    if kind.remembered:
                        kinds[key] = kind
                if bodies is not None:  # a plain row with nothing to guard (see _blocks)
                    joined = bodies[i] if every else delimiter.join(kept_of(cells))
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
                        parts[i] = alone(line, cells)
                        continue
                if kind.csv is None:
                    parts[i] = alone(line, cells)
                    continue
                if kind.scored:
                    texts = texts_of(cells)
                    try:
                        # the cells after the first determine their values: the rule may
                        # remember what it derives from them under their texts
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
                                parts[i] = alone(line, cells)
                                continue
                            parts[i] = (
                                f"{joined}{delimiter}{line}{delimiter}{failed.csv}{unscored}\n"
                            )
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
                        parts[i] = alone(line, cells)
                        continue
                    if note:
                        notes[note] += 1
                    parts[i] = (
                        f"{joined}{delimiter}{line}{delimiter}{kind.csv}{delimiter}{score_cell}"
                        f"{delimiter}{note_cell}\n"
                    )
                else:
                    parts[i] = f"{joined}{delimiter}{line}{delimiter}{kind.csv}{unscored}\n"
                if kind.rows:
                    kind.rows += 1
                else:
                    first(kind)
                    if kind.remembered and not kind.scored:
                        tails[kind] = f"{kind.csv}{unscored}\n"
                    elif kind.remembered and kind.unread:
                        columnar[kind] = kind
            _write_block(write, parts)
        self.count()

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
        """The score of a row whose ranking cells are not all known good: the outcome of their
        errors when they are known bad, else the checker's score (its cells then known)."""
        errors = list[Failure]()
        for value, parsed, bad, text in zip(kind.values, kind.parsed, kind.bad, texts, strict=True):
            if value is None and text not in parsed:
                failure = bad.get(text)
                if failure is None:  # a blank or new cell
                    errors = self.checked(kind, texts)
                    break
                errors.append(failure)
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

    def checked(self, kind: _Kind, texts: Sequence[str]) -> list[Failure]:
        """Read a row's ranking cells as the checker does, remembering each as good or bad;
        the errors, in the rule's order."""
        checker, errors = self.batch.checker, list[Failure]()
        assert checker.ranking is not None
        level = kind.applicant.level
        for field, value, parsed, bad, text in zip(
            checker.ranking.fields, kind.values, kind.parsed, kind.bad, texts, strict=True
        ):
            found = checker.checked_cell(field, text.strip(), level) if value is None else None
            if isinstance(found, Failure):
                errors.append(found)
                if len(bad) < MAX_CELLS:
                    bad[text] = found
            elif found is not None and len(parsed) < MAX_CELLS:
                parsed[text] = found
        return errors

    def cell(self, text: str) -> str | None:
        """A score or a score note as its CSV cell (``None``: the row must be written alone)."""
        try:
            return self.cells[text]
        except KeyError:
            found = self.cells[text] = _csv_text([text], self.delimiter)
            if len(self.cells) > MAX_CELLS:
                self.cells.clear()
            return found

    def alone(self, line: int, cells: list[str], problem: str | None = None) -> str:
        """Check a row and write it one cell at a time, as the unfused path does: its text."""
        table = self.batch.table
        assert table.by_index is not None
        record = (
            record_of(line, cells, table.by_index, len(table.header))
            if problem is None
            else Record(line, {}, problem, cells)
        )
        verdict = self.batch.checker.check(line, record.values, record.problem, cells)
        self.write_row(csv_row(verdict, self.layout, self.delimiter))
        self.signed(verdict.status, verdict.keys)
        if verdict.score_note:
            self.batch.tally.score_notes[verdict.score_note] += 1
        text = self.spare.getvalue()
        self.spare.seek(0)
        self.spare.truncate()
        return text

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
