"""The typer application: global options, and where every command is registered."""

from __future__ import annotations

import platform
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

import typer

from .. import __version__
from ..api import Workspace
from ..errors import UsageError
from ..i18n import detect_lang, t
from ..models import Lang
from .ui import UI


@dataclass(frozen=True, slots=True)
class State:
    home: Path | None = None
    lang: Lang = "en"
    debug: bool = False

    def ui(self, *, json_mode: bool = False) -> UI:
        return UI(lang=self.lang, json_mode=json_mode, debug=self.debug)

    @contextmanager
    def workspace(self) -> Iterator[Workspace]:
        with Workspace(self.home) as ws:
            yield ws


app = typer.Typer(
    name="leakhelp",
    help=(
        "Find, report and track intimate images that were shared without consent. "
        "Everything stays on this device: images are never uploaded or stored, only fingerprints."
    ),
    epilog=(
        "First time? Start a case with `leakhelp case new NAME`, then fingerprint your own "
        "photos with `leakhelp hash FOLDER --case ID`. It is not your fault, and you do not "
        "have to do this alone: `leakhelp support` shows who can help."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    pretty_exceptions_show_locals=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)

#: Global options that may also be written after the command name; they are
#: moved in front before parsing, so ``leakhelp hash --home DIR x.jpg`` works.
_GLOBAL_VALUE_OPTIONS = ("--home",)
_GLOBAL_FLAGS = ("--debug",)


def hoist_global_options(args: list[str]) -> list[str]:
    """Move the global options written after the command name in front of it.

    ``--lang`` is global too, except for commands such as ``case new`` and
    ``letter`` that have their own ``--lang`` (the language of the case or the
    letter); for every other command it means the language of the messages,
    wherever it is written.
    """
    values: tuple[str, ...] = _GLOBAL_VALUE_OPTIONS
    if not _command_has_own_lang(args):
        values = (*values, "--lang")
    front: list[str] = []
    rest: list[str] = []
    i = 0
    while i < len(args):
        arg = args[i]
        if arg == "--":
            rest.extend(args[i:])
            break
        if arg in _GLOBAL_FLAGS:
            front.append(arg)
        elif arg in values and i + 1 < len(args):
            front.extend(args[i : i + 2])
            i += 1
        elif any(arg.startswith(opt + "=") for opt in values):
            front.append(arg)
        else:
            rest.append(arg)
        i += 1
    return front + rest


def _command_has_own_lang(args: list[str]) -> bool:
    """Whether the (sub)command named in ``args`` declares ``--lang`` itself."""
    command: Any = typer.main.get_command(app)
    position = 0
    while position < len(args):
        arg = args[position]
        if arg in (*_GLOBAL_VALUE_OPTIONS, "--lang"):
            position += 2  # an option and its value
            continue
        if arg.startswith("-"):
            position += 1
            continue
        sub = getattr(command, "commands", {}).get(arg)
        if sub is None:
            break
        command = sub
        position += 1
    return any("--lang" in getattr(p, "opts", ()) for p in getattr(command, "params", ()))


def state_from_args(args: list[str]) -> State:
    """A best-effort State before parsing, for messages about parse errors."""
    lang = None
    if "--lang" in args:
        idx = args.index("--lang")
        lang = args[idx + 1] if idx + 1 < len(args) else None
    return State(lang=detect_lang(lang))


def get_state(ctx: typer.Context) -> State:
    root = ctx.find_root()
    obj = root.obj
    return obj if isinstance(obj, State) else State(lang=detect_lang(None))


def _version(value: bool) -> None:
    if value:
        # The Python and system say what to install for; `leakhelp doctor` says more.
        python = ".".join(str(p) for p in sys.version_info[:3])
        typer.echo(f"leakhelp {__version__} (Python {python}, {platform.system() or '?'})")
        raise typer.Exit(0)


@app.callback()
def _main(
    ctx: typer.Context,
    home: Annotated[
        str | None,
        typer.Option(
            "--home", help="Folder for leakhelp's data (else $LEAKHELP_HOME).", show_default=False
        ),
    ] = None,
    lang: Annotated[
        str | None,
        typer.Option("--lang", help="Language of messages: nl or en (default: system language)."),
    ] = None,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show technical details of errors.")
    ] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    if home is not None and not home.strip():
        # ``--home "$DIR"`` with DIR unset: never fall back to the current folder
        # (Path("") is ".") and make it private without being asked.
        raise UsageError(t("error.home-empty", detect_lang(lang)))
    ctx.obj = State(
        home=Path(home) if home is not None else None, lang=detect_lang(lang), debug=debug
    )


def _register() -> None:
    # Imported here so that each command module can import `app`'s helpers.
    # Listed in the order a person meets them: their own photos, finding
    # copies, asking for removal, following up, and help.
    from . import (
        cases,
        check,
        doctor,
        exchange,
        hashing,
        letters,
        platforms,
        report,
        scan,
        support,
        tracking,
        webapp,
    )

    app.command("hash")(hashing.hash_command)
    app.command("scan")(scan.scan_command)
    app.command("export")(exchange.export_command)
    app.command("import")(exchange.import_command)
    app.command("letter")(letters.letter_command)
    app.command("check")(check.check_command)
    app.command("overdue")(tracking.overdue_command)
    app.command("report")(report.report_command)
    app.command("cases")(tracking.cases_command)
    app.command("stats")(tracking.stats_command)
    app.command("support")(support.support_command)
    app.command("ui")(webapp.ui_command)
    app.command("doctor")(doctor.doctor_command)
    app.add_typer(cases.case_app, name="case")
    app.add_typer(tracking.sighting_app, name="sighting")
    app.add_typer(tracking.request_app, name="request")
    app.add_typer(platforms.platforms_app, name="platforms")


_register()
