"""``leakhelp hash``: fingerprint your own images, on this device."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..api import HashOutcome
from ..errors import batch_exit
from ..fingerprint import PDQ_MIN_QUALITY
from ..i18n import reason, t
from ..models import Lang
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
    # One small row per file, not the outcome itself: a fingerprint with its
    # region hashes is ~38 KB, and a case may start from 20,000 photos.
    tally = _Tally()
    with state.workspace() as ws, ui.progress() as progress:
        case_id = ws.case(case).id if case else None
        for outcome in ws.hash(
            paths, case=case_id, label=label, workers=workers, progress=progress
        ):
            if json_out:
                ui.emit(hash_json(outcome))
            tally.add(outcome, ui.lang, rows=not json_out)
    if not tally.total:  # nothing to fingerprint is "nothing could be done" (exit 3)
        ui.warn(t("hash.nothing", ui.lang))
        return batch_exit(0, 0)
    if not json_out:
        _show(ui, tally, case_id)
    return batch_exit(tally.failed, tally.total)


#: Past this many files the table lists only the files with a remark (failed,
#: low quality, already in the case): 20,000 "ok" rows help no one, and
#: drawing them took ~5 KB of memory per row (benchmarks/load.py).
MAX_LISTED_FILES = 1000


class _Tally:
    """What the summary needs of each outcome: counts, and a short row."""

    def __init__(self) -> None:
        self.total = self.failed = self.added = self.dupes = 0
        self.rows: list[tuple[str, str, object, str]] = []
        self.unlisted = 0  # files without remarks left out of the table

    def _row(self, row: tuple[str, str, object, str], *, remark: bool) -> None:
        if self.total > MAX_LISTED_FILES and not self.unlisted:
            # From here on only remarks are listed: drop the plain rows so far.
            kept = [r for r in self.rows if r[3] != "ok"]
            self.unlisted = len(self.rows) - len(kept)
            self.rows = kept
        if remark or not self.unlisted:
            self.rows.append(row)
        else:
            self.unlisted += 1

    def add(self, outcome: HashOutcome, lang: Lang, *, rows: bool) -> None:
        self.total += 1
        fp = outcome.result.fingerprint
        self.failed += fp is None
        self.added += outcome.stored is True
        self.dupes += outcome.stored is False
        if not rows:
            return
        if fp is None:
            error = reason(outcome.result.error or "", lang)
            row: tuple[str, str, object, str] = (
                outcome.result.path,
                "—",
                "—",
                t("hash.row.failed", lang, error=error),
            )
            self._row(row, remark=True)
            return
        notes = [t("hash.row.low-quality", lang)] if fp.quality < PDQ_MIN_QUALITY else []
        if outcome.stored is False:
            notes.append(t("hash.row.already", lang))
        row = (outcome.result.path, f"{fp.pdq[:16]}…", fp.quality, "; ".join(notes) or "ok")
        self._row(row, remark=bool(notes))


def _show(ui: UI, tally: _Tally, case_id: str | None) -> None:
    if tally.rows:
        ui.table(None, t("hash.columns", ui.lang).split("|"), tally.rows)
    if tally.unlisted:
        ui.msg("hash.unlisted", count=tally.unlisted)
    ok = tally.total - tally.failed
    ui.msg(
        "hash.summary",
        ok=ok,
        failed=tally.failed,
        style="green" if not tally.failed else "yellow",
    )
    if case_id:
        ui.msg("hash.stored", added=tally.added, dupes=tally.dupes, id=case_id)
    ui.msg("privacy.stayed" if case_id else "privacy.not-kept")
    ui.footer()
