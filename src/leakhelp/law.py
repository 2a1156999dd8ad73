"""The law leakhelp applies, in one place: legal bases, their terms, dates.

* :data:`BASES` — the legal bases a request can be written on, and
  :func:`basis_label` their names in plain words (catalogue ``basis.<id>``).
* Terms — TAKE IT DOWN Act sec. 3: 48 hours, for requests sent from
  19 May 2026 (:func:`take_it_down_applies`); GDPR Art. 12(3): one calendar
  month (:func:`add_months`, Regulation 1182/71); no term in law for the
  other bases. :func:`legal_term` gives a term as a length of time,
  :func:`due_date` the moment it ends. The user's own working deadlines
  (config.toml, ``--days``) build on these in :mod:`leakhelp.tracking`.
* Dates as a letter writes them (:func:`format_date`, month names from the
  catalogue ``month.<n>``).

Sources for every term are in docs/letters.md and docs/tracking.md. Letters
and tracking both ask this module, so a letter never promises a term that
tracking does not enforce, or the other way round.
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta

from .errors import UnknownBasisError
from .i18n import t, text_or
from .models import Lang

#: The legal bases a request can be written on; each has a letter template
#: per language in takedown_templates/ and a name in the catalogue.
BASES: tuple[str, ...] = ("ncii-policy", "take-it-down", "dsa-16", "dmca", "gdpr-17", "delisting")

#: EU member states (ISO 3166 alpha-2; Greece as both GR and EL): the GDPR
#: and the DSA apply there.
EU_COUNTRIES = frozenset(
    [
        "AT",
        "BE",
        "BG",
        "HR",
        "CY",
        "CZ",
        "DK",
        "EE",
        "FI",
        "FR",
        "DE",
        "GR",
        "EL",
        "HU",
        "IE",
        "IT",
        "LV",
        "LT",
        "LU",
        "MT",
        "NL",
        "PL",
        "PT",
        "RO",
        "SK",
        "SI",
        "ES",
        "SE",
    ]
)

#: Country codes people type for another code: the United Kingdom is "UK"
#: here (the letters, the help entries and the routes all say UK).
COUNTRY_ALIASES: Mapping[str, str] = {"GB": "UK"}
#: Bases that only apply in one jurisdiction: TAKE IT DOWN protects people in
#: the US (the platforms' forms are US-only, docs/letters.md); the DSA and the
#: GDPR apply in the EU. Other bases apply everywhere.
BASIS_COUNTRIES: Mapping[str, frozenset[str]] = {
    "take-it-down": frozenset({"US"}),
    "dsa-16": EU_COUNTRIES,
    "gdpr-17": EU_COUNTRIES,
}
#: What the law asks of each basis (sources: docs/letters.md), whatever a
#: letter template says. ``always`` is needed in every case; ``unless_minor``
#: may be left out when the person depicted is a minor (DSA Art. 16(2)(c): no
#: name and e-mail needed for offences under Arts 3-7 of Directive 2011/93/EU).
LEGAL_REQUIREMENTS: Mapping[str, Mapping[str, tuple[str, ...]]] = {
    # Platform policy: who reports, exact URLs, contact details.
    "ncii-policy": {"always": ("urls", "name", "email"), "unless_minor": ()},
    # TIDA sec. 3(a)(1)(B): (i) signature (the name, typed), (ii) location, (iv) contact.
    "take-it-down": {"always": ("urls", "name", "email"), "unless_minor": ()},
    # DSA Art. 16(2): (b) exact URLs; (c) name and e-mail, except for CSAM offences.
    "dsa-16": {"always": ("urls",), "unless_minor": ("name", "email")},
    # 17 U.S.C. 512(c)(3)(A): (i) signature, (ii) the work, (iii) location, (iv) contact.
    "dmca": {"always": ("urls", "name", "email", "work"), "unless_minor": ()},
    # GDPR Art. 17: identity, the data concerned (URLs), a way to answer.
    "gdpr-17": {"always": ("urls", "name", "email"), "unless_minor": ()},
    # Google/Bing forms: result URLs, search terms, name and contact.
    "delisting": {"always": ("urls", "name", "email", "search_terms"), "unless_minor": ()},
}
#: Provisions cited in letters that no primary source in docs/letters.md
#: confirms yet [U], per country: the CLI says so, so the person can check.
UNVERIFIED_LAW: Mapping[str, str] = {
    "DE": "§ 201a StGB, § 33 KUG",
    "FR": "art. 226-2-1 Code pénal",
}

#: US TAKE IT DOWN Act sec. 3: remove "as soon as possible, but not later than
#: 48 hours after receiving" a valid request.
TAKE_IT_DOWN_DEADLINE = timedelta(hours=48)
#: The platform duty of the TAKE IT DOWN Act applies one year after enactment
#: (19 May 2025 → 19 May 2026).
TAKE_IT_DOWN_IN_FORCE = datetime(2026, 5, 19, tzinfo=UTC)
#: GDPR Art. 12(3): answer "within one month of receipt". A month is a
#: calendar month (Regulation 1182/71 on periods): :func:`due_date` computes
#: it exactly; as a plain timedelta, :func:`legal_term` gives 31 days, the
#: longest month, so a request is never called overdue too early.
GDPR_MONTH_AS_TIMEDELTA = timedelta(days=31)
#: No law sets a deadline for a policy report, a DSA notice ("timely",
#: Art. 16(6)), a DMCA notice ("expeditiously") or a delisting request: a
#: week is the working default for a follow-up (what helplines tell people to
#: wait), not a legal term. Callers may pass another.
DEFAULT_FOLLOW_UP = timedelta(days=7)
#: Bases whose term is set by law, so a settings file cannot change it.
STATUTORY_BASES = frozenset({"take-it-down", "gdpr-17"})


def country_code(country: str | None) -> str:
    """A country as leakhelp compares it: upper case, ``GB`` → ``UK``; "" for none.
    (Whether it is two letters is checked where a person types it.)"""
    code = (country or "").strip().upper()
    return COUNTRY_ALIASES.get(code, code)


def check_basis(basis: str) -> None:
    """Raise :class:`UnknownBasisError` (naming the known bases) for an unknown basis."""
    if basis not in BASES:
        raise UnknownBasisError("letter.error.basis", basis=repr(basis), choices=", ".join(BASES))


def basis_label(basis: str, lang: Lang) -> str:
    """The legal basis in plain words (catalogue ``basis.<id>``); an unknown id as it is."""
    return text_or(f"basis.{basis}", lang, basis)


def take_it_down_applies(moment: datetime) -> bool:
    """Whether the platform duty of TAKE IT DOWN sec. 3 (48-hour removal) applies
    to a request sent at ``moment``: from 19 May 2026 on."""
    return as_utc(moment) >= TAKE_IT_DOWN_IN_FORCE


def legal_term(basis: str, *, default: timedelta | None = None) -> timedelta | None:
    """How long the recipient has by law; ``default`` (None) where no law says.

    TAKE IT DOWN: 48 hours. GDPR Art. 12(3): one month, given here as 31 days
    (use :func:`due_date` for the exact calendar month). DSA, platform policy,
    DMCA and delisting: no fixed term in law, so ``default``
    (:data:`DEFAULT_FOLLOW_UP` is a sensible one).
    """
    check_basis(basis)
    if basis == "take-it-down":
        return TAKE_IT_DOWN_DEADLINE
    if basis == "gdpr-17":
        return GDPR_MONTH_AS_TIMEDELTA
    return default


def due_date(basis: str, sent: datetime, *, default: timedelta | None = None) -> datetime | None:
    """When an answer is due for a request sent at ``sent`` (calendar month for GDPR;
    48 hours for TAKE IT DOWN once the platform duty applies, see
    :func:`take_it_down_applies`; else ``default``)."""
    check_basis(basis)
    if basis == "gdpr-17":
        return add_months(sent, 1)
    if basis == "take-it-down" and not take_it_down_applies(sent):
        # Before 19 May 2026 the Act sets no term: a follow-up like any other basis.
        return sent + default if default is not None else None
    term = legal_term(basis, default=default)
    return sent + term if term is not None else None


def add_months(moment: datetime, months: int = 1) -> datetime:
    """The end of a period of ``months`` months that starts at ``moment``.

    Regulation 1182/71 Art. 3(2)(c): a period in months ends with the last
    hour of the day with the same date in the last month, or of that month's
    last day when it has no such date (31 January + 1 month → 28/29 February).
    """
    moment = moment.astimezone(UTC)
    month_index = moment.month - 1 + months
    year, month = moment.year + month_index // 12, month_index % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return datetime(year, month, day, 23, 59, 59, tzinfo=UTC)


def as_utc(moment: datetime) -> datetime:
    """An aware time as it is; a time without a zone taken as UTC."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def format_date(moment: datetime, lang: Lang) -> str:
    """``25 November 2026`` / ``25 november 2026`` (month names: catalogue ``month.<n>``)."""
    return f"{moment.day} {t(f'month.{moment.month}', lang)} {moment.year}"


__all__ = [
    "BASES",
    "BASIS_COUNTRIES",
    "COUNTRY_ALIASES",
    "DEFAULT_FOLLOW_UP",
    "EU_COUNTRIES",
    "GDPR_MONTH_AS_TIMEDELTA",
    "LEGAL_REQUIREMENTS",
    "STATUTORY_BASES",
    "TAKE_IT_DOWN_DEADLINE",
    "TAKE_IT_DOWN_IN_FORCE",
    "UNVERIFIED_LAW",
    "add_months",
    "as_utc",
    "basis_label",
    "check_basis",
    "country_code",
    "due_date",
    "format_date",
    "legal_term",
    "take_it_down_applies",
]
