"""What a conversion method returns, and how it says it does not apply."""

from __future__ import annotations

from mobility_cli.compiled.base import Plain
from mobility_cli.compiled.common import Provenance
from mobility_cli.conversion.grades import Grade


class Conversion(Plain):
    """A home grade and the explanation a student or a committee can check by hand.

    ``distribution`` names the host distribution a ``distribution`` conversion used;
    ``uses`` lists data it relied on beyond the table's own rows (a home reference group, a
    host grading table), with their provenance, so a run can say which of them are not official.
    ``notes`` say what was accepted beyond the scale's plain grades (an average, a default).
    """

    home: Grade
    method: str
    rule: str
    distribution: str | None = None
    uses: tuple[tuple[str, Provenance], ...] = ()
    notes: tuple[str, ...] = ()


class NotApplicable(Exception):
    """The method cannot convert this grade (no band, no numeric value …): try the next one."""


class NoInput(NotApplicable):
    """The method has nothing to work with here (no host distribution): the next method takes
    over without a fallback note, because that is the ordinary case, not a problem."""
