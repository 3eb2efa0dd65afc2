"""The batch API (`mobility_cli.applicant_batch`): verdicts streamed with their tally, and the fused
check-and-write CSV loop giving exactly what the verdicts written one cell at a time give."""

from __future__ import annotations

import io
import random
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mobility_cli import check_batch
from mobility_cli.reports.check import write_csv_report
from support import EXAMPLES

FIRST = "polimi-2026-2027-first-engineering"
CELLS = {
    "Scuola": ["", "", "ing", "3I", "auic", "nowhere", " ing "],
    "Corso di studio": [
        "Ingegneria Meccanica",
        "Ingegneria Fisica",
        "Physics Engineering",
        "Construction Engineering-Architecture",
        "Architettura",
        "Ingegneria Mecanica",
        "",
        "=HYPERLINK(1)",
    ],
    "Livello": ["LM", "Laurea", "MSc", "ciclo unico", "", "PhD", "x"],
    "Anno": ["1", "2", "2", "3", "0", "9", "x", "", " 2 "],
    "CFU": ["120", "60", "150,5", "", "400", "x", "-1", "1.234,5"],
    "Media": ["27", "24,5", "18", "31", "", "x", "+3"],
    "Lingua": ["B2", "C1", "B2+", "", "Z9"],
    "Mesi all'estero": ["0", "0", "3", "9,5", "12", "30", "", "-2"],
    "Scambi precedenti": ["0", "0", "1", "2,5", ""],
    "Anni di iscrizione": ["1", "2", "3", "5", "", "x"],
    "Giorni": ["", "5", "400"],
    "Note": [
        "",
        "ok",
        "a;b",
        'say "hi"',
        "line\nbreak",
        "cr\rhere",
        "@x",
        "-",
        "\x1b[1m",
        "tab\tin",
    ],
}

HEADERS = ["Matricola", *CELLS]


def export(seed: int, rows: int, delimiter: str) -> bytes:
    """A random applicants export: mostly ordinary rows, some hostile cells, repeated and blank
    ids, short and long rows, blank lines."""
    rng = random.Random(seed)
    lines = [delimiter.join(HEADERS)]
    for i in range(rows):
        ident = rng.choice([f"{1000 + i}", f"{1000 + i}", f"{1000 + i // 4}", "", " 7 ", "=1"])
        cells = [ident, *(rng.choice(CELLS[h]) for h in HEADERS[1:])]
        if rng.random() < 0.05:
            cells = cells[: rng.randint(1, len(cells))] + ["x"] * rng.randint(0, 2)
        quoted = [
            f'"{c.replace(chr(34), chr(34) * 2)}"'
            if any(ch in c for ch in f'{delimiter}"\r\n')
            else c
            for c in cells
        ]
        lines.append(delimiter.join(quoted))
        if rng.random() < 0.02:
            lines.append("")
    return ("\n".join(lines) + "\n").encode()


def both_ways(
    source: bytes, call: str, keep: str | None = None, ranking: bool = False
) -> tuple[tuple[str, dict[str, object]], tuple[str, dict[str, object]]]:
    """The CSV and the summary from the fused loop, and from the verdicts one by one."""
    results = []
    for fused in (True, False):
        with check_batch(call, io.BytesIO(source), ranking=ranking) as batch:
            out = io.StringIO()
            layout = batch.layout(keep)
            if fused:
                batch.write_csv(out, layout)
            else:
                write_csv_report(out, batch, layout, batch.table.delimiter)
            results.append((out.getvalue(), batch.tally.summary()))
    return results[0], results[1]


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("delimiter", [";", ",", "\t"])
def test_the_fused_loop_writes_what_the_verdicts_give(seed: int, delimiter: str) -> None:
    source = export(seed, 400, delimiter)
    call = [FIRST, "ka107-2019-2020-s2", "athens-march"][seed % 3]
    fused, one_by_one = both_ways(source, call)
    assert fused == one_by_one
    summary = fused[1]
    assert summary["applicants"] > 350
    assert summary["error"] and summary["not_eligible"] + summary["eligible"]


@pytest.mark.parametrize("keep", ["none", "Note", "Media,Matricola,Lingua"])
def test_the_fused_loop_with_kept_columns(keep: str) -> None:
    fused, one_by_one = both_ways(export(7, 300, ";"), FIRST, keep=keep)
    assert fused == one_by_one


def test_a_long_file_repeats_its_kinds_and_scores() -> None:
    """Past the first rows nearly every row takes the fused path; still the same bytes."""
    rng = random.Random(1)
    lines = [";".join(HEADERS[:11])]
    for i in range(5000):
        lines.append(
            f"{10600000 + i};ing;Ingegneria Meccanica;LM;{rng.choice('123')};"
            f"{rng.randint(40, 300)};{rng.randint(18000, 30000) / 1000:.3f};B2;"
            f"{rng.choice(['0', '3', '12'])};{rng.choice('01')};{rng.randint(1, 6)}".replace(
                ".", ","
            )
        )
    fused, one_by_one = both_ways(("\n".join(lines) + "\n").encode(), FIRST)
    assert fused == one_by_one
    assert fused[1]["eligible"] > 1000


def test_verdicts_and_tally_for_a_library_user() -> None:
    with check_batch(FIRST, EXAMPLES / "applicants.csv") as batch:
        verdicts = list(batch)
    assert [v.row for v in verdicts] == list(range(2, 2 + len(verdicts)))
    assert batch.tally.total == len(verdicts) == 8
    assert batch.tally.summary()["eligible"] == sum(v.status == "eligible" for v in verdicts)


def test_a_repeated_id_is_flagged_on_every_row_it_is_on(tmp_path: Path) -> None:
    source = tmp_path / "a.csv"
    source.write_text(
        "id,programme,level,year,months_abroad\n"
        "s1,Ingegneria Fisica,LM,2,0\n"
        "s2,Ingegneria Fisica,LM,2,0\n"
        "s1,Ingegneria Fisica,LM,2,0\n"
    )
    for unique_ids, status in ((False, "eligible"), (True, "error")):
        with check_batch(FIRST, source, unique_ids=unique_ids) as batch:
            out = io.StringIO()
            batch.write_csv(out, batch.layout())
        rows = out.getvalue().splitlines()[1:]
        assert [r.split(",")[6] for r in rows] == [status, "eligible", status]
        assert "id s1 is on several rows" in rows[0] and "id s1 is on several rows" in rows[2]
        assert "several" not in rows[1]


def test_standard_input_and_streams_are_read_twice_from_a_copy() -> None:
    class Pipe(io.BytesIO):
        def seekable(self) -> bool:
            return False

    source = (EXAMPLES / "applicants.csv").read_bytes()
    with check_batch(FIRST, Pipe(source), name="pipe") as batch:
        assert batch.table.name == "pipe"
        assert sum(1 for _ in batch) == 8


PLAIN_CELLS = {
    header: [c for c in cells if not any(ch in c for ch in '"\r\n;,\t=+-@')]
    for header, cells in CELLS.items()
}
GUARDED = ["-", "-2", "=1+1", "@x", "+3", "=HYPERLINK(1)"]


def plain_export(seed: int, rows: int, delimiter: str, newline: str, quoted_from: int) -> bytes:
    """An export with no quote (until row ``quoted_from``): blocks of plain lines, some with a
    cell the writer guards, blank and whitespace rows, short and long rows, repeated ids."""
    rng = random.Random(seed)
    lines = [delimiter.join(HEADERS)]
    for i in range(rows):
        ident = rng.choice([f"{1000 + i}", f"{1000 + i}", f"{1000 + i // 700}", "", " 7 "])
        cells = [ident, *(rng.choice(PLAIN_CELLS[h]) for h in HEADERS[1:])]
        if (i // 600) % 2 and rng.random() < 0.01:  # every other block has a guarded cell
            cells[rng.randrange(len(cells))] = rng.choice(GUARDED)
        if rng.random() < 0.03:
            cells = cells[: rng.randint(1, len(cells))] + ["x"] * rng.randint(0, 2)
        if i == quoted_from:
            cells[-1] = '"a' + delimiter + 'b"'
        lines.append(delimiter.join(cells))
        if rng.random() < 0.01:
            lines.append(rng.choice(["", " ", delimiter * 3, f" {delimiter} "]))
    return (newline.join(lines) + newline).encode()


@pytest.mark.parametrize("delimiter", [";", ",", "\t"])
@pytest.mark.parametrize("newline", ["\n", "\r\n"])
@pytest.mark.parametrize("quoted_from", [-1, 1500])
def test_plain_blocks_split_by_the_fused_loop_give_what_the_csv_module_gives(
    delimiter: str, newline: str, quoted_from: int
) -> None:
    source = plain_export(len(newline), 2500, delimiter, newline, quoted_from)
    fused, one_by_one = both_ways(source, FIRST, ranking=False)
    assert fused == one_by_one
    assert fused[1]["applicants"] > 2400


def test_plain_blocks_with_kept_columns_and_a_file_without_a_last_newline() -> None:
    source = plain_export(3, 1200, ";", "\n", -1).rstrip(b"\n")
    fused, one_by_one = both_ways(source, FIRST, keep="Note,Media")
    assert fused == one_by_one
    assert fused[0].count("\n") == fused[1]["applicants"] + 1


def test_past_the_caches_sizes_rows_are_counted_and_written_the_same(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """More kinds, error outcomes and score cells than the loop remembers: the same bytes and
    the same summary."""
    import mobility_cli.applicant_batch as applicant_batch

    monkeypatch.setattr(applicant_batch, "MAX_KINDS", 3)
    monkeypatch.setattr(applicant_batch, "MAX_CELLS", 4)
    fused, one_by_one = both_ways(plain_export(5, 1500, ";", "\n", -1), FIRST)
    assert fused == one_by_one
    assert len(fused[1]["reasons"]) > 5


@pytest.mark.parametrize(("held", "id_at"), [(16, 0), (1 << 15, 0), (16, 3), (1 << 15, 3)])
def test_ids_repeated_far_apart_are_flagged_when_the_id_pass_spills(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, held: int, id_at: int
) -> None:
    """Past its set the id pass sorts its hashes into buckets, and past its memory writes them
    to a temporary file: still every row of a repeated id is flagged, and no other."""
    import mobility_cli.io.applicants as applicants

    monkeypatch.setattr(applicants, "SET_HASHES", held)
    monkeypatch.setattr(applicants, "SPILL_HASHES", 64)
    rows = [f"s{i},Ingegneria Fisica,LM,2,0" for i in range(9000)]
    rows[8500] = rows[3] = "twin,Ingegneria Fisica,LM,2,0"
    rows[6000] = "s100,Ingegneria Fisica,LM,2,0"
    # the id first (each line's first cell is read) or fourth (lines split up to it)
    header, *rows = [
        ",".join(moved(line.split(","), id_at))
        for line in ["id,programme,level,year,months_abroad", *rows]
    ]
    source = tmp_path / "a.csv"
    source.write_text(header + "\n" + "\n".join(rows) + "\n")
    with check_batch(FIRST, source) as batch:
        out = io.StringIO()
        batch.write_csv(out, batch.layout())
    flagged = [i for i, row in enumerate(out.getvalue().splitlines()[1:]) if "several" in row]
    assert flagged == [3, 100, 6000, 8500]


def moved(cells: list[str], to: int) -> list[str]:
    """The first cell moved to index ``to``."""
    return [*cells[1 : to + 1], cells[0], *cells[to + 1 :]]


@given(
    # no NUL: the readers refuse one, so none reaches a verdict (Python 3.10's csv module
    # cannot write it)
    st.lists(st.text(alphabet=' ab;,\t"\n\r=-+@é', max_size=6), min_size=1, max_size=3),
    st.sampled_from([";", ",", "\t"]),
)
def test_verdict_cells_as_text_are_what_the_csv_writer_writes(
    cells: list[str], delimiter: str
) -> None:
    """The fused loop's own quoting of a verdict's cells (reasons hold '; ', notes anything)."""
    from mobility_cli.applicant_batch import _csv_text
    from mobility_cli.io.csv_writer import csv_row_writer

    written = io.StringIO()
    csv_row_writer(written, delimiter)(cells)
    expected = None if any("\r" in cell for cell in cells) else written.getvalue()[:-1]
    assert _csv_text(cells, delimiter) == expected
