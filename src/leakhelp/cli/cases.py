"""``leakhelp case new|list|show|forget|wipe``."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Annotated

import typer
from rich.text import Text

from ..errors import UsageError, WipeIncompleteError
from ..i18n import columns, parse_lang, t, text_or
from ..models import Handoff, Lang, Sighting
from ..paths import shell_command
from ..tracking import (
    Evidence,
    evidence_summary,
    hashing_service_name,
    local_stamp,
    parse_user_time,
    readable_time,
)
from ..views import case_dict
from .options import CaseArg, JsonOpt, YesOpt
from .state import get_state
from .ui import UI, printable

case_app = typer.Typer(help="Create, list, show and remove cases.", no_args_is_help=True)


@case_app.command("new")
def case_new(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="A name or nickname for the case.")],
    lang: Annotated[
        str | None,
        typer.Option("--lang", help="Language of the case, its messages and letters: nl or en."),
    ] = None,
    country: Annotated[
        str | None, typer.Option("--country", help="Country code, e.g. NL, BE, UK, US.")
    ] = None,
    kind: Annotated[
        str,
        typer.Option(
            "--kind",
            help="shared (images were shared) or sextortion (threatened, not yet shared).",
        ),
    ] = "shared",
    json_out: JsonOpt = False,
) -> int:
    """Start a new case."""
    state = get_state(ctx)
    case_lang = parse_lang(lang) if lang else state.lang
    ui = state.ui(json_mode=json_out)
    with state.workspace() as ws:
        case = ws.new_case(name, lang=case_lang, country=country, kind=kind)
    if json_out:
        ui.emit({**case_dict(case), "kind": kind})
    else:
        ui.out.print(case.id)
        ui.msg("case.created", id=case.id, name=case.name, style="green")
        if kind != "shared":
            ui.msg("case.kind-set", kind=t(f"case.kind.{kind}", state.lang))
            ui.say(
                t("next.sextortion-see", state.lang, command=shell_command("case", "show", case.id))
            )
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
            ui.emit(case_dict(case))
        return 0
    if not cases:
        ui.msg("case.none", command=shell_command("case", "new", "Sam"))
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
        view = ws.case_view(case, lang=state.lang)
        # The timeline names platforms as people know them ("Pornhub (Aylo)", not "pornhub").
        names = ws.report_data(view.case.id).platform_names if not json_out else {}
    if json_out:
        ui.emit(view.as_dict())
        return 0
    from ..reports import describe_event

    lang = state.lang
    found, fps, overview = view.case, view.fingerprints, view.overview
    ui.out.print(
        t(
            "show.head",
            lang,
            name=found.name,
            id=found.id,
            case_lang=found.lang,
            since=readable_time(found.created_at, lang),
        )
    )
    ui.out.print(
        t("show.fingerprints", lang, count=len(fps))
        + (" " + t("show.low-quality", lang, count=view.low_quality) if view.low_quality else "")
    )
    if view.videos:
        ui.out.print(t("show.videos", lang, count=view.videos))
    labelled = [f"#{s.id} {s.fingerprint.label}" for s in fps if s.fingerprint.label]
    if labelled:
        ui.out.print("  " + ", ".join(labelled))
    ui.out.print(
        evidence_summary(view.evidence_counts, lang)
        + "  ·  "
        + t("show.requests", lang, n=len(view.requests))
        + ("  ·  " + t("show.overdue", lang, count=overview.overdue) if overview.overdue else "")
    )
    _show_evidence(ui, view.sightings, view.evidence, lang)
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
        ui.out.print(f"  {t('overview.nothing-next', lang, command=shell_command('check'))}")
    from .tracking import route_lines

    for step in overview.next:
        ui.out.print(f"  → {step.text}")
        for line in route_lines(step, lang):
            ui.out.print(line)
    _show_handoffs(ui, view.handoffs, lang)
    if not view.profile_complete:
        ui.msg("profile.empty", command=shell_command("case", "profile", found.id))
    ui.out.print("")
    ui.table(
        t("show.timeline", lang),
        columns(ui.lang, "when", "what"),
        [(local_stamp(e.at, seconds=False), describe_event(e, lang, names)) for e in view.timeline],
    )
    ui.footer()
    return 0


def _show_handoffs(ui: UI, handoffs: Sequence[Handoff], lang: Lang) -> None:
    """The hashing services used (date and case number; a PIN is never stored)."""
    if not handoffs:
        return
    ui.out.print(t("show.handoffs", lang))
    for h in handoffs:
        number = t("handoff.reference", lang, reference=h.reference) if h.reference else ""
        ui.out.print(Text(f"  # {hashing_service_name(h.service)}: {h.done_on}{number}"))


@case_app.command("handoff")
def case_handoff(
    ctx: typer.Context,
    case: CaseArg,
    service: Annotated[
        str,
        typer.Option(
            "--service",
            help="stopncii (18+) or take-it-down (images made under 18).",
            show_default=False,
        ),
    ],
    day: Annotated[
        str | None,
        typer.Option("--date", help="When you used it, e.g. 2026-11-20 (default: today)."),
    ] = None,
    reference: Annotated[
        str | None,
        typer.Option("--reference", help="The case number the service gave you. Never the PIN."),
    ] = None,
    json_out: JsonOpt = False,
) -> int:
    """Note that you made fingerprints with StopNCII or Take It Down for this case."""
    state = get_state(ctx)
    ui = state.ui(json_mode=json_out)
    with state.workspace() as ws:
        found = ws.case(case)
        done_on = parse_user_time(day, now=ws.now()).date() if day else None
        outcome = ws.record_handoff(
            found.id, service, done_on=done_on, reference=reference, lang=state.lang
        )
    lang = state.lang
    h = outcome.handoff
    if json_out:
        ui.emit(
            {
                "case": found.id,
                **h.as_dict(),
                "partners": list(outcome.partners),
                "warnings": list(outcome.warnings),
            }
        )
        return 0
    number = t("handoff.reference", lang, reference=h.reference) if h.reference else ""
    ui.say(
        t(
            "handoff.recorded",
            lang,
            id=found.id,
            service=hashing_service_name(h.service),
            date=h.done_on,
            reference=number,
        ),
        style="green",
    )
    for warning in outcome.warnings:
        ui.warn(warning)
    ui.say(t("handoff.partners", lang, partners=", ".join(outcome.partners)))
    ui.say(t("handoff.still-report", lang, command=shell_command("request", "draft", found.id)))
    return 0


def _show_evidence(
    ui: UI, sightings: Sequence[Sighting], evidence: Mapping[int, Evidence], lang: Lang
) -> None:
    """One line per web address: what is known about it, when and how."""
    for s in sightings:
        ui.out.print(f"  #{s.id} {s.url}")
        ui.out.print(f"     {evidence[s.id].describe(lang)}")
        if s.seen_at or s.note:
            stated = t("show.stated", lang, at=readable_time(s.seen_at, lang)) if s.seen_at else ""
            ui.out.print("     " + "; ".join(x for x in (stated, s.note or "") if x))


@case_app.command("label")
def case_label(
    ctx: typer.Context,
    case: CaseArg,
    fingerprint: Annotated[
        int, typer.Argument(help="The fingerprint's number (see case show).", show_default=False)
    ],
    label: Annotated[
        str | None,
        typer.Argument(
            help="Your own name for the image; leave out to go back to its number.",
            show_default=False,
        ),
    ] = None,
    json_out: JsonOpt = False,
) -> int:
    """Name one of your images, or rename it (never the file name)."""
    state = get_state(ctx)
    ui = state.ui(json_mode=json_out)
    with state.workspace() as ws:
        found = ws.case(case)
        stored = ws.set_label(found.id, fingerprint, label)
    if json_out:
        ui.emit({"case": found.id, "fingerprint": stored.id, "label": stored.fingerprint.label})
    else:
        ui.msg("fingerprint.labelled", id=stored.id, ref=stored.ref, style="green")
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
            raise UsageError("error.clear", choices=", ".join(k for k in given if k != "minor"))
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
        ui.msg("profile.empty", command=shell_command("case", "profile", found.id))
        return 0
    ui.table(
        None,
        columns(ui.lang, "field", "value"),
        [
            (text_or(f"field.{k}", ui.lang, k), _field_value(v, ui.lang))
            for k, v in profile.as_dict().items()
            if v not in (None, "")
        ],
    )
    return 0


#: Answers that mean yes, in every language leakhelp speaks ("j" is Dutch).
YES_ANSWERS = frozenset({"y", "yes", "j", "ja"})


def ask_yes_no(question: str, lang: Lang) -> bool:
    """Ask on stderr; only a clear yes (y, yes, j, ja) counts. No answer means no."""
    try:
        answer = typer.prompt(  # the prompt bypasses the console: escape it here
            printable(f"{question} {t('prompt.yes-no', lang)}"),
            default="",
            show_default=False,
            err=True,
        )
    except typer.Abort:  # no one to answer (end of input): keep the case
        return False
    return str(answer).strip().lower() in YES_ANSWERS


@case_app.command("forget")
def case_forget(
    ctx: typer.Context,
    case: CaseArg,
    yes: YesOpt = False,
    keep_files: Annotated[
        bool,
        typer.Option(
            "--keep-files",
            help="Keep the letters, reports and exports leakhelp wrote for this case.",
        ),
    ] = False,
    json_out: JsonOpt = False,
) -> int:
    """Remove a case and everything in it from this device, and the files leakhelp
    wrote for it (letters, reports, exports) unless --keep-files is given."""
    state = get_state(ctx)
    ui = state.ui(json_mode=json_out)
    lang = state.lang
    with state.workspace() as ws:
        found = ws.case(case)
        files = [path for path, _kind in ws.outputs(found.id)]
        _say_what_forget_does(ui, files, keep_files=keep_files)
        if not yes and not ask_yes_no(
            t("case.forget.ask", lang, id=found.id, name=found.name), lang
        ):
            ui.msg("case.kept")
            return 1
        try:
            ws.forget(found.id)
        except WipeIncompleteError:
            # The case is gone but its bytes are not yet overwritten: the files
            # leakhelp wrote go all the same, and the error says what to do.
            if not keep_files:
                _remove_files(files)
            raise
    removed, left = ([], files) if keep_files else _remove_files(files)
    if json_out:
        ui.emit(
            {
                "id": found.id,
                "forgotten": True,
                "files_removed": [str(p) for p in removed],
                "files_left": [str(p) for p in left],
            }
        )
        return 0 if keep_files or not left else 1
    ui.msg("case.forgotten", id=found.id, style="green")
    if removed:
        ui.msg("case.forget.files-removed", n=len(removed))
    if left:
        ui.msg("case.forget.files-left", n=len(left), style="yellow")
        for path in left:
            _say_path(ui, path)
    ui.msg("case.forget.elsewhere")
    return 0 if keep_files or not left else 1


def _say_what_forget_does(ui: UI, files: list[Path], *, keep_files: bool) -> None:
    """Before the question: which files leakhelp wrote, and what happens to them."""
    if not files:
        ui.msg("case.forget.no-files")
        return
    ui.msg("case.forget.files-keep" if keep_files else "case.forget.files-go", n=len(files))
    for path in files:
        _say_path(ui, path)


def _field_value(value: object, lang: Lang) -> object:
    if isinstance(value, bool):
        return t("word.yes" if value else "word.no", lang)
    return value


def _say_path(ui: UI, path: Path) -> None:
    """A file name on one line, never wrapped, so it can be copied as it is."""
    if not ui.json_mode:
        ui.err.print(Text(f"  {path}"), soft_wrap=True)


def _remove_files(files: list[Path]) -> tuple[list[Path], list[Path]]:
    """Delete the files; returns (removed, could not be removed)."""
    removed: list[Path] = []
    left: list[Path] = []
    for path in files:
        try:
            path.unlink()
            removed.append(path)
        except FileNotFoundError:
            continue
        except OSError:
            left.append(path)
    return removed, left


@case_app.command("wipe")
def case_wipe(ctx: typer.Context, json_out: JsonOpt = False) -> int:
    """Finish overwriting forgotten cases on disk (when `case forget` could not)."""
    state = get_state(ctx)
    ui = state.ui(json_mode=json_out)
    with state.workspace() as ws:
        ws.wipe()
    if json_out:
        ui.emit({"wiped": True})
    else:
        ui.msg("case.wiped", style="green")
    return 0
