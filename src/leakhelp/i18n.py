"""Words for the person reading, in Dutch and English.

Messages are short, plain and without blame: what happened, what to do next,
where to get help. Keys are stable; the text may change.

The texts live in one gettext catalogue per language,
``locale/<lang>/LC_MESSAGES/leakhelp.po`` (msgid = the key, msgstr = the text
with ``{name}`` blanks), kept with Babel through ``python -m
leakhelp.i18n_tools``. At run time only the compiled ``.mo`` files are read,
with the standard library's :mod:`gettext`, once per language.

``MESSAGES``, ``REASONS`` and ``COLUMNS`` below are *staging* dicts: a new
text may be added there first (both languages); it works at once, and
``python -m leakhelp.i18n_tools merge-dict`` moves it into the catalogue.
"""

from __future__ import annotations

import contextlib
import functools
import gettext
import locale
import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .errors import UnknownLanguageError
from .models import LANGS, Lang

ENV_LANG = "LEAKHELP_LANG"
DOMAIN = "leakhelp"
LOCALE_DIR = Path(__file__).with_name("locale")


class _Messages(dict[str, dict[Lang, str]]):
    """The staged entries (the dict itself) in front of the whole catalogue.

    ``key in MESSAGES`` and ``MESSAGES[key]["nl"]`` work for every message, staged
    or in the catalogue, as they did when all messages were in this dict.
    Iterating gives the staged entries only (see :func:`catalogue_keys`).
    """

    def __missing__(self, key: str) -> dict[Lang, str]:
        if not has(key):
            raise KeyError(key)
        return {lang: template(key, lang) for lang in LANGS}

    def __contains__(self, key: object) -> bool:
        return dict.__contains__(self, key) or (isinstance(key, str) and has(key))

    def get(self, key: str, default: Any = None) -> Any:
        if key in self:
            return self[key]
        return default


#: Staging: new messages may be added here (both languages) until
#: ``python -m leakhelp.i18n_tools merge-dict`` moves them into the catalogue.
MESSAGES: dict[str, dict[Lang, str]] = _Messages({})


#: Table column headings, by the English heading used in the code (staging: the
#: catalogue has them as ``column.<heading>``, see :func:`column_key`).
COLUMNS: dict[str, dict[Lang, str]] = {}


def column_key(name: str) -> str:
    """The catalogue key of a column heading: ``first seen`` -> ``column.first-seen``."""
    return "column." + name.replace(" ", "-")


def columns(lang: Lang, *names: str) -> list[str]:
    """Column headings in ``lang``; a heading without a translation stays as it is."""
    return [text_or(column_key(name), lang, name) for name in names]


#: The one-line reasons the library gives when one input cannot be used. The
#: library raises and reports them in English (``why(key)``): they travel as
#: text, in JSON lines and from worker processes. :func:`reason` shows such a
#: text in the reader's language by matching it back to its entry here.
REASONS: dict[str, dict[Lang, str]] = {}


def why(key: str, **values: object) -> str:
    """The English reason ``key`` (what the library reports and JSON lines carry)."""
    return t(f"reason.{key}", "en", **values)


def reason_text(key: str, lang: Lang, values: Mapping[str, Any]) -> str:
    """The check reason ``key`` in ``lang``, the strength of a match given as a word
    ("sterke"), never the English code ("strong") inside a Dutch sentence."""
    match = values.get("match")
    if isinstance(match, str) and has(f"check.match-word.{match}"):
        values = {**values, "match": t(f"check.match-word.{match}", lang)}
    return t(key, lang, **values)


def reason(text: str, lang: Lang) -> str:
    """A reason from :func:`why`, in ``lang``; any other text is shown as it is."""
    if lang == "en":
        return text
    for key in reason_keys():
        found = _pattern(_text(key, "en") or "").fullmatch(text)
        if found:
            return reason_text(key, lang, found.groupdict())
    return text


def says(key: str, text: str) -> bool:
    """Whether ``text`` is the message ``key`` (in any language, blanks filled or not)."""
    for lang in LANGS:
        found = _text(key, lang)
        if found is not None and _pattern(found).fullmatch(text):
            return True
    return False


@functools.cache
def reason_keys() -> tuple[str, ...]:
    """The catalogue keys of the library's one-line reasons (``reason.*``)."""
    staged = {f"reason.{key}" for key in REASONS}
    return tuple(sorted(staged | {k for k in catalogue_keys() if k.startswith("reason.")}))


@functools.cache
def _pattern(template: str) -> re.Pattern[str]:
    # Built from our own catalogue text, never from outside input; each blank
    # is one lazy group between literal parts, matched once per reason.
    parts = re.split(r"\{(\w+)\}", template)
    regex = "".join(
        re.escape(part) if i % 2 == 0 else f"(?P<{part}>.+)" for i, part in enumerate(parts)
    )
    return re.compile(regex, re.S)


def parse_lang(value: str) -> Lang:
    """``nl``, ``NL``, ``nl_NL.UTF-8`` -> ``nl``; anything else is an error, not English."""
    code = value.strip().lower().replace("-", "_").split("_")[0].split(".")[0]
    for lang in LANGS:
        if code == lang:
            return lang
    raise UnknownLanguageError("error.unknown-lang", given=value)


def detect_lang(explicit: str | None = None) -> Lang:
    """--lang, else LEAKHELP_LANG, else the system locale (Dutch when it says so), else English.

    A language asked for by name (``--lang`` or ``LEAKHELP_LANG``) that leakhelp
    does not speak is an error (:class:`UnknownLanguageError`); a system locale
    in another language means English.
    """
    for asked in (explicit, os.environ.get(ENV_LANG)):
        if asked:
            return parse_lang(asked)
    for name in _locale_names():
        code = name.strip().lower()[:2]
        for lang in LANGS:
            if code == lang:
                return lang
    return "en"


def _locale_names() -> list[str]:
    names: list[str | None] = [os.environ.get(v) for v in ("LC_ALL", "LC_MESSAGES", "LANG")]
    with contextlib.suppress(ValueError):
        names.append(locale.getlocale()[0])
    return [n for n in names if n and n not in ("C", "POSIX", "C.UTF-8")]


# -- the catalogue ----------------------------------------------------------------


@functools.cache
def catalogue(lang: Lang) -> gettext.NullTranslations:
    """The compiled catalogue of ``lang`` (read once; empty if the file is missing)."""
    path = LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.mo"
    try:
        with path.open("rb") as fh:
            return gettext.GNUTranslations(fh)
    except OSError:
        return gettext.NullTranslations()


@functools.cache
def catalogue_keys() -> frozenset[str]:
    """Every key in the English catalogue (singular and plural entries)."""
    raw = getattr(catalogue("en"), "_catalog", {})
    return frozenset(k[0] if isinstance(k, tuple) else k for k in raw if k)


@functools.cache
def plural_keys() -> frozenset[str]:
    """The keys whose text depends on a number (``ngettext`` entries)."""
    raw = getattr(catalogue("en"), "_catalog", {})
    return frozenset(k[0] for k in raw if isinstance(k, tuple))


def _text(key: str, lang: Lang) -> str | None:
    for tried in (lang, "en"):
        text = catalogue(tried).gettext(key)
        if text != key:
            return text
        staged = dict.get(MESSAGES, key) or _staged_other(key)
        if staged and staged.get(tried):
            return staged[tried]
    return None


def _staged_other(key: str) -> dict[Lang, str] | None:
    if key.startswith("reason."):
        return REASONS.get(key.removeprefix("reason."))
    if key.startswith("column."):
        for name, texts in COLUMNS.items():
            if column_key(name) == key:
                return texts
    return None


def template(key: str, lang: Lang) -> str:
    """The text of ``key`` in ``lang`` with its ``{blanks}`` still open."""
    text = _text(key, lang)
    if text is None:
        raise KeyError(key)
    return text


def has(key: str) -> bool:
    """Whether ``key`` is a message (in the catalogue or staged)."""
    return _text(key, "en") is not None or key in catalogue_keys()


def text_or(key: str, lang: Lang, default: str, **values: object) -> str:
    """The message ``key`` in ``lang``, or ``default`` when there is no such key."""
    return t(key, lang, **values) if has(key) else default


def t(key: str, lang: Lang, **values: object) -> str:
    """The message ``key`` in ``lang``, with ``values`` filled in.

    For a plural entry the number that picks the form is ``n``, else
    ``count``, else the first whole number among ``values`` (so
    ``t("hash.summary", lang, ok=3, failed=0)`` says "3 images").
    """
    if key in plural_keys():
        return _plural(key, _plural_count(values), lang, values)
    text = _text(key, lang)
    if text is None:
        raise KeyError(key)
    return text.format(**values)


def _plural_count(values: dict[str, object]) -> int:
    for name in ("n", "count"):
        value = values.get(name)
        if isinstance(value, int):
            return value
    return next((v for v in values.values() if isinstance(v, int)), 2)


def tn(key: str, n: int, lang: Lang, **values: object) -> str:
    """The plural message ``key`` for the number ``n`` in ``lang`` (``{n}`` is filled in too)."""
    return _plural(key, n, lang, {"n": n, **values})


def _plural(key: str, n: int, lang: Lang, values: dict[str, object]) -> str:
    for tried in (lang, "en"):
        text = catalogue(tried).ngettext(key, key, n)
        if text != key:
            return text.format(**values)
    raise KeyError(key)
