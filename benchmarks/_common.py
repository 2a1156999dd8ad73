"""What every benchmark prints and keeps: the machine, the versions, the results file."""

from __future__ import annotations

import importlib.metadata
import json
import os
import platform
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"


def machine() -> dict[str, object]:
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:
        usable = os.cpu_count() or 1
    return {
        "platform": platform.platform(),
        "processor": platform.processor() or platform.machine(),
        "cpu_count": os.cpu_count(),
        "usable_cores": usable,
    }


def versions(*packages: str) -> dict[str, str]:
    """Python's version and each installed package's (leakhelp first)."""
    found = {"python": platform.python_version()}
    for name in ("leakhelp", *packages):
        try:
            found[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            found[name] = "?"
    return found


def write_results(name: str, result: dict[str, Any], output: Path | None = None) -> Path:
    """Write ``result`` as JSON (default: benchmarks/results/NAME-TIME.json) and say where."""
    out = output or RESULTS / f"{name}-{datetime.now(UTC):%Y%m%d-%H%M%S}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"results written to {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}")
    return out


def header(title: str, seed: int, *packages: str) -> tuple[dict[str, object], dict[str, str]]:
    """Print the title, seed, machine and versions; return the last two for the results."""
    found_machine, found_versions = machine(), versions(*packages)
    print(title)
    print(f"seed      {seed}")
    print("machine   " + ", ".join(f"{k} {v}" for k, v in found_machine.items()))
    print("versions  " + ", ".join(f"{k} {v}" for k, v in found_versions.items()))
    return found_machine, found_versions


def start_check_server(*options: str) -> tuple[subprocess.Popen[str], int]:
    """tests/checkserver.py in its own process; returns it and the port it listens on."""
    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "tests" / "checkserver.py"), *options],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert proc.stdout is not None
    line = proc.stdout.readline()
    if not line.strip().isdigit():
        proc.kill()
        raise SystemExit("benchmark: the check server did not start")
    return proc, int(line)
