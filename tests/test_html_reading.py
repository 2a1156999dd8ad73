"""Reading hostile HTML: any input is read in time linear in its length, and what a
page says (title, meta tags, links, images) is found whatever junk surrounds it.

Property tests (hypothesis) with a time bound per input: each generated
fragment is repeated to about 200 KB before it is classified, so an input
that made reading quadratic would take seconds, not milliseconds.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from leakhelp.checks import Classifier, Fetched
from leakhelp.checks.htmlscan import MAX_ATTRIBUTES, read_html

from checkserver import HOSTILE_PATTERNS, hostile_page

#: Characters that steer an HTML tokenizer: tag and attribute syntax, quotes, entities.
SYNTAX = st.sampled_from(
    ["<", ">", "/", "=", '"', "'", " ", "\n", "!", "-", "?", "&", "#", ";", "a", "b", "x"]
)
WORDS = st.sampled_from(
    ["<meta ", "<title>", "</title", "<script>", "</script", "<!--", "-->", "<a href=", "<img ",
     "src=", "srcset=", "content=", "property=", "og:image", "<![CDATA[", "<svg>", "</", "<b>"]
)  # fmt: skip
FRAGMENTS = st.lists(st.one_of(SYNTAX, WORDS), min_size=1, max_size=40).map("".join)
#: Bytes per generated page: fragments are repeated up to this size.
PAGE_SIZE = 200_000
STATES = {"online", "removed", "unknown", "unreachable"}


def _classify(body: bytes) -> str:
    url = "https://site.test/p"
    fetched = Fetched(url, url, 200, "text/html", body, "html")
    return Classifier().classify(fetched).state


@settings(
    max_examples=60,
    deadline=timedelta(seconds=3),
    suppress_health_check=[HealthCheck.too_slow],
)
@given(FRAGMENTS)
def test_any_markup_is_classified_in_linear_time(fragment):
    page = (fragment * (PAGE_SIZE // len(fragment) + 1))[:PAGE_SIZE]
    assert _classify(page.encode()) in STATES


@settings(max_examples=100, deadline=timedelta(seconds=2))
@given(
    junk=st.text(alphabet=st.characters(blacklist_characters="<&"), max_size=200),
    title=st.text(alphabet=st.characters(blacklist_characters="<&\r"), min_size=1, max_size=50),
    image=st.text(alphabet="abcdefghij/._-", min_size=1, max_size=30),
)
def test_title_and_preview_image_are_found_among_any_text(junk, title, image):
    quoted = image.replace("'", "")
    page = f"{junk}<title>{title}</title>{junk}<meta property='og:image' content='{quoted}'>{junk}"
    read = read_html(page)
    assert read.title == " ".join(title.split())
    assert read.meta("og:image") == quoted.strip()


@pytest.mark.parametrize("name", list(HOSTILE_PATTERNS))
def test_the_hostile_test_pages_read_as_ordinary_pages(name):
    """The server's hostile pages (2 MB each): their title survives, they are online."""
    page = read_html(hostile_page(name).decode())
    assert page.title == "Album"
    assert _classify(hostile_page(name)) == "online"


def test_tags_attributes_and_text_as_a_browser_reads_them():
    page = read_html(
        "<!doctype html><base href='/b/'><title>A &amp; B</title>"
        "<script>if (a < b) { x = '<img src=no.jpg>' }</script>"
        "<p>Visible <!-- <img src=hidden.jpg> --> text</p>"
        '<a href="big.jpg"><img src=\'small.jpg\' alt="x > y" data-src=lazy.jpg></a>'
        "<picture><source srcset='w.webp 2x'><img src=p.jpg></picture>"
        "<div style=\"background-image: url('bg.png')\">box</div>"
        "<template><p>never shown</p></template><img src=a.jpg src=b.jpg>"
    )
    assert page.title == "A & B"
    assert page.base == "/b/"
    assert "visible" in page.text.lower() and "text" in page.text
    assert "never shown" not in page.text and "x = " not in page.text
    images = [(t.name, t.get("src"), t.inside, t.link) for t in page.tags if t.name == "img"]
    assert images == [
        ("img", "small.jpg", "", "big.jpg"),
        ("img", "p.jpg", "picture", None),
        ("img", "a.jpg", "", None),  # the first of two equal attributes wins
    ]
    (small,) = [t for t in page.tags if t.get("src") == "small.jpg"]
    assert small.get("alt") == "x > y" and small.get("data-src") == "lazy.jpg"
    (source,) = [t for t in page.tags if t.name == "source"]
    assert (source.inside, source.get("srcset")) == ("picture", "w.webp 2x")
    assert page.styles == ("background-image: url('bg.png')",)
    assert "hidden.jpg" not in str(page.tags)


def test_a_tag_with_thousands_of_attributes_keeps_only_the_first():
    page = read_html("<img " + " ".join(f"a{i}=1" for i in range(10_000)) + " src=x.jpg>")
    (tag,) = page.tags
    assert len(tag.attrs) == MAX_ATTRIBUTES
    assert tag.get("src") is None  # beyond the kept attributes
