"""What every command knows before it runs: the global options, as one frozen value.

A leaf of the CLI package: it imports no command module and not ``cli.app``, so
the command modules can import it and ``cli.app`` can import them, without a cycle.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from ..errors import UnknownLanguageError
from ..i18n import detect_lang
from ..models import Lang
from .ui import UI

if TYPE_CHECKING:  # the library loads when a command runs, not for --help
    from ..api import Workspace


#: The hidden global option that carries the language of the case a command names
#: (``cli.app.with_case_language``), apart from a --lang the user gave.
CASE_LANG_OPTION = "--case-lang"


@dataclass(frozen=True, slots=True)
class State:
    home: Path | None = None
    lang: Lang = "en"
    debug: bool = False
    #: The language asked for with --lang (before or after the command name).
    lang_given: Lang | None = None

    def ui(self, *, json_mode: bool = False) -> UI:
        return UI(lang=self.lang, json_mode=json_mode, debug=self.debug)

    @contextmanager
    def workspace(self) -> Iterator[Workspace]:
        from ..api import Workspace

        with Workspace(self.home) as ws:
            yield ws


def state_from_args(args: list[str]) -> State:
    """A best-effort State before parsing, for messages about parse errors."""
    lang = None
    for i, arg in enumerate(args):
        if (arg == "--lang" and i + 1 < len(args)) or (
            arg == CASE_LANG_OPTION and i + 1 < len(args) and lang is None
        ):
            lang = args[i + 1]
        elif arg.startswith("--lang="):
            lang = arg.partition("=")[2]
    try:
        return State(lang=detect_lang(lang))
    except UnknownLanguageError:  # reported when the options are parsed
        return State()


def get_state(ctx: typer.Context) -> State:
    root = ctx.find_root()
    obj = root.obj
    return obj if isinstance(obj, State) else State(lang=detect_lang(None))
