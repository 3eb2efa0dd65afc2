"""The study-programme catalogue, compiled: schools, programmes and the bounds of a cycle."""

from __future__ import annotations

from decimal import Decimal

from mobility_cli.compiled.base import Plain
from mobility_cli.compiled.common import DataFileHeader, StudyCycle


class School(Plain):
    """A school (faculty) of the institution."""

    id: str
    name: str
    aliases: tuple[str, ...]


class StudyProgramme(Plain):
    """A degree programme; applicants' cells match its id, name or an alias."""

    id: str
    name: str
    aliases: tuple[str, ...]
    name_it: str
    name_en: str
    school: str
    level: StudyCycle | None
    note: str


class Cycle(Plain):
    """A study cycle's length and credits: the bounds an applicant's cells keep within."""

    level: StudyCycle
    years: int
    credits: Decimal
    after: StudyCycle | None


class Bounds(Plain):
    """Value domains of applicant cells that do not depend on a call."""

    average: tuple[Decimal, Decimal]
    grace_years: int
    cycles: tuple[Cycle, ...]


class ProgrammesFile(DataFileHeader):
    """A ``kind: programmes`` data file: an institution's schools and study programmes."""

    institution: str
    bounds: Bounds | None
    schools: tuple[School, ...]
    programmes: tuple[StudyProgramme, ...]
