"""Batch status checks: is each URL still online? Safely, in parallel, with evidence.

This is the only module that speaks HTTP (httpx). It fetches each URL with a
GET, follows redirects by hand, reads a bounded number of bytes and says, for
every URL, one of ``online``, ``removed``, ``unknown`` or ``unreachable``
(DESIGN.md "Status checks") with a one-line reason. docs/checks.md explains
every rule and limit; in short:

* **Safety.** Only ``http``/``https`` URLs without a user name or password are
  fetched. Host names are resolved here and private, loopback, link-local,
  multicast, reserved and unspecified addresses (IPv4 and IPv6, also when
  wrapped in IPv6) are refused on every redirect hop unless
  ``allow_private`` is set. The default transport connects to exactly the
  address that was checked (:class:`_GuardedBackend`), so a DNS answer cannot
  change between the check and the connection (DNS rebinding).
* **Politeness.** A global and a per-host limit on parallel requests, a
  ``User-Agent`` that names leakhelp and why it asks, ``Retry-After`` honoured
  on 429/503 (capped), one GET per URL (plus one for its preview image).
* **Bounded work.** A timeout per request, at most :data:`MAX_REDIRECTS`
  redirects, and a cap on the bytes read per answer (:data:`HTML_CAP`,
  :data:`IMAGE_CAP`): a 2 GB answer costs the first chunk, not 2 GB.
* **Privacy.** When an image must be compared with a case, its bytes are
  hashed in memory and dropped inside the function that read them; nothing is
  written to disk or cached.

The classification itself (:class:`Classifier`) is a pure function of what was
fetched, so a benchmark's sequential baseline can use the very same rules.
"""

from __future__ import annotations

import asyncio
import email.utils
import html
import ipaddress
import random
import re
import socket
import ssl
import zlib
from collections import Counter, OrderedDict
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from typing import Any, Protocol
from urllib.parse import urljoin, urlsplit

import httpcore
import httpx

from .errors import ImageError, UsageError
from .fingerprint import fingerprint_file
from .i18n import t
from .models import DEFAULT_CONCURRENCY as DEFAULT_CONCURRENCY  # defined there: light to import
from .models import DEFAULT_PER_HOST as DEFAULT_PER_HOST
from .models import DEFAULT_TIMEOUT as DEFAULT_TIMEOUT
from .models import CheckResult, CheckState, Fingerprint, ImageMatch, Lang
from .progress import NullProgress, Progress
from .registry import GENERIC_LOGIN_MARKERS, GENERIC_REMOVED_MARKERS

# -- limits ---------------------------------------------------------------------


#: Redirects followed before giving up. Browsers allow 20 (Chrome) and httpx
#: 20; real sites need 1-3 (http → https → www → page). 10 is generous.
MAX_REDIRECTS = 10

#: How often one URL may appear in one redirect chain. Twice, because sites
#: often redirect to the same URL once to set a cookie; a third time is a loop.
MAX_VISITS_PER_URL = 2

#: Attempts per request when the server says 429 (too many requests) or 503
#: (busy): the first try and two retries.
MAX_ATTEMPTS = 3

#: First backoff in seconds when a 429/503 carries no Retry-After; doubled per
#: retry, with jitter so parallel checks do not retry in step.
BACKOFF_BASE = 1.0

#: Longest Retry-After we wait for, in seconds. A server that asks for longer
#: is not retried: the URL is reported and can be checked again later.
RETRY_AFTER_CAP = 30.0

#: Bytes of an HTML or text answer we read. The markers we look for (title,
#: "not available" texts, og:image) sit in the first few hundred KB of real
#: pages; 2 MB is above the median page weight of the whole HTML document.
HTML_CAP = 2 * 1024 * 1024

#: Bytes of an image we read to compare it with a case. Phone photos are
#: 2-8 MB as JPEG, HEIC less; a 20 MB cap covers them with room to spare.
IMAGE_CAP = 20 * 1024 * 1024

#: Connection pools kept open at once, one per site (scheme, host, port),
#: each with at most per_host + IMAGE_SLOTS connections. Bounds open sockets
#: (32 x 8 = 256, well under the usual limit of 1024 open files).
MAX_ORIGIN_POOLS = 32

#: Seconds an idle keep-alive connection is kept for reuse (servers commonly
#: close idle connections after 5-15 s; nginx's default is 75 s).
KEEPALIVE_SECONDS = 5.0

#: Images read and hashed at once. Each may hold IMAGE_CAP bytes plus its
#: decoded pixels, so this bounds memory; the machine has few cores anyway.
IMAGE_SLOTS = 2

#: Statuses that mean "gone": not found, gone, unavailable for legal reasons.
REMOVED_STATUSES = frozenset({404, 410, 451})
#: Statuses that mean "you may not see this" (not that it is gone).
DENIED_STATUSES = frozenset({401, 403, 407})
#: Statuses worth retrying after a pause.
RETRY_STATUSES = frozenset({429, 503})
#: Statuses that are redirects we follow (304 is not one).
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})


def _version() -> str:
    try:
        return metadata.version("leakhelp")
    except metadata.PackageNotFoundError:  # running from a source tree
        return "0"


#: Who is asking and why, so a site operator reading logs understands it.
USER_AGENT = (
    f"leakhelp/{_version()} (status check of a takedown request: is the reported "
    "content still online? one request per URL; no crawling)"
)

# -- markers ----------------------------------------------------------------------

# The generic "content gone" and login-wall texts live in the registry
# (GENERIC_REMOVED_MARKERS, GENERIC_LOGIN_MARKERS), next to each platform's
# own; with no registry at hand the checker uses those generic ones.

#: Bot checks and captchas (Cloudflare's "Just a moment...", DDoS-Guard, ...).
#: They hide the page: the answer says nothing about the content.
CHALLENGE_MARKERS: tuple[str, ...] = (
    "just a moment...",
    "checking your browser",
    "attention required! | cloudflare",
    "verify you are human",
    "verify that you are human",
    "are you a robot",
    "complete the security check",
    "ddos-guard",
    "captcha",
    "controleer of je een mens bent",
)

#: Path segments that mark a login page; a redirect there is a login wall,
#: never proof of removal (platforms.md: Instagram sends logged-out visits of
#: live posts to /accounts/login).
LOGIN_SEGMENTS: tuple[str, ...] = ("login", "log-in", "signin", "sign-in", "sign_in", "logon")
LOGIN_EXACT_SEGMENTS = frozenset({"auth", "sso", "oauth", "inloggen", "aanmelden"})
LOGIN_HOST_LABELS = frozenset({"login", "signin", "auth", "sso", "accounts"})

#: Placeholder images sites redirect removed images to (platforms.md: Imgur
#: sends removed images to /removed.png [U]).
REMOVED_PLACEHOLDER_PATHS: tuple[str, ...] = ("/removed.png",)

#: Meta tags that name a page's preview image, in order of preference.
PREVIEW_IMAGE_KEYS: tuple[str, ...] = (
    "og:image:secure_url",
    "og:image",
    "og:image:url",
    "twitter:image",
    "twitter:image:src",
)

#: Meta tags whose text counts as page text for the markers.
DESCRIPTION_KEYS = frozenset({"og:title", "og:description", "description", "twitter:title"})

#: Leading bytes of image formats fingerprint.py can read.
_IMAGE_MAGIC: tuple[bytes, ...] = (
    b"\xff\xd8\xff",  # JPEG
    b"\x89PNG\r\n\x1a\n",
    b"GIF87a",
    b"GIF89a",
    b"BM",
    b"II*\x00",
    b"MM\x00*",
)

ImageMatcher = Callable[[Fingerprint], ImageMatch]
#: Resolves a host name to IP address strings (an injected fake in tests).
Resolver = Callable[[str, int], Awaitable[Sequence[str]]]
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
#: What ``transport=`` takes (so callers need not import httpx themselves).
Transport = httpx.AsyncBaseTransport


# -- the platform registry, as far as checks need it ---------------------------------


class MarkerSource(Protocol):
    """What checks need from a platform registry (``leakhelp.registry.Registry``)."""

    def which(self, url: str) -> Any | None: ...

    def removed_markers(self, platform: Any | None) -> tuple[str, ...]: ...

    def login_markers(self, platform: Any | None) -> tuple[str, ...]: ...


class GenericMarkers:
    """The built-in markers, for when no registry is at hand."""

    def which(self, url: str) -> None:
        return None

    def removed_markers(self, platform: Any | None) -> tuple[str, ...]:
        return GENERIC_REMOVED_MARKERS

    def login_markers(self, platform: Any | None) -> tuple[str, ...]:
        return GENERIC_LOGIN_MARKERS


# -- what was fetched, and what it says ---------------------------------------------


@dataclass(frozen=True, slots=True)
class Verdict:
    """A state with the reason for it (``key`` names an i18n message)."""

    state: CheckState
    key: str
    values: Mapping[str, object] = field(default_factory=dict)
    http_status: int | None = None
    final_url: str | None = None
    image_match: ImageMatch | None = None

    def reason(self, lang: Lang = "en") -> str:
        return t("check." + self.key, lang, **self.values)


@dataclass(frozen=True, slots=True)
class Fetched:
    """The last answer of a redirect chain: status, a few headers, capped body.

    ``body`` is the (decoded) text part of an HTML or text answer, at most
    :data:`HTML_CAP` bytes; it is empty for images and other files, whose
    bytes never leave the function that read them.
    """

    url: str
    final_url: str
    status: int
    content_type: str = ""
    body: bytes = b""
    kind: str = "other"  # "html", "image", "other" or "empty"
    headers: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def of(
        cls, url: str, final_url: str, status: int, headers: Mapping[str, str], body: bytes
    ) -> Fetched:
        """A Fetched from the parts of any HTTP answer (e.g. a plain httpx response).

        The body is cut at :data:`HTML_CAP`; only HTML keeps it, as the engine does.
        """
        lowered = {k.lower(): v for k, v in headers.items()}
        content_type = lowered.get("content-type", "").split(";")[0].strip().lower()
        kind = _kind(content_type, body[:HTML_CAP]) if body else "empty"
        return cls(
            url=url,
            final_url=final_url,
            status=status,
            content_type=content_type,
            body=body[:HTML_CAP] if kind == "html" else b"",
            kind=kind,
            headers=lowered,
        )


@dataclass(frozen=True, slots=True)
class Page:
    """What the classifier read from an answer."""

    kind: str
    title: str = ""
    removed: str | None = None
    login: str | None = None
    challenge: str | None = None
    preview_image: str | None = None


@dataclass(frozen=True, slots=True)
class ImageEvidence:
    """The outcome of comparing a served image with the case.

    ``match`` is None when no comparison was possible; ``note`` then says why
    (an i18n key suffix: "too_big", "unreadable", "unavailable", "no_preview").
    """

    match: ImageMatch | None
    note: str | None = None
    via_preview: bool = False


@dataclass(frozen=True, slots=True)
class Classifier:
    """The classification rules of DESIGN.md, with markers from a registry.

    ``Classifier()`` uses the built-in generic markers (nl and en);
    ``Classifier(markers=registry)`` asks the platform registry for each URL.
    """

    markers: MarkerSource = field(default_factory=GenericMarkers)
    challenge_markers: tuple[str, ...] = CHALLENGE_MARKERS

    def platform(self, url: str) -> tuple[str | None, Any | None]:
        """The platform id of a URL (None when unknown) and the registry's object."""
        try:
            found = self.markers.which(url)
        except Exception:  # a registry must never stop a check
            return None, None
        if found is None:
            return None, None
        return str(getattr(found, "id", found)), found

    def read(self, fetched: Fetched, platform: Any | None = None) -> Page:
        """Find the markers and the preview image in an answer.

        Three kinds of marker, because registries mix them: a marker that
        starts with "/" is a URL path (a login page: matched against the
        final URL only); a single word ("inloggen", "[removed]") counts only
        in the page title, since single words also sit in menus and under
        comments of live pages; a phrase counts in the title, the page
        description and the visible text (never in scripts).
        """
        removed_markers = self.markers.removed_markers(platform)
        login_markers = self.markers.login_markers(platform)
        login_path = _path_marker(fetched.final_url, login_markers)
        if fetched.kind != "html":
            return Page(kind=fetched.kind, login=login_path)
        raw = _decode_text(fetched.body, fetched.content_type)
        lowered = raw.lower()
        title = _title(lowered)
        metas = _meta_tags(raw)
        described = " ".join(v.lower() for k, v in metas if k in DESCRIPTION_KEYS)
        visible = _visible_text(lowered)
        text = " ".join(f"{title} {described} {visible}".split())
        return Page(
            kind="html",
            title=title,
            removed=_text_marker(title, text, removed_markers),
            login=login_path or _text_marker(title, text, login_markers),
            # A bot check is the whole page: look at its title and its start only.
            challenge=_text_marker(
                title, " ".join(f"{title} {visible[:4000]}".split()), self.challenge_markers
            ),
            preview_image=_preview_image(metas, fetched.final_url),
        )

    def is_login_url(self, url: str) -> bool:
        """A login page by its address: built-in patterns or the registry's paths."""
        if looks_like_login(url):
            return True
        _, platform = self.platform(url)
        return _path_marker(url, self.markers.login_markers(platform)) is not None

    def decide(self, fetched: Fetched, page: Page, image: ImageEvidence | None = None) -> Verdict:
        """The state of a URL from its last answer, its page and its image."""
        status = fetched.status
        final = fetched.final_url

        matched = image.match if image is not None else None

        def verdict(state: CheckState, key: str, **values: object) -> Verdict:
            return Verdict(state, key, values, status, final, matched)

        if urlsplit(final).path.lower().endswith(REMOVED_PLACEHOLDER_PATHS):
            return verdict("removed", "placeholder")
        if status in REMOVED_STATUSES:
            return verdict("removed", "legal" if status == 451 else "gone", status=status)
        if page.challenge or fetched.headers.get("cf-mitigated", "").lower() == "challenge":
            return verdict("unknown", "challenge", marker=page.challenge or "cf-mitigated")
        if status in DENIED_STATUSES:
            return verdict("unknown", "denied", status=status)
        if status == 429:
            return verdict("unknown", "rate_limited")
        if status >= 500:
            return verdict("unreachable", "server_error", status=status)
        if 300 <= status < 400:
            return verdict("unknown", "no_location", status=status)
        if not 200 <= status < 300:
            return verdict("unknown", "other_status", status=status)
        if image is not None and image.match in ("strong", "possible"):
            key = "shows_image" if image.via_preview else "serves_image"
            if page.removed:
                key += "_despite_marker"
            return verdict("online", key, match=image.match, marker=page.removed or "")
        if page.removed:
            return verdict("removed", "soft404", marker=page.removed)
        if page.login:
            return verdict("unknown", "login_wall", marker=page.login)
        if image is not None and image.match == "none":
            return verdict("online", "other_image_page" if image.via_preview else "other_image")
        if page.kind == "empty":
            return verdict("unknown", "empty", status=status)
        if page.kind == "image":
            note = image.note if image is not None else None
            return verdict("online", f"image_{note}" if note else "image", status=status)
        if page.kind == "html":
            note = image.note if image is not None else None
            return verdict("online", f"page_{note}" if note else "page", status=status)
        return verdict("online", "file", status=status, type=fetched.content_type or "?")

    def classify(self, fetched: Fetched, image: ImageEvidence | None = None) -> Verdict:
        """read() and decide() in one step (no image comparison unless given)."""
        _, platform = self.platform(fetched.url)
        return self.decide(fetched, self.read(fetched, platform), image)


# -- settings -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CheckSettings:
    """Limits of one batch of checks; the defaults are the named constants above."""

    timeout: float = DEFAULT_TIMEOUT
    concurrency: int = DEFAULT_CONCURRENCY
    per_host: int = DEFAULT_PER_HOST
    max_redirects: int = MAX_REDIRECTS
    max_attempts: int = MAX_ATTEMPTS
    backoff: float = BACKOFF_BASE
    retry_after_cap: float = RETRY_AFTER_CAP
    html_cap: int = HTML_CAP
    image_cap: int = IMAGE_CAP
    allow_private: bool = False
    user_agent: str = USER_AGENT
    lang: Lang = "en"

    def __post_init__(self) -> None:
        if not self.timeout > 0:
            raise UsageError("--timeout must be more than 0 seconds")
        if self.concurrency < 1 or self.per_host < 1:
            raise UsageError("the number of parallel requests must be at least 1")
        if self.max_attempts < 1 or self.max_redirects < 0:
            raise UsageError("attempts must be at least 1 and redirects at least 0")


@dataclass(frozen=True, slots=True)
class CheckTarget:
    """A URL to check, with the matcher of the case it belongs to (if any)."""

    url: str
    image_matcher: ImageMatcher | None = None


# -- the address guard -----------------------------------------------------------------


class AddressRefused(Exception):
    """A URL points at an address leakhelp does not contact."""

    def __init__(self, host: str, address: str) -> None:
        super().__init__(f"{host} resolves to {address}, a private or local address")
        self.host = host
        self.address = address


class NameNotResolved(Exception):
    """A host name has no address (DNS failure)."""

    def __init__(self, host: str) -> None:
        super().__init__(f"{host} could not be resolved")
        self.host = host


_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")


def is_public_address(address: IPAddress) -> bool:
    """True for an address on the public internet.

    Refused: private (10/8, 172.16/12, 192.168/16, fc00::/7), loopback,
    link-local (169.254/16 with cloud metadata, fe80::/10), shared (100.64/10),
    multicast, reserved, unspecified (0.0.0.0, ::) and documentation ranges,
    also when an IPv4 address hides in IPv6 (::ffff:a.b.c.d, 6to4, NAT64).
    """
    if isinstance(address, ipaddress.IPv6Address):
        embedded: ipaddress.IPv4Address | None = address.ipv4_mapped or address.sixtofour
        if embedded is None and address in _NAT64:
            embedded = ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
        if embedded is not None:
            return is_public_address(embedded)
        if address.is_site_local:
            return False
    return (
        address.is_global
        and not address.is_multicast
        and not address.is_reserved
        and not address.is_unspecified
        and not address.is_loopback
        and not address.is_link_local
        and not address.is_private
    )


async def system_resolver(host: str, port: int) -> list[str]:
    """Resolve a host name with the operating system (asyncio getaddrinfo)."""
    loop = asyncio.get_running_loop()
    try:
        infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise NameNotResolved(host) from exc
    seen: dict[str, None] = {}
    for info in infos:
        seen.setdefault(str(info[4][0]), None)
    return list(seen)


@dataclass(frozen=True, slots=True)
class AddressGuard:
    """Resolves a host and refuses it unless every address is public.

    ``allow_private`` lets everything through (checking a server on your own
    network). ``allow_address`` is a narrower hook: it may let single
    non-public addresses through (tests allow exactly 127.0.0.1).
    """

    allow_private: bool = False
    allow_address: Callable[[IPAddress], bool] | None = None
    resolver: Resolver = system_resolver

    def allowed(self, address: IPAddress) -> bool:
        if self.allow_private or is_public_address(address):
            return True
        return self.allow_address is not None and self.allow_address(address)

    async def vet(self, host: str, port: int) -> list[str]:
        """The addresses to connect to; raises AddressRefused or NameNotResolved."""
        literal = _ip_literal(host)
        addresses = [str(literal)] if literal is not None else list(await self.resolver(host, port))
        if not addresses:
            raise NameNotResolved(host)
        for text in addresses:
            try:
                address = ipaddress.ip_address(text.split("%", 1)[0])
            except ValueError as exc:
                raise NameNotResolved(host) from exc
            if not self.allowed(address):
                raise AddressRefused(host, text)
        return addresses


def _ip_literal(host: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return None


class _GuardedBackend(httpcore.AnyIOBackend):
    """A network backend that vets the address and connects to exactly it.

    httpcore asks the backend to connect to a host name; this backend
    resolves it once, refuses it if any address is not allowed, and opens the
    TCP connection to a vetted address. TLS still uses the host name (SNI and
    certificate check), because httpcore passes the origin host to start_tls.
    There is no second DNS lookup in which an answer could change.
    """

    def __init__(self, guard: AddressGuard) -> None:
        self._guard = guard

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        addresses = await self._guard.vet(host, port)
        last: Exception | None = None
        for address in addresses:
            try:
                return await super().connect_tcp(
                    address, port, timeout, local_address, socket_options
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                last = exc
        assert last is not None
        raise last


class _OriginTransport(httpx.AsyncHTTPTransport):
    """httpx's own transport for one origin, its pool on the guarded backend.

    httpx builds a default pool; it is replaced by one on the guarded network
    backend. Everything else (exception mapping, streams) stays httpx's own.
    """

    def __init__(
        self, backend: _GuardedBackend, ssl_context: ssl.SSLContext, connections: int
    ) -> None:
        super().__init__(verify=ssl_context, trust_env=False)
        self._pool = httpcore.AsyncConnectionPool(
            ssl_context=ssl_context,
            max_connections=connections,
            max_keepalive_connections=connections,
            keepalive_expiry=KEEPALIVE_SECONDS,
            http1=True,
            http2=False,
            network_backend=backend,
        )

    def idle(self) -> bool:
        return all(c.is_idle() for c in self._pool.connections)


class GuardedTransport(httpx.AsyncBaseTransport):
    """Connections only to vetted addresses; one small pool per origin.

    One pool per (scheme, host, port) instead of one big pool: httpcore scans
    every connection of a pool on each request, so a pool over many hosts
    costs CPU per request (benchmarks/check_speed.py). At most
    :data:`MAX_ORIGIN_POOLS` pools are kept; the least recently used idle
    one is closed to make room.
    """

    def __init__(
        self, guard: AddressGuard, *, per_origin: int, ssl_context: ssl.SSLContext | None = None
    ) -> None:
        self._backend = _GuardedBackend(guard)
        self._ssl = ssl_context or httpx.create_ssl_context(trust_env=False)
        self._per_origin = per_origin
        self._origins: OrderedDict[tuple[bytes, bytes, int | None], _OriginTransport] = (
            OrderedDict()
        )

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        key = (request.url.raw_scheme, request.url.raw_host, request.url.port)
        transport = self._origins.get(key)
        if transport is None:
            transport = _OriginTransport(self._backend, self._ssl, self._per_origin)
            self._origins[key] = transport
            await self._evict(keep=key)
        else:
            self._origins.move_to_end(key)
        return await transport.handle_async_request(request)

    async def _evict(self, *, keep: tuple[bytes, bytes, int | None]) -> None:
        while len(self._origins) > MAX_ORIGIN_POOLS:
            oldest = next((k for k, t in self._origins.items() if k != keep and t.idle()), None)
            if oldest is None:  # every pool is busy: allow one more for now
                return
            await self._origins.pop(oldest).aclose()

    async def aclose(self) -> None:
        pools = list(self._origins.values())
        self._origins.clear()
        for transport in pools:
            await transport.aclose()


# -- the engine ----------------------------------------------------------------------------


@dataclass(slots=True)
class _Answer:
    """One HTTP answer after reading what we need of it."""

    status: int
    headers: dict[str, str]
    content_type: str
    kind: str
    body: bytes = b""
    image: ImageEvidence | None = None


def utc_now() -> datetime:
    return datetime.now(UTC)


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


class _Engine:
    def __init__(
        self,
        settings: CheckSettings,
        classifier: Classifier,
        client: httpx.AsyncClient,
        guard: AddressGuard,
        *,
        preflight: bool,
        now: Callable[[], datetime],
        progress: Progress,
    ) -> None:
        self.settings = settings
        self.classifier = classifier
        self.client = client
        self.guard = guard
        self.preflight = preflight
        self.now = now
        self.progress = progress
        self.slots = asyncio.Semaphore(settings.concurrency)
        self.image_slots = asyncio.Semaphore(IMAGE_SLOTS)
        self.hosts: dict[str, asyncio.Semaphore] = {}
        self.not_before: dict[str, float] = {}
        accept_language = "nl, en;q=0.8" if settings.lang == "nl" else "en, nl;q=0.8"
        self.headers = {
            "User-Agent": settings.user_agent,
            "Accept": "text/html,application/xhtml+xml,image/*;q=0.9,*/*;q=0.5",
            "Accept-Language": accept_language,
            # Asked so that the byte caps count real bytes; gzip and deflate
            # are still decoded (boundedly) when a server sends them anyway.
            "Accept-Encoding": "identity",
        }

    # -- one URL -------------------------------------------------------------------
    async def check(self, target: CheckTarget) -> CheckResult:
        loop = asyncio.get_running_loop()
        started = loop.time()
        checked_at = _iso(self.now())
        platform_id, platform = self.classifier.platform(target.url)
        try:
            verdict = await self._check(target, platform)
        except Exception as exc:  # one bad URL never stops the batch
            verdict = Verdict("unknown", "internal", {"error": type(exc).__name__})
        return CheckResult(
            url=target.url,
            state=verdict.state,
            http_status=verdict.http_status,
            reason=verdict.reason(self.settings.lang),
            checked_at=checked_at,
            final_url=verdict.final_url,
            image_match=verdict.image_match,
            platform=platform_id,
            elapsed_ms=int((loop.time() - started) * 1000),
        )

    async def _check(self, target: CheckTarget, platform: Any | None) -> Verdict:
        want_image = target.image_matcher is not None
        fetched = await self.fetch(target.url, matcher=target.image_matcher)
        if isinstance(fetched, Verdict):
            return fetched
        answer, final = fetched
        doc = Fetched(
            url=target.url,
            final_url=final,
            status=answer.status,
            content_type=answer.content_type,
            body=answer.body,
            kind=answer.kind,
            headers=answer.headers,
        )
        page = self.classifier.read(doc, platform)
        image = answer.image
        if want_image and page.kind == "html" and not page.challenge and 200 <= answer.status < 300:
            image = await self.preview_image(page, target.image_matcher)
        return self.classifier.decide(doc, page, image)

    async def preview_image(self, page: Page, matcher: ImageMatcher | None) -> ImageEvidence:
        if page.preview_image is None:
            return ImageEvidence(None, "no_preview", via_preview=True)
        fetched = await self.fetch(page.preview_image, matcher=matcher, image_only=True)
        if isinstance(fetched, Verdict) or fetched[0].image is None:
            return ImageEvidence(None, "unavailable", via_preview=True)
        evidence = fetched[0].image
        return ImageEvidence(evidence.match, evidence.note, via_preview=True)

    # -- a redirect chain ------------------------------------------------------------
    async def fetch(
        self, url: str, *, matcher: ImageMatcher | None, image_only: bool = False
    ) -> tuple[_Answer, str] | Verdict:
        current = url
        visits: Counter[str] = Counter()
        for _hop in range(self.settings.max_redirects + 1):
            parsed = self._validate(current)
            if isinstance(parsed, Verdict):
                return parsed
            visits[current] += 1
            if visits[current] > MAX_VISITS_PER_URL:
                return Verdict("unreachable", "loop", final_url=current)
            answer = await self.request(parsed, matcher=matcher, image_only=image_only)
            if isinstance(answer, Verdict):
                return answer
            location = answer.headers.get("location")
            if answer.status not in REDIRECT_STATUSES and answer.kind == "html":
                # <meta http-equiv="refresh" content="0; url=..."> is a redirect too
                # (sites use it to send visitors to a login page or a "removed" page).
                location = _meta_refresh(answer.body, answer.content_type)
            if (answer.status in REDIRECT_STATUSES or answer.kind == "html") and location:
                target = urljoin(current, location.strip())
                if self.classifier.is_login_url(target):
                    return Verdict(
                        "unknown", "login_redirect", http_status=answer.status, final_url=target
                    )
                current = target
                continue
            return answer, current
        return Verdict(
            "unreachable", "too_many_redirects", {"max": self.settings.max_redirects},
            final_url=current,
        )  # fmt: skip

    def _validate(self, url: str) -> httpx.URL | Verdict:
        try:
            parsed = httpx.URL(url)
        except (httpx.InvalidURL, TypeError, ValueError):
            return Verdict("unknown", "invalid_url", final_url=None)
        if not parsed.scheme or (not parsed.host and parsed.scheme not in ("file", "data")):
            return Verdict("unknown", "invalid_url", final_url=None)
        if parsed.scheme not in ("http", "https"):
            return Verdict("unknown", "refused_scheme", final_url=url)
        if parsed.userinfo:
            return Verdict("unknown", "refused_credentials", final_url=url)
        if not parsed.host:
            return Verdict("unknown", "invalid_url", final_url=url)
        return parsed

    # -- one request (with retries) ------------------------------------------------------
    async def request(
        self, url: httpx.URL, *, matcher: ImageMatcher | None, image_only: bool
    ) -> _Answer | Verdict:
        host = url.host.lower()
        port = url.port or (443 if url.scheme == "https" else 80)
        shown = str(url)
        loop = asyncio.get_running_loop()
        host_slots = self.hosts.setdefault(host, asyncio.Semaphore(self.settings.per_host))
        for attempt in range(self.settings.max_attempts):
            wait = self.not_before.get(host, 0.0) - loop.time()
            if wait > 0:
                await asyncio.sleep(wait)
            last = attempt == self.settings.max_attempts - 1
            try:
                async with (
                    host_slots,
                    self.slots,
                    asyncio.timeout(self.settings.timeout) as deadline,
                ):
                    if self.preflight:
                        await self.guard.vet(host, port)
                    answer, delay = await self._send(
                        url, matcher=matcher, image_only=image_only, may_retry=not last,
                        deadline=deadline,
                    )  # fmt: skip
            except TimeoutError:
                return self._unreachable("timeout", shown, seconds=_seconds(self.settings.timeout))
            except AddressRefused as exc:
                address = "" if exc.address == exc.host.strip("[]") else f" ({exc.address})"
                return Verdict(
                    "unknown", "refused_private", {"host": exc.host, "address": address},
                    final_url=shown,
                )  # fmt: skip
            except NameNotResolved as exc:
                return self._unreachable("dns", shown, host=exc.host)
            except httpx.TimeoutException:
                return self._unreachable("timeout", shown, seconds=_seconds(self.settings.timeout))
            except httpx.ConnectError as exc:
                if _is_dns_error(exc):
                    return self._unreachable("dns", shown, host=host)
                if _caused_by(exc, ssl.SSLError):
                    return self._unreachable("tls", shown, host=host)
                return self._unreachable("connect", shown, host=host)
            except (httpx.ReadError, httpx.WriteError, httpx.RemoteProtocolError) as exc:
                key = "reset" if _is_reset(exc) else "protocol"
                return self._unreachable(key, shown)
            except (httpx.TransportError, httpcore.NetworkError, OSError):
                return self._unreachable("connect", shown, host=host)
            if delay is None:
                return answer
            # Honour the pause for every request to this host, not only ours.
            self.not_before[host] = max(self.not_before.get(host, 0.0), loop.time() + delay)
        raise AssertionError("unreachable: the last attempt never asks for a retry")

    def _unreachable(self, key: str, url: str, **values: object) -> Verdict:
        return Verdict("unreachable", key, values, final_url=url)

    async def _send(
        self,
        url: httpx.URL,
        *,
        matcher: ImageMatcher | None,
        image_only: bool,
        may_retry: bool,
        deadline: asyncio.Timeout,
    ) -> tuple[_Answer, float | None]:
        request = self.client.build_request("GET", url, headers=self.headers)
        response = await self.client.send(request, stream=True, follow_redirects=False)
        try:
            status = response.status_code
            headers = {k.lower(): v for k, v in response.headers.items()}
            content_type = headers.get("content-type", "").split(";")[0].strip().lower()
            if may_retry and status in RETRY_STATUSES and "cf-mitigated" not in headers:
                delay = self._retry_delay(headers.get("retry-after"))
                if delay is not None:
                    return _Answer(status, headers, content_type, "other"), delay
            if status in REDIRECT_STATUSES and "location" in headers:
                return _Answer(status, headers, content_type, "other"), None
            answer = await self._read(
                response, headers, content_type, matcher, image_only, deadline
            )
            return answer, None
        finally:
            await response.aclose()

    def _retry_delay(self, retry_after: str | None) -> float | None:
        """Seconds to wait before the next attempt; None when we should not retry."""
        if retry_after is None:
            attempt_delay = self.settings.backoff * (0.75 + random.random() / 2)  # noqa: S311
            return min(attempt_delay, self.settings.retry_after_cap)
        seconds = parse_retry_after(retry_after, now=self.now())
        if seconds is None:
            return self.settings.backoff
        if seconds > self.settings.retry_after_cap:
            return None
        return seconds

    # -- reading a body, within the caps -------------------------------------------------
    async def _read(
        self,
        response: httpx.Response,
        headers: dict[str, str],
        content_type: str,
        matcher: ImageMatcher | None,
        image_only: bool,
        deadline: asyncio.Timeout,
    ) -> _Answer:
        status = response.status_code
        declared = _int(headers.get("content-length"))
        decoder = _BoundedDecoder(headers.get("content-encoding", ""))
        chunks = response.aiter_raw()
        first = b""
        async for raw in chunks:
            first = decoder.feed(raw, self.settings.html_cap)
            if first:
                break
        if not first:
            return _Answer(status, headers, content_type, "empty")
        kind = _kind(content_type, first)
        if kind == "html" and not image_only:
            body = bytearray(first)
            async for raw in chunks:
                body += decoder.feed(raw, self.settings.html_cap - len(body))
                if len(body) >= self.settings.html_cap:
                    break
            return _Answer(status, headers, content_type, "html", bytes(body))
        if kind != "image":
            return _Answer(status, headers, content_type, kind)
        if matcher is None or not 200 <= status < 300:
            return _Answer(status, headers, content_type, "image")
        cap = self.settings.image_cap
        if (declared is not None and declared > cap) or decoder.encoded:
            evidence = ImageEvidence(None, "too_big" if declared else "unreadable")
            return _Answer(status, headers, content_type, "image", image=evidence)
        async with self.image_slots:
            # Waiting for a slot is not the server's slowness: the download and
            # the hashing get the full timeout from here.
            deadline.reschedule(asyncio.get_running_loop().time() + self.settings.timeout)
            data = bytearray(first)
            async for raw in chunks:
                data += raw
                if len(data) > cap:
                    break
            if len(data) > cap:
                del data
                evidence = ImageEvidence(None, "too_big")
            else:
                evidence = await asyncio.to_thread(_match_bytes, bytes(data), matcher)
                del data  # the image is dropped here; only the verdict remains
        return _Answer(status, headers, content_type, "image", image=evidence)

    # -- the batch -----------------------------------------------------------------------
    async def run(self, targets: Sequence[CheckTarget]) -> list[CheckResult]:
        """Check every target once (the same URL with the same matcher: once)."""
        unique = {(t.url, id(t.image_matcher)): t for t in targets}
        self.progress.start(len(unique), "checking")
        tasks: dict[tuple[str, int], asyncio.Task[CheckResult]] = {}

        async def one(target: CheckTarget) -> CheckResult:
            try:
                return await self.check(target)
            finally:
                self.progress.advance()

        try:
            async with asyncio.TaskGroup() as group:
                for key, target in unique.items():
                    tasks[key] = group.create_task(one(target))
        finally:
            self.progress.finish()
        return [tasks[(t.url, id(t.image_matcher))].result() for t in targets]


def _match_bytes(data: bytes, matcher: ImageMatcher) -> ImageEvidence:
    """Hash image bytes in memory and compare; runs in a worker thread.

    A matcher with a ``match_bytes(data)`` method gets the bytes themselves
    (so it can also look inside borders and at crops); any other is called
    with the image's fingerprint. Either way the bytes stay in memory.
    """
    direct = getattr(matcher, "match_bytes", None)
    try:
        if callable(direct):
            found: ImageMatch = direct(data)
            return ImageEvidence(found)
        return ImageEvidence(matcher(fingerprint_file(data)))
    except ImageError:
        return ImageEvidence(None, "unreadable")


class _BoundedDecoder:
    """Decodes gzip/deflate without ever producing more than asked for.

    We ask for ``identity``, but a server may compress anyway; a "gzip bomb"
    of a few KB can expand to gigabytes, so output is limited per call.
    Other encodings (br, zstd) are passed through unread: their markers are
    not found and the page is judged on its status.
    """

    def __init__(self, encoding: str) -> None:
        encoding = encoding.strip().lower()
        self.encoded = encoding not in ("", "identity")
        self._zlib: Any = None
        if encoding in ("gzip", "x-gzip", "deflate"):
            # wbits 47 = 32 + 15: zlib or gzip header, detected automatically.
            self._zlib = zlib.decompressobj(47)
        self._opaque = self.encoded and self._zlib is None

    def feed(self, data: bytes, limit: int) -> bytes:
        if self._opaque:
            return b""
        if self._zlib is None:
            return data
        if limit <= 0:
            return b""
        try:
            return bytes(self._zlib.decompress(data, limit))
        except zlib.error:
            self._opaque = True
            return b""


def _kind(content_type: str, first: bytes) -> str:
    if first.startswith(_IMAGE_MAGIC) or (first[8:12] == b"WEBP" and first[:4] == b"RIFF"):
        return "image"
    if content_type.startswith("image/"):
        return "image"
    if content_type in ("text/html", "application/xhtml+xml") or content_type.startswith("text/"):
        return "html"
    if not content_type and first.lstrip()[:15].lower().startswith((b"<!doctype html", b"<html")):
        return "html"
    if not first:
        return "empty"
    return "other"


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def _seconds(value: float) -> str:
    return f"{value:g}"


def _is_reset(exc: BaseException) -> bool:
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, ConnectionResetError | BrokenPipeError):
            return True
        text = str(current).lower()
        if "reset" in text or "peer closed" in text or "broken pipe" in text:
            return True
        current = current.__cause__ or current.__context__
    return isinstance(exc, httpx.ReadError)


def _is_dns_error(exc: BaseException) -> bool:
    return _caused_by(exc, socket.gaierror)


def _caused_by(exc: BaseException, kind: type[BaseException]) -> bool:
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, kind):
            return True
        current = current.__cause__ or current.__context__
    return False


# -- small parsers -------------------------------------------------------------------------


def parse_retry_after(value: str, *, now: datetime) -> float | None:
    """Retry-After as seconds from ``now``: delta-seconds or an HTTP date (RFC 9110 10.2.3)."""
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - now).total_seconds())


def looks_like_login(url: str) -> bool:
    """Whether a URL is a login page (a redirect there is a login wall)."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if host.split(".", 1)[0] in LOGIN_HOST_LABELS and "." in host:
        return True
    for segment in parts.path.lower().split("/"):
        if segment in LOGIN_EXACT_SEGMENTS or any(s in segment for s in LOGIN_SEGMENTS):
            return True
    return False


_CHARSET_RE = re.compile(r"charset=[\"']?([\w.:-]+)", re.I)
_META_STR_RE = re.compile(r"<meta\b[^>]*>", re.I)
_ATTR_RE = re.compile(r"""([a-zA-Z_:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+))""")
_TITLE_RE = re.compile(r"<title\b[^>]*>(.*?)</title", re.S)
_TAG_RE = re.compile(r"<[^>]*>")


def _decode_text(body: bytes, content_type: str) -> str:
    encoding = "utf-8"
    head = body[:2048].decode("ascii", "replace")
    found = _CHARSET_RE.search(content_type) or _CHARSET_RE.search(head)
    if found:
        encoding = found.group(1)
    try:
        return body.decode(encoding, "replace")
    except LookupError:
        return body.decode("utf-8", "replace")


def _title(lowered: str) -> str:
    found = _TITLE_RE.search(lowered, 0, 200_000)
    return " ".join(html.unescape(found.group(1)).split()) if found else ""


def _meta_tags(text: str) -> list[tuple[str, str]]:
    """(property or name, content) of every <meta> tag, lower-cased keys."""
    tags: list[tuple[str, str]] = []
    for tag in _META_STR_RE.findall(text):
        attrs = {m[0].lower(): m[1] or m[2] or m[3] for m in _ATTR_RE.findall(tag)}
        key = (attrs.get("property") or attrs.get("name") or "").lower()
        if key and "content" in attrs:
            tags.append((key, html.unescape(attrs["content"]).strip()))
    return tags


#: A meta refresh within this many seconds is treated as a redirect; a later
#: one (a page that reloads itself every minute) is the page itself.
MAX_REFRESH_DELAY = 10.0
_REFRESH_RE = re.compile(r"^\s*(\d+(?:\.\d+)?)?\s*[;,]?\s*(?:url\s*=\s*)?['\"]?([^'\"]*)", re.I)


def _meta_refresh(body: bytes, content_type: str) -> str | None:
    """The target of an immediate ``<meta http-equiv="refresh">``, if the page has one."""
    if b"refresh" not in body[:HTML_CAP].lower():
        return None
    for tag in _META_STR_RE.findall(_decode_text(body, content_type)):
        attrs = {m[0].lower(): m[1] or m[2] or m[3] for m in _ATTR_RE.findall(tag)}
        if attrs.get("http-equiv", "").lower() != "refresh":
            continue
        found = _REFRESH_RE.match(html.unescape(attrs.get("content", "")))
        if not found or not found.group(2).strip():
            continue
        delay = float(found.group(1) or 0)
        if delay <= MAX_REFRESH_DELAY:
            return found.group(2).strip()
    return None


def _preview_image(metas: list[tuple[str, str]], base: str) -> str | None:
    found = dict(reversed(metas))  # first occurrence of each key wins
    for key in PREVIEW_IMAGE_KEYS:
        value = found.get(key)
        if value:
            return urljoin(base, value)
    return None


def _strip_blocks(lowered: str, tag: str) -> str:
    """Remove <tag ...>...</tag> blocks in linear time (no regex backtracking)."""
    out: list[str] = []
    pos = 0
    opener, closer = f"<{tag}", f"</{tag}"
    while True:
        start = lowered.find(opener, pos)
        if start < 0:
            out.append(lowered[pos:])
            break
        out.append(lowered[pos:start])
        end = lowered.find(closer, start)
        if end < 0:
            break
        close = lowered.find(">", end)
        pos = len(lowered) if close < 0 else close + 1
    return " ".join(out)


def _visible_text(lowered: str) -> str:
    """The text a reader sees: no scripts, styles, templates or comments.

    Script bundles carry every message a site can show (including its "not
    available" texts on live pages), so markers are never searched there.
    """
    text = lowered
    for tag in ("script", "style", "template", "svg"):
        text = _strip_blocks(text, tag)
    text = _strip_comments(text)
    return html.unescape(_TAG_RE.sub(" ", text))


def _strip_comments(text: str) -> str:
    out: list[str] = []
    pos = 0
    while True:
        start = text.find("<!--", pos)
        if start < 0:
            out.append(text[pos:])
            break
        out.append(text[pos:start])
        end = text.find("-->", start + 4)
        if end < 0:
            break
        pos = end + 3
    return " ".join(out)


def _text_marker(title: str, text: str, markers: Iterable[str]) -> str | None:
    """The first marker found: single words in the title, phrases in the text."""
    for marker in markers:
        lowered = marker.strip().lower()
        if not lowered or lowered.startswith("/"):
            continue
        if (" " in lowered and lowered in text) or (" " not in lowered and lowered in title):
            return lowered
    return None


def _path_marker(url: str, markers: Iterable[str]) -> str | None:
    """The first URL-path marker ("/login") that the URL's path contains as whole segments.

    "/login" matches "/login", "/user/login/" and "/login/?next=", not "/login-tips".
    """
    path = urlsplit(url).path.lower()
    for marker in markers:
        lowered = marker.strip().lower().rstrip("/")
        if lowered.startswith("/") and len(lowered) > 1 and _has_segments(path, lowered):
            return lowered
    return None


def _has_segments(path: str, marker: str) -> bool:
    start = path.find(marker)
    while start != -1:
        end = start + len(marker)
        if end == len(path) or path[end] == "/":
            return True
        start = path.find(marker, start + 1)
    return False


# -- the public entry points -------------------------------------------------------------------


async def acheck_urls(
    targets: Iterable[str | CheckTarget],
    *,
    settings: CheckSettings | None = None,
    classifier: Classifier | None = None,
    image_matcher: ImageMatcher | None = None,
    client: httpx.AsyncClient | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
    resolver: Resolver | None = None,
    allow_address: Callable[[IPAddress], bool] | None = None,
    verify: ssl.SSLContext | None = None,
    now: Callable[[], datetime] = utc_now,
    progress: Progress | None = None,
) -> list[CheckResult]:
    """Check many URLs at once; one :class:`CheckResult` per target, in order.

    ``image_matcher`` compares served images with a case (for plain string
    targets; a :class:`CheckTarget` brings its own). ``client``/``transport``
    replace the network (tests); the address guard then runs before each
    request instead of inside the connection, which leaves a DNS-rebinding
    window that only the default transport closes. ``resolver`` and
    ``allow_address`` tune the guard (tests resolve fake names to loopback).
    ``verify`` is the TLS context of the default transport (default: the
    system's trusted certificates via httpx/certifi; tests trust a test CA).
    """
    settings = settings or CheckSettings()
    items = [
        CheckTarget(t, image_matcher) if isinstance(t, str) else t for t in targets
    ]  # fmt: skip
    guard = AddressGuard(
        allow_private=settings.allow_private,
        allow_address=allow_address,
        resolver=resolver or system_resolver,
    )
    own_client = client is None
    if client is None:
        pinned = transport is None
        client = httpx.AsyncClient(
            transport=transport
            or GuardedTransport(
                guard, per_origin=settings.per_host + IMAGE_SLOTS, ssl_context=verify
            ),
            timeout=httpx.Timeout(settings.timeout),
            follow_redirects=False,
            trust_env=False,
        )
    else:
        pinned = False
    engine = _Engine(
        settings,
        classifier or Classifier(),
        client,
        guard,
        preflight=not pinned,
        now=now,
        progress=progress or NullProgress(),
    )
    try:
        return await engine.run(items)
    finally:
        if own_client:
            await client.aclose()


def check_urls(
    targets: Iterable[str | CheckTarget],
    *,
    settings: CheckSettings | None = None,
    classifier: Classifier | None = None,
    image_matcher: ImageMatcher | None = None,
    client: httpx.AsyncClient | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
    resolver: Resolver | None = None,
    allow_address: Callable[[IPAddress], bool] | None = None,
    verify: ssl.SSLContext | None = None,
    now: Callable[[], datetime] = utc_now,
    progress: Progress | None = None,
) -> list[CheckResult]:
    """The synchronous twin of :func:`acheck_urls` (runs its own event loop)."""
    return asyncio.run(
        acheck_urls(
            targets,
            settings=settings,
            classifier=classifier,
            image_matcher=image_matcher,
            client=client,
            transport=transport,
            resolver=resolver,
            allow_address=allow_address,
            verify=verify,
            now=now,
            progress=progress,
        )
    )


__all__ = [
    "BACKOFF_BASE",
    "CHALLENGE_MARKERS",
    "DEFAULT_CONCURRENCY",
    "DEFAULT_PER_HOST",
    "DEFAULT_TIMEOUT",
    "GENERIC_LOGIN_MARKERS",
    "GENERIC_REMOVED_MARKERS",
    "HTML_CAP",
    "IMAGE_CAP",
    "MAX_REDIRECTS",
    "RETRY_AFTER_CAP",
    "USER_AGENT",
    "AddressGuard",
    "AddressRefused",
    "CheckSettings",
    "CheckTarget",
    "Classifier",
    "Fetched",
    "GenericMarkers",
    "GuardedTransport",
    "ImageEvidence",
    "ImageMatcher",
    "MarkerSource",
    "NameNotResolved",
    "Page",
    "Transport",
    "Verdict",
    "acheck_urls",
    "check_urls",
    "is_public_address",
    "looks_like_login",
    "parse_retry_after",
    "system_resolver",
]
