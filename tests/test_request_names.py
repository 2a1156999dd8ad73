"""Requests in text name platforms as people know them; JSON keeps the ids."""

from __future__ import annotations


def test_request_list_and_show_name_the_platform_json_keeps_the_id(cli, monkeypatch):
    monkeypatch.setenv("COLUMNS", "300")
    case_id = cli("case", "new", "Sam", "--country", "NL", "--json").json_lines()[0]["id"]
    cli("case", "profile", case_id, "--name", "Sam Voorbeeld", "--email", "sam@example.org")
    assert cli("sighting", "add", case_id, "https://www.pornhub.com/view_video.php?v=1").code == 0
    assert cli("request", "draft", case_id).code == 0

    listed = cli("request", "list", case_id)
    shown = cli("request", "show", "1")
    for result in (listed, shown):
        assert result.code == 0, result.stderr
        assert "Pornhub (Aylo)" in result.stdout, result.stdout
    assert "#1  Pornhub (Aylo)  (" in shown.stdout

    (row,) = cli("request", "list", case_id, "--json").json_lines()
    assert row["platform"] == "pornhub"
    (doc,) = cli("request", "show", "1", "--json").json_lines()
    assert doc["platform"] == "pornhub"
