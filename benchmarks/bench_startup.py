"""Start-up: one conversion, `--help` and the completion call against `python -c "import typer"`.

Usage: python benchmarks/bench_startup.py [--runs N]
"""

from __future__ import annotations

import argparse

from harness import MOBILITY, child_env, compare, describe_machine, python_snippet


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
            2.0,
        ),
        ("--help", [*MOBILITY, "--help"], 2.0),
    ]
    for name, command, target in cases:
        print(compare(name, command, baseline, args.runs).line(target))
    # The shell's completion calls: the program re-run with the completion variables set, for a
    # command name and for an option of a command (which parses that command's parameters).
    for words, cword in (("mobility conv", "1"), ("mobility convert --sc", "2")):
        completing = child_env(
            _MOBILITY_COMPLETE="complete_bash", COMP_WORDS=words, COMP_CWORD=cword
        )
        name = f"completion of '{words}'"
        print(compare(name, MOBILITY, baseline, args.runs, env=completing).line(2.0))


if __name__ == "__main__":
    main()
