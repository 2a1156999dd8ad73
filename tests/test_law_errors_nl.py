"""A broken file of the user's own (platforms.yaml, support.yaml, a letter
template, config.toml) is explained in the reader's language; the English
text (``str(error)``, JSON lines) stays as it was."""

from __future__ import annotations

import ast
from collections.abc import Callable
from pathlib import Path

import pytest

import leakhelp.errors as errors_module
from leakhelp.errors import ExitCode, LeakhelpError
from leakhelp.i18n import has

from conftest import CliResult

Cli = Callable[..., CliResult]
SRC = Path(__file__).resolve().parents[1] / "src" / "leakhelp"


def _both(cli: Cli, *args: str) -> tuple[CliResult, CliResult]:
    return cli("--lang", "nl", *args), cli("--lang", "en", *args)


@pytest.mark.parametrize(
    ("name", "text", "command", "dutch", "english"),
    [
        (
            "platforms.yaml",
            "version: 1\nplatforms:\n  - {id: mine}\n",
            ("platforms", "list"),
            "item 1 (id 'mine'): het veld 'name' ontbreekt",
            "entry 1 (id 'mine'): missing field 'name'",
        ),
        (
            "platforms.yaml",
            "version: 1\nplatforms: [\n",
            ("platforms", "list"),
            "geen geldige YAML op regel 3, kolom 1",
            "not valid YAML at line 3, column 1",
        ),
        (
            "support.yaml",
            "version: 1\nentries:\n  - {id: school, country: NL, name: X, kind: nope, what: {en: a}, "
            "confidence: V, checked: 2026-01-01}\n",
            ("support", "--country", "NL"),
            "item 1 (id 'school'): veld 'kind' moet een van deze zijn: helpline",
            "entry 1 (id 'school'): field 'kind' must be one of helpline",
        ),
        (
            "takedown_templates/ncii-policy.{lang}.j2",
            "no header here",
            ("letter", "--basis", "ncii-policy", "--url", "https://x.example/a"),
            "sjabloon 'ncii-policy.nl.j2' heeft geen kop '{#- leakhelp ... -#}'",
            "template 'ncii-policy.en.j2' has no '{#- leakhelp ... -#}' header",
        ),
        (
            "config.toml",
            "[deadlines]\ngdpr-17 = 10\n",
            ("request", "sent", "1"),
            "de termijn voor gdpr-17 staat in de wet",
            "the deadline for gdpr-17 is set by law",
        ),
    ],
    ids=["registry-field", "registry-yaml", "support", "template", "config"],
)  # fmt: skip
def test_a_broken_file_of_ones_own_is_explained_in_dutch(
    cli: Cli, leakhelp_home: Path, name: str, text: str, command: tuple[str, ...],
    dutch: str, english: str,
) -> None:  # fmt: skip
    leakhelp_home.mkdir(mode=0o700, parents=True, exist_ok=True)
    for lang in ("nl", "en"):  # a letter template is one file per language
        path = leakhelp_home / name.format(lang=lang)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    if command[:2] == ("request", "sent"):  # the settings are read when a deadline is set
        _draft_a_request(cli)
    nl, en = _both(cli, *command)
    assert nl.code == en.code != ExitCode.OK
    assert dutch in " ".join(nl.stderr.split()), nl.stderr
    assert english in " ".join(en.stderr.split()), en.stderr
    assert "Traceback" not in nl.stderr + en.stderr


def _draft_a_request(cli: Cli) -> None:
    case = cli("case", "new", "Sam", "--country", "NL", "--json").json_lines()[0]["id"]
    assert cli("case", "profile", case, "--name", "Sam", "--email", "sam@example.org").code == 0
    assert cli("sighting", "add", case, "https://www.reddit.com/r/x/comments/abc").code == 0
    assert cli("request", "draft", case, "--basis", "gdpr-17").code == 0


# -- every error of these modules carries a message key --------------------------
_MODULES = ("law.py", "registry.py", "letters.py", "support.py", "tracking.py")
_LEAKHELP_ERRORS = {
    name
    for name, value in vars(errors_module).items()
    if isinstance(value, type) and issubclass(value, LeakhelpError)
}


def _raised_texts(path: Path) -> list[tuple[int, str]]:
    """(line, first argument) of every LeakhelpError raised with a plain string."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if not (isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call)):
            continue
        func = node.exc.func
        name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
        if name not in _LEAKHELP_ERRORS or not node.exc.args:
            continue
        first = node.exc.args[0]
        if isinstance(first, ast.JoinedStr):
            found.append((node.lineno, ast.unparse(first)))
        elif (
            isinstance(first, ast.Constant)
            and isinstance(first.value, str)
            and not has(first.value)
        ):
            found.append((node.lineno, first.value))
    return found


@pytest.mark.parametrize("module", _MODULES)
def test_errors_carry_a_message_key_not_english_text(module: str) -> None:
    assert _raised_texts(SRC / module) == []


def test_the_key_check_can_fail(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        'raise UsageError(f"{x} is wrong")\nraise RegistryError("no such key here")\n'
        'raise UsageError("letter.error.basis", basis="x", choices="y")\n'
    )
    assert [line for line, _ in _raised_texts(sample)] == [1, 2]
