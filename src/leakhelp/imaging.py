"""Safe decoding: any image file (or bytes) → an RGB Pillow image, or one clear error.

What this module guarantees, whatever the file:

* only the image formats in :data:`DECODE_FORMATS` are tried (no PostScript,
  no WMF, no scientific formats that call out to other programs);
* an image with more than :data:`MAX_PIXELS` pixels is refused before any
  pixel is decoded (a "pixel bomb": a tiny file that expands to gigabytes);
* the EXIF orientation is applied, so a photo is hashed the way people see it
  (without it the same photo was 122–134 PDQ bits away from itself);
* only the first frame of an animation or multi-page file is used (for HEIC,
  the primary image, which is what viewers show);
* CMYK, 16-bit, float, palette, alpha and other modes are converted to 8-bit
  RGB the way Meta's PDQ reference does (see :func:`to_rgb`);
* large JPEGs are decoded at a reduced scale (``draft``), never below
  :data:`MIN_DECODE_SIDE`, and other large images are box-reduced to the same
  size, because hashing only needs a few hundred pixels and decoding dominates;
* every failure is an :class:`~leakhelp.errors.ImageError` with a one-line
  reason that names no path.

The decoded pixels live only in memory; nothing here writes a file.
docs/decoding.md explains each choice with the measurements behind it.
"""

from __future__ import annotations

import errno
import io
import os
import stat
import threading
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import numpy as np
import pillow_heif
from PIL import Image, UnidentifiedImageError

from .errors import ImageError, ImageTooLargeError, NotAnImageError
from .i18n import why

pillow_heif.register_heif_opener()

#: Largest image we decode, in pixels. 200 MP is just above the largest phone
#: sensors (a 200 MP photo is 16320 x 12240 = 199.8 MP) and above an A4 page
#: scanned at 1200 dpi (140 MP). Measured peak memory for a 199 MP image
#: (docs/decoding.md): JPEG 73 MB (decoded at 1/8 scale), RGB PNG 0.8 GB,
#: RGBA PNG with real transparency 1.8 GB (measured while transparency was
#: still flattened onto white, which needed more than dropping it does now).
MAX_PIXELS = 200_000_000

#: Decode (JPEG draft) or reduce no further than this many pixels on the short
#: side. PDQ works on 64x64 after its own filtering; a measured
#: 12 MP JPEG drafted to >= 512 px hashing 4.7x faster with 0-2 PDQ bits moved
#: (benchmarks/hash_speed.py measures it again, docs/decoding.md has the bits).
MIN_DECODE_SIDE = 512

#: The Pillow format ids we let Pillow try, in the order it tries them. These
#: are the still-image formats people keep photos in. Left out on purpose:
#: EPS (runs Ghostscript), WMF/EMF, and formats nobody keeps photos in (FITS,
#: GRIB, HDF5, MPEG, IPTC, ...), whose decoders see little use or testing.
#: (Multi-picture JPEGs from cameras, MPO, open through "JPEG".)
DECODE_FORMATS: tuple[str, ...] = (
    "JPEG", "PNG", "GIF", "WEBP", "HEIF", "AVIF", "TIFF", "BMP", "DIB",
    "ICO", "JPEG2000", "PPM", "PSD", "PCX", "QOI", "TGA",
)  # fmt: skip

#: File name endings we treat as images when walking a folder.
IMAGE_SUFFIXES = frozenset(
    {
        ".jpg", ".jpeg", ".jpe", ".jfif", ".png", ".apng", ".gif", ".webp", ".bmp",
        ".dib", ".tif", ".tiff", ".heic", ".heif", ".hif", ".avif", ".ico", ".jp2",
        ".j2k", ".tga", ".ppm", ".pgm", ".pbm", ".pnm", ".psd", ".pcx", ".qoi",
        ".mpo",
    }
)  # fmt: skip

# Leading bytes of image formats, to recognise images with a wrong or no ending.
_MAGIC: tuple[bytes, ...] = (
    b"\xff\xd8\xff",  # JPEG, MPO
    b"\x89PNG\r\n\x1a\n",
    b"GIF87a",
    b"GIF89a",
    b"BM",
    b"II*\x00",  # TIFF little-endian
    b"MM\x00*",  # TIFF big-endian
    b"8BPS",  # PSD
    b"qoif",
    b"\x00\x00\x00\x0cjP  \r\n\x87\n",  # JPEG 2000 (jp2)
    b"\xff\x4f\xff\x51",  # JPEG 2000 codestream
)
_FTYP_BRANDS = (
    b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"hevm", b"hevs",
    b"mif1", b"msf1", b"avif", b"avis",
)  # fmt: skip

#: EXIF tag 0x0112 (Orientation) → the transpose that shows the image upright.
_ORIENTATION_TAG = 0x0112
_TRANSPOSE: dict[int, Image.Transpose] = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}

# Pillow refuses (DecompressionBombError) above twice this and warns above it.
# We refuse above MAX_PIXELS ourselves (see _prepare), so the warning band
# between MAX_PIXELS and 2 x MAX_PIXELS never reaches a decoder either.
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
    """Decode a file path or in-memory bytes; raise :class:`ImageError` on failure.

    Never raises anything else for a bad file: whatever the bytes are, the
    caller gets a decoded image or an ``ImageError`` with a one-line reason.
    """
    try:
        with open_source(source) as fh:
            return _decode(fh)
    except ImageError:
        raise
    except UnidentifiedImageError:
        raise NotAnImageError(why("not-image")) from None
    except Image.DecompressionBombError:
        raise ImageTooLargeError(_too_large_message()) from None
    except MemoryError:
        raise ImageTooLargeError(why("no-memory")) from None
    except OSError as exc:
        raise ImageError(_os_message(exc)) from None
    except Exception as exc:  # any decoder failure on hostile bytes is one error line
        raise ImageError(_broken_message(exc)) from None


def open_source(source: str | os.PathLike[str] | bytes) -> IO[bytes]:
    """A binary stream over a plain, non-empty file (or non-empty bytes), or an ImageError.

    Shared by the photo and video decoders: folders, pipes, devices and empty
    files are refused before any decoder sees them.
    """
    if isinstance(source, bytes):
        if not source:
            raise NotAnImageError(why("empty-data"))
        return io.BytesIO(source)
    path = Path(source)
    try:
        st = path.stat()
        if stat.S_ISDIR(st.st_mode):
            raise NotAnImageError(why("folder"))
        if not stat.S_ISREG(st.st_mode):
            # A pipe or device would block or never end; only plain files are read.
            raise NotAnImageError(why("special-file"))
        if st.st_size == 0:
            raise NotAnImageError(why("empty-file"))
        return path.open("rb")
    except OSError as exc:
        raise ImageError(_os_message(exc)) from None


def _too_large_message() -> str:
    return why("too-large", megapixels=MAX_PIXELS // 1_000_000)


def _os_message(exc: OSError) -> str:
    if exc.errno is None:  # Pillow reports decoder trouble as a bare OSError
        return _broken_message(exc)
    known = {
        errno.ENOENT: why("missing"),
        errno.EACCES: why("no-permission"),
        errno.EPERM: why("no-permission"),
        errno.EISDIR: why("folder"),
        errno.ELOOP: why("link-loop"),
        errno.ENAMETOOLONG: why("name-too-long"),
    }
    # strerror, never str(exc): that would repeat the path.
    return known.get(exc.errno, why("unreadable", detail=exc.strerror or "input/output error"))


def _broken_message(exc: BaseException) -> str:
    text = str(exc).splitlines()[0].strip() if str(exc).strip() else type(exc).__name__
    if "truncated" in text.lower() or isinstance(exc, EOFError):
        return why("truncated")
    return why("undecodable", detail=text[:120])


# warnings.catch_warnings() swaps the process-wide filter list: two threads
# inside it at once (``check`` decodes fetched images in worker threads) can
# leave the filters changed for good. One decode at a time holds it; a worker
# process of ``hash`` has only one thread, so the lock costs nothing there.
_WARNINGS_LOCK = threading.Lock()


def _new_lock_after_fork() -> None:
    # A process forked while another thread held the lock (a hashing pool
    # started during a status check) would otherwise wait for it forever.
    global _WARNINGS_LOCK
    _WARNINGS_LOCK = threading.Lock()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_new_lock_after_fork)


def _decode(fh: IO[bytes]) -> DecodedImage:
    with _WARNINGS_LOCK, warnings.catch_warnings():
        # Pillow and its plugins warn about odd but usable files ("Corrupt EXIF
        # data", the DecompressionBombWarning band we refuse ourselves, ...).
        # A warning is not a result: the image decodes or it raises.
        warnings.simplefilter("ignore")
        with Image.open(fh, formats=DECODE_FORMATS) as im:
            return _prepare(im)


def _prepare(im: Image.Image) -> DecodedImage:
    width, height = im.size
    if width <= 0 or height <= 0:
        raise ImageError(why("no-pixels"))
    if width * height > MAX_PIXELS:
        raise ImageTooLargeError(_too_large_message())
    fmt = im.format
    orientation = _orientation(im)
    if orientation in (5, 6, 7, 8):
        width, height = height, width
    # JPEG (and MPO) decode at 1/2, 1/4 or 1/8 scale while both sides stay >=
    # MIN_DECODE_SIDE; for other formats draft() does nothing. The image stays
    # at its first frame (Pillow opens there; HEIC opens at its primary image).
    im.draft("RGB" if im.mode in ("RGB", "YCbCr") else None, (MIN_DECODE_SIDE, MIN_DECODE_SIDE))
    im.load()
    shown = im.transpose(_TRANSPOSE[orientation]) if orientation in _TRANSPOSE else im
    flat = reduce_for_hashing(_to_flat(shown))
    rgb = flat if flat.mode == "RGB" else flat.convert("RGB")
    return DecodedImage(image=rgb, width=width, height=height, format=fmt)


def _orientation(im: Image.Image) -> int | None:
    try:
        value = im.getexif().get(_ORIENTATION_TAG)
    except Exception:  # a broken EXIF block must not stop decoding
        return None
    return value if isinstance(value, int) and 1 <= value <= 8 else None


def reduce_for_hashing(im: Image.Image) -> Image.Image:
    """Box-reduce by a whole factor while the short side stays >= MIN_DECODE_SIDE."""
    factor = min(im.size) // MIN_DECODE_SIDE
    return im.reduce(factor) if factor >= 2 else im


def to_rgb(im: Image.Image) -> Image.Image:
    """Convert any Pillow mode to 8-bit RGB the way Meta's PDQ reference does.

    Meta's reference (python-threatexchange's PDQ hasher, over the C++ PDQ)
    hashes ``Image.open(path)`` converted with Pillow, so leakhelp converts
    the same way, and its hashes equal Meta's on Meta's own test images
    (docs/decoding.md):

    * transparency (alpha channel, palette transparency, transparency key)
      is **ignored**: the colour stored under a see-through pixel is hashed,
      as Meta's C++ reads only the first three channels and the reference
      converts grey with alpha (``LA``) to RGB;
    * 16-bit greyscale (``I;16``, as PNG, TIFF and PGM give it) is clipped at
      255, as Pillow's conversion does (a full-range 16-bit image turns almost
      white and gets a low quality, which says "too unreliable to match on");
    * 32-bit integer greyscale (``I``), which Meta's reference cannot hash,
      is read as 16-bit (high byte) when any value is above 255, else as
      8-bit; negatives are clipped;
    * float images (``F``) in 0-1 are scaled to 0-255, others clipped; NaN is 0;
    * CMYK, YCbCr, LAB, HSV, palette and 1-bit go through Pillow's converters.
    """
    flat = _to_flat(im)
    return flat if flat.mode == "RGB" else flat.convert("RGB")


def _to_flat(im: Image.Image) -> Image.Image:
    """Like :func:`to_rgb`, but greyscale stays ``L`` (cheaper to reduce)."""
    mode = im.mode
    if mode in ("RGB", "L"):
        return im  # a transparency key is ignored, as Meta's reference does
    if mode.startswith("I;16"):
        arr = np.asarray(im)
        return Image.fromarray(np.minimum(arr, 255).astype(np.uint8), "L")
    if mode == "I":
        arr = np.asarray(im)
        top = int(arr.max()) if arr.size else 0
        if top > 255:
            return Image.fromarray((np.clip(arr, 0, 65535) >> 8).astype(np.uint8), "L")
        return Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8), "L")
    if mode == "F":
        arr = np.nan_to_num(np.asarray(im), nan=0.0, posinf=255.0, neginf=0.0)
        highest = float(arr.max()) if arr.size else 0.0
        scale = 255.0 if highest <= 1.0 else 1.0
        return Image.fromarray(np.clip(arr * scale + 0.5, 0, 255).astype(np.uint8), "L")
    if mode == "La":  # premultiplied: Pillow converts it only to LA
        im, mode = im.convert("LA"), "LA"
    if mode == "LA":
        return im.convert("L")
    return im.convert("RGB")
