"""Output formats: what each one is, and the one registry of writers every command picks from.

A format (``table``, ``text``, ``csv``, ``json``, ``jsonl``, ``yaml``, ``github``) is described
once, in :data:`FORMATS`: whether it is for a person (rendered with rich or as plain lines,
so a streamed input is gathered first), whether a file written with ``-o`` starts with a
byte-order mark (CSV: Excel then reads it as UTF-8), and whether it is flat (one row per
record, so a summary has no place in it and goes to stderr).

What a command can write is a :class:`Writers`: format name → writer, each writer a function
``(out, payload) -> None`` of the same payload (the command's results). A command asks its
:class:`Writers` for the writer of the format the user chose, and never compares format names
itself; the ``--format`` choices a command offers are exactly the names its :class:`Writers`
know (a test checks every command). A format offered but meaningless for one input (``text``
for a file of applicants) is *refused* with the reason, and the user is told what to use.

This module is imported by command bodies only, and imports nothing heavy.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import IO, Generic, TypeVar

from mobility_cli.compiled.base import Plain
from mobility_cli.errors import MobilityError

AUTO = "auto"
"""``--format auto``: chosen by :func:`resolve` from where the output goes."""


class Format(Plain):
    """What every command's writer of this format has in common."""

    name: str
    for_person: bool = False  # rich or plain lines for a person: a stream is gathered
    bom: bool = False  # a file written with -o starts with a byte-order mark (Excel's UTF-8)
    flat: bool = False  # one row per record: a summary goes to stderr, not into the output


FORMATS: Mapping[str, Format] = {
    f.name: f
    for f in (
        Format("table", for_person=True),
        Format("text", for_person=True),
        Format("csv", bom=True, flat=True),
        Format("json"),
        Format("jsonl", flat=True),
        Format("yaml"),
        Format("github"),
    )
}


def resolve(requested: str, *, interactive: str, piped: str, output: str | None) -> str:
    """``auto`` becomes ``interactive`` when stdout is a terminal and is the output, else ``piped``."""
    if requested != AUTO:
        return requested
    to_stdout = output is None or output == "-"
    return interactive if to_stdout and sys.stdout.isatty() else piped


def bom(name: str) -> bool:
    """Whether a file written in this format starts with a byte-order mark."""
    return FORMATS[name].bom


def for_person(name: str) -> bool:
    """Whether this format is for a person (a stream is gathered before it is written)."""
    return FORMATS[name].for_person


def flat(name: str) -> bool:
    """Whether this format has one row per record and no place for a summary."""
    return FORMATS[name].flat


def _words(names: Iterable[str]) -> str:
    """'table, csv, json or jsonl'."""
    listed = list(names)
    return listed[0] if len(listed) == 1 else f"{', '.join(listed[:-1])} or {listed[-1]}"


P = TypeVar("P")
Writer = Callable[[IO[str], P], None]


class Writers(Generic[P]):
    """Format name → writer of one kind of payload, in the order the names are listed to a
    user; ``refused`` maps a format offered elsewhere but not for this payload to why."""

    def __init__(
        self, writers: Mapping[str, Writer[P]], *, refused: Mapping[str, str] | None = None
    ) -> None:
        unknown = sorted({*writers, *(refused or {})} - FORMATS.keys())
        if unknown:
            raise ValueError(f"formats without a description in FORMATS: {', '.join(unknown)}")
        self._writers = dict(writers)
        self.refused: Mapping[str, str] = dict(refused or {})

    def __iter__(self) -> Iterator[str]:
        """The names of the formats written."""
        return iter(self._writers)

    def __contains__(self, name: object) -> bool:
        return name in self._writers

    @property
    def offered(self) -> frozenset[str]:
        """Every name a ``--format`` option using these writers may offer: written or refused."""
        return frozenset(self._writers) | frozenset(self.refused)

    def __getitem__(self, name: str) -> Writer[P]:
        """The writer of ``name``; a refused format is the user's error (exit 2)."""
        why = self.refused.get(name)
        if why is not None:
            raise MobilityError(f"--format {name} {why}; use {_words(self)}")
        return self._writers[name]

    def write(self, name: str, out: IO[str], payload: P) -> None:
        self[name](out, payload)
