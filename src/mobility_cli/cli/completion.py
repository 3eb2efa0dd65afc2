"""Shell completion of ids (schools, scales, calls, programmes).

Completion re-runs the program on every TAB, so ids are read from file names and ``id:``
lines with the standard library only: no YAML parsing, no models.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

_ID_LINE = re.compile(r"^\s*-?\s*id:\s*[\"']?([^\"'\s#]+)", re.MULTILINE)


def _data_dirs() -> Iterator[Path]:
    here = Path(__file__).resolve().parents[1]
    yield here / "data" if (here / "data").is_dir() else here.parents[1] / "data"
    extra = os.environ.get("MOBILITY_DATA_DIR")
    if extra:
        yield Path(extra)


def _files(sub: str) -> Iterator[Path]:
    for root in _data_dirs():
        folder = root / sub
        if folder.is_dir():
            yield from (p for p in folder.iterdir() if p.suffix in (".yaml", ".yml"))


def _matching(ids: set[str], incomplete: str) -> list[str]:
    start = incomplete.casefold()
    return sorted(i for i in ids if i.casefold().startswith(start))


def file_ids(sub: str, incomplete: str) -> list[str]:
    """Ids that are file names (conversion tables, calls)."""
    return _matching({p.stem for p in _files(sub)}, incomplete)


def line_ids(sub: str, incomplete: str, section: str) -> list[str]:
    """Ids written as ``id:`` lines in a top-level section of the files (``scales:``)."""
    ids: set[str] = set()
    for path in _files(sub):
        try:
            text = path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        _, found, rest = text.partition(f"\n{section}:")
        if found:
            ids.update(_ID_LINE.findall(re.split(r"\n[a-z_]+:", rest, maxsplit=1)[0]))
    return _matching(ids, incomplete)


def schools(incomplete: str) -> list[str]:
    return file_ids("conversion_tables", incomplete)


def calls(incomplete: str) -> list[str]:
    return file_ids("calls", incomplete)


def scales(incomplete: str) -> list[str]:
    return line_ids("scales", incomplete, "scales")


def programmes(incomplete: str) -> list[str]:
    return line_ids("programmes", incomplete, "programmes")
