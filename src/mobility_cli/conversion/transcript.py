"""Transcripts: one result per course, then credits, the credit-weighted average and the base
mark on 110, per student for a cohort. Pure functions over plain records; no I/O.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Literal, NamedTuple

from mobility_cli.conversion.context import CourseContext, HostDistribution
from mobility_cli.conversion.engine import Converter
from mobility_cli.conversion.grades import GradeError
from mobility_cli.conversion.rounding import round_value
from mobility_cli.text import format_number, normalise_header

CourseStatus = Literal["passed", "failed", "pass-fail"]
ResultStatus = Literal["ok", "error", "excluded"]

_STATUS_WORDS: dict[str, CourseStatus] = {
    **dict.fromkeys(["", "passed", "pass", "p", "ok", "superato", "superata", "s"], "passed"),
    **dict.fromkeys(
        ["failed", "fail", "f", "not passed", "non superato", "respinto", "insufficiente"],
        "failed",
    ),
    **dict.fromkeys(
        ["pass fail", "p f", "pf", "ungraded", "idoneo", "idonea", "idoneita", "approvato"],
        "pass-fail",
    ),
}


# Pass/fail words printed in the grade cell, in the partner languages. Single letters are left
# out: 'P' and 'F' are grades on letter scales.
_PASS_FAIL_GRADES: dict[str, CourseStatus] = {
    **dict.fromkeys(
        [
            "apto",
            "apta",
            "valide",
            "validee",
            "acquis",
            "admis",
            "bestanden",
            "pass",
            "passed",
            "voldaan",
            "bestatt",
            "godkjent",
            "godkand",
            "hyvaksytty",
            "approvato",
            "approvata",
            "idoneo",
            "idonea",
            "superato",
            "aprovado",
            "aprovada",
            "zaliczone",
            "zal",
            "satisfactory",
        ],
        "pass-fail",
    ),
    **dict.fromkeys(
        [
            "no apto",
            "no apta",
            "non valide",
            "non validee",
            "ajourne",
            "ajournee",
            "nicht bestanden",
            "fail",
            "failed",
            "niet voldaan",
            "ikke bestatt",
            "ikke godkjent",
            "underkand",
            "hylatty",
            "non superato",
            "non idoneo",
            "non idonea",
            "respinto",
            "reprovado",
            "reprovada",
            "niezaliczone",
            "unsatisfactory",
        ],
        "failed",
    ),
}


@functools.lru_cache(maxsize=4096)  # a cohort repeats a handful of grade cells
def pass_fail_word(grade: str) -> CourseStatus | None:
    """'Apto', 'Validé', 'nicht bestanden' … → the status they give; None for anything else."""
    return _PASS_FAIL_GRADES.get(normalise_header(grade)) if grade else None


def parse_status(text: str | None) -> CourseStatus:
    """'passed' / 'failed' / 'pass-fail', from English or Italian spellings (blank = passed)."""
    known = _STATUS_WORDS.get(text or "")  # already in its plain form (no column, 'passed' …)
    if known is not None:
        return known
    key = normalise_header(text or "")
    if key not in _STATUS_WORDS:
        raise GradeError(f"status '{text}' is not passed, failed or pass-fail")
    return _STATUS_WORDS[key]


@dataclass(frozen=True)
class CourseInput:
    """One course as read from a transcript (values still as printed, except credits)."""

    row: int
    course: str
    grade: str
    credits: Decimal | None = None
    scale: str | None = None
    status: str | None = None
    replaces: str | None = None
    student_id: str | None = None
    problem: str | None = None
    distribution: HostDistribution | None = None
    isced: str | None = None
    host: str | None = None


@dataclass(frozen=True)
class CourseResult:
    """One course's outcome: the home grade and why, or why not."""

    row: int
    course: str
    input_grade: str
    scale: str | None
    credits: Decimal | None
    status: ResultStatus
    converted: str | None = None
    value: Decimal | None = None
    lode: bool = False
    method: str | None = None
    rule: str | None = None
    error: str | None = None
    replaces: str | None = None
    student_id: str | None = None
    earned: bool = True  # False for a course failed abroad: its credits are not earned
    distribution: str | None = None
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Exam:
    """A home exam replaced by one or more foreign courses."""

    exam: str
    credits: Decimal
    converted: str
    value: Decimal
    courses: int


@dataclass
class Summary:
    """Totals for one transcript (one student)."""

    table: str
    student_id: str | None = None
    courses: int = 0
    errors: int = 0
    not_converted_credits: Decimal = Decimal(0)
    credits: Decimal = Decimal(0)
    graded_credits: Decimal = Decimal(0)
    weighted_average: Decimal | None = None
    base_110: Decimal | None = None
    exams: list[Exam] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def not_converted(self) -> int:
        """Courses with an error: not in the credits, not in the average."""
        return self.errors

    @property
    def complete(self) -> bool:
        """False when a course was not converted: the average then covers only the others."""
        return self.errors == 0


def convert_course(
    course: CourseInput,
    converter: Converter,
    default_scale: str | None,
    *,
    credits_required: bool = True,
) -> CourseResult:
    """Convert one course; every failure becomes an ``error`` result with the reason.

    ``credits_required=False`` converts a bare grade (``--grade``), where no credits exist.
    """
    scale = course.scale or default_scale

    def result(status: ResultStatus, **outcome: Any) -> CourseResult:
        # built once, with its outcome: dataclasses.replace cost more than the conversion
        return CourseResult(
            row=course.row,
            course=course.course,
            input_grade=course.grade,
            scale=scale,
            credits=course.credits,
            status=status,
            replaces=course.replaces,
            student_id=course.student_id,
            **outcome,
        )

    if course.problem:
        return result("error", error=course.problem)
    try:
        status = parse_status(course.status)
    except GradeError as exc:
        return result("error", error=str(exc))
    worded = pass_fail_word(course.grade)
    if worded is not None and not course.status:  # no status column, or a blank cell
        status = worded
    elif worded is not None and status == "passed" and worded == "failed":
        return result("error", error=f"'{course.grade}' is a fail, the status says passed")
    elif worded == "pass-fail" and status == "passed":
        status = worded
    if status == "failed":  # nothing is recognised, so missing credits do not matter
        return result("excluded", rule="failed on the transcript: not recognised", earned=False)
    if course.credits is None and credits_required:
        return result("error", error="credits missing")
    if course.credits is not None and course.credits <= 0:
        return result(
            "error", error=f"credits must be positive, not {format_number(course.credits)}"
        )
    if status == "pass-fail":
        return result("excluded", rule="pass/fail: counts in credits, not in the average")
    if not course.grade.strip():
        return result("error", error="grade missing")
    if scale is None:
        return result("error", error="no scale: add a 'scale' column or pass --scale")
    try:
        if scale not in converter.scales:
            scale = converter.scale(scale).id  # 'FR-20' is fr-20
        done = converter.convert(
            course.grade, scale, CourseContext(course.distribution, course.isced, course.host)
        )
    except GradeError as exc:
        return result("error", error=str(exc))
    home = done.home
    return result(
        "ok",
        converted=home.label,
        value=converter.table.target.lode_value if home.honours else home.value,
        lode=home.honours,
        method=done.method,
        rule=done.rule,
        distribution=done.distribution,
        notes=list(done.notes),
    )


def convert_courses(
    courses: Iterable[CourseInput], converter: Converter, default_scale: str | None = None
) -> Iterator[CourseResult]:
    """Convert a stream of courses, one result per course, in input order."""
    for course in courses:
        yield convert_course(course, converter, default_scale)


class Share(NamedTuple):
    """What one course adds to its student's totals: computed once per distinct outcome."""

    error: bool
    not_converted: Decimal  # an error's credits (0 without credits)
    credits: Decimal | None  # credits earned; None when none count
    value: Decimal | None  # the home value in the average; None when not graded
    weighted: Decimal  # value × credits (0 when not graded)
    lode: bool


_ZERO = Decimal(0)


def share_of(result: CourseResult) -> Share:
    if result.status == "error":
        return Share(True, result.credits or _ZERO, None, None, _ZERO, False)
    if result.credits is None or not result.earned:
        return Share(False, _ZERO, None, None, _ZERO, False)
    if result.status != "ok" or result.value is None:
        return Share(False, _ZERO, result.credits, None, _ZERO, False)
    return Share(
        False, _ZERO, result.credits, result.value, result.value * result.credits, result.lode
    )


_SUMS: dict[str, Decimal] = {}  # running sums seen, by their text: '15.0' is not '15'
MAX_SUMS = 10_000


def _shared(total: Decimal) -> Decimal:
    """One object for every equal running sum (written alike): a cohort's students share a few
    thousand, where each student's own would cost 104 bytes apiece."""
    text = str(total)
    known = _SUMS.get(text)
    if known is not None:
        return known
    if len(_SUMS) < MAX_SUMS:
        _SUMS[text] = total
    return total


class StudentSums:
    """Running totals of one student's courses: all a :class:`Summary` needs, no course kept.

    Several courses that replace the same home exam are kept as one group (credits, Σ value ×
    credits, how many, all with honours) until :meth:`summary` rounds the exam's grade.
    """

    __slots__ = ("courses", "credits", "errors", "exams", "graded", "not_converted", "weighted")

    def __init__(self) -> None:
        self.courses = 0
        self.errors = 0
        self.not_converted = _ZERO
        self.credits = _ZERO  # credits earned but for those in ``graded`` (added at the end)
        self.graded = _ZERO  # credits of the graded courses that replace no exam
        self.weighted = _ZERO  # their Σ value × credits
        self.exams: dict[str, list[Any]] | None = None

    def add(self, share: Share, replaces: str | None) -> None:
        self.courses += 1
        if share.error:
            self.errors += 1
            self.not_converted = _shared(self.not_converted + share.not_converted)
            return
        if share.credits is None:
            return
        if share.value is None:  # pass/fail: credits, no grade
            self.credits = _shared(self.credits + share.credits)
            return
        if not replaces:  # the common course: two sums
            self.graded = _shared(self.graded + share.credits)
            self.weighted = _shared(self.weighted + share.weighted)
            return
        self.credits = _shared(self.credits + share.credits)
        if self.exams is None:
            self.exams = {}
        _add_to_exam(self.exams, replaces, share)

    def summary(self, converter: Converter, student_id: str | None = None) -> Summary:
        """Credits, graded credits, credit-weighted average and base on 110.

        A home exam's grade is the credit-weighted average of its courses' converted grades,
        rounded by the table's ``exam_rounding``.
        """
        return SummaryRules(converter).summary(self, student_id)


class SummaryRules:
    """What a converter's table says about summing up a student, looked up once for a
    cohort's summaries."""

    __slots__ = (
        "base_rounding",
        "best",
        "cap",
        "exam_rounding",
        "honours",
        "lode_value",
        "programme",
        "quantum",
        "table",
    )

    def __init__(self, converter: Converter) -> None:
        target = converter.table.target
        self.table = converter.table.id
        self.exam_rounding = target.exam_rounding
        self.base_rounding = target.base_110_rounding
        self.lode_value = target.lode_value
        self.quantum = Decimal(1).scaleb(-target.average_decimals)
        self.best = converter.home.best
        self.honours = converter.home.honours.label if converter.home.honours else None
        self.programme = converter.programme.name if converter.programme else None
        cap = converter.programme.max_credits_per_semester if converter.programme else None
        self.cap = cap

    def summary(self, sums: StudentSums, student_id: str | None) -> Summary:
        """The summary of one student's sums (see :meth:`StudentSums.summary`)."""
        graded, weighted = sums.graded, sums.weighted
        exams = []
        for exam, (credits, exact, members, lode) in (sums.exams or {}).items():
            value = round_value(exact / credits, self.exam_rounding)
            shown = self.honours if lode and self.honours else format_number(value)
            if lode:
                value = self.lode_value
            exams.append(Exam(exam, credits, shown, value, members))
            graded += credits
            weighted += value * credits
        rounded = base = None
        if graded:
            average = weighted / graded
            rounded = average.quantize(self.quantum, rounding=ROUND_HALF_UP)
            base = round_value(average * 110 / self.best, self.base_rounding)
        total = sums.credits + sums.graded  # exact: the same digits in any order
        warnings = []
        if self.cap is not None and total > self.cap:
            warnings.append(
                f"{format_number(total)} credits exceed the {self.programme} "
                f"cap of {format_number(self.cap)} credits per semester"
            )
        return Summary(
            self.table,
            student_id,
            sums.courses,
            sums.errors,
            sums.not_converted,
            total,
            graded,
            rounded,
            base,
            exams,
            warnings,
        )


def _add_to_exam(exams: dict[str, list[Any]], exam: str, share: Share) -> None:
    """A graded course that replaces ``exam``: its credits, Σ value × credits, one more course,
    and whether all of them had honours."""
    group = exams.get(exam)
    if group is None:
        group = exams[exam] = [_ZERO, _ZERO, 0, True]
    group[0] += share.credits
    group[1] += share.weighted
    group[2] += 1
    group[3] = group[3] and share.lode


# --- a cohort's sums as scaled integers: one int per student -------------------------------
#
# A share's numbers are integers in units of 10**-SCALE; a student's sums are fields of one
# int (the sum of the ints of their courses), each field as wide as 2**43 shares of at most
# 2**41 units need, so no field ever carries into the next, and none is negative: a course not
# converted adds 2**40 to its (maybe negative) credits, taken off again per error counted.
# Decimal addition keeps the smallest exponent of its terms (6.0 + 6 is 12.0), so each field
# also has counters of the terms with each negative exponent seen, in slots handed out as
# exponents appear. Low fields first: a student's int is as long as the highest field used.
SCALE = 6
"""Digits after the decimal point a packed sum keeps; a number with more goes by Decimal."""
_LARGEST = 1 << 40  # a share's number, in units: below 1,099,511.627776
_COUNT, _SUM = 44, 84  # bits: counts below 2**43 (courses per student), sums of them below 2**84
(
    _COURSES,
    _GRADED,
    _WEIGHTED,
    _CREDITS,
    _ERRORS,
    _NOT_CONVERTED,
) = (0, 1, 2, 7, 8, 9)
_WIDTHS = (_COUNT, _SUM, _SUM, *(_COUNT,) * 4, _SUM, _COUNT, _SUM, *(_COUNT,) * 8)
_SLOTS = (3, 4, 5, 6, *range(10, 18))  # exponent counters, the first four low
_OFFSETS = tuple(sum(_WIDTHS[:i]) for i in range(len(_WIDTHS)))
_MASKS = tuple(zip(_OFFSETS, ((1 << w) - 1 for w in _WIDTHS), strict=True))
_POWERS = tuple(10**n for n in range(SCALE + 1))


def _fields(packed: int) -> list[int]:
    """The fields of a packed int, low first."""
    fields = [0] * len(_MASKS)
    top = packed.bit_length()
    for i, (at, mask) in enumerate(_MASKS):
        if at >= top:
            break
        fields[i] = (packed >> at) & mask
    return fields


class CohortSums:
    """Running totals of every student of a cohort, by student id ("" for none), in order of
    first appearance: what :class:`StudentSums` keeps, as one int per student.

    Exact: a share whose numbers have more than ``SCALE`` decimals or reach 1,099,511.627776,
    is negative (but an error's credits), or needs a 13th exponent counter, turns the cohort's sums into :class:`StudentSums` (the same
    values) for the rest of the stream. ``packed`` is the students' ints until then (None
    after): a loop may add :meth:`pack`'s int of a course's share to its student's own.
    """

    def __init__(self) -> None:
        self.packed: dict[str, int] | None = {}
        self._exams: dict[str, dict[str, list[Any]]] = {}  # student → exams replaced
        self._exact: dict[str, StudentSums] = {}  # after the switch
        self._slots: dict[tuple[int, int], int] = {}  # (field, exponent) → its counter
        self._exponents: dict[int, list[tuple[int, int]]] = {}  # field → (exponent, counter)
        self._numbers: dict[tuple[int, int], Decimal] = {}  # (units, exponent) → the Decimal

    def pack(self, share: Share, replacing: bool = False) -> int | None:
        """What a course with this share adds to its student's int; None when it cannot."""
        packed = 1 << _OFFSETS[_COURSES]
        numbers: tuple[tuple[int, Decimal], ...] = ()  # each field's, never negative but errors'
        if share.error:
            packed += 1 << _OFFSETS[_ERRORS]
            numbers = ((_NOT_CONVERTED, share.not_converted),)
        elif share.credits is None:
            pass
        elif share.value is None or replacing:
            numbers = ((_CREDITS, share.credits),)
        else:
            numbers = ((_GRADED, share.credits), (_WEIGHTED, share.weighted))
        for at, number in numbers:
            sign, digits, exponent = number.as_tuple()
            if not isinstance(exponent, int) or exponent < -SCALE:
                return None
            units = int("".join(map(str, digits))) * 10 ** (exponent + SCALE)
            if units >= _LARGEST or (sign and at != _NOT_CONVERTED):
                return None
            if at == _NOT_CONVERTED:
                units = _LARGEST - units if sign else _LARGEST + units
            packed += units << _OFFSETS[at]
            if exponent < 0:
                slot = self._slot(at, exponent)
                if slot is None:
                    return None
                packed += 1 << _OFFSETS[slot]
        return packed

    def _slot(self, field: int, exponent: int) -> int | None:
        slot = self._slots.get((field, exponent))
        if slot is None and len(self._slots) < len(_SLOTS):
            slot = self._slots[field, exponent] = _SLOTS[len(self._slots)]
            # a field's counters, smallest exponent first: the first one counting gives its
            self._exponents.setdefault(field, []).append((exponent, slot))
            self._exponents[field].sort()
        return slot

    def add(self, student: str, share: Share, replaces: str | None, packed: int | None) -> None:
        """One course of ``student``; ``packed`` is :meth:`pack` of its share (not replacing)."""
        if self.packed is not None:
            if replaces:
                packed = self.pack(share, replacing=True)
            if packed is not None:
                self.packed[student] = self.packed.get(student, 0) + packed
                if replaces and not share.error and share.value is not None:
                    _add_to_exam(self._exams.setdefault(student, {}), replaces, share)
                return
            self._exact = {s: self._unpacked(s, p) for s, p in self.packed.items()}
            self.packed = None
        sums = self._exact.get(student)
        if sums is None:
            sums = self._exact[student] = StudentSums()
        sums.add(share, replaces)

    def _number(self, fields: list[int], field: int) -> Decimal:
        if field not in self._exponents:  # no term with decimals (nearly always: no errors)
            units = fields[field]
            return Decimal(units // _POWERS[SCALE]) if units else _ZERO
        exponent = 0
        for smallest, slot in self._exponents[field]:
            if fields[slot]:
                exponent = smallest
                break
        key = (fields[field], exponent)
        number = self._numbers.get(key)
        if number is None:  # a cohort's students share many sums
            number = Decimal(key[0] // _POWERS[SCALE + exponent]).scaleb(exponent)
            if len(self._numbers) < MAX_SUMS:
                self._numbers[key] = number
        return number

    def _unpacked(self, student: str, packed: int) -> StudentSums:
        fields = _fields(packed)
        sums = StudentSums()
        sums.courses, sums.errors = fields[_COURSES], fields[_ERRORS]
        fields[_NOT_CONVERTED] -= fields[_ERRORS] * _LARGEST
        sums.not_converted = self._number(fields, _NOT_CONVERTED)
        sums.credits = self._number(fields, _CREDITS)
        sums.graded = self._number(fields, _GRADED)
        sums.weighted = self._number(fields, _WEIGHTED)
        sums.exams = self._exams.get(student)
        return sums

    def students(self) -> Iterator[tuple[str, StudentSums]]:
        """Each student's id and sums, in order of first appearance."""
        if self.packed is None:
            yield from self._exact.items()
            return
        for student, packed in self.packed.items():
            yield student, self._unpacked(student, packed)

    def __len__(self) -> int:
        return len(self._exact if self.packed is None else self.packed)

    def ids(self) -> Iterable[str]:
        return self._exact if self.packed is None else self.packed

    def counts(self) -> tuple[int, int]:
        """Courses and courses not converted, over every student."""
        if self.packed is None:
            sums = self._exact.values()
            return sum(s.courses for s in sums), sum(s.errors for s in sums)
        fields = _fields(sum(self.packed.values()))
        return fields[_COURSES], fields[_ERRORS]


def summarise(
    results: Iterable[CourseResult], converter: Converter, student_id: str | None = None
) -> Summary:
    """Credits, graded credits, credit-weighted average and base on 110 for one transcript."""
    sums = StudentSums()
    for result in results:
        sums.add(share_of(result), result.replaces)
    return sums.summary(converter, student_id)
