"""`mobility convert` on a generated cohort file against a plain `csv` read-and-write of it.

Usage: python benchmarks/bench_convert.py [--rows 100000] [--runs 5]
"""

from __future__ import annotations

import argparse
import random
import tempfile
from pathlib import Path

from harness import MOBILITY, compare, describe_machine, plain_csv

GRADES = {
    "fr-20": [str(g) for g in range(10, 21)] + ["12,5", "14,25"],
    "de-5": ["1,0", "1,3", "1,7", "2,0", "2,3", "2,7", "3,0", "3,3", "3,7", "4,0"],
    "es-10": ["5", "6,5", "7,5", "8", "9,2", "MH"],
    "ects": list("ABCDE"),
    "dk-7": ["12", "10", "7", "4", "02"],
}


def cohort(path: Path, rows: int) -> None:
    rng = random.Random(2026)
    with path.open("w", encoding="utf-8") as out:
        out.write("Matricola;Insegnamento;CFU;Voto;Scala\n")
        for i in range(rows):
            scale = rng.choice(list(GRADES))
            out.write(
                f"{10600000 + i // 10};Course {i};{rng.choice(['3', '5', '6', '7,5'])};{rng.choice(GRADES[scale])};{scale}\n"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    print(describe_machine())
    with tempfile.TemporaryDirectory() as tmp:
        source, out = Path(tmp) / "cohort.csv", Path(tmp) / "out.csv"
        cohort(source, args.rows)
        command = [
            *MOBILITY,
            "convert",
            str(source),
            "--school",
            "ing",
            "--format",
            "csv",
            "-o",
            str(out),
        ]
        baseline = plain_csv(source, out)
        result = compare(f"convert, {args.rows} courses", command, baseline, args.runs)
        print(result.line(3.0))
        print(f"  {args.rows / result.command:,.0f} courses/s")


if __name__ == "__main__":
    main()
