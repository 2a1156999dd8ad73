"""``leakhelp case new|list|show|forget``."""

from __future__ import annotations

from typing import Annotated

import typer

from ..errors import UsageError
from ..i18n import t
from ..models import LANGS, Case
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
        ["id", "name", "lang", "fingerprints", "created"],
        [(c.id, c.name, c.lang, c.fingerprint_count, c.created_at) for c in cases],
    )
    return 0


@case_app.command("show")
def case_show(ctx: typer.Context, case: CaseArg, json_out: JsonOpt = False) -> int:
    """Show a case: its fingerprints and its timeline."""
    state = get_state(ctx)
    ui = state.ui(json_mode=json_out)
    with state.workspace() as ws:
        found = ws.case(case)
        fps = ws.store.fingerprints(found.id)
        events = ws.store.events(found.id)
    if json_out:
        doc = case_json(found)
        doc["timeline"] = [{"at": e.at, "kind": e.kind, **e.detail} for e in events]
        ui.emit(doc)
        return 0
    ui.out.print(f"{found.name}  ({found.id}, {found.lang}, since {found.created_at})")
    low = sum(1 for s in fps if s.fingerprint.quality < 50)
    ui.out.print(f"fingerprints: {len(fps)}" + (f" ({low} of low quality)" if low else ""))
    ui.table(
        "timeline",
        ["when", "what", "details"],
        [(e.at, e.kind, ", ".join(f"{k}={v}" for k, v in e.detail.items())) for e in events],
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
