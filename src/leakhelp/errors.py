"""The one exception tree of leakhelp.

Every error the library raises is a :class:`LeakhelpError`. Each class knows
the exit code the command line turns it into (:class:`ExitCode`; README.md lists them):

* 1 — an input failed (the others were still done),
* 2 — the command was used wrongly,
* 3 — nothing could be done (unknown case, unreadable store, ...).

Messages are one line, written for the person using the tool: what went wrong
and, where it helps, what to do next. They never contain image data.

An error carries a message key and its values
(``CaseNotFoundError("case.not-found", ref="c-1a2b", hint="")``): ``str(error)``
is the English text (for logs and JSON lines), :meth:`LeakhelpError.text`
gives it in the reader's language. An error raised with plain text instead of
a key is shown as it is.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable

    from .models import Lang


class ExitCode(IntEnum):
    """The exit codes of every command (the same for all; README.md, "A short tour")."""

    OK = 0
    #: Some inputs failed; each was reported, the others were still done.
    INPUT_FAILED = 1
    #: The command was used wrongly.
    USAGE = 2
    #: Nothing could be done (unknown case, unreadable store, nothing to do).
    NOTHING_DONE = 3
    #: Interrupted with Ctrl-C.
    INTERRUPTED = 130


def batch_exit(failed: int, total: int) -> ExitCode:
    """The one rule for commands that handle many inputs (files, URLs, ids).

    Nothing to handle is "nothing could be done"; any input that failed makes
    it 1, also when every input failed (each was reported on its own line,
    and the batch still went through all of them); else 0.
    """
    if total == 0:
        return ExitCode.NOTHING_DONE
    return ExitCode.INPUT_FAILED if failed else ExitCode.OK


@dataclass(frozen=True, slots=True)
class Message:
    """A message key and its values, to be put in the reader's language later.

    Given as a value of an error (``problem=Message("export.problem.hex", digits=64)``)
    it is translated with the error: one error text can hold another.
    """

    key: str
    values: dict[str, object]

    def __init__(self, key: str, /, **values: object) -> None:
        object.__setattr__(self, "key", key)
        object.__setattr__(self, "values", values)

    def text(self, lang: Lang) -> str:
        from .i18n import t

        return t(self.key, lang, **_shown(self.values, lang))


def _shown(values: dict[str, object], lang: Lang) -> dict[str, object]:
    return {k: v.text(lang) if isinstance(v, Message) else v for k, v in values.items()}


class MessageList(Message):
    """Several messages (or plain texts) shown as one value, joined with "; ":
    every problem found in one file, in the reader's language."""

    __slots__ = ("items",)
    items: tuple[Message | str, ...]

    def __init__(self, items: Iterable[Message | str], /) -> None:
        Message.__init__(self, "")
        object.__setattr__(self, "items", tuple(items))

    def text(self, lang: Lang) -> str:
        return "; ".join(i if isinstance(i, str) else i.text(lang) for i in self.items)


class LeakhelpError(Exception):
    """Base class: something leakhelp could not do."""

    exit_code: int = ExitCode.NOTHING_DONE

    def __init__(self, message: str = "", /, **values: object) -> None:
        self.key: str | None = None
        self.values: dict[str, object] = dict(values)
        from .i18n import has

        if message and has(message):
            self.key = message
            message = self.text("en")
        super().__init__(message)

    def text(self, lang: Lang) -> str:
        """The message in ``lang`` (as raised when the error carries no key)."""
        if self.key is None:
            return str(self)
        from .i18n import t

        return t(self.key, lang, **_shown(self.values, lang))


class InputError(LeakhelpError):
    """One input (a file, a URL, a field) could not be used."""

    exit_code = ExitCode.INPUT_FAILED


class ImageError(InputError):
    """An image file could not be decoded safely."""


class NotAnImageError(ImageError):
    """The file is not an image leakhelp can read."""


class ImageTooLargeError(ImageError):
    """The image has more pixels than the decompression-bomb limit allows."""


class UsageError(LeakhelpError):
    """The command was called with options that do not fit together."""

    exit_code = ExitCode.USAGE


class StoreError(LeakhelpError):
    """The case store could not be opened, read or written."""

    exit_code = ExitCode.NOTHING_DONE


class WipeIncompleteError(StoreError):
    """Deleted data could not yet be overwritten on disk (another program is
    reading the store); the message says what to do."""


class CaseNotFoundError(StoreError):
    """No case has that id or name."""

    def __init__(self, message: str = "", /, **values: object) -> None:
        from .paths import shell_command  # with this run's --home: it works when pasted

        values.setdefault("command", shell_command("cases"))
        super().__init__(message, **values)


class ExportFormatError(InputError):
    """A fingerprint file is not a valid leakhelp export."""


class OutputError(LeakhelpError):
    """A file leakhelp was asked to write (report, export, letter) could not be
    written: a missing folder, a full disk, no permission. Nothing was written."""

    exit_code = ExitCode.NOTHING_DONE


class RegistryError(LeakhelpError):
    """The platform registry (platforms.yaml) is broken."""

    exit_code = ExitCode.NOTHING_DONE


class TemplateError(LeakhelpError):
    """A letter template is broken or unknown."""

    exit_code = ExitCode.NOTHING_DONE


class MissingFieldsError(InputError):
    """A letter cannot be written because required fields are missing."""

    def __init__(self, fields: list[str], message: str | None = None) -> None:
        self.fields = list(fields)
        # ``message``: another key with a {fields} blank, or plain text shown as it is.
        super().__init__(message or "error.missing-fields", fields=", ".join(self.fields))


class InvalidURLError(InputError):
    """A text is not a web address leakhelp can track (http or https)."""


class SightingNotFoundError(StoreError):
    """No sighting has that id."""


class RequestNotFoundError(StoreError):
    """No removal request has that id."""

    def __init__(self, message: str = "", /, **values: object) -> None:
        from .paths import shell_command  # with this run's --home: it works when pasted

        values.setdefault("command", shell_command("request", "list"))
        super().__init__(message, **values)


class ConfigError(LeakhelpError):
    """The user's settings file (config.toml in the leakhelp home) is broken."""

    exit_code = ExitCode.USAGE


class UnknownPlatformError(UsageError):
    """No platform in the registry has that id, name or alias."""

    def __init__(self, message: str = "", /, **values: object) -> None:
        from .paths import shell_command  # with this run's --home (its own platforms.yaml)

        values.setdefault("command", shell_command("platforms", "list"))
        super().__init__(message, **values)


class UnknownBasisError(UsageError):
    """A letter was asked for a legal basis that leakhelp does not know."""


class HeaderInjectionError(InputError):
    """A value meant for an e-mail header contains a line break or control character."""


class NoFingerprintsError(LeakhelpError):
    """There is nothing to compare candidates with: an empty case, or an unusable
    fingerprint file given to ``scan``."""

    exit_code = ExitCode.NOTHING_DONE


class OfflineError(LeakhelpError):
    """Not one web address could be looked up by name: this computer seems offline."""

    exit_code = ExitCode.NOTHING_DONE


class UnknownLanguageError(UsageError):
    """A language leakhelp does not speak was asked for (--lang or LEAKHELP_LANG)."""
