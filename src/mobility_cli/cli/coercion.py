"""Turning command-line text into parameter values without pydantic.

typer 0.29 coerces every non-flag parameter through a pydantic ``TypeAdapter``: the first
command line parsed imports pydantic and builds an adapter per parameter, about 70 ms on every
call — more than the rest of our start-up, and paid by the shell's completion call on each TAB.
Our parameters are only flags, ``str``, ``Path``, lists of them and string enums, whose coercion is
plain. :class:`FastGroup` gives each such parameter a coercion that does it directly for the
values it is sure of, and hands anything else (a choice that is not one, an empty path …) to
typer's own coercion, so every value typer accepts comes out the same and every error reads
exactly as typer writes it. ``tests/test_cli_coercion.py`` compares both on every parameter;
this leans on typer's internals (``RuntimeParam``), which is why typer is pinned to 0.29.x.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any, get_args, get_origin

from typer._click import Command, Context, Parameter
from typer._coercion import RuntimeParam, build_runtime_param
from typer._param_types import coerce_cli_choice, coerce_cli_path
from typer.core import TyperGroup, _TyperParameter
from typer.models import ParameterInfo


class _NotSure(Exception):
    """The fast coercion leaves this value to typer."""


Convert = Callable[[Any, _TyperParameter, Context], Any]


@dataclass(frozen=True)
class FastRuntimeParam(RuntimeParam):
    """typer's coercion contract, with ``convert`` tried first and typer's own as the fallback."""

    convert: Convert

    def _coerce_value(self, value: Any, param: _TyperParameter, ctx: Context) -> Any:
        try:
            return self.convert(value, param, ctx)
        except _NotSure:
            exact = build_runtime_param(param.type_descriptor)
            return exact._coerce_value(value, param=param, ctx=ctx)


def _text(value: Any, param: _TyperParameter, ctx: Context) -> str:
    if type(value) is not str:
        raise _NotSure
    return value


def _flag(value: Any, param: _TyperParameter, ctx: Context) -> bool:
    if type(value) is not bool:
        raise _NotSure
    return value


def _path_converter(info: ParameterInfo) -> Convert:
    def convert(value: Any, param: _TyperParameter, ctx: Context) -> Any:
        if type(value) is not str or not value:
            raise _NotSure
        # what typer does after pydantic has made the Path: the flags (exists, dir_okay …)
        return coerce_cli_path(Path(value), info, path_type=Path, param=param, ctx=ctx)

    return convert


def _choice_converter(choices: tuple[Any, ...], case_sensitive: bool) -> Convert:
    def convert(value: Any, param: _TyperParameter, ctx: Context) -> Any:
        try:
            return coerce_cli_choice(value, choices=choices, case_sensitive=case_sensitive, ctx=ctx)
        except ValueError:
            raise _NotSure from None

    return convert


def _list_converter(item: Convert) -> Convert:
    def convert(value: Any, param: _TyperParameter, ctx: Context) -> Any:
        if not isinstance(value, list | tuple):
            raise _NotSure
        return [item(v, param, ctx) for v in value]

    return convert


def _converter(annotation: Any, info: ParameterInfo) -> Convert | None:
    """The fast coercion of an annotation, or ``None`` to leave the parameter to typer."""
    if info.parser is not None:
        return None
    if get_origin(annotation) is list:
        (item,) = get_args(annotation)
        inner = _converter(item, info)
        return _list_converter(inner) if inner is not None else None
    if annotation is str:
        return _text
    if annotation is bool:
        return _flag
    if annotation is Path and info.path_type is None:
        return _path_converter(info)
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return _choice_converter(tuple(annotation), info.case_sensitive)
    return None


def speed_up(params: Iterable[Parameter]) -> None:
    """Give each typer parameter the fast coercion it can have (once; typer builds its own lazily)."""
    for param in params:
        if not isinstance(param, _TyperParameter) or param._runtime_param is not None:
            continue
        descriptor = param.type_descriptor
        if descriptor.file_annotation is not None:
            continue
        convert = _converter(descriptor.annotation, descriptor.parameter_info)
        if convert is not None:
            param._runtime_param = FastRuntimeParam(
                parameter_info=descriptor.parameter_info,
                annotation=descriptor.annotation,
                convert=convert,
            )


class FastGroup(TyperGroup):
    """The application's command group: its own parameters (with the help and completion options,
    which exist only once asked for) and those of the command about to run get the fast coercion
    just before they are parsed."""

    def parse_args(self, ctx: Context, args: list[str]) -> list[str]:
        speed_up(self.get_params(ctx))
        return super().parse_args(ctx, args)

    def resolve_command(
        self, ctx: Context, args: list[str]
    ) -> tuple[str | None, Command | None, list[str]]:
        name, command, rest = super().resolve_command(ctx, args)
        if command is not None:
            # the context the command will run in, for its help option's names; nothing parsed
            sub = command.context_class(
                command, info_name=name, parent=ctx, **command.context_settings
            )
            speed_up(command.get_params(sub))
        return name, command, rest
