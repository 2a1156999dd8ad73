"""Status checks: leakhelp's async engine against a plain sequential httpx loop.

Run: ``.venv/bin/python benchmarks/check_speed.py [--quick] [--urls N] [--seed S]``

A local server (tests/checkserver.py, in its own process, on loopback
addresses 127.0.0.1-127.0.0.10 so there are several "sites"; ``--hosts 1``
puts every URL on one site, where the per-host limit rules) answers every
request after ~20 ms, like a nearby web server: a third live pages, a third
HTTP 404, a third soft-404 pages ("Sorry, this page isn't available.", status
200). The same URLs, shuffled with the seed, are checked twice in this run:

* **leakhelp**: :func:`leakhelp.checks.check_urls` with its default limits
  (32 requests at once, 6 per host, byte caps, redirects by hand, guard);
* **baseline**: ``httpx.Client``, one GET after another, each answer
  classified with the very same :class:`leakhelp.checks.Classifier`.

It prints URLs/s for both, the ratio (target >= 10x), the peak memory of the
process after the leakhelp run (target < 200 MB; it includes the interpreter
and every imported library, so it bounds the engine from above), and whether
both classified every URL the same (they must). Exit status 1 when a target
is missed or they differ. Results are written as JSON to benchmarks/results/.
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import time
from collections import Counter
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from _common import header, start_check_server, write_results  # noqa: E402
from leakhelp.checks import (  # noqa: E402
    DEFAULT_CONCURRENCY,
    DEFAULT_PER_HOST,
    HTML_CAP,
    USER_AGENT,
    CheckSettings,
    Classifier,
    Fetched,
    check_urls,
)

#: Seconds the server waits before each answer: a nearby server's round trip.
LATENCY = 0.020
#: Loopback addresses the server listens on by default: ten "sites".
DEFAULT_HOSTS = 10
#: The engine must be at least this many times faster than one-by-one.
TARGET_RATIO = 10.0
#: ... and the whole process must stay under this peak memory (MB).
TARGET_MB = 200.0


def baseline(urls: list[str], classifier: Classifier) -> dict[str, tuple[str, str]]:
    """One request after another, classified with the same rules."""
    verdicts: dict[str, tuple[str, str]] = {}
    headers = {"User-Agent": USER_AGENT, "Accept-Encoding": "identity"}
    with httpx.Client(timeout=10, trust_env=False, headers=headers) as client:
        for url in urls:
            with client.stream("GET", url) as response:
                body = b""
                for chunk in response.iter_bytes():
                    body += chunk
                    if len(body) >= HTML_CAP:
                        break
                fetched = Fetched.of(url, str(response.url), response.status_code,
                                     response.headers, body)  # fmt: skip
            verdict = classifier.classify(fetched)
            verdicts[url] = (verdict.state, verdict.reason())
    return verdicts


def rss_mb() -> float:
    """Peak resident memory of this process so far, in MB (Linux reports KB)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1024 if sys.platform != "darwin" else peak / 1024 / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="150 URLs instead of 1,000")
    parser.add_argument("--urls", type=int, default=None)
    parser.add_argument("--seed", type=int, default=20261125)
    parser.add_argument("--hosts", type=int, default=DEFAULT_HOSTS,
                        help="loopback hosts (sites) to spread the URLs over (1-200)")  # fmt: skip
    parser.add_argument("--output", type=Path, default=None, help="JSON file (default: results/)")
    args = parser.parse_args()
    count = args.urls or (150 if args.quick else 1000)
    hosts = [f"127.0.0.{i}" for i in range(1, max(1, min(args.hosts, 200)) + 1)]

    host, versions_used = header("leakhelp status-check speed", args.seed, "httpx")
    print(f"workload   {count} URLs over {len(hosts)} loopback hosts, {LATENCY * 1000:.0f} ms "
          "per answer; 1/3 live, 1/3 HTTP 404, 1/3 soft-404 (status 200)")  # fmt: skip
    print(f"leakhelp   {DEFAULT_CONCURRENCY} at once, {DEFAULT_PER_HOST} per host")

    proc, port = start_check_server("--hosts", ",".join(hosts), "--latency", str(LATENCY))
    try:
        urls = [f"http://{hosts[i % len(hosts)]}:{port}/bench/{i}" for i in range(count)]
        random.Random(args.seed).shuffle(urls)
        classifier = Classifier()
        rss_before = rss_mb()

        started = time.perf_counter()
        results = check_urls(urls, settings=CheckSettings(allow_private=True, timeout=10),
                             classifier=classifier)  # fmt: skip
        fast = time.perf_counter() - started
        rss_after = rss_mb()

        started = time.perf_counter()
        slow_verdicts = baseline(urls, classifier)
        slow = time.perf_counter() - started
    finally:
        proc.kill()
        proc.wait()

    same = sum(1 for r in results if slow_verdicts[r.url] == (r.state, r.reason))
    states = Counter(r.state for r in results)
    print()
    print(f"leakhelp   {count / fast:8.1f} URLs/s  ({fast:.2f} s)")
    print(f"baseline   {count / slow:8.1f} URLs/s  ({slow:.2f} s, sequential httpx.Client)")
    print(f"ratio      {slow / fast:8.1f}x  (target >= {TARGET_RATIO:g}x)")
    print(f"memory     {rss_after:8.1f} MB peak RSS of the whole process after the leakhelp "
          f"run (was {rss_before:.1f} MB before it; target < {TARGET_MB:g} MB)")  # fmt: skip
    print(f"states     {dict(sorted(states.items()))}")
    print(f"agreement  {same}/{count} URLs classified the same by both")
    ratio = slow / fast
    met = ratio >= TARGET_RATIO and rss_after < TARGET_MB and same == count
    result = {
        "benchmark": "check_speed",
        "seed": args.seed,
        "urls": count,
        "hosts": len(hosts),
        "latency_s": LATENCY,
        "machine": host,
        "versions": versions_used,
        "leakhelp_urls_per_s": round(count / fast, 1),
        "baseline_urls_per_s": round(count / slow, 1),
        "ratio": round(ratio, 2),
        "peak_rss_mb": round(rss_after, 1),
        "agreement": same,
        "states": dict(states),
        "target_ratio": TARGET_RATIO,
        "target_mb": TARGET_MB,
        "target_met": met,
    }  # fmt: skip
    write_results("check_speed", result, args.output)
    return 0 if met else 1


if __name__ == "__main__":
    raise SystemExit(main())
