"""Images → :class:`~leakhelp.models.Fingerprint` (PDQ + dihedral variants, phash, dhash).

PDQ (Meta's 256-bit perceptual hash, :mod:`leakhelp.pdq`) is the primary
signal: it is what StopNCII and the platforms use, with a published match
threshold. phash and
dhash (64 bits each, from ``imagehash``) only corroborate: on real photos
phash put a different shot of the same scene 4 bits away (docs/matching.md), so they
never decide a match on their own.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from functools import partial

import imagehash
import numpy as np
from PIL import Image

from .errors import LeakhelpError
from .i18n import why
from .imaging import decode_image
from .models import PDQ_MIN_QUALITY as PDQ_MIN_QUALITY  # defined there: light to import
from .models import Fingerprint, HashResult
from .pdq import pdq_dihedral
from .progress import Progress
from .regions import region_hashes, trim_box
from .workers import ITEM_TIMEOUT, map_files


def _bits_to_hex(bits: np.ndarray) -> str:
    # Bits most significant first; packbits keeps that order (as imagehash prints).
    return np.packbits(bits.astype(np.uint8)).tobytes().hex()


#: phash as imagehash computes it: the 8 x 8 lowest frequencies of a DCT-II
#: (scipy.fftpack's unnormalised one) of a 32 x 32 Lanczos-reduced grey copy.
#: As two small matrix products it gives imagehash.phash's bits (checked on
#: every test image, flat and synthetic ones included, in test_fingerprint.py)
#: without importing scipy, which cost 136 ms per process, more than hashing
#: a 12 MP photo. Coefficients are rounded to 1e-6 so exact ties (flat or
#: symmetric images) stay ties, as they are in scipy's result.
_PHASH_SIDE = 32
_PHASH_BITS_SIDE = 8
_PHASH_DCT = 2.0 * np.cos(
    np.pi
    * np.arange(_PHASH_BITS_SIDE)[:, None]
    * (2 * np.arange(_PHASH_SIDE)[None, :] + 1)
    / (2 * _PHASH_SIDE)
)


def phash64(grey: Image.Image) -> str:
    """64-bit perceptual hash (16 hex digits), equal to ``str(imagehash.phash(im))``."""
    small = grey.convert("L").resize((_PHASH_SIDE, _PHASH_SIDE), Image.Resampling.LANCZOS)
    pixels = np.asarray(small, dtype=np.float64)
    low = np.round(_PHASH_DCT @ pixels @ _PHASH_DCT.T, 6)
    return _bits_to_hex((low > np.median(low)).ravel())


def dhash64(grey: Image.Image) -> str:
    """64-bit difference hash (16 hex digits), ``str(imagehash.dhash(im))``."""
    return str(imagehash.dhash(grey))


def pdq_of_pixels(rgb: np.ndarray) -> tuple[str, int, tuple[str, ...]]:
    """PDQ hash, quality and the eight dihedral variants of an RGB uint8 array."""
    dihedral, quality = pdq_dihedral(rgb)
    return dihedral[0], quality, dihedral


def fingerprint_image(
    image: Image.Image,
    *,
    width: int | None = None,
    height: int | None = None,
    label: str | None = None,
    regions: bool = False,
) -> Fingerprint:
    """Fingerprint an already decoded RGB image (see :mod:`leakhelp.imaging`).

    With ``regions``, also the hashes that find bordered and cropped copies
    (``trimmed`` and ``regions``, see :mod:`leakhelp.regions`): wanted for
    one's own originals, not for candidates.
    """
    if image.mode != "RGB":
        image = image.convert("RGB")
    pdq, quality, dihedral = pdq_of_pixels(np.asarray(image))
    grey = image.convert("L")  # shared by phash and dhash
    fp = Fingerprint(
        pdq=pdq,
        quality=quality,
        phash=phash64(grey),
        dhash=dhash64(grey),
        width=width if width is not None else image.width,
        height=height if height is not None else image.height,
        dihedral=dihedral,
        label=label,
    )
    return _with_regions(fp, image) if regions else fp


def _with_regions(fp: Fingerprint, image: Image.Image) -> Fingerprint:
    """Add the trimmed variants (when the image has uniform borders) and the region hashes."""
    box = trim_box(image)
    content = image.crop(box) if box is not None else image
    trimmed = pdq_of_pixels(np.asarray(content))[2] if box is not None else ()
    return replace(fp, trimmed=trimmed, regions=region_hashes(content))


def fingerprint_file(
    source: str | os.PathLike[str] | bytes, *, label: str | None = None, regions: bool = False
) -> Fingerprint:
    """Decode and fingerprint one file (or in-memory bytes).

    Raises :class:`~leakhelp.errors.ImageError` with a one-line reason when the
    file cannot be used. The pixels are dropped when this returns.
    """
    decoded = decode_image(source)
    return fingerprint_image(
        decoded.image, width=decoded.width, height=decoded.height, label=label, regions=regions
    )


def _hash_one(path: str, regions: bool = False) -> HashResult:
    try:
        return HashResult(path=path, fingerprint=fingerprint_file(path, regions=regions))
    except LeakhelpError as exc:
        return HashResult(path=path, error=str(exc))
    except Exception as exc:  # one strange file must never stop a batch
        return HashResult(path=path, error=why("unexpected", detail=type(exc).__name__))


def hash_files(
    paths: Iterable[str | os.PathLike[str]],
    *,
    workers: int | None = None,
    progress: Progress | None = None,
    regions: bool = False,
    hasher: Callable[[str], HashResult] | None = None,
    timeout: float | None = ITEM_TIMEOUT,
) -> Iterator[HashResult]:
    """Fingerprint many files, yielding one :class:`HashResult` per file, in order.

    ``workers=None`` uses every core for :data:`PARALLEL_MIN_FILES` files or
    more; ``workers=1`` keeps everything in this process; ``workers=N`` uses a
    pool of N processes. The results and their order do not depend on it.
    Errors are results, never exceptions: a file that makes a decoder crash
    its process is reported as such, and the others are still hashed.
    ``regions`` adds the crop and border hashes (for originals, see
    :func:`fingerprint_image`). ``hasher`` replaces the per-file function (it
    must be importable by name, as it runs in worker processes).
    """
    hash_one = hasher or partial(_hash_one, regions=regions)
    return map_files(
        [os.fspath(p) for p in paths],
        hash_one,
        failed=_failed,
        workers=workers,
        progress=progress,
        description="fingerprinting",
        timeout=timeout,
    )


def _failed(path: str, message: str) -> HashResult:
    return HashResult(path=path, error=message)


def hamming(a: str, b: str) -> int:
    """Number of differing bits between two hex hashes of the same length."""
    if len(a) != len(b):
        raise ValueError("hashes of different lengths cannot be compared")
    return (int(a, 16) ^ int(b, 16)).bit_count()
