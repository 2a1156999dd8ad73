"""``leakhelp case new|list|show|forget``."""

from __future__ import annotations

from typing import Annotated

import typer

from ..errors import UsageError
from ..i18n import columns, t
from ..models import LANGS, PDQ_MIN_QUALITY, Case
from .app import get_state
from .options import CaseArg, JsonOpt, YesOpt

case_app = typer.Typer(help="Create, list, show and remove cases.", no_args_is_help=True)


def case_json(case: Case) -> dict[str, object]:
    return {
        "id": case.id,
        "name": case.name,
        "lang": case.lang,
        "country": case.country,
        "created_at": case.created_at,
        "fingerprints": case.fingerprint_count,
    }


@case_app.command("new")
def case_new(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="A name or nickname for the case.")],
    lang: Annotated[
        str | None, typer.Option("--lang", help="Language of the case's letters: nl or en.")
    ] = None,
    country: Annotated[
        str | None, typer.Option("--country", help="Country code, e.g. NL, BE, UK, US.")
    ] = None,
    json_out: JsonOpt = False,
) -> int:
    """Start a new case."""
    state = get_state(ctx)
    case_lang = (lang or state.lang).lower()
    if case_lang not in LANGS:
        raise UsageError(f"--lang must be one of: {', '.join(LANGS)}")
    ui = state.ui(json_mode=json_out)
    with state.workspace() as ws:
        case = ws.new_case(name, lang=case_lang, country=country)
    if json_out:
        ui.emit(case_json(case))
    else:
        ui.out.print(case.id)
        ui.msg("case.created", id=case.id, name=case.name, style="green")
    return 0


@case_app.command("list")
def case_list(ctx: typer.Context, json_out: JsonOpt = False) -> int:
    """List all cases on this device."""
    state = get_state(ctx)
    ui = state.ui(json_mode=json_out)
    with state.workspace() as ws:
        cases = ws.cases()
    if json_out:
        for case in cases:
            ui.emit(case_json(case))
        return 0
    if not cases:
        ui.msg("case.none")
        return 0
    ui.table(
        None,
        columns(ui.lang, "id", "name", "lang", "fingerprints", "created"),
        [(c.id, c.name, c.lang, c.fingerprint_count, c.created_at) for c in cases],
    )
    return 0


@case_app.command("show")
def case_show(ctx: typer.Context, case: CaseArg, json_out: JsonOpt = False) -> int:
    """Show a case: what is done, what is waiting, what is next, and its timeline."""
    state = get_state(ctx)
    ui = state.ui(json_mode=json_out)
    with state.workspace() as ws:
        found = ws.case(case)
        fps = ws.store.fingerprints(found.id)
        events = ws.store.events(found.id)
        overview = ws.overview(found.id, lang=state.lang)
        requests = ws.requests(found.id)
        profile = ws.profile(found.id)
    if json_out:
        doc = case_json(found)
        doc["sightings"] = overview.sightings_open + overview.sightings_removed
        doc["sightings_open"] = overview.sightings_open
        doc["sightings_removed"] = overview.sightings_removed
        doc["requests"] = dict(overview.requests)
        doc["overdue"] = overview.overdue
        doc["profile_complete"] = bool(profile.name and profile.email)
        doc["done"] = list(overview.done)
        doc["waiting"] = [step.as_dict(state.lang) for step in overview.waiting]
        doc["next"] = [step.as_dict(state.lang) for step in overview.next]
        doc["timeline"] = [{"at": e.at, "kind": e.kind, **e.detail} for e in events]
        ui.emit(doc)
        return 0
    from ..reports import describe_event

    lang = state.lang
    ui.out.print(
        t(
            "show.head",
            lang,
            name=found.name,
            id=found.id,
            case_lang=found.lang,
            since=found.created_at,
        )
    )
    low = sum(1 for s in fps if s.fingerprint.quality < PDQ_MIN_QUALITY)
    ui.out.print(
        t("show.fingerprints", lang, count=len(fps))
        + (" " + t("show.low-quality", lang, count=low) if low else "")
    )
    total = overview.sightings_open + overview.sightings_removed
    ui.out.print(
        t("show.counts", lang, total=total, online=overview.sightings_open, requests=len(requests))
        + ("  ·  " + t("show.overdue", lang, count=overview.overdue) if overview.overdue else "")
    )
    ui.out.print("")
    ui.out.print(t("show.done", lang))
    for line in overview.done or (t("overview.nothing-done", lang),):
        ui.out.print(f"  ✓ {line}")
    ui.out.print(t("show.waiting", lang))
    if not overview.waiting:
        ui.out.print(f"  {t('overview.nothing-waiting', lang)}")
    for step in overview.waiting:
        ui.out.print(f"  … {step.text}")
    ui.out.print(t("show.next", lang))
    if not overview.next:
        ui.out.print(f"  {t('overview.nothing-next', lang)}")
    for step in overview.next:
        ui.out.print(f"  → {step.text}")
        for route in step.routes if step.kind == "escalate" else ():
            where = f" — {route.where}" if route.where else ""
            ui.out.print(f"     • {route.label(lang)}: {route.what[lang]}{where}")
    if not (profile.name and profile.email):
        ui.msg("profile.empty", id=found.id)
    ui.out.print("")
    ui.table(
        t("show.timeline", lang),
        columns(ui.lang, "when", "what"),
        [(e.at, describe_event(e, lang)) for e in events],
    )
    ui.footer()
    return 0


@case_app.command("profile")
def case_profile(
    ctx: typer.Context,
    case: CaseArg,
    name: Annotated[
        str | None, typer.Option("--name", help="Your name, as letters should say it.")
    ] = None,
    email: Annotated[
        str | None, typer.Option("--email", help="E-mail address for answers.")
    ] = None,
    country: Annotated[str | None, typer.Option("--country", help="Country code, e.g. NL.")] = None,
    address: Annotated[
        str | None, typer.Option("--address", help="Postal address (DMCA asks for it).")
    ] = None,
    phone: Annotated[str | None, typer.Option("--phone", help="Phone number (optional).")] = None,
    signature: Annotated[
        str | None, typer.Option("--signature", help="Typed signature (default: your name).")
    ] = None,
    minor: Annotated[
        bool | None,
        typer.Option(
            "--minor/--adult",
            help="Whether the person in the images was under 18 when they were made.",
            show_default=False,
        ),
    ] = None,
    clear: Annotated[
        list[str] | None, typer.Option("--clear", help="Remove a saved field (may be repeated).")
    ] = None,
    json_out: JsonOpt = False,
) -> int:
    """Save the details letters are filled from, so you type them once.

    They stay on this device and never go into exports, reports or stats.
    Without options, shows what is saved.
    """
    state = get_state(ctx)
    ui = state.ui(json_mode=json_out)
    given = {
        "name": name,
        "email": email,
        "country": country,
        "address": address,
        "phone": phone,
        "signature": signature,
        "minor": minor,
    }
    changes: dict[str, object] = {k: v for k, v in given.items() if v is not None}
    for field in clear or []:
        if field not in given or field == "minor":
            raise UsageError(f"--clear takes one of: {', '.join(k for k in given if k != 'minor')}")
        changes[field] = None
    with state.workspace() as ws:
        found = ws.case(case)
        profile = ws.set_profile(found.id, **changes) if changes else ws.profile(found.id)
    if json_out:
        ui.emit({"id": found.id, **profile.as_dict(), "updated_at": profile.updated_at})
        return 0
    if changes:
        ui.msg("profile.saved", id=found.id, style="green")
    if not any(v for k, v in profile.as_dict().items() if k != "minor"):
        ui.msg("profile.empty", id=found.id)
        return 0
    ui.table(
        None,
        columns(ui.lang, "field", "value"),
        [(k, v) for k, v in profile.as_dict().items() if v not in (None, "")],
    )
    return 0


def _confirm(question: str) -> bool:
    try:
        return typer.confirm(question, default=False, err=True)
    except typer.Abort:  # no one to answer (end of input): keep the case
        return False


@case_app.command("forget")
def case_forget(
    ctx: typer.Context, case: CaseArg, yes: YesOpt = False, json_out: JsonOpt = False
) -> int:
    """Remove a case and everything in it from this device."""
    state = get_state(ctx)
    ui = state.ui(json_mode=json_out)
    with state.workspace() as ws:
        found = ws.case(case)
        if not yes and not _confirm(t("case.forget.ask", state.lang, id=found.id, name=found.name)):
            ui.msg("case.kept")
            return 1
        ws.forget(found.id)
    if json_out:
        ui.emit({"id": found.id, "forgotten": True})
    else:
        ui.msg("case.forgotten", id=found.id, style="green")
    return 0
