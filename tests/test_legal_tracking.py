"""Legal rules in tracking: one TAKE IT DOWN in-force rule, no DMCA for minors.

The platform duty (48-hour removal) applies from 19 May 2026. A request sent
before that has no statutory deadline, no 48-hour reminder window and no FTC
complaint route; one sent after has all three.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from leakhelp.law import take_it_down_applies
from leakhelp.models import CaseId, Request
from leakhelp.tracking import deadline_for, escalation_routes, next_step, reminder_wait

BEFORE = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
AFTER = datetime(2026, 6, 2, 9, 0, tzinfo=UTC)


def _stamp(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


def _sent(at: datetime, *, reminders: int = 0) -> Request:
    due = deadline_for("take-it-down", at)
    return Request(
        id=1,
        case_id=CaseId("k3x9qa"),
        platform="x",
        host=None,
        basis="take-it-down",
        lang="en",
        status="sent",
        sighting_ids=(1,),
        created_at=_stamp(at),
        sent_at=_stamp(at),
        deadline_at=_stamp(due),
        reminders=reminders,
        reminded_at=_stamp(due + timedelta(hours=1)) if reminders else None,
    )


def test_deadline_is_48_hours_only_once_the_duty_applies():
    assert not take_it_down_applies(BEFORE) and take_it_down_applies(AFTER)
    assert deadline_for("take-it-down", AFTER) == AFTER + timedelta(hours=48)
    assert deadline_for("take-it-down", BEFORE) == BEFORE + timedelta(days=7)
    assert reminder_wait(_sent(AFTER)) == timedelta(hours=48)
    assert reminder_wait(_sent(BEFORE)) == timedelta(days=7)


@pytest.mark.parametrize(("sent", "ftc"), [(BEFORE, False), (AFTER, True)], ids=["before", "after"])
def test_ftc_escalation_only_for_requests_under_the_duty(sent, ftc):
    request = _sent(sent, reminders=1)
    late = sent + timedelta(days=30)
    step = next_step(request, now=late, lang="en", country="US")
    assert step.kind == "escalate"
    assert ("ftc" in [r.id for r in step.routes]) is ftc
    refused = next_step(replace(request, status="refused"), now=late, lang="en", country="US")
    assert ("ftc" in [r.id for r in refused.routes]) is ftc


def test_escalation_routes_keep_ftc_by_default():
    assert "ftc" in [r.id for r in escalation_routes("take-it-down", country="US")]
    routes = escalation_routes("take-it-down", country="US", tida_in_force=False)
    assert "ftc" not in [r.id for r in routes]


def test_pick_basis_never_picks_dmca_for_a_minor():
    from leakhelp.tracking import pick_basis

    assert pick_basis(("dsa-16", "dmca"), country="US") == "dmca"
    assert pick_basis(("dsa-16", "dmca"), country="US", minor=True) != "dmca"


@pytest.mark.parametrize(
    ("country", "first"),
    [("NL", "meldpunt-kinderporno"), ("US", "cybertipline"), ("UK", "report-remove"),
     ("BE", "child-focus"), ("DE", "take-it-down-ncmec")],
)  # fmt: skip
def test_escalation_for_a_minor_starts_with_the_minors_route_of_the_country(country, first):
    routes = [r.id for r in escalation_routes("ncii-policy", country=country, minor=True)]
    assert routes[0] == first and "take-it-down-ncmec" in routes
    if country == "NL":
        assert routes[:2] == ["meldpunt-kinderporno", "helpwanted"]
