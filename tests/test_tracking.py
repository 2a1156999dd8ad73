"""Case tracking: sightings, requests, deadlines, next steps, status-check records, stats.

Time is injected (``Workspace(now=...)``), never slept; the CLI tests move
time with ``request sent --at`` (a sending date in the past).
"""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from leakhelp.api import Workspace
from leakhelp.errors import ConfigError, InvalidURLError, UsageError
from leakhelp.law import add_months
from leakhelp.models import CheckResult
from leakhelp.store import STORE_FILENAME
from leakhelp.tracking import (
    deadline_for,
    escalation_routes,
    normalize_url,
    pick_basis,
    read_url_file,
)

T0 = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)


class Clock:
    """A clock the test moves by hand."""

    def __init__(self, start: datetime = T0) -> None:
        self.moment = start

    def __call__(self) -> datetime:
        return self.moment

    def advance(self, **delta: float) -> None:
        self.moment += timedelta(**delta)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def ws(clock, leakhelp_home):
    with Workspace(now=clock) as workspace:
        yield workspace


def _check(url: str, state: str, at: datetime, status: int | None = None) -> CheckResult:
    return CheckResult(
        url=url,
        state=state,  # type: ignore[arg-type]
        http_status=status,
        reason=f"test: {state}",
        checked_at=at.isoformat(),
    )


# -- web addresses ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("https://x.com/a/status/1", "https://x.com/a/status/1"),
        ("HTTPS://X.COM/a/Status/1", "https://x.com/a/Status/1"),
        ("  https://example.org  ", "https://example.org/"),
        ("https://example.org:443/p?q=1#f", "https://example.org/p?q=1#f"),
        ("http://example.org:8080/p", "http://example.org:8080/p"),
        ("https://user:pw@example.org/p", "https://example.org/p"),
        ("www.example.org/p", "https://www.example.org/p"),
        ("http://127.0.0.1:8000/x", "http://127.0.0.1:8000/x"),
        ("http://[::1]:8000/x", "http://[::1]:8000/x"),
        ('https://e.example/p?q=<b>"x"|{y}', "https://e.example/p?q=%3Cb%3E%22x%22%7C%7By%7D"),
        ("https://e.example/a%3Cb", "https://e.example/a%3Cb"),
    ],
    ids=[
        "plain",
        "case",
        "spaces",
        "default-port",
        "port",
        "userinfo",
        "bare",
        "ipv4",
        "ipv6",
        "unsafe-chars",
        "already-encoded",
    ],
)
def test_urls_are_normalised(raw, expected):
    assert normalize_url(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "not a url",
        "nonsense",
        "ftp://example.org/x",
        "javascript:alert(1)",
        "https://",
        "https://exa mple.org",
        "https://x.com:99999/",
    ],
    ids=["empty", "words", "word", "ftp", "javascript", "no-host", "space", "bad-port"],
)
def test_invalid_urls_are_refused(raw):
    with pytest.raises(InvalidURLError):
        normalize_url(raw)


def test_url_lists_from_text_and_csv(tmp_path):
    text = tmp_path / "urls.txt"
    text.write_text("# my list\nhttps://a.example/1\n\n  https://b.example/2  \n", encoding="utf-8")
    assert read_url_file(text) == ["https://a.example/1", "https://b.example/2"]
    with_header = tmp_path / "found.csv"
    with_header.write_text("date;url;note\n2026-05-01;https://c.example/3;seen\n", encoding="utf-8")
    assert read_url_file(with_header) == ["https://c.example/3"]
    no_header = tmp_path / "plain.csv"
    no_header.write_text("x,https://d.example/4\ny,https://e.example/5\n", encoding="utf-8")
    assert read_url_file(no_header) == ["https://d.example/4", "https://e.example/5"]


# -- deadlines at their edges -------------------------------------------------------


def _sent_request(ws, basis: str, *, urls=("https://example.org/a",), sent_at=None, days=None):
    case = ws.new_case("Sam", lang="en", country="NL")
    ws.add_sightings(case.id, list(urls))
    ids = [s.id for s in ws.sightings(case.id)]
    req = ws.store.create_request(case.id, basis=basis, lang="en", sighting_ids=ids, platform="x")
    return case, ws.mark_sent(req.id, channel="form", sent_at=sent_at, days=days)


@pytest.mark.parametrize(
    ("elapsed", "overdue"),
    [
        (timedelta(hours=47, minutes=59), False),
        (timedelta(hours=48), False),
        (timedelta(hours=48, minutes=1), True),
    ],
    ids=["47h59", "48h00", "48h01"],
)
def test_take_it_down_is_overdue_after_48_hours(ws, clock, elapsed, overdue):
    _case, req = _sent_request(ws, "take-it-down")
    assert req.deadline_at == "2026-06-03T09:00:00Z"
    clock.moment = T0 + elapsed
    items = ws.overdue()
    assert bool(items) is overdue
    if overdue:
        (item,) = items
        assert item.request.id == req.id
        assert item.step.kind == "remind"
        assert "ftc" in [r.id for r in item.step.routes]


@pytest.mark.parametrize(
    ("sent", "last_ok", "first_late"),
    [
        (datetime(2026, 1, 15, 10, 0, tzinfo=UTC), "2026-02-15T23:59:59", "2026-02-16T00:00:00"),
        (datetime(2026, 1, 31, 8, 0, tzinfo=UTC), "2026-02-28T23:59:59", "2026-03-01T00:00:00"),
        (datetime(2028, 1, 31, 8, 0, tzinfo=UTC), "2028-02-29T23:59:59", "2028-03-01T00:00:00"),
        (datetime(2026, 12, 15, 23, 30, tzinfo=UTC), "2027-01-15T23:59:59", "2027-01-16T00:00:00"),
    ],
    ids=["mid-month", "31-jan-to-28-feb", "leap-year", "over-new-year"],
)
def test_gdpr_month_edges(ws, clock, sent, last_ok, first_late):
    clock.moment = sent
    _case, req = _sent_request(ws, "gdpr-17")
    assert req.deadline_at == last_ok + "Z"
    clock.moment = datetime.fromisoformat(last_ok).replace(tzinfo=UTC)
    assert ws.overdue() == []
    clock.moment = datetime.fromisoformat(first_late).replace(tzinfo=UTC)
    (item,) = ws.overdue()
    assert item.request.id == req.id
    # Four weeks in (the shortest month), a GDPR request is not late yet.
    clock.moment = sent + timedelta(days=27)
    assert ws.overdue() == []


def test_add_months_clamps_to_the_months_last_day():
    assert add_months(datetime(2026, 3, 31, tzinfo=UTC), 1).date().isoformat() == "2026-04-30"
    assert add_months(datetime(2026, 11, 30, tzinfo=UTC), 3).date().isoformat() == "2027-02-28"


def test_policy_and_dsa_use_the_configurable_default(ws, clock, leakhelp_home):
    _case, req = _sent_request(ws, "dsa-16")
    assert req.deadline_at == "2026-06-08T09:00:00Z"  # 7 days
    (leakhelp_home / "config.toml").write_text(
        "[deadlines]\ndefault_days = 10\nncii-policy = 3\n", encoding="utf-8"
    )
    with Workspace(now=clock) as fresh:
        case = fresh.new_case("Kim")
        fresh.add_sightings(case.id, ["https://example.net/b"])
        sid = fresh.sightings(case.id)[0].id
        a = fresh.store.create_request(case.id, basis="ncii-policy", lang="en", sighting_ids=[sid])
        b = fresh.store.create_request(case.id, basis="dsa-16", lang="en", sighting_ids=[sid])
        assert fresh.mark_sent(a.id).deadline_at == "2026-06-04T09:00:00Z"
        assert fresh.mark_sent(b.id).deadline_at == "2026-06-11T09:00:00Z"
        # --days on one request beats everything, even the law's 48 hours.
        c = fresh.store.create_request(case.id, basis="take-it-down", lang="en", sighting_ids=[sid])
        assert fresh.mark_sent(c.id, days=5).deadline_at == "2026-06-06T09:00:00Z"


def test_config_cannot_change_a_deadline_set_by_law(ws, leakhelp_home):
    (leakhelp_home / "config.toml").write_text("[deadlines]\ntake-it-down = 30\n", encoding="utf-8")
    with Workspace() as fresh, pytest.raises(ConfigError, match="set by law"):
        _ = fresh.config
    (leakhelp_home / "config.toml").write_text("[deadlines]\ndefault_days = -1\n", encoding="utf-8")
    with Workspace() as fresh, pytest.raises(ConfigError, match="positive"):
        _ = fresh.config


def test_deadline_days_must_be_positive():
    with pytest.raises(UsageError):
        deadline_for("dsa-16", T0, days=0)


def test_sent_in_the_future_is_refused(cli):
    case = cli("case", "new", "Sam", "--json").json_lines()[0]["id"]
    cli("case", "profile", case, "--name", "Sam", "--email", "sam@example.org")
    cli("sighting", "add", case, "https://example.org/a")
    (draft,) = cli("request", "draft", case, "--json").json_lines()
    assert cli("request", "sent", str(draft["id"]), "--at", "2999-01-01").code == 2
    assert cli("request", "sent", str(draft["id"]), "--at", "yesterday").code == 2


# -- next steps and escalation routes -----------------------------------------------


def test_next_steps_go_from_reminder_to_escalation(ws, clock):
    _case, req = _sent_request(ws, "gdpr-17")
    clock.moment = datetime(2026, 7, 2, tzinfo=UTC)
    (item,) = ws.overdue()
    assert item.step.kind == "remind"
    ws.remind(req.id)
    (item,) = ws.overdue()
    assert item.step.kind == "wait-reminder"
    clock.advance(days=8)
    (item,) = ws.overdue()
    assert item.step.kind == "escalate"
    assert [r.id for r in item.step.routes][:1] == ["ap"]  # Dutch DPA for an NL case
    ws.escalate(req.id, "ap")
    assert ws.overdue() == []
    assert ws.request(req.id).status == "escalated"


@pytest.mark.parametrize(
    ("basis", "country", "minor", "refused", "first"),
    [
        ("take-it-down", "US", False, False, "ftc"),
        ("gdpr-17", "NL", False, False, "ap"),
        ("gdpr-17", "DE", False, False, "dpa"),
        ("dsa-16", "NL", False, False, "acm"),
        ("dsa-16", "NL", False, True, "dsa-appeal"),
        ("ncii-policy", "AU", False, False, "esafety"),
        ("ncii-policy", "UK", False, False, "rph"),
        ("ncii-policy", "NL", True, False, "meldpunt-kinderporno"),
    ],
    ids=[
        "tida-ftc",
        "gdpr-nl-ap",
        "gdpr-de",
        "dsa-nl-acm",
        "dsa-refused",
        "au-esafety",
        "uk-rph",
        "minor",
    ],
)
def test_escalation_routes(basis, country, minor, refused, first):
    routes = [r.id for r in escalation_routes(basis, country=country, minor=minor, refused=refused)]
    assert routes[0] == first
    assert any(r.startswith("police") for r in routes)
    if country == "NL":
        assert "helpwanted" in routes


def test_basis_choice_fits_the_country():
    suggested = ("take-it-down", "dsa-16", "ncii-policy")
    assert pick_basis(suggested, country="US") == "take-it-down"
    assert pick_basis(suggested, country="NL") == "dsa-16"
    assert pick_basis(suggested, country="AU") == "ncii-policy"
    assert pick_basis(suggested, country=None) == "take-it-down"


# -- the status checker's side of the store --------------------------------------------


def test_open_sightings_of_one_or_all_cases(ws):
    a = ws.new_case("A")
    b = ws.new_case("B")
    ws.add_sightings(a.id, ["https://example.org/1", "https://example.org/2"])
    ws.add_sightings(b.id, ["https://example.org/3"])
    first = ws.sightings(a.id)[0]
    ws.mark_removed(first.id)
    assert [s.url for s in ws.open_sightings(a.id)] == ["https://example.org/2"]
    assert [s.url for s in ws.open_sightings()] == [
        "https://example.org/2",
        "https://example.org/3",
    ]
    assert all(s.state == "open" for s in ws.open_sightings())


def test_record_check_removes_settles_and_reopens(ws, clock):
    case = ws.new_case("Sam")
    ws.add_sightings(case.id, ["https://x.com/a/1", "https://x.com/a/2", "https://example.org/p"])
    s1, s2, s3 = ws.sightings(case.id)
    both = ws.store.create_request(
        case.id, basis="ncii-policy", lang="en", sighting_ids=[s1.id, s2.id]
    )
    one = ws.store.create_request(case.id, basis="dsa-16", lang="en", sighting_ids=[s3.id])
    ws.mark_sent(both.id)
    ws.mark_sent(one.id)

    at1 = T0 + timedelta(days=1)
    out = ws.record_check(_check("HTTPS://X.COM/a/1", "removed", at1, 404))
    (change,) = out.changes
    assert (change.sighting_id, change.previous_check_state, change.check_state) == (
        s1.id,
        None,
        "removed",
    )
    assert change.removed_now and out.changed
    assert out.settled_requests == ()  # s2 is still online
    assert ws.store.sighting(s1.id).removed_at == "2026-06-02T09:00:00Z"

    # A second removed check does not move the removal date.
    out = ws.record_check(_check("https://x.com/a/1", "removed", at1 + timedelta(hours=5), 410))
    assert not out.changed
    assert ws.store.sighting(s1.id).removed_at == "2026-06-02T09:00:00Z"

    # Unknown (a login wall) changes nothing but is kept as evidence.
    out = ws.record_check(_check("https://x.com/a/2", "unknown", at1, 403))
    assert out.changes[0].state == "open" and out.settled_requests == ()

    at2 = T0 + timedelta(days=2)
    out = ws.record_check(_check("https://x.com/a/2", "removed", at2, 404))
    assert out.settled_requests == (both.id,)
    settled = ws.request(both.id)
    assert (settled.status, settled.outcome, settled.settled_at) == (
        "settled",
        "removed",
        "2026-06-03T09:00:00Z",
    )
    assert ws.request(one.id).status == "sent"

    # Back online: the sighting and the request it settled open again.
    out = ws.record_check(_check("https://x.com/a/1", "online", T0 + timedelta(days=3), 200))
    (change,) = out.changes
    assert change.reopened and change.previous_check_state == "removed"
    assert out.reopened_requests == (both.id,)
    again = ws.store.sighting(s1.id)
    assert (again.state, again.removed_at, again.last_check_state) == ("open", None, "online")
    assert ws.request(both.id).status == "sent"
    kinds = [e.kind for e in ws.timeline(case.id)]
    assert (
        "sighting-reopened" in kinds and "request-reopened" in kinds and "request-settled" in kinds
    )
    assert len(ws.store.checks(case.id)) == 5


def test_record_check_for_an_unknown_url_stores_nothing(ws):
    case = ws.new_case("Sam")
    out = ws.record_check(_check("https://nowhere.example/x", "removed", T0, 404))
    assert not out.recorded and out.changes == ()
    assert ws.store.checks(case.id) == []


def test_record_check_by_sighting_id(ws):
    case = ws.new_case("Sam")
    ws.add_sightings(case.id, ["https://example.org/a"])
    (s,) = ws.sightings(case.id)
    # The checker followed a redirect and reports the final URL as its url.
    out = ws.record_check(
        _check("https://example.org/elsewhere", "removed", T0, 404), sighting_id=s.id
    )
    assert out.changes[0].sighting_id == s.id
    assert ws.store.sighting(s.id).state == "removed"


def test_a_request_drafted_but_not_sent_is_settled_when_everything_is_gone(ws):
    case = ws.new_case("Sam")
    ws.add_sightings(case.id, ["https://example.org/a"])
    (s,) = ws.sightings(case.id)
    req = ws.store.create_request(case.id, basis="dsa-16", lang="en", sighting_ids=[s.id])
    out = ws.record_check(_check(s.url, "removed", T0, 404))
    assert out.settled_requests == (req.id,)
    # ...and it counts for no platform in the stats: it was never sent.
    assert ws.stats() == []


def test_answer_removed_marks_sightings_and_settles(ws, clock):
    case, req = _sent_request(ws, "ncii-policy", urls=("https://x.com/a/1", "https://x.com/a/2"))
    clock.advance(days=2)
    req, settled = ws.answer(req.id, "removed", note="ticket closed")
    assert settled == [req.id] and req.status == "settled"
    assert all(s.state == "removed" for s in ws.sightings(case.id))
    (answer,) = ws.store.answers(case.id)
    assert (answer.outcome, answer.note) == ("removed", "ticket closed")
    (row,) = ws.stats()
    assert (row.key, row.requests_sent, row.removed, row.median_days_to_removal) == ("x", 1, 1, 2.0)


def test_same_url_twice_is_one_sighting_and_last_seen_moves(ws, clock):
    case = ws.new_case("Sam")
    (first,) = ws.add_sightings(case.id, ["https://example.org/a"])
    clock.advance(hours=3)
    second, third = ws.add_sightings(case.id, ["HTTPS://EXAMPLE.ORG/a", "https://example.org/a"])
    assert first.sighting.id == second.sighting.id == third.sighting.id
    assert (first.status, second.status) == ("added", "seen-again")
    (s,) = ws.sightings(case.id)
    assert (s.first_seen, s.last_seen) == ("2026-06-01T09:00:00Z", "2026-06-01T12:00:00Z")
    ws.mark_removed(s.id)
    (again,) = ws.add_sightings(case.id, ["https://example.org/a"])
    assert again.status == "reopened" and again.sighting.state == "open"


# -- the whole life of a case through the command line --------------------------------


def test_case_lifecycle_through_the_cli(cli, tmp_path, leakhelp_home):
    case = cli("case", "new", "Sam", "--lang", "en", "--country", "NL", "--json").json_lines()[0][
        "id"
    ]

    # Sightings: one bad address is an error line and exit 1; the rest are added.
    res = cli(
        "sighting",
        "add",
        case,
        "https://x.com/sam/status/1",
        "no such thing",
        "reddit.com/r/x/comments/9",
        "--json",
    )
    assert res.code == 1
    good, bad, reddit = res.json_lines()
    assert (good["url"], good["platform"], good["new"]) == ("https://x.com/sam/status/1", "x", True)
    assert bad["url"] == "no such thing" and bad["error"]
    assert reddit["platform"] == "reddit" and isinstance(reddit["id"], int)
    again = cli("sighting", "add", case, "https://x.com/sam/status/1", "--json")
    assert again.code == 0
    assert again.json_lines()[0]["id"] == good["id"] and again.json_lines()[0]["new"] is False
    listing = tmp_path / "found.csv"
    listing.write_text("url,when\nhttps://unknown-site.example/v/1,today\n", encoding="utf-8")
    res = cli("sighting", "add", case, "--from", listing, "--json")
    assert res.code == 0 and res.json_lines()[0]["platform"] is None
    rows = cli("sighting", "list", case, "--json").json_lines()
    assert len(rows) == 3

    # Drafting without a name and e-mail: every letter names what is missing, nothing half-filled.
    res = cli("request", "draft", case, "--json")
    assert res.code == 1
    assert all(line["id"] is None and "name" in line["missing"] for line in res.json_lines())
    assert cli("request", "list", case, "--json").json_lines() == []

    assert (
        cli("case", "profile", case, "--name", "Sam Jansen", "--email", "sam@example.org").code == 0
    )
    letters = tmp_path / "letters"
    res = cli("request", "draft", case, "--out", letters, "--json")
    assert res.code == 0, res.stderr
    drafts = {line["platform"] or line["host"]: line for line in res.json_lines()}
    assert set(drafts) == {"x", "reddit", "unknown-site.example"}
    assert drafts["unknown-site.example"]["basis"] == "dsa-16"  # EU case, unknown site
    for line in drafts.values():
        assert line["status"] == "drafted"
        text = Path(line["file"]).read_text(encoding="utf-8")
        assert "Sam Jansen" in text and "sam@example.org" in text
        for url in line["urls"]:
            assert url in text
    assert all((p.stat().st_mode & 0o777) == 0o600 for p in letters.iterdir())
    assert (letters.stat().st_mode & 0o777) == 0o700
    # Drafting again writes nothing new: every open sighting has a live request.
    assert cli("request", "draft", case, "--json").json_lines() == []

    # Sent three days ago on TAKE IT DOWN terms (48 hours): overdue now.
    x_req = drafts["x"]["id"]
    sent_at = (datetime.now(UTC) - timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    res = cli(
        "request",
        "sent",
        str(x_req),
        "--channel",
        "form",
        "--reference",
        "TD-123",
        "--at",
        sent_at,
        "--days",
        "2",
        "--json",
    )
    assert res.code == 0
    sent = res.json_lines()[0]
    assert (sent["status"], sent["reference"], sent["overdue"]) == ("acknowledged", "TD-123", True)
    reddit_req = drafts["reddit"]["id"]
    assert cli("request", "sent", str(reddit_req), "--channel", "email").code == 0

    res = cli("overdue", "--json")
    (late,) = res.json_lines()
    assert late["request"] == x_req and late["case"] == case and late["hours_late"] >= 23
    assert late["next_step"]["kind"] == "remind"
    human = cli("overdue")
    assert human.code == 0 and "request remind" in human.stdout

    res = cli("request", "remind", str(x_req), "--json")
    assert res.code == 0
    reminder = res.json_lines()[0]["reminder"]
    assert "TD-123" in reminder["subject"] and "https://x.com/sam/status/1" in reminder["text"]

    # An answer the user records: refused → next step is escalation.
    res = cli(
        "request",
        "answer",
        str(reddit_req),
        "--outcome",
        "refused",
        "--note",
        "not against our rules",
        "--json",
    )
    assert res.code == 0
    assert res.json_lines()[0]["next_step"]["kind"] == "escalate"
    assert cli("request", "answer", str(reddit_req), "--outcome", "maybe").code == 2

    # A sighting marked removed by hand settles the X request.
    res = cli("sighting", "removed", str(good["id"]), "--json")
    assert res.json_lines()[0]["settled_requests"] == [x_req]
    assert cli("overdue", "--json").json_lines() == []

    show = cli("case", "show", case)
    assert show.code == 0
    for words in ("Done:", "Waiting:", "Next:", "Sighting #1 recorded", "Request #1 sent"):
        assert words in show.stdout
    doc = cli("case", "show", case, "--json").json_lines()[0]
    assert doc["sightings_open"] == 2 and doc["requests"]["settled"] == 1
    # reddit refused: take it further, or write on another basis; the unknown site: send.
    assert [step["kind"] for step in doc["next"]] == ["escalate", "send", "draft"]

    overview = cli("cases", "--json").json_lines()
    assert overview == [
        {
            **overview[0],
            "id": case,
            "sightings": 3,
            "sightings_open": 2,
            "requests": 3,
            "requests_open": 2,
            "overdue": 0,
        }
    ]

    stats = cli("stats", "--json")
    assert stats.code == 0
    by_platform = {row["platform"]: row for row in stats.json_lines()}
    assert by_platform["x"]["removed"] == 1 and by_platform["reddit"]["refused"] == 1
    for out in (stats.stdout, cli("stats").stdout, cli("stats", "--by", "basis", "--json").stdout):
        for secret in (
            "Sam",
            "sam@example.org",
            "http",
            "x.com",
            "reddit.com",
            "unknown-site",
            case,
        ):
            assert secret not in out

    # Forget: nothing of the case stays anywhere in the database.
    assert cli("case", "forget", case, "--yes").code == 0
    _assert_case_gone(
        leakhelp_home,
        case,
        [
            "x.com/sam/status/1",
            "reddit.com/r/x/comments/9",
            "unknown-site.example",
            "Sam Jansen",
            "sam@example.org",
            "TD-123",
            "not against our rules",
        ],
    )


def _assert_case_gone(home, case_id: str, secrets: list[str]) -> None:
    db = home / STORE_FILENAME
    conn = sqlite3.connect(db)
    tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    for table in tables:
        for row in conn.execute(f"SELECT * FROM {table}"):
            assert case_id not in json.dumps(row, default=str), (table, row)
    conn.close()
    raw = b"".join(p.read_bytes() for p in home.iterdir() if p.name.startswith(STORE_FILENAME))
    for secret in secrets:
        assert secret.encode() not in raw, secret


def test_forget_leaves_no_trace_while_another_case_stays(ws, leakhelp_home, clock):
    keep = ws.new_case("Keep")
    ws.add_sightings(keep.id, ["https://keep.example/1"])
    gone = ws.new_case("Gone")
    ws.set_profile(gone.id, name="Gone Person", email="gone@example.org", phone="+31 6 1234 5678")
    ws.add_sightings(gone.id, ["https://secret-place.example/very/secret/path-1"])
    (s,) = ws.sightings(gone.id)
    req = ws.store.create_request(
        gone.id,
        basis="dsa-16",
        lang="en",
        sighting_ids=[s.id],
        letter="letter text secret-letter-body",
    )
    ws.mark_sent(req.id, reference="REF-SECRET-9")
    ws.answer(req.id, "partial", note="secret-note")
    ws.record_check(_check(s.url, "online", T0, 200))
    ws.forget(gone.id)
    ws.close()
    _assert_case_gone(
        leakhelp_home,
        gone.id,
        [
            "secret-place.example",
            "Gone Person",
            "gone@example.org",
            "1234 5678",
            "secret-letter-body",
            "REF-SECRET-9",
            "secret-note",
        ],
    )
    with Workspace() as again:
        assert [s.url for s in again.sightings(keep.id)] == ["https://keep.example/1"]


@pytest.mark.parametrize(
    "args",
    [
        ("sighting", "add", "nosuch", "https://example.org/a"),
        ("sighting", "list", "nosuch"),
        ("request", "draft", "nosuch"),
        ("report", "nosuch"),
        ("case", "show", "nosuch"),
        ("case", "profile", "nosuch", "--name", "X"),
        ("request", "sent", "999"),
        ("request", "answer", "999", "--outcome", "removed"),
    ],
    ids=["sighting-add", "sighting-list", "draft", "report", "show", "profile", "sent", "answer"],
)
def test_unknown_case_or_request_is_exit_3(cli, args):
    res = cli(*args)
    assert res.code == 3
    assert "Error" in res.stderr


def test_answer_before_sending_is_a_usage_error(cli):
    case = cli("case", "new", "Sam", "--json").json_lines()[0]["id"]
    cli("case", "profile", case, "--name", "Sam", "--email", "sam@example.org")
    cli("sighting", "add", case, "https://example.org/a")
    (draft,) = cli("request", "draft", case, "--json").json_lines()
    res = cli("request", "answer", str(draft["id"]), "--outcome", "removed")
    assert res.code == 2 and "request sent" in res.stderr


def test_draft_to_stdout_and_basis_choice(cli):
    case = cli("case", "new", "Sam", "--lang", "nl", "--json").json_lines()[0]["id"]
    cli(
        "case",
        "profile",
        case,
        "--name",
        "Sam de Vries",
        "--email",
        "sam@example.org",
        "--country",
        "NL",
    )
    cli("sighting", "add", case, "https://www.pornhub.com/view_video.php?viewkey=abc")
    res = cli("request", "draft", case, "--basis", "gdpr-17")
    assert res.code == 0
    assert "Sam de Vries" in res.stdout and "viewkey=abc" in res.stdout
    (req,) = cli("request", "list", case, "--json").json_lines()
    assert (req["basis"], req["lang"], req["platform"]) == ("gdpr-17", "nl", "pornhub")
    shown = cli("request", "show", str(req["id"]), "--json").json_lines()[0]
    assert "Sam de Vries" in shown["letter"] and shown["next_step"]["kind"] == "send"
    assert cli("request", "draft", case, "--basis", "made-up", "--again").code == 2


def test_sighting_add_needs_some_urls(cli):
    case = cli("case", "new", "Sam", "--json").json_lines()[0]["id"]
    assert cli("sighting", "add", case).code == 2


def test_a_platform_with_more_urls_than_one_letter_takes_gets_several_letters(ws):
    from leakhelp.letters import MAX_URLS

    case = ws.new_case("Sam", country="NL")
    ws.set_profile(case.id, name="Sam", email="sam@example.org")
    ws.add_sightings(case.id, [f"https://x.com/someone/status/{i}" for i in range(MAX_URLS + 3)])
    drafts = ws.draft_requests(case.id)
    assert [len(d.sightings) for d in drafts] == [MAX_URLS, 3]
    assert all(d.ok and d.platform == "x" for d in drafts)
