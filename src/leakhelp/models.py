"""Values passed between the stages: frozen dataclasses, no I/O."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, NewType

CaseId = NewType("CaseId", str)
Lang = Literal["nl", "en"]
LANGS: tuple[Lang, ...] = ("nl", "en")

#: Version of the fingerprint recipe (decoding + hashing). Bump it when a
#: change would move hashes, so stored fingerprints can be told apart.
FINGERPRINT_VERSION = 1

#: Names of the eight PDQ dihedral variants, in the order pdqhash returns them.
DIHEDRAL_NAMES: tuple[str, ...] = (
    "original",
    "rotate-90",
    "rotate-180",
    "rotate-270",
    "flip-x",
    "flip-y",
    "flip-plus-1",
    "flip-minus-1",
)


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """Perceptual fingerprints of one image; never the image itself.

    ``pdq`` is Meta's 256-bit PDQ hash (64 hex digits) of the image as shown
    (EXIF orientation applied); ``dihedral`` holds the PDQ hashes of its eight
    rotations and mirror images (``dihedral[0] == pdq``), so a mirrored or
    rotated copy can be matched. ``phash`` and ``dhash`` are 64-bit hashes
    (16 hex digits) used only to corroborate a PDQ match.
    """

    pdq: str
    quality: int
    phash: str
    dhash: str
    width: int
    height: int
    dihedral: tuple[str, ...] = ()
    label: str | None = None
    version: int = FINGERPRINT_VERSION

    def as_dict(self) -> dict[str, object]:
        """The fields that may leave the process (no path, no pixels)."""
        return {
            "pdq": self.pdq,
            "quality": self.quality,
            "phash": self.phash,
            "dhash": self.dhash,
            "width": self.width,
            "height": self.height,
            "dihedral": list(self.dihedral),
            "label": self.label,
            "version": self.version,
        }


@dataclass(frozen=True, slots=True)
class Case:
    """One person's case: who it is about is up to them (a name or a nickname)."""

    id: CaseId
    name: str
    lang: Lang
    created_at: str
    country: str | None = None
    fingerprint_count: int = 0


@dataclass(frozen=True, slots=True)
class StoredFingerprint:
    """A fingerprint as kept in a case, with its store id."""

    id: int
    case_id: CaseId
    fingerprint: Fingerprint
    added_at: str

    @property
    def ref(self) -> str:
        """How the user sees this fingerprint: its label, else ``#id``."""
        return self.fingerprint.label or f"#{self.id}"


@dataclass(frozen=True, slots=True)
class HashResult:
    """The outcome of fingerprinting one file: a fingerprint or an error."""

    path: str
    fingerprint: Fingerprint | None = None
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.fingerprint is not None


@dataclass(frozen=True, slots=True)
class Event:
    """One line of a case's append-only timeline."""

    id: int
    case_id: CaseId
    at: str
    kind: str
    detail: dict[str, object] = field(default_factory=dict)


#: What a status check concluded about a URL (see DESIGN.md "Status checks").
CheckState = Literal["online", "removed", "unknown", "unreachable"]
#: Whether the image a URL serves is one of the case's images.
ImageMatch = Literal["strong", "possible", "none"]


@dataclass(frozen=True, slots=True)
class CheckResult:
    """One status check of one URL: the evidence record, never the content.

    ``reason`` is one line saying why (e.g. "HTTP 404", "the page says the
    content was removed", "login wall"). ``image_match`` is set when the URL
    served an image (directly or as og:image) and a case was given; the image
    was hashed in memory and dropped.
    """

    url: str
    state: CheckState
    http_status: int | None
    reason: str
    checked_at: str
    final_url: str | None = None
    image_match: ImageMatch | None = None
    platform: str | None = None
    elapsed_ms: int | None = None
