"""``leakhelp hash``: fingerprint your own images, on this device."""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..errors import batch_exit
from ..i18n import reason, t
from ..models import PDQ_MIN_QUALITY, Lang, VideoFingerprint
from ..paths import shell_command
from .options import CaseOpt, JsonOpt
from .state import get_state
from .ui import UI

if TYPE_CHECKING:  # the library loads when the command runs, not for --help
    from ..api import HashOutcome

PathsArg = Annotated[
    list[Path],
    typer.Argument(help="Image or video files, or folders (folders are searched inside)."),
]


def hash_json(outcome: HashOutcome) -> dict[str, object]:
    result = outcome.result
    fp = result.fingerprint
    if result.video is not None and fp is None:
        return video_json(outcome, result.video)
    if fp is None:
        return {"path": result.path, "error": result.error}
    doc: dict[str, object] = {"path": result.path, **fp.core(), "dihedral": list(fp.dihedral)}
    if result.video is not None:  # an animated image: its frames over time too
        moving = {k: v for k, v in result.video.core().items() if k != "kind"}
        doc["animation"] = {**moving, "decoded": result.video.decoded}
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
    # One small row per file, not the outcome itself: a fingerprint with its
    # region hashes is ~38 KB, and a case may start from 20,000 photos.
    tally = _Tally()
    started = time.monotonic()
    case_id: str | None = None
    try:
        with state.workspace() as ws, ui.progress() as progress:
            case_id = ws.case(case).id if case else None
            for outcome in ws.hash(
                paths, case=case_id, label=label, workers=workers, progress=progress
            ):
                tally.add(outcome, ui.lang, rows=not json_out)  # counted before it is shown
                if json_out:
                    ui.emit(hash_json(outcome))
    except KeyboardInterrupt:
        _say_interrupted(ui, tally, case_id)
        raise typer.Exit(130) from None
    if not tally.total:  # nothing to fingerprint is "nothing could be done" (exit 3)
        ui.warn(t("hash.nothing", ui.lang))
        return batch_exit(0, 0)
    if not json_out:
        _show(ui, tally, case_id, seconds=time.monotonic() - started)
    return batch_exit(tally.failed, tally.total)


def _say_interrupted(ui: UI, tally: _Tally, case_id: str | None) -> None:
    """Ctrl-C: what was kept, and that running the same command again goes on."""
    if case_id is None:
        ui.warn(t("hash.interrupted-no-case", ui.lang, done=tally.total))
        return
    ui.warn(t("hash.interrupted", ui.lang, n=tally.added, id=case_id))


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
        self.videos = self.frames = 0  # videos hashed, and frames decoded for them

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
        video = outcome.result.video
        self.failed += fp is None and video is None
        self.added += outcome.stored is True
        self.dupes += outcome.stored is False
        if video is not None:
            self.videos += 1
            self.frames += video.decoded
        if not rows:
            return
        row: tuple[str, str, object, str]
        if video is not None and fp is None:
            row, remark = _video_row(outcome, video, lang)
            self._row(row, remark=remark)
            return
        if fp is None:
            error = reason(outcome.result.error or "", lang)
            row = (
                outcome.result.path,
                "—",
                "—",
                t("hash.row.failed", lang, error=error),
            )
            self._row(row, remark=True)
            return
        notes = [t("hash.row.low-quality", lang)] if fp.quality < PDQ_MIN_QUALITY else []
        moving = []
        if video is not None:  # an animated image: its frames over time too
            from ..videomatch import clock

            moving = [
                t(
                    "hash.row.animation",
                    lang,
                    duration=clock(video.duration),
                    frames=len(video.frames),
                )
            ]
        if outcome.stored is False:
            notes.append(t("hash.row.already", lang))
            if fp.label:
                notes.append(t("hash.row.labelled", lang, label=fp.label))
        shown = "; ".join(moving + notes) or "ok"
        self._row((outcome.result.path, f"{fp.pdq[:16]}…", fp.quality, shown), remark=bool(notes))


def _video_row(
    o: HashOutcome, video: VideoFingerprint, lang: Lang
) -> tuple[tuple[str, str, object, str], bool]:
    """A video's row in the table, and whether it carries a remark."""
    from ..videomatch import clock  # the video code loads numpy: only when a video was hashed

    notes = [t("hash.row.video", lang, duration=clock(video.duration), frames=len(video.frames))]
    quality = max((f.quality for f in video.frames), default=0)
    remarks = []
    if quality < PDQ_MIN_QUALITY:
        remarks.append(t("hash.row.low-quality", lang))
    if o.stored is False:
        remarks.append(t("hash.row.already", lang))
    first = video.frames[0].pdq[:16] + "…" if video.frames else "—"
    return (o.result.path, first, quality, "; ".join(notes + remarks)), bool(remarks)


def _video_speed(ui: UI, tally: _Tally, seconds: float) -> None:
    """Frames decoded per second over the whole run, when videos were hashed."""
    if not tally.videos:
        return
    rate = tally.frames / seconds if seconds > 0 else 0.0
    ui.msg(
        "hash.video-speed", videos=tally.videos, frames=tally.frames, seconds=f"{seconds:.1f}",
        rate=f"{rate:.0f}",
    )  # fmt: skip


def _show(ui: UI, tally: _Tally, case_id: str | None, *, seconds: float) -> None:
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
    _video_speed(ui, tally, seconds)
    if case_id:
        ui.msg("hash.stored", added=tally.added, dupes=tally.dupes, id=case_id)
    ui.msg(
        "privacy.stayed" if case_id else "privacy.not-kept",
        command=shell_command("case", "new", "Sam"),
    )
    ui.footer()
