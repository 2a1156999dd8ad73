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
    MissingFieldsError,
    RequestNotFoundError,
    SightingNotFoundError,
    StoreError,
    TemplateError,
    UnknownPlatformError,
    UsageError,
)
from .export import FingerprintSet, load_fingerprint_file, read_export, write_export
from .fingerprint import PDQ_MIN_QUALITY, fingerprint_file, fingerprint_image, hamming, hash_files
from .imaging import decode_image
from .letters import (
    BASES,
    Letter,
    LetterFields,
    render_letter,
    required_fields,
)
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
from .registry import Channel, Platform, Registry, load_registry
from .reports import render_report
from .store import Store
from .support import HelpEntry, help_for, load_support

__all__ = [
    "BASES",
    "PDQ_MIN_QUALITY",
    "Answer",
    "Case",
    "CaseId",
    "CaseNotFoundError",
    "CaseProfile",
    "CaseSummary",
    "Channel",
    "CheckOutcome",
    "CheckResult",
    "ConfigError",
    "DraftOutcome",
    "ExportFormatError",
    "Fingerprint",
    "FingerprintSet",
    "HashOutcome",
    "HashResult",
    "HelpEntry",
    "ImageError",
    "InputError",
    "InvalidURLError",
    "LeakhelpError",
    "Letter",
    "LetterFields",
    "MissingFieldsError",
    "OverdueItem",
    "Platform",
    "Registry",
    "Request",
    "RequestNotFoundError",
    "Sighting",
    "SightingChange",
    "SightingNotFoundError",
    "SightingOutcome",
    "Store",
    "StoreError",
    "StoredFingerprint",
    "TemplateError",
    "UnknownPlatformError",
    "UsageError",
    "Workspace",
    "__version__",
    "decode_image",
    "fingerprint_file",
    "fingerprint_image",
    "hamming",
    "hash_files",
    "help_for",
    "load_fingerprint_file",
    "load_registry",
    "load_support",
    "read_export",
    "render_letter",
    "render_report",
    "required_fields",
    "write_export",
]
