from __future__ import annotations

import os
import random
import sqlite3
import stat
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest

from leakhelp import CaseNotFoundError, SqliteStore, StoreError, UsageError, fingerprint_file
from leakhelp.matching import FingerprintTable
from leakhelp.models import Fingerprint
from leakhelp.regions import REGION_COUNT
from leakhelp.store import MIGRATIONS, SCHEMA_VERSION, STORE_FILENAME, packing

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


def _random_fingerprint(rng: random.Random, n: int) -> Fingerprint:
    """A fingerprint with random hashes; every third with borders, every fourth with crops,
    every fifth with a label, every seventh with fewer variants."""

    def hexes(count: int) -> tuple[str, ...]:
        return tuple(rng.randbytes(32).hex() for _ in range(count))

    dihedral = hexes(8 if n % 7 else 1)
    return Fingerprint(
        pdq=dihedral[0],
        quality=rng.randrange(101),
        phash=rng.randbytes(8).hex(),
        dhash=rng.randbytes(8).hex(),
        width=rng.randrange(1, 9000),
        height=rng.randrange(1, 9000),
        dihedral=dihedral,
        label=f"photo {n}, “quoted”" if n % 5 == 0 else None,
        trimmed=hexes(8) if n % 3 == 0 else (),
        regions=hexes(REGION_COUNT) if n % 4 == 0 else (),
    )


@pytest.mark.parametrize("slice_ids", [1, 7, 1 << 15])
def test_the_packed_table_equals_the_table_of_the_stored_fingerprints(
    leakhelp_home, monkeypatch, slice_ids
):
    """The fast read (a row of aggregates per slice of ids) gives the very table that the
    fingerprints give one by one: for a case stored in one run, for one whose rows are
    scattered among another case's, and with rows kept as hex before schema 4."""
    monkeypatch.setattr(packing, "SLICE_IDS", slice_ids)
    rng = random.Random(slice_ids)
    with SqliteStore.open() as store:
        dense = store.create_case("dense")
        scattered = store.create_case("scattered")
        other = store.create_case("other")
        store.add_fingerprints(dense.id, [_random_fingerprint(rng, n) for n in range(40)])
        for n in range(30):  # one by one, between another case's
            store.add_fingerprints(scattered.id, [_random_fingerprint(rng, n)])
            store.add_fingerprints(other.id, [_random_fingerprint(rng, 100 + n)])
            store.add_fingerprints(other.id, [_random_fingerprint(rng, 200 + n)])
        store._conn.execute(  # one row as an older leakhelp kept it: hex, no bytes
            "UPDATE fingerprints SET dihedral = ?, trimmed = '', dihedral_bin = NULL, "
            "trimmed_bin = NULL WHERE id = (SELECT MIN(id) + 9 FROM fingerprints)",
            (",".join(store.fingerprints(dense.id)[9].fingerprint.dihedral),),
        )
        empty = store.create_case("empty")
        for case in (dense, scattered, other, empty):
            stored = store.fingerprints(case.id)
            table = store.fingerprint_table(case.id)
            want = FingerprintTable.of((s.ref, s.fingerprint) for s in stored)
            for field in FingerprintTable.__slots__:
                got, expected = getattr(table, field), getattr(want, field)
                if isinstance(got, tuple):
                    assert got == expected, (case.name, field)
                else:
                    assert np.array_equal(got, expected), (case.name, field)
            assert len(table.refs) == len(stored) == {"dense": 40, "scattered": 30,
                                                      "other": 60, "empty": 0}[case.name]  # fmt: skip


def test_no_sqlite_error_escapes_running_a_statement_or_fetching_its_rows(leakhelp_home):
    """A failure that shows only on the second row (as a damaged page does) is a
    StoreError with a key too, through every way of reading rows."""

    def fail() -> int:
        raise ValueError("a damaged row")

    with SqliteStore.open() as store:
        conn = store._conn
        conn.create_function("fail", 0, fail)
        second_fails = (
            "SELECT CASE WHEN column1 = 2 THEN fail() ELSE column1 END FROM (VALUES (1), (2))"
        )
        readers = [
            lambda: conn.execute(second_fails).fetchall(),
            lambda: list(conn.execute(second_fails)),
            lambda: conn.cursor().execute(second_fails).fetchmany(5),
            lambda: conn.execute("SELEC nothing"),
            lambda: conn.executemany("INSERT INTO nowhere VALUES (?)", [(1,)]),
        ]
        for read in readers:
            with pytest.raises(StoreError) as caught:
                read()
            assert caught.value.key == "store.failed"
            assert caught.value.text("nl").startswith("de dossieropslag kon niet")
        assert store.list_cases() == []  # and the store still works
