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
from mobility_cli.cli.app import UNEXPECTED, app, silence_stdout


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
            app(prog_name="mobility")
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
    sys.exit(code)


__all__ = ["app", "main"]
