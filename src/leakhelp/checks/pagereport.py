"""Whole-page scans against a case's fingerprints: what each page showed, in plain values.

:func:`ascan_pages` runs :class:`.pagescan.PageScanner` with one
:class:`BestMatch` per image (the image's bytes are matched in memory and
dropped; only the match stays) and turns each page into a
:class:`PageReport`: the images that match, how many were compared, what
could not be fetched, videos, and why a page ended early. The CLI prints
these; ``Workspace.scan_pages`` is the front door.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime

from ..errors import ImageError, LeakhelpError
from ..fingerprint import PDQ_MIN_QUALITY
from ..i18n import t, why
from ..imaging import decode_image
from ..matching import Match, MatchIndex, ScanResult, better
from ..models import Fingerprint, ImageMatch, Lang
from ..progress import Progress
from ..video import VideoHashes
from ..videodecode import ANIMATION_BUDGET, is_animated_image, is_video_bytes
from ..videomatch import VideoIndex, VideoMatch, VideoScanResult, match_video_source
from .classifier import Classifier
from .engine import open_engine, utc_now
from .guard import Transport
from .pagescan import MIN_IMAGE_BYTES, PageLimits, PageOutcome, PageScanner
from .settings import VIDEO_HASH_BUDGET, CheckSettings

#: Seconds a video fetched from a web address may take to hash (in a thread of
#: the status checker, which cannot be stopped from outside; settings.VIDEO_HASH_BUDGET).
URL_VIDEO_BUDGET = VIDEO_HASH_BUDGET


class BestMatch:
    """A case's fingerprints (and videos) as the checker's matcher, for one image
    or one address: it answers with a tier and keeps the best match it saw.

    Called with a fingerprint, or (preferred by the checker) given the fetched
    bytes, so matching can also look inside borders and at crops, and so a
    video is compared as a video. The bytes are decoded in memory and dropped.
    """

    def __init__(self, index: MatchIndex, videos: VideoIndex | None = None) -> None:
        self._index = index
        self._videos = videos
        self.best: Match | None = None
        self.quality: int | None = None
        #: What the address served when it was a video (frames, duration, match).
        self.video: VideoScanResult | None = None

    def __call__(self, fingerprint: Fingerprint) -> ImageMatch:
        return self._keep(self._index.match_fingerprint(fingerprint), fingerprint.quality)

    def match_bytes(self, data: bytes) -> ImageMatch:
        if is_video_bytes(data):
            return self.match_path(data)
        found, quality = self._index.match_file(data)
        if self._videos is not None:  # a screenshot of one of the videos
            frame, _quality = self._videos.match_image(decode_image(data).image)
            found = better(found, frame.as_match() if frame is not None else None)
        if is_animated_image(data):  # a GIF loop: its frames over time too
            found = better(found, self._moving(data))
        return self._keep(found, quality)

    def _moving(self, data: bytes) -> Match | None:
        """An animated GIF, APNG or WebP matched as the short video it is; None
        when its frames cannot be read (its first frame was compared already)."""
        try:
            seen, _ = match_video_source(
                data, self._index, self._videos, budget=ANIMATION_BUDGET, animations=True
            )
        except LeakhelpError:
            return None
        return seen.as_match() if seen is not None else None

    def match_path(self, source: str | bytes) -> ImageMatch:
        """A video fetched from a web address (a private temporary file, or bytes),
        compared as a video within URL_VIDEO_BUDGET; what was seen is kept in
        :attr:`video`."""
        seen, hashes = self._match_video(source)
        quality = max((s.quality for s in hashes.samples), default=0)
        self.video = VideoScanResult(
            "", kind="video", video=seen, frames=len(hashes.samples),
            duration=hashes.fingerprint.duration,
        )  # fmt: skip
        return self._keep(seen.as_match() if seen is not None else None, quality)

    def _match_video(self, source: str | bytes) -> tuple[VideoMatch | None, VideoHashes]:
        """A video fetched from a web address, hashed within URL_VIDEO_BUDGET."""
        try:
            return match_video_source(source, self._index, self._videos, budget=URL_VIDEO_BUDGET)
        except LeakhelpError:
            raise
        except Exception as exc:  # hostile bytes: one reason, never a crashed check
            raise ImageError(why("unexpected", detail=type(exc).__name__)) from None

    def _keep(self, found: Match | None, quality: int) -> ImageMatch:
        self.best = better(self.best, found)
        self.quality = quality if self.quality is None else max(self.quality, quality)
        return found.tier if found is not None else "none"


@dataclass(frozen=True, slots=True)
class ImageFinding:
    """An image on a page that is (strong) or may be (possible) one of the case's images."""

    page_url: str
    image_url: str
    source: str
    match: Match
    thumbnail: str | None = None
    #: For a video on the page (``source`` "video"): what matched, with its times.
    video: VideoMatch | None = None


@dataclass(frozen=True, slots=True)
class PageReport:
    """One page of a whole-page scan (or one address that serves an image itself).

    ``error_key``/``error_values`` say why nothing could be compared (a page
    that is gone, behind a login, unreachable, or shows no image); ``stopped``
    why a page ended early ("budget", "loop", "max_pages").
    """

    input: str
    url: str
    number: int = 1
    findings: tuple[ImageFinding, ...] = ()
    images: int = 0
    compared: int = 0
    failed: int = 0
    tiny: int = 0
    over_cap: int = 0
    not_reached: int = 0
    videos: tuple[str, ...] = ()
    #: Videos of the page that were fetched and compared (at most MAX_VIDEOS_PER_PAGE).
    videos_compared: int = 0
    next_url: str | None = None
    stopped: str | None = None
    direct_image: bool = False
    quality: int | None = None
    #: When the address itself served a video: what was seen of it.
    video: VideoScanResult | None = None
    error_key: str | None = None
    error_values: Mapping[str, object] = field(default_factory=dict)

    @property
    def error(self) -> str | None:
        """Why nothing could be compared, in English (JSON lines); None when compared."""
        return self.error_in("en")

    def error_in(self, lang: Lang) -> str | None:
        if self.error_key is None:
            return None
        return t(self.error_key, lang, **self.error_values)

    @property
    def strong(self) -> int:
        return sum(1 for f in self.findings if f.match.tier == "strong")

    @property
    def possible(self) -> int:
        return sum(1 for f in self.findings if f.match.tier == "possible")

    @property
    def best(self) -> Match | None:
        found: Match | None = None
        for finding in self.findings:
            found = better(found, finding.match)
        return found

    def as_scan_result(self, lang: Lang = "en") -> ScanResult:
        """The page as one scan candidate (its best image), as ``scan`` reports files;
        an error in ``lang`` (English for JSON lines)."""
        if self.error_key is not None:
            return ScanResult(path=self.url, error=self.error_in(lang))
        quality = self.quality
        if self.video is not None:  # the address served a video
            return replace(
                self.video,
                path=self.url,
                match=self.best,
                quality=quality,
                low_quality=quality is not None and quality < PDQ_MIN_QUALITY,
            )
        return ScanResult(
            path=self.url,
            match=self.best,
            quality=quality,
            low_quality=quality is not None and quality < PDQ_MIN_QUALITY,
        )


async def ascan_pages(
    urls: Sequence[str],
    *,
    index: MatchIndex,
    settings: CheckSettings,
    limits: PageLimits,
    classifier: Classifier | None = None,
    transport: Transport | None = None,
    on_page: Callable[[PageReport], None] | None = None,
    now: Callable[[], datetime] = utc_now,
    progress: Progress | None = None,
    videos: VideoIndex | None = None,
) -> list[PageReport]:
    """Scan each address and its next pages; one report per page, in order.

    Images below :data:`.pagescan.MIN_IMAGE_BYTES` are not compared unless
    ``settings.min_image_bytes`` says otherwise. ``on_page`` hears of each
    page as soon as it is done (a long run can print as it goes).
    """
    if settings.min_image_bytes == 0:
        settings = replace(settings, min_image_bytes=MIN_IMAGE_BYTES)
    reports: list[PageReport] = []
    async with open_engine(
        settings, classifier=classifier, transport=transport, now=now, progress=progress
    ) as engine:
        scanner = PageScanner(engine, lambda: BestMatch(index, videos), limits)
        for url in urls:
            for outcome in await scanner.scan_address(url):
                report = page_report(url, outcome)
                reports.append(report)
                if on_page is not None:
                    on_page(report)
    return reports


def page_report(given: str, outcome: PageOutcome[BestMatch]) -> PageReport:
    """A scanned page as plain values (the matchers and their images are dropped)."""
    url = given if outcome.number == 1 else outcome.url
    findings = tuple(
        ImageFinding(
            url, item.ref.url, item.ref.source, item.matcher.best, item.ref.thumbnail,
            item.matcher.video.video if item.matcher.video is not None else None,
        )
        for item in (*outcome.images, *outcome.videos)
        if item.note is None and item.matcher.best is not None
    )  # fmt: skip
    qualities = [i.matcher.quality for i in outcome.images if i.matcher.quality is not None]
    compared = len(outcome.compared)
    tiny = outcome.media.tiny + sum(1 for i in outcome.images if i.note == "tiny")
    error_key: str | None = None
    error_values: dict[str, object] = {}
    verdict = outcome.verdict
    if verdict is not None and verdict.state != "online" and not outcome.images:
        error_key, error_values = verdict.message_key, dict(verdict.values)
    elif outcome.direct_image and compared == 0 and verdict is not None:
        # The address serves one file that could not be compared: say why in the
        # words of its own check (a damaged video, a video too large, ...).
        error_key, error_values = verdict.message_key, dict(verdict.values)
    elif compared == 0 and outcome.stopped == "budget":
        error_key, error_values = "check.budget", {"seconds": f"{outcome.budget:g}"}
    elif compared == 0 and not outcome.compared_videos:
        error_key = "scan.url-no-image"
    return PageReport(
        input=given,
        url=url,
        number=outcome.number,
        findings=findings,
        images=len(outcome.media.images) or len(outcome.images),
        compared=compared,
        failed=len(outcome.failed),
        tiny=tiny,
        over_cap=outcome.media.over_cap,
        not_reached=outcome.not_reached,
        videos=outcome.media.videos,
        videos_compared=len(outcome.compared_videos),
        next_url=outcome.next_url,
        stopped=outcome.stopped,
        direct_image=outcome.direct_image,
        quality=max(qualities) if qualities else None,
        video=next((i.matcher.video for i in outcome.images if i.matcher.video), None)
        if outcome.direct_image
        else None,
        error_key=error_key,
        error_values=error_values,
    )
