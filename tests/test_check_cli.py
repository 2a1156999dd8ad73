"""``leakhelp check`` as a user runs it, against the misbehaving server on 127.0.0.1.

The server is on loopback, which leakhelp refuses by default, so these runs
pass --allow-private (one test shows the refusal itself).
"""

from __future__ import annotations

import io
import json
import sys

import pytest

from leakhelp import Workspace

from conftest import PHOTOS

CONTRACT_KEYS = {"url", "state", "http_status", "reason", "image_match"}
STATES = {"online", "removed", "unreachable", "unknown"}


@pytest.fixture
def case_with_photo(cli) -> str:
    case_id = cli("case", "new", "Sam", "--json").json_lines()[0]["id"]
    assert cli("hash", PHOTOS / "coffee.png", "--case", case_id, "--json").code == 0
    return case_id


def test_contract_a_loopback_url_is_refused_in_one_line(cli):
    result = cli("check", "http://127.0.0.1:9/x", "--json", "--timeout", "3")
    (line,) = result.json_lines()
    assert set(line) >= CONTRACT_KEYS
    assert line["state"] in ("unknown", "unreachable")
    assert "--allow-private" in line["reason"]
    assert line["http_status"] is None and line["image_match"] is None
    assert result.code == 1  # the one input could not be checked


def test_contract_allow_private_and_a_closed_port_is_unreachable(cli):
    result = cli("check", "http://127.0.0.1:9/x", "--json", "--timeout", "3", "--allow-private")
    (line,) = result.json_lines()
    assert line["state"] == "unreachable"
    assert result.code == 0


def test_json_lines_one_per_url_in_order(cli, server):
    urls = [server.url(p) for p in ("/status/404", "/page/plain", "/soft404/nl", "/status/503")]
    result = cli("check", *urls, "--json", "--allow-private", "--timeout", "2")
    lines = result.json_lines()
    assert [line["url"] for line in lines] == urls
    assert [line["state"] for line in lines] == ["removed", "online", "removed", "unreachable"]
    for line in lines:
        assert set(line) >= CONTRACT_KEYS
        assert line["state"] in STATES
        assert isinstance(line["reason"], str) and line["reason"]
        assert line["http_status"] is None or isinstance(line["http_status"], int)
        assert line["changed"] is None  # no case tracks these URLs
    assert result.code == 0
    assert result.stderr.strip() == ""  # --json: nothing but data, no talk


def test_urls_from_a_file_and_from_stdin(cli, server, tmp_path, monkeypatch):
    listing = tmp_path / "urls.txt"
    listing.write_text(f"# my list\n{server.url('/status/410')}\n\n{server.url('/page/plain')}\n")
    result = cli("check", "--from", listing, "--json", "--allow-private")
    assert [line["state"] for line in result.json_lines()] == ["removed", "online"]

    monkeypatch.setattr(sys, "stdin", io.StringIO(server.url("/status/451") + "\n"))
    result = cli("check", "--from", "-", "--json", "--allow-private")
    assert [line["state"] for line in result.json_lines()] == ["removed"]


def test_a_bad_line_does_not_stop_the_batch(cli, server):
    result = cli(
        "check", "not a web address", server.url("/page/plain"), "--json", "--allow-private"
    )
    lines = result.json_lines()
    assert [line["state"] for line in lines] == ["unknown", "online"]
    assert result.code == 1


def test_with_a_case_served_images_are_compared(cli, server, case_with_photo):
    urls = [server.url(p) for p in ("/photo/coffee-small.jpg", "/photo/chelsea.png", "/page/og")]
    result = cli("check", *urls, "--case", case_with_photo, "--json", "--allow-private")
    matches = [line["image_match"] for line in result.json_lines()]
    assert matches == ["strong", "none", "strong"]
    # Not sightings of the case: checked, compared, not stored.
    with Workspace() as ws:
        assert ws.store.checks(ws.case(case_with_photo).id) == []


def test_checking_a_case_records_evidence_and_settles_requests(cli, server, case_with_photo):
    gone, live = server.url("/status/404"), server.url("/page/og")
    added = cli("sighting", "add", case_with_photo, gone, live, "--json").json_lines()
    ids = {line["url"]: line["id"] for line in added}
    with Workspace() as ws:
        request = ws.store.create_request(
            ws.case(case_with_photo).id, basis="ncii-policy", lang="en", sighting_ids=[ids[gone]]
        )

    result = cli("check", "--case", case_with_photo, "--json", "--allow-private")
    lines = {line["url"]: line for line in result.json_lines()}
    assert result.code == 0
    assert lines[gone]["state"] == "removed"
    assert lines[gone]["settled_requests"] == [request.id]
    assert lines[gone]["changed"] is True and lines[gone]["previous"] is None
    assert lines[live]["state"] == "online" and lines[live]["image_match"] == "strong"

    with Workspace() as ws:
        case_id = ws.case(case_with_photo).id
        removed = ws.store.sighting(ids[gone])
        assert removed.state == "removed" and removed.removed_at is not None
        assert ws.store.request(request.id).status == "settled"
        evidence = ws.store.checks(case_id)
        kept = {(c.result.url, c.result.state, c.result.image_match) for c in evidence}
        assert kept == {(gone, "removed", None), (live, "online", "strong")}
        assert all(c.result.checked_at and c.result.final_url for c in evidence)

    # The report shows the evidence: removal date, settled request, the checks.
    report = json.loads(cli("report", case_with_photo, "--format", "json").stdout)
    by_url = {s["url"]: s for s in report["sightings"]}
    assert by_url[gone]["removed_at"] is not None and by_url[gone]["state"] == "removed"
    assert [r["status"] for r in report["requests"]] == ["settled"]
    assert {(c["url"], c["state"]) for c in report["checks"]} == {
        (gone, "removed"),
        (live, "online"),
    }

    # Next time only the open sighting is checked, and nothing changed.
    again = cli("check", "--case", case_with_photo, "--json", "--allow-private").json_lines()
    assert [(line["url"], line["changed"], line["previous"]) for line in again] == [
        (live, False, "online")
    ]


def test_all_checks_every_open_sighting_of_every_case(cli, server):
    first = cli("case", "new", "A", "--json").json_lines()[0]["id"]
    second = cli("case", "new", "B", "--json").json_lines()[0]["id"]
    cli("sighting", "add", first, server.url("/status/410"))
    cli("sighting", "add", second, server.url("/login-redirect"))
    result = cli("check", "--all", "--json", "--allow-private")
    lines = {line["case"]: line for line in result.json_lines()}
    assert lines[first]["state"] == "removed"
    assert lines[second]["state"] == "unknown"  # a login wall is never a removal
    with Workspace() as ws:
        assert ws.store.sighting(lines[second]["sighting"]).state == "open"


@pytest.fixture
def wide(monkeypatch):
    monkeypatch.setenv("COLUMNS", "300")  # a wide terminal: one row per line


def test_the_table_is_sorted_by_state_with_a_summary(cli, server, wide):
    urls = [server.url(p) for p in ("/status/404", "/page/plain", "/status/403")]
    result = cli("check", *urls, "--allow-private")
    assert result.code == 0
    out = result.stdout
    assert out.index("/page/plain") < out.index("/status/403") < out.index("/status/404")
    assert "3 checked: 1 online, 1 removed, 1 unknown, 0 unreachable." in result.stderr
    assert "not your fault" in result.stderr  # the help footer


def test_dutch_messages(cli, server, wide):
    result = cli("--lang", "nl", "check", server.url("/status/404"), "--allow-private")
    assert "verwijderd" in result.stdout
    assert "de pagina is weg" in result.stdout
    assert "gecontroleerd" in result.stderr


@pytest.mark.parametrize(
    ("args", "code"),
    [((), 2), (("--all", "http://example.org/"), 2), (("--case", "no-such-case"), 3),
     (("--timeout", "0", "http://example.org/"), 2)],
    ids=["nothing", "all-and-url", "unknown-case", "zero-timeout"],
)  # fmt: skip
def test_usage_errors(cli, args, code):
    result = cli("check", *args)
    assert result.code == code
    assert result.stdout == ""


def test_all_with_nothing_open(cli):
    result = cli("check", "--all")
    assert result.code == 0
    assert "no open sightings" in result.stderr


def test_library_twin(server, case_with_photo):
    with Workspace() as ws:
        reports = ws.check(
            [server.url("/photo/coffee.png"), server.url("/status/404")],
            case=case_with_photo,
            allow_private=True,
            timeout=2,
        )
    assert [(r.result.state, r.result.image_match) for r in reports] == [
        ("online", "strong"),
        ("removed", None),
    ]
    assert all(r.checked and r.sighting is None for r in reports)


def test_the_table_says_what_changed_and_which_requests_are_settled(cli, server, wide):
    case_id = cli("case", "new", "Noor", "--json").json_lines()[0]["id"]
    gone = server.url("/status/410")
    (added,) = cli("sighting", "add", case_id, gone, "--json").json_lines()
    with Workspace() as ws:
        request = ws.store.create_request(
            ws.case(case_id).id, basis="dsa-16", lang="en", sighting_ids=[added["id"]]
        )
    result = cli("check", "--case", case_id, "--allow-private")
    assert result.code == 0
    assert "first check" in result.stdout
    assert f"requests settled: #{request.id}." in result.stderr
    assert "Checked for the first time: 1." in result.stderr


def test_fetched_images_leave_no_trace_in_the_home(cli, server, case_with_photo, leakhelp_home):
    """The images a check downloads are hashed in memory: not one slice of them is stored."""
    urls = [server.url(p) for p in ("/photo/coffee-small.jpg", "/photo/chelsea.png", "/page/og")]
    cli("sighting", "add", case_with_photo, *urls)
    result = cli("check", "--case", case_with_photo, "--json", "--allow-private")
    assert [line["image_match"] for line in result.json_lines()] == ["strong", "none", "strong"]
    stored = b"".join(p.read_bytes() for p in leakhelp_home.rglob("*") if p.is_file())
    for data in (server.coffee_small, server.chelsea):
        step = max(1, (len(data) - 32) // 64)
        windows = [data[i : i + 32] for i in range(200, len(data) - 32, step)]
        assert not any(w in stored for w in windows)


def test_reasons_are_stored_as_keys_and_shown_in_the_readers_language(cli, server, wide):
    """A Dutch case: the table speaks Dutch, --json keeps English (JSON lines are for
    scripts), and the store keeps the message key with its values, so a report can
    be shown in either."""
    case_id = cli("case", "new", "Noor", "--lang", "nl", "--json").json_lines()[0]["id"]
    gone = server.url("/status/410")
    cli("sighting", "add", case_id, gone)
    (line,) = cli("check", "--case", case_id, "--json", "--allow-private").json_lines()
    assert line["reason"] == "HTTP 410: the page is gone"
    with Workspace() as ws:
        (stored,) = ws.store.checks(ws.case(case_id).id)
    assert stored.result.reason_key == "check.gone"
    assert stored.result.reason_values == {"status": 410}
    assert stored.result.reason_in("nl") == "HTTP 410: de pagina is weg"
    assert stored.result.reason_in("en") == line["reason"]
    table = cli("--lang", "nl", "check", gone, "--allow-private")
    assert "de pagina is weg" in table.stdout


def test_a_check_stored_before_reason_keys_shows_its_text(leakhelp_home):
    from leakhelp.models import CheckResult

    old = CheckResult("https://x.test/", "removed", 404, "HTTP 404: gone", "2025-01-01T00:00:00Z")
    assert old.reason_in("nl") == "HTTP 404: gone"


def test_async_twin_for_callers_that_run_an_event_loop(server, case_with_photo):
    """A web handler awaits acheck; nesting asyncio.run inside a running loop would fail."""
    import asyncio

    async def handler() -> list[str]:
        with Workspace() as ws:
            reports = await ws.acheck(
                [server.url("/photo/coffee.png"), server.url("/status/404")],
                case=case_with_photo,
                allow_private=True,
                timeout=2,
            )
        return [f"{r.result.state}/{r.result.image_match}" for r in reports]

    assert asyncio.run(handler()) == ["online/strong", "removed/None"]
