"""Videos → :class:`~leakhelp.models.VideoFingerprint` (file digests + vPDQ-style frame hashes).

Following Meta's vPDQ: one frame a second is hashed with PDQ, and each hash
keeps its quality and its time. Where leakhelp differs (docs/video.md):

* consecutive samples within :data:`MERGE_DISTANCE` bits of the first of
  their run are kept as one stretch with a start and an end, so a still shot
  of a minute is one hash, not sixty (vPDQ keeps every sample and dedupes
  identical hashes only when matching);
* the hash is of the picture inside uniform borders (letterbox bars), so a
  letterboxed copy and its original hash alike; the same trimming as for
  photos (:func:`leakhelp.regions.trim_box`);
* phash and dhash are kept per stretch, so a screenshot of a video can be
  matched by the photo rules (they only ever corroborate);
* MD5 and SHA-256 of the whole file are kept too, for exact re-uploads: that
  is what StopNCII shares for videos.

Pixels live only in memory, one frame at a time.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
from PIL import Image

from .errors import LeakhelpError
from .fingerprint import _hash_one as hash_image_one
from .fingerprint import dhash64, hamming, pdq_of_pixels, phash64
from .i18n import why
from .models import HashResult, VideoFingerprint, VideoFrame
from .regions import trim_box
from .videodecode import (
    ANIMATION_BUDGET,
    ANIMATION_SAMPLE_SECONDS,
    DECODE_BUDGET,
    SAMPLE_SECONDS,
    is_animated_image,
    looks_like_video,
    media_reader,
)

#: Meta's vPDQ frame match distance (VPDQ_DISTANCE_THRESHOLD = 31 in
#: python-threatexchange), the same as PDQ's for photos.
VPDQ_DISTANCE = 31

#: vPDQ ignores frames whose PDQ quality is below this (VPDQ_QUALITY_THRESHOLD).
VPDQ_MIN_QUALITY = 50

#: Samples this close to the first of their run are one stretch. A stretch's
#: hash stands in for samples up to this far from it, and a copy's frame may
#: then be this much further from it on top of its own re-encoding noise;
#: half of vPDQ's 31 keeps that sum well inside the margin to unrelated
#: frames (96 bits). On benchmarks/video_match.py's set, 8, 16 and 31 kept
#: the same 30 hashes (36 unmerged) with the same recall (docs/benchmarks.md).
MERGE_DISTANCE = 16

_READ_CHUNK = 1 << 20


@dataclass(frozen=True, slots=True)
class FrameSample:
    """The hashes of one stretch of a candidate video (matching needs more than is stored).

    ``content`` are the eight PDQ dihedral variants of the picture inside its
    uniform borders, ``full`` of the whole frame (the same when there are no
    borders): a mirrored or letterboxed copy is found through them.
    """

    start: float
    end: float
    quality: int
    content: tuple[str, ...]
    full: tuple[str, ...]
    phash: str
    dhash: str

    @property
    def seconds(self) -> float:
        return max(self.end - self.start, 0.0)

    def frame(self) -> VideoFrame:
        return VideoFrame(
            pdq=self.content[0],
            quality=self.quality,
            start=self.start,
            end=self.end,
            phash=self.phash,
            dhash=self.dhash,
        )


@dataclass(frozen=True, slots=True)
class VideoHashes:
    """A video's fingerprint plus, per stretch, the variants a candidate is matched with."""

    fingerprint: VideoFingerprint
    samples: tuple[FrameSample, ...]


def _sample(at: float, image: Image.Image) -> FrameSample:
    full = pdq_of_pixels(np.asarray(image))
    box = trim_box(image)
    content_image = image.crop(box) if box is not None else image
    content = pdq_of_pixels(np.asarray(content_image)) if box is not None else full
    grey = content_image.convert("L")
    return FrameSample(at, at, content[1], content[2], full[2], phash64(grey), dhash64(grey))


def merge_samples(
    samples: Iterable[FrameSample], duration: float, *, distance: int = MERGE_DISTANCE
) -> tuple[FrameSample, ...]:
    """Runs of near-identical samples as one stretch each, ends filled in.

    A sample joins the current run when its hash is within ``distance`` bits
    of the run's first (not of the previous sample, so a slow pan cannot
    drift a run arbitrarily far). Each stretch ends where the next begins;
    the last at ``duration``.
    """
    runs: list[FrameSample] = []
    for sample in samples:
        if runs and hamming(runs[-1].content[0], sample.content[0]) <= distance:
            continue
        runs.append(sample)
    ends = [r.start for r in runs[1:]] + [max(duration, runs[-1].start) if runs else duration]
    return tuple(
        FrameSample(r.start, end, r.quality, r.content, r.full, r.phash, r.dhash)
        for r, end in zip(runs, ends, strict=True)
    )


def file_digests(source: str | os.PathLike[str] | bytes) -> tuple[str, str]:
    """MD5 and SHA-256 (hex) of a file's bytes, read in chunks."""
    md5 = hashlib.md5(usedforsecurity=False)
    sha = hashlib.sha256()
    if isinstance(source, bytes):
        md5.update(source)
        sha.update(source)
    else:
        with Path(source).open("rb") as fh:
            while chunk := fh.read(_READ_CHUNK):
                md5.update(chunk)
                sha.update(chunk)
    return md5.hexdigest(), sha.hexdigest()


def hash_video(
    source: str | os.PathLike[str] | bytes,
    *,
    label: str | None = None,
    every: float = SAMPLE_SECONDS,
    merge_distance: int = MERGE_DISTANCE,
    budget: float = DECODE_BUDGET,
    animations: bool = False,
) -> VideoHashes:
    """Decode one video (file or bytes) and hash it, in at most ``budget`` seconds.

    Raises :class:`~leakhelp.errors.ImageError` with a one-line reason when
    it cannot be used. Each frame is dropped as soon as it is hashed. With
    ``animations``, an animated GIF, APNG or WebP is read as a video too.
    """
    with media_reader(source, budget=budget, animations=animations) as reader:
        raw = [_sample(f.time, f.image) for f in reader.frames(every)]
        width, height, duration, decoded = (
            reader.width,
            reader.height,
            reader.duration,
            reader.decoded,
        )
    try:
        md5, sha256 = file_digests(source)
    except OSError as exc:
        raise LeakhelpError(
            why("unreadable", detail=exc.strerror or "input/output error")
        ) from None
    samples = merge_samples(raw, duration, distance=merge_distance)
    fingerprint = VideoFingerprint(
        md5=md5,
        sha256=sha256,
        duration=duration,
        width=width,
        height=height,
        frames=tuple(s.frame() for s in samples),
        label=label,
        decoded=decoded,
    )
    return VideoHashes(fingerprint, samples)


def fingerprint_video(
    source: str | os.PathLike[str] | bytes, *, label: str | None = None
) -> VideoFingerprint:
    """The fingerprint of one video (what a case keeps and an export carries)."""
    return hash_video(source, label=label).fingerprint


def hash_media_one(path: str, regions: bool = False) -> HashResult:
    """Fingerprint one file, photo or video (the per-file work of ``leakhelp hash``).

    Never raises for a bad file: the reason is in the result.
    """
    if not looks_like_video(Path(path)):
        still = hash_image_one(path, regions)
        if still.fingerprint is None or not is_animated_image(path):
            return still
        return _with_animation(still)
    try:
        return HashResult(path=path, video=fingerprint_video(path))
    except LeakhelpError as exc:
        return HashResult(path=path, error=str(exc))
    except Exception as exc:  # one strange file must never stop a batch
        return HashResult(path=path, error=why("unexpected", detail=type(exc).__name__))


def _with_animation(still: HashResult) -> HashResult:
    """An animated GIF, APNG or WebP: its first frame as a photo (as ever: crops,
    screenshots of it) and its frames over time as a short video (a clip cut
    from it, the same loop re-made as an MP4). docs/video.md, "Animated images".
    When the frames cannot be read, the first frame still stands."""
    try:
        moving = hash_video(
            still.path, animations=True, every=ANIMATION_SAMPLE_SECONDS, budget=ANIMATION_BUDGET
        ).fingerprint
    except LeakhelpError:
        return still
    except Exception:  # one strange file must never stop a batch
        return still
    return replace(still, video=moving)
