"""Listing commands, help, version, and the installed entry point."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from conftest import Run
from mobility_cli.cli import COMMANDS, MODULES, app, modules_for
from support import ROOT


def test_scales_lists_at_least_30(run: Run) -> None:
    result = run("scales")
    assert result.exit_code == 0
    for ident in ("it-30", "ects", "fr-20", "de-5", "dk-7", "us-letter"):
        assert ident in result.stdout
    assert "national.yaml is derived" in result.stderr


def test_one_scale_in_full(run: Run) -> None:
    result = run("scales", "es-10")
    assert "honours: MH (= 10)" in result.stdout and "Matrícula de Honor" in result.stdout
    assert "lower is better" in run("scales", "de-5").stdout


def test_unknown_scale_is_exit_2(run: Run) -> None:
    result = run("scales", "xx-99")
    assert result.exit_code == 2 and "unknown scale 'xx-99'" in result.stderr


def test_tables_list_shows_status(run: Run) -> None:
    result = run("tables")
    assert result.exit_code == 0
    for ident in ("auic", "ing", "design"):
        assert ident in result.stdout
    assert "illustrative" in result.stdout


def test_table_rows_and_curve(run: Run) -> None:
    result = run("tables", "ing", "--scale", "de-5")
    assert result.exit_code == 0
    assert "status: illustrative" in result.stdout
    assert "conversion curve: de-5 → it-30" in result.stdout
    curve = result.stdout.split("conversion curve")[1].splitlines()[1:]
    assert curve[0].strip().startswith("4 │") and curve[0].endswith(" 18")
    assert curve[-1].strip().startswith("1 │") and curve[-1].endswith(" 30")
    bars = [line.count("█") for line in curve]
    assert bars == sorted(bars)  # a better German grade never draws a shorter bar


def test_every_command_has_help_and_is_documented(run: Run) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for command in app.registered_commands:
        name = command.name or (command.callback.__name__ if command.callback else "")
        result = run(name, "--help")
        assert result.exit_code == 0 and "Usage:" in result.stdout
        assert f"mobility {name}" in readme, f"README does not document `mobility {name}`"


def test_version(run: Run) -> None:
    result = run("--version")
    assert result.exit_code == 0 and result.stdout.startswith("mobility ")


def test_entry_point_in_a_subprocess() -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "mobility_cli",
            "convert",
            "-g",
            "14",
            "--scale",
            "fr-20",
            "--school",
            "ing",
            "-f",
            "json",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert '"converted": "23"' in done.stdout
    assert "Traceback" not in done.stderr


COMPLETING = {"_MOBILITY_COMPLETE": "complete_bash"}


@pytest.mark.parametrize(
    ("args", "env", "printed"),
    [
        (["--help"], {}, "Usage: mobility"),
        # the shell's completion calls, re-run on every TAB: a command, an option, a choice
        ([], {**COMPLETING, "COMP_WORDS": "mobility conv", "COMP_CWORD": "1"}, "convert"),
        ([], {**COMPLETING, "COMP_WORDS": "mobility convert --sc", "COMP_CWORD": "2"}, "--scale"),
        ([], {**COMPLETING, "COMP_WORDS": "mobility check -f js", "COMP_CWORD": "3"}, "jsonl"),
    ],
    ids=["help", "complete-command", "complete-option", "complete-choice"],
)
def test_help_and_completion_import_neither_yaml_nor_models_nor_pydantic(
    args: list[str], env: dict[str, str], printed: str
) -> None:
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "mobility_cli", *args],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, **env},
    )
    assert printed in done.stdout
    imported = {line.split("|")[-1].strip() for line in done.stderr.splitlines() if "|" in line}
    assert "yaml" not in imported
    assert not {
        name
        for name in imported
        if name.startswith(("mobility_cli.models", "mobility_cli.catalog", "rich", "pydantic"))
    }


def test_public_api() -> None:
    import mobility_cli

    result = mobility_cli.convert_grade("2,3", scale="de-5", school="ing")
    assert (result.converted, result.method) == ("25", "linear")
    assert "= 24.8 → 25" in (result.rule or "")
    assert set(mobility_cli.__all__) >= {
        "convert_grade",
        "convert_transcript",
        "load_catalog",
        "check_applicant",
    }


def _registered(modules: list[str]) -> list[str]:
    """The commands a fresh interpreter registers when it imports only ``modules``."""
    code = (
        "import sys, typer.main\n"
        "from mobility_cli.cli import register\n"
        "group = typer.main.get_command(register(sys.argv[1:]))\n"
        "print(' '.join(sorted(group.commands)))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, *modules], capture_output=True, text=True, check=True
    )
    return done.stdout.split()


def test_each_command_is_registered_by_the_one_module_the_launcher_imports_for_it() -> None:
    # `mobility convert …` imports only convert_cmd (typer builds every registered command's
    # options on each run): a command missing from COMMANDS, or in the wrong module, fails here.
    assert _registered(list(MODULES)) == sorted(COMMANDS)
    for module in MODULES:
        assert {c for c, m in COMMANDS.items() if m == module} <= set(_registered([module]))


@pytest.mark.parametrize(
    ("argv", "modules"),
    [
        (["convert", "--grade", "14"], ("convert_cmd",)),
        (["--data-dir", "d", "--debug", "rank", "x.csv"], ("rank_cmd",)),
        (["--data-dir=d", "grading-table", "build"], ("grading_table_cmd",)),
        (["--help"], MODULES),
        (["conver", "--grade", "14"], MODULES),  # a typo: the full app suggests 'convert'
        ([], MODULES),
    ],
)
def test_the_launcher_imports_one_command_module_or_all(
    argv: list[str], modules: tuple[str, ...]
) -> None:
    assert tuple(modules_for(argv)) == modules
