"""The limits of a batch of checks: named constants, and the settings that carry them.

Every number here says why it is what it is; docs/checks.md lists them for
users. No network code and no parsing here: the guard, the engine and the
classifier all read their limits from this module.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from importlib import metadata

from ..errors import UsageError

# The three defaults of a batch live in models (light to import: ``--help``
# shows them without loading the network code); named here for the checker.
from ..models import DEFAULT_CONCURRENCY as DEFAULT_CONCURRENCY
from ..models import DEFAULT_PER_HOST as DEFAULT_PER_HOST
from ..models import DEFAULT_TIMEOUT as DEFAULT_TIMEOUT
from ..models import Fingerprint, ImageMatch, Lang

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

#: Bytes of a video we download to compare it with a case, by default. A
#: video is not held in memory: it is written to a private temporary file
#: (0600, in a 0700 folder, removed when compared; paths.private_spool) and
#: decoded from there. Phone videos run 10-60 MB a minute; 200 MB covers a few
#: minutes of 1080p. ``--max-video-mb`` raises (or lowers) it for one run.
VIDEO_CAP = 200 * 1024 * 1024

#: Seconds a fetched video may take to hash (frames decoded and hashed, in a
#: worker thread). Not charged to the address's time budget: it is this
#: computer's work, not the site's slowness (docs/checks.md).
VIDEO_HASH_BUDGET = 60.0

#: Videos of one page compared in a whole-page scan (``<video src>``,
#: ``<source>``, ``og:video``, links to video files): each one may be large.
MAX_VIDEOS_PER_PAGE = 10

#: The video cap asked for on the command line (``--max-video-mb``), for the
#: checks this run makes; None: VIDEO_CAP.
_VIDEO_CAP_ASKED: ContextVar[int | None] = ContextVar("video_cap", default=None)


def asked_video_cap() -> int:
    """The video byte cap for settings made now: --max-video-mb, else VIDEO_CAP."""
    asked = _VIDEO_CAP_ASKED.get()
    return VIDEO_CAP if asked is None else asked


@contextmanager
def video_cap(megabytes: float | None) -> Iterator[None]:
    """Within this block, new CheckSettings download videos up to ``megabytes`` MB."""
    if megabytes is None:
        yield
        return
    token = _VIDEO_CAP_ASKED.set(int(megabytes * 1024 * 1024))
    try:
        yield
    finally:
        _VIDEO_CAP_ASKED.reset(token)


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
#: A whole URL (every redirect hop, every retry after 429/503, reading and
#: parsing the page, its preview image) gets at most this many times the
#: per-request timeout. Without it, 429 + Retry-After along a redirect chain
#: made one URL take 684 s with --timeout 5 (docs/checks.md, "Limits, and why").
URL_BUDGET_FACTOR = 3.0

#: Compressed bytes read from an answer whose body we cannot decode (an
#: encoding we did not ask for, such as br, or a corrupt gzip stream) before
#: giving up on its body: the status line is all it will tell us.
OPAQUE_CAP = 64 * 1024

#: Compares a fingerprint with a case: "strong", "possible" or "none".
ImageMatcher = Callable[[Fingerprint], ImageMatch]


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
    #: Seconds one URL may take in all; None: URL_BUDGET_FACTOR x timeout.
    url_budget: float | None = None
    #: Images smaller than this many bytes are not compared (whole-page scans
    #: skip icons and tracking pixels; a single check compares whatever it gets).
    min_image_bytes: int = 0
    #: Bytes of a video downloaded to compare it (to a private temporary file).
    video_cap: int = field(default_factory=asked_video_cap)

    def __post_init__(self) -> None:
        if not (math.isfinite(self.timeout) and self.timeout > 0):
            raise UsageError("settings.timeout")
        if self.concurrency < 1 or self.per_host < 1:
            raise UsageError("settings.parallel")
        if self.max_attempts < 1 or self.max_redirects < 0:
            raise UsageError("settings.attempts")
        if self.url_budget is not None and not (
            math.isfinite(self.url_budget) and self.url_budget > 0
        ):
            raise UsageError("settings.url-budget")
        if self.video_cap < 0:
            raise UsageError("settings.video-cap")

    @property
    def budget(self) -> float:
        """Seconds one URL may take in all: every hop, retry, read and parse."""
        return self.url_budget if self.url_budget is not None else self.timeout * URL_BUDGET_FACTOR


@dataclass(frozen=True, slots=True)
class CheckTarget:
    """A URL to check, with the matcher of the case it belongs to (if any)."""

    url: str
    image_matcher: ImageMatcher | None = None
