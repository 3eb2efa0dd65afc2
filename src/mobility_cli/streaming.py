"""Converting a transcript or a cohort as a stream: each course as it is read, the summaries
per student at the end, and memory that grows with the students, not with the courses.

Courses that would convert alike (the same grade, scale, credits, status … cells) share one
:class:`Outcome`, computed once by the engine; what a course adds to its student's credits and
average is kept as running sums per student id (:class:`CohortSums`), so a student's rows need
not be contiguous. A CSV file's rows are read as cells (no record per row), and
:meth:`Courses.write` is one loop from the cells to the lines of a writer. Examples:
docs/api.md.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from operator import attrgetter, itemgetter
from typing import Any, NamedTuple, Protocol

from mobility_cli.catalog import Catalog
from mobility_cli.conversion.engine import Converter
from mobility_cli.conversion.transcript import (
    CohortSums,
    CourseInput,
    CourseResult,
    ResultStatus,
    Share,
    Summary,
    SummaryRules,
    convert_course,
    share_of,
)
from mobility_cli.errors import InputError
from mobility_cli.io.csv_reader import RowProblem, blank, row_groups, table_rows
from mobility_cli.io.csv_writer import FORMULA_TRIGGERS, HELD_LINES
from mobility_cli.io.tables import record_of
from mobility_cli.io.transcripts import TranscriptRows
from mobility_cli.records import Record

MAX_OUTCOMES = 10_000  # distinct outcomes remembered; a cohort has a few hundred
# what a course's outcome depends on (everything but the cells that only travel along)
_OUTCOME_OF_INPUT = attrgetter(
    "grade", "scale", "credits", "status", "problem", "distribution", "isced", "host"
)
_TRAVELS_ALONG = frozenset(("course", "student_id", "replaces"))
_TRIGGERS = frozenset(FORMULA_TRIGGERS)  # first characters the CSV writer guards


class Outcome:
    """What a course converts to, shared by every course that converts alike: a result without
    the course's own cells (row, title, student, replaced exam). Compared by identity."""

    __slots__ = (
        "converted",
        "credits",
        "distribution",
        "earned",
        "error",
        "input_grade",
        "lode",
        "method",
        "notes",
        "packed",
        "rule",
        "scale",
        "share",
        "status",
        "value",
    )

    def __init__(self, result: CourseResult, sums: CohortSums) -> None:
        self.input_grade: str = result.input_grade
        self.scale: str | None = result.scale
        self.credits: Decimal | None = result.credits
        self.status: ResultStatus = result.status
        self.converted: str | None = result.converted
        self.value: Decimal | None = result.value
        self.lode: bool = result.lode
        self.method: str | None = result.method
        self.rule: str | None = result.rule
        self.error: str | None = result.error
        self.earned: bool = result.earned
        self.distribution: str | None = result.distribution
        self.notes: tuple[str, ...] = tuple(result.notes)
        self.share: Share = share_of(result)
        self.packed: int | None = sums.pack(self.share)  # what a course adds to its student's


class Course(NamedTuple):
    """One course of a stream: its own cells and its shared :class:`Outcome`."""

    row: int
    student_id: str | None
    course: str
    replaces: str | None
    outcome: Outcome

    def result(self) -> CourseResult:
        """The course's full result, as :func:`convert_transcript` gives it."""
        o = self.outcome
        return CourseResult(
            row=self.row,
            course=self.course,
            input_grade=o.input_grade,
            scale=o.scale,
            credits=o.credits,
            status=o.status,
            converted=o.converted,
            value=o.value,
            lode=o.lode,
            method=o.method,
            rule=o.rule,
            error=o.error,
            replaces=self.replaces,
            student_id=self.student_id,
            earned=o.earned,
            distribution=o.distribution,
            notes=list(o.notes),
        )


class CourseLines(Protocol):
    """How a writer makes a line of text of a course (the CSV of ``convert``): the row
    number, the student id and the course, the outcome's cells, the exam it replaces."""

    delimiter: str

    def outcome_text(self, outcome: Outcome) -> str | None:
        """The outcome's cells as text (computed once per outcome); None: each course with
        this outcome is written by :meth:`line`."""

    def plain(self, text: str) -> object:
        """True when ``student id + delimiter + course`` goes into a line as it is."""

    def line(self, course: Course) -> str:
        """A course's whole line, whatever its cells."""


class Courses:
    """The courses of a stream, in input order: iterate it once for :class:`Course` tuples,
    or :meth:`write` them as lines."""

    def __init__(self, stream: TranscriptStream) -> None:
        self._stream = stream
        self._iterator: Iterator[Course] | None = None

    def __iter__(self) -> Iterator[Course]:
        if self._iterator is None:
            self._iterator = self._stream._courses()
        return self._iterator

    def __next__(self) -> Course:
        return next(iter(self))

    def write(self, write: Callable[[str], object], lines: CourseLines, first: str) -> None:
        """``first``, then each course's line, passed to ``write`` ``HELD_LINES`` at a time.
        A CSV file's courses not read yet go from cells to lines in one loop."""
        if self._iterator is None:
            self._iterator = iter(())  # read once: what follows reads the stream itself
            self._stream._write(write, lines, first)
        else:
            write_lines(write, self._iterator, lines, first)


def write_lines(
    write: Callable[[str], object], courses: Iterable[Course], lines: CourseLines, first: str
) -> None:
    """``first``, then the line of each course, ``HELD_LINES`` at a time."""
    held, line = [first], lines.line
    for course in courses:
        held.append(line(course))
        if len(held) >= HELD_LINES:
            write("".join(held))
            held.clear()
    write("".join(held))


class _CsvCourses:
    """A CSV file's rows made courses: keyed on the raw cells that decide the outcome, a
    :class:`CourseInput` only for an outcome not remembered (or a row with a shape problem)."""

    def __init__(self, stream: TranscriptStream, rows: TranscriptRows) -> None:
        table = rows.table
        assert table.by_index is not None  # a CSV table's
        self.by_index, self.width = table.by_index, len(table.header)
        where = {field: i for i, field in self.by_index.items()}
        # never one column: the grade and credits columns are required
        self.key_of = itemgetter(*(i for i, f in self.by_index.items() if f not in _TRAVELS_ALONG))
        self.student_at = where.get("student_id", -1)
        self.course_at = where["course"]
        self.replaces_at = where.get("replaces", -1)
        at_course = self.course_at
        # a row's student id (as written) and course, in one call when there are both
        self.own_cells: Callable[[list[str]], tuple[str, str]] = (
            itemgetter(self.student_at, at_course)
            if self.student_at >= 0
            else lambda cells: ("", cells[at_course])
        )
        self.course_of = rows.course
        self.stream = stream

    def course(self, line: int, cells: list[str]) -> Course | None:
        """The course of a row (None for a blank row), added to its student's sums."""
        stream = self.stream
        if type(cells) is RowProblem or len(cells) != self.width:
            if type(cells) is RowProblem:
                record = Record(line, {}, cells.why)
            elif blank(cells):
                return None
            else:
                record = record_of(line, cells, self.by_index, self.width)
            return stream._course(self.course_of(record))
        if blank(cells):
            return None
        key = self.key_of(cells)
        outcome = stream._by_cells.get(key)
        if outcome is None:
            course = self.course_of(record_of(line, cells, self.by_index, self.width))
            outcome = stream._outcome(course, key, stream._by_cells)
        student = cells[self.student_at].strip() if self.student_at >= 0 else ""
        replaces = cells[self.replaces_at].strip() if self.replaces_at >= 0 else ""
        stream._sums.add(student, outcome.share, replaces, outcome.packed)
        stream._read = True
        return Course(
            line, student or None, cells[self.course_at].strip(), replaces or None, outcome
        )


class TranscriptStream:
    """A transcript or cohort being converted. Read it once, with :meth:`courses` (light
    :class:`Course` tuples) or by iterating (full :class:`CourseResult` objects); then
    :meth:`summaries` gives one summary per student id, in order of first appearance (one
    summary when no row has an id).

    Memory: the outcomes remembered (at most ``MAX_OUTCOMES`` by cells and as many by input)
    and, per student, a dict entry, the id and an int of their sums (~170 bytes a student,
    benchmarks/README.md); nothing per course.
    """

    def __init__(
        self,
        courses: Iterable[CourseInput],
        converter: Converter,
        *,
        scale: str | None = None,
        catalog: Catalog | None = None,
        source: str = "the transcript",
        notes: Iterable[str] = (),
    ) -> None:
        self.converter = converter
        # for the whole run: a programme converted by its school's rules, how the file was read
        self.notes = [*converter.notes, *notes]
        self._source: Iterable[CourseInput] | None = courses
        self._scale = scale
        self._catalog = catalog
        self._name = source
        # outcomes by a course's cells as read (CSV) and by its CourseInput fields (any source)
        self._by_cells: dict[Any, Outcome] = {}
        self._by_input: dict[Any, Outcome] = {}
        self._course_notes: dict[str, None] = {}
        self._sums = CohortSums()
        self._read = False  # a course was read
        self._done = False

    def __iter__(self) -> Iterator[CourseResult]:
        return (course.result() for course in self.courses())

    def courses(self) -> Courses:
        """Each course in input order, converted; the sums are kept on the way."""
        return Courses(self)

    def _take(self) -> Iterable[CourseInput]:
        source, self._source = self._source, None
        if source is None:
            raise RuntimeError("a transcript stream is read once")
        return source

    def _courses(self) -> Iterator[Course]:
        source = self._take()
        if isinstance(source, TranscriptRows) and source.table.lines is not None:
            reader = _CsvCourses(self, source)
            courses: Iterable[Course | None] = (
                reader.course(line, cells) for line, cells in table_rows(source.table)
            )
        else:
            courses = map(self._course, source)
        for course in courses:
            if course is not None:
                yield course
        self._finish()

    def _finish(self) -> None:
        if not self._read:
            raise InputError(f"{self._name}: no courses (only a header, or empty)")
        self._done = True
        if self._catalog is not None:
            self._catalog.note_data(self.converter.used)

    def _outcome(self, course: CourseInput, key: Any, remember: dict[Any, Outcome]) -> Outcome:
        outcome = Outcome(convert_course(course, self.converter, self._scale), self._sums)
        for note in outcome.notes:
            self._course_notes.setdefault(note)
        if len(remember) < MAX_OUTCOMES:
            remember[key] = outcome
        return outcome

    def _course(self, course: CourseInput) -> Course:
        """Any source's course, keyed on its fields."""
        # credits by their text too: 7.50 equals 7.5, but is not written as 7.5
        key = (_OUTCOME_OF_INPUT(course), str(course.credits))
        outcome = self._by_input.get(key) or self._outcome(course, key, self._by_input)
        self._sums.add(course.student_id or "", outcome.share, course.replaces, outcome.packed)
        self._read = True
        return Course(course.row, course.student_id, course.course, course.replaces, outcome)

    def _write(self, write: Callable[[str], object], lines: CourseLines, first: str) -> None:
        source = self._take()
        if not (isinstance(source, TranscriptRows) and source.table.lines is not None):
            self._source = source
            write_lines(write, self._courses(), lines, first)
            return
        reader = _CsvCourses(self, source)
        groups = row_groups(source.table)
        held, flush = [first], HELD_LINES
        append, course_of, line_of = held.append, reader.course, lines.line
        rows: Iterator[tuple[int, list[str]]] = iter(())
        acc = self._sums.packed
        if acc is not None:  # the loop of rows whose outcome and line are known
            known: dict[Any, tuple[int, str]] = {}  # key cells → what the course adds, its text
            remembered, get, key_of, plain = known.get, acc.get, reader.key_of, lines.plain
            width, d, at_replaces = reader.width, lines.delimiter, reader.replaces_at
            own = reader.own_cells
            for group in groups:
                # cells split on the output's delimiter hold no quote, line break, NUL or
                # delimiter: only a first character can make them need the writer
                bare = group.lines is not None and d == source.table.delimiter
                rows = iter(group.rows)
                for line, cells in rows:
                    if len(cells) == width and (hit := remembered(key_of(cells))) is not None:
                        student, title = own(cells)
                        student, title = student.strip(), title.strip()
                        if (
                            (bare and student[:1] not in _TRIGGERS and title[:1] not in _TRIGGERS)
                            or plain(f"{student}{d}{title}")
                        ) and (at_replaces < 0 or not cells[at_replaces].strip()):
                            acc[student] = get(student, 0) + hit[0]
                            append(f"{line}{d}{student}{d}{title}{hit[1]}")
                            if len(held) >= flush:
                                write("".join(held))
                                held.clear()
                            continue
                    course = course_of(line, cells)
                    if course is None:
                        continue
                    append(line_of(course))
                    if len(held) >= flush:
                        write("".join(held))
                        held.clear()
                    if self._sums.packed is None:  # a number beyond the packed sums
                        break
                    outcome = course.outcome
                    if len(cells) == width and outcome.packed is not None:
                        key = key_of(cells)
                        text = lines.outcome_text(outcome)
                        # not a blank row's key
                        if text is not None and "".join(key).strip() and len(known) < MAX_OUTCOMES:
                            known[key] = (outcome.packed, f"{d}{text}{d}\n")
                if self._sums.packed is None:
                    break
        rows = itertools.chain(rows, itertools.chain.from_iterable(g.rows for g in groups))
        for line, cells in rows:
            course = course_of(line, cells)
            if course is not None:
                append(line_of(course))
                if len(held) >= flush:
                    write("".join(held))
                    held.clear()
        self._finish()
        write("".join(held))

    def _finished(self) -> None:
        if not self._done:
            raise RuntimeError("read the courses of a transcript stream before its summaries")

    def summaries(self) -> Iterator[Summary]:
        """One summary per student id (a plain transcript: one), in order of first appearance;
        each built when it is reached, so a cohort's summaries are never all in memory."""
        self._finished()
        rules = SummaryRules(self.converter)
        for student, sums in self._sums.students():
            yield rules.summary(sums, student or None)

    @property
    def course_notes(self) -> list[str]:
        """Notes of the courses (what was accepted beyond a scale's plain grades), once each."""
        self._finished()
        return list(self._course_notes)

    @property
    def students(self) -> int:
        """Summaries there are: student ids, or 1 for a transcript without ids."""
        self._finished()
        return len(self._sums)

    @property
    def course_count(self) -> int:
        self._finished()
        return self._sums.counts()[0]

    @property
    def errors(self) -> int:
        """Courses not converted."""
        self._finished()
        return self._sums.counts()[1]

    @property
    def complete(self) -> bool:
        """False when any course was not converted: the averages cover only the others."""
        return self.errors == 0

    @property
    def cohort(self) -> bool:
        """True when rows carry student ids."""
        self._finished()
        return any(self._sums.ids())
