"""Image and video fingerprints of a case, and the packed table the matching index is built from."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
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
from ..paths import shell_command
from .core import SqliteCore
from .rows import _hashes, _pack_hashes, _require_case, _unpack_hashes, _where

if TYPE_CHECKING:  # imported when used: numpy only for the commands that match
    from ..matching import FingerprintTable


#: The columns a :class:`StoredFingerprint` is made of, but its region hashes.
_COLUMNS = (
    "id, case_id, added_at, pdq, quality, phash, dhash, width, height, dihedral, "
    "dihedral_bin, label, version, trimmed, trimmed_bin"
)


class SqliteFingerprints(SqliteCore):
    """Fingerprints and videos in SQLite (:class:`~.protocols.FingerprintRepository`)."""

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
        self,
        case_id: CaseId,
        *,
        pdq: str | None = None,
        fingerprint_id: int | None = None,
        with_regions: bool = True,
    ) -> list[StoredFingerprint]:
        """A case's fingerprints, oldest first; only those with this ``pdq`` hash or id
        when given (one query either way). With ``with_regions=False`` their region
        hashes are not read (``regions`` is empty): what a case's page shows needs none,
        and 100,000 fingerprints carry 25 million of them (13 s, 3.6 GB as hex text)."""
        where, args = _where(case_id=case_id, pdq=pdq, id=fingerprint_id)
        columns = _COLUMNS + (", regions" if with_regions else ", NULL AS regions")
        sql = f"SELECT {columns} FROM fingerprints{where} ORDER BY id"  # noqa: S608 (fixed)
        return [_stored(r) for r in self._conn.execute(sql, args)]

    def each_fingerprint(self, case_id: CaseId) -> Iterator[StoredFingerprint]:
        """:meth:`fingerprints` of a case one at a time (an export of a big case never
        holds them all: 100,000 with crop hashes are 3.6 GB as hex text)."""
        cursor = self._conn.execute(
            f"SELECT {_COLUMNS}, regions FROM fingerprints WHERE case_id = ? ORDER BY id",  # noqa: S608
            (case_id,),
        )
        while rows := cursor.fetchmany(256):
            yield from map(_stored, rows)

    def fingerprint_table(self, case_id: CaseId) -> FingerprintTable:
        """A case's fingerprints packed for matching, straight from the stored bytes.

        Hashes go from their BLOBs into numpy arrays without hex (rows kept
        before schema 4 are converted on the way); refs are as in
        :attr:`StoredFingerprint.ref`. See :mod:`leakhelp.store.packing`.
        """
        from .packing import load_table  # numpy: only for the commands that match

        return load_table(self._conn, case_id)

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
                raise UsageError(
                    "error.no-fingerprint", id=fingerprint_id, case=case_id,
                    command=shell_command("case", "show", case_id),
                )  # fmt: skip
            self._event(conn, case_id, "fingerprint-labelled", {"fingerprint": fingerprint_id})
        (stored,) = self.fingerprints(case_id, fingerprint_id=fingerprint_id)
        return stored


def _stored(r: sqlite3.Row) -> StoredFingerprint:
    """A row of :data:`_COLUMNS` and ``regions`` as a stored fingerprint."""
    return StoredFingerprint(
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
