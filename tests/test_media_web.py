"""Videos at web addresses: what `check` says of a video, damaged videos in `scan URL`,
videos listed on pages, and videos larger than the image cap (a private temporary
file that is always removed). A real loopback web server serves real generated videos.
"""

from __future__ import annotations

import functools
import http.server
import stat
import tempfile
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from leakhelp.checks import BestMatch, CheckSettings, check_urls
from leakhelp.checks.settings import video_cap
from leakhelp.matching import MatchIndex
from leakhelp.models import ImageMatch
from leakhelp.video import hash_video
from leakhelp.videomatch import VideoIndex

from conftest import PHOTOS, CliResult
from videogen import animated_gif, noise_video, reencode, slideshow, truncated_copy

Cli = Callable[..., CliResult]
OWN = [PHOTOS / n for n in ("astronaut.png", "chelsea.png", "camera.png")]

PAGE = """<!doctype html><html><head><title>clips</title>
<meta property="og:video" content="/copy.mp4"></head><body>
<video src="copy.webm" poster="missing-poster.jpg"><source src="cut.mp4"></video>
<video><source src="other.mp4" type="video/mp4"></video>
<p>comments</p></body></html>"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Callable[[str], str]]]:
    folder = tmp_path_factory.mktemp("site")
    original = slideshow(folder / "original.mp4", OWN, seconds_each=3.0)
    reencode(original, folder / "copy.mp4", scale=0.75)
    reencode(original, folder / "copy.webm", scale=0.5)
    truncated_copy(folder / "copy.mp4", folder / "cut.mp4", 0.5)
    noise_video(folder / "other.mp4")
    animated_gif(original, folder / "loop.gif", start=4.5, end=8.5)
    (folder / "page.html").write_text(PAGE)

    class Handler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    class Server(http.server.ThreadingHTTPServer):
        def handle_error(self, request: object, client_address: object) -> None:
            pass  # a client that stops reading at its cap closes the connection: expected

    server = Server(("127.0.0.1", 0), functools.partial(Handler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield folder, lambda name: f"http://127.0.0.1:{server.server_address[1]}/{name}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def case(cli: Cli, site: tuple[Path, Callable[[str], str]]) -> str:
    case_id = str(cli("case", "new", "Sam", "--json").json_lines()[0]["id"])
    assert cli("hash", site[0] / "original.mp4", "--case", case_id).code == 0
    return case_id


def test_check_of_a_video_says_video_in_both_languages(
    cli: Cli, site: tuple[Path, Callable[[str], str]], case: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "400")  # the table's cells on one line each
    url = site[1]
    urls = [url("copy.mp4"), url("other.mp4"), url("cut.mp4")]
    rows = cli("check", *urls, "--case", case, "--json", "--allow-private").json_lines()
    by_url = {row["url"]: row for row in rows}
    copy, other, cut = (by_url[u] for u in urls)
    assert copy["image_match"] == "strong"
    assert copy["reason"] == "the address still serves the video (strong match)"
    assert other["image_match"] == "none" and "different video" in other["reason"]
    assert cut["image_match"] is None and "video that is damaged or incomplete" in cut["reason"]
    assert not any("image" in row["reason"] for row in rows), rows
    dutch = cli("--lang", "nl", "check", urls[0], "--case", case, "--allow-private")
    assert "het adres toont de video nog steeds (" in dutch.stdout
    plain = cli("check", urls[0], "--json", "--allow-private").json_lines()[0]
    assert plain["reason"] == "the address serves a video (HTTP 200)"


def test_scan_of_a_damaged_video_says_so_and_the_batch_goes_on(
    cli: Cli, site: tuple[Path, Callable[[str], str]], case: str
) -> None:
    url = site[1]
    result = cli(
        "scan", url("cut.mp4"), url("copy.webm"), "--case", case, "--json", "--allow-private"
    )
    assert result.code == 1
    rows = {row["path"]: row for row in result.json_lines()}
    assert rows[url("cut.mp4")]["error"] == (
        "the address serves a video that is damaged or incomplete (HTTP 200); "
        "it could not be compared"
    )
    assert rows[url("copy.webm")]["match"] == "strong"
    dutch = cli("--lang", "nl", "scan", url("cut.mp4"), "--case", case, "--allow-private")
    assert "beschadigd of onvolledig" in " ".join(dutch.stderr.split())


def test_videos_on_a_page_are_compared(
    cli: Cli, site: tuple[Path, Callable[[str], str]], case: str
) -> None:
    url = site[1]
    result = cli("scan", url("page.html"), "--case", case, "--json", "--allow-private")
    rows = result.json_lines()
    found = {row["image_url"]: row for row in rows if row["kind"] == "video"}
    assert set(found) == {url("copy.mp4"), url("copy.webm")}
    assert all(row["match"] == "strong" and row["found_in"] == "video" for row in found.values())
    assert found[url("copy.mp4")]["explanation"].startswith("the whole video")
    page = rows[-1]
    assert page["kind"] == "page" and page["match"] == "strong"
    assert set(page["videos"]) == {
        url(n) for n in ("copy.mp4", "copy.webm", "cut.mp4", "other.mp4")
    }
    assert page["videos_compared"] == 3  # the two copies and the unrelated one; cut.mp4 is damaged
    assert result.code == 0


def test_a_gif_loop_at_a_web_address_is_matched_as_the_clip_it_is(
    cli: Cli, site: tuple[Path, Callable[[str], str]], case: str
) -> None:
    """The loop (0:04.5-0:08.5 of the case's video) starts between its sampled frames."""
    url = site[1]("loop.gif")
    [row] = cli("scan", url, "--case", case, "--json", "--allow-private").json_lines()
    assert row["match"] in ("strong", "possible") and row["fingerprint"] == "#v1", row
    [checked] = cli("check", url, "--case", case, "--json", "--allow-private").json_lines()
    assert checked["image_match"] == row["match"]


class WatchedMatch(BestMatch):
    """The real matcher, noting how the downloaded video was kept while it was compared."""

    seen: list[tuple[int, int, Path]]

    def match_path(self, source: str | bytes) -> ImageMatch:
        assert isinstance(source, str), "a video is compared from a file, not from memory"
        path = Path(source)
        self.seen.append(
            (stat.S_IMODE(path.stat().st_mode), stat.S_IMODE(path.parent.stat().st_mode), path)
        )
        return super().match_path(source)


def test_a_video_larger_than_the_image_cap_is_compared_from_a_private_file_that_is_removed(
    site: tuple[Path, Callable[[str], str]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder, url = site
    spool = tmp_path / "tmp"
    spool.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(spool))
    videos = VideoIndex([("mine", hash_video(folder / "original.mp4").fingerprint)])
    matcher = WatchedMatch(MatchIndex([]), videos)
    matcher.seen = []
    size = (folder / "copy.mp4").stat().st_size
    settings = CheckSettings(image_cap=size // 4, allow_private=True)
    [result] = check_urls([url("copy.mp4")], settings=settings, image_matcher=matcher)
    assert result.image_match == "strong", result.reason
    assert [(mode, folder_mode) for mode, folder_mode, _ in matcher.seen] == [(0o600, 0o700)]
    assert matcher.seen[0][2].is_relative_to(spool)
    assert list(spool.iterdir()) == []  # the file and its folder are gone


def test_a_video_over_the_video_cap_is_not_downloaded_and_says_how_to_raise_it(
    cli: Cli, site: tuple[Path, Callable[[str], str]], case: str, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    url = site[1]
    monkeypatch.setenv("COLUMNS", "400")  # the table's cells on one line each
    spool = tmp_path / "tmp"
    spool.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(spool))
    args = ["check", url("copy.mp4"), "--case", case, "--allow-private"]
    small = cli(*args, "--max-video-mb", "0.01", "--json").json_lines()[0]
    assert small["image_match"] is None
    assert small["reason"].startswith("the address serves a video too large to compare")
    assert "--max-video-mb" in small["reason"]
    dutch = cli("--lang", "nl", *args, "--max-video-mb", "0.01")
    assert "het adres toont een video die te groot is om te vergelijken" in dutch.stdout
    raised = cli(*args, "--max-video-mb", "50", "--json").json_lines()[0]
    assert raised["image_match"] == "strong"
    assert list(spool.iterdir()) == []
    for bad in ("-1", "inf", "nan"):
        refused = cli(*args, "--max-video-mb", bad)
        assert refused.code == 2 and "--max-video-mb must be" in refused.stderr


def test_the_video_cap_holds_only_inside_its_block() -> None:
    assert CheckSettings().video_cap == 200 * 1024 * 1024
    with video_cap(1):
        assert CheckSettings().video_cap == 1024 * 1024
    assert CheckSettings().video_cap == 200 * 1024 * 1024


def test_a_temporary_folder_that_cannot_be_used_is_this_computers_problem_not_the_sites(
    site: tuple[Path, Callable[[str], str]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder, url = site
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "no-such-folder"))
    videos = VideoIndex([("mine", hash_video(folder / "original.mp4").fingerprint)])
    settings = CheckSettings(allow_private=True)
    [result] = check_urls([url("copy.mp4")], settings=settings, image_matcher=BestMatch(
        MatchIndex([]), videos))  # fmt: skip
    assert result.state == "online" and result.image_match is None
    assert "could not keep it in its temporary folder" in result.reason
