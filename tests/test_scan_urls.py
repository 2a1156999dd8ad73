"""``leakhelp scan`` on web addresses: fetched through the status checker's guard,
hashed in memory, matched, never saved; ``--record`` adds strong matches as sightings.
"""

from __future__ import annotations

import pytest

from leakhelp import Workspace

from conftest import PHOTOS


@pytest.fixture
def case_id(cli) -> str:
    case = cli("case", "new", "Sam", "--json").json_lines()[0]["id"]
    assert cli("hash", PHOTOS / "coffee.png", "--case", case).code == 0
    return case


def test_urls_are_matched_like_files(cli, server, case_id):
    urls = [
        server.url("/photo/coffee.png"),  # the image itself
        server.url("/page/og"),  # a page whose og:image is a re-compressed copy
        server.url("/photo/chelsea.png"),  # another image
        server.url("/status/404"),  # gone
        server.url("/page/plain"),  # a page without an image
    ]
    result = cli("scan", *urls, "--case", case_id, "--json", "--allow-private", "--timeout", "3")
    lines = {line["path"]: line for line in result.json_lines()}
    assert set(lines) == set(urls)
    assert lines[urls[0]]["match"] == "strong" and lines[urls[0]]["distance"] == 0
    assert lines[urls[1]]["match"] == "strong"
    assert lines[urls[2]]["match"] is None and "error" not in lines[urls[2]]
    assert "404" in lines[urls[3]]["error"]
    assert "no image" in lines[urls[4]]["error"]
    assert result.code == 1  # two addresses could not be compared
    with Workspace() as ws:
        assert ws.open_sightings(case_id) == []  # nothing recorded without --record


def test_record_adds_strong_matches_as_sightings(cli, server, case_id):
    urls = [server.url("/photo/coffee.png"), server.url("/photo/chelsea.png")]
    result = cli(
        "scan", *urls, "--case", case_id, "--record", "--json", "--allow-private", "--timeout", "3"
    )
    recorded = {line["path"]: line["recorded"] for line in result.json_lines()}
    assert recorded == {urls[0]: True, urls[1]: False}
    with Workspace() as ws:
        assert [s.url for s in ws.open_sightings(case_id)] == [urls[0]]


def test_record_needs_a_case(cli, tmp_path, server):
    export = tmp_path / "hashes.jsonl"
    export.write_text(cli("hash", PHOTOS / "coffee.png", "--json").stdout)
    result = cli("scan", server.url("/photo/coffee.png"), "--fingerprints", export, "--record")
    assert result.code == 2


def test_loopback_is_refused_without_allow_private(cli, server, case_id):
    result = cli("scan", server.url("/photo/coffee.png"), "--case", case_id, "--json")
    (line,) = result.json_lines()
    assert "--allow-private" in line["error"]
    assert result.code == 1


def test_files_and_urls_together_and_nothing_saved(cli, server, case_id, leakhelp_home):
    before = {p.name: p.read_bytes() for p in leakhelp_home.iterdir() if p.is_file()}
    result = cli(
        "scan", PHOTOS / "coffee.png", server.url("/photo/coffee.png"), "--case", case_id,
        "--json", "--allow-private",
    )  # fmt: skip
    assert [line["match"] for line in result.json_lines()] == ["strong", "strong"]
    after = {p.name for p in leakhelp_home.iterdir() if p.is_file()}
    assert after <= set(before) | {"leakhelp.sqlite3-wal", "leakhelp.sqlite3-shm"}
    coffee = (PHOTOS / "coffee.png").read_bytes()
    for path in leakhelp_home.iterdir():
        if path.is_file():
            assert coffee[1000:1032] not in path.read_bytes()
