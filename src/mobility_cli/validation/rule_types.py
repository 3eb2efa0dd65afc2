"""The shapes of a rule module, by what it looks at (yamllint's rule ``TYPE``).

Every rule is a module in ``validation/rules/`` with ``ID``, ``LEVEL``, a docstring that is
its documentation, and a ``check`` generator. What ``check`` receives depends on when the
rule runs:

- problem rules (:class:`ProblemRule`): a problem the safe YAML loader or the data-file
  model reported while reading the file; ``PROBLEM_KIND`` says which;
- document rules (:class:`DocumentRule`): the parsed YAML, before a model is chosen;
- file rules (:class:`FileRule`): one validated file, with the context (scales, other files);
- catalogue rules (:class:`CatalogueRule`): every file together (ids across files).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Protocol

from mobility_cli.errors import Problem
from mobility_cli.io.yamlio import Document
from mobility_cli.validation.context import Context, DataFile
from mobility_cli.validation.finding import Finding, Level


class Rule(Protocol):
    """What every rule module has: its id and level (its docstring is its documentation)."""

    ID: str
    LEVEL: Level


class ProblemRule(Rule, Protocol):
    PROBLEM_KIND: str

    def check(self, problem: Problem) -> Iterator[Finding]: ...


class DocumentRule(Rule, Protocol):
    def check(self, doc: Document) -> Iterator[Finding]: ...


class FileRule(Rule, Protocol):
    def check(self, data_file: DataFile, context: Context) -> Iterator[Finding]: ...


class CatalogueRule(Rule, Protocol):
    def check(self, context: Context) -> Iterator[Finding]: ...
