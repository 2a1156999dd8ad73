"""Two whole journeys in a real headless Chromium, on a phone-sized screen: bad web
addresses come back with their reasons, and a threatened minor sees a short list first.

The browser, the real ``leakhelp ui`` server and the accessibility check are those
of tests/test_web_browser.py (its fixtures, imported).
"""

from __future__ import annotations

import re

import test_web_browser as shared
from leakhelp.i18n import t
from test_web_browser import Page, check_a11y, choose_door

browser = shared.browser
address = shared.address
page = shared.page
pytestmark = shared.pytestmark


def test_bad_addresses_come_back_in_the_box_with_their_reasons(page: Page) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    choose_door(page, "online", minor="no", country="NL")
    page.click("a.langswitch")  # a Dutch reader
    page.fill("#name", "Noor")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/case/\w+$"))
    page.click("summary >> text=" + t("web.case.add-sightings", "nl"))
    bad = ["niet een adres", "javascript:alert(1)", "https://example.com/" + "a" * 3000]
    page.fill("#urls", "\n".join(["https://example.com/goed", *bad]))
    page.get_by_role("button", name=t("web.case.add-sightings.go", "nl"), exact=True).click()
    page.wait_for_selector("#not-used")
    assert page.input_value("#urls").splitlines() == bad
    assert t("web.sightings.not-used", "nl") in page.locator("p.notice[role=alert]").inner_text()
    reasons = page.locator("#not-used li").all_inner_texts()
    assert [r.split(": ", 1)[0][:20] for r in reasons] == [b[:20] for b in bad]
    assert "spaties" in reasons[0] and "geen webadres" in reasons[1] and "langer" in reasons[2]
    assert "https://example.com/goed" in page.locator("table").inner_text()
    check_a11y(page, "case-bad-addresses-phone")


def test_a_threatened_minor_sees_a_short_list_and_four_steps_first(page: Page) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    choose_door(page, "threat", minor="yes", country="NL")
    shown = page.inner_text("main")  # what the eye sees: the folded part is hidden
    for name in ("Helpwanted", "Kindertelefoon", "Take It Down", "Politie"):
        assert name in shown, name
    assert "Meldpunt Kinderporno" not in shown and "Juridisch Loket" not in shown
    four = page.locator("h2:has-text('" + t("web.plan.threat.four", "en") + "') + ol > li")
    assert four.count() == 4 and "Do not pay" in four.first.inner_text()
    check_a11y(page, "plan-threat-minor-phone")
    page.click("summary >> text=" + t("web.plan.threat.more", "en"))
    more = page.inner_text("main")
    assert "Meldpunt Kinderporno" in more and t("sextortion.hash-minor", "en") in more
    check_a11y(page, "plan-threat-minor-more-phone")
