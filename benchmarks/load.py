"""Load: hashing 20,000 files into a case, and checking 5,000 URLs, with peak memory.

Run: ``.venv/bin/python benchmarks/load.py [--files N] [--urls N] [--seed S]``

Both run the real command line (``python -m leakhelp``) in a child process
and read that child's peak resident memory from ``wait4`` (the kernel's
figure; it covers the interpreter and every library too).

* **hash**: ``hash FOLDER --case ID`` on generated 96 x 96 PNGs (smooth
  random fields, each different, so they run in minutes instead of hours),
  once with a tenth of the files and once with all of them. The difference
  of the two peaks, divided by the difference in files, is the memory that
  grows per file (target: under 2 KB per file; it was ~38 KB when the command
  kept every fingerprint for its summary and the worker pool held every
  finished result). The naive baseline in the same run is a script that
  keeps every outcome, as the command used to (measured on a tenth and a
  fifth of the files: its slope is plain long before 20,000).
* **check**: ``sighting add CASE --from FILE`` then ``check --case CASE`` for
  5,000 URLs on a local server (tests/checkserver.py on ten loopback
  addresses, ~20 ms per answer), against a plain sequential ``httpx`` loop
  over the first 250 of them (the same rate for all 5,000 would take ~2
  minutes more).

Results are written as JSON to benchmarks/results/. Exit status 1 when a
target is missed.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
import numpy as np
from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from _common import header, start_check_server, write_results  # noqa: E402
from check_speed import LATENCY  # noqa: E402

#: Memory that may grow per hashed file (bytes): rows for the summary only.
TARGET_BYTES_PER_FILE = 2048
#: A naive loop checks this many of the URLs, one after another.
BASELINE_URLS = 250

NAIVE_HASH = """
import sys
from leakhelp import Workspace
with Workspace() as ws:
    case = ws.new_case("naive")
    kept = list(ws.hash([sys.argv[1]], case=case.id))
print(len(kept))
"""


def make_images(folder: Path, count: int, seed: int) -> None:
    """``count`` distinct small PNGs: an 8 x 8 random field, smoothly enlarged."""
    rng = np.random.default_rng(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        cells = rng.integers(0, 256, size=(8, 8, 3), dtype=np.uint8)
        image = Image.fromarray(cells).resize((96, 96), Image.Resampling.BILINEAR)
        image.save(folder / f"img{i:05d}.png", compress_level=1)


def run(
    args: list[str], env: dict[str, str], *, stdin: str | None = None
) -> tuple[float, float, str]:
    """Run a child; return its seconds, its peak RSS in MB, and its stdout."""
    started = time.perf_counter()
    with tempfile.TemporaryFile("w+") as out:
        proc = subprocess.Popen(args, env=env, stdout=out, stderr=subprocess.PIPE, text=True,
                                stdin=subprocess.PIPE if stdin is not None else None)  # fmt: skip
        if stdin is not None:
            assert proc.stdin is not None
            proc.stdin.write(stdin)
            proc.stdin.close()
        _pid, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        elapsed = time.perf_counter() - started
        assert proc.stderr is not None
        errors = proc.stderr.read()
        if proc.returncode not in (0, 1):
            raise SystemExit(f"benchmark: {' '.join(args[:5])} failed:\n{errors}")
        out.seek(0)
        return elapsed, usage.ru_maxrss / 1024, out.read()


def leakhelp(*args: str) -> list[str]:
    return [sys.executable, "-m", "leakhelp", *args]


def hash_load(work: Path, files: int, seed: int) -> dict[str, object]:
    sizes = {"small": files // 10, "medium": files // 5, "large": files}
    make_images(work / "large", files, seed)
    everything = sorted((work / "large").iterdir())
    for name in ("small", "medium"):
        (work / name).mkdir()
        for path in everything[: sizes[name]]:
            os.link(path, work / name / path.name)
    figures: dict[str, dict[str, float]] = {}
    for name in ("small", "large"):
        env = {**os.environ, "LEAKHELP_HOME": str(work / f"home-{name}")}
        _t, _m, out = run(leakhelp("case", "new", "load", "--json"), env)
        case = json.loads(out)["id"]
        seconds, peak, _out = run(leakhelp("hash", str(work / name), "--case", case), env)
        figures[name] = {"files": sizes[name], "seconds": seconds, "peak_mb": peak}
        print(f"hash   {sizes[name]:6d} files  {seconds:7.1f} s  {sizes[name] / seconds:6.1f} "
              f"files/s  peak {peak:7.1f} MB")  # fmt: skip
    # The naive baseline grows fast: two smaller runs are enough to see its slope.
    for name in ("small", "medium"):
        naive_env = {**os.environ, "LEAKHELP_HOME": str(work / f"naive-{name}")}
        seconds, peak, _o = run([sys.executable, "-c", NAIVE_HASH, str(work / name)], naive_env)
        figures[f"naive-{name}"] = {"files": sizes[name], "seconds": seconds, "peak_mb": peak}
        print(f"naive  {sizes[name]:6d} files  {seconds:7.1f} s  peak {peak:7.1f} MB "
              "(keeps every outcome, as the command used to)")  # fmt: skip

    def slope(low: str, high: str) -> float:
        grown = figures[high]["peak_mb"] - figures[low]["peak_mb"]
        files_between = figures[high]["files"] - figures[low]["files"]
        return max(grown, 0.0) * 1024 * 1024 / files_between

    per_file, naive_per_file = slope("small", "large"), slope("naive-small", "naive-medium")
    print(f"growth {per_file:8.0f} bytes per file  (naive {naive_per_file:.0f}; "
          f"ratio {naive_per_file / max(per_file, 1):.0f}x; target < {TARGET_BYTES_PER_FILE})")  # fmt: skip
    return {
        "files": files,
        "runs": figures,
        "bytes_per_file": round(per_file),
        "naive_bytes_per_file": round(naive_per_file),
        "files_per_s": round(files / figures["large"]["seconds"], 1),
    }


def check_load(work: Path, count: int) -> dict[str, object]:
    hosts = [f"127.0.0.{i}" for i in range(1, 11)]
    proc, port = start_check_server("--hosts", ",".join(hosts), "--latency", str(LATENCY))
    try:
        urls = [f"http://{hosts[i % len(hosts)]}:{port}/bench/{i}" for i in range(count)]
        env = {**os.environ, "LEAKHELP_HOME": str(work / "home-check")}
        _t, _m, out = run(leakhelp("case", "new", "load", "--json"), env)
        case = json.loads(out)["id"]
        url_file = work / "urls.txt"
        url_file.write_text("\n".join(urls) + "\n")
        add_s, add_peak, _o = run(leakhelp("sighting", "add", case, "--from", str(url_file),
                                           "--json"), env)  # fmt: skip
        seconds, peak, out = run(leakhelp("check", "--case", case, "--allow-private",
                                          "--timeout", "30", "--json"), env)  # fmt: skip
        lines = [json.loads(line) for line in out.splitlines() if line.strip()]
        states: dict[str, int] = {}
        for line in lines:
            states[line["state"]] = states.get(line["state"], 0) + 1
        started = time.perf_counter()
        with httpx.Client(timeout=10, trust_env=False) as client:
            for url in urls[:BASELINE_URLS]:
                client.get(url)
        naive_rate = BASELINE_URLS / (time.perf_counter() - started)
    finally:
        proc.kill()
        proc.wait()
    rate = count / seconds
    print(f"sighting add {count} URLs  {add_s:6.1f} s  peak {add_peak:6.1f} MB")
    print(f"check  {len(lines)} URLs  {seconds:6.1f} s  {rate:6.1f} URLs/s  peak {peak:6.1f} MB  "
          f"states {dict(sorted(states.items()))}")  # fmt: skip
    print(f"naive  sequential httpx over {BASELINE_URLS} of them: {naive_rate:6.1f} URLs/s; "
          f"ratio {rate / naive_rate:.1f}x")  # fmt: skip
    return {
        "urls": count,
        "checked": len(lines),
        "states": states,
        "sighting_add_s": round(add_s, 1),
        "sighting_add_peak_mb": round(add_peak, 1),
        "check_s": round(seconds, 1),
        "urls_per_s": round(rate, 1),
        "peak_mb": round(peak, 1),
        "naive_urls_per_s": round(naive_rate, 1),
        "ratio": round(rate / naive_rate, 1),
        "latency_s": LATENCY,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=20_000)
    parser.add_argument("--urls", type=int, default=5_000)
    parser.add_argument("--seed", type=int, default=20261129)
    parser.add_argument("--output", type=Path, default=None, help="JSON file (default: results/)")
    args = parser.parse_args()
    host, versions_used = header("leakhelp load", args.seed, "numpy", "pillow", "httpx")
    with tempfile.TemporaryDirectory(prefix="leakhelp-load-") as tmp:
        work = Path(tmp)
        hashed = hash_load(work, args.files, args.seed)
        checked = check_load(work, args.urls)
    met = int(hashed["bytes_per_file"]) < TARGET_BYTES_PER_FILE  # type: ignore[call-overload]
    result = {
        "benchmark": "load",
        "seed": args.seed,
        "machine": host,
        "versions": versions_used,
        "hash": hashed,
        "check": checked,
        "target_bytes_per_file": TARGET_BYTES_PER_FILE,
        "target_met": met,
    }
    write_results("load", result, args.output)
    return 0 if met else 1


if __name__ == "__main__":
    raise SystemExit(main())
