"""The classifier: what an answer says about a URL. Pure: bytes and headers in, a verdict out.

No network and no httpx here: the engine fetches, this module reads what was
fetched (status, a few headers, a capped body) and decides ``online``,
``removed``, ``unknown`` or ``unreachable`` with a reason (docs/checks.md, "States and how
they are decided"). A benchmark's sequential baseline and the page
scanner use the very same rules. Pages are read with
:func:`leakhelp.checks.htmlscan.read_html`, in time linear in their length.
"""

from __future__ import annotations

import email.utils
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Protocol
from urllib.parse import urljoin, urlsplit

from ..i18n import reason_text
from ..models import CheckState, ImageMatch, Lang
from ..registry import GENERIC_LOGIN_MARKERS, GENERIC_REMOVED_MARKERS
from ..videodecode import is_video_bytes
from .htmlscan import HtmlPage, read_html
from .settings import DENIED_STATUSES, HTML_CAP, REMOVED_STATUSES

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
#: never proof of removal (Instagram sends logged-out visits of live posts to
#: /accounts/login; docs/checks.md, rule 3).
LOGIN_SEGMENTS: tuple[str, ...] = ("login", "log-in", "signin", "sign-in", "sign_in", "logon")
LOGIN_EXACT_SEGMENTS = frozenset({"auth", "sso", "oauth", "inloggen", "aanmelden"})
LOGIN_HOST_LABELS = frozenset({"login", "signin", "auth", "sso", "accounts"})

#: Placeholder images sites redirect removed images to (Imgur sends removed
#: images to /removed.png, unverified [U]; docs/checks.md, rule 4).
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

#: What ``transport=`` takes (so callers need not import httpx themselves).
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

    @property
    def message_key(self) -> str:
        """The i18n message key of the reason ("check.gone", ...)."""
        return "check." + self.key

    def reason(self, lang: Lang = "en") -> str:
        return reason_text(self.message_key, lang, self.values)


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
    kind: str = "other"  # "html", "image", "video", "other" or "empty"
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
        kind = kind_of(content_type, body[:HTML_CAP]) if body else "empty"
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
    #: The page as read (tags, meta tags, text), for readers that need more.
    document: HtmlPage | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class ImageEvidence:
    """The outcome of comparing a served image with the case.

    ``match`` is None when no comparison was possible; ``note`` then says why
    (an i18n key suffix: "too_big", "unreadable", "damaged" (a video cut off or
    broken), "tiny", "unavailable", "no_preview").
    """

    match: ImageMatch | None
    note: str | None = None
    via_preview: bool = False


@dataclass(frozen=True, slots=True)
class Classifier:
    """The classification rules of docs/checks.md, with markers from a registry.

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
        document = read_html(decode_text(fetched.body, fetched.content_type))
        title = document.title.lower()
        described = " ".join(v.lower() for k, v in document.metas if k in DESCRIPTION_KEYS)
        visible = " ".join(document.text.lower().split())
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
            preview_image=_preview_image(document, fetched.final_url),
            document=document,
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
        # What the address serves, in the reason's words: a page's preview image,
        # a video, or an image (a video is never called "the image").
        served = "video" if page.kind == "video" else "image"
        if image is not None and image.match in ("strong", "possible"):
            key = "shows_image" if image.via_preview else f"serves_{served}"
            if page.removed:
                key += "_despite_marker"
            return verdict("online", key, match=image.match, marker=page.removed or "")
        if page.removed:
            return verdict("removed", "soft404", marker=page.removed)
        if page.login:
            return verdict("unknown", "login_wall", marker=page.login)
        if image is not None and image.match == "none":
            return verdict("online", "other_image_page" if image.via_preview else f"other_{served}")
        if page.kind == "empty":
            return verdict("unknown", "empty", status=status)
        if page.kind == "encoded":
            encoding = fetched.headers.get("content-encoding", "").strip()[:40] or "?"
            return verdict("unknown", "encoded", status=status, encoding=encoding)
        if page.kind in ("image", "video"):
            note = image.note if image is not None else None
            return verdict("online", f"{served}_{note}" if note else served, status=status)
        if page.kind == "html":
            note = image.note if image is not None else None
            return verdict("online", f"page_{note}" if note else "page", status=status)
        return verdict("online", "file", status=status, type=fetched.content_type or "?")

    def classify(self, fetched: Fetched, image: ImageEvidence | None = None) -> Verdict:
        """read() and decide() in one step (no image comparison unless given)."""
        _, platform = self.platform(fetched.url)
        return self.decide(fetched, self.read(fetched, platform), image)


# -- small pure parsers ----------------------------------------------------------------------


def kind_of(content_type: str, first: bytes) -> str:
    """ "image", "video", "html", "empty" or "other", from the Content-Type and the first bytes."""
    if first.startswith(_IMAGE_MAGIC) or (first[8:12] == b"WEBP" and first[:4] == b"RIFF"):
        return "image"
    if content_type.startswith("image/"):
        return "image"
    if content_type.startswith("video/") or is_video_bytes(first):
        return "video"  # hashed in memory like a picture (leakhelp.videomatch), judged as a file
    if content_type in ("text/html", "application/xhtml+xml") or content_type.startswith("text/"):
        return "html"
    if not content_type and first.lstrip()[:15].lower().startswith((b"<!doctype html", b"<html")):
        return "html"
    if not first:
        return "empty"
    return "other"


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


#: Only ever run on a Content-Type header or the first 2 KB of a page: a
#: literal followed by one character class, bounded input.
_CHARSET_RE = re.compile(r"charset=[\"']?([\w.:-]{1,40})", re.I)


def decode_text(body: bytes, content_type: str) -> str:
    """A page's bytes as text, in the charset its header or its first 2 KB name."""
    encoding = "utf-8"
    head = body[:2048].decode("ascii", "replace")
    found = _CHARSET_RE.search(content_type[:200]) or _CHARSET_RE.search(head)
    if found:
        encoding = found.group(1)
    try:
        return body.decode(encoding, "replace")
    except LookupError:
        return body.decode("utf-8", "replace")


#: A meta refresh within this many seconds is treated as a redirect; a later
#: one (a page that reloads itself every minute) is the page itself.
MAX_REFRESH_DELAY = 10.0
#: Run on one meta tag's content attribute, cut to 4 KB by the reader; every
#: part is optional and the last one always matches, so nothing backtracks.
_REFRESH_RE = re.compile(
    r"\s*(\d{1,9}(?:\.\d{1,9})?)?\s*[;,]?\s*(?:url\s*=\s*)?['\"]?([^'\"]*)", re.I
)


def meta_refresh(body: bytes, content_type: str) -> str | None:
    """The target of an immediate ``<meta http-equiv="refresh">``, if the page has one."""
    if b"refresh" not in body[:HTML_CAP].lower():
        return None
    content = read_html(decode_text(body, content_type)).refresh
    if content is None:
        return None
    found = _REFRESH_RE.match(content)
    if not found or not found.group(2).strip():
        return None
    delay = float(found.group(1) or 0)
    return found.group(2).strip() if delay <= MAX_REFRESH_DELAY else None


def _preview_image(document: HtmlPage, base: str) -> str | None:
    for key in PREVIEW_IMAGE_KEYS:
        value = document.meta(key)
        if value:
            return urljoin(base, value)
    return None


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
