"""Shared fixtures: every test gets its own leakhelp home and English messages."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from leakhelp.cli import main

from checkserver import CheckServer

ROOT = Path(__file__).resolve().parents[1]
PHOTOS = ROOT / "examples" / "photos"
PDQ_DATA = ROOT / "tests" / "data" / "pdq"
#: The sample photos that are real photographs (not textures or clip art).
OWN_PHOTOS = ("astronaut.png", "camera.png", "chelsea.png", "coffee.png", "rocket.jpg")


@pytest.fixture(scope="module")
def server() -> Iterator[CheckServer]:
    """The misbehaving web server on 127.0.0.1 (tests/checkserver.py), one per test module."""
    with CheckServer() as srv:
        yield srv


@pytest.fixture(autouse=True)
def leakhelp_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "lh-home"
    monkeypatch.setenv("LEAKHELP_HOME", str(home))
    monkeypatch.setenv("LEAKHELP_LANG", "en")
    return home


@dataclass
class CliResult:
    code: int
    stdout: str
    stderr: str

    def json_lines(self) -> list[dict[str, Any]]:
        """stdout parsed as JSON Lines; fails the test if anything else is there."""
        rows = []
        for line in self.stdout.splitlines():
            if line.strip():
                obj = json.loads(line)
                assert isinstance(obj, dict), line
                rows.append(obj)
        return rows


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., CliResult]:
    """Run the leakhelp command line in-process, as a user would call it."""

    def run(*args: str | Path) -> CliResult:
        capsys.readouterr()
        try:
            main([str(a) for a in args])
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        out, err = capsys.readouterr()
        assert "Traceback" not in err, err
        return CliResult(code, out, err)

    return run
