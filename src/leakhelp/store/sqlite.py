"""The SQLite case store: the core and every repository in one object."""

from __future__ import annotations

from .cases import SqliteCases
from .checks import SqliteChecks
from .events import SqliteEvents
from .requests import SqliteRequests


class SqliteStore(SqliteCases, SqliteRequests, SqliteChecks, SqliteEvents):
    """A case store in one SQLite file under the leakhelp home (see :mod:`.core`).

    Use :meth:`open`; close it with :meth:`close` or ``with``.
    """
