"""A stand-in website for whole-page scans, served by tests/checkserver.py under /site/.

Pages a counsellor is handed, built from the sample photos (examples/photos,
see SOURCES.md): a gallery of 30 thumbnails linking to full-size images,
three of them transformed copies of the case's photos; a thread across three
pages with lazy-loaded images, srcset, relative and protocol-relative
addresses and a <base>; a page behind a login redirect; and hostile pages
(100,000 <img> tags, a 10 MB srcset, endless pagination, pages that lead
back to each other). Images are made once, in memory, on first use.
"""

from __future__ import annotations

import functools
import io
from pathlib import Path

from PIL import Image, ImageOps

PHOTOS = Path(__file__).resolve().parents[1] / "examples" / "photos"

#: The case's photos (hashed into the case by the tests).
CASE_PHOTOS = ("coffee.png", "astronaut.png", "rocket.jpg")
#: Photos that are not the case's: their quarters are the other images on the site.
OTHER_PHOTOS = ("brick.png", "grass.png", "gravel.png", "horse.png", "hubble_deep_field.jpg",
                "camera.png", "chelsea.png")  # fmt: skip
#: Gallery positions (of 30) that show a copy of a case photo, and how it was changed.
GALLERY_COPIES = {4: ("coffee.png", "mirrored"), 17: ("astronaut.png", "rescaled"),
                  26: ("rocket.jpg", "recompressed")}  # fmt: skip
GALLERY_SIZE = 30
THREAD_PAGES = 3


def _jpeg(image: Image.Image, quality: int = 85) -> bytes:
    out = io.BytesIO()
    image.convert("RGB").save(out, "JPEG", quality=quality)
    return out.getvalue()


@functools.cache
def _photo(name: str) -> Image.Image:
    with Image.open(PHOTOS / name) as im:
        return im.convert("RGB")


def transformed(name: str, how: str) -> Image.Image:
    """A copy as a platform or a re-uploader makes it."""
    photo = _photo(name)
    if how == "mirrored":
        return ImageOps.mirror(photo)
    if how == "rescaled":
        return photo.resize((photo.width * 3 // 5, photo.height * 3 // 5))
    return photo.resize((photo.width * 4 // 5, photo.height * 4 // 5))  # "recompressed" below


@functools.cache
def other_image(number: int) -> Image.Image:
    """Image ``number`` of the ones that are not the case's: a quarter of a sample photo."""
    photo = _photo(OTHER_PHOTOS[number % len(OTHER_PHOTOS)])
    quarter = (number // len(OTHER_PHOTOS)) % 4
    w, h = photo.width // 2, photo.height // 2
    left, top = (quarter % 2) * w, (quarter // 2) * h
    return photo.crop((left, top, left + w, top + h)).resize((400, 300))


@functools.cache
def full_image(number: int) -> bytes:
    """Gallery image ``number`` at full size (JPEG bytes)."""
    if number in GALLERY_COPIES:
        name, how = GALLERY_COPIES[number]
        return _jpeg(transformed(name, how), 40 if how == "recompressed" else 85)
    return _jpeg(other_image(number))


@functools.cache
def thumbnail(number: int) -> bytes:
    with Image.open(io.BytesIO(full_image(number))) as im:
        im.thumbnail((120, 90))
        return _jpeg(im, 70)


@functools.cache
def tiny_gif() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (1, 1), (255, 255, 255)).save(out, "GIF")
    return out.getvalue()


def _page(title: str, body: str, head: str = "") -> bytes:
    return (
        "<!doctype html><html><head><meta charset='utf-8'>"
        f"<title>{title}</title>{head}</head><body>{body}</body></html>"
    ).encode()


def gallery() -> bytes:
    items = "".join(
        f"<a href='/site/full/{n}.jpg'><img src='/site/thumb/{n}.jpg' width='120' height='90'></a>"
        for n in range(GALLERY_SIZE)
    )
    head = "<meta property='og:image' content='/site/thumb/0.jpg'>"
    icons = "<img src='/site/icon.png' width='16' height='16'><img src='/site/pixel.gif'>"
    return _page("Gallery", f"<h1>Holiday</h1>{icons}<div class='grid'>{items}</div>", head)


#: Thread pages: which other images each shows, and how the case copy is shown.
THREAD = {
    1: (range(30, 37), "<img src='data:image/gif;base64,R0lGOD' data-src='/site/t/copy-1.jpg'>"),
    2: (range(37, 44), "<img src='img/small-2.jpg' srcset='img/small-2.jpg 200w, "
                       "img/copy-2.jpg 800w'>"),
    3: (range(44, 51), "<div style=\"background-image: url('//{host}/site/t/copy-3.jpg')\">x</div>"),
}  # fmt: skip
#: The copy on each thread page: (case photo, change).
THREAD_COPIES = {1: ("astronaut.png", "mirrored"), 2: ("rocket.jpg", "rescaled"),
                 3: ("coffee.png", "recompressed")}  # fmt: skip


def thread(page: int, host: str) -> bytes:
    numbers, copy = THREAD[page]
    posts = "".join(
        f"<div class='post'><p>Post {n}</p><img class='lazy' src='/site/pixel.gif' "
        f"data-original='/site/t/other-{n}.jpg'></div>"
        for n in numbers
    )
    posts += f"<div class='post'>{copy.format(host=host)}</div>"
    nav = ""
    if page < THREAD_PAGES:
        nav = f"<nav><a href='/site/thread?page={page + 1}'>Next &raquo;</a></nav>"
    nav += "<a href='https://elsewhere.test/thread?page=9' rel='next'>other site</a>" * (page == 1)
    head = "<base href='/site/t/'>" if page == 2 else ""
    return _page(f"Thread page {page}", posts + nav, head)


@functools.cache
def thread_image(name: str) -> bytes | None:
    if name.startswith("other-"):
        return _jpeg(other_image(int(name[6:].split(".")[0])))
    if name.startswith("copy-"):
        case_photo, how = THREAD_COPIES[int(name[5])]
        return _jpeg(transformed(case_photo, how), 40 if how == "recompressed" else 85)
    if name == "img/small-2.jpg":
        return thumbnail(3)
    if name == "img/copy-2.jpg":
        return thread_image("copy-2.jpg")
    return None


# -- hostile pages ----------------------------------------------------------------------------


def many_images() -> bytes:
    """100,000 <img> tags (2.4 MB): only the first 2 MB are read, 200 images compared."""
    tags = "".join(f"<img src='/site/t/other-{n % 40 + 30}.jpg?{n}'>" for n in range(100_000))
    return _page("Many", tags)


def huge_srcset() -> bytes:
    """One <img> whose srcset is 10 MB."""
    return _page("Srcset", "<img srcset='" + "/site/t/other-30.jpg 1w, " * 400_000 + "'>")


def endless(page: int) -> bytes:
    body = f"<img src='/site/t/other-{30 + page % 20}.jpg'><a href='/site/endless?page={page + 1}' rel='next'>more</a>"
    return _page(f"Endless {page}", body)


def circle(name: str) -> bytes:
    """/site/circle/a's next page is b, whose next page redirects back to a."""
    target = "/site/circle/b" if name == "a" else "/site/circle/back"
    return _page(
        f"Circle {name}", f"<img src='/site/t/other-31.jpg'><a rel='next' href='{target}'>next</a>"
    )
