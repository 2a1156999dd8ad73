"""Safe decoding: any image file (or bytes) → an RGB Pillow image, or one clear error.

What this module guarantees, whatever the file:

* the EXIF orientation is applied, so a photo is hashed the way people see it
  (without it the same photo was 122–134 PDQ bits away from itself);
* only the first frame of an animation or multi-page file is used;
* CMYK, 16-bit, float, palette, alpha and other modes are converted to 8-bit
  RGB deliberately (see :func:`to_rgb`);
* large JPEGs are decoded at a reduced scale (``draft``), never below
  :data:`MIN_DECODE_SIDE`, and other large images are box-reduced to the same
  size, because hashing only needs a few hundred pixels and decoding dominates;
* an image with more than :data:`MAX_PIXELS` pixels is refused before any
  pixel is decoded (a "pixel bomb": a tiny file that expands to gigabytes);
* every failure is an :class:`~leakhelp.errors.ImageError` with a one-line reason.

The decoded pixels live only in memory; nothing here writes a file.
"""

from __future__ import annotations

import io
import os
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import numpy as np
import pillow_heif
from PIL import Image, ImageOps, UnidentifiedImageError

from .errors import ImageError, ImageTooLargeError, NotAnImageError

pillow_heif.register_heif_opener()

#: Largest image we decode, in pixels. 200 MP is above the largest phone
#: sensors (a 200 MP photo is 16320 x 12240 = 199.8 MP) and keeps the worst
#: case for a non-JPEG at ~800 MB of RGBA, which a small laptop survives.
MAX_PIXELS = 200_000_000

#: Decode (JPEG draft) or reduce no further than this many pixels on the short
#: side. PDQ works on 64x64 after its own filtering; DESIGN.md measured a
#: 12 MP JPEG drafted to >= 512 px hashing 4.7x faster with 0-2 PDQ bits moved.
MIN_DECODE_SIDE = 512

#: Background for transparent pixels. White is what most platforms and
#: viewers show behind transparency, so a re-encoded copy looks the same.
FLATTEN_BACKGROUND = (255, 255, 255)

#: File name endings we treat as images when walking a folder.
IMAGE_SUFFIXES = frozenset(
    {
        ".jpg", ".jpeg", ".jpe", ".jfif", ".png", ".apng", ".gif", ".webp", ".bmp",
        ".dib", ".tif", ".tiff", ".heic", ".heif", ".hif", ".avif", ".ico", ".jp2",
        ".j2k", ".tga", ".ppm", ".pgm", ".pbm", ".pnm", ".psd", ".pcx", ".qoi",
    }
)  # fmt: skip

# Leading bytes of image formats, to recognise images with a wrong or no ending.
_MAGIC: tuple[bytes, ...] = (
    b"\xff\xd8\xff",  # JPEG
    b"\x89PNG\r\n\x1a\n",
    b"GIF87a",
    b"GIF89a",
    b"BM",
    b"II*\x00",  # TIFF little-endian
    b"MM\x00*",  # TIFF big-endian
    b"8BPS",  # PSD
    b"qoif",
)
_FTYP_BRANDS = (b"heic", b"heix", b"hevc", b"heim", b"heis", b"mif1", b"msf1", b"avif", b"avis")

Image.MAX_IMAGE_PIXELS = MAX_PIXELS


@dataclass(frozen=True, slots=True)
class DecodedImage:
    """An image ready for hashing: 8-bit RGB pixels plus its shown size.

    ``width`` and ``height`` are the size of the original as shown (after the
    EXIF orientation), not of the reduced copy in ``image``.
    """

    image: Image.Image
    width: int
    height: int
    format: str | None


def looks_like_image(path: Path) -> bool:
    """Cheap test used when walking folders: image ending or image magic bytes."""
    if path.suffix.lower() in IMAGE_SUFFIXES:
        return True
    try:
        with path.open("rb") as fh:
            head = fh.read(32)
    except OSError:
        return False
    if head.startswith(_MAGIC):
        return True
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return True
    return head[4:8] == b"ftyp" and head[8:12] in _FTYP_BRANDS


def decode_image(source: str | os.PathLike[str] | bytes) -> DecodedImage:
    """Decode a file path or in-memory bytes; raise :class:`ImageError` on failure."""
    try:
        if isinstance(source, bytes):
            if not source:
                raise NotAnImageError("empty data, not an image")
            return _decode(io.BytesIO(source))
        path = Path(source)
        if path.is_dir():
            raise NotAnImageError("is a folder, not an image")
        if path.stat().st_size == 0:
            raise NotAnImageError("empty file (0 bytes), not an image")
        with path.open("rb") as fh:
            return _decode(fh)
    except ImageError:
        raise
    except FileNotFoundError:
        raise ImageError("file not found") from None
    except PermissionError:
        raise ImageError("no permission to read this file") from None
    except IsADirectoryError:
        raise NotAnImageError("is a folder, not an image") from None
    except UnidentifiedImageError:
        raise NotAnImageError("not an image leakhelp can read") from None
    except Image.DecompressionBombError:
        raise ImageTooLargeError(_too_large_message()) from None
    except MemoryError:
        raise ImageTooLargeError("not enough memory to decode this image") from None
    except (OSError, SyntaxError, ValueError, TypeError, EOFError, IndexError) as exc:
        raise ImageError(_broken_message(exc)) from None


def _too_large_message() -> str:
    return f"image too large (more than {MAX_PIXELS // 1_000_000} megapixels), refused for safety"


def _broken_message(exc: BaseException) -> str:
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    if "truncated" in text.lower():
        return "the file is damaged or incomplete (truncated image)"
    return f"the image could not be decoded ({text[:120]})"


def _decode(fh: IO[bytes]) -> DecodedImage:
    with warnings.catch_warnings():
        # Pillow warns (rather than fails) between MAX_IMAGE_PIXELS and twice
        # that; we refuse at MAX_PIXELS ourselves, so the warning is an error.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(fh) as im:
                return _prepare(im)
        except Image.DecompressionBombWarning:
            raise ImageTooLargeError(_too_large_message()) from None


def _prepare(im: Image.Image) -> DecodedImage:
    width, height = im.size
    if width <= 0 or height <= 0:
        raise ImageError("the image has no pixels")
    if width * height > MAX_PIXELS:
        raise ImageTooLargeError(_too_large_message())
    fmt = im.format
    orientation = _orientation(im)
    if orientation in (5, 6, 7, 8):
        width, height = height, width
    if fmt == "JPEG":
        # Decode at 1/2, 1/4 or 1/8 scale when the result stays >= MIN_DECODE_SIDE.
        im.draft("RGB" if im.mode in ("RGB", "YCbCr") else None, (MIN_DECODE_SIDE,) * 2)
    if getattr(im, "n_frames", 1) > 1:
        im.seek(0)
    im.load()
    shown = ImageOps.exif_transpose(im) if orientation not in (None, 1) else im
    rgb = to_rgb(shown)
    return DecodedImage(image=reduce_for_hashing(rgb), width=width, height=height, format=fmt)


def _orientation(im: Image.Image) -> int | None:
    try:
        value = im.getexif().get(0x0112)
    except Exception:  # a broken EXIF block must not stop decoding
        return None
    return int(value) if isinstance(value, int) else None


def reduce_for_hashing(im: Image.Image) -> Image.Image:
    """Box-reduce by a whole factor while the short side stays >= MIN_DECODE_SIDE."""
    factor = min(im.size) // MIN_DECODE_SIDE
    return im.reduce(factor) if factor >= 2 else im


def to_rgb(im: Image.Image) -> Image.Image:
    """Convert any Pillow mode to 8-bit RGB, deliberately.

    * 16-bit and 32-bit integer greyscale is scaled down (not clipped), so a
      16-bit scan does not turn white;
    * float images are clipped to 0-255;
    * transparency is flattened onto :data:`FLATTEN_BACKGROUND`; a fully
      opaque alpha channel is simply dropped, which keeps the pixels exact;
    * CMYK, YCbCr, LAB, HSV, palette and 1-bit go through Pillow's converters.
    """
    mode = im.mode
    if mode == "RGB":
        return im
    if mode in ("I;16", "I;16L", "I;16B", "I;16N", "I"):
        arr = np.asarray(im).astype(np.float64)
        top = float(arr.max()) if arr.size else 0.0
        scale = 255.0 / 65535.0 if top > 255 else 1.0
        grey = np.clip(arr * scale + 0.5, 0, 255).astype(np.uint8)
        return Image.fromarray(grey).convert("RGB")
    if mode == "F":
        grey = np.clip(np.asarray(im), 0, 255).astype(np.uint8)
        return Image.fromarray(grey).convert("RGB")
    if mode == "P":
        im = im.convert("RGBA") if "transparency" in im.info else im.convert("RGB")
        mode = im.mode
    if mode in ("PA", "LA", "La", "RGBa", "RGBA") or (mode == "L" and "transparency" in im.info):
        rgba = im.convert("RGBA")
        alpha = rgba.getchannel("A")
        lo, _hi = alpha.getextrema()
        if lo == 255:
            return rgba.convert("RGB")
        background = Image.new("RGB", rgba.size, FLATTEN_BACKGROUND)
        background.paste(rgba, mask=alpha)
        return background
    return im.convert("RGB")
