"""``Finding``: one problem found in a data file, a small comparable value.

Findings sort by file, line, column and rule, so a test is a table of expected
``(line, column, rule)`` and a report is stable from run to run.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from mobility_cli.errors import Problem

Level = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Finding:
    """A positioned problem: 1-based ``line`` and ``column``; ``field`` is the dotted path."""

    file: str
    line: int
    column: int
    rule: str
    level: Level
    message: str
    field: str = ""

    @property
    def text(self) -> str:
        """The message and the field it concerns, as a person reads it."""
        return f"{self.message} ({self.field})" if self.field else self.message

    @classmethod
    def from_problem(
        cls, problem: Problem, rule: str, level: Level, message: str | None = None
    ) -> Finding:
        """A finding at a problem's position, reported under ``rule``."""
        return cls(
            problem.file,
            problem.line,
            problem.column,
            rule,
            level,
            message or problem.message,
            problem.field,
        )

    def problem(self) -> Problem:
        """The finding as a loader's problem (a data file refused at load), rule named."""
        return Problem(
            self.file,
            self.line,
            self.column,
            f"{self.message} [{self.rule}]",
            self.field,
            self.rule,
        )
