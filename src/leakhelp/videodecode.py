"""Safe video decoding: a video file (or bytes) → a few frames a second can hash.

The video twin of :mod:`leakhelp.imaging`. What it guarantees, whatever the file:

* only the container formats people keep videos in are opened
  (:data:`CONTAINERS`: MP4/MOV/3GP, Matroska/WebM, AVI, FLV, MPEG-TS and
  program streams, WMV, Ogg), chosen
  from the file's first bytes, never by FFmpeg's own guessing: a playlist
  (HLS, concat) that would make FFmpeg open other files or web addresses is
  never read;
* the file is handed to FFmpeg as an open file, not as a name, so no name is
  ever read as a protocol (``concat:``, ``http:``);
* a picture larger than :data:`MAX_VIDEO_PIXELS` is refused before decoding;
* at most :data:`MAX_SECONDS` of video and :data:`MAX_DECODED_FRAMES` frames
  are decoded, within :data:`DECODE_BUDGET` seconds of work;
* one frame per :data:`SAMPLE_SECONDS` is kept (as Meta's vPDQ samples),
  scaled to a short side of at most 512 pixels, with the rotation a phone
  recorded applied, and dropped as soon as it is hashed;
* every failure is an :class:`~leakhelp.errors.ImageError` with a one-line
  reason that names no path.

Nothing here writes a file. docs/video.md explains the choices.
"""

from __future__ import annotations

import math
import os
import stat
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Self

from PIL import Image

from .errors import ImageError, ImageTooLargeError, NotAnImageError
from .i18n import why
from .imaging import MAX_PIXELS, MIN_DECODE_SIDE, open_source

#: vPDQ's sampling rate: one frame a second (Meta's vpdq README and its
#: default ``secondsPerHash`` of 1).
SAMPLE_SECONDS = 1.0

#: Largest picture decoded: 8K UHD (7680 x 4320 = 33 MP) and a little more.
#: FFmpeg allocates every frame at this size, so a stream that claims more
#: is refused before the first frame.
MAX_VIDEO_PIXELS = 40_000_000

#: Longest stretch of a video that is fingerprinted: the first two hours.
#: Beyond it the fingerprint covers those two hours (7200 frame hashes at
#: most), which is enough to recognise any copy that includes them.
MAX_SECONDS = 2 * 3600.0

#: Most frames decoded from one file: two hours at 60 frames a second. A
#: hostile file can claim a tiny frame rate and hold millions of frames.
MAX_DECODED_FRAMES = 2 * 3600 * 60

#: Seconds of decoding one file may take in this process before it is stopped
#: (a worker process is also stopped from outside, see VIDEO_ITEM_TIMEOUT).
#: A 1080p phone video decodes at a few hundred frames a second per core, so
#: ten minutes covers hours of ordinary video.
DECODE_BUDGET = 600.0

#: How long a worker process may take over one video before it is killed
#: (leakhelp.workers): a little more than the budget above, so an ordinary
#: slow file stops itself with a clear reason first.
VIDEO_ITEM_TIMEOUT = DECODE_BUDGET + 60.0

#: FFmpeg demuxer per container family, recognised from the first bytes.
CONTAINERS: dict[str, str] = {
    "mp4": "mov",  # MP4, MOV, 3GP, M4V: FFmpeg's one ISO base media demuxer
    "matroska": "matroska",  # MKV and WebM
    "avi": "avi",
    "flv": "flv",
    "mpegts": "mpegts",
    "mpeg": "mpeg",  # MPEG program streams (.mpg, DVD .vob)
    "asf": "asf",  # WMV
    "ogg": "ogg",  # Ogg Theora
}

#: File name endings we treat as videos when walking a folder.
VIDEO_SUFFIXES = frozenset(
    {
        ".mp4", ".m4v", ".mov", ".qt", ".3gp", ".3g2", ".mkv", ".webm", ".avi",
        ".flv", ".ts", ".mts", ".m2ts", ".mpg", ".mpeg", ".vob", ".wmv", ".asf", ".ogv",
    }
)  # fmt: skip

#: ISO base media boxes a file may start with (after the 4-byte size).
_ISO_BOXES = (b"ftyp", b"moov", b"mdat", b"free", b"wide", b"skip", b"pnot")
#: ftyp brands that are still images (HEIC/AVIF), which imaging reads.
_IMAGE_BRANDS = (
    b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"hevm", b"hevs",
    b"mif1", b"msf1", b"avif", b"avis",
)  # fmt: skip
_TS_PACKET = 188
#: The ASF header object's GUID, the first bytes of every WMV file.
_ASF_GUID = bytes.fromhex("3026b2758e66cf11a6d900aa0062ce6c")


def container_of(head: bytes) -> str | None:
    """The container family of a video file from its first bytes (at least 380), or None.

    Animated images (GIF, APNG, WebP) are not containers: :class:`AnimationReader`
    reads them with Pillow.
    """
    if head[4:8] in _ISO_BOXES:
        return None if head[4:8] == b"ftyp" and head[8:12] in _IMAGE_BRANDS else "mp4"
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return "matroska"
    if head[:4] == b"RIFF" and head[8:12] == b"AVI ":
        return "avi"
    if head.startswith(b"FLV\x01"):
        return "flv"
    if head.startswith(b"\x00\x00\x01\xba"):
        return "mpeg"
    if head.startswith(_ASF_GUID):
        return "asf"
    if head.startswith(b"OggS"):
        return "ogg"
    if len(head) > 2 * _TS_PACKET and head[0] == head[_TS_PACKET] == head[2 * _TS_PACKET] == 0x47:
        return "mpegts"
    return None


def _head(path: Path) -> bytes:
    """The first bytes of a plain file; nothing for a pipe, a device or a folder.

    Opened without blocking: opening a FIFO for reading would otherwise wait
    for a writer forever, before the decoders could refuse it.
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return b""
    with os.fdopen(fd, "rb") as fh:
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                return b""
            return fh.read(2 * _TS_PACKET + 4)
        except OSError:
            return b""


#: Sound files share containers with videos (M4A is MP4, WMA is ASF, most Ogg
#: is sound): a folder's voice memos and songs are skipped, not reported as
#: "a file without a picture".
AUDIO_SUFFIXES = frozenset(
    {".m4a", ".m4b", ".m4p", ".aac", ".mp3", ".ogg", ".oga", ".opus", ".wma", ".flac", ".wav"}
)
#: Container families that are videos more often than not, when a file's
#: name does not say (WMV and Ogg files are recognised by their ending only).
_SNIFFED = frozenset({"mp4", "matroska", "avi", "flv", "mpegts", "mpeg"})
_AUDIO_BRANDS = (b"M4A ", b"M4B ", b"M4P ", b"F4A ", b"F4B ")


def looks_like_video(path: Path) -> bool:
    """Cheap test used when walking folders: a video ending or a video container's bytes."""
    suffix = path.suffix.lower()
    if suffix in VIDEO_SUFFIXES:
        return True
    if suffix in AUDIO_SUFFIXES:
        return False
    head = _head(path)
    if head[4:8] == b"ftyp" and head[8:12] in _AUDIO_BRANDS:
        return False
    return container_of(head) in _SNIFFED


def animation_format(head: bytes) -> str | None:
    """ "GIF", "PNG" or "WEBP" when the first bytes are one of the formats that
    may hold an animation (GIF, APNG, WebP); None otherwise."""
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "GIF"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WEBP"
    return None


def is_animated_image(source: str | os.PathLike[str] | bytes) -> bool:
    """An animated GIF, APNG or WebP: more than one frame (Pillow reads only up to
    the second frame's start to tell)."""
    head = source[:16] if isinstance(source, bytes) else _head(Path(source))
    kind = animation_format(head)
    if kind is None:
        return False
    try:
        with open_source(source) as fh, Image.open(fh, formats=[kind]) as im:
            return bool(getattr(im, "is_animated", False))
    except Exception:  # a broken file is the photo decoder's to report
        return False


def is_video_bytes(data: bytes) -> bool:
    """True when in-memory bytes start like a video container we read."""
    return container_of(data[: 2 * _TS_PACKET + 4]) is not None


@dataclass(frozen=True, slots=True)
class SampledFrame:
    """One frame kept for hashing: its time (seconds from the start) and its pixels."""

    time: float
    image: Image.Image


class _FrameReader:
    """What both readers share: a source opened in a ``with`` block, whatever
    was opened closed again (also when opening fails half-way), and the
    figures that describe it after its frames."""

    def __init__(
        self, source: str | os.PathLike[str] | bytes, *, budget: float = DECODE_BUDGET
    ) -> None:
        self._source = source
        self._budget = budget
        self._fh: IO[bytes] | None = None
        self._decoder: Any = None  # the PyAV container, or the Pillow image
        self.width = 0
        self.height = 0
        self.duration = 0.0
        self.decoded = 0

    def __enter__(self) -> Self:
        try:
            self._open()
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._decoder is not None:
            self._decoder.close()
            self._decoder = None
        if self._fh is not None:
            self._fh.close()
            self._fh = None

    def _open(self) -> None:
        raise NotImplementedError


class VideoReader(_FrameReader):
    """Decode one video safely and yield one reduced RGB frame per sample interval.

    Use as ``with VideoReader(source) as reader: for frame in reader.frames(): ...``.
    After the frames, ``width``/``height`` (as shown), ``duration`` (seconds)
    and ``decoded`` (frames decoded) describe the video.
    """

    _stream: Any = None

    def _open(self) -> None:
        import av  # ~0.6 s of import time (measured here), paid only when a video is read

        self._fh = open_source(self._source)
        head = self._fh.read(2 * _TS_PACKET + 4)
        self._fh.seek(0)
        family = container_of(head)
        if family is None:
            raise NotAnImageError(why("not-video"))
        try:
            self._decoder = av.open(
                self._fh, mode="r", format=CONTAINERS[family], metadata_errors="ignore"
            )
        except av.error.FFmpegError:
            # The first bytes were a video container's: what FFmpeg cannot
            # open after them is damaged, or cut off before its index (an MP4
            # keeps its index at the end unless made for streaming).
            raise ImageError(why("video-truncated")) from None
        streams = self._decoder.streams.video
        if not streams:
            raise NotAnImageError(why("no-video-stream"))
        stream = streams[0]
        width, height = int(stream.codec_context.width), int(stream.codec_context.height)
        if width * height > MAX_VIDEO_PIXELS:
            raise ImageTooLargeError(why("video-too-large", megapixels=MAX_VIDEO_PIXELS // 10**6))
        # Frame threads of one decoder: a single video uses every core; in a
        # pool of workers the extra threads mostly wait.
        stream.thread_type = "AUTO"
        self._stream = stream
        self.width, self.height = width, height
        if self._decoder.duration:
            self.duration = min(float(self._decoder.duration) / 1_000_000, MAX_SECONDS)

    def frames(self, every: float = SAMPLE_SECONDS) -> Iterator[SampledFrame]:
        """One frame per ``every`` seconds: the first decoded at or after each mark."""
        import av

        deadline = time.monotonic() + self._budget
        start: float | None = None
        next_mark = 0.0
        last = 0.0
        try:
            for frame in self._decoder.decode(self._stream):
                self.decoded += 1
                if self.decoded > MAX_DECODED_FRAMES:
                    break
                if time.monotonic() > deadline:
                    raise ImageError(why("too-slow", seconds=f"{self._budget:g}"))
                stamp = frame.time
                if stamp is None or not math.isfinite(stamp):
                    stamp = (self.decoded - 1) / 30.0  # no timestamps: assume 30 frames/s
                if start is None:
                    start = stamp
                at = stamp - start
                if at > MAX_SECONDS:
                    break
                last = max(last, at)
                if at + 1e-6 < next_mark:
                    continue
                if frame.width * frame.height > MAX_VIDEO_PIXELS:
                    raise ImageTooLargeError(
                        why("video-too-large", megapixels=MAX_VIDEO_PIXELS // 10**6)
                    )
                shown = _upright(_reduced(frame), frame.rotation)
                turned = round((frame.rotation or 0) / 90) % 2 == 1
                self.width, self.height = (
                    (frame.height, frame.width) if turned else (frame.width, frame.height)
                )
                yield SampledFrame(at, shown)
                next_mark = (math.floor(at / every + 1e-6) + 1) * every
        except av.error.FFmpegError as exc:
            if self.decoded <= 1:
                raise ImageError(_av_reason(exc)) from None
            # Damage after the start: keep what decoded cleanly (a cut-off
            # download still shows its first part), as a browser would.
        except MemoryError:
            raise ImageTooLargeError(why("no-memory")) from None
        if self.decoded == 0:
            raise ImageError(why("no-frames"))
        self.duration = max(self.duration, min(last + every, MAX_SECONDS))


#: Most frames read from one animated image. GIF loops shared online hold
#: tens to a few hundred frames; a hostile file can hold millions of tiny ones.
MAX_ANIMATION_FRAMES = 10_000

#: An animation kept as an original is sampled four times a second, not once as
#: videos are: loops are short, and at one sample a second a loop re-made from
#: its second half matched only as "possible" where four a second made it
#: "strong" (benchmarks/animations.py, docs/video.md). A candidate animation is
#: read at both rates, to meet video originals (once a second) and animations.
ANIMATION_SAMPLE_SECONDS = 0.25

#: Longest stretch of an animation that is read: 150 s at four samples a
#: second is 600 frame hashes at most, as many as ten minutes of video.
MAX_ANIMATION_SECONDS = 150.0

#: Seconds one reading of an animation's frames may take. An animated image is
#: hashed in a photo's worker, which is stopped after workers.ITEM_TIMEOUT
#: (60 s); a candidate is read twice (both sampling rates). When the time runs
#: out, the first frame's result stands.
ANIMATION_BUDGET = 20.0

#: Browsers show a GIF frame delay of 10 ms or less as 100 ms (Chrome, Firefox,
#: Safari); an animation's time line follows what a person sees.
SHORT_DELAY_MS = 10
SHOWN_DELAY_MS = 100


class AnimationReader(_FrameReader):
    """Read an animated GIF, APNG or WebP as the short video it is, with Pillow.

    The same interface as :class:`VideoReader`: ``frames(every)`` yields one
    reduced RGB frame per sample interval, by the frames' own delays; after it,
    ``width``, ``height``, ``duration`` and ``decoded`` describe it. FFmpeg's
    GIF demuxer was slower (63 ms against 53 ms for one loop's frames in
    benchmarks/animations.py) and FFmpeg cannot decode animated WebP at all.
    Pillow's own limits hold (MAX_PIXELS per frame); at most
    :data:`MAX_ANIMATION_FRAMES` frames and :data:`MAX_ANIMATION_SECONDS` are
    read, within the budget.
    """

    def _open(self) -> None:
        try:
            self._fh = open_source(self._source)
            kind = animation_format(self._fh.read(16))
            self._fh.seek(0)
            if kind is None:
                raise NotAnImageError(why("not-video"))
            self._decoder = Image.open(self._fh, formats=[kind])
            self.width, self.height = self._decoder.size
        except ImageError:
            raise
        except Image.DecompressionBombError:
            raise ImageTooLargeError(why("too-large", megapixels=MAX_PIXELS // 10**6)) from None
        except Exception:
            raise NotAnImageError(why("not-video")) from None

    def frames(self, every: float = ANIMATION_SAMPLE_SECONDS) -> Iterator[SampledFrame]:
        """One frame per ``every`` seconds of the animation's own time line."""
        image: Image.Image | None = self._decoder
        assert image is not None, "use AnimationReader in a with block"
        deadline = time.monotonic() + self._budget
        at = 0.0
        next_mark = 0.0
        # Not n_frames: Pillow counts a GIF's frames by reading all of them.
        for index in range(MAX_ANIMATION_FRAMES):
            if time.monotonic() > deadline:
                raise ImageError(why("too-slow", seconds=f"{self._budget:g}"))
            try:
                image.seek(index)
                image.load()
            except EOFError:
                break  # the last frame was read
            except MemoryError:
                raise ImageTooLargeError(why("no-memory")) from None
            except Exception:
                if self.decoded == 0:
                    raise ImageError(why("truncated")) from None
                break  # damage after the start: keep what was shown before it
            self.decoded += 1
            delay = _delay_ms(image.info.get("duration"))
            if at + 1e-6 >= next_mark:
                yield SampledFrame(at, _reduced_still(image.convert("RGB")))
                next_mark = (math.floor(at / every + 1e-6) + 1) * every
            at += delay / 1000
            if at > MAX_ANIMATION_SECONDS:
                break
        if self.decoded == 0:
            raise ImageError(why("no-frames"))
        self.duration = min(max(at, every), MAX_ANIMATION_SECONDS)


def _delay_ms(value: object) -> float:
    """A frame's delay as browsers show it, in milliseconds."""
    delay = float(value) if isinstance(value, int | float) and math.isfinite(value) else 0.0
    return SHOWN_DELAY_MS if delay <= SHORT_DELAY_MS else delay


def _reduced_still(image: Image.Image) -> Image.Image:
    """An animation's frame at a short side of at most MIN_DECODE_SIDE (area average),
    as video frames are reduced (:func:`_reduced`)."""
    short = min(image.size)
    if short <= MIN_DECODE_SIDE:
        return image
    size = (
        max(2, round(image.width * MIN_DECODE_SIDE / short)),
        max(2, round(image.height * MIN_DECODE_SIDE / short)),
    )
    return image.resize(size, Image.Resampling.BOX)


def media_reader(
    source: str | os.PathLike[str] | bytes, *, budget: float = DECODE_BUDGET, animations: bool
) -> VideoReader | AnimationReader:
    """The reader for a file: a video container, or (with ``animations``) an
    animated GIF, APNG or WebP."""
    if animations and is_animated_image(source):
        return AnimationReader(source, budget=budget)
    return VideoReader(source, budget=budget)


def _reduced(frame: Any) -> Image.Image:
    """The frame as RGB, scaled in FFmpeg (area average) to a short side of at most
    MIN_DECODE_SIDE.

    PDQ's cost grows with the pixels: on a 720p frame it took 28 ms at full
    size and 13 ms at 512 px (benchmarks/video_match.py, docs/benchmarks.md).
    Scaling moved PDQ by 2-10 bits on those frames; every
    video frame, original or copy, is scaled the same way, so copies of
    different sizes come out closer, not further apart.
    """
    short = min(frame.width, frame.height)
    if short <= MIN_DECODE_SIDE:
        whole: Image.Image = frame.to_image()
        return whole
    width = max(2, round(frame.width * MIN_DECODE_SIDE / short))
    height = max(2, round(frame.height * MIN_DECODE_SIDE / short))
    scaled = frame.reformat(width=width, height=height, format="rgb24", interpolation="AREA")
    image: Image.Image = scaled.to_image()
    return image


def _upright(image: Image.Image, rotation: int | float | None) -> Image.Image:
    """Turn a frame the way a player shows it (the display matrix phones write).

    ``rotation`` is FFmpeg's display-matrix angle (anticlockwise degrees); a
    player turns the picture by its negative, as ``ffmpeg`` itself does.
    """
    turn = round(-(rotation or 0) / 90) % 4
    if turn == 1:
        return image.transpose(Image.Transpose.ROTATE_270)  # a quarter turn clockwise
    if turn == 2:
        return image.transpose(Image.Transpose.ROTATE_180)
    if turn == 3:
        return image.transpose(Image.Transpose.ROTATE_90)
    return image


def _av_reason(exc: BaseException) -> str:
    text = (getattr(exc, "strerror", None) or type(exc).__name__).splitlines()[0].strip()
    lowered = text.lower()
    if "end of file" in lowered or "moov atom not found" in lowered or "truncat" in lowered:
        return why("video-truncated")
    return why("video-undecodable", detail=text[:120])
