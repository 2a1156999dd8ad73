"""The timeline: what happened in a case, and when."""

from __future__ import annotations

import json

from ..models import (
    CaseId,
    Event,
)
from .core import SqliteCore
from .rows import _require_case


class SqliteEvents(SqliteCore):
    """The timeline in SQLite (:class:`~.protocols.EventRepository`)."""

    def add_event(
        self, case_id: CaseId, kind: str, detail: dict[str, object] | None = None
    ) -> None:
        with self.transaction() as conn:
            _require_case(conn, case_id)
            self._event(conn, case_id, kind, detail or {})

    def events(self, case_id: CaseId) -> list[Event]:
        rows = self._conn.execute(
            "SELECT * FROM events WHERE case_id = ? ORDER BY id", (case_id,)
        ).fetchall()
        return [
            Event(
                id=int(r["id"]),
                case_id=CaseId(r["case_id"]),
                at=r["at"],
                kind=r["kind"],
                detail=json.loads(r["detail"]),
            )
            for r in rows
        ]
