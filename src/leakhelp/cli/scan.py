"""``leakhelp scan``: find copies of a case's images (or an export's) among files.

Works without the originals: a helper who got a hash-only export scans with
``--fingerprints export.json``. Nothing is stored: not the candidates, not
their paths, not the results.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..errors import ExportFormatError, NoFingerprintsError, UsageError, batch_exit
from ..i18n import reason, t
from ..models import DEFAULT_TIMEOUT, MAX_IMAGES_PER_PAGE, MAX_PAGES, Lang
from ..paths import shell_command
from .exchange import passphrase_to_read
from .options import AllowPrivateOpt, CaseOpt, JsonOpt, MaxVideoOpt, TimeoutOpt
from .state import get_state
from .ui import UI

if TYPE_CHECKING:  # the matching, video and network code load only when a scan runs
    from ..api import Workspace
    from ..checks import ImageFinding, PageReport
    from ..matching import MatchIndex, ScanResult
    from ..progress import Progress
    from ..videomatch import VideoIndex, VideoScanResult

PathsArg = Annotated[
    list[str],
    typer.Argument(
        help="Images or folders to look through (folders are searched inside), "
        "or web addresses (http:// or https://) of images or pages that show one.",
        show_default=False,
    ),
]
RecordOpt = Annotated[
    bool,
    typer.Option(
        "--record", help="Add web addresses with a strong match to the case as sightings."
    ),
]
FingerprintsOpt = Annotated[
    Path | None,
    typer.Option(
        "--fingerprints",
        help="A hash-only export (`leakhelp export`) or the output of `leakhelp hash --json`.",
        show_default=False,
    ),
]
WorkersOpt = Annotated[
    int | None, typer.Option("--workers", min=1, help="Processes to use (default: all cores).")
]
AllOpt = Annotated[bool, typer.Option("--all", help="Also list the images without a match.")]
PagesOpt = Annotated[
    int,
    typer.Option(
        "--pages",
        min=1,
        help="For a web page: also follow its own 'next page' links, up to this many "
        "pages per address (same site only).",
    ),
]
MaxPagesOpt = Annotated[
    int, typer.Option("--max-pages", min=1, help="Web pages looked at in all, at most.")
]
MaxImagesOpt = Annotated[
    int, typer.Option("--max-images", min=1, help="Images compared per web page, at most.")
]

_ORDER = {"strong": 0, "possible": 1, None: 2}


def scan_json(result: ScanResult) -> dict[str, object]:
    """One JSON line per candidate (docs/matching.md), plus details on how it matched."""
    if result.error is not None:
        return {"path": result.path, "error": result.error}
    from ..videomatch import VideoScanResult  # loaded by the scan already

    if isinstance(result, VideoScanResult):
        return video_scan_json(result)
    m = result.match
    doc: dict[str, object] = {
        "path": result.path,
        "match": m.tier if m else None,
        "distance": m.distance if m else None,
        "fingerprint": m.ref if m else None,
        "variant": m.variant if m else None,
        "how": list(m.how) if m else [],
        "via": m.via if m else None,
        "quality": result.quality,
        "low_quality": result.low_quality or bool(m and m.low_quality),
    }
    if m is not None and m.phash_distance is not None:
        doc["phash_distance"] = m.phash_distance
        doc["dhash_distance"] = m.dhash_distance
    if m is not None and m.region is not None:
        doc["region"] = list(m.region)
    if result.also:  # a collage: more than one original in the same image
        doc["also"] = [
            {"fingerprint": o.ref, "match": o.tier, "distance": o.distance, "how": list(o.how)}
            for o in result.also
        ]
    return doc


def video_scan_json(result: VideoScanResult) -> dict[str, object]:
    """A candidate matched against videos (or a candidate video): the fields of an
    image's line (docs/matching.md), ``"kind"``, and what matched in words
    (English) and in numbers."""
    v = result.video
    doc: dict[str, object] = {
        "path": result.path,
        "match": v.tier if v else None,
        "distance": v.distance if v else None,
        "fingerprint": v.ref if v else None,
        "kind": result.kind,
        "variant": v.variant if v else None,
        "how": list(v.how) if v else [],
        "quality": result.quality,
        "low_quality": result.low_quality,
    }
    if result.kind == "video":
        doc["frames"] = result.frames
        doc["duration"] = result.duration
    if v is not None:
        from ..videomatch import describe

        doc["explanation"] = describe(v, "en")
        for key, value in (
            ("query_share", v.query_share),
            ("target_share", v.target_share),
            ("original_span", v.original_span),
            ("copy_span", v.copy_span),
            ("at", v.at),
        ):
            if value is not None:
                doc[key] = _rounded(value)
    return doc


def _rounded(value: float | tuple[float, float]) -> object:
    return [round(x, 3) for x in value] if isinstance(value, tuple) else round(value, 3)


def scan_command(
    ctx: typer.Context,
    paths: PathsArg,
    case: CaseOpt = None,
    fingerprints: FingerprintsOpt = None,
    workers: WorkersOpt = None,
    show_all: AllOpt = False,
    record: RecordOpt = False,
    allow_private: AllowPrivateOpt = False,
    timeout: TimeoutOpt = DEFAULT_TIMEOUT,
    pages: PagesOpt = 1,
    max_pages: MaxPagesOpt = MAX_PAGES,
    max_images: MaxImagesOpt = MAX_IMAGES_PER_PAGE,
    max_video_mb: MaxVideoOpt = None,
    json_out: JsonOpt = False,
) -> int:
    """Look for copies of your images (mirrored, rescaled, cropped, screenshotted)
    among files, or at web addresses.

    Give either --case (your own case) or --fingerprints (a hash-only export
    someone gave you). Nothing is stored: not the files, not their names; web
    addresses are only added to the case with --record. For a web page, every
    image it shows is compared (with --pages, also its next pages). Images
    fetched from web addresses are compared in memory and never saved.
    """
    if (case is None) == (fingerprints is None):
        raise UsageError("scan.error.case-or-fingerprints")
    state = get_state(ctx)
    if record and case is None:
        raise UsageError(t("scan.record-needs-case", state.lang))
    urls: list[str] = []
    files: list[Path] = []
    for given in paths:
        if given.strip().lower().startswith(("http://", "https://")):
            urls.append(given)
        else:
            files.append(Path(given))
    ui = state.ui(json_mode=json_out)
    data = None
    if fingerprints is not None:
        try:
            from ..export import load_fingerprint_file

            data = load_fingerprint_file(fingerprints, passphrase=passphrase_to_read(ui))
        except ExportFormatError as exc:  # nothing can be scanned without it
            raise NoFingerprintsError(exc.key or str(exc), **exc.values) from None
    results: list[ScanResult] = []
    shown: list[ScanResult] = []  # the table's rows: files, and addresses that are an image
    page_reports: list[PageReport] = []
    recorded: set[str] = set()
    found_at: list[str] = []  # web addresses with a strong match, in the order given
    with state.workspace() as ws:
        index = ws.match_index(case=case, fingerprints=data)  # a bad case fails before any work
        with ui.progress() as progress:
            if files:
                videos = ws.video_index(case=case, fingerprints=data)
                for outcome in ws.scan(
                    files, index=index, videos=videos, workers=workers, progress=progress
                ):
                    results.append(outcome.result)
                    shown.append(outcome.result)
                    if json_out:
                        ui.emit(scan_json(outcome.result))
            if urls:
                from ..checks.settings import video_cap

                web = WebScan(
                    ws, ui, index, videos=ws.video_index(case=case, fingerprints=data),
                    case=case if record else None, json_out=json_out,
                )  # fmt: skip
                with video_cap(max_video_mb):
                    reports = web.run(
                        urls, timeout=timeout, allow_private=allow_private, pages=pages,
                        max_pages=max_pages, max_images=max_images, lang=state.lang,
                        progress=progress,
                    )  # fmt: skip
                results += [r.as_scan_result(state.lang) for r in reports]
                shown += [r.as_scan_result(state.lang) for r in reports if r.direct_image]
                page_reports = [r for r in reports if not r.direct_image]
                recorded = set(web.recorded)
                found_at = [r.url for r in reports if r.strong]
                findings = [f for r in reports if not r.direct_image for f in r.findings]
                if findings and not json_out:
                    _show_findings(ui, reports)
    if not results:  # nothing to look through is "nothing could be done" (exit 3)
        ui.warn(t("scan.nothing", ui.lang))
        return batch_exit(0, 0)
    if not json_out:
        unrecorded = [url for url in found_at if url not in recorded]
        # Nothing was kept of these addresses: say how to keep them, as a command that works.
        keep = shell_command("sighting", "add", case, *unrecorded) if case and unrecorded else None
        _show(ui, shown, page_reports, show_all=show_all, recorded=len(recorded), case=case,
              keep_command=keep)  # fmt: skip
    return batch_exit(sum(r.error is not None for r in results), len(results))


def _show(
    ui: UI,
    results: list[ScanResult],
    pages: list[PageReport],
    *,
    show_all: bool,
    recorded: int = 0,
    case: str | None = None,
    keep_command: str | None = None,
) -> None:
    strong = sum(1 for r in results if r.match and r.match.tier == "strong")
    possible = sum(1 for r in results if r.match and r.match.tier == "possible")
    failed = sum(1 for r in results if r.error is not None)
    none = len(results) - strong - possible - failed
    listed = [r for r in results if show_all or r.match is not None or r.error is not None]
    listed.sort(key=lambda r: (_ORDER[r.match.tier if r.match else None], r.error is None))
    if listed:
        rows = [_row(r, ui.lang) for r in listed]
        ui.table(None, t("scan.columns", ui.lang).split("|"), rows)
    if results:
        ui.msg(
            "scan.summary",
            total=len(results),
            strong=strong,
            possible=possible,
            none=none,
            failed=failed,
            style="green" if not failed else "yellow",
        )
    if pages:
        page_strong = sum(p.strong for p in pages)
        page_possible = sum(p.possible for p in pages)
        ui.msg(
            "scan.pages-summary",
            pages=len(pages),
            compared=sum(p.compared for p in pages),
            strong=page_strong,
            possible=page_possible,
            failed=sum(p.failed for p in pages) + sum(1 for p in pages if p.error_key),
            style="green" if page_strong or page_possible else None,
        )
        strong += page_strong
        possible += page_possible
    if none and not show_all:
        ui.msg("scan.hidden", count=none)
    low = sum(1 for r in results if r.low_quality)
    if low:
        ui.msg("scan.low-quality", count=low, style="yellow")
    if strong:
        ui.msg("scan.strong", style="bold")
    if possible:
        ui.msg("scan.possible")
    if not strong and not possible:
        ui.msg("scan.none")
    if recorded:
        ui.msg("scan.recorded", count=recorded, id=case)
    else:
        ui.msg("scan.stored-nothing")
    if keep_command:
        ui.msg("scan.record-next", command=keep_command)
    ui.footer()


def _row(r: ScanResult, lang: Lang) -> tuple[object, ...]:
    if r.error is not None:
        return (r.path, "—", "—", "—", t("hash.row.failed", lang, error=reason(r.error, lang)))
    from ..videomatch import VideoScanResult, describe  # loaded by the scan already

    if isinstance(r, VideoScanResult):
        return _video_row(r, lang)
    m = r.match
    if m is None:
        note = t("scan.row.plain", lang) if r.low_quality else ""
        return (r.path, t("scan.tier.none", lang), "—", "—", note)
    notes = [describe(m, lang)]
    if m.low_quality:
        notes.append(t("scan.row.plain-check", lang))
    if r.also:
        also = ", ".join(f"{o.ref} ({t(f'scan.tier.{o.tier}', lang)})" for o in r.also)
        notes.append(t("scan.row.also", lang, refs=also))
    return (r.path, t(f"scan.tier.{m.tier}", lang), f"{m.distance} bits", m.ref, ", ".join(notes))


def _video_row(r: VideoScanResult, lang: Lang) -> tuple[object, ...]:
    from ..videomatch import clock, describe

    v = r.video
    notes = [t("scan.row.video", lang, duration=clock(r.duration))] if r.duration else []
    if v is None:
        return (r.path, t("scan.tier.none", lang), "—", "—", ", ".join(notes))
    notes.insert(0, describe(v, lang))
    if v.query_share is not None and v.target_share is not None and "whole" not in v.how:
        notes.append(
            t("video.shares", lang, query=round(100 * v.query_share),
              target=round(100 * v.target_share))
        )  # fmt: skip
    return (r.path, t(f"scan.tier.{v.tier}", lang), f"{v.distance} bits", v.ref, "; ".join(notes))


# -- web addresses: whole pages ---------------------------------------------------------------


class WebScan:
    """``scan URL``: every image of each page (and its next pages), printed as it goes.

    One JSON line per matching image (``kind: "image"``: the page in
    ``path``, the image's own address in ``image_url``) and one per page
    (``kind: "page"``: an image's candidate line (docs/matching.md) for the address, with
    the page's counts). With a case to record in, each page with a strong
    match becomes a sighting as soon as it is done.
    """

    def __init__(
        self,
        ws: Workspace,
        ui: UI,
        index: MatchIndex,
        *,
        videos: VideoIndex | None = None,
        case: str | None,
        json_out: bool,
    ) -> None:
        self.ws = ws
        self.ui = ui
        self.index = index
        self.videos = videos
        self.case = case
        self.json_out = json_out
        self.recorded: dict[str, int] = {}

    def run(
        self,
        urls: list[str],
        *,
        timeout: float,
        allow_private: bool,
        pages: int,
        max_pages: int,
        max_images: int,
        lang: Lang,
        progress: Progress,
    ) -> list[PageReport]:
        return self.ws.scan_pages(
            urls, index=self.index, videos=self.videos, on_page=self.page_done, timeout=timeout,
            allow_private=allow_private, pages=pages, max_pages=max_pages,
            max_images=max_images, lang=lang, progress=progress,
        )  # fmt: skip

    def page_done(self, report: PageReport) -> None:
        if self.case is not None:
            self.recorded.update(self.ws.record_page_scan(self.case, [report]))
        extra = {"recorded": report.url in self.recorded} if self.case is not None else {}
        if self.json_out:
            for finding in () if report.direct_image else report.findings:
                self.ui.emit({**finding_json(finding), **extra})
            self.ui.emit({**page_json(report), **extra})
        else:
            _say_page(self.ui, report)


def finding_json(finding: ImageFinding) -> dict[str, object]:
    m = finding.match
    return {
        "kind": "video" if finding.video is not None else "image",
        "path": finding.page_url,
        "page": finding.page_url,
        "image_url": finding.image_url,
        "match": m.tier,
        "distance": m.distance,
        "fingerprint": m.ref,
        "how": list(m.how),
        "explanation": finding_explanation(finding, "en"),
        "found_in": finding.source,
        "thumbnail": finding.thumbnail,
    }


def finding_explanation(finding: ImageFinding, lang: Lang) -> str:
    """What matched on a page, in words: a video's part and times, or an image's changes."""
    from ..videomatch import describe  # loaded by the page scan already

    return describe(finding.video if finding.video is not None else finding.match, lang)


def page_json(report: PageReport) -> dict[str, object]:
    doc: dict[str, object] = {
        "kind": "page",
        **scan_json(report.as_scan_result()),
        "page": report.url,
        "page_number": report.number,
        "input": report.input,
        "images": report.images,
        "compared": report.compared,
        "strong": report.strong,
        "possible": report.possible,
        "failed": report.failed,
        "tiny_skipped": report.tiny,
        "over_cap": report.over_cap,
        "not_reached": report.not_reached,
        "videos": list(report.videos),
        "videos_compared": report.videos_compared,
        "next_page": report.next_url,
        "stopped": report.stopped,
    }
    if report.error_key is not None:
        doc["reason_key"] = report.error_key
    return doc


def _say_page(ui: UI, report: PageReport) -> None:
    """The per-page summary line (and why a page ended early), on stderr."""
    lang = ui.lang
    error = report.error_in(lang)
    if error is not None:
        ui.msg(
            "scan.page.failed", number=report.number, url=report.url, reason=error, style="yellow"
        )
    elif not report.direct_image:
        ui.msg(
            "scan.page.summary",
            number=report.number,
            url=report.url,
            compared=report.compared,
            strong=report.strong,
            possible=report.possible,
            failed=report.failed,
        )
    if report.tiny:
        ui.msg("scan.page.tiny", count=report.tiny, style="dim")
    if report.over_cap:
        ui.msg("scan.page.over-cap", count=report.over_cap, style="yellow")
    if report.stopped == "budget" and report.not_reached:
        ui.msg("scan.page.budget", count=report.not_reached, style="yellow")
    elif report.stopped in ("loop", "max_pages"):
        ui.msg(f"scan.page.{report.stopped.replace('_', '-')}", style="yellow")
    if report.videos:
        videos = [f for f in report.findings if f.video is not None]
        ui.msg(
            "scan.page.videos-compared",
            count=len(report.videos),
            compared=report.videos_compared,
            strong=sum(1 for f in videos if f.match.tier == "strong"),
            possible=sum(1 for f in videos if f.match.tier == "possible"),
        )


def _show_findings(ui: UI, reports: list[PageReport]) -> None:
    lang = ui.lang
    rows = [
        (f.page_url, f.image_url, t(f"scan.tier.{f.match.tier}", lang), f"{f.match.distance} bits",
         f.match.ref, finding_explanation(f, lang))
        for r in reports
        if not r.direct_image
        for f in r.findings
    ]  # fmt: skip
    ui.table(None, t("scan.page.columns", lang).split("|"), rows)
