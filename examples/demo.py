"""`make demo`: leakhelp end to end on the bundled sample photos.

It runs the real command line, as a person would, in a fresh temporary
leakhelp home (so it never touches your own cases), and prints what that
person would see. The sample photos stand in for "your own photos".
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PHOTOS = ROOT / "examples" / "photos"
OWN = ["astronaut.png", "camera.png", "coffee.png", "chelsea.png", "rocket.jpg"]
EXE = Path(sys.executable).with_name("leakhelp")


def step(title: str) -> None:
    print(f"\n\033[1m── {title} \033[0m", flush=True)


def leakhelp(*args: str | Path, env: dict[str, str], capture: bool = False) -> str:
    shown = " ".join(str(a) for a in args)
    print(f"$ leakhelp {shown}", flush=True)
    proc = subprocess.run(
        [str(EXE), *map(str, args)], env=env, text=True, capture_output=capture, check=False
    )
    if proc.returncode not in (0, 1):
        if capture:
            sys.stderr.write(proc.stderr)
        raise SystemExit(f"demo: `leakhelp {shown}` failed with exit code {proc.returncode}")
    if capture:
        sys.stderr.write(proc.stderr)
        return proc.stdout
    return ""


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="leakhelp-demo-"))
    env = dict(os.environ, LEAKHELP_HOME=str(work / "home"), LEAKHELP_LANG="en")
    try:
        run(work, env)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def run(work: Path, env: dict[str, str]) -> None:
    print("leakhelp demo — everything happens on this computer; nothing is uploaded.")
    print(f"(demo data lives in {work} and is removed at the end)")

    step("1. Start a case (a nickname is enough)")
    case_id = leakhelp("case", "new", "Sam (demo)", "--lang", "en", env=env, capture=True).strip()
    print(case_id)

    step("2. Fingerprint your own photos — they never leave this device")
    leakhelp("hash", *(PHOTOS / name for name in OWN), "--case", case_id, env=env)

    step("3. A hash-only export for a counsellor: no images, no file names")
    export = work / "sam-fingerprints.json"
    leakhelp("export", "--case", case_id, "-o", export, env=env)
    text = export.read_text(encoding="utf-8")
    leaked = [name for name in OWN if Path(name).stem in text]
    print(f"export size: {len(text)} bytes; file names inside: {leaked or 'none'}")

    step("4. The case so far")
    leakhelp("case", "show", case_id, env=env)
    print("\nDone. Your images stayed on this device.")


if __name__ == "__main__":
    main()
