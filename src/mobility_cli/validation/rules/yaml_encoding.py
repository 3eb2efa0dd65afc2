"""The file is not UTF-8 text.

Data files are read as UTF-8 (a byte-order mark is allowed), never in the platform's default
encoding, so that "Matrícula de Honor" means the same on every machine. A file saved as
Windows-1252 or Latin-1 is reported at the first line that does not decode; re-save it as
UTF-8.

Failing: a file containing `Genügend` saved in Windows-1252 (the byte `0xFC` for `ü`).

Passing: the same file saved as UTF-8.
"""

from __future__ import annotations

from collections.abc import Iterator

from mobility_cli.errors import Problem
from mobility_cli.validation.finding import Finding, Level

ID = "yaml-encoding"
LEVEL: Level = "error"
PROBLEM_KIND = "yaml-encoding"


def check(problem: Problem) -> Iterator[Finding]:
    yield Finding.from_problem(problem, ID, LEVEL)
