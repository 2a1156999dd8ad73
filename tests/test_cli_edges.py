"""Edges of the command line found by an outside check: each one once hurt a user."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from leakhelp.errors import ExitCode

from conftest import PHOTOS, CliResult

Cli = Callable[..., CliResult]


@pytest.mark.parametrize("value", ["", "  "])
def test_an_empty_home_is_refused_not_the_current_folder(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    # `leakhelp --home "$DIR" ...` with DIR unset once stored the case in the
    # current folder and made that folder private.
    cwd = tmp_path / "where-the-user-is"
    cwd.mkdir(mode=0o755)
    cwd.chmod(0o755)
    monkeypatch.chdir(cwd)
    result = cli("--home", value, "case", "new", "Sam", "--json")
    assert result.code == ExitCode.USAGE
    assert result.stdout == "" and len(result.stderr.splitlines()) == 1, result.stderr
    assert "--home is empty" in result.stderr
    assert list(cwd.iterdir()) == []
    assert stat.S_IMODE(cwd.stat().st_mode) == 0o755


def _run_module(*args: str | Path, home: Path) -> subprocess.CompletedProcess[str]:
    """leakhelp in its own process, so a hang fails this test instead of stopping the suite."""
    env = {**os.environ, "LEAKHELP_HOME": str(home), "LEAKHELP_LANG": "en"}
    return subprocess.run(
        [sys.executable, "-m", "leakhelp", *map(str, args)],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX thing")
@pytest.mark.parametrize("name", ["pipe", "pipe.mp4", "pipe.jpg"])
def test_a_named_pipe_is_one_error_line_not_a_hang(
    tmp_path: Path, leakhelp_home: Path, name: str
) -> None:
    # Sniffing a file for video bytes opened it blocking: a FIFO waited for a writer forever.
    fifo = tmp_path / name
    os.mkfifo(fifo)
    photo = PHOTOS / "coffee.png"
    prints = tmp_path / "prints.jsonl"
    prints.write_text(_run_module("hash", photo, "--json", home=leakhelp_home).stdout)
    for args in (
        ("hash", fifo, photo, "--json"),
        ("scan", fifo, photo, "--fingerprints", prints, "--json"),
    ):
        result = _run_module(*args, home=leakhelp_home)
        assert result.returncode == ExitCode.INPUT_FAILED, result.stderr
        rows = [json.loads(line) for line in result.stdout.splitlines()]
        assert rows[0] == {
            "path": str(fifo),
            "error": "not a regular file (a device, pipe or socket)",
        }
        assert "error" not in rows[1]  # the batch went on


_OWN_FD = Path("/proc/self/fd") if Path("/proc/self/fd").is_dir() else Path("/dev/fd")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="/dev/stdout and named pipes are POSIX")
@pytest.mark.parametrize("stdout_is", ["pipe", "file"])
def test_output_to_standard_output_writes_through_and_keeps_the_link(
    cli: Cli, tmp_path: Path, leakhelp_home: Path, stdout_is: str
) -> None:
    # `-o /dev/stdout` once replaced the /dev/stdout link itself with a regular
    # file (the atomic write renames a temporary file onto the path), as root.
    # A link of our own to the same place shows it without touching /dev.
    case = cli("case", "new", "Sam", "--json").json_lines()[0]["id"]
    assert cli("hash", PHOTOS / "coffee.png", "--case", case).code == 0
    stdout_link = tmp_path / "stdout"
    stdout_link.symlink_to(_OWN_FD / "1")
    args = [sys.executable, "-m", "leakhelp", "export", "--case", case, "-o", str(stdout_link)]
    env = {**os.environ, "LEAKHELP_HOME": str(leakhelp_home), "LEAKHELP_LANG": "en"}
    if stdout_is == "pipe":
        done = subprocess.run(args, capture_output=True, env=env, timeout=300, check=False)
        written = done.stdout
    else:
        out = tmp_path / "out.json"
        with out.open("wb") as fh:
            done = subprocess.run(
                args, stdout=fh, stderr=subprocess.PIPE, env=env, timeout=300, check=False
            )
        written = out.read_bytes()
    assert done.returncode == 0, done.stderr
    assert json.loads(written)["format"] == "leakhelp-fingerprints"
    assert stdout_link.is_symlink() and os.readlink(stdout_link) == str(_OWN_FD / "1")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_output_into_a_named_pipe_nobody_reads_is_one_line(cli: Cli, tmp_path: Path) -> None:
    case = cli("case", "new", "Sam", "--json").json_lines()[0]["id"]
    assert cli("hash", PHOTOS / "coffee.png", "--case", case).code == 0
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    result = cli("export", "--case", case, "-o", fifo)
    assert result.code == ExitCode.NOTHING_DONE
    assert result.stderr.strip() == f"Error: cannot write {fifo}: nothing reads from that pipe"
    assert stat.S_ISFIFO(fifo.lstat().st_mode)  # still the pipe, not a file in its place
