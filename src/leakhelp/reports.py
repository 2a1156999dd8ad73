"""The evidence report: what a police officer or lawyer asks for, from the case's records.

Formats: Markdown, a single self-contained HTML file (inline CSS, an inline
SVG timeline, no scripts, no external resources, print styles), CSV (one
row per sighting, request, answer and check) and JSON (one document).

What is in it: the web addresses with first/last seen and removal, the
requests with their dates, references and answers, the status checks with
HTTP status and time, and the case's timeline. What is never in it: images,
fingerprints (hashes) or the case profile (name, e-mail, address, phone).

HTML goes through Jinja2 in a :class:`SandboxedEnvironment` with autoescape
on, so a URL such as ``https://x/<script>`` is shown as text, never run.
Headings follow the case language; Dutch reports carry the English heading
too, for a platform or court abroad.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import TemplateError, UsageError
from .i18n import catalogue_keys, has, t, text_or, tn
from .i18n import template as message_template
from .law import basis_label
from .models import Answer, Case, Event, Lang, Request, Sighting, StoredCheck, parse_iso
from .paths import resolve_home, write_private_file
from .registry import site_of
from .tracking import (
    evidence_by_sighting,
    evidence_counts,
    evidence_summary,
    local_stamp,
    zone_name,
)

if TYPE_CHECKING:
    from jinja2.sandbox import SandboxedEnvironment

REPORT_FORMAT = "leakhelp-report"
REPORT_VERSION = 1
REPORT_FORMATS: tuple[str, ...] = ("md", "html", "csv", "json")
#: Folder in the leakhelp home where a counsellor may put their own
#: report.html.j2 (it is rendered in the same sandbox, with autoescape).
USER_TEMPLATE_DIR = "report_templates"
#: Most sightings drawn in the SVG timeline; the tables list them all. 80 rows
#: of 18 px keep the chart on one printed A4 page.
CHART_MAX_ROWS = 80
#: A time the user gave that is this close to when it was recorded is one time
#: ("now", typed a minute late), not a statement about the past.
STATED_TIME_SLACK = timedelta(minutes=10)

#: A fingerprint-shaped string: PDQ (64 hex digits) or phash/dhash (16). Such
#: values are dropped from timeline details, so no hash can reach a report.
_HASHLIKE = re.compile(r"[0-9a-fA-F]{16}|[0-9a-fA-F]{64}")  # whole string: fullmatch
_HASH_KEYS = frozenset({"pdq", "phash", "dhash", "dihedral", "hash", "hashes", "fingerprint"})


@dataclass(frozen=True, slots=True)
class ReportData:
    """Everything a report is made from (gathered by :meth:`Workspace.report_data`)."""

    case: Case
    sightings: tuple[Sighting, ...]
    requests: tuple[Request, ...]
    answers: tuple[Answer, ...]
    checks: tuple[StoredCheck, ...]
    events: tuple[Event, ...]
    generated_at: str
    generator: str = "leakhelp"
    platform_names: Mapping[str, str] = field(default_factory=dict)
    #: The text of each letter that was sent, by request id (the proof of notice),
    #: with the contact details already left out unless the user asked for them.
    letters: Mapping[int, str] = field(default_factory=dict)


# -- words ----------------------------------------------------------------------

# Headings and words are in the message catalogue under ``report.<key>``,
# statuses under ``status.<value>`` and timeline lines under ``event.<kind>``.


def label(key: str, lang: Lang) -> str:
    """A report heading: in the case language; Dutch headings also carry the English."""
    mine, english = t(f"report.{key}", lang), t(f"report.{key}", "en")
    if lang == "en" or mine == english:
        return mine
    return f"{mine} / {english}"


def _word(key: str, lang: Lang, **values: object) -> str:
    return t(f"report.{key}", lang, **values)


def _status(value: str | None, lang: Lang) -> str:
    if value is None:
        return ""
    return text_or(f"status.{value}", lang, value)


def channel_words(value: str | None, lang: Lang) -> str:
    """How a request was sent, in the reader's words ("per e-mail"), or "" when not noted."""
    if not value:
        return ""
    return text_or(f"channel.{value}", lang, value)


def route_words(value: str | None, lang: Lang) -> str:
    """Where a request was taken further, in the reader's words ("de politie")."""
    if not value:
        return ""
    return text_or(f"route.{value}.name", lang, value)


def stamp(value: str | None) -> str:
    """A stored timestamp as shown in reports, in local time with the zone named:
    "2026-05-19 16:30:05 CEST (UTC+02:00)" ("... UTC" on a computer set to UTC)."""
    return local_stamp(value)


def _scrub(detail: Mapping[str, object]) -> dict[str, object]:
    """Timeline details without anything fingerprint-shaped."""
    out: dict[str, object] = {}
    for key, value in detail.items():
        if key.lower() in _HASH_KEYS:
            continue
        if isinstance(value, str) and _HASHLIKE.fullmatch(value):
            continue
        if isinstance(value, list | tuple) and any(
            isinstance(v, str) and _HASHLIKE.fullmatch(v) for v in value
        ):
            continue
        out[key] = value
    return out


class _Blank(dict[str, object]):
    def __missing__(self, key: str) -> str:
        return "?"


def describe_event(
    event: Event, lang: Lang, platform_names: Mapping[str, str] | None = None
) -> str:
    """One timeline line in plain words (details filled in as values, never as syntax)."""
    detail = _scrub(event.detail)
    if not has(f"event.{event.kind}"):
        extra = ", ".join(f"{k}: {v}" for k, v in detail.items())
        return f"{event.kind}" + (f" ({extra})" if extra else "")
    values = _Blank({k: ("—" if v is None else v) for k, v in detail.items()})
    for key in ("state", "outcome", "by"):
        if isinstance(values.get(key), str):
            values[key] = _status(str(values[key]), lang)
    if platform_names and isinstance(values.get("platform"), str):
        values["platform"] = platform_names.get(str(values["platform"]), values["platform"])
    if isinstance(values.get("basis"), str):
        values["basis"] = basis_label(str(values["basis"]), lang)
    if isinstance(values.get("deadline_at"), str):
        values["deadline_at"] = stamp(str(values["deadline_at"]))
    key = f"event.{event.kind}"
    if event.kind == "request-escalated" and isinstance(values.get("to"), str):
        values["to"] = route_words(str(values["to"]), lang)
    if event.kind == "request-sent":
        # "sent (per e-mail)", or only "sent" when the way was not noted: never "(—)".
        channel = detail.get("channel")
        values["channel"] = channel_words(channel if isinstance(channel, str) else None, lang)
        if not values["channel"]:
            key = "timeline.request-sent-no-channel"
    if event.kind == "case-kind" and isinstance(values.get("kind"), str):
        values["kind"] = text_or(f"case.kind.{values['kind']}", lang, str(values["kind"]))
    return message_template(key, lang).format_map(values)


# -- the document -----------------------------------------------------------------


def _removed_by(data: ReportData) -> dict[int, str]:
    found: dict[int, str] = {}
    for event in data.events:
        sid = event.detail.get("sighting")
        if event.kind == "sighting-removed" and isinstance(sid, int):
            found[sid] = str(event.detail.get("by", ""))
        elif event.kind == "sighting-reopened" and isinstance(sid, int):
            found.pop(sid, None)
    return found


def report_document(data: ReportData) -> dict[str, Any]:
    """The report as one JSON-ready document (the ``json`` format)."""
    lang = data.case.lang
    names = data.platform_names
    removed_by = _removed_by(data)
    evidence = evidence_by_sighting(
        data.sightings, ((c.sighting_id, c.result.checked_at, c.result.state) for c in data.checks)
    )
    answers: dict[int, list[Answer]] = {}
    for a in data.answers:
        answers.setdefault(a.request_id, []).append(a)
    sightings = [
        {
            "id": s.id,
            "url": s.url,
            "platform": s.platform,
            "platform_name": names.get(s.platform) if s.platform else None,
            "host": site_of(s.url),
            "first_seen": s.first_seen,
            "last_seen": s.last_seen,
            "state": s.state,
            "removed_at": s.removed_at,
            "removed_by": removed_by.get(s.id) if s.state == "removed" else None,
            "last_check_state": s.last_check_state,
            "last_checked_at": s.last_checked_at,
            "evidence": evidence[s.id].as_dict(),
            "evidence_text": evidence[s.id].describe(lang),
            "seen_at": s.seen_at,
            "note": s.note,
        }
        for s in data.sightings
    ]
    requests = [
        {
            "id": r.id,
            "platform": r.platform,
            "platform_name": names.get(r.platform) if r.platform else None,
            "host": r.host,
            "basis": r.basis,
            "basis_label": basis_label(r.basis, lang),
            "status": r.status,
            "to": r.to,
            "subject": r.subject,
            "created_at": r.created_at,
            "sent_at": r.sent_at,
            "sent_recorded_at": r.sent_recorded_at,
            "sent_text": _stated_and_recorded(r.sent_at, r.sent_recorded_at, lang),
            "letter": data.letters.get(r.id) if r.sent_at else None,
            "channel": r.channel,
            "channel_text": channel_words(r.channel, lang),
            "reference": r.reference,
            "deadline_at": r.deadline_at,
            "outcome": r.outcome,
            "answered_at": r.answered_at,
            "settled_at": r.settled_at,
            "reminders": r.reminders,
            "reminded_at": r.reminded_at,
            "escalated_to": r.escalated_to,
            "escalated_to_text": route_words(r.escalated_to, lang),
            "escalated_at": r.escalated_at,
            "sightings": list(r.sighting_ids),
            "answers": [
                {"at": a.at, "outcome": a.outcome, "note": a.note} for a in answers.get(r.id, [])
            ],
        }
        for r in data.requests
    ]
    checks = [
        {
            "sighting": c.sighting_id,
            "checked_at": c.result.checked_at,
            "url": c.result.url,
            "final_url": c.result.final_url,
            "state": c.result.state,
            "http_status": c.result.http_status,
            "reason": c.result.reason_in(lang),
            "image_match": c.result.image_match,
        }
        for c in data.checks
    ]
    timeline = [
        {
            "at": e.at,
            "kind": e.kind,
            "text": describe_event(e, lang, names),
            "detail": _scrub(e.detail),
        }
        for e in data.events
    ]
    open_ = sum(s.is_open for s in data.sightings)
    return {
        "format": REPORT_FORMAT,
        "version": REPORT_VERSION,
        "generated_at": data.generated_at,
        "generator": data.generator,
        "lang": lang,
        "case": {
            "id": data.case.id,
            "name": data.case.name,
            "lang": data.case.lang,
            "country": data.case.country,
            "created_at": data.case.created_at,
        },
        "summary": {
            "sightings": len(data.sightings),
            "sightings_open": open_,
            "sightings_removed": len(data.sightings) - open_,
            "sightings_by_state": evidence_counts(evidence.values()),
            "requests": len(data.requests),
            "requests_sent": sum(r.sent_at is not None for r in data.requests),
            "requests_settled": sum(r.status == "settled" for r in data.requests),
            "requests_refused": sum(r.status == "refused" for r in data.requests),
            "checks": len(data.checks),
        },
        "sightings": sightings,
        "requests": requests,
        "checks": checks,
        "timeline": timeline,
        "made": made_line(data),
    }


def made_line(data: ReportData) -> str:
    """How the report was made, and that it holds no images: the report's last line."""
    return _word(
        "made",
        data.case.lang,
        generator=data.generator,
        at=stamp(data.generated_at),
        zone=zone_name(datetime.now().astimezone()),
    )


def _stated_and_recorded(stated: str | None, recorded: str | None, lang: Lang) -> str:
    """ "sent 10 Nov, recorded 28 Nov" when the user gave a time that differs from
    when leakhelp recorded it; else just the time."""
    if not stated:
        return ""
    if recorded and abs(parse_iso(stated) - parse_iso(recorded)) > STATED_TIME_SLACK:
        return _word("stated-recorded", lang, stated=stamp(stated), recorded=stamp(recorded))
    return stamp(stated)


def render_report(data: ReportData, fmt: str, *, home: str | os.PathLike[str] | None = None) -> str:
    """The report as text in ``fmt`` (md, html, csv or json)."""
    if fmt not in REPORT_FORMATS:
        raise UsageError(f"--format must be one of: {', '.join(REPORT_FORMATS)}")
    doc = report_document(data)
    if fmt == "json":
        return json.dumps(doc, ensure_ascii=False, indent=1) + "\n"
    if fmt == "csv":
        return _csv(doc)
    if fmt == "md":
        return _markdown(doc, data.case.lang)
    return _html(doc, data, home=home)


def write_report(
    data: ReportData,
    fmt: str,
    path: str | os.PathLike[str],
    *,
    home: str | os.PathLike[str] | None = None,
) -> str:
    """Write the report as a 0600 file; returns the text written."""
    text = render_report(data, fmt, home=home)
    write_private_file(Path(path), text)
    return text


# -- CSV --------------------------------------------------------------------------

_CSV_COLUMNS = (
    "record",
    "id",
    "sighting",
    "request",
    "url",
    "platform",
    "basis",
    "status",
    "first_seen",
    "last_seen",
    "removed_at",
    "created_at",
    "sent_at",
    "channel",
    "reference",
    "deadline_at",
    "answered_at",
    "outcome",
    "checked_at",
    "http_status",
    "final_url",
    "image_match",
    "reason",
    "note",
)


def _cell(value: object) -> str:
    """A CSV cell a spreadsheet shows as text: never a formula (=, +, -, @ ...)."""
    if value is None:
        return ""
    text = " ".join(value) if isinstance(value, list) else str(value)
    text = text.replace("\r", " ").replace("\n", " ")
    if text[:1] in ("=", "+", "-", "@", "\t"):
        text = "'" + text
    return text


def _csv(doc: Mapping[str, Any]) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=_CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    rows: list[dict[str, object]] = []
    for s in doc["sightings"]:
        rows.append(
            {
                "record": "sighting",
                "id": s["id"],
                "sighting": s["id"],
                "url": s["url"],
                "platform": s["platform"] or s["host"],
                "status": s["state"],
                "first_seen": s["first_seen"],
                "last_seen": s["last_seen"],
                "removed_at": s["removed_at"],
            }
        )
    for r in doc["requests"]:
        rows.append(
            {
                "record": "request",
                "id": r["id"],
                "request": r["id"],
                "sighting": " ".join(str(i) for i in r["sightings"]),
                "platform": r["platform"] or r["host"],
                "basis": r["basis"],
                "status": r["status"],
                "created_at": r["created_at"],
                "sent_at": r["sent_at"],
                "channel": r["channel"],
                "reference": r["reference"],
                "deadline_at": r["deadline_at"],
                "answered_at": r["answered_at"],
                "outcome": r["outcome"],
                "removed_at": r["settled_at"],
            }
        )
        for a in r["answers"]:
            rows.append(
                {
                    "record": "answer",
                    "request": r["id"],
                    "platform": r["platform"] or r["host"],
                    "answered_at": a["at"],
                    "outcome": a["outcome"],
                    "note": a["note"],
                }
            )
    for c in doc["checks"]:
        rows.append(
            {
                "record": "check",
                "sighting": c["sighting"],
                "url": c["url"],
                "status": c["state"],
                "checked_at": c["checked_at"],
                "http_status": c["http_status"],
                "final_url": c["final_url"],
                "image_match": c["image_match"],
                "reason": c["reason"],
            }
        )
    for row in rows:
        writer.writerow({k: _cell(row.get(k)) for k in _CSV_COLUMNS})
    return buf.getvalue()


# -- Markdown ---------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#!&{}])")


def md_text(value: object) -> str:
    """Plain text made safe for a Markdown table cell: nothing in it is markup or HTML."""
    if value is None:
        return ""
    text = str(value).replace("\r", " ").replace("\n", " ")
    return _MD_SPECIAL.sub(r"\\\1", text)


def md_url(url: object) -> str:
    """A URL as a code span (copyable as it is; "|" percent-encoded for tables)."""
    if not url:
        return ""
    text = str(url).replace("|", "%7C").replace("\n", "").replace("\r", "")
    fence = "``" if "`" in text else "`"
    return f"{fence} {text} {fence}" if fence == "``" else f"`{text}`"


def _md_table(head: Sequence[str], rows: Sequence[Sequence[str]], empty: str) -> list[str]:
    if not rows:
        return [empty, ""]
    out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    out += ["| " + " | ".join(row) + " |" for row in rows]
    return [*out, ""]


def _markdown(doc: Mapping[str, Any], lang: Lang) -> str:
    case = doc["case"]
    s = doc["summary"]
    none = _word("no_items", lang)
    lines = [
        f"# {label('title', lang)}",
        "",
        md_text(_word("intro", lang)),
        "",
        f"- {_word('case_id', lang)}: {md_text(case['id'])}",
        f"- {_word('case_name', lang)}: {md_text(case['name'])}",
        f"- {_word('opened', lang)}: {stamp(case['created_at'])}",
        f"- {_word('generated', lang)}: {stamp(doc['generated_at'])}",
    ]
    if case["country"]:
        lines.append(f"- {_word('country', lang)}: {md_text(case['country'])}")
    lines += ["", f"## {label('summary', lang)}", ""]
    lines += [f"- {md_text(line)}" for line in _summary_lines(s, lang)]
    lines += ["", f"## {label('sightings', lang)}", ""]
    lines += _md_table(
        [
            "#",
            _word("url", lang),
            _word("platform", lang),
            _word("first_seen", lang),
            _word("last_seen", lang),
            _word("state", lang),
        ],
        [
            [
                str(x["id"]),
                md_url(x["url"]),
                md_text(x["platform_name"] or x["platform"] or x["host"]),
                md_text(first_seen_text(x, lang)),
                stamp(x["last_seen"]),
                md_text(x["evidence_text"]),
            ]
            for x in doc["sightings"]
        ],
        none,
    )
    lines += [f"## {label('requests', lang)}", ""]
    if not doc["requests"]:
        lines += [none, ""]
    for r in doc["requests"]:
        target = r["platform_name"] or r["platform"] or r["host"] or "?"
        lines += [f"### #{r['id']} — {md_text(target)}", ""]
        facts = [
            (_word("basis", lang), md_text(r["basis_label"])),
            (_word("status", lang), md_text(_status(r["status"], lang))),
            (_word("covers", lang), ", ".join(f"#{i}" for i in r["sightings"])),
            (_word("drafted", lang), stamp(r["created_at"])),
            (_word("sent", lang), md_text(r["sent_text"])),
            (_word("channel", lang), md_text(r["channel_text"])),
            (_word("reference", lang), md_text(r["reference"])),
            (_word("deadline", lang), stamp(r["deadline_at"])),
            (_word("removed_at", lang), stamp(r["settled_at"])),
            (_word("reminders", lang), str(r["reminders"]) if r["reminders"] else ""),
            (
                _word("escalated", lang),
                md_text(f"{r['escalated_to_text']} {stamp(r['escalated_at'])}".strip())
                if r["escalated_to"]
                else "",
            ),
        ]
        lines += [f"- {k}: {v}" for k, v in facts if v]
        for a in r["answers"]:
            note = f" — {md_text(a['note'])}" if a["note"] else ""
            lines.append(
                f"- {_word('answers', lang)}: {stamp(a['at'])}: {md_text(_status(a['outcome'], lang))}{note}"
            )
        lines.append("")
    lines += [f"## {label('checks', lang)}", ""]
    lines += _md_table(
        [
            _word("checked_at", lang),
            "#",
            _word("url", lang),
            _word("http_status", lang),
            _word("state", lang),
            _word("final_url", lang),
            _word("reason", lang),
            _word("image_match", lang),
        ],
        [
            [
                stamp(c["checked_at"]),
                f"#{c['sighting']}",
                md_url(c["url"]),
                "" if c["http_status"] is None else str(c["http_status"]),
                md_text(_status(c["state"], lang)),
                md_url(c["final_url"]) if c["final_url"] and c["final_url"] != c["url"] else "",
                md_text(c["reason"]),
                md_text(_status(c["image_match"], lang)),
            ]
            for c in doc["checks"]
        ],
        none,
    )
    lines += [f"## {label('timeline', lang)}", ""]
    lines += _md_table(
        [_word("when", lang), _word("what", lang)],
        [[stamp(e["at"]), md_text(e["text"])] for e in doc["timeline"]],
        none,
    )
    lines += _md_letters(doc, lang)
    lines.append(md_text(doc["made"]))
    return "\n".join(lines) + "\n"


def _md_letters(doc: Mapping[str, Any], lang: Lang) -> list[str]:
    """The text of every letter that was sent, each in a fence it cannot close."""
    lines = [f"## {label('letters', lang)}", "", md_text(_word("letters_intro", lang)), ""]
    sent = [r for r in doc["requests"] if r["letter"]]
    if not sent:
        return [*lines, _word("no_items", lang), ""]
    for r in sent:
        target = r["platform_name"] or r["platform"] or r["host"] or "?"
        lines += [f"### #{r['id']} — {md_text(target)} ({md_text(r['sent_text'])})", ""]
        longest = max((len(run) for run in re.findall(r"`+|~+", r["letter"])), default=0)
        fence = "~" * max(3, longest + 1)
        lines += [f"{fence}text", r["letter"].rstrip("\n"), fence, ""]
    return lines


def first_seen_text(sighting: Mapping[str, Any], lang: Lang) -> str:
    """When it was recorded, and when the user says they first saw it where that differs."""
    return _stated_and_recorded(sighting["seen_at"], sighting["first_seen"], lang) or stamp(
        sighting["first_seen"]
    )


def _summary_lines(s: Mapping[str, Any], lang: Lang) -> list[str]:
    return [
        evidence_summary(s["sightings_by_state"], lang),
        _word(
            "n_requests",
            lang,
            n=s["requests"],
            sent=s["requests_sent"],
            settled=s["requests_settled"],
            refused=s["requests_refused"],
        ),
        _word("n_checks", lang, n=s["checks"]),
    ]


# -- HTML -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Mark:
    x: float
    kind: str
    title: str


@dataclass(frozen=True, slots=True)
class _Row:
    y: float
    label: str
    title: str
    x_from: float
    x_removed: float | None
    x_to: float
    removed: bool
    marks: tuple[_Mark, ...]


@dataclass(frozen=True, slots=True)
class _Chart:
    width: int
    height: int
    left: int
    rows: tuple[_Row, ...]
    ticks: tuple[tuple[float, str, str], ...]
    more: int
    axis_y: float


def _chart(doc: Mapping[str, Any], data: ReportData) -> _Chart:
    """Geometry of the SVG timeline: a bar per sighting, marks for requests and checks."""
    width, left, right, row_h, top = 900, 170, 20, 18, 10
    sightings = doc["sightings"][:CHART_MAX_ROWS]
    moments = [parse_iso(data.case.created_at), parse_iso(data.generated_at)]
    for s in sightings:
        moments.append(parse_iso(s["first_seen"]))
    # A request noted as sent before the case was opened still gets its mark.
    moments += [parse_iso(r["sent_at"]) for r in doc["requests"] if r["sent_at"]]
    start, end = min(moments), max(moments)
    span = max((end - start).total_seconds(), 3600.0)

    def x(value: str | None) -> float:
        if not value:
            return float(width - right)
        moment = min(max(parse_iso(value), start), end)
        return round(left + (moment - start).total_seconds() / span * (width - left - right), 1)

    sent_by_sighting: dict[int, list[tuple[str, int]]] = {}
    for r in doc["requests"]:
        if r["sent_at"]:
            for sid in r["sightings"]:
                sent_by_sighting.setdefault(sid, []).append((r["sent_at"], r["id"]))
    checks_by_sighting: dict[int, list[Mapping[str, Any]]] = {}
    for c in doc["checks"]:
        checks_by_sighting.setdefault(c["sighting"], []).append(c)
    rows = []
    lang = data.case.lang
    for i, s in enumerate(sightings):
        marks = [
            _Mark(x(at), "sent", f"#{rid} {_word('legend_sent', lang)} {stamp(at)}")
            for at, rid in sent_by_sighting.get(s["id"], [])
        ]
        marks += [
            _Mark(
                x(c["checked_at"]),
                f"check-{c['state']}",
                f"{stamp(c['checked_at'])}: {_status(c['state'], lang)}"
                + (f" (HTTP {c['http_status']})" if c["http_status"] is not None else ""),
            )
            for c in checks_by_sighting.get(s["id"], [])
        ]
        name = s["platform_name"] or s["platform"] or s["host"] or "?"
        rows.append(
            _Row(
                y=top + i * row_h,
                label=f"#{s['id']} {name}"[:26],
                title=s["url"],
                x_from=x(s["first_seen"]),
                x_removed=x(s["removed_at"]) if s["removed_at"] else None,
                x_to=float(width - right),
                removed=s["state"] == "removed",
                marks=tuple(marks),
            )
        )
    axis_y = top + len(rows) * row_h + 4
    # Dates for a long case; hours too when it all happened within two days.
    label = "%Y-%m-%d" if end - start >= timedelta(days=2) else "%Y-%m-%d %H:%M"
    ticks = []
    for k in range(5):
        moment = start + (end - start) * (k / 4)
        anchor = "start" if k == 0 else ("end" if k == 4 else "middle")
        ticks.append(
            (round(left + (width - left - right) * k / 4, 1), moment.strftime(label), anchor)
        )
    return _Chart(
        width=width,
        height=int(axis_y + 40),
        left=left,
        rows=tuple(rows),
        ticks=tuple(ticks),
        more=max(0, len(doc["sightings"]) - CHART_MAX_ROWS),
        axis_y=axis_y,
    )


class _Headings(Mapping[str, str]):
    """``L.title`` / ``W.title`` in report templates: catalogue words by their report key."""

    def __init__(self, lang: Lang, *, bilingual: bool) -> None:
        self._lang = lang
        self._bilingual = bilingual

    def __getitem__(self, key: str) -> str:
        if not has(f"report.{key}"):
            raise KeyError(key)
        return (
            label(key, self._lang)
            if self._bilingual
            else message_template(f"report.{key}", self._lang)
        )

    def __iter__(self) -> Iterator[str]:
        return iter(k.removeprefix("report.") for k in catalogue_keys() if k.startswith("report."))

    def __len__(self) -> int:
        return sum(1 for _ in self)


def _packaged_template(name: str) -> str | None:
    try:
        return resources.files("leakhelp").joinpath(f"report_templates/{name}").read_text("utf-8")
    except (FileNotFoundError, OSError):
        return None


def _environment(home: str | os.PathLike[str] | None, lang: Lang) -> SandboxedEnvironment:
    # Jinja2 is imported by the commands that write HTML only (start-up time).
    from jinja2 import ChoiceLoader, FileSystemLoader, FunctionLoader, StrictUndefined
    from jinja2.sandbox import SandboxedEnvironment

    loaders: list[Any] = []
    user_dir = resolve_home(home) / USER_TEMPLATE_DIR
    if user_dir.is_dir():
        loaders.append(FileSystemLoader(str(user_dir)))
    loaders.append(FunctionLoader(_packaged_template))
    env = SandboxedEnvironment(
        loader=ChoiceLoader(loaders),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        extensions=["jinja2.ext.i18n"],
    )
    env.filters["stamp"] = stamp
    # {{ _("report.title") }}, {{ ngettext("report.n_checks", "report.n_checks", n) }}
    # and {% trans %} read the same catalogue as the rest of leakhelp.
    env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=lambda key: t(key, lang),
        ngettext=lambda key, _plural, n: tn(key, n, lang),
        newstyle=False,
    )
    return env


def _html(doc: Mapping[str, Any], data: ReportData, *, home: str | os.PathLike[str] | None) -> str:
    lang = data.case.lang
    env = _environment(home, lang)
    try:
        template = env.get_template("report.html.j2")
        return template.render(
            doc=doc,
            lang=lang,
            L=_Headings(lang, bilingual=True),
            W=_Headings(lang, bilingual=False),
            status=lambda value: _status(value, lang),
            summary=_summary_lines(doc["summary"], lang),
            chart=_chart(doc, data),
            footer=doc["made"],
            first_seen=lambda sighting: first_seen_text(sighting, lang),
            more=message_template("report.more_rows", lang),
        )
    except Exception as exc:  # a broken (user) template: say which, never a traceback
        if isinstance(exc, TemplateError):
            raise
        raise TemplateError(f"the report template could not be used: {exc}") from None
