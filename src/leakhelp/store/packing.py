"""A case's fingerprints from SQLite into a :class:`FingerprintTable`, as bytes all the way.

Imported only by the commands that match (it needs numpy). The hashes stay
bytes from the BLOB columns to the index: no hex, no object per hash.

A big case is read in slices of consecutive row ids, each slice with *one*
row of aggregates (``group_concat`` of the BLOBs, of the numbers as text,
``json_group_array`` of the refs): Python then handles a few long values per
slice instead of eight small ones per fingerprint, which is where the time
of a million-row read went (benchmarks/match_scale.py, ``store_build``). A
slice holding rows from before schema 4 (hashes kept as hex), or a case whose
rows are scattered among other cases, is read row by row: same table, slower.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import partial

import numpy as np

from ..matching import FingerprintTable, rows_of_bytes
from ..regions import REGION_COUNT
from .rows import _blobs

#: Bytes of one fingerprint's region hashes (32 per hash).
REGION_BYTES = 32 * REGION_COUNT
#: Row ids per slice: ~2 MB of hashes (8 variants of 32 bytes a row). Smaller slices
#: cost no time, and the buffers each slice frees leave less memory held by the
#: allocator: a million rows peaked at +543 MB instead of +565 MB with 32,768 ids
#: a slice (benchmarks/match_scale.py, docs/benchmarks.md).
SLICE_IDS = 1 << 13

#: One slice of a case in one row. ``+case_id``: read the table in row-id order
#: rather than through the (case_id, pdq) index. A length of -1: hashes kept as
#: hex (before schema 4), so the slice is read row by row.
_SLICE = f"""
SELECT count(*), group_concat(id),
       json_group_array(json_array(id, label)) FILTER (WHERE label <> ''),
       group_concat(quality), group_concat(width), group_concat(height),
       group_concat(COALESCE(length(dihedral_bin), -1)),
       group_concat(COALESCE(length(trimmed_bin), -(trimmed <> ''))),
       group_concat(COALESCE(length(regions), 0) = {REGION_BYTES}),
       group_concat(phash, ''), group_concat(dhash, ''),
       CAST(group_concat(dihedral_bin, x'') AS BLOB),
       CAST(group_concat(trimmed_bin, x'') AS BLOB)
FROM fingerprints WHERE id >= ? AND id < ? AND +case_id = ?
"""  # noqa: S608 (fixed numbers, no input)

#: A slice's region hashes, one row each: half the time of one ``group_concat`` of
#: 255 MB (SQLite grows its buffer again and again), and copied once, into the table.
_REGIONS_OF_SLICE = (
    "SELECT regions FROM fingerprints WHERE id >= ? AND id < ? AND +case_id = ? "  # noqa: S608
    f"AND length(regions) = {REGION_BYTES} ORDER BY id"
)

#: The same, row by row (rows from before schema 4 keep their hashes as hex): a slice,
#: or a whole case through the index.
_ROWS = (
    "SELECT COALESCE(NULLIF(label, ''), '#' || id), quality, width, height, phash || dhash, "
    "COALESCE(dihedral_bin, NULLIF(dihedral, '')), COALESCE(trimmed_bin, NULLIF(trimmed, '')), "
    "regions FROM fingerprints "
)
_ROWS_OF_SLICE = _ROWS + "WHERE id >= ? AND id < ? AND +case_id = ? ORDER BY id"
_ROWS_OF_CASE = _ROWS + "WHERE case_id = ? ORDER BY id"


@dataclass
class _Columns:
    """What the table is made of, gathered slice by slice."""

    refs: list[str] = field(default_factory=list)
    #: Per slice: quality, width, height, variant bytes, trimmed bytes, has regions.
    numbers: list[np.ndarray] = field(default_factory=list)
    small: bytearray = field(default_factory=bytearray)  # phash and dhash, 8 bytes each
    variants: bytearray = field(default_factory=bytearray)
    trimmed: bytearray = field(default_factory=bytearray)
    #: Every region hash of the case, filled up to ``filled`` bytes (made at its
    #: final size: 816 MB for 100k fingerprints, never held twice).
    regions: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.uint8))
    filled: int = 0
    #: Where the region hashes come from, in row order, read by :meth:`table` once
    #: their number is known (a count of them up front cost a second scan of the
    #: case: 2 s of 3.9 for a million fingerprints without any).
    region_sources: list[Callable[[], Iterable[bytes]]] = field(default_factory=list)
    region_rows: int = 0

    def add_regions(self, blobs: Iterable[bytes]) -> None:
        into = self.regions.data  # a copy per blob; numpy's [] = took 16 µs each
        filled = self.filled
        for blob in blobs:
            into[filled : filled + len(blob)] = blob
            filled += len(blob)
        self.filled = filled

    def read_regions(self) -> None:
        """Every pending source into one array made at its final size."""
        self.regions = np.empty(self.region_rows * REGION_BYTES, dtype=np.uint8)
        self.filled = 0
        for source in self.region_sources:
            self.add_regions(source())
        self.region_sources.clear()

    def add_rows(self, rows: list[tuple[object, ...]]) -> None:
        """Rows of :data:`_ROWS` (a slice with old rows, or a scattered case)."""
        columns = list(zip(*rows, strict=True))
        self.refs.extend(map(str, columns[0]))
        self.small += bytes.fromhex("".join(map(str, columns[4])))
        variants, trims = _blobs(columns[5]), _blobs(columns[6])
        self.variants += b"".join(variants)
        self.trimmed += b"".join(trims)
        crops = [b if isinstance(b, bytes) and len(b) == REGION_BYTES else b"" for b in columns[7]]
        found = [b for b in crops if b]
        if found:
            self.region_sources.append(lambda: found)
            self.region_rows += len(found)
        self.numbers.append(
            np.array(
                [columns[1], columns[2], columns[3], list(map(len, variants)),
                 list(map(len, trims)), list(map(bool, crops))],
                dtype=np.int32,
            )
        )  # fmt: skip

    def add_slice(self, row: tuple[object, ...], regions: Callable[[], Iterable[bytes]]) -> bool:
        """One row of :data:`_SLICE`, and where the slice's region hashes come from
        (``regions()``, read by :meth:`table`, only for a slice that has any); False
        (nothing added) when it must be read row by row."""
        count, ids, labels, *numbers, phash, dhash, variants, trimmed = row
        if not count:
            return True
        values = np.array([_numbers(n) for n in (ids, *numbers)], dtype=np.int64)
        # group_concat keeps the order of the scan: make sure it was the ids' order
        in_order = values.shape[1] == count and bool((np.diff(values[0]) > 0).all())
        if not in_order or (values[4:6] < 0).any():  # out of order, or hashes kept as hex
            return False
        refs = [f"#{i}" for i in values[0].tolist()]  # the ref of StoredFingerprint: "#id" ...
        for fingerprint_id, label in json.loads(str(labels)):  # ... or its label
            refs[int(np.searchsorted(values[0], fingerprint_id))] = label
        self.refs.extend(refs)
        pairs = np.empty((int(str(count)), 2), dtype=">u8")
        pairs[:, 0] = np.frombuffer(bytes.fromhex(str(phash)), dtype=">u8")
        pairs[:, 1] = np.frombuffer(bytes.fromhex(str(dhash)), dtype=">u8")
        self.small += pairs.tobytes()
        self.variants += variants if isinstance(variants, bytes) else b""
        self.trimmed += trimmed if isinstance(trimmed, bytes) else b""
        with_regions = int(values[-1].sum())  # the last numbers: has region hashes (0/1)
        if with_regions:
            self.region_sources.append(regions)
            self.region_rows += with_regions
        self.numbers.append(values[1:].astype(np.int32))
        return True

    def table(self) -> FingerprintTable:
        if self.region_sources:
            self.read_regions()
        n = len(self.refs)
        quality, width, height, variant_bytes, trimmed_bytes, has_regions = (
            np.concatenate(self.numbers, axis=1) if self.numbers else np.zeros((6, 0), np.int32)
        )
        per_variant, per_trimmed = variant_bytes >> 5, trimmed_bytes >> 5  # 32 bytes a hash
        per = per_variant + per_trimmed
        owner = np.repeat(np.arange(n, dtype=np.int32), per)
        if not per_trimmed.any():  # the usual case: no image with borders
            pdq = rows_of_bytes(self.variants)
            is_trimmed = np.zeros(pdq.shape[0], dtype=bool)
            if (per_variant == 8).all():
                variant = np.tile(np.arange(8, dtype=np.int8), n)
            else:
                variant = _places(per_variant).astype(np.int8)
        else:  # a fingerprint's variants first, then its trimmed ones
            position = _places(per)
            is_trimmed = position >= np.repeat(per_variant, per)
            variant = (position - np.where(is_trimmed, np.repeat(per_variant, per), 0)).astype(
                np.int8
            )
            pdq = np.empty((int(per.sum()), 4), dtype=np.uint64)
            pdq[~is_trimmed] = rows_of_bytes(self.variants)
            pdq[is_trimmed] = rows_of_bytes(self.trimmed)
        phash_dhash = np.frombuffer(self.small, dtype=">u8").reshape(n, 2)
        with_regions = has_regions.astype(bool)
        return FingerprintTable(
            refs=tuple(self.refs),
            quality=quality,
            phash=phash_dhash[:, 0].astype(np.uint64),
            dhash=phash_dhash[:, 1].astype(np.uint64),
            width=width,
            height=height,
            has_trimmed=per_trimmed > 0,
            pdq=pdq,
            pdq_owner=owner,
            pdq_variant=variant,
            pdq_trimmed=is_trimmed,
            regions=self.regions[: self.filled].view(np.uint64).reshape(-1, 4),
            region_owner=np.repeat(np.arange(n, dtype=np.int32)[with_regions], REGION_COUNT),
        )


def _first_column(conn: sqlite3.Connection, sql: str, args: tuple[object, ...]) -> Iterator[bytes]:
    cursor = conn.cursor()
    cursor.row_factory = None
    cursor.execute(sql, args)
    while rows := cursor.fetchmany(1024):  # not row by row: each fetch has a cost here
        for (value,) in rows:
            yield value


def _numbers(text: object) -> np.ndarray:
    """A group_concat of whole numbers ("1,2,3") as an array."""
    return np.fromstring(str(text), dtype=np.int64, sep=",")


def _places(counts: np.ndarray) -> np.ndarray:
    """0, 1, ... counts[i] - 1 for each i, one after the other."""
    first = np.cumsum(counts, dtype=np.int64) - counts
    places: np.ndarray = np.arange(int(counts.sum()), dtype=np.int64) - np.repeat(first, counts)
    return places


def load_table(conn: sqlite3.Connection, case_id: str) -> FingerprintTable:
    """The case's fingerprints as a :class:`FingerprintTable`, in row-id order."""
    low, high, count = conn.execute(
        "SELECT min(id), max(id), count(*) FROM fingerprints WHERE case_id = ?", (case_id,)
    ).fetchone()
    cursor = conn.cursor()
    cursor.row_factory = None  # plain tuples
    columns = _Columns()
    if count and high - low + 1 > 2 * count:  # scattered among other cases: use the index
        cursor.execute(_ROWS_OF_CASE, (case_id,))
        while rows := cursor.fetchmany(SLICE_IDS):
            columns.add_rows(rows)
        return columns.table()
    for start in range(low or 0, (high or -1) + 1, SLICE_IDS):
        end = start + SLICE_IDS
        row = cursor.execute(_SLICE, (start, end, case_id)).fetchone()
        regions = partial(_first_column, conn, _REGIONS_OF_SLICE, (start, end, case_id))
        if not columns.add_slice(row, regions):
            cursor.execute(_ROWS_OF_SLICE, (start, end, case_id))
            columns.add_rows(cursor.fetchall())
    return columns.table()
