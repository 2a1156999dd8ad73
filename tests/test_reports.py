"""The evidence report: complete, factual, escaped, and never a hash or an image."""

from __future__ import annotations

import csv
import io
import json
import re
import stat
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser

import pytest

from leakhelp.api import Workspace
from leakhelp.models import CheckResult
from leakhelp.reports import REPORT_FORMATS, md_text, render_report

from conftest import OWN_PHOTOS, PHOTOS

T0 = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
EVIL_URL = 'https://evil.example/p?q=<script>alert("x")</script>&a=1|2'
#: As stored: characters a URL may not hold are percent-encoded, as a browser does.
EVIL_STORED = "https://evil.example/p?q=%3Cscript%3Ealert(%22x%22)%3C/script%3E&a=1%7C2"
#: A redirect target as a status check may report it (kept as the checker saw it).
EVIL_FINAL = 'https://evil.example/landing?<script>alert("y")</script>'
EVIL_NAME = "Sam <img src=x onerror=alert(1)> {{ 7*7 }}"
#: Fingerprint-shaped strings: PDQ (64 hex) and phash/dhash (16 hex).
HASHLIKE = re.compile(r"(?<![0-9a-f])(?:[0-9a-f]{64}|[0-9a-f]{16})(?![0-9a-f])", re.IGNORECASE)


@pytest.fixture
def full_case(leakhelp_home):
    """A case with fingerprints, a profile, sightings, requests, answers and checks."""
    moment = [T0]
    with Workspace(now=lambda: moment[0]) as ws:
        case = ws.new_case(EVIL_NAME, lang="nl", country="NL")
        outcomes = list(ws.hash([PHOTOS / name for name in OWN_PHOTOS], case=case.id, workers=1))
        assert all(o.stored for o in outcomes)
        ws.set_profile(
            case.id,
            name="Sam Secret-Surname",
            email="sam.secret@example.org",
            phone="+31 6 5555 0000",
        )
        ws.add_sightings(
            case.id,
            ["https://x.com/someone/status/42", "https://www.reddit.com/r/a/comments/b", EVIL_URL],
        )
        drafts = ws.draft_requests(case.id)
        assert all(d.ok for d in drafts), [d.error for d in drafts]
        x_req = next(d.request for d in drafts if d.platform == "x")
        reddit_req = next(d.request for d in drafts if d.platform == "reddit")
        ws.mark_sent(x_req.id, channel="form", reference="X-<b>99</b>")
        ws.mark_sent(reddit_req.id, channel="email")
        moment[0] = T0 + timedelta(days=1)
        ws.answer(reddit_req.id, "refused", note='=HYPERLINK("http://bad") not against rules')
        ws.record_check(
            CheckResult(
                url="https://x.com/someone/status/42",
                state="removed",
                http_status=404,
                reason="HTTP 404",
                checked_at=(T0 + timedelta(days=2)).isoformat(),
                final_url="https://x.com/someone/status/42?gone=1",
            )
        )
        ws.record_check(
            CheckResult(
                url=EVIL_URL,
                state="online",
                http_status=200,
                reason="served <b>bold</b>",
                checked_at=(T0 + timedelta(days=2)).isoformat(),
                image_match="strong",
                final_url=EVIL_FINAL,
            )
        )
        moment[0] = T0 + timedelta(days=3)
        fingerprints = [s.fingerprint for s in ws.fingerprints(case.id)]
        yield ws, case, fingerprints


def _all_hashes(fingerprints) -> set[str]:
    found: set[str] = set()
    for fp in fingerprints:
        found.update(
            {
                fp.pdq,
                fp.phash,
                fp.dhash,
                *fp.dihedral,
                *getattr(fp, "trimmed", ()),
                *getattr(fp, "regions", ()),
            }
        )
    return {h for h in found if h}


@pytest.mark.parametrize("fmt", REPORT_FORMATS)
def test_report_has_no_hash_no_image_and_no_profile(full_case, fmt):
    ws, case, fingerprints = full_case
    text = ws.report(case.id, fmt)
    for value in _all_hashes(fingerprints):
        assert value not in text
    assert not HASHLIKE.search(text), HASHLIKE.search(text)
    for marker in ("data:image", "base64", "\x89PNG", "JFIF", "Exif"):
        assert marker not in text
    for personal in ("Secret-Surname", "sam.secret@example.org", "5555"):
        assert personal not in text
    # ...and it does carry the evidence.
    assert "https://x.com/someone/status/42" in text
    assert "404" in text


def test_json_report_is_one_document_with_the_evidence(full_case):
    ws, case, _ = full_case
    doc = json.loads(ws.report(case.id, "json"))
    assert doc["format"] == "leakhelp-report" and doc["case"]["id"] == case.id
    urls = {s["url"]: s for s in doc["sightings"]}
    removed = urls["https://x.com/someone/status/42"]
    assert (removed["state"], removed["removed_at"], removed["removed_by"]) == (
        "removed",
        "2026-06-03T09:00:00Z",
        "check",
    )
    assert urls[EVIL_STORED]["state"] == "open"
    by_platform = {r["platform"]: r for r in doc["requests"]}
    assert (
        by_platform["x"]["status"] == "settled" and by_platform["x"]["reference"] == "X-<b>99</b>"
    )
    assert by_platform["x"]["sent_at"] == "2026-06-01T09:00:00Z"
    assert by_platform["reddit"]["answers"][0]["outcome"] == "refused"
    checks = {c["url"]: c for c in doc["checks"]}
    assert checks["https://x.com/someone/status/42"]["http_status"] == 404
    assert checks["https://x.com/someone/status/42"]["checked_at"] == "2026-06-03T09:00:00Z"
    assert checks[EVIL_STORED]["image_match"] == "strong"
    assert checks[EVIL_STORED]["final_url"] == EVIL_FINAL
    kinds = [e["kind"] for e in doc["timeline"]]
    assert kinds[0] == "case-created" and "request-settled" in kinds
    assert all(isinstance(e["text"], str) and e["text"] for e in doc["timeline"])
    assert doc["summary"]["sightings"] == 3 and doc["summary"]["requests_refused"] == 1


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs += attrs

    def handle_data(self, data):
        self.text.append(data)


def test_html_report_escapes_user_data_and_is_self_contained(full_case):
    ws, case, _ = full_case
    html = ws.report(case.id, "html")
    parser = _Collect()
    parser.feed(html)
    # No script, no images, nothing fetched from elsewhere.
    assert "script" not in parser.tags and "img" not in parser.tags
    assert not {"link", "iframe", "object", "embed"} & set(parser.tags)
    for name, value in parser.attrs:
        assert not name.startswith("on"), name
        if name in ("src", "href") and value:
            assert not value.startswith(("http", "//")), value
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    # User data is never template syntax.
    assert "Sam <img src=x onerror=alert(1)> {{ 7*7 }}" in "".join(parser.text)
    assert "<svg" in html and "@media print" in html
    assert "Bewijsoverzicht / Evidence report" in html  # Dutch case: bilingual headings


def test_markdown_report_keeps_user_data_as_text(full_case):
    ws, case, _ = full_case
    md = ws.report(case.id, "md")
    assert md.startswith("# Bewijsoverzicht / Evidence report")
    assert f"`{EVIL_STORED}`" in md
    # The raw redirect target sits in a code span: shown as text, never as HTML.
    assert f"`{EVIL_FINAL}`" in md
    # Outside code spans, "<" is always escaped: a Markdown viewer shows it as text.
    outside = re.sub(r"`[^`]*`", "", md)
    assert re.search(r"(?<!\\)<", outside) is None
    assert "Sam \\<img src=x onerror=alert(1)\\>" in md
    assert md_text("a|b<c>") == "a\\|b\\<c\\>"
    # Every table row has the same number of cells as its header.
    for block in md.split("\n\n"):
        rows = [line for line in block.splitlines() if line.startswith("|")]
        if rows:
            widths = {len(re.findall(r"(?<!\\)\|", row)) for row in rows}
            assert len(widths) == 1, block


def test_csv_report_cannot_run_formulas(full_case):
    ws, case, _ = full_case
    rows = list(csv.DictReader(io.StringIO(ws.report(case.id, "csv"))))
    records = {r["record"] for r in rows}
    assert records == {"sighting", "request", "answer", "check"}
    (answer,) = [r for r in rows if r["record"] == "answer"]
    assert answer["note"].startswith("'=")
    for row in rows:
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@")), value


def test_report_through_the_cli_writes_a_private_file(cli, tmp_path, full_case):
    ws, case, _ = full_case
    ws.close()
    out = tmp_path / "evidence.html"
    res = cli("report", case.id, "-o", out)
    assert res.code == 0 and res.stdout == ""
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert out.read_text(encoding="utf-8").lstrip().startswith("<!DOCTYPE html>")
    res = cli("report", case.id, "--format", "json")
    assert res.code == 0
    assert json.loads(res.stdout)["case"]["id"] == case.id
    assert cli("report", case.id, "--format", "pdf").code == 2
    csv_out = tmp_path / "evidence.csv"
    assert cli("report", case.id, "-o", csv_out).code == 0
    assert csv_out.read_text(encoding="utf-8").startswith("record,")


def test_english_case_has_english_headings(leakhelp_home):
    with Workspace(now=lambda: T0) as ws:
        case = ws.new_case("Alex", lang="en")
        md = ws.report(case.id, "md")
        assert md.startswith("# Evidence report\n")
        assert "Bewijsoverzicht" not in md
        data = ws.report_data(case.id)
    html = render_report(data, "html")
    assert "<h1>Evidence report</h1>" in html
