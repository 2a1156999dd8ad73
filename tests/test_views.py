"""One view of a case for the CLI, the web app and scripts (leakhelp.views).

``case show --json`` is ``Workspace.case_view().as_dict()``; the web case page
reads the same view; neither the CLI nor the web app reaches into the store."""

from __future__ import annotations

import ast
import json
from pathlib import Path

from leakhelp.api import Workspace
from webclient import Web

SRC = Path(__file__).resolve().parents[1] / "src" / "leakhelp"
#: The keys of `case show --json`, in their order: scripts read them.
CASE_SHOW_KEYS = [
    "id", "name", "lang", "country", "created_at", "fingerprints", "videos", "sightings",
    "sightings_open", "sightings_removed", "sightings_by_state", "evidence", "requests",
    "overdue", "profile_complete", "done", "waiting", "next", "timeline", "kind", "handoffs",
]  # fmt: skip


def _case(home: Path) -> str:
    with Workspace(home) as ws:
        case = ws.new_case("Sam", lang="nl", country="NL")
        ws.set_profile(case.id, name="Sam Jansen", email="sam@example.org")
        ws.add_sightings(
            case.id, ["https://www.reddit.com/r/x/comments/abc", "https://a.example/1"]
        )
        [drafted, *_] = ws.draft_requests(case.id)
        assert drafted.request is not None
        ws.mark_sent(drafted.request.id, channel="form", reference="T-1")
        return case.id


def test_case_show_json_is_the_case_view(cli, leakhelp_home: Path) -> None:
    cid = _case(leakhelp_home)
    # English from $LEAKHELP_LANG: a --lang given would be repeated in the commands.
    shown = cli("case", "show", cid, "--json")
    assert shown.code == 0
    doc = json.loads(shown.stdout)
    assert list(doc) == CASE_SHOW_KEYS
    with Workspace(leakhelp_home) as ws:
        view = ws.case_view(cid, lang="en")
    assert json.loads(json.dumps(view.as_dict())) == doc
    assert doc["sightings"] == 2 and doc["requests"] == {"acknowledged": 1, "drafted": 1}
    assert [e["sighting"] for e in doc["evidence"]] == [s.id for s in view.sightings]
    assert doc["timeline"][0]["kind"] == "case-created"
    assert doc["profile_complete"] is True and view.overdue_requests == frozenset()


def test_the_case_page_shows_the_view_in_the_readers_language(leakhelp_home: Path) -> None:
    cid = _case(leakhelp_home)
    web = Web(leakhelp_home)
    with Workspace(leakhelp_home) as ws:
        view = ws.case_view(cid, lang="en")
    page = web.client.get(f"/case/{cid}").text
    for sighting in view.sightings:
        assert sighting.url in page
        assert view.evidence[sighting.id].describe("en") in page
    assert "T-1" in page  # the request's reference, as noted


def _store_uses(path: Path) -> list[int]:
    """Lines where a module reads an attribute named ``store`` (``ws.store``)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [n.lineno for n in ast.walk(tree) if isinstance(n, ast.Attribute) and n.attr == "store"]


def test_the_cli_and_the_web_app_ask_the_workspace_not_the_store() -> None:
    assert _store_uses(SRC / "api.py"), "the finder must see Workspace's own store use"
    for folder in ("cli", "web"):
        for path in sorted((SRC / folder).glob("*.py")):
            assert not _store_uses(path), f"{path.relative_to(SRC)} reaches into the store"
