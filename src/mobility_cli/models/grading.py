"""Grading tables (ECTS Users' Guide): how often each passing grade is awarded in a reference
group — a field of study (ISCED-F) and cycle — counted over a few years.

``GradeCounts`` is one reference group; home groups live in a conversion table, host groups in
a ``kind: grading_table`` file in a data directory's ``grading_tables/`` folder.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from mobility_cli.models.common import Count, DataFileHeader, Id, Label, StrictModel, StudyCycle

IscedCode = Annotated[str, StringConstraints(pattern=r"^[0-9]{2,4}$")]
"""An ISCED-F 2013 field: broad (2 digits), narrow (3) or detailed (4)."""


class GradeCounts(StrictModel):
    """One reference group: the passing grades awarded in it, as counts (not percentages)."""

    isced: tuple[IscedCode, ...] = Field(
        default=(),
        description=(
            "ISCED-F fields the group covers (a course matches a code it starts with); "
            "empty: any field."
        ),
    )
    cycle: StudyCycle | None = Field(default=None, description="Study cycle; empty: any cycle.")
    years: str = Field(default="", description="Academic years counted, e.g. '2021/22–2023/24'.")
    counts: dict[Label, Count] = Field(
        min_length=1,
        description="Grade as printed → how many times it was awarded (passing grades only).",
    )
    note: str = ""


class GradingTable(DataFileHeader):
    """A ``kind: grading_table`` data file: a host institution's (or a country's) grade counts."""

    kind: Literal["grading_table"]
    id: Id
    name: str = Field(min_length=1)
    scale: Id = Field(description="The scale the counted grades are on, e.g. fr-20.")
    institutions: tuple[str, ...] = Field(
        default=(),
        description=(
            "Identifiers (SCHAC code, Erasmus code) or names a transcript may name the host by; "
            "empty: any host grading on this scale."
        ),
    )
    groups: tuple[GradeCounts, ...] = Field(min_length=1)
