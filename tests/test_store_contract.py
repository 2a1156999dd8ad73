"""The store's contract: tests written against :class:`leakhelp.store.Store`, run on every backend.

Each test uses only the Protocol's methods (no SQL, no private attribute), so a
second backend (e.g. PostgreSQL for a helpline team) is tested by adding its
factory to ``BACKENDS``. The request and sighting rules themselves are pure
functions (leakhelp.store.lifecycle), tested at the end without any store.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from leakhelp.errors import (
    CaseNotFoundError,
    RequestNotFoundError,
    SightingNotFoundError,
    StoreError,
    UsageError,
)
from leakhelp.models import CheckResult, Fingerprint, VideoFingerprint, VideoFrame, iso
from leakhelp.store import SqliteStore, Store, lifecycle

#: A backend: (leakhelp home, clock) -> an open store. Add a second one here.
Backend = Callable[[Path, Callable[[], datetime]], Store]
BACKENDS: dict[str, Backend] = {
    "sqlite": lambda home, now: SqliteStore.open(home, now=now),
}

START = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture(params=sorted(BACKENDS))
def store(request: pytest.FixtureRequest, tmp_path: Path, clock: Clock) -> Iterator[Store]:
    opened = BACKENDS[request.param](tmp_path / "home", clock)
    try:
        yield opened
    finally:
        opened.close()


def _fingerprint(n: int, label: str | None = None) -> Fingerprint:
    pdq = f"{n:064x}"
    return Fingerprint(
        pdq=pdq,
        quality=90,
        phash=f"{n:016x}",
        dhash=f"{n + 1:016x}",
        width=640,
        height=480,
        dihedral=(pdq,),
        label=label,
    )


def _check(url: str, state: str, at: datetime) -> CheckResult:
    return CheckResult(
        url=url,
        state=state,
        http_status={"online": 200, "removed": 404}.get(state),
        reason=f"test: {state}",
        checked_at=iso(at),
        reason_key="check.gone" if state == "removed" else None,
    )


def _sighted(store: Store, *urls: str, name: str = "Sam") -> tuple[str, list[int]]:
    case = store.create_case(name)
    done = store.add_sightings(case.id, [(u, "example") for u in urls])
    return case.id, [s.id for s, _what in done]


# -- cases -------------------------------------------------------------------------
def test_cases_are_created_listed_and_found_by_id_or_name(store: Store, clock: Clock):
    sam = store.create_case("  Sam  ", lang="nl", country="nl")
    clock.advance(minutes=1)
    alex = store.create_case("Alex")
    assert (sam.name, sam.lang, sam.country, sam.fingerprint_count) == ("Sam", "nl", "NL", 0)
    assert [c.id for c in store.list_cases()] == [sam.id, alex.id]
    assert store.get_case(sam.id) == sam
    assert store.get_case("sam").id == sam.id
    with pytest.raises(CaseNotFoundError):
        store.get_case("nobody-at-all")
    store.create_case("Sam")
    with pytest.raises(UsageError):
        store.get_case("Sam")  # two cases have that name
    with pytest.raises(UsageError):
        store.create_case("   ")
    with pytest.raises(UsageError):
        store.create_case("X", lang="de")


def test_a_case_has_a_kind_a_profile_handoffs_and_outputs(store: Store):
    case = store.create_case("Sam")
    assert store.case_kind(case.id) == "shared"
    store.set_case_kind(case.id, "sextortion")
    assert store.case_kind(case.id) == "sextortion"
    with pytest.raises(UsageError):
        store.set_case_kind(case.id, "other")
    assert store.profile(case.id).name is None
    profile = store.set_profile(case.id, {"name": "Sam Jansen", "minor": True})
    assert (profile.name, profile.minor) == ("Sam Jansen", True)
    assert store.set_profile(case.id, {"name": None}).name is None
    with pytest.raises(UsageError):
        store.set_profile(case.id, {"password": "x"})
    other = store.create_case("Alex")
    profiles = store.profiles()
    assert profiles[case.id].minor is True and profiles[other.id].minor is False
    handoff = store.add_handoff(case.id, "stopncii", done_on="2026-02-27", reference="ABC-1")
    assert store.handoffs(case.id) == [handoff]
    store.record_output(case.id, "/tmp/letter.eml", "letter")
    store.record_output(case.id, "/tmp/letter.eml", "letter-again")
    assert store.outputs(case.id) == [("/tmp/letter.eml", "letter-again")]
    with pytest.raises(CaseNotFoundError):
        store.case_kind("zzzzzz")


# -- fingerprints and videos -----------------------------------------------------------
def test_fingerprints_are_kept_once_found_by_hash_and_labelled(store: Store):
    case = store.create_case("Sam", fingerprints=[_fingerprint(1)])
    assert case.fingerprint_count == 1
    assert store.add_fingerprints(case.id, [_fingerprint(1), _fingerprint(2)]) == (1, 1)
    stored = store.fingerprints(case.id)
    assert [s.fingerprint.pdq for s in stored] == [_fingerprint(1).pdq, _fingerprint(2).pdq]
    (second,) = store.fingerprints(case.id, pdq=_fingerprint(2).pdq)
    assert second.id == stored[1].id
    labelled = store.set_fingerprint_label(case.id, second.id, "beach")
    assert labelled.ref == "beach"
    with pytest.raises(UsageError):
        store.set_fingerprint_label(case.id, 10_000, "x")
    assert store.get_case(case.id).fingerprint_count == 2
    table = store.fingerprint_table(case.id)
    assert table.refs == (stored[0].ref, "beach")
    with pytest.raises(CaseNotFoundError):
        store.add_fingerprints("zzzzzz", [_fingerprint(3)])


def test_videos_are_kept_once(store: Store):
    case = store.create_case("Sam")
    frame = VideoFrame(f"{7:064x}", 80, 0.0, 2.0, f"{7:016x}", f"{8:016x}")
    video = VideoFingerprint(
        md5="0" * 32, sha256="1" * 64, duration=2.0, width=320, height=240, frames=(frame,)
    )
    assert store.add_videos(case.id, [video, video]) == (1, 1)
    (kept,) = store.videos(case.id)
    assert kept.video.frames == (frame,) and kept.video.sha256 == "1" * 64


# -- sightings -------------------------------------------------------------------------
def test_a_sighting_is_added_seen_again_and_reopened(store: Store, clock: Clock):
    case_id, (sid,) = _sighted(store, "https://example.com/a")
    clock.advance(hours=1)
    ((again, what),) = store.add_sightings(case_id, [("https://example.com/a", None)])
    assert (again.id, what, again.platform) == (sid, "seen-again", "example")
    assert again.last_seen == iso(clock.now) != again.first_seen
    removed, _settled = store.mark_sighting_removed(sid)
    assert removed.state == "removed" and removed.removed_by == "manual"
    ((back, what),) = store.add_sightings(case_id, [("https://example.com/a", None)])
    assert (back.state, what) == ("open", "reopened")
    stated = store.set_sighting_stated(sid, seen_at="2026-02-01", note="from a friend")
    assert (stated.seen_at, stated.note) == ("2026-02-01", "from a friend")
    with pytest.raises(SightingNotFoundError):
        store.sighting(10_000)


def test_sightings_are_filtered_and_counted(store: Store):
    case_id, ids = _sighted(
        store, "https://a.example/1", "https://a.example/2", "https://a.example/3"
    )
    other_id, _ = _sighted(store, "https://b.example/1", name="Alex")
    store.mark_sighting_removed(ids[1])
    assert [s.id for s in store.sightings(case_id, state="open")] == [ids[0], ids[2]]
    assert [s.id for s in store.sightings(ids=[ids[2], ids[0]])] == [ids[0], ids[2]]
    assert store.sightings(ids=[]) == []
    assert len(store.sightings()) == 4
    counts = store.case_counts()
    assert (counts[case_id].sightings, counts[case_id].sightings_open) == (3, 2)
    assert (counts[other_id].sightings, counts[other_id].sightings_open) == (1, 1)


# -- requests and their lifecycle ---------------------------------------------------
def test_a_request_goes_from_drafted_to_sent_acknowledged_and_answered(store: Store, clock: Clock):
    case_id, ids = _sighted(store, "https://example.com/a", "https://example.com/b")
    with pytest.raises(UsageError):
        store.create_request(case_id, basis="dsa-16", lang="en", sighting_ids=[])
    other_id, (foreign,) = _sighted(store, "https://example.com/c", name="Alex")
    with pytest.raises(UsageError):
        store.create_request(case_id, basis="dsa-16", lang="en", sighting_ids=[foreign])
    req = store.create_request(
        case_id, basis="dsa-16", lang="en", sighting_ids=ids, letter="Dear platform"
    )
    assert (req.status, req.sighting_ids) == ("drafted", tuple(sorted(ids)))
    with pytest.raises(UsageError):
        store.record_answer(req.id, "refused")  # not sent yet
    assert store.request_letters(case_id) == {}  # drafted, not sent
    assert store.request_letters(case_id, sent_only=False) == {req.id: "Dear platform"}
    sent = store.mark_request_sent(req.id, sent_at=iso(clock.now), deadline_at=iso(START))
    assert sent.status == "sent"
    assert store.request_letters(case_id) == {req.id: "Dear platform"}
    assert store.set_request_reference(req.id, "T-1").status == "acknowledged"
    moved = store.set_request_deadline(req.id, "2026-04-01T00:00:00Z", deadline_days=30)
    assert (moved.deadline_at, moved.deadline_days) == ("2026-04-01T00:00:00Z", 30)
    assert store.record_reminder(req.id).reminders == 1
    answered, settled = store.record_answer(req.id, "partial", note="one of two")
    assert (answered.status, answered.outcome, settled) == ("partial", "partial", [])
    (answer,) = store.answers(case_id)
    assert (answer.outcome, answer.note) == ("partial", "one of two")
    assert store.record_escalation(req.id, "acm").status == "escalated"
    with pytest.raises(UsageError):
        store.record_answer(req.id, "maybe")
    with pytest.raises(RequestNotFoundError):
        store.request(10_000)
    assert [r.id for r in store.requests(case_id, statuses=["escalated"])] == [req.id]
    assert store.requests(other_id) == []


def test_an_answer_removed_settles_the_request_and_every_one_it_completes(store: Store):
    case_id, (a, b) = _sighted(store, "https://example.com/a", "https://example.com/b")
    both = store.create_request(case_id, basis="dsa-16", lang="en", sighting_ids=[a, b])
    only_a = store.create_request(case_id, basis="ncii-policy", lang="en", sighting_ids=[a])
    store.mark_request_sent(both.id, sent_at=iso(START), deadline_at=None)
    answered, settled = store.record_answer(both.id, "removed")
    assert answered.status == "settled" and sorted(settled) == sorted([both.id, only_a.id])
    assert {s.state for s in store.sightings(case_id)} == {"removed"}
    assert store.request(only_a.id).outcome == "removed"


def test_a_removed_sighting_settles_and_its_return_reopens_requests(store: Store):
    case_id, (a, b) = _sighted(store, "https://example.com/a", "https://example.com/b")
    req = store.create_request(case_id, basis="dsa-16", lang="en", sighting_ids=[a, b])
    store.mark_request_sent(req.id, sent_at=iso(START), deadline_at=None, reference="T-9")
    assert store.mark_sighting_removed(a)[1] == []  # b is still online
    _sighting, settled = store.mark_sighting_removed(b)
    assert settled == [req.id] and store.request(req.id).status == "settled"
    sighting, reopened = store.reopen_sighting(b)
    assert (sighting.state, reopened) == ("open", [req.id])
    assert store.request(req.id).status == "acknowledged"  # where it was: it had a reference


# -- checks --------------------------------------------------------------------------
def test_checks_are_evidence_and_move_sightings(store: Store, clock: Clock):
    case_id, (a,) = _sighted(store, "https://example.com/a")
    req = store.create_request(case_id, basis="dsa-16", lang="en", sighting_ids=[a])
    store.mark_request_sent(req.id, sent_at=iso(START), deadline_at=None)
    unknown = store.record_check(_check("https://example.com/a", "unknown", clock.now))
    assert unknown.recorded and store.sighting(a).state == "open"  # not observed: not removed
    clock.advance(hours=2)
    gone = store.record_check(_check("https://example.com/a", "removed", clock.now))
    assert gone.settled_requests == (req.id,)
    assert store.sighting(a).removed_at == iso(clock.now)
    back = store.record_check(_check("https://example.com/a", "online", clock.now))
    assert back.reopened_requests == (req.id,) and store.sighting(a).state == "open"
    nobody = store.record_check(_check("https://elsewhere.example/", "removed", clock.now))
    assert not nobody.recorded
    kept = store.checks(case_id)
    assert [c.result.state for c in kept] == ["unknown", "removed", "online"]
    assert kept[1].result.reason_key == "check.gone" and kept[1].sighting_id == a


# -- events, forget and wipe -----------------------------------------------------------
def test_the_timeline_tells_what_happened(store: Store):
    case_id, (a,) = _sighted(store, "https://example.com/a")
    store.add_event(case_id, "exported", {"fingerprints": 0})
    store.mark_sighting_removed(a)
    kinds = [e.kind for e in store.events(case_id)]
    assert kinds == ["case-created", "sighting-added", "exported", "sighting-removed"]
    with pytest.raises(CaseNotFoundError):
        store.add_event("zzzzzz", "exported")


def test_forget_leaves_no_trace_of_the_case_and_the_others_intact(store: Store):
    case_id, (a,) = _sighted(store, "https://example.com/a")
    store.add_fingerprints(case_id, [_fingerprint(5)])
    req = store.create_request(case_id, basis="dsa-16", lang="en", sighting_ids=[a])
    other_id, _ = _sighted(store, "https://example.com/b", name="Alex")
    store.forget_case(case_id)
    with pytest.raises(CaseNotFoundError):
        store.get_case(case_id)
    with pytest.raises(SightingNotFoundError):
        store.sighting(a)
    with pytest.raises(RequestNotFoundError):
        store.request(req.id)
    assert [c.id for c in store.list_cases()] == [other_id]
    assert len(store.sightings()) == 1
    with pytest.raises(CaseNotFoundError):
        store.forget_case(case_id)
    store.wipe()  # nothing else reads the store: the freed space is overwritten


def test_the_clock_is_the_stores(store: Store, clock: Clock):
    assert store.moment() == START
    clock.advance(days=1)
    assert store.create_case("Sam").created_at == iso(START + timedelta(days=1))
    assert isinstance(store.read_only, bool) and not store.read_only


# -- the rules, without a store -----------------------------------------------------
def test_the_lifecycle_rules():
    assert lifecycle.after_sent("drafted", has_reference=False) == "sent"
    assert lifecycle.after_sent("sent", has_reference=True) == "acknowledged"
    assert lifecycle.after_sent("refused", has_reference=True) == "refused"
    assert lifecycle.can_mark_sent("acknowledged") and not lifecycle.can_mark_sent("settled")
    assert lifecycle.after_reference("sent") == "acknowledged"
    assert lifecycle.after_reference("partial") == "partial"
    assert lifecycle.after_answer("sent", "none") == "no-reply"
    assert lifecycle.after_answer("sent", "removed") == "sent"  # settled by its sightings
    assert lifecycle.answer_removes_sightings("removed")
    assert not lifecycle.answer_removes_sightings("partial")
    assert lifecycle.on_reopen(sent=False, has_reference=True) == "drafted"
    assert lifecycle.on_reopen(sent=True, has_reference=False) == "sent"
    assert lifecycle.on_reopen(sent=True, has_reference=True) == "acknowledged"
    assert lifecycle.settles("sent", ["removed", "removed"])
    assert not lifecycle.settles("sent", ["removed", "open"])
    assert not lifecycle.settles("settled", [])
    assert lifecycle.after_check("open", "removed") == "remove"
    assert lifecycle.after_check("removed", "online") == "reopen"
    assert lifecycle.after_check("open", "unreachable") is None
    assert lifecycle.after_check("removed", "removed") is None
    assert lifecycle.after_seen_again("removed") == "reopened"
    assert lifecycle.after_seen_again("open") == "seen-again"


def test_the_rules_are_pure():
    """lifecycle imports nothing that does I/O: only the models."""
    import ast

    import leakhelp.store.lifecycle as module

    tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
    imported = {
        node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
    } | {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    }
    assert imported <= {"__future__", "collections.abc", "typing", "models"}, imported


def test_a_store_error_is_told_in_both_languages(tmp_path: Path):
    broken = tmp_path / "home"
    broken.mkdir(mode=0o700)
    (broken / "leakhelp.sqlite3").write_bytes(b"this is not a database" * 100)
    with pytest.raises(StoreError) as caught:
        SqliteStore.open(broken)
    assert caught.value.key == "store.cannot-open"
    assert "damaged" in caught.value.text("en") and "beschadigd" in caught.value.text("nl")


def test_a_workspace_runs_on_the_store_it_is_given(store: Store, tmp_path: Path):
    """Workspace(home, store=...) uses that store for everything, and opens no other."""
    from leakhelp.api import Workspace

    elsewhere = tmp_path / "not-used"
    ws = Workspace(elsewhere, store=store)
    case = ws.new_case("Sam", kind="sextortion")
    ws.add_sightings(case.id, ["https://example.com/a"])
    assert [c.id for c in store.list_cases()] == [case.id]
    assert store.case_kind(case.id) == "sextortion"
    assert [s.url for s in store.sightings(case.id)] == ["https://example.com/a"]
    assert ws.overdue() == []
    (sighting,) = store.sightings(case.id)
    req = store.create_request(case.id, basis="dsa-16", lang="en", sighting_ids=[sighting.id])
    store.mark_request_sent(req.id, sent_at=iso(START), deadline_at=iso(START - timedelta(days=1)))
    store.set_profile(case.id, {"country": "NL", "minor": True})
    (late,) = ws.overdue()
    assert (late.request.id, late.case.id, late.hours_late) == (req.id, case.id, 24.0)
    (summary,) = ws.case_summaries()
    assert (summary.sightings, summary.sightings_open) == (1, 1)
    assert (summary.requests, summary.requests_open, summary.overdue) == (1, 1, 1)
    assert not elsewhere.exists()
