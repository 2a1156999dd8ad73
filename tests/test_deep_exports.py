"""A deeply nested export is refused in one line naming the file, never a RecursionError."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from leakhelp.errors import ExitCode, ExportFormatError
from leakhelp.export import load_fingerprint_file, read_export
from leakhelp.sealed import KdfParams, seal

from conftest import CliResult

Cli = Callable[..., CliResult]
DEPTH = 100_000
PASSPHRASE = "correct horse battery staple"
FAST = KdfParams(log2_n=14, r=8, p=1)
HASH_LINE = {"pdq": "0" * 64, "phash": "0" * 16, "dhash": "0" * 16, "quality": 90}


def _nested(open_: str = "[", close: str = "]") -> str:
    return open_ * DEPTH + close * DEPTH


def _export_around(inner: str) -> str:
    return (
        '{"format": "leakhelp-fingerprints", "version": 1, "lang": "nl", '
        f'"created_at": "2024-06-11T09:30:00Z", "fingerprints": {inner}}}'
    )


#: The file's name and its text: a whole document, an export with a deep part,
#: deep objects, and JSON Lines of ``hash --json`` with a deep first line.
DEEP = {
    "lists.json": _nested(),
    "export.json": _export_around(_nested()),
    "objects.json": '{"a": ' * DEPTH + "1" + "}" * DEPTH,
    "hash.jsonl": _nested() + "\n" + json.dumps(HASH_LINE) + "\n",
}


def _file(tmp_path: Path, name: str, *, sealed: bool) -> Path:
    data = DEEP[name].encode("utf-8")
    path = tmp_path / (name + (".lhx" if sealed else ""))
    path.write_bytes(seal(data, PASSPHRASE, params=FAST) if sealed else data)
    return path


@pytest.mark.parametrize("sealed", [False, True], ids=["plain", "encrypted"])
@pytest.mark.parametrize("name", sorted(DEEP))
@pytest.mark.parametrize("command", ["import", "scan"])
def test_a_deep_export_is_one_line_with_its_name(
    cli: Cli,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    command: str,
    name: str,
    sealed: bool,
) -> None:
    monkeypatch.setenv("LEAKHELP_PASSPHRASE", PASSPHRASE)
    path = _file(tmp_path, name, sealed=sealed)
    args = (
        ["import", path]
        if command == "import"
        else ["scan", tmp_path / "x.jpg", "--fingerprints", path]
    )
    for lang, word in (("en", "Error: "), ("nl", "Fout: ")):
        result = cli("--lang", lang, *args)
        assert result.code == ExitCode.NOTHING_DONE
        lines = result.stderr.splitlines()
        assert len(lines) == 1, result.stderr
        assert lines[0].startswith(f"{word}{path.name}: "), result.stderr
        assert ("nested too deeply" if lang == "en" else "te diep") in lines[0]


@pytest.mark.parametrize("name", sorted(DEEP))
def test_the_library_raises_the_export_error(tmp_path: Path, name: str) -> None:
    path = _file(tmp_path, name, sealed=False)
    with pytest.raises(ExportFormatError) as caught:
        load_fingerprint_file(path)
    assert caught.value.key == "export.error.too-deep"
    if not name.endswith(".jsonl"):
        with pytest.raises(ExportFormatError):
            read_export(path)


def test_a_deep_line_after_good_hash_lines_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "hash.jsonl"
    path.write_text(json.dumps(HASH_LINE) + "\n" + _nested() + "\n", encoding="utf-8")
    with pytest.raises(ExportFormatError) as caught:
        load_fingerprint_file(path)
    assert caught.value.key == "export.error.too-deep"
    assert caught.value.text("nl").startswith("hash.jsonl: te diep")
