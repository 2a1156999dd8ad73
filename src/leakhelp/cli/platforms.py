"""``leakhelp platforms list|show|which|check``: where to report, and on what legal basis."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.text import Text

from ..errors import batch_exit
from ..i18n import columns, t
from ..models import Lang
from ..paths import shell_command
from ..registry import Channel, Lookup, Platform, Registry, load_registry, load_registry_file
from .options import JsonOpt
from .state import get_state
from .ui import UI

platforms_app = typer.Typer(
    help="Platforms and hosts: where to report, and what the law asks of them.",
    no_args_is_help=True,
)

#: Channels shown first: the routes made for intimate images.
FIRST_KINDS: tuple[str, ...] = ("ncii", "tida", "in-app", "delisting")


def _registry(ctx: typer.Context) -> Registry:
    return load_registry(get_state(ctx).home)


def _yes_no(value: bool | None, lang: Lang) -> str:
    return t("word.unknown" if value is None else ("word.yes" if value else "word.no"), lang)


def which_json(found: Lookup) -> dict[str, object]:
    """The JSON line of ``platforms which`` (CONTRACT: url, platform, name)."""
    p = found.platform
    doc: dict[str, object] = {
        "url": found.url,
        "platform": p.id if p else None,
        "name": p.name if p else None,
        "host": found.host,
        "matched": found.domain,
    }
    if found.error is not None:
        doc["error"] = found.error
    if p is not None:
        doc.update(
            {
                "category": p.category,
                "channels": [c.as_dict() for c in _ordered(p.channels)],
                "stopncii": p.stopncii,
                "stopncii_confidence": p.stopncii_confidence,
                "take_it_down": p.take_it_down,
                "take_it_down_confidence": p.take_it_down_confidence,
                "suggested_bases": list(p.suggested_bases),
                "duties": list(p.legal_duties),
                "checked": p.checked,
            }
        )
    return doc


def _ordered(channels: tuple[Channel, ...]) -> list[Channel]:
    first = [c for kind in FIRST_KINDS for c in channels if c.kind == kind]
    return first + [c for c in channels if c not in first]


def _channel_line(channel: Channel, lang: Lang) -> str:
    target = channel.target or ""
    where = (
        f" [{t('platforms.region-only', lang, region=channel.region)}]" if channel.region else ""
    )
    if channel.escalation:
        where += f" [{t('platforms.escalation', lang)}]"
    head = f"{channel.kind}{where}: {target}".rstrip(": ")
    text = channel.note_in(lang)
    note = f" — {text}" if text else ""
    tag = t("confidence." + channel.confidence, lang)
    if channel.checked:
        tag += ", " + t("platforms.channel-checked", lang, date=channel.checked)
    return f"  - {head} ({tag}){note}"


class _Lines:
    """Prints whole lines: a URL is never broken over two lines."""

    def __init__(self, ui: UI) -> None:
        self._ui = ui

    def print(self, text: str) -> None:
        self._ui.out.print(Text(text), soft_wrap=True)


def describe(ui: UI, platform: Platform, lang: Lang, *, url: str | None = None) -> None:
    """Everything a helper needs about one platform, in reading order."""
    out = _Lines(ui)
    out.print(f"{platform.name} ({platform.id}, {platform.category})")
    ordered = _ordered(platform.channels)
    first = [c for c in ordered if c.kind in FIRST_KINDS]
    other = [c for c in ordered if c.kind not in FIRST_KINDS]
    if first:
        out.print(t("platforms.first", lang) + ":")
        for channel in first:
            out.print(_channel_line(channel, lang))
    if other:
        out.print(t("platforms.other", lang) + ":")
        for channel in other:
            out.print(_channel_line(channel, lang))
    stop = f"{_yes_no(platform.stopncii, lang)} ({t('confidence.' + platform.stopncii_confidence, lang)})"
    tid = f"{_yes_no(platform.take_it_down, lang)} ({t('confidence.' + platform.take_it_down_confidence, lang)})"
    out.print(f"{t('platforms.stopncii', lang)}: {stop}")
    out.print(f"{t('platforms.tid', lang)}: {tid}")
    if platform.category == "cdn":
        out.print(t("platforms.cdn", lang, name=platform.name))
    if platform.legal_duties:
        out.print(t("platforms.law", lang) + ":")
        for duty in platform.legal_duties:
            out.print(f"  - {t('duty.' + duty, lang)}")
    if platform.suggested_bases:
        out.print(t("platforms.letters", lang) + ":")
        for basis in platform.suggested_bases:
            args: list[object] = ["letter", "--basis", basis, "--platform", platform.id]
            args += ["--url", url] if url is not None else []
            out.print(f"  - {shell_command(*args, '--lang', lang)}")
    if platform.notes:
        out.print(t("platforms.notes", lang) + ":")
        for note in platform.notes_in(lang):
            out.print(f"  - {note}")
    out.print(t("platforms.checked", lang, date=platform.checked))


@platforms_app.command("list")
def platforms_list(ctx: typer.Context, json_out: JsonOpt = False) -> int:
    """List every platform leakhelp knows, with its domains."""
    state = get_state(ctx)
    ui = state.ui(json_mode=json_out)
    registry = _registry(ctx)
    if json_out:
        for platform in registry.platforms:
            ui.emit(platform.as_dict())
        return 0
    rows = [
        (
            p.id,
            p.name,
            p.category,
            ", ".join(p.domains[:4]) + (" …" if len(p.domains) > 4 else ""),
            _yes_no(p.stopncii, state.lang),
            ", ".join(p.suggested_bases[:3]),
        )
        for p in registry.platforms
    ]
    ui.table(None, columns(ui.lang, "id", "name", "kind", "domains", "StopNCII", "letters"), rows)
    ui.msg(
        "platforms.count",
        count=len(registry.platforms),
        command=shell_command("platforms", "show", "reddit"),
    )
    return 0


@platforms_app.command("show")
def platforms_show(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="Platform id or name (any case).")],
    json_out: JsonOpt = False,
) -> int:
    """Everything about one platform: where to report, partnerships, duties, notes."""
    state = get_state(ctx)
    ui = state.ui(json_mode=json_out)
    platform = _registry(ctx).get(name)
    if json_out:
        doc = platform.as_dict()
        doc.update(
            {
                "removed_markers": list(platform.removed_markers),
                "login_markers": list(platform.login_markers),
                "sources": list(platform.sources),
                "ip_ranges": list(platform.ip_ranges),
            }
        )
        ui.emit(doc)
        return 0
    describe(ui, platform, state.lang)
    ui.footer()
    return 0


@platforms_app.command("which")
def platforms_which(
    ctx: typer.Context,
    urls: Annotated[list[str], typer.Argument(help="Web addresses (one or more).")],
    json_out: JsonOpt = False,
) -> int:
    """Which platform serves a URL, where to report it, and what the law asks of it."""
    state = get_state(ctx)
    ui = state.ui(json_mode=json_out)
    registry = _registry(ctx)
    failed = 0
    for index, url in enumerate(urls):
        found = registry.lookup(url)
        failed += found.error is not None
        if json_out:
            ui.emit(which_json(found))
            continue
        out = _Lines(ui)
        if index:
            out.print("")
        out.print(url)
        if found.error is not None:
            ui.warn(t("platforms.invalid", state.lang, error=found.error))
        elif found.platform is None:
            command = shell_command("letter", "--basis", "dsa-16", "--url", url)
            out.print(t("platforms.none", state.lang, command=command))
        else:
            describe(ui, found.platform, state.lang, url=url)
    if not json_out:
        ui.footer()
    return batch_exit(failed, len(urls))


@platforms_app.command("check")
def platforms_check(
    ctx: typer.Context,
    path: Annotated[
        Path | None,
        typer.Argument(
            help="A platforms.yaml to check before you use it (default: the one in use).",
            show_default=False,
        ),
    ] = None,
) -> int:
    """Check a platforms.yaml (e.g. your own) and say what is wrong, entry by entry.

    Also fails (exit 1) when a letter would go by default to an unverified
    (U) form or address.
    """
    state = get_state(ctx)
    ui = state.ui()
    registry = load_registry_file(path, with_packaged=True) if path is not None else _registry(ctx)
    shown = str(path) if path is not None else "platforms.yaml"
    unverified = registry.unverified_recipients()
    if unverified:
        ui.error(t("platforms.unverified-default", state.lang, path=shown, count=len(unverified)))
        for line in unverified:
            ui.err.print(Text(f"  - {line}"), soft_wrap=True)
        return 1
    ui.say(t("platforms.file-ok", state.lang, path=shown, count=len(registry)), style="green")
    return 0
