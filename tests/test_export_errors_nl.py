"""Errors about fingerprint files and encrypted exports, in Dutch and in English.

The library raises them with a message key; the command line shows them in
the reader's language, one line, with the same exit code in both languages,
and ``str(error)`` (logs, JSON lines) stays English.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from leakhelp.errors import ExitCode, ExportFormatError
from leakhelp.export import parse_export, read_export
from leakhelp.sealed import HEADER_SIZE, KdfParams, SealedExportError, seal, unseal

from conftest import CliResult

Cli = Callable[..., CliResult]
PASSPHRASE = "correct horse battery staple"
FAST = KdfParams(log2_n=14, r=8, p=1)
VALID_ITEM = {"ref": "a", "pdq": "0" * 64, "phash": "0" * 16, "dhash": "0" * 16, "quality": 90}


def _doc(**changes: object) -> dict[str, object]:
    doc: dict[str, object] = {
        "format": "leakhelp-fingerprints",
        "version": 1,
        "created_at": "2024-06-11T09:30:00Z",
        "lang": "nl",
        "fingerprints": [dict(VALID_ITEM)],
    }
    doc.update(changes)
    return doc


def _one_error_line(result: CliResult, prefix: str) -> str:
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(prefix), result.stderr
    assert result.stdout == ""
    return lines[0]


def _both(cli: Cli, *args: str | Path) -> tuple[CliResult, CliResult]:
    """The same command in Dutch and in English; the exit code must not depend on it."""
    dutch = cli("--lang", "nl", *args)
    english = cli("--lang", "en", *args)
    assert dutch.code == english.code, (dutch, english)
    return dutch, english


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX thing")
def test_a_named_pipe_is_refused_in_dutch(cli: Cli, tmp_path: Path) -> None:
    fifo = tmp_path / "pijp"
    os.mkfifo(fifo)
    dutch, english = _both(cli, "import", fifo)
    assert dutch.code == ExitCode.NOTHING_DONE
    line = _one_error_line(dutch, "Fout: pijp: geen gewoon bestand")
    assert "sla de vingerafdrukken eerst op in een bestand" in line
    assert "not a regular file" in _one_error_line(english, "Error: pijp: ")


def test_a_missing_file_is_refused_in_dutch(cli: Cli, tmp_path: Path) -> None:
    dutch, english = _both(cli, "import", tmp_path / "weg.json")
    assert dutch.code == ExitCode.NOTHING_DONE
    assert _one_error_line(dutch, "Fout: ") == "Fout: weg.json: bestand niet gevonden"
    assert _one_error_line(english, "Error: ") == "Error: weg.json: file not found"


def test_a_folder_and_invalid_json_are_refused_in_dutch(cli: Cli, tmp_path: Path) -> None:
    dutch, english = _both(cli, "import", tmp_path)
    assert "een map, geen bestand met vingerafdrukken" in _one_error_line(dutch, "Fout: ")
    assert "a folder, not a fingerprint file" in _one_error_line(english, "Error: ")
    broken = tmp_path / "kapot.json"
    broken.write_text('{"format": ', encoding="utf-8")
    dutch, english = _both(cli, "import", broken)
    assert dutch.code == ExitCode.NOTHING_DONE
    assert "kapot.json: geen geldige JSON (regel 1: " in _one_error_line(dutch, "Fout: ")
    assert "kapot.json: not valid JSON (line 1: " in _one_error_line(english, "Error: ")


def test_a_field_problem_names_the_field_in_both_languages(cli: Cli, tmp_path: Path) -> None:
    bad = tmp_path / "veld.json"
    item = dict(VALID_ITEM, pdq="xyz")
    bad.write_text(json.dumps(_doc(fingerprints=[dict(VALID_ITEM), item])), encoding="utf-8")
    dutch, english = _both(cli, "import", bad)
    assert dutch.code == ExitCode.NOTHING_DONE
    assert _one_error_line(dutch, "Fout: ") == (
        "Fout: veld.json: fingerprints[1].pdq: 64 hexadecimale tekens verwacht (0-9, a-f)"
    )
    assert _one_error_line(english, "Error: ") == (
        "Error: veld.json: fingerprints[1].pdq: expected 64 hex digits (0-9, a-f)"
    )


@pytest.mark.parametrize(
    ("doc", "english", "dutch"),
    [
        ("[]", "f: not a leakhelp export (expected a JSON object)", "f: geen leakhelp-export"),
        (_doc(version=7), "made by a newer leakhelp (export version 7)", "exportversie 7"),
        (_doc(lang="fr"), "f: lang: must be one of", "f: lang: moet een van deze zijn"),
        (_doc(extra=1), "f: unknown field 'extra'", "f: onbekend veld 'extra'"),
        (_doc(fingerprints=[{"ref": "a"}]), "[0]: missing field 'pdq'", "veld 'pdq' ontbreekt"),
        (_doc(fingerprints=[dict(VALID_ITEM, quality=101)]), "from 0 to 100", "0 tot en met 100"),
        (_doc(created_at="gisteren"), "created_at: expected a time", "created_at: een tijd als"),
    ],
)
def test_each_export_problem_has_both_languages(doc: object, english: str, dutch: str) -> None:
    source = doc if isinstance(doc, str) else json.dumps(doc)
    with pytest.raises(ExportFormatError) as caught:
        parse_export(json.loads(source), name="f")
    error = caught.value
    assert error.key is not None
    assert english in str(error) and english in error.text("en")
    assert dutch in error.text("nl")
    assert error.text("nl") != str(error)


def test_a_video_line_problem_says_line_in_dutch(tmp_path: Path) -> None:
    lines = tmp_path / "hash.jsonl"
    lines.write_text(json.dumps({"kind": "video", "md5": "nope"}) + "\n", encoding="utf-8")
    with pytest.raises(ExportFormatError) as caught:
        from leakhelp.export import load_fingerprint_file

        load_fingerprint_file(lines)
    assert str(caught.value).startswith("hash.jsonl: line 1")
    assert caught.value.text("nl").startswith("hash.jsonl: regel 1")
    assert "klopt niet met het exportformaat" in caught.value.text("nl")


def _sealed(tmp_path: Path, *, tamper: bool) -> Path:
    raw = bytearray(seal(json.dumps(_doc()).encode("utf-8"), PASSPHRASE, params=FAST))
    if tamper:
        raw[HEADER_SIZE + 5] ^= 0x01
    path = tmp_path / "voor-hulp.lhx"
    path.write_bytes(bytes(raw))
    return path


def test_a_tampered_encrypted_export_is_refused_in_dutch(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LEAKHELP_PASSPHRASE", PASSPHRASE)
    dutch, english = _both(cli, "import", _sealed(tmp_path, tamper=True))
    assert dutch.code == ExitCode.NOTHING_DONE
    line = _one_error_line(dutch, "Fout: de versleutelde export kan niet worden geopend")
    assert "veranderd of beschadigd" in line
    assert "passphrase is wrong" in _one_error_line(english, "Error: ")


def test_a_wrong_passphrase_in_scan_is_dutch_too(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LEAKHELP_PASSPHRASE", "niet het wachtwoord")
    sealed = _sealed(tmp_path, tamper=False)
    image = tmp_path / "x.png"
    image.write_bytes(b"")
    dutch, english = _both(cli, "scan", image, "--fingerprints", sealed)
    assert dutch.code == ExitCode.NOTHING_DONE
    assert "het wachtwoord klopt niet" in _one_error_line(dutch, "Fout: ")
    assert "passphrase is wrong" in _one_error_line(english, "Error: ")


def test_no_passphrase_says_how_in_dutch(cli: Cli, tmp_path: Path) -> None:
    dutch, english = _both(cli, "import", _sealed(tmp_path, tamper=False))
    assert "het wachtwoord van de export nodig" in _one_error_line(dutch, "Fout: ")
    assert "LEAKHELP_PASSPHRASE" in dutch.stderr
    assert "the export's passphrase" in _one_error_line(english, "Error: ")
    with pytest.raises(SealedExportError, match="encrypted"):
        read_export(_sealed(tmp_path, tamper=False))


def test_sealed_errors_keep_english_str_and_have_dutch_text() -> None:
    with pytest.raises(SealedExportError) as caught:
        unseal(b"LHX" + b"\0" * 10, PASSPHRASE)
    assert str(caught.value) == "this is not a complete encrypted leakhelp export"
    assert caught.value.text("nl") == "dit is geen volledige versleutelde leakhelp-export"
