"""Batch status checks: is each URL still online? Safely, in parallel, with evidence.

The only package that speaks HTTP (httpx), in four parts, each one
reviewable on its own:

* :mod:`.settings` — the limits, as named constants with their reasons.
* :mod:`.guard` — the address guard and the pinned connections: which
  hosts may be contacted, checked on every hop (one security unit).
* :mod:`.classifier` — pure: what an answer (status, headers, capped body)
  says: ``online``, ``removed``, ``unknown`` or ``unreachable`` with a reason
  (a message key and its values). Pages are read by :mod:`.htmlscan` in time
  linear in their length.
* :mod:`.engine` — async scheduling: redirects by hand, retries, byte caps,
  politeness limits and one time budget per URL.
* :mod:`.pages`, :mod:`.pagescan`, :mod:`.pagereport` — whole-page scans:
  every image a page shows, its next pages, one time budget per page.

docs/checks.md explains every rule and limit. When an image must be compared
with a case, its bytes are hashed in memory and dropped inside the function
that read them; nothing is written to disk or cached, except a fetched video:
it goes to a private temporary file that is removed once it is compared.
"""

from __future__ import annotations

from ..registry import GENERIC_LOGIN_MARKERS, GENERIC_REMOVED_MARKERS
from .classifier import (
    CHALLENGE_MARKERS,
    Classifier,
    Fetched,
    GenericMarkers,
    ImageEvidence,
    MarkerSource,
    Page,
    Verdict,
    looks_like_login,
    parse_retry_after,
)
from .engine import acheck_urls, blocking, check_urls
from .guard import (
    AddressGuard,
    AddressRefused,
    GuardedTransport,
    NameNotResolved,
    Resolver,
    Transport,
    is_public_address,
    system_resolver,
)
from .pagereport import BestMatch, ImageFinding, PageReport, ascan_pages
from .pages import MAX_IMAGES_PER_PAGE, MAX_PAGES, ImageRef, PageMedia, find_media, next_page
from .pagescan import PageLimits, PageScanner
from .settings import (
    BACKOFF_BASE,
    DEFAULT_CONCURRENCY,
    DEFAULT_PER_HOST,
    DEFAULT_TIMEOUT,
    HTML_CAP,
    IMAGE_CAP,
    MAX_REDIRECTS,
    RETRY_AFTER_CAP,
    URL_BUDGET_FACTOR,
    USER_AGENT,
    CheckSettings,
    CheckTarget,
    ImageMatcher,
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
    "MAX_IMAGES_PER_PAGE",
    "MAX_PAGES",
    "MAX_REDIRECTS",
    "RETRY_AFTER_CAP",
    "URL_BUDGET_FACTOR",
    "USER_AGENT",
    "AddressGuard",
    "AddressRefused",
    "BestMatch",
    "CheckSettings",
    "CheckTarget",
    "Classifier",
    "Fetched",
    "GenericMarkers",
    "GuardedTransport",
    "ImageEvidence",
    "ImageFinding",
    "ImageMatcher",
    "ImageRef",
    "MarkerSource",
    "NameNotResolved",
    "Page",
    "PageLimits",
    "PageMedia",
    "PageReport",
    "PageScanner",
    "Resolver",
    "Transport",
    "Verdict",
    "acheck_urls",
    "ascan_pages",
    "blocking",
    "check_urls",
    "find_media",
    "is_public_address",
    "looks_like_login",
    "next_page",
    "parse_retry_after",
    "system_resolver",
]
