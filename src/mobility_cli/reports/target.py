"""``mobility target`` output: one line per home grade for a person, or JSON for a script."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import IO

from mobility_cli.conversion.target_grade import TargetResult
from mobility_cli.formats import Writers
from mobility_cli.output import visible, write_json


@dataclass(frozen=True)
class Targets:
    """The lowest foreign grade for one home grade, or (``ladder``) for every home grade."""

    results: Sequence[TargetResult]
    ladder: bool


def write_json_report(out: IO[str], targets: Targets) -> None:
    """``{target, scale, school, programme, grade, converted, rule}``, or a list of them."""
    write_json(out, targets.results if targets.ladder else targets.results[0])


def line(result: TargetResult) -> str:
    """'27 needs 17.09 (fr-20) → 27    linear …', or why no grade gets there."""
    if result.grade is None:
        return f"{result.target} is out of reach on {result.scale}: {result.rule}"
    return (
        f"{result.target} needs {result.grade} ({result.scale}) → {result.converted}    "
        f"{result.rule}"
    )


def write_text(out: IO[str], targets: Targets) -> None:
    out.write("".join(visible(line(r)) + "\n" for r in targets.results))


WRITERS: Writers[Targets] = Writers({"text": write_text, "json": write_json_report})
