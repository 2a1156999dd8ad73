"""Rows of the SQLite store as leakhelp's values, and the small lookups every repository uses."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable

from ..errors import CaseNotFoundError, RequestNotFoundError, SightingNotFoundError
from ..models import Case, CaseId, CaseProfile, Request, Sighting, iso, parse_iso


def _pack_hashes(hashes: tuple[str, ...]) -> bytes | None:
    """Hex hashes as one blob of 32-byte hashes; None when there are none."""
    return bytes.fromhex("".join(hashes)) if hashes else None


def _unpack_hashes(blob: bytes | None) -> tuple[str, ...]:
    if not blob:
        return ()
    text = blob.hex()
    return tuple(text[i : i + 64] for i in range(0, len(text), 64))


def _hashes(blob: bytes | None, legacy: str) -> tuple[str, ...]:
    """Hashes kept as bytes, or (rows from before schema 4) as comma-separated hex."""
    return _unpack_hashes(blob) if blob is not None else tuple(legacy.split(",")) if legacy else ()


def _legacy_bytes(hexes: str) -> bytes:
    return bytes.fromhex(hexes.replace(",", ""))


def _blobs(column: tuple[bytes | str | None, ...]) -> tuple[bytes, ...] | list[bytes]:
    """Hashes as bytes (b"" for none); rows kept before schema 4 have comma-separated hex."""
    kinds = set(map(type, column))
    if kinds <= {bytes}:
        return column  # type: ignore[return-value]  # all bytes: the usual case
    if kinds == {type(None)}:
        return [b""] * len(column)
    return [b if isinstance(b, bytes) else _legacy_bytes(b) if b else b"" for b in column]


def _where(**conditions: object) -> tuple[str, list[object]]:
    """The WHERE clause (" WHERE a = ? AND ...") and its arguments, for the conditions
    whose value is not None. Column names come from the code, never from input.

    A condition's key is a column; a list or tuple value means "one of these" (passed as
    one JSON array: one query, whatever their number).
    """
    clauses: list[str] = []
    args: list[object] = []
    for column, value in conditions.items():
        if value is None:
            continue
        if isinstance(value, list | tuple):
            clauses.append(f"{column} IN (SELECT value FROM json_each(?))")  # noqa: S608
            args.append(json.dumps(list(value)))
        else:
            clauses.append(f"{column} = ?")
            args.append(value)
    return (" WHERE " + " AND ".join(clauses) if clauses else ""), args


def _listed(values: Iterable[object] | None) -> list[object] | None:
    """Values for :func:`_where` ("one of these"), each once; None stays None (no condition)."""
    return None if values is None else list(dict.fromkeys(values))


def _require_case(conn: sqlite3.Connection, case_id: str) -> None:
    if conn.execute("SELECT 1 FROM cases WHERE id = ?", (case_id,)).fetchone() is None:
        raise CaseNotFoundError("case.not-found", ref=case_id)


def _case(row: sqlite3.Row) -> Case:
    return Case(
        id=CaseId(row["id"]),
        name=row["name"],
        lang=row["lang"],
        created_at=row["created_at"],
        country=row["country"],
        fingerprint_count=int(row["n"]),
    )


def _as_iso(text: str, default: str) -> str:
    """A timestamp from outside (e.g. a check) in the store's form; else ``default``."""
    try:
        return iso(parse_iso(text))
    except (TypeError, ValueError):
        return default


def _profile(row: sqlite3.Row) -> CaseProfile:
    return CaseProfile(
        case_id=CaseId(row["case_id"]),
        name=row["name"],
        email=row["email"],
        country=row["country"],
        address=row["address"],
        phone=row["phone"],
        signature=row["signature"],
        minor=bool(row["minor"]),
        updated_at=row["updated_at"],
    )


def _sighting_row(conn: sqlite3.Connection, sighting_id: int) -> sqlite3.Row:
    row: sqlite3.Row | None = conn.execute(
        "SELECT * FROM sightings WHERE id = ?", (sighting_id,)
    ).fetchone()
    if row is None:
        raise SightingNotFoundError("sighting.not-found-any", id=sighting_id)
    return row


def _sighting(row: sqlite3.Row) -> Sighting:
    return Sighting(
        id=int(row["id"]),
        case_id=CaseId(row["case_id"]),
        url=row["url"],
        platform=row["platform"],
        first_seen=row["first_seen"],
        last_seen=row["last_seen"],
        state=row["state"],
        removed_at=row["removed_at"],
        last_check_state=row["last_check_state"],
        last_checked_at=row["last_checked_at"],
        removed_by=_column(row, "removed_by"),
        seen_at=_column(row, "seen_at"),
        note=_column(row, "note"),
    )


def _column(row: sqlite3.Row, name: str) -> str | None:
    """A column that a query may not select (older queries list their columns)."""
    return row[name] if name in row.keys() else None  # noqa: SIM118 (Row has no __contains__)


def _request_row(conn: sqlite3.Connection, request_id: int) -> sqlite3.Row:
    row: sqlite3.Row | None = conn.execute(
        "SELECT * FROM requests WHERE id = ?", (request_id,)
    ).fetchone()
    if row is None:
        raise RequestNotFoundError("request.not-found", id=request_id)
    return row


def _request(row: sqlite3.Row) -> Request:
    ids = row["sighting_ids"]
    return Request(
        id=int(row["id"]),
        case_id=CaseId(row["case_id"]),
        platform=row["platform"],
        host=row["host"],
        basis=row["basis"],
        lang=row["lang"],
        status=row["status"],
        sighting_ids=tuple(sorted(int(x) for x in ids.split(","))) if ids else (),
        created_at=row["created_at"],
        subject=row["subject"],
        to=row["recipient"],
        letter_format=row["letter_format"],
        channel=row["channel"],
        reference=row["reference"],
        sent_at=row["sent_at"],
        deadline_at=row["deadline_at"],
        deadline_days=row["deadline_days"],
        outcome=row["outcome"],
        answered_at=row["answered_at"],
        settled_at=row["settled_at"],
        reminders=int(row["reminders"]),
        reminded_at=row["reminded_at"],
        escalated_to=row["escalated_to"],
        escalated_at=row["escalated_at"],
        sent_recorded_at=_column(row, "sent_recorded_at"),
    )


def _reason_values(text: str | None) -> dict[str, object]:
    """A stored check's reason values (JSON); empty for old rows or a damaged value."""
    if not text:
        return {}
    try:
        values = json.loads(text)
    except ValueError:
        return {}
    return values if isinstance(values, dict) else {}
