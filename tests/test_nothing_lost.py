"""Nothing is lost: every data row of a batch input is a row of the output, with its line.

Inputs are generated (hypothesis) in every dialect the readers accept, with blank lines,
quoted line breaks, delimiters and formulas in cells, and rows that cannot be processed;
the expected line of each row is counted while the input is written, independently of the
reader. Then ``-o``: an interrupted run leaves the old file (or none), never half a file,
and no temporary file behind.
"""

from __future__ import annotations

import csv
import errno
import io
import json
import os
import stat
import sys
import threading
from collections.abc import Iterable
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import Run
from mobility_cli.errors import MobilityError
from mobility_cli.io.csv_reader import SNIFF_BYTES
from mobility_cli.io.elmo import ELMO_NAMESPACES
from mobility_cli.io.files import output_stream
from mobility_cli.reports import convert as convert_report
from support import EXAMPLES

POLIMI = "polimi-2026-2027-first-engineering"
PROPERTY = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

# Cells as exports have them: words, numbers with either decimal mark, delimiters, quotes,
# line breaks (a bare CR too) and formulas; the first cell of a row is never blank, so no row is a blank line.
CELL = st.text(alphabet="aé Z09,.;\t\"'\r\n=-+@#/", max_size=8)
FIRST = st.builds(lambda head, tail: head + tail, st.sampled_from("ABC=+-@1"), CELL)
BLANKS = st.integers(0, 2)


def line_count(text: str, universal: bool) -> int:
    """Lines in ``text`` as the reader counts them: a UTF-16 file is split by a text layer,
    for which a bare CR ends a line too; the others are split at LF."""
    return len(io.StringIO(text, newline="").readlines()) if universal else text.count("\n")


def written(rows: list[list[str]], blanks: list[int], delimiter: str, header: list[str], encoding: str) -> tuple[str, list[int]]:  # fmt: skip
    """The CSV text, and the line on which each data row starts (blank lines in between)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    lines, line = [], 2
    for row, blank in zip(rows, blanks, strict=True):
        out.write("\r\n" * blank)
        line += blank
        lines.append(line)
        before = out.tell()
        writer.writerow(row)
        line += line_count(out.getvalue()[before:], encoding == "utf-16")
    return out.getvalue(), lines


def rows_of(result_stdout: str, fmt: str, delimiter: str = ",") -> list[dict[str, object]]:
    if fmt == "csv":
        return list(csv.DictReader(io.StringIO(result_stdout), delimiter=delimiter))
    if fmt == "jsonl":
        return [json.loads(line) for line in result_stdout.splitlines()]
    return list(json.loads(result_stdout)["results"])


@st.composite
def table(draw: st.DrawFn, width: int) -> tuple[list[list[str]], list[int], str, str]:
    size = draw(st.integers(1, 8))
    rows = [[draw(FIRST), *draw(st.lists(CELL, min_size=width - 1, max_size=width - 1))] for _ in range(size)]  # fmt: skip
    blanks = [draw(BLANKS) for _ in range(size)]
    return rows, blanks, draw(st.sampled_from([",", ";", "\t"])), draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252"]))  # fmt: skip


APPLICANT_HEADER = ["Matricola", "Corso di studio", "Livello", "Anno", "CFU", "Media", "Lingua", "Mesi all'estero"]  # fmt: skip


@PROPERTY
@given(data=table(len(APPLICANT_HEADER)), fmt=st.sampled_from(["csv", "json", "jsonl"]))
def test_check_writes_one_row_per_applicant_with_its_line(
    run: Run, data: tuple[list[list[str]], list[int], str, str], fmt: str
) -> None:
    rows, blanks, delimiter, encoding = data
    text, lines = written(rows, blanks, delimiter, APPLICANT_HEADER, encoding)
    result = run("check", "--call", POLIMI, "-", "-f", fmt, input=text.encode(encoding))
    assert result.exit_code in (0, 1), result.stderr
    out = rows_of(result.stdout, fmt, delimiter)
    assert [int(str(r["row"])) for r in out] == lines
    assert f"{len(rows)} applicant(s)" in result.stderr
    if fmt != "csv":  # the CSV neutralises formulas; JSON keeps the id as it was written
        assert [r["id"] for r in out] == [r[0].strip() for r in rows]


TRANSCRIPT_HEADER = ["Insegnamento", "CFU", "Voto", "Scala", "Matricola"]


@PROPERTY
@given(data=table(len(TRANSCRIPT_HEADER)), fmt=st.sampled_from(["csv", "json"]))
def test_convert_writes_one_row_per_course_with_its_line(
    run: Run, data: tuple[list[list[str]], list[int], str, str], fmt: str
) -> None:
    rows, blanks, delimiter, encoding = data
    text, lines = written(rows, blanks, delimiter, TRANSCRIPT_HEADER, encoding)
    result = run("convert", "-", "--school", "ing", "-f", fmt, input=text.encode(encoding))
    assert result.exit_code in (0, 1), result.stderr
    out = rows_of(result.stdout, fmt, delimiter)  # the output follows the input's dialect
    assert [int(str(r["row"])) for r in out] == lines
    assert all(r["status"] in ("ok", "error", "excluded") for r in out)


TITLE = st.text(alphabet="aé Z09<>&\"';=+-@", min_size=1, max_size=12).filter(str.strip)


@PROPERTY
@given(titles=st.lists(TITLE, min_size=1, max_size=6), padding=st.lists(BLANKS, min_size=6, max_size=6))  # fmt: skip
def test_elmo_gives_one_row_per_result_at_its_line(
    run: Run, titles: list[str], padding: list[int]
) -> None:
    namespace = next(iter(ELMO_NAMESPACES))
    parts = [f'<elmo xmlns="{namespace}">\n<report>\n<issuer><country>FR</country></issuer>\n']
    lines = []
    for title, blank in zip(titles, padding, strict=False):
        parts.append(
            "\n" * blank + f"<learningOpportunitySpecification><title>{escape(title)}</title>\n"
        )
        lines.append("".join(parts).count("\n") + 2)  # the instance is on the next line
        parts.append("<specifies>\n<learningOpportunityInstance><resultLabel>14</resultLabel>\n")
        parts.append("<credit><scheme>ects</scheme><value>6</value></credit>\n")
        parts.append(
            "</learningOpportunityInstance></specifies></learningOpportunitySpecification>\n"
        )
    parts.append("</report>\n</elmo>\n")
    result = run("convert", "-", "--school", "ing", "--scale", "fr-20", "-f", "json", input="".join(parts).encode())  # fmt: skip
    assert result.exit_code == 0, result.stderr
    out = json.loads(result.stdout)["results"]
    assert [(r["row"], r["course"]) for r in out] == [(line, " ".join(t.split())) for line, t in zip(lines, titles, strict=True)]  # fmt: skip


# --- -o is atomic --------------------------------------------------------------------------


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def failing_late(folder: Path) -> Path:
    """Applicants that read well for 64 KiB, then a byte that is not UTF-8: the run fails
    while the output is being written."""
    path = folder / "applicants.csv"
    header = ",".join(APPLICANT_HEADER) + "\n"
    row = "10600002,Ingegneria Fisica,LM,2,60,25.1,C1,0\n"
    path.write_bytes((header + row * (SNIFF_BYTES // len(row) + 50)).encode() + b"\xe9\n")
    return path


@pytest.mark.parametrize("fmt", ["csv", "json", "jsonl"])
def test_check_failing_mid_file_keeps_the_old_output(run: Run, tmp_path: Path, fmt: str) -> None:
    target = tmp_path / "out"
    target.write_text("old results\n", encoding="utf-8")
    result = run("check", "--call", POLIMI, str(failing_late(tmp_path)), "-f", fmt, "-o", str(target))  # fmt: skip
    assert result.exit_code == 2 and "cannot decode as utf-8" in result.stderr
    assert target.read_text(encoding="utf-8") == "old results\n"
    assert leftovers(tmp_path) == []


def test_rank_failing_mid_file_writes_nothing(run: Run, tmp_path: Path) -> None:
    target = tmp_path / "ranking.csv"
    result = run("rank", "--call", POLIMI, str(failing_late(tmp_path)), "-o", str(target))
    assert result.exit_code == 2 and not target.exists() and leftovers(tmp_path) == []


class Poisoned(Exception):
    """Raised by the writer in the middle of the output."""


@pytest.mark.parametrize("interruption", [Poisoned, KeyboardInterrupt])
def test_convert_interrupted_mid_write_keeps_the_old_output(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, interruption: type[BaseException]
) -> None:
    original = convert_report.write_csv_stream

    def write_then_fail(out: io.TextIOBase, courses: Iterable[object], **dialect: str) -> None:
        def rows() -> object:
            yield next(iter(courses))
            out.write("half a file\n")
            out.flush()  # half a file is on disk, under the temporary name
            raise interruption()

        original(out, rows(), **dialect)  # type: ignore[arg-type]

    monkeypatch.setattr(convert_report, "write_csv_stream", write_then_fail)
    target = tmp_path / "out.csv"
    target.write_text("old\n", encoding="utf-8")
    args = ("convert", str(EXAMPLES / "tum-de5.csv"), "--school", "ing", "-o", str(target))
    if interruption is KeyboardInterrupt:  # Ctrl-C: "Aborted!" and the shell's 130
        assert run(*args).exit_code == 130
    else:  # a bug: the last line of defence, one line and exit 2, the old file kept
        result = run(*args)
        assert result.exit_code == 2 and "please report" in result.stderr
    assert target.read_text(encoding="utf-8") == "old\n"
    assert leftovers(tmp_path) == []


def test_a_full_disk_is_one_line_and_keeps_the_old_output(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(_fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    target = tmp_path / "out.csv"
    target.write_text("old\n", encoding="utf-8")
    result = run("convert", str(EXAMPLES / "tum-de5.csv"), "--school", "ing", "-o", str(target))
    assert result.exit_code == 2
    assert f"{target}: cannot write ({os.strerror(errno.ENOSPC)})" in result.stderr
    assert target.read_text(encoding="utf-8") == "old\n" and leftovers(tmp_path) == []


def test_a_full_standard_output_is_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    class Full(io.StringIO):
        def write(self, _text: str) -> int:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(sys, "stdout", Full())
    with pytest.raises(MobilityError, match="standard output: cannot write"), output_stream(None) as out:  # fmt: skip
        out.write("row\n")


# --- what -o replaces, and what it must not ----------------------------------------------


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_the_output_keeps_the_old_files_permissions(run: Run, tmp_path: Path) -> None:
    target = tmp_path / "shared.csv"
    target.write_text("old\n", encoding="utf-8")
    target.chmod(0o664)
    run("convert", str(EXAMPLES / "tum-de5.csv"), "--school", "ing", "-o", str(target))
    assert stat.S_IMODE(target.stat().st_mode) == 0o664


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_a_new_output_gets_the_usual_permissions(run: Run, tmp_path: Path) -> None:
    umask = os.umask(0o022)
    try:
        run("convert", str(EXAMPLES / "tum-de5.csv"), "--school", "ing", "-o", str(tmp_path / "new.csv"))  # fmt: skip
    finally:
        os.umask(umask)
    assert stat.S_IMODE((tmp_path / "new.csv").stat().st_mode) == 0o644  # not mkstemp's 0600


@pytest.mark.skipif(sys.platform == "win32", reason="symbolic links need privileges")
def test_a_symbolic_link_keeps_pointing_at_the_new_output(run: Run, tmp_path: Path) -> None:
    real = tmp_path / "results-2026.csv"
    real.write_text("old\n", encoding="utf-8")
    link = tmp_path / "latest.csv"
    link.symlink_to(real.name)
    run("convert", str(EXAMPLES / "tum-de5.csv"), "--school", "ing", "-o", str(link))
    assert link.is_symlink() and "Regelungstechnik" in real.read_text(encoding="utf-8-sig")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_named_pipe_is_written_through_not_replaced(run: Run, tmp_path: Path) -> None:
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(pipe.read_bytes()), daemon=True)
    reader.start()
    result = run("convert", "--grade", "14", "--scale", "fr-20", "--school", "ing", "-f", "json", "-o", str(pipe))  # fmt: skip
    reader.join(timeout=10)
    assert result.exit_code == 0 and stat.S_ISFIFO(pipe.stat().st_mode)
    assert json.loads(received[0])["results"][0]["converted"] == "23"
