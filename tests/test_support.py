"""Where to get help: the data, the country filter, the user's own entries, the command."""

from __future__ import annotations

import locale
from collections.abc import Iterator

import pytest

from leakhelp.errors import RegistryError, UsageError
from leakhelp.support import (
    country_from_locale,
    help_for,
    load_support,
    minor_routes,
    normalize_country,
    sextortion_steps,
)

REQUIRED_COUNTRIES = ("NL", "BE", "DE", "UK", "US", "AU", "IE", "FR", "ES", "CA", "any")


def test_every_required_country_has_help_with_source_and_date():
    entries = load_support()
    for country in REQUIRED_COUNTRIES:
        assert any(e.country == country for e in entries), country
    for entry in entries:
        assert entry.confidence in ("V", "S", "U"), entry.id
        assert len(entry.checked) == 10, entry.id
        assert entry.url or entry.phone, entry.id
        assert entry.texts and entry.texts.get("en") and entry.texts.get("nl"), entry.id
        if entry.confidence in ("V", "S"):
            assert entry.source, entry.id
    ids = {e.id for e in entries}
    assert {"stopncii", "take-it-down", "helpwanted", "rph", "esafety"} <= ids


def test_unverified_facts_are_marked():
    by_id = {e.id: e for e in load_support()}
    assert by_id["csg"].confidence == "U" and not by_id["csg"].verified
    assert by_id["child-focus"].phone_confidence == "U" and not by_id["child-focus"].verified
    assert by_id["helpwanted"].verified and by_id["helpwanted"].phone == "020-261 52 75"


def test_help_for_a_country_lists_it_first_then_what_works_anywhere():
    entries = help_for("nl", "nl")
    countries = [e.country for e in entries]
    assert countries[0] == "NL" and countries[-1] == "any"
    assert countries == sorted(countries, key=lambda c: c == "any")
    assert entries[0].name.startswith("Helpwanted")
    assert "Gratis" in entries[0].what  # shown in Dutch
    assert {"take-it-down", "stopncii"} <= {e.id for e in entries}
    english = help_for("NL", "en")
    assert english[0].what.startswith("Free and anonymous")


def test_country_codes_are_forgiving_but_not_sloppy():
    assert next(e.country for e in help_for("GB", "en")) == "UK"
    assert normalize_country(" be ") == "BE"
    assert normalize_country("ANY") == "any"
    assert normalize_country(None) is None
    with pytest.raises(UsageError):
        normalize_country("Netherlands")


def test_unknown_country_gets_what_works_everywhere_and_none_gets_all():
    assert {e.country for e in help_for("PT", "en")} == {"any"}
    assert len(help_for(None, "en")) == len(load_support())


def test_minor_filter():
    minor = {e.id for e in help_for("UK", "en", minor=True)}
    assert "take-it-down" in minor and "stopncii" not in minor and "rph" not in minor
    adult = {e.id for e in help_for("UK", "en", minor=False)}
    assert "stopncii" in adult and "take-it-down" not in adult


def test_user_file_adds_and_replaces(leakhelp_home):
    leakhelp_home.mkdir(parents=True, exist_ok=True)
    (leakhelp_home / "support.yaml").write_text(
        "version: 1\nentries:\n"
        "  - id: schoolteam\n    country: NL\n    name: Zorgteam De Brug\n    kind: helpline\n"
        "    what: {en: Our school's care team., nl: Het zorgteam van onze school.}\n"
        "    phone: '030-1234567'\n    confidence: V\n    source: own\n    checked: 2026-11-01\n"
        "  - id: helpwanted\n    country: NL\n    name: Helpwanted\n    kind: helpline\n"
        "    what: {en: Changed text.}\n    url: https://www.helpwanted.nl\n"
        "    confidence: V\n    source: own check\n    checked: 2026-11-24\n"
    )
    entries = {e.id: e for e in help_for("NL", "nl")}
    assert entries["schoolteam"].what == "Het zorgteam van onze school."
    assert entries["schoolteam"].checked == "2026-11-01"
    assert entries["helpwanted"].what == "Changed text."  # English when no Dutch text
    assert entries["helpwanted"].origin.endswith("support.yaml")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("version: 1\nentries: [{id: x}]\n", "missing field"),
        ("version: 1\nentries:\n  - {id: x, country: Holland, name: X, kind: helpline, what: {en: a}, "
         "confidence: V, checked: 2026-01-01, url: 'https://x.example'}\n", "country"),
        ("version: 1\nentries:\n  - {id: x, country: NL, name: X, kind: helpline, what: {en: a}, "
         "confidence: V, checked: 2026-01-01, phone: 0201234567}\n", "phone"),
        ("version: 2\nentries: []\n", "version"),
        ("version: 1\nentries: [\n", "not valid YAML"),
    ],
    ids=["missing", "country", "phone-number-type", "version", "yaml"],
)  # fmt: skip
def test_broken_user_file_is_explained(leakhelp_home, text, expected):
    leakhelp_home.mkdir(parents=True, exist_ok=True)
    (leakhelp_home / "support.yaml").write_text(text)
    with pytest.raises(RegistryError, match=expected) as info:
        load_support()
    assert str(leakhelp_home / "support.yaml") in str(info.value)


def test_country_from_locale(monkeypatch):
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "nl_BE.UTF-8")
    assert country_from_locale() == "BE"
    monkeypatch.setenv("LC_ALL", "en_GB.UTF-8")
    assert country_from_locale() == "UK"


@pytest.fixture
def c_utf8_locale(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The plain C.UTF-8 locale of servers and containers, no country in the environment."""
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(var, raising=False)
    before = locale.setlocale(locale.LC_CTYPE)
    try:
        locale.setlocale(locale.LC_CTYPE, "C.UTF-8")
    except locale.Error:
        pytest.skip("this system has no C.UTF-8 locale")
    yield
    locale.setlocale(locale.LC_CTYPE, before)


def test_the_c_locale_names_no_country(c_utf8_locale: None) -> None:
    # Python's getlocale() calls C.UTF-8 "en_US": that is no reason to show US services.
    assert country_from_locale() is None


def test_cli_support_in_dutch_on_a_c_locale_shows_more_than_us_services(cli, c_utf8_locale):
    rows = cli("support", "--lang", "nl", "--sextortion", "--json").json_lines()
    shown = [r["country"] for r in rows if "country" in r]
    # No country known: the international services first, then every country (not only the US).
    assert shown[0] == "any" and "NL" in shown and "BE" in shown


# -- the command line -------------------------------------------------------------
def test_cli_support_json(cli):
    result = cli("support", "--country", "NL", "--json")
    assert result.code == 0
    rows = result.json_lines()
    assert {r["country"] for r in rows} == {"NL", "any"}
    assert all({"name", "what", "confidence", "source", "checked"} <= set(r) for r in rows)


def test_cli_support_says_what_minors_should_do(cli):
    result = cli("support", "--country", "UK")
    assert result.code == 0
    text = " ".join(result.stdout.split())
    assert "Take It Down" in text and "Never send, save or screenshot the images" in text
    assert "0345 6000 459" in text and "999" in text
    assert "not your fault" in text


def test_cli_support_in_dutch_marks_unverified(cli):
    result = cli("support", "--country", "NL", "--lang", "nl")
    text = " ".join(result.stdout.split())
    assert "Stuur, bewaar of screenshot de beelden nooit" in text
    assert "Centrum Seksueel Geweld (niet bevestigd)" in text
    assert "020-261 52 75" in text


def test_cli_support_country_from_locale_or_all(cli, monkeypatch):
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "de_DE.UTF-8")
    rows = cli("support", "--json").json_lines()
    assert {r["country"] for r in rows} == {"DE", "any"}
    everything = cli("support", "--all", "--json").json_lines()
    assert {"NL", "BE", "DE", "UK", "US", "AU", "any"} <= {r["country"] for r in everything}


def test_cli_support_from_the_case(cli, monkeypatch):
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    case = cli("case", "new", "Sam", "--lang", "nl", "--country", "BE", "--json").json_lines()[0]
    result = cli("support", "--case", case["id"])
    text = " ".join(result.stdout.split())
    assert "Child Focus" in text and "Waar je hulp kunt krijgen" in text


# -- help lines, minors' routes, sextortion, hand-offs ------------------------------
NEW_HELP = {
    "NL": ("meldpunt-kinderporno", "kindertelefoon", "juridisch-loket"),
    "BE": ("stopchildporno", "igvm"),
    "UK": ("report-remove",),
    "DE": ("hateaid", "hilfetelefoon-de"),
    "IE": ("hotline-ie",),
    "FR": ("e-enfance-3018",),
    "ES": ("incibe-017",),
    "CA": ("cybertip-ca",),
}


@pytest.mark.parametrize("country", sorted(NEW_HELP))
def test_help_lines_per_country(country):
    ids = {e.id for e in help_for(country, "en")}
    assert set(NEW_HELP[country]) <= ids
    by_id = {e.id: e for e in load_support()}
    assert by_id["hilfetelefoon-de"].phone == "116 016"
    assert by_id["e-enfance-3018"].phone == "3018"


def test_unknown_country_falls_back_to_international_services(cli):
    result = cli("support", "--country", "PT", "--lang", "en")
    text = " ".join(result.stdout.split())
    assert "international services" in text and "no local contacts" not in text
    assert "StopNCII" in text and "Take It Down" in text and "INHOPE" in text


MINOR_ROUTES = {
    "NL": {"meldpunt-kinderporno", "helpwanted-minors", "take-it-down"},
    "US": {"cybertipline", "take-it-down"},
    "UK": {"report-remove", "take-it-down"},
    "BE": {"child-focus", "stopchildporno", "take-it-down"},
}


@pytest.mark.parametrize("country", sorted(MINOR_ROUTES))
def test_minor_routes_per_country(country):
    routes = minor_routes(country, "en")
    assert MINOR_ROUTES[country] <= {e.id for e in routes}
    assert all(e.audience == "minors" for e in routes)
    assert routes[0].country == country  # the country's own first
    assert minor_routes(None, "en")[0].id == "take-it-down"


def test_minors_are_never_told_to_screenshot():
    for entry in load_support():
        for text in (entry.texts or {}).values():
            if "screenshot" in text.lower():
                assert "under 18" in text or "jonger dan 18" in text, entry.id


def test_cli_support_minor_lists_minors_services_and_no_copies(cli):
    result = cli("support", "--country", "NL", "--minor", "--lang", "en")
    text = " ".join(result.stdout.split())
    assert "Meldpunt Kinderporno" in text and "Take It Down" in text
    assert "StopNCII" not in text
    assert "write down the web addresses" in text


@pytest.mark.parametrize("lang", ["en", "nl"])
@pytest.mark.parametrize("minor", [False, True])
def test_sextortion_steps(lang, minor):
    steps = sextortion_steps(lang, minor=minor, case_ref="k3x9qa")
    assert [s.key for s in steps] == ["pay", "keep", "stop", "report", "hash"]
    text = " ".join(s.text for s in steps)
    assert ("Take It Down" in text) is minor and ("StopNCII" in text) is not minor
    assert "case handoff k3x9qa --service" in text
    assert "screenshot" not in text.lower()
    done = sextortion_steps(
        lang, minor=minor, hashed={"take-it-down" if minor else "stopncii": "2026-11-20"}
    )
    assert done[-1].done and "2026-11-20" in done[-1].text


def test_sextortion_steps_for_an_unknown_age_name_both_services():
    (hash_step,) = [
        s for s in sextortion_steps("en", minor=None, case_ref="k3x9qa") if s.key == "hash"
    ]
    assert "Take It Down" in hash_step.text and "StopNCII" in hash_step.text
    assert "--service stopncii" in hash_step.text and "--service take-it-down" in hash_step.text


def test_cli_support_sextortion(cli):
    result = cli("support", "--sextortion", "--country", "NL", "--lang", "nl")
    text = " ".join(result.stdout.split())
    assert "Betaal niet" in text and "Verwijder het gesprek niet" in text
    assert "StopNCII" in text and "Helpwanted" in text
    rows = cli("support", "--sextortion", "--country", "NL", "--json").json_lines()
    assert [r["step"] for r in rows[:5]] == ["pay", "keep", "stop", "report", "hash"]
    plain = " ".join(cli("support", "--country", "NL", "--lang", "en").stdout.split())
    assert "sextortion" in plain and "leakhelp --lang en support --sextortion" in plain


def test_sextortion_case_shows_its_next_steps(cli):
    case = cli("case", "new", "Sam", "--kind", "sextortion", "--lang", "en", "--json")
    doc = case.json_lines()[0]
    assert doc["kind"] == "sextortion"
    shown = cli("case", "show", doc["id"], "--json").json_lines()[0]
    assert shown["kind"] == "sextortion" and shown["handoffs"] == []
    kinds = [step["kind"] for step in shown["next"]]
    assert kinds[:5] == [
        "sextortion-pay", "sextortion-keep", "sextortion-stop", "sextortion-report",
        "sextortion-hash",
    ]  # fmt: skip
    human = " ".join(cli("case", "show", doc["id"], "--lang", "en").stdout.split())
    assert "Do not pay" in human and "StopNCII" in human
    other = cli("case", "new", "Alex", "--json").json_lines()[0]
    assert not any(
        s["kind"].startswith("sextortion")
        for s in cli("case", "show", other["id"], "--json").json_lines()[0]["next"]
    )
    assert cli("case", "new", "X", "--kind", "other").code == 2


def test_handoff_is_recorded_without_pin_and_names_partners(cli, leakhelp_home):
    case = cli("case", "new", "Sam", "--kind", "sextortion", "--json").json_lines()[0]["id"]
    result = cli(
        "case", "handoff", case, "--service", "stopncii", "--date", "2026-11-20",
        "--reference", "AB12CD34", "--lang", "en",
    )  # fmt: skip
    assert result.code == 0, result.stderr
    err = " ".join(result.stderr.split())
    assert "2026-11-20" in err and "AB12CD34" in err and "PIN is never stored" in err
    assert "Facebook" in err and "Google Search" in err and "TikTok" in err
    assert "X," not in err  # X's partnership is unknown: not claimed
    assert "already online" in err and f"leakhelp --lang en request draft {case}" in err
    shown = cli("case", "show", case, "--json").json_lines()[0]
    assert shown["handoffs"] == [
        {
            "id": 1, "service": "stopncii", "date": "2026-11-20", "reference": "AB12CD34",
            "recorded_at": shown["handoffs"][0]["recorded_at"],
        }
    ]  # fmt: skip
    assert "sextortion-hash" not in [s["kind"] for s in shown["next"]]
    assert any("2026-11-20" in line for line in shown["done"])
    # The timeline names the service only; no case number in events.
    timeline = [e for e in shown["timeline"] if e["kind"] == "handoff-recorded"]
    assert timeline == [
        {"at": timeline[0]["at"], "kind": "handoff-recorded", "service": "stopncii"}
    ]
    pin = cli("case", "handoff", case, "--service", "stopncii", "--reference", "PIN 4821")
    assert pin.code == 2 and "PIN" in pin.stderr
    assert cli("case", "handoff", case, "--service", "hashme").code == 2
    future = cli("case", "handoff", case, "--service", "stopncii", "--date", "2999-01-01")
    assert future.code == 2


def test_handoff_stopncii_for_a_minor_points_to_take_it_down(cli):
    case = cli("case", "new", "Kim", "--json").json_lines()[0]["id"]
    cli("case", "profile", case, "--minor")
    doc = cli("case", "handoff", case, "--service", "stopncii", "--json").json_lines()[0]
    assert any("Take It Down" in w for w in doc["warnings"])
    tid = cli("case", "handoff", case, "--service", "take-it-down", "--json").json_lines()[0]
    assert tid["warnings"] == [] and "Pornhub (Aylo)" in tid["partners"]


def test_forget_removes_handoffs(leakhelp_home):
    from leakhelp import Workspace

    with Workspace(leakhelp_home) as ws:
        case = ws.new_case("Sam", kind="sextortion")
        ws.record_handoff(case.id, "stopncii", reference="AB12")
        ws.forget(case.id)
        assert ws.store._conn.execute("SELECT COUNT(*) FROM handoffs").fetchone()[0] == 0
