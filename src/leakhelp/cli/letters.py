"""``leakhelp letter``: the right request, to the right place, on the right legal basis.

The letter goes to stdout exactly as written (ready to paste or to save as
``.eml``); everything said to the person goes to stderr. A letter with a
required field missing prints nothing on stdout and exits 1.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..errors import InputError, MissingFieldsError, UsageError
from ..i18n import t, text_or
from ..law import BASES, check_basis
from ..models import LANGS, LETTER_FORMATS, Lang
from ..paths import shell_command, write_private_file
from ..registry import Platform, load_registry
from ..support import minor_routes
from .options import CaseOpt, JsonOpt, output_file_option
from .state import get_state
from .ui import UI

if TYPE_CHECKING:  # the letter code loads when a letter is written, not for `--help`
    from ..letters import Letter, LetterFields

#: The option that fills each letter field, for "it still needs: ..." messages.
OPTION_FOR: dict[str, str] = {
    "urls": "--url",
    "name": "--name",
    "email": "--email",
    "signature": "--signature",
    "country": "--country",
    "address": "--address",
    "phone": "--phone",
    "description": "--description",
    "work": "--work",
    "search_terms": "--search-term",
    "on_behalf_of": "--on-behalf-of",
    "previous_report": "--previous-report",
    "to": "--to",
    "consent_details": "--consent-details",
}


def _read_urls(path: Path) -> list[str]:
    """URLs from a file (or ``-`` for standard input): one per line, # starts a comment."""
    try:
        text = sys.stdin.read() if str(path) == "-" else path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError("letter.error.read-urls", path=str(path), detail=str(exc)) from exc
    urls = []
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip() if line.lstrip().startswith("#") else line.strip()
        if line:
            urls.append(line)
    return urls


def _missing_message(exc: MissingFieldsError, lang: Lang) -> str:
    parts = []
    for name in exc.fields:
        option = OPTION_FOR.get(name, name)
        # What to give, in plain words, for the fields a person may not recognise
        # by the option's name (catalogue ``letter.needs.<field>``).
        what = text_or(f"letter.needs.{name}", lang, "")
        parts.append(f"{option} ({what})" if what else option)
    return t("letter.missing", lang, fields=", ".join(parts))


def letter_command(
    ctx: typer.Context,
    basis: Annotated[
        str,
        typer.Option("--basis", help=f"Legal basis: {' | '.join(BASES)}.", show_default=False),
    ],
    url: Annotated[
        list[str] | None,
        typer.Option("--url", help="Exact URL of the content (repeat for more, same platform)."),
    ] = None,
    urls_from: Annotated[
        Path | None,
        typer.Option("--urls-from", help="File with one URL per line (- for standard input)."),
    ] = None,
    lang: Annotated[
        str | None, typer.Option("--lang", help="Language of the letter: nl or en.")
    ] = None,
    platform: Annotated[
        str | None,
        typer.Option("--platform", help="Platform id or name (default: from the URLs)."),
    ] = None,
    name: Annotated[str | None, typer.Option("--name", help="Your name.")] = None,
    email: Annotated[str | None, typer.Option("--email", help="Your e-mail address.")] = None,
    fmt: Annotated[
        str,
        typer.Option(
            "--format", help=f"Output: {' | '.join(LETTER_FORMATS)} (form = field by field)."
        ),
    ] = "txt",
    case: CaseOpt = None,
    signature: Annotated[
        str | None, typer.Option("--signature", help="Typed signature (default: your name).")
    ] = None,
    minor: Annotated[
        bool, typer.Option("--minor", help="The person in the images was under 18.")
    ] = False,
    country: Annotated[
        str | None, typer.Option("--country", help="Country code, e.g. NL, BE, UK, US.")
    ] = None,
    address: Annotated[str | None, typer.Option("--address", help="Postal address.")] = None,
    phone: Annotated[str | None, typer.Option("--phone", help="Phone number.")] = None,
    description: Annotated[
        str | None,
        typer.Option("--description", help="Details to find the content (post, timestamp)."),
    ] = None,
    work: Annotated[
        str | None,
        typer.Option("--work", help="DMCA: your original photo, e.g. 'a selfie I took in 2023'."),
    ] = None,
    search_terms: Annotated[
        list[str] | None,
        typer.Option("--search-term", "--search-terms", help="Delisting: a search term (repeat)."),
    ] = None,
    on_behalf_of: Annotated[
        str | None,
        typer.Option("--on-behalf-of", help="Name of the person depicted, if you write for them."),
    ] = None,
    deepfake: Annotated[
        bool, typer.Option("--deepfake", help="The images are manipulated or AI-made.")
    ] = False,
    previous_report: Annotated[
        str | None,
        typer.Option(
            "--previous-report", help="Reference of an earlier report of the same content."
        ),
    ] = None,
    to: Annotated[
        str | None, typer.Option("--to", help="E-mail recipient (default: from the registry).")
    ] = None,
    consent_details: Annotated[
        str | None,
        typer.Option(
            "--consent-details",
            help="TAKE IT DOWN: what shows the images were published without consent.",
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Write the letter to this file (private, 0600); - for the standard output.",
            callback=output_file_option,
        ),
    ] = None,
    json_out: JsonOpt = False,
) -> int:
    """Write a takedown request: complete, on the legal basis you choose, ready to paste or send."""
    state = get_state(ctx)
    ui = state.ui(json_mode=json_out)
    from ..letters import LetterFields, platform_for_urls, render_letter

    check_basis(basis)
    if fmt not in LETTER_FORMATS:
        raise UsageError("error.format", choices=", ".join(LETTER_FORMATS))
    urls = list(url or [])
    if urls_from is not None:
        urls += _read_urls(urls_from)
    fields = LetterFields(
        urls=tuple(urls),
        name=name,
        email=email,
        signature=signature,
        country=country,
        minor=minor,
        address=address,
        phone=phone,
        description=description,
        work=work,
        search_terms=tuple(search_terms or ()),
        on_behalf_of=on_behalf_of,
        deepfake=deepfake,
        previous_report=previous_report,
        to=to,
        consent_details=consent_details,
    )
    letter_lang: str | None = lang.lower() if lang else state.lang_given
    if case is not None:
        with state.workspace() as ws:
            found = ws.case(case)
            letter_lang = letter_lang or found.lang
            # The case profile (name, e-mail, country, ...) fills what was not typed.
            fields = fields.fill_from(ws.letter_fields(found.id))
    letter_lang = letter_lang or state.lang
    if letter_lang not in LANGS:
        raise UsageError("error.lang-option", choices=", ".join(LANGS))
    shown: Lang = "nl" if letter_lang == "nl" else "en"
    ui.lang = shown
    registry = load_registry(state.home)
    chosen: Platform | None
    if platform:
        chosen = registry.get(platform)
    elif basis == "delisting":
        # Results are pages on many sites, and those sites are not the
        # recipient: only a search engine's own URLs (or --platform) name one.
        engines = {
            p.id: p for u in fields.urls if (p := registry.which(u)) and p.category == "search"
        }
        chosen = next(iter(engines.values())) if len(engines) == 1 else None
    else:
        chosen = platform_for_urls(registry, fields.urls)
    try:
        letter = render_letter(basis, shown, fields, platform=chosen, fmt=fmt, home=state.home)
    except MissingFieldsError as exc:  # exit 1 (an input failed), naming each missing field
        text = _missing_message(exc, shown)
        if fmt == "eml" and "to" in exc.fields:
            text += " " + t("letter.eml-no-address", shown)
        ui.error(text)
        return 1
    _deliver(ui, letter, output, json_out)
    if output is not None and case is not None:
        with state.workspace() as ws:  # so `case forget` can name the file
            ws.record_output(case, output, "letter")
    _after(ui, letter, chosen, fields, shown, home=state.home)
    if output is not None:
        ui.msg("letter.saved", path=str(output))
    return 0


def _deliver(ui: UI, letter: Letter, output: Path | None, json_out: bool) -> None:
    if output is not None:
        try:
            write_private_file(output, letter.text)
        except OSError as exc:
            raise InputError("letter.error.write", path=str(output), detail=str(exc)) from exc
    if json_out:
        ui.emit(
            {
                "basis": letter.basis,
                "lang": letter.lang,
                "format": letter.fmt,
                "platform": letter.platform,
                "subject": letter.subject,
                "to": letter.to,
                "form_url": letter.form_url,
                "text": letter.text,
                "saved_to": str(output) if output is not None else None,
            }
        )
    elif output is None:
        ui.document(letter.text)


def _after(
    ui: UI,
    letter: Letter,
    platform: Platform | None,
    fields: LetterFields,
    lang: Lang,
    *,
    home: Path | None = None,
) -> None:
    """What to do next, on stderr (also in --json mode only warnings)."""
    for warning in letter.warnings:
        ui.warn(warning)
    if fields.minor:
        ui.warn(t("letter.minor", lang, command=shell_command("support", "--minor")))
    if ui.json_mode:
        return
    if fields.minor:
        _minor_routes(ui, fields.country, lang, home=home)
    channels = (
        platform.channels_for(letter.basis, deepfake=fields.deepfake)
        if platform is not None
        else ()
    )
    if letter.fmt == "eml" and letter.to:
        used = next((c for c in channels if c.email == letter.to), None)
        tag = t("confidence." + used.confidence, lang) if used else "--to"
        ui.say(t("letter.where", lang, where=letter.to, confidence=tag))
    elif channels:
        first = channels[0]
        target = first.url or first.email or first.note_in(lang) or first.kind
        ui.say(
            t(
                "letter.where",
                lang,
                where=target,
                confidence=t("confidence." + first.confidence, lang),
            )
        )
    elif letter.basis == "delisting":
        ui.say(t("letter.delisting-where", lang))
    else:
        ui.say(t("letter.nowhere", lang))
    ui.say(t("letter.keep", lang))
    ui.footer()


def _minor_routes(ui: UI, country: str | None, lang: Lang, *, home: Path | None) -> None:
    """The services for images of a minor in the user's country, then international ones."""
    ui.say(t("letter.minor-routes", lang))
    for entry in minor_routes(country, lang, home=home):
        ui.say(f"  - {entry.name}: {entry.contact}")
