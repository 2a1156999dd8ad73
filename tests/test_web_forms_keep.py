"""Forms that cannot take everything say why and keep what was typed."""

from __future__ import annotations

import html
from pathlib import Path

import pytest

from leakhelp.api import Workspace
from leakhelp.i18n import t
from leakhelp.models import Lang
from webclient import ADVICE_TO_COPY, Web


@pytest.fixture
def web(leakhelp_home: Path) -> Web:
    return Web(leakhelp_home)


def _box(page: str) -> str:
    """What the web-address box holds."""
    start = page.index('<textarea id="urls"')
    return html.unescape(page[page.index(">", start) + 1 : page.index("</textarea>", start)])


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_bad_addresses_are_named_with_their_reason_and_put_back_in_the_box(
    web: Web, leakhelp_home: Path, lang: Lang
) -> None:
    web.client.get(f"/?lang={lang}")
    cid = web.new_case("Noor")
    long_url = "https://example.com/" + "a" * 3000
    typed = "\n".join(
        ["https://example.com/good", "niet een adres", "javascript:alert(1)", long_url]
    )
    answer = web.post(f"/case/{cid}/sightings", {"urls": typed})
    assert answer.status_code == 200  # the good line was added
    page = answer.text
    shown = html.unescape(page)
    assert t("web.sightings.not-used", lang) in shown
    assert t("web.sightings.not-used.title", lang) in shown
    # The same reasons as `sighting add`, in the reader's language.
    with Workspace(leakhelp_home) as ws:
        other = ws.new_case("test")
        reasons = [o.error_text(lang) for o in ws.add_sightings(other.id, typed.splitlines())[1:]]
    assert len(reasons) == 3
    for why in reasons:
        assert why in shown
    assert _box(page).splitlines() == typed.splitlines()[1:]  # nothing typed is lost
    assert "<details open>" in page
    assert "javascript:alert(1)</a>" not in page and 'href="javascript' not in page
    with Workspace(leakhelp_home) as ws:
        assert [s.url for s in ws.sightings(cid)] == ["https://example.com/good"]


def test_only_bad_lines_say_none_was_used_and_good_lines_go_straight_through(
    web: Web, leakhelp_home: Path
) -> None:
    cid = web.new_case("Noor")
    answer = web.post(f"/case/{cid}/sightings", {"urls": "niet een adres"})
    assert answer.status_code == 400
    assert t("web.sightings.none-used", "en") in html.unescape(answer.text)
    assert _box(answer.text) == "niet een adres"
    fine = web.post(f"/case/{cid}/sightings", {"urls": "https://example.com/x\n\n"})
    assert fine.status_code == 303 and fine.headers["location"] == f"/case/{cid}"
    page = web.client.get(f"/case/{cid}").text
    assert _box(page) == "" and "<details open>" not in page


def test_an_empty_address_box_says_so(web: Web) -> None:
    web.client.get("/?lang=nl")
    cid = web.new_case("Noor")
    answer = web.post(f"/case/{cid}/sightings", {"urls": "  \n "})
    assert answer.status_code == 400
    assert t("web.urls.nothing", "nl") in html.unescape(answer.text)


# -- downloads are named in the reader's language --------------------------------------
@pytest.mark.parametrize(("lang", "stem"), [("nl", "bewijs"), ("en", "evidence")])
@pytest.mark.parametrize("fmt", ["html", "csv", "json"])
def test_the_report_file_is_named_in_the_readers_language(
    web: Web, lang: Lang, stem: str, fmt: str
) -> None:
    web.client.get(f"/?lang={lang}")
    cid = web.new_case("Noor")
    answer = web.client.get(f"/case/{cid}/report.{fmt}")
    assert answer.status_code == 200
    disposition = answer.headers["content-disposition"]
    assert disposition == f'attachment; filename="{stem}-{cid}.{fmt}"'
    assert disposition.isascii()


def test_download_names_are_ascii_whatever_the_text() -> None:
    from leakhelp.i18n import MESSAGES
    from leakhelp.web.pages import _download_name

    for key in ("report", "request", "request-form"):
        for lang in ("nl", "en"):
            assert MESSAGES[f"web.download.{key}"][lang].isascii()
    assert _download_name("report", 'a"b/ü\n', "html", "nl") == "bewijs-a-b---.html"


# -- someone threatens to share them: a short list first ---------------------------------
def _shown_first(page: str) -> str:
    """The part of the page's main text shown before anything folded away."""
    main = page.split("<main", 1)[1].split("</main>", 1)[0]
    return html.unescape(main.split("<details", 1)[0])


def _folded(page: str) -> str:
    return html.unescape(page.split("<details", 1)[1].split("</details>", 1)[0])


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_threatened_minor_sees_a_few_services_and_four_steps_first(web: Web, lang: Lang) -> None:
    page = web.client.get(f"/plan?door=threat&minor=yes&country=NL&lang={lang}").text
    first = _shown_first(page)
    names = [n for n in ("Helpwanted", "Kindertelefoon", "Take It Down", "Politie") if n in first]
    assert names == ["Helpwanted", "Kindertelefoon", "Take It Down", "Politie"]
    assert first.index("Kindertelefoon") < first.index("Politie")  # the police as an option
    assert first.count("<li>") <= 4 + 4  # four services, four steps
    steps = [
        t(key, lang)
        for key in (
            "sextortion.pay",
            "web.plan.minor-step.stop",
            "web.plan.minor-step.keep",
            "web.plan.minor-step.tell",
        )
    ]
    positions = [first.index(step) for step in steps]
    assert positions == sorted(positions) and positions[0] > first.index("Politie")
    # The rest is folded: every other service and the whole list of steps.
    more = _folded(page)
    assert t("web.plan.threat.more", lang) in more
    for gone in ("Meldpunt Kinderporno", "Juridisch Loket", "Slachtofferhulp"):
        assert gone not in first and gone in more
    assert t("sextortion.hash-minor", lang) in more
    assert not [a for a in ADVICE_TO_COPY if a in (first + more).lower()]


def test_a_threatened_adult_sees_the_steps_then_a_short_list(web: Web) -> None:
    page = web.client.get("/plan?door=threat&minor=no&country=NL").text
    first = _shown_first(page)
    assert t("sextortion.hash-adult", "en") in first
    for name in ("Helpwanted", "StopNCII", "Politie"):
        assert name in first
    assert first.index(t("sextortion.pay", "en")) < first.index("Helpwanted")
    for name in ("Juridisch Loket", "Slachtofferhulp"):
        assert name not in first and name in _folded(page)
    assert "Kindertelefoon" not in page  # for under 18 only


# -- other forms: one clear message, nothing typed lost ----------------------------------
def test_a_wrong_email_keeps_the_profile_form_as_typed(web: Web, leakhelp_home: Path) -> None:
    web.client.get("/?lang=nl")
    cid = web.new_case("Noor")
    typed = {"name": "Noor de Vries", "email": "noor-at-example.nl", "country": "NL"}
    answer = web.post(f"/case/{cid}/profile", {**typed, "minor": "yes"})
    assert answer.status_code == 400
    page = html.unescape(answer.text)
    assert t("web.letters.profile.not-saved", "nl") in page
    assert t("error.not-email", "nl", value="noor-at-example.nl") in page
    assert 'value="Noor de Vries"' in page and 'value="noor-at-example.nl"' in page
    assert 'name="minor" value="yes" checked' in page
    with Workspace(leakhelp_home) as ws:
        assert ws.profile(cid).name is None  # nothing half-saved


def test_an_empty_search_comes_back_with_what_was_typed(web: Web) -> None:
    cid = web.new_case("Noor")
    answer = web.post("/find", {"case": cid, "folder": " ", "urls": ""})
    assert answer.status_code == 400
    page = html.unescape(answer.text)
    assert t("web.problem.find-nothing", "en") in page and 'action="/find"' in page
    nothing_to_compare = web.post("/find", {"case": "", "urls": "https://example.com/a"})
    assert nothing_to_compare.status_code == 400
    shown = html.unescape(nothing_to_compare.text)
    assert t("web.problem.find-no-source", "en") in shown
    assert "https://example.com/a</textarea>" in shown


def test_where_to_report_with_an_empty_box_says_so(web: Web) -> None:
    answer = web.post("/where", {"urls": "\n", "minor": "yes"})
    assert answer.status_code == 400
    page = html.unescape(answer.text)
    assert t("web.urls.nothing", "en") in page
    assert 'value="yes" checked' in page
    assert f"<h2>{t('web.where.results', 'en')}</h2>" not in page


def test_an_import_without_a_file_stays_on_the_counsellors_page(web: Web) -> None:
    answer = web.post("/cases/import", files={"name": (None, "Noor")})
    assert answer.status_code == 400
    page = html.unescape(answer.text)
    assert t("web.problem.import-no-file", "en") in page and 'action="/cases/import"' in page


def test_a_case_removed_in_another_tab_says_so_in_one_line(web: Web, leakhelp_home: Path) -> None:
    web.client.get("/?lang=nl")
    cid = web.new_case("Noor")
    with Workspace(leakhelp_home) as ws:
        ws.forget(cid)
    for path, data in (
        (f"/case/{cid}/sightings", {"urls": "https://example.com/a"}),
        (f"/case/{cid}/profile", {"name": "Noor"}),
        (f"/case/{cid}/letters", {}),
        (f"/case/{cid}/check", {}),
    ):
        answer = web.post(path, data)
        assert answer.status_code == 404, path
        assert t("web.problem.no-case", "nl") in html.unescape(answer.text), path
        assert "Traceback" not in answer.text


def test_a_minors_sextortion_case_shows_a_short_list_and_folds_the_rest(web: Web) -> None:
    cid = web.new_case("Sam", kind="sextortion", minor="yes", country="NL")
    page = web.client.get(f"/case/{cid}").text
    section = page.split('aria-labelledby="h-sextortion"', 1)[1].split("</section>", 1)[0]
    first = html.unescape(section.split("<details", 1)[0])
    folded = html.unescape(section.split("<details", 1)[1])
    for name in ("Helpwanted", "Kindertelefoon", "Take It Down", "Politie"):
        assert name in first, name
    assert "Meldpunt Kinderporno" not in first and "Meldpunt Kinderporno" in folded


def test_a_hashing_date_still_to_come_is_said_on_the_case_page(web: Web) -> None:
    web.client.get("/?lang=nl")
    cid = web.new_case("Sam", kind="sextortion", minor="yes", country="NL")
    answer = web.post(f"/case/{cid}/handoff", {"service": "take-it-down", "date": "2999-01-01"})
    assert answer.status_code == 400
    page = html.unescape(answer.text)
    assert t("error.future", "nl", text="2999-01-01") in page
    assert 'action="/case/' in page  # still the case page, with its form
    broken = web.post(f"/case/{cid}/handoff", {"service": "take-it-down", "date": "gisteren"})
    assert broken.status_code == 400
    assert t("web.problem.bad-form", "nl") in html.unescape(broken.text)
