"""`mobility check` on generated applicant lists, alternated in one run with its baselines:
medians, ratios, rows per second and each side's peak memory.

- 10,000 applicants against a short pandas script doing the same filter (target ≤ 0.5×; needs
  pandas: `pip install -e '.[benchmark]'`);
- every size against a plain `csv` read-and-write of the same file (target ≤ 2.0× at 1,000,000);
- peak memory at every size: at most 64 MiB, and flat in N (the largest size's peak within
  4 MiB of the smallest's).

Usage: python benchmarks/bench_check.py [SIZE ...] [--runs 5] [--call polimi-2026-2027-first-engineering]
(default sizes 10000 100000 1000000; e.g. `python benchmarks/bench_check.py 10000 --runs 9`).
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import random
import sys
import tempfile
from collections import Counter
from pathlib import Path

from harness import (
    MOBILITY,
    ROOT,
    Comparison,
    compare,
    describe_machine,
    plain_csv,
    python_snippet,
    run_once,
)

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


PANDAS_FILTER = """
import sys, pandas as pd
df = pd.read_csv(sys.argv[1], sep=";", decimal=",", encoding="utf-8-sig")
cap = df["Livello"].eq("ciclo unico").map({True: 24 - 3, False: 12 - 3})
ok = df["Corso di studio"].isin(sys.argv[3].split("|")) & (df["Anno"] >= 1) & (df["Mesi all'estero"] <= cap)
df["score"] = (df["Media"] + 0.1 * (df["CFU"] / (df["Anni di iscrizione"] - 1) - 30) - 5 * df["Scambi precedenti"]).round(2).where(ok)
df.assign(status=ok.map({True: "eligible", False: "not_eligible"}))[["Matricola", "status", "score"]].to_csv(sys.argv[2], index=False)
"""
"""The same filter in pandas: the call's programmes, first year done, months abroad within the
cap minus the shortest stay, and the merit score of the eligible."""

MEMORY_CAP_MIB = 64
FLAT_MIB = 4


def eligible_programmes(call: str) -> list[str]:
    """The generator's programme spellings that the call admits (asked of the code measured)."""
    sys.path.insert(0, str(ROOT / "src"))
    from mobility_cli import check_applicant

    good = {"year": "2", "months_abroad": "0"}
    admitted = sorted(
        name
        for name, level in PROGRAMMES
        if check_applicant(call, programme=name, level=level, **good).status == "eligible"
    )
    if not admitted:  # the baseline would filter on no programme and measure nothing real
        raise SystemExit(f"call {call}: none of the generator's programmes is eligible")
    return admitted


def verdicts(path: Path, delimiter: str) -> list[tuple[str, str]]:
    """Each row's status and score (decimal point) in a written CSV."""
    with path.open(encoding="utf-8-sig", newline="") as rows:
        return [
            (row["status"], row["score"].replace(",", "."))
            for row in csv.DictReader(rows, delimiter=delimiter)
        ]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "sizes", nargs="*", type=int, default=[10_000, 100_000, 1_000_000], metavar="SIZE"
    )
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--call", default="polimi-2026-2027-first-engineering")
    args = parser.parse_args()
    print(describe_machine())
    peaks: dict[int, float] = {}
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
            result = compare(
                f"check, {size:,} applicants", command, plain_csv(source, out), args.runs
            )
            target = 2.0 if size >= 1_000_000 else None  # the target is for a million rows
            print(f"{result.line(target)} [baseline: plain csv]")
            print(
                f"  {size / result.command:,.0f} rows/s (plain csv {size / result.baseline:,.0f} rows/s); "
                f"file {source.stat().st_size / 2**20:.1f} MiB"
            )
            peaks[size] = result.peak_mib
            if size == 10_000:
                pandas_case(args, source, out, command)
    memory_verdict(peaks)


def pandas_case(args: argparse.Namespace, source: Path, out: Path, command: list[str]) -> None:
    if importlib.util.find_spec("pandas") is None:
        print("  (pandas baseline skipped: pandas is not installed; pip install -e '.[benchmark]')")
        return
    names = "|".join(eligible_programmes(args.call))
    baseline = [*python_snippet(PANDAS_FILTER), str(source), str(out), names]
    result: Comparison = compare("check, 10,000 applicants", command, baseline, args.runs)
    print(f"{result.line(0.5)} [baseline: pandas]")
    # the same filter: the eligible rows agree, except those mobility finds an error in (a
    # misspelt programme, credits beyond the cycle's, a blank cell), which pandas cannot tell
    run_once(command)
    ours = verdicts(out, ";")
    run_once(baseline)
    theirs = verdicts(out, ",")
    pairs = Counter((mine[0], other[0]) for mine, other in zip(ours, theirs, strict=True))
    both = [
        (mine[1], other[1])
        for mine, other in zip(ours, theirs, strict=True)
        if mine[0] == other[0] == "eligible" and mine[1] and other[1]
    ]
    # pandas rounds binary floats half to even; mobility rounds decimals half up
    same = sum(abs(float(a) - float(b)) <= 0.01 + 1e-9 for a, b in both)
    print(
        f"  eligible: pandas {sum(n for (_, t), n in pairs.items() if t == 'eligible'):,}, "
        f"mobility {pairs['eligible', 'eligible']:,} of them (+ {pairs['error', 'eligible']:,} "
        f"with errors pandas cannot see: credits beyond the cycle's); not eligible for pandas "
        f"and errors for mobility (an unknown programme) {pairs['error', 'not_eligible']:,}; "
        f"eligible for mobility only {pairs['eligible', 'not_eligible']:,}; scores within 0.01 on "
        f"{same:,} of {len(both):,} rows both score; pandas filtered on "
        f"{names.count('|') + 1} programme spellings"
    )


def memory_verdict(peaks: dict[int, float]) -> None:
    """Peak memory per size, against the cap and for flatness in N."""
    sizes = sorted(peaks)
    worst = max(peaks.values())
    shown = ", ".join(f"{size:,}: {peaks[size]:.1f} MiB" for size in sizes)
    cap = "met" if worst <= MEMORY_CAP_MIB else "NOT met"
    print(f"peak memory by size: {shown} (cap {MEMORY_CAP_MIB} MiB: {cap})")
    if len(sizes) > 1:
        growth = peaks[sizes[-1]] - peaks[sizes[0]]
        flat = "flat" if growth <= FLAT_MIB else "NOT flat"
        print(
            f"  growth from {sizes[0]:,} to {sizes[-1]:,} rows: {growth:+.1f} MiB "
            f"(flat means ≤ {FLAT_MIB} MiB: {flat})"
        )


if __name__ == "__main__":
    main()
