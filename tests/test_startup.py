"""Start-up: commands that only show things do not load the heavy libraries.

`leakhelp --help` and `leakhelp case show` should answer at once, so the image,
network, template and schema libraries are imported only by the commands that
use them (benchmarks/startup.py times it).
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from leakhelp import SqliteStore

HEAVY = ("numpy", "PIL", "httpx", "jinja2", "jsonschema", "pdqhash", "imagehash")

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


def _loaded(args: list[str], home: str) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, json.dumps(args), json.dumps(HEAVY)],
        capture_output=True,
        text=True,
        env={"LEAKHELP_HOME": home, "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"},
        check=False,
        timeout=60,
    )
    report: dict[str, object] = json.loads(done.stderr.strip().splitlines()[-1])
    return report


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
