"""Start the web app on this computer only, and show the person where it is."""

from __future__ import annotations

import ipaddress
import socket
import webbrowser
from collections.abc import Callable

import uvicorn

from .app import WebSettings, create_app

#: The only address served: this computer. Other devices on the network
#: (a shared Wi-Fi, a school network) cannot reach it.
LOOPBACK = "127.0.0.1"


def bind(port: int, host: str = LOOPBACK) -> socket.socket:
    """A listening socket on the loopback address (port 0: a free one). Any
    other address is refused: the app must never be reachable from the network."""
    if not ipaddress.ip_address(host).is_loopback:
        raise ValueError(f"leakhelp ui only listens on this computer, not on {host}")
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(64)
    except OSError:
        sock.close()
        raise
    return sock


def serve(
    settings: WebSettings,
    *,
    open_browser: bool = True,
    announce: Callable[[str], None] = print,
) -> None:
    """Serve until interrupted; ``announce`` gets the address with its secret."""
    sock = bind(settings.port)
    settings.port = sock.getsockname()[1]
    config = uvicorn.Config(
        create_app(settings),
        log_level="warning",
        access_log=False,  # addresses carry the secret once: keep them out of logs
        server_header=False,
        lifespan="off",
    )
    server = uvicorn.Server(config)
    announce(settings.address)
    if open_browser:
        webbrowser.open(settings.address)
    server.run(sockets=[sock])
