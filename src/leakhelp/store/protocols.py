"""What a case store offers, as typing Protocols: one per repository, and :class:`Store`.

:class:`leakhelp.api.Workspace` types against :class:`Store`, so any backend
that implements these methods (SQLite today: :class:`SqliteStore`) can hold
a leakhelp home. ``tests/test_store_contract.py`` runs the same tests against
every backend in its list. The request and sighting rules they must follow
are in :mod:`leakhelp.store.lifecycle`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

from ..models import (
    Answer,
    AnswerOutcome,
    Case,
    CaseId,
    CaseProfile,
    CheckOutcome,
    CheckResult,
    Event,
    Fingerprint,
    Handoff,
    Lang,
    Request,
    RequestStatus,
    Sighting,
    SightingState,
    StoredCheck,
    StoredFingerprint,
    StoredVideo,
    VideoFingerprint,
)

if TYPE_CHECKING:
    from ..matching import FingerprintTable


@dataclass(frozen=True)
class CaseCounts:
    """How many sightings a case has, and how many of them are open."""

    sightings: int = 0
    sightings_open: int = 0


class CaseRepository(Protocol):
    """Cases, their profile, kind, hand-offs and the files written for them."""

    def create_case(
        self,
        name: str,
        *,
        lang: Lang = "en",
        country: str | None = None,
        fingerprints: Iterable[Fingerprint] = (),
    ) -> Case: ...

    def list_cases(self) -> list[Case]: ...

    def get_case(self, ref: str) -> Case: ...

    def forget_case(self, case_id: CaseId) -> None: ...

    def case_kind(self, case_id: CaseId) -> str: ...

    def set_case_kind(self, case_id: CaseId, kind: str) -> None: ...

    def add_handoff(
        self, case_id: CaseId, service: str, *, done_on: str, reference: str | None
    ) -> Handoff: ...

    def handoffs(self, case_id: CaseId) -> list[Handoff]: ...

    def profile(self, case_id: CaseId) -> CaseProfile: ...

    def profiles(self) -> dict[CaseId, CaseProfile]: ...

    def case_counts(self) -> dict[CaseId, CaseCounts]: ...

    def set_profile(self, case_id: CaseId, changes: dict[str, object]) -> CaseProfile: ...

    def record_output(self, case_id: CaseId, path: str, kind: str) -> None: ...

    def outputs(self, case_id: CaseId) -> list[tuple[str, str]]: ...


class FingerprintRepository(Protocol):
    """Image and video fingerprints, and the packed table for the matching index."""

    def add_fingerprints(
        self, case_id: CaseId, fingerprints: Iterable[Fingerprint], *, log: bool = True
    ) -> tuple[int, int]: ...

    def add_videos(
        self, case_id: CaseId, videos: Iterable[VideoFingerprint], *, log: bool = True
    ) -> tuple[int, int]: ...

    def videos(self, case_id: CaseId) -> list[StoredVideo]: ...

    def fingerprints(
        self,
        case_id: CaseId,
        *,
        pdq: str | None = None,
        fingerprint_id: int | None = None,
        with_regions: bool = True,
    ) -> list[StoredFingerprint]: ...

    def each_fingerprint(self, case_id: CaseId) -> Iterator[StoredFingerprint]: ...

    def fingerprint_table(self, case_id: CaseId) -> FingerprintTable: ...

    def set_fingerprint_label(
        self, case_id: CaseId, fingerprint_id: int, label: str | None
    ) -> StoredFingerprint: ...


class SightingRepository(Protocol):
    """Where the content was seen, and its removal."""

    def add_sightings(
        self,
        case_id: CaseId,
        items: Iterable[tuple[str, str | None]],
        *,
        source: str = "manual",
    ) -> list[tuple[Sighting, str]]: ...

    def sightings(
        self,
        case_id: CaseId | None = None,
        *,
        state: SightingState | None = None,
        ids: Iterable[int] | None = None,
    ) -> list[Sighting]: ...

    def sighting(self, sighting_id: int) -> Sighting: ...

    def mark_sighting_removed(
        self, sighting_id: int, *, by: str = "manual"
    ) -> tuple[Sighting, list[int]]: ...

    def reopen_sighting(
        self, sighting_id: int, *, by: str = "manual"
    ) -> tuple[Sighting, list[int]]: ...

    def set_sighting_stated(
        self, sighting_id: int, *, seen_at: str | None = None, note: str | None = None
    ) -> Sighting: ...


class RequestRepository(Protocol):
    """Removal requests and the platforms' answers."""

    def create_request(
        self,
        case_id: CaseId,
        *,
        basis: str,
        lang: Lang,
        sighting_ids: Iterable[int],
        platform: str | None = None,
        host: str | None = None,
        subject: str | None = None,
        to: str | None = None,
        letter: str | None = None,
        letter_format: str = "txt",
        deadline_days: float | None = None,
    ) -> Request: ...

    def requests(
        self,
        case_id: CaseId | None = None,
        *,
        statuses: Iterable[RequestStatus] | None = None,
    ) -> list[Request]: ...

    def request(self, request_id: int) -> Request: ...

    def request_letter(self, request_id: int) -> str | None: ...

    def request_letters(self, case_id: CaseId, *, sent_only: bool = True) -> dict[int, str]: ...

    def mark_request_sent(
        self,
        request_id: int,
        *,
        sent_at: str,
        deadline_at: str | None,
        channel: str | None = None,
        reference: str | None = None,
        deadline_days: float | None = None,
    ) -> Request: ...

    def set_request_recorded(self, request_id: int, recorded_at: str) -> None: ...

    def set_request_reference(self, request_id: int, reference: str) -> Request: ...

    def set_request_deadline(
        self, request_id: int, deadline_at: str, *, deadline_days: float | None = None
    ) -> Request: ...

    def record_answer(
        self,
        request_id: int,
        outcome: AnswerOutcome,
        *,
        note: str | None = None,
        at: str | None = None,
    ) -> tuple[Request, list[int]]: ...

    def record_reminder(self, request_id: int) -> Request: ...

    def record_escalation(self, request_id: int, route: str) -> Request: ...

    def answers(self, case_id: CaseId) -> list[Answer]: ...


class CheckRepository(Protocol):
    """Status checks kept as evidence."""

    def record_check(
        self, result: CheckResult, *, sighting_id: int | None = None
    ) -> CheckOutcome: ...

    def checks(self, case_id: CaseId) -> list[StoredCheck]: ...


class EventRepository(Protocol):
    """The timeline of a case."""

    def add_event(
        self, case_id: CaseId, kind: str, detail: dict[str, object] | None = None
    ) -> None: ...

    def events(self, case_id: CaseId) -> list[Event]: ...


class Store(
    CaseRepository,
    FingerprintRepository,
    SightingRepository,
    RequestRepository,
    CheckRepository,
    EventRepository,
    Protocol,
):
    """A whole case store: every repository, its clock, and its life cycle."""

    #: Opened read-only (a write-protected home): reading works, writing says so.
    read_only: bool

    def moment(self) -> datetime:
        """The store's clock as an aware datetime in UTC."""
        ...

    def wipe(self, *, forgotten: str | None = None) -> None:
        """Overwrite the space freed by deleted data (after ``forget_case``)."""
        ...

    def close(self) -> None: ...
