"""What a conversion method returns, and how it says it does not apply."""

from __future__ import annotations

from dataclasses import dataclass

from mobility_cli.conversion.grades import Grade


@dataclass(frozen=True)
class Conversion:
    """A home grade and the explanation a student or a committee can check by hand."""

    home: Grade
    method: str
    rule: str


class NotApplicable(Exception):
    """The method cannot convert this grade (no band, no numeric value …): try the next one."""
