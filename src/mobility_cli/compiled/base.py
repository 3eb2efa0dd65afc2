"""``Plain``: a frozen record class — slots, immutable, compared by value — that costs next
to nothing to define.

A class declares its fields as annotations, optionally with an immutable default; it is built
from keyword arguments. Every compiled data object is one (the compiled form always carries
every field, as the validated model had it), and so are the small records on the start-up path
of a command: thirty of them cost a fraction of a millisecond to define, where frozen
dataclasses cost ~0.5 ms each and pydantic models more.
"""

from __future__ import annotations

from typing import Any, ClassVar, Self, dataclass_transform


class _PlainMeta(type):
    def __new__(mcs, name: str, bases: tuple[type, ...], namespace: dict[str, Any]) -> _PlainMeta:
        annotations: dict[str, Any] = namespace.get("__annotations__", {})
        own = tuple(f for f, kind in annotations.items() if not str(kind).startswith("ClassVar"))
        defaults = {f: namespace.pop(f) for f in own if f in namespace}
        namespace["__slots__"] = own
        cls = super().__new__(mcs, name, bases, namespace)
        cls.fields = tuple(  # type: ignore[attr-defined]
            field for base in reversed(cls.__mro__) for field in base.__dict__.get("__slots__", ())
        )
        inherited = getattr(cls, "defaults", {})
        cls.defaults = {**inherited, **defaults}  # type: ignore[attr-defined]
        return cls


@dataclass_transform(kw_only_default=True, frozen_default=True)
class Plain(metaclass=_PlainMeta):
    """Built from keyword arguments, one per field without a default."""

    fields: ClassVar[tuple[str, ...]]
    """Every field, the base classes' first, in the order they are declared."""
    defaults: ClassVar[dict[str, Any]]
    """The fields' defaults, by name."""

    def __init__(self, **values: Any) -> None:
        given = 0
        for name in self.fields:
            if name in values:
                object.__setattr__(self, name, values[name])
                given += 1
            elif name in self.defaults:
                object.__setattr__(self, name, self.defaults[name])
            else:
                raise TypeError(f"{type(self).__name__}: field {name!r} missing")
        if given != len(values):
            unknown = sorted(set(values) - set(self.fields))
            raise TypeError(f"{type(self).__name__}: unknown fields {unknown}")

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable")

    def _field_values(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in self.fields)

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and self._field_values() == other._field_values()

    def __hash__(self) -> int:
        return hash((type(self).__name__, self._field_values()))

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.fields)
        return f"{type(self).__name__}({shown})"

    def replace(self, **changes: Any) -> Self:
        """A copy with some fields changed."""
        return type(self)(
            **{**dict(zip(self.fields, self._field_values(), strict=True)), **changes}
        )
