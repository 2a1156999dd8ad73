"""Whole-page scans: fetch a page, every image it shows, and its next pages.

Built on the engine (same address guard on every hop, same byte caps, same
per-site politeness) and on :mod:`.pages` (what a page shows, where its next
page is). Each page has one time budget for itself and all its images; a page
that runs out of it ends with what was compared so far and a clear note, and
the run goes on with the next address. Image bytes are hashed in memory by
the matcher and dropped, as in a status check.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from .classifier import Verdict
from .engine import Answer, Engine
from .pages import MAX_IMAGES_PER_PAGE, MAX_PAGES, ImageRef, PageMedia, find_media, next_page
from .settings import MAX_VIDEOS_PER_PAGE, ImageMatcher

#: A page and its images get this many times the per-request timeout in all
#: (15 s x 8 = 2 minutes by default): enough for 200 images at 6 at a time
#: from a slow site, short enough that a hostile page cannot hold a run.
PAGE_BUDGET_FACTOR = 8.0

#: Bytes below which a fetched image is an icon or a tracking pixel, not a
#: picture: a 1x1 GIF is 43 bytes, a 64x64 PNG icon 1-4 KB; the smallest
#: phone-photo thumbnails are 5 KB and more.
MIN_IMAGE_BYTES = 2048

M = TypeVar("M", bound=ImageMatcher)


@dataclass(frozen=True, slots=True)
class ImageOutcome(Generic[M]):
    """One image of a page: compared (``matcher`` holds what it found) or why not.

    ``note`` is None when the image was compared; else "tiny", "too_big",
    "unreadable", "not_image" or "failed" (``failure`` then says why).
    """

    ref: ImageRef
    matcher: M
    note: str | None = None
    failure: Verdict | None = None


@dataclass(slots=True)
class PageOutcome(Generic[M]):
    """One page of a scan: its state, what it shows, and how far the scan got.

    ``verdict`` is the page's own status check (a page that is gone, behind a
    login or unreachable shows no images). ``stopped`` is "budget" when the
    page's time ran out before all its images were compared, "loop" when its
    next page leads back to a page already seen, "max_pages" when the run's
    page cap ended the pagination.
    """

    url: str
    number: int
    verdict: Verdict | None = None
    final_url: str | None = None
    media: PageMedia = field(default_factory=PageMedia)
    images: list[ImageOutcome[M]] = field(default_factory=list)
    #: The page's videos that were fetched (at most MAX_VIDEOS_PER_PAGE).
    videos: list[ImageOutcome[M]] = field(default_factory=list)
    next_url: str | None = None
    stopped: str | None = None
    direct_image: bool = False
    budget: float = 0.0

    @property
    def compared(self) -> list[ImageOutcome[M]]:
        return [i for i in self.images if i.note is None]

    @property
    def compared_videos(self) -> list[ImageOutcome[M]]:
        return [v for v in self.videos if v.note is None]

    @property
    def failed(self) -> list[ImageOutcome[M]]:
        return [
            i for i in self.images if i.note in ("failed", "unreadable", "too_big", "not_image")
        ]

    @property
    def not_reached(self) -> int:
        """Images listed but not fetched: the page's time ran out first."""
        return max(0, len(self.media.images) - len(self.images))


@dataclass(frozen=True, slots=True)
class PageLimits:
    """How far a whole-page scan goes: pages per address, pages and images in all."""

    pages: int = 1
    max_pages: int = MAX_PAGES
    max_images: int = MAX_IMAGES_PER_PAGE
    budget: float | None = None  # seconds per page; None: PAGE_BUDGET_FACTOR x timeout


class PageScanner(Generic[M]):
    """Scans pages with an engine; ``new_matcher`` makes one matcher per image."""

    def __init__(
        self, engine: Engine, new_matcher: Callable[[], M], limits: PageLimits | None = None
    ) -> None:
        self.engine = engine
        self.new_matcher = new_matcher
        self.limits = limits or PageLimits()
        self.pages_done = 0

    @property
    def page_budget(self) -> float:
        if self.limits.budget is not None:
            return self.limits.budget
        return self.engine.settings.timeout * PAGE_BUDGET_FACTOR

    async def scan(self, urls: Sequence[str]) -> list[list[PageOutcome[M]]]:
        """Each address with its next pages (up to ``limits.pages``); one list per address."""
        return [await self.scan_address(url) for url in urls]

    async def scan_address(self, url: str) -> list[PageOutcome[M]]:
        """One address and the next pages it leads to, in order."""
        outcomes: list[PageOutcome[M]] = []
        seen: set[str] = set()
        current: str | None = url
        number = 0
        while current is not None and number < self.limits.pages:
            if self.pages_done >= self.limits.max_pages:
                if outcomes:
                    outcomes[-1].stopped = outcomes[-1].stopped or "max_pages"
                break
            number += 1
            outcome = await self.scan_page(current, number, seen=frozenset(seen))
            if outcome.stopped == "seen" and outcomes:  # it redirected to a page already seen
                outcomes[-1].stopped = outcomes[-1].stopped or "loop"
                break
            seen.add(current)
            outcomes.append(outcome)
            self.pages_done += 1
            if outcome.final_url is not None:
                seen.add(outcome.final_url)
            current = outcome.next_url
            if current is not None and current in seen:
                outcome.stopped = outcome.stopped or "loop"
                current = None
            if current is not None and number >= self.limits.pages:
                break
        return outcomes

    async def scan_page(
        self, url: str, number: int, *, seen: frozenset[str] = frozenset()
    ) -> PageOutcome[M]:
        """One page and its images within the page's budget; never raises.

        A page whose address leads to one in ``seen`` is not read again: it
        comes back with ``stopped="seen"``.
        """
        outcome: PageOutcome[M] = PageOutcome(url, number, budget=self.page_budget)
        try:
            async with asyncio.timeout(self.page_budget) as budget:
                await self._scan_page(outcome, budget, seen)
        except TimeoutError:
            outcome.stopped = "budget"
            if outcome.verdict is None:
                seconds = f"{outcome.budget:g}"
                outcome.verdict = Verdict("unreachable", "budget", {"seconds": seconds})
        except Exception as exc:  # one bad page never stops the run
            outcome.verdict = Verdict("unknown", "internal", {"error": type(exc).__name__})
        return outcome

    async def _scan_page(
        self, outcome: PageOutcome[M], budget: asyncio.Timeout, seen: frozenset[str]
    ) -> None:
        engine = self.engine
        _, platform = engine.classifier.platform(outcome.url)
        first = self.new_matcher()  # used when the address serves an image itself
        got = await engine.fetch(outcome.url, matcher=first, budget=budget)
        if isinstance(got, Verdict):
            outcome.verdict = got
            return
        answer, final = got
        outcome.final_url = final
        if final in seen:
            outcome.stopped = "seen"
            return
        doc = answer.fetched(outcome.url, final)
        page = await engine.read_page(doc, platform)
        outcome.verdict = engine.classifier.decide(doc, page, answer.image)
        if page.kind in ("image", "video"):  # the address serves the file itself
            outcome.direct_image = True
            note = answer.image.note if answer.image is not None else "failed"
            outcome.images.append(ImageOutcome(ImageRef(final, "direct"), first, note))
            return
        if outcome.verdict.state != "online" or page.document is None:
            return
        outcome.media = await asyncio.to_thread(
            find_media, page.document, final, max_images=self.limits.max_images
        )
        outcome.next_url = next_page(page.document, final)
        await self._compare(outcome, budget)
        await self.compare_videos(outcome, budget)

    async def compare_videos(self, outcome: PageOutcome[M], budget: asyncio.Timeout) -> None:
        """Fetch and compare the page's videos (``<video src>``, ``<source>`` in a
        video, ``og:video``, links to video files), at most MAX_VIDEOS_PER_PAGE,
        within the page's budget: each is downloaded to a private temporary file
        up to the video cap, hashed as a video and removed (engine._read_video).
        """
        refs = [ImageRef(url, "video") for url in outcome.media.videos[:MAX_VIDEOS_PER_PAGE]]
        await self._fetch_all(refs, outcome.videos, budget, f"page {outcome.number} videos")

    async def _compare(self, outcome: PageOutcome[M], budget: asyncio.Timeout) -> None:
        """Fetch and compare every image of the page, a few at a time."""
        refs = list(outcome.media.images)
        await self._fetch_all(refs, outcome.images, budget, f"page {outcome.number}")

    async def _fetch_all(
        self,
        refs: list[ImageRef],
        into: list[ImageOutcome[M]],
        budget: asyncio.Timeout,
        label: str,
    ) -> None:
        """Fetch and compare ``refs`` a few at a time; each outcome goes ``into`` the
        list as soon as it is known (a page that runs out of time keeps those), and
        the list ends in the page's order."""
        engine = self.engine
        engine.progress.start(len(refs), label)

        async def one(ref: ImageRef) -> None:
            matcher = self.new_matcher()
            async with engine.slots:
                got = await engine.fetch(ref.url, matcher=matcher, image_only=True, budget=budget)
            into.append(_image_outcome(ref, matcher, got))
            engine.progress.advance()

        try:
            async with asyncio.TaskGroup() as group:
                for ref in refs:
                    group.create_task(one(ref))
        finally:
            engine.progress.finish()
        order = {ref.url: i for i, ref in enumerate(refs)}
        into.sort(key=lambda i: order.get(i.ref.url, 0))


def _image_outcome(ref: ImageRef, matcher: M, got: tuple[Answer, str] | Verdict) -> ImageOutcome[M]:
    if isinstance(got, Verdict):
        return ImageOutcome(ref, matcher, "failed", got)
    answer = got[0]
    if answer.kind not in ("image", "video"):
        return ImageOutcome(ref, matcher, "not_image")
    if answer.image is None:  # an image answer that was not 2xx
        failure = Verdict("unknown", "other_status", {"status": answer.status}, answer.status)
        return ImageOutcome(ref, matcher, "failed", failure)
    return ImageOutcome(ref, matcher, answer.image.note)
