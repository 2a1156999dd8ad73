"""``leakhelp export`` and ``leakhelp import``: the hash-only file for a trusted helper."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer

from ..errors import ExitCode, ExportFormatError, UsageError
from ..i18n import t
from ..models import LANGS
from ..paths import shell_command
from ..sealed import RECOMMENDED_PASSPHRASE_LENGTH
from ..views import case_dict
from .options import STDOUT, CaseArg, JsonOpt
from .state import get_state
from .ui import UI

#: Where scripts give the passphrase of an encrypted export (docs/export-format.md).
ENV_PASSPHRASE = "LEAKHELP_PASSPHRASE"  # noqa: S105 (a variable name, not a secret)


def _no_way_to_ask() -> UsageError:
    return UsageError("passphrase.no-way-to-ask", env=ENV_PASSPHRASE)


def passphrase_to_read(ui: UI) -> Callable[[], str]:
    """The passphrase of an encrypted export, asked for only when a file is encrypted."""

    def ask() -> str:
        given = os.environ.get(ENV_PASSPHRASE)
        if given:
            return given
        if not sys.stdin.isatty():
            raise _no_way_to_ask()
        answer: str = typer.prompt(t("passphrase.ask", ui.lang), hide_input=True, err=True)
        return answer

    return ask


def passphrase_to_write(ui: UI) -> str:
    """A new passphrase: from the environment, else asked twice (hidden)."""
    given = os.environ.get(ENV_PASSPHRASE)
    if not given:
        if not sys.stdin.isatty():
            raise _no_way_to_ask()
        given = typer.prompt(
            t("passphrase.new", ui.lang, min=RECOMMENDED_PASSPHRASE_LENGTH),
            hide_input=True,
            confirmation_prompt=t("passphrase.repeat", ui.lang),
            err=True,
        )
    if len(given) < RECOMMENDED_PASSPHRASE_LENGTH:
        ui.warn(t("passphrase.short", ui.lang, min=RECOMMENDED_PASSPHRASE_LENGTH))
    return given


def export_command(
    ctx: typer.Context,
    case: CaseArg,
    output: Annotated[
        Path,
        typer.Option(
            "-o", "--output", help="File to write; - for the standard output.", show_default=False
        ),
    ],
    with_name: Annotated[
        bool, typer.Option("--with-name", help="Also put the case name in the file.")
    ] = False,
    encrypt: Annotated[
        bool,
        typer.Option(
            "--encrypt",
            help=f"Protect the file with a passphrase (asked, or ${ENV_PASSPHRASE}).",
        ),
    ] = False,
    json_out: JsonOpt = False,
) -> int:
    """Write a hash-only export of a case: fingerprints only, no images, no file names."""
    state = get_state(ctx)
    ui = state.ui(json_mode=json_out)
    to_stdout = str(output) == STDOUT
    if to_stdout and json_out:  # the export and its JSON line cannot share stdout
        raise UsageError("option.stdout-json")
    passphrase = passphrase_to_write(ui) if encrypt else None
    with state.workspace() as ws:
        found = ws.case(case)
        written = ws.export(found.id, output, include_name=with_name, passphrase=passphrase)
    count, videos = written.fingerprints, written.videos
    if json_out:
        ui.emit(
            {
                "id": found.id,
                "path": str(output),
                "fingerprints": count,
                "videos": videos,
                "encrypted": encrypt,
            }
        )
    else:
        shown = t("option.stdout", ui.lang) if to_stdout else str(output)
        ui.msg("export.written", path=shown, count=count, style="green")
        if videos:
            ui.msg("exchange.videos", count=videos)
        if encrypt:
            ui.msg("export.encrypted", path=shown, count=count)
    return 0


def import_command(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="A hash-only export made by `leakhelp export`.")],
    name: Annotated[str | None, typer.Option("--name", help="Name for the new case.")] = None,
    lang: Annotated[str | None, typer.Option("--lang", help="Language of the new case.")] = None,
    json_out: JsonOpt = False,
) -> int:
    """Create a case from a hash-only export (for a counsellor or helper)."""
    state = get_state(ctx)
    lang = lang or state.lang_given  # --lang is hoisted to the global option
    if lang is not None and lang.lower() not in LANGS:
        raise UsageError("error.lang-option", choices=", ".join(LANGS))
    ui = state.ui(json_mode=json_out)
    with state.workspace() as ws:
        try:
            case, count = ws.import_export(
                file,
                name=name,
                lang=lang.lower() if lang else None,  # type: ignore[arg-type]
                passphrase=passphrase_to_read(ui),
            )
        except ExportFormatError as exc:
            # The one input could not be used, so nothing was done (README: exit 3),
            # as for `scan --fingerprints` with the same file.
            exc.exit_code = ExitCode.NOTHING_DONE
            raise
        videos = len(ws.videos(case.id))
    if json_out:
        doc = case_dict(case)
        doc["fingerprints"] = count
        doc["videos"] = videos
        ui.emit(doc)
    else:
        ui.out.print(case.id)
        ui.msg("import.done", id=case.id, count=count, style="green")
        if videos:
            ui.msg("exchange.videos", count=videos)
        ui.msg("import.next", command=shell_command("scan", "--case", case.id))
        ui.footer()
    return 0
