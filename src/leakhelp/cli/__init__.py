"""The ``leakhelp`` command line: the only package that imports typer or rich.

Commands translate arguments, call the library and print. Library errors
(:class:`~leakhelp.errors.LeakhelpError`) become a one-line message and an exit
code here, in :func:`main`, and nowhere else.
"""

from __future__ import annotations

import errno
import os
import sys
import traceback

import typer

from ..errors import ExitCode, LeakhelpError
from ..i18n import t
from ..models import Lang
from ..paths import os_reason
from .app import app, click_command, hoist_global_options, with_case_language
from .state import state_from_args
from .ui import UI
from .usage import usage_error_text

__all__ = ["app", "main"]


def main(argv: list[str] | None = None) -> None:
    """Entry point of the console script; exits with the contract's codes."""
    args = with_case_language(hoist_global_options(list(sys.argv[1:] if argv is None else argv)))
    ui = UI(lang=state_from_args(args).lang)
    debug = "--debug" in args
    try:
        code = click_command(args)(args=args, prog_name="leakhelp", standalone_mode=False)
    except typer.Exit as exc:
        code = exc.exit_code
    except typer.Abort:
        ui.err.print("")
        code = ExitCode.INTERRUPTED
    except typer.TyperException as exc:  # usage errors from the parser: exit 2
        show = getattr(exc, "show", None)
        if ui.lang != "en":
            show_parser_error(ui, exc)
        elif callable(show):
            show()
        else:
            ui.error(exc.format_message())
        code = exc.exit_code
    except LeakhelpError as exc:
        if debug:
            traceback.print_exc()
        ui.error(exc.text(ui.lang))
        code = exc.exit_code
    except KeyboardInterrupt:
        code = ExitCode.INTERRUPTED
    except BrokenPipeError:
        # The reader of our output went away (``leakhelp ... | head``): stop quietly.
        _drop_stdout()
        code = ExitCode.INPUT_FAILED
    except (OSError, RecursionError, OverflowError, MemoryError) as exc:
        if debug:
            traceback.print_exc()
        ui.error(_plain_reason(exc, ui.lang))
        if isinstance(exc, OSError):
            _drop_stdout()  # stdout itself may be the full disk
        code = ExitCode.NOTHING_DONE
    except Exception:
        if debug:
            traceback.print_exc()
        ui.error(t("error.unexpected", ui.lang))
        code = ExitCode.NOTHING_DONE
    sys.exit(code if isinstance(code, int) else 0)


def _drop_stdout() -> None:
    """Forget output that cannot be written, so exiting does not fail on it again."""
    try:
        sys.stdout.flush()
    except OSError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def _plain_reason(exc: BaseException, lang: Lang) -> str:
    """What a person can understand of an error from the system or the runtime."""
    if isinstance(exc, RecursionError):
        return t("error.too-deep", lang)
    if isinstance(exc, OverflowError):
        return t("error.too-large", lang)
    if isinstance(exc, MemoryError):
        return t("error.no-memory", lang)
    assert isinstance(exc, OSError)
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return t("error.disk-full", lang)
    where = f" ({exc.filename})" if exc.filename else ""
    return t("error.os", lang, reason=os_reason(exc, lang) + where)


def show_parser_error(ui: UI, exc: typer.TyperException) -> None:
    """A mistake in the command line, in the reader's language: usage, where to look, what."""
    ctx = getattr(exc, "ctx", None)
    if ctx is not None:
        usage = ctx.get_usage().replace("Usage:", t("parser.usage", ui.lang), 1)
        ui.err.print(usage, soft_wrap=True, markup=False, highlight=False)
        ui.say(t("parser.try-help", ui.lang, command=f"{ctx.command_path} -h"))
    try:
        text = usage_error_text(exc, ui.lang)
    except Exception:  # the parser's own words are better than a traceback
        text = exc.format_message()
    ui.error(text)
