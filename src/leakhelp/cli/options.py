"""Options shared by several commands, declared once."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Annotated

import typer

from ..errors import UsageError
from ..paths import STDOUT as STDOUT  # what ``-o -`` names: the standard output

JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON lines (one object per line).")]
CaseOpt = Annotated[
    str | None, typer.Option("--case", help="Case id (or its name).", show_default=False)
]
CaseArg = Annotated[str, typer.Argument(help="Case id (or its name).", show_default=False)]
YesOpt = Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")]

#: Shortest and longest --timeout: below 0.1 s no site answers; above a day a
#: batch would never end (and "inf" or "nan" is no number of seconds at all).
MIN_TIMEOUT = 0.1
MAX_TIMEOUT = 86_400.0


def seconds_option(value: float) -> float:
    """--timeout: a real number of seconds within bounds, else one line (exit 2)."""
    if not (math.isfinite(value) and MIN_TIMEOUT <= value <= MAX_TIMEOUT):
        raise UsageError(
            "option.timeout-range",
            given=f"{value:g}",
            low=f"{MIN_TIMEOUT:g}",
            high=f"{MAX_TIMEOUT:g}",
        )
    return value


# The network options of `check` and of `scan` on web addresses.
TimeoutOpt = Annotated[
    float,
    typer.Option(
        "--timeout", callback=seconds_option, help="Seconds to wait for each web address."
    ),
]
#: Largest --max-video-mb: 20 GB of temporary disk space is already a lot.
MAX_VIDEO_MB = 20_000.0


def video_megabytes_option(value: float | None) -> float | None:
    """--max-video-mb: a real number of megabytes, 0 to MAX_VIDEO_MB."""
    if value is not None and not (math.isfinite(value) and 0 <= value <= MAX_VIDEO_MB):
        raise UsageError("option.video-mb-range", given=f"{value:g}", high=f"{MAX_VIDEO_MB:g}")
    return value


MaxVideoOpt = Annotated[
    float | None,
    typer.Option(
        "--max-video-mb",
        callback=video_megabytes_option,
        show_default=False,
        help="Largest video to download and compare, in MB (default 200). It is kept in a "
        "private temporary file while it is compared, then removed.",
    ),
]
AllowPrivateOpt = Annotated[
    bool,
    typer.Option(
        "--allow-private",
        help="Also visit addresses on this computer or a private network (normally refused).",
    ),
]


def output_file_option(value: Path | None) -> Path | None:
    """``-o -`` is the standard output, which is where the text goes without -o."""
    if value is not None and str(value) == STDOUT:
        return None
    return value


def folder_option(value: Path | None) -> Path | None:
    """A folder to write several files into: "-" (the standard output) is no folder."""
    if value is not None and str(value) == STDOUT:
        raise UsageError("option.folder-dash")
    return value
