"""The study-programme catalogue (``kind: programmes``): the schools of an institution and the
programmes a call can name and an applicant's programme cell is matched against."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, Strict, model_validator

from mobility_cli.models.common import DataFileHeader, Id, Number, StrictModel, StudyCycle


class School(StrictModel):
    """A school (faculty) of the institution."""

    id: Id
    name: str = Field(min_length=1)
    aliases: tuple[str, ...] = Field(
        default=(), description="Other names found in exports ('3I', 'Scuola di Design')."
    )


class StudyProgramme(StrictModel):
    """A degree programme; applicants' cells match its id, name or an alias."""

    id: Id
    name: str = Field(min_length=1, description="The name as the sources write it.")
    aliases: tuple[str, ...] = Field(
        default=(), description="Other names: English and Italian, as found in the sources."
    )
    name_it: str = Field(default="", description="The Italian name, where the sources give it.")
    name_en: str = Field(default="", description="The English name, where the sources give it.")
    school: Id = Field(description="Id of one of the file's schools.")
    level: StudyCycle | None = Field(
        default=None,
        description="Study cycle; absent when the sources do not say (then any level matches).",
    )
    note: str = Field(default="", description="Where the entry comes from, what is assumed.")


class Cycle(StrictModel):
    """A study cycle's length and credits: the bounds an applicant's year, credits and years
    enrolled must keep within (values outside them are typos, not verdicts)."""

    level: StudyCycle
    years: Annotated[int, Strict()] = Field(ge=1, le=10, description="Normal length in years.")
    credits: Number = Field(gt=0, le=600, description="Credits of the whole cycle.")
    after: StudyCycle | None = Field(
        default=None,
        description="The cycle completed before this one (a master's after a bachelor's): its "
        "credits and years count in a whole career's credits and years enrolled.",
    )


class Bounds(StrictModel):
    """Value domains of applicant cells that do not depend on a call."""

    average: tuple[Number, Number] = Field(
        description="Lowest and highest credit-weighted average: the home scale's passing range."
    )
    grace_years: Annotated[int, Strict()] = Field(
        ge=0,
        le=10,
        description="Years beyond a cycle's length a student may still be enrolled (a bound "
        "against typos, not an eligibility rule).",
    )
    cycles: tuple[Cycle, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _ordered(self) -> Bounds:
        low, high = self.average
        if low >= high:
            raise ValueError(f"average range {low}–{high}: the first must be below the second")
        levels = [c.level for c in self.cycles]
        for cycle in self.cycles:
            if cycle.after is not None and cycle.after not in levels:
                raise ValueError(f"cycle {cycle.level} comes after {cycle.after}, not declared")
        return self


class ProgrammesFile(DataFileHeader):
    """A ``kind: programmes`` data file: an institution's schools and study programmes."""

    kind: Literal["programmes"]
    institution: str = Field(min_length=1)
    bounds: Bounds | None = Field(
        default=None, description="Value domains of applicant cells (a later file's replace)."
    )
    schools: tuple[School, ...] = Field(min_length=1)
    programmes: tuple[StudyProgramme, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _consistent(self) -> ProgrammesFile:
        schools = [s.id for s in self.schools]
        ids = [p.id for p in self.programmes]
        for what, seen in (("school", schools), ("programme", ids)):
            repeated = sorted({i for i in seen if seen.count(i) > 1})
            if repeated:
                raise ValueError(f"{what} id(s) defined twice: {', '.join(repeated)}")
        for programme in self.programmes:
            if programme.school not in schools:
                raise ValueError(
                    f"programme '{programme.id}' names school '{programme.school}', "
                    f"which is not one of {', '.join(schools)}"
                )
        return self
