"""How sightings and removal requests move: pure rules, no I/O.

Every store (SQLite today, another backend tomorrow) and the Workspace ask
these functions what a change does, so the state machine is written once:

* a request is *drafted*, then *sent* (or *acknowledged* once the platform
  gave a ticket number); an answer makes it *refused*, *partial* or
  *no-reply*; it is *settled* when every sighting it covers is removed, and
  *escalated* when taken further;
* a sighting is *open* or *removed*; a "removed" check or answer removes it,
  an "online" check or a new sighting of its URL opens it again, and then the
  requests it had settled are reopened.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Literal, TypeAlias

from ..models import AnswerOutcome, CheckState, RequestStatus, SightingState

#: The statuses from which a request can be (re)marked as sent: later ones
#: (an answer, a settlement, an escalation) are not undone by a send date.
SENDABLE: frozenset[RequestStatus] = frozenset({"drafted", "sent", "acknowledged"})

#: What a check does to a sighting: remove it, open it again, or nothing.
SightingMove: TypeAlias = Literal["remove", "reopen"] | None


def can_mark_sent(status: RequestStatus) -> bool:
    """Whether a request in ``status`` may be noted as sent (again)."""
    return status in SENDABLE


def after_sent(status: RequestStatus, *, has_reference: bool) -> RequestStatus:
    """A request's status once it is noted as sent (with or without a ticket number)."""
    if status not in SENDABLE:
        return status
    return "acknowledged" if has_reference else "sent"


def after_reference(status: RequestStatus) -> RequestStatus:
    """A sent request that the platform confirmed with a ticket number is acknowledged."""
    return "acknowledged" if status == "sent" else status


def after_answer(status: RequestStatus, outcome: AnswerOutcome) -> RequestStatus:
    """A request's status after the platform's answer.

    "removed" leaves the status alone: the request is settled when all its
    sightings are removed (:func:`settles`), which the answer then makes so.
    """
    answered: dict[AnswerOutcome, RequestStatus] = {
        "refused": "refused",
        "partial": "partial",
        "none": "no-reply",
    }
    return answered.get(outcome, status)


def answer_removes_sightings(outcome: AnswerOutcome) -> bool:
    """An answer "removed" counts as the removal of every open sighting of the request."""
    return outcome == "removed"


def on_reopen(*, sent: bool, has_reference: bool) -> RequestStatus:
    """A settled request whose sighting is online again: back to where it was before."""
    if not sent:
        return "drafted"
    return "acknowledged" if has_reference else "sent"


def settles(status: RequestStatus, sighting_states: Collection[SightingState]) -> bool:
    """Whether a request is now settled: not yet settled, and none of its sightings open."""
    return status != "settled" and "open" not in sighting_states


def after_check(sighting: SightingState, check: CheckState) -> SightingMove:
    """What a status check does to a sighting: "removed" removes an open one,
    "online" reopens a removed one; "unknown" and "unreachable" change nothing
    (not observed is not removed)."""
    if check == "removed" and sighting == "open":
        return "remove"
    if check == "online" and sighting == "removed":
        return "reopen"
    return None


def after_seen_again(sighting: SightingState) -> Literal["reopened", "seen-again"]:
    """A sighting recorded again: a removed one is open again, an open one was seen again."""
    return "reopened" if sighting == "removed" else "seen-again"
