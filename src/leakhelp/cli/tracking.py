"""``leakhelp sighting|request|overdue|cases|stats``: keep track of a case.

Every command here is a thin layer over a :class:`~leakhelp.api.Workspace`
method: it translates arguments, calls the library and prints.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..errors import LeakhelpError, SightingNotFoundError, UsageError, batch_exit
from ..i18n import columns, t, text_or
from ..law import basis_label
from ..models import ANSWER_OUTCOMES, CHANNELS, Lang
from ..paths import ensure_private_dir, shell_command, write_private_file
from ..tracking import (
    OTHER_PLATFORM,
    NextStep,
    is_overdue,
    parse_user_time,
    read_url_file,
    readable_time,
    route_command,
)
from ..views import request_dict, sighting_dict
from .options import CaseArg, CaseOpt, JsonOpt, folder_option
from .state import State, get_state
from .ui import UI

if TYPE_CHECKING:  # the library loads when the command runs, not for --help
    from ..api import OverdueItem, SightingOutcome, Workspace
    from ..registry import Registry

sighting_app = typer.Typer(
    help="Record the web addresses where the images were seen.", no_args_is_help=True
)
request_app = typer.Typer(
    help="Write removal requests, note when they were sent and what came back.",
    no_args_is_help=True,
)

RequestIdArg = Annotated[int, typer.Argument(help="Request id (see `leakhelp request list`).")]


# -- JSON shapes ------------------------------------------------------------------


def _step_lines(ui: UI, step: NextStep, lang: Lang) -> None:
    ui.out.print(f"  → {step.text}")
    for line in route_lines(step, lang):
        ui.out.print(line)


def route_lines(step: NextStep, lang: Lang) -> list[str]:
    """Where to take a request next, each with the full command that notes it."""
    if step.kind != "escalate" or step.request_id is None:
        return []  # the routes are in --json; shown when they are the step
    lines = []
    for route in step.routes:
        where = f" — {route.where}" if route.where else ""
        lines.append(f"     • {route.label(lang)}: {route.what[lang]}{where}")
        command = route_command(step.request_id, route.id)
        lines.append(f"       {t('next.escalate-command', lang, command=command)}")
    return lines


# -- sightings --------------------------------------------------------------------


@sighting_app.command("add")
def sighting_add(
    ctx: typer.Context,
    case: CaseArg,
    urls: Annotated[
        list[str] | None, typer.Argument(help="Web addresses where you saw it.", show_default=False)
    ] = None,
    from_files: Annotated[
        list[Path] | None,
        typer.Option(
            "--from",
            help="A text file (one URL per line) or a CSV file (a 'url' column). May be repeated.",
            show_default=False,
        ),
    ] = None,
    seen_at: Annotated[
        str | None,
        typer.Option(
            "--seen-at",
            help="When you first saw it, e.g. 2026-05-19 or '2026-05-19 14:30' (your local time).",
            show_default=False,
        ),
    ] = None,
    note: Annotated[
        str | None,
        typer.Option(
            "--note", help="A note of your own, kept with the address.", show_default=False
        ),
    ] = None,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="List every address, also for long lists.")
    ] = False,
    json_out: JsonOpt = False,
) -> int:
    """Record where the images were seen. The same address twice is one sighting.

    The time you give with --seen-at is kept apart from the time leakhelp records.
    """
    state = get_state(ctx)
    ui = state.ui(json_mode=json_out)
    inputs = list(urls or [])
    for file in from_files or []:
        inputs += read_url_file(file)
    if not inputs:
        raise UsageError(ui_text(ui, "sighting.nothing-given"))
    with state.workspace() as ws:
        found = ws.case(case)
        seen = parse_user_time(seen_at, now=ws.now()) if seen_at else None
        outcomes = ws.add_sightings(
            found.id,
            inputs,
            source="file" if from_files else "manual",
            seen_at=seen,
            note=note.strip() if note and note.strip() else None,
        )
    failed = [o for o in outcomes if not o.ok]
    if json_out:
        for o in outcomes:
            ui.emit(_sighting_outcome_json(o))
    else:
        _show_added(ui, outcomes, every=verbose)
        ui.msg(
            "sighting.summary",
            added=sum(o.status == "added" for o in outcomes),
            again=sum(o.status in ("seen-again", "reopened") for o in outcomes),
            failed=len(failed),
        )
        if len(failed) < len(outcomes):
            ui.msg("sighting.next", command=shell_command("request", "draft", found.id))
        ui.footer()
    return batch_exit(len(failed), len(outcomes))


def status_text(status: str, lang: Lang) -> str:
    """A request's or answer's status in plain words ("written, not sent")."""
    return text_or(f"status.{status}", lang, status)


def ui_text(ui: UI, key: str, **values: object) -> str:
    return t(key, ui.lang, **values)


def _sighting_outcome_json(o: SightingOutcome) -> dict[str, object]:
    if o.sighting is None:
        return {"url": o.input, "error": o.error}
    doc = sighting_dict(o.sighting, o.platform_name)
    doc["status"] = o.status
    doc["new"] = o.status == "added"
    return doc


#: Longest list of added addresses shown row by row without --verbose; a longer
#: one (a pasted export of 5,000 links) gets the summary and its failures only.
ROWS_SHOWN = 20


def _show_added(ui: UI, outcomes: list[SightingOutcome], *, every: bool = False) -> None:
    shown = outcomes if every or len(outcomes) <= ROWS_SHOWN else [o for o in outcomes if not o.ok]
    rows: list[tuple[object, ...]] = []
    for o in shown[: None if every else ROWS_SHOWN]:
        if o.sighting is None:
            rows.append(
                ("—", o.input, "", t("sighting.not-added", ui.lang, error=o.error_text(ui.lang)))
            )
        else:
            s = o.sighting
            status = t(f"sighting.status.{o.status}", ui.lang)
            rows.append((s.id, s.url, o.platform_name or s.platform or "", status))
    if rows:
        ui.table(None, columns(ui.lang, "id", "url", "platform", "result"), rows)
    if len(shown) > len(rows) or len(shown) < len(outcomes):
        ui.msg("sighting.rows-left-out", n=len(outcomes) - len(rows))


@sighting_app.command("list")
def sighting_list(
    ctx: typer.Context,
    case: CaseArg,
    open_only: Annotated[bool, typer.Option("--open", help="Only those still online.")] = False,
    json_out: JsonOpt = False,
) -> int:
    """List the web addresses recorded in a case."""
    state = get_state(ctx)
    ui = state.ui(json_mode=json_out)
    with state.workspace() as ws:
        found = ws.case(case)
        items = ws.sightings(found.id, state="open" if open_only else None)
        names = {s.platform: _platform_name(ws, s.platform) for s in items if s.platform}
        evidence = ws.evidence(found.id)
    if json_out:
        for s in items:
            ui.emit(sighting_dict(s, names.get(s.platform) if s.platform else None))
        return 0
    if not items:
        ui.msg("sighting.none", command=shell_command("sighting", "add", found.id))
        return 0
    ui.table(
        None,
        columns(ui.lang, "id", "url", "platform", "first seen", "state"),
        [
            (
                s.id,
                s.url,
                names.get(s.platform, s.platform) if s.platform else "",
                readable_time(s.seen_at or s.first_seen, ui.lang),
                evidence[s.id].describe(ui.lang),
            )
            for s in items
        ],
    )
    return 0


def _platform_name(ws: Workspace, platform: str) -> str:
    try:
        return ws.registry.get(platform).name
    except LeakhelpError:
        return platform


def _sighting_batch(ctx: typer.Context, ids: list[int], json_out: bool, *, reopen: bool) -> int:
    state = get_state(ctx)
    ui = state.ui(json_mode=json_out)
    failed = 0
    with state.workspace() as ws:
        for sid in ids:
            try:
                sighting, requests = ws.reopen(sid) if reopen else ws.mark_removed(sid)
            except SightingNotFoundError as exc:
                failed += 1
                if json_out:
                    ui.emit({"id": sid, "error": str(exc)})
                else:
                    ui.error(exc.text(ui.lang))
                continue
            if json_out:
                doc = sighting_dict(sighting)
                doc["reopened_requests" if reopen else "settled_requests"] = requests
                ui.emit(doc)
                continue
            ui.msg("sighting.reopened" if reopen else "sighting.marked-removed", id=sid)
            if requests:
                key = "request.reopened" if reopen else "request.settled"
                ui.msg(key, ids=", ".join(f"#{r}" for r in requests), style="green")
    if not json_out:
        ui.footer()
    return batch_exit(failed, len(ids))


@sighting_app.command("removed")
def sighting_removed(
    ctx: typer.Context,
    ids: Annotated[list[int], typer.Argument(help="Sighting id(s) (see `sighting list`).")],
    json_out: JsonOpt = False,
) -> int:
    """Mark sightings as removed by hand (you saw that the content is gone)."""
    return _sighting_batch(ctx, ids, json_out, reopen=False)


@sighting_app.command("reopen")
def sighting_reopen(
    ctx: typer.Context,
    ids: Annotated[list[int], typer.Argument(help="Sighting id(s) (see `sighting list`).")],
    json_out: JsonOpt = False,
) -> int:
    """The content is back online: open sightings again."""
    return _sighting_batch(ctx, ids, json_out, reopen=True)


# -- requests ---------------------------------------------------------------------


_LETTER_SUFFIX = {"txt": "txt", "md": "md", "eml": "eml", "form": "txt"}


@request_app.command("draft")
def request_draft(
    ctx: typer.Context,
    case: CaseArg,
    basis: Annotated[
        str | None,
        typer.Option(
            "--basis",
            help="Legal basis for every letter (default: the best one per platform). "
            "ncii-policy, take-it-down, dsa-16, dmca, gdpr-17 or delisting.",
            show_default=False,
        ),
    ] = None,
    platform: Annotated[
        str | None,
        typer.Option(
            "--platform", help="Only this platform (id or name) or web site.", show_default=False
        ),
    ] = None,
    fmt: Annotated[
        str, typer.Option("--format", help="Letter format: txt, md, eml or form.")
    ] = "txt",
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            help="Folder to save the letters in (files readable only by you).",
            show_default=False,
            callback=folder_option,
        ),
    ] = None,
    days: DaysOpt = None,
    again: Annotated[
        bool, typer.Option("--again", help="Also include addresses that already have a request.")
    ] = False,
    search_terms: Annotated[
        list[str] | None,
        typer.Option(
            "--search-term",
            help="Search words that show the results (for delisting).",
            show_default=False,
        ),
    ] = None,
    work: Annotated[
        str | None,
        typer.Option(
            "--work", help="Which photo of yours it is (for a DMCA notice).", show_default=False
        ),
    ] = None,
    description: Annotated[
        str | None,
        typer.Option(
            "--description",
            help="What the platform should look for (e.g. a time in a video).",
            show_default=False,
        ),
    ] = None,
    json_out: JsonOpt = False,
) -> int:
    """Write one removal request per platform for the open web addresses, filled from
    the case details (leakhelp case profile), and keep each as "drafted"."""
    state = get_state(ctx)
    ui = state.ui(json_mode=json_out)
    if fmt not in _LETTER_SUFFIX:
        raise UsageError("error.format", choices=", ".join(_LETTER_SUFFIX))
    from ..letters import LetterFields  # loaded for drafting only

    extra = LetterFields(search_terms=tuple(search_terms or ()), work=work, description=description)
    with state.workspace() as ws:
        found = ws.case(case)
        outcomes = ws.draft_requests(
            found.id,
            basis=basis.lower() if basis else None,
            platform=platform,
            fmt=fmt,
            again=again,
            days=days,
            fields=extra,
        )
    if not outcomes:
        if json_out:
            return 0
        ui.msg("request.nothing", command=shell_command("sighting", "add", found.id))
        return 0
    if out is not None:
        ensure_private_dir(out)
    failed = 0
    written: list[Path] = []
    for o in outcomes:
        urls = [s.url for s in o.sightings]
        if not o.ok or o.request is None or o.letter is None:
            failed += 1
            if json_out:
                ui.emit(
                    {
                        "id": None,
                        "case": found.id,
                        "platform": o.platform,
                        "target": o.target,
                        "basis": o.basis,
                        "urls": urls,
                        "error": o.error,
                        "missing": list(o.missing),
                    }
                )
            elif o.missing:
                ui.error(_missing_hint(ui, o.target, o.missing, found.id))
            else:
                ui.error(f"{o.target}: {o.error_text(ui.lang)}")
            continue
        req, letter = o.request, o.letter
        path: Path | None = None
        if out is not None:
            slug = re.sub(r"[^a-z0-9.-]+", "-", o.target.lower()).strip("-") or "site"
            path = out / f"request-{req.id}-{slug}-{req.basis}.{_LETTER_SUFFIX[fmt]}"
            write_private_file(path, letter.text)
            written.append(path)
        if json_out:
            doc = request_dict(req)
            doc.update(
                {
                    "target": o.target,
                    "urls": urls,
                    "file": str(path) if path else None,
                    "warnings": list(letter.warnings),
                }
            )
            if path is None:
                doc["text"] = letter.text
            ui.emit(doc)
            continue
        ui.msg(
            "request.drafted",
            rid=req.id,
            target=o.target,
            basis=basis_label(req.basis, state.lang),
            n=len(urls),
            style="green",
        )
        for warning in letter.warnings:
            ui.warn(warning)
        if path is not None:
            ui.msg("request.written", path=str(path))
        else:
            ui.out.print(f"===== #{req.id} · {o.target} · {req.basis} =====")
            ui.out.print(letter.text)
        ui.msg("request.sent-command", command=shell_command("request", "sent", req.id))
    _record_outputs(state, found.id, written, "letter")
    if not json_out:
        if failed < len(outcomes):
            ui.msg("request.draft-next")
        ui.footer()
    return batch_exit(failed, len(outcomes))


def _record_outputs(state: State, case_id: str, paths: list[Path], kind: str) -> None:
    """Remember the files written for a case, so `case forget` can name them."""
    if not paths:
        return
    with state.workspace() as ws:
        for path in paths:
            ws.record_output(case_id, path, kind)


#: Where each letter field comes from: the case profile, or an option of `request draft`.
_PROFILE_OPTIONS = {"name", "email", "signature", "address", "phone", "country"}
_DRAFT_OPTIONS = {"search_terms": "--search-term", "work": "--work", "description": "--description"}


def _missing_hint(ui: UI, target: str, missing: tuple[str, ...], case_id: str) -> str:
    profile = [f"--{m}" for m in missing if m in _PROFILE_OPTIONS]
    options = [_DRAFT_OPTIONS[m] for m in missing if m in _DRAFT_OPTIONS]
    # What is missing in the reader's words (catalogue letter.needs.<field>), not field names.
    needs = ", ".join(text_or(f"letter.needs.{m}", ui.lang, m) for m in missing)
    text = ui_text(ui, "request.missing", target=target, fields=needs)
    if profile:
        text += " " + ui_text(
            ui,
            "request.missing-profile",
            command=shell_command("case", "profile", case_id),
            options=", ".join(profile),
        )
    if options:
        text += " " + ui_text(ui, "request.missing-option", options=", ".join(options))
    if "to" in missing:
        text += " " + ui_text(ui, "request.missing-to")
    return text


@request_app.command("list")
def request_list(
    ctx: typer.Context,
    case: Annotated[
        str | None, typer.Argument(help="Case id or name (all cases if left out).")
    ] = None,
    json_out: JsonOpt = False,
) -> int:
    """List removal requests and where each one stands."""
    state = get_state(ctx)
    ui = state.ui(json_mode=json_out)
    with state.workspace() as ws:
        items = ws.requests(case)
        now = ws.now()
        # Text names platforms as people know them; JSON keeps the ids.
        names = {} if json_out else ws.platform_names({r.target for r in items})
    if json_out:
        for r in items:
            ui.emit(request_dict(r, now=now))
        return 0
    if not items:
        ui.msg("request.none", command=shell_command("cases"))
        return 0
    ui.table(
        None,
        columns(ui.lang, "id", "case", "to", "basis", "status", "sent", "deadline", "reference"),
        [
            (
                r.id,
                r.case_id,
                names.get(r.target, r.target),
                basis_label(r.basis, ui.lang),
                status_text(r.status, ui.lang)
                + (f" ({t('column.overdue', ui.lang)})" if is_overdue(r, now) else ""),
                readable_time(r.sent_at, ui.lang) if r.sent_at else "",
                readable_time(r.deadline_at, ui.lang) if r.deadline_at else "",
                r.reference or "",
            )
            for r in items
        ],
    )
    return 0


@request_app.command("show")
def request_show(ctx: typer.Context, request_id: RequestIdArg, json_out: JsonOpt = False) -> int:
    """Show one request, with its letter as written."""
    state = get_state(ctx)
    ui = state.ui(json_mode=json_out)
    with state.workspace() as ws:
        req = ws.request(request_id)
        letter = ws.request_letter(request_id)
        urls = ws.request_urls(request_id)
        now = ws.now()
        step = ws.next_step_for(req, lang=state.lang)
        target = ws.platform_names([req.target])[req.target]
    if json_out:
        doc = request_dict(req, now=now)
        doc["urls"] = urls
        doc["letter"] = letter
        doc["next_step"] = step.as_dict(state.lang)
        ui.emit(doc)
        return 0
    ui.out.print(
        f"#{req.id}  {target}  ({basis_label(req.basis, state.lang)})"
        f"  — {status_text(req.status, state.lang)}"
    )
    for url in urls:
        ui.out.print(f"  {url}")
    if letter:
        ui.out.print("")
        ui.out.print(letter)
    _step_lines(ui, step, state.lang)
    return 0


ChannelOpt = Annotated[
    str | None,
    typer.Option("--channel", help="How it was sent: form, email, post or other."),
]
ReferenceOpt = Annotated[
    str | None,
    typer.Option("--reference", help="The ticket or reference number the platform gave."),
]
DaysOpt = Annotated[
    float | None,
    typer.Option(
        "--days", min=0.01, help="Deadline in days for this request (overrides the default)."
    ),
]


@request_app.command("sent")
def request_sent(
    ctx: typer.Context,
    request_id: RequestIdArg,
    channel: ChannelOpt = None,
    reference: ReferenceOpt = None,
    at: Annotated[
        str | None,
        typer.Option("--at", help="When it was sent, if not just now (e.g. 2026-05-19T14:30)."),
    ] = None,
    days: DaysOpt = None,
    json_out: JsonOpt = False,
) -> int:
    """Note that a request was sent; its deadline starts then."""
    state = get_state(ctx)
    ui = state.ui(json_mode=json_out)
    if channel is not None and channel.lower() not in CHANNELS:
        raise UsageError("error.channel", choices=", ".join(CHANNELS))
    with state.workspace() as ws:
        sent_at = parse_user_time(at, now=ws.now()) if at else None
        req = ws.mark_sent(
            request_id,
            channel=channel.lower() if channel else None,
            reference=reference,
            sent_at=sent_at,
            days=days,
        )
        now = ws.now()
    if json_out:
        ui.emit(request_dict(req, now=now))
    else:
        ui.msg(
            "request.sent",
            id=req.id,
            sent=readable_time(req.sent_at, state.lang),
            due=readable_time(req.deadline_at, state.lang),
            style="green",
        )
        ui.footer()
    return 0


@request_app.command("ack")
def request_ack(
    ctx: typer.Context,
    request_id: RequestIdArg,
    reference: Annotated[str, typer.Option("--reference", help="The platform's ticket number.")],
    json_out: JsonOpt = False,
) -> int:
    """The platform confirmed your request: save its reference number."""
    state = get_state(ctx)
    ui = state.ui(json_mode=json_out)
    with state.workspace() as ws:
        req = ws.acknowledge(request_id, reference)
    if json_out:
        ui.emit(request_dict(req))
    else:
        ui.msg("request.acknowledged", id=req.id, reference=req.reference, style="green")
    return 0


@request_app.command("answer")
def request_answer(
    ctx: typer.Context,
    request_id: RequestIdArg,
    outcome: Annotated[
        str, typer.Option("--outcome", help="removed, refused, partial or none (no reply).")
    ],
    note: Annotated[
        str | None, typer.Option("--note", help="A short note (e.g. the reason they gave).")
    ] = None,
    json_out: JsonOpt = False,
) -> int:
    """Note what the platform answered."""
    state = get_state(ctx)
    ui = state.ui(json_mode=json_out)
    value = outcome.lower()
    if value not in ANSWER_OUTCOMES:
        raise UsageError("error.outcome", choices=", ".join(ANSWER_OUTCOMES))
    with state.workspace() as ws:
        req, settled = ws.answer(request_id, value, note=note)
        step = ws.next_step_for(req, lang=state.lang)
    if json_out:
        doc = request_dict(req)
        doc["settled_requests"] = settled
        doc["next_step"] = step.as_dict(state.lang)
        ui.emit(doc)
        return 0
    ui.msg("request.answered", id=req.id, outcome=status_text(value, ui.lang), style="green")
    if settled:
        ui.msg("request.settled", ids=", ".join(f"#{r}" for r in settled), style="green")
    _step_lines(ui, step, state.lang)
    ui.footer()
    return 0


@request_app.command("remind")
def request_remind(ctx: typer.Context, request_id: RequestIdArg, json_out: JsonOpt = False) -> int:
    """Write a reminder for a late request (and note that you sent it)."""
    state = get_state(ctx)
    ui = state.ui(json_mode=json_out)
    with state.workspace() as ws:
        req, subject, text = ws.remind(request_id)
    if json_out:
        doc = request_dict(req)
        doc["reminder"] = {"subject": subject, "text": text}
        ui.emit(doc)
        return 0
    ui.out.print(subject)
    ui.out.print("")
    ui.out.print(text)
    ui.msg("request.reminded", id=req.id)
    ui.footer()
    return 0


@request_app.command("escalate")
def request_escalate(
    ctx: typer.Context,
    request_id: RequestIdArg,
    to: Annotated[
        str,
        typer.Option(
            "--to", help="Where you took it: e.g. ap, acm, ftc, esafety, helpwanted, police."
        ),
    ],
    json_out: JsonOpt = False,
) -> int:
    """Note that you took a request further (an authority, a helpline, the police)."""
    state = get_state(ctx)
    ui = state.ui(json_mode=json_out)
    with state.workspace() as ws:
        req = ws.escalate(request_id, to)
    if json_out:
        ui.emit(request_dict(req))
    else:
        from ..reports import route_words

        to_words = route_words(req.escalated_to, ui.lang)
        ui.msg("request.escalated", id=req.id, to=to_words, style="green")
        ui.footer()
    return 0


@request_app.command("deadline")
def request_deadline(
    ctx: typer.Context,
    request_id: RequestIdArg,
    days: DaysOpt = None,
    until: Annotated[
        str | None,
        typer.Option("--until", help="A new deadline date (e.g. an announced extension)."),
    ] = None,
    json_out: JsonOpt = False,
) -> int:
    """Change a request's deadline (days after sending, or a date)."""
    state = get_state(ctx)
    ui = state.ui(json_mode=json_out)
    with state.workspace() as ws:
        moment = None
        if until is not None:
            try:
                moment = datetime.fromisoformat(until)
            except ValueError:
                raise UsageError("error.not-a-date", text=until) from None
            if moment.tzinfo is None:
                moment = moment.replace(tzinfo=UTC)
        req = ws.set_deadline(request_id, days=days, until=moment)
    if json_out:
        ui.emit(request_dict(req))
    else:
        ui.msg("request.deadline", id=req.id, due=readable_time(req.deadline_at, state.lang))
    return 0


# -- overdue, cases, stats ----------------------------------------------------------


def overdue_json(item: OverdueItem, lang: Lang) -> dict[str, object]:
    r = item.request
    return {
        "request": r.id,
        "case": r.case_id,
        "platform": r.platform,
        "host": r.host,
        "basis": r.basis,
        "status": r.status,
        "sent_at": r.sent_at,
        "deadline_at": r.deadline_at,
        "hours_late": item.hours_late,
        "reference": r.reference,
        "reminders": r.reminders,
        "next_step": item.step.as_dict(lang),
    }


def overdue_command(ctx: typer.Context, case: CaseOpt = None, json_out: JsonOpt = False) -> int:
    """Requests past their deadline, across all cases, with the next step for each."""
    state = get_state(ctx)
    ui = state.ui(json_mode=json_out)
    with state.workspace() as ws:
        items = ws.overdue(case, lang=state.lang)
        names = {
            i.request.target: _stats_label(ws.registry, i.request.target, "platform", ui.lang)
            for i in items
        }
    if json_out:
        for item in items:
            ui.emit(overdue_json(item, state.lang))
        return 0
    if not items:
        ui.msg("overdue.none", style="green")
        return 0
    ui.table(
        None,
        columns(ui.lang, "request", "case", "to", "basis", "sent", "deadline", "late"),
        [
            (
                f"#{i.request.id}",
                i.case.id,
                names[i.request.target],
                basis_label(i.request.basis, ui.lang),
                readable_time(i.request.sent_at, ui.lang),
                readable_time(i.request.deadline_at, ui.lang),
                _late(i.hours_late, ui.lang),
            )
            for i in items
        ],
    )
    for item in items:
        _step_lines(ui, item.step, state.lang)
    ui.msg("overdue.some", n=len(items))
    ui.footer()
    return 0


def _late(hours: float, lang: Lang) -> str:
    if hours < 48:
        return t("unit.hours", lang, n=f"{hours:.0f}")
    return t("unit.days", lang, n=int(hours // 24))  # whole days: "51 dagen", not "51.7"


def cases_command(ctx: typer.Context, json_out: JsonOpt = False) -> int:
    """All cases at a glance: open sightings, open requests, overdue requests."""
    state = get_state(ctx)
    ui = state.ui(json_mode=json_out)
    with state.workspace() as ws:
        items = ws.case_summaries()
    if json_out:
        for s in items:
            ui.emit(
                {
                    "id": s.case.id,
                    "name": s.case.name,
                    "lang": s.case.lang,
                    "created_at": s.case.created_at,
                    "sightings": s.sightings,
                    "sightings_open": s.sightings_open,
                    "requests": s.requests,
                    "requests_open": s.requests_open,
                    "overdue": s.overdue,
                }
            )
        return 0
    if not items:
        ui.msg("case.none", command=shell_command("case", "new", "Sam"))
        return 0
    ui.table(
        None,
        columns(ui.lang, "id", "name", "since", "sightings open", "requests open", "overdue"),
        [
            (
                s.case.id,
                s.case.name,
                s.case.created_at[:10],
                f"{s.sightings_open} / {s.sightings}",
                f"{s.requests_open} / {s.requests}",
                s.overdue or "",
            )
            for s in items
        ],
    )
    return 0


def _stats_label(registry: Registry, key: str, by: str, lang: Lang) -> str:
    """A row of `stats` as people know it: the platform's name, or the basis in words."""
    if by != "platform":
        return basis_label(key, lang)
    if key == OTHER_PLATFORM:
        return t("stats.other", lang)
    try:
        return registry.get(key).name
    except LeakhelpError:
        return key


def stats_command(
    ctx: typer.Context,
    by: Annotated[
        str, typer.Option("--by", help="Group by platform or by legal basis.")
    ] = "platform",
    json_out: JsonOpt = False,
) -> int:
    """Which platforms act and which don't: counts only, no names, no URLs."""
    state = get_state(ctx)
    ui = state.ui(json_mode=json_out)
    with state.workspace() as ws:
        rows = ws.stats(by=by)
        labels = {r.key: _stats_label(ws.registry, r.key, by, ui.lang) for r in rows}
    if json_out:
        for row in rows:
            ui.emit(row.as_dict(by))
        return 0
    if not rows:
        ui.msg("stats.none")
        return 0
    ui.table(
        None,
        columns(
            ui.lang,
            by,
            "sent",
            "removed",
            "refused",
            "partial",
            "no reply",
            "waiting",
            "overdue",
            "escalated",
            "median days to removal",
        ),
        [
            (
                labels[r.key],
                r.requests_sent,
                r.removed,
                r.refused,
                r.partial,
                r.no_reply,
                r.waiting,
                r.overdue,
                r.escalated,
                "" if r.median_days_to_removal is None else r.median_days_to_removal,
            )
            for r in rows
        ],
    )
    ui.msg("stats.private")
    return 0
