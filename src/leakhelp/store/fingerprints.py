"""Image and video fingerprints of a case, and the packed table the matching index is built from."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from typing import TYPE_CHECKING

from ..errors import UsageError
from ..models import (
    CaseId,
    Fingerprint,
    StoredFingerprint,
    StoredVideo,
    VideoFingerprint,
    VideoFrame,
)
from .core import SqliteCore
from .rows import _blobs, _hashes, _pack_hashes, _require_case, _unpack_hashes

if TYPE_CHECKING:  # imported when used: numpy only for the commands that match
    from ..matching import FingerprintTable


class SqliteFingerprints(SqliteCore):
    def add_fingerprints(
        self, case_id: CaseId, fingerprints: Iterable[Fingerprint], *, log: bool = True
    ) -> tuple[int, int]:
        """Add fingerprints to a case; returns (added, already there).

        With ``log=False`` no timeline event is written (the caller writes
        one for a whole batch).
        """
        with self.transaction() as conn:
            _require_case(conn, case_id)
            added, dupes = self._insert_fingerprints(conn, case_id, fingerprints)
            if added and log:
                self._event(conn, case_id, "fingerprints-added", {"count": added})
        return added, dupes

    def add_videos(
        self, case_id: CaseId, videos: Iterable[VideoFingerprint], *, log: bool = True
    ) -> tuple[int, int]:
        """Add video fingerprints to a case; returns (added, already there)."""
        added = dupes = 0
        with self.transaction() as conn:
            _require_case(conn, case_id)
            for v in videos:
                frames = json.dumps(
                    [[f.pdq, f.quality, f.start, f.end, f.phash, f.dhash] for f in v.frames],
                    separators=(",", ":"),
                )
                cur = conn.execute(
                    "INSERT OR IGNORE INTO videos (case_id, md5, sha256, duration, width, height, "
                    "frames, label, version, added_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (case_id, v.md5, v.sha256, v.duration, v.width, v.height, frames,
                     v.label, v.version, self.now()),
                )  # fmt: skip
                if cur.rowcount:
                    added += 1
                else:
                    dupes += 1
            if added and log:
                self._event(conn, case_id, "videos-added", {"count": added})
        return added, dupes

    def videos(self, case_id: CaseId) -> list[StoredVideo]:
        rows = self._conn.execute(
            "SELECT * FROM videos WHERE case_id = ? ORDER BY id", (case_id,)
        ).fetchall()
        return [
            StoredVideo(
                id=int(r["id"]),
                case_id=CaseId(r["case_id"]),
                added_at=r["added_at"],
                video=VideoFingerprint(
                    md5=r["md5"],
                    sha256=r["sha256"],
                    duration=float(r["duration"]),
                    width=int(r["width"]),
                    height=int(r["height"]),
                    frames=tuple(
                        VideoFrame(str(p), int(q), float(a), float(b), str(ph), str(dh))
                        for p, q, a, b, ph, dh in json.loads(r["frames"])
                    ),
                    label=r["label"],
                    version=int(r["version"]),
                ),
            )
            for r in rows
        ]

    def _insert_fingerprints(
        self, conn: sqlite3.Connection, case_id: str, fingerprints: Iterable[Fingerprint]
    ) -> tuple[int, int]:
        added = dupes = 0
        now = self.now()
        for fp in fingerprints:
            regions = _pack_hashes(fp.regions)
            trimmed = _pack_hashes(fp.trimmed)
            cur = conn.execute(
                "INSERT OR IGNORE INTO fingerprints (case_id, pdq, quality, phash, dhash, "
                "width, height, dihedral, label, version, added_at, trimmed, regions, "
                "dihedral_bin, trimmed_bin) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, '', ?, ?, ?, '', ?, ?, ?)",
                (
                    case_id,
                    fp.pdq,
                    fp.quality,
                    fp.phash,
                    fp.dhash,
                    fp.width,
                    fp.height,
                    fp.label,
                    fp.version,
                    now,
                    regions,
                    _pack_hashes(fp.dihedral or (fp.pdq,)),
                    trimmed,
                ),
            )
            if cur.rowcount:
                added += 1
            else:
                dupes += 1
                if regions is not None:  # kept from before regions existed: add them
                    conn.execute(
                        "UPDATE fingerprints SET trimmed = '', trimmed_bin = ?, regions = ? "
                        "WHERE case_id = ? AND pdq = ? AND regions IS NULL",
                        (trimmed, regions, case_id, fp.pdq),
                    )
        return added, dupes

    def fingerprints(
        self, case_id: CaseId, *, pdq: str | None = None, fingerprint_id: int | None = None
    ) -> list[StoredFingerprint]:
        """A case's fingerprints, oldest first; only those with this ``pdq`` hash or id
        when given (one query either way)."""
        sql = "SELECT * FROM fingerprints WHERE case_id = ?"
        args: list[str | int] = [case_id]
        if pdq is not None:
            sql += " AND pdq = ?"
            args.append(pdq)
        if fingerprint_id is not None:
            sql += " AND id = ?"
            args.append(fingerprint_id)
        rows = self._conn.execute(sql + " ORDER BY id", args).fetchall()
        return [
            StoredFingerprint(
                id=int(r["id"]),
                case_id=CaseId(r["case_id"]),
                added_at=r["added_at"],
                fingerprint=Fingerprint(
                    pdq=r["pdq"],
                    quality=int(r["quality"]),
                    phash=r["phash"],
                    dhash=r["dhash"],
                    width=int(r["width"]),
                    height=int(r["height"]),
                    dihedral=_hashes(r["dihedral_bin"], r["dihedral"]),
                    label=r["label"],
                    version=int(r["version"]),
                    trimmed=_hashes(r["trimmed_bin"], r["trimmed"]),
                    regions=_unpack_hashes(r["regions"]),
                ),
            )
            for r in rows
        ]

    def fingerprint_table(self, case_id: CaseId) -> FingerprintTable:
        """A case's fingerprints packed for matching, straight from the stored bytes.

        Hashes go from their BLOBs into numpy arrays without hex (rows kept
        before schema 4 are converted on the way); refs are as in
        :attr:`StoredFingerprint.ref`.
        """
        import numpy as np

        from ..matching import FingerprintTable, rows_of_bytes
        from ..regions import REGION_COUNT

        cursor = self._conn.cursor()
        cursor.row_factory = None  # plain tuples: a million rows come back faster
        cursor.execute(
            # the ref as StoredFingerprint.ref makes it: the label, else "#id"
            "SELECT COALESCE(NULLIF(label, ''), '#' || id), quality, width, height, "
            "phash || dhash, "
            "COALESCE(dihedral_bin, NULLIF(dihedral, '')), "
            "COALESCE(trimmed_bin, NULLIF(trimmed, '')), regions "
            # "+case_id": read the table in row order rather than through the
            # (case_id, pdq) index and a sort; 4x faster for a big case, and a
            # small case among many costs a quick scan.
            "FROM fingerprints WHERE +case_id = ? ORDER BY id",
            (case_id,),
        )
        refs: list[str] = []
        numbers: list[np.ndarray] = []  # quality, width, height, variants, trimmed: per chunk
        small = bytearray()  # phash and dhash, 8 bytes each
        whole = bytearray()
        regions = bytearray()
        has_regions: list[bool] = []
        region_size = 32 * REGION_COUNT
        # In chunks, column by column: no list of a million blobs or numbers at once.
        while chunk := cursor.fetchmany(1 << 15):
            columns = list(zip(*chunk, strict=True))
            refs.extend(columns[0])
            small += bytes.fromhex("".join(columns[4]))
            variants, trims = _blobs(columns[5]), _blobs(columns[6])
            if any(trims):
                whole += b"".join(p for pair in zip(variants, trims, strict=True) for p in pair)
            else:  # the usual chunk: no image with borders
                whole += b"".join(variants)
            numbers.append(
                np.array(
                    [columns[1], columns[2], columns[3], list(map(len, variants)),
                     list(map(len, trims))],
                    dtype=np.int32,
                )
            )  # fmt: skip
            if any(columns[7]):
                crops = [b if b is not None and len(b) == region_size else b"" for b in columns[7]]
                has_regions.extend(map(bool, crops))
                regions += b"".join(crops)
            else:
                has_regions.extend([False] * len(chunk))
        n = len(refs)
        quality, width, height, variant_bytes, trimmed_bytes = (
            np.concatenate(numbers, axis=1) if numbers else np.zeros((5, 0), dtype=np.int32)
        )
        per_variant, per_trimmed = variant_bytes >> 5, trimmed_bytes >> 5  # 32 bytes a hash
        per = per_variant + per_trimmed
        if n and (per_trimmed == 0).all() and (per_variant == 8).all():
            variant = np.tile(np.arange(8, dtype=np.int8), n)  # the usual case, cheaply
            is_trimmed = np.zeros(variant.size, dtype=bool)
        else:  # each hash's place: a fingerprint's variants first, then its trimmed ones
            first = np.cumsum(per, dtype=np.int64) - per
            position = np.arange(int(per.sum()), dtype=np.int64) - np.repeat(first, per)
            is_trimmed = position >= np.repeat(per_variant, per)
            variant = (position - np.where(is_trimmed, np.repeat(per_variant, per), 0)).astype(
                np.int8
            )
        phash_dhash = np.frombuffer(small, dtype=">u8").reshape(n, 2)
        with_regions = np.array(has_regions, dtype=bool)
        return FingerprintTable(
            refs=tuple(refs),
            quality=quality,
            phash=phash_dhash[:, 0].astype(np.uint64),
            dhash=phash_dhash[:, 1].astype(np.uint64),
            width=width,
            height=height,
            has_trimmed=per_trimmed > 0,
            pdq=rows_of_bytes(whole),
            pdq_owner=np.repeat(np.arange(n, dtype=np.int32), per),
            pdq_variant=variant,
            pdq_trimmed=is_trimmed,
            regions=rows_of_bytes(regions),
            region_owner=np.repeat(np.arange(n, dtype=np.int32)[with_regions], REGION_COUNT),
        )

    def set_fingerprint_label(
        self, case_id: CaseId, fingerprint_id: int, label: str | None
    ) -> StoredFingerprint:
        """Give a fingerprint of a case the user's own name (None: known by its number)."""
        with self.transaction() as conn:
            cur = conn.execute(
                "UPDATE fingerprints SET label = ? WHERE case_id = ? AND id = ?",
                (label, case_id, fingerprint_id),
            )
            if cur.rowcount == 0:
                raise UsageError("error.no-fingerprint", id=fingerprint_id, case=case_id)
            self._event(conn, case_id, "fingerprint-labelled", {"fingerprint": fingerprint_id})
        (stored,) = self.fingerprints(case_id, fingerprint_id=fingerprint_id)
        return stored
