"""Reading forms in memory, with limits: uploaded images never touch the disk.

Starlette's own form parser spools uploads above 1 MB to a temporary file;
a victim's photo must not land on disk even for a moment, so uploads are
read here into memory, with limits on the size of each file, their number
and the whole request. File names are not kept: they are never shown back.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import parse_qsl

from python_multipart.multipart import MultipartParser, parse_options_header
from starlette.requests import Request

#: One photo from a phone is 2-12 MB; a RAW-sized PNG can reach 40 MB.
MAX_FILE_BYTES = 50 * 1024 * 1024
#: Files in one upload: a folder of a few hundred photos, sent in one go.
MAX_FILES = 500
#: The whole request: enough for hundreds of phone photos, bounded for memory.
MAX_UPLOAD_BYTES = 600 * 1024 * 1024
#: A form without files (text fields only).
MAX_FORM_BYTES = 1024 * 1024
MAX_FIELDS = 200


class FormTooLarge(Exception):
    """The request breaks one of the limits (answered with 413)."""


class BadForm(Exception):
    """The request is not a form this server reads (answered with 400)."""


class NoToken(Exception):
    """Files came before a valid CSRF token (answered with 403, before reading them)."""


@dataclass(slots=True)
class Form:
    """Text fields by name (every value), and uploaded files' bytes by field name."""

    fields: dict[str, list[str]] = field(default_factory=dict)
    files: dict[str, list[bytes]] = field(default_factory=dict)

    def get(self, name: str, default: str = "") -> str:
        values = self.fields.get(name)
        return values[0] if values else default

    def all(self, name: str) -> list[str]:
        return self.fields.get(name, [])


class _Collector:
    """Callbacks for the streaming multipart parser; everything stays in memory."""

    def __init__(
        self,
        form: Form,
        *,
        files: bool = True,
        token_ok: Callable[[str | None], bool] | None = None,
    ) -> None:
        self.form = form
        self.files = files
        self.token_ok = token_ok
        self.header_field = b""
        self.header_value = b""
        self.name = ""
        self.is_file = False
        self.chunks: list[bytes] = []
        self.size = 0
        self.count = 0

    def on_part_begin(self) -> None:
        self.name, self.is_file, self.chunks, self.size = "", False, [], 0

    def on_header_field(self, data: bytes, start: int, end: int) -> None:
        self.header_field += data[start:end]

    def on_header_value(self, data: bytes, start: int, end: int) -> None:
        self.header_value += data[start:end]

    def on_header_end(self) -> None:
        if self.header_field.lower() == b"content-disposition":
            _kind, options = parse_options_header(self.header_value)
            self.name = options.get(b"name", b"").decode("utf-8", "replace")
            self.is_file = b"filename" in options
            if self.is_file and not self.files:
                raise BadForm("files are not taken here")
            if (
                self.is_file
                and self.token_ok is not None
                and not self.token_ok(self.form.get("csrf"))
            ):
                # The token field comes first in every form: a forged upload
                # is refused before a byte of its files is read.
                raise NoToken
        self.header_field, self.header_value = b"", b""

    def on_part_data(self, data: bytes, start: int, end: int) -> None:
        self.size += end - start
        limit = MAX_FILE_BYTES if self.is_file else MAX_FORM_BYTES
        if self.size > limit:
            raise FormTooLarge("a file is too large")
        self.chunks.append(data[start:end])

    def on_part_end(self) -> None:
        data = b"".join(self.chunks)
        self.chunks = []
        if self.is_file:
            if not data:  # an empty file input sends an empty part
                return
            self.count += 1
            if self.count > MAX_FILES:
                raise FormTooLarge("too many files")
            self.form.files.setdefault(self.name, []).append(data)
        else:
            values = self.form.fields.setdefault(self.name, [])
            if sum(len(v) for v in self.form.fields.values()) >= MAX_FIELDS:
                raise FormTooLarge("too many fields")
            values.append(data.decode("utf-8", "replace"))


async def read_form(
    request: Request,
    *,
    uploads: bool = False,
    token_ok: Callable[[str | None], bool] | None = None,
) -> Form:
    """The request's form, read in memory within the limits (files only when
    ``uploads``, and only after a field ``csrf`` that ``token_ok`` accepts)."""
    ctype, options = parse_options_header(request.headers.get("content-type", ""))
    limit = MAX_UPLOAD_BYTES if uploads else MAX_FORM_BYTES
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise FormTooLarge("the request is too large")
    form = Form()
    if ctype == b"multipart/form-data":
        boundary = options.get(b"boundary")
        if not boundary:
            raise BadForm("no boundary")
        collector = _Collector(form, files=uploads, token_ok=token_ok)
        parser = MultipartParser(boundary, _callbacks(collector))  # type: ignore[arg-type]
        total = 0
        async for chunk in request.stream():
            total += len(chunk)
            if total > limit:
                raise FormTooLarge("the request is too large")
            try:
                parser.write(chunk)
            except (FormTooLarge, BadForm, NoToken):
                raise
            except Exception as exc:  # the parser's own errors: a broken form
                raise BadForm(str(exc)) from None
        parser.finalize()
        return form
    if ctype in (b"application/x-www-form-urlencoded", b""):
        body = b""
        async for chunk in request.stream():
            body += chunk
            if len(body) > limit:
                raise FormTooLarge("the request is too large")
        pairs = parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True)
        if len(pairs) > MAX_FIELDS:
            raise FormTooLarge("too many fields")
        for key, value in pairs:
            form.fields.setdefault(key, []).append(value)
        return form
    raise BadForm("not a form")


def _callbacks(c: _Collector) -> dict[str, object]:
    return {
        "on_part_begin": c.on_part_begin,
        "on_header_field": c.on_header_field,
        "on_header_value": c.on_header_value,
        "on_header_end": c.on_header_end,
        "on_part_data": c.on_part_data,
        "on_part_end": c.on_part_end,
    }
