"""A small, deliberately misbehaving web server on loopback, for status checks.

The tests (and benchmarks/check_speed.py) start it on 127.0.0.1 and point
leakhelp's checker at it. It is a raw asyncio HTTP/1.1 server (keep-alive,
no framework) so it can misbehave on purpose: answer slowly, reset the
connection, stream a 2 GB body lazily, loop redirects, rate-limit, and count
how many requests it serves at once. It never opens a connection itself.

    with CheckServer() as server:
        url = server.url("/status/404")

Run alone (``python tests/checkserver.py --latency 0.02 --hosts 127.0.0.1``)
it prints its port and serves until stdin closes.
"""

from __future__ import annotations

import argparse
import asyncio
import email.utils
import gzip
import io
import socket
import ssl
import struct
import sys
import threading
import time
import zlib
from collections import Counter
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from PIL import Image

import pagesite

PHOTOS = Path(__file__).resolve().parents[1] / "examples" / "photos"

#: Size of the "huge" answers: 2 GB, streamed lazily, never allocated.
HUGE = 2 * 1024**3
CHUNK = 64 * 1024
#: Bytes a gzip-bomb answer expands to (a few tens of KB on the wire).
BOMB = 64 * 1024 * 1024
#: How long the "slow" routes wait before answering (tests use timeouts < 1 s).
SLOW = 10.0


@dataclass
class Request:
    method: str
    target: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]


@dataclass
class Stats:
    """What the server saw; read by the tests after a check returns."""

    hits: Counter[str] = field(default_factory=Counter)
    in_flight: Counter[str] = field(default_factory=Counter)
    max_in_flight: Counter[str] = field(default_factory=Counter)
    bytes_sent: Counter[str] = field(default_factory=Counter)
    hosts: list[str] = field(default_factory=list)
    user_agents: list[str] = field(default_factory=list)
    times: dict[str, list[float]] = field(default_factory=dict)
    connections: int = 0


def _page(title: str, body: str = "", head: str = "") -> bytes:
    return (
        "<!doctype html><html><head><meta charset='utf-8'>"
        f"<title>{title}</title>{head}</head><body>{body}</body></html>"
    ).encode()


#: Size of each hostile page (the checker reads 2 MB of a page).
HOSTILE_SIZE = 2 * 1024 * 1024

#: Patterns that made the old regular expressions (or a tree-building parser)
#: take time quadratic in their length; each page repeats one after a normal head.
HOSTILE_PATTERNS: dict[str, str] = {
    "meta": "<meta " + "a" * 100_000 + ">",
    "attributes": "<meta " + "content=x " * 10_000,
    "unclosed-tags": "<a" * 50_000,
    "title": "<title>" + "<" * 50_000,
    "nested": "<b>" * 20_000 + "</p>" * 20_000,
    "comments": "<!--" * 50_000,
}


def hostile_page(name: str) -> bytes:
    """A 2 MB page: a real head, then one hostile pattern until the size is reached."""
    head = "<!doctype html><html><head><meta charset='utf-8'><title>Album</title></head><body>"
    pattern = HOSTILE_PATTERNS[name]
    repeat = (HOSTILE_SIZE - len(head)) // len(pattern) + 1
    return (head + pattern * repeat).encode()[:HOSTILE_SIZE]


def _jpeg_copy(path: Path, scale: float = 0.8, quality: int = 60) -> bytes:
    """A re-compressed, downscaled copy: what a platform makes of an upload."""
    with Image.open(path) as im:
        small = im.convert("RGB").resize((int(im.width * scale), int(im.height * scale)))
    out = io.BytesIO()
    small.save(out, "JPEG", quality=quality)
    return out.getvalue()


def _gzip_bomb(size: int) -> bytes:
    """gzip of ``size`` zero bytes, built in slices (a few hundred KB)."""
    comp = zlib.compressobj(9, zlib.DEFLATED, 31)
    zeros = bytes(1024 * 1024)
    parts = [comp.compress(b"<html><body>")]
    parts += [comp.compress(zeros) for _ in range(size // len(zeros))]
    parts.append(comp.flush())
    return b"".join(parts)


Handler = Callable[[Request, asyncio.StreamWriter], Awaitable[bool]]


class CheckServer:
    """The server, in its own thread with its own event loop."""

    def __init__(
        self,
        hosts: Sequence[str] = ("127.0.0.1",),
        *,
        latency: float = 0.0,
        tls: ssl.SSLContext | None = None,
    ) -> None:
        self.hosts = tuple(hosts)
        self.latency = latency
        self.tls = tls
        self.port = 0
        self.stats = Stats()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._servers: list[asyncio.base_events.Server] = []
        self._tasks: set[asyncio.Task[None]] = set()
        self._seen_keys: Counter[str] = Counter()
        self.coffee = (PHOTOS / "coffee.png").read_bytes()
        self.chelsea = (PHOTOS / "chelsea.png").read_bytes()
        self.coffee_small = _jpeg_copy(PHOTOS / "coffee.png")
        self._gzip_bomb_body: bytes | None = None
        self._exact: dict[str, Handler] | None = None
        self._prefixes: list[tuple[str, Handler]] = []

    # -- life cycle ------------------------------------------------------------
    def start(self) -> CheckServer:
        ready = threading.Event()
        self._loop = asyncio.new_event_loop()

        def run() -> None:
            assert self._loop is not None
            asyncio.set_event_loop(self._loop)
            self._loop.run_until_complete(self._listen())
            ready.set()
            self._loop.run_forever()

        self._thread = threading.Thread(target=run, name="checkserver", daemon=True)
        self._thread.start()
        if not ready.wait(10):
            raise RuntimeError("check server did not start")
        return self

    async def _listen(self) -> None:
        first = await asyncio.start_server(
            self._serve, self.hosts[0], 0, limit=64 * 1024, ssl=self.tls
        )
        self.port = first.sockets[0].getsockname()[1]
        self._servers.append(first)
        for host in self.hosts[1:]:
            self._servers.append(
                await asyncio.start_server(
                    self._serve, host, self.port, limit=64 * 1024, ssl=self.tls
                )
            )

    def stop(self) -> None:
        if self._loop is None:
            return
        future = asyncio.run_coroutine_threadsafe(self._shutdown(), self._loop)
        future.result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        assert self._thread is not None
        self._thread.join(10)
        self._loop.close()
        self._loop = None

    async def _shutdown(self) -> None:
        for server in self._servers:
            server.close()
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)

    def __enter__(self) -> CheckServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def url(self, path: str, host: str | None = None) -> str:
        scheme = "https" if self.tls else "http"
        return f"{scheme}://{host or self.hosts[0]}:{self.port}{path}"

    # -- HTTP ------------------------------------------------------------------
    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._tasks.add(task)
        self.stats.connections += 1
        try:
            while True:
                try:
                    head = await reader.readuntil(b"\r\n\r\n")
                except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError):
                    break
                request = _parse(head)
                self.stats.hits[request.path] += 1
                self.stats.hosts.append(request.headers.get("host", ""))
                self.stats.user_agents.append(request.headers.get("user-agent", ""))
                self.stats.times.setdefault(request.path, []).append(time.monotonic())
                if self.latency:
                    await asyncio.sleep(self.latency)
                if not await self._dispatch(request, writer):
                    break
        except (ConnectionError, ssl.SSLError, asyncio.CancelledError):
            pass
        finally:
            self._tasks.discard(task)
            if not writer.transport.is_closing():
                writer.transport.close()

    async def _dispatch(self, req: Request, writer: asyncio.StreamWriter) -> bool:
        if self._exact is None:
            routes = self._routes()
            self._exact = {p: h for p, h in routes if not p.endswith("/")}
            self._prefixes = [(p, h) for p, h in routes if p.endswith("/")]
        handler = self._exact.get(req.path)
        if handler is None:
            handler = next((h for p, h in self._prefixes if req.path.startswith(p)), None)
        if handler is None:
            return await _send(writer, 404, _page("Not Found", "nothing here"))
        return await handler(req, writer)

    def _routes(self) -> list[tuple[str, Handler]]:
        return [
            ("/photo/coffee.png", self._bytes(self.coffee, "image/png")),
            ("/photo/coffee-small.jpg", self._bytes(self.coffee_small, "image/jpeg")),
            ("/photo/chelsea.png", self._bytes(self.chelsea, "image/png")),
            ("/photo/coffee-octet", self._bytes(self.coffee, "application/octet-stream")),
            ("/photo/broken.jpg", self._bytes(b"\xff\xd8\xff" + bytes(500), "image/jpeg")),
            ("/removed.png", self._bytes(self.chelsea, "image/png")),
            ("/page/plain", self._html(_page("A holiday album", "<p>Photos from a trip.</p>"))),
            ("/page/og", self._og("/photo/coffee-small.jpg")),
            ("/page/og-other", self._og_absolute("/photo/chelsea.png")),
            ("/page/og-missing", self._og("/status/404")),
            ("/page/og-private", self._og("http://10.0.0.1/secret.jpg")),
            ("/page/twitter", self._twitter("/photo/coffee.png")),
            ("/status/", self._status),
            ("/soft404/en", self._html(_page(
                "Instagram",
                "<h2>Sorry, this page isn't available.</h2><p>The link you followed may be "
                "broken, or the page may have been removed.</p>",
            ))),
            ("/soft404/nl", self._html(_page(
                "Bericht", "<div class='notice'>Deze inhoud is niet beschikbaar.</div>"
            ))),
            ("/soft404/x", self._html(_page(
                "X", "<span>Hmm...this page doesn't exist. Try searching for something else.</span>"
            ))),
            ("/soft404/registry", self._html(_page(
                "Reddit", "<p>Sorry, this post was removed by Reddit's filters.</p>"
            ))),
            ("/soft404/script-only", self._html(_page(
                "A live post",
                "<p>Nice photos.</p><script>var msgs={gone:'This page isn\\'t available'};</script>",
            ))),
            ("/soft404/with-image", self._html(_page(
                "Album",
                "<p>This post has been removed.</p>",
                "<meta property='og:image' content='/photo/coffee.png'>",
            ))),
            ("/login-redirect", self._redirect("/accounts/login/?next=/p/abc")),
            ("/accounts/login/", self._html(_page("Login", "<form>user, password</form>"))),
            ("/login-wall", self._html(_page("Profile", "<p>Log in to continue.</p>"))),
            ("/meta-login", self._html(_page(
                "Redirecting", "", "<meta http-equiv='refresh' content='0; url=/accounts/login/'>"
            ))),
            ("/meta-gone", self._html(_page(
                "Redirecting", "", '<meta http-equiv="Refresh" content="1;URL=\'/status/404\'">'
            ))),
            ("/meta-slow", self._html(_page(
                "Live ticker", "<p>Scores</p>", "<meta http-equiv='refresh' content='60'>"
            ))),
            ("/latin1-gone", self._latin1_gone),
            ("/challenge", self._challenge),
            ("/challenge-200", self._html(_page("Attention Required! | Cloudflare", "captcha"))),
            ("/ratelimited/", self._ratelimited),
            ("/ratelimited-date/", self._ratelimited_date),
            ("/ratelimited-long", self._ratelimited_long),
            ("/busy/", self._busy),
            ("/busy-once/", self._busy_once),
            ("/slow", self._slow),
            ("/slow-body", self._slow_body),
            ("/reset", self._reset),
            ("/reset-mid", self._reset_mid),
            ("/huge.html", self._huge("text/html", b"<html><body>")),
            ("/huge.jpg", self._huge("image/jpeg", b"\xff\xd8\xff\xe0")),
            ("/huge.bin", self._huge("application/octet-stream", b"\x00")),
            ("/huge-unsized.jpg", self._huge("image/jpeg", b"\xff\xd8\xff\xe0", sized=False)),
            ("/loop/a", self._redirect("/loop/b")),
            ("/loop/b", self._redirect("/loop/a")),
            ("/self-cookie", self._self_cookie),
            ("/redirect", self._redirect_to),
            ("/chain/", self._chain),
            ("/slowish/", self._slowish),
            ("/imgur-gone", self._redirect("/removed.png")),
            ("/empty", self._html(b"")),
            ("/gzip-soft404", self._gzip_soft404),
            ("/gzip-bomb", self._gzip_bomb),
            ("/video.mp4", self._bytes(b"\x00\x00\x00\x18ftypmp42" + bytes(1024 * 1024), "video/mp4")),
            ("/bench/", self._bench),
            # Bodies that never decode: br we did not ask for, a gzip stream that breaks.
            ("/encoded/br", self._huge("text/html", b"\x1b\xff\x0f", encoding="br")),
            ("/encoded/corrupt-gzip", self._huge(
                "text/html", b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03" + b"\xff" * 64,
                encoding="gzip",
            )),
            ("/hostile/", self._hostile),
            ("/ratelimited-chain/", self._ratelimited_chain),
            ("/site/", self._site),
        ]  # fmt: skip

    # -- route makers ------------------------------------------------------------
    def _bytes(self, data: bytes, ctype: str) -> Handler:
        async def handler(req: Request, writer: asyncio.StreamWriter) -> bool:
            return await _send(
                writer, 200, data, {"Content-Type": ctype}, stats=self.stats, path=req.path
            )

        return handler

    async def _latin1_gone(self, req: Request, writer: asyncio.StreamWriter) -> bool:
        page = "<html><head><title>Niet gevonden</title></head><body><h1>Deze pagina is niet "
        page += "beschikbaar</h1><p>Caf\xe9</p></body></html>"
        ctype = {"Content-Type": "text/html; charset=iso-8859-1"}
        return await _send(writer, 200, page.encode("latin-1"), ctype)

    def _html(self, body: bytes, status: int = 200) -> Handler:
        async def handler(req: Request, writer: asyncio.StreamWriter) -> bool:
            return await _send(writer, status, body)

        return handler

    def _og(self, image: str) -> Handler:
        head = f"<meta property='og:image' content='{image}'><meta property='og:title' content='Album'>"
        return self._html(_page("Album", "<p>Some photos.</p>", head))

    def _og_absolute(self, path: str) -> Handler:
        async def handler(req: Request, writer: asyncio.StreamWriter) -> bool:
            head = f'<meta property="og:image" content="{self.url(path)}">'
            return await _send(writer, 200, _page("Album", "<p>Photos.</p>", head))

        return handler

    def _twitter(self, image: str) -> Handler:
        return self._html(_page("Post", "", f'<meta name="twitter:image" content="{image}">'))

    def _redirect(self, location: str, status: int = 302) -> Handler:
        async def handler(req: Request, writer: asyncio.StreamWriter) -> bool:
            return await _send(writer, status, b"", {"Location": location})

        return handler

    # -- routes ------------------------------------------------------------------
    async def _status(self, req: Request, writer: asyncio.StreamWriter) -> bool:
        code = int(req.path.rsplit("/", 1)[1])
        return await _send(writer, code, _page(f"Error {code}", f"status {code}"))

    async def _challenge(self, req: Request, writer: asyncio.StreamWriter) -> bool:
        body = _page("Just a moment...", "<p>Checking your browser before accessing.</p>")
        return await _send(writer, 403, body, {"cf-mitigated": "challenge", "Server": "cloudflare"})

    def _first_time(self, req: Request) -> bool:
        self._seen_keys[req.path] += 1
        return self._seen_keys[req.path] == 1

    async def _ratelimited(self, req: Request, writer: asyncio.StreamWriter) -> bool:
        if self._first_time(req):
            return await _send(writer, 429, _page("Too many"), {"Retry-After": "1"})
        return await _send(writer, 200, _page("A holiday album", "<p>Photos.</p>"))

    async def _ratelimited_date(self, req: Request, writer: asyncio.StreamWriter) -> bool:
        if self._first_time(req):
            when = email.utils.formatdate(time.time() + 1, usegmt=True)
            return await _send(writer, 429, _page("Too many"), {"Retry-After": when})
        return await _send(writer, 200, _page("A holiday album", "<p>Photos.</p>"))

    async def _ratelimited_long(self, req: Request, writer: asyncio.StreamWriter) -> bool:
        return await _send(writer, 429, _page("Too many"), {"Retry-After": "3600"})

    async def _busy(self, req: Request, writer: asyncio.StreamWriter) -> bool:
        return await _send(writer, 503, _page("Service Unavailable"))

    async def _busy_once(self, req: Request, writer: asyncio.StreamWriter) -> bool:
        if self._first_time(req):
            return await _send(writer, 503, _page("Service Unavailable"))
        return await _send(writer, 200, _page("A holiday album", "<p>Photos.</p>"))

    async def _slow(self, req: Request, writer: asyncio.StreamWriter) -> bool:
        await asyncio.sleep(SLOW)
        return await _send(writer, 200, _page("Finally"))

    async def _slow_body(self, req: Request, writer: asyncio.StreamWriter) -> bool:
        writer.write(_head(200, {"Content-Type": "text/html", "Content-Length": "100000"}))
        writer.write(b"<html><body>")
        await writer.drain()
        await asyncio.sleep(SLOW)
        return False

    async def _reset(self, req: Request, writer: asyncio.StreamWriter) -> bool:
        _rst(writer)
        return False

    async def _reset_mid(self, req: Request, writer: asyncio.StreamWriter) -> bool:
        writer.write(_head(200, {"Content-Type": "text/html", "Content-Length": "100000"}))
        writer.write(b"<html><body>" + b"x" * 100)
        await writer.drain()
        await asyncio.sleep(0.05)
        _rst(writer)
        return False

    def _huge(
        self, ctype: str, prefix: bytes, *, sized: bool = True, encoding: str | None = None
    ) -> Handler:
        """2 GB of zeros after ``prefix``, written chunk by chunk as the client reads.

        ``sized=False`` sends no Content-Length: the body ends when the
        connection closes, so only the client's own cap can stop it.
        ``encoding`` claims a Content-Encoding the bytes do not have.
        """
        length = {"Content-Length": str(HUGE)} if sized else {"Connection": "close"}
        if encoding is not None:
            length["Content-Encoding"] = encoding

        async def handler(req: Request, writer: asyncio.StreamWriter) -> bool:
            writer.write(_head(200, {"Content-Type": ctype, **length}))
            writer.write(prefix)
            sent = len(prefix)
            chunk = bytes(CHUNK)
            try:
                while sent < HUGE and not writer.transport.is_closing():
                    writer.write(chunk)
                    sent += CHUNK
                    self.stats.bytes_sent[req.path] = sent
                    await writer.drain()
            except ConnectionError:
                pass
            return False

        return handler

    async def _self_cookie(self, req: Request, writer: asyncio.StreamWriter) -> bool:
        if "seen=1" in req.headers.get("cookie", ""):
            return await _send(writer, 200, _page("Welcome back", "<p>Photos.</p>"))
        return await _send(
            writer, 302, b"", {"Location": "/self-cookie", "Set-Cookie": "seen=1; Path=/"}
        )

    async def _redirect_to(self, req: Request, writer: asyncio.StreamWriter) -> bool:
        return await _send(writer, 302, b"", {"Location": req.query["to"]})

    async def _chain(self, req: Request, writer: asyncio.StreamWriter) -> bool:
        left = int(req.path.rsplit("/", 1)[1])
        if left <= 0:
            return await _send(writer, 200, _page("End of the chain", "<p>Photos.</p>"))
        return await _send(writer, 302, b"", {"Location": f"/chain/{left - 1}"})

    async def _slowish(self, req: Request, writer: asyncio.StreamWriter) -> bool:
        group = req.headers.get("host", "").split(":")[0] + " slowish"
        stats = self.stats
        stats.in_flight[group] += 1
        stats.in_flight["slowish"] += 1
        stats.max_in_flight[group] = max(stats.max_in_flight[group], stats.in_flight[group])
        stats.max_in_flight["slowish"] = max(
            stats.max_in_flight["slowish"], stats.in_flight["slowish"]
        )
        try:
            await asyncio.sleep(float(req.query.get("sleep", "0.2")))
        finally:
            stats.in_flight[group] -= 1
            stats.in_flight["slowish"] -= 1
        return await _send(writer, 200, _page("Slowish", "<p>Photos.</p>"))

    async def _gzip_soft404(self, req: Request, writer: asyncio.StreamWriter) -> bool:
        body = gzip.compress(_page("Gone", "<p>Sorry, this page isn't available.</p>"))
        return await _send(writer, 200, body, {"Content-Encoding": "gzip"})

    async def _gzip_bomb(self, req: Request, writer: asyncio.StreamWriter) -> bool:
        if self._gzip_bomb_body is None:
            self._gzip_bomb_body = _gzip_bomb(BOMB)
        return await _send(
            writer,
            200,
            self._gzip_bomb_body,
            {"Content-Encoding": "gzip"},
            stats=self.stats,
            path=req.path,
        )

    async def _hostile(self, req: Request, writer: asyncio.StreamWriter) -> bool:
        """A 2 MB page built to make backtracking parsers quadratic (by name)."""
        name = req.path.rsplit("/", 1)[1]
        return await _send(writer, 200, hostile_page(name), stats=self.stats, path=req.path)

    async def _ratelimited_chain(self, req: Request, writer: asyncio.StreamWriter) -> bool:
        """Each hop says 429 with Retry-After: 2 once, then redirects to the next hop.

        ``/ratelimited-chain/<key>/<left>``: a URL that would take ~2 s per
        hop if every pause were honoured in full.
        """
        _, key, left = req.path.rsplit("/", 2)
        if self._first_time(req):
            return await _send(writer, 429, _page("Too many"), {"Retry-After": "2"})
        if int(left) <= 0:
            return await _send(writer, 200, _page("End of the chain", "<p>Photos.</p>"))
        return await _send(
            writer, 302, b"", {"Location": f"/ratelimited-chain/{key}/{int(left) - 1}"}
        )

    async def _site(self, req: Request, writer: asyncio.StreamWriter) -> bool:
        """The stand-in website of tests/pagesite.py (galleries, threads, hostile pages)."""
        path = req.path.removeprefix("/site")
        host = req.headers.get("host", "")
        page: bytes | None = None
        image: bytes | None = None
        if path == "/gallery":
            page = pagesite.gallery()
        elif path.startswith("/full/"):
            image = pagesite.full_image(int(path[6:].split(".")[0]))
        elif path.startswith("/thumb/"):
            image = pagesite.thumbnail(int(path[7:].split(".")[0]))
        elif path in ("/icon.png", "/pixel.gif"):
            image = pagesite.tiny_gif()
        elif path == "/thread":
            page = pagesite.thread(int(req.query.get("page", "1")), host)
        elif path.startswith("/t/"):
            image = pagesite.thread_image(path[3:])
        elif path == "/private":
            return await _send(
                writer, 302, b"", {"Location": "/accounts/login/?next=/site/private"}
            )
        elif path == "/hostile/many-images":
            page = pagesite.many_images()
        elif path == "/hostile/srcset":
            page = pagesite.huge_srcset()
        elif path == "/endless":
            page = pagesite.endless(int(req.query.get("page", "1")))
        elif path in ("/circle/a", "/circle/b"):
            page = pagesite.circle(path[-1])
        elif path == "/circle/back":
            return await _send(writer, 302, b"", {"Location": "/site/circle/a"})
        if page is not None:
            return await _send(writer, 200, page, stats=self.stats, path=req.path)
        if image is not None:
            ctype = "image/gif" if image.startswith(b"GIF") else "image/jpeg"
            return await _send(
                writer, 200, image, {"Content-Type": ctype}, stats=self.stats, path=req.path
            )
        return await _send(writer, 404, _page("Not Found", "nothing here"))

    async def _bench(self, req: Request, writer: asyncio.StreamWriter) -> bool:
        """The benchmark's mix: a live page, a 404, a soft-404 (by number)."""
        kind = int(req.path.rsplit("/", 1)[1]) % 3
        if kind == 0:
            return await _send(writer, 200, _page("A holiday album", "<p>Photos.</p>" * 50))
        if kind == 1:
            return await _send(writer, 404, _page("Not Found", "gone"))
        return await _send(
            writer, 200, _page("Instagram", "<h2>Sorry, this page isn't available.</h2>" * 5)
        )


# -- HTTP helpers -------------------------------------------------------------------

_REASONS = {200: "OK", 302: "Found", 404: "Not Found", 429: "Too Many Requests", 503: "Unavailable"}


def _parse(head: bytes) -> Request:
    lines = head.decode("latin-1").split("\r\n")
    method, target, _ = [*lines[0].split(" ", 2), "", ""][:3]
    headers = {}
    for line in lines[1:]:
        if ":" in line:
            name, value = line.split(":", 1)
            headers[name.strip().lower()] = value.strip()
    parts = urlsplit(target)
    query = {k: v[0] for k, v in parse_qs(parts.query).items()}
    return Request(method, target, parts.path, query, headers)


def _head(status: int, headers: dict[str, str]) -> bytes:
    lines = [f"HTTP/1.1 {status} {_REASONS.get(status, 'Status')}"]
    lines += [f"{k}: {v}" for k, v in headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


async def _send(
    writer: asyncio.StreamWriter,
    status: int,
    body: bytes,
    headers: dict[str, str] | None = None,
    *,
    stats: Stats | None = None,
    path: str = "",
) -> bool:
    all_headers = {"Content-Type": "text/html; charset=utf-8", "Content-Length": str(len(body))}
    all_headers.update(headers or {})
    writer.write(_head(status, all_headers))
    sent = 0
    for start in range(0, len(body), CHUNK):
        if writer.transport.is_closing():
            break
        writer.write(body[start : start + CHUNK])
        sent += min(CHUNK, len(body) - start)
        if stats is not None:
            stats.bytes_sent[path] = sent
        await writer.drain()
    return not writer.transport.is_closing()


def _rst(writer: asyncio.StreamWriter) -> None:
    """Close with a TCP reset (SO_LINGER 0), as a crashing server would."""
    sock = writer.get_extra_info("socket")
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    writer.transport.abort()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hosts", default="127.0.0.1")
    parser.add_argument("--latency", type=float, default=0.0)
    args = parser.parse_args()
    hosts = [h for h in args.hosts.split(",") if h]
    for host in hosts:
        if not host.startswith("127."):
            raise SystemExit("checkserver listens on loopback (127.x.x.x) only")
    with CheckServer(hosts, latency=args.latency) as server:
        print(server.port, flush=True)
        sys.stdin.read()


if __name__ == "__main__":
    main()
