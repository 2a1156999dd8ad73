"""``leakhelp report``: the evidence report a police officer or lawyer asks for."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..errors import UsageError
from ..reports import REPORT_FORMATS
from .app import get_state
from .options import CaseArg

_SUFFIX_FORMATS = {
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
    ".csv": "csv",
    ".json": "json",
}


def report_command(
    ctx: typer.Context,
    case: CaseArg,
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            help="md, html, csv or json (default: from the -o file name, else md).",
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "-o", "--output", help="File to write (readable only by you).", show_default=False
        ),
    ] = None,
) -> int:
    """The evidence report of a case: sightings, requests, answers, checks, timeline.

    No images, no fingerprints, no contact details.
    """
    state = get_state(ctx)
    ui = state.ui()
    chosen = (
        fmt or (_SUFFIX_FORMATS.get(output.suffix.lower()) if output else None) or "md"
    ).lower()
    if chosen not in REPORT_FORMATS:
        raise UsageError(f"--format must be one of: {', '.join(REPORT_FORMATS)}")
    with state.workspace() as ws:
        found = ws.case(case)
        text = ws.report(found.id, chosen, path=output)
    if output is None:
        ui.document(text, is_json=chosen == "json")
    else:
        ui.msg("report.written", path=str(output), style="green")
        ui.footer()
    return 0
