"""Validate-then-run: whatever scale, table and call files a data directory holds, either
``validate`` reports an error in them, or every command over that directory finishes cleanly,
in bounded time and memory (issue 9, class 5).

And loading runs validate: when ``validate`` reports an error in the table, a command that
uses the table refuses it (exit 2) instead of running on it. Seeded and bounded.
"""

from __future__ import annotations

import resource
import tempfile
import time
from pathlib import Path

from hypothesis import HealthCheck, Phase, event, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner, Result

from mobility_cli.cli import app
from test_fuzz_inputs import assert_clean

SECONDS = 10.0
ONE_APPLICANT = ["--school", "ing", "--programme", "cse-bsc", "--level", "BSc", "--year", "3"]
MEGABYTES = 300

FUZZ = settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

# Plausible values, and wild ones that the bounded parser, the YAML guards or a rule must stop.
WILD = ["0", "-0", "0.0000001", "'1e-30'", "'1e999999999'", "1e400", ".inf", "'7,5'", "!!int 12", "12:00", "!!float x"]  # fmt: skip
wild = st.sampled_from(WILD)
SANE = [("20", "0", "10"), ("10", "1", "5.5"), ("1", "5", "4"), ("30", "0", "18"), ("100", "0", "50")]  # fmt: skip
steps = st.none() | st.sampled_from(["1", "0.5", "0.1", "0.01", "0.0000001", "3", "0", "-1"])
dates = st.none() | st.sampled_from(
    [
        "2026-01-15T12:00:00",
        "0001-01-01T00:00:00",
        "9999-12-31T23:59:00",
        "2026-02-30T10:00:00",
        "12:00",
        "2026-03-29T02:30:00",
        "2026-10-25T02:30:00",
        "2026-06-01",
    ]
)
zones = st.sampled_from(["Europe/Rome", "Etc/GMT+12", "Etc/GMT-14", "UTC", "Mars/Olympus"])
HEAD = "kind: {kind}\nschema_version: 1\nprovenance: {{source: fuzz, date: 2026-01-15, status: illustrative, notes: generated.}}\n"


@st.composite
def numeric_scale(draw: st.DrawFn, ident: str) -> str:
    values = dict(zip(("best", "worst", "pass"), draw(st.sampled_from(SANE)), strict=True))
    if draw(st.integers(0, 3)) == 3:  # about one example in four has a wild or odd value
        values[draw(st.sampled_from(sorted(values)))] = draw(wild | st.integers(-5, 40).map(str))
    step = draw(steps) if draw(st.integers(0, 3)) == 3 else None
    fields = ", ".join(f"{k}: {v}" for k, v in values.items())
    return f"  - {{type: numeric, id: {ident}, name: Fuzz, {fields}{f', step: {step}' if step else ''}}}\n"


@st.composite
def ordinal_scale(draw: st.DrawFn) -> str:
    labels = ["A", "B", "C", "F"]
    values = ["4", "3", "2", "0"] if draw(st.integers(0, 3)) < 3 else draw(st.sampled_from([["4", "4", "2", "0"], None]))  # fmt: skip
    if values is not None and draw(st.integers(0, 3)) == 3:
        values[draw(st.integers(0, 3))] = draw(wild)
    grades = "".join(
        f"      - {{label: {label}{f', value: {values[i]}' if values else ''}}}\n"
        for i, label in enumerate(labels)
    )
    passing = "C" if draw(st.integers(0, 3)) < 3 else draw(st.sampled_from(["A", "B", "X"]))
    return f"  - type: ordinal\n    id: xx-ord\n    name: Ordinal\n    pass: {passing}\n    grades:\n{grades}"


@st.composite
def data_dirs(draw: st.DrawFn) -> dict[str, str]:
    scales = draw(numeric_scale("xx-fz")) + draw(ordinal_scale())
    if draw(st.booleans()):  # an override of the home scale
        scales += draw(numeric_scale("it-30"))
    low, high = ("10", "20") if draw(st.integers(0, 3)) < 3 else draw(st.tuples(wild, wild))
    linear = st.sampled_from(
        [
            "{method: linear, rounding: half-up, honours: honours-mark}",
            "{method: linear, rounding: none, honours: best-grade}",
        ]
    )
    numeric_method = draw(
        linear
        | st.just(
            f"{{method: bands, pick: median, bands: [{{min: {low}, max: {high}, to: ['18', '30']}}]}}"
        )
    )
    ordinal_method = draw(
        linear
        | st.just(
            "{method: bands, pick: max, bands: [{label: A, to: '30'}, {label: B, to: ['24', '27']}, "
            "{label: C, to: '18'}]}"
        )
    )
    opens, closes = (draw(dates), draw(dates)) if draw(st.integers(0, 3)) == 3 else (None, None)
    call = (
        HEAD.format(kind="call")
        + f"id: fz-call\ntitle: Fuzz call\ntype: erasmus-study\ntimezone: {draw(zones) if draw(st.integers(0, 3)) == 3 else 'Europe/Rome'}\n"
        + (f"opens: {opens}\n" if opens else "")
        + (f"closes: {closes}\n" if closes else "")
    )
    return {
        "scales/fz.yaml": HEAD.format(kind="scales") + "scales:\n" + scales,
        "conversion_tables/fz.yaml": HEAD.format(kind="conversion_table")
        + "id: fz\nname: Fuzz\nschool: FZ\ntarget: {scale: it-30}\n"
        + f"rules:\n  - scales: [xx-fz]\n    methods:\n      - {numeric_method}\n"
        + f"  - scales: [xx-ord]\n    methods:\n      - {ordinal_method}\n",
        "calls/fz-call.yaml": call,
    }


def timed(*args: str) -> Result:
    """One command, which must end cleanly within the time and memory bounds."""
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.monotonic()
    result = CliRunner().invoke(app, list(args), catch_exceptions=True)
    assert time.monotonic() - started < SECONDS, args
    grown_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    assert grown_kb < MEGABYTES * 1024, (args, grown_kb)
    assert_clean(result)
    return result


@FUZZ
@given(files=data_dirs(), grade=st.sampled_from(["14", "7,5", "A", "B", "0", "30", "1e999"]))
def test_what_validate_passes_every_command_runs_on(files: dict[str, str], grade: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        for name, text in files.items():
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            (root / name).write_text(text, "utf-8")
        transcript = root / "t.csv"
        transcript.write_text(
            f"course,credits,grade,scale\nA,6,{grade},xx-fz\nB,6,{grade},xx-ord\n", "utf-8"
        )
        data = ["--data-dir", str(root)]
        report = timed(*data, "validate", str(root))
        table_broken = "conversion_tables/fz.yaml" in report.stdout and ": error:" in report.stdout
        event(f"validate exit {report.exit_code}, table broken: {table_broken}")
        results = [
            timed(*data, "convert", "--grade", grade, "--scale", "xx-fz", "--school", "fz"),
            timed(*data, "convert", "--grade", grade, "--scale", "xx-ord", "--school", "fz"),
            timed(*data, "convert", str(transcript), "--school", "fz", "-f", "csv"),
            timed(*data, "scales", "xx-fz"),
            timed(*data, "tables", "fz"),
            timed(*data, "calls", "fz-call"),
            timed(*data, "check", "--call", "fz-call", *ONE_APPLICANT),
        ]
        event(f"grade converted: {results[0].exit_code == 0}")
        if report.exit_code == 0:  # valid data: no command refuses it
            assert all("Error: " not in r.stderr or ".yaml:" not in r.stderr for r in results)
        if table_broken:  # loading runs validate: the table is refused, never used
            assert results[2].exit_code == 2 and "fz.yaml:" in results[2].stderr
