"""Command-line interface: ``mobility`` (console script) and ``python -m mobility_cli``."""

from __future__ import annotations

import gc
import importlib
import os
import sys
from collections.abc import Sequence
from typing import Any

import typer

from mobility_cli.cli import base
from mobility_cli.cli.base import UNEXPECTED, silence_stdout

MODULES = (
    "validate_cmd",
    "check_cmd",
    "rank_cmd",
    "calls_cmd",
    "convert_cmd",
    "grading_table_cmd",
    "programmes_cmd",
    "show_cmd",
    "target_cmd",
)
"""The modules that register the commands, in the order ``--help`` lists them."""

COMMANDS = {
    "validate": "validate_cmd",
    "schema": "validate_cmd",
    "check": "check_cmd",
    "rank": "rank_cmd",
    "calls": "calls_cmd",
    "convert": "convert_cmd",
    "grading-table": "grading_table_cmd",
    "programmes": "programmes_cmd",
    "scales": "show_cmd",
    "tables": "show_cmd",
    "target": "target_cmd",
}
"""Each command and the module that registers it (a test keeps this complete)."""


def register(modules: Sequence[str] = MODULES) -> typer.Typer:
    """The app with the commands of ``modules`` registered (all of them by default)."""
    for module in MODULES:
        if module in modules:
            importlib.import_module(f"mobility_cli.cli.{module}")
    return base.app


def modules_for(argv: Sequence[str]) -> Sequence[str]:
    """The one module a command line needs — typer builds every registered command's options
    on each run (~30 ms for all of them) — or all of them: for ``--help``, shell completion,
    a mistyped command (its suggestions), or anything unusual before the command's name."""
    at = 0
    while at < len(argv) and (
        argv[at] in ("--data-dir", "--debug") or argv[at].startswith("--data-dir=")
    ):
        at += 2 if argv[at] == "--data-dir" else 1
    if at < len(argv) and argv[at] in COMMANDS and "_MOBILITY_COMPLETE" not in os.environ:
        return (COMMANDS[argv[at]],)
    return MODULES


def __getattr__(name: str) -> Any:
    if name == "app":  # the whole app, as tests and `python -c` clients expect it
        return register()
    raise AttributeError(f"module 'mobility_cli.cli' has no attribute {name!r}")


def main() -> None:
    """Console-script entry point: whatever happens, one line and an exit code.

    A closed pipe (``mobility … | head``) ends quietly with 0; stdout that cannot be written
    (``> /dev/full``), also for ``--help``, is one ``Error:`` line and exit 2; anything that
    escapes the commands' own guard (a bug) is one "please report" line, exit 2.
    """
    debug = "--debug" in sys.argv or bool(os.environ.get("MOBILITY_DEBUG"))
    code = 0
    try:
        try:
            register(modules_for(sys.argv[1:]))(prog_name="mobility")
        except SystemExit as exit_:
            code = exit_.code if isinstance(exit_.code, int) else 0 if exit_.code is None else 1
        sys.stdout.flush()  # inside the guard: a full disk is found here, not at shutdown
    except BrokenPipeError:  # `mobility … | head`: the reader left, which is not an error
        silence_stdout()
        sys.exit(0)
    except KeyboardInterrupt:
        sys.stderr.write("Interrupted.\n")
        sys.exit(130)
    except OSError as exc:
        if debug:
            raise
        silence_stdout()
        sys.stderr.write(
            f"Error: cannot write the output ({exc.strerror or 'input/output error'})\n"
        )
        sys.exit(2)
    except Exception:
        if debug:
            raise
        sys.stderr.write(UNEXPECTED + "\n")
        sys.exit(2)
    # every object left goes with the process: the collection at exit would only walk them
    # all (4 % of a 10,000-row check), so they are moved out of its way
    gc.freeze()
    sys.exit(code)


__all__ = ["COMMANDS", "MODULES", "app", "main", "modules_for", "register"]
