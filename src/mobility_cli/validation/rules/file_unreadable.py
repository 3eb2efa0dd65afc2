"""The file could not be read (permissions, a broken symbolic link, a device).

Nothing else can be said about a file that cannot be opened, so this is the only finding for
it; the other files are still validated.

Failing: `conversion_tables/ing.yaml` as a symbolic link to a file that no longer exists.

Passing: a readable regular file.
"""

from __future__ import annotations

from collections.abc import Iterator

from mobility_cli.errors import Problem
from mobility_cli.validation.finding import Finding, Level

ID = "file-unreadable"
LEVEL: Level = "error"
PROBLEM_KIND = "io"


def check(problem: Problem) -> Iterator[Finding]:
    yield Finding.from_problem(problem, ID, LEVEL)
