"""Encrypted exports: `export --encrypt`, read back by `import` and `scan --fingerprints`."""

from __future__ import annotations

import json
import stat
from collections.abc import Callable
from pathlib import Path

import pytest

from leakhelp import read_export
from leakhelp.errors import ExitCode
from leakhelp.sealed import (
    HEADER_SIZE,
    MAGIC,
    KdfParams,
    SealedExportError,
    is_sealed,
    seal,
    unseal,
)

from conftest import PHOTOS, CliResult

Cli = Callable[..., CliResult]
PASSPHRASE = "correct horse battery staple"
FAST = KdfParams(log2_n=14, r=8, p=1)  # the cheapest we accept: quick unit tests


@pytest.fixture
def sealed_export(cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    case_id = cli("case", "new", "Sam Secret", "--json").json_lines()[0]["id"]
    assert cli("hash", PHOTOS / "coffee.png", PHOTOS / "rocket.jpg", "--case", case_id).code == 0
    out = tmp_path / "for-helper.lhx"
    monkeypatch.setenv("LEAKHELP_PASSPHRASE", PASSPHRASE)
    result = cli("export", "--case", case_id, "-o", out, "--with-name", "--encrypt", "--json")
    assert result.code == 0, result.stderr
    assert result.json_lines()[0]["encrypted"] is True
    monkeypatch.delenv("LEAKHELP_PASSPHRASE")
    return out


def test_an_encrypted_export_shows_nothing_of_its_content(cli: Cli, sealed_export: Path) -> None:
    raw = sealed_export.read_bytes()
    assert raw.startswith(MAGIC)
    assert stat.S_IMODE(sealed_export.stat().st_mode) == 0o600
    for visible in (b"Sam Secret", b"pdq", b"leakhelp-fingerprints", b'"ref"'):
        assert visible not in raw


def test_import_and_scan_read_it_with_the_passphrase(
    cli: Cli, sealed_export: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LEAKHELP_PASSPHRASE", PASSPHRASE)
    imported = cli("import", sealed_export, "--json").json_lines()[0]
    assert imported["fingerprints"] == 2
    assert imported["name"] == "Sam Secret"
    scanned = cli("scan", PHOTOS / "coffee.png", "--fingerprints", sealed_export, "--json")
    assert scanned.code == 0, scanned.stderr
    assert scanned.json_lines()[0]["match"] == "strong"


@pytest.mark.parametrize("command", ["import", "scan"])
def test_a_wrong_passphrase_is_one_line_and_exit_3(
    cli: Cli, sealed_export: Path, monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    monkeypatch.setenv("LEAKHELP_PASSPHRASE", "not the passphrase")
    args = (
        ("import", sealed_export)
        if command == "import"
        else ("scan", PHOTOS / "coffee.png", "--fingerprints", sealed_export)
    )
    result = cli(*args)
    assert result.code == ExitCode.NOTHING_DONE
    assert "passphrase is wrong" in " ".join(result.stderr.split())
    assert result.stderr.count("Error:") == 1 and result.stdout == ""
    assert len(result.stderr.splitlines()) == 1, result.stderr  # not wrapped at 80 columns
    assert cli("case", "list", "--json").json_lines()[0]["name"] == "Sam Secret"  # only ours
    assert len(cli("case", "list", "--json").json_lines()) == 1


@pytest.mark.parametrize(
    "offset", [HEADER_SIZE + 5, -1, 21, 40], ids=["ciphertext", "tag", "salt", "nonce"]
)
def test_a_tampered_file_is_refused(
    cli: Cli, sealed_export: Path, monkeypatch: pytest.MonkeyPatch, offset: int
) -> None:
    raw = bytearray(sealed_export.read_bytes())
    raw[offset] ^= 0x01
    sealed_export.write_bytes(bytes(raw))
    monkeypatch.setenv("LEAKHELP_PASSPHRASE", PASSPHRASE)
    result = cli("import", sealed_export)
    assert result.code == ExitCode.NOTHING_DONE
    assert "changed or damaged" in " ".join(result.stderr.split())
    assert len(cli("case", "list", "--json").json_lines()) == 1


def test_without_a_passphrase_and_no_terminal_it_says_how(cli: Cli, sealed_export: Path) -> None:
    result = cli("import", sealed_export)
    assert result.code == ExitCode.USAGE
    assert "LEAKHELP_PASSPHRASE" in " ".join(result.stderr.split())
    with pytest.raises(SealedExportError, match="encrypted"):
        read_export(sealed_export)


def test_a_plain_export_needs_no_passphrase(cli: Cli, tmp_path: Path) -> None:
    case_id = cli("case", "new", "Sam", "--json").json_lines()[0]["id"]
    assert cli("hash", PHOTOS / "coffee.png", "--case", case_id).code == 0
    out = tmp_path / "plain.json"
    assert cli("export", "--case", case_id, "-o", out).code == 0
    assert json.loads(out.read_text())["format"] == "leakhelp-fingerprints"
    assert cli("import", out).code == 0


def test_round_trip_and_unicode_passphrases() -> None:
    blob = seal(b"hello", "Zo\u00eb", params=FAST)
    assert is_sealed(blob)
    assert unseal(blob, "Zoe\u0308") == b"hello"  # the same text, another normal form


@pytest.mark.parametrize(
    ("log2_n", "r", "p"),
    [(40, 8, 1), (21, 8, 1), (20, 16, 1), (13, 8, 1), (17, 0, 1), (17, 8, 9)],
    ids=["2^40", "2^21", "1-GiB", "too-cheap", "r=0", "p=9"],
)
def test_hostile_key_settings_are_refused_before_any_work(log2_n: int, r: int, p: int) -> None:
    """A file cannot make us spend 100 GB of memory on scrypt."""
    blob = bytearray(seal(b"x", "pw", params=FAST))
    blob[18], blob[19], blob[20] = log2_n, r, p
    with pytest.raises(SealedExportError, match="key settings"):
        unseal(bytes(blob), "pw")


@pytest.mark.parametrize(
    "blob",
    [b"", MAGIC, MAGIC + b"\x01" * 10, MAGIC + b"\x02" + b"\x00" * 60],
    ids=["empty", "magic-only", "short", "newer-version"],
)
def test_truncated_or_future_files_are_refused(blob: bytes) -> None:
    with pytest.raises(SealedExportError):
        unseal(blob, "pw")


def test_encrypting_without_a_passphrase_or_terminal_says_how(cli: Cli, tmp_path: Path) -> None:
    case_id = cli("case", "new", "Sam", "--json").json_lines()[0]["id"]
    out = tmp_path / "x.lhx"
    result = cli("export", "--case", case_id, "-o", out, "--encrypt")
    assert result.code == ExitCode.USAGE
    assert "LEAKHELP_PASSPHRASE" in " ".join(result.stderr.split())
    assert not out.exists()  # never a plain file instead


def test_a_short_passphrase_is_warned_about(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    case_id = cli("case", "new", "Sam", "--json").json_lines()[0]["id"]
    monkeypatch.setenv("LEAKHELP_PASSPHRASE", "abc")
    result = cli("export", "--case", case_id, "-o", tmp_path / "x.lhx", "--encrypt")
    assert result.code == 0
    assert "short" in result.stderr
    assert is_sealed((tmp_path / "x.lhx").read_bytes())
