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

import json
import os
import secrets
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from .errors import CaseNotFoundError, StoreError, UsageError
from .models import (
    LANGS,
    Case,
    CaseId,
    Event,
    Fingerprint,
    Lang,
    StoredFingerprint,
)
from .paths import FILE_MODE, ensure_private_dir, resolve_home

STORE_FILENAME = "leakhelp.sqlite3"

#: Alphabet for case ids: lower case, no 0/o, 1/l/i, so an id read aloud over
#: the phone or copied by hand comes out right.
_ID_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"
_ID_LENGTH = 6

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
)

SCHEMA_VERSION = len(MIGRATIONS)


def utc_now() -> datetime:
    return datetime.now(UTC)


def iso(moment: datetime) -> str:
    """Timestamps are stored as ISO 8601 in UTC, to the second."""
    return moment.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def new_case_id() -> CaseId:
    return CaseId("".join(secrets.choice(_ID_ALPHABET) for _ in range(_ID_LENGTH)))


class Store:
    """A case store. Use :meth:`open`; close it with :meth:`close` or ``with``."""

    def __init__(self, path: Path, *, now: Callable[[], datetime] = utc_now) -> None:
        self.path = path
        self._now = now
        self._conn = _connect(path)
        self.migrate()

    @classmethod
    def open(
        cls, home: str | os.PathLike[str] | None = None, *, now: Callable[[], datetime] = utc_now
    ) -> Store:
        """Open (creating if needed) the store under the leakhelp home."""
        folder = resolve_home(home)
        try:
            ensure_private_dir(folder)
        except OSError as exc:
            raise StoreError(
                f"cannot create the leakhelp folder {folder}: {exc.strerror}"
            ) from None
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
            except sqlite3.Error as exc:
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
            conn.execute("ROLLBACK")
            raise

    # -- cases --------------------------------------------------------------
    def create_case(self, name: str, *, lang: Lang = "en", country: str | None = None) -> Case:
        name = name.strip()
        if not name:
            raise UsageError("a case needs a name (a nickname is fine)")
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
        return Case(
            id=case_id,
            name=name,
            lang=lang,
            created_at=created,
            country=country.upper() if country else None,
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
            raise UsageError(f"more than one case is called {ref!r}; use its id ({ids})")
        raise CaseNotFoundError(f"no case with id or name {ref!r} (see `leakhelp case list`)")

    def forget_case(self, case_id: CaseId) -> None:
        """Delete the case and everything in it, and overwrite the freed space."""
        with self.transaction() as conn:
            cur = conn.execute("DELETE FROM cases WHERE id = ?", (case_id,))
            if cur.rowcount == 0:
                raise CaseNotFoundError(f"no case with id {case_id!r}")
        # secure_delete zeroed the pages; a checkpoint moves them out of the WAL too.
        self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    # -- fingerprints -------------------------------------------------------
    def add_fingerprints(
        self, case_id: CaseId, fingerprints: Iterable[Fingerprint], *, log: bool = True
    ) -> tuple[int, int]:
        """Add fingerprints to a case; returns (added, already there).

        With ``log=False`` no timeline event is written (the caller writes
        one for a whole batch).
        """
        added = dupes = 0
        with self.transaction() as conn:
            _require_case(conn, case_id)
            for fp in fingerprints:
                cur = conn.execute(
                    "INSERT OR IGNORE INTO fingerprints (case_id, pdq, quality, phash, dhash, "
                    "width, height, dihedral, label, version, added_at) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        case_id,
                        fp.pdq,
                        fp.quality,
                        fp.phash,
                        fp.dhash,
                        fp.width,
                        fp.height,
                        ",".join(fp.dihedral),
                        fp.label,
                        fp.version,
                        self.now(),
                    ),
                )
                if cur.rowcount:
                    added += 1
                else:
                    dupes += 1
            if added and log:
                self._event(conn, case_id, "fingerprints-added", {"count": added})
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
                    dihedral=tuple(r["dihedral"].split(",")) if r["dihedral"] else (),
                    label=r["label"],
                    version=int(r["version"]),
                ),
            )
            for r in rows
        ]

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

    def _event(
        self, conn: sqlite3.Connection, case_id: str, kind: str, detail: dict[str, object]
    ) -> None:
        conn.execute(
            "INSERT INTO events (case_id, at, kind, detail) VALUES (?, ?, ?, ?)",
            (case_id, self.now(), kind, json.dumps(detail, sort_keys=True)),
        )


def _connect(path: Path) -> sqlite3.Connection:
    try:
        if not path.exists():
            # Create the file 0600 ourselves; SQLite gives its -wal and -shm
            # files the same permissions as the database file.
            os.close(os.open(path, os.O_RDWR | os.O_CREAT, FILE_MODE))
        os.chmod(path, FILE_MODE)
        conn = sqlite3.connect(path, isolation_level=None, timeout=10)
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA secure_delete = ON")
        conn.execute("PRAGMA busy_timeout = 10000")
        return conn
    except (sqlite3.Error, OSError) as exc:
        raise StoreError(f"cannot open the case store {path}: {exc}") from None


def _statements(script: str) -> list[str]:
    return [s.strip() for s in script.split(";") if s.strip()]


def _require_case(conn: sqlite3.Connection, case_id: str) -> None:
    if conn.execute("SELECT 1 FROM cases WHERE id = ?", (case_id,)).fetchone() is None:
        raise CaseNotFoundError(f"no case with id {case_id!r}")


def _case(row: sqlite3.Row) -> Case:
    return Case(
        id=CaseId(row["id"]),
        name=row["name"],
        lang=row["lang"],
        created_at=row["created_at"],
        country=row["country"],
        fingerprint_count=int(row["n"]),
    )
