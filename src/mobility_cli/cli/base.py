"""The typer application, global options and the one place where errors become exit codes.

Start-up matters (shell completion re-runs the program on every TAB), so this package imports
only typer and the standard library at module level; command bodies import what they need.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, ParamSpec, TypeVar

import typer
from typer.core import TyperGroup

CommandGroup: type[TyperGroup]
try:
    from mobility_cli.cli.coercion import FastGroup

    CommandGroup = FastGroup
except (ImportError, AttributeError):  # typer moved an internal: its own coercion, only slower
    CommandGroup = TyperGroup

if TYPE_CHECKING:
    from mobility_cli.catalog import Catalog

P = ParamSpec("P")
R = TypeVar("R")

app = typer.Typer(
    name="mobility",
    cls=CommandGroup,
    help=(
        "Convert grades earned abroad into home grades, and check who may apply to an "
        "international-mobility call."
    ),
    rich_markup_mode=None,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class Settings:
    """Global options, shared by every command through the typer context."""

    def __init__(self, data_dir: Path | None = None, debug: bool = False) -> None:
        self.data_dir = data_dir
        self.debug = debug
        self._catalog: Catalog | None = None

    def catalog(self) -> Catalog:
        if self._catalog is None:
            from mobility_cli.catalog import Catalog

            self._catalog = Catalog.from_options(self.data_dir)
        return self._catalog


def settings(ctx: typer.Context) -> Settings:
    """The global settings; a default when a command runs without the callback (library use)."""
    root = ctx.find_root()
    if not isinstance(root.obj, Settings):
        root.obj = Settings()
    return root.obj


def note(*messages: str) -> None:
    """Notes, warnings or errors for a person, one line each, on stderr, in one write.

    Each message stays one line whatever its values hold: control characters, newlines and bidi
    overrides are shown, not obeyed (:func:`mobility_cli.output.visible`).
    """
    from mobility_cli.output import visible

    typer.echo("\n".join(visible(message) for message in messages), err=True)


def report_provenance(ctx: typer.Context) -> None:
    """Say once, on stderr, which data files used by this run are not official."""
    catalog = settings(ctx)._catalog
    if catalog is not None:
        for line in catalog.non_official():
            note(f"note: {line}")


def silence_stdout() -> None:
    """Point stdout at /dev/null, so the interpreter's last flush cannot fail again."""
    import sys

    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


UNEXPECTED = (
    "Error: mobility stopped on something it did not expect: this is a bug, please report it "
    "with the command and its input (--debug shows the details)"
)


def guarded(command: Callable[P, R]) -> Callable[P, R]:
    """Turn domain errors into one ``Error:`` line and their exit code (no traceback).

    Every known problem is a :class:`MobilityError` raised where it arises, with its own
    message. Anything else is a bug: the last line of defence says so in one line, exit 2,
    and ``--debug`` (or ``MOBILITY_DEBUG``) shows the traceback instead. A closed pipe and
    Ctrl-C pass through to :func:`mobility_cli.cli.main`, which ends quietly.
    """

    @functools.wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        from mobility_cli.errors import EXIT_FAILURE, MobilityError

        try:
            return command(*args, **kwargs)
        except MobilityError as exc:
            if os.environ.get("MOBILITY_DEBUG"):
                raise
            note(f"Error: {exc}")
            raise typer.Exit(exc.exit_code) from None
        except (typer.Exit, typer.Abort):
            raise
        except BrokenPipeError:  # `mobility … | head`: the reader left, which is not an error
            silence_stdout()
            raise typer.Exit(0) from None
        except OSError as exc:  # stdout on a full disk (> /dev/full), a vanished terminal
            if os.environ.get("MOBILITY_DEBUG"):
                raise
            reason = exc.strerror or "input/output error"
            # a file the readers did not name themselves, else standard output (no file name)
            where = (
                f"{exc.filename}: {reason}"
                if exc.filename
                else f"cannot write the output ({reason})"
            )
            note(f"Error: {where}")
            raise typer.Exit(EXIT_FAILURE) from None
        except Exception:
            if os.environ.get("MOBILITY_DEBUG"):
                raise
            note(UNEXPECTED)
            raise typer.Exit(EXIT_FAILURE) from None

    return wrapper


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import PackageNotFoundError, version

        try:
            typer.echo(f"mobility {version('mobility-cli')}")
        except PackageNotFoundError:  # running from a source tree without installing
            typer.echo("mobility (not installed)")
        raise typer.Exit()


@app.callback()
def main_options(
    ctx: typer.Context,
    data_dir: Annotated[
        Path | None,
        typer.Option(
            "--data-dir",
            envvar="MOBILITY_DATA_DIR",
            help="A data directory (scales/, conversion_tables/, calls/) layered over the bundled data.",
            show_envvar=True,
        ),
    ] = None,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show tracebacks instead of one-line errors.")
    ] = False,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """Convert grades earned abroad into home grades, and check who may apply to a call."""
    if debug:
        os.environ["MOBILITY_DEBUG"] = "1"
    ctx.obj = Settings(data_dir=data_dir, debug=debug)
