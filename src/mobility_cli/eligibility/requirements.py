"""One requirement of a call = one small class: the fields it reads, the rule in words, and a
check that returns ``None`` or a :class:`Failure` saying why, with the numbers.

Requirements are built once per call (:func:`compile_requirements`) and then run over plain
:class:`Applicant` values, so a million rows never validate a model per row. A check runs only
when every field it reads has a value; missing values are the checker's business.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import NamedTuple, Protocol

from mobility_cli.compiled.base import Plain
from mobility_cli.compiled.call import Call, CreditsMinimum, Eligible, MonthsCap
from mobility_cli.compiled.call import first_calendar_year as calendar_year
from mobility_cli.eligibility.fields import CEFR_LEVELS, Applicant
from mobility_cli.eligibility.programmes import ProgrammeIndex
from mobility_cli.errors import UnknownIdError
from mobility_cli.text import format_number

WEEK_DAYS = Decimal(7)


class Failure(NamedTuple):
    """Why an applicant fails a requirement: ``text`` with the applicant's numbers, ``key`` the
    same reason without them (the summary counts keys)."""

    key: str
    text: str


class Requirement(Protocol):
    """What every requirement offers the checker."""

    @property
    def name(self) -> str: ...

    @property
    def fields(self) -> tuple[str, ...]: ...

    def describe(self) -> str: ...

    def check(self, applicant: Applicant) -> Failure | None: ...


def _n(value: Decimal | int) -> str:
    return format_number(Decimal(value))


class ProgrammeListed(Plain):
    """The applicant's programme is one the call lists, or belongs to a school it lists."""

    schools: tuple[str, ...]
    programmes: tuple[str, ...]
    name: str = "eligible programmes"
    fields: tuple[str, ...] = ("programme",)

    def describe(self) -> str:
        parts = [f"the programmes of school(s) {', '.join(self.schools)}"] if self.schools else []
        if self.programmes:
            parts.append(f"programme(s) {', '.join(self.programmes)}")
        return "programme among " + " and ".join(parts)

    def check(self, applicant: Applicant) -> Failure | None:
        programme = applicant.programme
        assert programme is not None
        if programme.id in self.programmes or programme.school in self.schools:
            return None
        return Failure(
            "programme not among the call's programmes",
            f"programme {programme.id} ({programme.name}, school {programme.school}) "
            "is not among the call's programmes",
        )


class LevelListed(Plain):
    """The applicant's level (bachelor, master …) is one the call admits."""

    levels: tuple[str, ...]
    name: str = "eligible levels"
    fields: tuple[str, ...] = ("level",)

    def describe(self) -> str:
        return f"level among {', '.join(self.levels)}"

    def check(self, applicant: Applicant) -> Failure | None:
        if applicant.level in self.levels:
            return None
        listed = ", ".join(self.levels)
        return Failure(
            f"level not among the call's ({listed})",
            f"level {applicant.level} is not among the call's ({listed})",
        )


class FirstYearCompleted(Plain):
    """The first year of the course is completed before the mobility starts.

    ``year`` is the year of course when applying; a call made the academic year before its
    mobility (``application_year``) adds one.
    """

    years_until_mobility: int
    mobility_year: str | None
    name: str = "first year completed"
    fields: tuple[str, ...] = ("year",)

    def describe(self) -> str:
        return "first year of the course completed before the mobility"

    def check(self, applicant: Applicant) -> Failure | None:
        year = applicant.year
        assert year is not None
        if year + self.years_until_mobility >= 2:
            return None
        when = f" in {self.mobility_year}" if self.mobility_year else ""
        return Failure(
            "first year not completed before the mobility",
            f"year {year} of the course: the first year is not completed before the mobility{when}",
        )


def _qualifier(rule: CreditsMinimum) -> str:
    parts = [p for p in (rule.level, f"year {rule.year}" if rule.year else None) if p]
    return f" for {', '.join(parts)}" if parts else ""


class MinCredits(Plain):
    """Credits earned at least the first matching minimum (by level and/or year of course)."""

    rules: tuple[CreditsMinimum, ...]
    name: str = "minimum credits"

    @property
    def fields(self) -> tuple[str, ...]:
        by_level = any(r.level for r in self.rules)
        by_year = any(r.year for r in self.rules)
        return ("credits", *(("level",) if by_level else ()), *(("year",) if by_year else ()))

    def describe(self) -> str:
        return "; ".join(f"credits at least {_n(r.min)}{_qualifier(r)}" for r in self.rules)

    def check(self, applicant: Applicant) -> Failure | None:
        credits = applicant.credits
        assert credits is not None
        for rule in self.rules:
            if rule.level not in (None, applicant.level) or rule.year not in (None, applicant.year):
                continue
            if credits >= rule.min:
                return None
            return Failure(
                f"credits below the call's minimum {_n(rule.min)}{_qualifier(rule)}",
                f"credits {_n(credits)} are below the call's minimum {_n(rule.min)}{_qualifier(rule)}",
            )
        return None


class MinAverage(Plain):
    """Credit-weighted average (18–30) at least the call's minimum."""

    minimum: Decimal
    name: str = "minimum average"
    fields: tuple[str, ...] = ("average",)

    def describe(self) -> str:
        return f"average at least {_n(self.minimum)}"

    def check(self, applicant: Applicant) -> Failure | None:
        average = applicant.average
        assert average is not None
        if average >= self.minimum:
            return None
        return Failure(
            f"average below the call's minimum {_n(self.minimum)}",
            f"average {_n(average)} is below the call's minimum {_n(self.minimum)}",
        )


class MinLanguage(Plain):
    """Language level (CEFR) at least the call's minimum."""

    minimum: str
    name: str = "minimum language level"
    fields: tuple[str, ...] = ("language",)

    def describe(self) -> str:
        return f"language at least {self.minimum} (CEFR)"

    def check(self, applicant: Applicant) -> Failure | None:
        rank = applicant.language
        assert rank is not None
        if rank >= CEFR_LEVELS.index(self.minimum):
            return None
        return Failure(
            f"language below the call's minimum {self.minimum}",
            f"language {CEFR_LEVELS[rank]} is below the call's minimum {self.minimum}",
        )


class MonthsAbroadCap(Plain):
    """Months already abroad in the study cycle leave room under the cap (12 per cycle, 24 in
    single-cycle programmes) — for the call's shortest stay, when it has one."""

    cap: MonthsCap
    shortest_stay: Decimal | None
    name: str = "months abroad per study cycle"
    fields: tuple[str, ...] = ("months_abroad", "level")

    def describe(self) -> str:
        room = (
            f"room for a stay of {_n(self.shortest_stay)} months" if self.shortest_stay else "room"
        )
        return (
            f"months already abroad in the cycle leave {room} within {_n(self.cap.cycle)} "
            f"({_n(self.cap.single_cycle)} in single-cycle programmes)"
        )

    def check(self, applicant: Applicant) -> Failure | None:
        months = applicant.months_abroad
        assert months is not None
        cap = self.cap.single_cycle if applicant.level == "single-cycle" else self.cap.cycle
        left = cap - months
        if self.shortest_stay is None:
            if left > 0:
                return None
            return Failure(
                "months abroad: the cap per study cycle is used up",
                f"{_n(months)} months already abroad: the {_n(cap)} allowed per study cycle are used up",
            )
        if left >= self.shortest_stay:
            return None
        return Failure(
            "months abroad leave less than the shortest stay under the cap per study cycle",
            f"{_n(months)} months already abroad leave {_n(max(left, Decimal(0)))} of the "
            f"{_n(cap)} allowed per study cycle, less than the shortest stay of "
            f"{_n(self.shortest_stay)} months",
        )


class MinTeachingHours(Plain):
    """Staff: teaching hours at least the weekly minimum; a stay longer than a week pro rata."""

    per_week: Decimal
    name: str = "minimum teaching hours"
    fields: tuple[str, ...] = ("teaching_hours", "days")

    def describe(self) -> str:
        return f"teaching at least {_n(self.per_week)} hours per week (pro rata beyond a week)"

    def check(self, applicant: Applicant) -> Failure | None:
        hours, days = applicant.teaching_hours, applicant.days
        assert hours is not None and days is not None
        weeks = max(Decimal(1), Decimal(days) / WEEK_DAYS)
        needed = (self.per_week * weeks).quantize(Decimal("0.01"))
        if hours >= needed:
            return None
        return Failure(
            f"teaching hours below the minimum {_n(self.per_week)} per week",
            f"{_n(hours)} teaching hours in {days} days are below the minimum {_n(needed)} "
            f"({_n(self.per_week)} per week, pro rata)",
        )


class StayInDays(Plain):
    """Staff: the stay lasts between the call's bounds (either may be absent), travel excluded."""

    minimum: int | None
    maximum: int | None
    name: str = "length of stay"
    fields: tuple[str, ...] = ("days",)

    def describe(self) -> str:
        bounds = [
            f"at least {self.minimum}" if self.minimum is not None else "",
            f"at most {self.maximum}" if self.maximum is not None else "",
        ]
        return f"a stay of {' and '.join(b for b in bounds if b)} days"

    def check(self, applicant: Applicant) -> Failure | None:
        days = applicant.days
        assert days is not None
        if self.minimum is not None and days < self.minimum:
            return Failure(
                f"stay shorter than the call's minimum {self.minimum} days",
                f"{days} days are fewer than the call's minimum {self.minimum}",
            )
        if self.maximum is not None and days > self.maximum:
            return Failure(
                f"stay longer than the call's maximum {self.maximum} days",
                f"{days} days are more than the call's maximum {self.maximum}",
            )
        return None


def _known_ids(eligible: Eligible, index: ProgrammeIndex, call_id: str) -> None:
    for ident in eligible.schools:
        if ident not in index.schools:
            raise UnknownIdError(f"school in call '{call_id}'", ident, sorted(index.schools))
    for ident in eligible.programmes:
        if ident not in index.programmes:
            raise UnknownIdError(f"programme in call '{call_id}'", ident, sorted(index.programmes))


def compile_requirements(call: Call, index: ProgrammeIndex) -> Sequence[Requirement]:
    """The call's requirements as plain checks, in the order their reasons are reported.

    Raises :class:`UnknownIdError` when the call names a school or programme the catalogue
    does not define.
    """
    eligible, rules = call.eligible, call.requirements
    _known_ids(eligible, index, call.id)
    found: list[Requirement] = []
    if eligible.restricts_programmes:
        found.append(ProgrammeListed(eligible.schools, eligible.programmes))
    if eligible.levels:
        found.append(LevelListed(eligible.levels))
    if rules.first_year_completed:
        ahead = 0
        if call.academic_year and call.application_year:
            ahead = calendar_year(call.academic_year) - calendar_year(call.application_year)
        found.append(FirstYearCompleted(ahead, call.academic_year))
    if rules.min_credits:
        found.append(MinCredits(rules.min_credits))
    if rules.min_average is not None:
        found.append(MinAverage(rules.min_average))
    if rules.min_language is not None:
        found.append(MinLanguage(rules.min_language))
    if rules.max_months_abroad is not None:
        found.append(MonthsAbroadCap(rules.max_months_abroad, rules.min_months))
    if rules.min_teaching_hours_per_week is not None:
        found.append(MinTeachingHours(rules.min_teaching_hours_per_week))
    if rules.min_days is not None or rules.max_days is not None:
        found.append(StayInDays(rules.min_days, rules.max_days))
    return found
