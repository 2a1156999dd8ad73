"""leakhelp ui, route by route: the security frame, every page in both languages, every form."""

from __future__ import annotations

import html
import json
import re
import subprocess
import sys
import tempfile
import threading
from html.parser import HTMLParser
from pathlib import Path

import httpx
import pytest

from leakhelp.api import Workspace
from leakhelp.i18n import MESSAGES, catalogue_keys
from leakhelp.registry import load_registry
from leakhelp.web import forms, server
from leakhelp.web.jobs import Cancelled, Jobs
from test_privacy import _windows
from webclient import ADVICE_TO_COPY, ORIGIN, PORT, Web

from conftest import PHOTOS, ROOT

EVIL = "<script>alert(1)</script>"


@pytest.fixture
def web(leakhelp_home: Path) -> Web:
    return Web(leakhelp_home)


@pytest.fixture
def case_with_request(web: Web, leakhelp_home: Path) -> tuple[str, int]:
    """A case with a profile, a sighting on a known platform and a drafted request."""
    cid = web.new_case("Sam")
    with Workspace(leakhelp_home) as ws:
        ws.set_profile(cid, name="Sam Jansen", email="sam@example.org", country="NL")
        ws.add_sightings(cid, ["https://www.reddit.com/r/x/comments/abc"])
        drafted = ws.draft_requests(cid)
    assert drafted[0].request is not None
    return cid, drafted[0].request.id


def _pages(cid: str, rid: int) -> list[str]:
    del rid
    return [
        "/",
        "/plan?door=online&minor=no&country=NL",
        "/plan?door=threat&minor=yes&country=UK",
        "/plan?door=helping&minor=no&country=any",
        "/help",
        "/cases",
        "/find",
        "/where",
        f"/case/{cid}",
        f"/case/{cid}/photos",
        f"/case/{cid}/letters",
        f"/case/{cid}/forget",
    ]


# -- the secret, the session cookie, the Host header --------------------------------
def test_without_the_secret_or_its_cookie_every_path_is_refused(web: Web):
    stranger = web.anonymous()
    for path in ("/", "/cases", "/static/app.js", "/case/x", "/jobs/x.json"):
        assert stranger.get(path).status_code == 401
    assert stranger.get("/?key=wrong").status_code == 401
    assert stranger.post("/cases/new", data={"name": "x"}).status_code == 401
    stranger.cookies.set(f"leakhelp_session_{PORT}", "made-up")
    assert stranger.get("/").status_code == 401


def test_the_secret_becomes_an_httponly_strict_cookie_and_leaves_the_address(web: Web):
    browser = web.anonymous()
    secret = web.settings.sessions.secret
    answer = browser.get(f"/plan?door=threat&key={secret}", follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"] == "/plan?door=threat"
    cookie = answer.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
    assert secret not in cookie
    assert browser.get("/plan?door=threat").status_code == 200
    assert secret not in browser.get("/").text


def test_another_host_header_is_refused_even_with_a_session(web: Web):
    for host in ("evil.example", f"evil.example:{PORT}", "127.0.0.1", f"127.0.0.2:{PORT}"):
        answer = web.client.get("/", headers={"host": host})
        assert answer.status_code == 421, host
    assert web.client.get("/", headers={"host": f"localhost:{PORT}"}).status_code == 200


def _post_routes(web: Web, cid: str, rid: int) -> list[str]:
    paths = []
    for route in web.app.app.routes:  # type: ignore[attr-defined]
        if "POST" in (getattr(route, "methods", None) or ()):
            path = route.path.replace("{cid}", cid).replace("{rid:int}", str(rid))
            paths.append(path.replace("{jid}", "nojob"))
    return paths


def test_every_post_without_its_csrf_token_is_refused(web: Web, case_with_request):
    cid, rid = case_with_request
    paths = _post_routes(web, cid, rid)
    assert len(paths) >= 12
    for path in paths:
        assert web.client.post(path, data={"name": "x"}).status_code == 403, path
        assert web.client.post(path, data={"csrf": "forged"}).status_code == 403, path
        multipart = web.client.post(path, files={"csrf": (None, "forged")})
        assert multipart.status_code in (400, 403), path
    # Nothing happened: the case and its request are as they were.
    with Workspace(web.settings.home) as ws:
        assert ws.case(cid).name == "Sam"
        assert ws.request(rid).status == "drafted"


def test_a_form_from_another_site_is_refused_even_with_the_token(web: Web):
    token = web.csrf()
    for headers in ({"origin": "http://evil.example"}, {"sec-fetch-site": "cross-site"}):
        answer = web.client.post("/cases/new", data={"csrf": token, "name": "x"}, headers=headers)
        assert answer.status_code == 403
    ok = web.client.post(
        "/cases/new",
        data={"csrf": token, "name": "x"},
        headers={"origin": ORIGIN},
        follow_redirects=False,
    )
    assert ok.status_code == 303


# -- headers and markup -------------------------------------------------------------
def test_every_answer_carries_the_strict_headers(web: Web, case_with_request):
    cid, rid = case_with_request
    answers = [web.client.get(p) for p in _pages(cid, rid)]
    answers += [web.anonymous().get("/"), web.client.get("/static/app.css")]
    answers.append(web.client.get("/", headers={"host": "evil.example"}))
    for answer in answers:
        csp = answer.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
        assert "unsafe-inline" not in csp and "http" not in csp
        assert answer.headers["x-frame-options"] == "DENY"
        assert answer.headers["referrer-policy"] == "no-referrer"
        assert answer.headers["x-content-type-options"] == "nosniff"


class _Markup(HTMLParser):
    """Collects what the checks below look at: scripts, forms, controls, labels."""

    def __init__(self) -> None:
        super().__init__()
        self.inline_script = False
        self.inline_handlers: list[str] = []
        self.outside: list[str] = []
        self.forms: list[dict[str, object]] = []
        self.controls: list[dict[str, str | None]] = []
        self.labels_for: set[str] = set()
        self._in_label = 0
        self.lang: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang")
        if tag == "script" and not a.get("src"):
            self.inline_script = True
        self.inline_handlers += [k for k in a if k.startswith("on") or k == "style"]
        for key in ("src", "href", "action"):
            value = a.get(key) or ""
            if tag in ("script", "link", "img", "form") and value.startswith(("http", "//")):
                self.outside.append(value)
        if tag == "form":
            self.forms.append({"method": (a.get("method") or "get").lower(), "csrf": False})
        if tag == "input" and a.get("name") == "csrf" and self.forms:
            self.forms[-1]["csrf"] = True
        if tag == "label":
            self._in_label += 1
            if a.get("for"):
                self.labels_for.add(a["for"] or "")
        if tag in ("input", "select", "textarea") and a.get("type") not in ("hidden", "submit"):
            self.controls.append({"id": a.get("id"), "wrapped": "yes" if self._in_label else None})

    def handle_endtag(self, tag: str) -> None:
        if tag == "label":
            self._in_label -= 1


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_every_page_in_both_languages_safe_markup_and_labelled_controls(
    web: Web, case_with_request, lang: str
):
    cid, rid = case_with_request
    empty = web.new_case("Empty")
    job = web.wait(web.post(f"/case/{empty}/check"))  # nothing to check: done at once
    assert job["state"] == "done"
    pages = [*_pages(cid, rid), f"/jobs/{job['id']}"]
    other = "Kopieën zoeken" if lang == "nl" else "Find copies"
    wrong = "Find copies" if lang == "nl" else "Kopieën zoeken"
    for path in pages:
        sep = "&" if "?" in path else "?"
        answer = web.client.get(f"{path}{sep}lang={lang}")
        assert answer.status_code == 200, path
        page = _Markup()
        page.feed(answer.text)
        assert page.lang == lang, path
        assert other in answer.text and wrong not in answer.text, path
        assert not page.inline_script and not page.inline_handlers, path
        assert not page.outside, path
        assert 'href="/help"' in answer.text, path  # help one click away
        assert f'lang="{"en" if lang == "nl" else "nl"}"' in answer.text, path  # the switch
        for form in page.forms:
            if form["method"] == "post":
                assert form["csrf"], path
        for control in page.controls:
            assert control["wrapped"] or control["id"] in page.labels_for, (path, control)


def test_the_threat_door_gives_the_sextortion_steps_and_starts_a_sextortion_case(
    web: Web, leakhelp_home: Path
):
    def says(key: str) -> str:
        return MESSAGES[key]["nl"]

    def page(path: str) -> str:
        return html.unescape(web.client.get(path).text)

    unsure = page("/plan?door=threat&minor=unsure&country=NL&lang=nl")
    for key in ("sextortion.pay", "sextortion.keep", "sextortion.stop", "sextortion.hash-any"):
        assert says(key) in unsure, key
    assert says("web.plan.minor") in unsure  # not sure of the age: the minors' routes
    minor = page("/plan?door=threat&minor=yes&country=NL")
    assert says("sextortion.hash-minor") in minor and says("sextortion.hash-adult") not in minor
    adult = page("/plan?door=threat&minor=no&country=NL")
    assert says("sextortion.hash-adult") in adult and says("web.plan.minor") not in adult
    online = page("/plan?door=online&minor=no&country=NL")
    assert says("sextortion.pay") not in online and 'name="kind"' not in online
    for text in (unsure, minor):
        assert not [a for a in ADVICE_TO_COPY if a in text.lower()]
    assert 'name="kind" value="sextortion"' in minor
    cid = web.new_case("Noor", kind="sextortion", minor="yes", country="NL")
    with Workspace(leakhelp_home) as ws:
        assert ws.case_kind(cid) == "sextortion"
    assert says("sextortion.pay") in page(f"/case/{cid}")


def test_a_sextortion_case_notes_the_hashing_service_in_the_page_not_with_a_command(
    web: Web, leakhelp_home: Path
):
    cid = web.new_case("Noor", kind="sextortion", minor="yes")
    page = html.unescape(web.client.get(f"/case/{cid}").text)
    assert "leakhelp case handoff" not in page
    assert MESSAGES["web.handoff.below"]["en"] in page
    assert page.index('value="take-it-down"') < page.index('value="stopncii"')  # under 18
    warned = web.post(f"/case/{cid}/handoff", {"service": "stopncii", "reference": "A-1"})
    assert warned.status_code == 200
    assert MESSAGES["handoff.stopncii-minor"]["en"] in html.unescape(warned.text)
    pin = web.post(f"/case/{cid}/handoff", {"service": "take-it-down", "reference": "PIN 1234"})
    assert pin.status_code == 200 and "--reference" not in pin.text
    assert MESSAGES["web.handoff.pin"]["en"] in html.unescape(pin.text)
    done = web.post(f"/case/{cid}/handoff", {"service": "take-it-down", "reference": "TID-9"})
    assert done.status_code == 303
    with Workspace(leakhelp_home) as ws:
        services = [h.service for h in ws.handoffs(cid)]
        assert services == ["stopncii", "take-it-down"]
        assert all("1234" not in str(h) for h in ws.handoffs(cid))
    page = html.unescape(web.client.get(f"/case/{cid}").text)
    assert "Fingerprints made with" in page and MESSAGES["web.handoff.below"]["en"] not in page


def test_the_next_steps_point_to_the_page_not_to_command_lines(web: Web, case_with_request):
    cid, rid = case_with_request
    web.client.get("/?lang=nl")
    page = html.unescape(web.client.get(f"/case/{cid}").text)
    assert MESSAGES["web.next.send"]["nl"].format(id=rid) in page
    assert f'href="/case/{cid}/letters#request-{rid}"' in page
    empty = web.new_case("Leeg")
    page = html.unescape(web.client.get(f"/case/{empty}").text)
    assert MESSAGES["web.next.add-sightings"]["nl"] in page
    for text in (page, html.unescape(web.client.get(f"/case/{cid}").text)):
        assert "leakhelp request" not in text and "leakhelp sighting" not in text


def test_the_language_choice_sticks_for_the_next_pages(web: Web):
    assert 'lang="nl"' in web.client.get("/?lang=nl").text
    assert '<html lang="nl">' in web.client.get("/help").text
    assert '<html lang="en">' in web.client.get("/help?lang=en").text


def test_every_web_message_has_dutch_and_english():
    keys = [k for k in catalogue_keys() if k.startswith("web.")]
    assert len(keys) > 150
    for key in keys:
        assert MESSAGES[key]["en"] and MESSAGES[key]["nl"], key


def test_user_text_is_shown_as_text(web: Web, leakhelp_home: Path):
    cid = web.new_case(EVIL)
    url = 'https://example.org/x?a="><script>alert(2)</script>'
    assert web.post(f"/case/{cid}/sightings", {"urls": url}).status_code == 303
    for path in (f"/case/{cid}", "/cases", f"/case/{cid}/forget", "/find"):
        text = web.client.get(path).text
        assert "<script>alert" not in text, path
        assert html.escape(EVIL) in text, path
    where = web.post("/where", {"urls": url})
    assert "<script>alert" not in where.text and "&lt;script&gt;alert(2)" in where.text


def test_where_page_gives_the_platforms_note_in_the_readers_language(web: Web):
    (channel,) = load_registry().get("whatsapp").channels
    assert channel.note and channel.note_nl and not channel.target
    for lang, note, other in (("nl", channel.note_nl, channel.note), ("en", channel.note, "")):
        where = web.post(f"/where?lang={lang}", {"urls": "https://wa.me/31612345678"})
        assert where.status_code == 200
        assert html.escape(note, quote=True) in where.text, lang
        assert not other or html.escape(other, quote=True) not in where.text


# -- uploads: limits, and never on disk ---------------------------------------------
def test_an_export_with_terminal_escapes_bidi_and_html_shows_as_plain_text(
    web: Web, tmp_path: Path
):
    cid = _case_with_photos(web, ("coffee.png",))
    plain = tmp_path / "e.json"
    with Workspace(web.settings.home) as ws:
        ws.export(cid, plain)
    doc = json.loads(plain.read_text())
    doc["case_name"] = "\x1b[2J\x1b]0;pwn\x07Sam\u202egpj.exe" + EVIL
    answer = web.post("/cases/import", files=[("export", ("e.json", json.dumps(doc), "x"))])
    assert answer.status_code == 303
    for path in (answer.headers["location"], "/cases", "/find"):
        text = web.client.get(path).text
        assert "Sam" in text and "<script>" not in text and "&lt;script&gt;" in text
        for hidden in ("\x1b", "\x07", "\u202e"):
            assert hidden not in text, (path, hidden)


def test_upload_limits_refuse_too_many_too_large_and_a_huge_request(
    web: Web, monkeypatch: pytest.MonkeyPatch
):
    cid = web.new_case()
    photo = (PHOTOS / "coffee.png").read_bytes()
    # Files where no files are taken are refused.
    answer = web.post("/where", files=[("urls", ("a.png", photo, "image/png"))])
    assert answer.status_code == 400
    monkeypatch.setattr(forms, "MAX_FILES", 2)
    many = [("photos", (f"p{i}.png", photo, "image/png")) for i in range(3)]
    answer = web.post(f"/case/{cid}/photos", files=many)
    assert answer.status_code == 413
    monkeypatch.setattr(forms, "MAX_FILE_BYTES", len(photo) - 1)
    answer = web.post(f"/case/{cid}/photos", files=[("photos", ("a.png", photo, "image/png"))])
    assert answer.status_code == 413
    assert MESSAGES["web.problem.too-large-upload"]["en"] in html.unescape(answer.text)
    answer = web.client.post(
        f"/case/{cid}/photos",
        content=b"x",
        headers={
            "content-length": str(forms.MAX_UPLOAD_BYTES + 1),
            "content-type": "multipart/form-data; boundary=b",
        },
    )
    assert answer.status_code == 413
    with Workspace(web.settings.home) as ws:
        assert ws.case(cid).fingerprint_count == 0


SECRET_NAME = "zoe-bathroom-selfie-0412"


def test_uploaded_photos_are_fingerprinted_in_memory_and_never_written(
    web: Web, leakhelp_home: Path, monkeypatch: pytest.MonkeyPatch
):
    cid = web.new_case("Zoe")
    photos = [(PHOTOS / n).read_bytes() for n in ("coffee.png", "rocket.jpg")]

    def no_temp_files(*args: object, **kwargs: object) -> None:
        raise AssertionError("a temporary file was made")

    for name in ("SpooledTemporaryFile", "TemporaryFile", "NamedTemporaryFile", "mkstemp"):
        monkeypatch.setattr(tempfile, name, no_temp_files)
    files = [
        ("photos", (f"{SECRET_NAME}.png", photos[0], "image/png")),
        ("folder", (f"Private/{SECRET_NAME}-2.jpg", photos[1], "image/jpeg")),
        ("folder", ("Private/notes.txt", b"not an image at all", "text/plain")),
    ]
    job = web.wait(web.post(f"/case/{cid}/photos", files=files))
    assert job["state"] == "done" and job["done"] == 3
    page = job["page"]
    assert (
        "New fingerprints: 2" in page
        and "Could not be used (not a photo or video, or damaged): 1" in page
    )
    assert MESSAGES["web.photos.after"]["en"] in page
    assert SECRET_NAME not in page and "<img" not in page
    with Workspace(leakhelp_home) as ws:
        assert ws.case(cid).fingerprint_count == 2
    # The same byte search as the CLI's privacy test, over everything leakhelp wrote.
    written = [p.read_bytes() for p in leakhelp_home.rglob("*") if p.is_file()]
    assert written
    forbidden = [SECRET_NAME.encode(), b"Private/"]
    for photo in photos:
        forbidden += _windows(photo)
    for blob in written:
        for needle in forbidden:
            assert needle not in blob
    # Nothing shows the photos or their names back.
    for path in (f"/case/{cid}", f"/case/{cid}/photos", "/cases"):
        text = web.client.get(path).text
        assert SECRET_NAME not in text and "<img" not in text
    assert MESSAGES["web.photos.before"]["en"] in web.client.get(f"/case/{cid}/photos").text


def test_an_uploaded_video_is_fingerprinted_in_memory_as_a_video(
    web: Web, leakhelp_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    from videogen import slideshow

    video = slideshow(tmp_path / "clip.mp4", [PHOTOS / "coffee.png"], seconds_each=2).read_bytes()
    cid = web.new_case("Zoe")

    def no_temp_files(*args: object, **kwargs: object) -> None:
        raise AssertionError("a temporary file was made")

    for name in ("SpooledTemporaryFile", "TemporaryFile", "NamedTemporaryFile", "mkstemp"):
        monkeypatch.setattr(tempfile, name, no_temp_files)
    files = [("photos", (f"{SECRET_NAME}.mp4", video, "video/mp4"))]
    web.client.get("/?lang=nl")  # a Dutch reader
    job = web.wait(web.post(f"/case/{cid}/photos", files=files))
    assert job["state"] == "done"
    assert "Nieuwe videovingerafdrukken: 1" in job["page"]
    assert "Niet te gebruiken" not in job["page"]
    with Workspace(leakhelp_home) as ws:
        assert len(ws.store.videos(cid)) == 1
    assert "(1 tot nu toe)" in web.client.get(f"/case/{cid}").text
    assert "foto&#39;s: 0, video&#39;s: 1" in web.client.get(f"/case/{cid}/photos").text
    for blob in (p.read_bytes() for p in leakhelp_home.rglob("*") if p.is_file()):
        assert SECRET_NAME.encode() not in blob and video[4096:4160] not in blob


def test_copies_of_an_uploaded_video_are_found_in_a_folder(web: Web, tmp_path: Path):
    from videogen import reencode, slideshow

    original = slideshow(tmp_path / "clip.mp4", [PHOTOS / "coffee.png"], seconds_each=3)
    folder = tmp_path / "downloads"
    folder.mkdir()
    reencode(original, folder / "copy.webm", scale=0.5)
    cid = web.new_case("Zoe")
    files = [("photos", ("clip.mp4", original.read_bytes(), "video/mp4"))]
    assert web.wait(web.post(f"/case/{cid}/photos", files=files))["state"] == "done"
    job = web.wait(web.post("/find", {"case": cid, "folder": str(folder)}))
    assert job["state"] == "done"
    assert "1 strong and 0 possible matches among 1 looked at." in job["page"]
    assert MESSAGES["scan.how.whole"]["en"] in job["page"]


def test_the_photos_page_gives_a_pasteable_command_for_a_large_video(web: Web):
    import shlex

    cid = web.new_case("Zoe")
    page = html.unescape(web.client.get(f"/case/{cid}/photos").text)
    assert 'accept="image/*,video/*' in page
    line = re.search(r"<code>(leakhelp [^<]*)</code>", page)
    assert line is not None
    words = shlex.split(line.group(1))
    assert words == ["leakhelp", "--home", str(web.settings.home), "hash", "--case", cid]


# -- finding copies ---------------------------------------------------------------
def _case_with_photos(web: Web, names: tuple[str, ...] = ("coffee.png", "rocket.jpg")) -> str:
    cid = web.new_case()
    files = [("photos", (n, (PHOTOS / n).read_bytes(), "image/png")) for n in names]
    assert web.wait(web.post(f"/case/{cid}/photos", files=files))["state"] == "done"
    return cid


def test_find_copies_in_a_folder_says_strong_and_how_it_differs(web: Web, tmp_path: Path):
    from PIL import Image

    cid = _case_with_photos(web)
    folder = tmp_path / "downloads"
    folder.mkdir()
    Image.open(PHOTOS / "coffee.png").transpose(Image.Transpose.FLIP_LEFT_RIGHT).save(
        folder / "mirror.png"
    )
    (folder / "other.png").write_bytes((PHOTOS / "chelsea.png").read_bytes())
    job = web.wait(web.post("/find", {"case": cid, "folder": str(folder)}))
    assert job["state"] == "done"
    page = job["page"]
    row = page[page.index("mirror.png") :]
    assert "strong" in row[:400] and "mirrored" in row[:600]
    assert "Almost certainly a copy" in page
    assert "1 strong and 0 possible matches among 2 looked at." in page


def test_for_someone_under_18_a_possible_match_goes_to_a_helpline_not_to_a_friend(
    web: Web, tmp_path: Path
):
    import numpy as np
    from PIL import Image

    sys.path.insert(0, str(ROOT / "benchmarks"))
    import robustness  # the benchmark's transforms are the tests' transforms

    crop = next(t for t in robustness.TRANSFORMS if t.name == "crop-corner")
    folder = tmp_path / "downloads"
    folder.mkdir()
    with Image.open(PHOTOS / "chelsea.png") as photo:
        crop.make(photo.convert("RGB"), np.random.default_rng(1)).save(folder / "crop.jpg")
    web.client.get("/?lang=nl")
    pages = {}
    for minor in ("yes", "no"):
        cid = web.new_case("Noor", minor=minor)
        files = [("photos", ("c.png", (PHOTOS / "chelsea.png").read_bytes(), "image/png"))]
        assert web.wait(web.post(f"/case/{cid}/photos", files=files))["state"] == "done"
        job = web.wait(web.post("/find", {"case": cid, "folder": str(folder)}))
        pages[minor] = html.unescape(job["page"])
        assert "0 sterke en 1 mogelijke" in pages[minor]
    under_18 = MESSAGES["web.find.tier.possible.minor"]["nl"]
    assert under_18 in pages["yes"] and MESSAGES["web.find.explain.minor"]["nl"] in pages["yes"]
    assert "laat iemand" not in pages["yes"]
    assert under_18 not in pages["no"] and MESSAGES["web.find.explain"]["nl"] in pages["no"]


def test_find_copies_at_web_addresses_and_record_them_in_one_click(server, leakhelp_home):
    web = Web(leakhelp_home, allow_private=True)
    cid = _case_with_photos(web)
    urls = [server.url("/photo/coffee-small.jpg"), server.url("/photo/chelsea.png")]
    job = web.wait(web.post("/find", {"case": cid, "urls": "\n".join(urls)}))
    page = job["page"]
    assert job["state"] == "done"
    assert page.count('action="/case/' + cid + '/sightings"') == 1  # only the strong one
    recorded = web.post(f"/case/{cid}/sightings", {"url": urls[0]})
    assert recorded.status_code == 303
    with Workspace(leakhelp_home) as ws:
        assert [s.url for s in ws.sightings(cid)] == [urls[0]]


def test_web_addresses_on_this_computer_are_refused_unless_allowed(server, web: Web):
    cid = _case_with_photos(web, ("coffee.png",))
    job = web.wait(web.post("/find", {"case": cid, "urls": server.url("/photo/coffee.png")}))
    assert "not looked at" in job["page"]
    assert 'action="/case/' + cid + '/sightings"' not in job["page"]


def test_find_without_a_place_or_a_source_says_so_in_dutch(web: Web, tmp_path: Path):
    cid = web.new_case()
    nothing = web.post("/find?lang=nl", {"case": cid})
    assert nothing.status_code == 400 and "Niets om te doorzoeken" in nothing.text
    no_source = web.post("/find?lang=nl", {"folder": str(tmp_path)})
    assert no_source.status_code == 400 and "Kies een dossier" in no_source.text


def test_a_counsellor_finds_copies_with_only_an_uploaded_export(web: Web, tmp_path: Path):
    cid = _case_with_photos(web)
    export = tmp_path / "sam.json"
    with Workspace(web.settings.home) as ws:
        ws.export(cid, export)
    folder = tmp_path / "suspect"
    folder.mkdir()
    (folder / "copy.jpg").write_bytes((PHOTOS / "rocket.jpg").read_bytes())
    job = web.wait(
        web.post(
            "/find",
            {"folder": str(folder)},
            files=[("export", ("sam.json", export.read_bytes(), "application/json"))],
        )
    )
    assert job["state"] == "done"
    assert "1 strong and 0 possible matches among 1 looked at." in job["page"]
    bad = web.post("/find", {"folder": str(folder)}, files=[("export", ("x.json", b"{}", "x"))])
    assert bad.status_code == 400 and "not a leakhelp" in bad.text


# -- where, letters, follow-up -------------------------------------------------------
def test_where_shows_platform_route_and_basis(web: Web):
    answer = web.post(
        "/where",
        {
            "urls": "https://www.reddit.com/r/x/comments/abc\nnot a url at all\nhttps://unknown-site.example/p"
        },
    )
    assert answer.status_code == 200
    text = answer.text
    assert "Reddit" in text and "Best basis for your request" in text
    assert "not in our list (unknown-site.example)" in text
    assert text.count('class="card"') == 3


def test_letters_copy_eml_form_sheet_sent_and_answer_in_two_clicks(web: Web, leakhelp_home):
    cid = web.new_case("Sam", country="NL")
    web.post(f"/case/{cid}/sightings", {"urls": "https://www.reddit.com/r/x/comments/abc"})
    missing = web.post(f"/case/{cid}/letters")
    assert missing.status_code == 400 and "could not be written" in missing.text
    assert "it still needs: your name, your e-mail address" in missing.text
    dutch = web.post(f"/case/{cid}/letters?lang=nl")
    assert "er ontbreekt nog: je naam, je e-mailadres" in dutch.text
    saved = web.post(
        f"/case/{cid}/profile", {"name": "Sam Jansen", "email": "sam@example.org", "country": "NL"}
    )
    assert saved.status_code == 303
    assert web.post(f"/case/{cid}/letters").status_code == 303
    page = web.client.get(f"/case/{cid}/letters").text
    rid = int(re.search(r'id="request-(\d+)"', page).group(1))  # type: ignore[union-attr]
    assert 'data-copy="letter-' in page and "Sam Jansen" in page
    eml = web.client.get(f"/request/{rid}/letter.eml")
    assert eml.headers["content-type"].startswith("message/rfc822")
    assert "attachment" in eml.headers["content-disposition"] and "Subject:" in eml.text
    sheet = web.client.get(f"/request/{rid}/letter.form")
    assert "attachment" in sheet.headers["content-disposition"] and "---" in sheet.text
    sent = web.post(f"/request/{rid}/sent", {"channel": "form", "reference": "TICKET-42"})
    assert sent.status_code == 303 and sent.headers["location"] == f"/case/{cid}"
    case_page = web.client.get(f"/case/{cid}").text
    assert "TICKET-42" in case_page and 'name="outcome" value="removed"' in case_page
    assert web.post(f"/request/{rid}/answer", {"outcome": "removed"}).status_code == 303
    with Workspace(leakhelp_home) as ws:
        req = ws.request(rid)
    assert req.reference == "TICKET-42" and req.outcome == "removed"


def test_check_all_runs_as_a_job_and_the_case_shows_the_evidence(server, leakhelp_home):
    web = Web(leakhelp_home, allow_private=True)
    cid = web.new_case()
    urls = [server.url("/photo/coffee.png"), server.url("/status/404")]
    web.post(f"/case/{cid}/sightings", {"urls": "\n".join(urls)})
    job = web.wait(web.post(f"/case/{cid}/check"))
    assert job["state"] == "done" and job["done"] == 2 and job["total"] == 2
    assert "online: 1" in job["page"] and "gone: 1" in job["page"]
    page = web.client.get(f"/case/{cid}").text
    assert "not yet checked" not in page and "removed" in page


def _until_stopped(started: threading.Event):
    """Work that runs until someone presses stop (it says when it has begun)."""

    def work(job):
        started.set()
        while True:
            job.stop_if_cancelled()
            job.cancel.wait(0.01)

    return work


def test_a_job_can_be_stopped_and_its_page_found_again():
    jobs = Jobs()
    started = threading.Event()
    work = _until_stopped(started)
    job = jobs.start("check", work, case_id="abc", total=5)
    assert started.wait(10)
    assert jobs.of_case("abc") == [job]
    job.cancel.set()
    assert job.ended.wait(30)
    assert job.state == "cancelled" and jobs.get(job.id) is job
    assert jobs.of_case("abc") == []
    with pytest.raises(Cancelled):
        job.stop_if_cancelled()


def test_job_pages_need_a_known_job(web: Web):
    missing = web.client.get("/jobs/nope?lang=nl")
    assert missing.status_code == 404 and "niet meer bekend" in missing.text
    assert web.client.get("/jobs/nope.json").status_code == 404


# -- report, counsellors, forget ------------------------------------------------------
def test_evidence_report_downloads(web: Web, case_with_request):
    cid, _rid = case_with_request
    for fmt, ctype in (("html", "text/html"), ("csv", "text/csv"), ("json", "application/json")):
        answer = web.client.get(f"/case/{cid}/report.{fmt}")
        assert answer.status_code == 200 and answer.headers["content-type"].startswith(ctype)
        assert f'filename="evidence-{cid}.{fmt}"' in answer.headers["content-disposition"]
        assert "reddit.com/r/x/comments/abc" in answer.text
        assert "sam@example.org" not in answer.text
    json.loads(web.client.get(f"/case/{cid}/report.json").text)
    assert web.client.get(f"/case/{cid}/report.exe").status_code == 404


def test_counsellor_pages_list_cases_and_import_an_export(web: Web, tmp_path: Path):
    cid = _case_with_photos(web)
    export = tmp_path / "e.json"
    with Workspace(web.settings.home) as ws:
        ws.export(cid, export)
    page = web.client.get("/cases").text
    assert f'href="/case/{cid}"' in page and "No names, no addresses" in page
    answer = web.post(
        "/cases/import",
        {"name": "From Sam"},
        files=[("export", ("e.json", export.read_bytes(), "x"))],
    )
    assert answer.status_code == 303
    new = answer.headers["location"].rsplit("/", 1)[1]
    with Workspace(web.settings.home) as ws:
        assert ws.case(new).name == "From Sam" and ws.case(new).fingerprint_count == 2


def test_an_encrypted_export_is_imported_with_its_passphrase_and_asked_for_without(
    web: Web, tmp_path: Path
):
    cid = _case_with_photos(web)
    sealed = tmp_path / "e.json"
    with Workspace(web.settings.home) as ws:
        ws.export(cid, sealed, passphrase="paard batterij nietje")
        before = len(ws.cases())
    web.client.get("/?lang=nl")
    form = web.client.get("/cases").text
    assert 'type="password" id="import-passphrase" name="passphrase"' in form

    def upload(**fields: str) -> httpx.Response:
        files = [("export", ("e.json", sealed.read_bytes(), "application/octet-stream"))]
        return web.post("/cases/import", fields, files=files)  # type: ignore[no-any-return]

    asked = upload()
    assert asked.status_code == 400
    assert "versleuteld" in asked.text and "Wachtwoordzin" in html.unescape(asked.text)
    assert 'id="import-passphrase"' in asked.text  # back on the form, not a dead end
    wrong = upload(passphrase="fout")
    assert wrong.status_code == 400 and "klopt niet" in wrong.text
    not_export = web.post(
        "/cases/import", files=[("export", ("x.json", b"\x89PNG\r\n\xff\xfe", "x"))]
    )
    assert not_export.status_code == 400 and "geen leakhelp-export" in not_export.text
    with Workspace(web.settings.home) as ws:
        assert len(ws.cases()) == before  # nothing half-imported
    opened = upload(passphrase="paard batterij nietje", name="Van Sam")
    assert opened.status_code == 303
    new = opened.headers["location"].rsplit("/", 1)[1]
    with Workspace(web.settings.home) as ws:
        assert ws.case(new).name == "Van Sam" and ws.case(new).fingerprint_count == 2


def test_finding_copies_with_an_encrypted_export_asks_for_its_passphrase(web: Web, tmp_path: Path):
    cid = _case_with_photos(web, ("coffee.png",))
    sealed = tmp_path / "e.json"
    with Workspace(web.settings.home) as ws:
        ws.export(cid, sealed, passphrase="paard batterij nietje")
    folder = tmp_path / "found"
    folder.mkdir()
    (folder / "c.png").write_bytes((PHOTOS / "coffee.png").read_bytes())
    files = [("export", ("e.json", sealed.read_bytes(), "x"))]
    asked = web.post("/find", {"folder": str(folder)}, files=files)
    assert asked.status_code == 400 and "encrypted" in asked.text
    found = web.wait(
        web.post(
            "/find", {"folder": str(folder), "passphrase": "paard batterij nietje"}, files=files
        )
    )
    assert found["state"] == "done" and "1 strong" in found["page"].lower()


def test_forget_asks_honestly_then_removes_everything(web: Web, case_with_request):
    cid, _rid = case_with_request
    page = web.client.get(f"/case/{cid}/forget").text
    assert "cannot be undone" in page and "stay where you saved them" in page
    kept = web.post(f"/case/{cid}/forget")
    assert kept.status_code == 200 and "Nothing was removed." in kept.text
    gone = web.post(f"/case/{cid}/forget", {"confirm": "yes"})
    assert gone.status_code == 200 and "all its data have been removed" in gone.text
    assert web.client.get(f"/case/{cid}").status_code == 404


def test_forget_says_honestly_when_the_old_data_is_not_yet_wiped(
    web: Web, case_with_request, leakhelp_home: Path
):
    import shlex
    import sqlite3

    from leakhelp.paths import STORE_FILENAME

    cid, _rid = case_with_request
    web.client.get("/?lang=nl")
    reader = sqlite3.connect(leakhelp_home / STORE_FILENAME, isolation_level=None)
    try:
        reader.execute("BEGIN")
        reader.execute("SELECT COUNT(*) FROM sightings").fetchone()  # holds the old pages
        answer = web.post(f"/case/{cid}/forget", {"confirm": "yes"})
        text = html.unescape(answer.text)
        assert answer.status_code == 409
        assert MESSAGES["web.forget.not-wiped"]["nl"] in text
        assert MESSAGES["web.forget.done"]["nl"] not in text
        assert MESSAGES["case.forgotten"]["nl"].format(id=cid) not in text
        command = re.search(r"<code>([^<]+)</code>", text)
        assert command is not None
        assert shlex.split(command.group(1)) == [
            "leakhelp",
            "--home",
            str(leakhelp_home),
            "case",
            "wipe",
        ]
        still = web.post("/wipe", {"case": cid})
        assert still.status_code == 409
    finally:
        reader.execute("COMMIT")
        reader.close()
    assert web.client.get(f"/case/{cid}").status_code == 404  # deleted all the same
    done = web.post("/wipe", {"case": cid})
    assert done.status_code == 200
    assert MESSAGES["web.forget.wiped"]["nl"] in html.unescape(done.text)


def test_unknown_case_is_a_calm_404(web: Web):
    answer = web.client.get("/case/nosuch?lang=nl")
    assert answer.status_code == 404 and "Dit dossier is niet gevonden" in answer.text


# -- the server itself -------------------------------------------------------------
def test_the_server_binds_to_loopback_only():
    with pytest.raises(ValueError):
        server.bind(0, "0.0.0.0")
    sock = server.bind(0)
    try:
        assert sock.getsockname()[0] == "127.0.0.1"
    finally:
        sock.close()


def test_leakhelp_ui_prints_its_address_and_guards_the_real_server(leakhelp_home):
    with subprocess.Popen(
        [sys.executable, "-m", "leakhelp", "ui", "--no-browser"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    ) as proc:
        try:
            assert proc.stdout is not None
            address = proc.stdout.readline().strip()
            _guarded(address)
        finally:
            proc.terminate()
            proc.wait(30)


def _guarded(address: str) -> None:
    found = re.fullmatch(r"http://127\.0\.0\.1:(\d+)/\?key=([\w-]{40,})", address)
    assert found, address
    base = f"http://127.0.0.1:{found.group(1)}"
    with httpx.Client(follow_redirects=True) as stranger:
        assert stranger.get(base + "/").status_code == 401
        assert stranger.get(base + "/", headers={"host": "evil.example"}).status_code == 421
    with httpx.Client(follow_redirects=True) as browser:
        first = browser.get(address)
        assert first.status_code == 200 and str(first.url) == base + "/"
        assert browser.post(base + "/cases/new", data={"name": "x"}).status_code == 403
        token = re.search(r'name="csrf" value="([^"]+)"', browser.get(base + "/plan").text)
        assert token is not None
        made = browser.post(base + "/cases/new", data={"name": "x", "csrf": token.group(1)})
        assert made.status_code == 200 and "/case/" in str(made.url)


def test_forms_read_in_memory_keep_no_file_names():
    form = forms.Form()
    collector = forms._Collector(form)
    collector.on_part_begin()
    collector.header_field = b"Content-Disposition"
    collector.header_value = b'form-data; name="photos"; filename="secret.png"'
    collector.on_header_end()
    collector.on_part_data(b"abc", 0, 3)
    collector.on_part_end()
    assert form.files == {"photos": [b"abc"]}
    assert "secret" not in repr(form)


def test_late_requests_are_marked_in_words_on_the_case_and_the_counsellor_page(
    web: Web, case_with_request
):
    from datetime import UTC, datetime, timedelta

    cid, rid = case_with_request
    with Workspace(web.settings.home) as ws:
        ws.mark_sent(rid, sent_at=datetime.now(UTC) - timedelta(days=40), reference="R-1")
    page = web.client.get(f"/case/{cid}").text
    assert "Late: the platform missed its deadline." in page
    counsellor = web.client.get("/cases?lang=nl").text
    assert "1 te laat" in counsellor and "uur te laat" in counsellor


def test_a_forged_upload_is_refused_before_its_files_are_read(
    web: Web, monkeypatch: pytest.MonkeyPatch
):
    cid = web.new_case()
    seen: list[int] = []
    original = forms._Collector.on_part_data

    def counting(self, data, start, end):  # type: ignore[no-untyped-def]
        seen.append(end - start)
        return original(self, data, start, end)

    monkeypatch.setattr(forms._Collector, "on_part_data", counting)
    photo = (PHOTOS / "coffee.png").read_bytes()
    answer = web.client.post(
        f"/case/{cid}/photos",
        files=[("csrf", (None, "forged")), ("photos", ("a.png", photo, "image/png"))],
    )
    assert answer.status_code == 403
    assert sum(seen) < len(photo)  # only the token field was read


def test_leakhelp_ui_says_when_its_port_is_taken(cli):
    sock = server.bind(0)
    try:
        port = sock.getsockname()[1]
        result = cli("ui", "--no-browser", "--port", str(port))
    finally:
        sock.close()
    assert result.code == 3
    assert f"Port {port} cannot be used" in result.stderr


def test_the_stop_button_stops_a_job_and_its_page_says_so(web: Web):
    started = threading.Event()
    work = _until_stopped(started)
    job = web.settings.jobs.start("find", work, total=3)
    assert started.wait(10)
    page = web.client.get(f"/jobs/{job.id}").text
    assert f'action="/jobs/{job.id}/cancel"' in page and 'data-state="running"' in page
    answer = web.post(f"/jobs/{job.id}/cancel")
    assert answer.status_code == 303 and answer.headers["location"] == f"/jobs/{job.id}"
    assert job.ended.wait(30)
    page = web.client.get(f"/jobs/{job.id}?lang=nl").text
    assert "Gestopt" in page and "/cancel" not in page
