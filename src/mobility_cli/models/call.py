"""Mobility calls (``kind: call``): who may apply, by when, under which requirements, and how
applicants are ranked.

A requirement the sources do not state is left out, never guessed; what the data cannot say
goes in ``gaps`` so that ``mobility check`` can repeat it. A ranking rule is a named formula
with declared parameters: nothing from a data file is ever evaluated as code.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AfterValidator, Field, Strict, ValidationInfo, field_validator, model_validator

from mobility_cli.compiled.call import ApplicantLevel, CallType, CefrLevel, first_calendar_year
from mobility_cli.models.common import Count, DataFileHeader, Id, Number, StrictModel


def _academic_year(text: str) -> str:
    first, _, second = text.partition("/")
    if int(second) != int(first) + 1:
        raise ValueError(f"'{text}' is not two consecutive years such as 2019/2020")
    return text


AcademicYear = Annotated[
    str, Field(pattern=r"^\d{4}/\d{4}$", examples=["2026/2027"]), AfterValidator(_academic_year)
]


class Eligible(StrictModel):
    """Who may apply: the programmes of ``schools`` plus the ``programmes`` listed, restricted
    to ``levels``. An empty list does not restrict; all empty means every programme."""

    schools: tuple[Id, ...] = Field(default=(), description="Every programme of these schools.")
    programmes: tuple[Id, ...] = Field(
        default=(), description="These programmes too (ids of the programme catalogue)."
    )
    levels: tuple[ApplicantLevel, ...] = Field(default=(), description="Only these levels.")
    note: str = ""


class CreditsMinimum(StrictModel):
    """A minimum number of credits, for one level and/or one year of course (or everyone)."""

    min: Number = Field(ge=0)
    level: ApplicantLevel | None = None
    year: Annotated[int, Strict()] | None = Field(default=None, ge=1, le=8)


class MonthsCap(StrictModel):
    """Most months abroad in one study cycle (Erasmus+: 12; 24 in single-cycle programmes)."""

    cycle: Number = Field(gt=0, le=36)
    single_cycle: Number = Field(gt=0, le=72)


class Requirements(StrictModel):
    """Every requirement is optional: absent means the call (as far as known) has none."""

    first_year_completed: Annotated[bool, Strict()] = Field(
        default=False, description="The first year of the course is completed before departure."
    )
    min_credits: tuple[CreditsMinimum, ...] = Field(
        default=(),
        description="Minimum credits earned; the first entry matching the applicant's level and "
        "year applies (an entry without level and year matches everyone).",
    )
    min_average: Number | None = Field(
        default=None, ge=18, le=30, description="Minimum credit-weighted average on 18–30."
    )
    average_range: tuple[Number, Number] | None = Field(
        default=None,
        description="Narrows the catalogue's range of averages (18–30) for this call's "
        "applicants: an average outside it is a row error, not a verdict.",
    )
    min_language: CefrLevel | None = Field(default=None, description="Minimum CEFR level.")
    max_months_abroad: MonthsCap | None = Field(
        default=None, description="Months already spent abroad in the cycle, at most."
    )
    min_months: Number | None = Field(
        default=None, gt=0, le=24, description="Shortest stay the call allows, in months."
    )
    min_teaching_hours_per_week: Number | None = Field(
        default=None, gt=0, le=60, description="Staff: teaching hours per week (pro rata)."
    )
    min_days: Annotated[int, Strict()] | None = Field(
        default=None, ge=1, le=366, description="Staff: shortest stay in days, travel excluded."
    )
    max_days: Annotated[int, Strict()] | None = Field(
        default=None, ge=1, le=366, description="Staff: longest stay in days, travel excluded."
    )

    @model_validator(mode="after")
    def _bounds(self) -> Requirements:
        shortest, longest = self.min_days, self.max_days
        if shortest is not None and longest is not None and shortest > longest:
            raise ValueError(f"min_days {shortest} is above max_days {longest}")
        if self.average_range is not None:
            low, high = self.average_range
            if not 18 <= low < high <= 30:
                raise ValueError(f"average_range {low}–{high} is not a range within 18–30")
        catch_all = [
            i for i, m in enumerate(self.min_credits) if m.level is None and m.year is None
        ]
        if catch_all and catch_all[0] != len(self.min_credits) - 1:
            raise ValueError("a min_credits entry without level and year must come last")
        return self


class Preferences(StrictModel):
    """How many destinations an applicant may list, by kind of mobility."""

    short_mobility: Count | None = None
    double_degree: Count | None = None


class PolimiMeritParameters(StrictModel):
    """score = average + credits_weight × (credits / (years_enrolled − 1) − baseline_credits_per_year)
    − penalty_per_exchange × previous_exchanges."""

    credits_weight: Number
    baseline_credits_per_year: Number
    penalty_per_exchange: Number = Field(ge=0)


class PolimiMeritRanking(StrictModel):
    """The engineering schools' merit score ("Formula Spinelli"), a named rule."""

    rule: Literal["polimi-merit"]
    parameters: PolimiMeritParameters
    decimals: Annotated[int, Strict()] = Field(default=2, ge=0, le=6)
    note: str = ""


class Call(DataFileHeader):
    """A ``kind: call`` data file: one mobility call."""

    kind: Literal["call"]
    id: Id
    title: str = Field(min_length=1)
    type: CallType
    description: str = ""
    academic_year: AcademicYear | None = Field(
        default=None, description="Academic year of the mobility; absent when not fixed."
    )
    application_year: AcademicYear | None = Field(
        default=None,
        description="Academic year applicants are enrolled in when they apply, when it is not "
        "the mobility's (a call in January 2026 for 2026/2027: 2025/2026).",
    )
    semester: Literal["first", "second"] | None = Field(
        default=None, description="Semester of departure, when the call is for one semester."
    )
    timezone: str = Field(description="IANA time zone of opens/closes, e.g. Europe/Rome.")
    opens: dt.datetime | None = Field(
        default=None, description="Local date-time (or with its offset); absent if unpublished."
    )
    closes: dt.datetime | None = Field(
        default=None, description="Local date-time (or with its offset); absent if unpublished."
    )
    eligible: Eligible = Eligible()
    requirements: Requirements = Requirements()
    preferences: Preferences | None = None
    ranking: PolimiMeritRanking | None = None
    gaps: tuple[str, ...] = Field(
        default=(), description="Rules of the call the data do not know; `check` repeats them."
    )

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"'{value}' is not an IANA time zone such as Europe/Rome") from None
        return value

    @field_validator("opens", "closes")
    @classmethod
    def _in_zone(cls, value: dt.datetime | None, info: ValidationInfo) -> dt.datetime | None:
        zone_name = info.data.get("timezone")
        if value is None or zone_name is None:
            return value
        if not 1900 <= value.year <= 9998:  # moving year 1 or 9999 to another zone overflows
            raise ValueError(f"year {value.year} is out of range: give a year from 1900 to 9998")
        value = localise(value, ZoneInfo(zone_name))
        opens = info.data.get("opens")
        if info.field_name == "closes" and opens is not None and opens >= value:
            # Checked here rather than on the model, so the error points at `closes:`.
            raise ValueError(f"closes ({value}) is not after opens ({opens})")
        return value

    @model_validator(mode="after")
    def _window(self) -> Call:
        if self.application_year and not self.academic_year:
            raise ValueError("application_year needs academic_year")
        if self.application_year and self.academic_year:
            gap = first_calendar_year(self.academic_year) - first_calendar_year(
                self.application_year
            )
            if gap not in (0, 1):
                raise ValueError(
                    f"application_year {self.application_year} must be {self.academic_year} "
                    "or the year before"
                )
        return self


def localise(value: dt.datetime, zone: ZoneInfo) -> dt.datetime:
    """A call's date-time in its zone: a local one must exist and be unambiguous there (not in
    the hour skipped or repeated when clocks change); one with an offset must agree with it."""
    if value.tzinfo is None:
        aware = value.replace(tzinfo=zone)
        if aware.astimezone(dt.timezone.utc).astimezone(zone).replace(tzinfo=None) != value:
            raise ValueError(f"{value} does not exist in {zone.key} (the clocks go forward)")
        if value.replace(tzinfo=zone, fold=1).utcoffset() != aware.utcoffset():
            raise ValueError(
                f"{value} happens twice in {zone.key} (the clocks go back): "
                "write it with its offset, e.g. +02:00"
            )
        return aware
    local = value.astimezone(zone)
    if local.utcoffset() != value.utcoffset():
        raise ValueError(
            f"{value.isoformat()} has offset {value.isoformat()[-6:]}, but {zone.key} is at "
            f"{local.isoformat()[-6:]} then"
        )
    return local
