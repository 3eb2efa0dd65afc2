"""The fast coercion of command-line values gives what typer's own gives, on every parameter."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Any, get_args, get_origin

import pytest
import typer.main
from typer._click import Command, Context
from typer._click.exceptions import BadParameter
from typer._coercion import RuntimeParam, build_runtime_param
from typer.core import TyperGroup, _TyperParameter

from mobility_cli.cli import app
from mobility_cli.cli.coercion import FastRuntimeParam, speed_up
from support import ROOT


def _parameters() -> list[tuple[Command, Context, _TyperParameter]]:
    group = typer.main.get_command(app)
    assert isinstance(group, TyperGroup)
    root = group.context_class(group, info_name="mobility", **group.context_settings)
    found = [(group, root, p) for p in group.get_params(root)]
    for name, command in group.commands.items():
        ctx = command.context_class(command, info_name=name, parent=root)
        found += [(command, ctx, p) for p in command.get_params(ctx)]
    return [(c, ctx, p) for c, ctx, p in found if isinstance(p, _TyperParameter)]


def _samples(annotation: Any) -> list[Any]:
    if get_origin(annotation) is list:
        (item,) = get_args(annotation)
        return [(), *[(v,) for v in _samples(item)], tuple(_samples(item)), "not a list"]
    if annotation is bool:
        return [True, False, "yes"]
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        values = [m.value for m in annotation]
        return [*values, *annotation, values[-1].upper(), "nonsense", 3]
    return ["x", "", "-", "ünï code", str(ROOT / "data"), str(ROOT / "README.md"), "no/such", b"b"]


PARAMETERS = _parameters()


def _outcome(
    runtime: RuntimeParam, value: Any, param: _TyperParameter, ctx: Context
) -> tuple[str, Any]:
    try:
        return "value", runtime.coerce(value, param=param, ctx=ctx)
    except BadParameter as exc:
        return "error", exc.format_message()


@pytest.mark.parametrize(
    ("command", "ctx", "param"),
    PARAMETERS,
    ids=[f"{c.name}-{p.name}" for c, _, p in PARAMETERS],
)
def test_same_value_or_error_as_typer(
    command: Command, ctx: Context, param: _TyperParameter
) -> None:
    speed_up([param])
    fast = param._runtime_param
    assert isinstance(fast, FastRuntimeParam), "every parameter of ours has a fast coercion"
    exact = build_runtime_param(param.type_descriptor)
    for value in _samples(param.type_descriptor.annotation):
        ours = _outcome(fast, value, param, ctx)
        theirs = _outcome(exact, value, param, ctx)
        assert ours == theirs, (command.name, param.name, value)
        if ours[0] == "value" and isinstance(ours[1], Path):
            assert type(ours[1]) is type(theirs[1])


def test_a_wrong_choice_reads_as_typer_writes_it(run: Any) -> None:
    result = run("convert", "-g", "14", "--scale", "fr-20", "--school", "ing", "-f", "xml")
    assert result.exit_code == 2
    assert "Invalid value for '--format' / '-f'" in result.stderr
    assert "'xml' is not one of 'auto', 'table', 'text', 'csv', 'json'" in result.stderr
