"""The library's front door: a :class:`Workspace` combines the stages with the store.

Every CLI command is a thin layer over a method here, so a counsellor's own
script can do the same work::

    from leakhelp import Workspace
    with Workspace() as ws:
        case = ws.new_case("Sam", lang="nl")
        for result in ws.hash(["~/Pictures/private"], case=case.id):
            ...
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import (
    InputError,
    InvalidURLError,
    LeakhelpError,
    MissingFieldsError,
    NoFingerprintsError,
    OfflineError,
    UnknownPlatformError,
    UsageError,
)
from .i18n import says, t, why
from .models import (
    CASE_KINDS,
    DEFAULT_CONCURRENCY,
    DEFAULT_PER_HOST,
    DEFAULT_TIMEOUT,
    MAX_IMAGES_PER_PAGE,
    MAX_PAGES,
    AnswerOutcome,
    Case,
    CaseId,
    CaseProfile,
    CheckOutcome,
    CheckResult,
    CheckState,
    Event,
    Fingerprint,
    Handoff,
    HashResult,
    Lang,
    Request,
    Sighting,
    SightingState,
    StoredFingerprint,
    StoredVideo,
    VideoFingerprint,
    parse_iso,
)
from .paths import STDOUT
from .progress import Progress
from .registry import BASES, Channel, Platform, Registry, load_registry
from .store import CaseCounts, SqliteStore, Store, iso, lifecycle, utc_now
from .support import HASHING_SERVICES
from .tracking import (
    LIVE,
    Evidence,
    NextStep,
    Overview,
    PlatformStats,
    TrackingConfig,
    address_key,
    case_overview,
    deadline_for,
    default_basis,
    evidence_by_sighting,
    hours_late,
    is_overdue,
    load_config,
    next_step,
    normalize_url,
    pick_basis,
    reminder_text,
    request_stats,
    sextortion_next_steps,
    sightings_to_request,
)
from .views import CaseView
from .workers import ITEM_TIMEOUT, blocking


def _labelled(result: HashResult, label: str) -> HashResult:
    """The result with the user's own label on its fingerprints (photo, video, or both:
    an animated image)."""
    if result.video is not None:
        result = replace(result, video=replace(result.video, label=label))
    if result.fingerprint is not None:
        result = replace(result, fingerprint=replace(result.fingerprint, label=label))
    return result


if TYPE_CHECKING:  # imported where used: image, network, letter and report code only
    # for the commands using them (`case show` needs none of it)
    from .checks import BestMatch, CheckSettings, CheckTarget, PageReport, Resolver, Transport
    from .export import FingerprintSet, Written
    from .letters import Letter, LetterFields
    from .matching import MatchIndex, ScanResult
    from .reports import ReportData
    from .sealed import Passphrase
    from .videomatch import VideoIndex

#: Longest label kept for a fingerprint (the export schema allows 200).
MAX_LABEL = 80


@dataclass(frozen=True, slots=True)
class ScanOutcome:
    """One candidate file from :meth:`Workspace.scan`: its best match, or why it failed."""

    result: ScanResult

    @property
    def ok(self) -> bool:
        return self.result.ok


def _name_not_found(result: CheckResult) -> bool:
    """A check that failed because the host name could not be looked up."""
    key = getattr(result, "reason_key", None)
    if key is not None:
        return str(key).removeprefix("check.") == "dns"
    return result.state == "unreachable" and says("check.dns", result.reason)


@dataclass(frozen=True, slots=True)
class SightingOutcome:
    """One input of :meth:`Workspace.add_sightings`: the sighting, or why not.

    ``status`` is "added", "seen-again" (the case had the URL: last_seen
    updated) or "reopened" (it had been removed and was seen again).
    """

    input: str
    sighting: Sighting | None = None
    status: str | None = None
    platform_name: str | None = None
    error: str | None = None
    #: The error itself, to show it in the reader's language (``error`` is English).
    problem: LeakhelpError | None = None

    @property
    def ok(self) -> bool:
        return self.sighting is not None

    def error_text(self, lang: Lang) -> str:
        return self.problem.text(lang) if self.problem else (self.error or "")


#: Longest case number kept for a hand-off (StopNCII and Take It Down numbers are short).
MAX_HANDOFF_REFERENCE = 64


@dataclass(frozen=True, slots=True)
class HandoffOutcome:
    """A recorded hand-off, the partner platforms it covers (per the registry),
    and warnings for the person."""

    handoff: Handoff
    partners: tuple[str, ...]
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class DraftOutcome:
    """One letter of :meth:`Workspace.draft_requests`: the stored request and its
    letter, or why it could not be written (``missing`` names the fields)."""

    target: str
    platform: str | None
    basis: str
    sightings: tuple[Sighting, ...]
    request: Request | None = None
    letter: Letter | None = None
    error: str | None = None
    missing: tuple[str, ...] = ()
    #: The error itself, to show it in the reader's language (``error`` is English).
    problem: LeakhelpError | None = None

    @property
    def ok(self) -> bool:
        return self.request is not None

    def error_text(self, lang: Lang) -> str:
        return self.problem.text(lang) if self.problem else (self.error or "")


@dataclass(frozen=True, slots=True)
class OverdueItem:
    """A request past its deadline, with the case it belongs to and what to do next."""

    request: Request
    case: Case
    hours_late: float
    step: NextStep


@dataclass(frozen=True, slots=True)
class CaseSummary:
    """One line of the counsellor's case list."""

    case: Case
    sightings: int
    sightings_open: int
    requests: int
    requests_open: int
    overdue: int


@dataclass(frozen=True, slots=True)
class HashOutcome:
    """One file's result from :meth:`Workspace.hash`.

    ``stored`` is True when the fingerprint was added to the case, False when
    the case already had it, None when no case was given or hashing failed.
    """

    result: HashResult
    stored: bool | None = None


@dataclass(frozen=True, slots=True)
class CheckReport:
    """One URL of :meth:`Workspace.check`: the evidence, and what it changed.

    ``sighting`` is the open sighting the URL is (as it was before this
    check), None for a URL no case tracks: nothing was stored for it.
    ``outcome`` is what recording did (removal date, settled requests).
    """

    input: str
    result: CheckResult
    sighting: Sighting | None = None
    outcome: CheckOutcome | None = None

    @property
    def checked(self) -> bool:
        """False when the URL was never fetched (not a web address, or refused)."""
        return not (self.result.state == "unknown" and self.result.http_status is None)

    @property
    def previous(self) -> CheckState | None:
        """The state of the sighting's last check before this one."""
        return self.sighting.last_check_state if self.sighting is not None else None

    @property
    def changed(self) -> bool:
        """True when a tracked URL's state differs from its last check (or is its first)."""
        return self.sighting is not None and self.previous != self.result.state

    @property
    def settled_requests(self) -> tuple[int, ...]:
        """Requests this check settled: every URL they asked about is removed."""
        return self.outcome.settled_requests if self.outcome is not None else ()


def case_matcher(store: Store, case_id: CaseId) -> BestMatch | None:
    """A case's fingerprints (and videos) as the status checker's image matcher
    (:class:`leakhelp.checks.BestMatch`); None when the case has neither. The
    hashes go from the store into the index as bytes, as for ``scan``."""
    from .checks import BestMatch
    from .matching import MatchIndex
    from .videomatch import VideoIndex

    table = store.fingerprint_table(case_id)
    videos = store.videos(case_id)
    if not table.refs and not videos:
        return None
    video_index = VideoIndex((v.ref, v.video) for v in videos) if videos else None
    return BestMatch(MatchIndex.from_table(table), video_index)


class Workspace:
    """A leakhelp home: its case store plus the operations on it."""

    def __init__(
        self,
        home: str | os.PathLike[str] | None = None,
        *,
        store: Store | None = None,
        now: Callable[[], datetime] = utc_now,
    ) -> None:
        """The home's SQLite store, or ``store``: any implementation of :class:`Store`
        (then ``home`` only names the home, and ``now`` is the store's own clock)."""
        self.store: Store = store if store is not None else SqliteStore.open(home, now=now)
        self.home = home
        self._registry: Registry | None = None
        self._config: TrackingConfig | None = None

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.store.close()

    # -- cases --------------------------------------------------------------
    def new_case(
        self, name: str, *, lang: Lang = "en", country: str | None = None, kind: str = "shared"
    ) -> Case:
        """A new case; ``kind="sextortion"`` when images are threatened, not yet shared."""
        if kind not in CASE_KINDS:
            raise UsageError("error.kind", choices=", ".join(CASE_KINDS))
        case = self.store.create_case(name, lang=lang, country=country)
        if kind != "shared":
            self.store.set_case_kind(case.id, kind)
        return case

    def case_kind(self, ref: str) -> str:
        """'shared' or 'sextortion' (threatened, not yet shared)."""
        return self.store.case_kind(self.case(ref).id)

    def set_case_kind(self, ref: str, kind: str) -> None:
        self.store.set_case_kind(self.case(ref).id, kind)

    # -- hand-offs to hashing services (StopNCII, Take It Down) -----------------
    def record_handoff(
        self,
        ref: str,
        service: str,
        *,
        done_on: date | None = None,
        reference: str | None = None,
        lang: Lang | None = None,
    ) -> HandoffOutcome:
        """Note that the person used StopNCII or Take It Down for this case.

        ``reference`` is the service's case number; a PIN is refused (it is
        never stored). Returns the record, the partner platforms the registry
        lists for that service, and warnings (e.g. StopNCII for a minor).
        """
        case = self.case(ref)
        if service not in HASHING_SERVICES:
            raise UsageError("error.service", choices=", ".join(HASHING_SERVICES))
        lang = lang or case.lang
        day = done_on or self.now().date()
        if day > self.now().date():
            raise UsageError("error.future", text=day.isoformat())
        ref_text = reference.strip() if reference else None
        if ref_text is not None:
            if "pin" in ref_text.casefold() or len(ref_text) > MAX_HANDOFF_REFERENCE:
                raise UsageError("handoff.pin")
            if any(not ch.isprintable() for ch in ref_text):
                raise UsageError("error.reference-control")
        minor = self.store.profile(case.id).minor
        warnings: list[str] = []
        if service == "stopncii" and minor:
            warnings.append(t("handoff.stopncii-minor", lang))
        handoff = self.store.add_handoff(
            case.id, service, done_on=day.isoformat(), reference=ref_text or None
        )
        return HandoffOutcome(handoff, self.hashing_partners(service), tuple(warnings))

    def handoffs(self, ref: str) -> list[Handoff]:
        return self.store.handoffs(self.case(ref).id)

    def hashing_partners(self, service: str) -> tuple[str, ...]:
        """Names of the platforms the registry lists as partners of ``service``."""
        if service == "stopncii":
            return tuple(p.name for p in self.registry.platforms if p.stopncii)
        if service == "take-it-down":
            return tuple(p.name for p in self.registry.platforms if p.take_it_down)
        raise UsageError("error.unknown-service", given=repr(service))

    def cases(self) -> list[Case]:
        return self.store.list_cases()

    def case(self, ref: str) -> Case:
        return self.store.get_case(ref)

    def fingerprints(self, ref: str) -> list[StoredFingerprint]:
        return self.store.fingerprints(self.case(ref).id)

    def timeline(self, ref: str) -> list[Event]:
        return self.store.events(self.case(ref).id)

    def forget(self, ref: str) -> Case:
        """Delete a case and overwrite its data on disk.

        Raises :class:`~leakhelp.errors.WipeIncompleteError` when the case is
        deleted but its old data could not be overwritten yet.
        """
        case = self.case(ref)
        self.store.forget_case(case.id)
        return case

    def wipe(self) -> None:
        """Finish overwriting deleted data (after a ``WipeIncompleteError``)."""
        self.store.wipe()

    # -- fingerprints -------------------------------------------------------
    def hash(
        self,
        paths: Iterable[str | os.PathLike[str]],
        *,
        case: str | None = None,
        label: str | None = None,
        workers: int | None = None,
        progress: Progress | None = None,
    ) -> Iterator[HashOutcome]:
        """Fingerprint files and folders; with ``case``, add the fingerprints to it.

        One outcome per file, in a stable order. Unreadable files are outcomes
        with an error, never exceptions. Only the fingerprint is stored: not
        the path, not the file name, not the pixels. ``label`` is the user's
        own name for the image (numbered "label 1", "label 2", ... when there
        are several); without it a fingerprint is known by its number.
        """

        from .files import find_image_files
        from .fingerprint import hash_files
        from .video import hash_media_one
        from .videodecode import VIDEO_ITEM_TIMEOUT, looks_like_video

        target: CaseId | None = self.case(case).id if case is not None else None
        label = " ".join(label.split())[:MAX_LABEL] if label else None
        found = list(find_image_files(paths))
        missing = {f.path: f.error for f in found if f.error}
        readable = [f.path for f in found if not f.error]
        # Originals that go into a case also get the hashes that find copies
        # with borders or a few percent cut off (leakhelp.regions). Videos
        # are fingerprinted in the same pool, with a longer time limit.
        has_video = any(looks_like_video(Path(p)) for p in readable)
        hashed = hash_files(
            readable,
            workers=workers,
            progress=progress,
            hasher=partial(hash_media_one, regions=target is not None),
            timeout=VIDEO_ITEM_TIMEOUT if has_video else ITEM_TIMEOUT,
        )

        def results() -> Iterator[HashResult]:
            for path in (f.path for f in found):
                yield (
                    HashResult(path=path, error=missing[path]) if path in missing else next(hashed)
                )

        yield from self._keep_fingerprints(
            target, results(), label=label, several=len(readable) > 1
        )

    def _keep_fingerprints(
        self,
        target: CaseId | None,
        results: Iterable[HashResult],
        *,
        label: str | None,
        several: bool,
    ) -> Iterator[HashOutcome]:
        """Label the fingerprints and, with a ``target`` case, add them to it."""
        added_total = 0
        labelled = 0
        try:
            for result in results:
                if label and result.ok:
                    labelled += 1
                    own = f"{label} {labelled}" if several else label
                    result = _labelled(result, own)
                stored: bool | None = None
                if target is not None and result.fingerprint is not None:
                    added, _dupes = self.store.add_fingerprints(
                        target, [result.fingerprint], log=False
                    )
                    stored = added == 1
                    added_total += added
                    if not stored and label and result.fingerprint.label:
                        self._relabel_by_hash(target, result.fingerprint)
                if target is not None and result.video is not None:
                    stored = self._store_video(target, result.video)
                yield HashOutcome(result, stored)
        finally:
            if target is not None and added_total:
                self.store.add_event(target, "fingerprints-added", {"count": added_total})

    def _relabel_by_hash(self, case_id: CaseId, fingerprint: Fingerprint) -> None:
        """`hash --label` on an image the case already has: it gets the new label."""
        for stored in self.store.fingerprints(case_id, pdq=fingerprint.pdq):
            self.store.set_fingerprint_label(case_id, stored.id, fingerprint.label)

    def set_label(self, ref: str, fingerprint_id: int, label: str | None) -> StoredFingerprint:
        """Give a fingerprint of a case the user's own name for it (None: its number again)."""
        case = self.case(ref)
        clean = " ".join(label.split())[:MAX_LABEL] if label and label.strip() else None
        return self.store.set_fingerprint_label(case.id, fingerprint_id, clean)

    # -- scanning -----------------------------------------------------------
    def match_index(
        self, *, case: str | None = None, fingerprints: FingerprintSet | None = None
    ) -> MatchIndex:
        """The fingerprints of a case, or of an export / ``hash --json`` file, packed for matching."""
        from .matching import MatchIndex

        if (case is None) == (fingerprints is None):
            raise UsageError("error.case-or-fingerprints")
        if fingerprints is not None:
            return MatchIndex(zip(fingerprints.refs, fingerprints.fingerprints, strict=True))
        case_id = self.case(case or "").id
        table = self.store.fingerprint_table(case_id)
        if not table.refs and not self.store.videos(case_id):
            raise NoFingerprintsError("error.no-fingerprints")
        return MatchIndex.from_table(table)  # bytes from the store into the index, no hex

    def video_index(
        self, *, case: str | None = None, fingerprints: FingerprintSet | None = None
    ) -> VideoIndex | None:
        """The videos of a case (or of a fingerprint file) packed for matching; None without any.

        The case's photos go in too, so that a candidate photo is compared with
        photos and video frames in one pass (see :meth:`scan`).
        """
        from .videomatch import VideoIndex

        if fingerprints is not None:
            if not fingerprints.videos:
                return None
            photos = zip(fingerprints.refs, fingerprints.fingerprints, strict=True)
            return VideoIndex(fingerprints.videos, photos=photos)
        case_id = self.case(case or "").id
        stored = self.store.videos(case_id)
        if not stored:
            return None
        own = ((s.ref, s.fingerprint) for s in self.store.fingerprints(case_id))
        return VideoIndex(((v.ref, v.video) for v in stored), photos=own)

    def videos(self, ref: str) -> list[StoredVideo]:
        """The video fingerprints of a case."""
        return self.store.videos(self.case(ref).id)

    def _store_video(self, case_id: CaseId, video: VideoFingerprint) -> bool:
        added, _dupes = self.store.add_videos(case_id, [video])
        return added == 1

    def scan(
        self,
        paths: Iterable[str | os.PathLike[str]],
        *,
        case: str | None = None,
        fingerprints: FingerprintSet | None = None,
        index: MatchIndex | None = None,
        videos: VideoIndex | None = None,
        workers: int | None = None,
        progress: Progress | None = None,
    ) -> Iterator[ScanOutcome]:
        """Look for copies of a case's images (or an export's) among files and folders.

        Give ``case`` (id or name), ``fingerprints`` (from
        :func:`~leakhelp.export.load_fingerprint_file`) or a ready ``index``
        (:meth:`match_index`, with ``videos`` from :meth:`video_index`).
        Candidates may be photos or videos; a result that matched a video is a
        :class:`~leakhelp.videomatch.VideoScanResult`. One outcome per
        candidate file, in a stable order; unreadable files are outcomes with
        an error. Nothing is
        written: not the candidates' paths, not their hashes, not the results.
        """
        from .files import find_image_files
        from .matching import ScanResult, scan_files
        from .videodecode import VIDEO_ITEM_TIMEOUT, looks_like_video
        from .videomatch import scan_media

        if index is None:
            index = self.match_index(case=case, fingerprints=fingerprints)
        if videos is None and (case is not None or fingerprints is not None):
            videos = self.video_index(case=case, fingerprints=fingerprints)
        found = list(find_image_files(paths))
        missing = {f.path: f.error for f in found if f.error}
        readable = [f.path for f in found if not f.error]
        has_video = any(looks_like_video(Path(p)) for p in readable)
        if videos is not None or has_video:
            limit = VIDEO_ITEM_TIMEOUT if has_video else ITEM_TIMEOUT
            media = scan_media(
                readable, index, videos, workers=workers, progress=progress, timeout=limit
            )
            results: Iterator[ScanResult] = iter(media)
        else:  # photos only: the photo scanner as it is
            results = scan_files(readable, index, workers=workers, progress=progress)
        for path in (f.path for f in found):
            if path in missing:
                yield ScanOutcome(ScanResult(path=path, error=missing[path]))
            else:
                yield ScanOutcome(next(results))

    # -- export / import ----------------------------------------------------
    def export(
        self,
        ref: str,
        path: str | os.PathLike[str],
        *,
        include_name: bool = False,
        passphrase: str | None = None,
    ) -> Written:
        """Write the hash-only export of a case (encrypted with ``passphrase``), one
        fingerprint at a time; returns how many fingerprints and videos it holds."""
        from .export import stream_export_to

        case = self.case(ref)
        videos = self.store.videos(case.id)
        written = stream_export_to(
            path,
            ((s.ref, s.fingerprint) for s in self.store.each_fingerprint(case.id)),
            lang=case.lang,
            case_name=case.name if include_name else None,
            passphrase=passphrase,
            videos=[(v.ref, v.video) for v in videos],
        )
        detail: dict[str, object] = {"fingerprints": written.fingerprints}
        if videos:
            detail["videos"] = len(videos)
        self.store.add_event(case.id, "exported", detail)
        self.record_output(case.id, path, "export")
        return written

    def import_export(
        self,
        path: str | os.PathLike[str],
        *,
        name: str | None = None,
        lang: Lang | None = None,
        passphrase: Passphrase = None,
    ) -> tuple[Case, int]:
        """Create a case from a hash-only export (an encrypted one with
        ``passphrase``); returns it and its fingerprint count."""
        from .export import NotAsWritten, read_export, stream_export

        fallback = f"import {Path(path).stem}"[:80]
        # As leakhelp writes exports: one fingerprint at a time, memory bounded.
        # Anything else (or anything wrong) is read whole below, which names it;
        # the case half made is rolled back with the transaction.
        try:
            head, items = stream_export(path)
            return self.import_fingerprints(
                head, name=name or head.case_name or fallback, lang=lang, stream=items
            )
        except NotAsWritten:
            pass
        data: FingerprintSet = read_export(path, passphrase=passphrase)
        return self.import_fingerprints(data, name=name or data.case_name or fallback, lang=lang)

    def import_fingerprints(
        self,
        data: FingerprintSet,
        *,
        name: str | None = None,
        lang: Lang | None = None,
        stream: Iterable[Fingerprint] | None = None,
    ) -> tuple[Case, int]:
        """Create a case from fingerprints already read (an export), or from ``stream``
        (then ``data`` gives the rest); returns it and the count."""
        case_name = name or data.case_name or "import"
        # One transaction for the case and its fingerprints: a failed or interrupted
        # import leaves no empty case.
        case = self.store.create_case(
            case_name,
            lang=lang or data.lang or "en",
            fingerprints=data.fingerprints if stream is None else stream,
        )
        added = case.fingerprint_count
        try:
            videos, _ = self.store.add_videos(case.id, (v for _ref, v in data.videos), log=False)
        except LeakhelpError:
            self.store.forget_case(case.id)
            raise
        detail: dict[str, object] = {"fingerprints": added}
        if videos:
            detail["videos"] = videos
        self.store.add_event(case.id, "imported", detail)
        return self.case(case.id), added

    # -- status checks --------------------------------------------------------
    async def acheck(
        self,
        urls: Sequence[str] | None = None,
        *,
        case: str | None = None,
        all_open: bool = False,
        timeout: float = DEFAULT_TIMEOUT,
        allow_private: bool = False,
        concurrency: int = DEFAULT_CONCURRENCY,
        per_host: int = DEFAULT_PER_HOST,
        lang: Lang | None = None,
        record: bool = True,
        progress: Progress | None = None,
        transport: Transport | None = None,
        resolver: Resolver | None = None,
    ) -> list[CheckReport]:
        """Is it still online? Check URLs, a case's open sightings, or all of them.

        ``urls`` are checked as given (a bare "site.tld/x" gets https://);
        without them, ``case`` checks that case's open sightings and
        ``all_open`` every open sighting of every case. A URL that is an open
        sighting (of ``case``, or of any case when none is given) is compared
        with that case's images and the check is stored as evidence: removal
        date, settled requests (see :meth:`record_check`). Other URLs are
        checked but not stored; with ``case`` they are still compared with
        its images. One report per input, in order. Images fetched on the way
        are hashed in memory and dropped. :meth:`check` is the same without
        ``await`` (it runs its own event loop).
        """
        from .checks import CheckSettings, CheckTarget

        if all_open and (urls or case):
            raise UsageError("check.usage.all")
        chosen = self.case(case) if case is not None else None
        if not urls and chosen is None and not all_open:
            raise UsageError("error.nothing-to-check")
        scope = self.open_sightings(chosen.id if chosen is not None else None)

        matchers: dict[CaseId, BestMatch | None] = {}

        def matcher_of(case_id: CaseId | None) -> BestMatch | None:
            if case_id is None:
                return None
            if case_id not in matchers:
                matchers[case_id] = case_matcher(self.store, case_id)
            return matchers[case_id]

        planned: list[tuple[str, Sighting | None, CheckTarget]] = []
        if urls:
            by_url: dict[str, Sighting] = {}
            for s in scope:
                by_url.setdefault(s.url, s)
            for raw in urls:
                url = raw.strip()
                try:
                    normal: str | None = normalize_url(url)
                except InvalidURLError:
                    normal = None
                if normal is not None and "://" not in url:
                    url = normal
                sighting = by_url.get(normal) if normal is not None else None
                owner = sighting.case_id if sighting is not None else None
                owner = owner or (chosen.id if chosen is not None else None)
                planned.append((raw, sighting, CheckTarget(url, matcher_of(owner))))
        else:
            for s in scope:
                planned.append((s.url, s, CheckTarget(s.url, matcher_of(s.case_id))))
        if not planned:
            return []
        settings = CheckSettings(
            timeout=timeout,
            concurrency=concurrency,
            per_host=per_host,
            allow_private=allow_private,
            lang=lang or (chosen.lang if chosen is not None else "en"),
        )
        results = await self._acheck_targets(
            [target for _, _, target in planned],
            settings,
            progress=progress,
            transport=transport,
            resolver=resolver,
        )
        if all(_name_not_found(result) for result in results):
            # Not one host name resolved: the network is down, not every site. That is
            # no evidence about any address, so nothing is recorded as "unreachable".
            raise OfflineError("check.offline", count=len(results))
        reports: list[CheckReport] = []
        for (raw, sighting, _), result in zip(planned, results, strict=True):
            outcome = None
            if record and sighting is not None:
                outcome = self.record_check(result, sighting_id=sighting.id)
            reports.append(CheckReport(raw, result, sighting, outcome))
        return reports

    check = blocking(acheck)

    async def _acheck_targets(
        self,
        targets: list[CheckTarget],
        settings: CheckSettings,
        *,
        progress: Progress | None,
        transport: Transport | None,
        resolver: Resolver | None = None,
    ) -> list[CheckResult]:
        from .checks import Classifier, acheck_urls

        return await acheck_urls(
            targets,
            settings=settings,
            classifier=Classifier(markers=self.registry),
            transport=transport,
            resolver=resolver,
            now=self.now,
            progress=progress,
        )

    def scan_urls(
        self,
        urls: Sequence[str],
        *,
        index: MatchIndex,
        videos: VideoIndex | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        allow_private: bool = False,
        lang: Lang = "en",
        progress: Progress | None = None,
        transport: Transport | None = None,
    ) -> list[ScanResult]:
        """Look for copies at web addresses, one result per URL, in order: the image
        a URL serves, or the best match among the images its page shows (see
        :meth:`scan_pages`). An address that is gone, unreachable or shows no image
        is a result with an error (the reason, in English). Nothing is stored.
        """
        reports = self.scan_pages(
            urls, index=index, videos=videos, timeout=timeout, allow_private=allow_private,
            lang=lang, progress=progress, transport=transport,
        )  # fmt: skip
        return [report.as_scan_result() for report in reports]

    async def ascan_pages(
        self,
        urls: Sequence[str],
        *,
        index: MatchIndex,
        videos: VideoIndex | None = None,
        pages: int = 1,
        max_pages: int = MAX_PAGES,
        max_images: int = MAX_IMAGES_PER_PAGE,
        page_budget: float | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        allow_private: bool = False,
        lang: Lang = "en",
        progress: Progress | None = None,
        transport: Transport | None = None,
        on_page: Callable[[PageReport], None] | None = None,
    ) -> list[PageReport]:
        """Look for copies on whole pages: every image each page shows (img, srcset,
        lazy-loaded, linked full-size, og:image, backgrounds) is fetched through the
        status checker's guard and caps, hashed in memory, matched against ``index``
        and dropped; ``pages`` > 1 follows each page's own pagination on its site.
        One report per page, in order (``on_page`` hears of each as it is done).
        Nothing is stored; see :meth:`record_page_scan`. :meth:`scan_pages` is the
        same without ``await``.
        """
        if pages < 1 or max_pages < 1 or max_images < 1:
            raise UsageError("error.page-limits-positive")
        from .checks import CheckSettings, Classifier, PageLimits
        from .checks import ascan_pages as scan_pages_of

        return await scan_pages_of(
            urls,
            index=index,
            settings=CheckSettings(timeout=timeout, allow_private=allow_private, lang=lang),
            limits=PageLimits(
                pages=pages, max_pages=max_pages, max_images=max_images, budget=page_budget
            ),
            classifier=Classifier(markers=self.registry),
            transport=transport,
            on_page=on_page,
            videos=videos,
            now=self.now,
            progress=progress,
        )

    scan_pages = blocking(ascan_pages)

    def record_page_scan(self, ref: str, reports: Sequence[PageReport]) -> dict[str, int]:
        """Add each page with a strong match to the case as a sighting, noting which of
        the case's images it shows and their direct addresses (what a platform's form
        asks for). An address that serves the image itself is the sighting. Returns
        {page url: sighting id} for the pages recorded."""
        strong = [r for r in reports if r.strong]
        if not strong:
            return {}
        case = self.case(ref)
        added = self.add_sightings(case.id, [r.url for r in strong], source="scan")
        recorded: dict[str, int] = {}
        for report, outcome in zip(strong, added, strict=True):
            if outcome.sighting is None:
                continue
            recorded[report.url] = outcome.sighting.id
            if report.direct_image:
                continue
            self.store.add_event(
                case.id,
                "page-scanned",
                {
                    "sighting": outcome.sighting.id,
                    "url": report.url,
                    "images": [
                        f"{f.match.ref} ({f.match.tier}): {f.image_url}" for f in report.findings
                    ],
                },
            )
        return recorded

    # -- case tracking --------------------------------------------------------
    def now(self) -> datetime:
        """The workspace's clock (``now=``), in UTC."""
        return self.store.moment()

    @property
    def registry(self) -> Registry:
        """The platform registry (packaged + the user's platforms.yaml), loaded once."""
        if self._registry is None:
            self._registry = load_registry(self.home)
        return self._registry

    @property
    def config(self) -> TrackingConfig:
        """Deadline settings from config.toml in the leakhelp home, read once."""
        if self._config is None:
            self._config = load_config(self.home)
        return self._config

    def profile(self, ref: str) -> CaseProfile:
        """The case's profile: the details letters are filled from (personal data)."""
        return self.store.profile(self.case(ref).id)

    def set_profile(self, ref: str, **fields: object) -> CaseProfile:
        """Set profile fields (name, email, country, address, phone, signature, minor);
        None clears one. Only the fields given change."""
        clean: dict[str, object] = {}
        for key, value in fields.items():
            if isinstance(value, str):
                value = value.strip() or None
            if key == "email" and value is not None and "@" not in str(value):
                raise UsageError("error.not-email", value=value)
            if key == "country" and value is not None:
                value = str(value).upper()
                if not (len(value) == 2 and value.isalpha()):
                    raise UsageError("error.country")
            if key == "minor":
                value = bool(value)
            clean[key] = value
        return self.store.set_profile(self.case(ref).id, clean)

    def platform_of(self, url: str) -> tuple[str | None, str | None]:
        """(platform id, platform name) of a URL per the registry, or (None, None)."""
        platform = self.registry.which(url)
        return (platform.id, platform.name) if platform is not None else (None, None)

    def add_sightings(
        self,
        ref: str,
        urls: Iterable[str],
        *,
        source: str = "manual",
        seen_at: datetime | None = None,
        note: str | None = None,
    ) -> list[SightingOutcome]:
        """Record where the content was seen; one outcome per input, in order.

        Invalid URLs are outcomes with an error; the others are still added
        (in one transaction). The same address twice in a case is one
        sighting, also when written with or without "www." or "https://".
        ``seen_at`` (when the user says they first saw it) and ``note`` are
        kept apart from the times leakhelp records.
        """
        case = self.case(ref)
        inputs = list(urls)
        outcomes: dict[int, SightingOutcome] = {}
        valid: list[tuple[int, str, str | None, str | None]] = []
        known = {address_key(s.url): s.url for s in self.store.sightings(case.id)}
        for index, raw in enumerate(inputs):
            try:
                url = normalize_url(raw)
            except InvalidURLError as exc:
                outcomes[index] = SightingOutcome(input=raw, error=str(exc), problem=exc)
                continue
            url = known.setdefault(address_key(url), url)
            platform, name = self.platform_of(url)
            valid.append((index, url, platform, name))
        if valid:
            done = self.store.add_sightings(
                case.id, [(url, platform) for _i, url, platform, _n in valid], source=source
            )
            stated = iso(seen_at.astimezone(UTC)) if seen_at else None
            for (index, _url, _platform, name), (sighting, status) in zip(valid, done, strict=True):
                if stated or note:
                    sighting = self.store.set_sighting_stated(
                        sighting.id, seen_at=stated, note=note
                    )
                outcomes[index] = SightingOutcome(
                    input=inputs[index], sighting=sighting, status=status, platform_name=name
                )
        return [outcomes[i] for i in range(len(inputs))]

    def sightings(
        self, ref: str | None = None, *, state: SightingState | None = None
    ) -> list[Sighting]:
        """Sightings of a case (all cases when ``ref`` is None)."""
        case_id = self.case(ref).id if ref is not None else None
        return self.store.sightings(case_id, state=state)

    def open_sightings(self, case: str | None = None) -> list[Sighting]:
        """Sightings not removed yet, of one case or (``case=None``) of all cases:
        what the status checker looks at."""
        return self.sightings(case, state="open")

    def mark_removed(self, sighting_id: int) -> tuple[Sighting, list[int]]:
        """Mark a sighting removed by hand; returns it and the requests this settles."""
        return self.store.mark_sighting_removed(sighting_id, by="manual")

    def reopen(self, sighting_id: int) -> tuple[Sighting, list[int]]:
        """The content is back: open the sighting (and the requests it settled) again."""
        return self.store.reopen_sighting(sighting_id, by="manual")

    def record_check(self, result: CheckResult, *, sighting_id: int | None = None) -> CheckOutcome:
        """Keep a status check as evidence for the sighting(s) with its URL (or the
        given sighting). A "removed" check removes the sighting and settles each
        request whose sightings are all removed; "online" after a removal reopens.
        Returns what changed; nothing is stored when no sighting has the URL."""
        try:
            url = normalize_url(result.url)
        except InvalidURLError:
            url = result.url
        if url != result.url:
            result = replace(result, url=url)
        return self.store.record_check(result, sighting_id=sighting_id)

    def requests(self, ref: str | None = None) -> list[Request]:
        case_id = self.case(ref).id if ref is not None else None
        return self.store.requests(case_id)

    def request(self, request_id: int) -> Request:
        return self.store.request(request_id)

    def request_letter(self, request_id: int) -> str | None:
        return self.store.request_letter(request_id)

    def request_letters(self, ref: str, *, sent_only: bool = False) -> dict[int, str]:
        """The letter of each request of a case that has one (or only the sent ones),
        by request id, in one query."""
        return self.store.request_letters(self.case(ref).id, sent_only=sent_only)

    def letter_fields(self, ref: str) -> LetterFields:
        """The case profile as letter fields (so nothing is typed twice)."""
        from .letters import LetterFields

        case = self.case(ref)
        profile = self.store.profile(case.id)
        return LetterFields(
            name=profile.name,
            email=profile.email,
            signature=profile.signature,
            country=profile.country or case.country,
            minor=profile.minor,
            address=profile.address,
            phone=profile.phone,
        )

    def draft_requests(
        self,
        ref: str,
        *,
        basis: str | None = None,
        platform: str | None = None,
        fmt: str = "txt",
        again: bool = False,
        days: float | None = None,
        fields: LetterFields | None = None,
    ) -> list[DraftOutcome]:
        """Write one letter per platform for the case's open sightings that no
        live request covers yet, and store each as a "drafted" request.

        ``basis`` is used for every letter; else each platform's best
        suggested basis that fits the case's country. Letters are filled from
        the case profile; ``fields`` (e.g. search terms, a description) add to
        or override it. A letter that misses required fields is an outcome
        with ``missing`` set; the other letters are still written.
        """
        from .letters import MAX_URLS, render_letter

        case = self.case(ref)
        if basis is not None and basis not in BASES:
            raise UsageError("error.unknown-basis", given=repr(basis), choices=", ".join(BASES))
        if days is not None and days <= 0:
            raise UsageError("error.days-positive")
        only: str | None = None
        if platform is not None:
            try:
                only = self.registry.get(platform).id
            except UnknownPlatformError:
                if "." not in platform:
                    raise
                only = platform.strip().lower().removeprefix("www.")
        base = self.letter_fields(case.id)
        if fields is not None:
            base = fields.fill_from(base)
        groups = sightings_to_request(
            self.store.sightings(case.id),
            self.store.requests(case.id),
            again=again,
            platform=only,
            max_per_group=MAX_URLS,
        )
        outcomes: list[DraftOutcome] = []
        for group in groups:
            plat = self.registry.get(group.platform) if group.platform else None
            if basis is not None:
                chosen = basis
            elif plat is not None and plat.suggested_bases:
                chosen = pick_basis(plat.suggested_bases, country=base.country, minor=base.minor)
            else:
                chosen = default_basis(country=base.country, minor=base.minor)
            target = plat.name if plat is not None else group.target
            values = replace(base, urls=tuple(s.url for s in group.sightings))
            try:
                letter = render_letter(
                    chosen,
                    case.lang,
                    values,
                    platform=plat,
                    fmt=fmt,
                    home=self.home,
                    now=self.now(),
                )
            except MissingFieldsError as exc:
                outcomes.append(
                    DraftOutcome(
                        target,
                        group.platform,
                        chosen,
                        group.sightings,
                        error=str(exc),
                        missing=tuple(exc.fields),
                    )
                )
                continue
            except InputError as exc:
                outcomes.append(
                    DraftOutcome(
                        target, group.platform, chosen, group.sightings, error=str(exc), problem=exc
                    )
                )
                continue
            request = self.store.create_request(
                case.id,
                basis=chosen,
                lang=case.lang,
                sighting_ids=[s.id for s in group.sightings],
                platform=group.platform,
                host=None if group.platform else group.host,
                subject=letter.subject,
                to=letter.to or letter.form_url,
                letter=letter.text,
                letter_format=fmt,
                deadline_days=days,
            )
            outcomes.append(
                DraftOutcome(target, group.platform, chosen, group.sightings, request, letter)
            )
        return outcomes

    def mark_sent(
        self,
        request_id: int,
        *,
        channel: str | None = None,
        reference: str | None = None,
        sent_at: datetime | None = None,
        days: float | None = None,
    ) -> Request:
        """Note that a request was sent (now, or at ``sent_at``); its deadline starts then."""
        req = self.store.request(request_id)
        if not lifecycle.can_mark_sent(req.status):
            raise UsageError("error.request-already", id=request_id, status=req.status)
        moment = (sent_at or self.now()).astimezone(UTC)
        chosen = days if days is not None else req.deadline_days
        due = deadline_for(req.basis, moment, config=self.config, days=chosen)
        self.store.mark_request_sent(
            request_id,
            sent_at=iso(moment),
            deadline_at=iso(due),
            channel=channel,
            reference=reference.strip() if reference else None,
            deadline_days=days,
        )
        self.store.set_request_recorded(request_id, iso(self.now()))
        return self.store.request(request_id)

    def acknowledge(self, request_id: int, reference: str) -> Request:
        """The platform confirmed the request with a ticket or reference number."""
        if not reference.strip():
            raise UsageError("error.reference-empty")
        return self.store.set_request_reference(request_id, reference.strip())

    def answer(
        self, request_id: int, outcome: AnswerOutcome, *, note: str | None = None
    ) -> tuple[Request, list[int]]:
        """Record what the platform answered; returns the request and the requests settled."""
        return self.store.record_answer(request_id, outcome, note=note)

    def remind(self, request_id: int) -> tuple[Request, str, str]:
        """Note a reminder and return it with the reminder's (subject, text) to send."""
        req = self.store.request(request_id)
        if req.sent_at is None:
            raise UsageError("error.remind-not-sent", id=request_id)
        case = self.store.get_case(req.case_id)
        profile = self.store.profile(case.id)
        urls = [s.url for s in self.store.sightings(ids=req.sighting_ids)]
        subject, text = reminder_text(
            req, urls, lang=case.lang, now=self.now(), name=profile.name, email=profile.email
        )
        return self.store.record_reminder(request_id), subject, text

    def escalate(self, request_id: int, route: str) -> Request:
        """Note that the request was taken further (e.g. "ap", "acm", "ftc", "helpwanted")."""
        if not route.strip():
            raise UsageError("error.escalate-to")
        return self.store.record_escalation(request_id, route.strip())

    def set_deadline(
        self, request_id: int, *, days: float | None = None, until: datetime | None = None
    ) -> Request:
        """Move a request's deadline: ``days`` after sending, or to ``until``."""
        req = self.store.request(request_id)
        if until is not None:
            due = until.astimezone(UTC)
        elif days is not None:
            if req.sent_at is None:
                return self.store.set_request_deadline(request_id, "", deadline_days=days)
            due = deadline_for(req.basis, parse_iso(req.sent_at), days=days)
        else:
            raise UsageError("error.days-or-until")
        return self.store.set_request_deadline(request_id, iso(due), deadline_days=days)

    def next_steps(self, ref: str, *, lang: Lang | None = None) -> list[NextStep]:
        """The next step for each request of a case (in ``lang``, else the case's)."""
        case = self.case(ref)
        profile = self.store.profile(case.id)
        return [self._next_step(case, r, lang, profile) for r in self.store.requests(case.id)]

    def next_step_for(self, request: Request, *, lang: Lang | None = None) -> NextStep:
        """The next step for one request (in ``lang``, else its case's language)."""
        return self._next_step(self.case(request.case_id), request, lang)

    def _next_step(
        self, case: Case, request: Request, lang: Lang | None, profile: CaseProfile | None = None
    ) -> NextStep:
        profile = profile or self.store.profile(case.id)
        return next_step(
            request,
            now=self.now(),
            lang=lang or case.lang,
            country=profile.country or case.country,
            minor=profile.minor,
        )

    def overview(self, ref: str, *, lang: Lang | None = None) -> Overview:
        """What is done, what is waiting, what is next, for one case (in ``lang``,
        else the case's language). A sextortion case starts with its own steps."""
        case = self.case(ref)
        profile = self.store.profile(case.id)  # read once, for both kinds of steps
        overview = case_overview(
            self.store.sightings(case.id),
            self.store.requests(case.id),
            now=self.now(),
            lang=lang or case.lang,
            country=profile.country or case.country,
            minor=profile.minor,
            case_ref=case.id,
        )
        if self.store.case_kind(case.id) != "sextortion":
            return overview
        steps = sextortion_next_steps(
            lang=lang or case.lang,
            minor=profile.minor,
            case_ref=case.id,
            handoffs=self.store.handoffs(case.id),
        )
        done = tuple(s.text for s in steps if s.kind == "sextortion-done")
        todo = tuple(s for s in steps if s.kind != "sextortion-done")
        return replace(overview, done=done + overview.done, next=todo + overview.next)

    def evidence(self, ref: str) -> dict[int, Evidence]:
        """What is known about each sighting of a case: observed when, and how."""
        case = self.case(ref)
        checks = (
            (c.sighting_id, c.result.checked_at, c.result.state) for c in self.store.checks(case.id)
        )
        return evidence_by_sighting(self.store.sightings(case.id), checks)

    def overdue(self, ref: str | None = None, *, lang: Lang | None = None) -> list[OverdueItem]:
        """Requests past their deadline (of one case, or all), most late first."""
        now = self.now()
        one = self.case(ref) if ref is not None else None
        cases = {c.id: c for c in ([one] if one is not None else self.cases())}
        late = [
            req
            for req in self.store.requests(None if one is None else one.id)
            if is_overdue(req, now) and req.case_id in cases
        ]
        profiles = self.store.profiles() if late else {}  # one query, not one per request
        items: list[OverdueItem] = []
        for req in late:
            case = cases[req.case_id]
            step = self._next_step(case, req, lang, profiles.get(case.id))
            items.append(OverdueItem(req, case, round(hours_late(req, now), 1), step))
        items.sort(key=lambda item: -item.hours_late)
        return items

    def case_summaries(self) -> list[CaseSummary]:
        """Every case with its open and overdue counts (the counsellor's list)."""
        now = self.now()
        counts = self.store.case_counts()
        by_case: dict[CaseId, list[Request]] = {}
        for req in self.store.requests():  # every case's requests in one query
            by_case.setdefault(req.case_id, []).append(req)
        out = []
        for case in self.cases():
            seen = counts.get(case.id, CaseCounts())
            reqs = by_case.get(case.id, [])
            out.append(
                CaseSummary(
                    case=case,
                    sightings=seen.sightings,
                    sightings_open=seen.sightings_open,
                    requests=len(reqs),
                    requests_open=sum(r.status in LIVE or r.status == "refused" for r in reqs),
                    overdue=sum(is_overdue(r, now) for r in reqs),
                )
            )
        return out

    def stats(self, *, by: str = "platform") -> list[PlatformStats]:
        """Per platform (or legal basis): requests sent and what came of them.
        No names, e-mail addresses or URLs: these figures can be shared."""
        return request_stats(self.store.requests(), now=self.now(), by=by)

    # -- evidence report ------------------------------------------------------
    def report_data(self, ref: str, *, contact_details: bool = False) -> ReportData:
        """Everything the evidence report of a case is made from (no hashes; the
        profile only inside the sent letters, and only with ``contact_details``)."""
        from . import __version__
        from .reports import ReportData

        case = self.case(ref)
        letters = self._sent_letters(case, contact_details=contact_details)
        sightings = self.store.sightings(case.id)
        requests = self.store.requests(case.id)
        ids = {s.platform for s in sightings if s.platform} | {
            r.platform for r in requests if r.platform
        }
        names = self.platform_names(ids)
        return ReportData(
            case=case,
            sightings=tuple(sightings),
            requests=tuple(requests),
            answers=tuple(self.store.answers(case.id)),
            checks=tuple(self.store.checks(case.id)),
            events=tuple(self.store.events(case.id)),
            generated_at=iso(self.now()),
            generator=f"leakhelp {__version__}",
            platform_names=names,
            letters=letters,
        )

    def _sent_letters(self, case: Case, *, contact_details: bool) -> dict[int, str]:
        """The text of each sent letter of a case; contact details left out unless asked."""
        profile = self.store.profile(case.id)
        private = {
            name: value
            for name in ("email", "phone", "address", "signature", "name")
            if isinstance(value := getattr(profile, name), str) and value.strip()
        }
        letters: dict[int, str] = {}
        for request_id, text in self.store.request_letters(case.id).items():
            if not text:
                continue
            if not contact_details:
                for name, value in sorted(private.items(), key=lambda kv: -len(kv[1])):
                    shown = t("report.redacted", case.lang, field=t(f"field.{name}", case.lang))
                    text = text.replace(value.strip(), shown)
            letters[request_id] = text
        return letters

    def report(
        self,
        ref: str,
        fmt: str = "html",
        *,
        path: str | os.PathLike[str] | None = None,
        contact_details: bool = False,
    ) -> str:
        """The evidence report of a case as text (md, html, csv or json); with
        ``path``, also written there as a 0600 file."""
        from .reports import render_report, write_report

        data = self.report_data(ref, contact_details=contact_details)
        if path is None:
            return render_report(data, fmt, home=self.home)
        text = write_report(data, fmt, path, home=self.home)
        if not self.store.read_only:  # a read-only home can still give its report
            self.store.add_event(data.case.id, "report-written", {"format": fmt})
            self.record_output(data.case.id, path, "report")
        return text

    def record_output(self, ref: str, path: str | os.PathLike[str], kind: str) -> None:
        """Remember a file leakhelp wrote for a case, so `case forget` can name it
        (the standard output, ``-o -``, is no file)."""
        if str(path) == STDOUT:
            return
        self.store.record_output(self.case(ref).id, str(Path(path).resolve()), kind)

    def outputs(self, ref: str) -> list[tuple[Path, str]]:
        """(path, kind) of the files leakhelp wrote for a case that are still on disk."""
        found = [(Path(p), kind) for p, kind in self.store.outputs(self.case(ref).id)]
        return [(path, kind) for path, kind in found if path.exists()]

    # -- in memory, for the local web app (leakhelp.web) -----------------------
    # The browser hands over bytes, never paths: these take the bytes, keep
    # what the CLI keeps, and drop the rest.
    def hash_images(
        self, ref: str, images: Iterable[bytes], *, label: str | None = None, several: bool = True
    ) -> Iterator[HashOutcome]:
        """Fingerprint images given as bytes (e.g. uploaded) into a case, one outcome each.

        The bytes are decoded in memory and dropped; results are named ``#1``,
        ``#2``, ... (never a file name). A video (recognised by its first
        bytes) gets a video fingerprint, as with :meth:`hash`. A file that is
        not a usable image or video is an outcome with an error.
        """
        from .fingerprint import fingerprint_file
        from .video import fingerprint_video
        from .videodecode import is_video_bytes

        target = self.case(ref).id
        label = " ".join(label.split())[:MAX_LABEL] if label else None

        def results() -> Iterator[HashResult]:
            for number, data in enumerate(images, 1):
                name = f"#{number}"
                try:
                    if is_video_bytes(data):
                        yield HashResult(path=name, video=fingerprint_video(data))
                        continue
                    yield HashResult(path=name, fingerprint=fingerprint_file(data, regions=True))
                except LeakhelpError as exc:
                    yield HashResult(path=name, error=str(exc))
                except Exception as exc:  # one strange file must never stop a batch
                    yield HashResult(path=name, error=why("unexpected", detail=type(exc).__name__))

        yield from self._keep_fingerprints(target, results(), label=label, several=several)

    def reporting_routes(
        self, urls: Iterable[str], *, country: str | None = None, minor: bool = False
    ) -> list[ReportRoute]:
        """Where each URL is, and how to report it: its platform, the best legal basis
        for ``country`` (and a minor), and the channel that takes that request."""
        out: list[ReportRoute] = []
        for raw in urls:
            url = raw.strip()
            if not url:
                continue
            found = self.registry.lookup(url)
            if found.error is not None:
                out.append(ReportRoute(url, error=found.error))
                continue
            plat = found.platform
            if plat is not None and plat.suggested_bases:
                basis = pick_basis(plat.suggested_bases, country=country, minor=minor)
            else:
                basis = default_basis(country=country, minor=minor)
            channels = plat.channels_for(basis) if plat is not None else ()
            out.append(ReportRoute(url, found.host, plat, basis, channels[0] if channels else None))
        return out

    def letter_for(self, request_id: int, fmt: str = "eml") -> Letter:
        """A stored request's letter written again in ``fmt`` (eml, form, txt, md),
        from the case profile and the request's addresses as they are now."""
        from .letters import render_letter

        req = self.store.request(request_id)
        plat = self.registry.get(req.platform) if req.platform else None
        urls = tuple(s.url for s in self.store.sightings(ids=req.sighting_ids))
        fields = replace(self.letter_fields(req.case_id), urls=urls)
        return render_letter(
            req.basis, req.lang, fields, platform=plat, fmt=fmt, home=self.home, now=self.now()
        )

    # -- views: what the CLI and the web app show (leakhelp.views) ------------------
    def case_view(self, ref: str, *, lang: Lang | None = None) -> CaseView:
        """Everything ``case show`` and the web case page show of a case, read at once
        (the overview's sentences in ``lang``, else the case's language)."""
        case = self.case(ref)
        return CaseView(
            case=case,
            lang=lang or case.lang,
            kind=self.case_kind(case.id),
            fingerprints=tuple(self.store.fingerprints(case.id, with_regions=False)),
            videos=len(self.videos(case.id)),
            overview=self.overview(case.id, lang=lang),
            sightings=tuple(self.sightings(case.id)),
            evidence=self.evidence(case.id),
            requests=tuple(self.requests(case.id)),
            profile=self.profile(case.id),
            handoffs=tuple(self.handoffs(case.id)),
            timeline=tuple(self.timeline(case.id)),
            now=self.now(),
        )

    def request_urls(self, request_id: int) -> list[str]:
        """The web addresses a request asks to remove, as they are now."""
        ids = self.request(request_id).sighting_ids
        urls = {s.id: s.url for s in self.store.sightings(ids=ids)}  # one query
        return [urls[sid] for sid in ids if sid in urls]

    def record_report_download(self, ref: str, fmt: str) -> None:
        """Note in the timeline that the report was handed out (the web app's download)."""
        self.store.add_event(self.case(ref).id, "report-written", {"format": fmt})

    # -- printed names (paste) --------------------------------------------------------

    def platform_names(self, ids: Iterable[str]) -> dict[str, str]:
        """Platforms as people know them ("Pornhub (Aylo)"), by id; an id the
        registry does not know (a web site's host) stands for itself."""
        names: dict[str, str] = {}
        for pid in ids:
            try:
                names[pid] = self.registry.get(pid).name
            except LeakhelpError:
                names[pid] = pid
        return names


@dataclass(frozen=True, slots=True)
class ReportRoute:
    """One address of :meth:`Workspace.reporting_routes`: where it is and how to report it."""

    url: str
    host: str | None = None
    platform: Platform | None = None
    basis: str | None = None
    channel: Channel | None = None
    error: str | None = None


def fingerprints_from_bytes(
    data: bytes, *, name: str = "file", passphrase: Passphrase = None
) -> FingerprintSet:
    """A hash-only export given as bytes (e.g. uploaded), read and checked in memory;
    an encrypted one is opened with ``passphrase`` (:class:`SealedExportError` without)."""
    from .export import read_export

    return read_export(data, name=name, passphrase=passphrase)
