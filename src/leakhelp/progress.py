"""Progress reporting: the core calls an observer, the UI draws it.

Library code never prints. Long jobs take a ``progress=`` keyword with an
object following :class:`Progress`; the CLI passes one that draws a rich
progress bar, scripts and tests get :class:`NullProgress`.
"""

from __future__ import annotations

from typing import Protocol


class Progress(Protocol):
    def start(self, total: int | None, description: str) -> None: ...

    def advance(self, step: int = 1) -> None: ...

    def finish(self) -> None: ...


class NullProgress:
    """A progress observer that does nothing."""

    def start(self, total: int | None, description: str) -> None:
        return None

    def advance(self, step: int = 1) -> None:
        return None

    def finish(self) -> None:
        return None
