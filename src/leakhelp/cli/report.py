"""``leakhelp report``: the evidence report a police officer or lawyer asks for."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..errors import UsageError
from .options import CaseArg, output_file_option
from .state import get_state

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
            "-o",
            "--output",
            help="File to write (readable only by you); - for the standard output.",
            show_default=False,
            callback=output_file_option,
        ),
    ] = None,
    contact_details: Annotated[
        bool,
        typer.Option(
            "--with-contact-details",
            help="Keep your name, e-mail, address and phone in the letters shown in the report.",
        ),
    ] = False,
) -> int:
    """The evidence report of a case: what is known about each web address, the
    requests with the letters sent, the answers, the checks and the timeline.

    No images, no fingerprints; contact details only with --with-contact-details.
    """
    state = get_state(ctx)
    ui = state.ui()
    chosen = (
        fmt or (_SUFFIX_FORMATS.get(output.suffix.lower()) if output else None) or "md"
    ).lower()
    from ..reports import REPORT_FORMATS  # the report code loads for this command only

    if chosen not in REPORT_FORMATS:
        raise UsageError("error.format", choices=", ".join(REPORT_FORMATS))
    with state.workspace() as ws:
        found = ws.case(case)
        text = ws.report(found.id, chosen, path=output, contact_details=contact_details)
    if output is None:
        ui.document(text, is_json=chosen == "json")
    else:
        ui.msg("report.written", path=str(output), style="green")
        ui.footer()
    return 0
