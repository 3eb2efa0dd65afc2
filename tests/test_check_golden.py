"""`check` and `rank` write exactly what they wrote before the batch loop was fused: stdout,
stderr and the exit code of every case are compared byte for byte with files in
``tests/golden/check/`` (captured from the code before issue 12).

Cases: ``examples/applicants.csv`` against every call, the ``tests/data/bad/applicants-*.csv``
fixtures, and two generated files (a coordinator's export, and a hostile one: formulas, control
characters, bare CRs, duplicate ids, short and long rows) — each checked and ranked in csv,
json, jsonl and table, plus ``--keep``, ``--unique-ids``, ``-o`` and one-applicant cases.

After an intended change of output, rewrite the files with ``MOBILITY_UPDATE_GOLDEN=1 pytest
tests/test_check_golden.py`` and review the diff.
"""

from __future__ import annotations

import os
import random
from pathlib import Path

import pytest

from conftest import Run
from support import ROOT

GOLDEN = ROOT / "tests" / "golden" / "check"
FIRST = "polimi-2026-2027-first-engineering"
CALLS = [
    "athens-march",
    "athens-november",
    "ka107-2019-2020-s2",
    "ka107-staff-teaching",
    FIRST,
]
FORMATS = ["csv", "json", "jsonl", "table"]
BAD = sorted(p.name for p in (ROOT / "tests" / "data" / "bad").glob("applicants-*.csv"))

PROGRAMMES = [
    ("Ingegneria Meccanica", "LM"),
    ("Ingegneria Fisica", "Laurea"),
    ("Physics Engineering", "MSc"),
    ("Construction Engineering-Architecture", "ciclo unico"),
    ("Architettura", "LM"),
    ("Design", "Laurea"),
    ("Ingegneria Mecanica", "LM"),
    ("", ""),
]


def coordinator_export() -> bytes:
    """Italian headers, ';', decimal commas, a few blank and bad cells, repeated ids."""
    rng = random.Random(12)
    lines = [
        "Matricola;Cognome;Corso di studio;Livello;Anno;CFU;Media;Lingua;Mesi all'estero;"
        "Scambi precedenti;Anni di iscrizione"
    ]
    for i in range(300):
        programme, level = rng.choice(PROGRAMMES)
        ident = 10600000 + (i if i % 37 else i // 2)
        average = rng.choice([f"{rng.randint(1800, 3000) / 100:.2f}".replace(".", ","), "", "x"])
        credits = rng.choice(["", str(rng.randint(0, 400)), "60", "150,5"])
        lines.append(
            f"{ident};Rossi;{programme};{level};{rng.choice('0123')};{credits};{average};"
            f"{rng.choice(['B1', 'B2', 'C1', 'Z9', ''])};{rng.choice(['0', '3', '9,5', '12', '30'])};"
            f"{rng.choice('0012')};{rng.choice('123456')}"
        )
    return ("\ufeff" + "\n".join(lines) + "\n").encode()


def hostile_export() -> bytes:
    """English headers, ',', and cells a person or a spreadsheet should never be harmed by."""
    rng = random.Random(2026)
    odd = ["=1+1", "@SUM(A1)", "+39 02", "-3", "a\rb", "bell\x07", "\x1b[31mred\x1b[0m", "é ü"]
    lines = [
        "id,name,school,programme,level,year,credits,average,language,months_abroad,"
        "previous_exchanges,years_enrolled,days,note"
    ]
    for i in range(120):
        programme, level = rng.choice(PROGRAMMES)
        cells = [
            rng.choice([f"s{i}", f"s{i}", f"s{i // 3}", "", rng.choice(odd)]),
            rng.choice([*odd, "Ann"]),
            rng.choice(["", "", "ing", "3I", "auic", "nowhere"]),
            programme,
            level,
            rng.choice(["1", "2", "2", "2", "9", "-1", "x", ""]),
            rng.choice(["120", "120", "60", "1e3", "", "60,5", "1.234,5"]),
            rng.choice(["27", "27", "29.5", "17", "", "31"]),
            rng.choice(["B2", "c1", "B2+", "?"]),
            rng.choice(["0", "0", "0", "3", "12", "-2"]),
            rng.choice(["0", "0", "1", "2.5"]),
            rng.choice(["1", "2", "5", "5"]),
            rng.choice(["", "5", "400"]),
            rng.choice(odd),
        ]
        cells = cells[: rng.choice([14, 14, 14, 14, 14, 9])] + ([] if i % 17 else ["extra", "x"])
        quoted = [f'"{c}"' if any(ch in c for ch in ',"\r\n') else c for c in cells]
        lines.append(",".join(quoted))
    return ("\n".join(lines) + "\n").encode()


GENERATED = {"coordinator": coordinator_export, "hostile": hostile_export}


def _cases() -> list[tuple[str, tuple[str, ...], str | None]]:
    """(golden name, arguments, generated input on stdin)."""
    example = "examples/applicants.csv"
    batch: list[tuple[str, tuple[str, ...], str | None]] = [
        (f"example-check-{call}", ("check", example, "-c", call), None) for call in CALLS
    ]
    batch.append(("example-rank", ("rank", example, "-c", FIRST), None))
    for name in BAD:
        source, stem = f"tests/data/bad/{name}", name.removesuffix(".csv")
        batch.append((f"{stem}-check", ("check", source, "-c", FIRST), None))
        batch.append((f"{stem}-rank", ("rank", source, "-c", FIRST), None))
    for gen in GENERATED:
        batch.append((f"{gen}-check", ("check", "-", "-c", FIRST), gen))
        batch.append((f"{gen}-rank", ("rank", "-", "-c", FIRST), gen))
    batch.append(("hostile-check-ka107", ("check", "-", "-c", CALLS[2]), "hostile"))
    cases = [
        (f"{name}-{fmt}", (*args, "-f", fmt), gen) for fmt in FORMATS for name, args, gen in batch
    ]
    extras: list[tuple[str, tuple[str, ...], str | None]] = [
        ("example-keep-none", ("check", example, "-c", FIRST, "--keep", "none", "-f", "csv"), None),
        ("example-keep-some", ("check", example, "-c", FIRST, "--keep", "cognome,CFU"), None),
        ("coordinator-unique-ids", ("check", "-", "-c", FIRST, "--unique-ids", "-f", "csv"), "coordinator"),
        ("coordinator-rank-unique-ids", ("rank", "-", "-c", FIRST, "--unique-ids", "-f", "jsonl"), "coordinator"),
        ("hostile-keep-json", ("check", "-", "-c", FIRST, "--keep", "name,note", "-f", "json"), "hostile"),
        ("example-check-auto", ("check", example, "-c", FIRST), None),
        ("one-eligible", ("check", "-c", FIRST, "--programme", "Ingegneria Fisica", "--level", "LM", "--year", "2", "--months-abroad", "0"), None),
        ("one-eligible-json", ("check", "-c", FIRST, "--programme", "Ingegneria Fisica", "--level", "LM", "--year", "2", "--months-abroad", "0", "--average", "27", "--credits", "120", "--years-enrolled", "4", "--previous-exchanges", "1", "-f", "json"), None),
        ("one-not-eligible", ("check", "-c", FIRST, "--programme", "Physics Engineering", "--level", "MSc", "--year", "1", "--months-abroad", "10"), None),
    ]  # fmt: skip
    return cases + extras


CASES = _cases()


def _capture(run: Run, args: tuple[str, ...], generated: str | None) -> bytes:
    result = run(*args, input=GENERATED[generated]() if generated else None)
    return (
        f"exit: {result.exit_code}\n--- stdout\n".encode()
        + result.stdout_bytes
        + b"--- stderr\n"
        + result.stderr_bytes
    )


@pytest.mark.parametrize(("name", "args", "generated"), CASES, ids=[c[0] for c in CASES])
def test_output_is_unchanged(
    run: Run,
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    args: tuple[str, ...],
    generated: str | None,
) -> None:
    monkeypatch.chdir(ROOT)  # paths in messages as the golden files have them
    got = _capture(run, args, generated)
    golden = GOLDEN / f"{name}.txt"
    if os.environ.get("MOBILITY_UPDATE_GOLDEN"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_bytes(got)
    assert got == golden.read_bytes()


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_written_file_is_what_stdout_would_be(
    run: Run, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, fmt: str
) -> None:
    """``-o``: the same bytes as on stdout (a CSV file starts with a byte-order mark for
    Excel)."""
    monkeypatch.chdir(ROOT)
    out = tmp_path / f"out.{fmt}"
    result = run("check", "-", "-c", FIRST, "-f", fmt, "-o", str(out), input=hostile_export())
    golden = (GOLDEN / f"hostile-check-{fmt}.txt").read_bytes()
    stdout = golden.split(b"--- stdout\n", 1)[1].split(b"--- stderr\n", 1)[0]
    assert out.read_bytes() == ("\ufeff".encode() if fmt == "csv" else b"") + stdout
    assert result.stdout_bytes == b""
