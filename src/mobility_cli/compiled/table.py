"""Conversion tables, compiled: per school (and per programme inside it), how each source
scale's grades become home grades, with which method, in which fallback order."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from mobility_cli.compiled.base import Plain
from mobility_cli.compiled.common import DataFileHeader, Provenance, Rounding, StudyCycle
from mobility_cli.compiled.grading import GradeCounts

ANY_SCALE = "*"

Honours = Literal["never", "honours-mark", "best-grade"]
Pick = Literal["min", "max", "median", "mean", "interpolate"]
HostSource = Literal["transcript", "host-table", "ects-letter-shares"]
Policy = Literal["min", "max", "mean", "max-overlap", "midpoint"]


class LinearMethod(Plain):
    """DM 313/2016 Allegato 5: home = pass + (best − pass) × (g − g_pass) / (g_best − g_pass)."""

    method: Literal["linear"]
    rounding: Rounding
    honours: Honours
    note: str


class Band(Plain):
    """One row of a band table: a source label (or labels) or an inclusive numeric range,
    mapped to one home grade or a home range."""

    label: str | None
    labels: tuple[str, ...]
    min: Decimal | None
    max: Decimal | None
    to: str | tuple[str, str]
    note: str

    def source_labels(self) -> tuple[str, ...]:
        return ((self.label,) if self.label is not None else ()) + self.labels


class BandsMethod(Plain):
    """Explicit rows; a home range is resolved by the declared ``pick`` policy."""

    method: Literal["bands"]
    pick: Pick
    rounding: Rounding
    bands: tuple[Band, ...]
    note: str


class DistributionMethod(Plain):
    """ECTS Users' Guide grading tables: the home grade whose share of passing grades in the
    home reference group overlaps the foreign grade's share in the host's distribution."""

    method: Literal["distribution"]
    policy: Policy
    min_count: int
    sources: tuple[HostSource, ...]
    rounding: Rounding
    note: str


Method = LinearMethod | BandsMethod | DistributionMethod


class Rule(Plain):
    """Methods for some source scales, tried in order until one applies (the fallback order)."""

    scales: tuple[str, ...]
    methods: tuple[Method, ...]
    note: str


class Programme(Plain):
    """A study programme with rules of its own inside a school's table."""

    id: str
    name: str
    aliases: tuple[str, ...]
    level: StudyCycle | None
    max_credits_per_semester: Decimal | None
    rules: tuple[Rule, ...]
    note: str


class Target(Plain):
    """The home scale and how averages and the base mark on 110 are formed."""

    scale: str
    lode_value: Decimal
    pass_fail: Literal["exclude"]
    average_decimals: int
    base_110_rounding: Rounding
    exam_rounding: Rounding


class ReferenceGroup(GradeCounts):
    """A home reference group of the ``distribution`` method, with where its counts come from."""

    id: str
    name: str
    programmes: tuple[str, ...]
    provenance: Provenance


class ConversionTable(DataFileHeader):
    """A ``kind: conversion_table`` data file for one school."""

    id: str
    name: str
    school: str
    description: str
    target: Target
    rules: tuple[Rule, ...]
    programmes: tuple[Programme, ...]
    reference_groups: tuple[ReferenceGroup, ...]
