"""The benchmarks stay runnable: each one starts and explains its options.

Their figures are measured by `make bench`, never asserted here (the
machines are noisy; tests check behaviour, not timings).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

BENCHMARKS = sorted(
    p
    for p in (ROOT / "benchmarks").glob("*.py")
    if not p.name.startswith("_") and p.stem != "run_all"
)


@pytest.mark.parametrize("script", BENCHMARKS, ids=lambda p: p.stem)
def test_benchmark_starts(script: Path):
    proc = subprocess.run(
        [sys.executable, str(script), "--help"], capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    assert "usage" in proc.stdout.lower()


def test_run_all_finds_every_benchmark_but_helpers():
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import run_all
    finally:
        sys.path.pop(0)
    names = {p.stem for p in run_all.discover()}
    assert names == {p.stem for p in BENCHMARKS}
    assert "hash_speed" in names and "check_speed" in names
