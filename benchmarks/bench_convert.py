"""`mobility convert` on generated cohorts against a plain `csv` read-and-write of each file.

Usage: python benchmarks/bench_convert.py [SIZE ...] [--runs 3] [--courses-per-student 10]

Each SIZE is a number of courses (default 100000 1000000), 10 per student; a student's rows are
NOT contiguous (course i belongs to student i mod students: every student is open until the
last rows), the case where per-student sums must be kept to the end. Reported:
- every size against the plain `csv` pass (target ≤ 3.0× at 1,000,000 courses);
- peak memory at every size (at most 64 MiB);
- flatness: the largest size is also run with as few students as the smallest size has, so
  peak(largest, few students) − peak(smallest) is what courses cost (flat: within 4 MiB), and
  peak(largest) − peak(largest, few students) over the extra students is what a student costs.

With --per-course, the smallest size is then timed in this process, part by part (the best of
--runs), in µs per course: the plain csv pass; reading the rows; converting and writing the
CSV (the CLI's loop, reading included); the summaries and their stderr lines.
"""

from __future__ import annotations

import argparse
import random
import tempfile
from pathlib import Path

from harness import MIB, MOBILITY, compare, describe_machine, plain_csv, run_once

GRADES = {
    "fr-20": [str(g) for g in range(10, 21)] + ["12,5", "14,25"],
    "de-5": ["1,0", "1,3", "1,7", "2,0", "2,3", "2,7", "3,0", "3,3", "3,7", "4,0"],
    "es-10": ["5", "6,5", "7,5", "8", "9,2", "MH"],
    "ects": list("ABCDE"),
    "dk-7": ["12", "10", "7", "4", "02"],
}
FLAT_MIB = 4.0
CAP_MIB = 64.0


def cohort(path: Path, rows: int, students: int) -> None:
    """``rows`` courses of ``students`` students, interleaved, Excel-like (';', decimal commas)."""
    rng = random.Random(2026)
    with path.open("w", encoding="utf-8") as out:
        out.write("Matricola;Insegnamento;CFU;Voto;Scala\n")
        for i in range(rows):
            scale = rng.choice(list(GRADES))
            out.write(
                f"{10600000 + i % students};Course {i};{rng.choice(['3', '5', '6', '7,5'])};"
                f"{rng.choice(GRADES[scale])};{scale}\n"
            )


def command(source: Path, out: Path) -> list[str]:
    return [*MOBILITY, "convert", str(source), "--school", "ing", "--format", "csv", "-o", str(out)]


def peak_mib(source: Path, out: Path) -> float:
    """The larger peak of two runs (the first also compiles bytecode)."""
    return max(run_once(command(source, out)).peak_kib for _ in range(2)) / MIB


def per_course(source: Path, out: Path, runs: int) -> str:
    """The in-process cost of each part of `convert --format csv`, per course."""
    import csv
    import io
    import time
    from collections.abc import Callable

    from mobility_cli import api
    from mobility_cli.io.csv_reader import table_rows
    from mobility_cli.io.transcripts import read_transcript
    from mobility_cli.reports import convert as report

    catalog = api.load_catalog()
    courses = sum(1 for _ in source.open(encoding="utf-8")) - 1
    streams: list[api.TranscriptStream] = []

    def plain() -> None:
        with source.open(newline="", encoding="utf-8-sig") as f, out.open("w", newline="") as g:
            writer = csv.writer(g)
            for row in csv.reader(f, delimiter=";"):
                writer.writerow(row)

    def rows() -> None:
        with source.open("rb") as f:
            table, _ = read_transcript(f, str(source))
            for _row in table_rows(table):
                pass

    def converted() -> None:
        with source.open("rb") as f, out.open("w", encoding="utf-8", newline="") as g:
            _, transcript = read_transcript(f, str(source))
            stream = api.stream_transcript(transcript, school="ing", catalog=catalog)
            report.write_csv_stream(g, stream.courses(), delimiter=";", decimal=",")
        streams[:] = [stream]

    def summaries() -> None:
        io.StringIO().write("\n".join(map(report.summary_line, streams[0].summaries())))

    def best(part: Callable[[], None]) -> float:
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            part()
            times.append(time.perf_counter() - start)
        return min(times) / courses * 1e6

    parts = {"plain csv pass": plain, "reading the rows": rows, "convert to csv": converted}
    timed = {name: best(part) for name, part in parts.items()}
    timed["summaries and their lines"] = best(summaries)
    return f"in-process, {courses:,} courses, µs per course: " + "; ".join(
        f"{name} {micros:.2f}" for name, micros in timed.items()
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("sizes", nargs="*", type=int, default=[100_000, 1_000_000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--courses-per-student", type=int, default=10)
    parser.add_argument("--per-course", action="store_true", help="also time the parts")
    args = parser.parse_args()
    print(describe_machine())
    per = args.courses_per_student
    peaks: dict[int, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        source, out = Path(tmp) / "cohort.csv", Path(tmp) / "out.csv"
        for size in sorted(args.sizes):
            cohort(source, size, size // per)
            result = compare(
                f"convert, {size:,} courses ({size // per:,} students)",
                command(source, out),
                plain_csv(source, out),
                args.runs,
            )
            peaks[size] = result.peak_mib
            print(result.line(3.0 if size >= 1_000_000 else None))
            print(
                f"  {size / result.command:,.0f} courses/s; "
                f"{'within' if result.peak_mib <= CAP_MIB else 'OVER'} the {CAP_MIB:.0f} MiB cap"
            )
        if len(peaks) > 1:
            small, large = min(peaks), max(peaks)
            few = small // per
            cohort(source, large, few)
            same_students = peak_mib(source, out)
            courses = same_students - peaks[small]
            students = peaks[large] - same_students
            extra = large // per - few
            print(
                f"{large:,} courses of {few:,} students: peak {same_students:.1f} MiB, "
                f"{courses:+.1f} MiB over {small:,} courses of as many students "
                f"({'flat' if abs(courses) <= FLAT_MIB else 'NOT flat'}: within {FLAT_MIB:.0f} MiB)"
            )
            print(
                f"{extra:,} more students: {students:+.1f} MiB, "
                f"{students * MIB * 1024 / extra:,.0f} bytes per student"
            )
        if args.per_course:  # last: what it loads would count in the children's peaks
            size = min(args.sizes)
            cohort(source, size, size // per)
            print(per_course(source, out, args.runs))


if __name__ == "__main__":
    main()
