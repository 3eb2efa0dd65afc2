"""The house's floors: the domain (conversion, eligibility) and the ground floor (text,
numbers, records, errors) import nothing from the readers and writers (io) or the CLI; the
catalogue imports nothing from eligibility."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parent.parent / "src" / "mobility_cli"
DOMAIN = [
    *sorted((PACKAGE / "conversion").glob("*.py")),
    *sorted((PACKAGE / "eligibility").glob("*.py")),
    *(PACKAGE / f"{name}.py" for name in ("text", "numbers", "records", "errors")),
]
UPSTAIRS = ("mobility_cli.io", "mobility_cli.cli")


def imported(path: Path) -> set[str]:
    """Every module a file imports, at its top or inside a function."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


@pytest.mark.parametrize("path", DOMAIN, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_domain_code_does_not_import_io_or_cli(path: Path) -> None:
    upstairs = sorted(n for n in imported(path) if n.startswith(UPSTAIRS))
    assert upstairs == [], f"{path.name} imports {upstairs}"


def test_the_check_is_not_empty() -> None:
    assert len(DOMAIN) > 15
    assert "mobility_cli.io.tables" in imported(PACKAGE / "io" / "transcripts.py")


def test_the_catalogue_does_not_import_eligibility() -> None:
    # eligibility builds its programme index from the catalogue's files, never the reverse:
    # a loop catalog → eligibility → catalog would hide behind a lazy import.
    names = imported(PACKAGE / "catalog.py")
    assert "mobility_cli.compiled.programme" in names  # the walk sees the catalogue's imports
    assert sorted(n for n in names if n.startswith("mobility_cli.eligibility")) == []


COMPILED = [p for p in sorted((PACKAGE / "compiled").glob("*.py")) if p.name != "__main__.py"]
SLOW = (
    "pydantic",
    "pydantic_core",
    "yaml",
    "mobility_cli.models",
    "mobility_cli.io",
    "mobility_cli.cli",
)


@pytest.mark.parametrize("path", COMPILED, ids=lambda p: p.name)
def test_the_compiled_form_needs_neither_the_models_nor_yaml(path: Path) -> None:
    # What a command runs on is read without pydantic or PyYAML (docs/compiled.md); only the
    # builder of the shipped index (compiled/__main__.py) validates, through models/.
    slow = sorted(n for n in imported(path) if n.startswith(SLOW))
    assert slow == [], f"{path.name} imports {slow}"


def test_the_compiled_check_is_not_empty() -> None:
    assert len(COMPILED) >= 8
    assert "mobility_cli.models.loading" in imported(PACKAGE / "catalog.py")
