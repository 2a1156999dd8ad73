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
different shot of the same scene 4 bits away (docs/matching.md, "The rules
and where every number comes from").

Nothing here stores anything: candidate paths, pixels and hashes stay in
memory and are dropped when a result is returned.
"""

from __future__ import annotations

import os
import sys
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
#: no false match on real photos at <= 31 (in benchmarks/robustness.py the
#: nearest unrelated pair was 88 bits; docs/matching.md).
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
#: different shot of the same scene 4 bits away (docs/matching.md).
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


def hash_rows(hashes: Sequence[str]) -> np.ndarray:
    """256-bit hex hashes → an (n, 4) array of uint64 words: each row a hash's 32 bytes."""
    raw = np.frombuffer(b"".join(bytes.fromhex(h) for h in hashes), dtype=np.uint64)
    if raw.size != 4 * len(hashes):
        raise ValueError("every hash must be 256 bits (64 hex digits)")
    return raw.reshape(len(hashes), 4)


def rows_of_bytes(data: bytes | bytearray) -> np.ndarray:
    """Packed 32-byte hashes (as the store and the binary export keep them) → (n, 4) words."""
    if len(data) % 32:
        raise ValueError("packed hashes come in 32 bytes each")
    return np.frombuffer(data, dtype=np.uint64).reshape(-1, 4)


def pack_hashes(hashes: Sequence[str]) -> np.ndarray:
    """256-bit hex hashes → a (4, n) array of uint64 words (one row per word)."""
    if not hashes:
        return np.zeros((4, 0), dtype=np.uint64)
    return np.ascontiguousarray(hash_rows(hashes).T)


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


def _distances(rows: np.ndarray, queries: np.ndarray) -> np.ndarray:
    """Bits that differ between (m, 4) hashes and (m, 4) (or (1, 4)) queries, as uint16."""
    xor = np.bitwise_xor(rows, queries)
    bits = _popcount(xor.ravel(), np.empty(xor.size, dtype=np.uint8)).reshape(xor.shape)
    out = bits[:, 0].astype(np.uint16)  # adding columns beats sum(axis=1) on 4 columns
    for word in (1, 2, 3):
        out += bits[:, word]
    return out


#: The substring index cuts a 256-bit hash into this many 16-bit pieces.
_SUBSTRINGS = 16
_SUBSTRING_VALUES = 1 << 16

#: Candidates a substring index may hand over per query (expected, on hashes
#: that look random): it probes as many bit flips per piece as fit in this.
_CANDIDATE_BUDGET = 8192

#: Bit flips of one 16-bit piece, by how many bits they flip (0, 1, 2).
_FLIPS = (
    np.zeros(1, dtype=np.uint16),
    np.array([1 << b for b in range(16)], dtype=np.uint16),
    np.array([(1 << a) | (1 << b) for a in range(16) for b in range(a + 1, 16)], dtype=np.uint16),
)


def _substring(rows: np.ndarray, piece: int) -> np.ndarray:
    """16-bit piece ``piece`` (0-15) of every hash in (n, 4) rows, as uint16."""
    shifted = rows[:, piece // 4] >> np.uint64(16 * (piece % 4))
    piece_values: np.ndarray = (shifted & np.uint64(0xFFFF)).astype(np.uint16)
    return piece_values


#: Column of piece p in a row's 16 uint16 (the row's memory read as uint16): piece p is
#: bits 16 (p % 4) and up of word p // 4, which comes first in memory on little-endian.
_PIECE_COLUMNS = tuple(
    p if sys.byteorder == "little" else 4 * (p // 4) + 3 - p % 4 for p in range(_SUBSTRINGS)
)

#: Rows a streamed search reads at a time (2 MB of hashes): memory stays bounded.
_STREAM_ROWS = 1 << 16


def _pieces(rows: np.ndarray) -> np.ndarray:
    """(n, 4) uint64 rows read as (n, 16) uint16, without a copy (see :data:`_PIECE_COLUMNS`)."""
    return np.ascontiguousarray(rows).view(np.uint16).reshape(-1, _SUBSTRINGS)


class SubstringIndex:
    """Multi-index hashing: 256-bit hashes found through their 16-bit pieces.

    Each of the 16 pieces has a table: the rows ordered by the piece's value,
    with where each value starts. A query looks up every piece's value and
    the values within ``probe_radius`` bit flips of it, and the rows found
    are compared in full. A stored hash within d bits of the query differs in
    d bits over 16 pieces, so it shares at least one piece within
    ``probe_radius`` whenever d <= 16 * (probe_radius + 1) - 1 (pigeonhole):
    exact up to 15, 31 or 47 bits for a radius of 0, 1 or 2. Beyond that a
    match is found only when its differing bits leave one piece (nearly)
    untouched, which measured recall (docs/matching.md) covers.

    The radius is the largest whose expected candidates per query stay within
    :data:`_CANDIDATE_BUDGET` (it shrinks as the index grows), unless given.

    With ``build=False`` the tables are made only when :meth:`build` is called;
    until then a search reads every row once and keeps those sharing a piece
    (within the same radius) with a query: the same candidates, without the 16
    sorts that cost as much as several such passes over 25 million region
    hashes (docs/matching.md, "A case from the store, per command").
    """

    def __init__(
        self, rows: np.ndarray, probe_radius: int | None = None, *, build: bool = True
    ) -> None:
        n = int(rows.shape[0])
        self.rows = np.ascontiguousarray(rows)
        if probe_radius is None:
            probe_radius = 0
            while (
                probe_radius + 1 < len(_FLIPS)
                and _SUBSTRINGS * _probes(probe_radius + 1) * n / _SUBSTRING_VALUES
                <= _CANDIDATE_BUDGET
            ):
                probe_radius += 1
        self.probe_radius = probe_radius
        self._flips = np.concatenate(_FLIPS[: probe_radius + 1])
        self._ids: np.ndarray | None = None
        self._starts: np.ndarray | None = None
        if build:
            self.build()

    @property
    def built(self) -> bool:
        return self._ids is not None

    def build(self) -> None:
        """Make the 16 tables (once)."""
        if self._ids is not None:
            return
        n = len(self)
        ids = np.empty((_SUBSTRINGS, n), dtype=np.uint32 if n < 1 << 32 else np.int64)
        starts = np.zeros((_SUBSTRINGS, _SUBSTRING_VALUES + 1), dtype=np.int64)
        pieces = _pieces(self.rows)
        for piece in range(_SUBSTRINGS):
            key = np.ascontiguousarray(pieces[:, _PIECE_COLUMNS[piece]])
            ids[piece] = np.argsort(key, kind="stable")  # a radix sort for uint16
            np.cumsum(np.bincount(key, minlength=_SUBSTRING_VALUES), out=starts[piece, 1:])
        self._ids, self._starts = ids, starts

    def __len__(self) -> int:
        return int(self.rows.shape[0])

    @property
    def nbytes(self) -> int:
        """Memory of the tables (the hashes themselves not counted)."""
        if self._ids is None or self._starts is None:
            return 0
        return int(self._ids.nbytes + self._starts.nbytes)

    def _probes_of(self, queries: np.ndarray) -> np.ndarray:
        """(16, q, probes) piece values to look up: each query's pieces and their flips."""
        pieces = np.stack([_substring(queries, p) for p in range(_SUBSTRINGS)])  # (16, q)
        return (pieces[:, :, None] ^ self._flips[None, None, :]).astype(np.int64)

    def candidates(self, queries: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Rows sharing a piece (within the probe radius) with a query, and that query's number.

        ``queries`` are (q, 4) words. A row can come more than once.
        """
        if self._ids is None or self._starts is None:
            return self._streamed(queries)
        n = len(self)
        probes = self._probes_of(queries)
        table = np.arange(_SUBSTRINGS, dtype=np.int64)[:, None, None]
        starts = self._starts[table, probes]
        stops = self._starts[table, probes + 1]
        offset = table * n
        positions = _ranges((starts + offset).ravel(), (stops + offset).ravel())
        rows = self._ids.ravel()[positions].astype(np.int64)
        column = np.broadcast_to(np.arange(queries.shape[0])[None, :, None], probes.shape)
        return rows, np.repeat(column.ravel(), (stops - starts).ravel())

    def _streamed(self, queries: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """:meth:`candidates` without the tables (each row once per query it meets).

        Per piece a table of 65,536 bit masks says which queries (up to 64 at a
        time) a value meets; every row's 16 pieces are looked up in it.
        """
        all_probes = self._probes_of(queries)
        pieces = _pieces(self.rows)
        rows_out: list[np.ndarray] = []
        numbers_out: list[np.ndarray] = []
        for first in range(0, queries.shape[0], 64):
            probes = all_probes[:, first : first + 64]
            group = probes.shape[1]
            bits = np.repeat(np.uint64(1) << np.arange(group, dtype=np.uint64), probes.shape[2])
            masks = np.zeros((_SUBSTRINGS, _SUBSTRING_VALUES), dtype=np.uint64)
            for piece in range(_SUBSTRINGS):
                np.bitwise_or.at(masks[piece], probes[piece].ravel(), bits)
            hits, met = [], []
            for start in range(0, len(self), _STREAM_ROWS):
                block = pieces[start : start + _STREAM_ROWS]
                acc = np.take(masks[0], block[:, _PIECE_COLUMNS[0]])
                for piece in range(1, _SUBSTRINGS):  # np.take: faster than [] here
                    acc |= np.take(masks[piece], block[:, _PIECE_COLUMNS[piece]])
                hit = np.flatnonzero(acc)
                hits.append(hit + start)
                met.append(acc[hit])
            hit_rows, hit_masks = np.concatenate(hits), np.concatenate(met)
            for j in range(group):
                mine = hit_rows[(hit_masks >> np.uint64(j)) & np.uint64(1) != 0]
                rows_out.append(mine)
                numbers_out.append(np.full(mine.size, first + j, dtype=np.int64))
        if not rows_out:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        return np.concatenate(rows_out).astype(np.int64), np.concatenate(numbers_out)

    def within(
        self, queries: np.ndarray, max_distance: int, twins: np.ndarray | None = None
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(rows, query numbers, distances) of the candidates within ``max_distance`` bits.

        With ``twins`` (one per query, e.g. the tent-filtered hash of the same
        picture), a candidate's distance is to the nearer of query and twin;
        only the queries are looked up (twins are a few bits from them).
        """
        rows, number = self.candidates(queries)
        found = np.take(self.rows, rows, axis=0)
        dist = _distances(found, np.take(queries, number, axis=0))
        if twins is not None:
            np.minimum(dist, _distances(found, np.take(twins, number, axis=0)), out=dist)
        keep = dist <= max_distance
        return rows[keep], number[keep], dist[keep]


def _probes(radius: int) -> int:
    return sum(len(f) for f in _FLIPS[: radius + 1])


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
Search = Literal["auto", "exact", "index"]

#: Below this many stored hashes (of a kind: whole-image or region) a search
#: compares the candidate with every hash (exact, and about a millisecond at
#: this size); from it on the substring index narrows the search first
#: (docs/matching.md, benchmarks/match_scale.py).
EXHAUSTIVE_MAX_ROWS = 1 << 16
#: Region searches (one per candidate image) a :class:`MatchIndex` makes by reading
#: every region hash (:class:`SubstringIndex` with ``build=False``) before it makes
#: the region tables, unless :meth:`MatchIndex.prepare` was told how many images
#: come: making them cost as much as 7-14 such reads on 25 million region hashes
#: (benchmarks/case_scale.py, docs/matching.md).
STREAMED_SEARCHES = 12
#: A scan of this many images or more makes the region tables first, once, in the
#: process that then forks its workers; fewer read the region hashes once per image
#: that needs them (about 4 in 10 need them: whole-image matches do not).
TABLES_FROM_IMAGES = 64

#: A whole-image hit in the substring index (the candidate turned by variant
#: j against an original's key, its variant 0) is looked at more closely when
#: at most this many bits away. What decides is the candidate as it is against
#: every stored variant of that original; both measure the same DCT
#: coefficients, so they stay a few bits apart, while unrelated hashes sit
#: near 128 (fewer than 1 in 40,000 come this close).
_PREFILTER_DISTANCE = POSSIBLE_DISTANCE + 32

_NO_HASHES = np.zeros((0, 4), dtype=np.uint64)


@dataclass(frozen=True, slots=True)
class FingerprintTable:
    """Fingerprints as arrays of packed hashes: what a :class:`MatchIndex` is made of.

    Item ``i`` of the per-fingerprint arrays is fingerprint ``i``; ``pdq``
    holds every whole-image hash (the dihedral variants, then the trimmed
    ones) with its ``pdq_owner``, ``pdq_variant`` and ``pdq_trimmed``, the
    rows of one fingerprint next to each other; ``regions`` holds
    :data:`REGION_COUNT` region hashes per fingerprint that has them, with
    ``region_owner``. Hashes are (n, 4) uint64 rows, each the hash's 32 bytes
    (:func:`hash_rows`, :func:`rows_of_bytes`); phash/dhash their 64-bit values.
    """

    refs: tuple[str, ...]
    quality: np.ndarray
    phash: np.ndarray
    dhash: np.ndarray
    width: np.ndarray
    height: np.ndarray
    has_trimmed: np.ndarray
    pdq: np.ndarray
    pdq_owner: np.ndarray
    pdq_variant: np.ndarray
    pdq_trimmed: np.ndarray
    regions: np.ndarray
    region_owner: np.ndarray

    @classmethod
    def of(cls, items: Iterable[tuple[str, Fingerprint]]) -> FingerprintTable:
        """The table of ``(ref, fingerprint)`` pairs (hex hashes are packed here)."""
        refs: list[str] = []
        small: list[tuple[int, int, int, int, int, bool]] = []
        pdq: list[str] = []
        pdq_owner: list[int] = []
        pdq_variant: list[int] = []
        pdq_trimmed: list[bool] = []
        regions: list[str] = []
        region_owner: list[int] = []
        for i, (ref, fp) in enumerate(items):
            refs.append(ref)
            small.append(
                (fp.quality, int(fp.phash, 16), int(fp.dhash, 16), fp.width, fp.height,
                 bool(fp.trimmed))
            )  # fmt: skip
            variants = fp.dihedral if len(fp.dihedral) == 8 else (fp.pdq,)
            for trimmed, hashes in ((False, variants), (True, fp.trimmed)):
                pdq.extend(hashes)
                pdq_owner.extend([i] * len(hashes))
                pdq_variant.extend(range(len(hashes)))
                pdq_trimmed.extend([trimmed] * len(hashes))
            if len(fp.regions) == REGION_COUNT:
                regions.extend(fp.regions)
                region_owner.extend([i] * REGION_COUNT)
        columns = list(zip(*small, strict=True)) if small else [()] * 6
        return cls(
            refs=tuple(refs),
            quality=np.asarray(columns[0], dtype=np.int32),
            phash=np.asarray(columns[1], dtype=np.uint64),
            dhash=np.asarray(columns[2], dtype=np.uint64),
            width=np.asarray(columns[3], dtype=np.int32),
            height=np.asarray(columns[4], dtype=np.int32),
            has_trimmed=np.asarray(columns[5], dtype=bool),
            pdq=hash_rows(pdq),
            pdq_owner=np.asarray(pdq_owner, dtype=np.int32),
            pdq_variant=np.asarray(pdq_variant, dtype=np.int8),
            pdq_trimmed=np.asarray(pdq_trimmed, dtype=bool),
            regions=hash_rows(regions),
            region_owner=np.asarray(region_owner, dtype=np.int32),
        )

    def joined(self, other: FingerprintTable) -> FingerprintTable:
        """This table's fingerprints, then those of ``other``."""
        n = len(self.refs)
        cat = np.concatenate
        return FingerprintTable(
            refs=self.refs + other.refs,
            quality=cat([self.quality, other.quality]),
            phash=cat([self.phash, other.phash]),
            dhash=cat([self.dhash, other.dhash]),
            width=cat([self.width, other.width]),
            height=cat([self.height, other.height]),
            has_trimmed=cat([self.has_trimmed, other.has_trimmed]),
            pdq=cat([self.pdq, other.pdq]),
            pdq_owner=cat([self.pdq_owner, other.pdq_owner + n]),
            pdq_variant=cat([self.pdq_variant, other.pdq_variant]),
            pdq_trimmed=cat([self.pdq_trimmed, other.pdq_trimmed]),
            regions=cat([self.regions, other.regions]),
            region_owner=cat([self.region_owner, other.region_owner + n]),
        )


class MatchIndex:
    """The fingerprints of a case or export, packed for matching.

    Build it from ``(ref, fingerprint)`` pairs, or from a
    :class:`FingerprintTable` with :meth:`from_table`; it keeps no paths and
    no pixels, and it pickles (the scan's worker processes each get a copy;
    the substring indexes are rebuilt there rather than copied).

    ``search`` chooses how candidates are compared: ``"exact"`` with every
    stored hash, ``"index"`` through the substring indexes first
    (:class:`SubstringIndex`), ``"auto"`` (default) exact below
    :data:`EXHAUSTIVE_MAX_ROWS` hashes of a kind and indexed from there on.
    """

    def __init__(
        self, items: Iterable[tuple[str, Fingerprint]] = (), *, search: Search = "auto"
    ) -> None:
        self._setup(FingerprintTable.of(items), search)

    @classmethod
    def from_table(cls, table: FingerprintTable, *, search: Search = "auto") -> MatchIndex:
        """The index of a table (e.g. packed bytes straight from the store)."""
        index = cls.__new__(cls)
        index._setup(table, search)
        return index

    def _setup(self, table: FingerprintTable, search: Search) -> None:
        self._table = table
        self._search = search
        n = len(table.refs)
        # Where each fingerprint's whole-image rows start (they are contiguous).
        self._pdq_start = np.searchsorted(table.pdq_owner, np.arange(n + 1)).astype(np.int64)
        self._pdq_columns: HashIndex | None = None
        self._region_columns: HashIndex | None = None
        self._pdq_keys: SubstringIndex | None = None
        self._region_keys: SubstringIndex | None = None
        self._key_rows = np.zeros(0, dtype=np.int64)
        if self._indexed(len(table.pdq)):
            # One key per original (variant 0, and trimmed variant 0); the candidate
            # is turned instead, so a rotated copy still meets its original's key.
            self._key_rows = np.flatnonzero(table.pdq_variant == 0)
            self._pdq_keys = SubstringIndex(table.pdq[self._key_rows])
        self._region_searches = 0
        self._planned = False  # prepare() was told how many images come
        if self._indexed(len(table.regions)):
            # Tables made on demand: a command matching a few images against a big
            # case searches faster by reading the region hashes once per image.
            self._region_keys = SubstringIndex(table.regions, build=False)

    def prepare(self, candidates: int) -> None:
        """Get ready for ``candidates`` images: from :data:`TABLES_FROM_IMAGES` on, the
        region tables are made now (before a scan's worker processes are forked, so
        they share them); below, every image reads the region hashes once, and the
        tables are never made (not in each worker either: memory stays bounded)."""
        self._planned = True
        if self._region_keys is not None and candidates >= TABLES_FROM_IMAGES:
            self._region_keys.build()

    def _indexed(self, rows: int) -> bool:
        if rows == 0 or self._search == "exact":
            return False
        return self._search == "index" or rows >= EXHAUSTIVE_MAX_ROWS

    @property
    def _pdq(self) -> HashIndex:
        """Whole-image hashes word by word, for the exhaustive search (made when needed)."""
        if self._pdq_columns is None:
            self._pdq_columns = HashIndex(self._table.pdq.T)
        return self._pdq_columns

    @property
    def _regions(self) -> HashIndex:
        if self._region_columns is None:
            self._region_columns = HashIndex(self._table.regions.T)
        return self._region_columns

    def __getstate__(self) -> dict[str, object]:
        return {"table": self._table, "search": self._search}

    def __setstate__(self, state: dict[str, object]) -> None:
        table, search = state["table"], state["search"]
        assert isinstance(table, FingerprintTable) and search in ("auto", "exact", "index")
        self._setup(table, search)

    def __len__(self) -> int:
        return len(self._table.refs)

    @property
    def refs(self) -> tuple[str, ...]:
        return self._table.refs

    @property
    def hash_count(self) -> int:
        """Stored hashes: whole-image variants plus regions."""
        return len(self._table.pdq) + len(self._table.regions)

    @property
    def indexed(self) -> tuple[bool, bool]:
        """Whether whole-image and region searches go through a substring index."""
        return self._pdq_keys is not None, self._region_keys is not None

    def _entry(self, owner: int) -> _Entry:
        t = self._table
        return _Entry(
            t.refs[owner], int(t.quality[owner]), f"{int(t.phash[owner]):016x}",
            f"{int(t.dhash[owner]):016x}", int(t.width[owner]), int(t.height[owner]),
            bool(t.has_trimmed[owner]),
        )  # fmt: skip

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
        return self.match_views(views, scale), views[0].quality

    def match_views(self, views: Sequence[_View], scale: tuple[float, float]) -> list[Match]:
        """Every original the views of one candidate match, best first.

        Whole-image hashes first, all views in one pass; crops only when no
        original matched strongly (a strong match outranks any crop match).
        """
        found: dict[int, Match] = {}
        for owner, match in self._match_pdq(views, scale):
            best = better(found.get(owner), match)
            if best is not None:
                found[owner] = best
        if not any(m.tier == "strong" for m in found.values()):
            for owner, match in self._match_regions(views, scale):
                best = better(found.get(owner), match)
                if best is not None:
                    found[owner] = best
        return sorted(found.values(), key=lambda m: (-_TIER_RANK[m.tier], m.distance, m.index))

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
        measure the margins behind the thresholds. Always exhaustive.
        """
        views, _scale = _views(image, width, height)
        t = self._table
        n = len(t.refs)
        pdq = np.full(n, 256, dtype=np.int64)
        reg = np.full(n, 256, dtype=np.int64)
        for view in views:
            if len(t.pdq):
                np.minimum.at(pdq, t.pdq_owner, self._pdq.nearest_of(view.queries()))
            if len(t.regions):
                for j in range(8):
                    dist = self._regions.nearest_of(view.queries(j))
                    np.minimum.at(reg, t.region_owner, dist)
        has_regions = np.zeros(n, dtype=bool)
        has_regions[t.region_owner] = True
        return {
            ref: (int(pdq[i]), int(reg[i]) if has_regions[i] else None)
            for i, ref in enumerate(t.refs)
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
        turned = fp.dihedral if len(fp.dihedral) == 8 else (fp.pdq,)
        turned_rows = hash_rows(list(turned))
        ((rows, dists),) = self._pdq_within([hash_rows([fp.pdq])], [(turned_rows, turned_rows)])
        t = self._table
        for row, dist in zip(rows.tolist(), dists.tolist(), strict=True):
            owner = int(t.pdq_owner[row])
            k = int(t.pdq_variant[row])
            entry = self._entry(owner)
            if min(fp.quality, entry.quality) <= FLAT_QUALITY:
                continue
            low = fp.quality < PDQ_MIN_QUALITY or entry.quality < PDQ_MIN_QUALITY
            ph = hex_distance(fp.phash, entry.phash) if k == 0 else None
            dh = hex_distance(fp.dhash, entry.dhash) if k == 0 else None
            tier = _tier(dist, low, ph, dh)
            if tier is not None:
                via: Via = "trimmed" if t.pdq_trimmed[row] else "pdq"
                best = better(
                    best,
                    Match(tier, entry.ref, owner, dist, DIHEDRAL_NAMES[k], via,
                          _VARIANT_HOW[k], ph, dh, low),
                )  # fmt: skip
        return best

    # -- internals -------------------------------------------------------------------
    def _pdq_within(
        self,
        as_is: Sequence[np.ndarray],
        turned: Sequence[tuple[np.ndarray, np.ndarray]],
    ) -> list[tuple[np.ndarray, np.ndarray]]:
        """Per view: whole-image rows within the possible band of its hashes, nearest first.

        ``as_is[v]`` are view v's hashes as they are ((q, 4) words);
        ``turned[v]`` its hash in every dihedral variant and their twins. Exact search compares
        ``as_is`` with every row. Indexed search finds, for all views at once,
        the originals whose key (variant 0) is near a ``turned`` hash, and
        compares ``as_is`` with every row of those originals only.
        """
        if self._pdq_keys is None:
            return [self._pdq.within(list(q), POSSIBLE_DISTANCE) for q in as_is]
        keys, _number, _dist = self._pdq_keys.within(
            np.concatenate([q for q, _t in turned]),
            _PREFILTER_DISTANCE,
            np.concatenate([t for _q, t in turned]),
        )
        owners = np.unique(self._table.pdq_owner[self._key_rows[keys]])
        rows = _ranges(self._pdq_start[owners], self._pdq_start[owners + 1])
        stored = np.take(self._table.pdq, rows, axis=0)
        out = []
        for queries in as_is:
            near = np.full(rows.size, 256, dtype=np.uint16)
            for query in queries:
                np.minimum(near, _distances(stored, query[None, :]), out=near)
            keep = np.flatnonzero(near <= POSSIBLE_DISTANCE)
            order = keep[np.argsort(near[keep], kind="stable")]
            out.append((rows[order], near[order]))
        return out

    def _match_pdq(
        self, views: Sequence[_View], scale: tuple[float, float]
    ) -> Iterator[tuple[int, Match]]:
        """Whole-image matches of every view: the best per original and view."""
        if len(self._table.pdq) == 0:
            return
        t = self._table
        as_is = [hash_rows(view.queries()) for view in views]
        turned = (
            [(hash_rows(view.hashes), hash_rows(view.tent)) for view in views]
            if self._pdq_keys is not None
            else []
        )
        for view, (rows, dists) in zip(views, self._pdq_within(as_is, turned), strict=True):
            seen: set[int] = set()
            for row, dist in zip(rows.tolist(), dists.tolist(), strict=True):
                owner = int(t.pdq_owner[row])
                if owner in seen:
                    continue  # rows come nearest first: the owner's best variant was tried
                seen.add(owner)
                entry = self._entry(owner)
                k = int(t.pdq_variant[row])
                trimmed_original = bool(t.pdq_trimmed[row])
                if min(view.quality, entry.quality) <= FLAT_QUALITY:
                    continue
                low = view.quality < PDQ_MIN_QUALITY or entry.quality < PDQ_MIN_QUALITY
                ph = dh = None
                if dist > STRONG_DISTANCE or low:
                    ph, dh = (
                        hex_distance(a, b)
                        for a, b in zip(
                            view.small_hashes(k), (entry.phash, entry.dhash), strict=True
                        )
                    )
                tier = _tier(dist, low, ph, dh)
                if tier is None:
                    continue
                how = _how(view, entry, k, scale, matched_trimmed=trimmed_original)
                via: Via = "trimmed" if trimmed_original or view.kind != "full" else "pdq"
                yield (
                    owner,
                    Match(tier, entry.ref, owner, dist, DIHEDRAL_NAMES[k], via, how, ph, dh, low),
                )

    def _regions_within(
        self, views: Sequence[_View]
    ) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
        """Per view: (region rows, distances, candidate variant j) within REGION_DISTANCE.

        Variant j of a view's hash and of its tent twin are compared, as one.
        """
        if self._region_keys is None:
            out = []
            for q in (hash_rows([h for j in range(8) for h in v.queries(j)]) for v in views):
                found = [self._regions.within(list(q[2 * j : 2 * j + 2]), REGION_DISTANCE)
                         for j in range(8)]  # fmt: skip
                out.append((
                    np.concatenate([r for r, _d in found]),
                    np.concatenate([d for _r, d in found]),
                    np.concatenate([np.full(r.size, j) for j, (r, _d) in enumerate(found)]),
                ))  # fmt: skip
            return out
        self._region_searches += 1
        if self._region_searches > STREAMED_SEARCHES and not self._planned:
            self._region_keys.build()  # many images after all: the tables pay now
        rows, number, dists = self._region_keys.within(
            np.concatenate([hash_rows(view.hashes) for view in views]),
            REGION_DISTANCE,
            np.concatenate([hash_rows(view.tent) for view in views]),
        )
        view_of, variant = number // 8, number % 8
        return [
            (rows[view_of == v], dists[view_of == v], variant[view_of == v])
            for v in range(len(views))
        ]

    def _match_regions(
        self, views: Sequence[_View], scale: tuple[float, float]
    ) -> Iterator[tuple[int, Match]]:
        """Region (crop) matches of every view, all "possible"."""
        views = [view for view in views if view.quality >= PDQ_MIN_QUALITY]
        if len(self._table.regions) == 0 or not views:
            return
        t = self._table
        for view, (rows, dists, variant) in zip(views, self._regions_within(views), strict=True):
            order = np.lexsort((rows, variant, dists))  # as the exhaustive search orders them
            seen: set[int] = set()
            for row, dist, j in zip(rows[order].tolist(), dists[order].tolist(),
                                    variant[order].tolist(), strict=True):  # fmt: skip
                owner = int(t.region_owner[row])
                if owner in seen:
                    continue  # nearest first: the owner's best region was tried
                seen.add(owner)
                if int(t.quality[owner]) < PDQ_MIN_QUALITY:
                    continue  # a flat original's crops are flat too: never match on them
                entry = self._entry(owner)
                region = REGION_BOXES[row % REGION_COUNT]
                k = _INVERSE[j]  # the copy is the original turned by the inverse of j
                how = _how(view, entry, k, scale, region=region)
                yield owner, Match("possible", entry.ref, owner, dist, DIHEDRAL_NAMES[k],
                                   "region", how, region=region)  # fmt: skip


def _ranges(starts: np.ndarray, stops: np.ndarray) -> np.ndarray:
    """All integers of the ranges [start, stop), concatenated."""
    lengths = stops - starts
    total = int(lengths.sum())
    shift = np.repeat(starts - np.cumsum(lengths) + lengths, lengths)
    return shift + np.arange(total, dtype=np.int64)


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
    files = [os.fspath(p) for p in paths]
    index.prepare(len(files))
    return map_files(
        files,
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
