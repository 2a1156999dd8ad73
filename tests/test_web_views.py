"""The web app shows what the library says: the same words and steps as the CLI."""

from __future__ import annotations

import html
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from leakhelp.api import Workspace
from leakhelp.videomatch import describe
from webclient import Web

from conftest import PHOTOS


@pytest.fixture
def web(leakhelp_home: Path) -> Web:
    return Web(leakhelp_home)


def test_find_results_say_how_a_copy_differs_with_the_library_words(
    web: Web, leakhelp_home: Path, tmp_path: Path
) -> None:
    from PIL import Image

    web.client.get("/?lang=nl")
    cid = web.new_case("Noor")
    files = [("photos", ("c.png", (PHOTOS / "coffee.png").read_bytes(), "image/png"))]
    assert web.wait(web.post(f"/case/{cid}/photos", files=files))["state"] == "done"
    folder = tmp_path / "downloads"
    folder.mkdir()
    with Image.open(PHOTOS / "coffee.png") as photo:
        photo.transpose(Image.Transpose.FLIP_LEFT_RIGHT).save(folder / "mirror.png")
    job = web.wait(web.post("/find", {"case": cid, "folder": str(folder)}))
    with Workspace(leakhelp_home) as ws:
        [outcome] = list(ws.scan([str(folder)], index=ws.match_index(case=cid)))
    assert outcome.result.match is not None
    words = describe(outcome.result.match, "nl")
    assert "gespiegeld" in words
    page = html.unescape(job["page"])
    assert words in page[page.index("mirror.png") :]
    assert "scan.how" not in page


# -- where to report: the case's under-18 answer counts -------------------------------
def _case_at(web: Web, home: Path, *, minor: bool, country: str = "NL") -> str:
    cid = web.new_case("Noor", minor="yes" if minor else "no", country=country)
    with Workspace(home) as ws:
        ws.add_sightings(cid, ["https://www.reddit.com/r/x/comments/abc"])
    return cid


def test_where_to_report_from_a_minors_case_leads_with_the_services_for_minors(
    web: Web, leakhelp_home: Path
) -> None:
    from leakhelp.i18n import t

    cid = _case_at(web, leakhelp_home, minor=True)
    case_page = web.client.get(f"/case/{cid}").text
    assert f'href="/where?case={cid}"' in case_page
    form = web.client.get(f"/where?case={cid}").text
    assert "https://www.reddit.com/r/x/comments/abc</textarea>" in form
    assert 'value="yes" checked' in form and f'name="case" value="{cid}"' in form
    # The box left unticked: the case's answer still counts.
    answer = web.post("/where", {"urls": "https://www.reddit.com/r/x/comments/abc", "case": cid})
    page = html.unescape(answer.text)
    assert answer.status_code == 200
    first = page.index(t("web.where.minor-first", "en"))
    assert first < page.index(f"<h2>{t('web.where.results', 'en')}</h2>")
    assert "Take It Down" in page[first:] and "Meldpunt Kinderporno" in page[first:]
    assert "DMCA" not in page  # never a copyright claim for a minor


def test_where_to_report_for_an_adult_case_has_no_minors_section(
    web: Web, leakhelp_home: Path
) -> None:
    from leakhelp.i18n import t

    cid = _case_at(web, leakhelp_home, minor=False)
    assert 'value="yes" checked' not in web.client.get(f"/where?case={cid}").text
    page = html.unescape(web.post("/where", {"urls": "https://a.example/1", "case": cid}).text)
    assert t("web.where.minor-first", "en") not in page
    assert f"<h2>{t('web.where.results', 'en')}</h2>" in page


def test_the_letters_page_of_a_minors_case_names_the_services_for_minors_in_dutch(
    web: Web, leakhelp_home: Path
) -> None:
    from leakhelp.i18n import t

    web.client.get("/?lang=nl")
    minor = _case_at(web, leakhelp_home, minor=True)
    adult = _case_at(web, leakhelp_home, minor=False)
    page = html.unescape(web.client.get(f"/case/{minor}/letters").text)
    assert t("web.where.minor-first", "nl") in page and "Meldpunt Kinderporno" in page
    assert t("web.where.minor-keep", "nl") in page
    assert t("web.where.minor-first", "nl") not in web.client.get(f"/case/{adult}/letters").text


# -- a late request: the reminder is a button, not a command line ----------------------
def late_request(home: Path, cid: str, name: str) -> int:
    """A request of the case, sent 30 days ago to Reddit: its next step is a reminder."""
    with Workspace(home) as ws:
        ws.set_profile(cid, name=name, email="someone@example.org", country="NL")
        ws.add_sightings(cid, ["https://www.reddit.com/r/x/comments/abc"])
        [drafted] = ws.draft_requests(cid)
        assert drafted.request is not None
        rid = drafted.request.id
        ws.mark_sent(rid, channel="email", sent_at=datetime.now(UTC) - timedelta(days=30))
        assert [s.kind for s in ws.next_steps(cid)][:1] == ["remind"]
    return rid


def test_a_late_request_gets_a_reminder_button_and_its_text_in_the_page(
    web: Web, leakhelp_home: Path
) -> None:
    from leakhelp.i18n import t

    cid = web.new_case("Sam")
    rid = late_request(leakhelp_home, cid, "Sam Jansen")
    page = html.unescape(web.client.get(f"/case/{cid}").text)
    assert t("web.next.remind", "en", id=rid) in page
    assert "leakhelp request remind" not in page
    assert f'action="/request/{rid}/remind"' in page
    answer = web.post(f"/request/{rid}/remind")
    assert answer.status_code == 200
    shown = html.unescape(answer.text)
    assert "https://www.reddit.com/r/x/comments/abc" in shown and "Sam Jansen" in shown
    assert t("web.remind.noted", "en", id=rid) in shown
    with Workspace(leakhelp_home) as ws:
        assert ws.request(rid).reminders == 1
        assert "remind" not in [s.kind for s in ws.next_steps(cid)]
    # Without its CSRF token, nothing is written or noted.
    refused = web.client.post(f"/request/{rid}/remind", follow_redirects=False)
    assert refused.status_code in (400, 403)
    with Workspace(leakhelp_home) as ws:
        assert ws.request(rid).reminders == 1


def test_the_reminder_page_is_in_dutch_for_a_dutch_reader(web: Web, leakhelp_home: Path) -> None:
    from leakhelp.i18n import t

    web.client.get("/?lang=nl")
    cid = web.new_case("Noor")
    rid = late_request(leakhelp_home, cid, "Noor")
    page = html.unescape(web.client.get(f"/case/{cid}").text)
    assert t("web.next.remind", "nl", id=rid) in page and t("web.remind.go", "nl") in page
    shown = html.unescape(web.post(f"/request/{rid}/remind").text)
    assert t("web.remind.title", "nl", id=rid) in shown
    assert t("web.remind.noted", "nl", id=rid) in shown


# -- a sextortion case leads with its own steps ------------------------------------------
def test_a_sextortion_case_page_leads_with_its_steps_and_the_help_lines(web: Web) -> None:
    from leakhelp.i18n import t
    from leakhelp.support import sextortion_steps

    cid = web.new_case("Sam", kind="sextortion", minor="yes", country="NL")
    page = html.unescape(web.client.get(f"/case/{cid}").text)
    steps = sextortion_steps("en", minor=True)
    positions = [page.index(step.text) for step in steps]
    assert positions == sorted(positions)  # in the library's order
    assert positions[0] < page.index('<nav class="actions"')  # before anything else
    assert page.index(t("web.plan.threat.3", "en")) > positions[-1]
    assert "Helpwanted" in page and "Meldpunt Kinderporno" in page  # the help lines
    assert page.index("Helpwanted") < page.index(t("web.case.overview", "en"))
    later = t("web.next.add-sightings.sextortion", "en")
    assert page.index(later) > page.index(t("web.case.overview", "en"))
    assert t("web.next.add-sightings", "en") not in page
    assert t("web.case.no-sightings.sextortion", "en") in page
    assert "leakhelp " not in page.split("<main", 1)[1].split("</main>", 1)[0]
    assert page.count(steps[0].text) == 1  # not again in "Next"


def test_a_recorded_hashing_service_is_ticked_once_in_dutch(web: Web) -> None:
    from leakhelp.i18n import t

    web.client.get("/?lang=nl")
    cid = web.new_case("Noor", kind="sextortion", minor="yes", country="NL")
    answer = web.post(f"/case/{cid}/handoff", {"service": "take-it-down", "date": "2026-11-20"})
    assert answer.status_code == 303
    page = html.unescape(web.client.get(f"/case/{cid}").text)
    done = t("sextortion.hash-done", "nl", service="Take It Down", date="2026-11-20")
    assert page.count(done) == 1
    assert t("sextortion.pay", "nl") in page
    assert t("web.handoff.below", "nl") not in page


def test_a_trimmed_copy_of_a_video_is_named_as_a_part_with_its_times(
    web: Web, tmp_path: Path
) -> None:
    """The find results say which part of the video, as `leakhelp scan` does."""
    from videogen import reencode, slideshow

    own = [PHOTOS / n for n in ("astronaut.png", "chelsea.png", "camera.png")]
    original = slideshow(tmp_path / "clip.mp4", own, seconds_each=3.0)
    folder = tmp_path / "downloads"
    folder.mkdir()
    reencode(original, folder / "trimmed.mp4", start=3.0, end=7.0)
    web.client.get("/?lang=nl")
    cid = web.new_case("Noor")
    files = [("photos", ("clip.mp4", original.read_bytes(), "video/mp4"))]
    assert web.wait(web.post(f"/case/{cid}/photos", files=files))["state"] == "done"
    job = web.wait(web.post("/find", {"case": cid, "folder": str(folder)}))
    row = html.unescape(job["page"]).split("trimmed.mp4", 1)[1].split("</tr>", 1)[0]
    assert "seconden (0:0" in row and "van jouw video)" in row


def test_an_unknown_request_or_case_is_named_as_such(web: Web) -> None:
    from leakhelp.i18n import t

    answer = web.post("/request/99/remind")
    assert answer.status_code == 404
    assert t("web.problem.no-request", "en") in html.unescape(answer.text)
    for page in (web.client.get("/where?case=nope"), web.post("/where", {"case": "nope"})):
        assert page.status_code == 404
        assert t("web.problem.no-case", "en") in html.unescape(page.text)


def test_a_refused_request_is_taken_further_with_a_button(web: Web, leakhelp_home: Path) -> None:
    from leakhelp.i18n import t

    cid = web.new_case("Sam")
    rid = late_request(leakhelp_home, cid, "Sam Jansen")
    with Workspace(leakhelp_home) as ws:
        ws.answer(rid, "refused")
        [step] = [s for s in ws.next_steps(cid) if s.request_id == rid]
    assert step.kind == "escalate" and step.routes
    page = html.unescape(web.client.get(f"/case/{cid}").text)
    assert "leakhelp request escalate" not in page
    route = step.routes[0]
    assert f'name="route" value="{route.id}"' in page
    assert t("web.escalate.done.label", "en", where=route.label("en")) in page
    answer = web.post(f"/request/{rid}/escalate", {"route": route.id})
    assert answer.status_code == 303 and answer.headers["location"] == f"/case/{cid}"
    with Workspace(leakhelp_home) as ws:
        assert ws.request(rid).status == "escalated"
        assert ws.request(rid).escalated_to == route.id
    assert web.post(f"/request/{rid}/escalate", {"route": "x" * 65}).status_code == 400
