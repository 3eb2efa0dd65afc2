"""What the rules look at: data files with their node trees, and the scales around them.

A :class:`DataFile` is one validated file (document and model); a :class:`Context` holds
every data file the run can see (the files being validated plus the catalogue's and the
neighbouring data directories' files that give them meaning) and the scales they refer to.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from mobility_cli.compiled.common import DataFileHeader
from mobility_cli.compiled.scale import Scale, ScalesFile
from mobility_cli.io.yamlio import Document, position_of
from mobility_cli.text import closest
from mobility_cli.validation.finding import Finding, Level

Loc = tuple[int | str, ...]


@dataclass(frozen=True)
class DataFile:
    """A data file that parsed and validated against the model of its ``kind:``.

    ``root`` is the data directory it belongs to (a catalogue directory, the directory above
    its ``scales/``, ``conversion_tables/`` or ``calls/`` folder, or else its own folder);
    ``checked`` is false for files loaded only to give the checked ones their context.
    """

    path: Path
    doc: Document
    model: DataFileHeader
    root: Path
    checked: bool = True

    def position(self, loc: Loc) -> tuple[int, int]:
        return position_of(self.doc.root, loc)

    def finding(self, rule: str, level: Level, loc: Loc, message: str) -> Finding:
        """A finding at the YAML node of ``loc`` (the key, for a mapping entry)."""
        line, column = self.position(loc)
        return Finding(self.doc.path, line, column, rule, level, message, _dotted(loc))


def _dotted(loc: Loc) -> str:
    return ".".join(str(part) for part in loc)


@dataclass(frozen=True)
class Definition:
    """An id defined by a data file: a scale inside a scales file, or the file's own id."""

    namespace: str
    ident: str
    file: DataFile
    loc: Loc

    @property
    def where(self) -> str:
        line, _ = self.file.position(self.loc)
        return f"{self.file.doc.path}:{line}"


def definitions(data_file: DataFile) -> Iterator[Definition]:
    """The ids a file defines; a model with an ``id`` field defines one of its ``kind``."""
    model = data_file.model
    if isinstance(model, ScalesFile):
        for index, scale in enumerate(model.scales):
            yield Definition("scale", scale.id, data_file, ("scales", index, "id"))
        return
    ident = getattr(model, "id", None)
    if isinstance(ident, str):
        yield Definition(model.kind, ident, data_file, ("id",))


@dataclass(frozen=True)
class Context:
    """Everything a rule may consult beyond the file it checks."""

    files: Sequence[DataFile]
    scales: Mapping[str, Scale]
    bundled: Path
    overlays: Sequence[Path]

    def checked(self) -> Iterator[DataFile]:
        return (f for f in self.files if f.checked)


def did_you_mean(given: str, known: Sequence[str]) -> str:
    """' (did you mean 'x'?)' when a known name is close to ``given``, else ''."""
    close = closest(given, known)
    return f" (did you mean '{close}'?)" if close else ""
