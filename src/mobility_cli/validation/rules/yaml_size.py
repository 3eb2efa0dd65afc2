"""The file is larger than the size cap (4 MiB).

A conversion table or a scale catalogue is a few kilobytes; a file of megabytes is a mistake
(a pasted export, a generated file) or an attack, and is not read at all.

Failing: any file over 4 MiB.

Passing: `data/scales/national.yaml`, 40 scales in about 20 KB.
"""

from __future__ import annotations

from collections.abc import Iterator

from mobility_cli.errors import Problem
from mobility_cli.validation.finding import Finding, Level

ID = "yaml-size"
LEVEL: Level = "error"
PROBLEM_KIND = "yaml-size"


def check(problem: Problem) -> Iterator[Finding]:
    yield Finding.from_problem(problem, ID, LEVEL)
