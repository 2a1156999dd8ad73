"""Errors about letters, web addresses and platforms, in Dutch and in English.

The English text (``str(error)``, JSON lines) is what it was; the reader gets
the same error in their language, with the same exit code.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from leakhelp.errors import ExitCode, InputError, LeakhelpError, UsageError
from leakhelp.letters import LetterFields, check_letter_url, clean_fields
from leakhelp.registry import host_of

from conftest import CliResult

Cli = Callable[..., CliResult]
LETTER = ("letter", "--basis", "ncii-policy", "--name", "Sam")


def _only_line(result: CliResult, prefix: str) -> str:
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(prefix), result.stderr
    return lines[0]


@pytest.mark.parametrize(
    ("args", "code", "dutch", "english"),
    [
        (
            ("--url", "ftp://x.example/a", "--email", "sam@example.org"),
            ExitCode.INPUT_FAILED,
            "Fout: de URL 'ftp://x.example/a' moet beginnen met https:// of http://",
            "Error: the URL 'ftp://x.example/a' must start with https:// or http://",
        ),
        (
            ("--url", "https://x.example/a", "--email", "sam@example"),
            ExitCode.INPUT_FAILED,
            "Fout: 'sam@example' is geen geldig e-mailadres (email)",
            "Error: 'sam@example' is not a valid e-mail address (email)",
        ),
        (
            ("--url", "https://x.example/a", "--email", "sam@example.org", "--platform", "nope"),
            ExitCode.USAGE,
            # the command to paste repeats the --lang given
            "Fout: onbekend platform 'nope'. Bekijk de lijst met: leakhelp --lang nl platforms list",
            "Error: unknown platform 'nope'. See the list with: leakhelp --lang en platforms list",
        ),
        (
            ("--url", "https://x.example/a", "--email", "sam@example.org", "--country", "NLD"),
            ExitCode.INPUT_FAILED,
            "Fout: het land moet een code van twee letters zijn",
            "Error: country must be a two-letter code such as NL, BE, UK or US, not 'NLD'",
        ),
    ],
    ids=["scheme", "email", "platform", "country"],
)
def test_letter_errors_in_both_languages(
    cli: Cli, args: tuple[str, ...], code: int, dutch: str, english: str
) -> None:
    nl = cli("--lang", "nl", *LETTER, *args)
    en = cli("--lang", "en", *LETTER, *args)
    assert nl.code == en.code == code
    assert _only_line(nl, "Fout: ").startswith(dutch)
    assert _only_line(en, "Error: ") == english
    assert nl.stdout == en.stdout == ""


def test_an_encoded_word_in_an_email_header_is_named_in_dutch(cli: Cli) -> None:
    args = ("--url", "https://x.example/a", "--email", "sam@example.org", "--to", "a@b.example")
    args += ("--format", "eml")
    nl = cli("--lang", "nl", "letter", "--basis", "ncii-policy", "--name", "=?utf-8?q?x?=", *args)
    assert nl.code == ExitCode.INPUT_FAILED
    assert _only_line(nl, "Fout: naam: bevat '=?...?='")


@pytest.mark.parametrize(
    ("raise_it", "english", "dutch"),
    [
        (lambda: host_of(""), "empty URL", "lege URL"),
        (lambda: host_of("https://"), "no host name in the URL", "geen hostnaam in de URL"),
        (lambda: host_of("https://a\x01b/"), "control characters", "stuurtekens"),
        (lambda: check_letter_url("https://x.example/a b"), "contains spaces", "bevat spaties"),
        (
            lambda: clean_fields(LetterFields(name="x" * 100_000)),
            "the name field is too long",
            "het veld name is te lang",
        ),
        (
            lambda: clean_fields(LetterFields(name="a\nb"), fmt="eml"),
            "could add headers",
            "kan headers toevoegen",
        ),
    ],
)
def test_library_errors_keep_english_and_speak_dutch(
    raise_it: Callable[[], object], english: str, dutch: str
) -> None:
    with pytest.raises((InputError, UsageError)) as caught:
        raise_it()
    error: LeakhelpError = caught.value
    assert error.key is not None
    assert english in str(error) and english in error.text("en")
    assert dutch in error.text("nl")


def test_request_draft_shows_a_letter_error_in_dutch(cli: Cli) -> None:
    """``request draft`` goes on past a letter it cannot write; its line is Dutch too."""
    case = cli("case", "new", "Sam", "--json").json_lines()[0]["id"]
    profile = ("case", "profile", case, "--name", "=?utf-8?q?x?=", "--email", "sam@example.com")
    assert cli(*profile).code == 0
    assert cli("sighting", "add", case, "https://www.reddit.com/r/x/comments/abc").code == 0
    draft = ("request", "draft", case, "--basis", "ncii-policy", "--format", "eml")
    nl = cli("--lang", "nl", *draft)
    en = cli("--lang", "en", *draft)
    assert nl.code == en.code == ExitCode.INPUT_FAILED
    assert "Fout: Reddit: naam: bevat '=?...?='" in nl.stderr
    assert "Error: Reddit: the name contains '=?...?=' (encoded-word syntax)" in en.stderr
    as_json = cli("--lang", "nl", *draft, "--json").json_lines()
    assert as_json[0]["error"].startswith("the name contains '=?...?='")  # JSON stays English


def test_urls_from_a_missing_file_is_dutch(cli: Cli, tmp_path: Path) -> None:
    args = (*LETTER, "--email", "sam@example.org", "--urls-from", tmp_path / "weg.txt")
    nl = cli("--lang", "nl", *args)
    en = cli("--lang", "en", *args)
    assert nl.code == en.code == ExitCode.INPUT_FAILED
    line = _only_line(nl, "Fout: kan ")
    assert "weg.txt niet lezen: " in line
    assert _only_line(en, "Error: cannot read ")


def test_an_unknown_case_kind_is_dutch(cli: Cli) -> None:
    nl = cli("--lang", "nl", "case", "new", "Sam", "--kind", "nope")
    en = cli("--lang", "en", "case", "new", "Sam", "--kind", "nope")
    assert nl.code == en.code == ExitCode.USAGE
    assert _only_line(nl, "Fout: --kind moet een van deze zijn: ")
    assert _only_line(en, "Error: --kind must be one of: ")


def test_an_unknown_basis_or_format_is_dutch(cli: Cli) -> None:
    url = ("--url", "https://x.example/a")
    nl = cli("--lang", "nl", "letter", "--basis", "foo", *url)
    en = cli("--lang", "en", "letter", "--basis", "foo", *url)
    assert nl.code == en.code == ExitCode.USAGE
    assert _only_line(nl, "Fout: onbekende rechtsgrond 'foo'; kies een van: ncii-policy")
    assert _only_line(en, "Error: unknown basis 'foo'; choose one of: ncii-policy")
    nl = cli("--lang", "nl", "letter", "--basis", "dmca", "--format", "pdf", *url)
    assert nl.code == ExitCode.USAGE
    assert _only_line(nl, "Fout: --format moet een van deze zijn: txt, md, eml, form")
