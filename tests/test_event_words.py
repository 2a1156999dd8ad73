"""Every kind of event the code can write reads as words in the timeline, in nl and en."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from leakhelp.i18n import has, template
from leakhelp.models import CaseId, Event
from leakhelp.reports import describe_event

SOURCE = Path(__file__).resolve().parents[1] / "src" / "leakhelp"


def _written_kinds() -> set[str]:
    """The kind of every event written in the source: the text argument of each call of
    a function named after events (``store.add_event(case, "exported", ...)``,
    ``self._event(conn, case, "checked", ...)``)."""
    kinds: set[str] = set()
    for path in SOURCE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if "event" not in name.lower() or name == "describe_event":
                continue
            given = [*node.args, *(k.value for k in node.keywords if k.arg == "kind")]
            kinds.update(
                a.value for a in given if isinstance(a, ast.Constant) and isinstance(a.value, str)
            )
    return kinds


KINDS = sorted(_written_kinds())


def test_the_kinds_are_found() -> None:
    # the scan itself: it must see the writes of the store, the library and the web app
    assert {"case-created", "checked", "exported", "report-written", "page-scanned"} <= set(KINDS)
    assert {"case-kind", "handoff-recorded", "sighting-stated"} <= set(KINDS)


@pytest.mark.parametrize("kind", KINDS)
def test_every_event_kind_has_words_in_both_languages(kind: str) -> None:
    key = f"event.{kind}"
    assert has(key), key
    assert template(key, "nl") != template(key, "en"), f"{key} is not in Dutch"
    event = Event(id=1, case_id=CaseId("c1"), at="2026-05-01T10:00:00Z", kind=kind, detail={})
    for lang in ("nl", "en"):
        text = describe_event(event, lang)
        assert text != kind and not text.startswith(kind)


def test_the_kind_of_a_case_is_named_in_the_readers_language() -> None:
    event = Event(
        id=1,
        case_id=CaseId("c1"),
        at="2026-05-01T10:00:00Z",
        kind="case-kind",
        detail={"kind": "sextortion"},
    )
    assert "bedreigd, nog niet gedeeld" in describe_event(event, "nl")
    assert "sextortion" in describe_event(event, "en")
