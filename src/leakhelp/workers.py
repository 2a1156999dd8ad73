"""Run one function over many files on every core, surviving crashing decoders.

Hashing your own photos and scanning a folder of candidates both decode
untrusted files, one by one, in worker processes. A hostile file can make a
decoder crash its whole process; here that file becomes one error result and
the rest of the batch goes on in a fresh pool. Results come back in input
order, whatever the number of workers.
"""

from __future__ import annotations

import contextlib
import functools
import os
import signal
import warnings
from collections import deque
from collections.abc import Callable, Coroutine, Iterator, Sequence
from typing import TYPE_CHECKING, Any, Generic, ParamSpec, TypeVar

from .i18n import why
from .progress import NullProgress, Progress

if TYPE_CHECKING:  # imported where a pool is made: `case show` and --help need none of it
    from concurrent.futures import Future, ProcessPoolExecutor

R = TypeVar("R")

#: Below this many files a process pool costs more than it saves: starting two
#: forked workers took ~20 ms here, 8 small photos took 110 ms in one process
#: and 75 ms in two, 2 photos 28 ms and 31 ms (break-even at 2-3 files).
PARALLEL_MIN_FILES = 4

#: Longest a worker may spend on one file before it is stopped and the file
#: reported as too slow. A 12 MP photo takes ~15 ms here and the largest image
#: we accept (200 MP, imaging.MAX_PIXELS) a few seconds; a file that needs
#: longer is built to stall the batch (e.g. a JPEG with thousands of scans).
ITEM_TIMEOUT = 60.0
#: Items submitted ahead per worker: enough that no worker waits for the
#: next path, few enough that unread results do not pile up in memory.
_IN_FLIGHT_PER_WORKER = 4

#: Error for a file during which the worker process died (a decoder crash, or
#: the system ending it for lack of memory).
CRASH_MESSAGE = why("crashed")


def available_cores() -> int:
    """Cores this process may run on (the affinity mask, not the machine's total)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # macOS and Windows have no affinity call
        return os.cpu_count() or 1


def map_files(
    items: Sequence[str],
    work: Callable[[str], R],
    *,
    failed: Callable[[str, str], R],
    workers: int | None = None,
    progress: Progress | None = None,
    description: str = "working",
    pool_work: Callable[[str], R] | None = None,
    initializer: Callable[..., None] | None = None,
    initargs: tuple[Any, ...] = (),
    timeout: float | None = ITEM_TIMEOUT,
) -> Iterator[R]:
    """Yield ``work(item)`` for every item, in order.

    ``workers=None`` uses every core from :data:`PARALLEL_MIN_FILES` items on;
    ``workers=1`` stays in this process; ``workers=N`` uses N processes.
    ``failed(item, message)`` builds the result for an item whose worker died,
    took longer than ``timeout`` seconds (pool only: a worker can be stopped,
    this process cannot), or whose result could not be sent back. In the
    pool, ``pool_work`` (default
    ``work``) runs after ``initializer(*initargs)`` in each worker: use them to
    give workers a large read-only value once instead of with every item.
    Functions that run in workers must be importable by name.
    """
    progress = progress or NullProgress()
    progress.start(len(items), description)
    try:
        count = min(workers or available_cores(), len(items))
        if count <= 1 or (workers is None and len(items) < PARALLEL_MIN_FILES):
            results: Iterator[R] = map(work, items)
        else:
            pool = _PoolRun(pool_work or work, failed, initializer, initargs, timeout)
            results = pool.run(list(items), count)
        for result in results:
            progress.advance()
            yield result
    finally:
        progress.finish()


class _PoolRun(Generic[R]):
    def __init__(
        self,
        work: Callable[[str], R],
        failed: Callable[[str, str], R],
        initializer: Callable[..., None] | None,
        initargs: tuple[Any, ...],
        timeout: float | None,
    ) -> None:
        self.work = work
        self.failed = failed
        self.initializer = initializer
        self.initargs = initargs
        self.timeout = timeout

    def run(self, items: list[str], count: int) -> Iterator[R]:
        from concurrent.futures.process import BrokenProcessPool

        done = 0
        while done < len(items):
            pending = items[done:]
            pool = self._new_pool(min(count, len(pending)))
            too_slow = False
            # Only a few items per worker are in flight: a finished result is
            # held until it is read, and a fingerprint with its region hashes
            # is ~38 KB, so submitting all 20,000 files at once kept them all.
            window: deque[tuple[str, Future[R]]] = deque()
            ahead = iter(pending)
            limit = count * _IN_FLIGHT_PER_WORKER
            try:
                self._fill(pool, window, ahead, limit)
                while window:
                    item, future = window.popleft()
                    try:
                        # The wait starts when the items before it are done, so an
                        # item may run up to about twice the timeout: a bound, not a clock.
                        result = future.result(timeout=self.timeout)
                    except TimeoutError:
                        too_slow = True
                        _stop_workers(pool)
                        break
                    except BrokenProcessPool:
                        break
                    except Exception as exc:  # e.g. a result that cannot be sent back
                        result = self.failed(item, why("unexpected", detail=type(exc).__name__))
                    del future
                    done += 1
                    self._fill(pool, window, ahead, limit)
                    yield result
            finally:
                # On an early stop (Ctrl-C, the caller stops reading) drop what
                # has not started instead of working through the rest first.
                pool.shutdown(wait=True, cancel_futures=True)
            if done < len(items):
                # The pool died or was stopped while this item (or one beside it)
                # was being read: a slow item is reported as such, a crashed one
                # is tried alone; then the others go on in a fresh pool.
                yield self._too_slow(items[done]) if too_slow else self._alone(items[done])
                done += 1

    def _fill(
        self,
        pool: ProcessPoolExecutor,
        window: deque[tuple[str, Future[R]]],
        ahead: Iterator[str],
        limit: int,
    ) -> None:
        """Submit items from ``ahead`` until ``limit`` are in flight (or the pool breaks)."""
        while len(window) < limit:
            item = next(ahead, None)
            if item is None:
                return
            submitted = self._submit(pool, [item])
            if not submitted:
                return
            window.append((item, submitted[0]))

    def _too_slow(self, item: str) -> R:
        return self.failed(item, why("too-slow", seconds=f"{self.timeout:g}"))

    def _alone(self, item: str) -> R:
        from concurrent.futures.process import BrokenProcessPool

        pool = self._new_pool(1)
        try:
            futures = self._submit(pool, [item])
            if not futures:
                return self.failed(item, CRASH_MESSAGE)
            return futures[0].result(timeout=self.timeout)
        except TimeoutError:
            _stop_workers(pool)
            return self._too_slow(item)
        except BrokenProcessPool:
            return self.failed(item, CRASH_MESSAGE)
        finally:
            pool.shutdown(wait=True, cancel_futures=True)

    def _new_pool(self, workers: int) -> ProcessPoolExecutor:
        # fork where the platform has it: a forked worker starts in ~10 ms with
        # everything imported (and the initializer's value already in memory);
        # a spawned one re-imports numpy and Pillow (~0.5 s each, measured here).
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("fork" if "fork" in methods else None)
        return ProcessPoolExecutor(
            max_workers=workers,
            mp_context=context,
            initializer=_start_worker,
            initargs=(self.initializer, self.initargs),
        )

    def _submit(self, pool: ProcessPoolExecutor, items: list[str]) -> list[Future[R]]:
        """Submit every item; stop quietly if the pool breaks while submitting."""
        from concurrent.futures.process import BrokenProcessPool

        futures: list[Future[R]] = []
        with warnings.catch_warnings(), contextlib.suppress(BrokenProcessPool):
            # The workers are forked on the first submit. Python 3.12+ warns
            # that forking a threaded process may deadlock in the child; the
            # children only decode and hash, taking no lock the parent's
            # threads (the progress display) hold, and imaging resets its own
            # lock after a fork.
            warnings.filterwarnings("ignore", message=".*fork.*", category=DeprecationWarning)
            futures.extend(pool.submit(self.work, item) for item in items)
        return futures


def _stop_workers(pool: ProcessPoolExecutor) -> None:
    """Kill the pool's processes: a running task cannot be cancelled otherwise.

    ``_processes`` is the executor's own table of its workers (CPython has kept
    it since 3.2); the pool then counts as broken and is replaced.
    """
    for process in list(getattr(pool, "_processes", {}).values()):
        with contextlib.suppress(Exception):
            process.kill()


def _start_worker(initializer: Callable[..., None] | None, initargs: tuple[Any, ...]) -> None:
    # Ctrl-C reaches the whole process group. The parent stops the batch; the
    # workers must not each print a traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if initializer is not None:
        initializer(*initargs)


_P = ParamSpec("_P")
_R = TypeVar("_R")


def blocking(function: Callable[_P, Coroutine[Any, Any, _R]]) -> Callable[_P, _R]:
    """The blocking twin of an async function: the same arguments, its own event loop."""

    @functools.wraps(function)
    def run(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        import asyncio

        return asyncio.run(function(*args, **kwargs))

    run.__name__ = run.__qualname__ = function.__name__.removeprefix("a")
    return run
