"""The commands' annotations evaluated once, before typer reads them.

With ``from __future__ import annotations`` every parameter's annotation is
text. typer reads each command's twice (``inspect.signature(eval_str=True)``
and ``typing.get_type_hints``), compiling and evaluating every text each
time: about 40 ms of each start, ``--help`` included, for ~180 parameters
whose texts are mostly the same few (``CaseArg``, ``JsonOpt``, ``bool``).
:func:`resolve_annotations` evaluates each distinct text of a module once and
puts the values in place, so typer finds them ready.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterator
from typing import Any

import typer


def resolve_annotations(app: typer.Typer) -> None:
    """Replace the text annotations of every command and callback under ``app`` by their values."""
    values: dict[tuple[int, str], object] = {}
    for function in _callbacks(app):
        scope = function.__globals__
        annotations = function.__annotations__
        for name, text in annotations.items():
            if isinstance(text, str):
                key = (id(scope), text)
                if key not in values:
                    values[key] = _value(text, scope)
                annotations[name] = values[key]


def _value(text: str, scope: dict[str, Any]) -> object:
    """What an annotation's text means in its module (the text itself when it cannot be
    evaluated: typer then reports it in its own words)."""
    try:
        # Our own source text, evaluated in the function's own module, as typer would.
        return eval(text, scope)  # noqa: S307
    except Exception:
        return text


def _callbacks(app: typer.Typer) -> Iterator[Callable[..., Any]]:
    """The functions typer reads the parameters of (their wrapped originals too)."""
    found: list[Any] = [c.callback for c in app.registered_commands]
    if app.registered_callback is not None:
        found.append(app.registered_callback.callback)
    found.extend(group.callback for group in app.registered_groups)
    for function in found:
        while inspect.isfunction(function):
            yield function
            function = getattr(function, "__wrapped__", None)
    for group in app.registered_groups:
        if group.typer_instance is not None:
            yield from _callbacks(group.typer_instance)
