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
