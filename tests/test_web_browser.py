"""leakhelp ui in a real headless Chromium: the three doors and a case from photos to report.

The browser is the system's (Debian's ``chromium``), driven by Playwright;
the server is the real ``leakhelp ui`` command; the web addresses are the
local stand-in site (tests/checkserver.py). Every main screen is checked
with axe-core (vendored in tests/vendor) and saved as a screenshot under
tests/artifacts/ (with LEAKHELP_DOC_SCREENSHOTS=1 also into docs/screenshots/).
Without chromium these tests are skipped on a developer's machine, and fail
in CI (CI=true), so a missing browser is never silent there.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from leakhelp.api import Workspace

from conftest import PHOTOS, ROOT

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
AXE = ROOT / "tests" / "vendor" / "axe-core" / "axe.min.js"
ARTIFACTS = ROOT / "tests" / "artifacts"
DOCS = ROOT / "docs" / "screenshots"
#: The screens shown in the README and docs/web.md.
DOC_SHOTS = frozenset(
    {
        "start",
        "plan-threat",
        "photos-done",
        "find-results",
        "letters",
        "case",
        "case-phone",
        "start-phone-nl",
    }
)

try:
    from playwright.sync_api import Browser, Page, expect, sync_playwright
except ImportError:  # pragma: no cover - the dev extras install it
    sync_playwright = None  # type: ignore[assignment]

if sync_playwright is None or not Path(CHROMIUM).exists():
    why = "chromium or playwright is missing (apt-get install chromium; pip install -e '.[dev]')"
    if os.environ.get("CI"):
        raise RuntimeError(f"browser tests cannot run in CI: {why}")
    pytest.skip(why, allow_module_level=True)

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture
def address(leakhelp_home: Path) -> Iterator[str]:
    """The real `leakhelp ui` on a free port, with the printed address (and its key)."""
    env = {**os.environ, "LEAKHELP_HOME": str(leakhelp_home), "LEAKHELP_LANG": "en"}
    with subprocess.Popen(
        [sys.executable, "-m", "leakhelp", "ui", "--no-browser", "--allow-private"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env,
    ) as proc:
        try:
            assert proc.stdout is not None
            yield proc.stdout.readline().strip()
        finally:
            proc.terminate()
            proc.wait(30)


@pytest.fixture
def page(browser: Browser, address: str) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1000, "height": 800}, accept_downloads=True)
    tab = context.new_page()
    problems: list[str] = []
    tab.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    tab.on("pageerror", lambda e: problems.append(str(e)))
    tab.goto(address)
    yield tab
    context.close()
    # A CSP violation (an inline script or style) would show up here.
    assert problems == []


def check_a11y(page: Page, name: str) -> None:
    """axe-core on the page as it is: no serious or critical violation. Then a screenshot."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))
    found: list[dict[str, Any]] = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
    )
    serious = [
        (v["id"], v["help"], [n["target"] for n in v["nodes"]][:3])
        for v in found
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == [], name
    shot(page, name)


def shot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    if os.environ.get("LEAKHELP_DOC_SCREENSHOTS") and name in DOC_SHOTS:
        DOCS.mkdir(exist_ok=True)
        page.evaluate("() => window.scrollTo(0, 0)")
        page.screenshot(path=str(DOCS / f"{name}.png"))


def choose_door(page: Page, door: str, *, minor: str, country: str) -> None:
    """The start page, with the keyboard only."""
    page.goto(page.url.split("?")[0].rstrip("/") + "/")
    page.keyboard.press("Tab")  # the skip link
    page.keyboard.press("Tab")
    page.focus(f"#door-{door}")
    page.keyboard.press("Space")
    page.focus(f"#minor-{minor}")
    page.keyboard.press("Space")
    page.select_option("#country", country)
    page.focus("button.primary")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/plan\?"))


def wait_for_job(page: Page) -> None:
    page.wait_for_selector("#job[data-state]:not([data-state=running])", timeout=120_000)


# -- the three doors -------------------------------------------------------------
def test_door_1_my_images_are_online_from_photos_to_report(page: Page, server, leakhelp_home):
    check_a11y(page, "start")
    assert "key=" not in page.url
    choose_door(page, "online", minor="no", country="NL")
    assert page.locator("h1").inner_text() == "My images are online"
    check_a11y(page, "plan-online")
    page.fill("#name", "Sam")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/case/\w+$"))
    case_url = page.url
    cid = case_url.rsplit("/", 1)[1]
    check_a11y(page, "case-new")

    # Fingerprint my own photos: the promise before and after, nothing shown back.
    page.click("text=Fingerprint my photos and videos")
    assert "never saved, never uploaded" in page.inner_text("#promise")
    check_a11y(page, "photos")
    page.set_input_files("#photos", [str(PHOTOS / "coffee.png"), str(PHOTOS / "rocket.jpg")])
    page.click("button.primary")
    wait_for_job(page)
    assert "Only the fingerprints were kept" in page.inner_text("main")
    assert "New fingerprints: 2" in page.inner_text("main")
    assert page.locator("main img").count() == 0
    check_a11y(page, "photos-done")

    # Find copies at web addresses; the strong one goes into the case in one click.
    page.click("text=Next: find copies")
    urls = [server.url("/photo/coffee-small.jpg"), server.url("/photo/chelsea.png")]
    page.fill("#urls", "\n".join(urls))
    check_a11y(page, "find")
    page.click("button.primary")
    wait_for_job(page)
    assert "1 strong and 0 possible" in page.inner_text("main")
    check_a11y(page, "find-results")
    page.click("text=Add to my case")
    page.wait_for_url(case_url)
    assert urls[0] in page.inner_text("main")

    # Letters: details once, write, copy, mark as sent with its reference.
    page.click("text=Letters to platforms")
    page.fill("#p-name", "Sam Jansen")
    page.fill("#p-email", "sam@example.org")
    page.click("text=Save")
    page.click("text=Write the letters")
    letter = page.locator("textarea[id^=letter-]").first
    assert "Sam Jansen" in letter.input_value()
    page.click("button[data-copy]")
    expect(page.locator("button[data-copy]").first).to_have_text("Copied")
    check_a11y(page, "letters")
    with page.expect_download() as eml:
        page.click("text=Download as e-mail (.eml)")
    assert eml.value.suggested_filename.endswith(".eml")
    page.fill("input[id^=ref-]", "TICKET-7")
    page.click("text=I sent it")
    page.wait_for_url(case_url)
    assert "TICKET-7" in page.inner_text("main")

    # Follow up: check all with live progress, then the answer in two clicks.
    page.get_by_role("button", name="Check all addresses now").click()
    wait_for_job(page)
    assert "online: 1" in page.inner_text("main")
    page.goto(case_url)
    page.click("text=Record the answer")
    page.click("button[name=outcome][value=removed]")
    page.wait_for_url(case_url)
    check_a11y(page, "case")

    # The evidence report.
    with page.expect_download() as report:
        page.click("text=Download as web page")
    assert report.value.suggested_filename == f"evidence-{cid}.html"
    text = Path(report.value.path()).read_text(encoding="utf-8")
    assert urls[0] in text and "TICKET-7" in text
    with Workspace(leakhelp_home) as ws:
        assert ws.requests(cid)[0].outcome == "removed"

    # The phone-sized screen.
    page.set_viewport_size({"width": 390, "height": 844})
    check_a11y(page, "case-phone")
    # Each sighting is a block of its own on a phone: its address spans the screen
    # (in a table its column was a few letters wide, one character per line).
    cell = page.locator("td.url").first.bounding_box()
    assert cell is not None and cell["width"] >= 300 and cell["x"] + cell["width"] <= 390
    assert page.locator("td.url").first.get_attribute("data-label") == "Web address"


def test_door_2_someone_threatens_to_share_them(page: Page):
    choose_door(page, "threat", minor="yes", country="NL")
    main = page.inner_text("main")
    assert "Do not pay" in main and "never send the images to anyone" in main
    assert "Helpwanted" in main
    check_a11y(page, "plan-threat")
    page.click("a.langswitch")
    assert page.locator("html").get_attribute("lang") == "nl"
    assert "Betaal niet" in page.inner_text("main")
    page.click("a.helplink")
    assert page.locator("h1").inner_text() == "Wie kan helpen"
    check_a11y(page, "help-nl")
    page.click("text=Waar melden")
    page.fill("#urls", "https://www.reddit.com/r/x/comments/abc\nhttps://unknown-site.example/p")
    page.check("#minor")
    page.click("button.primary")
    main = page.inner_text("main")
    assert "Reddit" in main and "niet in onze lijst (unknown-site.example)" in main
    check_a11y(page, "where-nl")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(page.url.split("/help")[0] + "/")
    check_a11y(page, "start-phone-nl")


def test_door_3_i_am_helping_someone(page: Page, leakhelp_home: Path, tmp_path: Path):
    with Workspace(leakhelp_home) as ws:
        case = ws.new_case("Sam")
        list(ws.hash([PHOTOS / "coffee.png"], case=case.id))
        ws.export(case.id, tmp_path / "sam.json")
    choose_door(page, "helping", minor="no", country="UK")
    assert "never ask to see the images" in page.inner_text("main")
    check_a11y(page, "plan-helping")
    page.click("text=All cases, late requests")
    page.set_input_files("#export", str(tmp_path / "sam.json"))
    page.fill("#import-name", "From a helpline")
    check_a11y(page, "cases")
    page.get_by_role("button", name="Import", exact=True).click()
    page.wait_for_url(re.compile(r"/case/\w+$"))
    assert page.locator("h1").inner_text().startswith("From a helpline")
    page.click("text=Remove this case and everything")
    check_a11y(page, "forget")
    page.click("button.danger")
    assert "Nothing was removed." in page.inner_text("main")
    page.check("#confirm")
    page.click("button.danger")
    assert "have been removed from leakhelp's records on this device" in page.inner_text("main")
