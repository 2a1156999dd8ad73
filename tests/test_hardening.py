"""Hostile surroundings: planted links, missing folders, full disks, odd homes.

Each test here failed before the fix it guards.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from leakhelp.errors import ExitCode, batch_exit
from leakhelp.paths import write_private_file

from conftest import PHOTOS, CliResult

Cli = Callable[..., CliResult]
VICTIM_TEXT = "someone else's file\n"


def _said(result: CliResult) -> str:
    """stderr as one line (rich wraps long messages at the terminal width)."""
    return " ".join(result.stderr.split())


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


@pytest.fixture
def case_id(cli: Cli) -> str:
    found = cli("case", "new", "Sam", "--json").json_lines()[0]["id"]
    assert cli("hash", PHOTOS / "coffee.png", "--case", found).code == 0
    assert cli("case", "profile", found, "--name", "Sam", "--email", "sam@example.com").code == 0
    assert cli("sighting", "add", found, "https://example.com/a.jpg").code == 0
    return str(found)


def _plant(folder: Path, name: str) -> Path:
    """A file of someone else's, and links to it at the output name and at the
    temporary name the writer used to use (``.NAME.tmpPID``)."""
    victim = folder / "victim.txt"
    victim.write_text(VICTIM_TEXT)
    (folder / name).symlink_to(victim)
    (folder / f".{name}.tmp{os.getpid()}").symlink_to(victim)
    return victim


@pytest.mark.parametrize(
    ("name", "command"),
    [
        ("report.md", ("report", "{case}", "-o", "{out}")),
        ("export.json", ("export", "--case", "{case}", "-o", "{out}")),
        (
            "letter.txt",
            ("letter", "--basis", "ncii-policy", "--lang", "en", "--url", "https://example.com/a.jpg",
             "--name", "Sam", "--email", "sam@example.com", "-o", "{out}"),
        ),
        (
            "letter.eml",
            ("letter", "--basis", "ncii-policy", "--lang", "en", "--url", "https://example.com/a.jpg",
             "--name", "Sam", "--email", "sam@example.com", "--format", "eml",
             "--platform", "reddit", "-o", "{out}"),
        ),
    ],
    ids=["report", "export", "letter", "eml"],
)  # fmt: skip
def test_outputs_replace_a_planted_link_and_never_follow_it(
    cli: Cli, tmp_path: Path, case_id: str, name: str, command: tuple[str, ...]
) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    victim = _plant(shared, name)
    out = shared / name
    result = cli(*(a.format(case=case_id, out=out) for a in command))
    assert result.code == 0, result.stderr
    assert victim.read_text() == VICTIM_TEXT
    assert not out.is_symlink() and out.is_file()
    assert _mode(out) == 0o600
    assert [p.name for p in shared.iterdir() if p.name.endswith(".tmp")] == []


def test_request_drafts_go_into_new_private_folders_only(
    cli: Cli, tmp_path: Path, case_id: str
) -> None:
    mine = tmp_path / "mine"
    mine.mkdir(mode=0o755)
    os.chmod(mine, 0o755)
    out = mine / "letters" / "2026"
    result = cli("request", "draft", case_id, "--basis", "ncii-policy", "--out", out)
    assert result.code == 0, result.stderr
    assert _mode(out) == _mode(out.parent) == 0o700  # made by leakhelp
    assert _mode(mine) == 0o755  # not leakhelp's: left alone
    for letter in out.iterdir():
        assert _mode(letter) == 0o600


def test_output_into_a_missing_folder_is_one_clear_line(
    cli: Cli, tmp_path: Path, case_id: str
) -> None:
    for command in (
        ("report", case_id, "-o", tmp_path / "nope" / "r.md"),
        ("export", "--case", case_id, "-o", tmp_path / "nope" / "e.json"),
    ):
        result = cli(*command)
        assert result.code == ExitCode.NOTHING_DONE
        assert "that folder does not exist" in _said(result)
        assert "Something went wrong" not in result.stderr
        assert result.stderr.count("Error:") == 1


def test_output_on_a_folder_name_is_refused(cli: Cli, tmp_path: Path, case_id: str) -> None:
    result = cli("report", case_id, "-o", tmp_path)
    assert result.code == ExitCode.NOTHING_DONE
    assert "is a folder" in _said(result)


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A real, tiny file system (tmpfs), to fill up."""
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a tiny tmpfs needs root; the /dev/full test covers disk full")
    where = tmp_path / "small"
    where.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(where)])
    if done.returncode != 0:
        pytest.skip("this machine does not allow mounting a tmpfs")
    try:
        yield where
    finally:
        subprocess.run(["umount", str(where)], check=True)


def test_a_full_disk_is_said_plainly_and_keeps_the_old_file(
    cli: Cli, small_disk: Path, case_id: str
) -> None:
    out = small_disk / "report.html"
    write_private_file(out, "the report of yesterday")
    with open(small_disk / "filler", "wb", buffering=0) as filler:
        try:
            while True:
                filler.write(b"x" * 1024)
        except OSError:
            pass
    result = cli("report", case_id, "-o", out)
    assert result.code == ExitCode.NOTHING_DONE
    assert "disk is full" in _said(result)
    assert sorted(p.name for p in small_disk.iterdir()) == ["filler", "report.html"]
    assert out.read_text() == "the report of yesterday"


def test_stdout_on_a_full_disk_is_said_plainly(case_id: str, leakhelp_home: Path) -> None:
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "leakhelp", "report", case_id],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "LEAKHELP_HOME": str(leakhelp_home)},
        )
    assert done.returncode == ExitCode.NOTHING_DONE, done.stderr
    assert "disk is full" in done.stderr
    assert "Traceback" not in done.stderr and "Exception ignored" not in done.stderr


def test_too_deep_and_too_large_inputs_are_said_plainly(
    cli: Cli, tmp_path: Path, case_id: str
) -> None:
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 200_000)
    result = cli("import", deep)
    assert result.code == ExitCode.NOTHING_DONE
    assert "nested too deeply" in _said(result)
    assert cli("case", "list", "--json").json_lines()[0]["id"] == case_id  # no empty case
    assert cli("request", "draft", case_id, "--basis", "ncii-policy").code == 0
    assert cli("request", "sent", "1").code == 0
    result = cli("request", "deadline", "1", "--days", "1e300")
    assert result.code == ExitCode.NOTHING_DONE
    assert "too large" in _said(result)
    assert "Something went wrong" not in result.stderr


def test_a_hash_with_a_trailing_newline_is_refused(cli: Cli, tmp_path: Path, case_id: str) -> None:
    export = tmp_path / "e.json"
    assert cli("export", "--case", case_id, "-o", export).code == 0
    doc = json.loads(export.read_text())
    doc["fingerprints"][0]["pdq"] += "\n"
    export.write_text(json.dumps(doc))
    result = cli("import", export)
    assert result.code == ExitCode.NOTHING_DONE  # the one input failed: nothing was done
    assert "pdq" in result.stderr
    line = cli("hash", PHOTOS / "coffee.png", "--json").json_lines()[0]
    line["phash"] += "\n"
    lines = tmp_path / "h.jsonl"
    lines.write_text(json.dumps(line) + "\n")
    result = cli("scan", PHOTOS / "coffee.png", "--fingerprints", lines)
    assert result.code in (ExitCode.INPUT_FAILED, ExitCode.NOTHING_DONE)
    assert "phash" in result.stderr


def test_home_with_other_content_is_not_chmodded(cli: Cli, tmp_path: Path) -> None:
    shared = tmp_path / "Documents"
    shared.mkdir()
    os.chmod(shared, 0o755)
    (shared / "taxes.pdf").write_bytes(b"%PDF")
    result = cli("--home", shared, "case", "new", "Sam")
    assert result.code == ExitCode.NOTHING_DONE
    assert "will not change its permissions" in _said(result)
    assert "chmod 700" in _said(result)
    assert _mode(shared) == 0o755
    assert sorted(p.name for p in shared.iterdir()) == ["taxes.pdf"]


@pytest.mark.parametrize("content", [False, True], ids=["empty", "private-with-files"])
def test_home_that_is_empty_or_already_private_is_used(
    cli: Cli, tmp_path: Path, content: bool
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    os.chmod(home, 0o700 if content else 0o755)
    if content:
        (home / "notes.txt").write_text("mine")
    assert cli("--home", home, "case", "new", "Sam").code == 0
    assert _mode(home) == 0o700


@pytest.fixture
def read_only_home(tmp_path: Path, cli: Cli) -> Iterator[tuple[Path, str]]:
    """A home with one case, then made read-only (a read-only disk when we are
    root, for whom file modes do not stop writing; else a 0500 folder)."""
    base = tmp_path / "ro"
    base.mkdir()
    mounted = os.geteuid() == 0 and (
        subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(base)]).returncode
        == 0
    )
    if os.geteuid() == 0 and not mounted:
        pytest.skip(
            "as root, a read-only home needs a read-only mount, and mounting is not allowed"
        )
    home = base / "home"
    case = cli("--home", home, "case", "new", "Sam", "--json").json_lines()[0]["id"]
    assert cli("--home", home, "sighting", "add", case, "https://example.com/x.jpg").code == 0
    try:
        if mounted:
            subprocess.run(["mount", "-o", "remount,ro", str(base)], check=True)
        else:
            os.chmod(home / "leakhelp.sqlite3", 0o400)
            os.chmod(home, 0o500)
        yield home, str(case)
    finally:
        if mounted:
            subprocess.run(["umount", str(base)], check=True)
        else:
            os.chmod(home, 0o700)


def test_read_only_home_still_lists_and_reports(cli: Cli, read_only_home: tuple[Path, str]) -> None:
    home, case = read_only_home
    listed = cli("--home", home, "case", "list", "--json")
    assert listed.code == 0, listed.stderr
    assert [c["id"] for c in listed.json_lines()] == [case]
    report = cli("--home", home, "report", case)
    assert report.code == 0, report.stderr
    assert "https://example.com/x.jpg" in report.stdout
    to_file = cli("--home", home, "report", case, "-o", home.parent.parent / "report.html")
    assert to_file.code == 0, to_file.stderr
    change = cli("--home", home, "case", "new", "Other")
    assert change.code == ExitCode.NOTHING_DONE
    assert "read-only" in _said(change)


@pytest.mark.parametrize(
    ("failed", "total", "code"),
    [(0, 0, 3), (0, 5, 0), (2, 5, 1), (5, 5, 1)],
    ids=["nothing", "all-good", "some-bad", "all-bad"],
)
def test_one_batch_exit_rule(failed: int, total: int, code: int) -> None:
    assert batch_exit(failed, total) == code


def test_sighting_add_and_removed_agree_when_every_input_is_bad(cli: Cli, case_id: str) -> None:
    added = cli("sighting", "add", case_id, "not an address", "neither")
    removed = cli("sighting", "removed", "998", "999")
    assert added.code == removed.code == ExitCode.INPUT_FAILED


def test_a_large_batch_lists_only_the_files_with_remarks(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past MAX_LISTED_FILES the table keeps only remarks, so memory stays bounded
    (benchmarks/load.py measures it over 20,000 files)."""
    monkeypatch.setattr("leakhelp.cli.hashing.MAX_LISTED_FILES", 3)
    folder = tmp_path / "many"
    folder.mkdir()
    for name in ("astronaut.png", "camera.png", "chelsea.png", "coffee.png", "rocket.jpg"):
        shutil.copy(PHOTOS / name, folder / name)
    (folder / "zz-broken.jpg").write_bytes(b"not an image")
    result = cli("hash", folder)
    assert result.code == ExitCode.INPUT_FAILED
    assert "zz-broken.jpg" in _cells(result)
    assert "coffee.png" not in _cells(result)
    assert "5 files were fingerprinted without remarks" in _said(result)
    small = cli("hash", folder / "coffee.png", folder / "rocket.jpg")
    assert "coffee.png" in _cells(small) and "without remarks" not in small.stderr


def _cells(result: CliResult) -> str:
    """The table's text without borders and wrapping (long paths fold in a cell)."""
    return re.sub(r"[\s│┃]", "", result.stdout)
