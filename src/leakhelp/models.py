"""Values passed between the stages: frozen dataclasses, no I/O."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Literal, NewType


def utc_now() -> datetime:
    """Now, in UTC (the default clock; tests pass their own ``now=``)."""
    return datetime.now(UTC)


def iso(moment: datetime) -> str:
    """The one form of a timestamp leakhelp stores and shows: ISO 8601 in UTC,
    to the second, with ``Z`` (``2026-03-01T12:00:30Z``)."""
    return moment.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def parse_iso(text: str) -> datetime:
    """A timestamp as stored (ISO 8601; "Z", or no zone, for UTC) as an aware datetime:
    :func:`iso` read back. Raises ValueError for anything else."""
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


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

#: Whole-page scans: images compared per page and pages per run at most (the
#: checker's limits, here so that ``scan --help`` does not load the network
#: code). A long thread page shows 20-100 pictures; 200 covers it with room to
#: spare. ``--max-images`` and ``--max-pages`` raise them.
MAX_IMAGES_PER_PAGE = 200
MAX_PAGES = 20

#: Requests in flight at once to one host name. Browsers open at most 6
#: HTTP/1.1 connections per host (Chrome, Firefox); we ask no more of a site.
DEFAULT_PER_HOST = 6

#: Names of the eight PDQ dihedral variants, in the order Meta's PDQ (and leakhelp.pdq) gives them.
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


#: Version of the video fingerprint recipe (sampling, merging, hashing).
VIDEO_FINGERPRINT_VERSION = 1


@dataclass(frozen=True, slots=True)
class VideoFrame:
    """One stretch of a video that looks the same: a PDQ hash with its times.

    Frames are sampled once a second (as Meta's vPDQ does); consecutive
    samples within the PDQ match distance of the first one are one stretch,
    from ``start`` to ``end`` seconds. ``pdq`` is of the picture inside any
    uniform borders (letterbox bars); ``phash``/``dhash`` only corroborate.
    """

    pdq: str
    quality: int
    start: float
    end: float
    phash: str
    dhash: str

    @property
    def seconds(self) -> float:
        return max(self.end - self.start, 0.0)


@dataclass(frozen=True, slots=True)
class VideoFingerprint:
    """Fingerprints of one video; never the video, never a frame of it.

    ``md5`` and ``sha256`` find exact re-uploads (what StopNCII shares for
    videos); ``frames`` find re-encoded, trimmed, rescaled and mirrored copies.
    ``width``/``height`` are the picture as shown, ``duration`` in seconds.
    ``decoded`` counts the frames decoded to make it (not stored).
    """

    md5: str
    sha256: str
    duration: float
    width: int
    height: int
    frames: tuple[VideoFrame, ...]
    label: str | None = None
    version: int = VIDEO_FINGERPRINT_VERSION
    decoded: int = field(default=0, compare=False)

    def core(self) -> dict[str, object]:
        """The fields of ``hash --json`` and of an export (no path, no pixels)."""
        return {
            "kind": "video",
            "md5": self.md5,
            "sha256": self.sha256,
            "duration": round(self.duration, 3),
            "width": self.width,
            "height": self.height,
            "frames": [
                {
                    "pdq": f.pdq,
                    "quality": f.quality,
                    "start": round(f.start, 3),
                    "end": round(f.end, 3),
                    "phash": f.phash,
                    "dhash": f.dhash,
                }
                for f in self.frames
            ],
        }


@dataclass(frozen=True, slots=True)
class StoredVideo:
    """A video fingerprint as kept in a case, with its store id."""

    id: int
    case_id: CaseId
    video: VideoFingerprint
    added_at: str

    @property
    def ref(self) -> str:
        """How the user sees this video: its label, else ``#v`` and its id."""
        return self.video.label or f"#v{self.id}"


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
    #: Set instead of ``fingerprint`` when the file was a video; with it, for an
    #: animated GIF, APNG or WebP (its first frame, and its frames over time).
    video: VideoFingerprint | None = None

    @property
    def ok(self) -> bool:
        return self.fingerprint is not None or self.video is not None


@dataclass(frozen=True, slots=True)
class Event:
    """One line of a case's append-only timeline."""

    id: int
    case_id: CaseId
    at: str
    kind: str
    detail: dict[str, object] = field(default_factory=dict)


#: What a status check concluded about a URL (docs/checks.md, "States and how they are decided").
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
    #: The reason as an i18n message key ("check.gone") and its values, so it
    #: can be shown in any language; ``reason`` is its English text (JSON).
    #: Checks stored before keys existed have only ``reason``.
    reason_key: str | None = None
    reason_values: Mapping[str, object] = field(default_factory=dict)

    def reason_in(self, lang: Lang) -> str:
        """The reason in ``lang`` (the stored English text for old checks)."""
        if self.reason_key is None:
            return self.reason
        from .i18n import reason_text  # i18n imports this module for Lang

        try:
            return reason_text(self.reason_key, lang, self.reason_values)
        except (KeyError, IndexError, ValueError):  # a key from a newer version
            return self.reason


# -- case tracking: profile, sightings, requests, checks ----------------------

#: A sighting is open while the content is (or may be) still at its URL.
SightingState = Literal["open", "removed"]
#: How a removal request moves: drafted → sent → acknowledged (a ticket
#: number) → settled (everything removed) / partial / refused / no-reply →
#: escalated (to an authority, a trusted flagger, the police or a court).
RequestStatus = Literal[
    "drafted", "sent", "acknowledged", "partial", "refused", "no-reply", "settled", "escalated"
]
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
    #: How the removal was noted: "check", "answer" (the platform's) or "manual".
    removed_by: str | None = None
    #: When the user says they first saw it (first_seen is when it was recorded).
    seen_at: str | None = None
    note: str | None = None

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
    #: When leakhelp was told it was sent (``sent_at`` is the time the user gave).
    sent_recorded_at: str | None = None

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


#: The forms a takedown letter is written in ("form": field by field, to paste into a
#: web form). Here, not in letters.py, so that `--help` need not load the letter code.
LETTER_FORMATS: tuple[str, ...] = ("txt", "md", "eml", "form")

#: What a case is about: images already shared, or threatened (sextortion).
CaseKind = Literal["shared", "sextortion"]
CASE_KINDS: tuple[str, ...] = ("shared", "sextortion")


@dataclass(frozen=True, slots=True)
class Handoff:
    """A hashing service (StopNCII, Take It Down) the person used for this case.

    ``reference`` is the service's case number; the PIN that comes with it is
    never stored (it is the key to the case at the service, and cannot be
    recovered: it stays with the person).
    """

    id: int
    case_id: CaseId
    service: str
    done_on: str
    reference: str | None
    recorded_at: str

    def as_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "service": self.service,
            "date": self.done_on,
            "reference": self.reference,
            "recorded_at": self.recorded_at,
        }
