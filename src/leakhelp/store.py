"""The case store: one SQLite file under the leakhelp home. The only module that speaks SQL.

* The schema is versioned with ``PRAGMA user_version``; :data:`MIGRATIONS`
  brings any older file up to date, in one transaction per step.
* WAL journal, foreign keys on, ``secure_delete`` on so that forgotten data
  is overwritten rather than left in free pages.
* The file is created 0600 inside a 0700 folder.
* It holds fingerprints and case data only: never image bytes, thumbnails or
  the paths of the originals.
"""

from __future__ import annotations

import difflib
import json
import os
import secrets
import shlex
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import (
    CaseNotFoundError,
    RequestNotFoundError,
    SightingNotFoundError,
    StoreError,
    UsageError,
    WipeIncompleteError,
)
from .models import (
    ANSWER_OUTCOMES,
    CASE_KINDS,
    LANGS,
    Answer,
    AnswerOutcome,
    Case,
    CaseId,
    CaseProfile,
    CheckOutcome,
    CheckResult,
    Event,
    Fingerprint,
    Handoff,
    Lang,
    Request,
    RequestStatus,
    Sighting,
    SightingChange,
    SightingState,
    StoredCheck,
    StoredFingerprint,
    StoredVideo,
    VideoFingerprint,
    VideoFrame,
)
from .models import iso as iso  # re-exported: export.py and api.py take it from here
from .models import utc_now as utc_now
from .paths import (
    FILE_MODE,
    STORE_FILENAME,
    os_reason,
    prepare_home,
    resolve_home,
)

if TYPE_CHECKING:  # imported when used: numpy only for the commands that match
    from .matching import FingerprintTable

#: The case profile's fields, in the order they are shown.
PROFILE_FIELDS: tuple[str, ...] = (
    "name",
    "email",
    "country",
    "address",
    "phone",
    "signature",
    "minor",
)

#: Alphabet for case ids: lower case, no 0/o, 1/l/i, so an id read aloud over
#: the phone or copied by hand comes out right.
_ID_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"
_ID_LENGTH = 6

#: How long ``wipe`` waits for other readers: a few tries of a second each,
#: so a reader that is just finishing does not stop the wipe, and a reader
#: that stays open does not hang ``case forget``.
_WIPE_ATTEMPTS = 3
_WIPE_WAIT_MS = 1000
_WIPE_PAUSE_S = 0.5
#: How long a write waits for another writer before "busy" (SQLite's default is 0).
_BUSY_TIMEOUT_MS = 10_000

#: Schema steps; ``MIGRATIONS[n]`` takes a store from version n to n + 1.
MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE cases (
        id          TEXT PRIMARY KEY,
        name        TEXT NOT NULL,
        lang        TEXT NOT NULL CHECK (lang IN ('nl', 'en')),
        country     TEXT,
        created_at  TEXT NOT NULL
    );
    CREATE TABLE fingerprints (
        id          INTEGER PRIMARY KEY AUTOINCREMENT,
        case_id     TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
        pdq         TEXT NOT NULL,
        quality     INTEGER NOT NULL,
        phash       TEXT NOT NULL,
        dhash       TEXT NOT NULL,
        width       INTEGER NOT NULL,
        height      INTEGER NOT NULL,
        dihedral    TEXT NOT NULL,
        label       TEXT,
        version     INTEGER NOT NULL,
        added_at    TEXT NOT NULL,
        UNIQUE (case_id, pdq)
    );
    CREATE TABLE events (
        id          INTEGER PRIMARY KEY AUTOINCREMENT,
        case_id     TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
        at          TEXT NOT NULL,
        kind        TEXT NOT NULL,
        detail      TEXT NOT NULL DEFAULT '{}'
    );
    CREATE INDEX events_case ON events (case_id, id);
    """,
    # Case tracking: the profile letters are filled from, sightings (where the
    # content was seen), requests (letters) with the sightings each covers,
    # the platforms' answers and the status checks kept as evidence. Every
    # row names its case and goes with it (ON DELETE CASCADE).
    """
    CREATE TABLE case_profiles (
        case_id     TEXT PRIMARY KEY REFERENCES cases(id) ON DELETE CASCADE,
        name        TEXT,
        email       TEXT,
        country     TEXT,
        address     TEXT,
        phone       TEXT,
        signature   TEXT,
        minor       INTEGER NOT NULL DEFAULT 0,
        updated_at  TEXT NOT NULL
    );
    CREATE TABLE sightings (
        id              INTEGER PRIMARY KEY AUTOINCREMENT,
        case_id         TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
        url             TEXT NOT NULL,
        platform        TEXT,
        source          TEXT NOT NULL DEFAULT 'manual',
        first_seen      TEXT NOT NULL,
        last_seen       TEXT NOT NULL,
        state           TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'removed')),
        removed_at      TEXT,
        removed_by      TEXT,
        last_check_state TEXT,
        last_checked_at TEXT,
        UNIQUE (case_id, url)
    );
    CREATE INDEX sightings_url ON sightings (url);
    CREATE TABLE requests (
        id              INTEGER PRIMARY KEY AUTOINCREMENT,
        case_id         TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
        platform        TEXT,
        host            TEXT,
        basis           TEXT NOT NULL,
        lang            TEXT NOT NULL,
        status          TEXT NOT NULL,
        created_at      TEXT NOT NULL,
        subject         TEXT,
        recipient       TEXT,
        letter          TEXT,
        letter_format   TEXT NOT NULL DEFAULT 'txt',
        channel         TEXT,
        reference       TEXT,
        sent_at         TEXT,
        deadline_at     TEXT,
        deadline_days   REAL,
        outcome         TEXT,
        answered_at     TEXT,
        settled_at      TEXT,
        reminders       INTEGER NOT NULL DEFAULT 0,
        reminded_at     TEXT,
        escalated_to    TEXT,
        escalated_at    TEXT
    );
    CREATE INDEX requests_case ON requests (case_id, id);
    CREATE TABLE request_sightings (
        request_id  INTEGER NOT NULL REFERENCES requests(id) ON DELETE CASCADE,
        sighting_id INTEGER NOT NULL REFERENCES sightings(id) ON DELETE CASCADE,
        case_id     TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
        PRIMARY KEY (request_id, sighting_id)
    );
    CREATE INDEX request_sightings_sighting ON request_sightings (sighting_id);
    CREATE TABLE answers (
        id          INTEGER PRIMARY KEY AUTOINCREMENT,
        request_id  INTEGER NOT NULL REFERENCES requests(id) ON DELETE CASCADE,
        case_id     TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
        at          TEXT NOT NULL,
        outcome     TEXT NOT NULL,
        note        TEXT
    );
    CREATE TABLE checks (
        id          INTEGER PRIMARY KEY AUTOINCREMENT,
        case_id     TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
        sighting_id INTEGER NOT NULL REFERENCES sightings(id) ON DELETE CASCADE,
        checked_at  TEXT NOT NULL,
        url         TEXT NOT NULL,
        final_url   TEXT,
        state       TEXT NOT NULL,
        http_status INTEGER,
        reason      TEXT NOT NULL,
        image_match TEXT,
        elapsed_ms  INTEGER
    );
    CREATE INDEX checks_sighting ON checks (sighting_id, id);
    """,
    # Matching beyond PDQ's limits (leakhelp.regions): the PDQ variants of the
    # original inside its uniform borders (comma-separated hex, like
    # dihedral) and the 255 region hashes, packed 32 bytes each.
    """
    ALTER TABLE fingerprints ADD COLUMN trimmed TEXT NOT NULL DEFAULT '';
    ALTER TABLE fingerprints ADD COLUMN regions BLOB;
    """,
    # What a case is about ('shared', or 'sextortion': threatened, not yet
    # shared), and the hashing services (StopNCII, Take It Down) the person
    # used: the date and the service's case number, never its PIN.
    """
    ALTER TABLE cases ADD COLUMN kind TEXT NOT NULL DEFAULT 'shared';
    CREATE TABLE handoffs (
        id          INTEGER PRIMARY KEY AUTOINCREMENT,
        case_id     TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
        service     TEXT NOT NULL,
        done_on     TEXT NOT NULL,
        reference   TEXT,
        recorded_at TEXT NOT NULL
    );
    CREATE INDEX handoffs_case ON handoffs (case_id, id);
    """,
    # Videos (leakhelp.video): the file's MD5 and SHA-256 and its frame hashes
    # as compact JSON ([[pdq, quality, start, end, phash, dhash], ...]); never
    # a frame, a name or a path. They go with their case (ON DELETE CASCADE).
    """
    CREATE TABLE videos (
        id          INTEGER PRIMARY KEY AUTOINCREMENT,
        case_id     TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
        md5         TEXT NOT NULL,
        sha256      TEXT NOT NULL,
        duration    REAL NOT NULL,
        width       INTEGER NOT NULL,
        height      INTEGER NOT NULL,
        frames      TEXT NOT NULL,
        label       TEXT,
        version     INTEGER NOT NULL,
        added_at    TEXT NOT NULL,
        UNIQUE (case_id, sha256)
    );
    """,
    # What the user says, kept apart from when leakhelp recorded it: when they
    # first saw a sighting and a note on it, when a request was noted as sent
    # (sent_at is the time the user gave). And the files leakhelp wrote for a
    # case (letters, reports, exports), so `case forget` can name them.
    """
    ALTER TABLE sightings ADD COLUMN seen_at TEXT;
    ALTER TABLE sightings ADD COLUMN note TEXT;
    ALTER TABLE requests ADD COLUMN sent_recorded_at TEXT;
    CREATE TABLE outputs (
        id          INTEGER PRIMARY KEY AUTOINCREMENT,
        case_id     TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
        path        TEXT NOT NULL,
        kind        TEXT NOT NULL,
        written_at  TEXT NOT NULL,
        UNIQUE (case_id, path)
    );
    """,
    # Check reasons as a message key and its values (JSON), translated when
    # shown; ``reason`` keeps the English text (older rows have only that).
    """
    ALTER TABLE checks ADD COLUMN reason_key TEXT;
    ALTER TABLE checks ADD COLUMN reason_values TEXT;
    """,
    # Whole-image PDQ variants as bytes (32 per hash, like regions), so a big
    # case goes from disk into the matching index without hex: new rows fill
    # these and leave the hex columns dihedral and trimmed empty; rows from
    # before keep their hex, which is still read.
    """
    ALTER TABLE fingerprints ADD COLUMN dihedral_bin BLOB;
    ALTER TABLE fingerprints ADD COLUMN trimmed_bin BLOB;
    """,
)

SCHEMA_VERSION = len(MIGRATIONS)


def new_case_id() -> CaseId:
    return CaseId("".join(secrets.choice(_ID_ALPHABET) for _ in range(_ID_LENGTH)))


class Store:
    """A case store. Use :meth:`open`; close it with :meth:`close` or ``with``."""

    def __init__(self, path: Path, *, now: Callable[[], datetime] = utc_now) -> None:
        self.path = path
        self._now = now
        self._conn = _connect(path)
        #: Opened read-only (a write-protected home): reading works, writing says so.
        self.read_only = not _writable(path)
        self.migrate()

    @classmethod
    def open(
        cls, home: str | os.PathLike[str] | None = None, *, now: Callable[[], datetime] = utc_now
    ) -> Store:
        """Open (creating if needed) the store under the leakhelp home."""
        folder = prepare_home(resolve_home(home))
        return cls(folder / STORE_FILENAME, now=now)

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._conn.close()

    def now(self) -> str:
        return iso(self._now())

    # -- schema -------------------------------------------------------------
    @property
    def schema_version(self) -> int:
        return int(self._conn.execute("PRAGMA user_version").fetchone()[0])

    def migrate(self) -> None:
        version = self.schema_version
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"this case store was made by a newer leakhelp (schema {version}, "
                f"this one knows {SCHEMA_VERSION}); please update leakhelp"
            )
        for step in range(version, SCHEMA_VERSION):
            try:
                with self.transaction() as conn:
                    for statement in _statements(MIGRATIONS[step]):
                        conn.execute(statement)
                    conn.execute(f"PRAGMA user_version = {step + 1}")
            except StoreError as exc:
                raise StoreError(
                    f"could not update the case store to schema {step + 1}: {exc}"
                ) from None

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """Everything inside happens, or nothing does."""
        conn = self._conn
        try:
            conn.execute("BEGIN IMMEDIATE")
            yield conn
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise

    # -- cases --------------------------------------------------------------
    def create_case(
        self,
        name: str,
        *,
        lang: Lang = "en",
        country: str | None = None,
        fingerprints: Iterable[Fingerprint] = (),
    ) -> Case:
        """A new case; with ``fingerprints`` (an import) they come in the same transaction,
        so a failed or interrupted import leaves no empty case behind."""
        name = name.strip()
        if not name:
            raise UsageError("error.case-needs-name")
        if lang not in LANGS:
            raise UsageError(f"language must be one of {', '.join(LANGS)}")
        created = self.now()
        with self.transaction() as conn:
            for _attempt in range(10):
                case_id = new_case_id()
                if conn.execute("SELECT 1 FROM cases WHERE id = ?", (case_id,)).fetchone() is None:
                    break
            conn.execute(
                "INSERT INTO cases (id, name, lang, country, created_at) VALUES (?, ?, ?, ?, ?)",
                (case_id, name, lang, country.upper() if country else None, created),
            )
            self._event(conn, case_id, "case-created", {"lang": lang})
            added, _dupes = self._insert_fingerprints(conn, case_id, fingerprints)
        return Case(
            id=case_id,
            name=name,
            lang=lang,
            created_at=created,
            country=country.upper() if country else None,
            fingerprint_count=added,
        )

    def list_cases(self) -> list[Case]:
        rows = self._conn.execute(
            "SELECT c.*, (SELECT COUNT(*) FROM fingerprints f WHERE f.case_id = c.id) AS n "
            "FROM cases c ORDER BY c.created_at, c.id"
        ).fetchall()
        return [_case(row) for row in rows]

    def get_case(self, ref: str) -> Case:
        """Find a case by its id, or by its name when exactly one case has it."""
        ref = ref.strip()
        query = (
            "SELECT c.*, (SELECT COUNT(*) FROM fingerprints f WHERE f.case_id = c.id) AS n "
            "FROM cases c WHERE {} ORDER BY c.created_at"
        )
        row = self._conn.execute(query.format("c.id = ?"), (ref.lower(),)).fetchone()
        if row is not None:
            return _case(row)
        rows = self._conn.execute(query.format("c.name = ? COLLATE NOCASE"), (ref,)).fetchall()
        if len(rows) == 1:
            return _case(rows[0])
        if len(rows) > 1:
            ids = ", ".join(r["id"] for r in rows)
            raise UsageError("case.ambiguous", ref=ref, ids=ids)
        close = self._closest_case(ref)
        if close:
            raise CaseNotFoundError("case.not-found-close", ref=ref, close=close)
        raise CaseNotFoundError("case.not-found", ref=ref)

    def _closest_case(self, ref: str) -> str | None:
        """The id of the case whose id or name is closest to a mistyped ``ref``, if any."""
        rows = self._conn.execute("SELECT id, name FROM cases").fetchall()
        by_word = {row["id"]: row["id"] for row in rows}
        by_word.update({row["name"].lower(): row["id"] for row in rows if row["name"]})
        close = difflib.get_close_matches(ref.lower(), list(by_word), n=1, cutoff=0.6)
        return by_word[close[0]] if close else None

    def forget_case(self, case_id: CaseId) -> None:
        """Delete the case and everything in it, and overwrite the freed space."""
        with self.transaction() as conn:
            cur = conn.execute("DELETE FROM cases WHERE id = ?", (case_id,))
            if cur.rowcount == 0:
                raise CaseNotFoundError("case.not-found", ref=case_id)
        self.wipe(forgotten=case_id)

    def wipe(self, *, forgotten: str | None = None) -> None:
        """Overwrite the space freed by deleted data, in the database file and the WAL.

        ``secure_delete`` writes zeroed pages into the write-ahead log; only a
        checkpoint copies them over the old data in the database file, and a
        TRUNCATE checkpoint also empties the log. The checkpoint cannot finish
        while another connection (a second leakhelp, the web app, a backup
        tool) is in a read transaction, so it is retried for a few seconds and
        its result checked: :class:`WipeIncompleteError` says so plainly when
        the old data is still on disk.
        """
        conn = self._conn
        conn.execute(f"PRAGMA busy_timeout = {_WIPE_WAIT_MS}")
        try:
            for attempt in range(_WIPE_ATTEMPTS):
                busy, log_frames, done = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
                if busy == 0 and log_frames in (0, -1) and done in (0, -1):
                    return
                if attempt + 1 < _WIPE_ATTEMPTS:
                    time.sleep(_WIPE_PAUSE_S)
        finally:
            conn.execute(f"PRAGMA busy_timeout = {_BUSY_TIMEOUT_MS}")
        home = shlex.quote(str(self.path.parent))
        what = f"case {forgotten} is deleted, but its data" if forgotten else "deleted data"
        raise WipeIncompleteError(
            f"{what} could not be wiped from the disk yet, because another program is "
            "reading the case store (another leakhelp, `leakhelp ui`, or a backup tool). "
            f"Close it, then run: leakhelp --home {home} case wipe"
        )

    # -- fingerprints -------------------------------------------------------
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

    # -- videos -----------------------------------------------------------------
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

    def fingerprints(self, case_id: CaseId) -> list[StoredFingerprint]:
        rows = self._conn.execute(
            "SELECT * FROM fingerprints WHERE case_id = ? ORDER BY id", (case_id,)
        ).fetchall()
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

        from .matching import FingerprintTable, rows_of_bytes
        from .regions import REGION_COUNT

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

    # -- timeline -----------------------------------------------------------
    def add_event(
        self, case_id: CaseId, kind: str, detail: dict[str, object] | None = None
    ) -> None:
        with self.transaction() as conn:
            _require_case(conn, case_id)
            self._event(conn, case_id, kind, detail or {})

    def events(self, case_id: CaseId) -> list[Event]:
        rows = self._conn.execute(
            "SELECT * FROM events WHERE case_id = ? ORDER BY id", (case_id,)
        ).fetchall()
        return [
            Event(
                id=int(r["id"]),
                case_id=CaseId(r["case_id"]),
                at=r["at"],
                kind=r["kind"],
                detail=json.loads(r["detail"]),
            )
            for r in rows
        ]

    # -- case kind and hand-offs to hashing services ---------------------------
    def case_kind(self, case_id: CaseId) -> str:
        """'shared' (images were shared) or 'sextortion' (threatened, not yet shared)."""
        row = self._conn.execute("SELECT kind FROM cases WHERE id = ?", (case_id,)).fetchone()
        if row is None:
            raise CaseNotFoundError(f"no case with id {case_id!r}")
        return str(row["kind"])

    def set_case_kind(self, case_id: CaseId, kind: str) -> None:
        if kind not in CASE_KINDS:
            raise UsageError(f"a case kind is one of: {', '.join(CASE_KINDS)}")
        with self.transaction() as conn:
            _require_case(conn, case_id)
            conn.execute("UPDATE cases SET kind = ? WHERE id = ?", (kind, case_id))
            self._event(conn, case_id, "case-kind", {"kind": kind})

    def add_handoff(
        self, case_id: CaseId, service: str, *, done_on: str, reference: str | None
    ) -> Handoff:
        """Record that a hashing service was used (the timeline names only the service)."""
        recorded = self.now()
        with self.transaction() as conn:
            _require_case(conn, case_id)
            cur = conn.execute(
                "INSERT INTO handoffs (case_id, service, done_on, reference, recorded_at) "
                "VALUES (?, ?, ?, ?, ?)",
                (case_id, service, done_on, reference, recorded),
            )
            self._event(conn, case_id, "handoff-recorded", {"service": service})
        handoff_id = cur.lastrowid
        assert handoff_id is not None
        return Handoff(handoff_id, case_id, service, done_on, reference, recorded)

    def handoffs(self, case_id: CaseId) -> list[Handoff]:
        rows = self._conn.execute(
            "SELECT * FROM handoffs WHERE case_id = ? ORDER BY done_on, id", (case_id,)
        ).fetchall()
        return [
            Handoff(
                id=int(r["id"]),
                case_id=CaseId(r["case_id"]),
                service=r["service"],
                done_on=r["done_on"],
                reference=r["reference"],
                recorded_at=r["recorded_at"],
            )
            for r in rows
        ]

    # -- tracking: clock and profile ----------------------------------------
    def moment(self) -> datetime:
        """The store's clock (injected with ``now=``) as an aware datetime in UTC."""
        return self._now().astimezone(UTC)

    def profile(self, case_id: CaseId) -> CaseProfile:
        """The case's profile (empty when none was set)."""
        row = self._conn.execute(
            "SELECT * FROM case_profiles WHERE case_id = ?", (case_id,)
        ).fetchone()
        if row is None:
            _require_case(self._conn, case_id)
            return CaseProfile(case_id=case_id)
        return _profile(row)

    def set_profile(self, case_id: CaseId, changes: dict[str, object]) -> CaseProfile:
        """Set (or, with None, clear) some profile fields; the others stay."""
        unknown = set(changes) - set(PROFILE_FIELDS)
        if unknown:
            raise UsageError("error.profile-fields", fields=", ".join(sorted(unknown)))
        with self.transaction() as conn:
            _require_case(conn, case_id)
            conn.execute(
                "INSERT OR IGNORE INTO case_profiles (case_id, updated_at) VALUES (?, ?)",
                (case_id, self.now()),
            )
            for key in PROFILE_FIELDS:  # fixed column names, never user input
                if key in changes:
                    value = changes[key]
                    if key == "minor":
                        value = 1 if value else 0
                    conn.execute(
                        f"UPDATE case_profiles SET {key} = ? WHERE case_id = ?",  # noqa: S608
                        (value, case_id),
                    )
            conn.execute(
                "UPDATE case_profiles SET updated_at = ? WHERE case_id = ?", (self.now(), case_id)
            )
            # The timeline names the fields, never their (personal) values.
            self._event(conn, case_id, "profile-updated", {"fields": sorted(changes)})
        return self.profile(case_id)

    # -- tracking: sightings -------------------------------------------------
    def add_sightings(
        self,
        case_id: CaseId,
        items: Iterable[tuple[str, str | None]],
        *,
        source: str = "manual",
    ) -> list[tuple[Sighting, str]]:
        """Record (url, platform) pairs in a case, all in one transaction.

        Returns each sighting with what happened: "added", "seen-again"
        (last_seen updated) or "reopened" (it had been removed and was seen
        again). The URLs must already be normalised.
        """
        done: list[tuple[int, str]] = []
        now = self.now()
        with self.transaction() as conn:
            _require_case(conn, case_id)
            for url, platform in items:
                row = conn.execute(
                    "SELECT * FROM sightings WHERE case_id = ? AND url = ?", (case_id, url)
                ).fetchone()
                if row is None:
                    cur = conn.execute(
                        "INSERT INTO sightings (case_id, url, platform, source, first_seen, "
                        "last_seen) VALUES (?, ?, ?, ?, ?, ?)",
                        (case_id, url, platform, source, now, now),
                    )
                    sid = int(cur.lastrowid or 0)
                    what = "added"
                    self._event(
                        conn,
                        case_id,
                        "sighting-added",
                        {"sighting": sid, "url": url, "platform": platform, "source": source},
                    )
                else:
                    sid = int(row["id"])
                    conn.execute(
                        "UPDATE sightings SET last_seen = ?, platform = COALESCE(platform, ?) "
                        "WHERE id = ?",
                        (now, platform, sid),
                    )
                    if row["state"] == "removed":
                        what = "reopened"
                        self._reopen_sighting(conn, case_id, sid, by=source)
                    else:
                        what = "seen-again"
                        self._event(conn, case_id, "sighting-seen-again", {"sighting": sid})
                done.append((sid, what))
        return [(self.sighting(sid), what) for sid, what in done]

    def sightings(
        self, case_id: CaseId | None = None, *, state: SightingState | None = None
    ) -> list[Sighting]:
        """Sightings of a case (or of all cases), oldest first."""
        where: list[str] = []
        args: list[str] = []
        if case_id is not None:
            where.append("case_id = ?")
            args.append(case_id)
        if state is not None:
            where.append("state = ?")
            args.append(state)
        sql = "SELECT * FROM sightings"
        if where:
            sql += " WHERE " + " AND ".join(where)
        rows = self._conn.execute(sql + " ORDER BY id", args).fetchall()
        return [_sighting(r) for r in rows]

    def sighting(self, sighting_id: int) -> Sighting:
        row = self._conn.execute("SELECT * FROM sightings WHERE id = ?", (sighting_id,)).fetchone()
        if row is None:
            raise SightingNotFoundError("sighting.not-found-any", id=sighting_id)
        return _sighting(row)

    def mark_sighting_removed(
        self, sighting_id: int, *, by: str = "manual"
    ) -> tuple[Sighting, list[int]]:
        """Mark a sighting removed (by hand); returns it and the requests this settles."""
        with self.transaction() as conn:
            row = _sighting_row(conn, sighting_id)
            settled: list[int] = []
            if row["state"] == "open":
                now = self.now()
                self._remove_sighting(conn, row["case_id"], sighting_id, at=now, by=by)
                settled = self._settle_requests(conn, [sighting_id], at=now)
        return self.sighting(sighting_id), settled

    def reopen_sighting(
        self, sighting_id: int, *, by: str = "manual"
    ) -> tuple[Sighting, list[int]]:
        """Open a removed sighting again; returns it and the requests reopened."""
        with self.transaction() as conn:
            row = _sighting_row(conn, sighting_id)
            reopened: list[int] = []
            if row["state"] == "removed":
                reopened = self._reopen_sighting(conn, row["case_id"], sighting_id, by=by)
        return self.sighting(sighting_id), reopened

    # -- tracking: requests --------------------------------------------------
    def create_request(
        self,
        case_id: CaseId,
        *,
        basis: str,
        lang: Lang,
        sighting_ids: Iterable[int],
        platform: str | None = None,
        host: str | None = None,
        subject: str | None = None,
        to: str | None = None,
        letter: str | None = None,
        letter_format: str = "txt",
        deadline_days: float | None = None,
    ) -> Request:
        """Store a drafted request (a letter) covering some sightings of the case."""
        ids = sorted(set(sighting_ids))
        if not ids:
            raise UsageError("error.request-needs-sighting")
        with self.transaction() as conn:
            _require_case(conn, case_id)
            for sid in ids:
                row = _sighting_row(conn, sid)
                if row["case_id"] != case_id:
                    raise UsageError("error.sighting-other-case", id=sid)
            cur = conn.execute(
                "INSERT INTO requests (case_id, platform, host, basis, lang, status, created_at, "
                "subject, recipient, letter, letter_format, deadline_days) "
                "VALUES (?, ?, ?, ?, ?, 'drafted', ?, ?, ?, ?, ?, ?)",
                (
                    case_id,
                    platform,
                    host,
                    basis,
                    lang,
                    self.now(),
                    subject,
                    to,
                    letter,
                    letter_format,
                    deadline_days,
                ),
            )
            rid = int(cur.lastrowid or 0)
            conn.executemany(
                "INSERT INTO request_sightings (request_id, sighting_id, case_id) VALUES (?, ?, ?)",
                [(rid, sid, case_id) for sid in ids],
            )
            self._event(
                conn,
                case_id,
                "request-drafted",
                {
                    "request": rid,
                    "basis": basis,
                    "platform": platform or host,
                    "sightings": ids,
                },
            )
        return self.request(rid)

    def requests(
        self,
        case_id: CaseId | None = None,
        *,
        statuses: Iterable[RequestStatus] | None = None,
    ) -> list[Request]:
        """Requests of a case (or of all cases), oldest first."""
        where: list[str] = []
        args: list[str] = []
        if case_id is not None:
            where.append("r.case_id = ?")
            args.append(case_id)
        if statuses is not None:
            wanted = list(statuses)
            where.append(f"r.status IN ({', '.join('?' for _ in wanted)})")
            args.extend(wanted)
        sql = (
            "SELECT r.*, (SELECT group_concat(sighting_id) FROM request_sightings s "
            "WHERE s.request_id = r.id) AS sighting_ids FROM requests r"
        )
        if where:
            sql += " WHERE " + " AND ".join(where)
        rows = self._conn.execute(sql + " ORDER BY r.id", args).fetchall()
        return [_request(r) for r in rows]

    def request(self, request_id: int) -> Request:
        row = self._conn.execute(
            "SELECT r.*, (SELECT group_concat(sighting_id) FROM request_sightings s "
            "WHERE s.request_id = r.id) AS sighting_ids FROM requests r WHERE r.id = ?",
            (request_id,),
        ).fetchone()
        if row is None:
            raise RequestNotFoundError("request.not-found", id=request_id)
        return _request(row)

    def request_letter(self, request_id: int) -> str | None:
        """The letter text as drafted (it holds the profile's personal data)."""
        self.request(request_id)
        row = self._conn.execute(
            "SELECT letter FROM requests WHERE id = ?", (request_id,)
        ).fetchone()
        return None if row is None else row["letter"]

    def mark_request_sent(
        self,
        request_id: int,
        *,
        sent_at: str,
        deadline_at: str | None,
        channel: str | None = None,
        reference: str | None = None,
        deadline_days: float | None = None,
    ) -> Request:
        """Record that the request was sent (again, to correct the date or channel)."""
        with self.transaction() as conn:
            req = _request_row(conn, request_id)
            status = req["status"]
            if status in ("drafted", "sent", "acknowledged"):
                status = "acknowledged" if (reference or req["reference"]) else "sent"
            conn.execute(
                "UPDATE requests SET status = ?, sent_at = ?, deadline_at = ?, "
                "channel = COALESCE(?, channel), reference = COALESCE(?, reference), "
                "deadline_days = COALESCE(?, deadline_days) WHERE id = ?",
                (status, sent_at, deadline_at, channel, reference, deadline_days, request_id),
            )
            self._event(
                conn,
                req["case_id"],
                "request-sent",
                {
                    "request": request_id,
                    "sent_at": sent_at,
                    "deadline_at": deadline_at,
                    "channel": channel,
                    "reference": reference,
                },
            )
        return self.request(request_id)

    def set_request_reference(self, request_id: int, reference: str) -> Request:
        """The platform acknowledged the request with a ticket or reference number."""
        with self.transaction() as conn:
            req = _request_row(conn, request_id)
            status = "acknowledged" if req["status"] == "sent" else req["status"]
            conn.execute(
                "UPDATE requests SET reference = ?, status = ? WHERE id = ?",
                (reference, status, request_id),
            )
            self._event(
                conn,
                req["case_id"],
                "request-acknowledged",
                {"request": request_id, "reference": reference},
            )
        return self.request(request_id)

    def set_request_deadline(
        self, request_id: int, deadline_at: str, *, deadline_days: float | None = None
    ) -> Request:
        """Move a request's deadline (e.g. a GDPR extension the platform announced)."""
        with self.transaction() as conn:
            req = _request_row(conn, request_id)
            conn.execute(
                "UPDATE requests SET deadline_at = ?, deadline_days = COALESCE(?, deadline_days) "
                "WHERE id = ?",
                (deadline_at, deadline_days, request_id),
            )
            self._event(
                conn,
                req["case_id"],
                "request-deadline-changed",
                {"request": request_id, "deadline_at": deadline_at},
            )
        return self.request(request_id)

    def record_answer(
        self,
        request_id: int,
        outcome: AnswerOutcome,
        *,
        note: str | None = None,
        at: str | None = None,
    ) -> tuple[Request, list[int]]:
        """Record a platform's answer. Returns the request and the requests now
        settled (when the answer is "removed", its sightings count as removed)."""
        if outcome not in ANSWER_OUTCOMES:
            raise UsageError("error.outcome", choices=", ".join(ANSWER_OUTCOMES))
        when = at or self.now()
        settled: list[int] = []
        with self.transaction() as conn:
            req = _request_row(conn, request_id)
            case_id = req["case_id"]
            if req["sent_at"] is None:
                raise UsageError(
                    "error.request-not-sent",
                    id=request_id,
                    command=f"leakhelp request sent {request_id}",
                )
            conn.execute(
                "INSERT INTO answers (request_id, case_id, at, outcome, note) VALUES (?, ?, ?, ?, ?)",
                (request_id, case_id, when, outcome, note),
            )
            status = {"refused": "refused", "partial": "partial", "none": "no-reply"}.get(outcome)
            conn.execute(
                "UPDATE requests SET outcome = ?, answered_at = ?, status = COALESCE(?, status) "
                "WHERE id = ?",
                (outcome, when, status, request_id),
            )
            self._event(
                conn, case_id, "request-answered", {"request": request_id, "outcome": outcome}
            )
            if outcome == "removed":
                ids = [
                    int(r["id"])
                    for r in conn.execute(
                        "SELECT s.id FROM sightings s JOIN request_sightings rs "
                        "ON rs.sighting_id = s.id WHERE rs.request_id = ? AND s.state = 'open'",
                        (request_id,),
                    )
                ]
                for sid in ids:
                    self._remove_sighting(conn, case_id, sid, at=when, by="answer")
                settled = self._settle_requests(conn, ids, at=when, also=[request_id])
        return self.request(request_id), settled

    def record_reminder(self, request_id: int) -> Request:
        """A reminder about the request was sent to the platform."""
        with self.transaction() as conn:
            req = _request_row(conn, request_id)
            count = int(req["reminders"]) + 1
            conn.execute(
                "UPDATE requests SET reminders = ?, reminded_at = ? WHERE id = ?",
                (count, self.now(), request_id),
            )
            self._event(
                conn, req["case_id"], "request-reminded", {"request": request_id, "count": count}
            )
        return self.request(request_id)

    def record_escalation(self, request_id: int, route: str) -> Request:
        """The request was taken further (an authority, a trusted flagger, police, court)."""
        with self.transaction() as conn:
            req = _request_row(conn, request_id)
            conn.execute(
                "UPDATE requests SET status = 'escalated', escalated_to = ?, escalated_at = ? "
                "WHERE id = ?",
                (route, self.now(), request_id),
            )
            self._event(
                conn, req["case_id"], "request-escalated", {"request": request_id, "to": route}
            )
        return self.request(request_id)

    def answers(self, case_id: CaseId) -> list[Answer]:
        rows = self._conn.execute(
            "SELECT * FROM answers WHERE case_id = ? ORDER BY id", (case_id,)
        ).fetchall()
        return [
            Answer(
                id=int(r["id"]),
                request_id=int(r["request_id"]),
                case_id=CaseId(r["case_id"]),
                at=r["at"],
                outcome=r["outcome"],
                note=r["note"],
            )
            for r in rows
        ]

    # -- tracking: status checks ---------------------------------------------
    def record_check(self, result: CheckResult, *, sighting_id: int | None = None) -> CheckOutcome:
        """Keep a status check as evidence for the sighting(s) with its URL.

        A "removed" check removes an open sighting (its removal date is that
        of the first removed check) and settles each request whose sightings
        are now all removed; an "online" check after a removal reopens the
        sighting and the requests it had settled. Nothing is stored when no
        sighting has the URL.
        """
        at = _as_iso(result.checked_at, self.now())
        changes: list[SightingChange] = []
        removed: list[int] = []
        reopened: list[int] = []
        with self.transaction() as conn:
            if sighting_id is not None:
                rows = [_sighting_row(conn, sighting_id)]
            else:
                rows = conn.execute(
                    "SELECT * FROM sightings WHERE url = ? ORDER BY id", (result.url,)
                ).fetchall()
            for row in rows:
                sid, case_id = int(row["id"]), row["case_id"]
                conn.execute(
                    "INSERT INTO checks (case_id, sighting_id, checked_at, url, final_url, state, "
                    "http_status, reason, image_match, elapsed_ms, reason_key, reason_values) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        case_id,
                        sid,
                        at,
                        result.url,
                        result.final_url,
                        result.state,
                        result.http_status,
                        result.reason,
                        result.image_match,
                        result.elapsed_ms,
                        result.reason_key,
                        json.dumps(dict(result.reason_values), sort_keys=True, default=str)
                        if result.reason_key is not None
                        else None,
                    ),
                )
                conn.execute(
                    "UPDATE sightings SET last_check_state = ?, last_checked_at = ? WHERE id = ?",
                    (result.state, at, sid),
                )
                before: SightingState = row["state"]
                after = before
                if result.state != row["last_check_state"]:
                    self._event(
                        conn,
                        case_id,
                        "checked",
                        {
                            "sighting": sid,
                            "state": result.state,
                            "http_status": result.http_status,
                        },
                    )
                if result.state == "removed" and before == "open":
                    self._remove_sighting(conn, case_id, sid, at=at, by="check")
                    removed.append(sid)
                    after = "removed"
                elif result.state == "online" and before == "removed":
                    reopened += self._reopen_sighting(conn, case_id, sid, by="check")
                    after = "open"
                changes.append(
                    SightingChange(
                        sighting_id=sid,
                        case_id=CaseId(case_id),
                        url=row["url"],
                        previous_check_state=row["last_check_state"],
                        check_state=result.state,
                        previous_state=before,
                        state=after,
                    )
                )
            settled = self._settle_requests(conn, removed, at=at) if removed else []
        return CheckOutcome(
            result=result,
            changes=tuple(changes),
            settled_requests=tuple(settled),
            reopened_requests=tuple(sorted(set(reopened))),
        )

    def checks(self, case_id: CaseId) -> list[StoredCheck]:
        rows = self._conn.execute(
            "SELECT * FROM checks WHERE case_id = ? ORDER BY checked_at, id", (case_id,)
        ).fetchall()
        return [
            StoredCheck(
                id=int(r["id"]),
                case_id=CaseId(r["case_id"]),
                sighting_id=int(r["sighting_id"]),
                result=CheckResult(
                    url=r["url"],
                    state=r["state"],
                    http_status=r["http_status"],
                    reason=r["reason"],
                    checked_at=r["checked_at"],
                    final_url=r["final_url"],
                    image_match=r["image_match"],
                    elapsed_ms=r["elapsed_ms"],
                    reason_key=r["reason_key"],
                    reason_values=_reason_values(r["reason_values"]),
                ),
            )
            for r in rows
        ]

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
        return next(s for s in self.fingerprints(case_id) if s.id == fingerprint_id)

    # -- what the user says, and what leakhelp wrote ----------------------------
    def set_sighting_stated(
        self, sighting_id: int, *, seen_at: str | None = None, note: str | None = None
    ) -> Sighting:
        """Keep when the user says they first saw it and their note (recorded times stay)."""
        with self.transaction() as conn:
            row = _sighting_row(conn, sighting_id)
            conn.execute(
                "UPDATE sightings SET seen_at = COALESCE(?, seen_at), note = COALESCE(?, note) "
                "WHERE id = ?",
                (seen_at, note, sighting_id),
            )
            self._event(
                conn,
                row["case_id"],
                "sighting-stated",
                {"sighting": sighting_id, "seen_at": seen_at, "note": note},
            )
        return self.sighting(sighting_id)

    def set_request_recorded(self, request_id: int, recorded_at: str) -> None:
        """When leakhelp was told the request was sent (``sent_at`` is what the user said)."""
        with self.transaction() as conn:
            _request_row(conn, request_id)
            conn.execute(
                "UPDATE requests SET sent_recorded_at = ? WHERE id = ?", (recorded_at, request_id)
            )

    def record_output(self, case_id: CaseId, path: str, kind: str) -> None:
        """Remember a file leakhelp wrote for a case (its absolute path, never its content)."""
        with self.transaction() as conn:
            _require_case(conn, case_id)
            conn.execute(
                "INSERT INTO outputs (case_id, path, kind, written_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (case_id, path) DO UPDATE SET kind = excluded.kind, "
                "written_at = excluded.written_at",
                (case_id, path, kind, self.now()),
            )

    def outputs(self, case_id: CaseId) -> list[tuple[str, str]]:
        """(path, kind) of the files leakhelp wrote for a case, oldest first."""
        rows = self._conn.execute(
            "SELECT path, kind FROM outputs WHERE case_id = ? ORDER BY id", (case_id,)
        ).fetchall()
        return [(row["path"], row["kind"]) for row in rows]

    # -- tracking: helpers inside a transaction -------------------------------
    def _remove_sighting(
        self, conn: sqlite3.Connection, case_id: str, sighting_id: int, *, at: str, by: str
    ) -> None:
        conn.execute(
            "UPDATE sightings SET state = 'removed', removed_at = COALESCE(removed_at, ?), "
            "removed_by = ? WHERE id = ?",
            (at, by, sighting_id),
        )
        self._event(
            conn, case_id, "sighting-removed", {"sighting": sighting_id, "by": by, "at": at}
        )

    def _reopen_sighting(
        self, conn: sqlite3.Connection, case_id: str, sighting_id: int, *, by: str
    ) -> list[int]:
        """Open a removed sighting again, and the settled requests covering it."""
        conn.execute(
            "UPDATE sightings SET state = 'open', removed_at = NULL, removed_by = NULL "
            "WHERE id = ?",
            (sighting_id,),
        )
        self._event(conn, case_id, "sighting-reopened", {"sighting": sighting_id, "by": by})
        rows = conn.execute(
            "SELECT r.* FROM requests r JOIN request_sightings rs ON rs.request_id = r.id "
            "WHERE rs.sighting_id = ? AND r.status = 'settled' ORDER BY r.id",
            (sighting_id,),
        ).fetchall()
        reopened = []
        for req in rows:
            if req["sent_at"] is None:
                status = "drafted"
            elif req["reference"]:
                status = "acknowledged"
            else:
                status = "sent"
            conn.execute(
                "UPDATE requests SET status = ?, outcome = NULL, settled_at = NULL WHERE id = ?",
                (status, req["id"]),
            )
            self._event(
                conn, case_id, "request-reopened", {"request": int(req["id"]), "status": status}
            )
            reopened.append(int(req["id"]))
        return reopened

    def _settle_requests(
        self,
        conn: sqlite3.Connection,
        sighting_ids: Iterable[int],
        *,
        at: str,
        also: Iterable[int] = (),
    ) -> list[int]:
        """Settle each unsettled request (covering one of these sightings, or in
        ``also``) whose sightings are now all removed."""
        candidates: set[int] = set(also)
        for sid in sighting_ids:
            candidates.update(
                int(r[0])
                for r in conn.execute(
                    "SELECT request_id FROM request_sightings WHERE sighting_id = ?", (sid,)
                )
            )
        settled = []
        for rid in sorted(candidates):
            req = conn.execute("SELECT * FROM requests WHERE id = ?", (rid,)).fetchone()
            if req is None or req["status"] == "settled":
                continue
            still_open = conn.execute(
                "SELECT COUNT(*) FROM request_sightings rs JOIN sightings s "
                "ON s.id = rs.sighting_id WHERE rs.request_id = ? AND s.state = 'open'",
                (rid,),
            ).fetchone()[0]
            if still_open:
                continue
            conn.execute(
                "UPDATE requests SET status = 'settled', outcome = 'removed', settled_at = ? "
                "WHERE id = ?",
                (at, rid),
            )
            self._event(conn, req["case_id"], "request-settled", {"request": rid, "at": at})
            settled.append(rid)
        return settled

    def _event(
        self, conn: sqlite3.Connection, case_id: str, kind: str, detail: dict[str, object]
    ) -> None:
        conn.execute(
            "INSERT INTO events (case_id, at, kind, detail) VALUES (?, ?, ?, ?)",
            (case_id, self.now(), kind, json.dumps(detail, sort_keys=True)),
        )


class _Connection(sqlite3.Connection):
    """A connection whose every SQLite error is a :class:`StoreError`.

    So no ``sqlite3.Error`` escapes the exception tree, and a full disk or a
    busy store is told in plain words instead of "Something went wrong".
    """

    def execute(self, sql: str, parameters: Any = (), /) -> sqlite3.Cursor:
        try:
            return super().execute(sql, parameters)
        except sqlite3.Error as exc:
            raise StoreError(_sqlite_reason(exc)) from exc

    def executemany(self, sql: str, parameters: Any, /) -> sqlite3.Cursor:
        try:
            return super().executemany(sql, parameters)
        except sqlite3.Error as exc:
            raise StoreError(_sqlite_reason(exc)) from exc


#: SQLite's messages for troubles a person can do something about.
_SQLITE_REASONS: tuple[tuple[str, str], ...] = (
    ("disk is full", "the disk is full; free some space and try again (nothing was changed)"),
    ("readonly", "the leakhelp folder is read-only, so nothing can be changed now"),
    ("locked", "another leakhelp is busy with the case store; try again in a moment"),
    ("busy", "another leakhelp is busy with the case store; try again in a moment"),
    ("malformed", "the case store is damaged; restore it from a backup"),
    ("not a database", "the case store is damaged; restore it from a backup"),
)


def _sqlite_reason(exc: sqlite3.Error) -> str:
    text = str(exc)
    for needle, reason in _SQLITE_REASONS:
        if needle in text:
            return reason
    return f"the case store could not be read or written ({text})"


def _connect(path: Path) -> sqlite3.Connection:
    """Open the store; read-only when its folder or file cannot be written."""
    try:
        if not path.exists():
            # Create the file 0600 ourselves; SQLite gives its -wal and -shm
            # files the same permissions as the database file.
            os.close(os.open(path, os.O_RDWR | os.O_CREAT, FILE_MODE))
        writable = _writable(path)
        if writable and path.stat().st_mode & 0o777 != FILE_MODE:
            os.chmod(path, FILE_MODE)
        conn: sqlite3.Connection
        if writable:
            conn = sqlite3.connect(path, isolation_level=None, timeout=10, factory=_Connection)
            conn.execute("PRAGMA journal_mode = WAL")
        else:
            conn = _connect_read_only(path)
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA secure_delete = ON")
        conn.execute(f"PRAGMA busy_timeout = {_BUSY_TIMEOUT_MS}")
        return conn
    except (sqlite3.Error, StoreError, OSError) as exc:
        reason = os_reason(exc) if isinstance(exc, OSError) else str(exc)
        raise StoreError(f"cannot open the case store {path}: {reason}") from None


def _writable(path: Path) -> bool:
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


def _connect_read_only(path: Path) -> sqlite3.Connection:
    """A read-only store (a write-protected folder, a read-only disk).

    A WAL database needs its ``-shm`` file; in a folder that cannot be written
    SQLite cannot make one, so the file is then opened as immutable: fine,
    since nobody can change it there either.
    """
    uri = path.resolve().as_uri()
    for options in ("mode=ro", "mode=ro&immutable=1"):
        conn = sqlite3.connect(
            f"{uri}?{options}", uri=True, isolation_level=None, timeout=10, factory=_Connection
        )
        try:
            conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
            return conn
        except StoreError:
            conn.close()
    raise StoreError("the case store cannot be read")


def _pack_hashes(hashes: tuple[str, ...]) -> bytes | None:
    """Hex hashes as one blob of 32-byte hashes; None when there are none."""
    return bytes.fromhex("".join(hashes)) if hashes else None


def _unpack_hashes(blob: bytes | None) -> tuple[str, ...]:
    if not blob:
        return ()
    text = blob.hex()
    return tuple(text[i : i + 64] for i in range(0, len(text), 64))


def _hashes(blob: bytes | None, legacy: str) -> tuple[str, ...]:
    """Hashes kept as bytes, or (rows from before schema 4) as comma-separated hex."""
    return _unpack_hashes(blob) if blob is not None else tuple(legacy.split(",")) if legacy else ()


def _legacy_bytes(hexes: str) -> bytes:
    return bytes.fromhex(hexes.replace(",", ""))


def _blobs(column: tuple[bytes | str | None, ...]) -> tuple[bytes, ...] | list[bytes]:
    """Hashes as bytes (b"" for none); rows kept before schema 4 have comma-separated hex."""
    kinds = set(map(type, column))
    if kinds <= {bytes}:
        return column  # type: ignore[return-value]  # all bytes: the usual case
    if kinds == {type(None)}:
        return [b""] * len(column)
    return [b if isinstance(b, bytes) else _legacy_bytes(b) if b else b"" for b in column]


def _statements(script: str) -> list[str]:
    return [s.strip() for s in script.split(";") if s.strip()]


def _require_case(conn: sqlite3.Connection, case_id: str) -> None:
    if conn.execute("SELECT 1 FROM cases WHERE id = ?", (case_id,)).fetchone() is None:
        raise CaseNotFoundError("case.not-found", ref=case_id)


def _case(row: sqlite3.Row) -> Case:
    return Case(
        id=CaseId(row["id"]),
        name=row["name"],
        lang=row["lang"],
        created_at=row["created_at"],
        country=row["country"],
        fingerprint_count=int(row["n"]),
    )


def _as_iso(text: str, default: str) -> str:
    """A timestamp from outside (e.g. a check) in the store's form; else ``default``."""
    try:
        moment = datetime.fromisoformat(text)
    except (TypeError, ValueError):
        return default
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return iso(moment)


def _profile(row: sqlite3.Row) -> CaseProfile:
    return CaseProfile(
        case_id=CaseId(row["case_id"]),
        name=row["name"],
        email=row["email"],
        country=row["country"],
        address=row["address"],
        phone=row["phone"],
        signature=row["signature"],
        minor=bool(row["minor"]),
        updated_at=row["updated_at"],
    )


def _sighting_row(conn: sqlite3.Connection, sighting_id: int) -> sqlite3.Row:
    row: sqlite3.Row | None = conn.execute(
        "SELECT * FROM sightings WHERE id = ?", (sighting_id,)
    ).fetchone()
    if row is None:
        raise SightingNotFoundError("sighting.not-found-any", id=sighting_id)
    return row


def _sighting(row: sqlite3.Row) -> Sighting:
    return Sighting(
        id=int(row["id"]),
        case_id=CaseId(row["case_id"]),
        url=row["url"],
        platform=row["platform"],
        first_seen=row["first_seen"],
        last_seen=row["last_seen"],
        state=row["state"],
        removed_at=row["removed_at"],
        last_check_state=row["last_check_state"],
        last_checked_at=row["last_checked_at"],
        removed_by=_column(row, "removed_by"),
        seen_at=_column(row, "seen_at"),
        note=_column(row, "note"),
    )


def _column(row: sqlite3.Row, name: str) -> str | None:
    """A column that a query may not select (older queries list their columns)."""
    return row[name] if name in row.keys() else None  # noqa: SIM118 (Row has no __contains__)


def _request_row(conn: sqlite3.Connection, request_id: int) -> sqlite3.Row:
    row: sqlite3.Row | None = conn.execute(
        "SELECT * FROM requests WHERE id = ?", (request_id,)
    ).fetchone()
    if row is None:
        raise RequestNotFoundError("request.not-found", id=request_id)
    return row


def _request(row: sqlite3.Row) -> Request:
    ids = row["sighting_ids"]
    return Request(
        id=int(row["id"]),
        case_id=CaseId(row["case_id"]),
        platform=row["platform"],
        host=row["host"],
        basis=row["basis"],
        lang=row["lang"],
        status=row["status"],
        sighting_ids=tuple(sorted(int(x) for x in ids.split(","))) if ids else (),
        created_at=row["created_at"],
        subject=row["subject"],
        to=row["recipient"],
        letter_format=row["letter_format"],
        channel=row["channel"],
        reference=row["reference"],
        sent_at=row["sent_at"],
        deadline_at=row["deadline_at"],
        deadline_days=row["deadline_days"],
        outcome=row["outcome"],
        answered_at=row["answered_at"],
        settled_at=row["settled_at"],
        reminders=int(row["reminders"]),
        reminded_at=row["reminded_at"],
        escalated_to=row["escalated_to"],
        escalated_at=row["escalated_at"],
        sent_recorded_at=_column(row, "sent_recorded_at"),
    )


def _reason_values(text: str | None) -> dict[str, object]:
    """A stored check's reason values (JSON); empty for old rows or a damaged value."""
    if not text:
        return {}
    try:
        values = json.loads(text)
    except ValueError:
        return {}
    return values if isinstance(values, dict) else {}
