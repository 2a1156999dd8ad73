"""What keeps whole commands fast on a big case (benchmarks/case_scale.py): the case page
reads no region hashes, and the region hashes reach the matching table intact."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from leakhelp import SqliteStore
from leakhelp.api import Workspace
from leakhelp.matching import FingerprintTable
from leakhelp.models import Fingerprint
from leakhelp.regions import REGION_COUNT
from leakhelp.store import packing


def _fingerprint(rng: np.random.Generator, *, regions: bool) -> Fingerprint:
    return Fingerprint(
        pdq=rng.bytes(32).hex(), quality=90, phash=rng.bytes(8).hex(), dhash=rng.bytes(8).hex(),
        width=40, height=30, dihedral=tuple(rng.bytes(32).hex() for _ in range(8)),
        regions=tuple(rng.bytes(32).hex() for _ in range(REGION_COUNT)) if regions else (),
    )  # fmt: skip


def test_fingerprints_without_regions_are_the_same_but_their_regions(tmp_path):
    rng = np.random.default_rng(3)
    fps = [_fingerprint(rng, regions=i % 3 != 1) for i in range(7)]
    with SqliteStore.open(tmp_path / "home") as store:
        case = store.create_case("Sam", fingerprints=fps)
        full = store.fingerprints(case.id)
        light = store.fingerprints(case.id, with_regions=False)
    assert [s.fingerprint for s in full] == fps
    assert [replace(s, fingerprint=replace(s.fingerprint, regions=())) for s in full] == light
    assert all(s.fingerprint.regions == () for s in light)


def test_the_case_page_reads_no_region_hashes(tmp_path):
    rng = np.random.default_rng(4)
    fps = [_fingerprint(rng, regions=True) for _ in range(3)]
    ws = Workspace(tmp_path / "home")
    case = ws.store.create_case("Sam", fingerprints=fps)
    view = ws.case_view(case.id)
    assert [s.fingerprint.pdq for s in view.fingerprints] == [f.pdq for f in fps]
    assert all(s.fingerprint.regions == () for s in view.fingerprints)


def test_region_hashes_reach_the_table_in_order_across_slices(tmp_path, monkeypatch):
    """Slices of 4 row ids, fingerprints with and without regions: every region hash
    lands where the fingerprints one by one put it."""
    monkeypatch.setattr(packing, "SLICE_IDS", 4)
    rng = np.random.default_rng(5)
    fps = [_fingerprint(rng, regions=i % 4 != 2) for i in range(11)]
    with SqliteStore.open(tmp_path / "home") as store:
        case = store.create_case("Sam", fingerprints=fps)
        table = store.fingerprint_table(case.id)
        want = FingerprintTable.of((s.ref, s.fingerprint) for s in store.fingerprints(case.id))
    assert table.regions.shape == (8 * REGION_COUNT, 4)
    assert np.array_equal(table.regions, want.regions)
    assert np.array_equal(table.region_owner, want.region_owner)
