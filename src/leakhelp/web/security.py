"""The security frame around every request: Host, secret or session, headers, CSRF.

A browser on the same computer can be tricked into sending requests to
127.0.0.1 by any web page it shows (cross-site requests, DNS rebinding).
So every request must carry the secret printed at start-up, or the session
cookie it is exchanged for; its Host header must name this server; every
form carries a per-session CSRF token; and pages forbid framing, inline
script and referrers.
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import parse_qsl, urlencode

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

#: The session cookie's name ends in the port: cookies are shared by every
#: port of 127.0.0.1, and two leakhelp windows must not log each other out.
SESSION_COOKIE = "leakhelp_session_{port}"
SECRET_PARAM = "key"  # noqa: S105 (the name of the query parameter)

#: Pages may load only their own scripts, styles and images; no inline script,
#: no frames, no form posts elsewhere, nothing from outside.
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"content-security-policy", CSP.encode()),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-content-type-options", b"nosniff"),
    (b"cache-control", b"no-store"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
)


@dataclass(slots=True)
class Sessions:
    """The start-up secret and the sessions (with their CSRF tokens) it opened."""

    secret: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    _csrf: dict[str, str] = field(default_factory=dict)

    def open(self) -> str:
        session = secrets.token_urlsafe(32)
        self._csrf[session] = secrets.token_urlsafe(32)
        return session

    def valid(self, session: str | None) -> bool:
        return session is not None and session in self._csrf

    def csrf(self, session: str) -> str:
        return self._csrf[session]

    def csrf_ok(self, session: str, token: str | None) -> bool:
        return token is not None and hmac.compare_digest(self._csrf[session], token)

    def secret_ok(self, given: str | None) -> bool:
        return given is not None and hmac.compare_digest(self.secret, given)


def _cookie(headers: Headers, name: str) -> str | None:
    jar: SimpleCookie = SimpleCookie()
    try:
        jar.load(headers.get("cookie", ""))
    except Exception:  # a malformed cookie header is no session
        return None
    morsel = jar.get(name)
    return morsel.value if morsel is not None else None


async def _plain(send: Send, status: int, text: str, extra: list[tuple[bytes, bytes]] = []) -> None:  # noqa: B006
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"text/plain; charset=utf-8"),
                *SECURITY_HEADERS,
                *extra,
            ],
        }
    )
    await send({"type": "http.response.body", "body": text.encode()})


class Guard:
    """ASGI middleware: refuse what is not this user's browser, add the safety headers."""

    def __init__(
        self, app: ASGIApp, *, sessions: Sessions, hosts: frozenset[str], port: int
    ) -> None:
        self.app = app
        self.sessions = sessions
        self.hosts = hosts
        self.cookie = SESSION_COOKIE.format(port=port)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        if headers.get("host", "").lower() not in self.hosts:
            # Another name for this address: DNS rebinding, or a proxy.
            await _plain(send, 421, "This address is not served here.")
            return
        query = parse_qsl(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True)
        given = next((v for k, v in query if k == SECRET_PARAM), None)
        session = _cookie(headers, self.cookie)
        if given is not None and self.sessions.secret_ok(given) and scope["method"] == "GET":
            # Trade the secret for a cookie and take it out of the address bar.
            if not self.sessions.valid(session):
                session = self.sessions.open()
            rest = urlencode([(k, v) for k, v in query if k != SECRET_PARAM])
            target = scope["path"] + ("?" + rest if rest else "")
            cookie = f"{self.cookie}={session}; HttpOnly; SameSite=Strict; Path=/"
            await _plain(
                send,
                303,
                "",
                [(b"location", target.encode()), (b"set-cookie", cookie.encode())],
            )
            return
        if not self.sessions.valid(session):
            await _plain(
                send,
                401,
                "Open the address that `leakhelp ui` printed (with its key) to use this page.\n"
                "Open het adres dat `leakhelp ui` liet zien (met de sleutel) om deze pagina te gebruiken.",
            )
            return
        if scope["method"] not in ("GET", "HEAD") and not self._same_origin(headers):
            await _plain(send, 403, "Forms from other sites are refused.")
            return
        scope.setdefault("state", {})["session"] = session

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message = dict(message)
                message["headers"] = [*message.get("headers", []), *SECURITY_HEADERS]
            await send(message)

        await self.app(scope, receive, send_with_headers)

    def _same_origin(self, headers: Headers) -> bool:
        """No request from another site. Browsers say where a form came from in
        Sec-Fetch-Site; with ``Referrer-Policy: no-referrer`` their Origin is
        "null", so that counts only together with Sec-Fetch-Site: same-origin.
        (Clients that send neither still need the CSRF token.)"""
        site = headers.get("sec-fetch-site")
        if site is not None and site not in ("same-origin", "none"):
            return False
        origin = headers.get("origin")
        if origin is None:
            return True
        if origin == "null":
            return site == "same-origin"
        return origin.lower().removeprefix("http://") in self.hosts
