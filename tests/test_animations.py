"""Animated GIFs, APNGs and WebPs: fingerprinted as a photo (the first frame) and as a
short video (frames over time), so a loop cut from one and the same loop re-made as
a video are found. Real files, generated from the sample photos during the run."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image, ImageSequence

from leakhelp.errors import ImageError
from leakhelp.video import hash_media_one, hash_video
from leakhelp.videodecode import AnimationReader, is_animated_image
from leakhelp.videomatch import VideoIndex, scan_media_one

from conftest import PHOTOS, CliResult
from videogen import animated_gif, slideshow, write_video

Cli = Callable[..., CliResult]
OWN = [PHOTOS / n for n in ("astronaut.png", "chelsea.png", "camera.png")]


@pytest.fixture(scope="module")
def loops(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("loops")
    clip = slideshow(d / "clip.mp4", OWN, seconds_each=3.0)
    gif = animated_gif(clip, d / "loop.gif", start=0.0, end=9.0)
    with Image.open(gif) as im:
        frames = [f.convert("RGB") for f in ImageSequence.Iterator(im)]
        delay = im.info["duration"]
    frames[0].save(d / "loop.webp", save_all=True, append_images=frames[1:], duration=delay)
    frames[0].save(d / "loop.png", save_all=True, append_images=frames[1:], duration=delay)
    half = len(frames) // 2
    # the second half of the loop only: its first frame is not the original's
    frames[half].save(
        d / "second-half.gif", save_all=True, append_images=frames[half + 1 :], duration=delay
    )
    write_video(d / "as-video.mp4", iter([f for f in frames for _ in range(2)]), fps=10)
    frames[0].save(d / "still.gif")
    return {
        "gif": gif,
        "webp": d / "loop.webp",
        "apng": d / "loop.png",
        "second-half": d / "second-half.gif",
        "as-video": d / "as-video.mp4",
        "still": d / "still.gif",
        "clip": clip,
    }


@pytest.mark.parametrize("name", ["gif", "webp", "apng"])
def test_an_animation_is_a_photo_and_a_short_video(loops: dict[str, Path], name: str) -> None:
    assert is_animated_image(loops[name])
    result = hash_media_one(str(loops[name]))
    assert result.fingerprint is not None and result.video is not None
    video = result.video
    assert 8.0 <= video.duration <= 10.0
    assert len(video.frames) >= 3  # the three photos of the loop, at least
    assert video.frames[0].start == 0.0


def test_a_still_gif_is_a_photo_only(loops: dict[str, Path]) -> None:
    assert not is_animated_image(loops["still"])
    result = hash_media_one(str(loops["still"]))
    assert result.fingerprint is not None and result.video is None


def test_part_of_a_loop_and_the_loop_as_a_video_match_the_animation(
    loops: dict[str, Path],
) -> None:
    original = hash_media_one(str(loops["gif"]))
    assert original.video is not None and original.fingerprint is not None
    index = VideoIndex([("loop", original.video)], photos=[("loop", original.fingerprint)])
    part = scan_media_one(str(loops["second-half"]), None, index)
    assert part.match is not None and part.match.tier == "strong", part
    # A video is sampled once a second, the animation four times: the loop re-made
    # as an MP4 is found, as "possible" here (docs/video.md, "Animated images").
    remade = scan_media_one(str(loops["as-video"]), None, index)
    assert remade.match is not None and remade.match.ref == "loop", remade
    webp = scan_media_one(str(loops["webp"]), None, index)
    assert webp.match is not None and webp.match.tier == "strong"


def test_a_damaged_animation_keeps_its_first_frames_or_is_one_line(
    loops: dict[str, Path], tmp_path: Path
) -> None:
    data = loops["gif"].read_bytes()
    cut = tmp_path / "cut.gif"
    cut.write_bytes(data[: len(data) // 2])
    with AnimationReader(cut) as reader:
        shown = list(reader.frames())
    assert shown and reader.decoded >= 1
    header_only = tmp_path / "header.gif"
    header_only.write_bytes(data[:40])
    with pytest.raises(ImageError) as caught:
        hash_video(header_only, animations=True)
    assert "\n" not in str(caught.value) and str(tmp_path) not in str(caught.value)


def test_hash_json_carries_the_animation_and_scan_reads_it_back(
    cli: Cli, loops: dict[str, Path], tmp_path: Path
) -> None:
    case = str(cli("case", "new", "Sam", "--json").json_lines()[0]["id"])
    hashed = cli("hash", loops["gif"], "--case", case, "--json", "--label", "loop")
    assert hashed.code == 0, hashed.stderr
    [line] = hashed.json_lines()
    assert {"pdq", "quality", "phash", "dhash", "width", "height"} <= set(line)
    assert line["animation"]["frames"] and line["animation"]["duration"] > 8
    assert "videos: 1" in cli("case", "show", case).stdout
    found = cli("scan", loops["second-half"], "--case", case, "--json").json_lines()
    assert found[0]["match"] == "strong" and found[0]["fingerprint"] == "loop"
    saved = tmp_path / "hashes.jsonl"
    saved.write_text(json.dumps(line) + "\n")
    again = cli("scan", loops["as-video"], "--fingerprints", saved, "--json").json_lines()
    assert again[0]["match"] in ("strong", "possible") and again[0]["kind"] == "video"
    assert again[0]["fingerprint"] == "loop"


def test_a_long_animation_is_read_only_up_to_its_caps(tmp_path: Path) -> None:
    """12,000 frames of noise: read up to 150 s of its time line (100 ms a frame, as
    browsers show a delay of 0), 600 samples at most, whatever the file holds."""
    import os

    from leakhelp.videodecode import MAX_ANIMATION_SECONDS

    frames = [Image.frombytes("L", (8, 8), os.urandom(64)) for _ in range(12_000)]
    long_gif = tmp_path / "long.gif"
    frames[0].save(long_gif, "GIF", save_all=True, append_images=frames[1:], duration=0)
    with AnimationReader(long_gif) as reader:
        shown = list(reader.frames())
    assert reader.duration == MAX_ANIMATION_SECONDS
    assert reader.decoded == 1_501 and len(shown) == 601


def test_an_animation_that_shows_a_photo_later_on_is_found_with_its_time(
    tmp_path: Path,
) -> None:
    """A case with photos only; the loop starts on noise and shows the photo at 0:02."""
    import numpy as np

    from leakhelp.fingerprint import fingerprint_file
    from leakhelp.matching import MatchIndex

    photo = Image.open(PHOTOS / "rocket.jpg").convert("RGB").resize((320, 240))
    rng = np.random.default_rng(5)
    noise = [Image.fromarray(rng.integers(0, 255, (240, 320, 3), dtype=np.uint8)) for _ in range(4)]
    loop = tmp_path / "slides.gif"
    noise[0].save(loop, save_all=True, append_images=[*noise[1:], photo, photo], duration=500)
    photos = MatchIndex([("rocket", fingerprint_file(PHOTOS / "rocket.jpg"))])
    result = scan_media_one(str(loop), photos, None)
    assert result.match is not None and result.match.ref == "rocket", result
    assert result.video is not None and result.video.at == 2.0
