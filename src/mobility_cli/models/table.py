"""Conversion tables: per school (and per programme inside it), how each source scale's
grades become home grades, with which method, in which fallback order."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal

from pydantic import Field, Strict, model_validator

from mobility_cli.compiled.table import Honours, HostSource, Pick, Policy
from mobility_cli.models.common import (
    DataFileHeader,
    Id,
    Label,
    Number,
    Provenance,
    Rounding,
    StrictModel,
    StudyCycle,
)
from mobility_cli.models.grading import GradeCounts


class LinearMethod(StrictModel):
    """DM 313/2016 Allegato 5: home = pass + (best − pass) × (g − g_pass) / (g_best − g_pass)."""

    method: Literal["linear"]
    rounding: Rounding = Field(default="half-up", description="How the result is rounded.")
    honours: Honours = Field(
        default="honours-mark",
        description=(
            "When the result is the home honours mark (30L): never; only for the source scale's "
            "honours mark (e.g. MH, 30 e lode); or for the source scale's best grade."
        ),
    )
    note: str = ""


class Band(StrictModel):
    """One row of a band table: a source label (or labels) or an inclusive numeric range,
    mapped to one home grade or a home range."""

    label: Label | None = None
    labels: tuple[Label, ...] = ()
    min: Number | None = Field(default=None, description="Inclusive lower end (numbers).")
    max: Number | None = Field(default=None, description="Inclusive upper end (numbers).")
    to: Label | tuple[Label, Label] = Field(
        description="Home grade ('27', '30L') or home range ['24', '27'] picked by the policy."
    )
    note: str = ""

    @model_validator(mode="after")
    def _one_source_form(self) -> Band:
        by_label = self.label is not None or bool(self.labels)
        by_range = self.min is not None or self.max is not None
        if by_label == by_range:
            raise ValueError("a band needs either label/labels or min/max, not both or neither")
        if by_range and (self.min is None or self.max is None):
            raise ValueError("a numeric band needs both min and max")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"min {self.min} is above max {self.max}")
        return self


class BandsMethod(StrictModel):
    """Explicit rows; a home range is resolved by the declared ``pick`` policy."""

    method: Literal["bands"]
    pick: Pick = Field(
        description=(
            "Which grade of a home range: Turin takes max, Pavia median, Modena mean; "
            "interpolate maps a numeric band's source range linearly onto the home range."
        )
    )
    rounding: Rounding = Field(
        default="half-up", description="Rounding of a median, a mean or an interpolated grade."
    )
    bands: tuple[Band, ...] = Field(min_length=1)
    note: str = ""


class DistributionMethod(StrictModel):
    """ECTS Users' Guide grading tables: the home grade whose share of passing grades in the
    home reference group overlaps the foreign grade's share in the host's distribution."""

    method: Literal["distribution"]
    policy: Policy = Field(
        description=(
            "Which of the overlapping home grades: the lowest, the highest, their mean, the one "
            "with the largest overlap, or the one at the foreign band's midpoint (ties: the "
            "better grade)."
        )
    )
    min_count: Annotated[int, Strict()] = Field(
        ge=1,
        description=(
            "Fewest passing grades a reference group (home, or host sample) may have; a smaller "
            "group hands over to the next method."
        ),
    )
    sources: tuple[HostSource, ...] = Field(
        default=("transcript", "host-table", "ects-letter-shares"),
        min_length=1,
        description=(
            "Where the host distribution may come from, in order: the transcript row, a "
            "grading table in the data directory, the ECTS letter shares (10/25/30/25/10%)."
        ),
    )
    rounding: Rounding = Field(default="half-up", description="Rounding of the `mean` policy.")
    note: str = ""

    @model_validator(mode="after")
    def _sources_once(self) -> DistributionMethod:
        if len(set(self.sources)) != len(self.sources):
            raise ValueError("each source may be listed once")
        return self


Method = Annotated[LinearMethod | BandsMethod | DistributionMethod, Field(discriminator="method")]


class Rule(StrictModel):
    """Methods for some source scales, tried in order until one applies (the fallback order)."""

    scales: tuple[Id | Literal["*"], ...] = Field(
        min_length=1, description="Source scale ids, or '*' for any scale."
    )
    methods: tuple[Method, ...] = Field(min_length=1)
    note: str = ""


class Programme(StrictModel):
    """A study programme with rules of its own inside a school's table."""

    id: Id
    name: str = Field(min_length=1)
    aliases: tuple[str, ...] = ()
    level: StudyCycle | None = None
    max_credits_per_semester: Number | None = Field(
        default=None, gt=0, description="Most credits the programme lets one semester replace."
    )
    rules: tuple[Rule, ...] = Field(
        default=(), description="Tried before the school's rules for the same scale."
    )
    note: str = ""


class Target(StrictModel):
    """The home scale and how averages and the base mark on 110 are formed."""

    scale: Id = "it-30"
    lode_value: Number = Field(
        default=Decimal(30), description="What 30 e lode counts in averages."
    )
    pass_fail: Literal["exclude"] = Field(
        default="exclude", description="Pass/fail courses count in credits, not in the average."
    )
    average_decimals: Annotated[int, Strict()] = Field(default=2, ge=0, le=6)
    base_110_rounding: Rounding = "none"
    exam_rounding: Rounding = Field(
        default="half-up",
        description="Rounding of one home exam's grade when several courses replace it.",
    )


class ReferenceGroup(GradeCounts):
    """A home reference group of the ``distribution`` method, with where its counts come from."""

    id: Id
    name: str = Field(min_length=1)
    programmes: tuple[Id, ...] = Field(
        default=(), description="Programme ids the group is for; empty: the whole school."
    )
    provenance: Provenance


class ConversionTable(DataFileHeader):
    """A ``kind: conversion_table`` data file for one school."""

    kind: Literal["conversion_table"]
    id: Id
    name: str = Field(min_length=1)
    school: str = Field(min_length=1)
    description: str = ""
    target: Target = Target()
    rules: tuple[Rule, ...] = Field(min_length=1)
    programmes: tuple[Programme, ...] = ()
    reference_groups: tuple[ReferenceGroup, ...] = Field(
        default=(),
        description="Home grade counts for the distribution method (per school, programme, field).",
    )

    @model_validator(mode="after")
    def _reference_groups(self) -> ConversionTable:
        ids = [g.id for g in self.reference_groups]
        repeated = sorted({i for i in ids if ids.count(i) > 1})
        if repeated:
            raise ValueError(f"reference group ids repeat: {', '.join(repeated)}")
        known = {p.id for p in self.programmes}
        for group in self.reference_groups:
            unknown = [p for p in group.programmes if p not in known]
            if unknown:
                raise ValueError(
                    f"reference group '{group.id}' names unknown programme(s): {', '.join(unknown)}"
                )
        rules = self.rules + tuple(r for p in self.programmes for r in p.rules)
        uses = any(isinstance(m, DistributionMethod) for r in rules for m in r.methods)
        if uses and not self.reference_groups:
            raise ValueError("the distribution method needs reference_groups (home grade counts)")
        return self
