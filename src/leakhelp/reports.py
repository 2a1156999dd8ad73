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
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import TemplateError, UsageError
from .models import Answer, Case, Event, Lang, Request, Sighting, StoredCheck
from .paths import resolve_home, write_private_file
from .tracking import basis_label, host_of, parse_time

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

#: A fingerprint-shaped string: PDQ (64 hex digits) or phash/dhash (16). Such
#: values are dropped from timeline details, so no hash can reach a report.
_HASHLIKE = re.compile(r"^(?:[0-9a-fA-F]{16}|[0-9a-fA-F]{64})$")
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


# -- words ----------------------------------------------------------------------

_LABELS: dict[str, dict[Lang, str]] = {
    "title": {"en": "Evidence report", "nl": "Bewijsoverzicht"},
    "intro": {
        "en": (
            "This report lists the web addresses where content of this case was found, the "
            "removal requests sent about them with the platforms' answers, and the results of "
            "automated status checks. It was produced by leakhelp from the records kept on the "
            "user's own device. It contains no images and no image fingerprints. All times are UTC."
        ),
        "nl": (
            "Dit overzicht vermeldt de webadressen waar inhoud van dit dossier is aangetroffen, "
            "de verwijderverzoeken die daarover zijn verstuurd met de antwoorden van de platforms, "
            "en de uitkomsten van automatische controles. Het is door leakhelp gemaakt uit de "
            "gegevens op het eigen apparaat van de gebruiker. Er staan geen afbeeldingen en geen "
            "vingerafdrukken van afbeeldingen in. Alle tijden zijn in UTC."
        ),
    },
    "case": {"en": "Case", "nl": "Dossier"},
    "case_id": {"en": "Case id", "nl": "Dossiernummer"},
    "case_name": {"en": "Name used", "nl": "Gebruikte naam"},
    "opened": {"en": "Case opened", "nl": "Dossier geopend"},
    "generated": {"en": "Report made", "nl": "Overzicht gemaakt"},
    "country": {"en": "Country", "nl": "Land"},
    "summary": {"en": "Summary", "nl": "Samenvatting"},
    "sightings": {"en": "Sightings", "nl": "Vindplaatsen"},
    "requests": {"en": "Removal requests", "nl": "Verwijderverzoeken"},
    "checks": {"en": "Status checks", "nl": "Controles"},
    "timeline": {"en": "Timeline", "nl": "Tijdlijn"},
    "chart": {"en": "Timeline chart", "nl": "Tijdlijn in beeld"},
    "no_items": {"en": "None recorded.", "nl": "Niets vastgelegd."},
    "url": {"en": "URL", "nl": "URL"},
    "platform": {"en": "Platform", "nl": "Platform"},
    "first_seen": {"en": "First seen", "nl": "Eerst gezien"},
    "last_seen": {"en": "Last seen", "nl": "Laatst gezien"},
    "state": {"en": "State", "nl": "Status"},
    "removed_at": {"en": "Removed", "nl": "Verwijderd"},
    "removed_by": {"en": "Removal noted by", "nl": "Verwijdering vastgesteld door"},
    "last_check": {"en": "Last check", "nl": "Laatste controle"},
    "basis": {"en": "Legal basis", "nl": "Grondslag"},
    "status": {"en": "Status", "nl": "Stand"},
    "drafted": {"en": "Written", "nl": "Geschreven"},
    "sent": {"en": "Sent", "nl": "Verstuurd"},
    "channel": {"en": "Channel", "nl": "Kanaal"},
    "reference": {"en": "Reference", "nl": "Kenmerk"},
    "deadline": {"en": "Deadline", "nl": "Termijn"},
    "answers": {"en": "Answers", "nl": "Antwoorden"},
    "covers": {"en": "Covers sightings", "nl": "Betreft vindplaatsen"},
    "reminders": {"en": "Reminders", "nl": "Herinneringen"},
    "escalated": {"en": "Taken further", "nl": "Voorgelegd aan"},
    "checked_at": {"en": "Time", "nl": "Tijd"},
    "http_status": {"en": "HTTP status", "nl": "HTTP-status"},
    "final_url": {"en": "Final URL", "nl": "Eind-URL"},
    "reason": {"en": "Reason", "nl": "Reden"},
    "image_match": {"en": "Image match", "nl": "Beeld komt overeen"},
    "when": {"en": "When", "nl": "Wanneer"},
    "what": {"en": "What", "nl": "Wat"},
    "open": {"en": "still online", "nl": "nog online"},
    "removed": {"en": "removed", "nl": "verwijderd"},
    "legend_online": {"en": "online (as far as known)", "nl": "online (voor zover bekend)"},
    "legend_removed": {"en": "removed", "nl": "verwijderd"},
    "legend_sent": {"en": "request sent", "nl": "verzoek verstuurd"},
    "legend_check": {"en": "status check", "nl": "controle"},
    "more_rows": {"en": "and {n} more (see the table)", "nl": "en nog {n} (zie de tabel)"},
    "sighting_n": {"en": "sighting", "nl": "vindplaats"},
    "n_sightings": {
        "en": "{n} web address(es) recorded: {open} still online, {removed} removed.",
        "nl": "{n} webadres(sen) vastgelegd: {open} nog online, {removed} verwijderd.",
    },
    "n_requests": {
        "en": "{n} removal request(s): {sent} sent, {settled} fully settled, {refused} refused.",
        "nl": "{n} verwijderverzoek(en): {sent} verstuurd, {settled} helemaal afgerond, {refused} geweigerd.",
    },
    "n_checks": {
        "en": "{n} status check(s) recorded.",
        "nl": "{n} controle(s) vastgelegd.",
    },
    "footer": {
        "en": "Made with {generator}. Times are UTC. No images or image fingerprints are included.",
        "nl": "Gemaakt met {generator}. Tijden in UTC. Er zijn geen afbeeldingen of vingerafdrukken opgenomen.",
    },
}

_STATUS: dict[str, dict[Lang, str]] = {
    "drafted": {"en": "written, not sent", "nl": "geschreven, niet verstuurd"},
    "sent": {"en": "sent, waiting", "nl": "verstuurd, wacht"},
    "acknowledged": {"en": "received by platform", "nl": "ontvangen door platform"},
    "partial": {"en": "partly removed", "nl": "deels verwijderd"},
    "refused": {"en": "refused", "nl": "geweigerd"},
    "no-reply": {"en": "no reply", "nl": "geen antwoord"},
    "settled": {"en": "removed", "nl": "verwijderd"},
    "escalated": {"en": "taken further", "nl": "verder voorgelegd"},
    "removed": {"en": "removed", "nl": "verwijderd"},
    "none": {"en": "no reply / nothing done", "nl": "geen antwoord / niets gedaan"},
    "online": {"en": "online", "nl": "online"},
    "unknown": {"en": "unknown", "nl": "onbekend"},
    "unreachable": {"en": "unreachable", "nl": "onbereikbaar"},
    "open": {"en": "still online", "nl": "nog online"},
    "check": {"en": "status check", "nl": "controle"},
    "manual": {"en": "user", "nl": "gebruiker"},
    "answer": {"en": "platform's answer", "nl": "antwoord platform"},
    "strong": {"en": "strong", "nl": "sterk"},
    "possible": {"en": "possible", "nl": "mogelijk"},
}

_EVENTS: dict[str, dict[Lang, str]] = {
    "case-created": {"en": "Case opened", "nl": "Dossier geopend"},
    "fingerprints-added": {
        "en": "Image fingerprints made on the device ({count})",
        "nl": "Vingerafdrukken van afbeeldingen gemaakt op het apparaat ({count})",
    },
    "hashed": {"en": "Image fingerprints made on the device", "nl": "Vingerafdrukken gemaakt"},
    "exported": {"en": "Hash-only export made", "nl": "Export met alleen vingerafdrukken gemaakt"},
    "imported": {"en": "Case imported from an export", "nl": "Dossier geïmporteerd uit een export"},
    "profile-updated": {"en": "Contact details updated", "nl": "Contactgegevens bijgewerkt"},
    "sighting-added": {
        "en": "Sighting #{sighting} recorded: {url}",
        "nl": "Vindplaats #{sighting} vastgelegd: {url}",
    },
    "sighting-seen-again": {
        "en": "Sighting #{sighting} seen again",
        "nl": "Vindplaats #{sighting} opnieuw gezien",
    },
    "sighting-removed": {
        "en": "Sighting #{sighting} removed (noted by: {by})",
        "nl": "Vindplaats #{sighting} verwijderd (vastgesteld door: {by})",
    },
    "sighting-reopened": {
        "en": "Sighting #{sighting} online again",
        "nl": "Vindplaats #{sighting} weer online",
    },
    "checked": {
        "en": "Sighting #{sighting} checked: {state} (HTTP {http_status})",
        "nl": "Vindplaats #{sighting} gecontroleerd: {state} (HTTP {http_status})",
    },
    "request-drafted": {
        "en": "Request #{request} written ({basis}) to {platform}",
        "nl": "Verzoek #{request} geschreven ({basis}) aan {platform}",
    },
    "request-sent": {
        "en": "Request #{request} sent ({channel}); deadline {deadline_at}",
        "nl": "Verzoek #{request} verstuurd ({channel}); termijn {deadline_at}",
    },
    "request-acknowledged": {
        "en": "Request #{request} received by the platform, reference {reference}",
        "nl": "Verzoek #{request} ontvangen door het platform, kenmerk {reference}",
    },
    "request-answered": {
        "en": "Answer to request #{request}: {outcome}",
        "nl": "Antwoord op verzoek #{request}: {outcome}",
    },
    "request-reminded": {
        "en": "Reminder about request #{request}",
        "nl": "Herinnering bij verzoek #{request}",
    },
    "request-escalated": {
        "en": "Request #{request} taken to {to}",
        "nl": "Verzoek #{request} voorgelegd aan {to}",
    },
    "request-settled": {
        "en": "Request #{request} settled: all its web addresses removed",
        "nl": "Verzoek #{request} afgerond: alle webadressen verwijderd",
    },
    "request-reopened": {
        "en": "Request #{request} open again",
        "nl": "Verzoek #{request} weer open",
    },
    "report-written": {
        "en": "Evidence report made ({format})",
        "nl": "Bewijsoverzicht gemaakt ({format})",
    },
    "request-deadline-changed": {
        "en": "Deadline of request #{request} set to {deadline_at}",
        "nl": "Termijn van verzoek #{request} gezet op {deadline_at}",
    },
}


def label(key: str, lang: Lang) -> str:
    """A report heading: in the case language; Dutch headings also carry the English."""
    words = _LABELS[key]
    if lang == "en" or words["nl"] == words["en"]:
        return words[lang]
    return f"{words['nl']} / {words['en']}"


def _word(key: str, lang: Lang) -> str:
    return _LABELS[key][lang]


def _status(value: str | None, lang: Lang) -> str:
    if value is None:
        return ""
    words = _STATUS.get(value)
    return words[lang] if words else value


def stamp(value: str | None) -> str:
    """A stored timestamp as shown in reports: "2026-05-19 14:30:05 UTC"."""
    if not value:
        return ""
    try:
        return parse_time(value).astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
    except ValueError:
        return value


def _scrub(detail: Mapping[str, object]) -> dict[str, object]:
    """Timeline details without anything fingerprint-shaped."""
    out: dict[str, object] = {}
    for key, value in detail.items():
        if key.lower() in _HASH_KEYS:
            continue
        if isinstance(value, str) and _HASHLIKE.match(value):
            continue
        if isinstance(value, list | tuple) and any(
            isinstance(v, str) and _HASHLIKE.match(v) for v in value
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
    words = _EVENTS.get(event.kind)
    if words is None:
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
    return words[lang].format_map(values)


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
    answers: dict[int, list[Answer]] = {}
    for a in data.answers:
        answers.setdefault(a.request_id, []).append(a)
    sightings = [
        {
            "id": s.id,
            "url": s.url,
            "platform": s.platform,
            "platform_name": names.get(s.platform) if s.platform else None,
            "host": host_of(s.url),
            "first_seen": s.first_seen,
            "last_seen": s.last_seen,
            "state": s.state,
            "removed_at": s.removed_at,
            "removed_by": removed_by.get(s.id) if s.state == "removed" else None,
            "last_check_state": s.last_check_state,
            "last_checked_at": s.last_checked_at,
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
            "channel": r.channel,
            "reference": r.reference,
            "deadline_at": r.deadline_at,
            "outcome": r.outcome,
            "answered_at": r.answered_at,
            "settled_at": r.settled_at,
            "reminders": r.reminders,
            "reminded_at": r.reminded_at,
            "escalated_to": r.escalated_to,
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
            "reason": c.result.reason,
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
    }


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
            _word("removed_at", lang),
            _word("last_check", lang),
        ],
        [
            [
                str(x["id"]),
                md_url(x["url"]),
                md_text(x["platform_name"] or x["platform"] or x["host"]),
                stamp(x["first_seen"]),
                stamp(x["last_seen"]),
                md_text(_status(x["state"], lang)),
                md_text(
                    stamp(x["removed_at"])
                    + (f" ({_status(x['removed_by'], lang)})" if x["removed_by"] else "")
                ),
                md_text(
                    f"{_status(x['last_check_state'], lang)} {stamp(x['last_checked_at'])}".strip()
                ),
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
            (_word("sent", lang), stamp(r["sent_at"])),
            (_word("channel", lang), md_text(r["channel"])),
            (_word("reference", lang), md_text(r["reference"])),
            (_word("deadline", lang), stamp(r["deadline_at"])),
            (_word("removed_at", lang), stamp(r["settled_at"])),
            (_word("reminders", lang), str(r["reminders"]) if r["reminders"] else ""),
            (
                _word("escalated", lang),
                md_text(f"{r['escalated_to']} {stamp(r['escalated_at'])}".strip())
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
    lines.append(md_text(_LABELS["footer"][lang].format(generator=doc["generator"])))
    return "\n".join(lines) + "\n"


def _summary_lines(s: Mapping[str, Any], lang: Lang) -> list[str]:
    return [
        _LABELS["n_sightings"][lang].format(
            n=s["sightings"], open=s["sightings_open"], removed=s["sightings_removed"]
        ),
        _LABELS["n_requests"][lang].format(
            n=s["requests"],
            sent=s["requests_sent"],
            settled=s["requests_settled"],
            refused=s["requests_refused"],
        ),
        _LABELS["n_checks"][lang].format(n=s["checks"]),
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
    moments = [parse_time(data.case.created_at), parse_time(data.generated_at)]
    for s in sightings:
        moments.append(parse_time(s["first_seen"]))
    # A request noted as sent before the case was opened still gets its mark.
    moments += [parse_time(r["sent_at"]) for r in doc["requests"] if r["sent_at"]]
    start, end = min(moments), max(moments)
    span = max((end - start).total_seconds(), 3600.0)

    def x(value: str | None) -> float:
        if not value:
            return float(width - right)
        moment = min(max(parse_time(value), start), end)
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


def _packaged_template(name: str) -> str | None:
    try:
        return resources.files("leakhelp").joinpath(f"report_templates/{name}").read_text("utf-8")
    except (FileNotFoundError, OSError):
        return None


def _environment(home: str | os.PathLike[str] | None) -> SandboxedEnvironment:
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
    )
    env.filters["stamp"] = stamp
    return env


def _html(doc: Mapping[str, Any], data: ReportData, *, home: str | os.PathLike[str] | None) -> str:
    lang = data.case.lang
    env = _environment(home)
    try:
        template = env.get_template("report.html.j2")
        return template.render(
            doc=doc,
            lang=lang,
            L={key: label(key, lang) for key in _LABELS},
            W={key: _LABELS[key][lang] for key in _LABELS},
            status=lambda value: _status(value, lang),
            summary=_summary_lines(doc["summary"], lang),
            chart=_chart(doc, data),
            footer=_LABELS["footer"][lang].format(generator=doc["generator"]),
            more=_LABELS["more_rows"][lang],
        )
    except Exception as exc:  # a broken (user) template: say which, never a traceback
        if isinstance(exc, TemplateError):
            raise
        raise TemplateError(f"the report template could not be used: {exc}") from None


def now_stamp(now: datetime) -> str:
    return now.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
