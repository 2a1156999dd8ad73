"""Run every benchmark in benchmarks/ (``make bench``).

Run: ``.venv/bin/python benchmarks/run_all.py [NAME ...]``

Finds every ``benchmarks/*.py`` except this file, runs each with its default
arguments in its own process (so one benchmark's imports, caches and pools
cannot colour another's figures), one after the other, and prints a summary.
Give names (``hash_speed``) to run only those. Exit code 1 when any
benchmark failed or missed its target.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def discover() -> list[Path]:
    return sorted(
        p for p in HERE.glob("*.py") if p.name != Path(__file__).name and not p.name.startswith("_")
    )


def main(argv: list[str] | None = None) -> int:
    wanted = set(sys.argv[1:] if argv is None else argv)
    scripts = [p for p in discover() if not wanted or p.stem in wanted]
    unknown = wanted - {p.stem for p in discover()}
    if unknown:
        print(f"no such benchmark: {', '.join(sorted(unknown))}", file=sys.stderr)
        return 2
    summary: list[tuple[str, int, float]] = []
    for script in scripts:
        print(f"\n=== {script.stem} ===", flush=True)
        start = time.perf_counter()
        code = subprocess.run(
            [sys.executable, str(script)], cwd=HERE.parent, check=False
        ).returncode
        summary.append((script.stem, code, time.perf_counter() - start))
    print("\n=== summary ===")
    for name, code, seconds in summary:
        print(f"{name:<24} {'ok' if code == 0 else f'FAILED (exit {code})':<18} {seconds:6.1f} s")
    return 0 if all(code == 0 for _, code, _ in summary) else 1


if __name__ == "__main__":
    raise SystemExit(main())
