"""Checking applicants against one call: compile once, then one :class:`Verdict` per row.

The checker reads rows as text (``field → cell``), parses only the fields the call needs (each
distinct cell once: a cache per field), finds the programme in the catalogue, and runs the
compiled requirements. A row never stops the others: what cannot be read makes the row an
``error`` that says which field and why; the rows' own line numbers travel with them.

The requirements' verdict is a function of the cells they read, and a cohort repeats the same
few programme, level and year cells: it is remembered per distinct combination of those cells
(the applicant's id and line, and the ranking score, are the row's own).

The verdict depends only on the requirements. The score is computed for an eligible applicant
whose ranking inputs are present and for whom the formula is defined; otherwise the row stays
eligible, without a score, and ``score_note`` says why. A value outside its field's domain
(an average of 270) or unreadable is the row's error, whichever field it is in; an unreadable
cell in a column the call does not use is a warning on the row (a reason that does not change
the status), as is an id found on several rows.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from operator import attrgetter
from typing import Any, NamedTuple

from mobility_cli.compiled.call import Call
from mobility_cli.compiled.programme import Bounds
from mobility_cli.eligibility.fields import (
    BY_CYCLE,
    BY_NAME,
    FIELDS,
    PARSERS,
    Applicant,
    Limits,
    out_of_domain,
)
from mobility_cli.eligibility.programmes import MatchError, ProgrammeIndex, limits_of
from mobility_cli.eligibility.ranking import ScoreRule, Undefined, compile_ranking
from mobility_cli.eligibility.requirements import Failure, compile_requirements
from mobility_cli.records import Record

ELIGIBLE, NOT_ELIGIBLE, ERROR = "eligible", "not_eligible", "error"
STATUSES = (ELIGIBLE, NOT_ELIGIBLE, ERROR)
WARNING = "warning: "
DUPLICATE_ID = "id on several rows"
MAX_CACHED = 20_000
MAX_JUDGED = 4_096


class Judgement(NamedTuple):
    """What the requirements say of a combination of cells, ready for a verdict; ``applicant``
    as they read it."""

    status: str
    reasons: tuple[str, ...]
    keys: tuple[str, ...]
    applicant: Applicant


def _judgement_of(
    errors: list[Failure], failures: list[Failure], applicant: Applicant
) -> Judgement:
    found = errors + failures
    status = ERROR if errors else NOT_ELIGIBLE if failures else ELIGIBLE
    return Judgement(status, tuple(f.text for f in found), tuple(f.key for f in found), applicant)


def _unreadable(field: str, error: ValueError) -> Failure:
    return Failure(f"{field} cannot be read", f"{field}: {error}")


class Verdict(NamedTuple):
    """The outcome for one applicant: ``row`` is the input line, ``reasons`` every problem and
    failed requirement in words, ``keys`` the same reasons without the applicant's numbers."""

    row: int
    id: str
    status: str
    reasons: tuple[str, ...]
    keys: tuple[str, ...]
    score: Decimal | None = None
    score_note: str = ""
    cells: Sequence[str] = ()  # the input row as written


class Checker:
    """One call's requirements (and ranking rule), compiled for fast row-by-row checks."""

    def __init__(self, call: Call, index: ProgrammeIndex) -> None:
        self.call = call
        self.index = index
        self.requirements = compile_requirements(call, index)
        self.ranking: ScoreRule | None = compile_ranking(call.ranking) if call.ranking else None
        self.scoring = self.ranking is not None
        self.uses_programme = call.type != "staff-teaching"
        self._needed_by: dict[str, list[str]] = {}
        for requirement in self.requirements:
            for field in requirement.fields:
                self._needed_by.setdefault(field, []).append(requirement.name)
        # (check, fields, their values as a tuple): attrgetter with the field twice when there is
        # one, so that `None in …` works the same for every requirement
        self._plan = [
            (r.check, r.fields, attrgetter(*r.fields * (2 if len(r.fields) == 1 else 1)))
            for r in self.requirements
        ]
        # level is read even when no requirement needs it: it picks between same-named programmes
        self._fields = [f for f in self._needed_by if f in PARSERS and f != "level"] + ["level"]
        self._caches: dict[str, dict[str, object]] = {field: {} for field in PARSERS}
        # every cell the requirements' verdict depends on, besides the id and the row's shape
        self._cells = (*self._fields, *(("programme", "school") if self.uses_programme else ()))
        self._judgements: dict[tuple[object, ...], Judgement] = {}
        self._limits: dict[str | None, Limits] = {}
        self._checked: dict[Callable[[str], object], dict[str, object]] = {}  # reader → cells
        self._readers: dict[tuple[str, str | None], Callable[[str], object]] = {}
        used = {*self._needed_by, *(self.ranking.fields if self.ranking else ())}
        self._unused = [f for f in PARSERS if f not in used and f != "level"]
        self._warnings_seen: dict[tuple[str | None, ...], tuple[Failure, ...]] = {}
        self.duplicate_ids: frozenset[int] = frozenset()  # hashes of the ids on several rows
        self.unique_ids = False

    def required_columns(self, *, ranking: bool = False) -> list[str]:
        """Columns an input must have: the id, the programme (student calls), every field a
        requirement reads (the level may come from the programme instead), and with
        ``ranking`` the ranking rule's fields."""
        columns = ["id", *(["programme"] if self.uses_programme else [])]
        wanted = [f for f in self._needed_by if f not in ("programme", "level")]
        if not self.uses_programme and "level" in self._needed_by:
            wanted.append("level")
        if ranking and self.ranking is not None:
            wanted += list(self.ranking.fields)
        columns += [f for f in wanted if f not in columns]
        return columns

    def template(self) -> tuple[list[str], list[str]]:
        """The fields of an applicants file for this call, in :data:`FIELDS` order: those
        ``check`` requires, and the optional ones (school and level, which narrow the
        programme; the ranking rule's, which ``rank`` requires)."""
        required = self.required_columns()
        optional = [*(("school", "level") if self.uses_programme else ())]
        if self.ranking is not None:
            optional += self.ranking.fields
        ordered = [f.name for f in FIELDS]
        wanted = [f for f in ordered if f in required]
        return wanted, [f for f in ordered if f in optional and f not in required]

    def use_columns(self, columns: Collection[str]) -> list[str]:
        """Adapt to an input's columns; return warnings (no score without the ranking fields)."""
        self._unused = [f for f in self._unused if f in columns]
        if self.ranking is None:
            return []
        absent = [f for f in self.ranking.fields if f not in columns]
        if not absent:
            return []
        self.scoring = False
        return [
            f"no scores: the input has no column for {', '.join(absent)} (the call's ranking "
            f"rule {self.ranking.name} needs {', '.join(self.ranking.fields)})"
        ]

    def _read(
        self,
        fields: Iterable[str],
        values: Mapping[str, str],
        applicant: Applicant,
        errors: list[Failure],
        reported: set[str],
    ) -> None:
        """Parse the cells of ``fields`` into ``applicant`` (each distinct cell text parsed once);
        an unreadable one becomes an error and is ``reported``."""
        caches = self._caches
        for field in fields:
            text = values.get(field)
            if not text:
                continue
            value = caches[field].get(text)
            if value is None:
                value = self._parse(field, text, caches[field])
            if isinstance(value, ValueError):
                errors.append(_unreadable(field, value))
                reported.add(field)
            else:
                setattr(applicant, field, value)

    def checked_cell(self, field: str, text: str, level: str | None) -> object:
        """:meth:`cell_reader`'s answer remembered per field, study cycle (for a field whose
        bounds depend on it) and cell (``None`` for a blank cell)."""
        if not text:
            return None
        read = self.cell_reader(field, level)
        cache = self._checked.get(read)
        if cache is None:
            cache = self._checked[read] = {}
        found = cache.get(text)
        if found is None:
            found = read(text)
            if len(cache) < MAX_CACHED:
                cache[text] = found
        return found

    def cell_reader(self, field: str, level: str | None) -> Callable[[str], object]:
        """What reads a (non-blank, trimmed) cell of ``field`` in the study cycle ``level``: its
        value, or the :class:`Failure` that it cannot be read or is out of range."""
        level = level if field in BY_CYCLE else None
        reader = self._readers.get((field, level))
        if reader is None:
            reader = self._readers[field, level] = self._reader(field, level)
        return reader

    def _reader(self, field: str, level: str | None) -> Callable[[str], object]:
        parse, bounds, limits = PARSERS[field], BY_NAME[field].bounds, self._limits_for(level)
        # the bounds of a value read alone, in the cycle (the applicant's other cells unknown)
        span = (
            None if bounds is None or limits is None else bounds(limits, Applicant("", level=level))
        )

        def read(text: str) -> object:
            try:
                value: Any = parse(text)
            except ValueError as exc:
                return _unreadable(field, exc)
            if span is None or span[0] <= value <= span[1]:
                return value
            errors: list[Failure] = []
            probe = Applicant("", level=level)
            setattr(probe, field, value)
            self._in_domain(probe, (field,), errors, set())
            return errors[0]

        return read

    def _limits_for(self, level: str | None) -> Limits | None:
        bounds = self.index.bounds
        if bounds is None:
            return None
        limits = self._limits.get(level)
        if limits is None:
            limits = self._limits[level] = limits_of(self._narrowed(bounds), level)
        return limits

    def _narrowed(self, bounds: Bounds) -> Bounds:
        narrower = self.call.requirements.average_range
        return bounds if narrower is None else bounds.replace(average=narrower)

    def _in_domain(
        self, applicant: Applicant, fields: Iterable[str], errors: list[Failure], reported: set[str]
    ) -> None:
        """Take every value of ``fields`` outside its domain off the applicant, as an error."""
        limits = self._limits_for(applicant.level)
        if limits is None:
            return
        for field, message in out_of_domain(applicant, limits, fields):
            errors.append(Failure(f"{field} out of range", message))
            reported.add(field)

    def _warned(self, values: Mapping[str, str], level: str | None) -> list[Failure]:
        """:meth:`_warnings`, remembered per distinct combination of the unused cells."""
        key = (level, *map(values.get, self._unused))
        found = self._warnings_seen.get(key)
        if found is None:
            found = tuple(self._warnings(values, level))
            if len(self._warnings_seen) < MAX_JUDGED:
                self._warnings_seen[key] = found
        return list(found)

    def _warnings(self, values: Mapping[str, str], level: str | None) -> list[Failure]:
        """Cells of columns the call does not use that cannot be read or make no sense."""
        found: list[Failure] = []
        for field in self._unused:
            text = values.get(field)
            if not text:
                continue
            value = self._caches[field].get(text)
            if value is None:
                value = self._parse(field, text, self._caches[field])
            if isinstance(value, ValueError):
                found.append(
                    Failure(
                        f"{WARNING}{field} cannot be read; not used by this call",
                        f"{WARNING}{field} '{text}' cannot be read; not used by this call",
                    )
                )
                continue
            limits = self._limits_for(level)
            if limits is None:
                continue
            probe = Applicant("")
            setattr(probe, field, value)
            for _, message in out_of_domain(probe, limits, (field,)):
                found.append(
                    Failure(
                        f"{WARNING}{field} out of range; not used by this call",
                        f"{WARNING}{message}; not used by this call",
                    )
                )
        return found

    @staticmethod
    def _parse(field: str, text: str, cache: dict[str, object]) -> object:
        try:
            value: object = PARSERS[field](text)
        except ValueError as exc:
            value = exc.with_traceback(None)
        if len(cache) < MAX_CACHED:
            cache[text] = value
        return value

    def _find_programme(
        self, applicant: Applicant, values: Mapping[str, str], errors: list[Failure]
    ) -> bool:
        """Find the row's programme (narrowed by its level and school); ``True`` when the cell
        names no single programme, the reason added to ``errors``."""
        text = values.get("programme", "")
        if not text:
            return False
        school: str | MatchError | None = None
        school_text = values.get("school", "")
        if school_text:
            school = self.index.school(school_text)
        found = (
            school
            if isinstance(school, MatchError)
            else self.index.find(text, applicant.level, school)
        )
        if isinstance(found, MatchError):
            errors.append(Failure(found.key, str(found)))
            return True
        applicant.programme = found
        applicant.school = found.school
        if applicant.level is None:
            applicant.level = found.level
        return False

    def _missing(self, field: str, applicant: Applicant, needed_by: list[str]) -> Failure:
        why = f"(needed for: {', '.join(needed_by)})"
        programme = applicant.programme
        if field == "level" and programme is not None:
            return Failure(
                "level is missing",
                f"level is missing and programme {programme.id} does not say it {why}",
            )
        return Failure(f"{field} is missing", f"{field} is missing {why}")

    def judge(
        self, values: Mapping[str, str], problem: str | None = None
    ) -> tuple[Judgement, list[Failure]]:
        """What the requirements say of a row given as ``field → cell text`` (remembered per
        combination of the cells they read), and the warnings on the cells the call does not
        use; neither depends on the row's id beyond its being blank, nor on its score."""
        key = (problem, not values.get("id", ""), *map(values.get, self._cells))
        judgement = self._judgements.get(key)
        if judgement is None:
            judgement = self._judge(values.get("id", ""), values, problem)
            if len(self._judgements) < MAX_JUDGED:
                self._judgements[key] = judgement
        return judgement, self._warned(values, judgement.applicant.level) if self._unused else []

    def cells_read(self) -> tuple[str, ...]:
        """The fields whose cells :meth:`judge` reads, besides the id (once the input's columns
        are known: see :meth:`use_columns`)."""
        return (*self._cells, *self._unused)

    def is_duplicate(self, ident: str) -> bool:
        """Whether ``ident`` is on several rows of the input (see :attr:`duplicate_ids`)."""
        return bool(self.duplicate_ids) and hash(ident) in self.duplicate_ids

    def check(
        self,
        line: int,
        values: Mapping[str, str],
        problem: str | None = None,
        cells: Sequence[str] = (),
    ) -> Verdict:
        """Check one applicant given as ``field → cell text`` (``line``: where it was read;
        ``cells``: the row as written, carried to the verdict)."""
        ident = values.get("id", "")
        judgement, extra = self.judge(values, problem)
        status = judgement.status
        if self.is_duplicate(ident):
            extra.append(self._duplicate(ident))
            status = ERROR if self.unique_ids else status
        row = (line, ident, cells)
        if status != ELIGIBLE or not self.scoring or self.ranking is None:
            return self._verdict(row, status, judgement, extra)
        errors: list[Failure] = []
        texts = [values.get(f, "") for f in self.ranking.fields]
        score, note = self.score(judgement.applicant, texts, errors)
        if errors:
            return self._verdict(row, ERROR, judgement, errors + extra)
        return self._verdict(row, ELIGIBLE, judgement, extra, score, note)

    def _duplicate(self, ident: str) -> Failure:
        if self.unique_ids:
            return Failure(DUPLICATE_ID, f"id {ident} is on several rows")
        return Failure(f"{WARNING}{DUPLICATE_ID}", f"{WARNING}id {ident} is on several rows")

    @staticmethod
    def _verdict(
        row: tuple[int, str, Sequence[str]],
        status: str,
        judgement: Judgement,
        extra: list[Failure],
        score: Decimal | None = None,
        note: str = "",
    ) -> Verdict:
        line, ident, cells = row
        reasons, keys = judgement.reasons, judgement.keys
        if extra:
            reasons += tuple(f.text for f in extra)
            keys += tuple(f.key for f in extra)
        return Verdict(line, ident, status, reasons, keys, score, note, cells)

    def _judge(self, ident: str, values: Mapping[str, str], problem: str | None) -> Judgement:
        """Read the cells the requirements need, find the programme, run the requirements."""
        errors: list[Failure] = []
        if problem:
            errors.append(Failure("row does not match the header", problem))
        applicant = Applicant(ident)
        if not applicant.id:
            errors.append(Failure("id is missing", "id is missing"))
        reported: set[str] = set()
        self._read(self._fields, values, applicant, errors, reported)
        if self.uses_programme:
            if self._find_programme(applicant, values, errors):
                reported.add("programme")
                reported.add("level")  # the programme's error says what the level would decide
            elif applicant.programme is None:
                errors.append(Failure("programme is missing", "programme is missing"))
                reported.add("programme")
        self._in_domain(applicant, self._fields, errors, reported)
        failures: list[Failure] = []
        for check, fields, values_of in self._plan:
            if None not in values_of(applicant):
                failure = check(applicant)
                if failure is not None:
                    failures.append(failure)
                continue
            for field in fields:
                if getattr(applicant, field) is None and field not in reported:
                    reported.add(field)
                    errors.append(self._missing(field, applicant, self._needed_by[field]))
        return _judgement_of(errors, failures, applicant)

    def score(
        self, applicant: Applicant, texts: Sequence[str], errors: list[Failure]
    ) -> tuple[Decimal | None, str]:
        """The ranking score of an eligible applicant as the requirements read it, with the
        cells of the ranking rule's fields (``texts``, in its order; read only now, each
        distinct cell once per study cycle), or why there is none: an unreadable or impossible
        value is added to ``errors``; a blank one, or an applicant the formula does not cover,
        is a note."""
        rule = self.ranking
        assert rule is not None
        level = applicant.level
        numbers: list[object] = []
        missing: list[str] = []
        for field, text in zip(rule.fields, texts, strict=True):
            value = getattr(applicant, field)
            if value is None and text:
                value = self.checked_cell(field, text.strip(), level)
            if isinstance(value, Failure):
                errors.append(value)
            elif value is None:
                missing.append(field)
            numbers.append(value)
        if errors:
            return None, ""
        if missing:
            return None, f"no score: {', '.join(missing)} missing"
        try:
            return rule.score_of(numbers), ""
        except Undefined as exc:
            return None, f"no score: {exc}"

    def check_one(self, values: Mapping[str, str]) -> Verdict:
        """One applicant given by hand (options, API): cells are trimmed, the id defaults to
        'applicant', and the row is 1."""
        return self.check(1, {"id": "applicant", **{k: v.strip() for k, v in values.items()}})

    def check_records(self, records: Iterable[Record]) -> Iterator[Verdict]:
        """One verdict per record, in input order, streamed."""
        for record in records:
            yield self.check(record.line, record.values, record.problem, record.cells)
