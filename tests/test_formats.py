"""The one registry of output formats: every ``--format`` a command offers has a writer (or is
refused with a reason), every writer is offered, and every format of every command writes."""

from __future__ import annotations

import json
from enum import Enum
from pathlib import Path
from typing import Any

import pytest
import typer.main
from typer._click import Command

from conftest import Run
from mobility_cli import formats
from mobility_cli.cli import app
from mobility_cli.formats import Writers
from mobility_cli.reports import calls, check, convert, grading_table, programmes, target
from mobility_cli.validation.formats import WRITERS as VALIDATE
from support import ROOT

POLIMI = "polimi-2026-2027-first-engineering"
EXAMPLES = ROOT / "examples"
ONE_APPLICANT = ("--programme", "Ingegneria Fisica", "--level", "LM", "--year", "1")
ONE_APPLICANT += ("--months-abroad", "0")

# command → the registries it writes with, and a command line for each registry
USES: dict[str, list[tuple[Writers[Any], list[str]]]] = {
    "convert": [
        (convert.TRANSCRIPT, ["convert", str(EXAMPLES / "cohort.csv"), "--school", "ing"]),
        (convert.GRADES, ["convert", "-g", "14", "--scale", "fr-20", "--school", "ing"]),
    ],
    "check": [
        (check.ONE_APPLICANT, ["check", "--call", POLIMI, *ONE_APPLICANT]),
        (check.APPLICANTS, ["check", "--call", POLIMI, str(EXAMPLES / "applicants.csv")]),
    ],
    "rank": [(check.RANKING, ["rank", "--call", POLIMI, str(EXAMPLES / "applicants.csv")])],
    "calls": [(calls.WRITERS, ["calls", "--as-of", "2026-01-09"])],
    "programmes": [(programmes.WRITERS, ["programmes", "--school", "ing"])],
    "grading-table build": [
        (
            grading_table.WRITERS,
            [
                "grading-table",
                "build",
                str(EXAMPLES / "passed-exams-paris.csv"),
                "--scale",
                "fr-20",
            ],
        )
    ],
    "target": [(target.WRITERS, ["target", "27", "--scale", "fr-20", "--school", "ing"])],
    "validate": [(VALIDATE, ["validate", str(ROOT / "tests" / "data" / "invalid")])],
}


def _format_choices() -> dict[str, set[str]]:
    """Every command (``group command`` for a subcommand) with a ``--format`` option → its
    choices, ``auto`` aside."""
    found: dict[str, set[str]] = {}

    def walk(command: Command, path: str) -> None:
        for param in command.params:
            if "--format" in getattr(param, "opts", ()):
                choices = param.type_descriptor.annotation  # type: ignore[attr-defined]
                assert issubclass(choices, Enum), path
                found[path] = {c.value for c in choices} - {formats.AUTO}
        for name, sub in getattr(command, "commands", {}).items():
            walk(sub, f"{path} {name}".strip())

    walk(typer.main.get_command(app), "")
    return found


def test_every_command_offers_exactly_the_registered_formats() -> None:
    offered = _format_choices()
    assert offered.keys() == USES.keys()  # a command with --format but no registry fails here
    for command, uses in USES.items():
        for writers, _ in uses:
            assert writers.offered == offered[command], command


def test_every_registered_format_is_described() -> None:
    for uses in USES.values():
        for writers, _ in uses:
            assert set(writers.offered) <= formats.FORMATS.keys()
    with pytest.raises(ValueError, match="formats without a description in FORMATS: xml"):
        Writers({"xml": lambda out, payload: None})


CASES = [
    pytest.param(args, name, id=f"{command}-{i}-{name}")
    for command, uses in USES.items()
    for i, (writers, args) in enumerate(uses)
    for name in writers
]


@pytest.mark.parametrize(("args", "name"), CASES)
def test_every_format_writes(run: Run, args: list[str], name: str) -> None:
    result = run(*args, "--format", name)
    assert result.exit_code in (0, 1), result.stderr  # 1: a negative finding, still written
    assert result.stdout.strip(), result.stderr
    if name == "json":
        json.loads(result.stdout)
    elif name == "jsonl":
        assert all(json.loads(line) for line in result.stdout.splitlines())


REFUSED = [
    pytest.param(args, name, why, id=f"{command}-{name}")
    for command, uses in USES.items()
    for writers, args in uses
    for name, why in writers.refused.items()
]


@pytest.mark.parametrize(("args", "name", "why"), REFUSED)
def test_a_refused_format_says_what_to_use(run: Run, args: list[str], name: str, why: str) -> None:
    result = run(*args, "--format", name)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == f"Error: --format {name} {why}; use table, csv, json or jsonl\n"


@pytest.mark.parametrize("command", ["convert", "check", "rank", "grading-table build"])
def test_only_csv_written_to_a_file_starts_with_a_bom(
    run: Run, tmp_path: Path, command: str
) -> None:
    """Excel reads a CSV as UTF-8 only after a byte-order mark; JSON must not have one."""
    writers, args = USES[command][-1]
    for name in writers:
        written = tmp_path / f"out.{name}"
        assert run(*args, "--format", name, "-o", str(written)).exit_code in (0, 1)
        assert written.read_bytes().startswith("\ufeff".encode()) == (name == "csv"), name


def test_text_for_a_transcript_is_the_table(run: Run) -> None:
    """``text`` is for a person: a transcript's text is its table, as ``table`` for ``--grade``
    is its lines (``text`` once wrote a transcript's CSV, the summary left out)."""
    transcript, grades = (args for _, args in USES["convert"])
    for args in (transcript, grades):
        text, table = (run(*args, "--format", name) for name in ("text", "table"))
        assert (text.exit_code, text.stdout, text.stderr) == (0, table.stdout, table.stderr)
    assert "weighted average" in run(*transcript, "--format", "text").stdout
