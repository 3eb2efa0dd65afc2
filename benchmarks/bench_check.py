"""`mobility check` on generated applicant lists against a plain `csv` read-and-write of the same
file, alternated in one run: medians, the ratio, rows per second and each side's peak memory.

Usage: python benchmarks/bench_check.py [SIZE ...] [--runs 5] [--call polimi-2026-2027-first-engineering]
(default size 10000; e.g. `python benchmarks/bench_check.py 10000 1000000 --runs 3`).
"""

from __future__ import annotations

import argparse
import random
import tempfile
from pathlib import Path

from bench_convert import PLAIN_CSV
from harness import MOBILITY, compare, describe_machine, python_snippet

HEADER = "Matricola;Cognome;Corso di studio;Livello;Anno;CFU;Media;Lingua;Mesi all'estero;Scambi precedenti;Anni di iscrizione\n"
PROGRAMMES = [
    ("Ingegneria Meccanica", "LM"),
    ("Mechanical Engineering", "Laurea Magistrale"),
    ("Ingegneria Fisica", "Laurea"),
    ("Physics Engineering", "MSc"),
    ("Automation and Control Engineering", "LM"),
    ("Ingegneria Gestionale", "LM"),
    ("Mathematical Engineering", "MSc"),
    ("Computer Science and Engineering", "BSc"),
    ("Ingegneria e Tecniche per l'Edilizia e l'Architettura", "Laurea"),
    ("Construction Engineering-Architecture", "ciclo unico"),
    ("Architettura", "LM"),
    ("Design", "Laurea"),
    ("Ingegneria Mecanica", "LM"),  # misspelt: a row error with a did-you-mean
]
SURNAMES = [
    "Rossi",
    "Bianchi",
    "Colombo",
    "Ricci",
    "Marino",
    "Greco",
    "Bruno",
    "Galli",
    "Conti",
    "De Luca",
]


def applicants(path: Path, rows: int) -> None:
    """A coordinator's Excel export: Italian headers, ';', decimal commas, a few bad cells."""
    rng = random.Random(2026)
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        out.write(HEADER)
        for i in range(rows):
            programme, level = rng.choice(PROGRAMMES)
            average = f"{rng.randint(1800, 3000) / 100:.2f}".replace(".", ",")
            months = rng.choice(["0", "0", "0", "3", "5", "9,5", "10", "12"])
            credits = "" if rng.random() < 0.01 else str(rng.randint(40, 280))
            out.write(
                f"{10600000 + i};{rng.choice(SURNAMES)};{programme};{level};{rng.randint(1, 3)};{credits};"
                f"{average};{rng.choice(['B1', 'B2', 'C1'])};{months};{rng.choice('0001')};{rng.randint(2, 6)}\n"
            )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("sizes", nargs="*", type=int, default=[10_000], metavar="SIZE")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--call", default="polimi-2026-2027-first-engineering")
    args = parser.parse_args()
    print(describe_machine())
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            source, out = Path(tmp) / f"applicants-{size}.csv", Path(tmp) / "out.csv"
            applicants(source, size)
            command = [
                *MOBILITY,
                "check",
                "--call",
                args.call,
                str(source),
                "--format",
                "csv",
                "-o",
                str(out),
            ]
            baseline = [*python_snippet(PLAIN_CSV), str(source), str(out)]
            result = compare(f"check, {size:,} applicants", command, baseline, args.runs)
            print(result.line(2.5))
            print(
                f"  {size / result.command:,.0f} rows/s (plain csv {size / result.baseline:,.0f} rows/s); "
                f"file {source.stat().st_size / 2**20:.1f} MiB"
            )


if __name__ == "__main__":
    main()
