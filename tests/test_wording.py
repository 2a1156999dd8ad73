"""What a person reads is whole words: no "(s)" plural hacks, no English in Dutch."""

from __future__ import annotations

import re

import pytest

from leakhelp.i18n import MESSAGES, catalogue, catalogue_keys, plural_keys, template

#: "image(s)", "address(es)", "verzoek(en)", "video('s)", "vingerafdruk(ken)":
#: a number with a bracketed ending reads as a form, not as a sentence.
PLURAL_HACK = re.compile(r"\w\((?:s|es|en|n|'s|ken|sen)\)")
#: "onderdeel/onderdelen": the same hack with a slash.
SLASH_PLURAL = re.compile(r"\b(\w{4,})\w*/\1\w*\b")


def _texts(key: str) -> list[str]:
    if key in MESSAGES and key not in catalogue_keys():
        return list(MESSAGES[key].values())
    if key in plural_keys():
        return [catalogue(lang).ngettext(key, key, n) for lang in ("en", "nl") for n in (1, 2)]
    return [template(key, lang) for lang in ("en", "nl")]


@pytest.mark.parametrize("key", sorted(set(MESSAGES) | catalogue_keys()))
def test_no_message_counts_with_a_bracketed_plural(key):
    for text in _texts(key):
        assert not PLURAL_HACK.search(text), (key, text)
        assert not SLASH_PLURAL.search(text), (key, text)


def test_the_plural_check_catches_what_it_is_for():
    for text in ("2 image(s)", "adres(sen)", "video('s)", "verzoek(en)", "onderdeel/onderdelen"):
        assert PLURAL_HACK.search(text) or SLASH_PLURAL.search(text), text
    for text in ("(one per line)", "HTTP {status}", "and/or", "e-mail (optional)"):
        assert not (PLURAL_HACK.search(text) or SLASH_PLURAL.search(text)), text
