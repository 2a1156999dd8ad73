"""Long work (fingerprinting, finding copies, checking addresses) in the background.

A job runs in its own thread with its own :class:`~leakhelp.api.Workspace`
(SQLite connections stay in the thread that made them). Its page polls the
progress, can cancel it, and finds it again after a reload: jobs live in
the server's memory until it stops.
"""

from __future__ import annotations

import secrets
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from ..errors import LeakhelpError

JobState = Literal["running", "done", "cancelled", "failed"]

#: Finished jobs kept for their pages; the oldest go first.
MAX_JOBS = 50


class Cancelled(Exception):
    """Raised inside a job's work when the person pressed "stop"."""


@dataclass(slots=True)
class Job:
    id: str
    kind: str
    case_id: str | None
    total: int | None = None
    done: int = 0
    state: JobState = "running"
    result: dict[str, Any] = field(default_factory=dict)
    error: str | None = None
    cancel: threading.Event = field(default_factory=threading.Event)
    ended: threading.Event = field(default_factory=threading.Event)

    # The Progress protocol, so library calls report here directly.
    def start(self, total: int | None, description: str) -> None:
        # Several stages may report (a folder, then web addresses): they add up.
        if total is not None:
            self.total = (self.total or 0) + total

    def advance(self, step: int = 1) -> None:
        self.done += step

    def finish(self) -> None:
        return None

    def stop_if_cancelled(self) -> None:
        if self.cancel.is_set():
            raise Cancelled

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "state": self.state,
            "done": self.done,
            "total": self.total,
        }


class Jobs:
    """The running and recent jobs of this server."""

    def __init__(self) -> None:
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()

    def start(
        self,
        kind: str,
        work: Callable[[Job], dict[str, Any]],
        *,
        case_id: str | None = None,
        total: int | None = None,
    ) -> Job:
        job = Job(id=secrets.token_urlsafe(9), kind=kind, case_id=case_id, total=total)
        with self._lock:
            self._jobs[job.id] = job
            finished = [j for j in self._jobs.values() if j.state != "running"]
            for old in finished[: max(0, len(self._jobs) - MAX_JOBS)]:
                del self._jobs[old.id]

        def run() -> None:
            try:
                job.result = work(job)
                job.state = "cancelled" if job.cancel.is_set() else "done"
            except Cancelled:
                job.state = "cancelled"
            except LeakhelpError as exc:
                job.error, job.state = str(exc), "failed"
            except Exception as exc:  # shown as one line on the job's page
                job.error, job.state = type(exc).__name__, "failed"
            finally:
                job.ended.set()

        threading.Thread(target=run, name=f"leakhelp-{kind}", daemon=True).start()
        return job

    def get(self, job_id: str) -> Job | None:
        return self._jobs.get(job_id)

    def of_case(self, case_id: str) -> list[Job]:
        return [j for j in self._jobs.values() if j.case_id == case_id and j.state == "running"]
