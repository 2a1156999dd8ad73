from __future__ import annotations

import os
import sqlite3
import stat
from datetime import UTC, datetime
from pathlib import Path

import pytest

from leakhelp import CaseNotFoundError, SqliteStore, StoreError, UsageError, fingerprint_file
from leakhelp.store import MIGRATIONS, SCHEMA_VERSION, STORE_FILENAME

from conftest import PHOTOS


def test_store_is_private_and_in_wal_mode(leakhelp_home):
    with SqliteStore.open() as store:
        store.create_case("Sam")
        db = leakhelp_home / STORE_FILENAME
        assert stat.S_IMODE(os.stat(leakhelp_home).st_mode) == 0o700
        assert stat.S_IMODE(os.stat(db).st_mode) == 0o600
        for extra in ("-wal", "-shm"):
            side = db.with_name(db.name + extra)
            if side.exists():
                assert stat.S_IMODE(os.stat(side).st_mode) == 0o600
        mode = sqlite3.connect(db).execute("PRAGMA journal_mode").fetchone()[0]
        assert mode == "wal"


def test_home_option_beats_environment(tmp_path, leakhelp_home):
    other = tmp_path / "elsewhere"
    with SqliteStore.open(other) as store:
        store.create_case("Sam")
    assert (other / STORE_FILENAME).exists()
    assert not (leakhelp_home / STORE_FILENAME).exists()


def test_schema_is_versioned():
    with SqliteStore.open() as store:
        assert store.schema_version == SCHEMA_VERSION == len(MIGRATIONS)


def test_store_from_a_newer_version_is_refused(leakhelp_home):
    with SqliteStore.open():
        pass
    conn = sqlite3.connect(leakhelp_home / STORE_FILENAME)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(StoreError, match="newer leakhelp"):
        SqliteStore.open()


def test_unreadable_store_is_a_store_error(leakhelp_home):
    leakhelp_home.mkdir(parents=True)
    (leakhelp_home / STORE_FILENAME).write_bytes(b"this is not a database" * 100)
    with pytest.raises(StoreError):
        SqliteStore.open()


def test_case_lookup_by_id_and_name():
    with SqliteStore.open() as store:
        case = store.create_case("Sam", lang="nl", country="nl")
        assert store.get_case(case.id) == store.get_case("sam")
        assert store.get_case(case.id.upper()).id == case.id
        assert case.country == "NL"
        with pytest.raises(CaseNotFoundError):
            store.get_case("nobody")
        store.create_case("Sam")
        with pytest.raises(UsageError, match="more than one"):
            store.get_case("Sam")


def test_case_needs_a_name_and_a_known_language():
    with SqliteStore.open() as store:
        with pytest.raises(UsageError):
            store.create_case("   ")
        with pytest.raises(UsageError):
            store.create_case("Sam", lang="fr")  # type: ignore[arg-type]


def test_same_image_twice_is_stored_once():
    fp = fingerprint_file(PHOTOS / "coffee.png")
    with SqliteStore.open() as store:
        case = store.create_case("Sam")
        assert store.add_fingerprints(case.id, [fp]) == (1, 0)
        assert store.add_fingerprints(case.id, [fp, fp]) == (0, 2)
        (stored,) = store.fingerprints(case.id)
        assert stored.fingerprint.pdq == fp.pdq
        assert stored.fingerprint.dihedral == fp.dihedral
        assert stored.ref == f"#{stored.id}"


def test_forget_removes_everything_and_overwrites_it(leakhelp_home):
    fp = fingerprint_file(PHOTOS / "coffee.png")
    with SqliteStore.open() as store:
        keep = store.create_case("Keep")
        gone = store.create_case("Forget-me-please")
        store.add_fingerprints(gone.id, [fp])
        store.add_fingerprints(keep.id, [fingerprint_file(PHOTOS / "chelsea.png")])
        store.forget_case(gone.id)
        with pytest.raises(CaseNotFoundError):
            store.get_case(gone.id)
        assert store.get_case(keep.id).fingerprint_count == 1
    raw = b"".join(
        p.read_bytes() for p in leakhelp_home.iterdir() if p.name.startswith(STORE_FILENAME)
    )
    assert b"Forget-me-please" not in raw
    assert fp.pdq.encode() not in raw


def test_timestamps_come_from_the_injected_clock():
    fixed = datetime(2026, 3, 1, 12, 0, 30, tzinfo=UTC)
    with SqliteStore.open(now=lambda: fixed) as store:
        case = store.create_case("Sam")
        assert case.created_at == "2026-03-01T12:00:30Z"
        assert store.events(case.id)[0].at == "2026-03-01T12:00:30Z"


def _store_bytes(home: Path) -> bytes:
    return b"".join(p.read_bytes() for p in home.iterdir() if p.name.startswith(STORE_FILENAME))


def test_forget_says_plainly_when_a_reader_keeps_the_data_on_disk(leakhelp_home, cli):
    """Another connection in a read transaction stops the checkpoint: never "removed"."""
    fp = fingerprint_file(PHOTOS / "coffee.png")
    with SqliteStore.open() as store:
        gone = store.create_case("Forget-me-please")
        store.add_fingerprints(gone.id, [fp])
    reader = sqlite3.connect(leakhelp_home / STORE_FILENAME, isolation_level=None)
    try:
        reader.execute("BEGIN")
        reader.execute("SELECT COUNT(*) FROM fingerprints").fetchone()
        result = cli("case", "forget", gone.id, "--yes")
        assert result.code == 3
        assert "could not be wiped" in result.stderr
        assert "leakhelp --home" in result.stderr and "case wipe" in result.stderr
        assert "removed" not in result.stderr + result.stdout
        assert fp.pdq.encode() in _store_bytes(leakhelp_home)  # the honest part
    finally:
        reader.execute("COMMIT")
        reader.close()
    assert cli("case", "show", gone.id).code == 3  # the case itself is gone
    wiped = cli("case", "wipe")
    assert wiped.code == 0, wiped.stderr
    raw = _store_bytes(leakhelp_home)
    assert b"Forget-me-please" not in raw
    assert fp.pdq.encode() not in raw


def test_store_errors_stay_in_the_exception_tree(leakhelp_home):
    """A full disk, a locked or damaged store: a StoreError, never a bare sqlite3.Error."""
    with SqliteStore.open() as store:
        with pytest.raises(StoreError, match="could not be read or written"):
            store._conn.execute("SELECT * FROM no_such_table")
        store._conn.execute("PRAGMA max_page_count = 1")  # as good as a full disk
        with pytest.raises(StoreError, match="disk is full"):
            store.create_case("x" * 5000)
