"""Run the rules over files and directories; one broken file never stops the others.

Each file goes through the stages of :mod:`~mobility_cli.validation.rule_types` until one of
them finds something that makes the next meaningless (a file that is not YAML has no schema
to check). Then the validated files are checked one by one, with the scales and the other
data files around them, and finally all together.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from mobility_cli.catalog import (
    DATA_FOLDERS,
    YAML_SUFFIXES,
    Catalog,
    display_path,
)
from mobility_cli.compiled.scale import Scale, ScalesFile
from mobility_cli.errors import EXIT_FINDINGS, EXIT_OK, DataFileError, MobilityError, Problem
from mobility_cli.io.yamlio import DocumentError, read_document
from mobility_cli.models.loading import model_from_document
from mobility_cli.validation.context import Context, DataFile
from mobility_cli.validation.finding import Finding
from mobility_cli.validation.rule_types import ProblemRule
from mobility_cli.validation.rules import (
    CATALOGUE_RULES,
    DOCUMENT_RULES,
    FILE_RULES,
    LOADER_RULES,
    SCHEMA_RULES,
    file_unreadable,
    schema,
    yaml_syntax,
)

_LOADER_BY_KIND: dict[str, ProblemRule] = {rule.PROBLEM_KIND: rule for rule in LOADER_RULES}
_SCHEMA_BY_KIND: dict[str, ProblemRule] = {rule.PROBLEM_KIND: rule for rule in SCHEMA_RULES}


@dataclass(frozen=True)
class Report:
    """Every finding of a run, sorted, and how many files were checked."""

    findings: list[Finding]
    files: int

    @property
    def errors(self) -> int:
        return sum(f.level == "error" for f in self.findings)

    @property
    def warnings(self) -> int:
        return sum(f.level == "warning" for f in self.findings)

    def exit_code(self, strict: bool = False) -> int:
        """0 clean (warnings allowed unless ``strict``), 1 with findings that fail the run."""
        failing = self.errors or (strict and self.warnings)
        return EXIT_FINDINGS if failing else EXIT_OK

    def summary(self) -> str:
        files = f"{self.files} file{'s' * (self.files != 1)}"
        if not self.findings:
            return f"{files} checked: no problems"
        counts = [f"{self.errors} error{'s' * (self.errors != 1)}"]
        counts.append(f"{self.warnings} warning{'s' * (self.warnings != 1)}")
        return f"{files} checked: {', '.join(counts)}"


def _yaml_files(folder: Path, unreadable: list[Problem] | None = None) -> list[Path]:
    """YAML files below ``folder``, sorted, skipping hidden files and folders (``.git``); a
    folder that cannot be listed is added to ``unreadable`` (never silently skipped)."""

    def refused(exc: OSError) -> None:
        if unreadable is not None:
            where = display_path(Path(exc.filename)) if exc.filename else str(folder)
            message = f"cannot read this folder ({exc.strerror}): its files are not checked"
            unreadable.append(Problem(where, 1, 1, message, kind="io"))

    found = []
    for top, dirs, files in os.walk(folder, onerror=refused):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found += [
            Path(top, name)
            for name in sorted(files)
            if name.endswith(YAML_SUFFIXES) and not name.startswith(".")
        ]
    return found


def _data_files(root: Path, unreadable: list[Problem] | None = None) -> list[Path]:
    """The files the catalogue would read in a data directory."""
    return [
        p
        for sub in DATA_FOLDERS
        if (root / sub).is_dir()
        for p in _yaml_files(root / sub, unreadable)
    ]


def expand(
    paths: Sequence[Path], catalog: Catalog, unreadable: list[Problem] | None = None
) -> list[Path]:
    """The files to check: the catalogue's data files by default, else the paths given, with
    directories walked; a path that does not exist, or a directory without YAML files, is an
    error of the command (exit 2). Folders that cannot be read go to ``unreadable``."""
    if not paths:
        files = [p for root in catalog.dirs for p in _data_files(root, unreadable)]
    else:
        files = []
        for path in paths:
            if not os.path.lexists(path):
                raise MobilityError(f"no such file or directory: {path}")
            if path.is_dir():
                found = _yaml_files(path, unreadable)
                if not found and not unreadable:
                    raise MobilityError(f"no data files (*.yaml, *.yml) in {path}")
                files += found
            else:
                files.append(path)
    unique: dict[Path, Path] = {}
    for path in files:
        unique.setdefault(path.resolve(), path)
    return list(unique.values())


def _data_root(path: Path, catalog_dirs: Sequence[Path]) -> Path:
    """The data directory a file belongs to (see :class:`DataFile`)."""
    resolved = path.resolve()
    for root in catalog_dirs:
        if resolved.is_relative_to(root):
            return root
    parent = resolved.parent
    return parent.parent if parent.name in DATA_FOLDERS else parent


def _check_file(
    path: Path, catalog_dirs: Sequence[Path], findings: list[Finding]
) -> DataFile | None:
    """Load one file through the stages, adding findings; the validated file, if it is one."""
    try:
        doc = read_document(path, display_path(path))
    except DocumentError as exc:
        rule = _LOADER_BY_KIND.get(exc.problem.kind, yaml_syntax)
        findings += rule.check(exc.problem)
        return None
    stopped = [f for rule in DOCUMENT_RULES for f in rule.check(doc)]
    findings += stopped
    if stopped:
        return None
    try:
        model = model_from_document(doc)
    except DataFileError as exc:
        for problem in exc.problems:
            findings += _SCHEMA_BY_KIND.get(problem.kind, schema).check(problem)
        return None
    return DataFile(path, doc, model, _data_root(path, catalog_dirs))


def _load_quietly(path: Path, root: Path) -> DataFile | None:
    """A neighbouring data file, for context only; a broken one is simply left out."""
    try:
        doc = read_document(path, display_path(path))
        return DataFile(path, doc, model_from_document(doc), root, checked=False)
    except (DocumentError, DataFileError):
        return None


def _neighbours(checked: list[DataFile], catalog_dirs: Sequence[Path]) -> Iterator[DataFile]:
    """The data files of every data directory involved that are not being checked."""
    seen = {f.path.resolve() for f in checked}
    roots = dict.fromkeys([*catalog_dirs, *(f.root for f in checked)])
    for root in roots:
        for path in _data_files(root):
            if path.resolve() not in seen:
                seen.add(path.resolve())
                neighbour = _load_quietly(path, root)
                if neighbour is not None:
                    yield neighbour


def _scales(files: Iterable[DataFile], catalog_dirs: Sequence[Path]) -> dict[str, Scale]:
    """Every scale in sight; as in the catalogue, a later directory's id replaces an earlier one."""
    order = {root: index for index, root in enumerate(catalog_dirs)}
    scales: dict[str, Scale] = {}
    for data_file in sorted(files, key=lambda f: order.get(f.root, len(order))):
        if isinstance(data_file.model, ScalesFile):
            scales.update((scale.id, scale) for scale in data_file.model.scales)
    return scales


def validate(paths: Sequence[Path], catalog: Catalog) -> Report:
    """Check ``paths`` (default: the catalogue's data) and report every finding, sorted."""
    unreadable: list[Problem] = []
    files = expand(paths, catalog, unreadable)
    catalog_dirs = [d.resolve() for d in catalog.dirs]
    findings: list[Finding] = [f for p in unreadable for f in file_unreadable.check(p)]
    checked = [f for path in files if (f := _check_file(path, catalog_dirs, findings))]
    every = [*checked, *_neighbours(checked, catalog_dirs)]
    context = Context(every, _scales(every, catalog_dirs), catalog_dirs[0], catalog_dirs[1:])
    for data_file in checked:
        for file_rule in FILE_RULES:
            findings += file_rule.check(data_file, context)
    for catalogue_rule in CATALOGUE_RULES:
        findings += catalogue_rule.check(context)
    return Report(sorted(findings), len(files))
