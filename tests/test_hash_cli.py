"""`leakhelp hash` on real folders: good, broken, hostile and non-image files together."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image

from leakhelp.fingerprint import hamming

from conftest import PHOTOS, CliResult
from imagegen import broken_files, mixed_folder, oriented_jpeg

Cli = Callable[..., CliResult]

#: The fields of a good line (README.md, docs/matching.md); more may be added, none removed.
CONTRACT_FIELDS = {"path", "pdq", "quality", "phash", "dhash", "width", "height"}

#: What `mixed_folder` holds, relative to it: True = must hash, False = error line.
MIXED_EXPECTED = {
    "a.jpg": True,
    "empty.jpg": False,
    "sub/b.png": True,
    "sub/dangling.jpg": False,
    "sub/deeper/c.webp": True,
    "sub/text.jpg": False,
    "sub/truncated.jpg": False,
}


@pytest.fixture(scope="module")
def photo() -> Image.Image:
    with Image.open(PHOTOS / "coffee.png") as im:
        return im.convert("RGB")


@pytest.fixture
def mixed(tmp_path: Path, photo: Image.Image) -> Path:
    return mixed_folder(tmp_path, photo)


def relative(rows: list[dict[str, object]], root: Path) -> dict[str, dict[str, object]]:
    return {os.path.relpath(str(r["path"]), root): r for r in rows}


def assert_good(row: dict[str, object]) -> None:
    assert row.keys() >= CONTRACT_FIELDS, row
    assert "error" not in row
    assert isinstance(row["pdq"], str) and len(row["pdq"]) == 64
    assert isinstance(row["phash"], str) and len(row["phash"]) == 16
    assert isinstance(row["dhash"], str) and len(row["dhash"]) == 16
    assert isinstance(row["quality"], int) and isinstance(row["width"], int)


def assert_error(row: dict[str, object]) -> None:
    assert set(row) == {"path", "error"}, row
    reason = row["error"]
    assert isinstance(reason, str) and reason and "\n" not in reason
    # The reason is about the file, not a repeat of where it is.
    assert str(Path(str(row["path"])).name) not in reason


def test_folder_with_good_broken_and_other_files(cli: Cli, mixed: Path) -> None:
    result = cli("hash", mixed, "--json")
    assert result.code == 1  # some inputs failed, the others were done
    rows = result.json_lines()
    by_path = relative(rows, mixed)
    # One line per image file, each once (the symlink loop is walked once);
    # notes.txt, album.json, .DS_Store, Thumbs.db, the dangling .txt link and
    # the folder named x.jpg give no line at all.
    assert sorted(by_path) == sorted(MIXED_EXPECTED)
    assert len(rows) == len(by_path)
    for name, ok in MIXED_EXPECTED.items():
        (assert_good if ok else assert_error)(by_path[name])
    # Same photo: mirrored and rotated copies differ from the original in PDQ.
    assert by_path["a.jpg"]["width"] == 600 and by_path["sub/b.png"]["width"] == 400


def test_human_output_for_the_same_folder(cli: Cli, mixed: Path) -> None:
    result = cli("hash", mixed)
    assert result.code == 1
    assert "3 files fingerprinted, 4 could not be read" in result.stderr
    assert not result.stdout.lstrip().startswith("{")


def test_two_workers_give_the_same_lines_as_one(cli: Cli, mixed: Path, photo: Image.Image) -> None:
    # Enough files that the pool really runs, with the broken ones in between.
    for i in range(10):
        photo.rotate(i * 30).save(mixed / "sub" / f"r{i:02d}.jpg", quality=90)
    one = cli("hash", mixed, "--json", "--workers", "1")
    two = cli("hash", mixed, "--json", "--workers", "2")
    assert one.code == two.code == 1
    assert one.stdout == two.stdout
    assert len(one.json_lines()) == len(MIXED_EXPECTED) + 10


def test_empty_bomb_and_truncated_files_give_one_error_line_each(
    cli: Cli, tmp_path: Path, photo: Image.Image
) -> None:
    bad = broken_files(tmp_path, photo)
    names = ["empty.jpg", "pixel-bomb.png", "gif-bomb.gif", "truncated.jpg", "truncated.png"]
    result = cli("hash", *(bad[n] for n in names), "--json")
    assert result.code == 1
    lines = result.stdout.splitlines()
    assert len(lines) == len(names)
    rows = [json.loads(line) for line in lines]
    assert [Path(r["path"]).name for r in rows] == names
    for row in rows:
        assert_error(row)
    reasons = dict(zip(names, (r["error"] for r in rows), strict=True))
    assert "empty" in reasons["empty.jpg"]
    assert "too large" in reasons["pixel-bomb.png"] and "too large" in reasons["gif-bomb.gif"]
    assert "damaged or incomplete" in reasons["truncated.jpg"]


def test_good_files_among_errors_are_still_hashed(
    cli: Cli, tmp_path: Path, photo: Image.Image
) -> None:
    bad = broken_files(tmp_path / "bad", photo)
    good = tmp_path / "png-named.jpg"
    photo.save(good, "PNG")  # PNG bytes named .jpg must still hash
    result = cli("hash", bad["random.jpg"], good, bad["text.jpg"], tmp_path / "nope.jpg", "--json")
    assert result.code == 1
    rows = result.json_lines()
    assert [Path(str(r["path"])).name for r in rows] == [
        "random.jpg",
        "png-named.jpg",
        "text.jpg",
        "nope.jpg",
    ]
    assert_good(rows[1])
    for row in (rows[0], rows[2], rows[3]):
        assert_error(row)
    assert rows[3]["error"] == "file not found"


def test_all_good_exits_zero(cli: Cli, tmp_path: Path, photo: Image.Image) -> None:
    photo.save(tmp_path / "one.webp")
    photo.save(tmp_path / "two.heic")
    photo.save(tmp_path / "three.avif")
    result = cli("hash", tmp_path, "--json")
    assert result.code == 0
    rows = result.json_lines()
    assert len(rows) == 3
    for row in rows:
        assert_good(row)


def test_width_and_height_are_the_displayed_size(
    cli: Cli, tmp_path: Path, photo: Image.Image
) -> None:
    path = oriented_jpeg(tmp_path, photo, 6)  # stored 400 x 600, shown 600 x 400
    with Image.open(path) as im:
        assert im.size == (400, 600)
    (row,) = cli("hash", path, "--json").json_lines()
    assert (row["width"], row["height"]) == (600, 400)
    plain = tmp_path / "plain.png"
    photo.save(plain)
    (same,) = cli("hash", plain, "--json").json_lines()
    assert hamming(str(row["pdq"]), str(same["pdq"])) <= 8


# -- permissions ------------------------------------------------------------------------
#: Linux capabilities that let root read any file whatever its mode bits.
ROOT_READ_ANYTHING = "-dac_override,-dac_read_search"


def test_unreadable_file_and_folder(cli: Cli, tmp_path: Path, photo: Image.Image) -> None:
    folder = tmp_path / "photos"
    (folder / "locked").mkdir(parents=True)
    photo.save(folder / "good.jpg", quality=90)
    photo.save(folder / "secret.jpg", quality=90)
    photo.save(folder / "locked" / "inside.jpg", quality=90)
    (folder / "secret.jpg").chmod(0o000)
    (folder / "locked").chmod(0o000)
    try:
        if os.geteuid() != 0:
            result = cli("hash", folder, "--json")
            code, rows = result.code, result.json_lines()
        else:
            code, rows = hash_without_root_powers(folder, tmp_path / "home")
    finally:
        (folder / "secret.jpg").chmod(0o644)
        (folder / "locked").chmod(0o755)
    by_name = {os.path.relpath(str(r["path"]), folder): r for r in rows}
    assert code == 1
    assert sorted(by_name) == ["good.jpg", "locked", "secret.jpg"]
    assert_good(by_name["good.jpg"])
    assert by_name["secret.jpg"]["error"] == "no permission to read this file"
    assert "could not be read" in str(by_name["locked"]["error"])


def hash_without_root_powers(folder: Path, home: Path) -> tuple[int, list[dict[str, object]]]:
    """Run `leakhelp hash` as root but without the capabilities that bypass
    file permissions, so chmod 000 means what it means for a normal user."""
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root and util-linux setpriv is missing: root reads every file")
    env = {"PATH": os.environ.get("PATH", ""), "LEAKHELP_HOME": str(home), "LEAKHELP_LANG": "en"}
    proc = subprocess.run(
        [
            setpriv,
            f"--bounding-set={ROOT_READ_ANYTHING}",
            sys.executable,
            "-m",
            "leakhelp",
            "hash",
            str(folder),
            "--json",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc.returncode, [json.loads(line) for line in proc.stdout.splitlines()]


def test_label_on_an_image_already_in_the_case_sets_it_and_can_be_changed(cli: Cli) -> None:
    photo = PHOTOS / "coffee.png"
    case_id = cli("case", "new", "Sam").stdout.strip()
    assert cli("hash", photo, "--case", case_id).code == 0
    (row,) = cli("hash", photo, "--case", case_id, "--label", "koffie", "--json").json_lines()
    assert row["stored"] is False and row["label"] == "koffie"
    show = cli("case", "show", case_id).stdout
    assert "koffie" in show
    number = int(show.split(" koffie")[0].rsplit("#", 1)[1])
    result = cli("case", "label", case_id, number, "ochtend")
    assert result.code == 0 and "ochtend" in result.stderr
    assert "ochtend" in cli("case", "show", case_id).stdout
    assert cli("case", "label", case_id, 999, "x").code == 2


def test_a_link_to_a_parent_folder_is_not_walked(
    cli: Cli, tmp_path: Path, photo: Image.Image
) -> None:
    """`hash a/` where a/ holds `up -> ..` hashes a/ only, never its sisters (b/)."""
    named, sister = tmp_path / "a", tmp_path / "b"
    (named / "deep").mkdir(parents=True)
    sister.mkdir()
    photo.save(named / "mine.png")
    photo.rotate(90).save(sister / "not-named.png")
    os.symlink("..", named / "up")
    os.symlink("../..", named / "deep" / "upper")
    os.symlink(str(named), named / "deep" / "self")
    result = cli("hash", str(named), "--json")
    rows = result.json_lines()
    assert [os.path.relpath(str(r["path"]), named) for r in rows] == ["mine.png"], rows
    assert result.code == 0
