"""The study-programme catalogue (``kind: programmes``): the schools of an institution and the
programmes a call can name and an applicant's programme cell is matched against."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from mobility_cli.models.common import DataFileHeader, Id, StrictModel

Level = Literal["bsc", "msc", "single-cycle", "phd"]
"""Study cycle of a programme: bachelor, master, single-cycle (five/six-year) master, PhD."""


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
    school: Id = Field(description="Id of one of the file's schools.")
    level: Level | None = Field(
        default=None,
        description="Study cycle; absent when the sources do not say (then any level matches).",
    )
    note: str = Field(default="", description="Where the entry comes from, what is assumed.")


class ProgrammesFile(DataFileHeader):
    """A ``kind: programmes`` data file: an institution's schools and study programmes."""

    kind: Literal["programmes"]
    institution: str = Field(min_length=1)
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
