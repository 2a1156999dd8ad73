"""One --lang, errors in the reader's language, and a mistyped case id that finds its case."""

from __future__ import annotations

import pytest

from leakhelp.errors import CaseNotFoundError, LeakhelpError


def test_errors_carry_a_key_and_are_translated_when_shown():
    err = CaseNotFoundError("case.not-found", ref="c-x")
    assert err.key == "case.not-found"
    assert str(err) == "no case with id or name “c-x” (see: leakhelp cases)"
    assert err.text("nl") == "geen dossier met nummer of naam “c-x” (zie: leakhelp cases)"
    plain = LeakhelpError("a text that is no key")
    assert plain.key is None and plain.text("nl") == "a text that is no key"


def test_a_mistyped_case_id_suggests_the_closest_in_dutch(cli):
    case_id = cli("case", "new", "Sam").stdout.strip()
    typo = case_id[:-1] + ("0" if case_id[-1] != "0" else "1")
    result = cli("--lang", "nl", "case", "show", typo)
    assert result.code == 3
    assert f"Fout: geen dossier met nummer of naam “{typo}”; bedoel je {case_id}?" in " ".join(
        result.stderr.split()
    )


@pytest.mark.parametrize("where", ["before", "after"])
def test_lang_means_the_same_before_and_after_the_command(cli, where):
    args = ["case", "new", "Sam"]
    args = ["--lang", "nl", *args] if where == "before" else [*args, "--lang", "nl"]
    result = cli(*args, "--json")
    (doc,) = result.json_lines()
    assert doc["lang"] == "nl"
    result = cli(*args)
    assert "Dossier" in result.stderr and "aangemaakt" in result.stderr


@pytest.mark.parametrize(
    "args",
    [["--lang", "fr", "cases"], ["cases", "--lang", "fr"], ["case", "new", "Sam", "--lang", "de"]],
)
def test_an_unknown_language_is_an_error_everywhere(cli, args):
    result = cli(*args)
    assert result.code == 2
    assert "unknown language" in result.stderr and "onbekende taal" in result.stderr


def test_an_unknown_language_in_the_environment_is_an_error(cli, monkeypatch):
    monkeypatch.setenv("LEAKHELP_LANG", "klingon")
    result = cli("cases")
    assert result.code == 2
    assert "onbekende taal" in result.stderr


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["letter", "--platform", "x"], "De optie '--basis' ontbreekt."),
        (["letter", "--basis", "dmca", "--bogus"], "Onbekende optie: --bogus"),
        (["case", "show", "a", "b"], "De opdracht klopt niet:"),
        (["request", "sent", "abc"], "Ongeldige waarde voor"),
    ],
)
def test_mistakes_in_the_command_line_are_explained_in_dutch(cli, args, expected):
    result = cli("--lang", "nl", *args)
    assert result.code == 2
    assert "Gebruik: leakhelp" in result.stderr
    assert expected in result.stderr
    assert "Error" not in result.stderr and "Usage" not in result.stderr


def test_a_dutch_case_speaks_dutch_when_no_language_was_asked_for(cli, monkeypatch):
    case_id = cli("case", "new", "Sam", "--lang", "nl").stdout.strip()
    for var in ("LEAKHELP_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(var, raising=False)
    shown = cli("case", "show", case_id)
    assert "Gedaan:" in shown.stdout
    assert "Voeg de webadressen toe" in shown.stdout
    also = cli("sighting", "add", "--case", case_id, "https://x.com/a/status/1")
    assert "nieuwe vindplaats" in also.stderr
    english = cli("case", "show", case_id, "--lang", "en")
    assert "Done:" in english.stdout
    monkeypatch.setenv("LEAKHELP_LANG", "en")
    assert "Done:" in cli("case", "show", case_id).stdout


@pytest.mark.parametrize(
    "args",
    [
        ["case", "show", "{id}"],
        ["case", "show", "--case", "{id}"],
        ["report", "--case", "{id}", "--format", "json"],
        ["export", "{id}", "-o", "{out}"],
        ["export", "--case={id}", "-o", "{out}"],
        ["sighting", "list", "--case", "{id}"],
    ],
)
def test_a_case_is_given_the_same_way_everywhere(cli, tmp_path, args):
    case_id = cli("case", "new", "Sam").stdout.strip()
    out = tmp_path / "export.json"
    result = cli(*(a.format(id=case_id, out=out) for a in args))
    assert result.code == 0, result.stderr
