"""Make small test videos from the sample photos with PyAV, during the run.

Nothing is kept in the repository: every video is written into a folder the
caller gives (a ``tmp_path``). A "slideshow" pans and zooms slowly across a
few photos, so consecutive seconds differ the way a phone video does; the
copies are made from it the way videos are re-shared: re-encoded at another
bitrate and size, trimmed, mirrored, letterboxed, or grabbed as one frame.

    from videogen import slideshow, reencode
    original = slideshow(tmp_path / "a.mp4", photos, seconds=8)
    copy = reencode(original, tmp_path / "b.webm", scale=0.5, mirror=True)
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

import av
import numpy as np
from PIL import Image, ImageOps

#: Frames per second of the generated videos (low keeps the tests fast).
FPS = 10
#: Size of the generated originals (small keeps the tests fast).
SIZE = (320, 240)


def _codec_for(path: Path) -> tuple[str, str]:
    suffix = path.suffix.lower()
    if suffix == ".webm":
        return "libvpx", "yuv420p"
    if suffix == ".avi":
        return "mpeg4", "yuv420p"
    if suffix == ".mpg":
        return "mpeg2video", "yuv420p"
    if suffix == ".wmv":
        return "wmv2", "yuv420p"
    return "libx264", "yuv420p"


def write_video(
    path: Path, frames: Iterator[Image.Image], *, fps: int = FPS, bitrate: int | None = None
) -> Path:
    """Encode RGB frames (all the same size, even sides) into ``path``."""
    codec, pix_fmt = _codec_for(path)
    with av.open(str(path), mode="w") as out:
        stream = out.add_stream(codec, rate=fps)
        first = True
        for image in frames:
            if first:
                stream.width, stream.height = image.size
                stream.pix_fmt = pix_fmt
                if bitrate:
                    stream.bit_rate = bitrate
                if codec == "libx264":
                    stream.options = {"preset": "ultrafast"}
                first = False
            frame = av.VideoFrame.from_image(image)
            for packet in stream.encode(frame):
                out.mux(packet)
        for packet in stream.encode():
            out.mux(packet)
    return path


#: Share of each photo's time the camera holds still before it pans: real
#: videos have still stretches, which the fingerprint keeps as one hash.
HOLD = 0.4


def _pan(photo: Image.Image, count: int, size: tuple[int, int]) -> Iterator[Image.Image]:
    """``count`` frames over ``photo``: a still moment, then a slow pan."""
    base = ImageOps.fit(photo.convert("RGB"), (size[0] * 5 // 4, size[1] * 5 // 4))
    held = int(count * HOLD)
    for i in range(count):
        step = max(i - held, 0) / max(count - held - 1, 1)
        left = int(step * (base.width - size[0]))
        top = int(step * (base.height - size[1]) / 2)
        yield base.crop((left, top, left + size[0], top + size[1]))


def slideshow(
    path: Path,
    photos: Sequence[Path],
    *,
    seconds_each: float = 3.0,
    size: tuple[int, int] = SIZE,
    fps: int = FPS,
) -> Path:
    """A video that pans over each photo for ``seconds_each`` seconds."""

    def frames() -> Iterator[Image.Image]:
        for photo in photos:
            with Image.open(photo) as im:
                yield from _pan(im, int(seconds_each * fps), size)

    return write_video(path, frames(), fps=fps)


def still_video(path: Path, photo: Path, *, seconds: float = 2.0) -> Path:
    """A video that shows one photo, unmoving (a photo posted as a video)."""
    with Image.open(photo) as im:
        height = max(2, round(im.height * SIZE[0] / im.width / 2) * 2)
        frame = im.convert("RGB").resize((SIZE[0], height), Image.Resampling.LANCZOS)
    return write_video(path, iter([frame] * int(seconds * FPS)))


def decoded_frames(path: Path) -> Iterator[tuple[float, Image.Image]]:
    with av.open(str(path)) as src:
        for frame in src.decode(video=0):
            yield float(frame.time or 0.0), frame.to_image()


def reencode(
    src: Path,
    dst: Path,
    *,
    scale: float = 1.0,
    mirror: bool = False,
    letterbox: bool = False,
    start: float = 0.0,
    end: float | None = None,
    bitrate: int | None = None,
    fps: int = FPS,
) -> Path:
    """A copy of ``src`` as a re-uploader would make it."""

    def frames() -> Iterator[Image.Image]:
        for at, image in decoded_frames(src):
            if at < start - 1e-6 or (end is not None and at >= end):
                continue
            if mirror:
                image = ImageOps.mirror(image)
            if scale != 1.0:
                w = max(2, int(image.width * scale) // 2 * 2)
                h = max(2, int(image.height * scale) // 2 * 2)
                image = image.resize((w, h), Image.Resampling.BILINEAR)
            if letterbox:  # bars above and below, as a portrait player shows a wide video
                canvas = Image.new("RGB", (image.width, image.height * 2), (0, 0, 0))
                canvas.paste(image, (0, image.height // 2))
                image = canvas
            yield image

    return write_video(dst, frames(), fps=fps, bitrate=bitrate)


def frame_grab(src: Path, dst: Path, at: float) -> Path:
    """The frame shown at ``at`` seconds, saved as a JPEG (a screenshot of the video)."""
    for t, image in decoded_frames(src):
        if t >= at - 1e-6:
            image.save(dst, "JPEG", quality=85)
            return dst
    raise ValueError("the video is shorter than that")


def animated_gif(src: Path, dst: Path, *, start: float, end: float, fps: int = 5) -> Path:
    """A GIF loop of ``start``-``end`` seconds of ``src`` (how clips are often shared)."""
    frames = [im for at, im in decoded_frames(src) if start - 1e-6 <= at < end]
    step = max(1, round(FPS / fps))
    kept = frames[::step]
    kept[0].save(dst, "GIF", save_all=True, append_images=kept[1:], duration=1000 // fps, loop=0)
    return dst


def noise_video(path: Path, *, seconds: float = 4.0, seed: int = 7) -> Path:
    """An unrelated video: moving random blobs (a negative)."""
    rng = np.random.default_rng(seed)
    blobs = rng.integers(0, 255, size=(24, 32, 3), dtype=np.uint8)

    def frames() -> Iterator[Image.Image]:
        for i in range(int(seconds * FPS)):
            shifted = np.roll(blobs, i, axis=1)
            yield Image.fromarray(shifted).resize(SIZE, Image.Resampling.BICUBIC)

    return write_video(path, frames())


def truncated_copy(src: Path, dst: Path, keep: float) -> Path:
    """The first ``keep`` fraction of the file's bytes (a cut-off download)."""
    data = src.read_bytes()
    dst.write_bytes(data[: int(len(data) * keep)])
    return dst


__all__ = [
    "FPS",
    "SIZE",
    "animated_gif",
    "decoded_frames",
    "frame_grab",
    "noise_video",
    "reencode",
    "slideshow",
    "still_video",
    "truncated_copy",
    "write_video",
]
