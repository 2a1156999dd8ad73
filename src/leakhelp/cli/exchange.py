"""``leakhelp export`` and ``leakhelp import``: the hash-only file for a trusted helper."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..errors import UsageError
from ..models import LANGS
from .app import get_state
from .cases import case_json
from .options import CaseArg, JsonOpt


def export_command(
    ctx: typer.Context,
    case: CaseArg,
    output: Annotated[
        Path, typer.Option("-o", "--output", help="File to write.", show_default=False)
    ],
    with_name: Annotated[
        bool, typer.Option("--with-name", help="Also put the case name in the file.")
    ] = False,
    json_out: JsonOpt = False,
) -> int:
    """Write a hash-only export of a case: fingerprints only, no images, no file names."""
    state = get_state(ctx)
    ui = state.ui(json_mode=json_out)
    with state.workspace() as ws:
        found = ws.case(case)
        doc = ws.export(found.id, output, include_name=with_name)
    count = len(doc["fingerprints"])
    if json_out:
        ui.emit({"id": found.id, "path": str(output), "fingerprints": count})
    else:
        ui.msg("export.written", path=str(output), count=count, style="green")
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
        raise UsageError(f"--lang must be one of: {', '.join(LANGS)}")
    ui = state.ui(json_mode=json_out)
    with state.workspace() as ws:
        case, count = ws.import_export(file, name=name, lang=lang.lower() if lang else None)  # type: ignore[arg-type]
    if json_out:
        doc = case_json(case)
        doc["fingerprints"] = count
        ui.emit(doc)
    else:
        ui.out.print(case.id)
        ui.msg("import.done", id=case.id, count=count, style="green")
    return 0
