"""Cases: create, find, forget; their profile, kind, hand-offs and the files written for them."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from ..errors import (
    CaseNotFoundError,
    UsageError,
)
from ..models import (
    CASE_KINDS,
    LANGS,
    Case,
    CaseId,
    CaseProfile,
    Fingerprint,
    Handoff,
    Lang,
)
from .fingerprints import SqliteFingerprints
from .protocols import CaseCounts
from .rows import _case, _profile, _require_case

#: The case profile's fields, in the order they are shown.
PROFILE_FIELDS: tuple[str, ...] = (
    "name",
    "email",
    "country",
    "address",
    "phone",
    "signature",
    "minor",
)


#: Alphabet for case ids: lower case, no 0/o, 1/l/i, so an id read aloud over
#: the phone or copied by hand comes out right.
_ID_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"


_ID_LENGTH = 6


def new_case_id() -> CaseId:
    import secrets  # here: it loads hashlib and OpenSSL, which `case show` never needs

    return CaseId("".join(secrets.choice(_ID_ALPHABET) for _ in range(_ID_LENGTH)))


class SqliteCases(SqliteFingerprints):
    """Cases in SQLite (:class:`~.protocols.CaseRepository`); a new case may come with
    its fingerprints, in the same transaction."""

    def create_case(
        self,
        name: str,
        *,
        lang: Lang = "en",
        country: str | None = None,
        fingerprints: Iterable[Fingerprint] = (),
    ) -> Case:
        """A new case; with ``fingerprints`` (an import) they come in the same transaction,
        so a failed or interrupted import leaves no empty case behind."""
        name = name.strip()
        if not name:
            raise UsageError("error.case-needs-name")
        if lang not in LANGS:
            raise UsageError("store.lang", choices=", ".join(LANGS))
        created = self.now()
        with self.transaction() as conn:
            for _attempt in range(10):
                case_id = new_case_id()
                if conn.execute("SELECT 1 FROM cases WHERE id = ?", (case_id,)).fetchone() is None:
                    break
            conn.execute(
                "INSERT INTO cases (id, name, lang, country, created_at) VALUES (?, ?, ?, ?, ?)",
                (case_id, name, lang, country.upper() if country else None, created),
            )
            self._event(conn, case_id, "case-created", {"lang": lang})
            added, _dupes = self._insert_fingerprints(conn, case_id, fingerprints)
        return Case(
            id=case_id,
            name=name,
            lang=lang,
            created_at=created,
            country=country.upper() if country else None,
            fingerprint_count=added,
        )

    def list_cases(self) -> list[Case]:
        rows = self._conn.execute(
            "SELECT c.*, (SELECT COUNT(*) FROM fingerprints f WHERE f.case_id = c.id) AS n "
            "FROM cases c ORDER BY c.created_at, c.id"
        ).fetchall()
        return [_case(row) for row in rows]

    def get_case(self, ref: str) -> Case:
        """Find a case by its id, or by its name when exactly one case has it."""
        ref = ref.strip()
        query = (
            "SELECT c.*, (SELECT COUNT(*) FROM fingerprints f WHERE f.case_id = c.id) AS n "
            "FROM cases c WHERE {} ORDER BY c.created_at"
        )
        row = self._conn.execute(query.format("c.id = ?"), (ref.lower(),)).fetchone()
        if row is not None:
            return _case(row)
        rows = self._conn.execute(query.format("c.name = ? COLLATE NOCASE"), (ref,)).fetchall()
        if len(rows) == 1:
            return _case(rows[0])
        if len(rows) > 1:
            ids = ", ".join(r["id"] for r in rows)
            raise UsageError("case.ambiguous", ref=ref, ids=ids)
        close = self._closest_case(ref)
        if close:
            raise CaseNotFoundError("case.not-found-close", ref=ref, close=close)
        raise CaseNotFoundError("case.not-found", ref=ref)

    def _closest_case(self, ref: str) -> str | None:
        """The id of the case whose id or name is closest to a mistyped ``ref``, if any."""
        rows = self._conn.execute("SELECT id, name FROM cases").fetchall()
        by_word = {row["id"]: row["id"] for row in rows}
        by_word.update({row["name"].lower(): row["id"] for row in rows if row["name"]})
        close = difflib.get_close_matches(ref.lower(), list(by_word), n=1, cutoff=0.6)
        return by_word[close[0]] if close else None

    def forget_case(self, case_id: CaseId) -> None:
        """Delete the case and everything in it, and overwrite the freed space."""
        with self.transaction() as conn:
            cur = conn.execute("DELETE FROM cases WHERE id = ?", (case_id,))
            if cur.rowcount == 0:
                raise CaseNotFoundError("case.not-found", ref=case_id)
        self.wipe(forgotten=case_id)

    def case_kind(self, case_id: CaseId) -> str:
        """'shared' (images were shared) or 'sextortion' (threatened, not yet shared)."""
        row = self._conn.execute("SELECT kind FROM cases WHERE id = ?", (case_id,)).fetchone()
        if row is None:
            raise CaseNotFoundError("case.not-found", ref=case_id)
        return str(row["kind"])

    def set_case_kind(self, case_id: CaseId, kind: str) -> None:
        if kind not in CASE_KINDS:
            raise UsageError("store.case-kind", choices=", ".join(CASE_KINDS))
        with self.transaction() as conn:
            _require_case(conn, case_id)
            conn.execute("UPDATE cases SET kind = ? WHERE id = ?", (kind, case_id))
            self._event(conn, case_id, "case-kind", {"kind": kind})

    def add_handoff(
        self, case_id: CaseId, service: str, *, done_on: str, reference: str | None
    ) -> Handoff:
        """Record that a hashing service was used (the timeline names only the service)."""
        recorded = self.now()
        with self.transaction() as conn:
            _require_case(conn, case_id)
            cur = conn.execute(
                "INSERT INTO handoffs (case_id, service, done_on, reference, recorded_at) "
                "VALUES (?, ?, ?, ?, ?)",
                (case_id, service, done_on, reference, recorded),
            )
            self._event(conn, case_id, "handoff-recorded", {"service": service})
        handoff_id = cur.lastrowid
        assert handoff_id is not None
        return Handoff(handoff_id, case_id, service, done_on, reference, recorded)

    def handoffs(self, case_id: CaseId) -> list[Handoff]:
        rows = self._conn.execute(
            "SELECT * FROM handoffs WHERE case_id = ? ORDER BY done_on, id", (case_id,)
        ).fetchall()
        return [
            Handoff(
                id=int(r["id"]),
                case_id=CaseId(r["case_id"]),
                service=r["service"],
                done_on=r["done_on"],
                reference=r["reference"],
                recorded_at=r["recorded_at"],
            )
            for r in rows
        ]

    def profile(self, case_id: CaseId) -> CaseProfile:
        """The case's profile (empty when none was set)."""
        row = self._conn.execute(
            "SELECT * FROM case_profiles WHERE case_id = ?", (case_id,)
        ).fetchone()
        if row is None:
            _require_case(self._conn, case_id)
            return CaseProfile(case_id=case_id)
        return _profile(row)

    def profiles(self) -> dict[CaseId, CaseProfile]:
        """Every case's profile in one query (an empty one for a case without)."""
        rows = self._conn.execute(
            "SELECT c.id AS cid, p.* FROM cases c LEFT JOIN case_profiles p ON p.case_id = c.id"
        ).fetchall()
        return {
            CaseId(r["cid"]): _profile(r)
            if r["case_id"] is not None
            else CaseProfile(case_id=r["cid"])
            for r in rows
        }

    def case_counts(self) -> dict[CaseId, CaseCounts]:
        """Each case's sightings and open sightings, in one query (cases without: none)."""
        rows = self._conn.execute(
            "SELECT case_id, COUNT(*) AS n, SUM(state = 'open') AS open FROM sightings "
            "GROUP BY case_id"
        ).fetchall()
        return {CaseId(r["case_id"]): CaseCounts(int(r["n"]), int(r["open"])) for r in rows}

    def set_profile(self, case_id: CaseId, changes: dict[str, object]) -> CaseProfile:
        """Set (or, with None, clear) some profile fields; the others stay."""
        unknown = set(changes) - set(PROFILE_FIELDS)
        if unknown:
            raise UsageError("error.profile-fields", fields=", ".join(sorted(unknown)))
        with self.transaction() as conn:
            _require_case(conn, case_id)
            conn.execute(
                "INSERT OR IGNORE INTO case_profiles (case_id, updated_at) VALUES (?, ?)",
                (case_id, self.now()),
            )
            for key in PROFILE_FIELDS:  # fixed column names, never user input
                if key in changes:
                    value = changes[key]
                    if key == "minor":
                        value = 1 if value else 0
                    conn.execute(
                        f"UPDATE case_profiles SET {key} = ? WHERE case_id = ?",  # noqa: S608
                        (value, case_id),
                    )
            conn.execute(
                "UPDATE case_profiles SET updated_at = ? WHERE case_id = ?", (self.now(), case_id)
            )
            # The timeline names the fields, never their (personal) values.
            self._event(conn, case_id, "profile-updated", {"fields": sorted(changes)})
        return self.profile(case_id)

    def record_output(self, case_id: CaseId, path: str, kind: str) -> None:
        """Remember a file leakhelp wrote for a case (its absolute path, never its content)."""
        with self.transaction() as conn:
            _require_case(conn, case_id)
            conn.execute(
                "INSERT INTO outputs (case_id, path, kind, written_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (case_id, path) DO UPDATE SET kind = excluded.kind, "
                "written_at = excluded.written_at",
                (case_id, path, kind, self.now()),
            )

    def outputs(self, case_id: CaseId) -> list[tuple[str, str]]:
        """(path, kind) of the files leakhelp wrote for a case, oldest first."""
        rows = self._conn.execute(
            "SELECT path, kind FROM outputs WHERE case_id = ? ORDER BY id", (case_id,)
        ).fetchall()
        return [(row["path"], row["kind"]) for row in rows]
