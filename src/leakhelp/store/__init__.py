"""The case store: one SQLite file under the leakhelp home. The only package that speaks SQL.

Which module owns what (docs/store.md tells the whole layout):

* :mod:`.lifecycle`: the request and sighting rules, pure (no I/O);
* :mod:`.schema`: the migrations; :mod:`.core`: connect, pragmas, transactions,
  migrations made safe against a race, the read-only fallback;
* :mod:`.cases`, :mod:`.fingerprints`, :mod:`.sightings`, :mod:`.requests`,
  :mod:`.checks`, :mod:`.events`: the SQLite repositories;
* :mod:`.protocols`: what a store offers (:class:`Store`), whatever its backend;
* :mod:`.sqlite`: :class:`SqliteStore`, all of them on one SQLite file.
"""

from __future__ import annotations

from ..models import iso as iso  # re-exported: export.py takes it from here
from ..models import utc_now as utc_now
from ..paths import STORE_FILENAME as STORE_FILENAME
from .cases import PROFILE_FIELDS, new_case_id
from .protocols import (
    CaseCounts,
    CaseRepository,
    CheckRepository,
    EventRepository,
    FingerprintRepository,
    RequestRepository,
    SightingRepository,
    Store,
)
from .schema import MIGRATIONS, SCHEMA_VERSION
from .sqlite import SqliteStore

__all__ = [
    "MIGRATIONS",
    "PROFILE_FIELDS",
    "SCHEMA_VERSION",
    "STORE_FILENAME",
    "CaseCounts",
    "CaseRepository",
    "CheckRepository",
    "EventRepository",
    "FingerprintRepository",
    "RequestRepository",
    "SightingRepository",
    "SqliteStore",
    "Store",
    "iso",
    "new_case_id",
    "utc_now",
]
