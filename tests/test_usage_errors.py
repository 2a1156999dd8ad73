"""Mistakes in a command line read fully in Dutch for a Dutch reader, and stay English."""

from __future__ import annotations

import enum
import re
from pathlib import Path
from typing import Annotated, Any

import pytest
import typer
from typer._click.exceptions import BadParameter

from leakhelp.cli import coercion, helptext
from leakhelp.cli.usage import usage_error_text

URL = "https://example.org/a"

#: Words the parser writes in English; none may reach a Dutch reader.
ENGLISH = (
    "Error",
    "Usage",
    "Invalid",
    "Input should",
    "Did you mean",
    "No such",
    "Missing",
    "Got unexpected",
    "requires",
    "does not",
    "Possible",
    "Try ",
    "is not one of",
)

#: Words Dutch and English share, so they prove nothing.
SHARED = {"argument"}


@pytest.mark.parametrize(
    ("args", "dutch", "english"),
    [
        (["check", "--timeout", "abc", URL], "dat is geen getal", "valid number"),
        (["hash", "--workers", "1.5", "x.jpg"], "geen heel getal", "valid integer"),
        (["sighting", "removed", "5", "x"], "voor ID: dat is geen heel", "valid integer"),
        (["check", "--json=yes", URL], "--json krijgt geen waarde", "does not take a value"),
        (["hash", "--workers", "0", "x.jpg"], "minstens 1", "greater than or equal to 1"),
        (["check", "--concurrency", "999", URL], "hoogstens 256", "less than or equal to 256"),
        (["check", "--tmeout", "3", URL], "Bedoel je --timeout?", "No such option: --tmeout"),
        (["check", "-x", URL], "Onbekende optie: -x", "No such option: -x"),
        (["case", "shw"], "Onbekende opdracht: 'shw'. Bedoel je 'show'?", "Did you mean 'show'?"),
        (["frob"], "Onbekende opdracht: 'frob'", "No such command 'frob'"),
        (["case"], "Er ontbreekt een opdracht. Kies er een uit: new, list, show", "Usage:"),
        (["hash"], "Het argument PATH ontbreekt", "Missing argument"),
        (["letter", "--platform", "x"], "De optie '--basis' ontbreekt", "Missing option"),
        (["check", "--timeout"], "Na --timeout hoort een waarde", "requires an argument"),
        (["case", "show", "a", "b", "c"], "hoort er niet bij: b c", "unexpected extra"),
    ],
)
def test_a_mistake_in_the_command_line_is_said_in_dutch_and_in_english(
    cli: Any, args: list[str], dutch: str, english: str
) -> None:
    nl = cli("--lang", "nl", *args)
    en = cli("--lang", "en", *args)
    assert nl.code == en.code == 2
    assert dutch in nl.stderr
    if "Usage: leakhelp" in en.stderr:  # the parser knew which command it was
        assert "Gebruik: leakhelp" in nl.stderr and "Probeer 'leakhelp" in nl.stderr
    for phrase in ENGLISH:
        assert phrase not in nl.stderr, phrase
    # Every English word of the parser's message (not a name typed in) is gone in Dutch.
    said = " ".join(line for line in en.stderr.splitlines() if line.startswith("Error:"))
    said = re.sub(r"'[^']*'|--?[\w-]+", " ", said)  # names: of options, commands, values
    typed = {word for arg in args for word in re.findall(r"[A-Za-z]+", arg)}
    for word in set(re.findall(r"[A-Za-z]{4,}", said)) - typed - SHARED:
        assert not re.search(rf"\b{word}\b", nl.stderr), word
    assert english in en.stderr and "Fout" not in en.stderr and "Gebruik" not in en.stderr


def test_a_dutch_locale_is_enough(cli: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LEAKHELP_LANG")
    for name in ("LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "nl_NL.UTF-8")
    result = cli("check", "--timeout", "abc", URL)
    assert result.code == 2
    assert "Fout: Ongeldige waarde voor '--timeout': dat is geen getal" in result.stderr


class Colour(enum.Enum):
    red = "red"
    blue = "blue"


def _parser_error(*args: str) -> Exception:
    """The usage error typer's own parser raises for ``args`` (choices and checked paths,
    which no leakhelp command has yet)."""
    helptext.install()
    coercion.install()
    app = typer.Typer()

    @app.command()
    def pick(
        colour: Annotated[Colour, typer.Option()] = Colour.red,
        src: Annotated[Path | None, typer.Option(exists=True, dir_okay=False)] = None,
        out: Annotated[Path | None, typer.Option(file_okay=False)] = None,
        keep: Annotated[Path | None, typer.Option(readable=True)] = None,
    ) -> None:
        """Pick."""

    @app.command()
    def other() -> None:
        """Other."""

    with pytest.raises(typer.TyperException) as caught:
        typer.main.get_command(app).main(list(args), standalone_mode=False)
    return caught.value


@pytest.mark.parametrize(
    ("args", "dutch", "english"),
    [
        (["pick", "--colour", "green"], "'green' kan niet; kies uit 'red', 'blue'", "not one of"),
        (["pick", "--src", "{tmp}/none"], "/none' bestaat niet", "does not exist"),
        (["pick", "--src", "{tmp}"], "is een map, en hier hoort een bestand", "is a directory"),
        (["pick", "--out", "{tmp}/file"], "is een bestand, en hier hoort een map", "is a file"),
    ],
)
def test_choices_and_paths_are_said_in_dutch(
    tmp_path: Path, args: list[str], dutch: str, english: str
) -> None:
    (tmp_path / "file").write_text("x")
    error = _parser_error(*[a.replace("{tmp}", str(tmp_path)) for a in args])
    text = usage_error_text(error, "nl")
    assert dutch in text
    assert text.startswith("Ongeldige waarde voor '--")
    for phrase in ENGLISH:
        assert phrase not in text, phrase
    assert english in error.format_message()  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("ending", "dutch"),
    [("is not readable.", "mag niet gelezen worden"), ("is not writable.", "mag niet geschreven")],
)
def test_a_path_that_may_not_be_used_is_said_in_dutch(ending: str, dutch: str) -> None:
    # Worded as typer's path check words it; the check itself cannot fail for root,
    # which may read and write every file, so the words are given here.
    error = BadParameter(f"file '/x/letter.txt' {ending}", param_hint="'--keep'")
    text = usage_error_text(error, "nl")
    assert text == "Ongeldige waarde voor '--keep': " + (
        "'/x/letter.txt' mag niet gelezen worden"
        if "readable" in ending
        else "in '/x/letter.txt' mag niet geschreven worden"
    )
    assert dutch in text
