"""Everything a person reads exists in Dutch and English, with the same blanks."""

from __future__ import annotations

import string

import pytest

from leakhelp.i18n import MESSAGES, detect_lang, t
from leakhelp.matching import _HOW_ORDER


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_every_message_in_both_languages_with_the_same_blanks(key):
    texts = MESSAGES[key]
    assert set(texts) == {"en", "nl"}, key
    assert all(texts[lang].strip() for lang in ("en", "nl")), key
    assert _fields(texts["en"]) == _fields(texts["nl"]), key
    # t(key, lang, **values) cannot fill blanks with these names
    assert not _fields(texts["en"]) & {"key", "lang"}, key


def test_every_way_a_copy_differs_has_words():
    for how in _HOW_ORDER:
        assert t(f"scan.how.{how}", "nl") != t(f"scan.how.{how}", "en")


@pytest.mark.parametrize(
    ("explicit", "env", "expected"),
    [("nl", {}, "nl"), ("EN", {"LEAKHELP_LANG": "nl"}, "en"), (None, {"LEAKHELP_LANG": "nl"}, "nl"),
     (None, {"LANG": "nl_NL.UTF-8"}, "nl"), (None, {"LANG": "de_DE.UTF-8"}, "en"),
     ("fr", {}, "en")],
)  # fmt: skip
def test_language_comes_from_option_then_environment_then_locale(
    monkeypatch, explicit, env, expected
):
    for var in ("LEAKHELP_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(var, raising=False)
    for var, value in env.items():
        monkeypatch.setenv(var, value)
    assert detect_lang(explicit) == expected


def test_every_column_heading_in_both_languages():
    from leakhelp.i18n import COLUMNS, columns

    for name, texts in COLUMNS.items():
        assert set(texts) == {"en", "nl"}, name
    assert columns("nl", "first seen", "no such heading") == ["eerst gezien", "no such heading"]


@pytest.mark.parametrize("key", sorted(__import__("leakhelp.i18n").i18n.REASONS))
def test_every_reason_reads_back_in_dutch(key):
    from leakhelp.i18n import REASONS, reason, why

    values = {name: "X9" for name in _fields(REASONS[key]["en"])}
    english = why(key, **values)
    assert reason(english, "en") == english
    assert reason(english, "nl") == REASONS[key]["nl"].format(**values)
    assert _fields(REASONS[key]["en"]) == _fields(REASONS[key]["nl"])


def test_unknown_reasons_stay_as_they_are():
    from leakhelp.i18n import reason

    assert reason("something the library never says", "nl") == "something the library never says"


def test_hash_errors_are_dutch_in_the_table_and_english_in_json(cli, tmp_path, monkeypatch):
    monkeypatch.setenv("COLUMNS", "250")  # one line per row, so the text is not wrapped
    empty = tmp_path / "leeg.jpg"
    empty.write_bytes(b"")
    table = cli("--lang", "nl", "hash", empty)
    assert "leeg bestand (0 bytes), geen afbeelding" in table.stdout
    (line,) = cli("--lang", "nl", "hash", empty, "--json").json_lines()
    assert line["error"] == "empty file (0 bytes), not an image"
