"""Beyond PDQ's limits: uniform borders and crops.

PDQ compares whole images. A copy with black bars, a screenshot of the photo
inside an app, or a copy with a few percent cut off each side is, to PDQ, a
different picture (a letterboxed copy of a sample photo was 144 bits away; PDQ
moves ~14 bits per 0.5 % of misalignment: docs/matching.md). This module gives matching two tools,
both hash-only, so they can travel in a hash-only export:

* **Content boxes** (:func:`content_boxes`): the part of an image that is not
  a uniform border. Uniform rows and columns are trimmed from the outside, and
  an image that is several blocks on a flat background (a screenshot: a top
  bar, a gap, the photo) is cut into those blocks (a recursive XY cut on flat
  lines). A candidate is hashed as a whole *and* per content box; an original
  also stores the PDQ hashes of its trimmed content when trimming changes it.

* **Region hashes** (:func:`region_hashes`): PDQ hashes of crops of the
  original on a fixed grid. Every side is cut in by 0, 3, 6 or 9 % (all
  4 x 4 x 4 x 4 combinations but the whole image: 255 crops). A copy cut by up
  to ~10 % on each side, unevenly, is then within ~1.5 % per side of one of
  them, which PDQ tolerates: on real photos, random uneven crops of 0-10 % per
  side (re-saved, rescaled or mirrored) came within 50 bits of their nearest
  region (median 24) while unrelated images stayed >= 84 bits away
  (benchmarks/robustness.py, docs/matching.md). Finer grids match slightly
  better and cost more storage: 2 % steps needed 1295 hashes.

The region hashes are computed the way PDQ computes a hash (luma, two
Jarosz box passes, decimation to 64 x 64, the 16 x 16 DCT block, the median),
written as matrices (:func:`leakhelp.pdq.axis_dct`, the same ones the main
PDQ hash uses) so that all 255 crops come out of two matrix products on a
256 x 256 copy. On a crop of the same pixels the result is bit-for-bit the
hash :func:`leakhelp.pdq.pdq_hash` gives (tests/test_matching.py checks it). A region hash is as
sensitive as the main PDQ hash: a coarse description of part of the image.
"""

from __future__ import annotations

from functools import cache
from itertools import product

import numpy as np
from PIL import Image

from .pdq import axis_dct, dct_to_hex, luma

#: Version of the region recipe below (insets, working size). Region hashes
#: made by another version are not compared.
REGION_SCHEME = 1

#: How far each side of the original is cut in for a region, as a fraction of
#: its length. Measured in benchmarks/robustness.py: steps of 3 % found every
#: uneven crop of 0-10 % per side within 50 bits (4 % steps: 91 % within 40;
#: 5 % steps: 61 %); a 10 % ceiling covers platform re-framing such as a 3:4
#: photo shown at 4:5 (6.25 % off the height).
REGION_INSETS: tuple[float, ...] = (0.0, 0.03, 0.06, 0.09)

#: Size of the square working copy the regions are computed on. PDQ reduces
#: every image to 64 x 64 after a tent filter; 256 px gave the same nearest
#: distances as the full decoded image (median 24 both) at a fraction of the
#: cost (< 5 ms per image instead of ~110 ms).
REGION_SIDE = 256

#: A line (row or column) is a uniform border when its luma varies less than
#: this (standard deviation, 0-255 scale): JPEG noise on a black bar stays well
#: below it. A truly flat edge of a photo (the sky at the top of camera.png)
#: is trimmed too; that is harmless, because originals get the same trimming
#: and the untrimmed hashes are always compared as well.
FLAT_LINE_STD = 3.0

#: ... and when no pixel in it is further than this from the line's mean (a
#: thin line of text or a hairline rule across a flat bar is not a border).
FLAT_LINE_RANGE = 24.0

#: Trimming that removes less than this fraction of a side is ignored: it moves
#: PDQ by a few bits only, and a second set of hashes would cost for nothing.
MIN_TRIM_FRACTION = 0.01

#: A run of flat lines inside the content splits it into blocks only when it
#: is at least this long (fraction of the side, and at least 2 pixels).
MIN_GAP_FRACTION = 0.01

#: A block smaller than this fraction of the image, or with a side under
#: MIN_BLOCK_SIDE pixels, is not hashed on its own (icons, text lines).
MIN_BLOCK_AREA = 0.10
MIN_BLOCK_SIDE = 48

#: At most this many blocks per image are hashed (largest first).
MAX_BLOCKS = 3

#: Borders are looked for on a grey copy at most this long: 1 pixel there is
#: at most 1 % of the side of a decoded image (<= ~1000 px), which moves PDQ
#: by a few bits, and a 1600 px image takes ~4 ms instead of ~40 ms.
BORDER_WORK_SIDE = 400

Box = tuple[int, int, int, int]  # left, top, right, bottom (pixels, right/bottom exclusive)


def _grid() -> tuple[tuple[float, float, float, float], ...]:
    """(left, top, right, bottom) insets of every region, in hash order."""
    windows = list(product(REGION_INSETS, REGION_INSETS))  # (start, end) per axis
    boxes = [(lx, ty, rx, by) for (ty, by) in windows for (lx, rx) in windows]
    return tuple(boxes[1:])  # the first one is the whole image


#: The region of each region hash, as (left, top, right, bottom) insets.
REGION_BOXES: tuple[tuple[float, float, float, float], ...] = _grid()
REGION_COUNT = len(REGION_BOXES)


# -- PDQ as matrices -------------------------------------------------------------------
@cache
def _region_operator(side: int) -> np.ndarray:
    """(16 * windows) x side: the axis operator of every (start, end) window, stacked."""
    windows = list(product(REGION_INSETS, REGION_INSETS))
    op = np.zeros((16 * len(windows), side), dtype=np.float64)
    for k, (start, end) in enumerate(windows):
        a = round(start * side)
        b = side - round(end * side)
        op[16 * k : 16 * k + 16, a:b] = axis_dct(b - a)
    return op.astype(np.float32)


def region_hashes(image: Image.Image) -> tuple[str, ...]:
    """PDQ hashes of the 255 grid crops of an RGB image (see :data:`REGION_BOXES`)."""
    side = REGION_SIDE
    if image.size != (side, side):
        shrinking = image.width >= side and image.height >= side
        method = Image.Resampling.BOX if shrinking else Image.Resampling.BILINEAR
        image = image.resize((side, side), method)
    lum = luma(np.asarray(image.convert("RGB")))
    op = _region_operator(side)
    # (16 * windows) x (16 * windows). einsum, not `@`: these products are
    # just big enough for OpenBLAS to start threads, and with the cores busy
    # (a process pool, other programs) that took 45-75 ms instead of ~2 ms;
    # numpy's own loop takes a steady ~5 ms.
    coeffs = np.einsum("ij,kj->ik", np.einsum("ij,jk->ik", op, lum), op)
    k = op.shape[0] // 16
    blocks = coeffs.reshape(k, 16, k, 16).transpose(0, 2, 1, 3).reshape(k * k, 16, 16)
    return tuple(dct_to_hex(blocks[1:]))


# -- uniform borders and blocks ----------------------------------------------------------
def _flat(lines: np.ndarray) -> np.ndarray:
    """Which rows of a 2-D luma array are uniform."""
    if lines.shape[1] == 0:
        return np.ones(lines.shape[0], dtype=bool)
    mean = lines.mean(axis=1, keepdims=True)
    dev = np.abs(lines - mean)
    flat: np.ndarray = (lines.std(axis=1) <= FLAT_LINE_STD) & (dev.max(axis=1) <= FLAT_LINE_RANGE)
    return flat


def _trim(g: np.ndarray, box: Box) -> Box:
    """Shrink a box while its outer rows or columns are uniform."""
    left, top, right, bottom = box
    for _round in range(3):
        before = (left, top, right, bottom)
        rows = _flat(g[top:bottom, left:right])
        keep = np.flatnonzero(~rows)
        if keep.size == 0:
            return (left, top, left, top)
        top, bottom = top + int(keep[0]), top + int(keep[-1]) + 1
        cols = _flat(g[top:bottom, left:right].T)
        keep = np.flatnonzero(~cols)
        if keep.size == 0:
            return (left, top, left, top)
        left, right = left + int(keep[0]), left + int(keep[-1]) + 1
        if (left, top, right, bottom) == before:
            break
    return (left, top, right, bottom)


def _gaps(flat: np.ndarray, min_gap: int) -> list[tuple[int, int]]:
    """Runs of True at least ``min_gap`` long, as (start, end)."""
    runs: list[tuple[int, int]] = []
    start = None
    for i, f in enumerate([*flat.tolist(), False]):
        if f and start is None:
            start = i
        elif not f and start is not None:
            if i - start >= min_gap:
                runs.append((start, i))
            start = None
    return runs


def _split(g: np.ndarray, box: Box, axis: int) -> list[Box]:
    """Cut a box at long runs of uniform rows (axis 0) or columns (axis 1)."""
    left, top, right, bottom = box
    part = g[top:bottom, left:right]
    lines = part if axis == 0 else part.T
    length = lines.shape[0]
    min_gap = max(2, int(MIN_GAP_FRACTION * length))
    cuts = _gaps(_flat(lines), min_gap)
    if not cuts:
        return [box]
    pieces: list[Box] = []
    start = 0
    for a, b in [*cuts, (length, length)]:
        if a > start:
            if axis == 0:
                pieces.append((left, top + start, right, top + a))
            else:
                pieces.append((left + start, top, left + a, bottom))
        start = b
    return pieces


def _blocks(g: np.ndarray, box: Box, depth: int) -> list[Box]:
    box = _trim(g, box)
    if box[2] <= box[0] or box[3] <= box[1]:
        return []
    if depth == 0:
        return [box]
    for axis in (0, 1):
        pieces = _split(g, box, axis)
        if len(pieces) > 1:
            out: list[Box] = []
            for piece in pieces:
                out.extend(_blocks(g, piece, depth - 1))
            return out
    return [box]


def _changed(box: Box, size: tuple[int, int]) -> bool:
    w, h = size
    left, top, right, bottom = box
    return (
        left >= MIN_TRIM_FRACTION * w
        or top >= MIN_TRIM_FRACTION * h
        or w - right >= MIN_TRIM_FRACTION * w
        or h - bottom >= MIN_TRIM_FRACTION * h
    )


def _grey(image: Image.Image) -> tuple[np.ndarray, int]:
    """A grey copy whose long side is at most BORDER_WORK_SIDE, and the factor used."""
    grey = image.convert("L")
    factor = -(-max(image.size) // BORDER_WORK_SIDE)
    if factor > 1:
        grey = grey.reduce(factor)
    return np.asarray(grey, dtype=np.float32), factor


def _scaled(box: Box, factor: int, size: tuple[int, int]) -> Box:
    w, h = size
    left, top, right, bottom = box
    return (
        left * factor,
        top * factor,
        min(w, right * factor),
        min(h, bottom * factor),
    )


def _big_enough(box: Box, min_side: int) -> bool:
    return box[2] - box[0] >= min_side and box[3] - box[1] >= min_side


def trim_box(image: Image.Image) -> Box | None:
    """The box inside uniform borders, or None when there are none worth trimming."""
    return content_boxes(image)[0]


def content_boxes(image: Image.Image) -> tuple[Box | None, list[Box]]:
    """What is worth hashing besides the whole image.

    Returns the content inside uniform borders (None when trimming would
    change less than :data:`MIN_TRIM_FRACTION` of a side) and the blocks of
    that content separated by uniform gaps, like a screenshot's bar and photo
    (largest first, at most :data:`MAX_BLOCKS`, each at least
    :data:`MIN_BLOCK_AREA` of the image). Boxes are in ``image`` pixels.
    """
    size = image.size
    g, factor = _grey(image)
    gh, gw = g.shape
    min_side = max(1, MIN_BLOCK_SIDE // factor)
    outer = _trim(g, (0, 0, gw, gh))
    if not _big_enough(outer, min_side):
        return None, []
    trimmed = _scaled(outer, factor, size) if _changed(outer, (gw, gh)) else None
    ow, oh = outer[2] - outer[0], outer[3] - outer[1]
    blocks: list[Box] = []
    for b in _blocks(g, outer, depth=3):
        area = (b[2] - b[0]) * (b[3] - b[1])
        if area < MIN_BLOCK_AREA * gw * gh or not _big_enough(b, min_side):
            continue
        inner = (b[0] - outer[0], b[1] - outer[1], b[2] - outer[0], b[3] - outer[1])
        if _changed(inner, (ow, oh)):
            blocks.append(b)
    blocks.sort(key=lambda b: (b[2] - b[0]) * (b[3] - b[1]), reverse=True)
    return trimmed, [_scaled(b, factor, size) for b in blocks[:MAX_BLOCKS]]
