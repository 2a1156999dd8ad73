"""Takedown letters: (basis, language, fields) → a complete request, in sandboxed Jinja2.

Six legal bases (:data:`leakhelp.law.BASES`), each with a Dutch and an English template
in ``takedown_templates/`` (shipped inside the package). A template says
which fields it needs in a comment at its top::

    {#- leakhelp
    requires: [urls, name, email]
    form: [name, email, urls, explanation, request, statements, signature]
    -#}

On top of that, :data:`leakhelp.law.LEGAL_REQUIREMENTS` holds what the law itself asks
for each basis, so an edited template can never drop it. A letter with a
required field missing is never rendered: :class:`MissingFieldsError` lists
every missing field at once.

User values are data, never template syntax: they are passed as variables to
a :class:`~jinja2.sandbox.SandboxedEnvironment` with ``StrictUndefined``, so a
name such as ``{{ 7*7 }}`` is printed as it is. Templates in the leakhelp
home's ``takedown_templates/`` folder override the packaged ones
(``ChoiceLoader``: user folder first).

Formats: ``txt`` (paste into a form or an e-mail), ``md``, ``eml`` (a
complete e-mail built with the standard ``email`` package; no line break is
accepted in any header value) and ``form`` (a sheet that lists, field by
field, what to paste into the platform's web form). Letters never contain
images or hashes: no field can carry them.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, fields, replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, cast

from .errors import (
    HeaderInjectionError,
    InputError,
    Message,
    MissingFieldsError,
    TemplateError,
    UsageError,
)
from .i18n import t
from .law import (
    BASES,
    EU_COUNTRIES,
    LEGAL_REQUIREMENTS,
    UNVERIFIED_LAW,
    as_utc,
    basis_label,
    check_basis,
    country_code,
    due_date,
    format_date,
    take_it_down_applies,
)
from .models import LANGS, LETTER_FORMATS, Lang
from .paths import resolve_home, shell_command, shipped
from .registry import Platform, Registry, host_of
from .support import minor_routes

if TYPE_CHECKING:
    from jinja2.sandbox import SandboxedEnvironment

TEMPLATE_DIR = "takedown_templates"
FORMATS: tuple[str, ...] = LETTER_FORMATS

#: Fields that end up on one line (and, in an e-mail, in headers): a line break
#: in them is refused, so no value can add a header or fake a line.
SINGLE_LINE_FIELDS: tuple[str, ...] = (
    "name",
    "email",
    "signature",
    "phone",
    "country",
    "to",
    "on_behalf_of",
    "previous_report",
)

#: Longest value accepted in any one field; a letter is not a place for essays.
MAX_FIELD_CHARS = 4000
#: Most URLs in one letter; platforms' forms and reviewers cope badly with more.
MAX_URLS = 500

#: Matched whole (fullmatch): with ``$`` an address ending in a newline passed.
_EMAIL = re.compile(r"[^@\s<>,;:\"()\[\]\\]+@[^@\s<>,;:\"()\[\]\\]+\.[^@\s<>,;:\"()\[\]\\]{2,}")


def is_email_address(text: str) -> bool:
    """Looks like one e-mail address, nothing before or after it (not even a newline)."""
    return _EMAIL.fullmatch(text) is not None


_LINE_BREAKS = re.compile(r"[\r\n\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_META = re.compile(r"\A\s*\{#-?\s*leakhelp\s*\n(?P<yaml>.*?)\n\s*-?#\}", re.DOTALL)
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~#])")


# -- values -------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class LetterFields:
    """What a letter says about the sender and the content. No images, no hashes.

    ``signature`` defaults to ``name`` (a typed name is an electronic
    signature). ``on_behalf_of`` names the person depicted when someone else
    (a parent, a counsellor) sends the letter. ``work`` describes the original
    photo for a DMCA notice; ``search_terms`` are for delisting. ``to``
    overrides the recipient of an e-mail. ``consent_details`` is the
    "relevant information" of TAKE IT DOWN sec. 3(a)(1)(B)(iii): what shows
    that the images were published without consent.

    To fill gaps from a saved profile: ``fields.fill_from(profile_fields)``
    (values given here win).
    """

    urls: tuple[str, ...] = ()
    name: str | None = None
    email: str | None = None
    signature: str | None = None
    country: str | None = None
    minor: bool = False
    address: str | None = None
    phone: str | None = None
    description: str | None = None
    work: str | None = None
    search_terms: tuple[str, ...] = ()
    victim_is_author: bool | None = None
    on_behalf_of: str | None = None
    deepfake: bool = False
    previous_report: str | None = None
    to: str | None = None
    consent_details: str | None = None

    @property
    def signed(self) -> str | None:
        """The signature as it will appear: ``signature``, else ``name``."""
        return self.signature or self.name

    def fill_from(self, other: LetterFields | Mapping[str, Any]) -> LetterFields:
        """These fields, with every empty one filled from ``other``."""
        base = other if isinstance(other, LetterFields) else LetterFields.from_mapping(other)
        changes: dict[str, Any] = {}
        for f in fields(self):
            mine, theirs = getattr(self, f.name), getattr(base, f.name)
            if isinstance(mine, bool):
                changes[f.name] = mine or bool(theirs)
            elif mine is None or mine == () or mine == "":
                changes[f.name] = theirs
        return replace(self, **changes)

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> LetterFields:
        """Build from a mapping (a saved profile, a JSON document); unknown keys are refused."""
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise UsageError(
                "letter.error.unknown-fields", fields=", ".join(unknown), count=len(unknown)
            )
        values = dict(data)
        for key in ("urls", "search_terms"):
            if key in values and values[key] is not None:
                raw = values[key]
                values[key] = (raw,) if isinstance(raw, str) else tuple(str(v) for v in raw)
        return cls(**values)

    def as_dict(self) -> dict[str, object]:
        return {
            f.name: list(v) if isinstance(v := getattr(self, f.name), tuple) else v
            for f in fields(self)
        }


@dataclass(frozen=True, slots=True)
class TemplateMeta:
    """What a template says about itself in its ``{#- leakhelp ... -#}`` header."""

    name: str
    requires: tuple[str, ...]
    requires_unless_minor: tuple[str, ...]
    form: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Letter:
    """A rendered request. ``text`` is the complete output in format ``fmt``."""

    basis: str
    lang: str
    fmt: str
    subject: str
    to: str | None
    text: str
    platform: str | None = None
    form_url: str | None = None
    body: str = ""
    warnings: tuple[str, ...] = ()


# -- templates ----------------------------------------------------------------
def template_name(basis: str, lang: str) -> str:
    return f"{basis}.{lang}.j2"


def user_template_dir(home: str | os.PathLike[str] | None = None) -> str:
    """The folder whose templates override the packaged ones."""
    return str(resolve_home(home) / TEMPLATE_DIR)


def _environment(home: str | os.PathLike[str] | None, fmt: str) -> SandboxedEnvironment:
    # Jinja2 is imported by the commands that write letters only (start-up time).
    from jinja2 import ChoiceLoader, FileSystemLoader, StrictUndefined
    from jinja2.sandbox import SandboxedEnvironment

    loader = ChoiceLoader(
        [
            FileSystemLoader(user_template_dir(home)),
            FileSystemLoader(str(shipped(TEMPLATE_DIR))),
        ]
    )
    env = SandboxedEnvironment(
        loader=loader,
        undefined=StrictUndefined,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=_finalize,
    )
    # URLs and addresses arrive ready for the format (see _context); the filter
    # stays so templates can mark them and user templates keep working.
    env.filters["link"] = str
    env.filters["quoted"] = _quoted
    return env


def _finalize(value: Any) -> Any:
    if value is None:
        raise TemplateError("letter.template.empty-value")
    return value


def _same(value: str | None) -> str | None:
    return value


def _md_escape(value: str | None) -> str | None:
    """User text in Markdown: no value can add emphasis, links or HTML."""
    return None if value is None else _MD_SPECIAL.sub(r"\\\1", value)


def _md_link(value: str) -> str:
    """A URL or address as a Markdown autolink (letter URLs contain no < or >)."""
    return f"<{value}>"


def _md_hard_breaks(text: str) -> str:
    """Keep the letter's line breaks when Markdown is rendered (two trailing spaces)."""
    lines = text.split("\n")
    out: list[str] = []
    for i, line in enumerate(lines):
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        if line.strip() and nxt.strip() and not re.match(r"^(- |\d+\. )", nxt):
            line += "  "
        out.append(line)
    return "\n".join(out)


def _quoted(value: str) -> str:
    return f"“{value}”"


def template_meta(
    basis: str, lang: str, *, home: str | os.PathLike[str] | None = None
) -> TemplateMeta:
    """The header of the template that would be used (user's own first)."""
    check_basis(basis)
    _check_lang(lang)
    from jinja2 import TemplateNotFound

    name = template_name(basis, lang)
    env = _environment(home, "txt")
    assert env.loader is not None
    try:
        source, _filename, _uptodate = env.loader.get_source(env, name)
    except TemplateNotFound as exc:
        raise TemplateError(
            "letter.template.not-found-in", name=repr(name), folder=user_template_dir(home)
        ) from exc
    match = _META.match(source)
    if match is None:
        raise TemplateError("letter.template.no-header", name=repr(name))
    import yaml  # only where a template is read: `--help` and `case show` need none

    try:
        data = yaml.safe_load(match.group("yaml")) or {}
    except yaml.YAMLError as exc:
        # One line: the parser's own words for what it tripped over.
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise TemplateError("letter.template.header-yaml", name=repr(name), detail=problem) from exc
    if not isinstance(data, dict):
        raise TemplateError("letter.template.header-mapping", name=repr(name))
    known = {f.name for f in fields(LetterFields)}
    blocks = {"explanation", "request", "statements", "subject", "date"}

    def names(key: str, allowed: set[str]) -> tuple[str, ...]:
        raw = data.get(key, [])
        if not isinstance(raw, list) or not all(isinstance(x, str) for x in raw):
            raise TemplateError("letter.template.header-list", name=repr(name), part=key)
        bad = [x for x in raw if x not in allowed]
        if bad:
            raise TemplateError(
                "letter.template.unknown-fields",
                name=repr(name),
                part=key,
                fields=", ".join(bad),
                count=len(bad),
            )
        return tuple(raw)

    return TemplateMeta(
        name=name,
        requires=names("requires", known),
        requires_unless_minor=names("requires_unless_minor", known),
        form=names("form", known | blocks),
    )


def required_fields(
    basis: str,
    lang: str,
    *,
    minor: bool = False,
    fmt: str = "txt",
    home: str | os.PathLike[str] | None = None,
) -> tuple[str, ...]:
    """Every field a letter on ``basis`` in ``lang`` needs (law first, then the template)."""
    _check_fmt(fmt)
    meta = template_meta(basis, lang, home=home)
    law = LEGAL_REQUIREMENTS[basis]
    wanted: list[str] = [*law["always"], *meta.requires]
    if not minor:
        wanted += [*law["unless_minor"], *meta.requires_unless_minor]
    if fmt == "eml":
        wanted += ["email", "to"]
    return tuple(dict.fromkeys(wanted))


def missing_fields(
    basis: str,
    lang: str,
    values: LetterFields,
    *,
    fmt: str = "txt",
    home: str | os.PathLike[str] | None = None,
) -> tuple[str, ...]:
    """The required fields that ``values`` leaves empty."""
    needed = required_fields(basis, lang, minor=values.minor, fmt=fmt, home=home)
    return tuple(n for n in needed if _empty(getattr(values, n)))


def _empty(value: object) -> bool:
    if isinstance(value, str):
        return not value.strip()
    return value is None or value == ()


# -- checking the values ------------------------------------------------------
def clean_fields(values: LetterFields, *, fmt: str = "txt") -> LetterFields:
    """Check and tidy the values: one-line fields, e-mail syntax, URLs, country.

    Raises :class:`HeaderInjectionError` (for ``eml``) or :class:`InputError`
    naming the field; nothing is silently dropped.
    """
    changes: dict[str, Any] = {}
    for f in fields(values):
        value = getattr(values, f.name)
        items = value if isinstance(value, tuple) else (value,)
        for item in items:
            if not isinstance(item, str):
                continue
            if len(item) > MAX_FIELD_CHARS:
                raise InputError("letter.error.too-long", field=f.name, max=MAX_FIELD_CHARS)
            if _CONTROL.search(item):
                raise InputError("letter.error.control", field=f.name)
            if (
                f.name in SINGLE_LINE_FIELDS or f.name in ("urls", "search_terms")
            ) and _LINE_BREAKS.search(item):
                cls = HeaderInjectionError if fmt == "eml" else InputError
                key = (
                    "letter.error.line-break-header" if fmt == "eml" else "letter.error.line-break"
                )
                raise cls(key, field=f.name)
        if isinstance(value, str):
            stripped = value.strip()
            changes[f.name] = stripped or None
        elif isinstance(value, tuple):
            changes[f.name] = tuple(dict.fromkeys(v.strip() for v in value if v and v.strip()))
    cleaned = replace(values, **changes)
    for key in ("email", "to"):
        address = getattr(cleaned, key)
        if address is not None and not is_email_address(address):
            raise InputError("letter.error.email", address=repr(address), field=key)
    if len(cleaned.urls) > MAX_URLS:
        raise InputError("letter.error.too-many-urls", given=len(cleaned.urls), max=MAX_URLS)
    for url in cleaned.urls:
        check_letter_url(url)
    if cleaned.country is not None:
        code = cleaned.country.upper()
        if not re.fullmatch(r"[A-Z]{2}", code):
            raise InputError("letter.error.country", given=repr(cleaned.country))
        cleaned = replace(cleaned, country=country_code(code))
    return cleaned


def check_letter_url(url: str) -> None:
    """A URL in a letter must be an absolute http(s) URL with a host, written out in full."""
    # Quotes and angle brackets would end a URL early in e-mail and Markdown;
    # other odd characters ({, |, ^) are kept as given: the letter quotes the URL exactly.
    if re.search(r"[\s<>\"]", url):
        raise InputError("letter.error.url-chars", url=repr(url))
    if not re.match(r"^https?://", url, re.IGNORECASE):
        raise InputError("letter.error.url-scheme", url=repr(url))
    host_of(url)


def platform_for_urls(registry: Registry, urls: Sequence[str]) -> Platform | None:
    """The one platform all ``urls`` are on (None if unknown); refuses a mix of platforms."""
    found: dict[str, Platform] = {}
    for url in urls:
        platform = registry.which(url)
        if platform is not None:
            found[platform.id] = platform
    if len(found) > 1:
        raise UsageError("letter.error.platforms", platforms=", ".join(sorted(found)))
    return next(iter(found.values()), None)


# -- rendering ----------------------------------------------------------------
def render_letter(
    basis: str,
    lang: str,
    fields: LetterFields,
    *,
    platform: Platform | None = None,
    fmt: str = "txt",
    home: str | os.PathLike[str] | None = None,
    now: datetime | Callable[[], datetime] | None = None,
) -> Letter:
    """Write the request. Raises :class:`MissingFieldsError` listing every missing field."""
    check_basis(basis)
    _check_lang(lang)
    _check_fmt(fmt)
    values = clean_fields(fields, fmt=fmt)
    _refuse_unfit_basis(basis, lang, values, platform)
    if values.to is None and fmt == "eml" and platform is not None:
        values = replace(values, to=platform.email_for(basis, deepfake=values.deepfake))
    missing = missing_fields(basis, lang, values, fmt=fmt, home=home)
    if missing:
        raise MissingFieldsError(list(missing), "letter.error.needs")
    moment = _moment(now)
    warnings = _warnings(basis, lang, values, platform)
    env = _environment(home, fmt)
    parts = _render_parts(env, basis, lang, values, platform, moment, fmt)
    form_channel = (
        platform.form_for(basis, deepfake=values.deepfake) if platform is not None else None
    )
    text = parts["body"]
    if fmt == "md":
        text = _md_hard_breaks(f"# {parts['subject']}\n\n{parts['body']}")
    elif fmt == "eml":
        text = _eml(values, parts["subject"], parts["body"], moment)
    elif fmt == "form":
        text = _form_sheet(
            basis,
            lang,
            values,
            platform,
            {**parts, "date": format_date(moment, cast(Lang, lang))},
            home,
        )
    return Letter(
        basis=basis,
        lang=lang,
        fmt=fmt,
        subject=parts["subject"],
        to=values.to,
        text=text,
        platform=platform.id if platform is not None else None,
        form_url=form_channel.url if form_channel is not None else None,
        body=parts["body"],
        warnings=warnings,
    )


def _refuse_unfit_basis(
    basis: str, lang: str, values: LetterFields, platform: Platform | None
) -> None:
    """Bases that would harm or cannot work here are refused, with what to do instead."""
    lang_ = cast(Lang, lang)
    if basis == "dmca" and values.minor:
        # A DMCA notice goes to the uploader and to public databases (Lumen):
        # never for images of a minor. They go to the minors' channels.
        raise InputError(t("letter.dmca-minor", lang_, command=shell_command("support", "--minor")))
    if basis == "dmca" and values.victim_is_author is False:
        raise InputError(t("letter.dmca-not-author", lang_))
    if basis == "delisting" and platform is not None and platform.category != "search":
        # InputError, not UsageError: in `request draft --basis delisting` the
        # other platforms' letters are still written.
        others = [b for b in platform.suggested_bases if b != "delisting"]
        raise InputError(
            t(
                "letter.delisting-not-search",
                lang_,
                platform=platform.name,
                bases=", ".join(others) or "ncii-policy",
            )
        )


def law_country(values: LetterFields, lang: str) -> str | None:
    """Whose law the letter cites: the user's country, else the Netherlands for
    a Dutch letter (Dutch is not enough to cite Dutch law for a Belgian user:
    with --country BE the letter cites Belgian law)."""
    if values.country is not None:
        return values.country
    return "NL" if lang == "nl" else None


def _moment(now: datetime | Callable[[], datetime] | None) -> datetime:
    if now is None:
        return datetime.now(UTC)
    return as_utc(now() if callable(now) else now)


def _warnings(
    basis: str, lang: str, values: LetterFields, platform: Platform | None
) -> tuple[str, ...]:
    out: list[str] = []
    lang_ = cast(Lang, lang)
    # Search results point to other sites: a delisting URL is never on the
    # search engine's own domains, so that check would only mislead.
    if platform is not None and platform.category not in ("cdn", "search"):
        own = Registry([platform])
        elsewhere = [u for u in values.urls if own.which(u) is None]
        if elsewhere:
            out.append(
                t("letter.warn.domains", lang_, count=len(elsewhere), platform=platform.name)
            )
    country = law_country(values, lang)
    if basis == "dmca":
        out.append(t("letter.warn.dmca", lang_))
        if values.deepfake:
            out.append(t("letter.warn.dmca-deepfake", lang_))
    if basis == "dsa-16" and country is not None and country not in EU_COUNTRIES:
        out.append(t("letter.warn.dsa-outside-eu", lang_, country=country))
    if country is not None and country in UNVERIFIED_LAW and basis != "dmca":
        out.append(t("letter.warn.unverified-law", lang_, law=UNVERIFIED_LAW[country]))
    if basis == "take-it-down" and not values.consent_details:
        out.append(t("letter.warn.tida-consent", lang_))
    if basis == "gdpr-17" and values.on_behalf_of:
        out.append(
            t(
                "letter.warn.gdpr-authorisation",
                lang_,
                person=values.on_behalf_of,
                name=values.name or "",
            )
        )
    return tuple(out)


def _context(
    basis: str,
    lang: str,
    values: LetterFields,
    platform: Platform | None,
    moment: datetime,
    fmt: str,
) -> dict[str, Any]:
    due = due_date(basis, moment)
    esc: Callable[[str | None], str | None] = _md_escape if fmt == "md" else _same
    link: Callable[[str], str] = _md_link if fmt == "md" else str
    return {
        "basis": basis,
        "lang": lang,
        "fmt": fmt,
        "urls": [link(u) for u in values.urls],
        "many": len(values.urls) > 1,
        "name": esc(values.name),
        "email": link(values.email) if values.email else None,
        "signature": esc(values.signed),
        "country": values.country,
        "law_country": law_country(values, lang),
        "is_nl": law_country(values, lang) == "NL",
        "outside_eu": law_country(values, lang) not in (None, *EU_COUNTRIES),
        "consent_details": esc(values.consent_details),
        "minor": values.minor,
        "deepfake": values.deepfake,
        "address": esc(values.address),
        "phone": esc(values.phone),
        "description": esc(values.description),
        "work": esc(values.work),
        "search_terms": [esc(t) for t in values.search_terms],
        "on_behalf_of": esc(values.on_behalf_of),
        "previous_report": esc(values.previous_report),
        "platform": esc(platform.name) if platform is not None else None,
        "take_it_down_partner": bool(platform is not None and platform.take_it_down),
        "date": format_date(moment, cast(Lang, lang)),
        "due": format_date(due, cast(Lang, lang))
        if due is not None and basis == "gdpr-17"
        else None,
        "tida_in_force": take_it_down_applies(moment),
    }


def _render_parts(
    env: SandboxedEnvironment,
    basis: str,
    lang: str,
    values: LetterFields,
    platform: Platform | None,
    moment: datetime,
    fmt: str,
) -> dict[str, str]:
    from jinja2 import TemplateError as JinjaTemplateError
    from jinja2 import TemplateNotFound, TemplateSyntaxError
    from jinja2.exceptions import SecurityError

    name = template_name(basis, lang)
    context = _context(basis, lang, values, platform, moment, fmt)
    try:
        template = env.get_template(name)
        module = template.make_module(context)
    except TemplateNotFound as exc:
        raise TemplateError("letter.template.not-found", name=repr(exc.name)) from exc
    except TemplateSyntaxError as exc:
        # Jinja2's own words (English) say what is wrong on that line.
        raise TemplateError(
            "letter.template.syntax",
            name=repr(exc.name or name),
            line=exc.lineno,
            detail=exc.message,
        ) from exc
    except SecurityError as exc:
        raise TemplateError("letter.template.sandbox", name=repr(name), detail=exc) from exc
    except JinjaTemplateError as exc:
        raise TemplateError("letter.template.failed", name=repr(name), detail=exc) from exc
    parts = {"body": tidy(str(module))}
    for block in ("subject", "explanation", "request", "statements"):
        value = getattr(module, block, None)
        if value is None:
            if block == "subject":
                raise TemplateError("letter.template.no-subject", name=repr(name))
            parts[block] = ""
        else:
            parts[block] = tidy(str(value))
    parts["subject"] = " ".join(parts["subject"].split())
    return parts


def tidy(text: str) -> str:
    """Remove trailing spaces, collapse runs of blank lines, end with one newline."""
    lines = [line.rstrip() for line in text.splitlines()]
    out = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n")
    return out + "\n" if out else ""


def has_encoded_word(value: str) -> bool:
    """Whether ``value`` holds RFC 2047 encoded-word syntax (``=?charset?q?...?=``).

    Mail readers decode such words, so ``=?utf-8?q?Sam=0D=0ABcc:_x@evil.example?=``
    in a display name would turn into a line break and a new ``Bcc:`` header
    once the message is read back. Plain string search: no regex, linear time.
    """
    start = value.find("=?")
    return start >= 0 and value.find("?=", start + 2) >= 0


def _header_value(label: str, value: str) -> str:
    """``value`` for the e-mail header ``label`` (``letter.header.<label>`` names it)."""
    named = Message(f"letter.header.{label}")
    if _LINE_BREAKS.search(value) or _CONTROL.search(value):
        raise HeaderInjectionError("letter.error.header-break", label=named)
    if has_encoded_word(value):
        raise HeaderInjectionError("letter.error.encoded-word", label=named)
    return value


def _eml(values: LetterFields, subject: str, body: str, moment: datetime) -> str:
    # The e-mail package is imported by the one format that needs it (start-up time).
    from email.headerregistry import Address
    from email.message import EmailMessage
    from email.policy import default as default_policy
    from email.utils import format_datetime

    assert values.email is not None and values.to is not None  # required for eml
    msg = EmailMessage(policy=default_policy)
    try:
        sender = Address(
            display_name=_header_value("name", values.name or ""),
            addr_spec=_header_value("email", values.email),
        )
        recipient = Address(addr_spec=_header_value("recipient", values.to))
    except (ValueError, IndexError) as exc:
        raise InputError("letter.error.address", detail=str(exc)) from exc
    msg["From"] = sender
    msg["To"] = recipient
    msg["Subject"] = _header_value("subject", subject)
    msg["Date"] = format_datetime(moment)
    # Opens as a draft in Outlook and others: the person checks it and sends it.
    msg["X-Unsent"] = "1"
    msg.set_content(body, charset="utf-8", cte="quoted-printable")
    return msg.as_string()


def _form_sheet(
    basis: str,
    lang: str,
    values: LetterFields,
    platform: Platform | None,
    parts: Mapping[str, str],
    home: str | os.PathLike[str] | None,
) -> str:
    lang_ = cast(Lang, lang)

    def label(name: str) -> str:
        return t(f"letter.form.{name}", lang_)

    meta = template_meta(basis, lang, home=home)
    title = f"{label('title')}: {basis_label(basis, lang_)}"
    if platform is not None:
        title += f" — {platform.name}"
    out: list[str] = [title, "=" * len(title), "", label("intro"), ""]
    if values.minor:
        out.append(f"!! {label('minor')}")
        for entry in minor_routes(values.country, lang, home=home):
            out.append(f"   - {entry.name}: {entry.contact}")
        out.append("")
    channels = platform.channels_for(basis, deepfake=values.deepfake) if platform else ()
    out.append(f"{label('where')}:")
    if channels:
        for channel in channels:
            note = channel.note_in(lang)
            target = channel.url or channel.email or note or channel.kind
            line = f"- {channel.kind}: {target} ({t('confidence.' + channel.confidence, lang_)})"
            out.append(line)
            if note and (channel.url or channel.email):
                out.append(f"  {note}")
    else:
        out.append(f"- {label('no_channel')}")
    out.append("")
    shown = {
        "subject": parts["subject"],
        "explanation": parts["explanation"].strip(),
        "request": parts["request"].strip(),
        "statements": parts["statements"].strip(),
        "date": parts["date"],
        "signature": values.signed or "",
    }
    for item in meta.form:
        if item in shown:
            value = shown[item]
        else:
            raw = getattr(values, item)
            if isinstance(raw, tuple):
                value = "\n".join(raw)
            elif isinstance(raw, bool) or raw is None:
                continue
            else:
                value = raw
        if not value:
            continue
        out += [f"--- {label(item)} ---", value, ""]
    # No "you are not alone" line here: this text goes to the platform as it is.
    out += [f"--- {label('full')} ---", parts["body"].rstrip(), ""]
    return tidy("\n".join(out))


# -- small checks -------------------------------------------------------------
def _check_lang(lang: str) -> None:
    if lang not in LANGS:
        raise UsageError("letter.error.lang", given=repr(lang), choices=", ".join(LANGS))


def _check_fmt(fmt: str) -> None:
    if fmt not in FORMATS:
        raise UsageError("letter.error.format", given=repr(fmt), choices=", ".join(FORMATS))


def available_templates(home: str | os.PathLike[str] | None = None) -> list[tuple[str, str, str]]:
    """(basis, lang, where) for every letter template, where = "user" or "packaged"."""
    out: list[tuple[str, str, str]] = []
    user = user_template_dir(home)
    for basis in BASES:
        for lang in LANGS:
            name = template_name(basis, lang)
            where = "user" if os.path.isfile(os.path.join(user, name)) else "packaged"
            out.append((basis, lang, where))
    return out


def bases_listing(lang: str) -> Iterable[tuple[str, str]]:
    """(basis, title) in ``lang``."""
    return ((b, basis_label(b, "nl" if lang == "nl" else "en")) for b in BASES)


__all__ = [
    "FORMATS",
    "Letter",
    "LetterFields",
    "TemplateMeta",
    "available_templates",
    "bases_listing",
    "clean_fields",
    "has_encoded_word",
    "law_country",
    "missing_fields",
    "platform_for_urls",
    "render_letter",
    "required_fields",
    "template_meta",
]
