"""Every image a page shows, and where its next page is. Pure: a read page in, addresses out.

A counsellor is handed a thread, a gallery or a profile, not one image. This
module lists what a person scrolling the page would see (docs/checks.md,
"Whole pages"): ``<img src>``, the largest ``srcset`` candidate, ``<picture>
<source>``, lazy-load attributes, links to image files (the full-size
version of a thumbnail, preferred over it), ``og:image``/``twitter:image``
and inline ``background-image``; videos are listed apart. Addresses are
resolved against the page and its ``<base>``; each is listed once; images a
page declares tiny (icons, avatars, tracking pixels) are left out. The
pagination finder follows only the page's own site.

No network here: :mod:`.pagescan` fetches what this module lists.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from ..models import MAX_IMAGES_PER_PAGE as MAX_IMAGES_PER_PAGE
from ..models import MAX_PAGES as MAX_PAGES
from ..registry import site_of
from .htmlscan import HtmlPage, Tag

# MAX_IMAGES_PER_PAGE: images compared per page by default (``--max-images``
# raises it); a long thread page shows 20-100 pictures, 200 covers it with room
# to spare. MAX_PAGES: pages followed per run by default (``--pages`` up to
# ``--max-pages``). Both live in models so that ``scan --help`` stays light.

#: Images declared at most this many pixels wide or high are icons, avatars
#: or tracking pixels, not pictures of a person (the smallest thumbnails
#: galleries show are ~100 px; PDQ needs more than this to say anything).
TINY_PIXELS = 48

#: Candidates read from one srcset (real ones list 2-8).
MAX_SRCSET = 32

#: Attributes lazy-loading scripts keep the real image address in, best first.
LAZY_ATTRIBUTES: tuple[str, ...] = (
    "data-src",
    "data-original",
    "data-lazy-src",
    "data-lazy",
    "data-url",
    "data-full",
    "data-large",
    "data-hi-res",
    "data-echo",
)
LAZY_SRCSET: tuple[str, ...] = ("data-srcset", "data-lazy-srcset")

#: File name endings of images fingerprint.py can read (a link to one is the
#: full-size version of the thumbnail it wraps).
IMAGE_ENDINGS: tuple[str, ...] = (
    ".jpg", ".jpeg", ".jpe", ".png", ".gif", ".webp", ".bmp", ".tif", ".tiff", ".heic", ".heif",
    ".avif",
)  # fmt: skip
VIDEO_ENDINGS: tuple[str, ...] = (".mp4", ".m4v", ".mov", ".webm", ".mkv", ".avi", ".m3u8")

#: Meta tags naming images or videos the page shows.
IMAGE_METAS: tuple[str, ...] = (
    "og:image:secure_url", "og:image", "og:image:url", "twitter:image", "twitter:image:src",
)  # fmt: skip
VIDEO_METAS: tuple[str, ...] = ("og:video:secure_url", "og:video", "og:video:url")

#: Link texts (lower case, punctuation kept) that mean "the next page".
NEXT_TEXTS = frozenset(
    {"next", "next page", "next ›", "next »", "next >", "›", "»", ">", "→", "older",
     "older posts", "volgende", "volgende pagina", "volgende ›", "volgende »", "verder",
     "ouder", "oudere berichten"}
)  # fmt: skip
#: Query parameters sites number their pages with.
PAGE_PARAMETERS: tuple[str, ...] = ("page", "p", "pg", "pagina")
#: A page number in a path: /page/2, /page-2, /page2 (on a path, never on HTML).
_PATH_PAGE = re.compile(r"(?:^|/)(?:page|pagina)[/-]?(\d{1,6})(?:/|$)", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class ImageRef:
    """One image a page shows: its absolute address and how the page shows it.

    ``source`` says where it was found ("img", "srcset", "lazy", "link",
    "picture", "og:image", "background", "poster"); ``thumbnail`` is the
    small version it replaces when the page links a thumbnail to it.
    """

    url: str
    source: str
    thumbnail: str | None = None


@dataclass(frozen=True, slots=True)
class PageMedia:
    """What one page shows: images to compare, videos, and what was left out."""

    images: tuple[ImageRef, ...] = ()
    videos: tuple[str, ...] = ()
    tiny: int = 0
    over_cap: int = 0


def find_media(
    page: HtmlPage, page_url: str, *, max_images: int = MAX_IMAGES_PER_PAGE
) -> PageMedia:
    """The images and videos ``page`` shows, absolute, each once, at most ``max_images``."""
    base = urljoin(page_url, page.base) if page.base else page_url
    found: dict[str, ImageRef] = {}
    replaced: set[str] = set()  # thumbnails whose full-size version is listed
    videos: dict[str, None] = {}
    tiny = 0
    over = 0

    def add(raw: str | None, source: str, thumbnail: str | None = None) -> None:
        nonlocal over
        url = absolute(base, raw)
        if url is None or url in found:
            return
        if len(found) >= max_images:
            over += 1
            return
        found[url] = ImageRef(url, source, thumbnail)

    for key in IMAGE_METAS:
        add(page.meta(key), key if key.startswith("og") else "twitter:image")
    for key in VIDEO_METAS:
        url = absolute(base, page.meta(key))
        if url is not None:
            videos.setdefault(url, None)
    for tag in page.tags:
        if tag.name in ("video", "audio") or (
            tag.name == "source" and tag.inside in ("video", "audio")
        ):
            url = absolute(base, tag.get("src"))
            if url is not None:
                videos.setdefault(url, None)
            if tag.name == "video":
                add(tag.get("poster"), "poster")
            continue
        if tag.name == "a":
            href = tag.get("href")
            if href is not None and _ends_with(href, VIDEO_ENDINGS):
                url = absolute(base, href)
                if url is not None:
                    videos.setdefault(url, None)
            continue
        if tag.name not in ("img", "source", "image"):
            continue
        if _declared_tiny(tag):
            tiny += 1
            continue
        shown, source = _shown_image(tag)
        if tag.name == "img" and tag.link is not None and _ends_with(tag.link, IMAGE_ENDINGS):
            thumbnail = absolute(base, shown)
            if thumbnail is not None:
                replaced.add(thumbnail)
            add(tag.link, "link", thumbnail)
            continue
        add(shown, source)
    for style in page.styles:
        for raw in _css_urls(style):
            add(raw, "background")
    # A link to an image that wraps no <img> is an image the page offers too.
    for link in page.links:
        if _ends_with(link.href, IMAGE_ENDINGS):
            add(link.href, "link")
    images = tuple(ref for url, ref in found.items() if url not in replaced or ref.source == "link")
    return PageMedia(images=images, videos=tuple(videos), tiny=tiny, over_cap=over)


def absolute(base: str, raw: str | None) -> str | None:
    """``raw`` resolved against ``base``: an http(s) address without its #fragment, or None."""
    if not raw:
        return None
    raw = raw.strip()
    if not raw or raw.startswith(("data:", "javascript:", "blob:", "about:", "#")):
        return None
    try:
        joined = urljoin(base, raw)
        parts = urlsplit(joined)
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    return urlunsplit(parts._replace(fragment=""))


def largest_in_srcset(value: str) -> str | None:
    """The candidate of a srcset with the largest width (or density), per WHATWG's
    parsing rules (URLs may contain commas), reading at most :data:`MAX_SRCSET`."""
    best: tuple[float, str] | None = None
    pos = 0
    size = len(value)
    for _ in range(MAX_SRCSET):
        while pos < size and value[pos] in " \t\n\r\f,":
            pos += 1
        if pos >= size:
            break
        end = pos
        found = _NON_SPACE.match(value, pos)
        end = found.end() if found is not None else size
        url = value[pos:end]
        descriptor = ""
        if url.endswith(","):
            url = url.rstrip(",")
            pos = end
        else:
            comma = value.find(",", end)
            stop = size if comma < 0 else comma
            descriptor = value[end:stop].strip().lower()
            pos = stop + 1
        weight = _weight(descriptor)
        if url and (best is None or weight > best[0]):
            best = (weight, url)
    return best[1] if best is not None else None


_NON_SPACE = re.compile(r"\S+")


def _weight(descriptor: str) -> float:
    """A srcset descriptor as a size to compare: "800w" -> 800, "2x" -> 2000."""
    for word in descriptor.split()[:3]:
        try:
            if word.endswith("w"):
                return float(word[:-1])
            if word.endswith("x"):
                return float(word[:-1]) * 1000
        except ValueError:
            continue
    return 1000.0  # no descriptor means 1x


def _shown_image(tag: Tag) -> tuple[str | None, str]:
    """The address an <img>/<source> shows, best first: srcset, lazy, src."""
    for name in LAZY_SRCSET:
        value = tag.get(name)
        if value:
            return largest_in_srcset(value), "lazy"
    srcset = tag.get("srcset")
    if srcset:
        return largest_in_srcset(srcset), "picture" if tag.name == "source" else "srcset"
    for name in LAZY_ATTRIBUTES:
        value = tag.get(name)
        if value:
            return value, "lazy"
    return tag.get("src") or tag.get("href") or tag.get("xlink:href"), "img"


def _declared_tiny(tag: Tag) -> bool:
    """An image whose width or height attribute says it is icon-sized."""
    for name in ("width", "height"):
        value = (tag.get(name) or "").removesuffix("px").strip()
        if value.isdigit() and int(value) <= TINY_PIXELS:
            return True
    return False


def _ends_with(url: str, endings: tuple[str, ...]) -> bool:
    try:
        path = urlsplit(url.strip()).path.lower()
    except ValueError:
        return False
    return path.endswith(endings)


def _css_urls(style: str) -> list[str]:
    """The url(...) values of an inline style, read with str.find (at most 8)."""
    found: list[str] = []
    lowered = style.lower()
    pos = 0
    while len(found) < 8:
        start = lowered.find("url(", pos)
        if start < 0:
            break
        end = lowered.find(")", start + 4)
        if end < 0:
            break
        found.append(style[start + 4 : end].strip().strip("'\""))
        pos = end + 1
    return found


# -- the next page ---------------------------------------------------------------------------


def next_page(page: HtmlPage, page_url: str) -> str | None:
    """The page's own "next page", on the same site; None when there is none.

    In order: ``rel="next"`` (a link or a ``<link>``), a link whose text or
    label says "next", a link to the same address with the page number one
    higher (``?page=3`` on page 2, ``/page/3``).
    """
    base = urljoin(page_url, page.base) if page.base else page_url
    candidates: list[str | None] = []
    candidates += [t.get("href") for t in page.tags if t.name == "link" and _is_next_rel(t)]
    candidates += [link.href for link in page.links if "next" in link.rel.split()]
    candidates += [
        link.href
        for link in page.links
        if link.text.lower() in NEXT_TEXTS or link.label.lower() in NEXT_TEXTS
    ]
    numbered = _numbered_next(page_url)
    if numbered is not None:
        candidates += [link.href for link in page.links if absolute(base, link.href) == numbered]
    for raw in candidates:
        url = absolute(base, raw)
        if url is not None and url != _no_fragment(page_url) and same_site(url, page_url):
            return url
    return None


def same_site(url: str, other: str) -> bool:
    """Same host (a leading "www." aside): pagination never leaves the site."""
    return site_of(url) == site_of(other)


def _is_next_rel(tag: Tag) -> bool:
    return "next" in (tag.get("rel") or "").lower().split()


def _no_fragment(url: str) -> str:
    return urlunsplit(urlsplit(url)._replace(fragment=""))


def _numbered_next(url: str) -> str | None:
    """The address of the next page by number: ?page=N+1 or /page/N+1 (page 1 if none)."""
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True)
    for index, (key, value) in enumerate(query):
        if key.lower() in PAGE_PARAMETERS and value.isdigit():
            query[index] = (key, str(int(value) + 1))
            return urlunsplit(parts._replace(query=urlencode(query), fragment=""))
    found = _PATH_PAGE.search(parts.path[:2000])
    if found is not None:
        number = str(int(found.group(1)) + 1)
        path = parts.path[: found.start(1)] + number + parts.path[found.end(1) :]
        return urlunsplit(parts._replace(path=path, fragment=""))
    return urlunsplit(parts._replace(query=urlencode([*query, ("page", "2")]), fragment=""))
