"""The request and stats commands speak the reader's language: no field names or ids."""

from __future__ import annotations

import re

import pytest


@pytest.fixture
def wide(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "300")


def _case(cli) -> str:
    case_id = cli("case", "new", "Sam", "--lang", "nl", "--json").json_lines()[0]["id"]
    assert (
        cli("sighting", "add", case_id, "https://www.pornhub.com/view_video.php?viewkey=q").code
        == 0
    )
    return str(case_id)


def test_a_draft_names_what_is_missing_in_words(cli, wide):
    case_id = _case(cli)
    result = cli("--lang", "nl", "request", "draft", case_id)
    assert result.code == 1
    said = " ".join(result.stderr.split())
    assert "heeft nog nodig: je naam, je e-mailadres." in said
    assert "name, email" not in said


def test_escalation_and_stats_use_words_not_ids(cli, wide):
    case_id = _case(cli)
    assert cli("sighting", "add", case_id, "https://unknown-site.example/x").code == 0
    assert cli("case", "profile", case_id, "--name", "Sam", "--email", "s@example.nl").code == 0
    assert cli("request", "draft", case_id).code == 0
    assert cli("request", "sent", "1").code == 0
    assert cli("request", "sent", "2").code == 0
    escalated = cli("--lang", "nl", "request", "escalate", "1", "--to", "police")
    assert "voorgelegd aan de politie." in escalated.stderr
    table = cli("--lang", "nl", "stats").stdout
    assert "Pornhub (Aylo)" in table and "andere sites" in table
    assert "pornhub " not in table and "other" not in table
    rows = cli("stats", "--json").json_lines()
    assert {r["platform"] for r in rows} == {"pornhub", "other"}  # JSON keeps the ids


def test_overdue_names_the_platform_and_counts_whole_days(cli, wide):
    case_id = _case(cli)
    assert cli("case", "profile", case_id, "--name", "Sam", "--email", "s@example.nl").code == 0
    assert cli("request", "draft", case_id).code == 0
    assert cli("request", "sent", "1", "--at", "2026-01-01T10:00").code == 0
    table = cli("--lang", "nl", "overdue").stdout
    assert "Pornhub (Aylo)" in table
    assert re.search(r"│ \d+ dagen", table), table
