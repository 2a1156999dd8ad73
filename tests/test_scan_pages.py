"""``leakhelp scan URL`` on whole pages: a gallery, a thread over several pages, a login
wall and hostile pages, on the stand-in site of tests/pagesite.py (127.0.0.1)."""

from __future__ import annotations

import pytest

from leakhelp import Workspace
from leakhelp.checks import find_media, next_page
from leakhelp.checks.htmlscan import read_html
from pagesite import CASE_PHOTOS, GALLERY_COPIES, GALLERY_SIZE, full_image

from conftest import PHOTOS

NET = ("--allow-private", "--timeout", "5")


@pytest.fixture
def case_id(cli) -> str:
    case = cli("case", "new", "Sam", "--json").json_lines()[0]["id"]
    for name in CASE_PHOTOS:
        assert cli("hash", PHOTOS / name, "--case", case, "--label", name).code == 0
    return case


def _by_kind(lines: list[dict]) -> tuple[list[dict], list[dict]]:
    images = [line for line in lines if line.get("kind") == "image"]
    pages = [line for line in lines if line.get("kind") == "page"]
    assert len(images) + len(pages) == len(lines)
    return images, pages


def test_a_gallery_finds_the_full_size_copies_among_30_thumbnails(cli, server, case_id):
    url = server.url("/site/gallery")
    result = cli("scan", url, "--case", case_id, "--json", *NET)
    images, pages = _by_kind(result.json_lines())
    (page,) = pages
    assert page["path"] == url and page["compared"] == GALLERY_SIZE
    assert page["tiny_skipped"] == 2  # a declared 16 px icon and a 1x1 pixel
    found = {line["image_url"]: line for line in images}
    expected = {server.url(f"/site/full/{n}.jpg"): name for n, (name, _) in GALLERY_COPIES.items()}
    assert set(found) == set(expected)  # every copy, nothing else
    for image_url, name in expected.items():
        line = found[image_url]
        assert (line["match"], line["fingerprint"], line["page"]) == ("strong", name, url)
        assert line["thumbnail"] == image_url.replace("/full/", "/thumb/")
        assert line["explanation"]
    assert page["match"] == "strong" and page["strong"] == 3
    # The full-size images were compared, never the thumbnails they replace.
    assert not any(
        p.startswith("/site/thumb/") and p != "/site/thumb/0.jpg" for p in server.stats.hits
    )
    assert result.code == 0


def test_a_thread_over_three_pages_finds_every_copy_and_no_false_strong(cli, server, case_id):
    url = server.url("/site/thread?page=1")
    result = cli("scan", url, "--case", case_id, "--pages", "5", "--json", *NET)
    images, pages = _by_kind(result.json_lines())
    assert [p["page_number"] for p in pages] == [1, 2, 3]
    assert pages[1]["path"] == server.url("/site/thread?page=2")  # its own next link, same site
    assert pages[-1]["next_page"] is None
    strong = [line["fingerprint"] for line in images if line["match"] == "strong"]
    assert sorted(strong) == sorted(CASE_PHOTOS)  # every copy once, no false strong match
    by_page = {line["page"]: line["image_url"] for line in images}
    assert by_page[server.url("/site/thread?page=1")].endswith("/site/t/copy-1.jpg")  # lazy
    assert by_page[server.url("/site/thread?page=2")].endswith("/site/t/img/copy-2.jpg")  # srcset
    assert by_page[server.url("/site/thread?page=3")].endswith("/site/t/copy-3.jpg")  # //host
    assert all(p["compared"] == 8 for p in pages)
    assert "/site/t/img/small-2.jpg" not in server.stats.hits  # the largest candidate only


def test_record_adds_the_page_noting_the_images_it_shows(cli, server, case_id):
    url = server.url("/site/gallery")
    result = cli("scan", url, "--case", case_id, "--record", "--json", *NET)
    assert all(line["recorded"] for line in result.json_lines())
    with Workspace() as ws:
        (sighting,) = ws.open_sightings(case_id)
        events = [e for e in ws.store.events(ws.case(case_id).id) if e.kind == "page-scanned"]
    assert sighting.url == url
    (event,) = events
    assert event.detail["sighting"] == sighting.id
    assert len(event.detail["images"]) == 3
    assert any(server.url("/site/full/4.jpg") in text for text in event.detail["images"])


def test_page_scans_leave_no_image_bytes_in_the_home(cli, server, case_id, leakhelp_home):
    """Every image of the page was fetched and hashed in memory; not one slice is stored."""
    result = cli("scan", server.url("/site/gallery"), "--case", case_id, "--record", *NET)
    assert result.code == 0
    stored = b"".join(p.read_bytes() for p in leakhelp_home.rglob("*") if p.is_file())
    for number in (4, 17, 26, 5):
        data = full_image(number)
        step = max(1, (len(data) - 32) // 64)
        windows = [data[i : i + 32] for i in range(200, len(data) - 32, step)]
        assert not any(w in stored for w in windows), number


def test_a_login_wall_and_a_missing_page_are_clear_lines_and_the_run_goes_on(cli, server, case_id):
    urls = [server.url("/site/private"), server.url("/site/nothing"), server.url("/site/gallery")]
    result = cli("scan", *urls, "--case", case_id, "--json", *NET)
    _, pages = _by_kind(result.json_lines())
    assert [p["path"] for p in pages] == urls
    assert "log" in pages[0]["error"] and "404" in pages[1]["error"]
    assert pages[2]["strong"] == 3
    assert result.code == 1


@pytest.mark.parametrize(
    ("path", "stopped", "compared"),
    [("/site/hostile/many-images", None, 200), ("/site/hostile/srcset", None, 1),
     ("/site/endless?page=1", "max_pages", 1), ("/site/circle/a", "loop", 1)],
    ids=["100k-img", "10mb-srcset", "endless-pagination", "pages-in-a-circle"],
)  # fmt: skip
def test_hostile_pages_end_with_a_clear_line(cli, server, case_id, path, stopped, compared):
    url = server.url(path)
    after = server.url("/site/gallery")
    result = cli(
        "scan", url, after, "--case", case_id, "--pages", "50", "--max-pages", "6", "--json", *NET
    )
    _, pages = _by_kind(result.json_lines())
    hostile = [p for p in pages if p["input"] == url]
    assert hostile[-1]["stopped"] == stopped
    assert all(p["compared"] <= compared for p in hostile)
    assert len(hostile) <= 6
    if path.endswith("many-images"):
        assert hostile[0]["over_cap"] > 0  # the first 200 addresses, the rest counted
    rest = [p for p in pages if p["input"] == after]
    if stopped != "max_pages":  # the run's page limit also ends the run's other addresses
        assert rest[0]["strong"] == 3


def test_a_page_that_runs_out_of_time_ends_with_what_it_compared(server, case_id):
    # Every answer takes 0.2 s: the page and one image already need more than the
    # page's 0.3 s, however fast this machine is.
    server.latency = 0.2
    try:
        with Workspace() as ws:
            index = ws.match_index(case=case_id)
            (report,) = ws.scan_pages(
                [server.url("/site/gallery")], index=index, allow_private=True, timeout=2,
                page_budget=0.3,
            )  # fmt: skip
    finally:
        server.latency = 0.0
    assert report.stopped == "budget"
    assert report.images == GALLERY_SIZE + 1  # and a tracking pixel, skipped once fetched
    assert report.compared + report.not_reached + report.failed + report.tiny <= report.images + 1
    assert report.not_reached > 0 or report.error_key == "check.budget"


def test_dutch_summary_lines(cli, server, case_id, monkeypatch):
    monkeypatch.setenv("COLUMNS", "300")  # a wide terminal: one row per line
    result = cli("--lang", "nl", "scan", server.url("/site/gallery"), "--case", case_id, *NET)
    assert "Pagina 1" in result.stderr and "vergeleken" in result.stderr
    assert "full/4.jpg" in result.stdout


# -- what a page shows, read without the network -------------------------------------------


def test_media_found_the_way_a_person_scrolling_sees_it():
    page = read_html(
        "<base href='https://cdn.test/x/'>"
        "<meta property='og:image' content='/og.jpg'><meta property='og:video' content='v.mp4'>"
        "<img src='a.jpg'><img src='a.jpg#again'><img data-src='//other.test/lazy.jpg' src='data:x'>"
        "<img srcset='s.jpg 100w, l.jpg 900w, m.jpg 400w'>"
        "<picture><source srcset='p.webp 1x, p2.webp 2x'><img src='p.jpg'></picture>"
        "<a href='big.png'><img src='thumb.png'></a><a href='doc.pdf'>doc</a>"
        "<img src='icon.png' width='16'><video src='clip.webm'><source src='clip.mp4'></video>"
        "<span style='background-image:url(\"bg.jpg\")'></span><img src='javascript:x'>"
    )
    media = find_media(page, "https://site.test/thread/1")
    urls = [ref.url for ref in media.images]
    assert urls == [
        "https://cdn.test/og.jpg",
        "https://cdn.test/x/a.jpg",
        "https://other.test/lazy.jpg",
        "https://cdn.test/x/l.jpg",
        "https://cdn.test/x/p2.webp",
        "https://cdn.test/x/p.jpg",
        "https://cdn.test/x/big.png",
        "https://cdn.test/x/bg.jpg",
    ]
    assert media.tiny == 1
    assert media.videos == (
        "https://cdn.test/x/v.mp4", "https://cdn.test/x/clip.webm", "https://cdn.test/x/clip.mp4",
    )  # fmt: skip


def test_the_image_cap_counts_what_was_left_out():
    page = read_html("".join(f"<img src='/i/{n}.jpg'>" for n in range(250)))
    media = find_media(page, "https://site.test/", max_images=200)
    assert (len(media.images), media.over_cap) == (200, 50)


@pytest.mark.parametrize(
    ("html", "url", "expected"),
    [("<link rel='next' href='/t?page=2'>", "https://s.test/t", "https://s.test/t?page=2"),
     ("<a href='/t/page/3'>Volgende</a>", "https://s.test/t/page/2", "https://s.test/t/page/3"),
     ("<a href='?page=3'>3</a><a href='?page=1'>1</a>", "https://s.test/t?page=2",
      "https://s.test/t?page=3"),
     ("<a rel='next' href='https://evil.test/t?page=2'>next</a>", "https://s.test/t", None),
     ("<a href='https://www.s.test/t?p=2' aria-label='Next page'></a>", "https://s.test/t?p=1",
      "https://www.s.test/t?p=2"),
     ("<a href='#top'>next</a>", "https://s.test/t", None)],
    ids=["link-rel", "dutch-text", "page-number", "other-site", "aria-label-www", "same-page"],
)  # fmt: skip
def test_next_page_stays_on_the_site(html, url, expected):
    assert next_page(read_html(html), url) == expected
