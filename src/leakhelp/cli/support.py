"""``leakhelp support``: where to get help right now."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.text import Text

from ..i18n import detect_lang, t
from ..models import Lang
from ..paths import shell_command
from ..support import (
    ANY,
    AdviceStep,
    HelpEntry,
    countries,
    country_from_locale,
    help_for,
    normalize_country,
    sextortion_steps,
)
from .options import CaseOpt, JsonOpt
from .state import get_state
from .ui import UI


def support_command(
    ctx: typer.Context,
    country: Annotated[
        str | None,
        typer.Option(
            "--country",
            help="Two-letter country code, e.g. NL, BE, DE, UK, US, AU.",
            show_default=False,
        ),
    ] = None,
    case: CaseOpt = None,
    all_countries: Annotated[bool, typer.Option("--all", help="Show every country.")] = False,
    lang: Annotated[
        str | None, typer.Option("--lang", help="Language: nl or en.", show_default=False)
    ] = None,
    minor: Annotated[
        bool,
        typer.Option("--minor", help="Only services for someone under 18 (in the images)."),
    ] = False,
    sextortion: Annotated[
        bool,
        typer.Option(
            "--sextortion",
            help="Someone threatens to share images: what to do, step by step.",
        ),
    ] = False,
    json_out: JsonOpt = False,
) -> int:
    """Where to get help right now: helplines, police and services in your country."""
    state = get_state(ctx)
    shown: Lang = detect_lang(lang) if lang else state.lang
    ui = state.ui(json_mode=json_out)
    ui.lang = shown
    code = normalize_country(country)
    if case is not None:
        with state.workspace() as ws:
            found = ws.case(case)
            profile = ws.profile(found.id)
            sextortion = sextortion or ws.case_kind(found.id) == "sextortion"
            minor = minor or profile.minor
        code = code or normalize_country(profile.country or found.country)
        if lang is None:
            shown = found.lang
            ui.lang = shown
    if code is None and not all_countries:
        code = country_from_locale()
    if all_countries:
        code = None
    entries = help_for(code, shown, minor=True if minor else None, home=state.home)
    if minor:
        entries = [e for e in entries if e.audience == "minors" or e.kind in ("police", "crisis")]
    steps = sextortion_steps(shown, minor=True if minor else None) if sextortion else []
    if json_out:
        for step in steps:
            ui.emit({"step": step.key, "text": step.text})
        for entry in entries:
            ui.emit(entry.as_dict())
        return 0
    if steps:
        _steps(ui, steps, shown)
    _show(ui, entries, code, shown, home=state.home, sextortion_hint=not steps, minor=minor)
    return 0


def _steps(ui: UI, steps: list[AdviceStep], lang: Lang) -> None:
    """Sextortion: what to do, in order, before the list of services."""
    _line(ui, t("support.sextortion.title", lang))
    for number, step in enumerate(steps, start=1):
        _line(ui, f"  {number}. {step.text}")
    ui.out.print("")


def _line(ui: UI, text: str) -> None:
    ui.out.print(Text(text), soft_wrap=True)


def _contact(entry: HelpEntry, lang: Lang) -> str:
    text = entry.contact
    if entry.phone and entry.phone_confidence == "U" and entry.confidence != "U":
        text += " " + t("support.phone-unverified", lang)
    return text


def _show(
    ui: UI,
    entries: list[HelpEntry],
    code: str | None,
    lang: Lang,
    *,
    home: Path | None,
    sextortion_hint: bool = True,
    minor: bool = False,
) -> None:
    _line(ui, t("support.title", lang))
    ui.out.print("")
    # Under 18: the advice for minors, not a pointer to the command just typed.
    _line(
        ui,
        t(
            "support.minor-advice" if minor else "support.minors",
            lang,
            command=shell_command("support", "--minor"),
        ),
    )
    ui.out.print("")
    if sextortion_hint:
        _line(ui, t("support.sextortion.title", lang))
        _line(
            ui,
            "    "
            + t(
                "support.sextortion.more",
                lang,
                command=shell_command("support", "--sextortion"),
                track=shell_command(
                    "case", "new", t("support.sextortion.case-name", lang), "--kind", "sextortion"
                ),
            ),
        )
        ui.out.print("")
    if code is not None and code != ANY and not any(e.country == code for e in entries):
        _line(ui, t("support.nocountry", lang, country=code))
    unverified_word = t("confidence.U", lang).split(":")[0]
    for entry in entries:
        name = entry.name + ("" if entry.confidence != "U" else f" ({unverified_word})")
        where = "" if entry.country == ANY else f"{entry.country}  "
        _line(ui, f"{where}{name}")
        _line(ui, f"    {entry.what}")
        contact = _contact(entry, lang)
        if contact:
            _line(ui, f"    {contact}")
        ui.out.print("")
    emergency = sorted({f"{e.emergency} ({e.country})" for e in entries if e.emergency})
    if emergency:
        _line(ui, t("support.emergency", lang, numbers=", ".join(emergency)))
    if any(not e.verified for e in entries):
        _line(ui, t("support.unverified", lang))
    if code is None:
        _line(ui, t("support.all", lang, countries=", ".join(countries(home))))
    _line(ui, t("support.closing", lang))
