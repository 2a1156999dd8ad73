"""The web app's case page in a real headless Chromium, for what the CLI does with a
command: a minor's where-to-report, a sextortion case's steps, a late request's reminder.

The browser, the real ``leakhelp ui`` server, the accessibility check and the
screenshots are those of tests/test_web_browser.py (its fixtures, imported).
"""

from __future__ import annotations

import re
from pathlib import Path

import test_web_browser as shared
from leakhelp.api import Workspace
from leakhelp.i18n import t
from leakhelp.support import sextortion_steps
from test_web_browser import Page, check_a11y, choose_door
from test_web_views import late_request

# The shared fixtures (found by pytest under these names) and marks (browser, slow).
browser = shared.browser
address = shared.address
page = shared.page
pytestmark = shared.pytestmark


def test_a_minors_case_reports_to_the_services_for_minors_first(page: Page, leakhelp_home: Path):
    choose_door(page, "online", minor="yes", country="NL")
    page.fill("#name", "Noor")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/case/\w+$"))
    cid = page.url.rsplit("/", 1)[1]
    with Workspace(leakhelp_home) as ws:
        ws.add_sightings(cid, ["https://www.reddit.com/r/x/comments/abc"])
    page.reload()
    page.get_by_role("link", name="Where to report", exact=True).last.click()
    page.wait_for_url(re.compile(r"/where\?case="))
    assert page.input_value("#urls") == "https://www.reddit.com/r/x/comments/abc"
    assert page.is_checked("#minor")
    page.click("button.primary")
    first = page.locator("#h-minor-first")
    assert first.inner_text() == t("web.where.minor-first", "en")
    section = page.locator("section[aria-labelledby=h-minor-first]").inner_text()
    assert "Meldpunt Kinderporno" in section and "Take It Down" in section
    assert "DMCA" not in page.inner_text("main")
    check_a11y(page, "where-minor-case")


def test_a_sextortion_case_leads_with_its_steps_and_notes_the_hashing_service(page: Page):
    choose_door(page, "threat", minor="yes", country="NL")
    page.fill("#name", "Sam")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/case/\w+$"))
    steps = page.locator("#h-sextortion + ol.steps > li")
    texts = steps.all_inner_texts()
    expected = [s.text for s in sextortion_steps("en", minor=True)]
    assert texts[0] == expected[0] and len(texts) == len(expected) + 1
    assert "Do not pay" in texts[0]
    box = page.locator("#h-sextortion").bounding_box()
    nav = page.locator("nav.actions").bounding_box()
    assert box is not None and nav is not None and box["y"] < nav["y"]
    assert "Helpwanted" in page.locator("section[aria-labelledby=h-sextortion]").inner_text()
    check_a11y(page, "case-sextortion")
    page.fill("#h-reference", "TID-42")
    page.click("text=Note it in my case")
    page.wait_for_url(re.compile(r"/case/\w+$"))
    hashed = page.locator("#h-sextortion + ol.steps > li").all_inner_texts()
    assert any(line.startswith("✓") and "Take It Down" in line for line in hashed)


def test_a_late_request_is_reminded_with_a_button(page: Page, leakhelp_home: Path):
    with Workspace(leakhelp_home) as ws:
        case = ws.new_case("Sam", lang="en", country="NL")
    rid = late_request(leakhelp_home, case.id, "Sam Jansen")
    origin = "/".join(page.url.split("/")[:3])
    page.goto(f"{origin}/case/{case.id}")
    main = page.inner_text("main")
    assert t("web.next.remind", "en", id=rid) in main and "leakhelp request" not in main
    page.get_by_role("button", name=t("web.remind.go", "en")).click()
    page.wait_for_url(re.compile(rf"/request/{rid}/remind$"))
    assert "Sam Jansen" in page.input_value("#reminder-text")
    page.click("button[data-copy]")
    check_a11y(page, "reminder")
    page.get_by_role("link", name=t("web.remind.back", "en")).click()
    page.wait_for_url(re.compile(rf"/case/{case.id}$"))
    assert t("web.next.remind", "en", id=rid) not in page.inner_text("main")
    with Workspace(leakhelp_home) as ws:
        assert ws.request(rid).reminders == 1


def test_a_refused_request_is_taken_further_with_a_button(page: Page, leakhelp_home: Path):
    with Workspace(leakhelp_home) as ws:
        case = ws.new_case("Sam", lang="en", country="NL")
    rid = late_request(leakhelp_home, case.id, "Sam Jansen")
    with Workspace(leakhelp_home) as ws:
        ws.answer(rid, "refused")
    origin = "/".join(page.url.split("/")[:3])
    page.goto(f"{origin}/case/{case.id}")
    check_a11y(page, "case-escalate")
    page.get_by_role("button", name=t("web.escalate.done", "en")).first.click()
    page.wait_for_url(re.compile(rf"/case/{case.id}$"))
    with Workspace(leakhelp_home) as ws:
        assert ws.request(rid).status == "escalated"
