"""Video fingerprints x candidate videos and images → matches, with the vPDQ rules.

A :class:`VideoIndex` holds the frame hashes of a case's videos (or an
export's). A candidate **video** is matched the way Meta's vPDQ matches:
frames below vPDQ's quality are left out, a candidate frame is found when an
original frame is near, and two shares decide: how much of the candidate is
found in the original (``query_share``) and how much of the original is
found in the candidate (``target_share``). Where leakhelp differs
(docs/video.md): a frame is found within :data:`FRAME_DISTANCE` bits and a
strong match needs the found frames' median within vPDQ's 31; shares are of
*time*, not of hash counts (stretches of a still shot count for their
length); every candidate frame is also tried mirrored and rotated and inside
its uniform borders; and a long enough matching part is strong even when the
candidate holds much more (a compilation).

A candidate **image** (a screenshot, a frame grab) is matched against every
frame by the photo rules of :class:`leakhelp.matching.MatchIndex`, and the
match says at which time of the video the frame is.

Tiers, as for photos: ``strong`` (act on it) and ``possible`` (a person should
look). Nothing here stores anything.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from statistics import median

import numpy as np
from PIL import Image

from .errors import LeakhelpError
from .fingerprint import PDQ_MIN_QUALITY
from .i18n import t, why
from .imaging import decode_image
from .matching import (  # how a dihedral variant looks
    _TRANSPOSING,
    _VARIANT_HOW,
    HashIndex,
    Match,
    MatchIndex,
    ScanResult,
    Tier,
    better,
    scan_one,
)
from .models import DIHEDRAL_NAMES, Fingerprint, Lang, VideoFingerprint
from .progress import Progress
from .video import VPDQ_DISTANCE, VPDQ_MIN_QUALITY, FrameSample, VideoHashes, hash_video
from .videodecode import (
    ANIMATION_BUDGET,
    ANIMATION_SAMPLE_SECONDS,
    DECODE_BUDGET,
    SAMPLE_SECONDS,
    VIDEO_ITEM_TIMEOUT,
    is_animated_image,
    looks_like_video,
)
from .workers import map_files

#: vPDQ's query match threshold (VPDQ_QUERY_MATCH_THRESHOLD_PERCENT = 80 in
#: python-threatexchange): this share of the candidate's time must be found
#: in one original for a strong match.
QUERY_SHARE_STRONG = 0.80

#: A candidate frame counts as found in an original when one of its frames is
#: within this many bits. vPDQ uses 31 (its VPDQ_DISTANCE_THRESHOLD) per
#: frame; here a whole video is judged, not a frame: strong also needs the
#: median distance of the found frames within 31. Re-encoded copies' frames
#: were within 31 bits in 88 %, within 48 in 97 %, while the nearest frame of
#: an unrelated video stayed 96 bits away (benchmarks/video_match.py).
FRAME_DISTANCE = 48

#: A candidate that holds much more than the original (a compilation) is
#: still a strong match when this many seconds of the original are found in
#: it (vPDQ's index threshold is 0 %, so it would need the query share
#: instead). Every matched frame is within the photo rules' strong distance,
#: so this only widens which candidates count, not how sure a frame is.
STRONG_PART_SECONDS = 10.0

#: Both shares at least this: "the whole video". vPDQ's 80 %: a heavily
#: re-encoded copy loses a frame here and there (one sample of nine at 44
#: bits in tests/test_video.py's 80 kbit/s copy), and is still the whole video.
WHOLE_SHARE = QUERY_SHARE_STRONG

#: A copy is "smaller" or "larger" when its picture area differs by more than this.
SIZE_TOLERANCE = 0.10


@dataclass(frozen=True, slots=True)
class VideoMatch:
    """A candidate (video or image) that is, or may be, a copy of one original video.

    For a video candidate: ``query_share`` of its time was found in the
    original, ``target_share`` of the original's time was found in it;
    ``original_span`` is the matched part of the original and ``copy_span``
    where that is in the candidate (seconds). For an image candidate, ``at``
    is the time of the frame it shows. ``distance`` is the median PDQ
    distance of the matched frames. ``how`` in words: ``exact`` (the same
    file), ``whole``, ``part``, ``inside`` (the original inside a longer
    video), ``frame``, ``mirrored``, ``rotated``, ``bordered``,
    ``re-encoded``, ``smaller``, ``larger``.
    """

    tier: Tier
    ref: str
    index: int
    distance: int
    variant: str = "original"
    how: tuple[str, ...] = ()
    query_share: float | None = None
    target_share: float | None = None
    matched_frames: int = 0
    original_span: tuple[float, float] | None = None
    copy_span: tuple[float, float] | None = None
    at: float | None = None

    def as_match(self) -> Match:
        """The same match in the photo shape, for counts and tables that only need that."""
        return Match(self.tier, self.ref, self.index, self.distance, self.variant, "pdq", self.how)


@dataclass(frozen=True, slots=True)
class VideoScanResult(ScanResult):
    """A candidate matched against videos too: ``video`` when a video matched best.

    ``match`` then holds the same match in the photo shape (``as_match``).
    ``kind`` is ``"video"`` or ``"image"``; for a video, ``frames`` (hashed
    stretches) and ``duration`` (seconds) describe it.
    """

    kind: str = "image"
    video: VideoMatch | None = None
    frames: int | None = None
    duration: float | None = None
    decoded: int | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True)
class _Original:
    ref: str
    md5: str
    width: int
    height: int
    starts: tuple[float, ...]
    ends: tuple[float, ...]


class VideoIndex:
    """The frame hashes of a case's (or an export's) videos, packed for matching.

    Build it from ``(ref, video fingerprint)`` pairs. It keeps no paths and
    no pixels, and it pickles (scan's worker processes each get a copy).
    """

    def __init__(
        self,
        items: Iterable[tuple[str, VideoFingerprint]],
        *,
        photos: Iterable[tuple[str, Fingerprint]] | None = None,
    ) -> None:
        originals: list[_Original] = []
        hashes: list[str] = []
        owner: list[int] = []
        frame_no: list[int] = []
        seconds: list[float] = []
        usable: list[bool] = []
        # The frames as photos go into one photo index with the case's own
        # photos (when given), so a candidate photo is hashed and compared once.
        stills: list[tuple[str, Fingerprint]] = list(photos or ())
        self.includes_photos = photos is not None
        self._photo_count = len(stills)
        self._still_owner: list[tuple[int, int]] = []
        for i, (ref, video) in enumerate(items):
            originals.append(
                _Original(
                    ref,
                    video.md5,
                    video.width,
                    video.height,
                    tuple(f.start for f in video.frames),
                    tuple(f.end for f in video.frames),
                )
            )
            for j, f in enumerate(video.frames):
                hashes.append(f.pdq)
                owner.append(i)
                frame_no.append(j)
                seconds.append(max(f.end - f.start, 0.0))
                usable.append(f.quality >= VPDQ_MIN_QUALITY)
                # The frame as a photo, for screenshots and frame grabs. Its
                # size is left out (0): the frame's content size is not kept.
                stills.append((ref, Fingerprint(f.pdq, f.quality, f.phash, f.dhash, 0, 0)))
                self._still_owner.append((i, j))
        self._originals = tuple(originals)
        self._frames = HashIndex.from_hex(hashes)
        self._owner = np.asarray(owner, dtype=np.int64)
        self._frame_no = np.asarray(frame_no, dtype=np.int64)
        self._seconds = np.asarray(seconds, dtype=np.float64)
        self._usable = np.asarray(usable, dtype=bool)
        self._stills = MatchIndex(stills)

    def __len__(self) -> int:
        return len(self._originals)

    @property
    def refs(self) -> tuple[str, ...]:
        return tuple(o.ref for o in self._originals)

    @property
    def frame_count(self) -> int:
        return len(self._frames)

    # -- a candidate video -------------------------------------------------------
    def matches_video(self, candidate: VideoHashes) -> list[VideoMatch]:
        """Every original the candidate video matches, best first."""
        found: list[VideoMatch] = []
        exact = {i for i, o in enumerate(self._originals) if o.md5 == candidate.fingerprint.md5}
        samples = [s for s in candidate.samples if s.quality >= VPDQ_MIN_QUALITY]
        per_variant = self._distances(samples) if samples and len(self._frames) else None
        for i, original in enumerate(self._originals):
            match = self._judge(i, original, candidate, samples, per_variant)
            if i in exact:
                kept = [w for w in (match.how if match else ("whole",)) if w not in _RECODED]
                how = ("exact", *kept)
                match = VideoMatch(
                    "strong", original.ref, i, 0, how=_unique(how),
                    query_share=1.0, target_share=1.0,
                    matched_frames=match.matched_frames if match else 0,
                    original_span=match.original_span if match else None,
                    copy_span=match.copy_span if match else None,
                )  # fmt: skip
            if match is not None:
                found.append(match)
        found.sort(key=lambda m: (m.tier != "strong", -(m.query_share or 0), m.distance, m.index))
        return found

    def match_video(self, candidate: VideoHashes) -> VideoMatch | None:
        found = self.matches_video(candidate)
        return found[0] if found else None

    def _distances(self, samples: list[FrameSample]) -> np.ndarray:
        """Distances (variant, sample, frame, view) with view 0 the content, 1 the whole frame."""
        out = np.empty((8, len(samples), len(self._frames), 2), dtype=np.uint16)
        for k in range(8):
            for s, sample in enumerate(samples):
                out[k, s, :, 0] = self._frames.distances(sample.content[k])
                out[k, s, :, 1] = (
                    self._frames.distances(sample.full[k])
                    if sample.full[k] != sample.content[k]
                    else out[k, s, :, 0]
                )
        return out

    def _judge(
        self,
        i: int,
        original: _Original,
        candidate: VideoHashes,
        samples: list[FrameSample],
        per_variant: np.ndarray | None,
    ) -> VideoMatch | None:
        if per_variant is None:
            return None
        columns = np.flatnonzero((self._owner == i) & self._usable)
        if columns.size == 0:
            return None
        sample_seconds = np.asarray([max(s.seconds, 1e-3) for s in samples])
        frame_seconds = np.maximum(self._seconds[columns], 1e-3)
        best: tuple[float, int, np.ndarray, np.ndarray] | None = None
        for k in range(8):
            views = per_variant[k][:, columns, :]  # (sample, frame, view)
            nearest = views.min(axis=2)
            hit = nearest <= FRAME_DISTANCE
            if not hit.any():
                continue
            q_hit = hit.any(axis=1)
            t_hit = hit.any(axis=0)
            score = float(sample_seconds[q_hit].sum() / sample_seconds.sum()) + float(
                frame_seconds[t_hit].sum() / frame_seconds.sum()
            )
            if best is None or score > best[0] + 1e-9:
                best = (score, k, views, hit)
        if best is None:
            return None
        _score, k, views, hit = best
        q_hit, t_hit = hit.any(axis=1), hit.any(axis=0)
        query_share = float(sample_seconds[q_hit].sum() / sample_seconds.sum())
        target_share = float(frame_seconds[t_hit].sum() / frame_seconds.sum())
        nearest = views.min(axis=2)
        matched = nearest.min(axis=1)[q_hit]
        matched_frames = int(q_hit.sum())
        part_seconds = float(frame_seconds[t_hit].sum())
        distance = int(median(matched.tolist()))
        strong = distance <= VPDQ_DISTANCE and (
            query_share >= QUERY_SHARE_STRONG or part_seconds >= STRONG_PART_SECONDS
        )
        hit_samples = [samples[int(n)] for n in np.flatnonzero(q_hit)]
        hit_frames = [int(self._frame_no[c]) for c in columns[t_hit]]
        original_span = (
            min(original.starts[j] for j in hit_frames),
            max(original.ends[j] for j in hit_frames),
        )
        copy_span = (min(s.start for s in hit_samples), max(s.end for s in hit_samples))
        # "bordered": most matched frames matched better inside their borders.
        sample_best = views[q_hit].min(axis=1)  # (matched sample, view)
        bordered = int((sample_best[:, 0] < sample_best[:, 1]).sum()) * 2 > matched_frames
        how = _describe(original, candidate.fingerprint, k, query_share, target_share, bordered)
        return VideoMatch(
            "strong" if strong else "possible",
            original.ref,
            i,
            distance,
            DIHEDRAL_NAMES[k],
            how,
            query_share,
            target_share,
            matched_frames,
            original_span,
            copy_span,
        )

    # -- a candidate image ---------------------------------------------------------
    def match_image(
        self, image: Image.Image, *, width: int | None = None, height: int | None = None
    ) -> tuple[VideoMatch | None, int]:
        """Best match of a decoded image (a screenshot, a frame grab) among the frames,
        and the image's PDQ quality."""
        _photos, frame, quality = self.matches_image_all(image, width=width, height=height)
        return frame, quality

    def matches_image_all(
        self, image: Image.Image, *, width: int | None = None, height: int | None = None
    ) -> tuple[list[Match], VideoMatch | None, int]:
        """A decoded image against the photos given at construction (every match,
        best first) and the frames (the best), and its PDQ quality; one hashing."""
        found, quality = self._stills.matches_image(image, width=width, height=height)
        photos = [m for m in found if m.index < self._photo_count]
        frames = [m for m in found if m.index >= self._photo_count]
        return photos, self._frame_match(frames[0]) if frames else None, quality

    def _frame_match(self, found: Match) -> VideoMatch:
        i, j = self._still_owner[found.index - self._photo_count]
        original = self._originals[i]
        return VideoMatch(
            found.tier,
            original.ref,
            i,
            found.distance,
            found.variant,
            _unique(("frame", *found.how)),
            at=original.starts[j],
        )


def _describe(
    original: _Original,
    copy: VideoFingerprint,
    variant: int,
    query_share: float,
    target_share: float,
    bordered: bool,
) -> tuple[str, ...]:
    how: list[str] = []
    if query_share >= WHOLE_SHARE and target_share >= WHOLE_SHARE:
        how.append("whole")
    else:
        if target_share < WHOLE_SHARE:
            how.append("part")
        if query_share < WHOLE_SHARE:
            how.append("inside")
    how += _VARIANT_HOW[variant]
    if bordered:
        how.append("bordered")
    how.append("re-encoded")
    if bordered:
        return _unique(how)  # the copy's size includes its bars: not comparable
    ow, oh = original.width, original.height
    if variant in _TRANSPOSING:
        ow, oh = oh, ow
    if ow > 0 and oh > 0 and copy.width > 0 and copy.height > 0:
        ratio = (copy.width * copy.height) / (ow * oh)
        if ratio < 1 - SIZE_TOLERANCE:
            how.append("smaller")
        elif ratio > 1 + SIZE_TOLERANCE:
            how.append("larger")
    return _unique(how)


#: Words that cannot be said of the very same file.
_RECODED = frozenset({"re-encoded", "smaller", "larger"})


def _unique(words: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(words))


# -- in words ----------------------------------------------------------------------------
def clock(seconds: float) -> str:
    """A time in a video as people read it: 0:07, 12:40, 1:02:03."""
    whole = max(round(seconds), 0)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def describe(match: Match | VideoMatch, lang: Lang) -> str:
    """How a copy differs from the original, in words, for a photo or a video match.

    The one wording of a match, used by the scan table, page findings, the web
    app's results and the JSON ``explanation``: "mirrored, rescaled"; "a
    4-second part (0:02-0:06 of your video), re-encoded"; "a frame from 0:07
    of your video". A match with nothing to say is "same image".
    """
    words: list[str] = []
    for how in match.how:
        words.append(_describe_video_word(match, how, lang) or t(f"scan.how.{how}", lang))
    if not words:
        words.append(t("scan.how.same", lang))
    if isinstance(match, Match) and match.via == "region":
        words.append(t("scan.row.region", lang))
    return ", ".join(words)


def _describe_video_word(match: Match | VideoMatch, how: str, lang: Lang) -> str | None:
    """The words of a video match that carry times; None for the plain words."""
    if not isinstance(match, VideoMatch):
        return None
    if how == "part" and match.original_span is not None:
        start, end = match.original_span
        return t(
            "video.how.part", lang, seconds=max(round(end - start), 1),
            start=clock(start), end=clock(end),
        )  # fmt: skip
    if how == "inside" and match.copy_span is not None:
        start, end = match.copy_span
        return t("video.how.inside", lang, start=clock(start), end=clock(end))
    if how in ("frame", "photo-in-video") and match.at is not None:
        return t(f"video.how.{how}", lang, at=clock(match.at))
    return None


# -- scanning files: photos and videos -----------------------------------------------
_WORKER: tuple[MatchIndex | None, VideoIndex | None] = (None, None)


def _init_worker(images: MatchIndex | None, videos: VideoIndex | None) -> None:
    global _WORKER
    _WORKER = (images, videos)


def scan_media_one(
    path: str, images: MatchIndex | None = None, videos: VideoIndex | None = None
) -> ScanResult:
    """Match one candidate file, photo or video, against photos and videos.

    Never raises for a bad file. Nothing is written anywhere.
    """
    if images is None and videos is None:
        images, videos = _WORKER
    try:
        if looks_like_video(Path(path)):
            return _scan_video(path, images, videos)
        if videos is None or len(videos) == 0:
            still = scan_one(path, images) if images is not None else ScanResult(path)
        else:
            still = _scan_image(path, images, videos)
        return _as_animation(path, still, images, videos) if is_animated_image(path) else still
    except LeakhelpError as exc:
        return ScanResult(path=path, error=str(exc))
    except Exception as exc:  # one strange file must never stop a batch
        return ScanResult(path=path, error=why("unexpected", detail=type(exc).__name__))


def _scan_image(path: str, images: MatchIndex | None, videos: VideoIndex) -> ScanResult:
    decoded = decode_image(path)
    size = {"width": decoded.width, "height": decoded.height}
    if videos.includes_photos:  # one index for the case's photos and the frames
        found, frame, quality = videos.matches_image_all(decoded.image, **size)
    else:
        found = images.matches_image(decoded.image, **size)[0] if images is not None else []
        frame, quality = videos.match_image(decoded.image, **size)
    photo = found[0] if found else None
    if frame is not None and better(photo, frame.as_match()) is not photo:
        return VideoScanResult(
            path, frame.as_match(), quality, quality < PDQ_MIN_QUALITY, also=tuple(found),
            kind="image", video=frame,
        )  # fmt: skip
    return ScanResult(path, photo, quality, quality < PDQ_MIN_QUALITY, also=tuple(found[1:]))


def match_video_source(
    source: str | os.PathLike[str] | bytes,
    images: MatchIndex | None,
    videos: VideoIndex | None,
    *,
    budget: float = DECODE_BUDGET,
    animations: bool = False,
) -> tuple[VideoMatch | None, VideoHashes]:
    """Hash a candidate video (a file, or bytes fetched from a web address) and
    match it: against the videos first, else for one of the photos shown in it.
    Raises ImageError for a video that cannot be read."""
    rates: tuple[float, ...] = (SAMPLE_SECONDS,)
    if animations and is_animated_image(source):
        # Video originals were sampled once a second, animations four times.
        rates = (SAMPLE_SECONDS, ANIMATION_SAMPLE_SECONDS)
    found: tuple[VideoMatch | None, VideoHashes] | None = None
    for every in rates:
        hashes = hash_video(source, budget=budget, animations=animations, every=every)
        best = videos.match_video(hashes) if videos is not None and len(videos) else None
        if best is None and images is not None and len(images):
            best = _photo_in_video(images, hashes)
        if found is None or _stronger(best, found[0]):
            found = (best, hashes)
    assert found is not None
    return found


def _stronger(a: VideoMatch | None, b: VideoMatch | None) -> bool:
    """Whether ``a`` is a better match than ``b`` (tier, then the distance)."""
    if a is None:
        return False
    if b is None:
        return True
    first = b.as_match()
    return better(first, a.as_match()) is not first


def _as_animation(
    path: str, still: ScanResult, images: MatchIndex | None, videos: VideoIndex | None
) -> ScanResult:
    """An animated GIF, APNG or WebP matched as the short video it is, when that
    matches better than its first frame did: a loop cut from one of the videos or
    animations, or one that shows one of the photos after its first frame."""
    if still.error is not None or (images is None and (videos is None or not len(videos))):
        return still
    try:
        moving = _scan_video(path, images, videos, animations=True, budget=ANIMATION_BUDGET)
    except LeakhelpError:
        return still  # the first frame was read; that result stands
    if moving.match is None or better(still.match, moving.match) is still.match:
        return still
    return moving


def _scan_video(
    path: str,
    images: MatchIndex | None,
    videos: VideoIndex | None,
    *,
    animations: bool = False,
    budget: float = DECODE_BUDGET,
) -> ScanResult:
    best, hashes = match_video_source(path, images, videos, animations=animations, budget=budget)
    fp = hashes.fingerprint
    qualities = [s.quality for s in hashes.samples]
    quality = max(qualities) if qualities else 0
    return VideoScanResult(
        path,
        best.as_match() if best is not None else None,
        quality,
        quality < PDQ_MIN_QUALITY,
        kind="video",
        video=best,
        frames=len(fp.frames),
        duration=fp.duration,
        decoded=fp.decoded,
    )


def _photo_in_video(images: MatchIndex, hashes: VideoHashes) -> VideoMatch | None:
    """One of the case's photos shown in a candidate video (a slideshow), with its time."""
    best: tuple[Match, float] | None = None
    for sample in hashes.samples:
        for hashes_of_view in {sample.content, sample.full}:
            fp = Fingerprint(hashes_of_view[0], sample.quality, sample.phash, sample.dhash, 0, 0)
            found = images.match_fingerprint(fp)
            if found is not None and (best is None or better(best[0], found) is found):
                best = (found, sample.start)
    if best is None:
        return None
    match, at = best
    return VideoMatch(
        match.tier, match.ref, match.index, match.distance, match.variant,
        _unique(("photo-in-video", *match.how)), at=at,
    )  # fmt: skip


def scan_media(
    paths: Iterable[str | os.PathLike[str]],
    images: MatchIndex | None,
    videos: VideoIndex | None,
    *,
    workers: int | None = None,
    progress: Progress | None = None,
    timeout: float | None = VIDEO_ITEM_TIMEOUT,
) -> Iterable[ScanResult]:
    """Like :func:`leakhelp.matching.scan_files`, for photos and videos together.

    One result per file, in order; errors are results. A video result is a
    :class:`VideoScanResult`. Each worker process gets a copy of both indexes.
    ``timeout`` bounds one file (leakhelp.workers); give the photos' shorter
    one when no candidate is a video.
    """
    return map_files(
        [os.fspath(p) for p in paths],
        partial(scan_media_one, images=images, videos=videos),
        failed=_failed,
        workers=workers,
        progress=progress,
        description="scanning",
        pool_work=scan_media_one,
        initializer=_init_worker,
        initargs=(images, videos),
        timeout=timeout,
    )


def _failed(path: str, message: str) -> ScanResult:
    return ScanResult(path=path, error=message)
