"""Edges of the command line found by an outside check: each one once hurt a user."""

from __future__ import annotations

import stat
from collections.abc import Callable
from pathlib import Path

import pytest

from leakhelp.errors import ExitCode

from conftest import CliResult

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
