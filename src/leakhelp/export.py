"""Hash-only export and import: what a victim can give a trusted helper.

The export holds perceptual fingerprints and the case language — no pixels,
no thumbnails, no file names, no folders, no dates of the photos. Its format
is versioned and described in ``docs/export-format.md`` and by the JSON
Schema in ``schemas/export-v1.json``; :func:`parse_export` enforces the same
rules with plain checks (a schema walk over every field took 98 % of the
loading time: 15 s for 10,000 fingerprints).

An export is read whole, from a path or from bytes (:func:`read_export`), so
a wrapper (an encrypted export) can hand over the bytes it decrypted. Files
are read through :func:`read_bounded`: regular files only (a FIFO,
``/dev/zero`` or a terminal is refused before it can hang or fill memory),
at most :data:`MAX_EXPORT_BYTES`, counted while reading rather than trusted
from the file's size; and at most :data:`MAX_EXPORT_FINGERPRINTS`.

:func:`load_fingerprint_file` also reads the JSON Lines that
``leakhelp hash --json`` prints (its error lines are skipped), so a helper can
scan with either.
"""

from __future__ import annotations

import gc
import io
import json
import os
import stat
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import ExportFormatError, Message
from .models import (
    FINGERPRINT_VERSION,
    LANGS,
    VIDEO_FINGERPRINT_VERSION,
    Fingerprint,
    Lang,
    VideoFingerprint,
    VideoFrame,
)
from .paths import write_private_file
from .regions import REGION_COUNT, REGION_INSETS, REGION_SCHEME, REGION_SIDE
from .sealed import Passphrase, open_sealed, seal
from .store import iso, utc_now

EXPORT_FORMAT = "leakhelp-fingerprints"
EXPORT_VERSION = 2
#: The version written when an export holds no videos: readers from before
#: videos read it as ever. With videos it is EXPORT_VERSION, which they refuse
#: with "please update leakhelp" instead of dropping the videos unseen.
PHOTOS_ONLY_VERSION = 1

#: Most fingerprints in one export (the schema's maxItems): a helpline's
#: 5,000 cases of 20 images are 100,000; a million is far beyond that.
MAX_EXPORT_FINGERPRINTS = 1_000_000

#: Largest fingerprint file read. A fingerprint with crop hashes takes
#: ~19.5 KB of JSON, so 100,000 of them are ~1.95 GB; 4 GiB leaves room for
#: twice that, and a million without crop hashes (~1.3 KB each) fits too.
MAX_EXPORT_BYTES = 4 << 30

_CHUNK = 1 << 22
_TOP_FIELDS = frozenset(
    {"format", "version", "created_at", "lang", "case_name", "recipe", "fingerprints", "videos"}
)
_REQUIRED_TOP = ("format", "version", "created_at", "lang", "fingerprints")
_ITEM_FIELDS = frozenset(
    {"ref", "label", "pdq", "quality", "phash", "dhash", "width", "height", "dihedral",
     "trimmed", "regions"}
)  # fmt: skip
_REQUIRED_ITEM = ("ref", "pdq", "quality", "phash", "dhash")
#: Fields of a ``hash --json`` line that make a fingerprint (the path is never kept).
_LINE_FIELDS = ("pdq", "quality", "phash", "dhash", "width", "height", "dihedral", "label")
_HASH_LISTS = {"dihedral": 8, "trimmed": 8, "regions": REGION_COUNT}
_HEX_DIGITS = b"0123456789abcdef"
_MAX_TEXT = 200
#: Largest width or height (SQLite's and the schema's 32-bit bound).
_MAX_SIDE = 2**31 - 1


@dataclass(frozen=True, slots=True)
class FingerprintSet:
    """Fingerprints read from a file, each with the reference shown to a helper."""

    lang: Lang | None
    case_name: str | None
    refs: tuple[str, ...]
    fingerprints: tuple[Fingerprint, ...]
    #: (reference, fingerprint) of each video.
    videos: tuple[tuple[str, VideoFingerprint], ...] = ()


# -- writing -----------------------------------------------------------------------------
def export_document(
    fingerprints: list[tuple[str, Fingerprint]],
    *,
    lang: Lang,
    case_name: str | None = None,
    videos: list[tuple[str, VideoFingerprint]] | None = None,
) -> dict[str, Any]:
    """Build the export as a dict. ``fingerprints`` and ``videos`` are (reference, fingerprint) pairs."""
    doc = _head(lang=lang, case_name=case_name, videos=videos)
    doc["fingerprints"] = [_item(ref, fp) for ref, fp in fingerprints]
    parse_export(doc, name="export")  # what we write, we can read back
    return doc


def _head(
    *, lang: Lang, case_name: str | None, videos: list[tuple[str, VideoFingerprint]] | None
) -> dict[str, Any]:
    """Everything of an export but its fingerprints (an empty list)."""
    doc: dict[str, Any] = {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION if videos else PHOTOS_ONLY_VERSION,
        "created_at": iso(utc_now()),
        "lang": lang,
        "recipe": {
            "fingerprint_version": FINGERPRINT_VERSION,
            "pdq": "PDQ 256-bit (Meta), hex, most significant bit first; 8 dihedral variants",
            "phash": "imagehash.phash 8x8, hex",
            "dhash": "imagehash.dhash 8x8, hex",
            "trimmed": "PDQ 256-bit of the image inside its uniform borders, 8 dihedral "
            "variants; only for images with borders",
            "regions": f"PDQ 256-bit of {REGION_COUNT} crops, each side cut in by "
            f"{'/'.join(f'{i:.0%}' for i in REGION_INSETS)} (every combination but none), "
            f"on a {REGION_SIDE}x{REGION_SIDE} copy of the content; hex",
            "region_scheme": REGION_SCHEME,
        },
        "fingerprints": [],
    }
    if case_name:
        doc["case_name"] = case_name
    if videos:
        doc["recipe"].update(_VIDEO_RECIPE)
        doc["videos"] = [_video_item(ref, v) for ref, v in videos]
    return doc


def _item(ref: str, fp: Fingerprint) -> dict[str, Any]:
    item: dict[str, Any] = {"ref": ref, "label": fp.label, **fp.core()}
    if len(fp.dihedral) == 8:
        item["dihedral"] = list(fp.dihedral)
    if len(fp.trimmed) == 8:
        item["trimmed"] = list(fp.trimmed)
    if len(fp.regions) == REGION_COUNT:
        item["regions"] = list(fp.regions)
    return item


def dump_export(doc: dict[str, Any]) -> bytes:
    """The export as UTF-8 JSON: one line per field at the top, one per fingerprint."""
    return b"".join(_dumped(doc, (_item_line(item) for item in doc["fingerprints"])))


def _item_line(item: dict[str, Any]) -> bytes:
    return json.dumps(item, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _dumped(head: dict[str, Any], lines: Iterable[bytes]) -> Iterator[bytes]:
    """:func:`dump_export`'s bytes in pieces: the fields but ``fingerprints`` (videos: one
    line each), then one line per fingerprint from ``lines``."""
    fields = [
        f" {json.dumps(k)}: {json.dumps(v, ensure_ascii=False)},"
        for k, v in head.items()
        if k != "fingerprints"
    ]
    start = f'{{\n{chr(10).join(fields)}\n "fingerprints": ['.encode()
    written = False
    for line in lines:
        yield (b",\n  " if written else start + b"\n  ") + line
        written = True
    yield b"\n ]\n}\n" if written else start + b"]\n}\n"


def write_export(
    path: str | os.PathLike[str],
    fingerprints: list[tuple[str, Fingerprint]],
    *,
    lang: Lang,
    case_name: str | None = None,
    passphrase: str | None = None,
    videos: list[tuple[str, VideoFingerprint]] | None = None,
) -> dict[str, Any]:
    """Write the export as a 0600 file and return the document; with a
    ``passphrase``, encrypted (see :mod:`leakhelp.sealed`)."""
    doc = export_document(fingerprints, lang=lang, case_name=case_name, videos=videos)
    data = dump_export(doc)
    write_private_file(Path(path), data if passphrase is None else seal(data, passphrase))
    return doc


@dataclass(frozen=True, slots=True)
class Written:
    """What :func:`stream_export_to` wrote."""

    fingerprints: int
    videos: int


def stream_export_to(
    path: str | os.PathLike[str],
    fingerprints: Iterable[tuple[str, Fingerprint]],
    *,
    lang: Lang,
    case_name: str | None = None,
    passphrase: str | None = None,
    videos: list[tuple[str, VideoFingerprint]] | None = None,
) -> Written:
    """:func:`write_export`, one fingerprint at a time (the same bytes): memory stays
    bounded for any number of fingerprints (an encrypted export is sealed whole).
    Each fingerprint is checked by the rules of :func:`parse_export` as it goes."""
    head = _head(lang=lang, case_name=case_name, videos=videos)
    problem = _top_problem(head) or next(
        filter(None, map(_video_problem, head.get("videos", []))), None
    )
    if problem:  # pragma: no cover - what we make, we can read back
        raise _problem_error("export", problem)
    count = 0

    def lines() -> Iterator[bytes]:
        nonlocal count
        for ref, fp in fingerprints:
            item = _item(ref, fp)
            problem = _item_problem(item)
            if problem:  # pragma: no cover - what we make, we can read back
                raise _problem_error("export", problem, place=f"fingerprints[{count}]")
            count += 1
            yield _item_line(item)

    pieces = _dumped(head, lines())
    write_private_file(
        Path(path), pieces if passphrase is None else seal(b"".join(pieces), passphrase)
    )
    return Written(count, len(videos or ()))


# -- reading -----------------------------------------------------------------------------
def read_bounded(path: str | os.PathLike[str], limit: int = MAX_EXPORT_BYTES) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes, counted while reading.

    A FIFO, a device (``/dev/zero``), a terminal or ``/dev/stdin`` from a pipe
    is refused: its size says nothing, and reading it could hang or never end.
    """
    p = Path(path)
    fd, info = _open_regular(p, limit)
    with os.fdopen(fd, "rb", buffering=0) as fh:
        try:
            data = fh.read(info.st_size) if info.st_size else b""
            parts = [data]
            size = len(data)
            # Whatever comes after the size it said (a file that grows; /proc files
            # say 0) is counted as it comes.
            while chunk := fh.read(_CHUNK):
                size += len(chunk)
                if size > limit:
                    raise _too_large(p.name)
                parts.append(chunk)
        except OSError as exc:
            raise _unreadable(p.name, exc) from None
    return data if len(parts) == 1 else b"".join(parts)


def _open_regular(p: Path, limit: int) -> tuple[int, os.stat_result]:
    """An open descriptor of a regular file of at most ``limit`` bytes, and its status."""
    try:
        # O_NONBLOCK: opening a FIFO must not wait for a writer before we can refuse it.
        fd = os.open(p, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except FileNotFoundError:
        raise ExportFormatError("export.error.not-found", name=p.name) from None
    except OSError as exc:
        raise _unreadable(p.name, exc) from None
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode) or info.st_size > limit:
        os.close(fd)
        if info.st_size > limit:
            raise _too_large(p.name)
        if stat.S_ISDIR(info.st_mode):
            raise ExportFormatError("export.error.folder", name=p.name)
        raise ExportFormatError("export.error.not-regular", name=p.name)
    os.set_blocking(fd, True)
    return fd, info


# -- reading an export as it was written, one fingerprint at a time ----------------------
class NotAsWritten(Exception):
    """The file is not laid out as :func:`dump_export` writes it (or is encrypted, or
    something in it is wrong): read it whole, which names what is wrong."""


#: Longest line :func:`stream_export` reads: a fingerprint with crop hashes takes
#: ~19.5 KB; the lines before the fingerprints (videos: one line) up to 64 MB.
_ITEM_LINE_MAX = 1 << 16
_HEAD_LINE_MAX = 1 << 26
_ITEMS_START = b' "fingerprints": [\n'


def stream_export(path: str | os.PathLike[str]) -> tuple[FingerprintSet, Iterator[Fingerprint]]:
    """An export file as :func:`dump_export` wrote it, read one line at a time.

    Returns what comes before the fingerprints (``lang``, ``case_name``, videos;
    no fingerprints) and an iterator of the fingerprints, each checked by the
    rules of :func:`parse_export` as it is read: memory stays bounded whatever
    the number of fingerprints (reading 100,000 whole took 5.5 GB). Whenever the
    file departs from that layout, or breaks a rule, :class:`NotAsWritten` is
    raised (also from the iterator): read it with :func:`read_export` instead,
    which gives the same fingerprints or names the problem.
    """
    import msgspec

    p = Path(path)
    fd, _info = _open_regular(p, MAX_EXPORT_BYTES)
    fh = os.fdopen(fd, "rb")
    try:
        if fh.readline(8) != b"{\n":
            raise NotAsWritten
        head = [b"{\n"]
        while (line := fh.readline(_HEAD_LINE_MAX)) != _ITEMS_START:
            if not line.endswith(b",\n") or b'"fingerprints"' in line:
                raise NotAsWritten
            head.append(line)
        head.append(b' "fingerprints": []\n}')
        doc = msgspec.json.decode(b"".join(head))
        del head
        if (
            not isinstance(doc, dict)
            or doc.get("format") != EXPORT_FORMAT
            or _top_problem(doc) is not None
            or any(_video_problem(item) for item in doc.get("videos") or ())
        ):
            raise NotAsWritten
    except (msgspec.DecodeError, UnicodeDecodeError, RecursionError, OSError):
        fh.close()
        raise NotAsWritten from None
    except BaseException:
        fh.close()
        raise
    same_regions = (doc.get("recipe") or {}).get("region_scheme") == REGION_SCHEME
    head_set = FingerprintSet(
        lang=doc["lang"],
        case_name=doc.get("case_name"),
        refs=(),
        fingerprints=(),
        videos=tuple((item["ref"], video_from_item(item)) for item in doc.get("videos") or ()),
    )
    return head_set, _stream_items(fh, same_regions)


def _stream_items(fh: io.BufferedReader, same_regions: bool) -> Iterator[Fingerprint]:
    import msgspec

    with fh:
        size = fh.tell()
        count = 0
        more = True  # a comma promised another fingerprint
        try:
            while (line := fh.readline(_ITEM_LINE_MAX)) != b" ]\n":
                size += len(line)
                count += 1
                if not more or size > MAX_EXPORT_BYTES or count > MAX_EXPORT_FINGERPRINTS:
                    raise NotAsWritten
                if line.endswith(b"},\n"):
                    body = line[:-2]
                elif line.endswith(b"}\n"):
                    body, more = line[:-1], False
                else:
                    raise NotAsWritten  # cut off, too long, or not one fingerprint a line
                item = msgspec.json.decode(body)
                if _item_problem(item) is not None:
                    raise NotAsWritten
                yield _fingerprint(item, regions=same_regions)
            if (more and count) or fh.read(3) != b"}\n" or fh.read(1):
                raise NotAsWritten
        except (msgspec.DecodeError, UnicodeDecodeError, RecursionError, OSError):
            raise NotAsWritten from None


def _too_large(name: str) -> ExportFormatError:
    return ExportFormatError("export.error.too-large", name=name, gib=MAX_EXPORT_BYTES >> 30)


def _unreadable(name: str, exc: OSError) -> ExportFormatError:
    return ExportFormatError("export.error.unreadable", name=name, reason=exc.strerror)


def _source(
    source: bytes | str | os.PathLike[str], name: str | None, passphrase: Passphrase = None
) -> tuple[bytes, str]:
    """The export's bytes (decrypted when sealed, asking ``passphrase`` only then)."""
    if isinstance(source, bytes):
        if len(source) > MAX_EXPORT_BYTES:
            raise _too_large(name or "file")
        return open_sealed(source, passphrase), name or "file"
    return open_sealed(read_bounded(source), passphrase), name or Path(source).name


def _text(data: bytes, name: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise ExportFormatError("export.error.not-text", name=name) from None


def read_export(
    source: bytes | str | os.PathLike[str],
    *,
    name: str | None = None,
    passphrase: Passphrase = None,
) -> FingerprintSet:
    """Read and validate a hash-only export: a file, or its bytes (``name`` for
    messages); an encrypted one with ``passphrase``."""
    data, name = _source(source, name, passphrase)
    with _no_gc():
        try:
            doc = _decode(data, name)
        except json.JSONDecodeError as exc:
            raise ExportFormatError(
                "export.error.not-json", name=name, lineno=exc.lineno, detail=exc.msg
            ) from None
        return parse_export(doc, name=name)


def _decode(data: bytes, name: str) -> Any:
    """The JSON document in ``data``; :class:`json.JSONDecodeError` when it is none.

    msgspec reads the bytes as they are, checking UTF-8 as it goes, faster than
    decoding them and ``json.loads`` (docs/benchmarks.md: the whole load of 10,000
    fingerprints with crop hashes, checks included, takes little more than the
    standard reader alone). What it refuses is read again by the standard reader,
    so a broken file is named in the same words (line, what) and anything the
    standard reader accepts (``NaN``, ``1e400``) is judged as before.
    """
    import msgspec

    try:
        return msgspec.json.decode(data)
    except (msgspec.DecodeError, UnicodeDecodeError, RecursionError):
        pass
    return _loads(_text(data, name), name)


def _loads(text: str, name: str) -> Any:
    """``json.loads``, with a document nested deeper than the reader goes refused as a
    broken export (a hostile file can nest lists 100,000 deep in 200 kB)."""
    try:
        return json.loads(text)
    except RecursionError:
        raise ExportFormatError("export.error.too-deep", name=name) from None


@contextmanager
def _no_gc() -> Iterator[None]:
    """Without the cycle collector: JSON makes millions of objects and no cycles, and the
    collector would walk them again and again (a third of the loading time).

    On the way out, what was made is moved straight to the oldest generation
    (``gc.freeze()`` then ``gc.unfreeze()``) instead of being walked once more by
    the youngest (the 2.6 million hashes of 10,000 fingerprints with crop hashes,
    a good part of the loading time). A full collection still sees them, as it
    sees everything old.
    Not when something else froze objects: unfreezing would undo that.
    """
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            if gc.get_freeze_count() == 0:
                gc.freeze()
                gc.unfreeze()
            gc.enable()


def parse_export(doc: object, *, name: str = "file") -> FingerprintSet:
    """Validate an export document and return its fingerprints."""
    if not isinstance(doc, dict):
        raise ExportFormatError("export.error.not-object", name=name)
    if doc.get("format") != EXPORT_FORMAT:
        raise ExportFormatError("export.error.format", name=name, format=repr(EXPORT_FORMAT))
    version = doc.get("version")
    if isinstance(version, int) and version > EXPORT_VERSION:
        raise ExportFormatError("export.error.newer", name=name, version=version)
    problem = _top_problem(doc)
    if problem:
        raise _problem_error(name, problem)
    items = doc["fingerprints"]
    for i, item in enumerate(items):
        problem = _item_problem(item)
        if problem:
            raise _problem_error(name, problem, place=f"fingerprints[{i}]")
    video_items = doc.get("videos") or ()
    for i, item in enumerate(video_items):
        problem = _video_problem(item)
        if problem:
            raise _problem_error(name, problem, place=f"videos[{i}]")
    # Region hashes made by another recipe cannot be compared: leave them out.
    same_regions = (doc.get("recipe") or {}).get("region_scheme") == REGION_SCHEME
    return FingerprintSet(
        lang=doc["lang"],
        case_name=doc.get("case_name"),
        refs=tuple(item["ref"] for item in items),
        fingerprints=tuple(_fingerprint(item, regions=same_regions) for item in items),
        videos=tuple((item["ref"], video_from_item(item)) for item in video_items),
    )


def load_fingerprint_file(
    source: bytes | str | os.PathLike[str],
    *,
    name: str | None = None,
    passphrase: Passphrase = None,
) -> FingerprintSet:
    """Read an export, or the JSON Lines of ``leakhelp hash --json``.

    From hash output, error lines are skipped and each fingerprint is called
    by its label (``hash --label``) or ``#n`` after its line; the paths in
    that output are never kept.
    """
    data, name = _source(source, name, passphrase)
    with _no_gc():
        try:
            whole = _decode(data, name)
        except json.JSONDecodeError:
            whole = None  # not one document: JSON Lines, or garbage
        if isinstance(whole, dict) and "format" in whole:
            return parse_export(whole, name=name)
        del whole
        return _from_lines(data, name)


def _from_lines(data: bytes, name: str) -> FingerprintSet:
    refs: list[str] = []
    fps: list[Fingerprint] = []
    videos: list[tuple[str, VideoFingerprint]] = []
    for lineno, obj in _json_lines(data, name):
        if "error" in obj and "pdq" not in obj and "frames" not in obj:
            continue
        if obj.get("kind") == "video":
            videos.append(_video_line(obj, name=name, lineno=lineno))
            continue
        animation = obj.get("animation")
        if isinstance(animation, dict):  # an animated image: its frames over time as well
            moving = {**animation, "kind": "video", "label": obj.get("label")}
            videos.append(_video_line(moving, name=name, lineno=lineno))
        item = {k: obj[k] for k in _LINE_FIELDS if obj.get(k) is not None}
        item["ref"] = obj.get("label") or f"#{lineno}"
        problem = _item_problem(item)
        if problem:
            raise _problem_error(name, problem, lineno=lineno)
        if len(fps) >= MAX_EXPORT_FINGERPRINTS:
            raise ExportFormatError(
                "export.error.too-many", name=name, max=f"{MAX_EXPORT_FINGERPRINTS:,}"
            )
        refs.append(str(item["ref"]))
        fps.append(_fingerprint(item))
    if not fps and not videos:
        raise ExportFormatError("export.error.none", name=name)
    return FingerprintSet(
        lang=None, case_name=None, refs=tuple(refs), fingerprints=tuple(fps), videos=tuple(videos)
    )


def _json_lines(data: bytes, name: str) -> Iterator[tuple[int, dict[str, Any]]]:
    for lineno, raw in enumerate(io.BytesIO(data), start=1):
        line = _text(raw, name)
        if not line.strip():
            continue
        try:
            obj = _loads(line, name)
        except json.JSONDecodeError:
            raise ExportFormatError(
                "export.error.line-not-json", name=name, lineno=lineno
            ) from None
        if not isinstance(obj, dict):
            raise ExportFormatError("export.error.line-not-object", name=name, lineno=lineno)
        yield lineno, obj


# -- validation (the rules of schemas/export-v1.json) ------------------------------------
#: What is wrong with a field: its path (``.pdq``, ``version``; empty for the
#: object itself) and the words for it.
Problem = tuple[str, Message]


def _problem_error(
    name: str, problem: Problem, *, place: str = "", lineno: int | None = None
) -> ExportFormatError:
    """The error for ``problem`` in a file, in an item (``place``) or on a line."""
    path, what = problem
    if lineno is not None:
        return ExportFormatError(
            "export.error.line-field", name=name, lineno=lineno, field=path, problem=what
        )
    if place or path:
        return ExportFormatError("export.error.field", name=name, field=place + path, problem=what)
    return ExportFormatError("export.error.problem", name=name, problem=what)


def _missing(key: str) -> Problem:
    return "", Message("export.problem.missing-field", field=repr(key))


def _unknown(key: str) -> Problem:
    return "", Message("export.problem.unknown-field", field=repr(key))


def _top_problem(doc: dict[str, Any]) -> Problem | None:
    for key in _REQUIRED_TOP:
        if key not in doc:
            return _missing(key)
    extra = sorted(set(doc) - _TOP_FIELDS)
    if extra:
        return _unknown(extra[0])
    if doc["version"] not in (PHOTOS_ONLY_VERSION, EXPORT_VERSION) or isinstance(
        doc["version"], bool
    ):
        versions = Message("export.problem.version", old=PHOTOS_ONLY_VERSION, new=EXPORT_VERSION)
        return "version", versions
    created = doc["created_at"]
    if not (isinstance(created, str) and len(created) == 20 and _is_utc_stamp(created)):
        return "created_at", Message("export.problem.time")
    if doc["lang"] not in LANGS:
        return "lang", Message("export.problem.one-of", choices=", ".join(LANGS))
    if not _optional_text(doc.get("case_name")):
        return "case_name", Message("export.problem.text", max=_MAX_TEXT)
    recipe = doc.get("recipe", {})
    if not isinstance(recipe, dict) or not all(
        _whole(recipe[k], 1) for k in ("fingerprint_version", "region_scheme") if k in recipe
    ):
        return "recipe", Message("export.problem.recipe")
    items = doc["fingerprints"]
    if not isinstance(items, list):
        return "fingerprints", Message("export.problem.list")
    if len(items) > MAX_EXPORT_FINGERPRINTS:
        return "", Message("export.problem.too-many", max=f"{MAX_EXPORT_FINGERPRINTS:,}")
    if not isinstance(doc.get("videos", []), list):
        return "videos", Message("export.problem.list")
    return None


def _is_utc_stamp(text: str) -> bool:
    digits = text[0:4] + text[5:7] + text[8:10] + text[11:13] + text[14:16] + text[17:19]
    shape = text[4] + text[7] + text[10] + text[13] + text[16] + text[19]
    return digits.isascii() and digits.isdigit() and shape == "--T::Z"


def _item_problem(item: object) -> Problem | None:
    """What is wrong with one fingerprint (its path is ``.field``), or None."""
    if not isinstance(item, dict):
        return "", Message("export.problem.object")
    for key in _REQUIRED_ITEM:
        if key not in item:
            return _missing(key)
    if len(item) > len(_ITEM_FIELDS) or not _ITEM_FIELDS.issuperset(item):
        return _unknown(sorted(set(item) - _ITEM_FIELDS)[0])
    ref = item["ref"]
    if not (isinstance(ref, str) and 0 < len(ref) <= _MAX_TEXT):
        return ".ref", Message("export.problem.text-range", max=_MAX_TEXT)
    if not _optional_text(item.get("label")):
        return ".label", Message("export.problem.text", max=_MAX_TEXT)
    if not _hex(item["pdq"], 64):
        return ".pdq", Message("export.problem.hex", digits=64)
    for key in ("phash", "dhash"):
        if not _hex(item[key], 16):
            return f".{key}", Message("export.problem.hex", digits=16)
    quality = item["quality"]
    if not (_whole(quality, 0) and quality <= 100):
        return ".quality", Message("export.problem.whole", low=0, high=100)
    for key in ("width", "height"):
        if key in item and not (_whole(item[key], 1) and item[key] <= _MAX_SIDE):
            return f".{key}", Message("export.problem.whole", low=1, high=_MAX_SIDE)
    for key, count in _HASH_LISTS.items():
        if key in item and not _hex_list(item[key], count):
            return f".{key}", Message("export.problem.hash-list", count=count)
    return None


def _whole(value: object, minimum: int) -> bool:
    return type(value) is int and value >= minimum


def _optional_text(value: object) -> bool:
    return value is None or (isinstance(value, str) and len(value) <= _MAX_TEXT)


def _hex(value: object, digits: int) -> bool:
    return isinstance(value, str) and len(value) == digits and _only_hex(value)


def _hex_list(values: object, count: int) -> bool:
    """A list of ``count`` strings of 64 lower-case hex digits, checked in a few C loops."""
    if not isinstance(values, list) or len(values) != count:
        return False
    try:
        joined = "".join(values)
    except TypeError:  # not all strings
        return False
    return len(joined) == 64 * count and set(map(len, values)) == {64} and _only_hex(joined)


def _only_hex(text: str) -> bool:
    try:
        raw = text.encode("ascii")
    except UnicodeEncodeError:
        return False
    return not raw.translate(None, _HEX_DIGITS)


def _fingerprint(item: dict[str, Any], *, regions: bool = False) -> Fingerprint:
    dihedral = tuple(item.get("dihedral") or ())
    return Fingerprint(
        pdq=item["pdq"],
        quality=int(item["quality"]),
        phash=item["phash"],
        dhash=item["dhash"],
        width=int(item.get("width") or 0),
        height=int(item.get("height") or 0),
        dihedral=dihedral if dihedral else (item["pdq"],),
        label=item.get("label"),
        trimmed=tuple(item.get("trimmed") or ()),
        regions=tuple(item.get("regions") or ()) if regions else (),
    )


# -- videos ------------------------------------------------------------------------------
_VIDEO_RECIPE = {
    "video": "MD5 and SHA-256 of the file; PDQ of one frame a second inside uniform "
    "borders, runs of near-identical frames kept once with their start and end (s)",
    "video_fingerprint_version": VIDEO_FINGERPRINT_VERSION,
}


def _video_item(ref: str, video: VideoFingerprint) -> dict[str, Any]:
    item: dict[str, Any] = {"ref": ref, "label": video.label, **video.core()}
    return item


def video_from_item(item: dict[str, Any]) -> VideoFingerprint:
    """A video fingerprint from an export item or a ``hash --json`` line (already validated)."""
    return VideoFingerprint(
        md5=item["md5"],
        sha256=item["sha256"],
        duration=float(item["duration"]),
        width=int(item.get("width") or 0),
        height=int(item.get("height") or 0),
        frames=tuple(
            VideoFrame(
                pdq=f["pdq"],
                quality=int(f["quality"]),
                start=float(f["start"]),
                end=float(f["end"]),
                phash=f["phash"],
                dhash=f["dhash"],
            )
            for f in item["frames"]
        ),
        label=item.get("label"),
    )


def _video_problem(item: object) -> Problem | None:
    """What is wrong with one video (its path is ``.field``), by the schema's ``$defs/video``.

    Videos are few (one line each), so the schema itself checks them.
    """
    import jsonschema

    validator = jsonschema.Draft202012Validator(_schema()["$defs"]["video"])
    error = jsonschema.exceptions.best_match(validator.iter_errors(item))
    if error is None:
        return None
    return _json_path(error.absolute_path), Message(
        "export.problem.schema", detail=error.message[:200]
    )


def _video_line(obj: dict[str, Any], *, name: str, lineno: int) -> tuple[str, VideoFingerprint]:
    """One video line of ``hash --json`` (its path is dropped here)."""
    keys = ("label", "kind", "md5", "sha256", "duration", "width", "height", "frames")
    item = {k: obj[k] for k in keys if obj.get(k) is not None}
    item["ref"] = obj.get("label") or f"#{lineno}"
    problem = _video_problem(item)
    if problem:
        raise _problem_error(name, problem, lineno=lineno)
    return str(item["ref"]), video_from_item(item)


def _schema() -> dict[str, Any]:
    from importlib import resources

    text = resources.files("leakhelp").joinpath("schemas/export-v1.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def _json_path(parts: Any) -> str:
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out
