"""What keeps whole commands fast and memory bounded on a big case
(benchmarks/case_scale.py): the case page reads no region hashes, the region hashes
reach the matching table intact, and an export is imported one line at a time."""

from __future__ import annotations

import json
from dataclasses import replace

import numpy as np
import pytest

from leakhelp import SqliteStore
from leakhelp.api import Workspace
from leakhelp.errors import ExportFormatError
from leakhelp.export import (
    NotAsWritten,
    Written,
    dump_export,
    read_export,
    stream_export,
    stream_export_to,
    write_export,
)
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


# -- import of an export as leakhelp writes it: one fingerprint at a time -----------------
def _exported(tmp_path, *, name: bool = False):
    rng = np.random.default_rng(6)
    fps = [_fingerprint(rng, regions=i != 1) for i in range(4)]
    ws = Workspace(tmp_path / "home")
    case = ws.store.create_case("Sam", lang="nl", fingerprints=fps)
    out = tmp_path / "export.json"
    ws.export(case.id, out, include_name=name)
    return ws, fps, out


def _imported(ws, path):
    case, count = ws.import_export(path)
    return case, count, [s.fingerprint for s in ws.store.fingerprints(case.id)]


def test_an_export_is_imported_a_line_at_a_time_with_the_same_fingerprints(tmp_path):
    ws, fps, out = _exported(tmp_path, name=True)
    head, items = stream_export(out)
    assert (head.lang, head.case_name, head.fingerprints) == ("nl", "Sam", ())
    assert (
        list(items)
        == list(read_export(out).fingerprints)
        == [replace(fp, label=None) for fp in fps]
    )
    case, count, stored = _imported(ws, out)
    assert (case.name, case.lang, count) == ("Sam", "nl", 4)
    assert stored == fps


@pytest.mark.parametrize(
    "change",
    [
        lambda doc: json.dumps(doc),  # all on one line
        lambda doc: json.dumps(doc, indent=2),
        lambda doc: dump_export(doc).decode().replace("},\n", "},\n\n", 1),
    ],
)
def test_an_export_laid_out_otherwise_is_read_whole_with_the_same_result(tmp_path, change):
    ws, fps, out = _exported(tmp_path)
    other = tmp_path / "other.json"
    other.write_text(change(json.loads(out.read_text())), encoding="utf-8")
    with pytest.raises(NotAsWritten):
        list(stream_export(other)[1])
    _case, count, stored = _imported(ws, other)
    assert count == 4 and stored == fps


def test_a_wrong_fingerprint_deep_in_the_file_is_named_and_leaves_no_case(tmp_path):
    ws, _fps, out = _exported(tmp_path)
    lines = out.read_bytes().split(b"\n")
    third = [i for i, line in enumerate(lines) if line.startswith(b"  {")][2]
    lines[third] = lines[third].replace(b'"quality":90', b'"quality":900')
    out.write_bytes(b"\n".join(lines))
    before = len(ws.cases())
    with pytest.raises(ExportFormatError, match=r"fingerprints\[2\]\.quality"):
        ws.import_export(out)
    assert len(ws.cases()) == before


def test_a_cut_off_export_is_refused_whole(tmp_path):
    ws, _fps, out = _exported(tmp_path)
    data = out.read_bytes()
    out.write_bytes(data[: data.rindex(b"\n  {") + 100])
    before = len(ws.cases())
    with pytest.raises(ExportFormatError):
        ws.import_export(out)
    assert len(ws.cases()) == before


@pytest.mark.parametrize("count", [0, 1, 4])
def test_an_export_written_a_fingerprint_at_a_time_has_the_same_bytes(tmp_path, count):
    rng = np.random.default_rng(7)
    pairs = [(f"#{i}", _fingerprint(rng, regions=i != 1)) for i in range(count)]
    whole, streamed = tmp_path / "whole.json", tmp_path / "streamed.json"
    doc = write_export(whole, pairs, lang="nl", case_name="Sam")
    written = stream_export_to(streamed, iter(pairs), lang="nl", case_name="Sam")
    assert written == Written(count, 0)
    stamp = doc["created_at"].encode()
    again = json.loads(streamed.read_bytes())["created_at"].encode()
    assert streamed.read_bytes().replace(again, stamp) == whole.read_bytes()


def test_workspace_export_says_what_it_wrote_and_imports_back(tmp_path):
    ws, fps, _out = _exported(tmp_path)
    case = ws.cases()[0]
    assert ws.export(case.id, tmp_path / "again.json") == Written(4, 0)
    _case, count, stored = _imported(ws, tmp_path / "again.json")
    assert count == 4 and stored == fps
