"""A short self-check of leakhelp on this computer (``leakhelp doctor``).

For a helper on the phone with someone who is stuck: which versions run,
whether the home folder is private, which PDQ implementation hashes (and
whether it gives the right hashes), and whether the internet can be reached.

It reads no image and writes nothing. The only network use is optional and
said out loud: one connection to :data:`PROBE_HOST` on port 443, opened and
closed without sending a byte (a web address reserved for examples, so the
visit says nothing about the person or what they are doing).

Every finding carries a message key (:mod:`leakhelp.i18n`) and values; the
CLI words them in Dutch or English.
"""

from __future__ import annotations

import os
import platform
import shlex
import stat
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from .paths import DIR_MODE, FILE_MODE, resolve_home

if TYPE_CHECKING:  # numpy loads when the self-test runs, not for --help
    import numpy as np

Status = Literal["ok", "note", "problem"]

#: The libraries worth naming when something goes wrong (distribution names).
LIBRARIES = (
    "numpy",
    "pillow",
    "pillow-heif",
    "imagehash",
    "httpx",
    "jinja2",
    "pyyaml",
    "jsonschema",
    "platformdirs",
    "typer",
    "rich",
)

#: Where the network check connects: reserved for examples by IANA, run for
#: nobody in particular; nothing is sent (see :func:`network_finding`).
PROBE_HOST = "example.com"
PROBE_PORT = 443
PROBE_TIMEOUT = 4.0

#: The home folder is looked at for at most this many entries (a quick check).
MAX_HOME_ENTRIES = 5000

#: PDQ of :func:`self_test_pixels`, as Meta's C++ (pdqhash 0.2.8) gives it.
SELF_TEST_PDQ = "6bbec91cc0413ebe9551c09297b07abe91512fefc010953c6bfa3e7a1577c114"
SELF_TEST_QUALITY = 100


@dataclass(frozen=True, slots=True)
class Finding:
    """One line of the check: what was looked at, how it is, what to do."""

    check: str
    status: Status
    key: str  # message key of the finding (i18n)
    values: dict[str, str] = field(default_factory=dict)
    advice: str | None = None  # message key of what to do, when not ok

    def as_dict(self) -> dict[str, object]:
        return {
            "check": self.check,
            "status": self.status,
            **self.values,
        }


def version_of(distribution: str) -> str | None:
    """The installed version of a distribution, or None."""
    from importlib import metadata  # 8 ms: only when doctor runs

    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return None


def version_findings() -> list[Finding]:
    """leakhelp, Python and the libraries it needs."""
    python = ".".join(str(p) for p in sys.version_info[:3])
    found = [
        Finding("leakhelp", "ok", "doctor.leakhelp", {"version": version_of("leakhelp") or "?"}),
        Finding(
            "python",
            "ok" if sys.version_info >= (3, 11) else "problem",
            "doctor.python",
            {"version": python, "system": f"{platform.system()} {platform.machine()}".strip()},
            None if sys.version_info >= (3, 11) else "doctor.advice.python",
        ),
    ]
    for name in LIBRARIES:
        version = version_of(name)
        if version is None:
            found.append(
                Finding(
                    name, "problem", "doctor.missing", {"name": name}, "doctor.advice.reinstall"
                )
            )
        else:
            found.append(Finding(name, "ok", "doctor.library", {"name": name, "version": version}))
    return found


def self_test_pixels() -> np.ndarray:
    """A fixed 160 x 120 RGB pattern (integer arithmetic, the same everywhere)."""
    import numpy as np

    y, x = np.mgrid[0:120, 0:160].astype(np.int64)
    channels = (
        (x * x * 7 + y * 13 + x * y * 3) % 251,
        (x * 11 + y * y * 5) % 241,
        (x * y + 3 * x + 17 * y) % 239,
    )
    return np.dstack(channels).astype(np.uint8)


def pdq_finding(backend: str | None = None) -> Finding:
    """Which PDQ implementation runs, and whether it gives Meta's hash on the test pattern."""
    from . import pdq

    used = backend or pdq.BACKEND
    cpp = version_of("pdqhash")
    values = {
        "backend": used,
        "pdqhash": cpp or "",
        "detail": "Meta's C++ (pdqhash)" if used == "cpp" else "numpy",
    }
    hashed, quality = pdq.pdq_hash(self_test_pixels(), backend=used)
    if hashed != SELF_TEST_PDQ or quality != SELF_TEST_QUALITY:
        return Finding("pdq", "problem", "doctor.pdq.wrong", values, "doctor.advice.reinstall")
    return Finding("pdq", "ok", "doctor.pdq", values)


def _too_open(mode: int, wanted: int) -> bool:
    return bool(stat.S_IMODE(mode) & ~wanted & 0o077)


def home_finding(home: str | os.PathLike[str] | None = None) -> Finding:
    """The home folder: where it is, and whether only this user can read it."""
    path = resolve_home(home)
    values = {"path": str(path)}
    if not path.exists():
        return Finding("home", "ok", "doctor.home.new", values)
    if not path.is_dir():
        return Finding("home", "problem", "doctor.home.notdir", values, "doctor.advice.home")
    if not os.access(path, os.R_OK | os.W_OK | os.X_OK):
        return Finding("home", "problem", "doctor.home.noaccess", values, "doctor.advice.home")
    if os.name != "posix":
        return Finding("home", "ok", "doctor.home.ok", values)  # no 0700/0600 to check
    open_ones = _open_entries(path)
    if open_ones:
        values["count"] = str(len(open_ones))
        values["example"] = str(open_ones[0])
        values["command"] = shlex.join(["chmod", "-R", "go-rwx", str(path)])
        return Finding("home", "problem", "doctor.home.open", values, "doctor.advice.chmod")
    return Finding("home", "ok", "doctor.home.ok", values)


def _open_entries(home: Path) -> list[Path]:
    """Entries of the home folder that others could open (folders not 0700, files not 0600)."""
    me = os.getuid() if hasattr(os, "getuid") else None
    found: list[Path] = []
    entries = [home]
    for root, dirs, files in os.walk(home):
        entries.extend(Path(root) / name for name in (*dirs, *files))
        if len(entries) > MAX_HOME_ENTRIES:
            break
    for entry in entries[:MAX_HOME_ENTRIES]:
        try:
            info = entry.lstat()
        except OSError:
            continue
        if stat.S_ISLNK(info.st_mode):
            continue
        wanted = DIR_MODE if stat.S_ISDIR(info.st_mode) else FILE_MODE
        if _too_open(info.st_mode, wanted) or (me is not None and info.st_uid != me):
            found.append(entry)
    return found


def network_finding(
    host: str = PROBE_HOST, port: int = PROBE_PORT, timeout: float = PROBE_TIMEOUT
) -> Finding:
    """Open one TCP connection to ``host:port`` and close it at once (nothing is sent)."""
    import socket

    values = {"host": host, "port": str(port)}
    try:
        with socket.create_connection((host, port), timeout=timeout):
            pass
    except OSError as exc:
        values["reason"] = _network_reason(exc)
        return Finding("network", "note", "doctor.network.down", values, "doctor.advice.network")
    return Finding("network", "ok", "doctor.network.up", values)


def _network_reason(exc: OSError) -> str:
    """A reason code (message ``doctor.reason.<code>``)."""
    import socket

    if isinstance(exc, socket.gaierror):
        return "lookup"
    if isinstance(exc, TimeoutError):
        return "timeout"
    if isinstance(exc, ConnectionRefusedError):
        return "refused"
    return "other"


def skipped_network() -> Finding:
    return Finding("network", "note", "doctor.network.skipped", {})


def run_checks(
    home: str | os.PathLike[str] | None = None,
    *,
    network: bool = True,
    probe: tuple[str, int] = (PROBE_HOST, PROBE_PORT),
) -> list[Finding]:
    """Every finding, in the order a person reads them."""
    findings = version_findings()
    findings.append(pdq_finding())
    findings.append(home_finding(home))
    findings.append(network_finding(*probe) if network else skipped_network())
    return findings


def all_well(findings: list[Finding]) -> bool:
    return not any(f.status == "problem" for f in findings)
