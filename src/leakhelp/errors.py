"""The one exception tree of leakhelp.

Every error the library raises is a :class:`LeakhelpError`. Each class knows
the exit code the command line turns it into (see CONTRACT.md):

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

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .models import Lang


class LeakhelpError(Exception):
    """Base class: something leakhelp could not do."""

    exit_code = 3

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

        return t(self.key, lang, **self.values)


class InputError(LeakhelpError):
    """One input (a file, a URL, a field) could not be used."""

    exit_code = 1


class ImageError(InputError):
    """An image file could not be decoded safely."""


class NotAnImageError(ImageError):
    """The file is not an image leakhelp can read."""


class ImageTooLargeError(ImageError):
    """The image has more pixels than the decompression-bomb limit allows."""


class UsageError(LeakhelpError):
    """The command was called with options that do not fit together."""

    exit_code = 2


class StoreError(LeakhelpError):
    """The case store could not be opened, read or written."""

    exit_code = 3


class CaseNotFoundError(StoreError):
    """No case has that id or name."""


class ExportFormatError(InputError):
    """A fingerprint file is not a valid leakhelp export."""


class RegistryError(LeakhelpError):
    """The platform registry (platforms.yaml) is broken."""

    exit_code = 3


class TemplateError(LeakhelpError):
    """A letter template is broken or unknown."""

    exit_code = 3


class MissingFieldsError(InputError):
    """A letter cannot be written because required fields are missing."""

    def __init__(self, fields: list[str], message: str | None = None) -> None:
        self.fields = list(fields)
        if message:
            super().__init__(message)
        else:
            super().__init__("error.missing-fields", fields=", ".join(self.fields))


class CheckError(InputError):
    """A URL could not be checked."""


class InvalidURLError(InputError):
    """A text is not a web address leakhelp can track (http or https)."""


class SightingNotFoundError(StoreError):
    """No sighting has that id."""


class RequestNotFoundError(StoreError):
    """No removal request has that id."""


class ConfigError(LeakhelpError):
    """The user's settings file (config.toml in the leakhelp home) is broken."""

    exit_code = 2


class UnknownPlatformError(UsageError):
    """No platform in the registry has that id, name or alias."""


class UnknownBasisError(UsageError):
    """A letter was asked for a legal basis that leakhelp does not know."""


class HeaderInjectionError(InputError):
    """A value meant for an e-mail header contains a line break or control character."""


class NoFingerprintsError(LeakhelpError):
    """There is nothing to compare candidates with: an empty case, or an unusable
    fingerprint file given to ``scan``."""

    exit_code = 3


class OfflineError(LeakhelpError):
    """Not one web address could be looked up by name: this computer seems offline."""

    exit_code = 3


class UnknownLanguageError(UsageError):
    """A language leakhelp does not speak was asked for (--lang or LEAKHELP_LANG)."""
