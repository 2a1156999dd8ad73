"""Everything the CLI shows: one place for consoles, JSON lines, tables and progress.

* ``--json``: one JSON object per line on stdout and nothing else there.
* Otherwise tables on stdout, talk and progress on stderr.
* Rich markup is off for everything, so user data such as a URL with
  ``[brackets]`` is printed as it is and never read as styling.
* Nothing reaches the terminal unescaped: both consoles pass every string
  through :func:`printable`, so a file name, or a case name, ref or label
  from someone else's export, cannot clear the screen, hide text, move the
  cursor, fake a link (ESC / OSC / C1 controls) or reverse text (bidi
  overrides). Table cells, message values and errors are also kept on one
  line, so they cannot fake a row or a result either.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.text import Text

from ..i18n import t, text_or
from ..models import Lang
from ..paths import shell_command
from ..progress import NullProgress, Progress

if TYPE_CHECKING:  # rich.progress is imported by the commands that show a bar (start-up)
    from rich.progress import Progress as RichProgressBar
    from rich.progress import TaskID
#: Characters a terminal may act on instead of showing: C0 controls, DEL, C1
#: controls (0x9b is a one-byte CSI on some terminals), the bidi embeddings,
#: overrides and isolates, the Unicode line and paragraph separators, and
#: lone surrogates (undecodable bytes of a file name, which would crash the
#: write). One character class: linear, no backtracking.
_UNSAFE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]"
)
_UNSAFE_KEEP_LINES = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]"
)
#: What JSON output escapes beyond what ``json.dumps`` already does (it
#: escapes C0 only): the same characters, as ``\\uXXXX``, so the value a
#: parser reads is unchanged.
_UNSAFE_IN_JSON = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str, *, keep_lines: bool = False) -> str:
    """``text`` with every character a terminal could act on shown escaped.

    ``"\\x1b[2J"`` comes out as the eight characters ``\\x1b[2J``; a
    right-to-left override as ``\\u202e``. With ``keep_lines`` new lines and
    tabs stay (a letter, a list); without, the text stays on one line.
    """
    pattern = _UNSAFE_KEEP_LINES if keep_lines else _UNSAFE
    return pattern.sub(_escape, text)


def _json_escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def json_line(obj: object) -> str:
    """One JSON document on one line, safe to show on a terminal."""
    text = json.dumps(obj, ensure_ascii=False, separators=(", ", ": "))
    return _UNSAFE_IN_JSON.sub(_json_escape, text)


class SafeConsole(Console):
    """A rich Console that escapes control characters in what it prints.

    Applied here, to every ``print``, so no command can forget it.
    """

    def print(self, *objects: Any, **kwargs: Any) -> None:
        safe = [_safe(obj) for obj in objects]
        if any(_COMMAND in _plain(obj) for obj in safe):
            # A line with a command to paste is never broken by the console: a
            # line break copied with it would run half a command. The terminal
            # wraps it for the eye, and copies it as one line.
            kwargs.setdefault("soft_wrap", True)
        super().print(*safe, **kwargs)


#: How a command to paste starts (the program's name is lowercase only there).
_COMMAND = "leakhelp "


def _plain(obj: object) -> str:
    return obj if isinstance(obj, str) else obj.plain if isinstance(obj, Text) else ""


def _safe(obj: object) -> object:
    if isinstance(obj, str):
        return printable(obj, keep_lines=True)
    if isinstance(obj, Text):
        plain = printable(obj.plain, keep_lines=True)
        return obj if plain == obj.plain else Text(plain, style=obj.style)
    return obj


@dataclass
class UI:
    lang: Lang = "en"
    json_mode: bool = False
    debug: bool = False
    out: Console = field(
        default_factory=lambda: SafeConsole(
            file=sys.stdout, markup=False, highlight=False, emoji=False, soft_wrap=False
        )
    )
    err: Console = field(
        default_factory=lambda: SafeConsole(
            file=sys.stderr, markup=False, highlight=False, emoji=False
        )
    )

    footer_shown: bool = False

    # -- data ---------------------------------------------------------------
    def emit(self, obj: dict[str, object]) -> None:
        """One JSON line on stdout (only in --json mode)."""
        sys.stdout.write(json_line(obj) + "\n")
        sys.stdout.flush()

    def table(
        self, title: str | None, columns: Sequence[str], rows: Sequence[Sequence[object]]
    ) -> None:
        from rich.table import Table  # with fractions and decimal: not for --help or messages

        table = Table(
            title=printable(title) if title else None, title_justify="left", show_lines=False
        )
        for col in columns:
            table.add_column(printable(col), overflow="fold")
        for row in rows:
            table.add_row(*(Text("" if v is None else printable(str(v))) for v in row))
        self.out.print(table)

    # -- talk (stderr) ------------------------------------------------------
    def say(self, text: str, *, style: str | None = None) -> None:
        if not self.json_mode:
            self.err.print(Text(text, style=style or ""))

    def msg(self, key: str, *, style: str | None = None, **values: object) -> None:
        """A catalogue message; its values (names, paths, URLs) stay on one line."""
        safe = {k: printable(v) if isinstance(v, str) else v for k, v in values.items()}
        self.say(t(key, self.lang, **safe), style=style)

    def document(self, text: str, *, is_json: bool = False) -> None:
        """A whole document (letter, report) on stdout, control characters escaped.

        A JSON document is escaped the JSON way, so it parses to the same value.
        """
        safe = _UNSAFE_IN_JSON.sub(_json_escape, text) if is_json else None
        sys.stdout.write(safe if safe is not None else printable(text, keep_lines=True))
        sys.stdout.flush()

    def warn(self, text: str) -> None:
        """Warnings go to stderr even in --json mode."""
        self.err.print(Text(text, style="yellow"))

    def error(self, text: str) -> None:
        """An error: one line, whatever file name or value it quotes."""
        line = f"{t('error.prefix', self.lang)}: {printable(text)}"
        # soft_wrap: never broken into lines by the console width (a script
        # reading stderr, or a narrow terminal, still gets one line).
        self.err.print(Text(line, style="bold red"), soft_wrap=True)

    def footer(self) -> None:
        """Where to get help: at the end of a step a person takes, once per command,
        never in --json output (the CLI prints it; letters and forms never carry it)."""
        if self.json_mode or self.footer_shown:
            return
        self.footer_shown = True
        self.msg("help.footer", style="cyan", command=shell_command("support"))

    # -- progress -----------------------------------------------------------
    @contextmanager
    def progress(self) -> Iterator[Progress]:
        if self.json_mode or not self.err.is_terminal:
            yield NullProgress()
            return
        from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeRemainingColumn
        from rich.progress import Progress as RichProgressBar

        bar = RichProgressBar(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            console=self.err,
            transient=True,
        )
        with bar:
            yield _RichProgress(bar, self.lang)


class _RichProgress:
    def __init__(self, bar: RichProgressBar, lang: Lang = "en") -> None:
        self._bar = bar
        self._lang = lang
        self._task: TaskID | None = None

    def start(self, total: int | None, description: str) -> None:
        # The library names its stage ("fingerprinting"); the reader sees it in their language.
        shown = text_or(f"progress.{description}", self._lang, description)
        self._task = self._bar.add_task(shown, total=total)

    def advance(self, step: int = 1) -> None:
        if self._task is not None:
            self._bar.advance(self._task, step)

    def finish(self) -> None:
        if self._task is not None:
            self._bar.update(self._task, visible=False)
