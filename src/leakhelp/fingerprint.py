"""Images → :class:`~leakhelp.models.Fingerprint` (PDQ + dihedral variants, phash, dhash).

PDQ (Meta's 256-bit perceptual hash) is the primary signal: it is what
StopNCII and the platforms use, with a published match threshold. phash and
dhash (64 bits each, from ``imagehash``) only corroborate: on real photos
phash put a different shot of the same scene 4 bits away (DESIGN.md), so they
never decide a match on their own.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import warnings
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
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

#: Below this many files a process pool costs more than it saves: starting two
#: forked workers took ~20 ms here, 8 small photos took 110 ms in one process
#: and 75 ms in two, 2 photos 28 ms and 31 ms (break-even at 2-3 files).
PARALLEL_MIN_FILES = 4


def _bits_to_hex(bits: np.ndarray) -> str:
    # pdqhash returns the 256 bits most significant first; packbits keeps that
    # order, which gives the same hex as Meta's reference implementations.
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
        return HashResult(path=path, error=f"unexpected error while reading: {type(exc).__name__}")


def available_cores() -> int:
    """Cores this process may run on (the affinity mask, not the machine's total)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # macOS and Windows have no affinity call
        return os.cpu_count() or 1


def hash_files(
    paths: Iterable[str | os.PathLike[str]],
    *,
    workers: int | None = None,
    progress: Progress | None = None,
    regions: bool = False,
    hasher: Callable[[str], HashResult] | None = None,
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
    items = [os.fspath(p) for p in paths]
    progress = progress or NullProgress()
    progress.start(len(items), "fingerprinting")
    try:
        count = min(workers or available_cores(), len(items))
        if count <= 1 or (workers is None and len(items) < PARALLEL_MIN_FILES):
            for result in map(hash_one, items):
                progress.advance()
                yield result
            return
        for result in _hash_in_pool(items, count, hash_one):
            progress.advance()
            yield result
    finally:
        progress.finish()


#: Error line for a file during which the decoding process died (a decoder
#: crash, or the system ending it for lack of memory).
CRASH_MESSAGE = "the image decoder stopped while reading this file (it may be damaged)"


def _hash_in_pool(
    items: list[str], count: int, hash_one: Callable[[str], HashResult]
) -> Iterator[HashResult]:
    done = 0
    while done < len(items):
        pending = items[done:]
        pool = _new_pool(min(count, len(pending)))
        try:
            futures = _submit(pool, hash_one, pending)
            for path, future in zip(pending, futures, strict=False):
                try:
                    result = future.result()
                except BrokenProcessPool:
                    break
                except Exception as exc:  # e.g. a result that cannot be sent back
                    result = HashResult(path=path, error=f"unexpected error: {type(exc).__name__}")
                done += 1
                yield result
        finally:
            # On an early stop (Ctrl-C, the caller stops reading) drop what has
            # not started instead of hashing the rest of the folder first.
            pool.shutdown(wait=True, cancel_futures=True)
        if done < len(items):
            # The pool died while this file (or one beside it) was being read:
            # try it alone, then go on with the others in a fresh pool.
            yield _hash_alone(items[done], hash_one)
            done += 1


def _hash_alone(path: str, hash_one: Callable[[str], HashResult]) -> HashResult:
    pool = _new_pool(1)
    try:
        futures = _submit(pool, hash_one, [path])
        if not futures:
            return HashResult(path=path, error=CRASH_MESSAGE)
        return futures[0].result()
    except BrokenProcessPool:
        return HashResult(path=path, error=CRASH_MESSAGE)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _new_pool(workers: int) -> ProcessPoolExecutor:
    # fork where the platform has it: a forked worker starts in ~10 ms with
    # everything imported, a spawned one re-imports numpy and Pillow (~0.5 s
    # each, measured here). Workers only decode and hash; they never touch
    # the parent's store or threads.
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    return ProcessPoolExecutor(
        max_workers=workers, mp_context=context, initializer=_ignore_interrupts
    )


def _submit(
    pool: ProcessPoolExecutor, hash_one: Callable[[str], HashResult], paths: list[str]
) -> list[Future[HashResult]]:
    """Submit every path; stop quietly if the pool breaks while submitting."""
    futures: list[Future[HashResult]] = []
    with warnings.catch_warnings(), contextlib.suppress(BrokenProcessPool):
        # The workers are forked on the first submit. Python 3.12+ warns that
        # forking a threaded process may deadlock in the child; the children
        # run only the hasher, which takes no lock the parent's threads (the
        # progress display) hold, and imaging resets its own lock after a fork.
        warnings.filterwarnings("ignore", message=".*fork.*", category=DeprecationWarning)
        futures.extend(pool.submit(hash_one, path) for path in paths)
    return futures


def _ignore_interrupts() -> None:
    # Ctrl-C reaches the whole process group. The parent stops the batch; the
    # workers must not each print a traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def hamming(a: str, b: str) -> int:
    """Number of differing bits between two hex hashes of the same length."""
    if len(a) != len(b):
        raise ValueError("hashes of different lengths cannot be compared")
    return (int(a, 16) ^ int(b, 16)).bit_count()
