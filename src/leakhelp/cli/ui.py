"""Everything the CLI shows: one place for consoles, JSON lines, tables and progress.

* ``--json``: one JSON object per line on stdout and nothing else there.
* Otherwise tables on stdout, talk and progress on stderr.
* Rich markup is off for everything, so user data such as a URL with
  ``[brackets]`` is printed as it is and never read as styling.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..i18n import t
from ..models import Lang
from ..progress import NullProgress, Progress

if TYPE_CHECKING:  # rich.progress is imported by the commands that show a bar (start-up)
    from rich.progress import Progress as RichProgressBar
    from rich.progress import TaskID


@dataclass
class UI:
    lang: Lang = "en"
    json_mode: bool = False
    debug: bool = False
    out: Console = field(
        default_factory=lambda: Console(
            file=sys.stdout, markup=False, highlight=False, emoji=False, soft_wrap=False
        )
    )
    err: Console = field(
        default_factory=lambda: Console(file=sys.stderr, markup=False, highlight=False, emoji=False)
    )

    # -- data ---------------------------------------------------------------
    def emit(self, obj: dict[str, object]) -> None:
        """One JSON line on stdout (only in --json mode)."""
        sys.stdout.write(json.dumps(obj, ensure_ascii=False, separators=(", ", ": ")) + "\n")
        sys.stdout.flush()

    def table(
        self, title: str | None, columns: Sequence[str], rows: Sequence[Sequence[object]]
    ) -> None:
        table = Table(title=title, title_justify="left", show_lines=False)
        for col in columns:
            table.add_column(col, overflow="fold")
        for row in rows:
            table.add_row(*(Text("" if v is None else str(v)) for v in row))
        self.out.print(table)

    # -- talk (stderr) ------------------------------------------------------
    def say(self, text: str, *, style: str | None = None) -> None:
        if not self.json_mode:
            self.err.print(Text(text, style=style or ""))

    def msg(self, key: str, *, style: str | None = None, **values: object) -> None:
        self.say(t(key, self.lang, **values), style=style)

    def warn(self, text: str) -> None:
        """Warnings go to stderr even in --json mode."""
        self.err.print(Text(text, style="yellow"))

    def error(self, text: str) -> None:
        self.err.print(Text(f"{t('error.prefix', self.lang)}: {text}", style="bold red"))

    def footer(self) -> None:
        """Where to get help: shown at the end of every step a person takes."""
        self.msg("help.footer", style="cyan")

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
            yield _RichProgress(bar)


class _RichProgress:
    def __init__(self, bar: RichProgressBar) -> None:
        self._bar = bar
        self._task: TaskID | None = None

    def start(self, total: int | None, description: str) -> None:
        self._task = self._bar.add_task(description, total=total)

    def advance(self, step: int = 1) -> None:
        if self._task is not None:
            self._bar.advance(self._task, step)

    def finish(self) -> None:
        if self._task is not None:
            self._bar.update(self._task, visible=False)
