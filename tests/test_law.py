"""One home for time and law: one host rule, one list of bases, one set of terms."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from leakhelp.errors import UnknownBasisError
from leakhelp.law import (
    BASES,
    DEFAULT_FOLLOW_UP,
    basis_label,
    check_basis,
    format_date,
    legal_term,
)
from leakhelp.models import Sighting
from leakhelp.registry import site_of
from leakhelp.tracking import sightings_to_request


def _sighting(number: int, url: str) -> Sighting:
    stamp = "2026-11-01T00:00:00Z"
    return Sighting(number, "c1", url, None, stamp, stamp, "open")


def test_one_site_per_web_site_whatever_the_www_or_the_case():
    assert site_of("https://www.Site.example/a") == "site.example"
    assert site_of("https://bücher.example/") == "xn--bcher-kva.example"
    # A host browsers refuse still gets its own group instead of stopping the draft.
    assert site_of("https://my_host.example/x") == "my_host.example"
    from leakhelp.checks.pages import same_site

    assert same_site("https://www.Site.example/p/1", "https://site.example/p/2")
    assert not same_site("https://site.example/p/1", "https://site.example.evil.example/p/2")
    groups = sightings_to_request(
        [
            _sighting(1, "https://www.site.example/a"),
            _sighting(2, "https://site.example/b"),
            _sighting(3, "https://my_host.example/x"),
        ],
        [],
    )
    assert sorted((g.host, len(g.sightings)) for g in groups) == [
        ("my_host.example", 1),
        ("site.example", 2),
    ]


@pytest.mark.parametrize(
    ("lang", "month"), [("en", "February"), ("nl", "februari")]
)  # fmt: skip
def test_a_date_reads_the_same_in_letters_and_tracking(lang, month):
    from leakhelp.tracking import readable_time

    moment = datetime(2026, 2, 28, 12, tzinfo=UTC)
    assert format_date(moment, lang) == f"28 {month} 2026"
    shown = readable_time(moment.isoformat(), lang)  # in this computer's zone
    assert shown.startswith(format_date(moment.astimezone(), lang) + ", ")


def test_every_basis_has_a_name_in_both_languages_and_a_term_or_none():
    for basis in BASES:
        check_basis(basis)
        assert basis_label(basis, "en") != basis_label(basis, "nl") != basis
        assert legal_term(basis, default=DEFAULT_FOLLOW_UP) in (
            DEFAULT_FOLLOW_UP,
            timedelta(hours=48),
            timedelta(days=31),
        )
    with pytest.raises(UnknownBasisError):
        check_basis("nope")


def test_escalation_routes_take_their_facts_from_the_help_entries():
    from leakhelp.support import packaged_entries
    from leakhelp.tracking import escalation_routes, route

    entries = packaged_entries()
    seen = {
        r.id
        for basis in BASES
        for country in ("NL", "BE", "DE", "UK", "US", "AU", None)
        for minor in (False, True)
        for refused in (False, True)
        for r in escalation_routes(basis, country=country, minor=minor, refused=refused)
    }
    assert {"ftc", "ap", "acm", "dpa", "dsc", "dsa-appeal", "police", "police-nl"} <= seen
    for route_id in seen:
        shown = route(route_id)
        assert shown.what["en"] and shown.what["nl"] and shown.what["en"] != shown.what["nl"]
    rph = route("rph")
    assert rph.where == entries["rph"].contact and "0345 6000 459" in rph.where
    assert route("police-nl").what["nl"] == entries["politie-nl"].in_lang("nl").what
    assert route("dsa-appeal").where == ""
    with pytest.raises(KeyError):
        route("nowhere")


@pytest.mark.parametrize(
    ("lang", "words"),
    [("en", "--work (a description of your original photo"),
     ("nl", "--work (een beschrijving van je oorspronkelijke foto")],
)  # fmt: skip
def test_a_missing_field_is_explained_in_the_letters_language(cli, lang, words):
    result = cli(
        "letter", "--basis", "dmca", "--url", "https://x.com/a/status/1", "--name", "A",
        "--email", "a@b.example", "--lang", lang,
    )  # fmt: skip
    assert result.code == 1 and result.stdout == ""
    assert words in " ".join(result.stderr.split())


def test_one_country_rule_for_letters_help_and_routes():
    from leakhelp.law import country_code
    from leakhelp.letters import LetterFields, clean_fields
    from leakhelp.support import normalize_country
    from leakhelp.tracking import escalation_routes

    assert country_code(" gb ") == normalize_country("gb") == "UK"
    assert clean_fields(LetterFields(country="gb")).country == "UK"
    gb = [r.id for r in escalation_routes("ncii-policy", country="gb", minor=True)]
    assert gb == [r.id for r in escalation_routes("ncii-policy", country="UK", minor=True)]
    assert gb[0] == "report-remove" and "rph" in gb
