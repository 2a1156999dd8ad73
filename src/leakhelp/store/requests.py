"""Removal requests (letters): drafted, sent, answered, reminded, escalated."""

from __future__ import annotations

from collections.abc import Iterable

from ..errors import (
    RequestNotFoundError,
    UsageError,
)
from ..models import (
    ANSWER_OUTCOMES,
    Answer,
    AnswerOutcome,
    CaseId,
    Lang,
    Request,
    RequestStatus,
)
from ..paths import shell_command
from . import lifecycle
from .rows import _listed, _request, _request_row, _require_case, _sighting_row, _where
from .sightings import SqliteSightings

#: Requests with the ids of their sightings ("3,5,8"), for one request or a list.
_REQUESTS = (
    "SELECT r.*, (SELECT group_concat(sighting_id) FROM request_sightings s "
    "WHERE s.request_id = r.id) AS sighting_ids FROM requests r"
)


class SqliteRequests(SqliteSightings):
    """Requests in SQLite (:class:`~.protocols.RequestRepository`); their status moves
    as :mod:`.lifecycle` says."""

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
    ) -> Request:
        """Store a drafted request (a letter) covering some sightings of the case."""
        ids = sorted(set(sighting_ids))
        if not ids:
            raise UsageError("error.request-needs-sighting")
        with self.transaction() as conn:
            _require_case(conn, case_id)
            for sid in ids:
                row = _sighting_row(conn, sid)
                if row["case_id"] != case_id:
                    raise UsageError("error.sighting-other-case", id=sid)
            cur = conn.execute(
                "INSERT INTO requests (case_id, platform, host, basis, lang, status, created_at, "
                "subject, recipient, letter, letter_format, deadline_days) "
                "VALUES (?, ?, ?, ?, ?, 'drafted', ?, ?, ?, ?, ?, ?)",
                (
                    case_id,
                    platform,
                    host,
                    basis,
                    lang,
                    self.now(),
                    subject,
                    to,
                    letter,
                    letter_format,
                    deadline_days,
                ),
            )
            rid = int(cur.lastrowid or 0)
            conn.executemany(
                "INSERT INTO request_sightings (request_id, sighting_id, case_id) VALUES (?, ?, ?)",
                [(rid, sid, case_id) for sid in ids],
            )
            self._event(
                conn,
                case_id,
                "request-drafted",
                {
                    "request": rid,
                    "basis": basis,
                    "platform": platform or host,
                    "sightings": ids,
                },
            )
        return self.request(rid)

    def requests(
        self,
        case_id: CaseId | None = None,
        *,
        statuses: Iterable[RequestStatus] | None = None,
    ) -> list[Request]:
        """Requests of a case (or of all cases), oldest first."""
        where, args = _where(**{"r.case_id": case_id, "r.status": _listed(statuses)})
        rows = self._conn.execute(f"{_REQUESTS}{where} ORDER BY r.id", args)
        return [_request(r) for r in rows]

    def request(self, request_id: int) -> Request:
        row = self._conn.execute(f"{_REQUESTS} WHERE r.id = ?", (request_id,)).fetchone()
        if row is None:
            raise RequestNotFoundError("request.not-found", id=request_id)
        return _request(row)

    def request_letter(self, request_id: int) -> str | None:
        """The letter text as drafted (it holds the profile's personal data)."""
        self.request(request_id)
        row = self._conn.execute(
            "SELECT letter FROM requests WHERE id = ?", (request_id,)
        ).fetchone()
        return None if row is None else row["letter"]

    def request_letters(self, case_id: CaseId, *, sent_only: bool = True) -> dict[int, str]:
        """The drafted letter of each request of a case that has one (by default
        only the sent ones), in one query."""
        rows = self._conn.execute(
            "SELECT id, letter FROM requests WHERE case_id = ? AND letter IS NOT NULL "
            "AND (sent_at IS NOT NULL OR NOT ?) ORDER BY id",
            (case_id, sent_only),
        ).fetchall()
        return {int(r["id"]): r["letter"] for r in rows}

    def mark_request_sent(
        self,
        request_id: int,
        *,
        sent_at: str,
        deadline_at: str | None,
        channel: str | None = None,
        reference: str | None = None,
        deadline_days: float | None = None,
    ) -> Request:
        """Record that the request was sent (again, to correct the date or channel)."""
        with self.transaction() as conn:
            req = _request_row(conn, request_id)
            status = lifecycle.after_sent(
                req["status"], has_reference=bool(reference or req["reference"])
            )
            conn.execute(
                "UPDATE requests SET status = ?, sent_at = ?, deadline_at = ?, "
                "channel = COALESCE(?, channel), reference = COALESCE(?, reference), "
                "deadline_days = COALESCE(?, deadline_days) WHERE id = ?",
                (status, sent_at, deadline_at, channel, reference, deadline_days, request_id),
            )
            self._event(
                conn,
                req["case_id"],
                "request-sent",
                {
                    "request": request_id,
                    "sent_at": sent_at,
                    "deadline_at": deadline_at,
                    "channel": channel,
                    "reference": reference,
                },
            )
        return self.request(request_id)

    def set_request_recorded(self, request_id: int, recorded_at: str) -> None:
        """When leakhelp was told the request was sent (``sent_at`` is what the user said)."""
        with self.transaction() as conn:
            _request_row(conn, request_id)
            conn.execute(
                "UPDATE requests SET sent_recorded_at = ? WHERE id = ?", (recorded_at, request_id)
            )

    def set_request_reference(self, request_id: int, reference: str) -> Request:
        """The platform acknowledged the request with a ticket or reference number."""
        with self.transaction() as conn:
            req = _request_row(conn, request_id)
            status = lifecycle.after_reference(req["status"])
            conn.execute(
                "UPDATE requests SET reference = ?, status = ? WHERE id = ?",
                (reference, status, request_id),
            )
            self._event(
                conn,
                req["case_id"],
                "request-acknowledged",
                {"request": request_id, "reference": reference},
            )
        return self.request(request_id)

    def set_request_deadline(
        self, request_id: int, deadline_at: str, *, deadline_days: float | None = None
    ) -> Request:
        """Move a request's deadline (e.g. a GDPR extension the platform announced)."""
        with self.transaction() as conn:
            req = _request_row(conn, request_id)
            conn.execute(
                "UPDATE requests SET deadline_at = ?, deadline_days = COALESCE(?, deadline_days) "
                "WHERE id = ?",
                (deadline_at, deadline_days, request_id),
            )
            self._event(
                conn,
                req["case_id"],
                "request-deadline-changed",
                {"request": request_id, "deadline_at": deadline_at},
            )
        return self.request(request_id)

    def record_answer(
        self,
        request_id: int,
        outcome: AnswerOutcome,
        *,
        note: str | None = None,
        at: str | None = None,
    ) -> tuple[Request, list[int]]:
        """Record a platform's answer. Returns the request and the requests now
        settled (when the answer is "removed", its sightings count as removed)."""
        if outcome not in ANSWER_OUTCOMES:
            raise UsageError("error.outcome", choices=", ".join(ANSWER_OUTCOMES))
        when = at or self.now()
        settled: list[int] = []
        with self.transaction() as conn:
            req = _request_row(conn, request_id)
            case_id = req["case_id"]
            if req["sent_at"] is None:
                raise UsageError(
                    "error.request-not-sent",
                    id=request_id,
                    command=shell_command("request", "sent", request_id),
                )
            conn.execute(
                "INSERT INTO answers (request_id, case_id, at, outcome, note) VALUES (?, ?, ?, ?, ?)",
                (request_id, case_id, when, outcome, note),
            )
            status = lifecycle.after_answer(req["status"], outcome)
            conn.execute(
                "UPDATE requests SET outcome = ?, answered_at = ?, status = ? WHERE id = ?",
                (outcome, when, status, request_id),
            )
            self._event(
                conn, case_id, "request-answered", {"request": request_id, "outcome": outcome}
            )
            if lifecycle.answer_removes_sightings(outcome):
                ids = [
                    int(r["id"])
                    for r in conn.execute(
                        "SELECT s.id FROM sightings s JOIN request_sightings rs "
                        "ON rs.sighting_id = s.id WHERE rs.request_id = ? AND s.state = 'open'",
                        (request_id,),
                    )
                ]
                for sid in ids:
                    self._remove_sighting(conn, case_id, sid, at=when, by="answer")
                settled = self._settle_requests(conn, ids, at=when, also=[request_id])
        return self.request(request_id), settled

    def record_reminder(self, request_id: int) -> Request:
        """A reminder about the request was sent to the platform."""
        with self.transaction() as conn:
            req = _request_row(conn, request_id)
            count = int(req["reminders"]) + 1
            conn.execute(
                "UPDATE requests SET reminders = ?, reminded_at = ? WHERE id = ?",
                (count, self.now(), request_id),
            )
            self._event(
                conn, req["case_id"], "request-reminded", {"request": request_id, "count": count}
            )
        return self.request(request_id)

    def record_escalation(self, request_id: int, route: str) -> Request:
        """The request was taken further (an authority, a trusted flagger, police, court)."""
        with self.transaction() as conn:
            req = _request_row(conn, request_id)
            conn.execute(
                "UPDATE requests SET status = 'escalated', escalated_to = ?, escalated_at = ? "
                "WHERE id = ?",
                (route, self.now(), request_id),
            )
            self._event(
                conn, req["case_id"], "request-escalated", {"request": request_id, "to": route}
            )
        return self.request(request_id)

    def answers(self, case_id: CaseId) -> list[Answer]:
        rows = self._conn.execute(
            "SELECT * FROM answers WHERE case_id = ? ORDER BY id", (case_id,)
        ).fetchall()
        return [
            Answer(
                id=int(r["id"]),
                request_id=int(r["request_id"]),
                case_id=CaseId(r["case_id"]),
                at=r["at"],
                outcome=r["outcome"],
                note=r["note"],
            )
            for r in rows
        ]
