"""Start-up: commands that only show things do not load the heavy libraries.

`leakhelp --help` and `leakhelp case show` should answer at once, so the image,
network, template and schema libraries are imported only by the commands that
use them, and command-line values are converted without pydantic
(benchmarks/match_scale.py times it; these tests check what is loaded, not time).
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from leakhelp import SqliteStore

HEAVY = (
    "numpy", "PIL", "httpx", "jinja2", "jsonschema", "pdqhash", "imagehash",
    # typer converts values with pydantic (leakhelp.cli.coercion does it without);
    # babel only edits the catalogue; starlette is the web app; the worker pool.
    "pydantic", "babel", "starlette", "uvicorn", "asyncio", "multiprocessing",
    "concurrent.futures", "cryptography", "sqlite3.dump",
    # read only where their files are read (templates, lists, config, doctor)
    "yaml", "tomllib", "importlib.metadata", "socket",
)  # fmt: skip

_PROBE = """
import json, sys
from leakhelp.cli import main
args, wanted = json.loads(sys.argv[1]), json.loads(sys.argv[2])
sys.argv = ["leakhelp", *args]
try:
    main()
except SystemExit as exc:
    code = exc.code
heavy = [m for m in wanted if m in sys.modules]
print(json.dumps({"code": code, "heavy": heavy}), file=sys.stderr)
"""


def _loaded(args: list[str], home: str, wanted: tuple[str, ...] = HEAVY) -> dict[str, object]:
    return _run(args, home, wanted)[0]


def _run(
    args: list[str], home: str, wanted: tuple[str, ...] = HEAVY
) -> tuple[dict[str, object], str]:
    """What the command loaded of ``wanted`` and its exit code; and what it wrote on
    stderr before."""
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, json.dumps(args), json.dumps(wanted)],
        capture_output=True,
        text=True,
        env={"LEAKHELP_HOME": home, "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"},
        check=False,
        timeout=60,
    )
    *said, last = done.stderr.strip().splitlines()
    report: dict[str, object] = json.loads(last)
    return report, "\n".join(said)


@pytest.mark.parametrize("args", [["--help"], ["case", "--help"], ["scan", "--help"]])
def test_help_imports_no_heavy_library(tmp_path, args):
    report = _loaded(args, str(tmp_path / "home"))
    assert report == {"code": 0, "heavy": []}


def test_case_show_imports_no_heavy_library(tmp_path):
    home = tmp_path / "home"
    with SqliteStore.open(home) as store:
        case = store.create_case("Sam")
    report = _loaded(["case", "show", case.id], str(home))
    assert report == {"code": 0, "heavy": []}
    # and the probe can tell: hashing does load the image libraries
    assert "numpy" in _loaded(["hash", str(tmp_path / "none.jpg")], str(home))["heavy"]


def test_the_letter_code_loads_only_to_write_a_letter(tmp_path):
    home = tmp_path / "home"
    with SqliteStore.open(home) as store:
        case = store.create_case("Sam")
    letter_code = ("leakhelp.letters",)
    for args in (["--help"], ["case", "show", case.id], ["letter", "--help"]):
        assert _loaded(args, str(home), letter_code) == {"code": 0, "heavy": []}, args
    written = _loaded(["letter", "--basis", "ncii-policy", "--json"], str(home), letter_code)
    assert written["heavy"] == ["leakhelp.letters"]


def test_values_are_converted_without_pydantic(tmp_path):
    home = str(tmp_path / "home")
    # numbers: a list of whole numbers converted (no such sightings: exit 1)
    assert _loaded(["sighting", "removed", "5", "7", "--json"], home) == {"code": 1, "heavy": []}


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["sighting", "removed", "5", "x"], "Input should be a valid integer"),
        (["hash", "--workers", "0", "x.jpg"], "Input should be greater than or equal to 1"),
        (["hash", "--workers", "1.5", "x.jpg"], "Input should be a valid integer"),
        (["check", "--timeout", "nan", "https://example.org/"], "from 0.1 to 86400"),
        (["check", "--timeout", "soon", "https://example.org/"], "Input should be a valid number"),
    ],
)
def test_a_bad_value_is_named_as_before(tmp_path, args, words):
    report, said = _run(args, str(tmp_path / "home"))
    assert report == {"code": 2, "heavy": []}
    assert words in said and "Traceback" not in said
