"""Grading scales, compiled: numeric (higher- or lower-is-better) and ordinal (ordered labels)."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from mobility_cli.compiled.base import Plain
from mobility_cli.compiled.common import DataFileHeader


class HonoursMark(Plain):
    """A distinction above the top grade: Italy's 30 e lode, Spain's Matrícula de Honor."""

    label: str
    value: Decimal
    aliases: tuple[str, ...]


class ScaleWord(Plain):
    """A word printed with (or instead of) a grade: 'Notable' spans 7–8.9 on Spain's scale."""

    word: str
    lang: str
    low: Decimal
    high: Decimal
    aliases: tuple[str, ...]


class SchemePin(Plain):
    """An ELMO grading scheme that reads as this scale: its issuer and its ``localId``."""

    issuer: str
    local_id: str


class NumericScale(Plain):
    """A scale of numbers between ``worst`` and ``best``; ``best`` may be below ``worst``."""

    type: Literal["numeric"]
    id: str
    name: str
    countries: tuple[str, ...]
    best: Decimal
    worst: Decimal
    pass_: Decimal
    step: Decimal | None
    values: tuple[Decimal, ...]
    honours: HonoursMark | None
    aliases: dict[str, Decimal]
    words: tuple[ScaleWord, ...]
    averages: bool
    elmo_schemes: tuple[SchemePin, ...]
    notes: str

    @property
    def higher_is_better(self) -> bool:
        return self.best > self.worst

    def is_passing(self, value: Decimal) -> bool:
        if self.higher_is_better:
            return self.pass_ <= value <= self.best
        return self.best <= value <= self.pass_

    def on_scale(self, value: Decimal) -> bool:
        low, high = sorted((self.best, self.worst))
        if not low <= value <= high:
            return False
        if self.values:
            return value in self.values
        if self.step is not None:
            return (value - self.worst) % self.step == 0
        return True


class OrdinalGrade(Plain):
    """One label of an ordinal scale, optionally with the number it stands for."""

    label: str
    value: Decimal | None
    aliases: tuple[str, ...]


class OrdinalScale(Plain):
    """An ordered list of labels, best first (ECTS A–F, Denmark 12…−3, US letters)."""

    type: Literal["ordinal"]
    id: str
    name: str
    countries: tuple[str, ...]
    grades: tuple[OrdinalGrade, ...]
    pass_: str
    elmo_schemes: tuple[SchemePin, ...]
    notes: str

    def rank_of_pass(self) -> int:
        return rank_of([g.label for g in self.grades], self.pass_)


def rank_of(labels: list[str], label: str) -> int:
    """Where a label stands among an ordinal scale's labels, best first (0)."""
    return labels.index(label)


Scale = NumericScale | OrdinalScale


class ScalesFile(DataFileHeader):
    """A ``kind: scales`` data file: a catalogue of grading scales."""

    scales: tuple[Scale, ...]
