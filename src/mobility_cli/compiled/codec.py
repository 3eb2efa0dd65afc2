"""The compiled form as JSON: a validated model in, plain objects (:mod:`.base`) out.

``encode`` walks a validated pydantic model by its declared fields (duck-typed: this module
imports no pydantic) into JSON values; ``decode`` rebuilds them as the compiled class of the
same name. Only data is stored — class names looked up in a fixed registry, numbers as text —
so a cache file can be wrong, never run: whatever does not decode is :class:`Corrupt`.

Tags: ``{"@": class, field: …}`` an object, ``{"#": "1.5"}`` a Decimal, ``{"d": "2026-01-31"}``
a date, ``{"t": iso, "z": zone}`` a zoned date-time (decoded with its UTC offset: the
compiled call gives its zone), ``{"{}": [[key, value], …]}`` a mapping;
a JSON list is a tuple.
"""

from __future__ import annotations

import datetime as dt
import decimal
import json
from decimal import Decimal
from typing import Any

from mobility_cli.compiled import call, common, grading, programme, scale, table
from mobility_cli.compiled.base import Plain

CLASSES: dict[str, type[Plain]] = {
    name: kind
    for module in (common, scale, table, grading, programme, call)
    for name, kind in vars(module).items()
    if isinstance(kind, type) and issubclass(kind, Plain) and kind is not Plain
}
"""Every compiled class by name: a model compiles into the class of its own name."""

KINDS: dict[str, type[common.DataFileHeader]] = {
    "scales": scale.ScalesFile,
    "conversion_table": table.ConversionTable,
    "grading_table": grading.GradingTable,
    "call": call.Call,
    "programmes": programme.ProgrammesFile,
}
"""A data file's ``kind:`` → the compiled class of its model (``models.MODEL_FOR_KIND``)."""


class Corrupt(ValueError):
    """A compiled value that does not decode: the cache entry is rebuilt from its source."""


_PLAIN_JSON = frozenset({str, int, bool, type(None)})
_MODEL_FIELDS: dict[type, tuple[str, ...]] = {}


def encode(value: Any) -> Any:
    """A validated model (or any value inside one) as JSON values."""
    kind = type(value)
    if kind in _PLAIN_JSON:
        return value
    if kind is Decimal:
        return {"#": str(value)}
    if kind is tuple or kind is list:
        return [encode(item) for item in value]
    fields = _MODEL_FIELDS.get(kind)
    if fields is None and hasattr(kind, "model_fields"):
        fields = _MODEL_FIELDS[kind] = tuple(kind.model_fields)
    if fields is not None:
        return {"@": kind.__name__} | {name: encode(getattr(value, name)) for name in fields}
    if kind is dict:
        return {"{}": [[key, encode(item)] for key, item in value.items()]}
    zone = getattr(value.tzinfo, "key", None) if kind is dt.datetime else None
    if isinstance(zone, str):  # a date-time in a ZoneInfo zone
        return {"t": value.isoformat(), "z": zone}
    if kind is dt.date:
        return {"d": value.isoformat()}
    raise TypeError(f"cannot compile a {kind.__name__}")


def compile_text(model: Any) -> str:
    """A validated model's compiled form, as the cache stores it."""
    return json.dumps(encode(model), ensure_ascii=False, separators=(",", ":"))


def decode(text: str) -> Any:
    """JSON text back as compiled objects; :class:`Corrupt` if it is not such a text."""
    try:
        return _tuples(json.loads(text, object_hook=_object))
    except (KeyError, TypeError, ValueError, AttributeError, decimal.InvalidOperation) as exc:
        raise Corrupt(str(exc)) from None


def _tuples(value: Any) -> Any:
    return tuple(_tuples(item) for item in value) if isinstance(value, list) else value


def _object(value: dict[str, Any]) -> Any:
    # Called by the JSON parser for each mapping, innermost first; lists are still lists.
    if "@" in value:
        kind = CLASSES[value.pop("@")]
        for key, item in value.items():
            if type(item) is list:
                value[key] = _tuples(item)
        return kind(**value)
    if "#" in value:
        return Decimal(value["#"])
    if "{}" in value:
        return dict(value["{}"])
    if "t" in value:  # its offset, not its zone: the zone database is read only to show it
        return dt.datetime.fromisoformat(value["t"])
    if "d" in value:
        return dt.date.fromisoformat(value["d"])
    raise ValueError(f"unknown tag in {sorted(value)}")
