"""Small text helpers shared by readers, parsers and messages."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence


def strip_accents(text: str) -> str:
    """'Politécnico' → 'Politecnico': compatibility-decomposed, combining marks dropped."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def closest(given: str, known: Sequence[str], cutoff: float = 0.6) -> str | None:
    """The known name most like ``given`` (for a did-you-mean), or None."""
    import difflib

    matches = difflib.get_close_matches(given, known, n=1, cutoff=cutoff)
    return matches[0] if matches else None
