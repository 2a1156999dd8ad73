"""Where to get help right now: helplines, police routes and services per country.

Data: ``data/support.yaml`` (packaged) plus ``support.yaml`` in the leakhelp
home (adds entries; one with an existing id replaces it). Every entry carries
its source, a confidence tag and the date it was checked, so an unverified
number can be shown as such.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import functools
import locale
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from importlib import resources
from types import MappingProxyType
from typing import Any

from .errors import Message, MessageList, RegistryError, UsageError
from .i18n import t
from .law import country_code
from .models import LANGS, Lang
from .paths import resolve_home, shell_command

SUPPORT_FILENAME = "support.yaml"
ANY = "any"
KINDS: tuple[str, ...] = (
    "helpline",
    "police",
    "hashing",
    "care",
    "victim-support",
    "regulator",
    "crisis",
    "legal",
)
AUDIENCES: tuple[str, ...] = ("all", "adults", "minors")
_CONFIDENCE = ("V", "S", "U")
_REQUIRED = ("id", "country", "name", "kind", "what", "confidence", "checked")
#: Problems named in one error about a broken file (the first ones; fix, then run again).
_MAX_REPORTED_PROBLEMS = 12


@dataclass(frozen=True, slots=True)
class HelpEntry:
    """One place to get help. ``what`` is in the language it was asked for."""

    id: str
    country: str
    name: str
    kind: str
    what: str
    confidence: str
    checked: str
    audience: str = "all"
    url: str | None = None
    phone: str | None = None
    phone_confidence: str | None = None
    emergency: str | None = None
    source: str | None = None
    texts: Mapping[str, str] | None = None
    origin: str = "packaged"

    @property
    def verified(self) -> bool:
        return self.confidence == "V" and self.phone_confidence in (None, "V")

    @property
    def contact(self) -> str:
        """The web address and phone number, as one line ("" when neither is known)."""
        return ", ".join(p for p in (self.url, self.phone) if p)

    def in_lang(self, lang: str) -> HelpEntry:
        """This entry with ``what`` in ``lang`` (English if that text is missing)."""
        texts = self.texts or {}
        return replace(self, what=texts.get(lang) or texts.get("en") or self.what)

    def as_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "country": self.country,
            "name": self.name,
            "kind": self.kind,
            "audience": self.audience,
            "what": self.what,
            "url": self.url,
            "phone": self.phone,
            "phone_confidence": self.phone_confidence or self.confidence,
            "emergency": self.emergency,
            "confidence": self.confidence,
            "source": self.source,
            "checked": self.checked,
        }


def normalize_country(country: str | None) -> str | None:
    """``nl`` → ``NL``, ``GB`` → ``UK``, ``any`` stays; raises UsageError for nonsense."""
    if country is None or not country.strip():
        return None
    code = country.strip()
    if code.lower() == ANY:
        return ANY
    code = code.upper()
    if not re.fullmatch(r"[A-Z]{2}", code):
        raise UsageError("support.error.country", given=repr(country))
    return country_code(code)


def country_from_locale() -> str | None:
    """The country part of the system locale (``nl_NL.UTF-8`` → ``NL``), if any."""
    names = [os.environ.get(v) for v in ("LC_ALL", "LC_MESSAGES", "LANG")]
    with contextlib.suppress(ValueError, locale.Error):
        # getlocale() reports the plain "C.UTF-8" of servers and containers as
        # "en_US": only ask it when the locale really names a country.
        if locale.setlocale(locale.LC_CTYPE).split(".")[0] not in ("C", "POSIX"):
            names.append(locale.getlocale()[0])
    for name in names:
        if name and name not in ("C", "POSIX", "C.UTF-8"):
            match = re.match(r"^[a-zA-Z]{2,3}_([A-Za-z]{2})\b", name)
            if match:
                return normalize_country(match.group(1))
    return None


def _parse(text: str, source: str) -> list[dict[str, Any]]:
    import yaml  # only where the list is read: `--help` needs none

    # libyaml's safe loader when PyYAML has it: the same rules, in C. Reading the
    # packaged file is on the way of every next step (escalation routes).
    safe_loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        doc = yaml.load(text, Loader=safe_loader)  # noqa: S506 (a safe loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        if mark is None:
            raise RegistryError("support.error.yaml", source=source) from exc
        raise RegistryError("support.error.yaml-at", source=source, line=mark.line + 1) from exc
    if (
        not isinstance(doc, dict)
        or doc.get("version") != 1
        or not isinstance(doc.get("entries"), list)
    ):
        raise RegistryError("support.error.shape", source=source)
    out: list[dict[str, Any]] = []
    problems: list[Message] = []
    seen: set[str] = set()
    for number, entry in enumerate(doc["entries"], start=1):
        if not isinstance(entry, dict):
            entry_at = Message("support.where.entry", number=number)
            not_mapping = Message("registry.problem.not-mapping")
            problems.append(Message("registry.problem.at", where=entry_at, problem=not_mapping))
            continue
        entry = {k: (v.isoformat() if isinstance(v, _dt.date) else v) for k, v in entry.items()}
        where = Message("registry.where.entry", number=number, id=repr(entry.get("id")))
        missing = [k for k in _REQUIRED if k not in entry]
        if missing:
            fields = ", ".join(missing)
            problems.append(_at(where, "missing-fields", count=len(missing), fields=fields))
            continue
        if not isinstance(entry["id"], str) or entry["id"] in seen:
            problems.append(_at(where, "id"))
            continue
        seen.add(entry["id"])
        try:
            entry["country"] = normalize_country(str(entry["country"]))
        except UsageError:
            problems.append(_at(where, "country"))
        if entry["kind"] not in KINDS:
            problems.append(_at(where, "one-of", field="kind", choices=", ".join(KINDS)))
        if entry.get("audience", "all") not in AUDIENCES:
            problems.append(_at(where, "one-of", field="audience", choices=", ".join(AUDIENCES)))
        for key in ("confidence", "phone_confidence"):
            if key in entry and entry[key] not in _CONFIDENCE:
                problems.append(_at(where, "confidence", field=key))
        what = entry["what"]
        if not isinstance(what, dict) or not isinstance(what.get("en"), str):
            problems.append(_at(where, "what"))
        for key in ("name", "url", "phone", "emergency", "source"):
            if key in entry and not isinstance(entry[key], str):
                problems.append(_at(where, "text", field=key))
        out.append(entry)
    if problems:
        shown = MessageList(problems[:_MAX_REPORTED_PROBLEMS])
        raise RegistryError("registry.error.problems", source=source, problems=shown, more="")
    return out


def _at(where: Message, problem: str, **values: object) -> Message:
    """The problem ``support.problem.<problem>`` of the entry ``where``."""
    return Message(
        "registry.problem.at", where=where, problem=Message(f"support.problem.{problem}", **values)
    )


def _entry(raw: Mapping[str, Any], origin: str) -> HelpEntry:
    texts = {k: str(v) for k, v in raw["what"].items() if k in LANGS}
    return HelpEntry(
        id=raw["id"],
        country=raw["country"],
        name=raw["name"],
        kind=raw["kind"],
        what=texts["en"],
        confidence=raw["confidence"],
        checked=str(raw["checked"]),
        audience=raw.get("audience", "all"),
        url=raw.get("url"),
        phone=raw.get("phone"),
        phone_confidence=raw.get("phone_confidence"),
        emergency=raw.get("emergency"),
        source=raw.get("source"),
        texts=texts,
        origin=origin,
    )


@functools.cache
def packaged_entries() -> Mapping[str, HelpEntry]:
    """The packaged help entries by id (read once: the file ships with the program)."""
    text = (resources.files("leakhelp") / "data" / SUPPORT_FILENAME).read_text("utf-8")
    return MappingProxyType(
        {raw["id"]: _entry(raw, "packaged") for raw in _parse(text, "support.yaml (packaged)")}
    )


def load_support(home: str | os.PathLike[str] | None = None) -> list[HelpEntry]:
    """Every help entry: packaged, then the user's own support.yaml (which wins by id)."""
    entries = dict(packaged_entries())
    user = resolve_home(home) / SUPPORT_FILENAME
    if user.is_file():
        try:
            user_text = user.read_text("utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise RegistryError("registry.error.unreadable", path=user, detail=exc) from exc
        for raw in _parse(user_text, str(user)):
            entries[raw["id"]] = _entry(raw, str(user))
    return list(entries.values())


def help_for(
    country: str | None,
    lang: str = "en",
    *,
    minor: bool | None = None,
    home: str | os.PathLike[str] | None = None,
) -> list[HelpEntry]:
    """Help for ``country`` (its own entries first, then those that work anywhere).

    ``country=None`` gives every entry. ``minor=True`` leaves out adults-only
    services, ``minor=False`` minors-only ones. Texts are in ``lang``.
    """
    code = normalize_country(country)
    entries = load_support(home)
    if code is not None and code != ANY:
        entries = [e for e in entries if e.country == code] + [
            e for e in entries if e.country == ANY
        ]
    elif code == ANY:
        entries = [e for e in entries if e.country == ANY]
    if minor is True:
        entries = [e for e in entries if e.audience != "adults"]
    elif minor is False:
        entries = [e for e in entries if e.audience != "minors"]
    return [e.in_lang(lang) for e in entries]


def minor_routes(
    country: str | None, lang: str = "en", *, home: str | os.PathLike[str] | None = None
) -> list[HelpEntry]:
    """Where to report images of someone under 18: the services for minors in
    ``country`` first, then the international ones (Take It Down). Without a
    country, only the international ones."""
    code = normalize_country(country) or ANY
    return [e for e in help_for(code, lang, minor=True, home=home) if e.audience == "minors"]


#: Hashing services a case can record a hand-off to, and who each is for.
HASHING_SERVICES: Mapping[str, str] = {"stopncii": "adults", "take-it-down": "minors"}
SERVICE_NAMES: Mapping[str, str] = {"stopncii": "StopNCII", "take-it-down": "Take It Down"}


@dataclass(frozen=True, slots=True)
class AdviceStep:
    """One step of advice: ``key`` names it (for tests and JSON), ``text`` says it."""

    key: str
    text: str
    done: bool = False


def sextortion_steps(
    lang: str,
    *,
    minor: bool | None,
    case_ref: str | None = None,
    hashed: Mapping[str, str] | None = None,
) -> list[AdviceStep]:
    """What to do when someone threatens to share images (sextortion), in order.

    The advice Helpwanted, NCMEC and CCRI share:
    don't pay, keep the chat, save usernames/URLs/payment requests, stop
    replying, report to police and platform, and hash the images now with
    StopNCII (18+) or Take It Down (under 18) so partner platforms block
    uploads. ``minor`` None means the age is not known: both services are
    named. ``hashed`` maps a service id to the date it was used (a recorded
    hand-off): that step is then done. Never advises copying the images.
    """
    lang_: Lang = "nl" if lang == "nl" else "en"
    steps = [
        AdviceStep(key, t(f"sextortion.{key}", lang_)) for key in ("pay", "keep", "stop", "report")
    ]
    for service, done_on in (hashed or {}).items():
        if service in SERVICE_NAMES:
            name = SERVICE_NAMES[service]
            text = t("sextortion.hash-done", lang_, service=name, date=done_on)
            steps.append(AdviceStep("hash", text, True))
            return steps
    which = {True: "minor", False: "adult", None: "any"}[minor]
    text = t(f"sextortion.hash-{which}", lang_)
    if case_ref is not None:
        service = "take-it-down" if minor else "stopncii"
        # Age unknown: the other service's option too.
        other = " " + t("sextortion.or-minor", lang_) if minor is None else ""
        command = shell_command("case", "handoff", case_ref, "--service", service)
        text += " " + t("sextortion.handoff-cmd", lang_, command=command, other=other)
    steps.append(AdviceStep("hash", text))
    return steps


def countries(home: str | os.PathLike[str] | None = None) -> tuple[str, ...]:
    """Countries with their own entries, in file order."""
    return tuple(dict.fromkeys(e.country for e in load_support(home) if e.country != ANY))


__all__ = [
    "ANY",
    "HASHING_SERVICES",
    "SERVICE_NAMES",
    "AdviceStep",
    "HelpEntry",
    "countries",
    "country_from_locale",
    "help_for",
    "load_support",
    "minor_routes",
    "normalize_country",
    "packaged_entries",
    "sextortion_steps",
]
