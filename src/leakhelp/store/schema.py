"""The case store's schema: versioned with ``PRAGMA user_version``.

``MIGRATIONS[n]`` takes a store from version n to n + 1. Steps are only ever
appended (never edited: stores in the field already ran them); the core runs
each in its own write transaction (see :mod:`leakhelp.store.core`). It holds
fingerprints and case data only: never image bytes, thumbnails or the paths
of the originals.
"""

from __future__ import annotations

#: Schema steps; ``MIGRATIONS[n]`` takes a store from version n to n + 1.
MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE cases (
        id          TEXT PRIMARY KEY,
        name        TEXT NOT NULL,
        lang        TEXT NOT NULL CHECK (lang IN ('nl', 'en')),
        country     TEXT,
        created_at  TEXT NOT NULL
    );
    CREATE TABLE fingerprints (
        id          INTEGER PRIMARY KEY AUTOINCREMENT,
        case_id     TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
        pdq         TEXT NOT NULL,
        quality     INTEGER NOT NULL,
        phash       TEXT NOT NULL,
        dhash       TEXT NOT NULL,
        width       INTEGER NOT NULL,
        height      INTEGER NOT NULL,
        dihedral    TEXT NOT NULL,
        label       TEXT,
        version     INTEGER NOT NULL,
        added_at    TEXT NOT NULL,
        UNIQUE (case_id, pdq)
    );
    CREATE TABLE events (
        id          INTEGER PRIMARY KEY AUTOINCREMENT,
        case_id     TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
        at          TEXT NOT NULL,
        kind        TEXT NOT NULL,
        detail      TEXT NOT NULL DEFAULT '{}'
    );
    CREATE INDEX events_case ON events (case_id, id);
    """,
    # Case tracking: the profile letters are filled from, sightings (where the
    # content was seen), requests (letters) with the sightings each covers,
    # the platforms' answers and the status checks kept as evidence. Every
    # row names its case and goes with it (ON DELETE CASCADE).
    """
    CREATE TABLE case_profiles (
        case_id     TEXT PRIMARY KEY REFERENCES cases(id) ON DELETE CASCADE,
        name        TEXT,
        email       TEXT,
        country     TEXT,
        address     TEXT,
        phone       TEXT,
        signature   TEXT,
        minor       INTEGER NOT NULL DEFAULT 0,
        updated_at  TEXT NOT NULL
    );
    CREATE TABLE sightings (
        id              INTEGER PRIMARY KEY AUTOINCREMENT,
        case_id         TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
        url             TEXT NOT NULL,
        platform        TEXT,
        source          TEXT NOT NULL DEFAULT 'manual',
        first_seen      TEXT NOT NULL,
        last_seen       TEXT NOT NULL,
        state           TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'removed')),
        removed_at      TEXT,
        removed_by      TEXT,
        last_check_state TEXT,
        last_checked_at TEXT,
        UNIQUE (case_id, url)
    );
    CREATE INDEX sightings_url ON sightings (url);
    CREATE TABLE requests (
        id              INTEGER PRIMARY KEY AUTOINCREMENT,
        case_id         TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
        platform        TEXT,
        host            TEXT,
        basis           TEXT NOT NULL,
        lang            TEXT NOT NULL,
        status          TEXT NOT NULL,
        created_at      TEXT NOT NULL,
        subject         TEXT,
        recipient       TEXT,
        letter          TEXT,
        letter_format   TEXT NOT NULL DEFAULT 'txt',
        channel         TEXT,
        reference       TEXT,
        sent_at         TEXT,
        deadline_at     TEXT,
        deadline_days   REAL,
        outcome         TEXT,
        answered_at     TEXT,
        settled_at      TEXT,
        reminders       INTEGER NOT NULL DEFAULT 0,
        reminded_at     TEXT,
        escalated_to    TEXT,
        escalated_at    TEXT
    );
    CREATE INDEX requests_case ON requests (case_id, id);
    CREATE TABLE request_sightings (
        request_id  INTEGER NOT NULL REFERENCES requests(id) ON DELETE CASCADE,
        sighting_id INTEGER NOT NULL REFERENCES sightings(id) ON DELETE CASCADE,
        case_id     TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
        PRIMARY KEY (request_id, sighting_id)
    );
    CREATE INDEX request_sightings_sighting ON request_sightings (sighting_id);
    CREATE TABLE answers (
        id          INTEGER PRIMARY KEY AUTOINCREMENT,
        request_id  INTEGER NOT NULL REFERENCES requests(id) ON DELETE CASCADE,
        case_id     TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
        at          TEXT NOT NULL,
        outcome     TEXT NOT NULL,
        note        TEXT
    );
    CREATE TABLE checks (
        id          INTEGER PRIMARY KEY AUTOINCREMENT,
        case_id     TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
        sighting_id INTEGER NOT NULL REFERENCES sightings(id) ON DELETE CASCADE,
        checked_at  TEXT NOT NULL,
        url         TEXT NOT NULL,
        final_url   TEXT,
        state       TEXT NOT NULL,
        http_status INTEGER,
        reason      TEXT NOT NULL,
        image_match TEXT,
        elapsed_ms  INTEGER
    );
    CREATE INDEX checks_sighting ON checks (sighting_id, id);
    """,
    # Matching beyond PDQ's limits (leakhelp.regions): the PDQ variants of the
    # original inside its uniform borders (comma-separated hex, like
    # dihedral) and the 255 region hashes, packed 32 bytes each.
    """
    ALTER TABLE fingerprints ADD COLUMN trimmed TEXT NOT NULL DEFAULT '';
    ALTER TABLE fingerprints ADD COLUMN regions BLOB;
    """,
    # What a case is about ('shared', or 'sextortion': threatened, not yet
    # shared), and the hashing services (StopNCII, Take It Down) the person
    # used: the date and the service's case number, never its PIN.
    """
    ALTER TABLE cases ADD COLUMN kind TEXT NOT NULL DEFAULT 'shared';
    CREATE TABLE handoffs (
        id          INTEGER PRIMARY KEY AUTOINCREMENT,
        case_id     TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
        service     TEXT NOT NULL,
        done_on     TEXT NOT NULL,
        reference   TEXT,
        recorded_at TEXT NOT NULL
    );
    CREATE INDEX handoffs_case ON handoffs (case_id, id);
    """,
    # Videos (leakhelp.video): the file's MD5 and SHA-256 and its frame hashes
    # as compact JSON ([[pdq, quality, start, end, phash, dhash], ...]); never
    # a frame, a name or a path. They go with their case (ON DELETE CASCADE).
    """
    CREATE TABLE videos (
        id          INTEGER PRIMARY KEY AUTOINCREMENT,
        case_id     TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
        md5         TEXT NOT NULL,
        sha256      TEXT NOT NULL,
        duration    REAL NOT NULL,
        width       INTEGER NOT NULL,
        height      INTEGER NOT NULL,
        frames      TEXT NOT NULL,
        label       TEXT,
        version     INTEGER NOT NULL,
        added_at    TEXT NOT NULL,
        UNIQUE (case_id, sha256)
    );
    """,
    # What the user says, kept apart from when leakhelp recorded it: when they
    # first saw a sighting and a note on it, when a request was noted as sent
    # (sent_at is the time the user gave). And the files leakhelp wrote for a
    # case (letters, reports, exports), so `case forget` can name them.
    """
    ALTER TABLE sightings ADD COLUMN seen_at TEXT;
    ALTER TABLE sightings ADD COLUMN note TEXT;
    ALTER TABLE requests ADD COLUMN sent_recorded_at TEXT;
    CREATE TABLE outputs (
        id          INTEGER PRIMARY KEY AUTOINCREMENT,
        case_id     TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
        path        TEXT NOT NULL,
        kind        TEXT NOT NULL,
        written_at  TEXT NOT NULL,
        UNIQUE (case_id, path)
    );
    """,
    # Check reasons as a message key and its values (JSON), translated when
    # shown; ``reason`` keeps the English text (older rows have only that).
    """
    ALTER TABLE checks ADD COLUMN reason_key TEXT;
    ALTER TABLE checks ADD COLUMN reason_values TEXT;
    """,
    # Whole-image PDQ variants as bytes (32 per hash, like regions), so a big
    # case goes from disk into the matching index without hex: new rows fill
    # these and leave the hex columns dihedral and trimmed empty; rows from
    # before keep their hex, which is still read.
    """
    ALTER TABLE fingerprints ADD COLUMN dihedral_bin BLOB;
    ALTER TABLE fingerprints ADD COLUMN trimmed_bin BLOB;
    """,
)


SCHEMA_VERSION = len(MIGRATIONS)


def statements(script: str) -> list[str]:
    return [s.strip() for s in script.split(";") if s.strip()]
