"""The compiled cache: each data file's compiled form, kept as JSON with what it was built from.

Two kinds of index hold entries, one JSON file each:

- the index shipped with the bundled data, ``compiled.json`` in the data folder, read-only,
  built by ``python -m mobility_cli.compiled`` (a test fails when it is not up to date);
- one index per data directory in the user's cache folder (``MOBILITY_CACHE_DIR``, else the
  platform's: ``$XDG_CACHE_HOME`` or ``~/.cache`` on Linux, ``~/Library/Caches`` on macOS,
  ``%LOCALAPPDATA%`` on Windows, then ``mobility/``), written when a file is compiled.

An entry is used only when it matches the file now on disk: the same size, then the same
modification time (the fast check) or else the same SHA-256 of the bytes (the sure one), and
its data still hash to what was stored (a damaged entry is rebuilt, never used). An index
records a stamp of the code that compiles (the models, the compiled classes, the YAML reader,
the number parser): after an upgrade an old index is ignored. A file changed less than two
seconds before it was compiled is not trusted by its time, only by its hash. Nothing is ever
unpickled or executed: entries are JSON data (:mod:`mobility_cli.compiled.codec`). A cache
folder that cannot be written is no error: the files are then compiled on every run.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import sys
import time
import zlib
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from mobility_cli.compiled.base import Plain
from mobility_cli.compiled.codec import Corrupt, decode

if TYPE_CHECKING:
    import hashlib
from mobility_cli.compiled.common import DataFileHeader

FORMAT = 1
SHIPPED_INDEX = "compiled.json"
ENV_CACHE_DIR = "MOBILITY_CACHE_DIR"
RACY_NS = 2_000_000_000
CODE = ("models", "compiled", "numbers.py", "io/yamlio.py")
"""What a compiled form depends on besides its data file: its code stamp is theirs."""
RULES = ("validation", "validation/rules")
"""What ``validate``'s verdict depends on besides the data and :data:`CODE`."""
CLEAN_INDEX = "clean.json"
CLEAN_KEPT = 64

P = TypeVar("P", bound=DataFileHeader)


def _sha256(data: bytes = b"") -> hashlib._Hash:
    import hashlib  # only when a file's time does not match: a warm run needs no hashing

    return hashlib.sha256(data)


def _crc(text: str) -> int:
    return zlib.crc32(text.encode())


@functools.cache
def code_stamp(parts: tuple[str, ...] = CODE) -> str:
    """A hash of the source of some of the package's code (default: what compiles, :data:`CODE`)."""
    package = Path(__file__).resolve().parents[1]
    stamp = zlib.crc32(f"format {FORMAT}".encode())
    for name in parts:
        where = package / name
        for source in sorted(where.glob("*.py")) if where.is_dir() else [where]:
            stamp = zlib.crc32(source.relative_to(package).as_posix().encode(), stamp)
            stamp = zlib.crc32(source.read_bytes(), stamp)
    return f"{stamp:08x}"


def user_cache_dir() -> Path | None:
    """Where compiled overlays are kept; ``None`` when ``MOBILITY_CACHE_DIR`` is set empty."""
    chosen = os.environ.get(ENV_CACHE_DIR)
    if chosen is not None:
        return Path(chosen) if chosen else None
    try:
        if sys.platform == "win32":
            base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
        elif sys.platform == "darwin":
            base = Path.home() / "Library" / "Caches"
        else:
            base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    except RuntimeError:  # no home directory to be found: nothing is kept
        return None
    return base / "mobility"


def entry_key(path: Path) -> str:
    """A data file's key in its directory's index: ``calls/ka107.yaml``."""
    return f"{path.parent.name}/{path.name}"


class Source(Plain):
    """A data file as it was when it was read: size, modification time, hash."""

    size: int
    mtime_ns: int
    sha256: str

    @classmethod
    def of(cls, path: Path) -> Source:
        stat = path.stat()
        return cls(stat.st_size, stat.st_mtime_ns, _sha256(path.read_bytes()).hexdigest())


class Index:
    """One index file: entries by :func:`entry_key`; empty when missing, damaged or outdated."""

    def __init__(self, path: Path | None, files: dict[str, Any] | None = None) -> None:
        self.path = path
        self.files = files or {}

    @classmethod
    def read(cls, path: Path | None) -> Index:
        if path is None:
            return cls(None)
        try:
            data = json.loads(path.read_bytes())
        except (OSError, ValueError):
            return cls(path)
        fresh = (
            isinstance(data, dict)
            and data.get("format") == FORMAT
            and data.get("code") == code_stamp()
            and isinstance(data.get("files"), dict)
        )
        return cls(path, data["files"] if fresh else {})

    def text(self) -> str:
        content = {
            "format": FORMAT,
            "code": code_stamp(),
            "files": dict(sorted(self.files.items())),
        }
        return json.dumps(content, ensure_ascii=False, indent=1) + "\n"

    def save(self) -> None:
        """Written whole, atomically; a folder that cannot be written is left alone."""
        if self.path is None:
            return
        import tempfile

        with contextlib.suppress(OSError):
            self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".", suffix=".tmp")
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as out:
                    out.write(self.text())
                os.replace(tmp, self.path)
            finally:
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(tmp)

    def put(self, key: str, source: Source, text: str) -> None:
        racy = time.time_ns() - source.mtime_ns < RACY_NS
        self.files[key] = {
            "size": source.size,
            "mtime_ns": 0 if racy or self.path is None else source.mtime_ns,
            "sha256": source.sha256,
            "crc32": _crc(text),
            "data": text,
        }


def user_index(root: Path) -> Path | None:
    folder = user_cache_dir()
    if folder is None:
        return None
    name = str(root.resolve()).encode()
    return folder / f"{zlib.crc32(name):08x}{zlib.adler32(name):08x}.json"


class Store:
    """The compiled forms of the data files of some data directories."""

    def __init__(self, bundled: Path) -> None:
        self._bundled = bundled
        self._indexes: dict[Path, tuple[Index, ...]] = {}

    def _indexes_of(self, root: Path) -> tuple[Index, ...]:
        if root not in self._indexes:
            own = Index.read(user_index(root))
            if root == self._bundled:  # read-only: no path to save it to
                shipped = Index(None, Index.read(root / SHIPPED_INDEX).files)
                self._indexes[root] = (own, shipped)
            else:
                self._indexes[root] = (own,)
        return self._indexes[root]

    def get(self, path: Path, kind: type[P]) -> P | None:
        """The compiled form of ``path`` if an index holds a fresh one, else ``None``."""
        try:
            stat = path.stat()
        except OSError:
            return None
        key, digest = entry_key(path), ""
        indexes = self._indexes_of(path.parent.parent)
        for index in indexes:
            entry = index.files.get(key)
            if not isinstance(entry, dict) or entry.get("size") != stat.st_size:
                continue
            timed = entry.get("mtime_ns") == stat.st_mtime_ns
            if not timed:
                digest = digest or _sha256(path.read_bytes()).hexdigest()
                if entry.get("sha256") != digest:
                    continue
            data = entry.get("data")
            if not isinstance(data, str) or _crc(data) != entry.get("crc32"):
                continue
            with contextlib.suppress(Corrupt):
                found = decode(data)
                if isinstance(found, kind):
                    if not timed:  # sure by its hash: next time, the time will do
                        source = Source(stat.st_size, stat.st_mtime_ns, digest)
                        indexes[0].put(key, source, data)
                        indexes[0].save()
                    return found
        return None

    def put(self, path: Path, source: Source, text: str) -> None:
        """Keep a compiled form in the user's index of its directory, if the file is still
        what was compiled."""
        index = self._indexes_of(path.parent.parent)[0]
        try:
            stat = path.stat()
        except OSError:
            return
        if (stat.st_size, stat.st_mtime_ns) == (source.size, source.mtime_ns):
            index.put(entry_key(path), source, text)
            index.save()

    def clean_key(self, paths: list[Path]) -> str:
        """What a ``validate`` run over these data files depends on: their places and bytes,
        and the code of the models and the rules."""
        digest = _sha256(code_stamp(CODE + RULES).encode())
        for path in paths:
            digest.update(f"\0{path.resolve()}\0{_sha256(path.read_bytes()).hexdigest()}".encode())
        return digest.hexdigest()

    def known_clean(self, key: str) -> bool:
        """Whether ``validate`` found no error in these very files before (:meth:`clean_key`)."""
        return key in _clean_keys()

    def remember_clean(self, key: str) -> None:
        folder = user_cache_dir()
        if folder is None:
            return
        index = Index(folder / CLEAN_INDEX)
        earlier = [k for k in _clean_keys() if k != key][-(CLEAN_KEPT - 1) :]
        keys = [*earlier, key]
        index.files = {k: n for n, k in enumerate(keys)}
        index.save()


def _clean_keys() -> list[str]:
    folder = user_cache_dir()
    if folder is None:
        return []
    files = Index.read(folder / CLEAN_INDEX).files
    return sorted(files, key=lambda k: files[k] if isinstance(files[k], int) else -1)
