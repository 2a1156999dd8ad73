"""Videos: safe decoding, vPDQ-style fingerprints, matching, and the commands.

Every video is generated during the run from the sample photos (tests/videogen.py):
a slideshow that pans over the photos, and copies made from it the way videos
are re-shared. Small sizes and a few seconds keep the run short.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

import pytest
from PIL import Image

from leakhelp.errors import ImageError
from leakhelp.export import load_fingerprint_file
from leakhelp.video import hash_video, merge_samples
from leakhelp.videodecode import container_of, looks_like_video
from leakhelp.videomatch import VideoIndex, clock, describe, scan_media_one

from conftest import PHOTOS
from videogen import (
    animated_gif,
    frame_grab,
    noise_video,
    reencode,
    slideshow,
    still_video,
    truncated_copy,
)

OWN = [PHOTOS / n for n in ("astronaut.png", "chelsea.png", "camera.png")]
OTHER = [PHOTOS / n for n in ("coffee.png", "horse.png")]


@pytest.fixture(scope="module")
def videos(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("videos")
    original = slideshow(d / "original.mp4", OWN, seconds_each=3.0)
    return {
        "original": original,
        "smaller": reencode(original, d / "smaller.webm", scale=0.5, bitrate=80_000),
        "mirrored": reencode(original, d / "mirrored.mp4", mirror=True),
        "trimmed": reencode(original, d / "trimmed.mp4", start=3.0, end=7.0),
        "letterboxed": reencode(original, d / "letterboxed.mp4", letterbox=True),
        "avi": reencode(original, d / "copy.avi", scale=0.75, bitrate=400_000),
        "mpg": reencode(original, d / "copy.mpg", scale=0.5),
        "wmv": reencode(original, d / "copy.wmv", bitrate=400_000),
        "grab": frame_grab(original, d / "grab.jpg", 4.0),
        "other": slideshow(d / "other.mp4", OTHER, seconds_each=3.0),
        "noise": noise_video(d / "noise.mp4"),
        "truncated": truncated_copy(original, d / "truncated.mp4", 0.5),
    }


@pytest.fixture(scope="module")
def index(videos: dict[str, Path]) -> VideoIndex:
    return VideoIndex([("mine", hash_video(videos["original"]).fingerprint)])


def test_generated_videos_stay_small(videos):
    for path in videos.values():
        assert path.stat().st_size < 400_000, path.name


def test_fingerprint_has_digests_times_and_no_path(videos):
    path = videos["original"]
    fp = hash_video(path, label="beach").fingerprint
    data = path.read_bytes()
    assert fp.md5 == hashlib.md5(data).hexdigest()
    assert fp.sha256 == hashlib.sha256(data).hexdigest()
    assert (fp.width, fp.height) == (320, 240)
    assert 8.5 <= fp.duration <= 10.0
    assert fp.decoded == 90  # 9 s at 10 frames/s
    # one sample a second, each stretch ending where the next begins
    assert 3 <= len(fp.frames) <= 9
    assert fp.frames[0].start == 0.0
    for a, b in zip(fp.frames, fp.frames[1:], strict=False):
        assert a.end == b.start
    assert all(f.quality >= 50 for f in fp.frames)
    assert str(path) not in json.dumps(fp.core())
    assert path.name not in json.dumps(fp.core())


def test_still_shots_merge_into_one_stretch(videos):
    samples = hash_video(videos["original"], merge_distance=0).samples
    repeated = [samples[0]] * 5 + list(samples[1:])
    merged = merge_samples(repeated, 9.9, distance=0)
    assert len(merged) == len(samples)
    assert merged[-1].end == 9.9


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("original", {"exact", "whole"}),
        ("smaller", {"whole", "re-encoded", "smaller"}),
        ("mirrored", {"whole", "mirrored"}),
        ("trimmed", {"part"}),
        ("letterboxed", {"whole", "bordered"}),
        ("avi", {"whole", "re-encoded", "smaller"}),
        ("mpg", {"whole", "re-encoded", "smaller"}),
        ("wmv", {"whole", "re-encoded"}),
    ],
)
def test_copies_match_strong_and_say_how(videos, index, name, words):
    result = scan_media_one(str(videos[name]), None, index)
    assert result.error is None
    match = result.video
    assert match is not None and match.tier == "strong", match
    assert words <= set(match.how), match.how
    assert result.match is not None and result.match.tier == "strong"


def test_trimmed_copy_names_the_part_of_the_original(videos, index):
    match = scan_media_one(str(videos["trimmed"]), None, index).video
    assert match is not None and match.original_span is not None
    start, end = match.original_span
    assert 2.0 <= start <= 4.0 and 6.0 <= end <= 8.0
    assert match.query_share == pytest.approx(1.0)
    assert match.target_share is not None and match.target_share < 0.7
    text = describe(match, "en")
    assert "-second part (0:0" in text and "of your video" in text
    assert "van jouw video" in describe(match, "nl")


@pytest.mark.parametrize("name", ["other", "noise"])
def test_unrelated_videos_do_not_match(videos, index, name):
    result = scan_media_one(str(videos[name]), None, index)
    assert result.error is None
    assert result.match is None, result


def test_frame_grab_matches_and_says_when(videos, index):
    result = scan_media_one(str(videos["grab"]), None, index)
    match = result.video
    assert match is not None and match.tier in ("strong", "possible")
    # the stretch the grab at 0:04 falls in (a still moment from 0:03)
    assert match.at is not None and 3.0 <= match.at <= 4.0
    assert describe(match, "en") == f"a frame from {clock(match.at)} of your video"


def test_an_animated_gif_of_a_clip_matches_as_a_video(videos, index, tmp_path):
    gif = animated_gif(videos["original"], tmp_path / "loop.gif", start=3.0, end=7.0)
    result = scan_media_one(str(gif), None, index)
    assert result.error is None and result.video is not None
    assert result.video.tier == "strong" and "part" in result.video.how
    assert result.kind == "video"


def test_photo_in_a_video_is_found_with_its_time(videos, tmp_path):
    from leakhelp.fingerprint import fingerprint_file
    from leakhelp.matching import MatchIndex

    rocket = PHOTOS / "rocket.jpg"
    photos = MatchIndex([("rocket", fingerprint_file(rocket))])
    still = still_video(tmp_path / "still.mp4", rocket, seconds=2.0)
    result = scan_media_one(str(still), photos, None)
    assert result.video is not None and result.video.ref == "rocket"
    assert result.video.at is not None and result.video.at < 2.0


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("text.mp4", b"this is not a video at all, just words" * 20, "not a video"),
        ("empty.mp4", b"", "empty file"),
        ("fake-box.mp4", b"\x00\x00\x00\x18ftypisom" + b"\x00" * 500, "damaged or incomplete"),
        ("fake.mkv", b"\x1a\x45\xdf\xa3" + b"\xff" * 600, "video"),
    ],
)
def test_bad_files_are_one_clear_line(tmp_path, name, content, reason):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ImageError) as err:
        hash_video(path)
    message = str(err.value)
    assert reason in message and "\n" not in message
    assert str(tmp_path) not in message


def test_truncated_download_is_one_clear_line(videos, index):
    result = scan_media_one(str(videos["truncated"]), None, index)
    assert result.error == "the video is damaged or incomplete (cut off)"


def test_playlists_are_never_opened(tmp_path):
    # An HLS playlist named like a video would make FFmpeg open other files or
    # web addresses; it is not one of the containers we read.
    playlist = tmp_path / "list.mp4"
    playlist.write_text("#EXTM3U\n#EXTINF:1,\nfile:///etc/passwd\n")
    assert container_of(playlist.read_bytes()) is None
    with pytest.raises(ImageError, match="not a video"):
        hash_video(playlist)


def test_videos_are_recognised_by_name_or_bytes(videos, tmp_path):
    unnamed = tmp_path / "download"
    unnamed.write_bytes(videos["original"].read_bytes())
    assert looks_like_video(unnamed)
    assert not looks_like_video(PHOTOS / "rocket.jpg")


def test_clock():
    assert clock(4.2) == "0:04"
    assert clock(75) == "1:15"
    assert clock(3723) == "1:02:03"


# -- the commands ------------------------------------------------------------------------
def _new_case(cli) -> str:
    return cli("case", "new", "Sam", "--json").json_lines()[0]["id"]


def test_hash_scan_export_import_with_videos(cli, videos, leakhelp_home, tmp_path):
    case = _new_case(cli)
    hashed = cli("hash", videos["original"], OWN[0], "--case", case, "--json")
    assert hashed.code == 0, hashed.stderr
    lines = hashed.json_lines()
    video_line = next(line for line in lines if line.get("kind") == "video")
    assert video_line["stored"] is True
    assert {"md5", "sha256", "duration", "frames", "width", "height"} <= set(video_line)
    assert "pdq" in next(line for line in lines if line.get("kind") != "video")
    assert "videos: 1" in cli("case", "show", case).stdout
    report = cli("report", case, "--format", "md").stdout
    assert "Video fingerprints made on the device (1)" in report
    assert video_line["md5"] not in report and video_line["frames"][0]["pdq"] not in report

    found = tmp_path / "found"
    found.mkdir()
    for name in ("smaller", "mirrored", "trimmed", "other", "grab"):
        src = videos[name]
        (found / src.name).write_bytes(src.read_bytes())
    with Image.open(OWN[0]) as photo:  # a copy of the case's photo, next to the videos
        photo.convert("RGB").resize((256, 256)).save(found / "photo-copy.jpg", quality=70)
    scan = cli("scan", found, "--case", case, "--json")
    assert scan.code == 0, scan.stderr
    by_name = {Path(line["path"]).name: line for line in scan.json_lines()}
    assert by_name["smaller.webm"]["match"] == "strong"
    assert by_name["smaller.webm"]["kind"] == "video"
    assert by_name["mirrored.mp4"]["match"] == "strong"
    assert by_name["trimmed.mp4"]["match"] == "strong"
    assert "part" in by_name["trimmed.mp4"]["how"]
    assert by_name["other.mp4"]["match"] is None
    assert by_name["grab.jpg"]["match"] in ("strong", "possible")
    assert 3.0 <= by_name["grab.jpg"]["at"] <= 4.0
    assert by_name["photo-copy.jpg"]["match"] == "strong"
    assert "kind" not in by_name["photo-copy.jpg"]  # a photo matched a photo, as before

    # a counsellor with only the export, in another home
    export = tmp_path / "sam.json"
    assert cli("export", "--case", case, "-o", export).code == 0
    doc = json.loads(export.read_text())
    assert doc["version"] == 2 and len(doc["videos"]) == 1
    text = export.read_text()
    assert videos["original"].name not in text and str(tmp_path) not in text
    other = cli("--home", tmp_path / "helper", "scan", found, "--fingerprints", export, "--json")
    assert other.code == 0, other.stderr
    strong = {Path(x["path"]).name for x in other.json_lines() if x["match"] == "strong"}
    assert {"smaller.webm", "mirrored.mp4", "trimmed.mp4"} <= strong
    imported = cli("--home", tmp_path / "helper", "import", export, "--json").json_lines()[0]
    assert imported["videos"] == 1

    # nothing of the videos' names or folders reached the store
    store = leakhelp_home / "leakhelp.sqlite3"
    with sqlite3.connect(store) as conn:
        dump = "\n".join(conn.iterdump())
    assert "original.mp4" not in dump and str(videos["original"].parent) not in dump


def test_scan_with_hash_json_output_of_a_video(cli, videos, tmp_path):
    hashed = cli("hash", videos["original"], "--json")
    lines = tmp_path / "hashes.jsonl"
    lines.write_text(hashed.stdout)
    data = load_fingerprint_file(lines)
    assert len(data.videos) == 1 and not data.fingerprints
    assert str(videos["original"]) not in repr(data)
    scan = cli("scan", videos["mirrored"], "--fingerprints", lines, "--json")
    assert scan.json_lines()[0]["match"] == "strong"


def test_hash_reports_frames_per_second_and_bad_videos(cli, videos, tmp_path):
    bad = tmp_path / "bad.mp4"
    bad.write_bytes(b"\x00\x00\x00\x18ftypisom" + b"\x00" * 100)
    result = cli("hash", videos["original"], bad, "--lang", "nl")
    assert result.code == 1
    assert "beelden/s" in result.stderr + result.stdout
    assert "Traceback" not in result.stderr
    assert "beschadigd" in result.stdout and "afgebroken" in result.stdout


# -- web addresses -----------------------------------------------------------------------
@pytest.fixture
def video_site(videos):
    """A plain web server on 127.0.0.1 serving the generated videos (and one as octet-stream)."""
    import functools
    import http.server
    import threading

    class Handler(http.server.SimpleHTTPRequestHandler):
        def guess_type(self, path):
            return (
                "application/octet-stream" if "mirrored" in str(path) else super().guess_type(path)
            )

        def log_message(self, *args):
            pass

    folder = videos["original"].parent
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Handler, directory=str(folder))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield lambda name: f"http://127.0.0.1:{server.server_address[1]}/{name}"
    finally:
        server.shutdown()
        server.server_close()


def test_scan_and_check_web_addresses_of_videos(cli, videos, video_site):
    case = _new_case(cli)
    assert cli("hash", videos["original"], "--case", case).code == 0
    urls = [video_site("smaller.webm"), video_site("mirrored.mp4"), video_site("other.mp4")]
    scan = cli("scan", *urls, "--case", case, "--json", "--allow-private", "--timeout", "20")
    lines = {line["path"]: line for line in scan.json_lines()}
    assert lines[urls[0]]["match"] == "strong" and lines[urls[0]]["kind"] == "video"
    assert lines[urls[1]]["match"] == "strong" and "mirrored" in lines[urls[1]]["how"]
    assert lines[urls[2]]["match"] is None and "error" not in lines[urls[2]]
    check = cli("check", urls[0], urls[2], "--case", case, "--json", "--allow-private")
    matches = [line["image_match"] for line in check.json_lines()]
    assert matches == ["strong", "none"]


def test_a_video_that_takes_too_long_is_stopped_with_a_reason(videos):
    # The in-process budget (the worker pool also kills a hung worker, tested
    # in test_fingerprint.py); a zero budget stops at the first frame.
    with pytest.raises(ImageError, match="took longer than 0 seconds"):
        hash_video(videos["original"], budget=0.0)


def test_forget_removes_the_videos(cli, videos, leakhelp_home):
    case = _new_case(cli)
    assert cli("hash", videos["original"], "--case", case).code == 0
    with sqlite3.connect(leakhelp_home / "leakhelp.sqlite3") as conn:
        assert conn.execute("SELECT COUNT(*) FROM videos").fetchone()[0] == 1
    assert cli("case", "forget", case, "--yes").code == 0
    with sqlite3.connect(leakhelp_home / "leakhelp.sqlite3") as conn:
        assert conn.execute("SELECT COUNT(*) FROM videos").fetchone()[0] == 0


def test_caps_on_picture_size_and_length(videos, monkeypatch):
    from leakhelp import videodecode

    monkeypatch.setattr(videodecode, "MAX_VIDEO_PIXELS", 320 * 240 - 1)
    with pytest.raises(ImageError, match="video picture too large"):
        hash_video(videos["original"])
    monkeypatch.undo()
    monkeypatch.setattr(videodecode, "MAX_SECONDS", 3.0)
    short = hash_video(videos["original"]).fingerprint
    assert short.duration <= 4.0 and short.frames[-1].start <= 3.0
    monkeypatch.setattr(videodecode, "MAX_DECODED_FRAMES", 12)
    assert hash_video(videos["original"]).fingerprint.decoded == 13  # stopped at the cap


def test_an_export_with_more_than_video_fingerprints_is_refused(cli, videos, tmp_path):
    case = _new_case(cli)
    assert cli("hash", videos["original"], "--case", case).code == 0
    export = tmp_path / "e.json"
    assert cli("export", "--case", case, "-o", export).code == 0
    doc = json.loads(export.read_text())
    doc["videos"][0]["frames"][0]["path"] = "/home/sam/secret.mp4"  # more than fingerprints
    export.write_text(json.dumps(doc))
    result = cli("import", export)
    assert result.code == 3  # as for any unusable export: nothing was done (tests/test_export.py)
    assert "Traceback" not in result.stderr and "videos[0].frames[0]" in result.stderr


def test_damaged_videos_give_a_result_or_one_line(videos, index, tmp_path):
    """Cut-off and bit-flipped copies of real files: never a crash, never two lines."""
    import random

    rng = random.Random(20261129)
    damaged: list[Path] = []
    for name in ("original", "smaller", "avi"):
        data = videos[name].read_bytes()
        for keep in (0.05, 0.3, 0.9):
            damaged.append(
                truncated_copy(videos[name], tmp_path / f"{keep}-{videos[name].name}", keep)
            )
        flipped = bytearray(data)
        for _ in range(200):
            flipped[rng.randrange(64, len(flipped))] ^= 1 << rng.randrange(8)
        path = tmp_path / f"flipped-{videos[name].name}"
        path.write_bytes(bytes(flipped))
        damaged.append(path)
    for path in damaged:
        result = scan_media_one(str(path), None, index)
        if result.error is not None:
            assert "\n" not in result.error and str(tmp_path) not in result.error, path.name


def test_sound_files_in_a_folder_are_not_taken_for_videos(videos, tmp_path):
    memo = tmp_path / "memo.m4a"
    memo.write_bytes(videos["original"].read_bytes())  # same container as MP4
    song = tmp_path / "song"
    song.write_bytes(b"\x00\x00\x00\x20ftypM4A " + b"\x00" * 400)
    assert not looks_like_video(memo) and not looks_like_video(song)
    assert looks_like_video(videos["wmv"]) and looks_like_video(videos["mpg"])
