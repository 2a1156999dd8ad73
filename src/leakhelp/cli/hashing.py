"""``leakhelp hash``: fingerprint your own images, on this device."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..api import HashOutcome
from ..i18n import reason, t
from ..models import PDQ_MIN_QUALITY
from .app import get_state
from .options import CaseOpt, JsonOpt
from .ui import UI

PathsArg = Annotated[
    list[Path], typer.Argument(help="Image files or folders (folders are searched inside).")
]


def hash_json(outcome: HashOutcome) -> dict[str, object]:
    result = outcome.result
    fp = result.fingerprint
    if fp is None:
        return {"path": result.path, "error": result.error}
    doc: dict[str, object] = {"path": result.path, **fp.core(), "dihedral": list(fp.dihedral)}
    if fp.label:
        doc["label"] = fp.label
    if outcome.stored is not None:
        doc["stored"] = outcome.stored
    return doc


def hash_command(
    ctx: typer.Context,
    paths: PathsArg,
    case: CaseOpt = None,
    label: Annotated[
        str | None,
        typer.Option(
            "--label",
            help="Your own name for the image, shown in scans instead of a number "
            "(numbered when there are several). Never the file name.",
            show_default=False,
        ),
    ] = None,
    workers: Annotated[
        int | None, typer.Option("--workers", min=1, help="Processes to use (default: all cores).")
    ] = None,
    json_out: JsonOpt = False,
) -> int:
    """Make fingerprints of your own images. The images never leave this device."""
    state = get_state(ctx)
    ui = state.ui(json_mode=json_out)
    outcomes: list[HashOutcome] = []
    with state.workspace() as ws, ui.progress() as progress:
        case_id = ws.case(case).id if case else None
        for outcome in ws.hash(
            paths, case=case_id, label=label, workers=workers, progress=progress
        ):
            outcomes.append(outcome)
            if json_out:
                ui.emit(hash_json(outcome))
    if not outcomes:  # nothing to fingerprint is "nothing could be done" (exit 3)
        ui.warn(t("hash.nothing", ui.lang))
        return 3
    failed = [o for o in outcomes if not o.result.ok]
    if not json_out:
        _show(ui, outcomes, case_id)
    return 1 if failed else 0


def _show(ui: UI, outcomes: list[HashOutcome], case_id: str | None) -> None:
    lang = ui.lang
    rows: list[tuple[object, ...]] = []
    for o in outcomes:
        fp = o.result.fingerprint
        if fp is None:
            error = reason(o.result.error or "", lang)
            rows.append((o.result.path, "—", "—", t("hash.row.failed", lang, error=error)))
            continue
        notes = [t("hash.row.low-quality", lang)] if fp.quality < PDQ_MIN_QUALITY else []
        if o.stored is False:
            notes.append(t("hash.row.already", lang))
        rows.append((o.result.path, f"{fp.pdq[:16]}…", fp.quality, "; ".join(notes) or "ok"))
    ui.table(None, t("hash.columns", lang).split("|"), rows)
    ok = sum(1 for o in outcomes if o.result.ok)
    ui.msg(
        "hash.summary",
        ok=ok,
        failed=len(outcomes) - ok,
        style="green" if ok == len(outcomes) else "yellow",
    )
    if case_id:
        added = sum(1 for o in outcomes if o.stored)
        dupes = sum(1 for o in outcomes if o.stored is False)
        ui.msg("hash.stored", added=added, dupes=dupes, id=case_id)
    ui.msg("privacy.stayed" if case_id else "privacy.not-kept")
    ui.footer()
