"""What a person is shown of their data, as values: one shape for the CLI, the web app
and scripts.

The command line (``case show --json``, ``request list --json``), the web app's case
page and anything that reads the JSON all take their fields from here, so they
cannot drift apart. Values in, frozen values and plain dicts out: no store, no I/O.
Key order of every dict here is part of the `--json` output scripts read (README.md).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from .models import (
    PDQ_MIN_QUALITY,
    Case,
    CaseProfile,
    Event,
    Handoff,
    Lang,
    Request,
    Sighting,
    StoredFingerprint,
)
from .tracking import Evidence, Overview, evidence_counts, is_overdue, sighting_evidence


def case_dict(case: Case) -> dict[str, object]:
    """A case in JSON: the line of ``case new``, ``case list`` and ``import``."""
    return {
        "id": case.id,
        "name": case.name,
        "lang": case.lang,
        "country": case.country,
        "created_at": case.created_at,
        "fingerprints": case.fingerprint_count,
    }


def sighting_dict(sighting: Sighting, platform_name: str | None = None) -> dict[str, object]:
    """A web address of a case in JSON, with what is known of it (observed when, how)."""
    s = sighting
    return {
        "id": s.id,
        "case": s.case_id,
        "url": s.url,
        "platform": s.platform,
        "platform_name": platform_name,
        "first_seen": s.first_seen,
        "last_seen": s.last_seen,
        "state": s.state,
        "removed_at": s.removed_at,
        "last_check_state": s.last_check_state,
        "last_checked_at": s.last_checked_at,
        "removed_by": s.removed_by,
        "seen_at": s.seen_at,
        "note": s.note,
        "evidence": sighting_evidence(s).as_dict(),
    }


def request_dict(request: Request, *, now: datetime | None = None) -> dict[str, object]:
    """A removal request in JSON; with ``now``, also whether it is overdue."""
    r = request
    doc: dict[str, object] = {
        "id": r.id,
        "case": r.case_id,
        "platform": r.platform,
        "host": r.host,
        "basis": r.basis,
        "lang": r.lang,
        "status": r.status,
        "sightings": list(r.sighting_ids),
        "created_at": r.created_at,
        "subject": r.subject,
        "to": r.to,
        "format": r.letter_format,
        "channel": r.channel,
        "reference": r.reference,
        "sent_at": r.sent_at,
        "sent_recorded_at": r.sent_recorded_at,
        "deadline_at": r.deadline_at,
        "outcome": r.outcome,
        "answered_at": r.answered_at,
        "settled_at": r.settled_at,
        "reminders": r.reminders,
        "escalated_to": r.escalated_to,
    }
    if now is not None:
        doc["overdue"] = is_overdue(r, now)
    return doc


def event_dict(event: Event) -> dict[str, object]:
    """One line of a case's timeline in JSON: when, what, and its details."""
    return {"at": event.at, "kind": event.kind, **event.detail}


@dataclass(frozen=True, slots=True)
class CaseView:
    """Everything shown of one case, read at one moment: ``case show`` and the case page.

    ``overview`` is in ``lang`` (its steps are sentences); ``evidence`` is keyed by
    sighting id; ``now`` is the moment it was read (for "overdue").
    """

    case: Case
    lang: Lang
    kind: str
    fingerprints: tuple[StoredFingerprint, ...]
    videos: int
    overview: Overview
    sightings: tuple[Sighting, ...]
    evidence: Mapping[int, Evidence]
    requests: tuple[Request, ...]
    profile: CaseProfile
    handoffs: tuple[Handoff, ...]
    timeline: tuple[Event, ...]
    now: datetime

    @property
    def sextortion(self) -> bool:
        return self.kind == "sextortion"

    @property
    def evidence_counts(self) -> dict[str, int]:
        """How many addresses are in each observed state."""
        return evidence_counts(self.evidence.values())

    @property
    def overdue_requests(self) -> frozenset[int]:
        """The ids of the requests past their deadline."""
        return frozenset(r.id for r in self.requests if is_overdue(r, self.now))

    @property
    def low_quality(self) -> int:
        """Fingerprints of photos too plain to match well."""
        return sum(1 for s in self.fingerprints if s.fingerprint.quality < PDQ_MIN_QUALITY)

    @property
    def profile_complete(self) -> bool:
        """Whether letters can be signed: a name and an e-mail address."""
        return bool(self.profile.name and self.profile.email)

    def as_dict(self) -> dict[str, object]:
        """The JSON of ``case show --json`` (its keys, types and order are an interface)."""
        o = self.overview
        return {
            **case_dict(self.case),
            "videos": self.videos,
            "sightings": o.sightings_open + o.sightings_removed,
            "sightings_open": o.sightings_open,
            "sightings_removed": o.sightings_removed,
            "sightings_by_state": self.evidence_counts,
            "evidence": [{"sighting": sid, **e.as_dict()} for sid, e in self.evidence.items()],
            "requests": dict(o.requests),
            "overdue": o.overdue,
            "profile_complete": self.profile_complete,
            "done": list(o.done),
            "waiting": [step.as_dict(self.lang) for step in o.waiting],
            "next": [step.as_dict(self.lang) for step in o.next],
            "timeline": [event_dict(e) for e in self.timeline],
            "kind": self.kind,
            "handoffs": [h.as_dict() for h in self.handoffs],
        }
