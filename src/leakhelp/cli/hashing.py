"""``leakhelp hash``: fingerprint your own images, on this device."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer

from ..api import HashOutcome
from ..fingerprint import PDQ_MIN_QUALITY
from ..i18n import reason, t
from ..models import Lang, VideoFingerprint
from ..videomatch import clock
from .app import get_state
from .options import CaseOpt, JsonOpt
from .ui import UI

PathsArg = Annotated[
    list[Path],
    typer.Argument(help="Image or video files, or folders (folders are searched inside)."),
]


def hash_json(outcome: HashOutcome) -> dict[str, object]:
    result = outcome.result
    if result.video is not None:
        return video_json(outcome, result.video)
    fp = result.fingerprint
    if fp is None:
        return {"path": result.path, "error": result.error}
    doc: dict[str, object] = {"path": result.path, **fp.core(), "dihedral": list(fp.dihedral)}
    if fp.label:
        doc["label"] = fp.label
    if outcome.stored is not None:
        doc["stored"] = outcome.stored
    return doc


def video_json(outcome: HashOutcome, video: VideoFingerprint) -> dict[str, object]:
    """A video's line: ``"kind": "video"``, its digests and its frame hashes."""
    doc: dict[str, object] = {"path": outcome.result.path, **video.core()}
    doc["decoded"] = video.decoded
    if video.label:
        doc["label"] = video.label
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
    started = time.monotonic()
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
        _show(ui, outcomes, case_id, seconds=time.monotonic() - started)
    return 1 if failed else 0


def _video_speed(ui: UI, outcomes: list[HashOutcome], seconds: float) -> None:
    """Frames decoded per second over the whole run, when videos were hashed."""
    videos = [o.result.video for o in outcomes if o.result.video is not None]
    if not videos:
        return
    frames = sum(v.decoded for v in videos)
    rate = frames / seconds if seconds > 0 else 0.0
    ui.msg(
        "hash.video-speed", videos=len(videos), frames=frames, seconds=f"{seconds:.1f}",
        rate=f"{rate:.0f}",
    )  # fmt: skip


def _show(ui: UI, outcomes: list[HashOutcome], case_id: str | None, *, seconds: float) -> None:
    lang = ui.lang
    rows: list[tuple[object, ...]] = []
    for o in outcomes:
        if o.result.video is not None:
            rows.append(_video_row(o, o.result.video, lang))
            continue
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
    _video_speed(ui, outcomes, seconds)
    if case_id:
        added = sum(1 for o in outcomes if o.stored)
        dupes = sum(1 for o in outcomes if o.stored is False)
        ui.msg("hash.stored", added=added, dupes=dupes, id=case_id)
    ui.msg("privacy.stayed" if case_id else "privacy.not-kept")
    ui.footer()


def _video_row(o: HashOutcome, video: VideoFingerprint, lang: Lang) -> tuple[object, ...]:
    notes = [t("hash.row.video", lang, duration=clock(video.duration), frames=len(video.frames))]
    quality = max((f.quality for f in video.frames), default=0)
    if quality < PDQ_MIN_QUALITY:
        notes.append(t("hash.row.low-quality", lang))
    if o.stored is False:
        notes.append(t("hash.row.already", lang))
    first = video.frames[0].pdq[:16] + "…" if video.frames else "—"
    return (o.result.path, first, quality, "; ".join(notes))
