"""PDQ, Meta's 256-bit perceptual hash, in numpy (no compiler needed).

Public functions, stable for other modules (video frames, crops):

* :func:`pdq_hash` ``(pixels) -> (hash, quality)``
* :func:`pdq_dihedral` ``(pixels) -> (hashes, quality)``: the hash of the
  image and of its 7 rotations and mirror images, in Meta's order
  (:data:`~leakhelp.models.DIHEDRAL_NAMES`), without turning the pixels.
  With numpy's names for the turned images: ``rot90(a)`` (a quarter turn
  anticlockwise), ``rot90(a, 2)``, ``rot90(a, 3)``, ``a[::-1]`` (upside
  down), ``a[:, ::-1]`` (mirrored), the transpose and the anti-transpose.
  A variant equals the hash of the turned pixels up to a few bits (the 64
  sample points are not symmetric), exactly as in Meta's C++.

``pixels`` is an ``uint8`` array: RGB ``(h, w, 3)``, RGBA ``(h, w, 4)`` (the
alpha channel is ignored, as Meta's C++ does) or grey ``(h, w)``. A hash is
64 hex digits, highest bit first, exactly as Meta's implementations print it;
quality is 0-100 (below 50 is too unreliable to match on).

The recipe is Meta's (ThreatExchange ``pdq/cpp/hashing/pdqhashing.cpp`` and
``downscaling.cpp``), step by step:

1. luma ``0.299 R + 0.587 G + 0.114 B`` in 32-bit floats;
2. two passes of a box filter along each axis (the Jarosz "tent" filter),
   window ``ceil(n / 128)``, shorter windows at the edges;
3. decimation to 64 x 64, taking the sample nearest each cell's centre;
4. quality from the 64 x 64 image's gradients;
5. the 16 x 16 lowest frequencies (1-16) of a 2-D DCT-II;
6. bit ``16 i + j`` is set when coefficient ``(i, j)`` is above the median
   (the lower one of the two middle values, as Meta's Torben median gives).

Steps 2 and 3 are linear and separable: per axis they are one 64 x n
matrix (:func:`axis_operator`), and since each output reads only about
n / 64 neighbouring samples, a band of weights (:func:`axis_band`) that
touches every pixel about once. With the DCT folded in (:func:`axis_dct`,
16 x n) the same matrices give the region hashes of :mod:`leakhelp.regions`.
The dihedral variants come from sign changes and a transpose of the 16 x 16
coefficients, as in Meta's code.

Meta's C++ (PyPI ``pdqhash``, the ``leakhelp[fast]`` extra) is used instead
when it is installed and :data:`BACKEND` says so (``LEAKHELP_PDQ=cpp``); both
give the same hashes on Meta's reference images (tests/test_pdq.py,
docs/matching.md).
"""

from __future__ import annotations

import os
from functools import cache
from typing import Final

import numpy as np

from .models import DIHEDRAL_NAMES

#: Side of the decimated image and of the DCT block.
WORK_SIDE: Final = 64
DCT_SIDE: Final = 16

#: Meta's MIN_HASHABLE_DIM: an image with a side below this gets an all-zero
#: hash and quality 0.
MIN_SIDE: Final = 5

ZERO_HASH: Final = "0" * 64

_LUMA_WEIGHTS = np.array([0.299, 0.587, 0.114], dtype=np.float32)


# -- the numpy implementation ------------------------------------------------------------
def luma(pixels: np.ndarray) -> np.ndarray:
    """PDQ's luma (Rec. 601 weights, float32) of an RGB(A) or grey uint8 array."""
    if pixels.ndim == 2:
        return pixels.astype(np.float32)
    # One matrix-vector product: 2.5x faster than three scaled channels, and
    # within 1e-4 of Meta's per-pixel sum (a different rounding order).
    out: np.ndarray = pixels[..., :3].astype(np.float32) @ _LUMA_WEIGHTS
    return out


def box_filter(n: int) -> np.ndarray:
    """One Jarosz box pass on n samples, as an n x n matrix (Meta's box1DFloat)."""
    window = (n + 2 * WORK_SIDE - 1) // (2 * WORK_SIDE)
    half = (window + 2) // 2
    idx = np.arange(n)
    lo = idx - (window - half)
    hi = idx + (half - 1)
    m = ((idx[None, :] >= lo[:, None]) & (idx[None, :] <= hi[:, None])).astype(np.float64)
    m /= m.sum(axis=1, keepdims=True)
    return m


@cache
def axis_operator(n: int) -> np.ndarray:
    """64 x n: two box passes and decimation to 64 samples along one axis."""
    box = box_filter(n)
    centres = ((np.arange(WORK_SIDE) + 0.5) * n / WORK_SIDE).astype(np.int64)
    out: np.ndarray = box[centres] @ box
    return out


@cache
def axis_band(n: int) -> tuple[np.ndarray, np.ndarray]:
    """:func:`axis_operator` as a band: (64, s) sample indices and their weights.

    Each of the 64 outputs depends on about n / 64 neighbouring samples, so
    the dense 64 x n product does 64 times the work needed (and big products
    start BLAS threads that stall when the cores are busy). Gathering each
    output's s samples and weighting them touches every pixel about once.
    """
    dense = axis_operator(n)
    used = dense != 0
    first = used.argmax(axis=1)
    last = n - 1 - used[:, ::-1].argmax(axis=1)
    width = int((last - first).max()) + 1
    start = np.clip(first, 0, n - width)
    index = start[:, None] + np.arange(width)[None, :]
    return index, np.take_along_axis(dense, index, axis=1).astype(np.float32)


#: Meta's DCT matrix: frequencies 1-16 of a 64-point DCT-II (16 x 64).
DCT_MATRIX: Final = np.sqrt(2.0 / WORK_SIDE) * np.cos(
    np.pi / 2.0 / WORK_SIDE * np.outer(np.arange(1, DCT_SIDE + 1), 2 * np.arange(WORK_SIDE) + 1)
)


@cache
def axis_dct(n: int) -> np.ndarray:
    """16 x n: box passes, decimation and DCT along one axis, as one matrix."""
    out: np.ndarray = DCT_MATRIX @ axis_operator(n)
    return out


def quality_of(work: np.ndarray) -> int:
    """Meta's quality metric of the 64 x 64 decimated luma (0-100)."""
    w = work.astype(np.float32)
    down = np.trunc((w[:-1, :] - w[1:, :]) * np.float32(100) / np.float32(255))
    across = np.trunc((w[:, :-1] - w[:, 1:]) * np.float32(100) / np.float32(255))
    total = int(np.abs(down).sum() + np.abs(across).sum())
    return min(100, total // 90)


def dct_to_hex(blocks: np.ndarray) -> list[str]:
    """PDQ hashes of 16 x 16 DCT blocks (shape (k, 16, 16)), as Meta prints them."""
    flat = blocks.reshape(len(blocks), DCT_SIDE * DCT_SIDE)
    # Meta's Torben median is the lower middle value (the 128th of 256).
    middle = np.partition(flat, 127, axis=1)[:, 127:128]
    bits = flat > middle
    # Bit 16 i + j; the hex starts with the highest bit.
    packed = np.packbits(bits[:, ::-1], axis=1)
    return [row.tobytes().hex() for row in packed]


# Sign patterns of the dihedral variants (Meta's dct16OriginalTo*): rows are
# the vertical frequency i, columns the horizontal j, both counted from 0 for
# frequency 1. Each entry: (signs, transposed).
_I, _J = np.indices((DCT_SIDE, DCT_SIDE))
_ODD_J = np.where(_J & 1, 1.0, -1.0)
_ODD_I = np.where(_I & 1, 1.0, -1.0)
_CHECKER = np.where((_I + _J) & 1, -1.0, 1.0)
_ONES = np.ones((DCT_SIDE, DCT_SIDE))
_DIHEDRAL: Final = (
    (_ONES, False),  # original
    (_ODD_J, True),  # rotate 90
    (_CHECKER, False),  # rotate 180
    (_ODD_I, True),  # rotate 270
    (_ODD_I, False),  # flip x
    (_ODD_J, False),  # flip y
    (_ONES, True),  # flip +1 (transpose)
    (_CHECKER, True),  # flip -1 (anti-transpose)
)


def dihedral_blocks(block: np.ndarray) -> np.ndarray:
    """The 8 dihedral variants (8, 16, 16) of one 16 x 16 coefficient block."""
    return np.stack([(signs * block).T if turn else signs * block for signs, turn in _DIHEDRAL])


def _work_image(lum: np.ndarray) -> np.ndarray:
    """The 64 x 64 tent-filtered, decimated luma (float32)."""
    h, w = lum.shape
    if (h, w) == (WORK_SIDE, WORK_SIDE):
        return lum  # Meta skips the filter at 64 x 64 (it would change nothing)
    rows, row_weights = axis_band(h)
    cols, col_weights = axis_band(w)
    # einsum, not `@`: numpy's own loop, no BLAS threads (see axis_band).
    down = np.einsum("ks,ksw->kw", row_weights, lum[rows])
    out: np.ndarray = np.einsum("ks,jks->jk", col_weights, down[:, cols])
    return out


def _numpy_block(pixels: np.ndarray) -> tuple[np.ndarray, int]:
    """The 16 x 16 DCT coefficients and the quality of an image."""
    work = _work_image(luma(pixels)).astype(np.float64)
    return DCT_MATRIX @ work @ DCT_MATRIX.T, quality_of(work)


def _numpy_dihedral(pixels: np.ndarray) -> tuple[tuple[str, ...], int]:
    block, quality = _numpy_block(pixels)
    return tuple(dct_to_hex(dihedral_blocks(block))), quality


def _numpy_hash(pixels: np.ndarray) -> tuple[str, int]:
    block, quality = _numpy_block(pixels)
    return dct_to_hex(block[None])[0], quality


# -- Meta's C++ (optional) ---------------------------------------------------------------
def _cpp_available() -> bool:
    try:
        import pdqhash  # noqa: F401
    except ImportError:
        return False
    return True


def _bits_to_hex(bits: np.ndarray) -> str:
    # pdqhash returns the 256 bits highest first, as Meta prints them.
    return np.packbits(bits.astype(np.uint8)).tobytes().hex()


def _rgb_for_cpp(pixels: np.ndarray) -> np.ndarray:
    if pixels.ndim == 2:
        pixels = np.repeat(pixels[..., None], 3, axis=2)
    return np.ascontiguousarray(pixels[..., :3], dtype=np.uint8)


def _cpp_dihedral(pixels: np.ndarray) -> tuple[tuple[str, ...], int]:
    import pdqhash

    variants, quality = pdqhash.compute_dihedral(_rgb_for_cpp(pixels))
    return tuple(_bits_to_hex(v) for v in variants), int(quality)


def _cpp_hash(pixels: np.ndarray) -> tuple[str, int]:
    import pdqhash

    bits, quality = pdqhash.compute(_rgb_for_cpp(pixels))
    return _bits_to_hex(bits), int(quality)


# -- choosing -------------------------------------------------------------------------------
#: The backends: ``numpy`` (always there) and ``cpp`` (Meta's C++, PyPI
#: ``pdqhash``, installed with ``leakhelp[fast]``).
BACKENDS: Final = ("numpy", "cpp")


def choose_backend(wanted: str | None = None) -> str:
    """The backend to use: ``wanted`` (or ``$LEAKHELP_PDQ``) when possible, else the default.

    The default is numpy: measured in benchmarks/hash_speed.py, fingerprints
    were faster with it than with the C++ package (docs/benchmarks.md), and
    it needs nothing compiled. ``cpp`` is used only when asked for and installed.
    """
    wanted = (wanted or os.environ.get("LEAKHELP_PDQ") or "numpy").strip().lower()
    if wanted == "cpp" and _cpp_available():
        return "cpp"
    return "numpy"


#: The backend this process uses (see :func:`choose_backend`).
BACKEND: str = choose_backend()


def _check(pixels: np.ndarray) -> np.ndarray:
    arr = np.asarray(pixels)
    if arr.dtype != np.uint8 or arr.ndim not in (2, 3) or (arr.ndim == 3 and arr.shape[2] < 3):
        raise ValueError("PDQ needs an uint8 array of shape (h, w), (h, w, 3) or (h, w, 4)")
    return arr


def pdq_hash(pixels: np.ndarray, *, backend: str | None = None) -> tuple[str, int]:
    """PDQ hash (64 hex digits) and quality (0-100) of an uint8 RGB(A) or grey array."""
    arr = _check(pixels)
    if min(arr.shape[:2]) < MIN_SIDE:
        return ZERO_HASH, 0
    if (backend or BACKEND) == "cpp" and _cpp_available():
        return _cpp_hash(arr)
    return _numpy_hash(arr)


def pdq_dihedral(pixels: np.ndarray, *, backend: str | None = None) -> tuple[tuple[str, ...], int]:
    """The 8 dihedral PDQ hashes (in :data:`~leakhelp.models.DIHEDRAL_NAMES` order) and the quality."""
    arr = _check(pixels)
    if min(arr.shape[:2]) < MIN_SIDE:
        return (ZERO_HASH,) * len(DIHEDRAL_NAMES), 0
    if (backend or BACKEND) == "cpp" and _cpp_available():
        return _cpp_dihedral(arr)
    return _numpy_dihedral(arr)
