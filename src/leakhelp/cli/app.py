"""The typer application: global options, and where every command is registered."""

from __future__ import annotations

import copy
import os
import platform
import sys
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Annotated, Any

import typer

from .. import __version__
from ..errors import LeakhelpError, UsageError
from ..i18n import ENV_LANG, detect_lang, parse_lang, t
from ..paths import STORE_FILENAME, resolve_home
from .annotations import resolve_annotations
from .helptext import install as install_plain_help
from .state import CASE_LANG_OPTION, State

install_plain_help()
try:  # built on typer's private modules: a typer that moved them converts values itself
    from .coercion import install as install_plain_coercion
except ImportError:
    pass
else:
    install_plain_coercion()


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

    ``--lang`` is one of them: it means the same wherever it is written. For
    ``case new`` it is also the case's language, for ``letter`` the letter's
    (they read it from :attr:`State.lang_given`).
    """
    values = (*_GLOBAL_VALUE_OPTIONS, "--lang")
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
    return front + case_option_as_argument(rest)


def case_option_as_argument(args: list[str]) -> list[str]:
    """``--case ID`` where a command takes the case as its first argument: move it there.

    A case is given the same way everywhere: ``leakhelp report ID`` and
    ``leakhelp report --case ID`` are the same command.
    """
    command, depth = _command_at(args)
    if not _takes_case_argument(command):
        return args
    head, tail = args[:depth], args[depth:]
    for i, arg in enumerate(tail):
        if arg == "--":
            break
        if arg == "--case" and i + 1 < len(tail):
            return [*head, tail[i + 1], *tail[:i], *tail[i + 2 :]]
        if arg.startswith("--case="):
            return [*head, arg.partition("=")[2], *tail[:i], *tail[i + 1 :]]
    return args


def with_case_language(args: list[str]) -> list[str]:
    """Speak the case's language when no language was asked for.

    Without ``--lang`` or $LEAKHELP_LANG, a command about a Dutch case talks
    Dutch (the system language only decides when no case is named).
    """
    if os.environ.get(ENV_LANG) or any(a == "--lang" or a.startswith("--lang=") for a in args):
        return args
    ref, home = _named_case(args), _option_value(args, "--home")
    if ref is None:
        return args
    store = resolve_home(home) / STORE_FILENAME
    if not store.exists():
        return args
    try:
        from ..api import Workspace

        with Workspace(home) as ws:
            lang = ws.case(ref).lang
    except LeakhelpError:  # an unknown case is reported by the command itself
        return args
    # Not --lang: a command printed as a next step repeats only the language asked
    # for, and names the case again, which speaks its language by itself.
    return [CASE_LANG_OPTION, lang, *args]


def _option_value(args: list[str], name: str) -> str | None:
    for i, arg in enumerate(args):
        if arg == name and i + 1 < len(args):
            return args[i + 1]
        if arg.startswith(name + "="):
            return arg.partition("=")[2]
    return None


def _named_case(args: list[str]) -> str | None:
    """The case a command line names: its case argument, or --case."""
    given = _option_value(args, "--case")
    if given is not None:
        return given
    command, position = _command_at(args)
    rest = [a for a in args[position:] if not a.startswith("-")]
    return rest[0] if _takes_case_argument(command) and rest else None


def click_command(args: Sequence[str] = ()) -> Any:
    """The click command tree typer builds from ``app``, for hoisting options and for
    running. Building it is a good part of the start-up time, so it is built once per
    run, and only with the command ``args`` name when they name one (``case show``
    needs the ``case`` commands, not the 37 others); the whole tree for ``--help``,
    or a name that is none of them (the parser then says which are)."""
    return _command_tree(_named_command(args))


@cache
def _command_tree(name: str | None) -> Any:
    built = app
    if name is not None:
        built = copy.copy(app)
        built.registered_commands = [c for c in app.registered_commands if c.name == name]
        built.registered_groups = [g for g in app.registered_groups if g.name == name]
    resolve_annotations(built)
    return typer.main.get_command(built)


def _named_command(args: Sequence[str]) -> str | None:
    """The name of the top-level command ``args`` name (after the global options), if any."""
    position = _past_global_options(args, 0)
    if position >= len(args):
        return None
    names = {c.name for c in app.registered_commands}
    names.update(g.name for g in app.registered_groups)
    return args[position] if args[position] in names else None


def _command_at(args: list[str]) -> tuple[Any, int]:
    """The (sub)command an argument list names, and where its own arguments start."""
    command: Any = click_command(args)
    position = _past_global_options(args, 0)
    while position < len(args):
        sub = getattr(command, "commands", {}).get(args[position])
        if sub is None:
            break
        command, position = sub, _past_global_options(args, position + 1)
    return command, position


def _past_global_options(args: Sequence[str], position: int) -> int:
    """Where the first argument from ``position`` on that is no global option (nor the
    value of one) is."""
    while position < len(args):
        arg = args[position]
        if arg in (*_GLOBAL_VALUE_OPTIONS, "--lang", CASE_LANG_OPTION):
            position += 2
        elif arg in _GLOBAL_FLAGS or arg.startswith(("--home=", "--lang=")):
            position += 1
        else:
            break
    return position


def _takes_case_argument(command: Any) -> bool:
    """Whether a command's first argument is the case (CaseArg)."""
    return any(
        p.name == "case" and not getattr(p, "opts", ["-"])[0].startswith("-")
        for p in getattr(command, "params", ())
    )


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
    case_lang: Annotated[str | None, typer.Option(CASE_LANG_OPTION, hidden=True)] = None,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    if home is not None and not home.strip():
        # ``--home "$DIR"`` with DIR unset: never fall back to the current folder
        # (Path("") is ".") and make it private without being asked.
        raise UsageError(t("error.home-empty", detect_lang(lang)))
    asked = parse_lang(lang) if lang else None
    given = asked or (parse_lang(case_lang) if case_lang else None)
    ctx.obj = State(
        home=Path(home) if home is not None else None,
        lang=detect_lang(lang or case_lang),
        debug=debug,
        lang_given=given,
    )
    # Every command printed as a next step repeats --home and --lang, so pasted it
    # acts on this data folder, in this language; undone when the command ends.
    from ..paths import command_options, run_options

    ctx.with_resource(command_options(run_options(ctx.obj.home, asked)))


def _register() -> None:
    # The command modules import only cli.state, never this module (no cycle);
    # they load here, after `app` exists. Listed in the order a person meets them: their own photos, finding
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
