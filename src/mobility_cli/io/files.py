"""File plumbing: opening an input (a path or ``-`` for standard input), peeking at its first
bytes, and the output stream every command writes to (stdout, or a temporary file renamed over
``-o`` when done, refusing to overwrite an input; SIGTERM and SIGHUP unwind to remove it)."""

from __future__ import annotations

import contextlib
import io
import os
import stat
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO, BinaryIO

from mobility_cli.errors import InputError, MobilityError

STDIN = "-"


def peek(stream: BinaryIO, size: int = 512) -> tuple[bytes, BinaryIO]:
    """The first bytes of a stream, and a stream that still starts with them."""
    peek_at = getattr(stream, "peek", None)
    if callable(peek_at):
        return bytes(peek_at(size))[:size], stream
    if stream.seekable():
        head = stream.read(size)
        stream.seek(-len(head), io.SEEK_CUR)
        return head, stream
    whole = io.BytesIO(stream.read())
    return whole.getvalue()[:size], whole


def open_input(path: str) -> tuple[BinaryIO, str]:
    """Open a path (or ``-`` for standard input) for binary reading."""
    if path == STDIN:
        return sys.stdin.buffer, "<stdin>"
    try:
        return open(path, "rb"), path
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory, not a file") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from None


def _same_file(a: str, b: str) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _is_stdin(path: str) -> bool:
    """Whether ``path`` is the file standard input reads (``convert - -o t.csv < t.csv``)."""
    try:
        given, target = os.fstat(sys.stdin.fileno()), os.stat(path)
    except (OSError, ValueError, AttributeError):  # no stdin, a test's fake one, no target
        return False
    return (given.st_dev, given.st_ino) == (target.st_dev, target.st_ino)


@contextlib.contextmanager
def _signals_unwind() -> Iterator[None]:
    """SIGTERM and SIGHUP unwind like Ctrl-C does, so the temporary file is removed; the
    exit status is the shell's 128 + signal number."""
    import signal

    def unwind(signum: int, _frame: object) -> None:
        raise SystemExit(128 + signum)

    wanted = [getattr(signal, n) for n in ("SIGTERM", "SIGHUP") if hasattr(signal, n)]
    try:
        previous = {sig: signal.signal(sig, unwind) for sig in wanted}
    except ValueError:  # not the main thread: signals stay as they are
        previous = {}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _mode_for(target: Path) -> int:
    """The permissions of the output: the old file's, else those of any new file (umask)."""
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


@contextlib.contextmanager
def _write_errors(where: str) -> Iterator[None]:
    """A failed write (disk full, read-only folder) as a one-line error; a closed pipe is not."""
    try:
        yield
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise MobilityError(f"{where}: cannot write ({exc.strerror or exc})") from None


@contextlib.contextmanager
def output_stream(
    path: str | None, inputs: Sequence[str] = (), bom: bool = False
) -> Iterator[IO[str]]:
    """stdout for ``None`` or ``-``; otherwise a temporary file renamed over ``path`` only when
    the block finishes, so an interrupted run leaves the old file (or none), never half a file.

    The new file keeps the old one's permissions, a symbolic link keeps pointing at it, and a
    device or a pipe (``/dev/null``, ``>(gzip > out.gz)``) is written straight through.
    """
    encoding = "utf-8-sig" if bom else "utf-8"
    if path is None or path == STDIN:
        with _write_errors("standard output"):
            yield sys.stdout
            sys.stdout.flush()
        return
    for source in inputs:
        if _same_file(source, path) if source != STDIN else _is_stdin(path):
            raise InputError(f"{path}: refusing to overwrite the input file")
    if path.lower().endswith((".xlsx", ".xlsm", ".xls", ".ods")):
        # text under a workbook's name would only make Excel say the file is damaged
        raise InputError(
            f"{path}: mobility writes text (CSV, JSON), not workbooks: name the file .csv, "
            "which Excel opens"
        )
    target = Path(path)
    if target.is_dir():
        raise InputError(f"{path}: is a directory")
    if target.exists() and not target.is_file():
        with _write_errors(path), open(target, "w", encoding=encoding, newline="") as handle:
            yield handle
        return
    if target.is_symlink():
        target = target.resolve()
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise InputError(f"{path}: folder {folder} does not exist")
    with _write_errors(path), _signals_unwind():
        import tempfile  # only to write a file: a run printing to stdout needs none

        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
        try:
            with open(fd, "w", encoding="utf-8", newline="") as handle:
                os.chmod(tmp, _mode_for(target))
                if bom:  # by hand: the utf-8-sig codec would encode every row's write in Python
                    handle.write("\ufeff")
                yield handle
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, target)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
