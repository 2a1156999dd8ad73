"""Small command-line edges: --timeout bounds, ``-o -`` as the standard output, and
the errors of writing files and of the leakhelp folder, in Dutch and English."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from leakhelp.api import Workspace
from leakhelp.errors import OutputError, StoreError
from leakhelp.paths import prepare_home, write_private_file

from conftest import PHOTOS, CliResult

Cli = Callable[..., CliResult]


@pytest.mark.parametrize("given", ["inf", "nan", "-1", "0", "-inf", "1e9"])
@pytest.mark.parametrize("command", ["check", "scan"])
def test_a_timeout_that_is_no_usable_number_of_seconds_is_one_line(
    cli: Cli, command: str, given: str
) -> None:
    extra = ["--fingerprints", "x.json"] if command == "scan" else []
    for lang, words in (("en", "must be a number of seconds"), ("nl", "moet een aantal seconden")):
        result = cli(
            "--lang", lang, command, "https://example.invalid/x", *extra, f"--timeout={given}"
        )
        assert result.code == 2, result.stderr
        assert result.stdout == ""
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and words in lines[0], result.stderr


def _case_with_a_photo(cli: Cli) -> str:
    case = str(cli("case", "new", "Sam", "--json").json_lines()[0]["id"])
    assert cli("hash", PHOTOS / "coffee.png", "--case", case).code == 0
    return case


def test_export_to_dash_writes_the_standard_output_and_no_file(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    case = _case_with_a_photo(cli)
    result = cli("export", "--case", case, "-o", "-")
    assert result.code == 0, result.stderr
    assert json.loads(result.stdout)["format"] == "leakhelp-fingerprints"
    assert "standard output" in result.stderr
    assert not (tmp_path / "-").exists()
    # the standard output is no file of the case: a file named "-" made later is not its export
    (tmp_path / "-").write_text("someone else's file")
    with Workspace() as ws:
        assert ws.outputs(case) == []
    (tmp_path / "-").unlink()
    refused = cli("--lang", "nl", "export", "--case", case, "-o", "-", "--json")
    assert refused.code == 2 and refused.stdout == ""
    assert "standaarduitvoer" in refused.stderr and not (tmp_path / "-").exists()


def test_report_and_letter_to_dash_print_as_without_o(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    case = _case_with_a_photo(cli)
    report = cli("report", case, "--format", "md", "-o", "-")
    assert report.code == 0 and report.stdout == cli("report", case, "--format", "md").stdout
    letter_args = ["letter", "--basis", "dmca", "--url", "https://example.org/p/1", "--lang", "en"]
    letter_args += ["--name", "Sam", "--email", "sam@example.org", "--work", "my photo"]
    plain = cli(*letter_args)
    dashed = cli(*letter_args, "-o", "-")
    assert dashed.code == plain.code and dashed.stdout == plain.stdout
    assert not (tmp_path / "-").exists()


def test_a_folder_option_refuses_dash(cli: Cli, tmp_path: Path) -> None:
    case = _case_with_a_photo(cli)
    result = cli("--lang", "nl", "request", "draft", case, "--out", "-")
    assert result.code == 2
    assert "--out heeft een map nodig" in result.stderr
    assert not (tmp_path / "-").exists()


def test_write_errors_speak_the_readers_language(tmp_path: Path) -> None:
    with pytest.raises(OutputError) as caught:
        write_private_file(tmp_path / "no-such-folder" / "x.txt", "x")
    assert "that folder does not exist" in str(caught.value)
    assert "die map bestaat niet" in caught.value.text("nl")
    with pytest.raises(OutputError) as caught:
        write_private_file(tmp_path, "x")
    assert caught.value.text("nl").endswith("dat is een map; geef een bestandsnaam")


def test_home_errors_speak_the_readers_language(tmp_path: Path) -> None:
    a_file = tmp_path / "file"
    a_file.write_text("x")
    with pytest.raises(StoreError) as caught:
        prepare_home(a_file)
    assert "is a file, not a folder" in str(caught.value)
    assert "is een bestand, geen map" in caught.value.text("nl")
    shared = tmp_path / "shared"
    shared.mkdir()
    (shared / "notes.txt").write_text("x")
    os.chmod(shared, 0o755)
    with pytest.raises(StoreError) as caught:
        prepare_home(shared)
    assert "chmod 700" in caught.value.text("nl") and "andere gebruikers" in caught.value.text("nl")
