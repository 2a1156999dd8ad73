"""One home for time and law: one host rule, one list of bases, one set of terms."""

from __future__ import annotations

from leakhelp.models import Sighting
from leakhelp.tracking import sightings_to_request, site_of


def _sighting(number: int, url: str) -> Sighting:
    stamp = "2026-11-01T00:00:00Z"
    return Sighting(number, "c1", url, None, stamp, stamp, "open")


def test_one_site_per_web_site_whatever_the_www_or_the_case():
    assert site_of("https://www.Site.example/a") == "site.example"
    assert site_of("https://bücher.example/") == "xn--bcher-kva.example"
    # A host browsers refuse still gets its own group instead of stopping the draft.
    assert site_of("https://my_host.example/x") == "my_host.example"
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
