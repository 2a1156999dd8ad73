"""``leakhelp ui``: the same work in a browser, on this computer only."""

from __future__ import annotations

from typing import Annotated

import typer

from ..i18n import t
from .options import AllowPrivateOpt
from .state import get_state


def ui_command(
    ctx: typer.Context,
    port: Annotated[
        int,
        typer.Option("--port", min=0, max=65535, help="Port on 127.0.0.1 (default: a free one)."),
    ] = 0,
    no_browser: Annotated[
        bool, typer.Option("--no-browser", help="Only print the address; do not open a browser.")
    ] = False,
    allow_private: AllowPrivateOpt = False,
) -> int:
    """Open leakhelp in your web browser: everything stays on this computer.

    The address it prints holds a one-time key; only this computer can reach it.
    Stop it with Ctrl+C.
    """
    from ..web import WebSettings, serve

    state = get_state(ctx)
    settings = WebSettings(home=state.home, port=port, lang=state.lang, allow_private=allow_private)

    def announce(address: str) -> None:
        typer.echo(t("web.cli.address", state.lang), err=True)
        typer.echo(address)
        typer.echo(t("web.cli.stop", state.lang), err=True)

    try:
        serve(settings, open_browser=not no_browser, announce=announce)
    except OSError as exc:
        typer.echo(t("web.cli.port", state.lang, port=port, error=exc.strerror), err=True)
        return 3
    except KeyboardInterrupt:
        pass
    return 0
