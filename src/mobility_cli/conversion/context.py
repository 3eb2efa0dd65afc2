"""What a conversion method may know beyond the grade: the course's host distribution, its
field (ISCED-F) and host institution, and the table, programme and host tables in use.

``CourseContext`` comes from the transcript row and is part of the converter's cache key;
``MethodContext`` adds what the converter knows and is the same for every row.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from mobility_cli.compiled.base import Plain
from mobility_cli.compiled.grading import GradingTable
from mobility_cli.compiled.table import ConversionTable, Programme

TRANSCRIPT = "transcript"


class HostDistribution(Plain):
    """How often each grade was awarded in the host's reference group, best or worst first.

    ``categories`` are (label as printed, count); a label is a grade of the source scale or a
    numeric range such as ``"12-13.99"``; failing categories may be included (ELMO includes
    them) and are left out by the method. ``source`` names where the counts come from
    (``"transcript"``, ``"host table <id>"``). ``sample`` is false for fixed shares (the ECTS
    letter percentages), which no minimum group size applies to.
    """

    categories: tuple[tuple[str, int], ...]
    source: str = TRANSCRIPT
    sample: bool = True


class CourseContext(Plain):
    """What a transcript row says about a course besides its grade."""

    distribution: HostDistribution | None = None
    isced: str | None = None
    host: str | None = None


def no_host_tables() -> Sequence[GradingTable]:
    return ()


class MethodContext(Plain):
    """Everything a method may consult; ``linear`` and ``bands`` need none of it."""

    table: ConversionTable
    course: CourseContext = CourseContext()
    programme: Programme | None = None
    host_tables: Callable[[], Sequence[GradingTable]] = no_host_tables
