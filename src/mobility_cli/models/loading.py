"""Reading a data file the slow, careful way: YAML, then its pydantic model, every problem
positioned at ``file:line:col``; the result compiled (:mod:`mobility_cli.compiled`).

This is what ``validate`` and ``schema`` run on, and what a command runs on only when the
compiled cache has no fresh entry for a file (:mod:`mobility_cli.compiled.store`).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any, TypeVar

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from mobility_cli.catalog import display_path
from mobility_cli.compiled.base import Plain
from mobility_cli.compiled.codec import KINDS, compile_text, decode
from mobility_cli.compiled.common import DataFileHeader as Compiled
from mobility_cli.errors import DataFileError, Problem
from mobility_cli.io.yamlio import Document, DocumentError, locate, position_of, read_document
from mobility_cli.models import MODEL_CLASSES, MODEL_FOR_KIND, DataFileHeader

P = TypeVar("P", bound=Compiled)
T = TypeVar("T", bound=Plain)


def _field_path(loc: Iterable[int | str]) -> str:
    return ".".join(str(part) for part in loc)


def _is_noise(err: ErrorDetails, others: list[ErrorDetails]) -> bool:
    # pydantic counts a tuple's length after validating its items, so a list whose items
    # failed is also reported as "too short": that says nothing the item errors don't.
    loc = err["loc"]
    return err["type"] == "too_short" and any(
        len(o["loc"]) > len(loc) and o["loc"][: len(loc)] == loc for o in others
    )


def _message(err: ErrorDetails) -> str:
    loc = err["loc"]
    if err["type"] == "missing" and loc and isinstance(loc[-1], int):
        return f"missing item {loc[-1] + 1}"  # a pair such as a band's home range
    # pydantic prefixes a validator's own words with "Value error, ": the words are enough
    return err["msg"].removeprefix("Value error, ")


def _problems(doc: Document, exc: ValidationError) -> list[Problem]:
    """One problem per position and field; the failed alternatives of a union are merged."""
    errors = exc.errors(include_url=False, include_input=False)
    merged: dict[tuple[int, int, str], list[ErrorDetails]] = {}
    for err in errors:
        if _is_noise(err, errors):
            continue
        loc = err["loc"]
        node, found = locate(doc.root, loc)
        if err["type"] == "missing" and loc and isinstance(loc[-1], str):
            found.append(loc[-1])
        key = (node.start_mark.line + 1, node.start_mark.column + 1, _field_path(found))
        merged.setdefault(key, []).append(err)
    return sorted(
        Problem(
            doc.path,
            line,
            col,
            "; or ".join(dict.fromkeys(_message(e) for e in errs)),
            field,
            errs[0]["type"] if len(errs) == 1 else "union",
        )
        for (line, col, field), errs in merged.items()
    )


def validated_model(doc: Document, expected_kind: str | None = None) -> DataFileHeader:
    """Validate a parsed document against the model of its ``kind:``; every problem positioned."""
    data: Any = doc.data
    if not isinstance(data, dict):
        raise DataFileError(
            [Problem(doc.path, 1, 1, "a data file must be a mapping", kind="schema")]
        )
    kind = data.get("kind")
    model = MODEL_FOR_KIND.get(kind) if isinstance(kind, str) else None
    if model is None or (expected_kind is not None and kind != expected_kind):
        line, col = position_of(doc.root, ["kind"])
        wanted = expected_kind or " / ".join(sorted(MODEL_FOR_KIND))
        raise DataFileError(
            [Problem(doc.path, line, col, f"kind is {kind!r}, expected {wanted}", "kind", "kind")]
        )
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise DataFileError(_problems(doc, exc)) from None


def model_from_document(doc: Document, expected_kind: str | None = None) -> Compiled:
    """A parsed document validated against the model of its ``kind:``, then compiled."""
    return _decoded(compile_text(validated_model(doc, expected_kind)), Compiled)


def compile_file(path: Path, kind: type[P]) -> tuple[P, str]:
    """One data file read, validated as ``kind`` and compiled: the object and its JSON text.

    The object is decoded from the text, so it is the very object a cache hit gives."""
    try:
        doc = read_document(path, display_path(path))
    except DocumentError as exc:
        raise DataFileError([exc.problem]) from None
    name = next(name for name, compiled in KINDS.items() if compiled is kind)
    text = compile_text(validated_model(doc, name))
    return _decoded(text, kind), text


def load_model(path: Path, kind: type[P]) -> P:
    """One data file read, validated and compiled; :class:`DataFileError` if it is broken."""
    return compile_file(path, kind)[0]


def validated(kind: type[T], data: Any) -> T:
    """``data`` validated by the model of the compiled class ``kind``, then compiled: data
    written in code (tests, a library user) go through the same checks as a data file."""
    return _decoded(compile_text(MODEL_CLASSES[kind.__name__].model_validate(data)), kind)


def _decoded(text: str, kind: type[T]) -> T:
    """A compiled text decoded, as a cache hit decodes it: the same objects either way."""
    result = decode(text)
    assert isinstance(result, kind)
    return result
