"""The platform registry: ``platforms.yaml`` → :class:`Platform` values; URL → platform.

The packaged ``platforms.yaml`` (at the repository root, shipped inside the
package) is read first; a ``platforms.yaml`` in the leakhelp home adds
entries, and an entry there with an existing id overrides those fields of the
packaged entry. Both files are checked against ``schemas/platforms-v1.json``
and a few rules a schema cannot say (valid domains, unique ids and domains);
a broken file raises :class:`~leakhelp.errors.RegistryError` naming the
entry and the field.

URL matching is by domain suffix on the host a browser would really visit:
``https://reddit.com@evil.example/`` goes to ``evil.example``, so it is not
Reddit; ``reddit.com.evil.example`` and ``notreddit.com`` are not Reddit
either; ``OLD.REDDIT.COM.``, ``i.redd.it:443`` and IDN spellings are.
"""

from __future__ import annotations

import datetime as _dt
import difflib
import ipaddress
import json
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

if TYPE_CHECKING:
    import jsonschema
    import yaml

from .errors import InputError, Message, MessageList, RegistryError, UnknownPlatformError
from .law import BASES, EU_COUNTRIES
from .paths import resolve_home, shipped

REGISTRY_FILENAME = "platforms.yaml"
SCHEMA_RESOURCE = "platforms-v1.json"

CHANNEL_KINDS: tuple[str, ...] = (
    "ncii",
    "tida",
    "in-app",
    "dsa",
    "privacy",
    "copyright",
    "abuse",
    "delisting",
    "impersonation",
    "law-enforcement",
)

#: Which kinds of channel take a letter on each basis, best first. The first
#: channel of these kinds with an e-mail address is where an ``.eml`` goes.
#: The platform's intimate-image (NCII) or privacy channel comes before a
#: general abuse address; a channel marked ``escalation`` (e.g. a legal
#: department) is never where a first letter goes (see :meth:`Platform.escalations`).
BASIS_CHANNEL_KINDS: Mapping[str, tuple[str, ...]] = {
    "ncii-policy": ("ncii", "in-app", "privacy", "abuse"),
    "take-it-down": ("tida", "ncii", "in-app", "privacy", "abuse"),
    "dsa-16": ("dsa", "ncii", "in-app", "privacy", "abuse"),
    "dmca": ("copyright",),
    "gdpr-17": ("privacy",),
    "delisting": ("delisting",),
}

#: A channel of this kind makes the platform suggest this basis.
_KIND_BASIS: Mapping[str, str] = {
    "ncii": "ncii-policy",
    "in-app": "ncii-policy",
    "abuse": "ncii-policy",
    "tida": "take-it-down",
    "dsa": "dsa-16",
    "privacy": "gdpr-17",
    "copyright": "dmca",
    "delisting": "delisting",
}

#: What the law makes a platform do (see docs/letters.md for the sources):
#: TAKE IT DOWN Act sec. 3 (US, covered platforms = public forums for
#: user-generated content), DSA Art. 16 (EU hosting services), GDPR Art. 17
#: with the Art. 12(3) one-month answer (every controller).
DUTIES: tuple[str, ...] = ("tida-48h", "dsa-16", "gdpr-17")
_DUTY_BASIS: Mapping[str, str] = {
    "tida-48h": "take-it-down",
    "dsa-16": "dsa-16",
    "gdpr-17": "gdpr-17",
}
_UGC: tuple[str, ...] = ("tida-48h", "dsa-16", "gdpr-17")
#: Duties by category, when an entry does not list its own. Search engines are
#: not hosting services (DSA Art. 16 does not apply) but are controllers for
#: their results (CJEU C-131/12, Google Spain); a CDN is usually not the host.
DEFAULT_DUTIES: Mapping[str, tuple[str, ...]] = {
    "social": _UGC,
    "forum": _UGC,
    "video": _UGC,
    "adult": _UGC,
    "image-host": _UGC,
    "dating": _UGC,
    "messaging": ("gdpr-17",),
    "cloud-storage": ("dsa-16", "gdpr-17"),
    "file-locker": ("dsa-16", "gdpr-17"),
    "search": ("gdpr-17",),
    "cdn": (),
    "other": ("dsa-16", "gdpr-17"),
}

#: Order in which bases are suggested: the platform's own intimate-image route
#: works fastest (Revenge Porn Helpline: pick the exact guideline breached),
#: then the laws with hard deadlines, then copyright (which shares the notice
#: with the poster on some platforms) last.
BASIS_PRIORITY: tuple[str, ...] = (
    "ncii-policy",
    "take-it-down",
    "dsa-16",
    "gdpr-17",
    "dmca",
    "delisting",
)
#: For search engines, delisting is the request they act on.
SEARCH_BASIS_PRIORITY: tuple[str, ...] = (
    "delisting",
    "ncii-policy",
    "gdpr-17",
    "dmca",
    "take-it-down",
    "dsa-16",
)

#: "Content gone" texts that any site may show, nl + en, lower case. Sources:
#: bellingcat/auto-archiver deletion_detection.py (en) and what common sites
#: show; Dutch by the same pattern. Only whole-page phrases: "has been
#: removed" or "is verwijderd" alone also appear under removed comments on
#: live pages. They are weak signals; the status checker weighs them below
#: HTTP 404/410/451 and below the image itself (docs/checks.md).
GENERIC_REMOVED_MARKERS: tuple[str, ...] = (
    "page not found",
    "404 not found",
    "this page isn't available",
    "this page is not available",
    "this page doesn't exist",
    "this page does not exist",
    "this content isn't available",
    "this content is not available",
    "this content is no longer available",
    "this video is no longer available",
    "this video has been removed",
    "this video is unavailable",
    "this post has been removed",
    "this post has been deleted",
    "this image has been removed",
    "this file has been removed",
    "this file has been deleted",
    "pagina niet gevonden",
    "deze pagina bestaat niet",
    "deze pagina is niet beschikbaar",
    "deze inhoud is niet beschikbaar",
    "deze content is niet beschikbaar",
    "deze video is niet meer beschikbaar",
    "deze video is verwijderd",
    "dit bericht is verwijderd",
    "deze afbeelding is verwijderd",
    "dit bestand is verwijderd",
)

#: Login walls, nl + en: a page that asks to log in says nothing about
#: removal. Paths count in the address only, single words in the title only.
GENERIC_LOGIN_MARKERS: tuple[str, ...] = (
    "/login",
    "/signin",
    "/accounts/login",
    "inloggen",
    "log in to continue",
    "log in to see",
    "log in to view",
    "sign in to continue",
    "sign in to see",
    "sign in to view",
    "please log in",
    "you must be logged in",
    "you need to log in",
    "login required",
    "log in om verder te gaan",
    "log in om dit te zien",
    "inloggen om verder te gaan",
    "je moet ingelogd zijn",
    "u moet ingelogd zijn",
    "meld je aan om verder te gaan",
)

#: How many problems one error message lists before it says "and N more".
MAX_REPORTED_PROBLEMS = 12

#: One DNS label, matched whole (fullmatch: ``$`` let a label end in a newline).
_LABEL = re.compile(r"(?!-)[a-z0-9-]{1,63}(?<!-)")
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.\-]*://")
_SPECIAL_SCHEMES = ("http", "https", "ftp", "ws", "wss")


# -- values -------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Channel:
    """One way to report to a platform: a form (``url``), an address (``email``), or in-app."""

    kind: str
    url: str | None = None
    email: str | None = None
    confidence: str = "U"
    note: str | None = None
    label: str | None = None
    region: str | None = None
    escalation: bool = False
    imagery: str | None = None
    checked: str | None = None
    #: The note in Dutch; without one a Dutch reader sees the English note.
    note_nl: str | None = None

    def note_in(self, lang: str) -> str | None:
        """The note in ``lang`` ("nl" or "en"), in English when there is no Dutch one."""
        if lang == "nl" and self.note_nl:
            return self.note_nl
        return self.note

    @property
    def verified(self) -> bool:
        return self.confidence == "V"

    @property
    def target(self) -> str | None:
        """Where a request goes: the form, else the address (None for in-app only)."""
        return self.url or self.email

    def fits(self, *, deepfake: bool) -> bool:
        """Whether this channel takes real images (``imagery: real``), fakes
        (``imagery: synthetic``), or both (no ``imagery``)."""
        if self.imagery is None:
            return True
        return self.imagery == ("synthetic" if deepfake else "real")

    def as_dict(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "url": self.url,
            "email": self.email,
            "confidence": self.confidence,
            "note": self.note,
            "note_nl": self.note_nl,
            "label": self.label,
            "region": self.region,
            "escalation": self.escalation,
            "imagery": self.imagery,
            "checked": self.checked,
        }


@dataclass(frozen=True, slots=True)
class Platform:
    """A platform or host where leaked images appear, and how to report there."""

    id: str
    name: str
    aliases: tuple[str, ...]
    domains: tuple[str, ...]
    channels: tuple[Channel, ...]
    stopncii: bool | None
    take_it_down: bool | None
    removed_markers: tuple[str, ...]
    login_markers: tuple[str, ...]
    notes: tuple[str, ...]
    checked: str
    category: str = "other"
    domains_confidence: str = "U"
    stopncii_confidence: str = "U"
    take_it_down_confidence: str = "U"
    stopncii_source: str | None = None
    take_it_down_source: str | None = None
    ip_ranges: tuple[str, ...] = ()
    fronting_headers: tuple[str, ...] = ()
    bases: tuple[str, ...] = ()
    duties: tuple[str, ...] | None = None
    sources: tuple[str, ...] = ()
    origin: str = "packaged"
    #: The notes in Dutch; without them a Dutch reader sees the English notes.
    notes_nl: tuple[str, ...] = ()

    def notes_in(self, lang: str) -> tuple[str, ...]:
        """The notes in ``lang`` ("nl" or "en"), in English when there are no Dutch ones."""
        if lang == "nl" and self.notes_nl:
            return self.notes_nl
        return self.notes

    @property
    def legal_duties(self) -> tuple[str, ...]:
        """What the law makes this platform do (keys of :data:`DUTIES`)."""
        if self.duties is not None:
            return self.duties
        return DEFAULT_DUTIES.get(self.category, DEFAULT_DUTIES["other"])

    @property
    def suggested_bases(self) -> tuple[str, ...]:
        """Letter bases to try here, best first."""
        if self.bases:
            return self.bases
        found = {_KIND_BASIS[c.kind] for c in self.channels if c.kind in _KIND_BASIS}
        found.update(_DUTY_BASIS[d] for d in self.legal_duties)
        order = SEARCH_BASIS_PRIORITY if self.category == "search" else BASIS_PRIORITY
        return tuple(b for b in order if b in found)

    def channels_for(self, basis: str, *, deepfake: bool = False) -> tuple[Channel, ...]:
        """The channels that take a first request on ``basis``, best first.

        By kind (:data:`BASIS_CHANNEL_KINDS`), then verified and secondary
        sources before unverified ones; escalation channels and channels for
        the other kind of imagery (real or fake) are left out.
        """
        kinds = BASIS_CHANNEL_KINDS.get(basis, ())
        found = [
            c
            for kind in kinds
            for c in self.channels
            if c.kind == kind and not c.escalation and c.fits(deepfake=deepfake)
        ]
        return tuple(sorted(found, key=lambda c: c.confidence == "U"))

    def escalations(self) -> tuple[Channel, ...]:
        """Channels for when a request got no answer (never a first recipient)."""
        return tuple(c for c in self.channels if c.escalation)

    def email_for(self, basis: str, *, deepfake: bool = False) -> str | None:
        """Where an e-mailed request on ``basis`` goes, if the registry knows an address."""
        channel = self.email_channel(basis, deepfake=deepfake)
        return channel.email if channel is not None else None

    def email_channel(self, basis: str, *, deepfake: bool = False) -> Channel | None:
        """The channel whose address an e-mailed request on ``basis`` goes to."""
        return next((c for c in self.channels_for(basis, deepfake=deepfake) if c.email), None)

    def form_for(self, basis: str, *, deepfake: bool = False) -> Channel | None:
        """The web form for a request on ``basis``, if the registry knows one."""
        return next((c for c in self.channels_for(basis, deepfake=deepfake) if c.url), None)

    def default_recipients(self, basis: str, *, deepfake: bool = False) -> tuple[Channel, ...]:
        """The form and the address a letter on ``basis`` goes to by default."""
        found = (
            self.form_for(basis, deepfake=deepfake),
            self.email_channel(basis, deepfake=deepfake),
        )
        return tuple(dict.fromkeys(c for c in found if c is not None))

    def as_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "name": self.name,
            "aliases": list(self.aliases),
            "category": self.category,
            "domains": list(self.domains),
            "domains_confidence": self.domains_confidence,
            "channels": [c.as_dict() for c in self.channels],
            "stopncii": self.stopncii,
            "stopncii_confidence": self.stopncii_confidence,
            "take_it_down": self.take_it_down,
            "take_it_down_confidence": self.take_it_down_confidence,
            "suggested_bases": list(self.suggested_bases),
            "duties": list(self.legal_duties),
            "notes": list(self.notes),
            "notes_nl": list(self.notes_nl),
            "checked": self.checked,
            "origin": self.origin,
        }


@dataclass(frozen=True, slots=True)
class Lookup:
    """The outcome of matching one URL: the host a browser would visit, and its platform."""

    url: str
    host: str | None
    platform: Platform | None
    domain: str | None = None
    error: str | None = None


# -- URLs and hosts -------------------------------------------------------------
def normalize_domain(name: str) -> str:
    """A host name as leakhelp compares it: lower case, no trailing dot, IDN as punycode.

    Raises :class:`ValueError` when it cannot be a DNS name.
    """
    text = unquote(name.strip()).rstrip(".").rstrip("\u3002\uff0e\uff61")
    if not text:
        raise ValueError("empty host name")
    try:
        ascii_name = text.encode("idna").decode("ascii").lower()
    except UnicodeError as exc:
        raise ValueError(f"not a valid host name: {name!r}") from exc
    ascii_name = ascii_name.rstrip(".")
    labels = ascii_name.split(".")
    if len(ascii_name) > 253 or not all(_LABEL.fullmatch(label) for label in labels):
        raise ValueError(f"not a valid host name: {name!r}")
    return ascii_name


def _whatwg_ipv4(host: str) -> ipaddress.IPv4Address | None:
    """Parse ``host`` the way browsers do when its last label is a number.

    Browsers read ``http://1681915905/``, ``http://0x64.0x40.0.1/`` and
    ``http://100.64.1/`` as IPv4 addresses (WHATWG URL standard, IPv4 parser).
    Returns None when the host is a name, raises ValueError when it looks
    numeric but is not a valid address.
    """
    parts = host.split(".")
    if parts and parts[-1] == "":
        parts.pop()
    if not parts or not re.fullmatch(r"(0x[0-9a-f]*|[0-9]+)", parts[-1]):
        return None
    if len(parts) > 4:
        raise ValueError("too many parts for an IPv4 address")
    numbers: list[int] = []
    for part in parts:
        if re.fullmatch(r"0x[0-9a-f]*", part):
            numbers.append(int(part[2:] or "0", 16))
        elif re.fullmatch(r"0[0-7]+", part):
            numbers.append(int(part, 8))
        elif re.fullmatch(r"[0-9]+", part):
            numbers.append(int(part, 10))
        else:
            raise ValueError("not an IPv4 address")
    if any(n > 255 for n in numbers[:-1]) or numbers[-1] >= 256 ** (5 - len(numbers)):
        raise ValueError("IPv4 number out of range")
    value = numbers[-1]
    for i, n in enumerate(numbers[:-1]):
        value += n * 256 ** (3 - i)
    return ipaddress.IPv4Address(value)


def host_of(url: str) -> str:
    """The host a browser would contact for ``url``, normalized; IPs as text.

    Accepts URLs without a scheme (``reddit.com/r/x``). Raises
    :class:`InputError` when there is no usable host.
    """
    text = re.sub(r"[\t\n\r]", "", url.strip())
    if not text:
        raise InputError("url.error.empty")
    if any(ord(c) < 0x20 or ord(c) == 0x7F for c in text):
        raise InputError("url.error.control", url=repr(url))
    if text.startswith("//"):
        text = "https:" + text
    elif not _SCHEME.match(text):
        text = "https://" + text
    scheme = text.split(":", 1)[0].lower()
    if scheme in _SPECIAL_SCHEMES:
        # Browsers treat "\" as "/" in these URLs, so "https://a.example\@b.example/"
        # goes to a.example; Python's urlsplit alone would say b.example.
        text = text.replace("\\", "/")
    try:
        parts = urlsplit(text)
        raw = parts.hostname
    except ValueError as exc:
        raise InputError("url.error.invalid", url=repr(url), detail=str(exc)) from exc
    if not raw:
        raise InputError("url.error.no-host", url=repr(url))
    raw = unquote(raw)
    if ":" in raw:  # IPv6 literal
        try:
            return str(ipaddress.IPv6Address(raw.split("%", 1)[0]))
        except ValueError as exc:
            raise InputError("url.error.bad-address", url=repr(url)) from exc
    try:
        name = normalize_domain(raw)
    except ValueError:
        name = None
    candidate = name if name is not None else raw.lower().rstrip(".")
    try:
        ip = _whatwg_ipv4(candidate)
    except ValueError as exc:
        raise InputError("url.error.bad-address", url=repr(url)) from exc
    if ip is not None:
        return str(ip)
    if name is None:
        raise InputError("url.error.bad-host", url=repr(url))
    return name


def site_of(url: str) -> str:
    """The web site a URL is on: its host as a browser reads it (:func:`host_of`)
    without "www.", the place :func:`leakhelp.tracking.address_key` sees. Used
    to group sightings, to name a site in a report and to keep a page scan on
    one site. A host no browser would accept (``my_host.example``) still names
    its own site: the letter written for it then says what is wrong with it."""
    try:
        host = host_of(url)
    except InputError:
        host = (urlsplit(url).hostname or url).lower()
    return host.removeprefix("www.")


# -- the registry -------------------------------------------------------------
class Registry:
    """All known platforms, with fast host lookup."""

    __slots__ = ("_by_ref", "_domains", "_networks", "platforms", "sources")

    def __init__(self, platforms: Iterable[Platform], *, sources: Iterable[str] = ()) -> None:
        self.platforms: tuple[Platform, ...] = tuple(platforms)
        self.sources: tuple[str, ...] = tuple(sources)
        self._domains: dict[str, Platform] = {}
        self._networks: list[tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, Platform]] = []
        self._by_ref: dict[str, Platform] = {}
        # Later entries (the user's file) win a domain both claim.
        for platform in self.platforms:
            for domain in platform.domains:
                self._domains[domain] = platform
            for cidr in platform.ip_ranges:
                self._networks.append((ipaddress.ip_network(cidr, strict=False), platform))
        for platform in self.platforms:
            for ref in (*platform.aliases, platform.name, platform.id):
                self._by_ref[_ref_key(ref)] = platform

    def __len__(self) -> int:
        return len(self.platforms)

    def __iter__(self) -> Any:
        return iter(self.platforms)

    def lookup(self, url: str) -> Lookup:
        """Match ``url`` to a platform by the host a browser would really visit."""
        try:
            host = host_of(url)
        except InputError as exc:
            return Lookup(url=url, host=None, platform=None, error=str(exc))
        try:
            ip = ipaddress.ip_address(host)
        except ValueError:
            ip = None
        if ip is not None:
            for network, platform in self._networks:
                if ip.version == network.version and ip in network:
                    return Lookup(url, host, platform, domain=str(network))
            return Lookup(url, host, None)
        labels = host.split(".")
        for i in range(len(labels)):
            suffix = ".".join(labels[i:])
            found = self._domains.get(suffix)
            if found is not None:
                return Lookup(url, host, found, domain=suffix)
        return Lookup(url, host, None)

    def which(self, url: str) -> Platform | None:
        """The platform serving ``url``, or None (also for a URL that is not valid)."""
        return self.lookup(url).platform

    def get(self, ref: str) -> Platform:
        """A platform by id, name or alias (any case); :class:`UnknownPlatformError` if none."""
        found = self._by_ref.get(_ref_key(ref))
        if found is not None:
            return found
        names = sorted({p.id for p in self.platforms} | {p.name for p in self.platforms})
        close = difflib.get_close_matches(ref, names, n=4, cutoff=0.5)
        close += [
            p.id
            for p in self.platforms
            if _ref_key(ref) and _ref_key(ref) in _ref_key(p.name) and p.id not in close
        ][:3]
        if close:
            raise UnknownPlatformError(
                "platforms.error.unknown-close", ref=repr(ref), names=", ".join(close)
            )
        raise UnknownPlatformError("platforms.error.unknown", ref=repr(ref))

    def behind(self, headers: Mapping[str, str]) -> Platform | None:
        """The CDN/proxy a response came through, from its headers (e.g. Cloudflare's cf-ray)."""
        lowered = {k.lower(): v.lower() for k, v in headers.items()}
        for platform in self.platforms:
            for marker in platform.fronting_headers:
                name, _, value = marker.lower().partition(":")
                name, value = name.strip(), value.strip()
                if name in lowered and (not value or lowered[name] == value):
                    return platform
        return None

    def unverified_recipients(self) -> list[str]:
        """Every default recipient tagged U, as "platform: basis → target" lines.

        A letter must not go by default to an address nobody has confirmed:
        ``leakhelp platforms check`` fails on each of these. Verify the
        channel (and tag it S or V), or mark it ``escalation: true``.
        """
        problems: list[str] = []
        for platform in self.platforms:
            for basis in platform.suggested_bases:
                for deepfake in (False, True):
                    for channel in platform.default_recipients(basis, deepfake=deepfake):
                        if channel.confidence != "U":
                            continue
                        line = f"{platform.id}: {basis} → {channel.kind} {channel.target} [U]"
                        if line not in problems:
                            problems.append(line)
        return problems

    def removed_markers(self, platform: Platform | None) -> tuple[str, ...]:
        """Texts of "content removed" pages: the platform's own plus generic nl/en ones, lower case."""
        own = platform.removed_markers if platform is not None else ()
        return _lowered_unique((*own, *GENERIC_REMOVED_MARKERS))

    def login_markers(self, platform: Platform | None) -> tuple[str, ...]:
        """Texts and URL paths of login walls (no proof of removal), lower case."""
        own = platform.login_markers if platform is not None else ()
        return _lowered_unique((*own, *GENERIC_LOGIN_MARKERS))


def _ref_key(text: str) -> str:
    return re.sub(r"[\s_]+", " ", text.strip().casefold())


def _lowered_unique(items: Iterable[str]) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for item in items:
        seen.setdefault(item.lower(), None)
    return tuple(seen)


# -- loading --------------------------------------------------------------------
def packaged_registry_text() -> str:
    """The text of the platforms.yaml shipped with leakhelp."""
    return shipped(REGISTRY_FILENAME).read_text("utf-8")


def user_registry_path(home: str | os.PathLike[str] | None = None) -> Path:
    """Where a user's own platforms.yaml lives: in the leakhelp home."""
    return resolve_home(home) / REGISTRY_FILENAME


@lru_cache(maxsize=1)
def _packaged() -> dict[str, tuple[_Raw, str]]:
    return _parse(
        packaged_registry_text(), "platforms.yaml (packaged)", base=None, origin="packaged"
    )


def load_registry(home: str | os.PathLike[str] | None = None) -> Registry:
    """The packaged registry plus the user's platforms.yaml in ``home`` (if there is one)."""
    base = _packaged()
    sources = ["packaged"]
    user = user_registry_path(home)
    if user.is_file():
        try:
            text = user.read_text("utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise RegistryError("registry.error.unreadable", path=user, detail=exc) from exc
        raws = _parse(text, str(user), base=base)
        sources.append(str(user))
    else:
        raws = base
    return Registry((_platform(raw, origin) for raw, origin in raws.values()), sources=sources)


def load_registry_file(path: str | os.PathLike[str], *, with_packaged: bool = False) -> Registry:
    """A registry from one file (to check a file before putting it in place)."""
    base = _packaged()
    try:
        text = Path(path).read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RegistryError("registry.error.unreadable", path=path, detail=exc) from exc
    raws = _parse(text, str(path), base=base if with_packaged else None)
    return Registry(_platform(raw, origin) for raw, origin in raws.values())


def parse_registry(text: str, *, source: str = REGISTRY_FILENAME) -> Registry:
    """A registry from YAML text alone (no packaged entries)."""
    raws = _parse(text, source, base=None)
    return Registry(_platform(raw, origin) for raw, origin in raws.values())


_Raw = dict[str, Any]


def _schema() -> dict[str, Any]:
    text = (resources.files("leakhelp") / "schemas" / SCHEMA_RESOURCE).read_text("utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


def _parse(
    text: str,
    source: str,
    *,
    base: dict[str, tuple[_Raw, str]] | None,
    origin: str | None = None,
) -> dict[str, tuple[_Raw, str]]:
    """Check one file and merge it over ``base``; returns id → (raw entry, origin)."""
    import yaml

    try:
        doc = _plain(yaml.load(text, Loader=_no_alias_loader()))  # noqa: S506 (a SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        # The parser's own words (English) say what it tripped over.
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        if mark is None:
            raise RegistryError("registry.error.yaml", source=source, problem=problem) from exc
        raise RegistryError(
            "registry.error.yaml-at",
            source=source,
            line=mark.line + 1,
            column=mark.column + 1,
            problem=problem,
        ) from exc
    except RecursionError:
        raise RegistryError("registry.error.nested", source=source) from None
    if not isinstance(doc, dict):
        raise RegistryError("registry.error.shape", source=source)
    import jsonschema  # only where a registry is read (start-up time of other commands)

    schema = _schema()
    top = dict(schema, properties=dict(schema["properties"], platforms={"type": "array"}))
    problems: list[Message | str] = [
        _field(_path(e.absolute_path), e.message) if e.absolute_path else e.message
        for e in jsonschema.Draft202012Validator(top).iter_errors(doc)
    ]
    if problems:
        raise _problems_error(source, problems)
    entry_validator = jsonschema.Draft202012Validator(
        {"$defs": schema["$defs"], "$ref": "#/$defs/platform"}
    )
    merged: dict[str, tuple[_Raw, str]] = dict(base or {})
    seen_ids: dict[str, int] = {}
    errors: list[Message] = []
    for number, entry in enumerate(doc["platforms"], start=1):
        where = _entry_name(number, entry)
        if not isinstance(entry, dict):
            errors.append(_at(where, Message("registry.problem.not-mapping")))
            continue
        pid = entry.get("id")
        if isinstance(pid, str):
            if pid in seen_ids:
                duplicate = Message(
                    "registry.problem.duplicate-id", id=repr(pid), other=seen_ids[pid]
                )
                errors.append(_at(where, duplicate))
                continue
            seen_ids[pid] = number
        full: _Raw = dict(entry)
        if base is not None and isinstance(pid, str) and pid in base:
            full = {**base[pid][0], **entry}
            if "notes" in entry and "notes_nl" not in entry:
                # New English notes make the packaged Dutch ones stale.
                full.pop("notes_nl", None)
        entry_errors = sorted(
            entry_validator.iter_errors(full), key=lambda e: [str(p) for p in e.absolute_path]
        )
        for err in entry_errors:
            errors.append(_describe(where, err))
        if entry_errors:
            continue
        semantic = _semantic_problems(full)
        errors.extend(_at(where, problem) for problem in semantic)
        if isinstance(pid, str) and not semantic:
            full["domains"] = [normalize_domain(d) for d in full["domains"]]
            merged[pid] = (full, origin or source)
    if not errors:
        clashes = [_at(source, clash) for clash in _domain_clashes(merged, source, base)]
        if clashes:
            raise RegistryError(
                "registry.error.list", problems=MessageList(clashes[:MAX_REPORTED_PROBLEMS])
            )
        return merged
    raise _problems_error(source, errors)


def _problems_error(source: str, problems: Sequence[Message | str]) -> RegistryError:
    """One error naming the file and its first problems (and how many more there are)."""
    extra = len(problems) - MAX_REPORTED_PROBLEMS
    return RegistryError(
        "registry.error.problems",
        source=source,
        problems=MessageList(problems[:MAX_REPORTED_PROBLEMS]),
        more=Message("registry.error.more", count=extra) if extra > 0 else "",
    )


def _at(where: str | Message, problem: Message) -> Message:
    return Message("registry.problem.at", where=where, problem=problem)


def _field(path: str, detail: str | Message) -> Message:
    return Message("registry.problem.field", field=path, detail=detail)


@lru_cache(maxsize=1)
def _no_alias_loader() -> type[yaml.SafeLoader]:
    """A SafeLoader without anchors and aliases: a platform list needs none, and
    an alias to itself or a "billion laughs" chain would make reading it
    endless (found by tests/test_properties.py). Made on first use: yaml is
    imported only where a list is read (`--help` needs none)."""
    import yaml

    class NoAliasLoader(yaml.SafeLoader):
        def compose_node(self, parent: Any, index: Any) -> Any:
            if self.check_event(yaml.AliasEvent):
                raise yaml.composer.ComposerError(
                    None, None, "anchors and aliases (*name) are not allowed here", None
                )
            return super().compose_node(parent, index)

    return NoAliasLoader


def _plain(value: Any) -> Any:
    """YAML turns 2026-11-25 into a date: make dates text again, recursively."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, _dt.date):
        return value.isoformat()
    return value


def _entry_name(number: int, entry: Any) -> Message:
    pid = entry.get("id") if isinstance(entry, dict) else None
    if isinstance(pid, str):
        return Message("registry.where.entry", number=number, id=repr(pid))
    return Message("registry.where.entry-no-id", number=number)


def _path(parts: Iterable[Any]) -> str:
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _describe(where: Message, err: jsonschema.ValidationError) -> Message:
    """One schema problem of an entry; the schema checker's own words (English) as the detail."""
    path = _path(err.absolute_path)
    if err.validator == "required":
        missing = re.findall(r"'([^']+)' is a required property", err.message)
        name = f"{path}.{missing[0]}" if path and missing else (missing[0] if missing else path)
        return _at(where, Message("registry.problem.missing-field", field=name))
    if err.validator == "additionalProperties" and not path:
        return _at(where, Message("registry.problem.plain", detail=err.message))
    if err.validator == "type":
        return _at(where, Message("registry.problem.wrong-type", field=path, detail=err.message))
    return _at(where, _field(path, err.message))


def _semantic_problems(entry: _Raw) -> list[Message]:
    problems: list[Message] = []
    for i, domain in enumerate(entry["domains"]):
        try:
            normalize_domain(domain)
        except ValueError:
            bad = Message("registry.problem.bad-domain", domain=repr(domain))
            problems.append(_field(f"domains[{i}]", bad))
            continue
        if "." not in domain.strip(".") or "/" in domain or "*" in domain:
            bad = Message("registry.problem.domain-name", domain=repr(domain))
            problems.append(_field(f"domains[{i}]", bad))
    for i, cidr in enumerate(entry.get("ip_ranges", [])):
        try:
            ipaddress.ip_network(cidr, strict=False)
        except ValueError:
            bad = Message("registry.problem.ip-range", value=repr(cidr))
            problems.append(_field(f"ip_ranges[{i}]", bad))
    for i, channel in enumerate(entry["channels"]):
        # A channel without a form or an address is a path in the app; its note says where.
        if channel["kind"] != "in-app" and not (
            channel.get("url") or channel.get("email") or channel.get("note")
        ):
            nowhere = Message("registry.problem.channel-where", kind=channel["kind"])
            problems.append(_field(f"channels[{i}]", nowhere))
        if "note_nl" in channel and "note" not in channel:
            # The English note is the one every reader can fall back on.
            problems.append(_field(f"channels[{i}]", Message("registry.problem.note-nl")))
        if "checked" in channel:
            try:
                _dt.date.fromisoformat(channel["checked"])
            except ValueError:
                bad = Message("registry.problem.not-a-date", value=repr(channel["checked"]))
                problems.append(_field(f"channels[{i}].checked", bad))
    try:
        _dt.date.fromisoformat(entry["checked"])
    except ValueError:
        bad = Message("registry.problem.not-a-date", value=repr(entry["checked"]))
        problems.append(_field("checked", bad))
    return problems


def _domain_clashes(
    merged: dict[str, tuple[_Raw, str]], source: str, base: dict[str, tuple[_Raw, str]] | None
) -> list[Message]:
    """Two entries of the same file may not claim one domain (the user's file may take one over)."""
    owner: dict[str, str] = {}
    problems: list[Message] = []
    for pid, (raw, origin) in merged.items():
        if base is not None and base.get(pid) == (raw, origin):
            continue
        for domain in raw["domains"]:
            if domain in owner and owner[domain] != pid:
                problems.append(
                    Message(
                        "registry.problem.domain-clash",
                        domain=repr(domain),
                        first=repr(owner[domain]),
                        second=repr(pid),
                    )
                )
            owner[domain] = pid
    return problems


def _platform(raw: _Raw, origin: str) -> Platform:
    stop = raw.get("stopncii") or {}
    tid = raw.get("take_it_down") or {}
    return Platform(
        id=raw["id"],
        name=raw["name"],
        aliases=tuple(raw.get("aliases", ())),
        domains=tuple(raw["domains"]),
        channels=tuple(
            Channel(
                kind=c["kind"],
                url=c.get("url"),
                email=c.get("email"),
                confidence=c["confidence"],
                note=c.get("note"),
                note_nl=c.get("note_nl"),
                label=c.get("label"),
                region=c.get("region"),
                escalation=bool(c.get("escalation", False)),
                imagery=c.get("imagery"),
                checked=c.get("checked", raw["checked"]),
            )
            for c in raw["channels"]
        ),
        stopncii=stop.get("partner"),
        take_it_down=tid.get("partner"),
        removed_markers=tuple(raw.get("removed_markers", ())),
        login_markers=tuple(raw.get("login_markers", ())),
        notes=tuple(raw.get("notes", ())),
        notes_nl=tuple(raw.get("notes_nl", ())),
        checked=raw["checked"],
        category=raw.get("category", "other"),
        domains_confidence=raw.get("domains_confidence", "U"),
        stopncii_confidence=stop.get("confidence", "U"),
        take_it_down_confidence=tid.get("confidence", "U"),
        stopncii_source=stop.get("source"),
        take_it_down_source=tid.get("source"),
        ip_ranges=tuple(raw.get("ip_ranges", ())),
        fronting_headers=tuple(raw.get("fronting_headers", ())),
        bases=tuple(raw.get("bases", ())),
        duties=tuple(raw["duties"]) if "duties" in raw else None,
        sources=tuple(raw.get("sources", ())),
        origin=origin,
    )


__all__ = [
    "BASES",
    "BASIS_CHANNEL_KINDS",
    "CHANNEL_KINDS",
    "DUTIES",
    "EU_COUNTRIES",
    "GENERIC_LOGIN_MARKERS",
    "GENERIC_REMOVED_MARKERS",
    "Channel",
    "Lookup",
    "Platform",
    "Registry",
    "host_of",
    "load_registry",
    "load_registry_file",
    "normalize_domain",
    "parse_registry",
    "site_of",
    "user_registry_path",
]
