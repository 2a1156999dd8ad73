"""Fingerprints x candidate images → matches, with numpy.

A :class:`MatchIndex` holds the fingerprints of a case (or of a hash-only
export) packed as 64-bit words: every PDQ dihedral variant (so mirrored and
rotated copies are found), the variants of the border-trimmed original when
it had borders, and the region hashes of :mod:`leakhelp.regions` (crops).
A candidate image is hashed as a whole and per content box (inside uniform
borders, each block of a screenshot), then compared with everything by XOR
and popcount.

Tiers (see docs/matching.md for the measurements behind every number):

``strong``
    PDQ within :data:`STRONG_DISTANCE` bits (Meta's own threshold) of a
    whole-image hash — of the original, of one of its rotations/mirror images,
    or of its content inside uniform borders — and both hashes of adequate
    quality (>= :data:`~leakhelp.fingerprint.PDQ_MIN_QUALITY`). Act on it.
``possible``
    A person should look: PDQ within the wider :data:`POSSIBLE_DISTANCE`
    band *and* phash and dhash (in the matched orientation) both close; or a
    region (crop) hash within :data:`REGION_DISTANCE`; or a strong-looking
    match on a low-quality (flat or tiny) image that phash/dhash confirm.

phash and dhash never make a match on their own: on real photos phash put a
different shot of the same scene 4 bits away (DESIGN.md).

Nothing here stores anything: candidate paths, pixels and hashes stay in
memory and are dropped when a result is returned.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import partial
from itertools import pairwise
from typing import Literal

import numpy as np
from PIL import Image

from .errors import LeakhelpError
from .fingerprint import PDQ_MIN_QUALITY, dhash64, phash64
from .i18n import why
from .imaging import decode_image
from .models import DIHEDRAL_NAMES, Fingerprint
from .pdq import pdq_dihedral
from .progress import Progress
from .regions import REGION_BOXES, REGION_COUNT, REGION_INSETS, Box, content_boxes
from .workers import ITEM_TIMEOUT, map_files

Tier = Literal["strong", "possible"]
Via = Literal["pdq", "trimmed", "region"]

#: Meta's PDQ match threshold (python-threatexchange PDQ_CONFIDENT_MATCH_THRESHOLD):
#: no false match on real photos at <= 31 (DESIGN.md: nearest unrelated pair
#: 94 bits); in benchmarks/robustness.py the nearest unrelated pair was 88.
STRONG_DISTANCE = 31

#: Upper end of the "possible" band for whole-image PDQ: only with phash and
#: dhash corroborating. Copies PDQ alone missed (a big caption over a flat
#: area) landed at 32-42 bits; unrelated images stayed >= 88 bits away
#: (benchmarks/robustness.py), so 63 leaves room on both sides.
POSSIBLE_DISTANCE = 63

#: phash (64 bits) corroborates when within this many bits in the matched
#: orientation; dhash likewise. Both must agree. True copies in the possible
#: band had phash <= 12, dhash <= 4 (benchmarks/robustness.py); no unrelated
#: image even reached the band. These never decide alone: phash put a
#: different shot of the same scene 4 bits away (DESIGN.md).
CORROBORATE_PHASH = 16
CORROBORATE_DHASH = 20

#: A region (crop) hash within this many bits of a candidate gives a
#: "possible" match. Crops and screenshots came within 50 bits of their
#: nearest region in 99 % of cases (median 22); unrelated images, hard
#: negatives included, stayed >= 76 bits from every region
#: (benchmarks/robustness.py).
REGION_DISTANCE = 50

#: A hash this flat (PDQ quality 0: no gradient anywhere, a black or white
#: frame) says nothing about the picture: it is never matched, not even as
#: "possible". Dark photos stay above it: at 10 % brightness the sample
#: photos kept a quality of 6-49, at 5 % of 1-16.
FLAT_QUALITY = 0

#: A copy is "rescaled" when its size differs from the original's by more
#: than this fraction, and "cropped" when its aspect ratio does.
RESCALE_TOLERANCE = 0.05
ASPECT_TOLERANCE = 0.03

#: Distance between neighbouring region insets (fraction of a side).
_REGION_STEP = max(b - a for a, b in pairwise(REGION_INSETS))

#: Chunk of stored hashes compared at once: 64k hashes x 8 bytes per word is
#: 512 KB, which stays in cache while the four words are XOR-ed and counted.
_CHUNK = 1 << 16

#: Dihedral variants that swap width and height.
_TRANSPOSING = frozenset({1, 3, 6, 7})
#: variant k's inverse: rotate-90 undoes rotate-270; the others undo themselves.
_INVERSE = (0, 3, 2, 1, 4, 5, 6, 7)
#: PIL transpose that turns a copy made by variant k back into the original.
_UNDO: tuple[Image.Transpose | None, ...] = (
    None,
    Image.Transpose.ROTATE_270,
    Image.Transpose.ROTATE_180,
    Image.Transpose.ROTATE_90,
    Image.Transpose.FLIP_TOP_BOTTOM,
    Image.Transpose.FLIP_LEFT_RIGHT,
    Image.Transpose.TRANSPOSE,
    Image.Transpose.TRANSVERSE,
)
#: How each variant looks to a person: PDQ's rotate-90 is a quarter turn
#: anticlockwise, flip-y a left-right mirror image, flip-x upside down,
#: flip-plus-1/flip-minus-1 a mirror along a diagonal (a turn and a mirror).
_VARIANT_HOW: tuple[tuple[str, ...], ...] = (
    (),
    ("rotated",),
    ("rotated",),
    ("rotated",),
    ("mirrored", "rotated"),
    ("mirrored",),
    ("mirrored", "rotated"),
    ("mirrored", "rotated"),
)


# -- packed hashes ---------------------------------------------------------------------
if hasattr(np, "bitwise_count"):  # numpy >= 2.0

    def _popcount(words: np.ndarray, out: np.ndarray) -> np.ndarray:
        result: np.ndarray = np.bitwise_count(words, out=out)
        return result

else:  # pragma: no cover - numpy 1.26
    _BYTE_BITS = np.array([bin(i).count("1") for i in range(256)], dtype=np.uint8)

    def _popcount(words: np.ndarray, out: np.ndarray) -> np.ndarray:
        counts = _BYTE_BITS[words.view(np.uint8)].reshape(len(words), 8)
        result: np.ndarray = counts.sum(axis=1, dtype=np.uint8, out=out)
        return result


def pack_hashes(hashes: Sequence[str]) -> np.ndarray:
    """256-bit hex hashes → a (4, n) array of uint64 words (one row per word)."""
    if not hashes:
        return np.zeros((4, 0), dtype=np.uint64)
    raw = np.frombuffer(b"".join(bytes.fromhex(h) for h in hashes), dtype=np.uint64)
    if raw.size != 4 * len(hashes):
        raise ValueError("every hash must be 256 bits (64 hex digits)")
    return np.ascontiguousarray(raw.reshape(len(hashes), 4).T)


class HashIndex:
    """256-bit hashes in four contiguous uint64 columns, compared by XOR + popcount.

    Column-major words let numpy XOR and count one word of 64k hashes at a
    time in cache; on one core this compares some 250 million hashes per
    second (benchmarks/match_speed.py).
    """

    def __init__(self, words: np.ndarray) -> None:
        if words.ndim != 2 or words.shape[0] != 4 or words.dtype != np.uint64:
            raise ValueError("expected a (4, n) uint64 array")
        self.words = np.ascontiguousarray(words)

    @classmethod
    def from_hex(cls, hashes: Sequence[str]) -> HashIndex:
        return cls(pack_hashes(hashes))

    def __len__(self) -> int:
        return int(self.words.shape[1])

    def distances(self, query: str | np.ndarray) -> np.ndarray:
        """Hamming distance (uint16) from ``query`` to every stored hash."""
        q = pack_hashes([query])[:, 0] if isinstance(query, str) else query
        n = len(self)
        out = np.empty(n, dtype=np.uint16)
        size = min(n, _CHUNK)
        xor = np.empty(size, dtype=np.uint64)
        bits = np.empty(size, dtype=np.uint8)
        for start in range(0, n, _CHUNK):
            stop = min(start + _CHUNK, n)
            m = stop - start
            acc = out[start:stop]
            np.bitwise_xor(self.words[0, start:stop], q[0], out=xor[:m])
            np.copyto(acc, _popcount(xor[:m], bits[:m]))
            for w in (1, 2, 3):
                np.bitwise_xor(self.words[w, start:stop], q[w], out=xor[:m])
                np.add(acc, _popcount(xor[:m], bits[:m]), out=acc)
        return out

    def nearest_of(self, queries: Sequence[str | np.ndarray]) -> np.ndarray:
        """For every stored hash, the distance to the nearest of several queries."""
        dist = self.distances(queries[0])
        for query in queries[1:]:
            np.minimum(dist, self.distances(query), out=dist)
        return dist

    def within(
        self, queries: Sequence[str | np.ndarray], max_distance: int
    ) -> tuple[np.ndarray, np.ndarray]:
        """Rows within ``max_distance`` bits of any query, with distances, nearest first."""
        dist = self.nearest_of(queries)
        rows = np.flatnonzero(dist <= max_distance)
        order = np.argsort(dist[rows], kind="stable")
        return rows[order], dist[rows][order]


def hex_distance(a: str, b: str) -> int:
    """Bits that differ between two hex hashes of the same length."""
    return (int(a, 16) ^ int(b, 16)).bit_count()


# -- values ------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Match:
    """A candidate that is (strong) or may be (possible) a copy of one original.

    ``ref`` names the fingerprint (its label, ``#id`` or the export's ref) and
    ``index`` is its position in the fingerprints the index was made from.
    ``distance`` is in PDQ bits (of 256); ``variant`` the dihedral variant
    that matched (``"flip-y"``: a mirror image); ``how`` says in words how
    the copy differs: ``mirrored``, ``rotated``, ``rescaled``, ``cropped``,
    ``bordered``.
    """

    tier: Tier
    ref: str
    index: int
    distance: int
    variant: str
    via: Via
    how: tuple[str, ...] = ()
    phash_distance: int | None = None
    dhash_distance: int | None = None
    low_quality: bool = False
    region: tuple[float, float, float, float] | None = None


@dataclass(frozen=True, slots=True)
class ScanResult:
    """One candidate file: its best match (or none), or why it could not be read.

    ``quality`` is the candidate's PDQ quality; ``low_quality`` says that it
    is below the reliable minimum (a flat or tiny image), in which case it is
    only ever a ``possible`` match, and only when phash and dhash agree.
    """

    path: str
    match: Match | None = None
    quality: int | None = None
    low_quality: bool = False
    error: str | None = None
    #: Other originals the same image matches (a collage), best first.
    also: tuple[Match, ...] = ()

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass(frozen=True, slots=True)
class _Entry:
    ref: str
    quality: int
    phash: str
    dhash: str
    width: int
    height: int
    has_trimmed: bool


@dataclass(slots=True)
class _View:
    """One way of looking at a candidate: the whole image, or a content box."""

    kind: Literal["full", "trimmed", "block"]
    image: Image.Image
    box: Box
    hashes: tuple[str, ...]
    tent: tuple[str, ...]
    quality: int
    _small: dict[int, tuple[str, str]] = field(default_factory=dict)

    def queries(self, variant: int = 0) -> tuple[str, str]:
        """The view's PDQ hash and its tent-filtered twin, for one dihedral variant."""
        return self.hashes[variant], self.tent[variant]

    def small_hashes(self, undo: int) -> tuple[str, str]:
        """phash and dhash of the view turned back by variant ``undo`` (cached)."""
        if undo not in self._small:
            method = _UNDO[undo]
            img = self.image if method is None else self.image.transpose(method)
            grey = img.convert("L")
            self._small[undo] = (phash64(grey), dhash64(grey))
        return self._small[undo]


_TIER_RANK = {"strong": 2, "possible": 1}


def better(a: Match | None, b: Match | None) -> Match | None:
    """The stronger of two matches (tier first, then the smaller distance)."""
    if a is None:
        return b
    if b is None:
        return a
    ka = (_TIER_RANK[a.tier], -a.distance)
    kb = (_TIER_RANK[b.tier], -b.distance)
    return a if ka >= kb else b


# -- the index ---------------------------------------------------------------------------
class MatchIndex:
    """The fingerprints of a case or export, packed for matching.

    Build it from ``(ref, fingerprint)`` pairs; it keeps no paths and no
    pixels, and it pickles (the scan's worker processes each get a copy).
    """

    def __init__(self, items: Iterable[tuple[str, Fingerprint]]) -> None:
        entries: list[_Entry] = []
        pdq: list[str] = []
        pdq_owner: list[int] = []
        pdq_variant: list[int] = []
        pdq_trimmed: list[bool] = []
        regions: list[str] = []
        region_owner: list[int] = []
        for i, (ref, fp) in enumerate(items):
            entries.append(
                _Entry(ref, fp.quality, fp.phash, fp.dhash, fp.width, fp.height, bool(fp.trimmed))
            )
            variants = fp.dihedral if len(fp.dihedral) == 8 else (fp.pdq,)
            for trimmed, hashes in ((False, variants), (True, fp.trimmed)):
                for k, h in enumerate(hashes):
                    pdq.append(h)
                    pdq_owner.append(i)
                    pdq_variant.append(k)
                    pdq_trimmed.append(trimmed)
            if len(fp.regions) == REGION_COUNT:
                regions.extend(fp.regions)
                region_owner.extend([i] * REGION_COUNT)
        self._entries = tuple(entries)
        self._pdq = HashIndex.from_hex(pdq)
        self._pdq_owner = np.asarray(pdq_owner, dtype=np.int64)
        self._pdq_variant = np.asarray(pdq_variant, dtype=np.int8)
        self._pdq_trimmed = np.asarray(pdq_trimmed, dtype=bool)
        self._regions = HashIndex.from_hex(regions)
        self._region_owner = np.asarray(region_owner, dtype=np.int64)

    def __len__(self) -> int:
        return len(self._entries)

    @property
    def refs(self) -> tuple[str, ...]:
        return tuple(e.ref for e in self._entries)

    @property
    def hash_count(self) -> int:
        """Stored hashes compared per query: whole-image variants plus regions."""
        return len(self._pdq) + len(self._regions)

    # -- candidates ------------------------------------------------------------------
    def matches_image(
        self, image: Image.Image, *, width: int | None = None, height: int | None = None
    ) -> tuple[list[Match], int]:
        """Every original a decoded RGB image matches (best first), and its PDQ quality.

        Usually one; a collage or a screenshot of a gallery can show several.
        ``width``/``height`` are the size of the image as shown when ``image``
        is a reduced copy (see :func:`leakhelp.imaging.decode_image`).
        """
        views, scale = _views(image, width, height)
        found: dict[int, Match] = {}
        for view in views:
            for owner, match in [*self._match_pdq(view, scale).items(),
                                 *self._match_regions(view, scale).items()]:  # fmt: skip
                best = better(found.get(owner), match)
                if best is not None:
                    found[owner] = best
        ranked = sorted(found.values(), key=lambda m: (-_TIER_RANK[m.tier], m.distance, m.index))
        return ranked, views[0].quality

    def match_image(
        self, image: Image.Image, *, width: int | None = None, height: int | None = None
    ) -> tuple[Match | None, int]:
        """Best match of a decoded RGB image (or None), and the image's PDQ quality."""
        found, quality = self.matches_image(image, width=width, height=height)
        return (found[0] if found else None), quality

    def nearest_image(
        self, image: Image.Image, *, width: int | None = None, height: int | None = None
    ) -> dict[str, tuple[int, int | None]]:
        """For every fingerprint: the nearest whole-image and region distances (diagnostics).

        Whole-image: over all views of the candidate and all stored variants;
        region: over all views and their eight variants (None without regions).
        Quality and tiers are ignored; benchmarks/robustness.py uses this to
        measure the margins behind the thresholds.
        """
        views, _scale = _views(image, width, height)
        n = len(self._entries)
        pdq = np.full(n, 256, dtype=np.int64)
        reg = np.full(n, 256, dtype=np.int64)
        for view in views:
            if len(self._pdq):
                np.minimum.at(pdq, self._pdq_owner, self._pdq.nearest_of(view.queries()))
            if len(self._regions):
                for j in range(8):
                    dist = self._regions.nearest_of(view.queries(j))
                    np.minimum.at(reg, self._region_owner, dist)
        has_regions = np.zeros(n, dtype=bool)
        has_regions[self._region_owner] = True
        return {
            e.ref: (int(pdq[i]), int(reg[i]) if has_regions[i] else None)
            for i, e in enumerate(self._entries)
        }

    def match_file(self, source: str | os.PathLike[str] | bytes) -> tuple[Match | None, int]:
        """Decode a file (or bytes, e.g. fetched during a status check) and match it."""
        found, quality = self.matches_file(source)
        return (found[0] if found else None), quality

    def matches_file(self, source: str | os.PathLike[str] | bytes) -> tuple[list[Match], int]:
        """Decode a file (or bytes) and return every match, best first (see matches_image)."""
        decoded = decode_image(source)
        return self.matches_image(decoded.image, width=decoded.width, height=decoded.height)

    def match_fingerprint(self, fp: Fingerprint) -> Match | None:
        """Best match for a fingerprint alone (no pixels: no borders, no regions).

        phash/dhash corroborate only in the original orientation here.
        """
        best: Match | None = None
        rows, dists = self._pdq.within([fp.pdq], POSSIBLE_DISTANCE)
        for row, dist in zip(rows.tolist(), dists.tolist(), strict=True):
            owner = int(self._pdq_owner[row])
            k = int(self._pdq_variant[row])
            entry = self._entries[owner]
            if min(fp.quality, entry.quality) <= FLAT_QUALITY:
                continue
            low = fp.quality < PDQ_MIN_QUALITY or entry.quality < PDQ_MIN_QUALITY
            ph = hex_distance(fp.phash, entry.phash) if k == 0 else None
            dh = hex_distance(fp.dhash, entry.dhash) if k == 0 else None
            tier = _tier(dist, low, ph, dh)
            if tier is not None:
                via: Via = "trimmed" if self._pdq_trimmed[row] else "pdq"
                best = better(
                    best,
                    Match(tier, entry.ref, owner, dist, DIHEDRAL_NAMES[k], via,
                          _VARIANT_HOW[k], ph, dh, low),
                )  # fmt: skip
        return best

    # -- internals -------------------------------------------------------------------
    def _match_pdq(self, view: _View, scale: tuple[float, float]) -> dict[int, Match]:
        """Whole-image matches of one view: the best per original."""
        found: dict[int, Match] = {}
        if len(self._pdq) == 0:
            return found
        rows, dists = self._pdq.within(view.queries(), POSSIBLE_DISTANCE)
        seen: set[int] = set()
        for row, dist in zip(rows.tolist(), dists.tolist(), strict=True):
            owner = int(self._pdq_owner[row])
            if owner in seen:
                continue  # rows come nearest first: the owner's best variant was tried
            seen.add(owner)
            entry = self._entries[owner]
            k = int(self._pdq_variant[row])
            trimmed_original = bool(self._pdq_trimmed[row])
            if min(view.quality, entry.quality) <= FLAT_QUALITY:
                continue
            low = view.quality < PDQ_MIN_QUALITY or entry.quality < PDQ_MIN_QUALITY
            ph = dh = None
            if dist > STRONG_DISTANCE or low:
                ph, dh = (
                    hex_distance(a, b)
                    for a, b in zip(view.small_hashes(k), (entry.phash, entry.dhash), strict=True)
                )
            tier = _tier(dist, low, ph, dh)
            if tier is None:
                continue
            how = _how(view, entry, k, scale, matched_trimmed=trimmed_original)
            via: Via = "trimmed" if trimmed_original or view.kind != "full" else "pdq"
            found[owner] = Match(
                tier, entry.ref, owner, dist, DIHEDRAL_NAMES[k], via, how, ph, dh, low
            )
        return found

    def _match_regions(self, view: _View, scale: tuple[float, float]) -> dict[int, Match]:
        """Region (crop) matches of one view: the best per original, all "possible"."""
        found: dict[int, Match] = {}
        if len(self._regions) == 0 or view.quality < PDQ_MIN_QUALITY:
            return found
        for j in range(8):
            rows, dists = self._regions.within(view.queries(j), REGION_DISTANCE)
            seen: set[int] = set()
            for row, dist in zip(rows.tolist(), dists.tolist(), strict=True):
                owner = int(self._region_owner[row])
                if owner in seen:
                    continue  # rows come nearest first
                seen.add(owner)
                entry = self._entries[owner]
                if entry.quality < PDQ_MIN_QUALITY:
                    continue  # a flat original's crops are flat too: never match on them
                region = REGION_BOXES[row % REGION_COUNT]
                k = _INVERSE[j]  # the copy is the original turned by the inverse of j
                how = _how(view, entry, k, scale, region=region)
                match = Match("possible", entry.ref, owner, dist, DIHEDRAL_NAMES[k], "region",
                              how, region=region)  # fmt: skip
                best = better(found.get(owner), match)
                if best is not None:
                    found[owner] = best
        return found


def _tier(dist: int, low: bool, ph: int | None, dh: int | None) -> Tier | None:
    corroborated = (
        ph is not None and dh is not None and ph <= CORROBORATE_PHASH and dh <= CORROBORATE_DHASH
    )
    if dist <= STRONG_DISTANCE and not low:
        return "strong"
    if dist <= POSSIBLE_DISTANCE and corroborated:
        return "possible"
    return None


def _views(
    image: Image.Image, width: int | None, height: int | None
) -> tuple[list[_View], tuple[float, float]]:
    """The whole image, its content inside uniform borders and its blocks, hashed."""
    if image.mode != "RGB":
        image = image.convert("RGB")
    scale = ((width or image.width) / image.width, (height or image.height) / image.height)
    views = [_view("full", image, (0, 0, image.width, image.height))]
    trimmed, blocks = content_boxes(image)
    if trimmed is not None:
        views.append(_view("trimmed", image.crop(trimmed), trimmed))
    views += [_view("block", image.crop(b), b) for b in blocks]
    return views, scale


def _view(kind: Literal["full", "trimmed", "block"], image: Image.Image, box: Box) -> _View:
    hashes, quality = _dihedral(image)
    tent, _q = _dihedral(image.resize((64, 64), Image.Resampling.BILINEAR))
    return _View(kind, image, box, hashes, tent, quality)


def _dihedral(image: Image.Image) -> tuple[tuple[str, ...], int]:
    return pdq_dihedral(np.asarray(image))


def _how(
    view: _View,
    entry: _Entry,
    variant: int,
    scale: tuple[float, float],
    *,
    matched_trimmed: bool = False,
    region: tuple[float, float, float, float] | None = None,
) -> tuple[str, ...]:
    """In words, how the copy differs from the original (best effort)."""
    how = list(_VARIANT_HOW[variant])
    if region is not None:
        how.append("cropped")
    if view.kind != "full" and not entry.has_trimmed:
        how.append("bordered")  # the original had no uniform border; the copy has
    if matched_trimmed and view.kind == "full":
        how.append("cropped")  # the original's uniform edge is gone from the copy
    if entry.has_trimmed or entry.width <= 0 or entry.height <= 0:
        return _ordered(how)  # the size of the original's content is not known
    w = (view.box[2] - view.box[0]) * scale[0]
    h = (view.box[3] - view.box[1]) * scale[1]
    if variant in _TRANSPOSING:
        w, h = h, w
    inset = region or (0.0, 0.0, 0.0, 0.0)
    ow = entry.width * (1 - inset[0] - inset[2])
    oh = entry.height * (1 - inset[1] - inset[3])
    # A region is up to half a grid step off on each side.
    slack = 0.0 if region is None else 2 * _REGION_STEP
    if max(abs(w / ow - 1), abs(h / oh - 1)) > RESCALE_TOLERANCE + slack:
        how.append("rescaled")
    if abs((w / h) / (ow / oh) - 1) > ASPECT_TOLERANCE + slack:
        how.append("cropped")
    return _ordered(how)


_HOW_ORDER = ("mirrored", "rotated", "rescaled", "cropped", "bordered")


def _ordered(how: Iterable[str]) -> tuple[str, ...]:
    found = set(how)
    return tuple(h for h in _HOW_ORDER if h in found)


# -- scanning files ----------------------------------------------------------------------
_WORKER_INDEX: MatchIndex | None = None


def _init_worker(index: MatchIndex) -> None:
    global _WORKER_INDEX
    _WORKER_INDEX = index


def scan_one(path: str, index: MatchIndex | None = None) -> ScanResult:
    """Decode, hash and match one candidate file. Never raises for a bad file."""
    index = index if index is not None else _WORKER_INDEX
    if index is None:
        raise RuntimeError("scan_one needs an index")
    try:
        found, quality = index.matches_file(path)
    except LeakhelpError as exc:
        return ScanResult(path=path, error=str(exc))
    except Exception as exc:  # one strange file must never stop a batch
        return ScanResult(path=path, error=why("unexpected", detail=type(exc).__name__))
    return ScanResult(
        path=path,
        match=found[0] if found else None,
        quality=quality,
        low_quality=quality < PDQ_MIN_QUALITY,
        also=tuple(found[1:]),
    )


def scan_files(
    paths: Iterable[str | os.PathLike[str]],
    index: MatchIndex,
    *,
    workers: int | None = None,
    progress: Progress | None = None,
    timeout: float | None = ITEM_TIMEOUT,
) -> Iterator[ScanResult]:
    """Match many candidate files against ``index``, one result per file, in order.

    Like :func:`leakhelp.fingerprint.hash_files`: ``workers=None`` uses every
    core from :data:`~leakhelp.workers.PARALLEL_MIN_FILES` files on,
    ``workers=1`` stays in this process. Each worker process gets a copy of
    the index and decodes, hashes and matches whole files, so only small
    results travel back. Errors are results, never exceptions; a file that
    crashes its worker is reported and the others are still scanned. Nothing
    is written anywhere.
    """
    return map_files(
        [os.fspath(p) for p in paths],
        partial(scan_one, index=index),
        failed=_failed,
        workers=workers,
        progress=progress,
        description="scanning",
        pool_work=scan_one,
        initializer=_init_worker,
        initargs=(index,),
        timeout=timeout,
    )


def _failed(path: str, message: str) -> ScanResult:
    return ScanResult(path=path, error=message)
