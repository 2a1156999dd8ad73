"""``leakhelp doctor``: a short self-check, for a helper on the phone with someone."""

from __future__ import annotations

from typing import Annotated

import typer

from ..doctor import PROBE_HOST, PROBE_PORT, Finding, all_well, run_checks
from ..i18n import MESSAGES, t
from ..models import Lang
from .options import JsonOpt
from .state import get_state


def doctor_command(
    ctx: typer.Context,
    offline: Annotated[
        bool,
        typer.Option("--offline", help="Do not check the internet connection."),
    ] = False,
    probe: Annotated[
        str,
        typer.Option(
            "--probe",
            hidden=True,  # for tests: a server on this computer instead of example.com
            help="HOST:PORT the network check connects to.",
        ),
    ] = f"{PROBE_HOST}:{PROBE_PORT}",
    json_out: JsonOpt = False,
) -> int:
    """Check leakhelp on this computer: versions, data folder, PDQ, internet. Exit 1 on a problem."""
    state = get_state(ctx)
    ui = state.ui(json_mode=json_out)
    host, _sep, port = probe.rpartition(":")
    if not host or not port.isdigit():
        raise typer.BadParameter("HOST:PORT", param_hint="--probe")
    ui.msg("doctor.intro")
    if not offline:
        ui.msg("doctor.intro.network", host=host)
    findings = run_checks(state.home, network=not offline, probe=(host, int(port)))
    if json_out:
        for finding in findings:
            ui.emit(
                {
                    **finding.as_dict(),
                    "message": describe(finding, "en"),
                    "advice": advise(finding, "en"),
                }
            )
    else:
        rows = [
            (
                shown_name(finding, ui.lang),
                t(f"doctor.status.{finding.status}", ui.lang),
                describe(finding, ui.lang),
            )
            for finding in findings
        ]
        ui.table(
            None,
            [t(f"doctor.col.{c}", ui.lang) for c in ("check", "status", "detail")],
            rows,
        )
        for finding in findings:
            advice = advise(finding, ui.lang)
            if advice and finding.status != "ok":
                ui.say(f"{shown_name(finding, ui.lang)}: {advice}")
    problems = sum(f.status == "problem" for f in findings)
    if problems:
        ui.msg("doctor.problems", count=problems, style="bold red")
    else:
        ui.msg("doctor.allwell", style="green")
    return 0 if all_well(findings) else 1


def shown_name(finding: Finding, lang: Lang) -> str:
    """The first column: library names as they are, the rest in words."""
    key = f"doctor.check.{finding.check}"
    return t(key, lang) if key in MESSAGES else finding.check


def describe(finding: Finding, lang: Lang) -> str:
    values = dict(finding.values)
    if "reason" in values:
        values["reason"] = t(f"doctor.reason.{values['reason']}", lang)
    return t(finding.key, lang, **values)


def advise(finding: Finding, lang: Lang) -> str | None:
    return t(finding.advice, lang, **finding.values) if finding.advice else None
