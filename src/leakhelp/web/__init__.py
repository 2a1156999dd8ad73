"""The local web app behind ``leakhelp ui``: the same work as the CLI, in a browser.

It listens on 127.0.0.1 only, wants its one-time secret (then a session
cookie) on every request, checks the Host header and a CSRF token on every
form, and calls the library (:class:`leakhelp.api.Workspace`) for every rule.
Uploaded images are read into memory, fingerprinted and dropped.
"""

from __future__ import annotations

from .app import WebSettings, create_app
from .server import serve

__all__ = ["WebSettings", "create_app", "serve"]
