"""leakhelp: find, report and track intimate images shared without consent.

Everything runs on the user's own device. Images are decoded in memory to
make perceptual fingerprints (PDQ, phash, dhash) and then dropped; only the
fingerprints and case data are stored.
"""

from __future__ import annotations

__version__ = "0.1.0"

import importlib
from typing import TYPE_CHECKING, Any

# Public names and the module each lives in. They are imported on first use
# (PEP 562), so `import leakhelp.fingerprint` loads only the hashing stages and
# never the network code of the status checker.
_EXPORTS: dict[str, str] = {
    # .api
    "CaseSummary": "api",
    "CheckReport": "api",
    "DraftOutcome": "api",
    "HashOutcome": "api",
    "OverdueItem": "api",
    "ScanOutcome": "api",
    "SightingOutcome": "api",
    "Workspace": "api",
    # .checks
    "CheckSettings": "checks",
    "CheckTarget": "checks",
    "Classifier": "checks",
    "acheck_urls": "checks",
    "check_urls": "checks",
    # .errors
    "CaseNotFoundError": "errors",
    "ConfigError": "errors",
    "ExportFormatError": "errors",
    "ImageError": "errors",
    "InputError": "errors",
    "InvalidURLError": "errors",
    "LeakhelpError": "errors",
    "MissingFieldsError": "errors",
    "RequestNotFoundError": "errors",
    "SightingNotFoundError": "errors",
    "StoreError": "errors",
    "TemplateError": "errors",
    "UnknownPlatformError": "errors",
    "UsageError": "errors",
    # .export
    "FingerprintSet": "export",
    "load_fingerprint_file": "export",
    "read_export": "export",
    "write_export": "export",
    # .fingerprint
    "PDQ_MIN_QUALITY": "fingerprint",
    "fingerprint_file": "fingerprint",
    "fingerprint_image": "fingerprint",
    "hamming": "fingerprint",
    "hash_files": "fingerprint",
    # .imaging
    "decode_image": "imaging",
    # .letters
    "BASES": "law",
    "Letter": "letters",
    "LetterFields": "letters",
    "render_letter": "letters",
    "required_fields": "letters",
    # .matching
    "Match": "matching",
    "MatchIndex": "matching",
    "ScanResult": "matching",
    "scan_files": "matching",
    # .models
    "Answer": "models",
    "Case": "models",
    "CaseId": "models",
    "CaseProfile": "models",
    "CheckOutcome": "models",
    "CheckResult": "models",
    "Fingerprint": "models",
    "HashResult": "models",
    "Request": "models",
    "Sighting": "models",
    "SightingChange": "models",
    "StoredFingerprint": "models",
    # .registry
    "Channel": "registry",
    "Platform": "registry",
    "Registry": "registry",
    "load_registry": "registry",
    # .reports
    "render_report": "reports",
    # .store
    "SqliteStore": "store",
    "Store": "store",
    # .support
    "HelpEntry": "support",
    "help_for": "support",
    "load_support": "support",
}

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
    "CheckReport",
    "CheckResult",
    "CheckSettings",
    "CheckTarget",
    "Classifier",
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
    "Match",
    "MatchIndex",
    "MissingFieldsError",
    "OverdueItem",
    "Platform",
    "Registry",
    "Request",
    "RequestNotFoundError",
    "ScanOutcome",
    "ScanResult",
    "Sighting",
    "SightingChange",
    "SightingNotFoundError",
    "SightingOutcome",
    "SqliteStore",
    "Store",
    "StoreError",
    "StoredFingerprint",
    "TemplateError",
    "UnknownPlatformError",
    "UsageError",
    "Workspace",
    "__version__",
    "acheck_urls",
    "check_urls",
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
    "scan_files",
    "write_export",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'leakhelp' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)


if TYPE_CHECKING:  # pragma: no cover - for type checkers and editors only
    from .api import (
        CaseSummary,
        CheckReport,
        DraftOutcome,
        HashOutcome,
        OverdueItem,
        ScanOutcome,
        SightingOutcome,
        Workspace,
    )
    from .checks import CheckSettings, CheckTarget, Classifier, acheck_urls, check_urls
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
    from .fingerprint import (
        PDQ_MIN_QUALITY,
        fingerprint_file,
        fingerprint_image,
        hamming,
        hash_files,
    )
    from .imaging import decode_image
    from .law import BASES
    from .letters import (
        Letter,
        LetterFields,
        render_letter,
        required_fields,
    )
    from .matching import Match, MatchIndex, ScanResult, scan_files
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
    from .store import SqliteStore, Store
    from .support import HelpEntry, help_for, load_support
