"""The report and `case show` state only what was observed, with when and how."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime, timedelta

import pytest

from leakhelp.api import Workspace
from leakhelp.models import CheckResult

T0 = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
UNCHECKED = "https://example.org/never-checked"
ONLINE = "https://example.org/online"
GONE = "https://example.org/gone"
UNREACHABLE = "https://example.org/unreachable"
UNKNOWN = "https://example.org/unknown"


def _check(url: str, state: str, at: datetime, status: int | None = 200) -> CheckResult:
    return CheckResult(
        url=url, state=state, http_status=status, reason="r", checked_at=at.isoformat()
    )


@pytest.fixture
def amsterdam(monkeypatch):
    monkeypatch.setenv("TZ", "Europe/Amsterdam")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def five_states(leakhelp_home):
    moment = [T0]
    with Workspace(now=lambda: moment[0]) as ws:
        case = ws.new_case("Sam", lang="en")
        ws.add_sightings(case.id, [UNCHECKED, ONLINE, GONE, UNREACHABLE, UNKNOWN])
        moment[0] = T0 + timedelta(hours=2)
        ws.record_check(_check(ONLINE, "online", T0 + timedelta(hours=1)))
        ws.record_check(_check(GONE, "removed", T0 + timedelta(hours=1), 404))
        ws.record_check(_check(UNREACHABLE, "online", T0 + timedelta(minutes=30)))
        ws.record_check(_check(UNREACHABLE, "unreachable", T0 + timedelta(hours=1), None))
        ws.record_check(_check(UNKNOWN, "unknown", T0 + timedelta(hours=1), 403))
        yield ws, case


def test_every_sighting_has_a_true_state_and_the_summary_counts_them(five_states):
    ws, case = five_states
    doc = json.loads(ws.report(case.id, "json"))
    by_url = {s["url"]: s["evidence"] for s in doc["sightings"]}
    assert by_url[UNCHECKED] == {
        "state": "not-checked",
        "at": None,
        "how": None,
        "last_online_at": None,
    }
    assert by_url[ONLINE]["state"] == "online" and by_url[ONLINE]["how"] == "check"
    assert by_url[GONE]["state"] == "removed" and by_url[GONE]["how"] == "check"
    assert by_url[UNREACHABLE]["state"] == "unreachable"
    assert by_url[UNREACHABLE]["last_online_at"] == "2026-06-01T09:30:00Z"
    assert by_url[UNKNOWN]["state"] == "unknown"
    assert doc["summary"]["sightings_by_state"] == {
        "online": 1, "removed": 1, "unreachable": 1, "unknown": 1, "not-checked": 1,
    }  # fmt: skip


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_the_report_never_calls_an_unchecked_address_online(five_states, fmt):
    ws, case = five_states
    text = ws.report(case.id, fmt)
    assert "still online" not in text
    assert (
        "5 web addresses: 1 online when last checked, 1 removed, 1 not reachable at the last "
        "check, 1 unknown, 1 not yet checked." in text
    )
    assert "not yet checked" in text
    assert "not reachable on 1 June 2026, 10:00 UTC" in text
    assert "last seen online on 1 June 2026, 09:30 UTC" in text
    assert "removed — a status check found it gone on 1 June 2026, 10:00 UTC" in text
    assert "It holds no images and no image fingerprints." in text


def test_case_show_states_what_is_known_in_dutch(five_states, cli, monkeypatch):
    ws, case = five_states
    ws.close()
    monkeypatch.setenv("COLUMNS", "200")
    out = cli("--lang", "nl", "case", "show", case.id).stdout
    assert "nog online" not in out
    assert "5 webadressen: 1 online bij de laatste controle, 1 verwijderd" in out
    assert "nog niet gecontroleerd" in out
    (doc,) = cli("case", "show", case.id, "--json").json_lines()
    assert doc["sightings_by_state"]["not-checked"] == 1


def test_a_removal_the_platform_answered_says_so(leakhelp_home):
    moment = [T0]
    with Workspace(now=lambda: moment[0]) as ws:
        case = ws.new_case("Sam", lang="en", country="NL")
        ws.set_profile(case.id, name="Sam Example", email="sam@example.org")
        ws.add_sightings(case.id, ["https://x.com/someone/status/1"])
        (draft,) = ws.draft_requests(case.id)
        ws.mark_sent(draft.request.id, channel="form")
        moment[0] = T0 + timedelta(days=1)
        ws.answer(draft.request.id, "removed")
        text = ws.report(case.id, "md")
    assert "removed — the platform answered that it was removed (2 June 2026, 09:00 UTC)" in text


def test_user_times_are_local_kept_apart_and_both_shown(amsterdam, cli, monkeypatch):
    monkeypatch.setenv("COLUMNS", "250")
    case_id = cli("case", "new", "Sam", "--country", "NL").stdout.strip()
    cli("case", "profile", case_id, "--name", "Sam Example", "--email", "sam@example.org")
    added = cli(
        "sighting", "add", case_id, "https://x.com/a/status/1",
        "--seen-at", "2026-01-10 21:15", "--note", "sent to me by a classmate", "--json",
    )  # fmt: skip
    (row,) = added.json_lines()
    assert row["seen_at"] == "2026-01-10T20:15:00Z"  # 21:15 in Amsterdam (CET) is 20:15 UTC
    assert row["note"] == "sent to me by a classmate"
    assert row["first_seen"] != row["seen_at"]
    cli("request", "draft", case_id)
    (req,) = cli("request", "list", case_id, "--json").json_lines()
    (sent,) = cli(
        "request", "sent", str(req["id"]), "--at", "2026-01-12 10:00", "--json"
    ).json_lines()
    assert sent["sent_at"] == "2026-01-12T09:00:00Z"
    assert sent["sent_recorded_at"] != sent["sent_at"]
    report = cli("report", case_id, "--format", "md").stdout
    assert "2026-01-10 21:15:00 CET (UTC+01:00) (as you said; recorded " in report
    assert "2026-01-12 10:00:00 CET (UTC+01:00) (as you said; recorded " in report
    assert "sent to me by a classmate" in cli("case", "show", case_id).stdout
    assert "Times are local time (CET)" in report or "Times are local time (CEST)" in report


def test_the_report_holds_the_text_of_each_sent_letter_without_contact_details(cli, monkeypatch):
    case_id = cli("case", "new", "Sam", "--country", "NL").stdout.strip()
    cli("case", "profile", case_id, "--name", "Sam Private-Name", "--email", "sam.p@example.org")
    cli("sighting", "add", case_id, "https://x.com/a/status/1", "https://reddit.com/r/x/1")
    cli("request", "draft", case_id)
    first, second = cli("request", "list", case_id, "--json").json_lines()
    cli("request", "sent", str(first["id"]))
    report = cli("report", case_id, "--format", "md").stdout
    letters = report.split("## Letters sent", 1)[1]
    assert f"### #{first['id']}" in letters and f"### #{second['id']}" not in letters
    assert "https://x.com/a/status/1" in letters
    assert "Sam Private-Name" not in report and "sam.p@example.org" not in report
    assert "[e-mail address left out]" in letters
    full = cli("report", case_id, "--format", "html", "--with-contact-details").stdout
    assert "sam.p@example.org" in full and '<pre class="letter">' in full


def test_same_address_with_or_without_www_or_scheme_is_one_sighting(cli):
    case_id = cli("case", "new", "Sam").stdout.strip()
    rows = cli(
        "sighting", "add", case_id, "https://www.example.org/p/1", "example.org/p/1",
        "http://example.org/p/1", "--json",
    ).json_lines()  # fmt: skip
    assert len({r["id"] for r in rows}) == 1
    assert [r["status"] for r in rows] == ["added", "seen-again", "seen-again"]


def test_thousands_of_addresses_print_a_summary_not_rows(cli, tmp_path):
    case_id = cli("case", "new", "Sam").stdout.strip()
    urls = tmp_path / "urls.txt"
    urls.write_text("\n".join(f"https://example.org/p/{i}" for i in range(5000)) + "\nnot a url\n")
    result = cli("sighting", "add", case_id, "--from", urls)
    assert result.code == 1
    assert "example.org/p/4999" not in result.stdout
    assert "not a url" in result.stdout  # the one that failed is listed
    assert "5000 new sightings, 0 seen again, 1 could not be used." in result.stderr
    assert "5000 addresses are not listed one by one" in " ".join(result.stderr.split())
    verbose = cli("sighting", "add", case_id, "--from", urls, "--verbose")
    assert "example.org/p/4999" in verbose.stdout
