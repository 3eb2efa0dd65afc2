"""Run a command and its baseline alternately in one invocation; report medians and ratios.

Timings on a shared machine drift, so every figure is a ratio against a baseline measured in
the same run, interleaved run by run. Peak memory is each child's own maximum resident set
(``os.wait4``), so it is per run, not the maximum over the whole benchmark.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

BIN = Path(sys.executable).parent
MOBILITY = (
    [str(BIN / "mobility")]
    if (BIN / "mobility").exists()
    else [sys.executable, "-m", "mobility_cli"]
)


@dataclass
class Measure:
    seconds: float
    peak_kib: int


def run_once(command: Sequence[str], stdin: Path | None = None) -> Measure:
    """Run ``command`` with stdout and stderr discarded; wall time and peak RSS of the child."""
    with open(stdin or os.devnull, "rb") as source:
        start = time.perf_counter()
        child = subprocess.Popen(
            command, stdin=source, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        _pid, status, usage = os.wait4(child.pid, 0)
        elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) not in (0, 1):
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

    def line(self, target: float | None = None) -> str:
        verdict = "" if target is None else ("  met" if self.ratio <= target else "  NOT met")
        goal = "" if target is None else f" (target ≤ {target}×)"
        return (
            f"{self.name}: {self.command * 1000:.0f} ms vs baseline {self.baseline * 1000:.0f} ms "
            f"→ {self.ratio:.2f}×{goal}{verdict}; peak memory {self.command_peak_kib / 1024:.1f} MiB "
            f"(baseline {self.baseline_peak_kib / 1024:.1f} MiB)"
        )


def compare(
    name: str,
    command: Sequence[str],
    baseline: Sequence[str],
    runs: int = 7,
    stdin: Path | None = None,
) -> Comparison:
    """Alternate ``command`` and ``baseline`` ``runs`` times (after one warm-up each)."""
    run_once(command, stdin)
    run_once(baseline, stdin)
    ours: list[Measure] = []
    theirs: list[Measure] = []
    for _ in range(runs):
        ours.append(run_once(command, stdin))
        theirs.append(run_once(baseline, stdin))
    return Comparison(
        name,
        statistics.median(m.seconds for m in ours),
        statistics.median(m.seconds for m in theirs),
        max(m.peak_kib for m in ours),
        max(m.peak_kib for m in theirs),
    )


def python_snippet(code: str) -> list[str]:
    return [sys.executable, "-c", code]


def describe_machine() -> str:
    import platform
    from importlib.metadata import version

    versions = ", ".join(f"{p} {version(p)}" for p in ("typer", "pydantic", "PyYAML", "rich"))
    return f"Python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} cores; {versions}"
