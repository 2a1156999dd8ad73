"""Words for the person reading, in Dutch and English.

Messages are short, plain and without blame: what happened, what to do next,
where to get help. Keys are stable; the text may change.
"""

from __future__ import annotations

import contextlib
import locale
import os

from .models import LANGS, Lang

ENV_LANG = "LEAKHELP_LANG"

MESSAGES: dict[str, dict[Lang, str]] = {
    "case.created": {
        "en": "Case {id} created for “{name}”. Keep this id: you need it for the next steps.",
        "nl": "Dossier {id} aangemaakt voor “{name}”. Bewaar dit nummer: je hebt het nodig voor de volgende stappen.",
    },
    "case.none": {
        "en": "There are no cases yet. Start one with: leakhelp case new NAME",
        "nl": "Er zijn nog geen dossiers. Begin er een met: leakhelp case new NAAM",
    },
    "case.forget.ask": {
        "en": "Remove case {id} (“{name}”) and everything in it for good? This cannot be undone.",
        "nl": "Dossier {id} (“{name}”) en alles erin voorgoed verwijderen? Dit kan niet ongedaan worden.",
    },
    "case.forgotten": {
        "en": "Case {id} and all its data have been removed from this device.",
        "nl": "Dossier {id} en alle gegevens ervan zijn van dit apparaat verwijderd.",
    },
    "case.kept": {
        "en": "Nothing was removed.",
        "nl": "Er is niets verwijderd.",
    },
    "hash.summary": {
        "en": "{ok} image(s) fingerprinted, {failed} could not be read.",
        "nl": "{ok} afbeelding(en) voorzien van een vingerafdruk, {failed} niet te lezen.",
    },
    "hash.stored": {
        "en": "{added} fingerprint(s) added to case {id}; {dupes} were already in it.",
        "nl": "{added} vingerafdruk(ken) toegevoegd aan dossier {id}; {dupes} zaten er al in.",
    },
    "privacy.stayed": {
        "en": "Your images stayed on this device and were not copied or uploaded. Only fingerprints were saved: short codes that describe the shapes in a photo. They are not the photo, but keep them private all the same.",
        "nl": "Je afbeeldingen zijn op dit apparaat gebleven en zijn niet gekopieerd of verstuurd. Alleen vingerafdrukken zijn bewaard: korte codes die de vormen in een foto beschrijven. Ze zijn niet de foto zelf, maar houd ze toch privé.",
    },
    "hash.nothing": {
        "en": "No images were found there. Check the folder or file name and try again.",
        "nl": "Daar zijn geen afbeeldingen gevonden. Controleer de map- of bestandsnaam en probeer het opnieuw.",
    },
    "export.written": {
        "en": "Hash-only export written to {path}: {count} fingerprint(s), no images, no file names. Give it only to someone you trust, such as your counsellor.",
        "nl": "Export met alleen vingerafdrukken geschreven naar {path}: {count} vingerafdruk(ken), geen afbeeldingen, geen bestandsnamen. Geef hem alleen aan iemand die je vertrouwt, zoals je hulpverlener.",
    },
    "import.done": {
        "en": "Case {id} created from the export, with {count} fingerprint(s).",
        "nl": "Dossier {id} aangemaakt uit de export, met {count} vingerafdruk(ken).",
    },
    "help.footer": {
        "en": "You are not alone, and this is not your fault. For help right now: leakhelp support",
        "nl": "Je staat er niet alleen voor, en het is niet jouw schuld. Hulp nodig? leakhelp support",
    },
    "error.prefix": {"en": "Error", "nl": "Fout"},
    "error.unexpected": {
        "en": "Something went wrong inside leakhelp. Nothing was sent anywhere. Run again with --debug to see the details.",
        "nl": "Er ging iets mis in leakhelp. Er is niets verstuurd. Voer het opnieuw uit met --debug om de details te zien.",
    },
}


def detect_lang(explicit: str | None = None) -> Lang:
    """--lang, else LEAKHELP_LANG, else the system locale (Dutch when it says so), else English."""
    for candidate in (explicit, os.environ.get(ENV_LANG), *_locale_names()):
        if candidate:
            code = candidate.strip().lower()[:2]
            if code in LANGS:
                return code
            if candidate is explicit:
                return "en"
    return "en"


def _locale_names() -> list[str | None]:
    names: list[str | None] = [os.environ.get(v) for v in ("LC_ALL", "LC_MESSAGES", "LANG")]
    with contextlib.suppress(ValueError):
        names.append(locale.getlocale()[0])
    return [n for n in names if n and n not in ("C", "POSIX", "C.UTF-8")]


def t(key: str, lang: Lang, **values: object) -> str:
    """The message ``key`` in ``lang``, with ``values`` filled in."""
    text = MESSAGES[key].get(lang) or MESSAGES[key]["en"]
    return text.format(**values)
