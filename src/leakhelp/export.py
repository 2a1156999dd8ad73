"""Hash-only export and import: what a victim can give a trusted helper.

The export holds perceptual fingerprints and the case language — no pixels,
no thumbnails, no file names, no folders, no dates of the photos. Its format
is versioned and described in ``docs/export-format.md`` and by the JSON
Schema in ``schemas/export-v1.json``, which :func:`read_export` enforces.

:func:`load_fingerprint_file` also reads the JSON Lines that
``leakhelp hash --json`` prints (its error lines are skipped), so a helper can
scan with either.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema

from .errors import ExportFormatError
from .models import (
    FINGERPRINT_VERSION,
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
#: Largest fingerprint file we read (a million fingerprints is ~700 MB; far
#: beyond any one person's case, so anything bigger is not ours).
MAX_EXPORT_BYTES = 1 << 30


@dataclass(frozen=True, slots=True)
class FingerprintSet:
    """Fingerprints read from a file, each with the reference shown to a helper."""

    lang: Lang | None
    case_name: str | None
    refs: tuple[str, ...]
    fingerprints: tuple[Fingerprint, ...]
    #: (reference, fingerprint) of each video.
    videos: tuple[tuple[str, VideoFingerprint], ...] = ()


@cache
def _schema() -> dict[str, Any]:
    text = resources.files("leakhelp").joinpath("schemas/export-v1.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def export_document(
    fingerprints: list[tuple[str, Fingerprint]],
    *,
    lang: Lang,
    case_name: str | None = None,
    videos: list[tuple[str, VideoFingerprint]] | None = None,
) -> dict[str, Any]:
    """Build the export as a dict. ``fingerprints`` and ``videos`` are (reference, fingerprint) pairs."""
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
    for ref, fp in fingerprints:
        item: dict[str, Any] = {"ref": ref, "label": fp.label, **fp.core()}
        if len(fp.dihedral) == 8:
            item["dihedral"] = list(fp.dihedral)
        if len(fp.trimmed) == 8:
            item["trimmed"] = list(fp.trimmed)
        if len(fp.regions) == REGION_COUNT:
            item["regions"] = list(fp.regions)
        doc["fingerprints"].append(item)
    if videos:
        doc["recipe"].update(_VIDEO_RECIPE)
        doc["videos"] = [_video_item(ref, v) for ref, v in videos]
    jsonschema.validate(doc, _schema())
    return doc


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
    text = json.dumps(doc, indent=1) + "\n"
    write_private_file(Path(path), text if passphrase is None else seal(text.encode(), passphrase))
    return doc


def _read_text(path: str | os.PathLike[str], passphrase: Passphrase = None) -> str:
    p = Path(path)
    try:
        if p.stat().st_size > MAX_EXPORT_BYTES:
            raise ExportFormatError(f"{p.name}: too large to be a leakhelp fingerprint file")
        return open_sealed(p.read_bytes(), passphrase).decode("utf-8")
    except FileNotFoundError:
        raise ExportFormatError(f"{p.name}: file not found") from None
    except UnicodeDecodeError:
        raise ExportFormatError(f"{p.name}: not a text file, so not a leakhelp export") from None
    except OSError as exc:
        raise ExportFormatError(f"{p.name}: cannot be read ({exc.strerror})") from None


def parse_export(doc: object, *, name: str = "file") -> FingerprintSet:
    """Validate an export document and return its fingerprints."""
    if not isinstance(doc, dict):
        raise ExportFormatError(f"{name}: not a leakhelp export (expected a JSON object)")
    if doc.get("format") != EXPORT_FORMAT:
        raise ExportFormatError(
            f'{name}: not a leakhelp fingerprint export ("format" should be {EXPORT_FORMAT!r})'
        )
    version = doc.get("version")
    if isinstance(version, int) and version > EXPORT_VERSION:
        raise ExportFormatError(
            f"{name}: made by a newer leakhelp (export version {version}); please update leakhelp"
        )
    error = jsonschema.exceptions.best_match(
        jsonschema.Draft202012Validator(_schema()).iter_errors(doc)
    )
    if error is not None:
        where = _json_path(error.absolute_path)
        raise ExportFormatError(f"{name}: {where}: {error.message[:200]}")
    items = doc["fingerprints"]
    # Region hashes made by another recipe cannot be compared: leave them out.
    recipe = doc.get("recipe") or {}
    same_regions = recipe.get("region_scheme") == REGION_SCHEME
    return FingerprintSet(
        lang=doc["lang"],
        case_name=doc.get("case_name"),
        refs=tuple(item["ref"] for item in items),
        fingerprints=tuple(_fingerprint(item, regions=same_regions) for item in items),
        videos=tuple((item["ref"], video_from_item(item)) for item in doc.get("videos") or ()),
    )


def read_export(path: str | os.PathLike[str], *, passphrase: Passphrase = None) -> FingerprintSet:
    """Read and validate a hash-only export file (encrypted ones with ``passphrase``)."""
    name = Path(path).name
    text = _read_text(path, passphrase)
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ExportFormatError(f"{name}: not valid JSON (line {exc.lineno}: {exc.msg})") from None
    return parse_export(doc, name=name)


def load_fingerprint_file(
    path: str | os.PathLike[str], *, passphrase: Passphrase = None
) -> FingerprintSet:
    """Read an export, or the JSON Lines of ``leakhelp hash --json``.

    From hash output, error lines are skipped and each fingerprint is called
    by its label (``hash --label``) or ``#n`` after its line; the paths in
    that output are never kept.
    """
    name = Path(path).name
    text = _read_text(path, passphrase)
    try:
        whole = json.loads(text)
    except json.JSONDecodeError:
        whole = None  # not one document: JSON Lines, or garbage
    if isinstance(whole, dict) and "format" in whole:
        return parse_export(whole, name=name)
    refs: list[str] = []
    fps: list[Fingerprint] = []
    videos: list[tuple[str, VideoFingerprint]] = []
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError:
            raise ExportFormatError(
                f"{name}: line {lineno} is not JSON; expected a leakhelp export or "
                "the output of `leakhelp hash --json`"
            ) from None
        if not isinstance(obj, dict):
            raise ExportFormatError(f"{name}: line {lineno} is not a JSON object")
        if "error" in obj and "pdq" not in obj and "frames" not in obj:
            continue
        if obj.get("kind") == "video":
            videos.append(_video_line(obj, name=name, lineno=lineno))
            continue
        item = {
            k: obj.get(k)
            for k in ("pdq", "quality", "phash", "dhash", "width", "height", "dihedral", "label")
        }
        item["ref"] = obj.get("label") or f"#{lineno}"
        item = {k: v for k, v in item.items() if v is not None}
        problem = _check_item(item)
        if problem:
            raise ExportFormatError(f"{name}: line {lineno}: {problem}")
        refs.append(str(item["ref"]))
        fps.append(_fingerprint(item))
    if not fps and not videos:
        raise ExportFormatError(f"{name}: no fingerprints found in this file")
    return FingerprintSet(
        lang=None, case_name=None, refs=tuple(refs), fingerprints=tuple(fps), videos=tuple(videos)
    )


def _check_item(item: dict[str, Any]) -> str | None:
    schema = _schema()["properties"]["fingerprints"]["items"]
    error = jsonschema.exceptions.best_match(
        jsonschema.Draft202012Validator(schema).iter_errors(item)
    )
    if error is None:
        return None
    return f"{_json_path(error.absolute_path)}: {error.message[:200]}"


def _json_path(parts: Any) -> str:
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "document"


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


def _video_line(obj: dict[str, Any], *, name: str, lineno: int) -> tuple[str, VideoFingerprint]:
    """One video line of ``hash --json`` (its path is dropped here)."""
    keys = ("label", "kind", "md5", "sha256", "duration", "width", "height", "frames")
    item = {k: obj[k] for k in keys if obj.get(k) is not None}
    item["ref"] = obj.get("label") or f"#{lineno}"
    validator = jsonschema.Draft202012Validator(_schema()["$defs"]["video"])
    error = jsonschema.exceptions.best_match(validator.iter_errors(item))
    if error is not None:
        where = _json_path(error.absolute_path)
        raise ExportFormatError(f"{name}: line {lineno}: {where}: {error.message[:200]}")
    return str(item["ref"]), video_from_item(item)
