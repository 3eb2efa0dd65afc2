"""Converting a transcript or a cohort as a stream: each course as it is read, the summaries
per student at the end, and memory that grows with the students, not with the courses.

Courses that would convert alike (the same grade, scale, credits, status … cells) share one
:class:`Outcome`, computed once by the engine; what a course adds to its student's credits and
average is kept as running sums per student id (:class:`StudentSums`), so a student's rows need
not be contiguous. Examples: docs/api.md.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from decimal import Decimal
from operator import attrgetter, itemgetter
from typing import Any, NamedTuple

from mobility_cli.catalog import Catalog
from mobility_cli.conversion.engine import Converter
from mobility_cli.conversion.transcript import (
    CourseInput,
    CourseResult,
    ResultStatus,
    Share,
    StudentSums,
    Summary,
    convert_course,
    share_of,
)
from mobility_cli.errors import InputError
from mobility_cli.io.transcripts import TranscriptRows

MAX_OUTCOMES = 10_000  # distinct outcomes remembered; a cohort has a few hundred
# what a course's outcome depends on (everything but the cells that only travel along)
_OUTCOME_OF_INPUT = attrgetter(
    "grade", "scale", "credits", "status", "problem", "distribution", "isced", "host"
)
_TRAVELS_ALONG = frozenset(("course", "student_id", "replaces"))


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
        "rule",
        "scale",
        "share",
        "status",
        "value",
    )

    def __init__(self, result: CourseResult) -> None:
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


def note_data_used(catalog: Catalog, converter: Converter) -> None:
    """Let the catalogue report reference groups and host tables that are not official."""
    for name, provenance in converter.used.items():
        catalog.note_data(name, provenance)


class TranscriptStream:
    """A transcript or cohort being converted. Read it once, with :meth:`courses` (light
    :class:`Course` tuples) or by iterating (full :class:`CourseResult` objects); then
    :meth:`summaries` gives one summary per student id, in order of first appearance (one
    summary when no row has an id).

    Memory: the outcomes remembered (at most ``MAX_OUTCOMES`` by cells and as many by input)
    and, per student, a dict entry, the id and a :class:`StudentSums` whose sums are shared
    between students (~170 bytes a student, benchmarks/README.md); nothing per course.
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
        self._students: dict[str | None, StudentSums] = {}
        self._done = False

    def __iter__(self) -> Iterator[CourseResult]:
        return (course.result() for course in self.courses())

    def courses(self) -> Iterator[Course]:
        """Each course in input order, converted; the sums are kept on the way."""
        source, self._source = self._source, None
        if source is None:
            raise RuntimeError("a transcript stream is read once")
        if isinstance(source, TranscriptRows):
            courses = self._from_rows(source)
        else:
            courses = self._from_inputs(source)
        first = next(courses, None)
        if first is None:
            raise InputError(f"{self._name}: no courses (only a header, or empty)")
        yield first
        yield from courses
        self._done = True
        if self._catalog is not None:
            note_data_used(self._catalog, self.converter)

    def _outcome(self, course: CourseInput, key: Any, remember: dict[Any, Outcome]) -> Outcome:
        outcome = Outcome(convert_course(course, self.converter, self._scale))
        for note in outcome.notes:
            self._course_notes.setdefault(note)
        if len(remember) < MAX_OUTCOMES:
            remember[key] = outcome
        return outcome

    def _sums(self, student_id: str | None) -> StudentSums:
        sums = self._students.get(student_id)
        if sums is None:
            sums = self._students[student_id] = StudentSums()
        return sums

    def _from_inputs(self, source: Iterable[CourseInput]) -> Iterator[Course]:
        remembered, outcome_of, sums_of = self._by_input.get, self._outcome, self._sums
        for course in source:
            key = _OUTCOME_OF_INPUT(course)
            outcome = remembered(key) or outcome_of(course, key, self._by_input)
            sums_of(course.student_id).add(outcome.share, course.replaces)
            yield Course(course.row, course.student_id, course.course, course.replaces, outcome)

    def _from_rows(self, rows: TranscriptRows) -> Iterator[Course]:
        """The CSV loop: a course is keyed on its raw cells, and made a :class:`CourseInput`
        only when its outcome is not remembered (or its row has a shape problem)."""
        keyed = [f for f in rows.table.columns if f not in _TRAVELS_ALONG]
        cells_of = itemgetter(*keyed)  # never empty: the grade and credits columns are required
        remembered, outcome_of, sums_of = self._by_cells.get, self._outcome, self._sums
        students = self._students
        course_of = rows.course
        new = tuple.__new__  # Course(…) without the Python-level __new__ of a named tuple
        for record in rows.table.records:
            values = record[1]
            if record[2] is not None:  # a shape problem: the slow, general way
                course = course_of(record)
                key: Any = _OUTCOME_OF_INPUT(course)
                outcome = self._by_input.get(key) or outcome_of(course, key, self._by_input)
                sums_of(course.student_id).add(outcome.share, course.replaces)
                yield Course(course.row, course.student_id, course.course, course.replaces, outcome)
                continue
            key = cells_of(values)
            outcome = remembered(key) or outcome_of(course_of(record), key, self._by_cells)
            student = values.get("student_id") or None
            replaces = values.get("replaces") or None
            sums = students.get(student)
            if sums is None:
                sums = students[student] = StudentSums()
            sums.add(outcome.share, replaces)
            yield new(Course, (record[0], student, values.get("course", ""), replaces, outcome))

    def _finished(self) -> None:
        if not self._done:
            raise RuntimeError("read the courses of a transcript stream before its summaries")

    def summaries(self) -> Iterator[Summary]:
        """One summary per student id (a plain transcript: one), in order of first appearance;
        each built when it is reached, so a cohort's summaries are never all in memory."""
        self._finished()
        for student, sums in self._students.items():
            yield sums.summary(self.converter, student)

    @property
    def course_notes(self) -> list[str]:
        """Notes of the courses (what was accepted beyond a scale's plain grades), once each."""
        self._finished()
        return list(self._course_notes)

    @property
    def students(self) -> int:
        """Summaries there are: student ids, or 1 for a transcript without ids."""
        self._finished()
        return len(self._students)

    @property
    def course_count(self) -> int:
        self._finished()
        return sum(s.courses for s in self._students.values())

    @property
    def errors(self) -> int:
        """Courses not converted."""
        self._finished()
        return sum(s.errors for s in self._students.values())

    @property
    def complete(self) -> bool:
        """False when any course was not converted: the averages cover only the others."""
        return self.errors == 0

    @property
    def cohort(self) -> bool:
        """True when rows carry student ids."""
        self._finished()
        return any(student is not None for student in self._students)
