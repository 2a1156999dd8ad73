"""From a case store on disk to a ready matching index: the read ``scan`` and ``check`` do.

Run: ``.venv/bin/python benchmarks/store_read.py [--quick] [--n N]``

Writes a case of 1,000,000 random fingerprints (100,000 with ``--quick``)
into a fresh store, then in fresh processes (peak RSS is the process's own)
times ``Workspace.match_index`` for it: the store's read in slices of
aggregates (leakhelp.store.packing) and the index built from it. The baseline,
measured in the same run on the same file, is the read as it was before: one
Python row per fingerprint. Best of ``--repeat`` (processor time; the machine
is shared). The scale goal: 1M fingerprints in <= 3 s and <= 600 MB extra.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from _common import header, write_results  # noqa: E402
from match_scale import GOAL_BUILD_MB, GOAL_BUILD_S, read_store, write_store  # noqa: E402

SEED = 20261129


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="100,000 fingerprints")
    ap.add_argument("--n", type=int, default=None, help="fingerprints (default 1,000,000)")
    ap.add_argument("--repeat", type=int, default=3, help="reads of each kind (best counts)")
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument("--output", type=Path, default=None, help="JSON file (default: results/)")
    args = ap.parse_args(argv)
    n = args.n or (100_000 if args.quick else 1_000_000)
    host, versions_used = header("store read: case store -> matching index", args.seed, "numpy")
    with tempfile.TemporaryDirectory(prefix="leakhelp-store-read-") as home:
        case_id = write_store(home, n, np.random.default_rng(args.seed))
        runs = {
            kind: [read_store(home, case_id, n, row_by_row=kind == "rows")
                   for _ in range(args.repeat)]
            for kind in ("workspace", "rows")
        }  # fmt: skip
    best = {kind: min(r["seconds"] for r in found) for kind, found in runs.items()}
    peak = {kind: max(r["extra_mb"] for r in found) for kind, found in runs.items()}
    ratio = best["rows"] / best["workspace"]
    judged = n >= 1_000_000  # the goal is for a million; smaller runs only report
    met = not judged or (best["workspace"] <= GOAL_BUILD_S and peak["workspace"] <= GOAL_BUILD_MB)
    print(f"{n:,} fingerprints -> index, best of {args.repeat} (processor time):")
    print(
        f"  Workspace.match_index:  {best['workspace']:.2f} s, peak RSS +{peak['workspace']:.0f} MB"
    )
    print(f"  row by row (baseline):  {best['rows']:.2f} s, peak RSS +{peak['rows']:.0f} MB")
    verdict = ("MET" if met else "MISSED") if judged else "judged at 1,000,000 only"
    print(f"  -> {ratio:.1f}x; goal <= {GOAL_BUILD_S} s, <= {GOAL_BUILD_MB:.0f} MB: {verdict}")
    write_results(
        "store_read",
        {"benchmark": "store_read", "seed": args.seed, "quick": args.quick, "n": n,
         "machine": host, "versions": versions_used, "runs": runs, "best_s": best,
         "peak_extra_mb": peak, "ratio": round(ratio, 2), "goal_met": met, "judged": judged},
        args.output,
    )  # fmt: skip
    return 0 if met else 1


if __name__ == "__main__":
    raise SystemExit(main())
