"""Every command leakhelp prints works when pasted, on the same data folder.

A journey runs with ``--home`` naming a folder with a space and a quote in its
name; every command it prints (text on stdout/stderr, and the ``next``/``command``
fields of JSON lines) is then run exactly as pasted, through bash, in a shell
that knows no $LEAKHELP_HOME and whose $HOME is an empty folder: leakhelp would
make a new, empty store there if the command lost the data folder.
"""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from test_tour import printed_commands

from conftest import PHOTOS

#: Words of the answers that say a command looked in another (empty) data folder.
NOT_FOUND = ("no case with id", "geen dossier met", "no request with id", "geen verzoek met")


def _json_texts(value: Any) -> list[str]:
    """Every string in a JSON value (the ``next`` steps and their ``command`` fields)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for item in value.values() for text in _json_texts(item)]
    if isinstance(value, list):
        return [text for item in value for text in _json_texts(item)]
    return []


def _commands_in(stdout: str, stderr: str) -> list[str]:
    texts = [stderr]
    for line in stdout.splitlines():
        try:
            texts += _json_texts(json.loads(line))
        except ValueError:
            texts.append(line)
    return printed_commands("\n".join(texts))


@pytest.fixture
def journey(cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Run a journey on ``--home "<tmp>/it's my data"``; the commands it printed, in order."""
    monkeypatch.delenv("LEAKHELP_HOME")
    monkeypatch.setenv("COLUMNS", "300")
    home = tmp_path / "it's my data"

    def run(*extra: str) -> tuple[Path, list[str]]:
        printed: list[str] = []

        def step(*args: object) -> str:
            result = cli("--home", home, *extra, *args)
            printed.extend(_commands_in(result.stdout, result.stderr))
            return result.stdout

        step("cases")  # none yet: how to start one
        case_id = step("case", "new", "Sam", "--country", "NL", "--json")
        case_id = json.loads(case_id.splitlines()[0])["id"]
        step("case", "show", case_id)
        step("case", "profile", case_id)
        step("hash", PHOTOS / "coffee.png")  # no --case: nothing kept, how to keep it
        step("request", "draft", case_id)  # nothing to write yet
        step("sighting", "list", case_id)
        step("sighting", "add", case_id, "https://x.com/iemand/status/1")
        step("request", "draft", case_id)  # no name or e-mail yet
        step("case", "profile", case_id, "--name", "Sam Voorbeeld", "--email", "sam@example.org")
        step("request", "draft", case_id)
        step("case", "show", case_id)
        step("case", "show", case_id, "--json")
        step("request", "answer", "1", "--outcome", "refused")  # not sent yet
        step("request", "sent", "1", "--at", "2026-01-12 10:00")
        step("case", "show", case_id)  # past its deadline: a reminder
        step("case", "show", case_id, "--json")
        step("request", "answer", "1", "--outcome", "refused")
        step("case", "show", case_id)  # another legal basis
        step("case", "show", case_id, "--json")
        step("case", "show", "no-such-case")  # the error's hint: where to see the cases
        step("request", "show", "99")  # ... and the requests
        step(
            "letter", "--basis", "dsa-16", "--platform", "no-such-site", "--url", "https://x.org/a"
        )
        step("support", "--country", "NL")  # the sextortion hint: how to keep track of it
        return home, printed

    return run


def _paste(command: str, *, cwd: Path, empty_home: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "LEAKHELP_HOME"}
    env["HOME"] = str(empty_home)
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    env.pop("XDG_DATA_HOME", None)
    return subprocess.run(
        ["bash", "-c", command], cwd=cwd, env=env, capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize("lang", [None, "nl"])
def test_every_printed_command_pasted_acts_on_the_same_data_folder(journey, tmp_path, lang):
    home, printed = journey(*(["--lang", lang] if lang else []))
    commands = list(dict.fromkeys(printed))  # each once, in the order first printed
    for expected in (
        "case new", "request sent 1", "remind 1", "escalate 1", "draft", "profile",
        "request list", "platforms list",  # from errors' hints
        "--kind sextortion",
    ):  # fmt: skip
        assert any(expected in c for c in commands), (expected, commands)
    elsewhere = tmp_path / "an empty home"
    elsewhere.mkdir()
    for command in commands:
        words = shlex.split(command)
        assert words[1:3] == ["--home", str(home)], command
        if lang:
            assert words[3:5] == ["--lang", lang], command
        done = _paste(command, cwd=elsewhere, empty_home=elsewhere)
        said = done.stdout + done.stderr
        assert not any(words in said for words in NOT_FOUND), (command, said)
        assert "Traceback" not in said, (command, said)
        assert list(elsewhere.iterdir()) == [], f"{command} made a data folder elsewhere"
        # Run after the journey, a step may be done already ("request 1 is already
        # refused"): that answer, too, comes from this folder. It must parse, though,
        # except "sighting add ID", which asks for the web addresses after it.
        if "sighting add" not in command:
            assert "Usage:" not in said, (command, said)
        if words[-2:] in (["case", "show"], ["cases"]) or " case show " in command:
            assert done.returncode == 0, (command, said)


def test_a_command_to_paste_is_not_broken_over_lines_in_a_narrow_terminal(
    cli, tmp_path, monkeypatch
):
    monkeypatch.setenv("COLUMNS", "40")
    home = tmp_path / "my data"
    case_id = cli("--home", home, "case", "new", "Sam", "--json").json_lines()[0]["id"]
    shown = cli("--home", home, "case", "show", case_id)
    assert shown.code == 0, shown.stderr
    lines = (shown.stdout + shown.stderr).splitlines()
    pasted = f"leakhelp --home {shlex.quote(str(home))} sighting add {case_id}"
    assert any(line.rstrip().endswith(pasted) for line in lines), lines
    assert any(len(line) > 40 for line in lines)  # the console would have broken it
