"""Stores made by older leakhelp versions open and keep their data; newer ones are refused."""

from __future__ import annotations

import os
import sqlite3
import stat

import pytest

from leakhelp import SqliteStore, StoreError, fingerprint_file
from leakhelp.store import MIGRATIONS, SCHEMA_VERSION, STORE_FILENAME

from conftest import PHOTOS

#: Tables the tracking migration adds.
TRACKING_TABLES = {
    "handoffs",
    "case_profiles",
    "sightings",
    "requests",
    "request_sightings",
    "answers",
    "checks",
}


def _tables(path) -> set[str]:
    conn = sqlite3.connect(path)
    try:
        rows = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
    finally:
        conn.close()
    return {r[0] for r in rows}


def _build_v1_store(home):
    """A store exactly as version 1 of the schema made it, with a case in it."""
    home.mkdir(parents=True, exist_ok=True)
    path = home / STORE_FILENAME
    fp = fingerprint_file(PHOTOS / "coffee.png")
    conn = sqlite3.connect(path)
    conn.executescript(MIGRATIONS[0])
    conn.execute("PRAGMA user_version = 1")
    conn.execute(
        "INSERT INTO cases (id, name, lang, country, created_at) VALUES (?, ?, ?, ?, ?)",
        ("abc234", "Old case", "nl", "NL", "2025-01-02T03:04:05Z"),
    )
    conn.execute(
        "INSERT INTO fingerprints (case_id, pdq, quality, phash, dhash, width, height, dihedral, "
        "label, version, added_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            "abc234",
            fp.pdq,
            fp.quality,
            fp.phash,
            fp.dhash,
            fp.width,
            fp.height,
            ",".join(fp.dihedral),
            None,
            fp.version,
            "2025-01-02T03:04:06Z",
        ),
    )
    conn.execute(
        "INSERT INTO events (case_id, at, kind, detail) VALUES (?, ?, ?, ?)",
        ("abc234", "2025-01-02T03:04:05Z", "case-created", '{"lang": "nl"}'),
    )
    conn.commit()
    conn.close()
    os.chmod(path, 0o600)
    return path, fp


def test_a_version_1_store_is_brought_up_to_date_with_its_data_intact(leakhelp_home):
    path, fp = _build_v1_store(leakhelp_home)
    assert not TRACKING_TABLES & _tables(path)
    with SqliteStore.open() as store:
        assert store.schema_version == SCHEMA_VERSION
        case = store.get_case("abc234")
        assert (case.name, case.lang, case.country, case.created_at) == (
            "Old case",
            "nl",
            "NL",
            "2025-01-02T03:04:05Z",
        )
        (stored,) = store.fingerprints(case.id)
        assert stored.fingerprint.pdq == fp.pdq
        assert stored.fingerprint.dihedral == fp.dihedral
        assert [e.kind for e in store.events(case.id)] == ["case-created"]
        # The new tables are there and work with the old case.
        (sighting, what), *_ = store.add_sightings(case.id, [("https://example.org/a", None)])
        assert what == "added"
        assert store.sightings(case.id) == [sighting]
        assert store.profile(case.id).name is None
    assert _tables(path) >= TRACKING_TABLES
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600


def test_opening_twice_does_not_migrate_twice(leakhelp_home):
    _build_v1_store(leakhelp_home)
    with SqliteStore.open() as store:
        store.add_sightings(store.get_case("abc234").id, [("https://example.org/a", None)])
    with SqliteStore.open() as store:
        assert store.schema_version == SCHEMA_VERSION
        assert len(store.sightings()) == 1


def test_a_store_from_a_newer_leakhelp_is_refused_with_a_clear_error(leakhelp_home, cli):
    with SqliteStore.open() as store:
        store.create_case("Sam")
    conn = sqlite3.connect(leakhelp_home / STORE_FILENAME)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 3}")
    conn.close()
    with pytest.raises(StoreError, match=r"newer leakhelp .*update leakhelp"):
        SqliteStore.open()
    result = cli("cases")
    assert result.code == 3
    assert "newer leakhelp" in result.stderr
    # Nothing was changed: the newer version number is still there.
    conn = sqlite3.connect(leakhelp_home / STORE_FILENAME)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION + 3
    conn.close()


def test_every_migration_step_names_its_case_and_cascades():
    """Each tracking table must go with its case (so `case forget` leaves nothing)."""
    conn = sqlite3.connect(":memory:")
    for step in MIGRATIONS:
        conn.executescript(step)
    for table in TRACKING_TABLES:
        fks = conn.execute(f"PRAGMA foreign_key_list({table})").fetchall()
        to_cases = [fk for fk in fks if fk[2] == "cases"]
        assert to_cases, f"{table} has no foreign key to cases"
        assert all(fk[6] == "CASCADE" for fk in fks), f"{table}: every foreign key cascades"
    conn.close()
