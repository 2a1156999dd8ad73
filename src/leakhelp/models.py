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

#: PDQ hashes with a quality below this are "too unreliable to match on"
#: (Meta, python-threatexchange signal_type/pdq/signal.py): flat or tiny images.
#: (Here, not in fingerprint.py, so commands that only show a case need not
#: load the image libraries.)
PDQ_MIN_QUALITY = 50

#: Seconds one request (connect, answer and the bytes we read) may take. 15 s
#: is well above a slow mobile page load (~5-8 s) and keeps a batch with a few
#: dead hosts from dragging on. ``--timeout`` changes it. (The checker's
#: defaults live here so that ``--help`` does not load the network code.)
DEFAULT_TIMEOUT = 15.0

#: Requests in flight at once, over all hosts. 32 keeps a laptop's CPU (TLS,
#: parsing) and memory low (32 x HTML_CAP = 64 MB worst case) while hiding
#: network latency: benchmarks/check_speed.py measures the gain.
DEFAULT_CONCURRENCY = 32

#: Requests in flight at once to one host name. Browsers open at most 6
#: HTTP/1.1 connections per host (Chrome, Firefox); we ask no more of a site.
DEFAULT_PER_HOST = 6

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
    #: The eight PDQ dihedral variants of the image inside its uniform borders,
    #: when it has borders (see leakhelp.regions); empty otherwise.
    trimmed: tuple[str, ...] = ()
    #: PDQ hashes of 255 crops of the image on a fixed grid (leakhelp.regions),
    #: so a copy with a few percent cut off a side can still be found.
    regions: tuple[str, ...] = ()

    def core(self) -> dict[str, object]:
        """The hash fields of ``hash --json`` and of an export (no path, no pixels)."""
        return {
            "pdq": self.pdq,
            "quality": self.quality,
            "phash": self.phash,
            "dhash": self.dhash,
            "width": self.width,
            "height": self.height,
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


# -- case tracking: profile, sightings, requests, checks ----------------------

#: A sighting is open while the content is (or may be) still at its URL.
SightingState = Literal["open", "removed"]
#: How a removal request moves: drafted → sent → acknowledged (a ticket
#: number) → settled (everything removed) / partial / refused / no-reply →
#: escalated (to an authority, a trusted flagger, the police or a court).
RequestStatus = Literal[
    "drafted", "sent", "acknowledged", "partial", "refused", "no-reply", "settled", "escalated"
]
REQUEST_STATUSES: tuple[RequestStatus, ...] = (
    "drafted",
    "sent",
    "acknowledged",
    "partial",
    "refused",
    "no-reply",
    "settled",
    "escalated",
)
#: What a platform answered (``leakhelp request answer --outcome``); "none"
#: means no reply, or a reply that did nothing.
AnswerOutcome = Literal["removed", "refused", "partial", "none"]
ANSWER_OUTCOMES: tuple[AnswerOutcome, ...] = ("removed", "refused", "partial", "none")
#: How a request was sent.
Channel = Literal["form", "email", "post", "other"]
CHANNELS: tuple[Channel, ...] = ("form", "email", "post", "other")


@dataclass(frozen=True, slots=True)
class CaseProfile:
    """The details a letter needs, typed once. Personal data: it stays in the
    store and never goes into exports, reports or stats."""

    case_id: CaseId
    name: str | None = None
    email: str | None = None
    country: str | None = None
    address: str | None = None
    phone: str | None = None
    signature: str | None = None
    minor: bool = False
    updated_at: str | None = None

    def as_dict(self) -> dict[str, object]:
        return {
            "name": self.name,
            "email": self.email,
            "country": self.country,
            "address": self.address,
            "phone": self.phone,
            "signature": self.signature,
            "minor": self.minor,
        }


@dataclass(frozen=True, slots=True)
class Sighting:
    """One URL where the content was seen. The same URL in a case is one sighting."""

    id: int
    case_id: CaseId
    url: str
    platform: str | None
    first_seen: str
    last_seen: str
    state: SightingState
    removed_at: str | None = None
    last_check_state: CheckState | None = None
    last_checked_at: str | None = None

    @property
    def is_open(self) -> bool:
        return self.state == "open"


@dataclass(frozen=True, slots=True)
class Request:
    """One removal request (a letter) to one platform, covering some sightings.

    ``deadline_at`` is set when the request is marked sent; ``deadline_days``
    is a per-request override of the configured deadline.
    """

    id: int
    case_id: CaseId
    platform: str | None
    host: str | None
    basis: str
    lang: Lang
    status: RequestStatus
    sighting_ids: tuple[int, ...]
    created_at: str
    subject: str | None = None
    to: str | None = None
    letter_format: str = "txt"
    channel: str | None = None
    reference: str | None = None
    sent_at: str | None = None
    deadline_at: str | None = None
    deadline_days: float | None = None
    outcome: str | None = None
    answered_at: str | None = None
    settled_at: str | None = None
    reminders: int = 0
    reminded_at: str | None = None
    escalated_to: str | None = None
    escalated_at: str | None = None

    @property
    def target(self) -> str:
        """Who the request went to: the platform id, else the web site's host."""
        return self.platform or self.host or "?"


@dataclass(frozen=True, slots=True)
class Answer:
    """One answer a platform gave to a request (a request may get several)."""

    id: int
    request_id: int
    case_id: CaseId
    at: str
    outcome: AnswerOutcome
    note: str | None = None


@dataclass(frozen=True, slots=True)
class StoredCheck:
    """A status check kept as evidence for one sighting."""

    id: int
    case_id: CaseId
    sighting_id: int
    result: CheckResult


@dataclass(frozen=True, slots=True)
class SightingChange:
    """What one status check did to one sighting."""

    sighting_id: int
    case_id: CaseId
    url: str
    previous_check_state: CheckState | None
    check_state: CheckState
    previous_state: SightingState
    state: SightingState

    @property
    def changed(self) -> bool:
        """True when the check says something different from the last one."""
        return self.previous_check_state != self.check_state or self.previous_state != self.state

    @property
    def removed_now(self) -> bool:
        return self.previous_state == "open" and self.state == "removed"

    @property
    def reopened(self) -> bool:
        return self.previous_state == "removed" and self.state == "open"


@dataclass(frozen=True, slots=True)
class CheckOutcome:
    """What :meth:`Workspace.record_check` changed: per sighting, and the
    requests it settled (all their sightings removed) or reopened."""

    result: CheckResult
    changes: tuple[SightingChange, ...] = ()
    settled_requests: tuple[int, ...] = ()
    reopened_requests: tuple[int, ...] = ()

    @property
    def recorded(self) -> bool:
        """False when no sighting has this URL (nothing was stored)."""
        return bool(self.changes)

    @property
    def changed(self) -> bool:
        return any(c.changed for c in self.changes)
