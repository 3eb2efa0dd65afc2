"""Safe, positioned YAML loading for data files.

Only PyYAML's safe loader is used (the C one when libyaml is present). On top of it:
duplicate keys are errors, anchors/aliases are capped (an alias bomb is rejected before
anything expands it), files over a size cap are refused, and every problem carries the
1-based line and column where it starts. ``position_of`` maps a pydantic error location back
to the YAML node, skipping segments that are not in the file (union tags, missing keys).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from mobility_cli.errors import Problem

MAX_FILE_BYTES = 4 * 1024 * 1024
MAX_ALIASES = 100
MAX_EXPANDED_NODES = 200_000

_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _DuplicateKeyError(yaml.MarkedYAMLError):
    pass


_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"

# What a tag's constructor expects, for a value it cannot construct (never Python's words).
_EXPECTED = {
    _INT: "a whole number (at most 4300 digits)",
    _FLOAT: "a number",
    "tag:yaml.org,2002:bool": "true or false",
    "tag:yaml.org,2002:timestamp": "a real date (YYYY-MM-DD) or date and time",
    "tag:yaml.org,2002:binary": "base64 data",
}


class StrictSafeLoader(_BaseLoader):  # type: ignore[valid-type,misc]
    """Safe loader that refuses duplicate mapping keys (PyYAML silently keeps the last).

    Two more guards: a value its tag cannot construct (``date: 2026-02-30``, ``!!int abc``,
    an integer of 5000 digits) is a positioned error, not a ``ValueError``; and YAML 1.1's
    base-60 numbers are read as text, so ``closes: 12:00`` is the text "12:00", not 720.
    """

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: dict[Any, yaml.Node] = {}
        for key_node, _value in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                continue
            key = self.construct_object(key_node, deep=True)
            try:
                first = seen.get(key)
            except TypeError:  # unhashable key: let PyYAML report it
                continue
            if first is not None:
                raise _DuplicateKeyError(
                    problem=f"duplicate key '{key}' (first at line {first.start_mark.line + 1})",
                    problem_mark=key_node.start_mark,
                )
            seen[key] = key_node
        return super().construct_mapping(node, deep=deep)  # type: ignore[no-any-return]


def _guarded(constructor: Any) -> Any:
    def construct(loader: StrictSafeLoader, node: yaml.Node) -> Any:
        try:
            return constructor(loader, node)
        except yaml.MarkedYAMLError:
            raise
        except (ValueError, TypeError, KeyError, AttributeError, OverflowError):
            value = node.value if isinstance(node, yaml.ScalarNode) else ""
            shown = f"'{value[:40]}{'…' * (len(value) > 40)}'" if value else "this value"
            raise yaml.constructor.ConstructorError(
                None, None, f"{shown} is not {_EXPECTED[node.tag]}", node.start_mark
            ) from None

    return construct


for _tag in _EXPECTED:
    StrictSafeLoader.add_constructor(_tag, _guarded(yaml.SafeLoader.yaml_constructors[_tag]))

# Base-60 alternatives of the int and float resolvers (``12:00`` → 720) are dropped.
_SEXAGESIMAL = (
    r"|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+",
    r"|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*",
)


def _without_base_60(pattern: re.Pattern[str]) -> re.Pattern[str]:
    text = pattern.pattern
    for alternative in _SEXAGESIMAL:
        text = text.replace(alternative, "")
    return re.compile(text, pattern.flags)


StrictSafeLoader.yaml_implicit_resolvers = {
    first: [
        (tag, _without_base_60(regexp) if tag in (_INT, _FLOAT) else regexp)
        for tag, regexp in resolvers
    ]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass(frozen=True)
class Document:
    """A parsed YAML file: the Python data and the node tree that knows positions."""

    path: str
    data: Any
    root: yaml.Node


class DocumentError(Exception):
    """The file could not be parsed; ``problem`` says where and why."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        super().__init__(str(problem))


def _problem(path: str, line: int, column: int, message: str, kind: str) -> Problem:
    return Problem(file=path, line=line, column=column, message=message, kind=kind)


def _alias_bomb(path: str, mark: Any) -> DocumentError:
    # ``mark`` is PyYAML's Mark, or libyaml's for an event: both have line and column
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    message = (
        "too many aliases: refusing a possible alias bomb "
        f"(at most {MAX_ALIASES} aliases and {MAX_EXPANDED_NODES} expanded nodes)"
    )
    return DocumentError(_problem(path, line, column, message, "yaml-aliases"))


def _count_alias_events(text: str, path: str) -> int:
    """Count alias uses on the parser's event stream, before any node is composed.

    Composing a megabyte of nodes takes about a second, so a bomb padded to that size is
    refused here, at its first alias over the cap, without being composed at all.
    """
    aliases = 0
    for event in yaml.parse(text, Loader=_BaseLoader):
        if isinstance(event, yaml.AliasEvent):
            aliases += 1
            if aliases > MAX_ALIASES:
                raise _alias_bomb(path, event.start_mark)
    return aliases


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _guard_aliases(root: yaml.Node, path: str) -> None:
    """Refuse too many aliases, or a tree whose expansion would be huge (an alias bomb).

    Aliases come back from the composer as shared nodes; the expanded size is computed once per
    distinct node, so the check is linear in the file, whatever the bomb would expand to.
    """
    size: dict[int, int] = {}
    aliases = 0
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        if children_done:
            size[id(node)] = 1 + sum(size[id(child)] for child in _children(node))
            worst = size[id(node)]
        elif id(node) in size:
            aliases += 1
            worst = 0
        else:
            size[id(node)] = 0  # in progress; a recursive alias counts as nothing more
            stack.append((node, True))
            stack.extend((child, False) for child in _children(node))
            continue
        if aliases > MAX_ALIASES or worst > MAX_EXPANDED_NODES:
            raise _alias_bomb(path, node.start_mark)


def parse_text(text: str, path: str) -> Document:
    """Parse YAML text into a :class:`Document`; raise :class:`DocumentError` when broken."""
    if not text.strip():
        raise DocumentError(_problem(path, 1, 1, "empty file", "yaml-empty"))
    loader = StrictSafeLoader(text)
    try:
        aliases = _count_alias_events(text, path) if "*" in text else 0  # no alias without *
        root = loader.get_single_node()
        if root is None:
            raise DocumentError(_problem(path, 1, 1, "empty file", "yaml-empty"))
        if aliases:  # without aliases the tree is the file: its size cap is the bound
            _guard_aliases(root, path)
        data = loader.construct_document(root)
    except _DuplicateKeyError as exc:
        mark = exc.problem_mark
        assert mark is not None
        raise DocumentError(
            _problem(path, mark.line + 1, mark.column + 1, str(exc.problem), "yaml-duplicate-key")
        ) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        message = " ".join(p for p in (exc.context, exc.problem) if p) or "invalid YAML"
        raise DocumentError(_problem(path, line, col, message, "yaml-syntax")) from None
    except yaml.YAMLError as exc:
        raise DocumentError(_problem(path, 1, 1, f"invalid YAML: {exc}", "yaml-syntax")) from None
    finally:
        loader.dispose()
    return Document(path=path, data=data, root=root)


def read_document(path: Path, display: str | None = None) -> Document:
    """Read and parse one YAML file with the size cap and an explicit UTF-8 decoding."""
    name = display or str(path)
    try:
        size = path.stat().st_size
        raw = b""
        if size <= MAX_FILE_BYTES:  # a pipe or a device says 0: read no more than the cap
            with path.open("rb") as stream:
                raw = stream.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise DocumentError(_problem(name, 1, 1, f"cannot read: {exc.strerror}", "io")) from None
    if size > MAX_FILE_BYTES or len(raw) > MAX_FILE_BYTES:
        found = f" {size} bytes," if size > MAX_FILE_BYTES else ""
        message = f"file is{found} over the {MAX_FILE_BYTES}-byte cap"
        raise DocumentError(_problem(name, 1, 1, message, "yaml-size"))
    if b"\x00" in raw:
        raise DocumentError(_problem(name, 1, 1, "binary file (NUL byte), not YAML", "yaml-syntax"))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise DocumentError(
            _problem(name, line, 1, "not UTF-8 text: data files must be UTF-8", "yaml-encoding")
        ) from None
    return parse_text(text, name)


def _is_tag(node: yaml.MappingNode, segment: int | str) -> bool:
    # A tagged union's loc names the member by its tag, the value of its discriminator key
    # (`method: bands` → "bands"), which may also be a key of the same mapping.
    return any(
        isinstance(value, yaml.ScalarNode) and value.value == str(segment)
        for _, value in node.value
    )


_Walk = tuple[int, yaml.Node, tuple[int | str, ...]]


def _walk(node: yaml.Node, target: yaml.Node, loc: Sequence[int | str], tag_used: bool) -> _Walk:
    """(segments explained, deepest node, segments found) for the best reading of ``loc``."""
    if not loc:
        return 0, target, ()
    segment, rest = loc[0], loc[1:]
    readings: list[_Walk] = []
    if isinstance(node, yaml.MappingNode):
        if rest and not tag_used and _is_tag(node, segment):
            score, deepest, found = _walk(node, target, rest, True)
            readings.append((score + 1, deepest, found))
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.value == str(segment):
                score, deepest, found = _walk(value_node, key_node, rest, False)
                readings.append((score + 1, deepest, (segment, *found)))
                break
    elif (
        isinstance(node, yaml.SequenceNode)
        and isinstance(segment, int)
        and 0 <= segment < len(node.value)
    ):
        item = node.value[segment]
        score, deepest, found = _walk(item, item, rest, False)
        readings.append((score + 1, deepest, (segment, *found)))
    if not readings:  # not in the file: a union member's name, a missing key
        return _walk(node, target, rest, tag_used)
    return max(readings, key=lambda reading: reading[0])  # a tie goes to the tag reading


def locate(root: yaml.Node, loc: Sequence[int | str]) -> tuple[yaml.Node, list[int | str]]:
    """The deepest node along ``loc`` and the segments of ``loc`` that exist in the file.

    Segments not found are skipped: union tags and member type names, and a missing key (the
    caller knows when the last segment names one). A tag equal to a key of the same mapping
    (`method: bands` beside `bands:`) is told apart by which reading finds more of ``loc``.
    In a mapping the key node is returned for the last segment found (linters point at keys).
    """
    _, deepest, found = _walk(root, root, loc, False)
    return deepest, list(found)


def node_at(root: yaml.Node, loc: Sequence[int | str]) -> yaml.Node:
    """The deepest node along ``loc`` (see :func:`locate`)."""
    return locate(root, loc)[0]


def position_of(root: yaml.Node, loc: Sequence[int | str]) -> tuple[int, int]:
    """1-based (line, column) of the YAML node for a pydantic error location."""
    mark = node_at(root, loc).start_mark
    return mark.line + 1, mark.column + 1
