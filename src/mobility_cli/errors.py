"""Domain errors and the exit-code policy shared by every command.

Exit codes: 0 done and nothing negative; 1 done with a negative finding (rows in error,
an applicant not eligible, validation errors); 2 the command could not do its job.
"""

from __future__ import annotations

from typing import NamedTuple

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_FAILURE = 2


class MobilityError(Exception):
    """The command cannot do its job: shown to the user as one line, exit code 2."""

    exit_code = EXIT_FAILURE


class Problem(NamedTuple):
    """One positioned problem in a data file (1-based line and column); problems sort by
    file, line, column and message."""

    file: str
    line: int
    column: int
    message: str
    field: str = ""
    kind: str = "schema"

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}"
        field = f" ({self.field})" if self.field else ""
        return f"{where}: {self.message}{field}"


class DataFileError(MobilityError):
    """A data file (YAML table, scales, call) is broken; carries every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        first = problems[0]
        more = f" (and {len(problems) - 1} more problem(s))" if len(problems) > 1 else ""
        super().__init__(f"{first}{more}")


SIMILAR_ENOUGH = 0.7
"""How alike (difflib ratio) a known id must be to a mistyped one to be suggested."""


class UnknownIdError(MobilityError):
    """An id (scale, table, programme, call) that the data do not define."""

    def __init__(self, what: str, given: str, known: list[str]) -> None:
        from mobility_cli.text import closest

        self.what, self.given, self.known = what, given, known
        folded = {k.casefold(): k for k in known}  # 'FR-20' is closest to 'fr-20'
        close = closest(given.casefold(), list(folded), cutoff=SIMILAR_ENOUGH)
        hint = f" Did you mean '{folded[close]}'?" if close else ""
        listed = ", ".join(known) if len(known) <= 20 else ", ".join(known[:20]) + ", …"
        super().__init__(f"unknown {what} '{given}'.{hint} Known: {listed}")


class InputError(MobilityError):
    """An input file (CSV, XML) cannot be read at all."""
