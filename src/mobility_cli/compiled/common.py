"""What every compiled data file carries, and the small vocabularies shared by the models."""

from __future__ import annotations

import datetime
from typing import Literal

from mobility_cli.compiled.base import Plain

StudyCycle = Literal["bsc", "msc", "single-cycle", "phd"]
"""A study cycle: bachelor, master, single-cycle (five/six-year) master, PhD."""

Rounding = Literal["half-up", "half-even", "floor", "ceil", "none"]
"""How a computed grade becomes a registrable one: ``none`` keeps two decimals."""

Status = Literal["official", "derived", "illustrative"]


class Provenance(Plain):
    """Where a data file's numbers come from and how far they can be trusted."""

    source: str
    date: datetime.date
    status: Status
    notes: str


class DataFileHeader(Plain):
    """The keys every data file starts with."""

    kind: str
    schema_version: Literal[1]
    provenance: Provenance
