"""A helpline's big case, end to end through the command line (as an outside check would time it).

Run: ``.venv/bin/python benchmarks/case_scale.py [--quick] [--n N] [--seed S]``

Builds, as a user would, a case of 100,000 fingerprints **with crop hashes**
(10,000 with ``--quick``): the real fingerprints (with their 255 region
hashes and 8 rotations/mirror images) of the photos of
benchmarks/robustness.py, plus random ones of the same shape (a helpline's
other photos look random to PDQ), written as one hash-only export in the
format ``leakhelp export`` writes (about 19.5 KB a fingerprint: ~2 GB for
100k). Then it times whole ``leakhelp`` commands, each in its own process,
as a counsellor would type them:

* ``import`` of that export (creates the case);
* ``scan --case ID`` of 1 image (a crop, so the crop hashes are searched too)
  and of 50 images (copies in every transform and unrelated images);
* ``scan --case ID URL`` of an image on a loopback server (tests/checkserver.py);
* ``case show ID``;
* ``check --case ID URL`` against the same server;
* ``export --case ID -o FILE``.

The naive baseline, in the same run: the same commands against a case of
1,000 fingerprints made the same way. The ratio says how much of each command
grows with the case. The 1-image scan must also give the same answer on both
cases (the copy is found in the big case as in the small one).

Per command: wall clock, processor time and peak resident memory of the
child (``os.wait4``). Goals (full run): ``scan --case`` of one image < 2 s,
``import`` < 60 s, every command's peak memory < 2 GB. Exit code 1 when one
is missed. Results go to benchmarks/results/.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "tests"))

import robustness  # noqa: E402
from _common import header, start_check_server, write_results  # noqa: E402
from leakhelp.export import dump_export, export_document  # noqa: E402
from leakhelp.regions import REGION_COUNT  # noqa: E402

SEED = 20261129
SMALL = 1_000  # the baseline case
GOAL_SCAN_ONE_S = 2.0
GOAL_IMPORT_S = 60.0
GOAL_PEAK_MB = 2048.0
#: The URL of tests/checkserver.py that serves a copy of one of the originals.
PHOTO_PATH = "/photo/coffee.png"
_HEX = np.frombuffer(b"0123456789abcdef", dtype=np.uint8)


@dataclass(frozen=True)
class Run:
    """One whole command, as a counsellor would run it."""

    name: str
    wall: float
    cpu: float
    peak_mb: float
    code: int


def hex_rows(raw: np.ndarray) -> np.ndarray:
    """uint8 (..., 32) -> the ASCII of each row's 64 hex digits, (..., 64) uint8."""
    out = np.empty((*raw.shape[:-1], raw.shape[-1] * 2), dtype=np.uint8)
    out[..., 0::2] = _HEX[raw >> 4]
    out[..., 1::2] = _HEX[raw & 15]
    return out


def quoted_list(digits: np.ndarray) -> np.ndarray:
    """(n, k, d) ASCII digits -> (n, k*(d+3)) bytes of '"..",' per hash (strip the last comma)."""
    n, k, d = digits.shape
    out = np.empty((n, k, d + 3), dtype=np.uint8)
    out[:, :, 0] = out[:, :, d + 1] = ord('"')
    out[:, :, 1 : d + 1] = digits
    out[:, :, d + 2] = ord(",")
    return out.reshape(n, -1)


def write_big_export(
    path: Path, real: list[tuple[str, Any]], total: int, rng: np.random.Generator
) -> int:
    """The real fingerprints, then random ones up to ``total``, as ``export`` writes them."""
    doc = export_document(real, lang="nl")
    head = dump_export(doc)
    tail = b"\n ]\n}\n"
    assert head.endswith(tail)
    per = 1 + 8 + REGION_COUNT  # pdq (= the first variant), the variants, the regions
    with path.open("wb") as out:
        out.write(head[: -len(tail)])
        done = len(real)
        while done < total:
            count = min(2_000, total - done)
            hashes = quoted_list(hex_rows(rng.integers(0, 256, (count, per - 1, 32), np.uint8)))
            small = hex_rows(rng.integers(0, 256, (count, 2, 8), np.uint8))
            width = 67
            for i in range(count):
                row = hashes[i].tobytes()
                out.write(
                    b',\n  {"ref":"#%d","label":null,"pdq":%s,"quality":100,"phash":"%s",'
                    b'"dhash":"%s","width":3000,"height":4000,"dihedral":[%s],"regions":[%s]}'
                    % (
                        done + i + 1, row[: width - 1], small[i, 0].tobytes(),
                        small[i, 1].tobytes(), row[: 8 * width - 1], row[8 * width : -1],
                    )
                )  # fmt: skip
            done += count
        out.write(tail)
    return path.stat().st_size


#: Runs one command and writes its own rusage to argv[1]: launched from this small
#: process rather than from the benchmark, the child's peak memory is its own (a child
#: forked from a big process starts its count from that process's size).
LAUNCHER = """
import json, os, subprocess, sys
proc = subprocess.Popen(sys.argv[2:])
_pid, status, usage = os.wait4(proc.pid, 0)
with open(sys.argv[1], "w") as f:
    json.dump([os.waitstatus_to_exitcode(status), usage.ru_utime + usage.ru_stime,
               usage.ru_maxrss / 1024], f)
"""


def run(name: str, args: list[str], env: dict[str, str], out: Path | None = None) -> Run:
    """One leakhelp command in its own process: wall, CPU and peak memory of that child."""
    with tempfile.NamedTemporaryFile(suffix=".json") as usage:
        cmd = [sys.executable, "-c", LAUNCHER, usage.name, sys.executable, "-m", "leakhelp", *args]
        with out.open("wb") if out else open(os.devnull, "wb") as sink:
            t0 = time.perf_counter()
            done = subprocess.run(cmd, env=env, stdout=sink, stderr=subprocess.PIPE, check=False)
            wall = time.perf_counter() - t0
        code, cpu, peak = json.loads(Path(usage.name).read_text())
    if code not in (0, 1):
        print(f"  {name}: exit {code}: {done.stderr.decode(errors='replace')[-400:]}")
    return Run(name, wall, cpu, peak, code)


def json_lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def measure_case(
    label: str, export: Path, env: dict[str, str], one: Path, fifty: Path, url: str, tmp: Path
) -> tuple[list[Run], dict[str, Any]]:
    """Every command against the case ``export`` becomes; the runs and what scans answered."""
    runs: list[Run] = []
    answers: dict[str, Any] = {}
    got = tmp / f"{label}-out.jsonl"
    runs.append(run("import", ["import", str(export), "--json"], env, got))
    case_id = json_lines(got)[0]["id"]
    runs.append(run("scan 1 image", ["scan", "--case", case_id, str(one), "--json"], env, got))
    answers["one"] = [(r.get("match"), r.get("fingerprint")) for r in json_lines(got)]
    runs.append(run("scan 50 images", ["scan", "--case", case_id, str(fifty), "--json"], env, got))
    answers["fifty"] = sorted(
        (Path(r["path"]).name, r.get("match"), r.get("fingerprint")) for r in json_lines(got)
    )
    runs.append(
        run("scan URL", ["scan", "--case", case_id, url, "--allow-private", "--json"], env, got)
    )
    answers["url"] = [(r.get("match"), r.get("fingerprint")) for r in json_lines(got)]
    runs.append(run("case show", ["case", "show", case_id], env))
    runs.append(
        run("check --case URL", ["check", url, "--case", case_id, "--allow-private", "--json"],
            env, got)
    )  # fmt: skip
    answers["check"] = [(r.get("state"), r.get("image_match")) for r in json_lines(got)]
    runs.append(run("export", ["export", "--case", case_id, "-o", str(tmp / f"{label}-again.json")],
                    env))  # fmt: skip
    return runs, answers


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="10,000 fingerprints")
    ap.add_argument("--n", type=int, default=None, help="fingerprints in the big case")
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument("--output", type=Path, default=None, help="JSON file (default: results/)")
    args = ap.parse_args(argv)
    n = args.n or (10_000 if args.quick else 100_000)
    rng = np.random.default_rng(args.seed)
    host, versions_used = header(f"leakhelp: a {n:,}-fingerprint case through the command line",
                                 args.seed, "numpy", "msgspec")  # fmt: skip
    items = robustness.originals()
    hard = robustness.hard_negatives()
    server, port = start_check_server()
    url = f"http://127.0.0.1:{port}{PHOTO_PATH}"
    try:
        with tempfile.TemporaryDirectory(prefix="leakhelp-case-scale-") as name:
            tmp = Path(name)
            cands = tmp / "candidates"
            cands.mkdir()
            written = robustness.write_candidates(cands, items + hard, rng)
            # 50 candidates: every third file, copies in every transform and unrelated images
            fifty = tmp / "fifty"
            fifty.mkdir()
            for path, _src, _tf in written[:: max(1, len(written) // 50)][:50]:
                path.rename(fifty / path.name)
            crops = [p for p, src, tf in written if tf.startswith("crop") and p.exists()]
            one = crops[0]
            real = robustness.fingerprint_originals(tmp, items)
            real = [(f"#{i + 1}", fp) for i, (_n, fp) in enumerate(real)]
            t0 = time.perf_counter()
            big = tmp / "big-export.json"
            size = write_big_export(big, real, n, rng)
            small = tmp / "small-export.json"
            write_big_export(small, real, SMALL, rng)
            print(f"exports: {n:,} fingerprints ({size / 1e9:.2f} GB) and {SMALL:,}, made in "
                  f"{time.perf_counter() - t0:.1f} s; 1 image: {one.name}; 50 images; {url}")  # fmt: skip
            env = dict(os.environ)
            env.pop("PYTHONDONTWRITEBYTECODE", None)  # as installed: bytecode compiled once
            results: dict[str, Any] = {}
            for label, export in (("small", small), ("big", big)):
                home = tmp / f"home-{label}"
                env["LEAKHELP_HOME"] = str(home)
                runs, answers = measure_case(label, export, env, one, fifty, url, tmp)
                results[label] = {"runs": [asdict(r) for r in runs], "answers": answers}
                (tmp / f"{label}-out.jsonl").unlink(missing_ok=True)
    finally:
        assert server.stdin is not None
        server.stdin.close()
        server.wait(timeout=10)

    small_runs = {r["name"]: r for r in results["small"]["runs"]}
    print(f"\n  {'command':<20} {'wall':>8} {'cpu':>8} {'peak MB':>8}   "
          f"{SMALL:,} case: {'wall':>7} {'cpu':>7}   big/small (cpu)")  # fmt: skip
    for r in results["big"]["runs"]:
        s = small_runs[r["name"]]
        print(f"  {r['name']:<20} {r['wall']:>7.2f}s {r['cpu']:>7.2f}s {r['peak_mb']:>8.0f}   "
              f"{'':>9} {s['wall']:>6.2f}s {s['cpu']:>6.2f}s   {r['cpu'] / s['cpu']:>6.1f}x")  # fmt: skip
    big_runs = {r["name"]: r for r in results["big"]["runs"]}
    same = results["big"]["answers"] == results["small"]["answers"]
    print(f"same answers on both cases: {same}")
    if not same:
        print(f"  small: {results['small']['answers']}\n  big:   {results['big']['answers']}")
    failed = [r["name"] for r in results["big"]["runs"] + results["small"]["runs"] if r["code"]]
    goals = {
        "scan 1 image wall s": (big_runs["scan 1 image"]["wall"], GOAL_SCAN_ONE_S),
        "import wall s": (big_runs["import"]["wall"], GOAL_IMPORT_S),
        "peak MB": (max(r["peak_mb"] for r in results["big"]["runs"]), GOAL_PEAK_MB),
    }
    judged = not args.quick and n >= 100_000
    for goal, (measured, limit) in goals.items():
        verdict = ("met" if measured <= limit else "MISSED") if judged else "(not judged)"
        print(f"goal {goal:<22} {measured:>9.2f} <= {limit:<8} {verdict}")
    write_results(
        "case_scale",
        {"benchmark": "case_scale", "seed": args.seed, "n": n, "quick": args.quick,
         "export_bytes": size, "machine": host, "versions": versions_used, "same": same,
         "failed": failed, "results": results,
         "goals": {k: {"measured": m, "limit": lim} for k, (m, lim) in goals.items()}},
        args.output,
    )  # fmt: skip
    missed = judged and any(m > lim for m, lim in goals.values())
    return 1 if missed or not same or failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
