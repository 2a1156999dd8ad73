"""The web app shows what the library says: the same words and steps as the CLI."""

from __future__ import annotations

import html
from pathlib import Path

import pytest

from leakhelp.api import Workspace
from leakhelp.videomatch import describe
from webclient import Web

from conftest import PHOTOS


@pytest.fixture
def web(leakhelp_home: Path) -> Web:
    return Web(leakhelp_home)


def test_find_results_say_how_a_copy_differs_with_the_library_words(
    web: Web, leakhelp_home: Path, tmp_path: Path
) -> None:
    from PIL import Image

    web.client.get("/?lang=nl")
    cid = web.new_case("Noor")
    files = [("photos", ("c.png", (PHOTOS / "coffee.png").read_bytes(), "image/png"))]
    assert web.wait(web.post(f"/case/{cid}/photos", files=files))["state"] == "done"
    folder = tmp_path / "downloads"
    folder.mkdir()
    with Image.open(PHOTOS / "coffee.png") as photo:
        photo.transpose(Image.Transpose.FLIP_LEFT_RIGHT).save(folder / "mirror.png")
    job = web.wait(web.post("/find", {"case": cid, "folder": str(folder)}))
    with Workspace(leakhelp_home) as ws:
        [outcome] = list(ws.scan([str(folder)], index=ws.match_index(case=cid)))
    assert outcome.result.match is not None
    words = describe(outcome.result.match, "nl")
    assert "gespiegeld" in words
    page = html.unescape(job["page"])
    assert words in page[page.index("mirror.png") :]
    assert "scan.how" not in page
