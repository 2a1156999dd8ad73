"""Case tracking rules: web addresses, deadlines per legal basis, what to do next, stats.

Pure functions over the values the store returns. The only I/O here is
reading the user's settings file (``config.toml`` in the leakhelp home) and
lists of URLs the user points at. Times are stored in UTC; a time the user
types without a zone is their local time, and times are shown in local time
with the zone named (:func:`local_stamp`).

Deadlines (see docs/tracking.md for the sources):

* ``take-it-down`` — 48 hours after the request (TAKE IT DOWN Act, Sec. 3),
  for requests sent from 19 May 2026, when the platform duty applies; before
  that the working default below (one rule with the letters:
  :func:`leakhelp.law.take_it_down_applies`).
* ``gdpr-17`` — one month (GDPR Art. 12(3)), counted the EU way
  (Regulation 1182/71 Art. 3): the day of sending does not count and the
  month ends at the end of the same date in the next month, or of that
  month's last day when it has no such date (31 Jan → 28/29 Feb).
* everything else (DSA Art. 16, platform policy, DMCA, delisting) — the law
  says "timely" or nothing; a configurable default of 7 days.
"""

from __future__ import annotations

import csv
import io
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from .errors import ConfigError, InputError, InvalidURLError, UsageError
from .i18n import t, tn
from .law import (
    BASES,
    BASIS_COUNTRIES,
    DEFAULT_FOLLOW_UP,
    EU_COUNTRIES,
    STATUTORY_BASES,
    TAKE_IT_DOWN_DEADLINE,
    country_code,
    due_date,
    format_date,
    take_it_down_applies,
)

# web/app.py reads basis_label from here.
from .law import basis_label as basis_label
from .models import LANGS, Handoff, Lang, Request, RequestStatus, Sighting, iso, parse_iso
from .paths import resolve_home, shell_command
from .registry import site_of
from .support import SERVICE_NAMES, packaged_entries, sextortion_steps

# -- web addresses --------------------------------------------------------------

#: Longest URL accepted. 2048 is the limit most browsers and CDNs keep to;
#: a longer "URL" in a pasted list is almost always two lines run together.
MAX_URL_LENGTH = 2048
#: A bare "site.tld/..." that someone copied without "https://".
_BARE_HOST = re.compile(r"^[a-z0-9][a-z0-9.-]*\.[a-z]{2,}(:\d+)?([/?#]|$)", re.IGNORECASE)
_HOST = re.compile(r"[a-z0-9_]([a-z0-9_.-]*[a-z0-9_])?", re.IGNORECASE)  # fullmatch
_DEFAULT_PORTS = {"http": 80, "https": 443}
#: Characters RFC 3986 does not allow in a URL; a browser sends them
#: percent-encoded, and so does leakhelp (in letters, reports, checks).
_UNSAFE = str.maketrans({ch: f"%{ord(ch):02X}" for ch in '<>"{}|\\^`'})


def normalize_url(raw: str) -> str:
    """The canonical form of a web address, so the same URL is one sighting.

    Scheme and host are lower-cased, a default port and any user:password
    part are dropped, an empty path becomes "/"; path, query and fragment
    stay as they are (they are case-sensitive). "site.tld/x" gets "https://".
    Raises :class:`InvalidURLError` for anything that is not an http(s) URL.
    """
    text = raw.strip()
    if not text:
        raise InvalidURLError("url.empty")
    shown = text if len(text) <= 80 else text[:77] + "..."
    if len(text) > MAX_URL_LENGTH:
        raise InvalidURLError("url.too-long", url=shown, max=MAX_URL_LENGTH)
    if any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in text):
        raise InvalidURLError("url.spaces", url=shown)
    if "://" not in text:
        if not _BARE_HOST.match(text):
            raise InvalidURLError("url.not-address", url=shown)
        text = "https://" + text
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError:
        raise InvalidURLError("url.invalid", url=shown) from None
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS:
        raise InvalidURLError("url.scheme", url=shown)
    host = (parts.hostname or "").rstrip(".")
    if not host or not (_HOST.fullmatch(host) or ":" in host):
        raise InvalidURLError("url.no-host", url=shown)
    netloc = f"[{host}]" if ":" in host else host
    if port is not None and port != _DEFAULT_PORTS[scheme]:
        netloc += f":{port}"
    path, query, fragment = (
        part.translate(_UNSAFE) for part in (parts.path, parts.query, parts.fragment)
    )
    return urlunsplit((scheme, netloc, path or "/", query, fragment))


def route_command(request_id: int, route: str) -> str:
    """The command that notes a request was taken to ``route``."""
    return shell_command("request", "escalate", request_id, "--to", route)


def address_key(url: str) -> str:
    """What makes two (normalised) web addresses the same sighting.

    ``http://www.site.tld/x``, ``https://site.tld/x`` and ``site.tld/x`` are
    one place: the scheme and a leading "www." are left out of the key. The
    sighting keeps the address as it was first recorded.
    """
    parts = urlsplit(url)
    netloc = parts.netloc.lower()
    netloc = netloc[4:] if netloc.startswith("www.") else netloc
    return urlunsplit(("", netloc, parts.path or "/", parts.query, parts.fragment))


#: Largest URL list read from a file (a million URLs of ~200 bytes).
MAX_URL_FILE_BYTES = 200 << 20


def read_url_file(path: str | os.PathLike[str]) -> list[str]:
    """The URLs listed in a text file (one per line, "#" comments) or a CSV file.

    In a CSV file the column headed "url" is used; without one, every cell
    that contains "://" is. The entries are returned as written (validate each
    with :func:`normalize_url`, so one bad line does not stop the others).
    """
    p = Path(path)
    try:
        if p.stat().st_size > MAX_URL_FILE_BYTES:
            raise InputError("error.url-file-large", name=p.name)
        text = p.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError("error.url-file-missing", name=p.name) from None
    except UnicodeDecodeError:
        raise InputError("error.url-file-kind", name=p.name) from None
    except OSError as exc:
        raise InputError("error.url-file-unreadable", name=p.name, detail=exc.strerror) from None
    if p.suffix.lower() in (".csv", ".tsv"):
        return _urls_from_csv(text)
    return [
        line.strip()
        for line in text.splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]


def _urls_from_csv(text: str) -> list[str]:
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(text[:4096], ",;\t")
    except csv.Error:
        dialect = csv.excel
    rows = [row for row in csv.reader(io.StringIO(text), dialect) if any(c.strip() for c in row)]
    if not rows:
        return []
    header = [c.strip().lower() for c in rows[0]]
    if "url" in header:
        col = header.index("url")
        return [row[col].strip() for row in rows[1:] if len(row) > col and row[col].strip()]
    return [cell.strip() for row in rows for cell in row if "://" in cell]


# -- deadlines ------------------------------------------------------------------

# The legal terms (TAKE IT DOWN 48 hours, GDPR one calendar month) and the
# working default for the other bases live in law.py; this module lets the
# user change that default (config.toml, --days).
#: The law's working default in days (a week), changeable in config.toml.
DEFAULT_DEADLINE_DAYS = DEFAULT_FOLLOW_UP / timedelta(days=1)
#: How long to wait for an answer to a reminder before escalating: the basis's
#: own window for TAKE IT DOWN (48 hours), else the same working default.
REMINDER_WAIT = {"take-it-down": TAKE_IT_DOWN_DEADLINE}
DEFAULT_REMINDER_WAIT = DEFAULT_FOLLOW_UP

CONFIG_FILENAME = "config.toml"


@dataclass(frozen=True, slots=True)
class TrackingConfig:
    """The user's deadline settings, from ``[deadlines]`` in config.toml::

    [deadlines]
    default_days = 7        # DSA, platform policy, DMCA, delisting
    dsa-16 = 5              # per basis (not take-it-down or gdpr-17)
    """

    default_days: float = DEFAULT_DEADLINE_DAYS
    per_basis: Mapping[str, float] = field(default_factory=dict)

    def days_for(self, basis: str) -> float:
        return self.per_basis.get(basis, self.default_days)


def load_config(home: str | os.PathLike[str] | None = None) -> TrackingConfig:
    """Read ``[deadlines]`` from config.toml in the leakhelp home (defaults if absent)."""
    import tomllib  # only where the file is read

    path = resolve_home(home) / CONFIG_FILENAME
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return TrackingConfig()
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError("config.error.toml", path=path, detail=exc) from None
    section = data.get("deadlines", {})
    if not isinstance(section, dict):
        raise ConfigError("config.error.table", path=path)
    default = DEFAULT_DEADLINE_DAYS
    per_basis: dict[str, float] = {}
    for key, value in section.items():
        if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
            raise ConfigError("config.error.days", path=path, name=key)
        if key == "default_days":
            default = float(value)
        elif key in STATUTORY_BASES:
            raise ConfigError("config.error.by-law", path=path, basis=key)
        elif key in BASES:
            per_basis[key] = float(value)
        else:
            raise ConfigError("config.error.basis", path=path, name=key)
    return TrackingConfig(default_days=default, per_basis=per_basis)


def parse_user_time(text: str, *, now: datetime) -> datetime:
    """A date or time the user typed ("2026-05-19", "2026-05-19 14:30", ISO 8601), in UTC."""
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise UsageError("error.not-a-date", text=text) from None
    if moment.tzinfo is None:  # what the clock on the wall said: this computer's zone
        moment = moment.astimezone()
    if moment > now + timedelta(minutes=5):
        raise UsageError("error.future", text=text)
    return moment.astimezone(UTC)


def deadline_for(
    basis: str,
    sent_at: datetime,
    *,
    config: TrackingConfig | None = None,
    days: float | None = None,
) -> datetime:
    """When the platform's time to act runs out for a request sent at ``sent_at``.

    ``days`` (a per-request choice) beats the law's and the configured number.
    """
    sent = sent_at.astimezone(UTC)
    if days is not None:
        if days <= 0:
            raise UsageError("error.days-positive")
        return sent + timedelta(days=days)
    default = timedelta(days=(config or TrackingConfig()).days_for(basis))
    due = due_date(basis, sent, default=default)
    assert due is not None  # a default is given, so every basis has a date
    return due


#: Requests that wait for the platform: they can become overdue.
WAITING: frozenset[RequestStatus] = frozenset({"sent", "acknowledged", "partial", "no-reply"})
#: Requests that still cover their sightings (a new letter for them is not needed).
LIVE: frozenset[RequestStatus] = WAITING | {"drafted", "escalated"}


def is_overdue(request: Request, now: datetime) -> bool:
    """The platform's time ran out and the content is not (all) removed."""
    if request.status not in WAITING or request.deadline_at is None:
        return False
    return now > parse_iso(request.deadline_at)


def hours_late(request: Request, now: datetime) -> float:
    if request.deadline_at is None:
        return 0.0
    return max(0.0, (now - parse_iso(request.deadline_at)).total_seconds() / 3600)


# -- where to go next -----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Route:
    """Somewhere to take a case when a platform does not act. ``tag`` says how
    sure the facts are: V seen in a primary source, S a secondary one, U unverified."""

    id: str
    name: dict[Lang, str]
    where: str
    what: dict[Lang, str]
    tag: str

    def label(self, lang: Lang) -> str:
        return self.name[lang]


#: Routes that are a help entry of data/support.yaml under another id; every
#: other route with an address is the entry with its own id. The ids are kept
#: because requests store them (``request escalate --to``).
_ROUTE_ENTRIES: Mapping[str, str] = {
    "ftc": "ftc-tida",
    "take-it-down-ncmec": "take-it-down",
    "police-nl": "politie-nl",
}
#: Routes every case has but no one address: the country's own regulator or
#: police, the platform's own appeal. Their words are in the catalogue
#: (``route.<id>.name``, ``route.<id>.what``); the tag is that of the law cited.
_ROUTES_WITHOUT_ADDRESS: Mapping[str, str] = {
    "dpa": "V",  # GDPR Art. 77
    "dsc": "S",  # DSA Art. 53
    "dsa-appeal": "V",  # DSA Art. 20
    "police": "V",
}


def route(route_id: str) -> Route:
    """The route ``route_id``: facts and words from the packaged data/support.yaml
    (one source with ``leakhelp support``), or from the catalogue for a route
    without an address. Raises KeyError for an unknown id."""
    if route_id in _ROUTES_WITHOUT_ADDRESS:
        return Route(
            route_id,
            {lang: t(f"route.{route_id}.name", lang) for lang in LANGS},
            "",
            {lang: t(f"route.{route_id}.what", lang) for lang in LANGS},
            _ROUTES_WITHOUT_ADDRESS[route_id],
        )
    entry = packaged_entries()[_ROUTE_ENTRIES.get(route_id, route_id)]
    return Route(
        route_id,
        {lang: entry.name for lang in LANGS},
        entry.contact,
        {lang: entry.in_lang(lang).what for lang in LANGS},
        entry.confidence,
    )


#: Where to report images of a minor, per country, before anything else (the
#: hotlines among the services ``leakhelp support --minor`` lists).
MINOR_ROUTES: dict[str, tuple[str, ...]] = {
    "NL": ("meldpunt-kinderporno", "helpwanted"),
    "US": ("cybertipline",),
    "UK": ("report-remove",),
    "BE": ("child-focus",),
}


def tida_duty_applies(request: Request) -> bool:
    """Whether the 48-hour duty of TAKE IT DOWN sec. 3 binds this request: a
    take-it-down request sent on or after 19 May 2026 (the same rule the
    letters use, :func:`leakhelp.law.take_it_down_applies`)."""
    return (
        request.basis == "take-it-down"
        and request.sent_at is not None
        and take_it_down_applies(parse_iso(request.sent_at))
    )


def reminder_wait(request: Request) -> timedelta:
    """How long to wait for an answer to a reminder: 48 hours where the TAKE IT
    DOWN duty applies, else the working default."""
    if tida_duty_applies(request):
        return REMINDER_WAIT["take-it-down"]
    return DEFAULT_REMINDER_WAIT


def escalation_routes(
    basis: str,
    *,
    country: str | None,
    minor: bool = False,
    refused: bool = False,
    tida_in_force: bool = True,
) -> list[Route]:
    """Where to go when a platform does not act on a request, best first.

    The FTC complaint portal is for a missed TAKE IT DOWN deadline, so only
    when the duty applied to the request (``tida_in_force``).
    """
    country = country_code(country)
    ids: list[str] = []
    if minor:
        ids += [*MINOR_ROUTES.get(country, ()), "take-it-down-ncmec"]
    if basis == "take-it-down":
        if tida_in_force:
            ids.append("ftc")
    elif basis == "gdpr-17" or (basis == "delisting" and country in EU_COUNTRIES):
        ids.append("ap" if country == "NL" else "dpa")
    elif basis == "dsa-16":
        if refused:
            ids.append("dsa-appeal")
        ids.append("acm" if country == "NL" else "dsc")
    elif country in EU_COUNTRIES and refused:
        ids.append("dsa-appeal")
    if country == "NL":
        ids += ["helpwanted", "police-nl"]
    elif country == "UK":
        ids += ["rph", "police-uk"]
    elif country == "AU":
        ids += ["esafety", "police"]
    elif country == "US":
        ids += ["ccri", "police"]
    else:
        ids.append("police")
    return [route(i) for i in dict.fromkeys(ids)]


@dataclass(frozen=True, slots=True)
class NextStep:
    """What to do next about one request (or about a case's untouched sightings).

    ``kind``: send | wait | remind | wait-reminder | escalate | follow-up |
    done | draft | add-sightings.
    """

    kind: str
    text: str
    request_id: int | None = None
    due: str | None = None
    routes: tuple[Route, ...] = ()

    def as_dict(self, lang: Lang) -> dict[str, object]:
        return {
            "kind": self.kind,
            "text": self.text,
            "request": self.request_id,
            "due": self.due,
            "routes": [
                {"id": r.id, "name": r.label(lang), "where": r.where or None, "what": r.what[lang]}
                for r in self.routes
            ],
        }


def next_step(
    request: Request,
    *,
    now: datetime,
    lang: Lang,
    country: str | None = None,
    minor: bool = False,
) -> NextStep:
    """The one next thing to do about a request, in plain words."""
    rid = request.id
    if request.status == "drafted":
        return NextStep(
            "send", t("next.send", lang, id=rid, command=shell_command("request", "sent", rid)), rid
        )
    if request.status == "settled":
        return NextStep("done", t("next.done", lang, id=rid), rid)
    if request.status == "escalated":
        return NextStep(
            "follow-up",
            t(
                "next.follow-up",
                lang,
                id=rid,
                to=request.escalated_to or "?",
                command=shell_command("check"),
            ),
            rid,
        )
    in_force = request.basis != "take-it-down" or tida_duty_applies(request)
    routes = tuple(
        escalation_routes(
            request.basis, country=country, minor=minor, refused=True, tida_in_force=in_force
        )
    )
    if request.status == "refused":
        return NextStep("escalate", t("next.refused", lang, id=rid), rid, routes=routes)
    if not is_overdue(request, now):
        due = request.deadline_at
        key = "next.wait-partial" if request.status == "partial" else "next.wait"
        return NextStep("wait", t(key, lang, id=rid, due=_when(due, lang)), rid, due=due)
    routes = tuple(
        escalation_routes(request.basis, country=country, minor=minor, tida_in_force=in_force)
    )
    if request.reminders == 0:
        return NextStep(
            "remind",
            t("next.remind", lang, id=rid, command=shell_command("request", "remind", rid)),
            rid,
            routes=routes,
        )
    wait = reminder_wait(request)
    reminded = parse_iso(request.reminded_at) if request.reminded_at else now
    if now <= reminded + wait:
        due = iso(reminded + wait)
        return NextStep(
            "wait-reminder",
            t("next.wait-reminder", lang, id=rid, due=_when(due, lang)),
            rid,
            due=due,
        )
    return NextStep("escalate", t("next.escalate", lang, id=rid), rid, routes=routes)


def _when(stamp: str | None, lang: Lang) -> str:
    """A timestamp as people read it, in local time: "19 May 2026, 16:30 CEST"."""
    if stamp is None:
        return "?"
    moment = parse_iso(stamp).astimezone()
    return f"{format_date(moment, lang)}, {moment:%H:%M} {zone_name(moment)}"


def zone_name(moment: datetime) -> str:
    """The zone of an aware time as people know it: "CET", "UTC", else "UTC+05:30"."""
    name = moment.tzname() or ""
    offset = moment.utcoffset() or timedelta(0)
    if not offset and name in ("", "UTC", "GMT", "Z"):
        return "UTC"
    if name and name[0].isalpha():
        return name
    sign = "-" if offset < timedelta(0) else "+"
    minutes = abs(int(offset.total_seconds())) // 60
    return f"UTC{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def local_stamp(value: str | None, *, seconds: bool = True) -> str:
    """A stored UTC timestamp in this computer's local time with its zone named:
    "2026-05-19 16:30:05 CEST (UTC+02:00)", or "2026-05-19 14:30:05 UTC"."""
    if not value:
        return ""
    try:
        moment = parse_iso(value).astimezone()
    except ValueError:
        return value
    text = moment.strftime("%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M")
    zone = zone_name(moment)
    if zone == "UTC":
        return f"{text} UTC"
    offset = moment.strftime("%z")
    return f"{text} {zone}" + ("" if zone.startswith("UTC") else f" (UTC{offset[:3]}:{offset[3:]})")


def readable_time(stamp: str | None, lang: Lang) -> str:
    return _when(stamp, lang)


# -- drafting: which sightings go in which letter ------------------------------


@dataclass(frozen=True, slots=True)
class DraftGroup:
    """Open sightings on one platform (or, when the platform is unknown, one web site)."""

    platform: str | None
    host: str | None
    sightings: tuple[Sighting, ...]

    @property
    def target(self) -> str:
        return self.platform or self.host or "?"


def sightings_to_request(
    sightings: Iterable[Sighting],
    requests: Iterable[Request],
    *,
    again: bool = False,
    platform: str | None = None,
    max_per_group: int | None = None,
) -> list[DraftGroup]:
    """Group the open sightings that no live request covers yet, per platform.

    ``again`` also takes sightings a live request covers; ``platform`` keeps
    one platform (its id) or web site (its host); ``max_per_group`` splits a
    platform with more sightings than one letter may list into several groups.
    """
    covered: set[int] = set()
    if not again:
        for req in requests:
            if req.status in LIVE:
                covered.update(req.sighting_ids)
    groups: dict[tuple[str | None, str | None], list[Sighting]] = {}
    for s in sightings:
        if not s.is_open or s.id in covered:
            continue
        key = (s.platform, None) if s.platform else (None, site_of(s.url))
        if platform is not None and platform.lower() not in (key[0], key[1]):
            continue
        groups.setdefault(key, []).append(s)
    size = max_per_group or max((len(items) for items in groups.values()), default=1)
    return [
        DraftGroup(p, h, tuple(items[i : i + size]))
        for (p, h), items in groups.items()
        for i in range(0, len(items), size)
    ]


def default_basis(*, country: str | None, minor: bool = False) -> str:
    """The basis for a web site the registry does not know: in the EU a DSA
    Art. 16 notice (every hosting service must handle it), in the US a
    TAKE IT DOWN request, elsewhere the site's own rules."""
    country = country_code(country)
    if country in EU_COUNTRIES:
        return "dsa-16"
    if country == "US":
        return "take-it-down"
    return "ncii-policy"


def pick_basis(suggested: Sequence[str], *, country: str | None, minor: bool = False) -> str:
    """The best of a platform's suggested bases that fits the country (when known)."""
    code = country_code(country)
    for basis in suggested:
        if minor and basis == "dmca":
            # Never for images of a minor: a DMCA notice goes to the uploader
            # and to public databases (letters refuse it too).
            continue
        allowed = BASIS_COUNTRIES.get(basis)
        if allowed is None or not code or code in allowed:
            return basis
    return default_basis(country=country, minor=minor)


# -- counsellor's statistics (no personal data, no URLs) ------------------------

#: Name used in stats for web sites that are not in the platform registry:
#: their host names are left out, as they can point to the case.
OTHER_PLATFORM = "other"


@dataclass(frozen=True, slots=True)
class PlatformStats:
    """How one platform (or one legal basis) answered requests. No URLs, no names."""

    key: str
    requests_sent: int = 0
    removed: int = 0
    refused: int = 0
    partial: int = 0
    no_reply: int = 0
    waiting: int = 0
    overdue: int = 0
    escalated: int = 0
    median_days_to_removal: float | None = None

    def as_dict(self, by: str = "platform") -> dict[str, object]:
        return {
            by: self.key,
            "requests_sent": self.requests_sent,
            "removed": self.removed,
            "refused": self.refused,
            "partial": self.partial,
            "no_reply": self.no_reply,
            "waiting": self.waiting,
            "overdue": self.overdue,
            "escalated": self.escalated,
            "median_days_to_removal": self.median_days_to_removal,
        }


def request_stats(
    requests: Iterable[Request], *, now: datetime, by: str = "platform"
) -> list[PlatformStats]:
    """Per platform (``by="platform"``) or legal basis (``by="basis"``): requests
    sent and what came of them, with the median days from sending to removal."""
    import statistics  # here: only the stats command needs it (start-up time)

    if by not in ("platform", "basis"):
        raise UsageError("error.stats-by", given=repr(by))
    buckets: dict[str, list[Request]] = {}
    for req in requests:
        if req.sent_at is None:
            continue
        key = (req.platform or OTHER_PLATFORM) if by == "platform" else req.basis
        buckets.setdefault(key, []).append(req)
    out = []
    for key in sorted(buckets, key=lambda k: (k == OTHER_PLATFORM, k)):
        reqs = buckets[key]
        days = [
            (parse_iso(r.settled_at) - parse_iso(r.sent_at)).total_seconds() / 86400
            for r in reqs
            if r.status == "settled" and r.settled_at and r.sent_at
        ]
        out.append(
            PlatformStats(
                key=key,
                requests_sent=len(reqs),
                removed=sum(r.status == "settled" for r in reqs),
                refused=sum(r.status == "refused" for r in reqs),
                partial=sum(r.status == "partial" for r in reqs),
                no_reply=sum(r.status == "no-reply" for r in reqs),
                waiting=sum(r.status in WAITING and not is_overdue(r, now) for r in reqs),
                overdue=sum(is_overdue(r, now) for r in reqs),
                escalated=sum(r.status == "escalated" for r in reqs),
                median_days_to_removal=round(max(0.0, statistics.median(days)), 1)
                if days
                else None,
            )
        )
    return out


# -- a case at a glance ---------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Overview:
    """What is done, what is waiting, what is next, for one case."""

    sightings_open: int
    sightings_removed: int
    requests: Mapping[str, int]
    overdue: int
    done: tuple[str, ...]
    waiting: tuple[NextStep, ...]
    next: tuple[NextStep, ...]


def case_overview(
    sightings: Sequence[Sighting],
    requests: Sequence[Request],
    *,
    now: datetime,
    lang: Lang,
    country: str | None = None,
    minor: bool = False,
    case_ref: str = "CASE",
) -> Overview:
    """A calm summary of a case: done, waiting, next (``case_ref`` goes into the
    commands it suggests)."""
    open_ = sum(s.is_open for s in sightings)
    removed = len(sightings) - open_
    counts: dict[str, int] = {}
    for r in requests:
        counts[r.status] = counts.get(r.status, 0) + 1
    done: list[str] = []
    if removed:
        done.append(
            tn("overview.removed", len(sightings), lang, removed=removed, total=len(sightings))
        )
    sent = sum(r.sent_at is not None for r in requests)
    if sent:
        done.append(t("overview.sent", lang, n=sent))
    if counts.get("settled"):
        done.append(t("overview.settled", lang, n=counts["settled"]))
    waiting: list[NextStep] = []
    nxt: list[NextStep] = []
    for r in requests:
        step = next_step(r, now=now, lang=lang, country=country, minor=minor)
        if step.kind in ("wait", "wait-reminder", "follow-up"):
            waiting.append(step)
        elif step.kind != "done":
            nxt.append(step)
    nxt += other_basis_steps(
        sightings, requests, lang=lang, country=country, minor=minor, case_ref=case_ref
    )
    untouched = sightings_to_request(_not_refused(sightings, requests), requests)
    if untouched:
        n = sum(len(g.sightings) for g in untouched)
        nxt.append(
            NextStep(
                "draft",
                t("next.draft", lang, n=n, command=shell_command("request", "draft", case_ref)),
            )
        )
    if not sightings:
        nxt.append(
            NextStep(
                "add-sightings",
                t("next.add-sightings", lang, command=shell_command("sighting", "add", case_ref)),
            )
        )
    return Overview(
        sightings_open=open_,
        sightings_removed=removed,
        requests=counts,
        overdue=sum(is_overdue(r, now) for r in requests),
        done=tuple(done),
        waiting=tuple(waiting),
        next=tuple(nxt),
    )


# -- sextortion: threatened, not yet shared --------------------------------------


def sextortion_next_steps(
    *, lang: Lang, minor: bool, case_ref: str, handoffs: Sequence[Handoff] = ()
) -> tuple[NextStep, ...]:
    """The next steps of a sextortion case (kind ``sextortion``), in order.

    The steps come from :func:`leakhelp.support.sextortion_steps`; a hashing
    service recorded as a hand-off makes its step "done". Nothing here asks
    for a copy of the images.
    """
    hashed = {h.service: h.done_on for h in handoffs}
    return tuple(
        NextStep("sextortion-done" if step.done else f"sextortion-{step.key}", step.text)
        # An adult is not recorded as such (profile.minor is False by default):
        # unless the case says under 18, name both services.
        for step in sextortion_steps(
            lang, minor=True if minor else None, case_ref=case_ref, hashed=hashed
        )
    )


def hashing_service_name(service: str) -> str:
    return SERVICE_NAMES.get(service, service)


# -- evidence: what is known about each sighting, and how ------------------------

#: What the records show about one web address, most certain first. "online"
#: and "removed" need an observation (a check, the platform's answer or the
#: user); an address never checked is "not-checked", never "online".
EVIDENCE_KINDS: tuple[str, ...] = ("online", "removed", "unreachable", "unknown", "not-checked")


@dataclass(frozen=True, slots=True)
class Evidence:
    """The true state of one sighting: what was observed, when, and how."""

    sighting_id: int
    kind: str
    #: When it was observed (a stored UTC timestamp); None when never checked.
    at: str | None = None
    #: How: "check", "answer" (the platform's), "manual" (the user said so).
    how: str | None = None
    #: The last time a status check saw it online, when there was one.
    last_online_at: str | None = None

    def describe(self, lang: Lang) -> str:
        """One line for a person: "online — a status check saw it at 19 May 2026, 16:30 CEST"."""
        key = f"evidence.{self.kind}" + (
            f".{self.how}" if self.kind in ("online", "removed") else ""
        )
        text = t(key, lang, at=_when(self.at, lang))
        if self.last_online_at and self.kind in ("unreachable", "unknown"):
            text += "; " + t("evidence.last-online", lang, at=_when(self.last_online_at, lang))
        return text

    def as_dict(self) -> dict[str, object]:
        return {
            "state": self.kind,
            "at": self.at,
            "how": self.how,
            "last_online_at": self.last_online_at,
        }


def sighting_evidence(sighting: Sighting, checks: Sequence[tuple[str, str]] = ()) -> Evidence:
    """What is known about ``sighting``; ``checks`` are its (checked_at, state) pairs."""
    online = [at for at, state in checks if state == "online"]
    last_online = max(online) if online else None
    if sighting.state == "removed":
        how = sighting.removed_by or "manual"
        return Evidence(sighting.id, "removed", sighting.removed_at, how, last_online)
    last = sighting.last_check_state
    if last is None:
        return Evidence(sighting.id, "not-checked")
    if last == "online":
        return Evidence(sighting.id, "online", sighting.last_checked_at, "check", last_online)
    if last == "removed":  # a check said gone, then the user reopened it: they saw it again
        return Evidence(sighting.id, "online", sighting.last_seen, "manual", last_online)
    return Evidence(sighting.id, last, sighting.last_checked_at, "check", last_online)


def evidence_by_sighting(
    sightings: Sequence[Sighting], checks: Iterable[tuple[int, str, str]]
) -> dict[int, Evidence]:
    """Evidence of each sighting from all checks as (sighting id, checked_at, state)."""
    per: dict[int, list[tuple[str, str]]] = {}
    for sid, at, state in checks:
        per.setdefault(sid, []).append((at, state))
    return {s.id: sighting_evidence(s, per.get(s.id, ())) for s in sightings}


def evidence_counts(evidence: Iterable[Evidence]) -> dict[str, int]:
    """How many sightings are in each state (every state named, zeros too)."""
    counts = dict.fromkeys(EVIDENCE_KINDS, 0)
    for item in evidence:
        counts[item.kind] += 1
    return counts


def evidence_summary(counts: Mapping[str, int], lang: Lang) -> str:
    """ "5 web addresses: 1 online when last checked, 2 removed, ..." (zeros left out)."""
    total = sum(counts.values())
    if not total:
        return t("evidence.none", lang)
    parts = [
        t(f"evidence.count.{kind}", lang, n=counts[kind]) for kind in EVIDENCE_KINDS if counts[kind]
    ]
    return t("evidence.summary", lang, n=total, parts=", ".join(parts))


def other_basis_steps(
    sightings: Sequence[Sighting],
    requests: Sequence[Request],
    *,
    lang: Lang,
    country: str | None,
    minor: bool,
    case_ref: str,
) -> list[NextStep]:
    """After a refusal: the same addresses on another legal basis, as a full command."""
    still_open = {s.id for s in sightings if s.is_open}
    tried: dict[str, set[str]] = {}
    for r in requests:
        tried.setdefault(r.target, set()).add(r.basis)
    steps = []
    for r in requests:
        if r.status != "refused" or not still_open & set(r.sighting_ids):
            continue
        basis = _another_basis(tried[r.target], country=country, minor=minor)
        if basis is None:
            continue
        command = shell_command(
            "request", "draft", case_ref, "--basis", basis, "--platform", r.target
        )
        text = t("next.other-basis", lang, id=r.id, basis=basis_label(basis, lang), command=command)
        steps.append(NextStep("draft", text, r.id))
    return steps


def _another_basis(tried: set[str], *, country: str | None, minor: bool) -> str | None:
    """A legal basis not tried yet with this platform that fits the country, best first."""
    code = country_code(country)
    order = ["take-it-down"] if minor or code == "US" else []
    if code in EU_COUNTRIES:
        order += ["dsa-16", "gdpr-17"]
    elif code == "UK":
        order += ["gdpr-17"]
    order += ["ncii-policy"]
    return next((b for b in order if b not in tried), None)


def _not_refused(sightings: Sequence[Sighting], requests: Sequence[Request]) -> list[Sighting]:
    """Sightings no request was refused for: a refused one's next step is another
    route (listed with the refusal), never drafting the same letter again."""
    refused = {sid for r in requests if r.status == "refused" for sid in r.sighting_ids}
    return [s for s in sightings if s.id not in refused]


# -- a reminder to a platform that is late --------------------------------------


def reminder_text(
    request: Request,
    urls: Sequence[str],
    *,
    lang: Lang,
    now: datetime,
    name: str | None = None,
    email: str | None = None,
) -> tuple[str, str]:
    """(subject, body) of a short, firm reminder about a request that is late.

    User data is only ever a value here, never part of a template.
    """
    values = {
        "sent": _when(request.sent_at, lang),
        "deadline": _when(request.deadline_at, lang),
        "today": _when(iso(now), lang),
        "basis": basis_label(request.basis, lang),
        "reference": request.reference or "—",
        "urls": "\n".join(urls),
        "name": name or "",
        "email": email or "",
    }
    subject = t("reminder.subject", lang, **values)
    body = t("reminder.body", lang, **values)
    return subject, body.rstrip() + "\n"
