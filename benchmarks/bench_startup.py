"""Start-up: one conversion, `--help` and the completion call against `python -c "import typer"`.

Usage: python benchmarks/bench_startup.py [--runs N]
"""

from __future__ import annotations

import argparse
import os

from harness import MOBILITY, compare, describe_machine, python_snippet


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    baseline = python_snippet("import typer")
    print(describe_machine())
    cases = [
        (
            "convert --grade 14 --scale fr-20 --school ing",
            [*MOBILITY, "convert", "--grade", "14", "--scale", "fr-20", "--school", "ing"],
            2.5,
        ),
        ("--help", [*MOBILITY, "--help"], 2.0),
    ]
    for name, command, target in cases:
        print(compare(name, command, baseline, args.runs).line(target))
    # The shell's completion call: the program re-run with the completion variables set.
    os.environ.update(
        {"_MOBILITY_COMPLETE": "complete_bash", "COMP_WORDS": "mobility conv", "COMP_CWORD": "1"}
    )
    print(compare("shell completion", [*MOBILITY], baseline, args.runs).line(2.0))


if __name__ == "__main__":
    main()
