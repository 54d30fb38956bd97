"""Option values turned into their types without Pydantic, so that every command starts fast.

Why: Typer (from 0.2x) coerces each parameter with a Pydantic TypeAdapter built on first use,
which imports Pydantic even for `bvduty --help` (most of its start-up time) and puts Pydantic's
wording into usage errors ("Input should be greater than or equal to 1"). bvduty's parameters
are of five plain kinds - text, paths, whole numbers, choices and switches - coerced here the way
Click did before. A parameter of any other kind keeps Typer's own coercion, and so does every
parameter if Typer stops keeping a coercer per parameter (`_runtime_param`): then start-up is
slower, never wrong, and tests/test_startup.py says so.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any

from typer import BadParameter

_TRUE = frozenset({"1", "true", "t", "yes", "y", "on"})
_FALSE = frozenset({"0", "false", "f", "no", "n", "off"})


def prime(command: Any, ctx: Any) -> None:
    """Give each parameter of `command` one of our coercers, where its type is one we know.

    `ctx` is the context the command is parsed in, or its parent's: the help option that Click
    adds from the context's settings (and keeps) is a parameter too.
    """
    params = list(getattr(command, "params", ()))
    get_help_option = getattr(command, "get_help_option", None)
    if get_help_option is not None and (found := get_help_option(ctx)) is not None:
        params.append(found)
    for param in params:
        if getattr(param, "_runtime_param", False) is not None:  # set already, or unknown
            continue
        convert = _converter(getattr(param, "type_descriptor", None))
        if convert is not None:
            param._runtime_param = _Coercer(convert)


@dataclass(frozen=True, slots=True)
class _Coercer:
    """What Typer calls to coerce a parameter's value (its own RuntimeParam's interface)."""

    convert: Callable[[Any], Any]

    def coerce(self, value: Any, param: Any, ctx: Any) -> Any:
        many = param.multiple or param.nargs == -1
        if value is None:
            return () if many else None
        try:
            if many:
                if isinstance(value, str):
                    raise ValueError("expected several values")
                return [self.convert(item) for item in value]
            return self.convert(value)
        except ValueError as error:
            raise BadParameter(str(error), ctx=ctx, param=param) from None


def _converter(descriptor: Any) -> Callable[[Any], Any] | None:
    info = getattr(descriptor, "parameter_info", None)
    annotation = getattr(descriptor, "annotation", None)
    if info is None or getattr(info, "parser", None) is not None:
        return None
    if getattr(annotation, "__origin__", None) is list:
        (annotation,) = getattr(annotation, "__args__", (None,))
    if annotation is str:
        return _text
    if annotation is bool:
        return _switch
    if annotation is int:
        return _whole_number(getattr(info, "min", None), getattr(info, "max", None))
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return _choice(annotation, getattr(info, "case_sensitive", True))
    if annotation is Path and _plain_path(info):
        return _path
    return None


def _text(value: Any) -> str:
    return os.fsdecode(value) if isinstance(value, bytes) else str(value)


def _switch(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = _text(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValueError(f"{value!r} is not one of true or false")


def _whole_number(low: Any, high: Any) -> Callable[[Any], int]:
    def convert(value: Any) -> int:
        if isinstance(value, int) and not isinstance(value, bool):
            number = value
        else:
            try:
                number = int(_text(value).strip())
            except ValueError:
                raise ValueError(f"{value!r} is not a whole number") from None
        if low is not None and number < low:
            raise ValueError(f"must be {low} or more, not {number}")
        if high is not None and number > high:
            raise ValueError(f"must be {high} or less, not {number}")
        return number

    return convert


def _choice(kind: type[Enum], case_sensitive: bool) -> Callable[[Any], Enum]:
    choices = list(kind)

    def same(a: str, b: str) -> bool:
        return a == b if case_sensitive else a.casefold() == b.casefold()

    def convert(value: Any) -> Enum:
        if isinstance(value, kind):
            return value
        text = _text(value)
        for choice in choices:
            if same(str(choice.value), text):
                return choice
        listed = ", ".join(repr(str(c.value)) for c in choices)
        raise ValueError(f"{text!r} is not one of {listed}.")

    return convert


def _plain_path(info: Any) -> bool:
    """A path with none of Typer's path checks asked for (exists, resolve_path and the like)."""
    checks = ("exists", "writable", "resolve_path", "allow_dash", "path_type")
    needed = ("file_okay", "dir_okay", "readable")
    return not any(getattr(info, name, True) for name in checks) and all(
        getattr(info, name, False) for name in needed
    )


def _path(value: Any) -> Path:
    return value if isinstance(value, Path) else Path(_text(value))
