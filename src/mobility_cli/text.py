"""Small text helpers shared by readers, parsers and messages."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from decimal import Decimal


def strip_accents(text: str) -> str:
    """'Politécnico' → 'Politecnico': compatibility-decomposed, combining marks dropped."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def closest(given: str, known: Sequence[str], cutoff: float = 0.6) -> str | None:
    """The known name most like ``given`` (for a did-you-mean), or None."""
    import difflib

    matches = difflib.get_close_matches(given, known, n=1, cutoff=cutoff)
    return matches[0] if matches else None


# The one sanitiser for text meant for a person (tables, reports, notes, errors, validate's
# text): what input files carry is shown, never obeyed. C0 and C1 controls, ESC, DEL, the bidi
# embeddings, overrides and isolates (which reorder what a terminal shows, U+202E "Trojan
# source") and the line and paragraph separators all become a visible ␚. One character for
# one, so a rich layout measured on the sanitised text stays aligned.
_SUBSTITUTE = "\N{SYMBOL FOR SUBSTITUTE}"
_UNSAFE = [
    *range(0x20),
    *range(0x7F, 0xA0),
    *range(0x202A, 0x202F),
    *range(0x2066, 0x206A),
    0x2028,
    0x2029,
]
_ONE_LINE = {c: _SUBSTITUTE for c in _UNSAFE if c != 9}
_LINES = {c: _SUBSTITUTE for c in _UNSAFE if c not in (9, 10)}


def visible(text: str, *, lines: bool = False) -> str:
    """Text for a person: input's control characters shown as ␚, never obeyed.

    A one-line message stays one line (a newline in a value is shown, not obeyed); ``lines``
    keeps ``\n`` for a block whose lines the program itself laid out.
    """
    return text.translate(_LINES if lines else _ONE_LINE)


def no_command(line: str) -> str:
    """A line for a CI log that no data can turn into a workflow command (``::error …``)."""
    return " " + line if line.lstrip().startswith("::") else line


@functools.lru_cache(maxsize=4096)  # headers and their spellings, read twice by `check`
def normalise_header(name: str) -> str:
    """'Matricola ', 'N° Crediti', 'student_id' → comparable keys ('matricola', 'n crediti')."""
    plain = strip_accents(name.replace("\ufeff", ""))
    plain = re.sub(r"[^0-9a-z]+", " ", plain.casefold())
    return plain.strip()


def format_number(value: Decimal) -> str:
    """'27.50' → '27.5', '7.0' → '7', never exponent notation."""
    text = f"{value:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text
