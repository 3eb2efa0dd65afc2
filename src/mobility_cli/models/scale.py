"""Grading scales: numeric (higher- or lower-is-better) and ordinal (ordered labels)."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal

from pydantic import Field, ValidationInfo, field_validator, model_validator
from pydantic_core import PydanticCustomError

from mobility_cli.compiled.scale import rank_of
from mobility_cli.models.common import DataFileHeader, Id, Label, Number, StrictModel

LOWEST_GRADE_ERROR = "scale-pass-mark"
"""The pydantic error type of a pass mark outside its scale (``mobility validate`` rule id)."""


MAX_GRID_POINTS = 10_000
"""Most grades a stepped numeric scale may have (0–100 in steps of 0.01)."""


class HonoursMark(StrictModel):
    """A distinction above the top grade: Italy's 30 e lode, Spain's Matrícula de Honor."""

    label: Label = Field(description="How the honours mark is written, e.g. '30L' or 'MH'.")
    value: Number = Field(description="The numeric grade it sits on, e.g. 30 or 10.")
    aliases: tuple[Label, ...] = Field(
        default=(), description="Other spellings found on transcripts ('30 e lode', 'Matrícula')."
    )


class ScaleWord(StrictModel):
    """A word printed with (or instead of) a grade: 'Notable' spans 7–8.9 on Spain's scale."""

    word: Label = Field(description="The word as printed, e.g. 'Notable' or 'Très bien'.")
    lang: str = Field(pattern=r"^[a-z]{2}$", description="ISO 639-1 language of the word.")
    low: Number = Field(description="The lowest grade the word stands for.")
    high: Number = Field(description="The highest grade the word stands for.")
    aliases: tuple[Label, ...] = Field(default=(), description="Other spellings ('NT').")

    @model_validator(mode="after")
    def _ordered(self) -> ScaleWord:
        if self.low > self.high:
            raise ValueError(f"word '{self.word}': low {self.low} is above high {self.high}")
        return self


class SchemePin(StrictModel):
    """An ELMO grading scheme that reads as this scale: its issuer and its ``localId``."""

    issuer: Label = Field(description="The issuer's identifier (schac, erasmus or pic) or title.")
    local_id: Label = Field(description="The scheme's ``localId`` in that issuer's files.")


class NumericScale(StrictModel):
    """A scale of numbers between ``worst`` and ``best``; ``best`` may be below ``worst``."""

    type: Literal["numeric"]
    id: Id
    name: str = Field(min_length=1)
    countries: tuple[str, ...] = Field(default=(), description="ISO 3166 alpha-2 codes.")
    best: Number
    worst: Number
    pass_: Number = Field(alias="pass", description="Lowest passing grade.")
    step: Number | None = Field(
        default=None, gt=0, description="Granularity: grades are worst + k × step."
    )
    values: tuple[Number, ...] = Field(
        default=(), description="The only grades allowed, when the scale is a fixed list."
    )
    honours: HonoursMark | None = None
    aliases: dict[Label, Number] = Field(
        default={}, description="Words printed instead of a number ('sehr gut': 1.0)."
    )
    words: tuple[ScaleWord, ...] = Field(
        default=(),
        description="Words printed with or instead of a grade, each with the grades it spans.",
    )
    averages: bool = Field(
        default=False,
        description=(
            "Also accept averages with one decimal between best and pass (German module "
            "grades such as 2.5), with a note, although they are not among ``values``."
        ),
    )
    elmo_schemes: tuple[SchemePin, ...] = Field(
        default=(), description="ELMO grading schemes of named issuers that read as this scale."
    )
    notes: str = ""

    @field_validator("pass_")
    @classmethod
    def _pass_within_bounds(cls, value: Decimal, info: ValidationInfo) -> Decimal:
        best, worst = info.data.get("best"), info.data.get("worst")
        if best is not None and worst is not None:
            low, high = sorted((best, worst))
            if not low <= value <= high:
                raise PydanticCustomError(
                    LOWEST_GRADE_ERROR,
                    "pass {value} is outside the scale {low}–{high}",
                    {"value": str(value), "low": str(low), "high": str(high)},
                )
        return value

    @model_validator(mode="after")
    def _bounds(self) -> NumericScale:
        # Each condition here is one the converter relies on: checked by `validate` and at
        # every load, so no data file can make a command divide by zero or build a huge grid.
        if self.best == self.worst:
            raise ValueError("best and worst must differ")
        if self.pass_ == self.best:
            raise ValueError(
                "pass equals best: a scale needs passing grades below its best "
                "(the linear formula divides by best − pass)"
            )
        if self.step is not None and abs(self.best - self.worst) / self.step > MAX_GRID_POINTS:
            raise ValueError(
                f"step {self.step:f} makes more than {MAX_GRID_POINTS:,} grades between worst and "
                "best: use a coarser step"
            )
        low, high = sorted((self.best, self.worst))
        for word in self.words:
            if not (low <= word.low and word.high <= high):
                raise ValueError(
                    f"word '{word.word}' spans {word.low}–{word.high}, outside the scale "
                    f"{low}–{high}"
                )
        return self


class OrdinalGrade(StrictModel):
    """One label of an ordinal scale, optionally with the number it stands for."""

    label: Label
    value: Number | None = Field(
        default=None, description="Numeric value for the linear method (Denmark '7' is 7)."
    )
    aliases: tuple[Label, ...] = ()


class OrdinalScale(StrictModel):
    """An ordered list of labels, best first (ECTS A–F, Denmark 12…−3, US letters)."""

    type: Literal["ordinal"]
    id: Id
    name: str = Field(min_length=1)
    countries: tuple[str, ...] = ()
    grades: tuple[OrdinalGrade, ...] = Field(min_length=2, description="Best first.")
    pass_: Label = Field(alias="pass", description="Lowest passing label.")
    elmo_schemes: tuple[SchemePin, ...] = Field(
        default=(), description="ELMO grading schemes of named issuers that read as this scale."
    )
    notes: str = ""

    @model_validator(mode="after")
    def _pass_below_best(self) -> OrdinalScale:
        best, passing = (
            self.grades[0],
            self.grades[rank_of([g.label for g in self.grades], self.pass_)],
        )
        if best.value is not None and best.value == passing.value:
            raise ValueError(
                f"pass grade '{passing.label}' has the best grade's value {best.value}: the "
                "linear formula divides by their difference"
            )
        return self

    @field_validator("pass_")
    @classmethod
    def _pass_is_a_label(cls, value: str, info: ValidationInfo) -> str:
        grades: tuple[OrdinalGrade, ...] = info.data.get("grades", ())
        if grades and all(g.label != value for g in grades):
            raise PydanticCustomError(
                LOWEST_GRADE_ERROR,
                "pass '{value}' is not one of the labels ({labels})",
                {"value": value, "labels": ", ".join(g.label for g in grades)},
            )
        return value


Scale = Annotated[NumericScale | OrdinalScale, Field(discriminator="type")]


class ScalesFile(DataFileHeader):
    """A ``kind: scales`` data file: a catalogue of grading scales."""

    kind: Literal["scales"]
    scales: tuple[Scale, ...] = Field(min_length=1)
