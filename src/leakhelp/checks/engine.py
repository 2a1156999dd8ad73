"""The engine: many URLs at once, politely, each within its own time budget.

It follows redirects by hand (the guard vets every hop), reads a bounded
number of bytes of each answer, hands what it read to the classifier (in a
worker thread, so a big page never stalls the other checks), and compares
served images with a case in memory. Limits: a global and a per-host limit
on requests in flight, a timeout per request, a total budget per URL that
covers every hop, retry and parse (``CheckSettings.budget``), Retry-After
honoured on 429/503 within that budget, byte caps per answer. Time spent
waiting in our own queues (a free slot for the site, an image slot, a pause
another URL of the same site was asked for) is not charged to a URL: no URL
runs out of time because of another one.
"""

from __future__ import annotations

import asyncio
import random
import socket
import ssl
import zlib
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Sequence
from contextlib import asynccontextmanager, suppress
from dataclasses import dataclass
from datetime import datetime
from typing import Any, ParamSpec, TypeVar
from urllib.parse import urljoin

import httpcore
import httpx

from ..errors import ImageError
from ..fingerprint import fingerprint_file
from ..i18n import says
from ..models import CheckResult, ImageMatch, iso
from ..models import utc_now as utc_now  # the clock checks take by default (pagereport too)
from ..paths import private_spool
from ..progress import NullProgress, Progress
from ..workers import blocking as blocking
from .classifier import (
    Classifier,
    Fetched,
    ImageEvidence,
    Page,
    Verdict,
    kind_of,
    meta_refresh,
    parse_retry_after,
)
from .guard import (
    AddressGuard,
    AddressRefused,
    GuardedTransport,
    IPAddress,
    NameNotResolved,
    Resolver,
    system_resolver,
)
from .settings import (
    IMAGE_SLOTS,
    MAX_VISITS_PER_URL,
    OPAQUE_CAP,
    REDIRECT_STATUSES,
    RETRY_STATUSES,
    VIDEO_HASH_BUDGET,
    CheckSettings,
    CheckTarget,
    ImageMatcher,
)


@dataclass(slots=True)
class Answer:
    """One HTTP answer after reading what we need of it."""

    status: int
    headers: dict[str, str]
    content_type: str
    kind: str
    body: bytes = b""
    image: ImageEvidence | None = None

    def fetched(self, url: str, final_url: str) -> Fetched:
        """What the classifier reads of this answer."""
        return Fetched(
            url=url,
            final_url=final_url,
            status=self.status,
            content_type=self.content_type,
            body=self.body,
            kind=self.kind,
            headers=self.headers,
        )


class Engine:
    """Fetches and classifies; one per batch (see :func:`open_engine`)."""

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
        self.stalls = StallWatch()
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
        checked_at = iso(self.now())
        platform_id, platform = self.classifier.platform(target.url)
        async with self.slots:
            for attempt in range(2):
                stalled = self.stalls.total
                verdict = await self.within_budget(
                    self.settings.budget, lambda budget: self._check(target, platform, budget)
                )
                starved = self.stalls.total - stalled >= STALL_SHARE * self.settings.timeout
                if verdict.key not in TIME_KEYS or not starved:
                    break
                # Our own event loop stood still while this URL's clock ran (another
                # URL held it): that is no evidence about this site. Once more; if it
                # happens again, say so instead of "unreachable".
                if attempt == 1:
                    verdict = Verdict("unknown", "busy", {}, final_url=verdict.final_url)
        return CheckResult(
            url=target.url,
            state=verdict.state,
            http_status=verdict.http_status,
            reason=verdict.reason("en"),
            checked_at=checked_at,
            final_url=verdict.final_url,
            image_match=verdict.image_match,
            platform=platform_id,
            elapsed_ms=int((loop.time() - started) * 1000),
            reason_key=verdict.message_key,
            reason_values=dict(verdict.values),
        )

    async def within_budget(
        self, seconds: float, work: Callable[[asyncio.Timeout], Awaitable[Verdict]]
    ) -> Verdict:
        """Run ``work`` with a total time budget; a Verdict whatever happens.

        ``work`` gets the budget's deadline, so that waiting in our own queues
        can be given back (:meth:`queued`). One bad URL never stops the batch.
        """
        try:
            async with asyncio.timeout(seconds) as budget:
                return await work(budget)
        except TimeoutError:
            return Verdict("unreachable", "budget", {"seconds": _seconds(seconds)})
        except Exception as exc:
            return Verdict("unknown", "internal", {"error": type(exc).__name__})

    @asynccontextmanager
    async def queued(
        self, semaphore: asyncio.Semaphore, budget: asyncio.Timeout
    ) -> AsyncIterator[None]:
        """Hold ``semaphore``; the time spent waiting for it is not charged to ``budget``."""
        loop = asyncio.get_running_loop()
        asked = loop.time()
        async with semaphore:
            _give_back(budget, loop.time() - asked)
            yield

    async def read_page(self, fetched: Fetched, platform: Any | None) -> Page:
        """The classifier's reading of a page, in a worker thread: a big page
        never holds up the event loop, and so never the other URLs' clocks."""
        if fetched.kind != "html" or len(fetched.body) <= INLINE_PARSE_MAX:
            return self.classifier.read(fetched, platform)
        return await asyncio.to_thread(self.classifier.read, fetched, platform)

    async def _check(
        self, target: CheckTarget, platform: Any | None, budget: asyncio.Timeout
    ) -> Verdict:
        want_image = target.image_matcher is not None
        fetched = await self.fetch(target.url, matcher=target.image_matcher, budget=budget)
        if isinstance(fetched, Verdict):
            return fetched
        answer, final = fetched
        doc = answer.fetched(target.url, final)
        page = await self.read_page(doc, platform)
        image = answer.image
        if want_image and page.kind == "html" and not page.challenge and 200 <= answer.status < 300:
            image = await self.preview_image(page, target.image_matcher, budget)
        return self.classifier.decide(doc, page, image)

    async def preview_image(
        self, page: Page, matcher: ImageMatcher | None, budget: asyncio.Timeout
    ) -> ImageEvidence:
        if page.preview_image is None:
            return ImageEvidence(None, "no_preview", via_preview=True)
        fetched = await self.fetch(
            page.preview_image, matcher=matcher, image_only=True, budget=budget
        )
        if isinstance(fetched, Verdict) or fetched[0].image is None:
            return ImageEvidence(None, "unavailable", via_preview=True)
        evidence = fetched[0].image
        return ImageEvidence(evidence.match, evidence.note, via_preview=True)

    # -- a redirect chain ------------------------------------------------------------
    async def fetch(
        self,
        url: str,
        *,
        matcher: ImageMatcher | None,
        budget: asyncio.Timeout,
        image_only: bool = False,
    ) -> tuple[Answer, str] | Verdict:
        current = url
        visits: Counter[str] = Counter()
        for _hop in range(self.settings.max_redirects + 1):
            parsed = self._validate(current)
            if isinstance(parsed, Verdict):
                return parsed
            visits[current] += 1
            if visits[current] > MAX_VISITS_PER_URL:
                return Verdict("unreachable", "loop", final_url=current)
            answer = await self.request(
                parsed, matcher=matcher, image_only=image_only, budget=budget
            )
            if isinstance(answer, Verdict):
                return answer
            location = answer.headers.get("location")
            if answer.status not in REDIRECT_STATUSES and answer.kind == "html":
                # <meta http-equiv="refresh" content="0; url=..."> is a redirect too
                # (sites use it to send visitors to a login page or a "removed" page).
                location = await self._meta_refresh(answer)
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

    async def _meta_refresh(self, answer: Answer) -> str | None:
        if b"refresh" not in answer.body.lower():
            return None
        if len(answer.body) <= INLINE_PARSE_MAX:
            return meta_refresh(answer.body, answer.content_type)
        return await asyncio.to_thread(meta_refresh, answer.body, answer.content_type)

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
        self,
        url: httpx.URL,
        *,
        matcher: ImageMatcher | None,
        image_only: bool,
        budget: asyncio.Timeout,
    ) -> Answer | Verdict:
        host = url.host.lower()
        port = url.port or (443 if url.scheme == "https" else 80)
        shown = str(url)
        loop = asyncio.get_running_loop()
        host_slots = self.hosts.setdefault(host, asyncio.Semaphore(self.settings.per_host))
        for attempt in range(self.settings.max_attempts):
            wait = self.not_before.get(host, 0.0) - loop.time()
            if wait > 0:
                await asyncio.sleep(wait)
                if attempt == 0:  # a pause another URL of this site was asked for
                    _give_back(budget, wait)
            last = attempt == self.settings.max_attempts - 1
            try:
                async with (
                    self.queued(host_slots, budget),
                    asyncio.timeout(self.settings.timeout) as deadline,
                ):
                    if self.preflight:
                        await self.guard.vet(host, port)
                    answer, delay = await self._send(
                        url, matcher=matcher, image_only=image_only, may_retry=not last,
                        deadline=deadline, budget=budget,
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
            left = _left(budget)
            if left is not None and delay >= left:
                # The pause asked for would outlast this URL's budget: report now.
                return await self._final_attempt_verdict(answer, shown)
            # Honour the pause for every request to this host, not only ours.
            self.not_before[host] = max(self.not_before.get(host, 0.0), loop.time() + delay)
        raise AssertionError("unreachable: the last attempt never asks for a retry")

    async def _final_attempt_verdict(self, answer: Answer, url: str) -> Verdict:
        """The verdict of a 429/503 we will not retry (no time left for it)."""
        doc = answer.fetched(url, url)
        return self.classifier.decide(doc, await self.read_page(doc, None))

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
        budget: asyncio.Timeout,
    ) -> tuple[Answer, float | None]:
        request = self.client.build_request("GET", url, headers=self.headers)
        response = await self.client.send(request, stream=True, follow_redirects=False)
        try:
            status = response.status_code
            headers = {k.lower(): v for k, v in response.headers.items()}
            content_type = headers.get("content-type", "").split(";")[0].strip().lower()
            if may_retry and status in RETRY_STATUSES and "cf-mitigated" not in headers:
                delay = self._retry_delay(headers.get("retry-after"))
                if delay is not None:
                    return Answer(status, headers, content_type, "other"), delay
            if status in REDIRECT_STATUSES and "location" in headers:
                return Answer(status, headers, content_type, "other"), None
            answer = await self._read(
                response, headers, content_type, matcher, image_only, deadline, budget
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
        budget: asyncio.Timeout,
    ) -> Answer:
        status = response.status_code
        declared = _int(headers.get("content-length"))
        decoder = _BoundedDecoder(headers.get("content-encoding", ""))
        chunks = response.aiter_raw()
        # Compressed bytes are counted too: a body that never decodes to
        # anything (br we did not ask for, a corrupt or multi-member gzip)
        # would otherwise be read until the timeout.
        raw_cap = self.settings.html_cap + OPAQUE_CAP
        raw_read = 0
        first = b""
        async for raw in chunks:
            raw_read += len(raw)
            first = decoder.feed(raw, self.settings.html_cap)
            if first or decoder.stuck or raw_read > raw_cap:
                break
        if not first:
            kind = "encoded" if decoder.stuck or (decoder.encoded and raw_read) else "empty"
            return Answer(status, headers, content_type, kind)
        kind = kind_of(content_type, first)
        if kind == "html" and not image_only:
            body = bytearray(first)
            async for raw in chunks:
                raw_read += len(raw)
                body += decoder.feed(raw, self.settings.html_cap - len(body))
                if len(body) >= self.settings.html_cap or decoder.stuck or raw_read > raw_cap:
                    break
            return Answer(status, headers, content_type, "html", bytes(body))
        if kind not in ("image", "video"):
            return Answer(status, headers, content_type, kind)
        if matcher is None or not 200 <= status < 300:
            return Answer(status, headers, content_type, kind)
        if kind == "video" and callable(getattr(matcher, "match_path", None)):
            evidence = await self._read_video(
                first, chunks, declared, decoder.encoded, matcher, deadline, budget
            )
            return Answer(status, headers, content_type, kind, image=evidence)
        cap = self.settings.image_cap
        if (declared is not None and declared > cap) or decoder.encoded:
            evidence = ImageEvidence(None, "too_big" if declared else "unreadable")
            return Answer(status, headers, content_type, kind, image=evidence)
        async with self.queued(self.image_slots, budget):
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
            elif len(data) < self.settings.min_image_bytes:
                del data
                evidence = ImageEvidence(None, "tiny")
            else:
                evidence = await asyncio.to_thread(_match_bytes, bytes(data), matcher)
                del data  # the image is dropped here; only the verdict remains
        return Answer(status, headers, content_type, kind, image=evidence)

    async def _read_video(
        self,
        first: bytes,
        chunks: AsyncIterator[bytes],
        declared: int | None,
        encoded: bool,
        matcher: ImageMatcher,
        deadline: asyncio.Timeout,
        budget: asyncio.Timeout,
    ) -> ImageEvidence:
        """Download a video into a private temporary file (never into memory) up
        to ``settings.video_cap`` and compare it from there; the file and its
        folder are removed before this returns, whatever happens.

        The request's timeout counts from the last chunk received (a big video
        is a long download, not a slow site); the address's budget still bounds
        the download. Hashing gets its own VIDEO_HASH_BUDGET on top of both.
        """
        cap = self.settings.video_cap
        if (declared is not None and declared > cap) or encoded:
            return ImageEvidence(None, "too_big" if declared else "unreadable")
        loop = asyncio.get_running_loop()
        async with self.queued(self.image_slots, budget):
            deadline.reschedule(loop.time() + self.settings.timeout)
            try:
                with private_spool() as (path, fh):
                    size = len(first)
                    fh.write(first)
                    async for raw in chunks:
                        size += len(raw)
                        if size > cap:
                            return ImageEvidence(None, "too_big")
                        await asyncio.to_thread(fh.write, raw)
                        deadline.reschedule(loop.time() + self.settings.timeout)
                    fh.close()
                    if size < self.settings.min_image_bytes:
                        return ImageEvidence(None, "tiny")
                    room = VIDEO_HASH_BUDGET + HASH_MARGIN
                    deadline.reschedule(loop.time() + room)
                    _at_least(budget, room)
                    return await asyncio.to_thread(_match_path, str(path), matcher)
            except OSError:  # this computer's temporary folder (full disk), never the site's
                return ImageEvidence(None, "no_room")

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


_P = ParamSpec("_P")
_R = TypeVar("_R")

#: Pages up to this many bytes are read on the event loop (a few milliseconds
#: at most: reading is linear); bigger ones in a worker thread, so that a
#: 2 MB page never holds up the other checks' clocks.
INLINE_PARSE_MAX = 64 * 1024

#: Verdicts that say "time ran out".
TIME_KEYS = frozenset({"timeout", "budget"})
#: A timed-out URL is checked again when the event loop stood still for at
#: least this share of one request's timeout while its clock ran.
STALL_SHARE = 0.25
#: How often the stall watch looks at the clock, in seconds.
STALL_TICK = 0.05


class StallWatch:
    """Measures how long the event loop stood still (a tick that came late).

    Everything that may take long runs off the loop, but a caller's code (a
    registry lookup, a matcher) might not; a URL must not be reported
    unreachable because the loop was busy elsewhere.
    """

    def __init__(self) -> None:
        self.total = 0.0

    @asynccontextmanager
    async def watching(self) -> AsyncIterator[None]:
        task = asyncio.create_task(self._watch())
        try:
            yield
        finally:
            task.cancel()
            with suppress(asyncio.CancelledError):
                await task

    async def _watch(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            before = loop.time()
            await asyncio.sleep(STALL_TICK)
            late = loop.time() - before - STALL_TICK
            if late > STALL_TICK:
                self.total += late


#: Seconds on top of VIDEO_HASH_BUDGET before a video's hashing is given up on
#: from here (the hashing stops itself at its budget with a clear reason first).
HASH_MARGIN = 5.0


def _unusable(exc: ImageError) -> ImageEvidence:
    """Why fetched bytes could not be compared: a damaged or incomplete video
    (cut off) has its own words; anything else is unreadable."""
    return ImageEvidence(
        None, "damaged" if says("reason.video-truncated", str(exc)) else "unreadable"
    )


def _match_path(path: str, matcher: ImageMatcher) -> ImageEvidence:
    """Compare a downloaded video (a private temporary file); runs in a worker thread."""
    try:
        found: ImageMatch = matcher.match_path(path)  # type: ignore[attr-defined]
        return ImageEvidence(found)
    except ImageError as exc:
        return _unusable(exc)


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
    except ImageError as exc:
        return _unusable(exc)


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

    @property
    def stuck(self) -> bool:
        """Nothing more will come out: an encoding we cannot read, a corrupt
        stream, or the end of the compressed stream (trailing data is ignored)."""
        return self._opaque or (self._zlib is not None and bool(self._zlib.eof))

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


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def _seconds(value: float) -> str:
    return f"{value:g}"


def _left(budget: asyncio.Timeout) -> float | None:
    """Seconds left in a budget (None: no deadline)."""
    when = budget.when()
    return None if when is None else when - asyncio.get_running_loop().time()


def _at_least(budget: asyncio.Timeout, seconds: float) -> None:
    """Make sure ``seconds`` are left in a budget (it only ever moves later)."""
    when = budget.when()
    if when is not None:
        budget.reschedule(max(when, asyncio.get_running_loop().time() + seconds))


def _give_back(budget: asyncio.Timeout, seconds: float) -> None:
    """Move a budget's deadline by time that was not the URL's own doing."""
    when = budget.when()
    if when is not None and seconds > 0:
        budget.reschedule(when + seconds)


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
    async with open_engine(
        settings,
        classifier=classifier,
        client=client,
        transport=transport,
        resolver=resolver,
        allow_address=allow_address,
        verify=verify,
        now=now,
        progress=progress,
    ) as engine:
        return await engine.run(items)


@asynccontextmanager
async def open_engine(
    settings: CheckSettings,
    *,
    classifier: Classifier | None = None,
    client: httpx.AsyncClient | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
    resolver: Resolver | None = None,
    allow_address: Callable[[IPAddress], bool] | None = None,
    verify: ssl.SSLContext | None = None,
    now: Callable[[], datetime] = utc_now,
    progress: Progress | None = None,
) -> AsyncIterator[Engine]:
    """An engine with its HTTP client and address guard (see :func:`acheck_urls`
    for the arguments); the client is closed on the way out unless it was given."""
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
    engine = Engine(
        settings,
        classifier or Classifier(),
        client,
        guard,
        preflight=not pinned,
        now=now,
        progress=progress or NullProgress(),
    )
    try:
        async with engine.stalls.watching():
            yield engine
    finally:
        if own_client:
            await client.aclose()


#: The synchronous twin of :func:`acheck_urls` (runs its own event loop).
check_urls = blocking(acheck_urls)
