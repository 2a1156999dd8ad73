"""Privacy is a feature: nothing that shows or locates an image leaves the process."""

from __future__ import annotations

import random
import shutil
import subprocess
import sys

import pytest

from conftest import PHOTOS

SECRET_DIR = "Private-folder-Zoe"
SECRET_FILE = "zoe-bathroom-selfie-0412"


@pytest.fixture
def secret_photos(tmp_path):
    folder = tmp_path / SECRET_DIR / "nested"
    folder.mkdir(parents=True)
    shutil.copy(PHOTOS / "coffee.png", folder / f"{SECRET_FILE}.png")
    shutil.copy(PHOTOS / "rocket.jpg", folder / f"{SECRET_FILE}-2.jpg")
    return tmp_path / SECRET_DIR


def _windows(data: bytes, count: int = 64, size: int = 24) -> list[bytes]:
    """Random slices of an image file: if any shows up, image bytes leaked."""
    rng = random.Random(7)
    starts = [rng.randrange(0, len(data) - size) for _ in range(count)]
    return [data[s : s + size] for s in starts]


def test_no_image_bytes_names_or_paths_in_store_or_export(
    cli, secret_photos, leakhelp_home, tmp_path, tmp_path_factory
):
    case_id = cli("case", "new", "Zoe", "--json").json_lines()[0]["id"]
    result = cli("hash", secret_photos, "--case", case_id, "--json")
    assert result.code == 0
    assert len(result.json_lines()) == 2
    # The store names the files leakhelp itself writes (so `case forget` can remove
    # them): the export goes to a folder of its own, away from the photos.
    export = tmp_path_factory.mktemp("exports") / "export.json"
    assert cli("export", "--case", case_id, "-o", export).code == 0

    stored = {p.name: p.read_bytes() for p in leakhelp_home.iterdir() if p.is_file()}
    assert set(stored) <= {"leakhelp.sqlite3", "leakhelp.sqlite3-wal", "leakhelp.sqlite3-shm"}
    blobs = [*stored.values(), export.read_bytes()]
    forbidden = [SECRET_DIR.encode(), SECRET_FILE.encode(), str(tmp_path).encode(), b"nested"]
    for photo in secret_photos.rglob("*.*"):
        forbidden += _windows(photo.read_bytes())
    for blob in blobs:
        for needle in forbidden:
            assert needle not in blob


def test_hashing_stages_do_not_load_network_code():
    code = (
        "import sys, leakhelp.imaging, leakhelp.fingerprint, leakhelp.files, leakhelp.store, "
        "leakhelp.export\n"
        "bad = [m for m in ('httpx', 'httpcore', 'http.client', 'urllib.request') if m in sys.modules]\n"
        "assert not bad, bad"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
