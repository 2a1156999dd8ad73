"""The Starlette application: settings, page rendering, and the form guard."""

from __future__ import annotations

import os
import re
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from jinja2 import PackageLoader, select_autoescape
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

from ..api import Workspace
from ..errors import (
    CaseNotFoundError,
    LeakhelpError,
    RequestNotFoundError,
    SightingNotFoundError,
)
from ..i18n import reason, t
from ..models import LANGS, Lang
from ..tracking import basis_label, readable_time
from .forms import BadForm, Form, FormTooLarge, NoToken, read_form
from .jobs import Jobs
from .security import Guard, Sessions

LANG_COOKIE = "leakhelp_lang"
COUNTRY_COOKIE = "leakhelp_country"


@dataclass(slots=True)
class WebSettings:
    """How this server runs: its data folder, port, default language, network rule."""

    home: str | os.PathLike[str] | None = None
    port: int = 0
    lang: Lang = "en"
    allow_private: bool = False
    sessions: Sessions = field(default_factory=Sessions)
    jobs: Jobs = field(default_factory=Jobs)

    @property
    def address(self) -> str:
        """The address to open: with the secret, which the first visit trades for a cookie."""
        return f"http://127.0.0.1:{self.port}/?key={self.sessions.secret}"

    @contextmanager
    def workspace(self) -> Iterator[Workspace]:
        with Workspace(self.home) as ws:
            yield ws


#: Control characters (terminal escapes, NUL, C1) and bidirectional overrides:
#: from an export, a web page or a form they could hide or reorder what is
#: shown (an address that reads backwards). Shown as U+FFFD, so nothing is
#: silently changed. One character class: no backtracking.
_HIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _shown(value: object) -> object:
    """Every value a template prints passes here before it is escaped."""
    if isinstance(value, str) and not isinstance(value, Markup):
        return _HIDDEN.sub("\ufffd", value)
    return value


_env = SandboxedEnvironment(
    loader=PackageLoader("leakhelp.web", "templates"),
    autoescape=select_autoescape(default=True, default_for_string=True),
    trim_blocks=True,
    lstrip_blocks=True,
    finalize=_shown,
)


def _is_weblink(value: object) -> bool:
    """Only http(s) addresses become links (a registry entry could say javascript:)."""
    return isinstance(value, str) and value.lower().startswith(("https://", "http://"))


_env.tests["weblink"] = _is_weblink


def settings_of(request: Request) -> WebSettings:
    settings: WebSettings = request.app.state.settings
    return settings


def lang_of(request: Request) -> Lang:
    for candidate in (request.query_params.get("lang"), request.cookies.get(LANG_COOKIE)):
        if candidate in LANGS:
            return candidate
    return settings_of(request).lang


def render(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    """A page in the reader's language; every value is escaped by the template engine."""
    lang = lang_of(request)
    settings = settings_of(request)
    session = request.scope["state"]["session"]

    def say(key: str, **values: object) -> str:
        return t("web." + key, lang, **values)

    other = "en" if lang == "nl" else "nl"
    query = {k: v for k, v in request.query_params.items() if k != "lang"}
    query["lang"] = other
    from urllib.parse import urlencode

    html = _env.get_template(template).render(
        _=say,
        t=lambda key, **values: t(key, lang, **values),
        reason=lambda text: reason(text, lang),
        lang=lang,
        other_lang=other,
        switch_url=request.url.path + "?" + urlencode(query),
        csrf=settings.sessions.csrf(session),
        country=request.cookies.get(COUNTRY_COOKIE, ""),
        path=request.url.path,
        basis=lambda key: basis_label(key, lang),
        when=lambda stamp: readable_time(stamp, lang),
        **context,
    )
    response = HTMLResponse(html, status_code=status)
    if request.query_params.get("lang") in LANGS:
        response.set_cookie(LANG_COOKIE, lang, httponly=True, samesite="strict")
    return response


Handler = Callable[[Request], Awaitable[Response]]
FormHandler = Callable[[Request, Form], Awaitable[Response]]


def post(path: str, handler: FormHandler, *, uploads: bool = False) -> Route:
    """A POST route whose form is read in memory and must carry this session's CSRF token.

    Every form goes through here: there is no other way to register a POST.
    """

    async def endpoint(request: Request) -> Response:
        sessions = settings_of(request).sessions
        session = request.scope["state"]["session"]

        def token_ok(token: str | None) -> bool:
            return sessions.csrf_ok(session, token)

        try:
            form = await read_form(request, uploads=uploads, token_ok=token_ok)
        except NoToken:
            return _problem(request, 403, "csrf")
        except FormTooLarge:
            return _problem(request, 413, "too-large-upload" if uploads else "too-large")
        except BadForm:
            return _problem(request, 400, "bad-form")
        if not token_ok(form.get("csrf") or None):
            return _problem(request, 403, "csrf")
        return await handler(request, form)

    return Route(path, endpoint, methods=["POST"])


class Problem(Exception):
    """A request this app cannot do, said in the reader's language (``web.problem.KEY``)."""

    def __init__(self, key: str, status: int = 400) -> None:
        super().__init__(key)
        self.key = key
        self.status = status


def _problem(request: Request, status: int, key: str) -> Response:
    return render(
        request, "problem.html", status=status, message=t("web.problem." + key, lang_of(request))
    )


async def _on_error(request: Request, exc: Exception) -> Response:
    if isinstance(exc, Problem):
        return _problem(request, exc.status, exc.key)
    if isinstance(exc, CaseNotFoundError):
        return _problem(request, 404, "no-case")
    if isinstance(exc, RequestNotFoundError):
        return _problem(request, 404, "no-request")
    if isinstance(exc, SightingNotFoundError):
        return _problem(request, 404, "no-sighting")
    if isinstance(exc, LeakhelpError):
        return render(
            request, "problem.html", status=400, message=reason(str(exc), lang_of(request))
        )
    raise exc


def see(url: str) -> RedirectResponse:
    """After a form: go to the page that shows its result (a reload does not post again)."""
    return RedirectResponse(url, status_code=303)


def create_app(settings: WebSettings) -> Guard:
    """The whole app, behind its guard. ``settings.port`` must be the real port."""
    from . import pages

    routes: list[BaseRoute] = [
        *pages.routes(),
        Mount("/static", StaticFiles(packages=[("leakhelp.web", "static")]), name="static"),
    ]
    app = Starlette(
        routes=routes, exception_handlers={LeakhelpError: _on_error, Problem: _on_error}
    )
    app.state.settings = settings
    hosts = frozenset({f"127.0.0.1:{settings.port}", f"localhost:{settings.port}"})
    return Guard(app, sessions=settings.sessions, hosts=hosts, port=settings.port)


__all__ = ["PlainTextResponse", "WebSettings", "create_app", "post", "render", "see"]
