"""Match speed: one candidate against a million fingerprints, on one core.

Run: ``.venv/bin/python benchmarks/match_speed.py [--quick] [--fingerprints N] [--seed S]``

The index holds N random fingerprints with their 8 dihedral PDQ variants
(8 N hashes of 256 bits: 256 MB for a million), packed as leakhelp.matching
packs them. Each query is what a candidate costs in ``scan``: its PDQ hash
and its tent-filtered twin against every stored hash (the nearest of the two
per stored hash), then the rows within the "possible" band. Some queries are
stored hashes with bits flipped, so the run also checks that they are found.

The baseline, measured in the same run, is the naive pure-Python loop
(``(q ^ h).bit_count()`` over Python ints) on a sample, extrapolated.
Target: >= 50 million comparisons per second on one core. The figures also
go to benchmarks/results/ as JSON.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from _common import header, write_results  # noqa: E402
from leakhelp.matching import POSSIBLE_DISTANCE, HashIndex  # noqa: E402

SEED = 20240611
TARGET = 50e6  # comparisons per second on one core


def _flip(words: np.ndarray, bits: int, rng: np.random.Generator) -> np.ndarray:
    out = words.copy()
    for b in rng.choice(256, size=bits, replace=False):
        out[b // 64] ^= np.uint64(1) << np.uint64(b % 64)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="100k fingerprints, fewer queries")
    ap.add_argument("--fingerprints", type=int, default=None, help="default 1,000,000")
    ap.add_argument("--queries", type=int, default=None)
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument("--output", type=Path, default=None, help="JSON file (default: results/)")
    args = ap.parse_args(argv)
    n = args.fingerprints or (100_000 if args.quick else 1_000_000)
    queries = args.queries or (10 if args.quick else 30)
    rng = np.random.default_rng(args.seed)
    host, versions_used = header(f"leakhelp match speed (quick={args.quick})", args.seed, "numpy")
    print(f"popcount  {'np.bitwise_count' if hasattr(np, 'bitwise_count') else 'byte table'}")
    stored = 8 * n
    t0 = time.perf_counter()
    words = rng.integers(
        0, np.iinfo(np.uint64).max, size=(4, stored), dtype=np.uint64, endpoint=True
    )
    index = HashIndex(words)
    print(
        f"index: {n:,} fingerprints x 8 variants = {stored:,} hashes, "
        f"{words.nbytes / 2**20:.0f} MB, built in {time.perf_counter() - t0:.1f}s"
    )

    # Queries: half are stored hashes with 10 bits flipped (must be found), half random.
    planted: list[tuple[np.ndarray, int]] = []
    qs: list[np.ndarray] = []
    for i in range(queries):
        if i % 2 == 0:
            row = int(rng.integers(stored))
            q = _flip(words[:, row], 10, rng)
            planted.append((q, row))
        else:
            q = rng.integers(0, np.iinfo(np.uint64).max, size=4, dtype=np.uint64, endpoint=True)
        qs.append(q)
    twins = [_flip(q, 8, rng) for q in qs]  # stands in for the tent-filtered twin hash

    index.within([qs[0], twins[0]], POSSIBLE_DISTANCE)  # warm up
    t0 = time.perf_counter()
    found = 0
    for q, twin in zip(qs, twins, strict=True):
        rows, _dist = index.within([q, twin], POSSIBLE_DISTANCE)
        found += rows.size
    elapsed = time.perf_counter() - t0
    per_query = elapsed / queries
    comparisons = 2 * stored * queries / elapsed
    print(
        f"numpy: {per_query * 1000:.1f} ms per candidate (2 hashes x {stored:,}); "
        f"{1 / per_query:.2f} candidates/s; {comparisons / 1e6:.0f} million comparisons/s"
    )
    t0 = time.perf_counter()
    for q in qs:
        index.distances(q)
    single = stored * queries / (time.perf_counter() - t0)
    print(f"numpy, one hash against all: {single / 1e6:.0f} million comparisons/s")

    for q, row in planted:
        rows, dist = index.within([q], 16)
        assert row in rows.tolist() and int(dist[rows.tolist().index(row)]) == 10, (
            "planted hash lost"
        )
    print(f"check: all {len(planted)} planted near-duplicates found at 10 bits")

    # Naive baseline: Python ints, XOR and bit_count, over a sample.
    sample = min(stored, 100_000 if args.quick else 300_000)
    t0 = time.perf_counter()
    ints = [int.from_bytes(words[:, i].tobytes(), "little") for i in range(sample)]
    convert = time.perf_counter() - t0
    q_int = int.from_bytes(qs[1].tobytes(), "little")
    t0 = time.perf_counter()
    best = min((q_int ^ h).bit_count() for h in ints)
    naive = sample / (time.perf_counter() - t0)
    print(
        f"naive Python loop: {naive / 1e6:.1f} million comparisons/s (sample of {sample:,}, "
        f"extrapolated: {stored / naive:.2f} s per hash against all; "
        f"nearest in sample {best} bits; converting the sample took {convert:.1f}s)"
    )
    print(f"speed-up over the naive loop: {single / naive:.0f}x")
    ok = single >= TARGET and comparisons >= TARGET
    print(
        f"target >= {TARGET / 1e6:.0f} million comparisons/s on one core: {'MET' if ok else 'NOT MET'}"
    )
    result = {
        "benchmark": "match_speed",
        "seed": args.seed,
        "quick": args.quick,
        "machine": host,
        "versions": versions_used,
        "fingerprints": n,
        "hashes": stored,
        "queries": queries,
        "ms_per_candidate": round(per_query * 1000, 2),
        "comparisons_per_s": round(comparisons),
        "single_hash_comparisons_per_s": round(single),
        "naive_comparisons_per_s": round(naive),
        "speedup": round(single / naive, 1),
        "target": TARGET,
        "target_met": ok,
    }  # fmt: skip
    write_results("match_speed", result, args.output)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
