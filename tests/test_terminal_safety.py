"""Nothing from a file or an export reaches the terminal as a control sequence.

A hostile export (case name, refs, labels) or a hostile file name must not
clear the screen, hide text, move the cursor, plant a fake link (OSC 8) or
reverse text on a counsellor's screen. Everything shown is escaped.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from leakhelp.cli.ui import json_line, printable

from conftest import PHOTOS, CliResult

ESC_CLEAR = "\x1b[2J\x1b[H"
OSC_LINK = "\x1b]8;;https://evil.example/\x1b\\click here\x1b]8;;\x1b\\"
HIDDEN = "\x1b[8m"
C1_CSI = "\x9b31m"
BIDI = "\u202egpj.exe"
HOSTILE = (ESC_CLEAR, OSC_LINK, HIDDEN, C1_CSI, BIDI, "\x07", "\r")

#: Raw characters that must never be in what leakhelp writes to a terminal.
RAW = ("\x1b", "\x9b", "\x07", "\u202e", "\r")


def assert_clean(result: CliResult) -> None:
    for stream in (result.stdout, result.stderr):
        for char in RAW:
            assert char not in stream, (char, stream)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("\x1b[2J", "\\x1b[2J"),
        ("a\u202eb", "a\\u202eb"),
        ("\x9b", "\\x9b"),
        ("line\nbreak", "line\\x0abreak"),
        ("undecodable\udcff", "undecodable\\udcff"),
        ("Zoë 🙂 [bold]", "Zoë 🙂 [bold]"),
    ],
    ids=["esc", "bidi", "c1", "newline", "surrogate", "harmless"],
)
def test_printable_escapes_what_a_terminal_acts_on(text: str, expected: str) -> None:
    assert printable(text) == expected


def test_printable_keeps_lines_when_asked() -> None:
    assert printable("a\n\tb\x1b", keep_lines=True) == "a\n\tb\\x1b"


def test_json_line_parses_to_the_same_value_and_shows_no_controls() -> None:
    value = {"name": "".join(HOSTILE) + "é"}
    line = json_line(value)
    assert json.loads(line) == value
    for char in RAW:
        assert char not in line


@pytest.fixture
def hostile_export(cli: Callable[..., CliResult], tmp_path: Path) -> Path:
    """A real export whose case name, refs and labels carry escape sequences."""
    case_id = cli("case", "new", "mine", "--json").json_lines()[0]["id"]
    assert cli("hash", PHOTOS / "astronaut.png", PHOTOS / "coffee.png", "--case", case_id).code == 0
    path = tmp_path / "export.json"
    assert cli("export", "--case", case_id, "-o", path, "--with-name").code == 0
    doc = json.loads(path.read_text())
    doc["case_name"] = ESC_CLEAR + "Sam" + OSC_LINK
    for n, item in enumerate(doc["fingerprints"]):
        item["ref"] = f"{HIDDEN}ref{n}{C1_CSI}"
        item["label"] = f"{BIDI}{n}"
    path.write_text(json.dumps(doc))
    return path


def test_hostile_export_is_shown_escaped_everywhere(
    cli: Callable[..., CliResult], hostile_export: Path
) -> None:
    imported = cli("import", hostile_export)
    assert imported.code == 0, imported.stderr
    assert_clean(imported)
    case_id = imported.stdout.split()[0]
    for args in (
        ("case", "list"),
        ("cases",),
        ("case", "show", case_id),
        ("report", case_id),
        ("report", case_id, "--format", "csv"),
        ("report", case_id, "--format", "json"),
        ("scan", PHOTOS / "astronaut.png", "--fingerprints", hostile_export),
        ("scan", PHOTOS / "astronaut.png", "--case", case_id),
    ):
        result = cli(*args)
        assert result.code in (0, 1), (args, result.stderr)
        assert_clean(result)
    scanned = cli("scan", PHOTOS / "astronaut.png", "--fingerprints", hostile_export)
    assert "\\x1b[8mref" in scanned.stdout  # shown, escaped, not dropped


def test_hostile_report_json_still_parses(
    cli: Callable[..., CliResult], hostile_export: Path
) -> None:
    case_id = cli("import", hostile_export, "--json").json_lines()[0]["id"]
    result = cli("report", case_id, "--format", "json")
    doc = json.loads(result.stdout)
    assert doc["case"]["name"].startswith(ESC_CLEAR + "Sam"), doc["case"]
    assert_clean(result)


@pytest.mark.parametrize(
    "name", HOSTILE, ids=["clear", "osc8", "hidden", "c1", "bidi", "bel", "cr"]
)
def test_hostile_file_names_are_shown_escaped(
    cli: Callable[..., CliResult], tmp_path: Path, name: str
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    hostile = folder / f"x{name.replace('/', '_')}y.png"
    shutil.copy(PHOTOS / "chelsea.png", hostile)
    (folder / f"broken{name.replace('/', '_')}.png").write_bytes(b"not an image")
    case_id = cli("case", "new", "c", "--json").json_lines()[0]["id"]
    for args in (
        ("hash", folder),
        ("hash", folder, "--case", case_id),
        ("scan", folder, "--case", case_id),
    ):
        result = cli(*args)
        assert result.code in (0, 1), (args, result.stderr)
        assert_clean(result)
    as_json = cli("hash", folder, "--json")
    assert_clean(as_json)
    assert str(hostile) in {row["path"] for row in as_json.json_lines()}


def test_rejected_lines_of_from_files_are_shown_escaped(
    cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    urls = tmp_path / "urls.txt"
    urls.write_text("".join(f"{h}not a web address\n" for h in HOSTILE) + "ftp://x/\x1b[2J\n")
    case_id = cli("case", "new", "c", "--json").json_lines()[0]["id"]
    for args in (
        ("check", "--from", urls),
        ("sighting", "add", case_id, "--from", urls),
        ("letter", "--basis", "ncii-policy", "--lang", "en", "--urls-from", urls),
    ):
        result = cli(*args)
        assert result.code != 0 or result.stderr, args
        assert_clean(result)
