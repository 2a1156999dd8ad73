"""Status checks kept as evidence; a check may remove or reopen a sighting."""

from __future__ import annotations

import json

from ..models import (
    CaseId,
    CheckOutcome,
    CheckResult,
    SightingChange,
    SightingState,
    StoredCheck,
)
from . import lifecycle
from .rows import _as_iso, _reason_values, _sighting_row
from .sightings import SqliteSightings


class SqliteChecks(SqliteSightings):
    """Status checks in SQLite (:class:`~.protocols.CheckRepository`); what a check does
    to a sighting is :func:`.lifecycle.after_check`."""

    def record_check(self, result: CheckResult, *, sighting_id: int | None = None) -> CheckOutcome:
        """Keep a status check as evidence for the sighting(s) with its URL.

        A "removed" check removes an open sighting (its removal date is that
        of the first removed check) and settles each request whose sightings
        are now all removed; an "online" check after a removal reopens the
        sighting and the requests it had settled. Nothing is stored when no
        sighting has the URL.
        """
        at = _as_iso(result.checked_at, self.now())
        changes: list[SightingChange] = []
        removed: list[int] = []
        reopened: list[int] = []
        with self.transaction() as conn:
            if sighting_id is not None:
                rows = [_sighting_row(conn, sighting_id)]
            else:
                rows = conn.execute(
                    "SELECT * FROM sightings WHERE url = ? ORDER BY id", (result.url,)
                ).fetchall()
            for row in rows:
                sid, case_id = int(row["id"]), row["case_id"]
                conn.execute(
                    "INSERT INTO checks (case_id, sighting_id, checked_at, url, final_url, state, "
                    "http_status, reason, image_match, elapsed_ms, reason_key, reason_values) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        case_id,
                        sid,
                        at,
                        result.url,
                        result.final_url,
                        result.state,
                        result.http_status,
                        result.reason,
                        result.image_match,
                        result.elapsed_ms,
                        result.reason_key,
                        json.dumps(dict(result.reason_values), sort_keys=True, default=str)
                        if result.reason_key is not None
                        else None,
                    ),
                )
                conn.execute(
                    "UPDATE sightings SET last_check_state = ?, last_checked_at = ? WHERE id = ?",
                    (result.state, at, sid),
                )
                before: SightingState = row["state"]
                after = before
                if result.state != row["last_check_state"]:
                    self._event(
                        conn,
                        case_id,
                        "checked",
                        {
                            "sighting": sid,
                            "state": result.state,
                            "http_status": result.http_status,
                        },
                    )
                move = lifecycle.after_check(before, result.state)
                if move == "remove":
                    self._remove_sighting(conn, case_id, sid, at=at, by="check")
                    removed.append(sid)
                    after = "removed"
                elif move == "reopen":
                    reopened += self._reopen_sighting(conn, case_id, sid, by="check")
                    after = "open"
                changes.append(
                    SightingChange(
                        sighting_id=sid,
                        case_id=CaseId(case_id),
                        url=row["url"],
                        previous_check_state=row["last_check_state"],
                        check_state=result.state,
                        previous_state=before,
                        state=after,
                    )
                )
            settled = self._settle_requests(conn, removed, at=at) if removed else []
        return CheckOutcome(
            result=result,
            changes=tuple(changes),
            settled_requests=tuple(settled),
            reopened_requests=tuple(sorted(set(reopened))),
        )

    def checks(self, case_id: CaseId) -> list[StoredCheck]:
        rows = self._conn.execute(
            "SELECT * FROM checks WHERE case_id = ? ORDER BY checked_at, id", (case_id,)
        ).fetchall()
        return [
            StoredCheck(
                id=int(r["id"]),
                case_id=CaseId(r["case_id"]),
                sighting_id=int(r["sighting_id"]),
                result=CheckResult(
                    url=r["url"],
                    state=r["state"],
                    http_status=r["http_status"],
                    reason=r["reason"],
                    checked_at=r["checked_at"],
                    final_url=r["final_url"],
                    image_match=r["image_match"],
                    elapsed_ms=r["elapsed_ms"],
                    reason_key=r["reason_key"],
                    reason_values=_reason_values(r["reason_values"]),
                ),
            )
            for r in rows
        ]
