"""The library's usage errors carry message keys: shown in the reader's language."""

from __future__ import annotations

import pytest

from leakhelp.api import Workspace
from leakhelp.errors import UsageError
from leakhelp.matching import MatchIndex


def test_days_must_be_positive_in_both_languages():
    with Workspace() as ws:
        case = ws.new_case("Sam")
        with pytest.raises(UsageError) as caught:
            ws.draft_requests(case.id, days=0)
    assert caught.value.key == "error.days-positive"
    assert caught.value.text("nl") == "--days moet meer dan 0 zijn"
    assert str(caught.value) == "--days must be more than 0"


def test_all_with_urls_is_refused_with_a_key():
    with Workspace() as ws, pytest.raises(UsageError) as caught:
        ws.check(["https://example.org/x"], all_open=True)
    assert caught.value.key == "check.usage.all"
    assert "--all" in caught.value.text("nl") and "webadressen" in caught.value.text("nl")


def test_page_limits_must_be_at_least_one_in_dutch():
    with Workspace() as ws, pytest.raises(UsageError) as caught:
        ws.scan_pages(["https://example.org/"], index=MatchIndex([]), max_pages=0)
    assert caught.value.key == "error.page-limits-positive"
    assert caught.value.text("nl").endswith("moeten minstens 1 zijn")


def test_a_pin_as_reference_is_refused_in_the_readers_language():
    with Workspace() as ws:
        case = ws.new_case("Sam", lang="en")
        with pytest.raises(UsageError) as caught:
            ws.record_handoff(case.id, "stopncii", reference="PIN 4821")
    assert caught.value.key == "handoff.pin"  # not already put in the case's language
    assert caught.value.text("nl").startswith("Dat lijkt op een pincode.")
