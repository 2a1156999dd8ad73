"""Command-line values turned into Python ones without pydantic.

typer 0.29 converts every value of a command line (a case ID, a path, a
number) with a pydantic ``TypeAdapter``, and imports pydantic to do it: 60 ms
and more of every command's start, more than the rest of ``leakhelp case
show``. leakhelp's options are only text, flags, whole numbers, numbers,
paths and lists of them, so :func:`install` converts those here, with the
same results and the same English words for a bad value ("Input should be a
valid integer, ..."), which :class:`RefusedValue` carries as a catalogue key
so that a Dutch reader gets them in Dutch. Anything else (a value that is not text, an option with its
own parser or type) still goes through typer's own conversion.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any, get_args, get_origin

from typer import core
from typer._click import Context
from typer._click.exceptions import BadParameter
from typer._coercion import RuntimeParam, build_runtime_param
from typer._param_types import coerce_cli_path

from ..i18n import t

_PLAIN_TYPES = (str, bool, int, float, Path)


class RefusedValue(BadParameter):
    """A value that cannot be converted: the parser's error, with the message key
    of its reason (the English text is the parser's own, as typer words it)."""

    def __init__(self, key: str, *, ctx: Context, param: Any, **values: object) -> None:
        super().__init__(t(key, "en", **values), ctx=ctx, param=param)
        self.key = key
        self.values = values


@dataclass(frozen=True)
class PlainRuntimeParam(RuntimeParam):
    """Converts text, flags, numbers, paths, and lists of them."""

    #: The type of the value, or of each item of a list.
    item: type[Any]

    def _coerce_value(self, value: Any, param: Any, ctx: Context) -> Any:
        if isinstance(value, list | tuple):
            return [self._one(v, param, ctx) for v in value]
        return self._one(value, param, ctx)

    def _one(self, value: Any, param: Any, ctx: Context) -> Any:
        if self.item is Path and isinstance(value, str | Path):
            return coerce_cli_path(
                Path(value), self.parameter_info, path_type=Path, param=param, ctx=ctx
            )
        if isinstance(value, self.item) and not (self.item is int and isinstance(value, bool)):
            return self._in_range(value, param, ctx)
        if not isinstance(value, str):  # a default of another type, bytes: typer's own way
            typer_way = build_runtime_param(param.type_descriptor)
            return typer_way._coerce_value(value, param=param, ctx=ctx)
        if self.item is str:
            return value
        if self.item is bool:
            return _flag(value.strip(), param, ctx)
        number = _whole(value) if self.item is int else _number(value)
        if number is None:
            key = "parser.not-whole" if self.item is int else "parser.not-number"
            raise RefusedValue(key, ctx=ctx, param=param)
        return self._in_range(number, param, ctx)

    def _in_range(self, number: Any, param: Any, ctx: Context) -> Any:
        if self.item not in (int, float):
            return number
        low, high = self.parameter_info.min, self.parameter_info.max
        if low is not None and not number >= low:
            raise RefusedValue("parser.too-small", ctx=ctx, param=param, low=low)
        if high is not None and not number <= high:
            raise RefusedValue("parser.too-large", ctx=ctx, param=param, high=high)
        return number


_TRUE = frozenset({"1", "on", "t", "true", "y", "yes"})
_FALSE = frozenset({"", "0", "off", "f", "false", "n", "no"})


def _flag(text: str, param: Any, ctx: Context) -> bool:
    if text.lower() in _TRUE:
        return True
    if text.lower() in _FALSE:
        return False
    raise RefusedValue("parser.not-flag", ctx=ctx, param=param)


def _whole(text: str) -> int | None:
    """A whole number written in ASCII digits (``3``, `` 3``, ``1_000``, ``3.0``), or None."""
    number = _number(text)
    if number is None or not math.isfinite(number) or not number.is_integer():
        return None
    try:
        return int(text.strip())  # exact, beyond a float's 53 bits
    except ValueError:
        return int(number)  # "3.0"


def _number(text: str) -> float | None:
    text = text.strip()
    if not text.isascii():
        return None
    try:
        return float(text)
    except ValueError:
        return None


def plain_runtime_param(descriptor: Any) -> PlainRuntimeParam | None:
    """The conversion for a parameter this module can convert, or None."""
    info, annotation = descriptor.parameter_info, descriptor.annotation
    if info.parser is not None or info.path_type is not None or info.clamp:
        return None
    if descriptor.file_annotation is not None:
        return None
    item = annotation
    if get_origin(annotation) is list:
        (item,) = get_args(annotation) or (None,)
    if item not in _PLAIN_TYPES:
        return None
    return PlainRuntimeParam(parameter_info=info, annotation=annotation, item=item)


def _get_runtime_param(self: Any) -> RuntimeParam:
    if self._runtime_param is None:
        plain = plain_runtime_param(self.type_descriptor)
        self._runtime_param = plain or build_runtime_param(self.type_descriptor)
    runtime: RuntimeParam = self._runtime_param
    return runtime


def install() -> None:
    """Convert plain values of every command line in this process without pydantic.

    The hook is a private part of typer: a typer without it keeps converting
    values its own way (slower to start, same results) rather than failing.
    """
    parameter = getattr(core, "_TyperParameter", None)
    if parameter is not None and hasattr(parameter, "get_runtime_param"):
        parameter.get_runtime_param = _get_runtime_param
