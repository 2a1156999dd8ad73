"""Plain ``--help``: names in capitals instead of Python types, and whole sentences.

typer 0.29 shows a value's Python type (``--url <list[str]>``, ``{paths}...``)
and cuts command descriptions to fit a column ("Look for copies of your
images (mirrored, rescaled, cropped,..."). Someone frightened reading the
help should see ``--url URL`` and a whole first sentence. typer has no
setting for either, so :func:`install` replaces the methods that draw
them (and the "[x>=0.1]" range formulas); each replacement is small and
only changes what is shown.
"""

from __future__ import annotations

from typing import Any

from typer import core

#: The word shown for a value, by parameter name; any other is its name in capitals.
METAVARS: dict[str, str] = {
    "urls": "URL",
    "url": "URL",
    "paths": "PATH",
    "from_files": "FILE",
    "from_file": "FILE",
    "urls_from": "FILE",
    "output": "FILE",
    "out": "FOLDER",
    "home": "FOLDER",
    "file": "FILE",
    "fingerprints": "FILE",
    "timeout": "SECONDS",
    "days": "DAYS",
    "workers": "NUMBER",
    "concurrency": "NUMBER",
    "per_host": "NUMBER",
    "case": "CASE",
    "ids": "ID",
    "request_id": "ID",
    "fingerprint": "NUMBER",
    "lang": "nl|en",
    "fmt": "FORMAT",
    "at": "TIME",
    "seen_at": "TIME",
    "until": "DATE",
}


def metavar(param: Any) -> str:
    """What a value is called in help: ``URL``, ``CASE``, ``FILE``..."""
    if getattr(param, "metavar", None):
        return str(param.metavar)
    name = str(getattr(param, "name", None) or "value")
    return METAVARS.get(name, name.upper().replace("_", "-"))


def _option_type(self: Any, ctx: Any) -> str:
    return metavar(self)


def _argument_name(self: Any) -> str:
    name = metavar(self)
    return f"{name}..." if self.nargs != 1 else name


def _argument_usage(self: Any) -> str:
    name = _argument_name(self)
    return name if self.required else f"[{name}]"


def _whole_sentences(self: Any, ctx: Any, formatter: Any) -> None:
    rows = []
    for name in self.list_commands(ctx):
        command = self.get_command(ctx, name)
        if command is not None and not command.hidden:
            rows.append((name, command.get_short_help_str(limit=10_000)))
    if rows:
        with formatter.section("Commands"):
            formatter.write_dl(rows)


def install() -> None:
    """Use plain names and whole sentences in every ``--help`` of this process."""
    core.TyperOption.display_type_rich = _option_type  # type: ignore[method-assign]
    # "[x>=0.1]" is a formula, not help; the option's own help says what fits.
    core.TyperOption._get_number_range_help_str = lambda self: None  # type: ignore[method-assign]
    core.TyperArgument.display_type_rich = lambda self, ctx: None  # type: ignore[method-assign]
    core.TyperArgument._rich_display_name = _argument_name  # type: ignore[method-assign]
    core.TyperArgument._usage_display_name = _argument_usage  # type: ignore[method-assign]
    core.TyperGroup.format_commands = _whole_sentences  # type: ignore[method-assign]
