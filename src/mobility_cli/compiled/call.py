"""Mobility calls, compiled: who may apply, by when, under which requirements, how ranked."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Literal

from mobility_cli.compiled.base import Plain
from mobility_cli.compiled.common import DataFileHeader, StudyCycle

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

CEFR_LEVELS = ("A1", "A2", "B1", "B2", "C1", "C2")
CefrLevel = Literal["A1", "A2", "B1", "B2", "C1", "C2"]
ApplicantLevel = Literal[StudyCycle, "staff"]
CallType = Literal["erasmus-study", "international-mobility", "ka107", "athens", "staff-teaching"]


def first_calendar_year(academic_year: str) -> int:
    """2019 for '2019/2020'."""
    return int(academic_year[:4])


class Eligible(Plain):
    """Who may apply: the programmes of ``schools`` plus the ``programmes`` listed, restricted
    to ``levels``. An empty list does not restrict; all empty means every programme."""

    schools: tuple[str, ...]
    programmes: tuple[str, ...]
    levels: tuple[ApplicantLevel, ...]
    note: str

    @property
    def restricts_programmes(self) -> bool:
        return bool(self.schools or self.programmes)


class CreditsMinimum(Plain):
    """A minimum number of credits, for one level and/or one year of course (or everyone)."""

    min: Decimal
    level: ApplicantLevel | None
    year: int | None


class MonthsCap(Plain):
    """Most months abroad in one study cycle (Erasmus+: 12; 24 in single-cycle programmes)."""

    cycle: Decimal
    single_cycle: Decimal


class Requirements(Plain):
    """Every requirement is optional: absent means the call (as far as known) has none."""

    first_year_completed: bool
    min_credits: tuple[CreditsMinimum, ...]
    min_average: Decimal | None
    average_range: tuple[Decimal, Decimal] | None
    min_language: CefrLevel | None
    max_months_abroad: MonthsCap | None
    min_months: Decimal | None
    min_teaching_hours_per_week: Decimal | None
    min_days: int | None
    max_days: int | None


class Preferences(Plain):
    """How many destinations an applicant may list, by kind of mobility."""

    short_mobility: int | None
    double_degree: int | None


class PolimiMeritParameters(Plain):
    """score = average + credits_weight × (credits / (years_enrolled − 1) − baseline_credits_per_year)
    − penalty_per_exchange × previous_exchanges."""

    credits_weight: Decimal
    baseline_credits_per_year: Decimal
    penalty_per_exchange: Decimal


class PolimiMeritRanking(Plain):
    """The engineering schools' merit score ("Formula Spinelli"), a named rule."""

    rule: Literal["polimi-merit"]
    parameters: PolimiMeritParameters
    decimals: int
    note: str


class Call(DataFileHeader):
    """A ``kind: call`` data file: one mobility call."""

    id: str
    title: str
    type: CallType
    description: str
    academic_year: str | None
    application_year: str | None
    semester: Literal["first", "second"] | None
    timezone: str
    opens: dt.datetime | None
    closes: dt.datetime | None
    eligible: Eligible
    requirements: Requirements
    preferences: Preferences | None
    ranking: PolimiMeritRanking | None
    gaps: tuple[str, ...]

    @property
    def zone(self) -> ZoneInfo:
        from zoneinfo import ZoneInfo

        return ZoneInfo(self.timezone)
