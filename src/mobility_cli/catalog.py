"""The catalogue of data files: bundled data, overlaid by ``--data-dir`` / ``MOBILITY_DATA_DIR``.

Files are found by id (``conversion_tables/<id>.yaml``, ``calls/<id>.yaml``) and loaded only
when a command asks for them; an id defined in an overlay directory replaces the bundled one.
What a command gets is a file's compiled form (:mod:`mobility_cli.compiled`), from the cache
when it holds a fresh one, else read, validated and compiled (:mod:`mobility_cli.models.loading`).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Mapping
from pathlib import Path, PureWindowsPath
from typing import TypeVar

from mobility_cli.compiled.call import Call
from mobility_cli.compiled.common import DataFileHeader, Provenance
from mobility_cli.compiled.grading import GradingTable
from mobility_cli.compiled.programme import ProgrammesFile
from mobility_cli.compiled.scale import Scale, ScalesFile
from mobility_cli.compiled.store import Source, Store
from mobility_cli.compiled.table import ConversionTable
from mobility_cli.errors import DataFileError, MobilityError, Problem, UnknownIdError

ENV_DATA_DIR = "MOBILITY_DATA_DIR"
SCALES_DIR = "scales"
TABLES_DIR = "conversion_tables"
CALLS_DIR = "calls"
GRADING_TABLES_DIR = "grading_tables"
PROGRAMMES_DIR = "programmes"
YAML_SUFFIXES = (".yaml", ".yml")
DATA_FOLDERS = (SCALES_DIR, TABLES_DIR, CALLS_DIR, GRADING_TABLES_DIR, PROGRAMMES_DIR)

P = TypeVar("P", bound=DataFileHeader)


def bundled_data_dir() -> Path:
    """The data shipped with the package (inside the wheel, or the repository's ``data/``)."""
    here = Path(__file__).resolve().parent
    installed = here / "data"
    return installed if installed.is_dir() else here.parents[1] / "data"


def note_name(path: Path) -> str:
    """A data file as a note names it: ``bundled:conversion_tables/ing.yaml`` for the data
    shipped with the package (not the install path), else as :func:`display_path` does."""
    with contextlib.suppress(ValueError):
        inside = path.resolve().relative_to(bundled_data_dir().resolve())
        return f"bundled:{inside.as_posix()}"
    return display_path(path)


def display_path(path: Path) -> str:
    """A path as a user should see it: relative to the working directory when below it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def unreadable(folder: Path, exc: OSError) -> MobilityError:
    """A data folder that cannot be listed or searched (permissions): one line, exit 2."""
    return MobilityError(f"{display_path(folder)}: cannot read this folder ({exc.strerror})")


class Catalog:
    """Lazy access to scales, conversion tables and calls across layered data directories."""

    def __init__(self, dirs: list[Path], *, _store: Store | None = None) -> None:
        self.dirs = dirs
        self.used: dict[str, Provenance] = {}
        self._scales: dict[str, Scale] | None = None
        self._tables: dict[str, ConversionTable] = {}
        self._grading_tables: list[GradingTable] | None = None
        self._calls: dict[str, Call] = {}
        self._programme_files: list[ProgrammesFile] | None = None
        self._errors: dict[str, list[Problem]] | None = None
        self._store = _store or Store(bundled_data_dir())

    @classmethod
    def from_options(cls, data_dir: Path | None = None) -> Catalog:
        """Bundled data, then ``MOBILITY_DATA_DIR``, then ``--data-dir`` (last one wins)."""
        dirs = [bundled_data_dir()]
        env = os.environ.get(ENV_DATA_DIR)
        for extra in (Path(env) if env else None, data_dir):
            if extra is None:
                continue
            if not extra.is_dir():
                raise MobilityError(f"data directory not found: {extra}")
            if all(extra.resolve() != known.resolve() for known in dirs):
                dirs.append(extra)
        return cls(dirs)

    def _files(self, sub: str) -> list[Path]:
        found: list[Path] = []
        for root in self.dirs:
            folder = root / sub
            try:
                if folder.is_dir():
                    found.extend(sorted(p for p in folder.iterdir() if p.suffix in YAML_SUFFIXES))
            except OSError as exc:
                raise unreadable(folder, exc) from None
        return found

    def checked(self, path: Path) -> None:
        """Loading runs ``validate``: a data file with an error finding is refused (exit 2), its
        findings at ``file:line:col``; warnings stay warnings.

        Bundled data alone are checked at build time (tests/test_validate_cli.py asserts they
        are clean), so a run without ``--data-dir`` pays nothing. With an overlay, one validate
        run over every data directory in sight is made, once, at the first file loaded: a
        bundled table is then checked against the overlay's scales too. A run that found no
        error is remembered by what it depended on (every data file's path and bytes, the code
        of the models and rules): the same files are not validated again.
        """
        if len(self.dirs) == 1:
            return
        if self._errors is None:
            self._errors = {}
            try:
                clean = self._store.clean_key([p for sub in DATA_FOLDERS for p in self._files(sub)])
            except OSError:
                clean = ""
            if clean and self._store.known_clean(clean):
                return
            from mobility_cli.validation.runner import validate

            for finding in validate([], self).findings:
                if finding.level == "error":
                    self._errors.setdefault(finding.file, []).append(finding.problem())
            if clean and not self._errors:
                self._store.remember_clean(clean)
        problems = self._errors.get(display_path(path))
        if problems:
            raise DataFileError(problems)

    def load(self, path: Path, kind: type[P]) -> P:
        """One data file, validated by its model and by ``validate``'s rules (:meth:`checked`),
        compiled: from the cache when it is fresh there, else compiled now and cached."""
        result = self._store.get(path, kind)
        if result is None:
            from mobility_cli.models.loading import compile_file

            try:
                source = Source.of(path)
            except OSError:
                source = None
            result, text = compile_file(path, kind)
            if source is not None:
                self._store.put(path, source, text)
        self.checked(path)
        return result

    def _file_for(self, sub: str, ident: str) -> Path | None:
        # Ids are validated names, never paths: nothing outside the data folders is reachable.
        # A plain name on Windows too, where "C:x" is a path on another drive.
        if not ident or ident.startswith(".") or PureWindowsPath(ident).name != ident:
            return None
        for root in reversed(self.dirs):
            for suffix in YAML_SUFFIXES:
                candidate = root / sub / f"{ident}{suffix}"
                try:
                    if candidate.is_file():
                        return candidate
                except OSError as exc:  # an unreadable folder: say so, do not look past it
                    raise unreadable(candidate.parent, exc) from None
        folded = [known for known in self.ids(sub) if known.casefold() == ident.casefold()]
        return self._file_for(sub, folded[0]) if folded and folded[0] != ident else None

    def ids(self, sub: str) -> list[str]:
        """Ids of the data files in one sub-folder (``conversion_tables``, ``calls``)."""
        return sorted({p.stem for p in self._files(sub)})

    def note_use(self, path: Path, provenance: Provenance) -> None:
        self.used[note_name(path)] = provenance

    def note_data(self, used: Mapping[str, Provenance]) -> None:
        """Record data used from inside files (a table's reference group, a host table), so a
        run can say which of them are not official."""
        self.used.update(used)

    def scales(self) -> dict[str, Scale]:
        """Every scale of every ``scales/`` file; a later directory's id replaces an earlier one."""
        if self._scales is None:
            scales: dict[str, Scale] = {}
            for path in self._files(SCALES_DIR):
                scales_file = self.load(path, ScalesFile)
                self.note_use(path, scales_file.provenance)
                for scale in scales_file.scales:
                    scales[scale.id] = scale
            self._scales = scales
        return self._scales

    def scale(self, ident: str) -> Scale:
        """A scale by id, in any case ('FR-20' is fr-20)."""
        scales = self.scales()
        found = scales.get(ident) or scales.get(ident.casefold())
        if found is None:
            found = next((s for k, s in scales.items() if k.casefold() == ident.casefold()), None)
        if found is None:
            raise UnknownIdError("scale", ident, sorted(scales))
        return found

    def table(self, ident: str) -> ConversionTable:
        """The conversion table with this id (a school: ``auic``, ``ing``, ``design`` …)."""
        if ident not in self._tables:
            path = self._file_for(TABLES_DIR, ident)
            if path is None:
                raise UnknownIdError("school / conversion table", ident, self.ids(TABLES_DIR))
            table = self.load(path, ConversionTable)
            self.note_use(path, table.provenance)
            self._tables[ident] = table
        return self._tables[ident]

    def grading_tables(self) -> list[GradingTable]:
        """Every host grading table (``grading_tables/``); a later directory's id replaces one."""
        if self._grading_tables is None:
            found: dict[str, GradingTable] = {}
            for path in self._files(GRADING_TABLES_DIR):
                table = self.load(path, GradingTable)
                found[table.id] = table
            self._grading_tables = list(found.values())
        return self._grading_tables

    def call(self, ident: str) -> Call:
        """The call with this id (``calls/<id>.yaml``)."""
        if ident not in self._calls:
            path = self._file_for(CALLS_DIR, ident)
            if path is None:
                raise UnknownIdError("call", ident, self.ids(CALLS_DIR))
            call = self.load(path, Call)
            if call.id != path.stem:
                message = f"id is '{call.id}', the file name says '{path.stem}'"
                raise DataFileError([Problem(display_path(path), 1, 1, message, "id")])
            self.note_use(path, call.provenance)
            self._calls[ident] = call
        return self._calls[ident]

    def calls(self) -> list[Call]:
        """Every call, by id."""
        return [self.call(ident) for ident in self.ids(CALLS_DIR)]

    def programme_files(self) -> list[ProgrammesFile]:
        """Every ``programmes/`` file, bundled first, in the order the directories are layered
        (:func:`mobility_cli.eligibility.programmes.programme_index` merges them for matching)."""
        if self._programme_files is None:
            self._programme_files = []
            for path in self._files(PROGRAMMES_DIR):
                catalogue = self.load(path, ProgrammesFile)
                self.note_use(path, catalogue.provenance)
                self._programme_files.append(catalogue)
        return self._programme_files

    def non_official(self) -> list[str]:
        """One line per data file used so far whose numbers are not the institution's own."""
        return [
            f"{path} is {prov.status}"
            + (f": {prov.notes.split('. ')[0].rstrip('.')}." if prov.notes else "")
            for path, prov in self.used.items()
            if prov.status != "official"
        ]
