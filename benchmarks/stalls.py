"""How long hostile inputs hold leakhelp up (timings that used to be test assertions).

Run: ``.venv/bin/python benchmarks/stalls.py``

* **2 GB answers**: ``check_one`` on the check server's endless HTML, binary
  and JPEG answers (with and without a Content-Length); leakhelp stops at its
  byte caps. Baseline in the same run: the time to read the first 32 MB of
  the same answer with a plain ``httpx`` stream (what "no cap" costs at the
  least).
* **A file that stalls its decoder**: ``hash_files`` on 12 files with two
  workers, where one file never finishes, with ``timeout=2``; the batch must
  end a little after the 2 s timeout, not wait for the file. Baseline: the
  same 12 files hashed with no stalling file.

Targets (exit status 1 when missed): every 2 GB answer checked within 15 s,
the stalled batch done within 60 s.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import httpx
from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from _common import header, start_check_server, write_results  # noqa: E402
from check_speed import LATENCY  # noqa: E402
from leakhelp.checks import CheckSettings, check_urls  # noqa: E402
from leakhelp.fingerprint import HashResult, _hash_one, hash_files  # noqa: E402

HUGE = ("/huge.html", "/huge.bin", "/huge.jpg", "/huge-unsized.jpg")
TARGET_CHECK_S = 15.0
TARGET_STALL_S = 60.0
STALLING = "03.jpg"


def stall_on_marker(path: str) -> HashResult:
    """Never finishes one file, as a file built to stall a decoder would."""
    if Path(path).name == STALLING:
        time.sleep(3600)
    return _hash_one(path)


def first_32_mb(url: str) -> float:
    started = time.perf_counter()
    read = 0
    with httpx.stream("GET", url, timeout=30, trust_env=False) as response:
        for chunk in response.iter_bytes():
            read += len(chunk)
            if read >= 32 << 20:
                break
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=None, help="JSON file (default: results/)")
    args = parser.parse_args()
    host, versions_used = header("leakhelp stalls", 0, "httpx", "pillow")
    checks: dict[str, dict[str, float]] = {}
    proc, port = start_check_server("--hosts", "127.0.0.1", "--latency", str(LATENCY))
    try:
        for path in HUGE:
            url = f"http://127.0.0.1:{port}{path}"
            started = time.perf_counter()
            (result,) = check_urls([url], settings=CheckSettings(timeout=20, allow_private=True))
            seconds = time.perf_counter() - started
            naive = first_32_mb(url)
            checks[path] = {"seconds": round(seconds, 2), "naive_32mb_seconds": round(naive, 2)}
            print(f"check {path:18} {seconds:6.2f} s  ({result.state}; a plain stream needs "
                  f"{naive:.2f} s for the first 32 MB of 2 GB)")  # fmt: skip
    finally:
        proc.kill()
        proc.wait()
    with tempfile.TemporaryDirectory() as tmp:
        with Image.open(ROOT / "examples" / "photos" / "coffee.png") as im:
            photo = im.convert("RGB").resize((300, 200))
        batch = []
        for i in range(12):
            path = Path(tmp) / f"{i:02d}.jpg"
            photo.rotate(i * 25).save(path, quality=90)
            batch.append(path)
        started = time.perf_counter()
        list(hash_files(batch, workers=2))
        plain = time.perf_counter() - started
        started = time.perf_counter()
        results = list(hash_files(batch, workers=2, hasher=stall_on_marker, timeout=2))
        stalled = time.perf_counter() - started
    print(f"hash  12 files, one stalls: {stalled:6.2f} s with timeout=2 "
          f"(without the stalling file: {plain:.2f} s); "
          f"{sum(r.error is not None for r in results)} reported as too slow")  # fmt: skip
    met = all(c["seconds"] < TARGET_CHECK_S for c in checks.values()) and stalled < TARGET_STALL_S
    write_results("stalls", {
        "benchmark": "stalls", "machine": host, "versions": versions_used,
        "checks": checks, "stalled_batch_s": round(stalled, 2), "plain_batch_s": round(plain, 2),
        "target_check_s": TARGET_CHECK_S, "target_stall_s": TARGET_STALL_S, "target_met": met,
    }, args.output)  # fmt: skip
    return 0 if met else 1


if __name__ == "__main__":
    raise SystemExit(main())
