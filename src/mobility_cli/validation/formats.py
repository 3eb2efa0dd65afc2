"""Report formats, each a writer of the findings and nothing else: ``text``, ``json`` and
``github``, registered in :data:`WRITERS` (see :mod:`mobility_cli.formats`).

- ``text``: ``file:line:col: level: message [rule]``, one line per finding;
- ``json``: a list of ``{file, line, column, level, rule, message, field}``;
- ``github``: workflow commands (``::error file=…,line=…,col=…,title=…::message``) that
  GitHub Actions turns into annotations, then the full text report grouped per file,
  since GitHub keeps only the first ten annotations of each level per step. No line that
  data fill can start with ``::``: data never write a workflow command of their own.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from pathlib import PurePath
from typing import IO

from mobility_cli.formats import Writers
from mobility_cli.output import write_json
from mobility_cli.text import no_command, visible
from mobility_cli.validation.finding import Finding


def text_line(finding: Finding) -> str:
    """One finding on one line, its file name and message shown, never obeyed (:func:`visible`)."""
    return visible(
        f"{finding.file}:{finding.line}:{finding.column}: {finding.level}: "
        f"{finding.text} [{finding.rule}]"
    )


def write_text(out: IO[str], findings: Sequence[Finding]) -> None:
    out.write("".join(f"{text_line(f)}\n" for f in findings))


def write_json_report(out: IO[str], findings: Sequence[Finding]) -> None:
    rows = [
        {
            "file": f.file,
            "line": f.line,
            "column": f.column,
            "level": f.level,
            "rule": f.rule,
            "message": f.message,
            "field": f.field or None,
        }
        for f in findings
    ]
    write_json(out, rows)


def _escape_data(value: str) -> str:
    # actions/toolkit command.ts escapeData
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    # actions/toolkit command.ts escapeProperty
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def annotation(finding: Finding) -> str:
    """One GitHub workflow command; the path uses ``/`` as GitHub expects."""
    properties = {
        "file": PurePath(finding.file).as_posix(),
        "line": str(finding.line),
        "col": str(finding.column),
        "title": finding.rule,
    }
    joined = ",".join(f"{key}={_escape_property(value)}" for key, value in properties.items())
    return f"::{finding.level} {joined}::{_escape_data(finding.text)}\n"


def write_github(out: IO[str], findings: Sequence[Finding]) -> None:
    lines = [annotation(f) for f in findings]
    for file, group in itertools.groupby(findings, key=lambda f: f.file):
        lines.append(f"::group::{_escape_data(file)}\n")
        lines += [f"{no_command(text_line(f))}\n" for f in group]
        lines.append("::endgroup::\n")
    out.write("".join(lines))


WRITERS: Writers[Sequence[Finding]] = Writers(
    {"text": write_text, "json": write_json_report, "github": write_github}
)
