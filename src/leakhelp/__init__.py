"""leakhelp: find, report and track intimate images shared without consent.

Everything runs on the user's own device. Images are decoded in memory to
make perceptual fingerprints (PDQ, phash, dhash) and then dropped; only the
fingerprints and case data are stored.
"""

from __future__ import annotations

__version__ = "0.1.0"

from .api import (
    CaseSummary,
    DraftOutcome,
    HashOutcome,
    OverdueItem,
    SightingOutcome,
    Workspace,
)
from .errors import (
    CaseNotFoundError,
    ConfigError,
    ExportFormatError,
    ImageError,
    InputError,
    InvalidURLError,
    LeakhelpError,
    RequestNotFoundError,
    SightingNotFoundError,
    StoreError,
    UsageError,
)
from .export import FingerprintSet, load_fingerprint_file, read_export, write_export
from .fingerprint import PDQ_MIN_QUALITY, fingerprint_file, fingerprint_image, hamming, hash_files
from .imaging import decode_image
from .models import (
    Answer,
    Case,
    CaseId,
    CaseProfile,
    CheckOutcome,
    CheckResult,
    Fingerprint,
    HashResult,
    Request,
    Sighting,
    SightingChange,
    StoredFingerprint,
)
from .reports import render_report
from .store import Store

__all__ = [
    "PDQ_MIN_QUALITY",
    "Answer",
    "Case",
    "CaseId",
    "CaseNotFoundError",
    "CaseProfile",
    "CaseSummary",
    "CheckOutcome",
    "CheckResult",
    "ConfigError",
    "DraftOutcome",
    "ExportFormatError",
    "Fingerprint",
    "FingerprintSet",
    "HashOutcome",
    "HashResult",
    "ImageError",
    "InputError",
    "InvalidURLError",
    "LeakhelpError",
    "OverdueItem",
    "Request",
    "RequestNotFoundError",
    "Sighting",
    "SightingChange",
    "SightingNotFoundError",
    "SightingOutcome",
    "Store",
    "StoreError",
    "StoredFingerprint",
    "UsageError",
    "Workspace",
    "__version__",
    "decode_image",
    "fingerprint_file",
    "fingerprint_image",
    "hamming",
    "hash_files",
    "load_fingerprint_file",
    "read_export",
    "render_report",
    "write_export",
]
