"""Whole-page scans: images compared per second on a gallery, and reading hostile pages.

Run: ``.venv/bin/python benchmarks/page_speed.py [--rounds N] [--seed S] [--no-parsers]
[--other-parsers]``

A local server (tests/checkserver.py, in its own process on 127.0.0.1, each
answer after ~20 ms like a nearby web server) serves the stand-in gallery of
tests/pagesite.py: 30 thumbnails linking to full-size JPEGs (400x300 and up),
three of them transformed copies of the case's photos. The gallery is scanned
``--rounds`` times each way, in this run:

* **leakhelp**: :func:`leakhelp.checks.ascan_pages` with its default limits
  (the engine's parallel requests, 6 per site, address guard, byte caps);
* **baseline**: one ``httpx.Client`` GET after another (the page, then each
  image the very same :func:`leakhelp.checks.find_media` lists), each image
  matched with the same :class:`leakhelp.matching.MatchIndex`.

It prints images compared per second for both, the ratio (target >= 1.5x;
hashing is CPU work that parallel requests cannot hide on 2 cores), and
whether both found the same strong matches (they must). Then, unless
``--no-parsers``: seconds to read each 2 MB hostile page of
tests/checkserver.py with :func:`leakhelp.checks.htmlscan.read_html`, next to
the standard library's ``html.parser`` on 32 KB and 64 KB of the worst
pattern (its time grows four-fold when the input doubles: quadratic).
``--other-parsers`` also times selectolax (lexbor), when installed (it is
not a dependency), on one tag with 10,000 and 20,000 attributes.
Exit status 1 when a target is missed. Results go to benchmarks/results/.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from html.parser import HTMLParser
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tests"))

from _common import header, start_check_server, write_results  # noqa: E402
from leakhelp.checks import (  # noqa: E402
    USER_AGENT,
    CheckSettings,
    PageLimits,
    ascan_pages,
    find_media,
)
from leakhelp.checks.htmlscan import read_html  # noqa: E402
from leakhelp.fingerprint import fingerprint_file  # noqa: E402
from leakhelp.matching import MatchIndex  # noqa: E402
from pagesite import CASE_PHOTOS, PHOTOS  # noqa: E402

from checkserver import HOSTILE_PATTERNS, hostile_page  # noqa: E402

#: Seconds the server waits before each answer: a nearby server's round trip.
LATENCY = 0.020
#: leakhelp must compare images at least this many times faster than one by one.
TARGET_RATIO = 1.5
#: Reading any 2 MB hostile page must take less than this many seconds.
TARGET_PARSE_S = 5.0


def leakhelp_scan(url: str, index: MatchIndex) -> tuple[int, set[str]]:
    """Images compared and the image addresses with a strong match."""
    settings = CheckSettings(allow_private=True, timeout=10)
    (report,) = asyncio.run(ascan_pages([url], index=index, settings=settings, limits=PageLimits()))
    strong = {f.image_url for f in report.findings if f.match.tier == "strong"}
    return report.compared, strong


def baseline_scan(url: str, index: MatchIndex) -> tuple[int, set[str]]:
    """The page, then each image it lists, one GET after another."""
    headers = {"User-Agent": USER_AGENT, "Accept-Encoding": "identity"}
    strong: set[str] = set()
    compared = 0
    with httpx.Client(timeout=10, trust_env=False, headers=headers) as client:
        page = client.get(url)
        media = find_media(read_html(page.text), str(page.url))
        for ref in media.images:
            answer = client.get(ref.url)
            if len(answer.content) < 2048:  # the same tiny-image rule
                continue
            found, _quality = index.match_file(answer.content)
            compared += 1
            if found is not None and found.tier == "strong":
                strong.add(ref.url)
    return compared, strong


class _Count(HTMLParser):
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        return None


def parse_times() -> dict[str, float]:
    """Seconds to read each hostile page, and html.parser on prefixes of the worst one."""
    times: dict[str, float] = {}
    for name in HOSTILE_PATTERNS:
        text = hostile_page(name).decode()
        started = time.perf_counter()
        read_html(text)
        times[f"read_html {name} 2 MB"] = time.perf_counter() - started
    worst = hostile_page("unclosed-tags").decode()
    for size in (32 * 1024, 64 * 1024):
        parser = _Count()
        started = time.perf_counter()
        parser.feed(worst[:size])
        parser.close()
        times[f"html.parser unclosed-tags {size // 1024} KB"] = time.perf_counter() - started
    return times


def other_parser_times() -> dict[str, float]:
    """lexbor (selectolax), when installed, on one tag with many attributes: its
    duplicate-attribute check makes building the tree quadratic."""
    times: dict[str, float] = {}
    try:
        from selectolax.lexbor import LexborHTMLParser
    except ImportError:
        print("parse      selectolax not installed: skipped")
        return times
    for n in (10_000, 20_000):
        text = "<a " + "".join(f"b{i}=1 " for i in range(n)) + ">"
        started = time.perf_counter()
        LexborHTMLParser(text)
        times[f"lexbor one tag with {n} attributes"] = time.perf_counter() - started
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3, help="gallery scans each way")
    parser.add_argument("--seed", type=int, default=20261129, help="recorded; the site is fixed")
    parser.add_argument("--no-parsers", action="store_true", help="skip the hostile-page timings")
    parser.add_argument(
        "--other-parsers", action="store_true", help="also time selectolax (lexbor), if installed"
    )
    parser.add_argument("--output", type=Path, default=None, help="JSON file (default: results/)")
    args = parser.parse_args()

    host, versions_used = header("leakhelp whole-page scan speed", args.seed, "httpx")
    index = MatchIndex((name, fingerprint_file(PHOTOS / name)) for name in CASE_PHOTOS)
    proc, port = start_check_server("--latency", str(LATENCY))
    try:
        url = f"http://127.0.0.1:{port}/site/gallery"
        baseline_scan(url, index)  # warm the server's image cache: both runs get the same site
        fast_images = slow_images = 0
        fast = slow = 0.0
        fast_strong: set[str] = set()
        slow_strong: set[str] = set()
        for _ in range(args.rounds):
            started = time.perf_counter()
            compared, fast_strong = leakhelp_scan(url, index)
            fast += time.perf_counter() - started
            fast_images += compared
            started = time.perf_counter()
            compared, slow_strong = baseline_scan(url, index)
            slow += time.perf_counter() - started
            slow_images += compared
    finally:
        proc.kill()
        proc.wait()

    fast_rate, slow_rate = fast_images / fast, slow_images / slow
    ratio = fast_rate / slow_rate
    same = fast_strong == slow_strong and len(fast_strong) == 3
    print(f"workload   the stand-in gallery (30 full-size images), {args.rounds} round(s), "
          f"{LATENCY * 1000:.0f} ms per answer")  # fmt: skip
    print(f"leakhelp   {fast_rate:8.1f} images/s  ({fast:.2f} s for {fast_images} images)")
    print(f"baseline   {slow_rate:8.1f} images/s  ({slow:.2f} s, one GET after another)")
    print(f"ratio      {ratio:8.2f}x  (target >= {TARGET_RATIO:g}x)")
    print(f"agreement  {'same' if same else 'DIFFERENT'} strong matches ({len(fast_strong)} found)")
    times = {} if args.no_parsers else parse_times()
    if args.other_parsers:
        times.update(other_parser_times())
    for label, seconds in times.items():
        print(f"parse      {seconds:8.3f} s  {label}")
    worst_read = max((s for k, s in times.items() if k.startswith("read_html")), default=0.0)
    met = ratio >= TARGET_RATIO and same and worst_read < TARGET_PARSE_S
    result = {
        "benchmark": "page_speed",
        "seed": args.seed,
        "rounds": args.rounds,
        "latency_s": LATENCY,
        "machine": host,
        "versions": versions_used,
        "leakhelp_images_per_s": round(fast_rate, 1),
        "baseline_images_per_s": round(slow_rate, 1),
        "ratio": round(ratio, 2),
        "strong_matches": sorted(fast_strong),
        "agreement": same,
        "parse_seconds": {k: round(v, 3) for k, v in times.items()},
        "target_ratio": TARGET_RATIO,
        "target_parse_s": TARGET_PARSE_S,
        "target_met": met,
    }
    write_results("page_speed", result, args.output)
    return 0 if met else 1


if __name__ == "__main__":
    raise SystemExit(main())
