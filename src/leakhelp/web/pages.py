"""Every page and form of the web app. Each handler asks the library and renders."""

from __future__ import annotations

import shlex
from dataclasses import replace
from datetime import date
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from ..api import Workspace, fingerprints_from_bytes
from ..errors import ExportFormatError, LeakhelpError, UsageError, WipeIncompleteError
from ..export import FingerprintSet
from ..i18n import MESSAGES, reason, t
from ..matching import ScanResult
from ..models import AnswerOutcome, Lang
from ..sealed import SealedExportError, is_sealed
from ..support import (
    ANY,
    SERVICE_NAMES,
    AdviceStep,
    HelpEntry,
    help_for,
    minor_routes,
    normalize_country,
    sextortion_steps,
)
from ..tracking import NextStep, Overview
from ..views import CaseView
from .app import COUNTRY_COOKIE, Problem, lang_of, post, render, see, settings_of
from .forms import MAX_FILE_BYTES, Form
from .jobs import Job

DOORS = ("online", "threat", "helping")
COUNTRIES = ("NL", "BE", "DE", "UK", "US", "AU", "any")
OUTCOMES: tuple[AnswerOutcome, ...] = ("removed", "refused", "partial", "none")
#: Addresses checked per round, so a long list can be stopped between rounds.
CHECK_ROUND = 8
#: Addresses and lines read from one text box.
MAX_LINES = 1000
#: The longest name or e-mail address taken from the profile form.
MAX_PROFILE_FIELD = 200
#: The longest escalation route id taken from a form (the registry's are short words).
MAX_ROUTE_ID = 64


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()][:MAX_LINES]


def _country(raw: str | None) -> str | None:
    try:
        code = normalize_country(raw)
    except UsageError:
        return None
    return code


# -- start, plan, help ---------------------------------------------------------
async def start(request: Request) -> Response:
    return render(request, "start.html", doors=DOORS, countries=COUNTRIES)


async def plan(request: Request) -> Response:
    door = request.query_params.get("door", "online")
    door = door if door in DOORS else "online"
    age = request.query_params.get("minor")
    # "Not sure" is treated as under 18 for help lines (no adults-only services),
    # and as "age unknown" in the sextortion steps (both hashing services named).
    minor = age in ("yes", "unsure")
    country = _country(request.query_params.get("country")) or "any"
    lang = lang_of(request)
    helpers = help_for(country, lang, minor=minor, home=settings_of(request).home)
    steps: list[str] = []
    more_help: list[HelpEntry] = []
    if door == "threat":
        # The same steps as `leakhelp support --sextortion` and a sextortion case,
        # after a short list: a scared reader sees a few places first, the rest folded.
        known = {"yes": True, "no": False}.get(age or "")
        steps = [s.text for s in sextortion_steps(lang, minor=known)]
        steps.append(t("web.plan.threat.3", lang))
        helpers, more_help = _first_help(helpers, minor=minor)
    response = render(
        request,
        "plan.html",
        door=door,
        minor=minor,
        steps=steps,
        minor_steps=[t(key, lang) for key in MINOR_THREAT_STEPS] if minor else [],
        chosen_country=country,
        helpers=helpers,
        more_help=more_help,
        countries=COUNTRIES,
    )
    response.set_cookie(COUNTRY_COOKIE, country, httponly=True, samesite="strict")
    return response


#: Under 18 and threatened: four things first (don't pay, stop contact, keep the
#: messages and not the images, tell someone). Never a copy of the images.
MINOR_THREAT_STEPS = (
    "sextortion.pay",
    "web.plan.minor-step.stop",
    "web.plan.minor-step.keep",
    "web.plan.minor-step.tell",
)
#: Helplines in the short list, before the hashing service and the police.
FIRST_HELPLINES = 2


def _first_help(
    helpers: list[HelpEntry], *, minor: bool
) -> tuple[list[HelpEntry], list[HelpEntry]]:
    """A short list (the country's helplines to talk to, the hashing service for
    the reader's age, the police as an option) and the rest, in their order."""
    audience = "minors" if minor else "adults"

    def talk(entry: HelpEntry) -> bool:
        return entry.kind == "helpline" and entry.audience in (audience, "all")

    local = [h for h in helpers if h.country != ANY and talk(h)]
    # A line you can call first (someone to talk to), then those for the reader's age.
    local.sort(key=lambda h: (h.phone is None, h.audience != audience))
    lines = local or [h for h in helpers if talk(h)]
    hashing = [h for h in helpers if h.kind == "hashing" and h.audience in (audience, "all")]
    police = [h for h in helpers if h.kind == "police" and h.country != ANY]
    first = [*lines[:FIRST_HELPLINES], *hashing[:1], *police[:1]]
    chosen = {h.id for h in first}
    return first, [h for h in helpers if h.id not in chosen]


async def help_page(request: Request) -> Response:
    country = _country(request.query_params.get("country") or request.cookies.get(COUNTRY_COOKIE))
    lang = lang_of(request)
    helpers = help_for(country, lang, home=settings_of(request).home)
    return render(
        request, "help.html", helpers=helpers, chosen_country=country or "", countries=COUNTRIES
    )


# -- cases ---------------------------------------------------------------------
async def new_case(request: Request, form: Form) -> Response:
    name = " ".join(form.get("name").split())[:80] or t("web.case.id", lang_of(request))
    country = _country(form.get("country"))
    with settings_of(request).workspace() as ws:
        case = ws.new_case(
            name,
            lang=lang_of(request),
            country=country if country != "any" else None,
            kind="sextortion" if form.get("kind") == "sextortion" else "shared",
        )
        ws.set_profile(case.id, minor=form.get("minor") == "yes")
    return see(f"/case/{case.id}")


async def case_page(request: Request) -> Response:
    return _case(request, request.path_params["cid"])


def _case(
    request: Request,
    ref: str,
    notices: tuple[str, ...] = (),
    *,
    not_used: tuple[str, ...] = (),
    typed: str = "",
    status: int = 200,
) -> Response:
    """The case page; ``not_used`` (why lines were not added) and ``typed`` (those
    lines, back in the box) after a form that could not take everything."""
    lang = lang_of(request)
    settings = settings_of(request)
    with settings.workspace() as ws:
        view = ws.case_view(ref, lang=lang)
        names = _platform_names(ws, [s.platform for s in view.sightings])
    overview = _steps_in_page(view.overview, lang)
    steps: list[AdviceStep] = []
    helpers: list[HelpEntry] = []
    more_help: list[HelpEntry] = []
    if view.sextortion:
        overview, steps = _sextortion_first(view, overview, lang)
        country = view.profile.country or view.case.country
        minor = True if view.profile.minor else None
        helpers, more_help = _first_help(
            help_for(country, lang, minor=minor, home=settings.home), minor=bool(minor)
        )
    return render(
        request,
        "case.html",
        status=status,
        not_used=not_used,
        typed=typed,
        case=view.case,
        overview=overview,
        sightings=view.sightings,
        # What is known of each address, with when and how (never "online"
        # for an address no check has seen): the same words as `case show`.
        evidence={sid: e.describe(lang) for sid, e in view.evidence.items()},
        requests=view.requests,
        profile=view.profile,
        overdue=view.overdue_requests,
        names=names,
        outcomes=OUTCOMES,
        jobs=settings.jobs.of_case(view.case.id),
        notices=notices,
        handoff_form=view.sextortion,
        video_count=view.videos,
        services=SERVICE_NAMES,
        today=view.now.date().isoformat(),
        sextortion_steps=steps,
        helpers=helpers,
        more_help=more_help,
        help_country=view.profile.country or view.case.country or "",
    )


#: Next steps whose library text ends in a command line: in the page, they
#: point to the button or form that does the same.
_IN_PAGE = {
    "send": "web.next.send",
    "remind": "web.next.remind",
    "draft": "web.next.draft",
    "add-sightings": "web.next.add-sightings",
    "follow-up": "web.next.follow-up",
}


def _steps_in_page(overview: Overview, lang: Lang) -> Overview:
    def in_page(step: NextStep) -> NextStep:
        if step.kind in _IN_PAGE:
            return replace(step, text=t(_IN_PAGE[step.kind], lang, id=step.request_id))
        if step.kind == "escalate" and step.text == t("next.escalate", lang, id=step.request_id):
            return replace(step, text=t("web.next.escalate", lang, id=step.request_id))
        return step

    return replace(overview, next=tuple(in_page(s) for s in overview.next))


def _sextortion_first(
    view: CaseView, overview: Overview, lang: Lang
) -> tuple[Overview, list[AdviceStep]]:
    """A sextortion case leads with its own steps (don't pay, keep the messages, stop
    contact, report, the hashing service, the help lines), in a list of their own;
    the overview keeps the rest. Web addresses come last: often nothing is shared yet.
    """
    hashed = {h.service: h.done_on for h in view.handoffs}
    steps = sextortion_steps(lang, minor=True if view.profile.minor else None, hashed=hashed)
    done = {s.text for s in steps if s.done}
    below = " " + t("web.handoff.below", lang)  # this page's form, not the CLI line
    steps = [
        replace(s, text=s.text + below) if s.key == "hash" and not s.done else s for s in steps
    ]
    steps.append(AdviceStep("help", t("web.plan.threat.3", lang)))
    later = t("web.next.add-sightings.sextortion", lang)
    rest = tuple(
        replace(step, text=later) if step.kind == "add-sightings" else step
        for step in overview.next
        if not step.kind.startswith("sextortion")
    )
    kept = tuple(line for line in overview.done if line not in done)
    return replace(overview, next=rest, done=kept), steps


async def record_handoff(request: Request, form: Form) -> Response:
    cid = request.path_params["cid"]
    lang = lang_of(request)
    try:
        day = date.fromisoformat(form.get("date")) if form.get("date") else None
    except ValueError:
        return _case(request, cid, (t("web.problem.bad-form", lang),), status=400)
    if "pin" in form.get("reference").casefold():
        # The library refuses it too; this says so without its command-line option.
        return _case(request, cid, notices=(t("web.handoff.pin", lang),))
    with settings_of(request).workspace() as ws:
        try:
            outcome = ws.record_handoff(
                cid,
                form.get("service"),
                done_on=day,
                reference=form.get("reference") or None,
                lang=lang,
            )
        except UsageError as exc:  # a day still to come, a control character: on the page
            return _case(request, cid, (exc.text(lang),), status=400)
    if outcome.warnings:
        return _case(request, cid, notices=outcome.warnings)
    return see(f"/case/{outcome.handoff.case_id}")


def _platform_names(ws: Workspace, ids: list[str | None]) -> dict[str, str]:
    names: dict[str, str] = {}
    for pid in {i for i in ids if i}:
        try:
            names[pid] = ws.registry.get(pid).name
        except LeakhelpError:
            names[pid] = pid
    return names


async def save_profile(request: Request, form: Form) -> Response:
    cid = request.path_params["cid"]
    typed = {
        "name": form.get("name")[:MAX_PROFILE_FIELD],
        "email": form.get("email")[:MAX_PROFILE_FIELD],
        "country": form.get("country") or None,
        "minor": form.get("minor") == "yes",
    }
    with settings_of(request).workspace() as ws:
        try:
            ws.set_profile(cid, **typed)
        except UsageError as exc:
            # Back on the form with what was typed, and why it was not saved.
            problem = (cid, exc.text(lang_of(request)))
            return _letters(request, cid, [], status=400, profile_problem=problem, typed=typed)
    return see(f"/case/{cid}/letters")


async def add_sightings(request: Request, form: Form) -> Response:
    """Add the good lines; the others go back in the box, each with its reason."""
    cid = request.path_params["cid"]
    lang = lang_of(request)
    lines = form.all("url") + _lines(form.get("urls"))
    if not lines:
        return _case(request, cid, (t("web.urls.nothing", lang),), status=400)
    with settings_of(request).workspace() as ws:
        outcomes = ws.add_sightings(cid, lines)
    failed = [o for o in outcomes if not o.ok]
    if not failed:
        return see(f"/case/{cid}")
    some_added = len(failed) < len(outcomes)
    said = "web.sightings.not-used" if some_added else "web.sightings.none-used"
    return _case(
        request,
        cid,
        (t(said, lang),),
        not_used=tuple(o.error_text(lang) for o in failed),
        typed="\n".join(o.input for o in failed),
        status=200 if some_added else 400,  # the good ones were added
    )


async def check_all(request: Request, form: Form) -> Response:
    settings = settings_of(request)
    cid = request.path_params["cid"]
    lang = lang_of(request)
    with settings.workspace() as ws:
        case = ws.case(cid)
        urls = [s.url for s in ws.open_sightings(case.id)]

    def work(job: Job) -> dict[str, Any]:
        counts: dict[str, int] = {}
        with Workspace(settings.home) as ws:
            for start in range(0, len(urls), CHECK_ROUND):
                job.stop_if_cancelled()
                for report in ws.check(
                    urls[start : start + CHECK_ROUND],
                    case=case.id,
                    allow_private=settings.allow_private,
                    lang=lang,
                ):
                    counts[report.result.state] = counts.get(report.result.state, 0) + 1
                    job.advance()
        return {"counts": counts}

    job = settings.jobs.start("check", work, case_id=case.id, total=len(urls))
    return see(f"/jobs/{job.id}")


# -- fingerprints ---------------------------------------------------------------
def _photos(request: Request, ref: str, status: int = 200, **context: Any) -> Response:
    """The photos page, with the command for a video too large to send in the browser."""
    with settings_of(request).workspace() as ws:
        case = ws.case(ref)
        video_count = len(ws.videos(case.id))
    home = settings_of(request).home
    words = ["leakhelp", *(["--home", str(home)] if home is not None else [])]
    command = shlex.join([*words, "hash", "--case", case.id]) + " "
    return render(
        request,
        "photos.html",
        status=status,
        case=case,
        max_mb=MAX_FILE_BYTES // (1024 * 1024),
        video_command=command,
        video_count=video_count,
        **context,
    )


async def photos_page(request: Request) -> Response:
    return _photos(request, request.path_params["cid"])


async def photos_upload(request: Request, form: Form) -> Response:
    settings = settings_of(request)
    with settings.workspace() as ws:
        case = ws.case(request.path_params["cid"])
    images = form.files.get("photos", []) + form.files.get("folder", [])
    form.files.clear()
    if not images:
        return _photos(request, case.id, status=400, empty=True)
    label = form.get("label") or None

    def work(job: Job) -> dict[str, Any]:
        added = videos = same = failed = 0

        def drain() -> Any:
            while images:
                job.stop_if_cancelled()
                yield images.pop(0)  # each photo's bytes go as soon as it is done

        try:
            with Workspace(settings.home) as ws:
                for outcome in ws.hash_images(
                    case.id, drain(), label=label, several=len(images) > 1
                ):
                    job.advance()
                    if outcome.result.error is not None:
                        failed += 1
                    elif outcome.stored and outcome.result.video is not None:
                        videos += 1
                    elif outcome.stored:
                        added += 1
                    else:
                        same += 1
        finally:
            images.clear()
        return {"added": added, "videos": videos, "same": same, "failed": failed}

    job = settings.jobs.start("hash", work, case_id=case.id, total=len(images))
    return see(f"/jobs/{job.id}")


# -- finding copies ---------------------------------------------------------------
async def find_page(request: Request) -> Response:
    return _find(request, chosen=request.query_params.get("case", ""))


def _find(request: Request, *, status: int = 200, **context: Any) -> Response:
    with settings_of(request).workspace() as ws:
        cases = ws.cases()
    return render(request, "find.html", status=status, cases=cases, **context)


async def find_start(request: Request, form: Form) -> Response:
    """Start a search; a form it cannot use comes back with what was typed and why."""
    try:
        return await _find_start(request, form)
    except Problem as problem:
        return _find(
            request,
            status=problem.status,
            problem=t("web.problem." + problem.key, lang_of(request)),
            chosen=form.get("case"),
            folder=form.get("folder"),
            urls=form.get("urls"),
        )


async def _find_start(request: Request, form: Form) -> Response:
    settings = settings_of(request)
    lang = lang_of(request)
    folders = _lines(form.get("folder"))
    urls = _lines(form.get("urls"))
    cid = form.get("case") or None
    exports = form.files.get("export", [])
    form.files.clear()
    if not folders and not urls:
        raise Problem("find-nothing")
    with settings.workspace() as ws:
        if exports:
            cid = None
            fingerprints = _uploaded_export(exports[0], form)
            index = ws.match_index(fingerprints=fingerprints)
            videos = ws.video_index(fingerprints=fingerprints)
        else:
            if cid is None:
                raise Problem("find-no-source")
            cid = ws.case(cid).id
            index = ws.match_index(case=cid)
            videos = ws.video_index(case=cid)  # a case's videos are looked for too

    def work(job: Job) -> dict[str, Any]:
        rows: list[dict[str, Any]] = []
        with Workspace(settings.home) as ws:
            if folders:
                for outcome in ws.scan(folders, index=index, videos=videos, progress=job):
                    job.stop_if_cancelled()
                    rows.append(_scan_row(outcome.result, lang, web=False))
            for start in range(0, len(urls), CHECK_ROUND):
                job.stop_if_cancelled()
                for result in ws.scan_urls(
                    urls[start : start + CHECK_ROUND],
                    index=index,
                    videos=videos,
                    allow_private=settings.allow_private,
                    lang=lang,
                ):
                    rows.append(_scan_row(result, lang, web=True))
                    job.advance()
        order = {"strong": 0, "possible": 1, None: 2}
        rows.sort(key=lambda r: (order[r["tier"]], r["error"] is not None))
        return {"rows": rows}

    job = settings.jobs.start("find", work, case_id=cid, total=len(urls) or None)
    return see(f"/jobs/{job.id}")


def _scan_row(result: ScanResult, lang: Any, *, web: bool) -> dict[str, Any]:
    from ..videomatch import VideoScanResult, describe  # loaded by the scan already

    m = result.match
    # A video match in its own words, with its times ("a 4-second part (0:02-0:06 ...)").
    best = result.video if isinstance(result, VideoScanResult) and result.video else m
    return {
        "where": result.path,
        "web": web,
        "tier": m.tier if m is not None else None,
        "explanation": describe(best, lang) if best is not None else None,
        "ref": m.ref if m is not None else None,
        "error": reason(result.error, lang) if result.error else None,
        "low": result.low_quality,
    }


# -- where is it --------------------------------------------------------------------
async def where_page(request: Request) -> Response:
    """Where to report; from a case (``?case=ID``), its open addresses and its answers."""
    ref = request.query_params.get("case")
    if not ref:
        return render(request, "where.html", routes=None, text="")
    with settings_of(request).workspace() as ws:
        case = ws.case(ref)
        urls = [s.url for s in ws.open_sightings(case.id)]
        minor = ws.profile(case.id).minor
    return render(
        request, "where.html", routes=None, text="\n".join(urls), minor=minor, case_id=case.id
    )


async def where_lookup(request: Request, form: Form) -> Response:
    text = form.get("urls")
    country = _country(request.cookies.get(COUNTRY_COOKIE))
    minor = form.get("minor") == "yes"
    settings = settings_of(request)
    with settings.workspace() as ws:
        case_id = ws.case(form.get("case")).id if form.get("case") else None
        if case_id is not None:
            # The case's own answers count, as for its letters: under 18 stays under 18.
            profile = ws.profile(case_id)
            minor = minor or profile.minor
            country = profile.country or ws.case(case_id).country or country
        if not _lines(text):
            return render(
                request,
                "where.html",
                status=400,
                routes=None,
                text=text,
                minor=minor,
                case_id=case_id,
                problem=t("web.urls.nothing", lang_of(request)),
            )
        routes = ws.reporting_routes(
            _lines(text), country=None if country == "any" else country, minor=minor
        )
    first = minor_routes(
        country if country != "any" else None, lang_of(request), home=settings.home
    )
    return render(
        request,
        "where.html",
        routes=routes,
        text=text,
        minor=minor,
        case_id=case_id,
        minor_services=first if minor else [],
    )


# -- letters ------------------------------------------------------------------------
async def letters_page(request: Request) -> Response:
    return _letters(request, request.path_params["cid"], [])


async def letters_draft(request: Request, form: Form) -> Response:
    cid = request.path_params["cid"]
    with settings_of(request).workspace() as ws:
        case = ws.case(cid)
        outcomes = ws.draft_requests(case.id)
    lang = lang_of(request)
    problems = [(o.target, _why_not(o.missing, o.error, lang)) for o in outcomes if not o.ok]
    if problems:
        return _letters(request, case.id, problems, status=400)
    return see(f"/case/{case.id}/letters")


def _why_not(missing: tuple[str, ...], error: str | None, lang: Lang) -> str:
    """Why a letter could not be written: the missing fields in words, else the error."""
    if not missing:
        return reason(error or "", lang)
    words = [t(f"web.field.{f}", lang) if f"web.field.{f}" in MESSAGES else f for f in missing]
    return t("web.letters.missing", lang, fields=", ".join(words))


def _letters(
    request: Request,
    cid: str,
    problems: list[tuple[str, str]],
    status: int = 200,
    *,
    profile_problem: tuple[str, str] | None = None,
    typed: dict[str, Any] | None = None,
) -> Response:
    with settings_of(request).workspace() as ws:
        case = ws.case(cid)
        requests = ws.requests(case.id)
        letters = ws.request_letters(case.id)
        profile = ws.profile(case.id)
        names = _platform_names(ws, [r.platform for r in requests])
        open_count = len(ws.open_sightings(case.id))
    country = profile.country or case.country
    first = minor_routes(country, lang_of(request), home=settings_of(request).home)
    return render(
        request,
        "letters.html",
        minor_services=first if profile.minor else [],
        status=status,
        case=case,
        requests=requests,
        letters=letters,
        profile=profile,
        names=names,
        problems=problems,
        profile_problem=profile_problem[1] if profile_problem else None,
        typed=typed,
        open_count=open_count,
        countries=COUNTRIES,
    )


async def letter_download(request: Request) -> Response:
    rid = int(request.path_params["rid"])
    fmt = "eml" if request.path_params["kind"] == "eml" else "form"
    with settings_of(request).workspace() as ws:
        letter = ws.letter_for(rid, fmt)
    lang = lang_of(request)
    name = (
        _download_name("request", rid, "eml", lang)
        if fmt == "eml"
        else _download_name("request-form", rid, "txt", lang)
    )
    media = "message/rfc822" if fmt == "eml" else "text/plain; charset=utf-8"
    return Response(
        letter.text,
        media_type=media,
        headers={"content-disposition": f'attachment; filename="{name}"'},
    )


def _download_name(kind: str, ident: object, ext: str, lang: Lang) -> str:
    """A downloaded file's name in the reader's language (``bewijs-ab12.html``):
    ASCII letters, digits and dashes only, so every system and mail program keeps it."""
    stem = f"{t('web.download.' + kind, lang)}-{ident}"
    safe = "".join(c if c.isascii() and (c.isalnum() or c == "-") else "-" for c in stem)
    return f"{safe[:80]}.{ext}"


async def mark_sent(request: Request, form: Form) -> Response:
    rid = int(request.path_params["rid"])
    with settings_of(request).workspace() as ws:
        req = ws.mark_sent(
            rid, channel=form.get("channel") or None, reference=form.get("reference") or None
        )
    return see(f"/case/{req.case_id}")


async def record_answer(request: Request, form: Form) -> Response:
    rid = int(request.path_params["rid"])
    outcome = form.get("outcome")
    if outcome not in OUTCOMES:
        raise Problem("bad-form")
    with settings_of(request).workspace() as ws:
        req, _settled = ws.answer(rid, outcome)
    return see(f"/case/{req.case_id}")


async def write_reminder(request: Request, form: Form) -> Response:
    """The reminder to send for a late request, noted in the case (``request remind``)."""
    rid = int(request.path_params["rid"])
    with settings_of(request).workspace() as ws:
        req, subject, text = ws.remind(rid)
        case = ws.case(req.case_id)
    return render(request, "reminder.html", req=req, case=case, subject=subject, text=text)


async def record_escalation(request: Request, form: Form) -> Response:
    """Note where a request was taken further (``request escalate --to``)."""
    rid = int(request.path_params["rid"])
    route = form.get("route").strip()
    if not route or len(route) > MAX_ROUTE_ID:
        raise Problem("bad-form")
    with settings_of(request).workspace() as ws:
        req = ws.escalate(rid, route)
    return see(f"/case/{req.case_id}")


# -- evidence report -----------------------------------------------------------------
REPORT_TYPES = {"html": "text/html", "csv": "text/csv", "json": "application/json"}


async def report_download(request: Request) -> Response:
    fmt = request.path_params["fmt"]
    if fmt not in REPORT_TYPES:
        raise Problem("not-found", 404)
    with settings_of(request).workspace() as ws:
        case = ws.case(request.path_params["cid"])
        text = ws.report(case.id, fmt)
        ws.record_report_download(case.id, fmt)
    name = _download_name("report", case.id, fmt, lang_of(request))
    return Response(
        text,
        media_type=REPORT_TYPES[fmt] + "; charset=utf-8",
        headers={"content-disposition": f'attachment; filename="{name}"'},
    )


# -- counsellors ---------------------------------------------------------------------
async def cases_page(request: Request) -> Response:
    return _cases(request)


def _cases(request: Request, problem: str | None = None) -> Response:
    lang = lang_of(request)
    with settings_of(request).workspace() as ws:
        summaries = ws.case_summaries()
        overdue = ws.overdue(lang=lang)
        stats = ws.stats()
        names = _platform_names(ws, [s.key for s in stats])
    return render(
        request,
        "cases.html",
        status=200 if problem is None else 400,
        summaries=summaries,
        overdue=overdue,
        stats=stats,
        names=names,
        import_problem=t("web.problem." + problem, lang) if problem else None,
    )


async def import_export(request: Request, form: Form) -> Response:
    files = form.files.get("export", [])
    form.files.clear()
    if not files:
        return _cases(request, "import-no-file")
    try:
        data = _uploaded_export(files[0], form)
    except Problem as problem:
        # Back on the form (a file must be chosen again: browsers do not keep it).
        return _cases(request, problem.key)
    with settings_of(request).workspace() as ws:
        case, _count = ws.import_fingerprints(
            data, name=form.get("name") or None, lang=lang_of(request)
        )
    return see(f"/case/{case.id}")


def _uploaded_export(data: bytes, form: Form) -> FingerprintSet:
    """An uploaded export, opened with the form's passphrase when it is encrypted.

    The library's own messages speak of files and terminals; these say what to
    do in this page, in the reader's language."""
    passphrase = form.get("passphrase") or None
    if is_sealed(data) and passphrase is None:
        raise Problem("sealed-ask")
    try:
        return fingerprints_from_bytes(data, name="export", passphrase=passphrase)
    except SealedExportError:
        raise Problem("sealed-wrong") from None
    except ExportFormatError as exc:
        if "not a text file" in str(exc) or "not valid JSON" in str(exc):
            raise Problem("not-export") from None
        raise


# -- forget --------------------------------------------------------------------------
async def forget_page(request: Request) -> Response:
    with settings_of(request).workspace() as ws:
        case = ws.case(request.path_params["cid"])
    return render(request, "forget.html", case=case)


async def forget(request: Request, form: Form) -> Response:
    with settings_of(request).workspace() as ws:
        case = ws.case(request.path_params["cid"])
        if form.get("confirm") != "yes":
            return render(request, "forget.html", case=case, kept=True)
        try:
            ws.forget(case.id)
        except WipeIncompleteError:
            # Deleted, not yet overwritten: never say "removed" when it is not all gone.
            return _not_wiped(request, case.id)
    return render(request, "forgotten.html", case_id=case.id, wiped=True)


def _not_wiped(request: Request, case_id: str) -> Response:
    home = settings_of(request).home
    words = ["leakhelp", *(["--home", str(home)] if home is not None else []), "case", "wipe"]
    return render(
        request,
        "forgotten.html",
        status=409,
        case_id=case_id,
        wiped=False,
        wipe_command=shlex.join(words),
    )


async def wipe(request: Request, form: Form) -> Response:
    """Overwrite deleted data again, after a forget that could not finish it."""
    case_id = form.get("case")[:64]
    with settings_of(request).workspace() as ws:
        try:
            ws.wipe()
        except WipeIncompleteError:
            return _not_wiped(request, case_id)
    return render(request, "forgotten.html", case_id=case_id, wiped=True, after_wipe=True)


# -- jobs ----------------------------------------------------------------------------
def _job(request: Request) -> Job:
    job = settings_of(request).jobs.get(request.path_params["jid"])
    if job is None:
        raise Problem("no-job", 404)
    return job


async def job_page(request: Request) -> Response:
    job = _job(request)
    case = None
    minor = False
    if job.case_id is not None:
        with settings_of(request).workspace() as ws:
            case = ws.case(job.case_id)
            # Under 18 (or not sure): a possible match is for a helpline to look at.
            minor = ws.profile(case.id).minor
    return render(request, "job.html", job=job, case=case, minor=minor)


async def job_status(request: Request) -> Response:
    return JSONResponse(_job(request).as_dict())


async def job_cancel(request: Request, form: Form) -> Response:
    job = _job(request)
    job.cancel.set()
    return see(f"/jobs/{job.id}")


async def no_icon(request: Request) -> Response:
    return Response(status_code=204)


def routes() -> list[BaseRoute]:
    return [
        Route("/", start),
        Route("/favicon.ico", no_icon),
        Route("/plan", plan),
        Route("/help", help_page),
        Route("/cases", cases_page),
        post("/cases/new", new_case),
        post("/cases/import", import_export, uploads=True),
        Route("/case/{cid}", case_page),
        post("/case/{cid}/profile", save_profile),
        post("/case/{cid}/sightings", add_sightings),
        post("/case/{cid}/check", check_all),
        post("/case/{cid}/handoff", record_handoff),
        Route("/case/{cid}/photos", photos_page),
        post("/case/{cid}/photos", photos_upload, uploads=True),
        Route("/case/{cid}/letters", letters_page),
        post("/case/{cid}/letters", letters_draft),
        Route("/case/{cid}/report.{fmt}", report_download),
        Route("/case/{cid}/forget", forget_page),
        post("/case/{cid}/forget", forget),
        post("/wipe", wipe),
        Route("/find", find_page),
        post("/find", find_start, uploads=True),
        Route("/where", where_page),
        post("/where", where_lookup),
        Route("/request/{rid:int}/letter.{kind}", letter_download),
        post("/request/{rid:int}/sent", mark_sent),
        post("/request/{rid:int}/answer", record_answer),
        post("/request/{rid:int}/remind", write_reminder),
        post("/request/{rid:int}/escalate", record_escalation),
        Route("/jobs/{jid}.json", job_status),
        Route("/jobs/{jid}", job_page),
        post("/jobs/{jid}/cancel", job_cancel),
    ]
