"""Building blocks shared by every data-file model: strict base, grade numbers, provenance."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, Strict, StringConstraints

from mobility_cli.compiled.common import Rounding as Rounding
from mobility_cli.compiled.common import Status
from mobility_cli.compiled.common import StudyCycle as StudyCycle
from mobility_cli.numbers import parse_number


class StrictModel(BaseModel):
    """Frozen, no unknown keys: a typo in a data file is an error, not a silent default.

    Lists from YAML must become tuples, so pydantic's lax mode stays on; the coercions that
    matter (a YAML boolean taken as a number) are refused by ``Number`` and ``Label``.
    """

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


def _to_decimal(value: Any) -> Any:
    # YAML gives int/float; grades must not drift like floats, so go through the text form.
    if isinstance(value, bool):
        raise ValueError("expected a number, not a boolean (quote it if it is a label)")
    # Every number goes through the one bounded parser: finite, at most 12 digits either side
    # of the point, magnitudes between 1e-12 and 1e12 (docs/robustness.md).
    if isinstance(value, int | float | Decimal):
        value = str(value)
    if isinstance(value, str):
        return parse_number(value, exponent=True)
    return value


def _to_label(value: Any) -> Any:
    # Labels such as Danish 12 or 7 are often written unquoted; keep them as text.
    if isinstance(value, bool):
        raise ValueError("expected a label, not a boolean (quote it: 'yes', 'no', 'on')")
    if isinstance(value, int | float | Decimal):
        return str(value)
    return value


Number = Annotated[Decimal, BeforeValidator(_to_decimal)]
"""A grade or quantity written in YAML as a number (or a quoted decimal string)."""

Label = Annotated[str, BeforeValidator(_to_label), StringConstraints(min_length=1)]
"""A grade label as printed (\"A\", \"12\", \"30L\", \"MH\")."""

Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=64)]
"""A lowercase identifier; also used as a file name, so it cannot escape a directory."""

Count = Annotated[int, Strict(), Field(ge=0)]
"""A whole number of things (grades awarded, destinations), never negative; a YAML ``3.0`` is
refused."""


class Provenance(StrictModel):
    """Where a data file's numbers come from and how far they can be trusted."""

    source: str = Field(min_length=1, description="URL or document the numbers come from.")
    date: datetime.date = Field(description="When the source was read or the data compiled.")
    status: Status = Field(
        description=(
            "official: the institution's own numbers; derived: computed by us from official "
            "rules; illustrative: a plausible example, not any institution's rule."
        )
    )
    notes: str = Field(default="", description="What is known, what is assumed, what is missing.")


class DataFileHeader(StrictModel):
    """The keys every data file starts with."""

    kind: str
    schema_version: Literal[1] = Field(description="Version of the data-file schema.")
    provenance: Provenance
