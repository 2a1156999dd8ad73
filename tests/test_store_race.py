"""Two (or more) leakhelps opening a fresh home at the same moment.

Each is a real process with its own connection; they start together (they
wait for a start file), so the schema migrations race. Before the schema
version was re-read inside the write transaction, one of them failed with
"table case_profiles already exists", "duplicate column name" or "database
is locked".
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from leakhelp.store import SCHEMA_VERSION, STORE_FILENAME

SRC = Path(__file__).resolve().parents[1] / "src"

#: One process: wait for the start file, open the store, say what it found.
OPENER = """
import json, os, sys, time
sys.path.insert(0, sys.argv[1])
from leakhelp.errors import LeakhelpError
from leakhelp.store import SqliteStore
start = sys.argv[3]
while not os.path.exists(start):
    time.sleep(0.0005)
try:
    with SqliteStore.open(sys.argv[2]) as store:
        store.create_case("race")
        print(json.dumps({"version": store.schema_version, "cases": len(store.list_cases())}))
except LeakhelpError as exc:
    print(json.dumps({"error": str(exc)}))
    sys.exit(3)
"""

PROCESSES = 4
ROUNDS = 8


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_processes_opening_a_fresh_home_at_once_all_succeed(tmp_path, round_):
    home = tmp_path / "home"
    start = tmp_path / "start"
    env = {k: v for k, v in os.environ.items() if k != "LEAKHELP_HOME"}
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", OPENER, str(SRC), str(home), str(start)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for _ in range(PROCESSES)
    ]
    time.sleep(0.3)  # let every process import leakhelp and wait at the start line
    start.touch()
    outputs = [p.communicate(timeout=60) for p in procs]
    for proc, (out, err) in zip(procs, outputs, strict=True):
        assert proc.returncode == 0, (out, err)
        assert json.loads(out)["version"] == SCHEMA_VERSION
    with sqlite3.connect(home / STORE_FILENAME) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert conn.execute("SELECT COUNT(*) FROM cases").fetchone()[0] == PROCESSES
        columns = {row[1] for row in conn.execute("PRAGMA table_info(fingerprints)")}
        assert {"trimmed", "regions", "dihedral_bin", "trimmed_bin"} <= columns
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
        assert {"case_profiles", "handoffs", "videos", "outputs"} <= tables
