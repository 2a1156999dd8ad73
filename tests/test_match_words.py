"""A check's reason in Dutch says "sterke overeenkomst", never "strong overeenkomst"."""

from __future__ import annotations

from conftest import PHOTOS


def test_the_strength_of_a_match_is_a_dutch_word(cli, server, monkeypatch):
    monkeypatch.setenv("COLUMNS", "300")
    case_id = cli("case", "new", "Sam", "--json").json_lines()[0]["id"]
    assert cli("hash", PHOTOS / "coffee.png", "--case", case_id, "--json").code == 0
    url = server.url("/photo/coffee.png")
    result = cli("--lang", "nl", "check", url, "--case", case_id, "--allow-private")
    assert "(sterke overeenkomst)" in result.stdout
    assert "strong" not in result.stdout
    (line,) = cli("check", url, "--case", case_id, "--allow-private", "--json").json_lines()
    assert line["reason"] == "the address still serves the image (strong match)"
