"""Images → :class:`~leakhelp.models.Fingerprint` (PDQ + dihedral variants, phash, dhash).

PDQ (Meta's 256-bit perceptual hash) is the primary signal: it is what
StopNCII and the platforms use, with a published match threshold. phash and
dhash (64 bits each, from ``imagehash``) only corroborate: on real photos
phash put a different shot of the same scene 4 bits away (DESIGN.md), so they
never decide a match on their own.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from functools import partial

import imagehash
import numpy as np
import pdqhash
from PIL import Image

from .errors import LeakhelpError
from .imaging import decode_image
from .models import Fingerprint, HashResult
from .progress import NullProgress, Progress
from .regions import region_hashes, trim_box

#: PDQ hashes with a quality below this are "too unreliable to match on"
#: (Meta, python-threatexchange signal_type/pdq/signal.py): flat or tiny images.
PDQ_MIN_QUALITY = 50

#: Below this many files a process pool costs more than it saves.
PARALLEL_MIN_FILES = 8


def _bits_to_hex(bits: np.ndarray) -> str:
    # pdqhash returns the 256 bits most significant first; packbits keeps that
    # order, which gives the same hex as Meta's reference implementations.
    return np.packbits(bits.astype(np.uint8)).tobytes().hex()


def pdq_of_pixels(rgb: np.ndarray) -> tuple[str, int, tuple[str, ...]]:
    """PDQ hash, quality and the eight dihedral variants of an RGB uint8 array."""
    pixels = np.ascontiguousarray(rgb, dtype=np.uint8)
    variants, quality = pdqhash.compute_dihedral(pixels)
    dihedral = tuple(_bits_to_hex(v) for v in variants)
    return dihedral[0], int(quality), dihedral


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
    fp = Fingerprint(
        pdq=pdq,
        quality=quality,
        phash=str(imagehash.phash(image)),
        dhash=str(imagehash.dhash(image)),
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
        return HashResult(path=path, error=f"unexpected error while reading: {type(exc).__name__}")


def hash_files(
    paths: Iterable[str | os.PathLike[str]],
    *,
    workers: int | None = None,
    progress: Progress | None = None,
    regions: bool = False,
) -> Iterator[HashResult]:
    """Fingerprint many files, yielding one :class:`HashResult` per file, in order.

    Uses all cores (a process pool) when there are enough files; ``workers=1``
    keeps everything in this process. Errors are results, never exceptions.
    ``regions`` adds the crop and border hashes (for originals, see
    :func:`fingerprint_image`).
    """
    hash_one = partial(_hash_one, regions=regions)
    items = [os.fspath(p) for p in paths]
    progress = progress or NullProgress()
    progress.start(len(items), "fingerprinting")
    try:
        count = workers if workers is not None else (os.cpu_count() or 1)
        if count <= 1 or len(items) < PARALLEL_MIN_FILES:
            for result in map(hash_one, items):
                progress.advance()
                yield result
            return
        with ProcessPoolExecutor(max_workers=min(count, len(items))) as pool:
            for result in pool.map(hash_one, items, chunksize=2):
                progress.advance()
                yield result
    finally:
        progress.finish()


def hamming(a: str, b: str) -> int:
    """Number of differing bits between two hex hashes of the same length."""
    if len(a) != len(b):
        raise ValueError("hashes of different lengths cannot be compared")
    return (int(a, 16) ^ int(b, 16)).bit_count()
