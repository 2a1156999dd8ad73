"""Where to get help: the data, the country filter, the user's own entries, the command."""

from __future__ import annotations

import pytest

from leakhelp.errors import RegistryError, UsageError
from leakhelp.support import country_from_locale, help_for, load_support, normalize_country

REQUIRED_COUNTRIES = ("NL", "BE", "DE", "UK", "US", "AU", "any")


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
    assert {e.country for e in help_for("FR", "en")} == {"any"}
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
    assert "Take It Down" in text and "Never send the images to anyone" in text
    assert "0345 6000 459" in text and "999" in text
    assert "not your fault" in text


def test_cli_support_in_dutch_marks_unverified(cli):
    result = cli("support", "--country", "NL", "--lang", "nl")
    text = " ".join(result.stdout.split())
    assert "Stuur de beelden nooit naar iemand" in text
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
