"""The SQLite core: connect, pragmas, transactions, migrations, read-only fallback.

* WAL journal, foreign keys on, ``secure_delete`` on so that forgotten data
  is overwritten rather than left in free pages; a busy timeout, so a second
  leakhelp waits for the first instead of failing.
* The file is created 0600 inside a 0700 folder.
* Every ``sqlite3.Error`` becomes a :class:`StoreError` with a message key
  (nl + en): none escapes the exception tree.
* Migrations are safe against a race: each step takes the write lock
  (``BEGIN IMMEDIATE``) and reads the schema version again inside it, so two
  processes opening a fresh home at once both end up with the same schema,
  one doing each step and the other finding it done.
"""

from __future__ import annotations

import json
import os
import shlex
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Self

from ..errors import Message, StoreError, WipeIncompleteError
from ..models import iso, utc_now
from ..paths import FILE_MODE, STORE_FILENAME, os_reason, prepare_home, resolve_home
from .schema import MIGRATIONS, SCHEMA_VERSION, statements

#: How long ``wipe`` waits for other readers: a few tries of a second each,
#: so a reader that is just finishing does not stop the wipe, and a reader
#: that stays open does not hang ``case forget``.
_WIPE_ATTEMPTS = 3
_WIPE_WAIT_MS = 1000
_WIPE_PAUSE_S = 0.5


#: How long a write waits for another writer before "busy" (SQLite's default is 0).
_BUSY_TIMEOUT_MS = 10_000
#: The pause between two tries to switch a fresh store to WAL (see :func:`_use_wal`).
_WAL_RETRY_S = 0.01


class SqliteCore:
    """One SQLite file: its connection, clock, transactions and schema.

    The repositories (cases, fingerprints, sightings, ...) build on it; use
    :meth:`open`, and close it with :meth:`close` or ``with``.
    """

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
    ) -> Self:
        """Open (creating if needed) the store under the leakhelp home."""
        folder = prepare_home(resolve_home(home))
        return cls(folder / STORE_FILENAME, now=now)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._conn.close()

    def now(self) -> str:
        return iso(self._now())

    def moment(self) -> datetime:
        """The store's clock (injected with ``now=``) as an aware datetime in UTC."""
        return self._now().astimezone(UTC)

    @property
    def schema_version(self) -> int:
        return int(self._conn.execute("PRAGMA user_version").fetchone()[0])

    def migrate(self) -> None:
        """Bring the schema up to date, one step per write transaction.

        The version is read again once the write lock is held: another
        process may have done the step in the meantime (two leakhelps opening
        a fresh home at once), and then there is nothing left to do.
        """
        self._refuse_newer(self.schema_version)
        for step in range(self.schema_version, SCHEMA_VERSION):
            try:
                with self.transaction() as conn:
                    version = int(conn.execute("PRAGMA user_version").fetchone()[0])
                    self._refuse_newer(version)
                    if version > step:
                        continue  # done by another process while this one waited
                    for statement in statements(MIGRATIONS[step]):
                        conn.execute(statement)
                    conn.execute(f"PRAGMA user_version = {step + 1}")
            except StoreError as exc:
                if exc.key == "store.newer":
                    raise
                raise StoreError(
                    "store.migrate-failed", version=step + 1, reason=_reason_of(exc)
                ) from None

    @staticmethod
    def _refuse_newer(version: int) -> None:
        if version > SCHEMA_VERSION:
            raise StoreError("store.newer", version=version, known=SCHEMA_VERSION)

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
        command = f"leakhelp --home {shlex.quote(str(self.path.parent))} case wipe"
        if forgotten:
            raise WipeIncompleteError("store.wipe-incomplete-case", id=forgotten, command=command)
        raise WipeIncompleteError("store.wipe-incomplete", command=command)

    def _event(
        self, conn: sqlite3.Connection, case_id: str, kind: str, detail: dict[str, object]
    ) -> None:
        conn.execute(
            "INSERT INTO events (case_id, at, kind, detail) VALUES (?, ?, ?, ?)",
            (case_id, self.now(), kind, json.dumps(detail, sort_keys=True)),
        )


@contextmanager
def _told_plainly() -> Iterator[None]:
    """An ``sqlite3.Error`` inside becomes a :class:`StoreError` with a message key."""
    try:
        yield
    except sqlite3.Error as exc:
        raise _sqlite_error(exc) from exc


class _Cursor(sqlite3.Cursor):
    """A cursor whose every SQLite error, running a statement or fetching its rows
    (a damaged page may show only there), is a :class:`StoreError`."""

    def execute(self, sql: str, parameters: Any = (), /) -> Self:
        with _told_plainly():
            return super().execute(sql, parameters)

    def executemany(self, sql: str, parameters: Any, /) -> Self:
        with _told_plainly():
            return super().executemany(sql, parameters)

    def fetchone(self) -> Any:
        with _told_plainly():
            return super().fetchone()

    def fetchmany(self, size: int | None = 1) -> list[Any]:
        with _told_plainly():
            return super().fetchmany(size)

    def fetchall(self) -> list[Any]:
        with _told_plainly():
            return super().fetchall()

    def __next__(self) -> Any:
        with _told_plainly():
            return super().__next__()


class _Connection(sqlite3.Connection):
    """A connection whose every SQLite error is a :class:`StoreError`.

    So no ``sqlite3.Error`` escapes the exception tree, and a full disk or a
    busy store is told in plain words (nl and en) instead of "Something went wrong".
    """

    def cursor(self, factory: Any = _Cursor) -> Any:
        return super().cursor(factory)

    def execute(self, sql: str, parameters: Any = (), /) -> sqlite3.Cursor:
        cursor: sqlite3.Cursor = self.cursor().execute(sql, parameters)
        return cursor

    def executemany(self, sql: str, parameters: Any, /) -> sqlite3.Cursor:
        cursor: sqlite3.Cursor = self.cursor().executemany(sql, parameters)
        return cursor


#: SQLite's messages for troubles a person can do something about, and their keys.
_SQLITE_REASONS: tuple[tuple[str, str], ...] = (
    ("disk is full", "store.disk-full"),
    ("readonly", "store.read-only"),
    ("locked", "store.busy"),
    ("busy", "store.busy"),
    ("malformed", "store.damaged"),
    ("not a database", "store.damaged"),
)


def _sqlite_error(exc: sqlite3.Error) -> StoreError:
    """The store error (with its message key) for an error SQLite raised."""
    text = str(exc)
    for needle, key in _SQLITE_REASONS:
        if needle in text:
            return StoreError(key)
    return StoreError("store.failed", detail=text)


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
            _use_wal(conn)
        else:
            conn = _connect_read_only(path)
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA secure_delete = ON")
        conn.execute(f"PRAGMA busy_timeout = {_BUSY_TIMEOUT_MS}")
        return conn
    except (sqlite3.Error, StoreError, OSError) as exc:
        reason: object = os_reason(exc) if isinstance(exc, OSError) else _reason_of(exc)
        raise StoreError("store.cannot-open", path=str(path), reason=reason) from None


def _use_wal(conn: sqlite3.Connection) -> None:
    """Switch to the write-ahead log, waiting for another process doing the same.

    Changing the journal mode of a fresh file answers "busy" at once, without
    SQLite's busy timeout, when another connection holds a lock on it (two
    leakhelps opening a new home together): so wait and try again, as long as
    any other write would wait.
    """
    deadline = time.monotonic() + _BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            return
        except StoreError as exc:
            if exc.key != "store.busy" or time.monotonic() > deadline:
                raise
            time.sleep(_WAL_RETRY_S)


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
    raise StoreError("store.unreadable")


def _reason_of(exc: sqlite3.Error | StoreError) -> object:
    """What went wrong, to go inside another store error (translated with it)."""
    if isinstance(exc, StoreError) and exc.key is not None:
        return Message(exc.key, **exc.values)
    return _reason_of(_sqlite_error(exc)) if isinstance(exc, sqlite3.Error) else str(exc)
