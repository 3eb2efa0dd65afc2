"""Command-line interface: ``mobility`` (console script) and ``python -m mobility_cli``."""

from __future__ import annotations

import os
import sys

import mobility_cli.cli.validate_cmd  # noqa: F401  (registers validate and schema)
from mobility_cli.cli import (  # noqa: F401  (registers the commands)
    check_cmd,
    convert_cmd,
    grading_table_cmd,
    programmes_cmd,
    show_cmd,
    target_cmd,
)
from mobility_cli.cli.app import app


def main() -> None:
    """Console-script entry point."""
    try:
        app(prog_name="mobility")
    except BrokenPipeError:  # `mobility … | head`: the reader left, which is not an error
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(0)
    except KeyboardInterrupt:
        sys.stderr.write("Interrupted.\n")
        sys.exit(130)


__all__ = ["app", "main"]
