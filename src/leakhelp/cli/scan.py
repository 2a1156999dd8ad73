"""``leakhelp scan``: find copies of a case's images (or an export's) among files.

Works without the originals: a helper who got a hash-only export scans with
``--fingerprints export.json``. Nothing is stored: not the candidates, not
their paths, not the results.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..errors import ExportFormatError, NoFingerprintsError, UsageError
from ..i18n import reason, t
from ..models import DEFAULT_TIMEOUT, Lang
from .app import get_state
from .options import AllowPrivateOpt, CaseOpt, JsonOpt, TimeoutOpt
from .ui import UI

if TYPE_CHECKING:
    from ..matching import ScanResult

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

_ORDER = {"strong": 0, "possible": 1, None: 2}


def scan_json(result: ScanResult) -> dict[str, object]:
    """One JSON line per candidate (CONTRACT.md), plus details on how it matched."""
    if result.error is not None:
        return {"path": result.path, "error": result.error}
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
    json_out: JsonOpt = False,
) -> int:
    """Look for copies of your images (mirrored, rescaled, cropped, screenshotted)
    among files, or at web addresses.

    Give either --case (your own case) or --fingerprints (a hash-only export
    someone gave you). Nothing is stored: not the files, not their names; web
    addresses are only added to the case with --record. Images fetched from
    web addresses are compared in memory and never saved.
    """
    if (case is None) == (fingerprints is None):
        raise UsageError("give either --case ID or --fingerprints FILE (one of them, not both)")
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

            data = load_fingerprint_file(fingerprints)
        except ExportFormatError as exc:  # nothing can be scanned without it
            raise NoFingerprintsError(str(exc)) from None
    results: list[ScanResult] = []
    recorded: set[str] = set()
    with state.workspace() as ws:
        index = ws.match_index(case=case, fingerprints=data)  # a bad case fails before any work
        with ui.progress() as progress:
            if files:
                for outcome in ws.scan(files, index=index, workers=workers, progress=progress):
                    results.append(outcome.result)
                    if json_out:
                        ui.emit(scan_json(outcome.result))
            if urls:
                found = ws.scan_urls(
                    urls, index=index, timeout=timeout, allow_private=allow_private,
                    lang=state.lang, progress=progress,
                )  # fmt: skip
                strong = [r.path for r in found if r.match is not None and r.match.tier == "strong"]
                if record and case is not None and strong:
                    added = ws.add_sightings(case, strong, source="scan")
                    recorded = {o.input for o in added if o.ok}
                results += found
                if json_out:
                    for r in found:
                        ui.emit(
                            {**scan_json(r), **({"recorded": r.path in recorded} if record else {})}
                        )
    if not results:  # nothing to look through is "nothing could be done" (exit 3)
        ui.warn(t("scan.nothing", ui.lang))
        return 3
    if not json_out:
        _show(ui, results, show_all=show_all, recorded=len(recorded), case=case)
    return 1 if any(r.error is not None for r in results) else 0


def _show(
    ui: UI, results: list[ScanResult], *, show_all: bool, recorded: int = 0, case: str | None = None
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
    ui.msg(
        "scan.summary",
        total=len(results),
        strong=strong,
        possible=possible,
        none=none,
        failed=failed,
        style="green" if not failed else "yellow",
    )
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
    ui.footer()


def _row(r: ScanResult, lang: Lang) -> tuple[object, ...]:
    if r.error is not None:
        return (r.path, "—", "—", "—", t("hash.row.failed", lang, error=reason(r.error, lang)))
    m = r.match
    if m is None:
        note = t("scan.row.plain", lang) if r.low_quality else ""
        return (r.path, t("scan.tier.none", lang), "—", "—", note)
    notes = [t(f"scan.how.{how}", lang) for how in m.how] or [t("scan.how.same", lang)]
    if m.via == "region":
        notes.append(t("scan.row.region", lang))
    if m.low_quality:
        notes.append(t("scan.row.plain-check", lang))
    if r.also:
        also = ", ".join(f"{o.ref} ({t(f'scan.tier.{o.tier}', lang)})" for o in r.also)
        notes.append(t("scan.row.also", lang, refs=also))
    return (r.path, t(f"scan.tier.{m.tier}", lang), f"{m.distance} bits", m.ref, ", ".join(notes))
