from __future__ import annotations

import json
import os
import stat

import pytest

from leakhelp import ExportFormatError, Workspace, load_fingerprint_file, read_export

from conftest import PHOTOS


@pytest.fixture
def case_with_photos():
    with Workspace() as ws:
        case = ws.new_case("Sam", lang="nl")
        outcomes = list(ws.hash([PHOTOS / "coffee.png", PHOTOS / "chelsea.png"], case=case.id))
        assert all(o.stored for o in outcomes)
        yield ws, case


def test_export_round_trip_keeps_every_fingerprint(case_with_photos, tmp_path):
    ws, case = case_with_photos
    out = tmp_path / "export.json"
    ws.export(case.id, out)
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o600
    data = read_export(out)
    assert data.lang == "nl"
    assert data.case_name is None  # the name only goes in when asked
    stored = [s.fingerprint for s in ws.fingerprints(case.id)]
    assert [fp.pdq for fp in data.fingerprints] == [fp.pdq for fp in stored]
    assert [fp.dihedral for fp in data.fingerprints] == [fp.dihedral for fp in stored]
    imported, count = ws.import_export(out)
    assert count == 2
    assert imported.lang == "nl"
    assert imported.id != case.id


def test_export_with_name_on_request(case_with_photos, tmp_path):
    ws, case = case_with_photos
    out = tmp_path / "named.json"
    ws.export(case.id, out, include_name=True)
    assert read_export(out).case_name == "Sam"
    imported, _ = ws.import_export(out)
    assert imported.name == "Sam"


def _write(tmp_path, doc, name="bad.json"):
    path = tmp_path / name
    path.write_text(doc if isinstance(doc, str) else json.dumps(doc), encoding="utf-8")
    return path


def _valid_doc(case_with_photos, tmp_path):
    ws, case = case_with_photos
    out = tmp_path / "good.json"
    ws.export(case.id, out)
    return json.loads(out.read_text())


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d.update(format="something-else"), "not a leakhelp fingerprint export"),
        (lambda d: d.update(version=99), "newer leakhelp"),
        (lambda d: d["fingerprints"][1].update(pdq="xyz"), r"fingerprints\[1\]\.pdq"),
        (lambda d: d["fingerprints"][0].pop("quality"), r"fingerprints\[0\].*quality"),
        (lambda d: d["fingerprints"][0].update(path="/home/sam/x.jpg"), "path"),
        (lambda d: d.update(lang="fr"), "lang"),
    ],
    ids=["foreign", "newer", "bad-hex", "missing-field", "unknown-field", "bad-lang"],
)
def test_bad_exports_name_what_is_wrong(case_with_photos, tmp_path, mutate, message):
    doc = _valid_doc(case_with_photos, tmp_path)
    mutate(doc)
    with pytest.raises(ExportFormatError, match=message):
        read_export(_write(tmp_path, doc))


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "not valid JSON"),
        ("{not json", "not valid JSON"),
        ("[1, 2, 3]", "expected a JSON object"),
        ('{"hello": "world"}', "not a leakhelp fingerprint export"),
    ],
    ids=["empty", "broken", "array", "foreign-object"],
)
def test_foreign_files_are_refused(tmp_path, content, message):
    with pytest.raises(ExportFormatError, match=message):
        read_export(_write(tmp_path, content))


def test_binary_and_missing_files(tmp_path):
    binary = tmp_path / "photo.json"
    binary.write_bytes((PHOTOS / "coffee.png").read_bytes())
    with pytest.raises(ExportFormatError, match="not a text file"):
        read_export(binary)
    with pytest.raises(ExportFormatError, match="not found"):
        read_export(tmp_path / "nope.json")


def test_failed_import_leaves_no_case(case_with_photos, tmp_path):
    ws, _case = case_with_photos
    before = len(ws.cases())
    with pytest.raises(ExportFormatError):
        ws.import_export(_write(tmp_path, '{"format": "leakhelp-fingerprints", "version": 1}'))
    assert len(ws.cases()) == before


def test_hash_json_output_is_a_fingerprint_file(cli, tmp_path):
    broken = tmp_path / "broken.jpg"
    broken.write_bytes(b"\xff\xd8\xff not a jpeg")
    result = cli("hash", PHOTOS / "coffee.png", broken, PHOTOS / "chelsea.png", "--json")
    lines = tmp_path / "hashes.jsonl"
    lines.write_text(result.stdout)
    data = load_fingerprint_file(lines)
    assert len(data.fingerprints) == 2  # the error line is skipped
    assert data.refs == ("#1", "#3")
    assert all(len(fp.dihedral) == 8 for fp in data.fingerprints)


def test_garbage_lines_in_a_fingerprint_file(tmp_path):
    path = _write(tmp_path, '{"pdq": "00"}\n', name="x.jsonl")
    with pytest.raises(ExportFormatError, match="line 1"):
        load_fingerprint_file(path)
    path = _write(tmp_path, "hello\n", name="y.jsonl")
    with pytest.raises(ExportFormatError, match="line 1 is not JSON"):
        load_fingerprint_file(path)


def test_export_import_cli(cli, tmp_path):
    case_id = cli("case", "new", "Sam", "--json").json_lines()[0]["id"]
    assert cli("hash", PHOTOS / "coffee.png", "--case", case_id).code == 0
    out = tmp_path / "for-helper.json"
    result = cli("export", "--case", case_id, "-o", out)
    assert result.code == 0
    assert "no images" in result.stderr
    imported = cli("import", out, "--json").json_lines()
    assert imported[0]["fingerprints"] == 1
    assert imported[0]["id"] != case_id
    bad = _write(tmp_path, "[]")
    result = cli("import", bad)
    assert result.code == 3  # the one input could not be used: nothing was done
    assert "expected a JSON object" in result.stderr


def test_labels_name_fingerprints_never_file_names(cli, tmp_path):
    case_id = cli("case", "new", "Sam", "--json").json_lines()[0]["id"]
    one = cli("hash", PHOTOS / "coffee.png", "--case", case_id, "--label", "  beach   2023 ")
    assert one.code == 0
    two = cli("hash", PHOTOS / "chelsea.png", PHOTOS / "rocket.jpg", "--label", "party", "--json")
    assert [line["label"] for line in two.json_lines()] == ["party 1", "party 2"]
    scan = cli("scan", PHOTOS / "coffee.png", "--case", case_id, "--json").json_lines()
    assert scan[0]["fingerprint"] == "beach 2023"
    out = tmp_path / "export.json"
    assert cli("export", "--case", case_id, "-o", out).code == 0
    (item,) = json.loads(out.read_text())["fingerprints"]
    assert (item["ref"], item["label"]) == ("beach 2023", "beach 2023")
    lines = tmp_path / "hashes.jsonl"
    lines.write_text(two.stdout)
    assert load_fingerprint_file(lines).refs == ("party 1", "party 2")
    assert "coffee" not in out.read_text()


def test_export_import_hash_round_trip(cli, tmp_path, monkeypatch):
    """A case carried to another device by its export holds exactly the same fingerprints."""
    victim = cli("case", "new", "Sam", "--json").json_lines()[0]["id"]
    assert cli("hash", PHOTOS / "coffee.png", PHOTOS / "rocket.jpg", "--case", victim).code == 0
    out = tmp_path / "export.json"
    assert cli("export", "--case", victim, "-o", out).code == 0
    monkeypatch.setenv("LEAKHELP_HOME", str(tmp_path / "helper-home"))  # another device
    helper = cli("import", out, "--json").json_lines()[0]
    assert helper["fingerprints"] == 2
    again = cli(
        "hash", PHOTOS / "rocket.jpg", PHOTOS / "coffee.png", "--case", helper["id"], "--json"
    )
    assert [line["stored"] for line in again.json_lines()] == [False, False]  # already there
    scan = cli("scan", PHOTOS / "coffee.png", "--case", helper["id"], "--json").json_lines()
    assert (scan[0]["match"], scan[0]["distance"]) == ("strong", 0)


# -- validation without a schema walk: the same rules as schemas/export-v1.json --------------
def _schema() -> dict:
    from importlib import resources

    return json.loads(resources.files("leakhelp").joinpath("schemas/export-v1.json").read_text())


_MUTATIONS = {
    "upper-hex": lambda d: d["fingerprints"][0].update(pdq=d["fingerprints"][0]["pdq"].upper()),
    "short-hex": lambda d: d["fingerprints"][0].update(phash="abc"),
    "spaced-hex": lambda d: d["fingerprints"][0]["dihedral"].__setitem__(1, "0a " * 21 + "f"),
    "bool-quality": lambda d: d["fingerprints"][0].update(quality=True),
    "quality-101": lambda d: d["fingerprints"][0].update(quality=101),
    "width-0": lambda d: d["fingerprints"][0].update(width=0),
    "float-height": lambda d: d["fingerprints"][0].update(height=3.5),
    "regions-254": lambda d: d["fingerprints"][0].update(
        regions=d["fingerprints"][0]["regions"][1:]
    ),
    "region-number": lambda d: d["fingerprints"][0]["regions"].__setitem__(7, 7),
    "long-label": lambda d: d["fingerprints"][0].update(label="x" * 201),
    "empty-ref": lambda d: d["fingerprints"][0].update(ref=""),
    "bad-time": lambda d: d.update(created_at="2024-06-11 09:30:00"),
    "extra-top": lambda d: d.update(owner="sam"),
    "not-a-list": lambda d: d.update(fingerprints={"a": 1}),
    "item-not-object": lambda d: d["fingerprints"].__setitem__(0, "pdq"),
    "recipe-version": lambda d: d["recipe"].update(region_scheme="1"),
}


@pytest.mark.parametrize("mutation", sorted(_MUTATIONS))
def test_what_the_schema_refuses_is_refused(case_with_photos, tmp_path, mutation):
    import jsonschema

    doc = _valid_doc(case_with_photos, tmp_path)
    jsonschema.validate(doc, _schema())  # the export we write is valid
    read_export(_write(tmp_path, doc))
    _MUTATIONS[mutation](doc)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(doc, _schema())
    with pytest.raises(ExportFormatError):
        read_export(_write(tmp_path, doc))


def test_the_export_is_readable_json_one_fingerprint_a_line(case_with_photos, tmp_path):
    ws, case = case_with_photos
    out = tmp_path / "e.json"
    ws.export(case.id, out)
    lines = out.read_text().splitlines()
    assert lines[1] == ' "format": "leakhelp-fingerprints",'
    assert (
        sum(line.lstrip().startswith('{"ref":') for line in lines) == 2
    )  # each fingerprint on its own line
    assert read_export(out.read_bytes(), name="e.json").refs == read_export(out).refs


# -- hostile files: bounded reads, regular files only, capped counts -------------------------
def test_a_fifo_a_device_and_a_folder_are_refused_at_once(tmp_path):
    fifo = tmp_path / "hashes.json"
    os.mkfifo(fifo)  # no writer: opening it the usual way would wait forever
    for path in (fifo, "/dev/zero", tmp_path):
        with pytest.raises(ExportFormatError, match=r"not a regular file|a folder"):
            read_export(path)
        with pytest.raises(ExportFormatError, match=r"not a regular file|a folder"):
            load_fingerprint_file(path)


def test_import_from_a_pipe_says_to_save_a_file_first(case_with_photos, tmp_path):
    import subprocess
    import sys

    ws, case = case_with_photos
    out = tmp_path / "e.json"
    ws.export(case.id, out)
    done = subprocess.run(
        [sys.executable, "-m", "leakhelp", "import", "/dev/stdin"],
        input=out.read_bytes(),
        capture_output=True,
        env={**os.environ, "LEAKHELP_HOME": str(tmp_path / "home")},
        timeout=60,
        check=False,
    )
    assert done.returncode != 0
    assert b"not a regular file" in done.stderr and b"Traceback" not in done.stderr


def test_bytes_are_counted_while_reading(tmp_path):
    from leakhelp.export import read_bounded

    path = _write(tmp_path, "x" * 300)
    assert read_bounded(path, limit=300) == b"x" * 300
    with pytest.raises(ExportFormatError, match="too large"):
        read_bounded(path, limit=299)
    # a regular file whose size reads 0 but that has content: counted, not trusted
    status = "/proc/self/status"
    assert os.stat(status).st_size == 0
    assert len(read_bounded(status)) > 100
    with pytest.raises(ExportFormatError, match="too large"):
        read_bounded(status, limit=50)


def test_fingerprints_per_file_are_capped(case_with_photos, tmp_path, monkeypatch):
    import leakhelp.export as export

    doc = _valid_doc(case_with_photos, tmp_path)
    monkeypatch.setattr(export, "MAX_EXPORT_FINGERPRINTS", 1)
    with pytest.raises(ExportFormatError, match="more than 1 fingerprints"):
        read_export(_write(tmp_path, doc))
    item = {k: doc["fingerprints"][0][k] for k in ("pdq", "quality", "phash", "dhash")}
    lines = _write(tmp_path, f"{json.dumps(item)}\n{json.dumps(item)}\n", name="h.jsonl")
    with pytest.raises(ExportFormatError, match="more than 1 fingerprints"):
        load_fingerprint_file(lines)


_KILLED_IMPORT = """
import os, signal, sys
from leakhelp import SqliteStore
from leakhelp.export import read_export

data = read_export(sys.argv[1])

def then_killed():
    yield data.fingerprints[0]
    os.kill(os.getpid(), signal.SIGKILL)  # as if the power went mid-import
    yield data.fingerprints[1]

with SqliteStore.open(sys.argv[2]) as store:
    store.create_case("half", fingerprints=then_killed())
"""


def test_a_killed_import_leaves_no_case(case_with_photos, tmp_path):
    import subprocess
    import sys

    from leakhelp import SqliteStore

    ws, case = case_with_photos
    out = tmp_path / "e.json"
    ws.export(case.id, out)
    home = tmp_path / "home"
    done = subprocess.run(
        [sys.executable, "-c", _KILLED_IMPORT, str(out), str(home)], timeout=60, check=False
    )
    assert done.returncode == -9
    with SqliteStore.open(home) as store:
        assert store.list_cases() == []


def test_an_unusable_export_is_nothing_done_for_import_and_scan(cli, tmp_path):
    """README: 3 when nothing could be done. One fingerprint file that cannot be
    read is the whole input of `import` and of `scan --fingerprints`: both exit 3."""
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    imported = cli("import", bad)
    scanned = cli("scan", tmp_path, "--fingerprints", bad)
    assert imported.code == scanned.code == 3
    assert "Traceback" not in imported.stderr + scanned.stderr


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        # what the fast reader refuses and the standard one reads: judged by the rules
        ('"quality":', '"quality":NaN,"x":', r"fingerprints\[0\].*'x'"),
        ('"quality":100', '"quality":1e400', r"fingerprints\[0\]\.quality"),
        # what neither reads: the line and the standard reader's words
        ('"quality":100', '"quality":100,', r"line \d+.*Expecting property name"),
        ('"lang": "nl"', '"lang": "nl\x01"', r"line \d+.*Invalid control character"),
    ],
    ids=["nan", "huge-number", "trailing-comma", "control-character"],
)
def test_both_json_readers_judge_a_file_the_same(case_with_photos, tmp_path, old, new, message):
    ws, case = case_with_photos
    good = tmp_path / "good.json"
    ws.export(case.id, good)
    text = good.read_text()
    assert old in text
    path = _write(tmp_path, text.replace(old, new, 1))
    with pytest.raises(ExportFormatError, match=message):
        read_export(path)


def test_reading_leaves_the_cycle_collector_as_it_was(case_with_photos, tmp_path):
    import gc

    ws, case = case_with_photos
    out = tmp_path / "export.json"
    ws.export(case.id, out)
    assert gc.isenabled() and gc.get_freeze_count() == 0
    read_export(out)
    assert gc.isenabled() and gc.get_freeze_count() == 0
    gc.disable()
    try:
        load_fingerprint_file(out)
        assert not gc.isenabled()
    finally:
        gc.enable()
