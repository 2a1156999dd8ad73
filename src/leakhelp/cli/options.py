"""Options shared by several commands, declared once."""

from __future__ import annotations

from typing import Annotated

import typer

JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON lines (one object per line).")]
CaseOpt = Annotated[
    str | None, typer.Option("--case", help="Case id (or its name).", show_default=False)
]
CaseArg = Annotated[str, typer.Argument(help="Case id (or its name).", show_default=False)]
YesOpt = Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")]

# The network options of `check` and of `scan` on web addresses.
TimeoutOpt = Annotated[
    float,
    typer.Option("--timeout", min=0.1, help="Seconds to wait for each web address."),
]
AllowPrivateOpt = Annotated[
    bool,
    typer.Option(
        "--allow-private",
        help="Also visit addresses on this computer or a private network (normally refused).",
    ),
]
