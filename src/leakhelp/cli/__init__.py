"""The ``leakhelp`` command line: the only package that imports typer or rich.

Commands translate arguments, call the library and print. Library errors
(:class:`~leakhelp.errors.LeakhelpError`) become a one-line message and an exit
code here, in :func:`main`, and nowhere else.
"""

from __future__ import annotations

import sys
import traceback

import typer

from ..errors import LeakhelpError
from ..i18n import t
from .app import app, click_command, hoist_global_options, state_from_args
from .ui import UI

__all__ = ["app", "main"]


def main(argv: list[str] | None = None) -> None:
    """Entry point of the console script; exits with the contract's codes."""
    args = hoist_global_options(list(sys.argv[1:] if argv is None else argv))
    ui = UI(lang=state_from_args(args).lang)
    debug = "--debug" in args
    try:
        code = click_command()(args=args, prog_name="leakhelp", standalone_mode=False)
    except typer.Exit as exc:
        code = exc.exit_code
    except typer.Abort:
        ui.err.print("")
        code = 130
    except typer.TyperException as exc:  # usage errors from the parser: exit 2
        show = getattr(exc, "show", None)
        if callable(show):
            show()
        else:
            ui.error(exc.format_message())
        code = exc.exit_code
    except LeakhelpError as exc:
        if debug:
            traceback.print_exc()
        ui.error(str(exc))
        code = exc.exit_code
    except KeyboardInterrupt:
        code = 130
    except Exception:
        if debug:
            traceback.print_exc()
        ui.error(t("error.unexpected", ui.lang))
        code = 3
    sys.exit(code if isinstance(code, int) else 0)


# typer needs the module attribute for `python -m leakhelp` and tests.
typer_app: typer.Typer = app
