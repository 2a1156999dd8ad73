"""``leakhelp scan``: the command line a counsellor uses, end to end on real files."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from PIL import Image, ImageOps

from leakhelp import Workspace
from leakhelp.export import load_fingerprint_file
from leakhelp.imaging import decode_image

from conftest import PHOTOS, ROOT

sys_path = str(ROOT / "benchmarks")


@pytest.fixture
def robustness(monkeypatch):
    monkeypatch.syspath_prepend(sys_path)
    import robustness as module

    return module


def _photo(name: str) -> Image.Image:
    return decode_image(PHOTOS / name).image


def _new_case(cli, *paths: Path) -> str:
    case = cli("case", "new", "Sam", "--json").json_lines()[0]["id"]
    result = cli("hash", *paths, "--case", case, "--json")
    assert result.code == 0, result.stderr
    return case


@pytest.fixture
def suspects(tmp_path, robustness) -> Path:
    """A folder as a helper gets it: copies of chelsea and coffee, strangers, broken files."""
    folder = tmp_path / "suspect-folder-q7x"
    (folder / "sub").mkdir(parents=True)
    chelsea, coffee = _photo("chelsea.png"), _photo("coffee.png")
    ImageOps.mirror(chelsea).save(folder / "mirrored-cat.jpg", quality=80)
    robustness.screenshot(coffee).save(folder / "sub" / "screenshot-coffee.png")
    robustness.crop(chelsea, 0.03, 0.06, 0.04, 0.05).save(folder / "cropped-cat.jpg", quality=85)
    _photo("astronaut.png").save(folder / "stranger.jpg", quality=85)
    _photo("brick.png").save(folder / "texture.png")
    (folder / "broken.jpg").write_bytes(b"\xff\xd8\xff\xe0 not really a jpeg")
    (folder / "sub" / "truncated.png").write_bytes((PHOTOS / "camera.png").read_bytes()[:900])
    (folder / "notes.txt").write_text("not an image")
    return folder


def _by_name(lines: list[dict]) -> dict[str, dict]:
    return {Path(line["path"]).name: line for line in lines}


def test_scan_case_json(cli, suspects):
    case = _new_case(cli, PHOTOS / "chelsea.png", PHOTOS / "coffee.png")
    result = cli("scan", suspects, "--case", case, "--json", "--workers", "2")
    assert result.code == 1  # two broken files; the rest was still scanned
    rows = _by_name(result.json_lines())
    assert set(rows) == {
        "mirrored-cat.jpg", "screenshot-coffee.png", "cropped-cat.jpg", "stranger.jpg",
        "texture.png", "broken.jpg", "truncated.png",
    }  # fmt: skip
    assert rows["mirrored-cat.jpg"]["match"] == "strong"
    assert "mirrored" in rows["mirrored-cat.jpg"]["how"]
    assert rows["screenshot-coffee.png"]["match"] == "strong"
    assert "bordered" in rows["screenshot-coffee.png"]["how"]
    assert rows["cropped-cat.jpg"]["match"] == "possible"
    assert "cropped" in rows["cropped-cat.jpg"]["how"]
    for name in ("stranger.jpg", "texture.png"):
        assert rows[name]["match"] is None
        assert rows[name]["distance"] is None and rows[name]["fingerprint"] is None
    for name in ("broken.jpg", "truncated.png"):
        assert set(rows[name]) == {"path", "error"}
    assert all("also" not in line for line in rows.values())  # one original per copy
    fps = {line["fingerprint"] for line in result.json_lines() if line.get("match")}
    assert fps == {"#1", "#2"}
    for line in result.json_lines():
        if line.get("match"):
            assert isinstance(line["distance"], int)


def test_scan_human_table_is_sorted_by_tier(cli, suspects):
    case = _new_case(cli, PHOTOS / "chelsea.png", PHOTOS / "coffee.png")
    result = cli("scan", suspects, "--case", case)
    assert result.code == 1
    out = result.stdout
    assert out.index("strong") < out.index("possible") < out.index("could not read")
    assert "stranger.jpg" not in out  # no-match rows only with --all
    assert "leakhelp support" in " ".join(result.stderr.split())  # the footer points to help
    everything = cli("scan", suspects, "--case", case, "--all")
    assert "stranger.jpg" in everything.stdout


def test_usage_errors(cli, tmp_path):
    case = _new_case(cli, PHOTOS / "rocket.jpg")
    export = tmp_path / "e.json"
    assert cli("export", "--case", case, "-o", export).code == 0
    assert cli("scan", PHOTOS, "--case", case, "--fingerprints", export).code == 2
    assert cli("scan", PHOTOS).code == 2
    assert cli("scan", PHOTOS, "--case", "nosuchcase").code == 3
    garbage = tmp_path / "garbage.json"
    garbage.write_text("this is not json\n")
    result = cli("scan", PHOTOS, "--fingerprints", garbage)
    assert result.code == 3 and "garbage.json" in result.stderr
    empty = cli("case", "new", "Empty", "--json").json_lines()[0]["id"]
    assert cli("scan", PHOTOS, "--case", empty).code == 3


def test_an_empty_folder_says_so_and_is_exit_3(cli, tmp_path):
    case = _new_case(cli, PHOTOS / "rocket.jpg")
    (tmp_path / "empty").mkdir()
    result = cli("scan", tmp_path / "empty", "--case", case)
    assert result.code == 3  # nothing could be done (CONTRACT.md), like `hash`
    assert "No images were found" in result.stderr


def test_export_only_helper(cli, tmp_path, monkeypatch, suspects):
    """The victim hashes and exports; a helper with a fresh home and no originals scans."""
    originals = tmp_path / "victim-originals"
    originals.mkdir()
    for name in ("chelsea.png", "coffee.png"):
        shutil.copy(PHOTOS / name, originals / name)
    case = _new_case(cli, originals)
    export = tmp_path / "for-helper.json"
    assert cli("export", "--case", case, "-o", export).code == 0
    shutil.rmtree(originals)  # the helper never sees them

    monkeypatch.setenv("LEAKHELP_HOME", str(tmp_path / "helper-home"))
    direct = _by_name(cli("scan", suspects, "--fingerprints", export, "--json").json_lines())
    assert direct["mirrored-cat.jpg"]["match"] == "strong"
    assert direct["screenshot-coffee.png"]["match"] == "strong"
    assert direct["cropped-cat.jpg"]["match"] == "possible"  # regions travel in the export
    assert direct["stranger.jpg"]["match"] is None

    imported = cli("import", export, "--json").json_lines()[0]["id"]
    via_case = _by_name(cli("scan", suspects, "--case", imported, "--json").json_lines())
    for name, line in direct.items():
        assert via_case[name].get("match") == line.get("match"), name


def test_hash_json_lines_as_fingerprint_file(cli, tmp_path, suspects):
    lines = cli("hash", PHOTOS / "chelsea.png", tmp_path / "missing.jpg", "--json").stdout
    file = tmp_path / "hashes.jsonl"
    file.write_text(lines)
    assert len(load_fingerprint_file(file).fingerprints) == 1  # the error line is skipped
    rows = _by_name(cli("scan", suspects, "--fingerprints", file, "--json").json_lines())
    assert rows["mirrored-cat.jpg"]["match"] == "strong"
    assert rows["mirrored-cat.jpg"]["fingerprint"] == "#1"
    assert rows["stranger.jpg"]["match"] is None


def test_scan_never_stores_candidate_paths(cli, leakhelp_home, tmp_path, suspects):
    case = _new_case(cli, PHOTOS / "chelsea.png", PHOTOS / "coffee.png")
    before = _events(leakhelp_home)
    result = cli("scan", suspects, "--case", case, "--json")
    assert result.json_lines()
    assert _events(leakhelp_home) == before  # the timeline did not change either
    secrets = [suspects.name, "mirrored-cat", "screenshot-coffee", "cropped-cat", "stranger"]
    for path in leakhelp_home.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            for word in secrets:
                assert word.encode() not in data, (word, path.name)
    leftovers = [p for p in tmp_path.rglob("*") if "lh-home" not in str(p)]
    assert all(p == suspects or suspects in p.parents for p in leftovers)


def _events(home: Path) -> list[tuple]:
    with sqlite3.connect(home / "leakhelp.sqlite3") as conn:
        return conn.execute("SELECT kind, detail FROM events ORDER BY id").fetchall()


def test_library_twin(tmp_path, suspects):
    with Workspace(tmp_path / "home") as ws:
        case = ws.new_case("Sam")
        list(ws.hash([PHOTOS / "chelsea.png"], case=case.id))
        outcomes = list(ws.scan([suspects], case=case.id, workers=1))
    by_name = {Path(o.result.path).name: o.result for o in outcomes}
    assert by_name["mirrored-cat.jpg"].match.tier == "strong"
    assert not by_name["broken.jpg"].ok
    doc = json.loads(json.dumps([o.result.path for o in outcomes]))
    assert len(doc) == 7
