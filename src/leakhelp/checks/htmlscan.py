"""Reading pages we did not write, in time linear in their length.

A page comes from a site that may want to stall us. Regular expressions that
backtrack over HTML (``<meta\\b[^>]*>`` with an attribute pattern) took a
minute on ``<meta `` followed by 100 KB of ``a``, and the parsers at hand
are not linear either on Python 3.11 (``benchmarks/page_speed.py
--other-parsers``, docs/checks.md): ``html.parser`` takes four times as long
for twice as many unclosed ``<a``, lexbor (selectolax) needs 107 s for one
tag with 100,000 attributes, because building a tree looks back at what it
built at every step.

We need no tree: only the start tags, their attributes and the text a reader
sees. So this module is a tokenizer shaped after the WHATWG HTML tokenizer
(tag names, attribute names and values, quoted or not, comments, raw-text
elements such as ``<script>``), written so that every step moves forward:
each regular expression starts where the previous step ended and uses only
possessive quantifiers (what matched is never given back and re-tried),
each ``find`` starts after the last one. Nothing is scanned twice, so a page costs time proportional to its length, whatever
it contains; :data:`MAX_TAGS` and :data:`MAX_ATTRIBUTES` bound the work and
memory on top of the byte cap of the caller.

Pure: text in, :class:`HtmlPage` out. No network, no I/O.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

#: Start tags read from one page. A real page has a few thousand; a hostile
#: one with 100,000 <img> tags still fits, and the rest of a longer one is
#: left unread (``HtmlPage.truncated``).
MAX_TAGS = 200_000

#: Attributes kept per tag (the first ones; later ones are read over).
#: Real tags have fewer than 20.
MAX_ATTRIBUTES = 64

#: Characters of visible text kept: the markers sit near the top of a page.
MAX_TEXT = 500_000

#: Characters of one attribute value kept (a 10 MB srcset is cut here).
MAX_VALUE = 64 * 1024

#: Start tags whose attributes the readers of a page use.
KEPT_TAGS = frozenset(
    {"meta", "base", "link", "img", "source", "a", "video", "audio", "picture", "image"}
)

#: Elements whose content is raw text up to their end tag (WHATWG 13.1.2).
RAW_TEXT = frozenset(
    {"script", "style", "xmp", "iframe", "noembed", "noframes", "noscript", "textarea", "title"}
)
#: Elements whose content no reader sees as text.
HIDDEN = frozenset({"script", "style", "template", "svg", "noscript", "iframe", "noembed"})
HIDDEN_CONTAINERS = frozenset({"template", "svg"})

#: Where the next token starts: a start or end tag (its name), "</>", a
#: comment, or another markup declaration. A "<" followed by anything else is
#: text, and the search simply passes it.
_TOKEN = re.compile(r"<(?:(/?)([a-zA-Z][^\s/>]*+)|(/>)|(!--)|[!?/])")
_TAG_NAME_END = re.compile(r"[\s/>]")
#: One attribute (name, then an optional = and a value in double, single or no
#: quotes) after any spaces and slashes. Possessive quantifiers (*+): a part
#: that matched is never given back, so a failed alternative costs nothing
#: more than the characters it looked at. A quote that is never closed ends
#: the value's alternatives; the quote then starts the next attribute name.
_ATTRIBUTE = re.compile(
    r"""[\s/]*+(?:([^\s/>][^\s/>=]*+)(?:\s*+=\s*+(?:"([^"]*+)"|'([^']*+)'|([^\s>"'][^\s>]*+))?)?)?"""
)
_RAW_END: dict[str, re.Pattern[str]] = {
    tag: re.compile(rf"</{tag}[\s/>]", re.IGNORECASE) for tag in RAW_TEXT
}


@dataclass(frozen=True, slots=True)
class Tag:
    """One start tag: its name (lower case), attributes, and where it sits.

    ``inside`` names the nearest open ``picture``, ``video`` or ``audio``
    (for ``<source>``) and ``a`` (for ``<img>`` in a link), with the link's
    ``href``; attribute values are as written (entities not yet decoded).
    """

    name: str
    attrs: dict[str, str]
    inside: str = ""
    link: str | None = None

    def get(self, name: str) -> str | None:
        """An attribute with its character references decoded, or None."""
        value = self.attrs.get(name)
        return html.unescape(value).strip() if value is not None else None


@dataclass(frozen=True, slots=True)
class Link:
    """A ``<a href>`` with its visible text (cut to :data:`MAX_LINK_TEXT`), for pagination."""

    href: str
    rel: str = ""
    text: str = ""
    label: str = ""


#: Characters of a link's text kept ("Next page", "Volgende", "»").
MAX_LINK_TEXT = 100


@dataclass(frozen=True, slots=True)
class HtmlPage:
    """What a page says: title, meta tags, visible text and the tags we use."""

    title: str = ""
    metas: tuple[tuple[str, str], ...] = ()
    refresh: str | None = None
    base: str | None = None
    text: str = ""
    tags: tuple[Tag, ...] = ()
    styles: tuple[str, ...] = ()
    links: tuple[Link, ...] = ()
    truncated: bool = False
    tag_count: int = 0

    def meta(self, key: str) -> str | None:
        """The first meta tag with this property or name (lower case)."""
        return next((v for k, v in self.metas if k == key), None)


@dataclass(slots=True)
class _Reader:
    """Collects what HtmlPage holds while the tokenizer walks the page."""

    title: str | None = None
    metas: list[tuple[str, str]] = field(default_factory=list)
    refresh: str | None = None
    base: str | None = None
    text: list[str] = field(default_factory=list)
    text_size: int = 0
    tags: list[Tag] = field(default_factory=list)
    styles: list[str] = field(default_factory=list)
    hidden: int = 0
    containers: list[str] = field(default_factory=list)
    link: str | None = None
    links: list[Link] = field(default_factory=list)
    anchor: dict[str, str] | None = None
    anchor_text: list[str] = field(default_factory=list)

    def start(self, name: str, attrs: dict[str, str]) -> None:
        if name in HIDDEN_CONTAINERS:
            self.hidden += 1
        style = attrs.get("style")
        if style is not None and "url(" in style.lower():
            self.styles.append(style)
        if name not in KEPT_TAGS:
            return
        if name == "meta":
            self._meta(attrs)
        elif name == "base" and self.base is None and "href" in attrs:
            self.base = html.unescape(attrs["href"]).strip()
        elif name in ("picture", "video", "audio"):
            self.containers.append(name)
        elif name == "a":
            self._close_anchor()
            self.link = attrs.get("href")
            self.anchor = attrs
        inside = self.containers[-1] if self.containers else ""
        self.tags.append(Tag(name, attrs, inside, self.link if name != "a" else None))

    def end(self, name: str) -> None:
        if name in HIDDEN_CONTAINERS and self.hidden:
            self.hidden -= 1
        elif name in ("picture", "video", "audio") and name in self.containers[-1:]:
            self.containers.pop()
        elif name == "a":
            self._close_anchor()
            self.link = None

    def _close_anchor(self) -> None:
        if self.anchor is None:
            return
        href = self.anchor.get("href")
        if href is not None:
            text = " ".join(html.unescape("".join(self.anchor_text)[:MAX_LINK_TEXT]).split())
            label = self.anchor.get("aria-label") or self.anchor.get("title") or ""
            rel = self.anchor.get("rel", "")
            self.links.append(Link(html.unescape(href).strip(), rel.lower(), text, label))
        self.anchor = None
        self.anchor_text = []

    def data(self, text: str) -> None:
        if self.anchor is not None and len(self.anchor_text) < 8:
            self.anchor_text.append(text[:MAX_LINK_TEXT])
        if self.hidden or self.text_size >= MAX_TEXT:
            return
        self.text.append(text)
        self.text_size += len(text)

    def raw(self, name: str, content: str) -> None:
        if name == "title" and self.title is None:
            self.title = " ".join(html.unescape(content[:MAX_VALUE]).split())
        elif name == "textarea":
            self.data(content)

    def _meta(self, attrs: dict[str, str]) -> None:
        content = attrs.get("content")
        if content is None:
            return
        if attrs.get("http-equiv", "").strip().lower() == "refresh":
            if self.refresh is None:
                self.refresh = html.unescape(content[:4096])
            return
        key = (attrs.get("property") or attrs.get("name") or "").strip().lower()
        if key:
            self.metas.append((key, html.unescape(content).strip()))


def read_html(text: str, *, max_tags: int = MAX_TAGS) -> HtmlPage:
    """Tokenize ``text`` once, front to back, and collect what a page says."""
    reader = _Reader()
    count, complete = _tokenize(text, reader, max_tags)
    reader._close_anchor()
    visible = html.unescape(" ".join(reader.text))
    return HtmlPage(
        title=reader.title or "",
        metas=tuple(reader.metas),
        refresh=reader.refresh,
        base=reader.base,
        text=visible,
        tags=tuple(reader.tags),
        styles=tuple(reader.styles),
        links=tuple(reader.links),
        truncated=not complete,
        tag_count=count,
    )


def _tokenize(text: str, reader: _Reader, max_tags: int) -> tuple[int, bool]:
    """Walk ``text``; returns (start tags seen, whether the whole text was read).

    Every branch moves ``pos`` forward past what it consumed, and never looks
    behind it again: that is what keeps the cost linear.
    """
    size = len(text)
    pos = 0
    tags = 0
    # Local names: this loop runs once per tag, and Python looks them up faster.
    search, attributes = _TOKEN.search, _attributes
    data, start, end = reader.data, reader.start, reader.end
    while pos < size:
        token = search(text, pos)
        if token is None:
            data(text[pos:])
            break
        lt = token.start()
        if lt > pos:
            data(text[pos:lt])
        name = token.group(2)
        if name is not None:
            read = attributes(text, token.end())  # end tags may carry junk attributes too
            if read is None:
                break  # the page ends inside a tag: WHATWG drops it
            name = name.lower()
            pos = read[1]
            if token.group(1):
                end(name)
                continue
            tags += 1
            if tags > max_tags:
                return tags - 1, False
            start(name, read[0])
            if name in RAW_TEXT:
                close = _RAW_END[name].search(text, pos)
                stop = close.start() if close is not None else size
                reader.raw(name, text[pos:stop])
                reader.end(name)
                if close is None:
                    break
                pos = _skip_end_tag(text, close.start())
        elif token.group(3):  # "</>" is nothing
            pos = token.end()
        elif token.group(4):  # a comment
            if text.startswith(">", lt + 4):
                pos = lt + 5
            elif text.startswith("->", lt + 4):
                pos = lt + 6
            else:
                pos = _after(text, "-->", lt + 4)
        else:  # <!doctype>, <![CDATA[, <?xml ...>, </ 3>: a bogus comment up to ">"
            pos = _after(text, ">", lt + 2)
        if pos < 0:
            break
    return tags, True


def _after(text: str, needle: str, start: int) -> int:
    """The position just after ``needle`` from ``start``; -1 when it never comes."""
    found = text.find(needle, start)
    return -1 if found < 0 else found + len(needle)


def _skip_end_tag(text: str, start: int) -> int:
    """Past the end tag at ``start`` (a raw-text element's), or -1 at the end of text."""
    end = _TAG_NAME_END.search(text, start + 2)
    if end is None:
        return -1
    read = _attributes(text, end.start())
    return -1 if read is None else read[1]


def _attributes(text: str, pos: int) -> tuple[dict[str, str], int] | None:
    """Attributes from ``pos`` to the tag's ``>``: (attributes, position after it).

    None when the text ends inside the tag (WHATWG drops such a tag). The
    first of two attributes with the same name wins, as in browsers. One
    match of :data:`_ATTRIBUTE` per attribute, anchored where the last one
    ended; its quantifiers are possessive, so nothing is ever re-read.
    """
    if text.startswith(">", pos):  # the common <p> or </div>: no attributes at all
        return {}, pos + 1
    attrs: dict[str, str] = {}
    size = len(text)
    while True:
        found = _ATTRIBUTE.match(text, pos)
        assert found is not None  # every part is optional
        name = found.group(1)
        if name is None:  # no attribute here: the tag ends, or the text does
            pos = found.end()
            return (attrs, pos + 1) if pos < size else None
        pos = found.end()
        if len(attrs) < MAX_ATTRIBUTES:
            double, single, bare = found.group(2, 3, 4)
            value = double if double is not None else single if single is not None else bare
            attrs.setdefault(name.lower(), (value or "")[:MAX_VALUE])
