"""Sightings: where the content was seen; removing and reopening them settles and reopens requests."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable

from ..models import (
    CaseId,
    Sighting,
    SightingState,
)
from . import lifecycle
from .core import SqliteCore
from .rows import _listed, _require_case, _sighting, _sighting_row, _where


class SqliteSightings(SqliteCore):
    """Sightings in SQLite, and the request changes their removal and reopening bring."""

    def add_sightings(
        self,
        case_id: CaseId,
        items: Iterable[tuple[str, str | None]],
        *,
        source: str = "manual",
    ) -> list[tuple[Sighting, str]]:
        """Record (url, platform) pairs in a case, all in one transaction.

        Returns each sighting with what happened: "added", "seen-again"
        (last_seen updated) or "reopened" (it had been removed and was seen
        again). The URLs must already be normalised.
        """
        done: list[tuple[int, str]] = []
        now = self.now()
        with self.transaction() as conn:
            _require_case(conn, case_id)
            for url, platform in items:
                row = conn.execute(
                    "SELECT * FROM sightings WHERE case_id = ? AND url = ?", (case_id, url)
                ).fetchone()
                if row is None:
                    cur = conn.execute(
                        "INSERT INTO sightings (case_id, url, platform, source, first_seen, "
                        "last_seen) VALUES (?, ?, ?, ?, ?, ?)",
                        (case_id, url, platform, source, now, now),
                    )
                    sid = int(cur.lastrowid or 0)
                    what = "added"
                    self._event(
                        conn,
                        case_id,
                        "sighting-added",
                        {"sighting": sid, "url": url, "platform": platform, "source": source},
                    )
                else:
                    sid = int(row["id"])
                    conn.execute(
                        "UPDATE sightings SET last_seen = ?, platform = COALESCE(platform, ?) "
                        "WHERE id = ?",
                        (now, platform, sid),
                    )
                    what = lifecycle.after_seen_again(row["state"])
                    if what == "reopened":
                        self._reopen_sighting(conn, case_id, sid, by=source)
                    else:
                        self._event(conn, case_id, "sighting-seen-again", {"sighting": sid})
                done.append((sid, what))
        found = {s.id: s for s in self.sightings(ids=[sid for sid, _what in done])}
        return [(found[sid], what) for sid, what in done]

    def sightings(
        self,
        case_id: CaseId | None = None,
        *,
        state: SightingState | None = None,
        ids: Iterable[int] | None = None,
    ) -> list[Sighting]:
        """Sightings of a case (or of all cases; or those with these ``ids``), oldest first."""
        where, args = _where(case_id=case_id, state=state, id=_listed(ids))
        sql = f"SELECT * FROM sightings{where} ORDER BY id"  # noqa: S608 (fixed columns)
        rows = self._conn.execute(sql, args)
        return [_sighting(r) for r in rows]

    def sighting(self, sighting_id: int) -> Sighting:
        return _sighting(_sighting_row(self._conn, sighting_id))

    def mark_sighting_removed(
        self, sighting_id: int, *, by: str = "manual"
    ) -> tuple[Sighting, list[int]]:
        """Mark a sighting removed (by hand); returns it and the requests this settles."""
        with self.transaction() as conn:
            row = _sighting_row(conn, sighting_id)
            settled: list[int] = []
            if row["state"] == "open":
                now = self.now()
                self._remove_sighting(conn, row["case_id"], sighting_id, at=now, by=by)
                settled = self._settle_requests(conn, [sighting_id], at=now)
        return self.sighting(sighting_id), settled

    def reopen_sighting(
        self, sighting_id: int, *, by: str = "manual"
    ) -> tuple[Sighting, list[int]]:
        """Open a removed sighting again; returns it and the requests reopened."""
        with self.transaction() as conn:
            row = _sighting_row(conn, sighting_id)
            reopened: list[int] = []
            if row["state"] == "removed":
                reopened = self._reopen_sighting(conn, row["case_id"], sighting_id, by=by)
        return self.sighting(sighting_id), reopened

    def set_sighting_stated(
        self, sighting_id: int, *, seen_at: str | None = None, note: str | None = None
    ) -> Sighting:
        """Keep when the user says they first saw it and their note (recorded times stay)."""
        with self.transaction() as conn:
            row = _sighting_row(conn, sighting_id)
            conn.execute(
                "UPDATE sightings SET seen_at = COALESCE(?, seen_at), note = COALESCE(?, note) "
                "WHERE id = ?",
                (seen_at, note, sighting_id),
            )
            self._event(
                conn,
                row["case_id"],
                "sighting-stated",
                {"sighting": sighting_id, "seen_at": seen_at, "note": note},
            )
        return self.sighting(sighting_id)

    def _remove_sighting(
        self, conn: sqlite3.Connection, case_id: str, sighting_id: int, *, at: str, by: str
    ) -> None:
        conn.execute(
            "UPDATE sightings SET state = 'removed', removed_at = COALESCE(removed_at, ?), "
            "removed_by = ? WHERE id = ?",
            (at, by, sighting_id),
        )
        self._event(
            conn, case_id, "sighting-removed", {"sighting": sighting_id, "by": by, "at": at}
        )

    def _reopen_sighting(
        self, conn: sqlite3.Connection, case_id: str, sighting_id: int, *, by: str
    ) -> list[int]:
        """Open a removed sighting again, and the settled requests covering it."""
        conn.execute(
            "UPDATE sightings SET state = 'open', removed_at = NULL, removed_by = NULL "
            "WHERE id = ?",
            (sighting_id,),
        )
        self._event(conn, case_id, "sighting-reopened", {"sighting": sighting_id, "by": by})
        rows = conn.execute(
            "SELECT r.* FROM requests r JOIN request_sightings rs ON rs.request_id = r.id "
            "WHERE rs.sighting_id = ? AND r.status = 'settled' ORDER BY r.id",
            (sighting_id,),
        ).fetchall()
        reopened = []
        for req in rows:
            status = lifecycle.on_reopen(
                sent=req["sent_at"] is not None, has_reference=bool(req["reference"])
            )
            conn.execute(
                "UPDATE requests SET status = ?, outcome = NULL, settled_at = NULL WHERE id = ?",
                (status, req["id"]),
            )
            self._event(
                conn, case_id, "request-reopened", {"request": int(req["id"]), "status": status}
            )
            reopened.append(int(req["id"]))
        return reopened

    def _settle_requests(
        self,
        conn: sqlite3.Connection,
        sighting_ids: Iterable[int],
        *,
        at: str,
        also: Iterable[int] = (),
    ) -> list[int]:
        """Settle each unsettled request (covering one of these sightings, or in
        ``also``) whose sightings are now all removed."""
        candidates: set[int] = set(also)
        wanted = sorted(set(sighting_ids))
        if wanted:
            candidates.update(
                int(r[0])
                for r in conn.execute(
                    "SELECT DISTINCT request_id FROM request_sightings "
                    "WHERE sighting_id IN (SELECT value FROM json_each(?))",
                    (json.dumps(wanted),),
                )
            )
        # Each candidate with the states of its sightings, in one query.
        rows = conn.execute(
            "SELECT r.id, r.case_id, r.status, group_concat(s.state) AS states FROM requests r "
            "LEFT JOIN request_sightings rs ON rs.request_id = r.id "
            "LEFT JOIN sightings s ON s.id = rs.sighting_id "
            "WHERE r.id IN (SELECT value FROM json_each(?)) GROUP BY r.id ORDER BY r.id",
            (json.dumps(sorted(candidates)),),
        ).fetchall()
        settled = []
        for req in rows:
            rid = int(req["id"])
            states = req["states"].split(",") if req["states"] else []
            if not lifecycle.settles(req["status"], states):
                continue
            conn.execute(
                "UPDATE requests SET status = 'settled', outcome = 'removed', settled_at = ? "
                "WHERE id = ?",
                (at, rid),
            )
            self._event(conn, req["case_id"], "request-settled", {"request": rid, "at": at})
            settled.append(rid)
        return settled
