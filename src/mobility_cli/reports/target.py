"""``mobility target`` output: one line per home grade for a person, or JSON for a script."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from mobility_cli.conversion.target_grade import TargetResult
from mobility_cli.output import visible
from mobility_cli.output import write_json as dump_json


def write_json(document: TargetResult | Sequence[TargetResult]) -> None:
    """``{target, scale, school, programme, grade, converted, rule}``, or a list of them."""
    dump_json(sys.stdout, document)


def line(result: TargetResult) -> str:
    """'27 needs 17.09 (fr-20) → 27    linear …', or why no grade gets there."""
    if result.grade is None:
        return f"{result.target} is out of reach on {result.scale}: {result.rule}"
    return (
        f"{result.target} needs {result.grade} ({result.scale}) → {result.converted}    "
        f"{result.rule}"
    )


def write_text(results: Sequence[TargetResult]) -> None:
    sys.stdout.write("".join(visible(line(r)) + "\n" for r in results))
