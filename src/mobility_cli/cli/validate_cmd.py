"""``mobility validate`` (data files for CI) and ``mobility schema`` (JSON Schemas for editors)."""

from __future__ import annotations

import os
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from mobility_cli.cli.base import app, guarded, note, settings


class ValidateFormat(str, Enum):
    auto = "auto"
    text = "text"
    json = "json"
    github = "github"


@app.command()
@guarded
def validate(
    ctx: typer.Context,
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar="PATH",
            help="Data files or directories (walked for *.yaml, *.yml); default: the bundled data and --data-dir.",
            show_default=False,
        ),
    ] = None,
    *,
    output_format: Annotated[
        ValidateFormat,
        typer.Option(
            "--format",
            "-f",
            help="auto: github under GitHub Actions (GITHUB_ACTIONS set), text elsewhere.",
        ),
    ] = ValidateFormat.auto,
    strict: Annotated[
        bool, typer.Option("--strict", help="Fail (exit 1) on warnings too, not only on errors.")
    ] = False,
) -> None:
    """Check data files (scales, conversion tables) and report every problem at its line.

    Exit 0 when clean (warnings allowed), 1 with errors (or warnings with --strict), 2 when the
    command could not run. Rules and examples: docs/validation.md.
    """
    import sys

    from mobility_cli.validation import validate as run
    from mobility_cli.validation.formats import WRITERS

    report = run(paths or [], settings(ctx).catalog())
    fmt = output_format.value
    if output_format is ValidateFormat.auto:
        fmt = "github" if os.environ.get("GITHUB_ACTIONS") else "text"
    WRITERS.write(fmt, sys.stdout, report.findings)
    note(report.summary())
    raise typer.Exit(report.exit_code(strict))


@app.command()
@guarded
def schema(
    kind: Annotated[
        str | None,
        typer.Argument(
            metavar="KIND",
            help="A data-file kind (scales, conversion_table …); omit to list them.",
        ),
    ] = None,
    *,
    check: Annotated[
        bool,
        typer.Option("--check", help="Exit 1 if a schema file in --dir differs from the models."),
    ] = False,
    write: Annotated[
        bool, typer.Option("--write", help="Write <KIND>.schema.json files into --dir.")
    ] = False,
    directory: Annotated[
        Path, typer.Option("--dir", help="Where --check and --write find the schema files.")
    ] = Path("schemas"),
) -> None:
    """Print the JSON Schema (draft-07) of a data-file kind, for editors and other tools.

    Data files point editors at it with a first line such as
    '# yaml-language-server: $schema=../../schemas/conversion_table.schema.json'.
    """
    from mobility_cli.errors import EXIT_FINDINGS, MobilityError, UnknownIdError
    from mobility_cli.validation import json_schema

    known = json_schema.kinds()
    if kind is not None and kind not in known:
        raise UnknownIdError("data-file kind", kind, known)
    if check and write:
        raise MobilityError("--check and --write exclude each other")
    chosen = known if kind is None else [kind]
    if not (check or write):
        typer.echo(json_schema.render(kind) if kind else "\n".join(known) + "\n", nl=False)
        return
    stale = []
    for name in chosen:
        path = directory / json_schema.file_name(name)
        expected = json_schema.render(name)
        try:
            current = path.read_text(encoding="utf-8") if path.is_file() else None
            if current == expected:
                continue
            if write:
                directory.mkdir(parents=True, exist_ok=True)
                path.write_text(expected, encoding="utf-8")
                note(f"wrote {path}")
                continue
        except OSError as exc:
            raise MobilityError(
                f"cannot {'write' if write else 'read'} {path}: {exc.strerror}"
            ) from None
        stale.append(path)
        state = "missing" if current is None else "stale"
        note(f"{path} is {state}: run `mobility schema --write`")
    if stale:
        raise typer.Exit(EXIT_FINDINGS)
