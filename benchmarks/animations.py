"""Animated GIFs, APNGs and WebPs: first frame only against frames over time.

Run: ``.venv/bin/python benchmarks/animations.py [--seed N] [--rounds N]``

Makes loops from the sample photos (a pan over three photos, as GIF), and the
ways a loop is re-shared: the same loop as WebP and APNG, its second half only,
a GIF cut from the middle, the loop re-made as an MP4, a screenshot of its
first frame. Each candidate is matched three ways against the original loop:

* ``first frame``: the naive baseline, how leakhelp fingerprinted a GIF before
  (a photo: its first frame; a candidate animation by its first frame too);
* ``1 s``: frames over time, one sample a second as for videos;
* ``leakhelp``: what ``hash`` keeps now (the first frame, and frames four
  times a second) against what ``scan`` does with a candidate (both rates).

Also times reading the loop's frames with Pillow (leakhelp.videodecode.
AnimationReader) against FFmpeg's GIF demuxer (PyAV), in the same run.
Goal: every re-shared form found (strong or possible) by leakhelp; no
unrelated loop strong.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tests"))

import av  # noqa: E402
from PIL import Image, ImageSequence  # noqa: E402

from _common import header, write_results  # noqa: E402
from leakhelp.fingerprint import fingerprint_file  # noqa: E402
from leakhelp.matching import MatchIndex  # noqa: E402
from leakhelp.video import hash_media_one, hash_video  # noqa: E402
from leakhelp.videodecode import AnimationReader  # noqa: E402
from leakhelp.videomatch import VideoIndex, scan_media_one  # noqa: E402

from videogen import animated_gif, slideshow, write_video  # noqa: E402

PHOTOS = ROOT / "examples" / "photos"
KINDS = ("webp", "apng", "second-half", "middle", "as-mp4", "screenshot")


def make_loop(folder: Path, photos: list[Path], name: str) -> dict[str, Path]:
    clip = slideshow(folder / f"{name}.mp4", photos, seconds_each=3.0)
    gif = animated_gif(clip, folder / f"{name}.gif", start=0.0, end=9.0)
    with Image.open(gif) as im:
        frames = [f.convert("RGB") for f in ImageSequence.Iterator(im)]
        delay = im.info["duration"]
    out = {"original": gif}

    def save(kind: str, suffix: str, part: list[Image.Image]) -> None:
        out[kind] = folder / f"{name}-{kind}{suffix}"
        part[0].save(out[kind], save_all=True, append_images=part[1:], duration=delay, loop=0)

    save("webp", ".webp", frames)
    save("apng", ".png", frames)
    half, quarter = len(frames) // 2, len(frames) // 4
    save("second-half", ".gif", frames[half:])
    save("middle", ".gif", frames[quarter : quarter + half])
    out["as-mp4"] = write_video(
        folder / f"{name}-as.mp4", iter([f for f in frames for _ in range(2)]), fps=10
    )
    out["screenshot"] = folder / f"{name}-shot.jpg"
    frames[0].save(out["screenshot"], "JPEG", quality=80)
    return out


def first_frame_only(original: Path, candidate: Path) -> str | None:
    index = MatchIndex([("loop", fingerprint_file(original))])
    found = scan_media_one(str(candidate), index, None).match  # a video: the photo in it
    return found.tier if found is not None else None


def one_a_second(original: Path, candidate: Path) -> str | None:
    videos = VideoIndex([("loop", hash_video(original, animations=True, every=1.0).fingerprint)])
    if candidate.suffix == ".jpg":
        found, _ = videos.match_image(Image.open(candidate).convert("RGB"))
    else:
        found = videos.match_video(hash_video(candidate, animations=True, every=1.0))
    return found.tier if found is not None else None


def leakhelp_now(original: Path, candidate: Path) -> str | None:
    kept = hash_media_one(str(original))
    assert kept.video is not None and kept.fingerprint is not None
    videos = VideoIndex([("loop", kept.video)], photos=[("loop", kept.fingerprint)])
    found = scan_media_one(str(candidate), None, videos).match
    return found.tier if found is not None else None


def read_speed(gif: Path, rounds: int) -> dict[str, float]:
    def pillow() -> int:
        with AnimationReader(gif) as reader:
            return sum(1 for _ in reader.frames(0.25))

    def ffmpeg() -> int:
        with av.open(str(gif), format="gif") as container:
            return sum(1 for f in container.decode(video=0) if f.to_image() is not None)

    times: dict[str, float] = {}
    for name, work in (("pillow", pillow), ("ffmpeg", ffmpeg)):
        runs = []
        for _ in range(rounds):
            start = time.perf_counter()
            work()
            runs.append(time.perf_counter() - start)
        times[name] = statistics.median(runs)
    return times


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seed", type=int, default=20261129)
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args(argv)
    found_machine, found_versions = header("animations", args.seed, "pillow", "av")
    rng = random.Random(args.seed)
    photos = sorted(p for p in PHOTOS.iterdir() if p.suffix in (".png", ".jpg"))
    rng.shuffle(photos)
    groups = [photos[k : k + 3] for k in range(0, len(photos) - 2, 3)][:3]
    ways = {"first frame": first_frame_only, "1 s": one_a_second, "leakhelp": leakhelp_now}
    tally: dict[str, dict[str, dict[str, int]]] = {w: {k: {} for k in KINDS} for w in ways}
    false_strong = {w: 0 for w in ways}
    with tempfile.TemporaryDirectory() as tmp:
        loops = [make_loop(Path(tmp), g, f"loop{i}") for i, g in enumerate(groups)]
        for i, loop in enumerate(loops):
            other = loops[(i + 1) % len(loops)]
            for way, match in ways.items():
                for kind in KINDS:
                    tier = match(loop["original"], loop[kind]) or "none"
                    tally[way][kind][tier] = tally[way][kind].get(tier, 0) + 1
                false_strong[way] += match(loop["original"], other["second-half"]) == "strong"
        speed = read_speed(loops[0]["original"], args.rounds)
    print(f"\n{len(loops)} loops; per candidate kind: strong / possible / not found")
    print(f"{'kind':<12}" + "".join(f"{w:>16}" for w in ways))
    for kind in KINDS:
        cells = [
            f"{t.get('strong', 0)}/{t.get('possible', 0)}/{t.get('none', 0)}"
            for t in (tally[w][kind] for w in ways)
        ]
        print(f"{kind:<12}" + "".join(f"{c:>16}" for c in cells))
    print("unrelated loop strong: " + ", ".join(f"{w} {n}" for w, n in false_strong.items()))
    ratio = speed["ffmpeg"] / speed["pillow"]
    print(f"reading one loop's frames: Pillow {speed['pillow'] * 1000:.1f} ms, "
          f"FFmpeg {speed['ffmpeg'] * 1000:.1f} ms ({ratio:.1f}x)")  # fmt: skip
    result: dict[str, Any] = {
        "seed": args.seed, "machine": found_machine, "versions": found_versions,
        "tally": tally, "false_strong": false_strong, "read_seconds": speed,
    }  # fmt: skip
    write_results("animations", result)
    found_all = all(tally["leakhelp"][k].get("none", 0) == 0 for k in KINDS)
    return 0 if found_all and not false_strong["leakhelp"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
