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
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from .errors import LeakhelpError
from .export import FingerprintSet, read_export, write_export
from .files import find_image_files
from .fingerprint import hash_files
from .models import Case, CaseId, Event, HashResult, Lang, StoredFingerprint
from .progress import Progress
from .store import Store, utc_now


@dataclass(frozen=True, slots=True)
class HashOutcome:
    """One file's result from :meth:`Workspace.hash`.

    ``stored`` is True when the fingerprint was added to the case, False when
    the case already had it, None when no case was given or hashing failed.
    """

    result: HashResult
    stored: bool | None = None


class Workspace:
    """A leakhelp home: its case store plus the operations on it."""

    def __init__(
        self, home: str | os.PathLike[str] | None = None, *, now: Callable[[], datetime] = utc_now
    ) -> None:
        self.store = Store.open(home, now=now)

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.store.close()

    # -- cases --------------------------------------------------------------
    def new_case(self, name: str, *, lang: Lang = "en", country: str | None = None) -> Case:
        return self.store.create_case(name, lang=lang, country=country)

    def cases(self) -> list[Case]:
        return self.store.list_cases()

    def case(self, ref: str) -> Case:
        return self.store.get_case(ref)

    def fingerprints(self, ref: str) -> list[StoredFingerprint]:
        return self.store.fingerprints(self.case(ref).id)

    def timeline(self, ref: str) -> list[Event]:
        return self.store.events(self.case(ref).id)

    def forget(self, ref: str) -> Case:
        case = self.case(ref)
        self.store.forget_case(case.id)
        return case

    # -- fingerprints -------------------------------------------------------
    def hash(
        self,
        paths: Iterable[str | os.PathLike[str]],
        *,
        case: str | None = None,
        workers: int | None = None,
        progress: Progress | None = None,
    ) -> Iterator[HashOutcome]:
        """Fingerprint files and folders; with ``case``, add the fingerprints to it.

        One outcome per file, in a stable order. Unreadable files are outcomes
        with an error, never exceptions. Only the fingerprint is stored: not
        the path, not the file name, not the pixels.
        """
        target: CaseId | None = self.case(case).id if case is not None else None
        found = list(find_image_files(paths))
        missing = {f.path: f.error for f in found if f.error}
        readable = [f.path for f in found if not f.error]
        results = hash_files(readable, workers=workers, progress=progress)
        added_total = 0
        try:
            for path in (f.path for f in found):
                if path in missing:
                    yield HashOutcome(HashResult(path=path, error=missing[path]))
                    continue
                result = next(results)
                stored: bool | None = None
                if target is not None and result.fingerprint is not None:
                    added, _dupes = self.store.add_fingerprints(
                        target, [result.fingerprint], log=False
                    )
                    stored = added == 1
                    added_total += added
                yield HashOutcome(result, stored)
        finally:
            if target is not None and added_total:
                self.store.add_event(target, "fingerprints-added", {"count": added_total})

    # -- export / import ----------------------------------------------------
    def export(
        self, ref: str, path: str | os.PathLike[str], *, include_name: bool = False
    ) -> dict[str, Any]:
        """Write the hash-only export of a case; returns the document written."""
        case = self.case(ref)
        stored = self.store.fingerprints(case.id)
        doc = write_export(
            path,
            [(s.ref, s.fingerprint) for s in stored],
            lang=case.lang,
            case_name=case.name if include_name else None,
        )
        self.store.add_event(case.id, "exported", {"fingerprints": len(stored)})
        return doc

    def import_export(
        self, path: str | os.PathLike[str], *, name: str | None = None, lang: Lang | None = None
    ) -> tuple[Case, int]:
        """Create a case from a hash-only export; returns it and its fingerprint count."""
        data: FingerprintSet = read_export(path)
        case_name = name or data.case_name or f"import {Path(path).stem}"[:80]
        case = self.store.create_case(case_name, lang=lang or data.lang or "en")
        try:
            added, _ = self.store.add_fingerprints(case.id, data.fingerprints)
        except LeakhelpError:
            self.store.forget_case(case.id)
            raise
        self.store.add_event(case.id, "imported", {"fingerprints": added})
        return self.case(case.id), added
