"""Everything a person reads exists in Dutch and English, with the same blanks."""

from __future__ import annotations

import string

import pytest

from leakhelp.i18n import (
    MESSAGES,
    UnknownLanguageError,
    catalogue_keys,
    detect_lang,
    plural_keys,
    t,
    template,
    tn,
)
from leakhelp.matching import _HOW_ORDER


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def _texts(key: str) -> dict[str, str]:
    """Both languages' text of a key (the plural form for 2 for plural entries)."""
    if key in plural_keys():
        return {
            lang: tn(key, 2, lang, **{f: "{" + f + "}" for f in _blanks(key)})
            for lang in ("en", "nl")
        }
    return {lang: template(key, lang) for lang in ("en", "nl")}


def _blanks(key: str) -> set[str]:
    from leakhelp.i18n import catalogue

    found: set[str] = set()
    for lang in ("en", "nl"):
        for n in (1, 2):
            found |= _fields(catalogue(lang).ngettext(key, key, n))
    return found - {"n"}


def test_the_catalogue_is_whole_and_its_compiled_files_match():
    from leakhelp.i18n_tools import problems

    assert problems() == []
    assert len(catalogue_keys()) > 300


@pytest.mark.parametrize("key", sorted(set(MESSAGES) | catalogue_keys()))
def test_every_message_in_both_languages_with_the_same_blanks(key):
    texts = MESSAGES.get(key) or _texts(key)
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
     (None, {"LANG": "fr_FR.UTF-8"}, "en")],
)  # fmt: skip
def test_language_comes_from_option_then_environment_then_locale(
    monkeypatch, explicit, env, expected
):
    for var in ("LEAKHELP_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(var, raising=False)
    for var, value in env.items():
        monkeypatch.setenv(var, value)
    assert detect_lang(explicit) == expected


@pytest.mark.parametrize("explicit", ["fr", "english", "xx"])
def test_an_unknown_language_is_an_error_not_english(monkeypatch, explicit):
    monkeypatch.delenv("LEAKHELP_LANG", raising=False)
    with pytest.raises(UnknownLanguageError):
        detect_lang(explicit)
    monkeypatch.setenv("LEAKHELP_LANG", explicit)
    with pytest.raises(UnknownLanguageError):
        detect_lang(None)


def test_every_column_heading_in_both_languages():
    from leakhelp.i18n import columns

    headings = [k for k in catalogue_keys() if k.startswith("column.")]
    assert len(headings) > 30
    for key in headings:
        assert set(_texts(key)) == {"en", "nl"}, key
    assert columns("nl", "first seen", "no such heading") == ["eerst gezien", "no such heading"]


REASON_KEYS = sorted(k.removeprefix("reason.") for k in catalogue_keys() if k.startswith("reason."))


@pytest.mark.parametrize("key", REASON_KEYS)
def test_every_reason_reads_back_in_dutch(key):
    from leakhelp.i18n import reason, why

    texts = _texts(f"reason.{key}")
    values = {name: "X9" for name in _fields(texts["en"])}
    english = why(key, **values)
    assert reason(english, "en") == english
    assert reason(english, "nl") == texts["nl"].format(**values)
    assert _fields(texts["en"]) == _fields(texts["nl"])


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


def test_plural_forms_follow_the_number():
    assert t("hash.summary", "en", ok=1, failed=0).startswith("1 file fingerprinted")
    assert t("hash.summary", "en", ok=3, failed=0).startswith("3 files fingerprinted")
    assert tn("report.n_checks", 1, "nl") == "1 controle vastgelegd."
    assert tn("report.n_checks", 0, "nl") == "0 controles vastgelegd."
    for key in plural_keys():
        for lang in ("en", "nl"):
            assert "(s)" not in tn(key, 2, lang, **dict.fromkeys(_blanks(key), "x")), key
            assert "(en)" not in tn(key, 2, lang, **dict.fromkeys(_blanks(key), "x")), key


def test_a_missing_key_or_different_blanks_fail_the_check(tmp_path):
    """The catalogue check itself can fail: drop a key in one language, change a blank."""
    import shutil

    from leakhelp.i18n import LOCALE_DIR
    from leakhelp.i18n_tools import compile_all, po_path, problems

    shutil.copytree(LOCALE_DIR, tmp_path / "locale")
    locale = tmp_path / "locale"
    nl = po_path("nl", locale)
    text = nl.read_text(encoding="utf-8")
    text = text.replace('msgid "case.kept"\nmsgstr "Er is niets verwijderd."\n', "")
    text = text.replace("Dossier {id} aangemaakt voor", "Dossier {nummer} aangemaakt voor")
    nl.write_text(text, encoding="utf-8")
    assert any("out of date" in p or "only" in p for p in problems(locale))  # .mo is stale
    compile_all(locale)
    found = problems(locale)
    assert "nl: case.kept: missing" in found
    assert any(p.startswith("case.created: the blanks differ") for p in found)


def test_merge_dict_moves_staged_entries_into_the_catalogue(tmp_path):
    """How new keys from another branch's MESSAGES reach the .po files."""
    import gettext
    import shutil

    from leakhelp.i18n import LOCALE_DIR
    from leakhelp.i18n_tools import empty_staging, merge, mo_path, problems

    shutil.copytree(LOCALE_DIR, tmp_path / "locale")
    locale = tmp_path / "locale"
    clashes = merge(
        {
            "demo.new": {"en": "A new text for {who}.", "nl": "Een nieuwe tekst voor {who}."},
            "case.kept": {"en": "Something else.", "nl": "Iets anders."},
        },
        locale_dir=locale,
    )
    assert clashes == ["nl:case.kept", "en:case.kept"]
    assert problems(locale) == []
    with mo_path("nl", locale).open("rb") as fh:
        nl = gettext.GNUTranslations(fh)
    assert nl.gettext("demo.new") == "Een nieuwe tekst voor {who}."
    assert nl.gettext("case.kept") == "Er is niets verwijderd."
    merge({"case.kept": {"en": "Else.", "nl": "Anders."}}, overwrite=True, locale_dir=locale)
    with mo_path("nl", locale).open("rb") as fh:
        assert gettext.GNUTranslations(fh).gettext("case.kept") == "Anders."

    source = tmp_path / "i18n.py"
    source.write_text(
        "from x import Lang\n"
        "MESSAGES: dict[str, dict[Lang, str]] = {\n"
        '    "demo.new": {\n        "en": "x",\n        "nl": "y",\n    },\n}\n'
        "REASONS: dict[str, dict[Lang, str]] = {}\n"
        "KEEP = 1\n",
        encoding="utf-8",
    )
    empty_staging(source)
    assert source.read_text(encoding="utf-8") == (
        "from x import Lang\n"
        "MESSAGES: dict[str, dict[Lang, str]] = {}\n"
        "REASONS: dict[str, dict[Lang, str]] = {}\n"
        "KEEP = 1\n"
    )


def test_the_command_line_starts_without_babel():
    import subprocess
    import sys

    code = (
        "import sys, leakhelp.cli, leakhelp.reports; "
        "from leakhelp.i18n import t; t('case.kept', 'nl'); "
        "print('babel' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_report_templates_read_the_catalogue_through_jinja_i18n(tmp_path):
    from leakhelp.reports import _environment

    env = _environment(tmp_path, "nl")
    page = env.from_string(
        '{{ _("report.title") }} · {{ ngettext("report.n_checks", "report.n_checks", 3) }}'
    )
    assert page.render() == "Bewijsoverzicht · 3 controles vastgelegd."


def test_merge_dict_from_another_branch_takes_only_what_it_added_or_changed(tmp_path):
    """The lead's path at merge time: keep this i18n.py, read the other branch's copy."""
    import shutil

    from leakhelp.i18n import LOCALE_DIR
    from leakhelp.i18n_tools import entries_from_branch, merge, problems

    shutil.copytree(LOCALE_DIR, tmp_path / "locale")
    locale = tmp_path / "locale"

    def i18n_py(entries: str) -> str:
        return f"from x import Lang\nMESSAGES: dict[str, dict[Lang, str]] = {{\n{entries}}}\n"

    common = (
        '    "case.kept": {"en": "Nothing was removed.", "nl": "Er is niets verwijderd."},\n'
        '    "case.none": {"en": "old text", "nl": "oude tekst"},\n'
    )
    base = tmp_path / "base.py"
    base.write_text(i18n_py(common), encoding="utf-8")
    theirs = tmp_path / "theirs.py"
    theirs.write_text(
        i18n_py(
            common.replace("Er is niets verwijderd.", "Er werd niets verwijderd.").replace(
                "oude tekst", "hun tekst"
            )
            + '    "video.found": {"en": "{n} videos found.", "nl": "{n} video\'s gevonden."},\n'
        ),
        encoding="utf-8",
    )
    taken, both = entries_from_branch(theirs, base, locale_dir=locale)
    # case.none was changed here too (since base): left for a person to settle.
    assert both == ["case.none"]
    assert set(taken) == {"case.kept", "video.found"}
    merge(taken, overwrite=True, locale_dir=locale)
    assert problems(locale) == []
    nl = (locale / "nl" / "LC_MESSAGES" / "leakhelp.po").read_text(encoding="utf-8")
    assert 'msgstr "Er werd niets verwijderd."' in nl
    assert "video's gevonden" in nl


def test_messages_still_answers_for_every_key_and_keeps_its_wrapper_when_emptied(tmp_path):
    from leakhelp.i18n import MESSAGES
    from leakhelp.i18n_tools import empty_staging, tables_in

    # Code written against the old dict keeps working: membership and lookup.
    assert "case.kept" in MESSAGES and MESSAGES["case.kept"]["nl"] == "Er is niets verwijderd."
    assert "no.such.key" not in MESSAGES and MESSAGES.get("no.such.key") is None
    source = tmp_path / "i18n.py"
    source.write_text(
        "MESSAGES: dict[str, dict[Lang, str]] = _Messages(\n"
        '    {"a.b": {"en": "x", "nl": "y"}}\n)\n',
        encoding="utf-8",
    )
    assert tables_in(source) == {"MESSAGES": {"a.b": {"en": "x", "nl": "y"}}}
    empty_staging(source)
    assert source.read_text(encoding="utf-8") == (
        "MESSAGES: dict[str, dict[Lang, str]] = _Messages({})\n"
    )
