"""A whole tour as a Dutch user: every message Dutch, every printed command pasteable."""

from __future__ import annotations

import re
import shlex

import pytest
import typer
import typer._click.core as click_core
from typer._click.exceptions import ClickException
from typer.core import TyperGroup

from leakhelp.cli import app
from leakhelp.support import load_support

from conftest import PHOTOS

#: Words that give English away in a Dutch message (whole words, case-sensitive
#: where English capitalises). URLs and file names are taken out first.
#: ("online" is not here: Dutch says "online" too; "still" catches "still online".)
ENGLISH = (
    "the", "and", "with", "were", "are", "not", "found", "drafted", "refused", "partial", "your",
    "you", "this", "that", "has", "have", "nothing", "There", "address", "letter", "checked", "added", "removed",
    "acknowledged", "settled", "days", "Error", "Request", "request", "sighting", "still",
    "Case", "case", "file", "image", "images", "could", "to", "for", "sent",
    "waiting", "reminder", "unknown", "unreachable", "yes", "no", "fingerprints", "Done",
    "Next", "Waiting",
)  # fmt: skip
_URL = re.compile(r"(?:https?://|file://|/)\S+")
COMMAND_NAMES = "|".join(
    sorted(
        {c.name for c in typer.main.get_command(app).commands.values() if c.name},  # type: ignore[attr-defined]
        key=len,
        reverse=True,
    )
)
#: A global option a printed command repeats (--home, --lang), its value shell-quoted.
_GLOBAL = r"--(?:home|lang) (?:'[^']*'|\"[^\"]*\"|[^\s'\"])+ "
#: A leakhelp command in a message: from "leakhelp <command>" to the end of the
#: line, the end of the sentence or a closing bracket.
_COMMAND = re.compile(rf"leakhelp (?:{_GLOBAL})*(?:{COMMAND_NAMES})\b(?:[^\n.)]|\.(?=\S))*")


def _parse(args: list[str]) -> None:
    """Parse a command line the way leakhelp would, without running it."""
    command: click_core.Command = typer.main.get_command(app)
    ctx = command.make_context("leakhelp", list(args), resilient_parsing=False)
    while isinstance(command, TyperGroup):
        rest = [*ctx._protected_args, *ctx.args]  # type: ignore[attr-defined]
        if not rest:
            break
        name, sub, rest = command.resolve_command(ctx, rest)
        assert sub is not None, args
        command = sub
        ctx = sub.make_context(name or "", rest, parent=ctx, resilient_parsing=False)


def printed_commands(text: str) -> list[str]:
    """The commands a message asks the user to run (not the parser's usage lines)."""
    text = "\n".join(
        line for line in text.splitlines() if not line.startswith(("Usage:", "Try ", "Probeer "))
    )
    return [m.group(0).rstrip(" :;,)") for m in _COMMAND.finditer(text)]


def check_commands(text: str) -> list[str]:
    found = printed_commands(text)
    for command in found:
        try:
            args = shlex.split(command)[1:]
        except ValueError:
            pytest.fail(f"not a command the shell can read: {command!r}")
        for arg in args:
            assert not re.fullmatch(r"[A-Z]{2,}", arg), f"placeholder {arg!r} in: {command}"
            assert "|" not in arg and not arg.startswith("["), f"placeholder in: {command}"
        try:
            _parse(args)
        except click_core.Exit:
            pass
        except ClickException as exc:
            pytest.fail(f"{command!r} does not parse: {exc.format_message()}")
    return found


def english_words(text: str) -> set[str]:
    text = _COMMAND.sub(" ", _URL.sub(" ", text))
    words = set(re.findall(r"[A-Za-z][A-Za-z,]*", re.sub(r"--[a-z-]+", " ", text)))
    return words & set(ENGLISH)


@pytest.fixture
def tour(cli, tmp_path, monkeypatch):
    """Run a user's tour in ``lang``; returns every message shown, per command."""
    monkeypatch.setenv("COLUMNS", "300")

    def run(lang: str) -> dict[str, tuple[str, str]]:
        shown: dict[str, tuple[str, str]] = {}

        def step(*args: object) -> str:
            result = cli("--lang", lang, *args)
            shown[" ".join(str(a) for a in args)] = (result.stdout, result.stderr)
            return result.stdout

        case_id = step("case", "new", "Sam", "--country", "NL").strip().splitlines()[0]
        step("cases")
        step("case", "list")
        step("hash", PHOTOS / "coffee.png", "--case", case_id)
        step("hash", tmp_path / "bestaat-niet.jpg", "--case", case_id)
        step("scan", PHOTOS / "coffee.png", PHOTOS / "rocket.jpg", "--case", case_id, "--all")
        step("case", "profile", case_id, "--minor")
        step("case", "show", case_id)
        step("case", "profile", case_id)
        step("sighting", "add", case_id, "https://x.com/iemand/status/1", "geen adres")
        step("sighting", "list", case_id)
        step("request", "list", case_id)
        step("request", "draft", case_id)
        step("case", "profile", case_id, "--name", "Sam Voorbeeld", "--email", "sam@example.org")
        step("request", "draft", case_id)
        step("request", "list", case_id)
        step("case", "show", case_id)
        step("request", "sent", "1", "--at", "2026-01-12 10:00")
        step("request", "ack", "1", "--reference", "T-1")
        step("request", "answer", "1", "--outcome", "refused")
        step("case", "show", case_id)
        step("overdue")
        step("stats")
        step("report", case_id, "--format", "md")
        step("case", "show", "c-bestaat-niet")
        step("request", "sent", "99")
        step("sighting", "removed", "1")
        step("sighting", "list", case_id)
        step("export", case_id, "-o", tmp_path / "export.json")
        step("support")
        step("case", "show", case_id, "--json")
        step("request", "list", case_id, "--json")
        step(
            "letter",
            "--case",
            case_id,
            "--basis",
            "ncii-policy",
            "--platform",
            "x",
            "--format",
            "form",
        )
        step("letter", "--case", case_id, "--platform", "x")  # no --basis: a parser error
        step("platforms", "which", "https://x.com/iemand/status/1")
        step("case", "forget", case_id, "--yes")
        return shown

    return run


def test_every_printed_command_parses_and_has_no_placeholders(tour):
    found: list[str] = []
    for command, (out, err) in tour("en").items():
        if "--format form" in command:  # the letter itself: its text is the platform's
            out = ""
        found += check_commands(out + err)
    assert any(c.startswith("leakhelp --lang en request sent 1") for c in found), found
    assert any("leakhelp --lang en request escalate 1 --to " in c for c in found), found


def test_the_dutch_tour_has_no_english_words(tour):
    problems = {}
    for command, (out, err) in tour("nl").items():
        if command.startswith("report") or "--json" in command:
            # The report carries the English headings too; JSON is for programs.
            continue
        shown = out + err
        if command.startswith("support"):
            # Services are called by their own names ("Report Remove (Childline and
            # IWF)"): a name is not a message, so names are left out; all else is read.
            for entry in load_support():
                shown = shown.replace(entry.name, " ")
        words = english_words(shown)
        if words:
            problems[command] = sorted(words)
    assert problems == {}


FOOTER = ("You are not alone", "Je staat er niet alleen voor")


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_you_are_not_alone_once_at_most_never_in_json_forms_or_counsellor_commands(tour, lang):
    for command, (out, err) in tour(lang).items():
        count = sum((out + err).count(line) for line in FOOTER)
        assert count <= 1, command
        if command != "support":  # the support page says it in its own words
            assert not any(line in out for line in FOOTER), command  # not in a letter
        if "--json" in command or command in ("cases", "stats"):
            assert count == 0, command


def _command_paths(command: object, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = [path]
    for name, sub in getattr(command, "commands", {}).items():
        found += _command_paths(sub, (*path, name))
    return found


@pytest.mark.parametrize(
    "path", _command_paths(typer.main.get_command(app)), ids=lambda p: " ".join(p) or "leakhelp"
)
def test_help_shows_plain_names_and_whole_sentences(cli, monkeypatch, path):
    monkeypatch.setenv("COLUMNS", "80")
    result = cli(*path, "--help")
    assert result.code == 0
    text = result.stdout
    assert not re.search(r"<[a-z][^>]*>|\{[a-z_]+\}|list\[|x>=", text), text
    for line in text.splitlines():
        words = line.split()
        if words and words[-1].endswith("...") and not words[-1].isupper():
            pytest.fail(f"a description is cut short: {line!r}")


def test_after_a_refusal_the_next_step_is_another_route_written_in_full(cli, monkeypatch):
    monkeypatch.setenv("COLUMNS", "300")
    case_id = cli("case", "new", "Sam", "--country", "NL").stdout.strip()
    cli("case", "profile", case_id, "--name", "Sam Example", "--email", "sam@example.org")
    cli("sighting", "add", case_id, "https://x.com/a/status/1")
    cli("request", "draft", case_id)
    cli("request", "sent", "1")
    cli("request", "answer", "1", "--outcome", "refused")
    shown = cli("case", "show", case_id).stdout
    commands = check_commands(shown)
    assert "leakhelp request escalate 1 --to dsa-appeal" in commands
    assert not any(c.startswith("leakhelp request sent") for c in commands)
    drafts = [c for c in commands if c.startswith("leakhelp request draft")]
    assert drafts == [f"leakhelp request draft {case_id} --basis dsa-16 --platform x"]
    (step,) = [s for s in cli("request", "show", "1", "--json").json_lines()]
    assert step["next_step"]["kind"] == "escalate"
    # The suggested command, pasted, writes a letter on the other basis.
    assert cli(*shlex.split(drafts[0])[1:]).code == 0
    requests = cli("request", "list", case_id, "--json").json_lines()
    assert [r["basis"] for r in requests] == ["ncii-policy", "dsa-16"]
