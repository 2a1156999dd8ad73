"""What a person reads is whole words: no "(s)" plural hacks, no English in Dutch."""

from __future__ import annotations

import json
import re
import shlex

import pytest

from leakhelp.i18n import MESSAGES, catalogue, catalogue_keys, plural_keys, template

from conftest import PHOTOS

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


@pytest.fixture
def wide(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "300")  # a wide terminal: one table row per line


def test_a_dutch_timeline_names_the_platform_and_the_way_a_request_was_sent(cli, wide):
    case_id = cli("--lang", "nl", "case", "new", "Sam", "--lang", "nl", "--json").json_lines()
    case_id = case_id[0]["id"]
    urls = ("https://www.pornhub.com/view_video.php?viewkey=qa1", "https://example.com/qa.jpg")
    assert cli("sighting", "add", case_id, *urls).code == 0
    assert cli("case", "profile", case_id, "--name", "Sam", "--email", "sam@example.nl").code == 0
    assert cli("request", "draft", case_id).code == 0
    assert cli("request", "sent", "1").code == 0
    assert cli("request", "sent", "2", "--channel", "email").code == 0
    assert cli("request", "escalate", "1", "--to", "police").code == 0

    shown = cli("--lang", "nl", "case", "show", case_id)
    assert shown.code == 0
    assert "aan Pornhub (Aylo)" in shown.stdout
    assert "Verzoek #1 verstuurd; termijn" in shown.stdout
    assert "Verzoek #2 verstuurd (per e-mail); termijn" in shown.stdout
    assert "(—)" not in shown.stdout
    assert "(email)" not in shown.stdout
    assert "Verzoek #1 voorgelegd aan de politie" in shown.stdout

    report = cli("--lang", "nl", "report", case_id, "--format", "md").stdout
    assert "per e-mail" in report
    assert "de politie" in report and "police" not in report
    assert "(—)" not in report
    document = json.loads(cli("report", case_id, "--format", "json").stdout)
    assert [r["channel"] for r in document["requests"]] == [None, "email"]


#: Words for a copy: a minor is never told to keep a copy of the images, so every
#: mention of a copy in what a minor reads names what it is a copy of (the letter).
COPY = re.compile(r"[^.]*\b(?:copy|kopie)\b[^.]*", re.I)


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("basis", ["dsa-16", "ncii-policy"])
def test_a_minor_is_told_to_keep_a_copy_of_the_letter_only(cli, lang, basis):
    args = ["--lang", lang, "letter", "--basis", basis, "--lang", lang, "--minor"]
    args += ["--url", "https://x.com/a/status/1", "--name", "Sam", "--email", "s@example.nl"]
    result = cli(*args)
    assert result.code == 0, result.stderr
    mentions = COPY.findall(" ".join(result.stderr.split()))
    assert mentions
    for sentence in mentions:
        if "kopieën" in sentence or "copies" in sentence:
            continue  # copies other people made, to be removed
        assert re.search(r"\b(?:letter|brief)\b", sentence), sentence
    assert "(network of hotlines)" not in result.stderr


def test_a_web_scan_that_finds_copies_prints_the_command_that_keeps_them(cli, server, wide):
    case_id = cli("case", "new", "Sam", "--json").json_lines()[0]["id"]
    assert cli("hash", PHOTOS / "coffee.png", "--case", case_id, "--json").code == 0
    page = server.url("/page/og")
    result = cli("--lang", "nl", "scan", page, "--case", case_id, "--allow-private")
    assert result.code == 0, result.stderr
    (line,) = [x for x in result.stderr.splitlines() if x.startswith("Leg de webadressen")]
    words = shlex.split(line.split(": ", 1)[1])
    assert words == ["leakhelp", "--lang", "nl", "sighting", "add", case_id, page]
    assert cli(*words[1:]).code == 0  # the printed command works as it is
    shown = cli("sighting", "list", case_id, "--json").json_lines()
    assert [s["url"] for s in shown] == [page]

    again = cli("scan", page, "--case", case_id, "--allow-private", "--record")
    assert "sighting add" not in again.stderr  # kept already: nothing left to say


def test_a_video_is_not_counted_as_an_image(cli, tmp_path):
    from videogen import still_video

    clip = still_video(tmp_path / "clip.mp4", PHOTOS / "coffee.png", seconds=1.0)
    result = cli("--lang", "nl", "hash", clip)
    assert result.code == 0, result.stderr
    said = " ".join(result.stderr.split())
    assert "1 bestand voorzien van vingerafdrukken" in said
    assert "afbeelding" not in said.split("niet te lezen")[0]


def test_an_import_says_what_to_do_next_with_a_command_that_works(cli, tmp_path, wide):
    case_id = cli("case", "new", "Sam", "--json").json_lines()[0]["id"]
    assert cli("hash", PHOTOS / "coffee.png", "--case", case_id, "--json").code == 0
    export = tmp_path / "sam.json"
    assert cli("export", "--case", case_id, "-o", export).code == 0
    result = cli("--lang", "nl", "import", export)
    assert result.code == 0, result.stderr
    new_id = result.stdout.strip()
    (line,) = [x for x in result.stderr.splitlines() if x.startswith("Volgende stap")]
    words = shlex.split(line.rsplit(": ", 1)[1])
    assert words == ["leakhelp", "--lang", "nl", "scan", "--case", new_id]
    found = cli(*words[1:], PHOTOS / "coffee.png", "--json").json_lines()
    assert [row["match"] for row in found] == ["strong"]


def test_a_letter_without_an_address_to_send_to_says_it_once(cli, wide):
    args = ["--lang", "nl", "letter", "--basis", "gdpr-17", "--url", "https://example.com/a"]
    result = cli(*args, "--lang", "nl", "--name", "A", "--email", "a@example.nl", "--format", "eml")
    assert result.code == 1
    said = " ".join(result.stderr.split())
    assert "--to (het e-mailadres om hem naar te sturen)" in said
    assert "))" not in said  # no remark in brackets inside brackets


def test_help_for_a_minor_is_said_once_and_does_not_send_them_in_a_circle(cli):
    said = cli("--lang", "nl", "support", "--minor", "--country", "NL").stdout
    assert said.count("screenshot") == said.count("geen screenshots van de beelden") + 1
    assert "leakhelp support --minor" not in said  # the command they just typed
    assert "(telefoonnummer niet bevestigd)" in said
    assert "niet bevestigd: 0" not in said  # a number is not repeated as a remark
