"""Run a command and its baseline alternately in one invocation; report medians and ratios.

Timings on a shared machine drift, so every figure is a ratio against a baseline measured in
the same run, interleaved run by run. Peak memory is each child's own maximum resident set
(``os.wait4``), so it is per run, not the maximum over the whole benchmark.

Children run with this repository's ``src`` first on ``PYTHONPATH`` (the code measured is the
code checked out here, whatever is installed) and without ``PYTHONDONTWRITEBYTECODE``: an
installed package has its bytecode compiled, and the warm-up run writes it for a source tree.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
MOBILITY = (
    [str(BIN / "mobility")]
    if (BIN / "mobility").exists()
    else [sys.executable, "-m", "mobility_cli"]
)
MIB = 1024  # ru_maxrss is in KiB on Linux


def child_env(**extra: str) -> dict[str, str]:
    """The environment of every measured child (see the module's docstring)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPATH"] = os.pathsep.join(
        p for p in (str(ROOT / "src"), os.environ.get("PYTHONPATH")) if p
    )
    env.update(extra)
    return env


@dataclass
class Measure:
    seconds: float
    peak_kib: int


def run_once(
    command: Sequence[str], stdin: Path | None = None, env: dict[str, str] | None = None
) -> Measure:
    """Run ``command`` with stdout and stderr discarded; wall time and peak RSS of the child."""
    with open(stdin or os.devnull, "rb") as source, tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        child = subprocess.Popen(
            command, stdin=source, stdout=subprocess.DEVNULL, stderr=errors, env=env or child_env()
        )
        _pid, status, usage = os.wait4(child.pid, 0)
        elapsed = time.perf_counter() - start
        errors.seek(0)
        crashed = b"Traceback" in errors.read()
    # exit 1 is a finding (a course not converted, a row with an error), not a failure
    if os.waitstatus_to_exitcode(status) not in (0, 1) or crashed:
        raise SystemExit(f"benchmark command failed: {' '.join(command)}")
    return Measure(elapsed, usage.ru_maxrss)


@dataclass
class Comparison:
    name: str
    command: float
    baseline: float
    command_peak_kib: int
    baseline_peak_kib: int

    @property
    def ratio(self) -> float:
        return self.command / self.baseline

    @property
    def peak_mib(self) -> float:
        return self.command_peak_kib / MIB

    def line(self, target: float | None = None) -> str:
        verdict = "" if target is None else ("  met" if self.ratio <= target else "  NOT met")
        goal = "" if target is None else f" (target ≤ {target}×)"
        return (
            f"{self.name}: {self.command * 1000:.0f} ms vs baseline {self.baseline * 1000:.0f} ms "
            f"→ {self.ratio:.2f}×{goal}{verdict}; peak memory {self.peak_mib:.1f} MiB "
            f"(baseline {self.baseline_peak_kib / MIB:.1f} MiB)"
        )


def compare(
    name: str,
    command: Sequence[str],
    baseline: Sequence[str],
    runs: int = 7,
    stdin: Path | None = None,
    env: dict[str, str] | None = None,
) -> Comparison:
    """Alternate ``command`` and ``baseline`` ``runs`` times (after one warm-up each)."""
    env = env or child_env()
    run_once(command, stdin, env)
    run_once(baseline, stdin, env)
    ours: list[Measure] = []
    theirs: list[Measure] = []
    for _ in range(runs):
        ours.append(run_once(command, stdin, env))
        theirs.append(run_once(baseline, stdin, env))
    return Comparison(
        name,
        statistics.median(m.seconds for m in ours),
        statistics.median(m.seconds for m in theirs),
        max(m.peak_kib for m in ours),
        max(m.peak_kib for m in theirs),
    )


def python_snippet(code: str) -> list[str]:
    return [sys.executable, "-c", code]


PLAIN_CSV = """
import csv, sys
with open(sys.argv[1], newline="", encoding="utf-8-sig") as f, open(sys.argv[2], "w", newline="", encoding="utf-8") as g:
    w = csv.writer(g)
    for row in csv.reader(f, delimiter=";"):
        w.writerow(row)
"""
"""The plain ``csv`` pass: read a ``;`` file and write every row back, nothing else."""


def plain_csv(source: Path, out: Path) -> list[str]:
    return [*python_snippet(PLAIN_CSV), str(source), str(out)]


def describe_machine() -> str:
    import platform
    from importlib.metadata import version

    versions = ", ".join(f"{p} {version(p)}" for p in ("typer", "pydantic", "PyYAML", "rich"))
    return (
        f"Python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} cores; "
        f"{versions}; measuring {ROOT / 'src'} with {' '.join(MOBILITY)}"
    )
