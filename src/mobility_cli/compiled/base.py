"""``Plain``: the base of every compiled data object — slots, immutable, compared by value.

A compiled class declares its fields as annotations, nothing else (no defaults: the compiled
form always carries every field, as the validated model had it). Defining thirty of these costs
a small fraction of what dataclasses or pydantic models cost at start-up.
"""

from __future__ import annotations

from typing import Any, ClassVar, Self, dataclass_transform


class _PlainMeta(type):
    def __new__(mcs, name: str, bases: tuple[type, ...], namespace: dict[str, Any]) -> _PlainMeta:
        annotations: dict[str, Any] = namespace.get("__annotations__", {})
        namespace["__slots__"] = tuple(
            field for field, kind in annotations.items() if not str(kind).startswith("ClassVar")
        )
        cls = super().__new__(mcs, name, bases, namespace)
        cls.fields = tuple(  # type: ignore[attr-defined]
            field for base in reversed(cls.__mro__) for field in base.__dict__.get("__slots__", ())
        )
        return cls


@dataclass_transform(kw_only_default=True, frozen_default=True)
class Plain(metaclass=_PlainMeta):
    """Built from keyword arguments, one per field, every field given."""

    fields: ClassVar[tuple[str, ...]]
    """Every field, the base classes' first, in the order they are declared."""

    def __init__(self, **values: Any) -> None:
        if len(values) != len(self.fields) or not all(name in values for name in self.fields):
            wrong = sorted(set(values) ^ set(self.fields))
            raise TypeError(f"{type(self).__name__}: fields missing or unknown: {wrong}")
        for name, value in values.items():
            object.__setattr__(self, name, value)

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
