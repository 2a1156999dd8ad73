"""``leakhelp check``: is it still online? Many URLs at once, without showing anything.

The work is :meth:`leakhelp.api.Workspace.check`; this module only gathers
the URLs (arguments, ``--from FILE``, ``--from -`` for standard input),
calls it and prints: one JSON line per URL with ``--json``, else a table
sorted by state, a summary, what changed and which requests that settles.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..errors import UsageError, batch_exit
from ..i18n import t
from ..models import DEFAULT_CONCURRENCY, DEFAULT_PER_HOST, DEFAULT_TIMEOUT, CheckState, Lang
from ..paths import shell_command
from ..tracking import read_url_file
from .options import AllowPrivateOpt, CaseOpt, JsonOpt, MaxVideoOpt, TimeoutOpt
from .state import get_state
from .ui import UI

if TYPE_CHECKING:  # the library loads when the command runs, not for --help
    from ..api import CheckReport

#: Table order: what still needs action first, what is settled last.
STATE_ORDER: tuple[CheckState, ...] = ("online", "unknown", "unreachable", "removed")

UrlsArg = Annotated[
    list[str] | None,
    typer.Argument(help="Web addresses to check.", show_default=False),
]
AllOpt = Annotated[bool, typer.Option("--all", help="Check every open sighting of every case.")]
FromOpt = Annotated[
    str | None,
    typer.Option(
        "--from",
        help="Read web addresses from a file (one per line, or a CSV with a url column); - reads standard input.",
        show_default=False,
    ),
]
ConcurrencyOpt = Annotated[
    int, typer.Option("--concurrency", min=1, max=256, help="Requests at once, in all.")
]
PerHostOpt = Annotated[
    int, typer.Option("--per-host", min=1, max=32, help="Requests at once to one site.")
]


def report_json(report: CheckReport) -> dict[str, object]:
    r = report.result
    doc: dict[str, object] = {
        "url": report.input,
        "state": r.state,
        "http_status": r.http_status,
        "reason": r.reason,
        "image_match": r.image_match,
        "final_url": r.final_url,
        "platform": r.platform,
        "checked_at": r.checked_at,
        "elapsed_ms": r.elapsed_ms,
    }
    if report.input != r.url:
        doc["checked_url"] = r.url
    if report.sighting is not None:
        doc["case"] = report.sighting.case_id
        doc["sighting"] = report.sighting.id
        doc["previous"] = report.previous
        doc["changed"] = report.changed
        doc["recorded"] = report.outcome is not None and report.outcome.recorded
        doc["settled_requests"] = list(report.settled_requests)
    else:
        doc["changed"] = None
    return doc


def _read_urls(source: str) -> list[str]:
    if source == "-":
        text = sys.stdin.read()
        return [
            line.strip()
            for line in text.splitlines()
            if line.strip() and not line.lstrip().startswith("#")
        ]
    return read_url_file(Path(source))


def check_command(
    ctx: typer.Context,
    urls: UrlsArg = None,
    case: CaseOpt = None,
    all_open: AllOpt = False,
    from_file: FromOpt = None,
    timeout: TimeoutOpt = DEFAULT_TIMEOUT,
    allow_private: AllowPrivateOpt = False,
    concurrency: ConcurrencyOpt = DEFAULT_CONCURRENCY,
    per_host: PerHostOpt = DEFAULT_PER_HOST,
    max_video_mb: MaxVideoOpt = None,
    json_out: JsonOpt = False,
) -> int:
    """Check whether web addresses still show the content: online, removed, unknown or unreachable.

    Nothing is shown on screen but the verdicts: you do not have to look at
    the images again. With --case, images found on the pages are compared
    with that case's fingerprints (in memory; nothing is saved), and the
    checks of the case's sightings are kept as evidence.
    """
    state = get_state(ctx)
    ui = state.ui(json_mode=json_out)
    given = list(urls or [])
    if from_file is not None:
        given += _read_urls(from_file)
    if all_open and (given or case):
        raise UsageError(t("check.usage.all", state.lang))
    if not given and not case and not all_open:
        if from_file is not None:
            ui.msg("check.none_given", style="yellow")
            return 0
        raise UsageError(t("check.usage.nothing", state.lang))
    ui.msg("check.going-online", style="dim")
    from ..checks.settings import video_cap

    try:
        with video_cap(max_video_mb), state.workspace() as ws, ui.progress() as progress:
            reports = ws.check(
                given or None,
                case=case,
                all_open=all_open,
                timeout=timeout,
                allow_private=allow_private,
                concurrency=concurrency,
                per_host=per_host,
                lang=state.lang,
                progress=progress,
            )
    except KeyboardInterrupt:  # checks are kept only once all are done: say so
        ui.warn(t("check.interrupted", state.lang))
        raise typer.Exit(130) from None
    if json_out:
        for report in reports:
            ui.emit(report_json(report))
    else:
        _show(ui, reports, all_open=all_open or (case is not None and not given))
    return batch_exit(sum(not r.checked for r in reports), max(len(reports), 1))


def _show(ui: UI, reports: list[CheckReport], *, all_open: bool) -> None:
    if not reports:
        ui.msg(
            "check.none_open" if all_open else "check.none_given",
            style="yellow",
            command=shell_command("cases"),
        )
        ui.footer()
        return
    lang = ui.lang
    tracked = [r for r in reports if r.sighting is not None]
    compared = any(r.result.image_match is not None for r in reports)
    columns = ["state", "url", "http", *(["image"] if compared else []), "why"]
    columns += ["change"] if tracked else []
    ordered = sorted(enumerate(reports), key=lambda p: (STATE_ORDER.index(p[1].result.state), p[0]))
    rows = []
    for _, report in ordered:
        r = report.result
        cells: dict[str, object] = {
            "state": t(f"check.state.{r.state}", lang),
            "url": report.input,
            "http": r.http_status if r.http_status is not None else "—",
            "image": t(f"check.match.{r.image_match}", lang) if r.image_match else "—",
            "why": r.reason_in(lang),
            "change": _change(report, lang),
        }
        rows.append([cells[c] for c in columns])
    ui.table(None, [t(f"check.col.{c}", lang) for c in columns], rows)
    counts = {s: sum(1 for r in reports if r.result.state == s) for s in STATE_ORDER}
    ui.msg("check.summary", total=len(reports), **counts, style="bold")
    other = sum(1 for r in reports if r.result.image_match == "none")
    if other:
        ui.msg("check.other_images", count=other)
    changed = [r for r in reports if r.changed and r.previous is not None]
    if tracked:
        first = sum(1 for r in tracked if r.previous is None)
        ui.msg("check.changed", count=len(changed), tracked=len(tracked), first=first)
    settled = sorted({rid for r in reports for rid in r.settled_requests})
    if settled:
        ui.msg(
            "check.settled",
            ids=", ".join(f"#{i}" for i in settled),
            style="green",
        )
    if counts["removed"]:
        ui.msg("check.removed_note", style="green")
    if counts["unknown"] or counts["unreachable"]:
        ui.msg("check.unknown_note")
    ui.footer()


def _change(report: CheckReport, lang: Lang) -> str:
    if report.sighting is None:
        return ""
    if report.previous is None:
        return t("check.change.first", lang)
    if report.previous == report.result.state:
        return t("check.change.same", lang)
    return t("check.change.was", lang, state=t(f"check.state.{report.previous}", lang))
