"""Keeping the message catalogue: gettext ``.po`` files managed with Babel.

The catalogue lives in ``src/leakhelp/locale/<lang>/LC_MESSAGES/leakhelp.po``
(msgid = the message key, msgstr = the text, ``{name}`` blanks filled by
:func:`leakhelp.i18n.t`). The program reads the compiled ``.mo`` files next to
them with the standard library, so Babel is needed only to edit the catalogue
(it is in the ``dev`` extra), never to run leakhelp.

Commands (run from a checkout with the dev extra installed)::

    python -m leakhelp.i18n_tools merge-dict   # staged dict entries -> .po, then compile
    python -m leakhelp.i18n_tools compile      # .po -> .mo after editing a .po by hand
    python -m leakhelp.i18n_tools check        # every key in both languages, same blanks,
                                               # .mo files up to date (exit 1 if not)

``merge-dict`` moves the entries of the staging dicts in ``i18n.py``
(``MESSAGES`` under their own key, ``REASONS`` as ``reason.<key>``,
``COLUMNS`` as ``column.<heading>``) into both ``.po`` files, compiles them,
and empties the dicts in ``i18n.py``. A key already in the catalogue with a
different text is reported and left as the catalogue has it, unless
``--overwrite`` is given.

When a branch that still adds to the dicts is merged and ``i18n.py``
conflicts, keep this version of ``i18n.py`` and take the branch's entries
from its own copy (see docs/messages.md)::

    git show other:src/leakhelp/i18n.py > /tmp/theirs.py
    git show $(git merge-base HEAD other):src/leakhelp/i18n.py > /tmp/base.py
    python -m leakhelp.i18n_tools merge-dict --from /tmp/theirs.py --base /tmp/base.py
"""

from __future__ import annotations

import argparse
import ast
import io
import string
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path

from .i18n import (
    COLUMNS,
    DOMAIN,
    LOCALE_DIR,
    MESSAGES,
    REASONS,
    column_key,
)
from .models import LANGS, Lang

I18N_SOURCE = Path(__file__).with_name("i18n.py")
#: The staging dicts in i18n.py and how their keys become catalogue keys.
STAGING: tuple[str, ...] = ("MESSAGES", "REASONS", "COLUMNS")


def po_path(lang: Lang, locale_dir: Path = LOCALE_DIR) -> Path:
    return locale_dir / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def mo_path(lang: Lang, locale_dir: Path = LOCALE_DIR) -> Path:
    return po_path(lang, locale_dir).with_suffix(".mo")


def staged_entries(
    tables: Mapping[str, Mapping[str, Mapping[Lang, str]]] | None = None,
) -> dict[str, dict[Lang, str]]:
    """Every entry of the staging dicts (or of ``tables``), under its catalogue key."""
    if tables is None:
        tables = {"MESSAGES": MESSAGES, "REASONS": REASONS, "COLUMNS": COLUMNS}
    out: dict[str, dict[Lang, str]] = {k: dict(v) for k, v in tables.get("MESSAGES", {}).items()}
    out.update({f"reason.{k}": dict(v) for k, v in tables.get("REASONS", {}).items()})
    out.update({column_key(k): dict(v) for k, v in tables.get("COLUMNS", {}).items()})
    return out


def tables_in(source: Path) -> dict[str, dict[str, dict[Lang, str]]]:
    """The staging dicts as written in another version of i18n.py (read, never run)."""
    tree = ast.parse(source.read_text(encoding="utf-8"))
    found: dict[str, dict[str, dict[Lang, str]]] = {}
    for node in tree.body:
        if (
            isinstance(node, ast.AnnAssign)
            and isinstance(node.target, ast.Name)
            and node.target.id in STAGING
            and node.value is not None
        ):
            value = node.value
            if isinstance(value, ast.Call):  # MESSAGES = _Messages({...})
                value = value.args[0] if value.args else ast.Dict(keys=[], values=[])
            found[node.target.id] = ast.literal_eval(value)
    return found


def entries_from_branch(
    source: Path, base: Path | None, *, locale_dir: Path = LOCALE_DIR
) -> tuple[dict[str, dict[Lang, str]], list[str]]:
    """The entries another branch added or changed in its i18n.py (all, without ``base``),
    and the keys both sides changed since ``base`` (left out: settle those by hand)."""
    theirs = staged_entries(tables_in(source))
    before = staged_entries(tables_in(base)) if base is not None else {}
    taken = {key: texts for key, texts in theirs.items() if before.get(key) != texts}
    ours = {lang: _read(lang, locale_dir) for lang in LANGS}
    both: list[str] = []
    for key in list(taken):
        if key not in before:
            continue
        for lang in LANGS:
            message = ours[lang].get(key)  # type: ignore[attr-defined]
            if message is not None and message.string != before[key].get(lang):
                both.append(key)
                del taken[key]
                break
    return taken, both


def _read(lang: Lang, locale_dir: Path) -> object:
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import read_po

    path = po_path(lang, locale_dir)
    if not path.exists():
        return Catalog(locale=lang, domain=DOMAIN, project="leakhelp", fuzzy=False)
    with path.open("rb") as fh:
        return read_po(fh, locale=lang, domain=DOMAIN)


def _write(catalog: object, lang: Lang, locale_dir: Path) -> None:
    from babel.messages.catalog import Catalog
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import write_po

    assert isinstance(catalog, Catalog)
    path = po_path(lang, locale_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    buf = io.BytesIO()
    # Sorted by key, no dates or line numbers: a merge of two branches'
    # catalogues conflicts only where both changed the same key.
    write_po(buf, catalog, width=0, sort_output=True, omit_header=False, no_location=True)
    text = _drop_volatile_header(buf.getvalue().decode("utf-8"))
    path.write_text(text, encoding="utf-8")
    with mo_path(lang, locale_dir).open("wb") as fh:
        write_mo(fh, catalog, use_fuzzy=False)


def _drop_volatile_header(text: str) -> str:
    skip = ('"POT-Creation-Date:', '"PO-Revision-Date:', '"Generated-By:')
    return "\n".join(line for line in text.splitlines() if not line.startswith(skip)) + "\n"


def merge(
    entries: Mapping[str, Mapping[Lang, str]],
    *,
    overwrite: bool = False,
    locale_dir: Path = LOCALE_DIR,
) -> list[str]:
    """Add ``entries`` to both catalogues; returns the keys that clashed (kept as they were)."""
    clashes: list[str] = []
    for lang in LANGS:
        catalog = _read(lang, locale_dir)
        for key, texts in entries.items():
            text = texts.get(lang) or texts["en"]
            existing = catalog.get(key)  # type: ignore[attr-defined]
            clash = existing is not None and existing.string and existing.string != text
            if clash and not overwrite:
                clashes.append(f"{lang}:{key}")
                continue
            if existing is not None:
                existing.string = text  # Catalog.add would keep the old text
            else:
                catalog.add(key, text)  # type: ignore[attr-defined]
        _fix_header(catalog)
        _write(catalog, lang, locale_dir)
    return clashes


def _fix_header(catalog: object) -> None:
    catalog.project = "leakhelp"  # type: ignore[attr-defined]
    catalog.version = ""  # type: ignore[attr-defined]
    catalog.msgid_bugs_address = ""  # type: ignore[attr-defined]
    catalog.copyright_holder = "leakhelp"  # type: ignore[attr-defined]
    catalog.fuzzy = False  # type: ignore[attr-defined]
    catalog.last_translator = ""  # type: ignore[attr-defined]
    catalog.language_team = ""  # type: ignore[attr-defined]
    catalog.header_comment = (  # type: ignore[attr-defined]
        "# leakhelp messages. msgid = the message key, msgstr = the text; {name} is a blank.\n"
        "# Edit, then run: python -m leakhelp.i18n_tools compile"
    )


def make_plural(
    key: str, forms: Mapping[Lang, tuple[str, str]], *, locale_dir: Path = LOCALE_DIR
) -> None:
    """Turn ``key`` into a plural entry (one and many) in both catalogues.

    Callers use :func:`leakhelp.i18n.tn` (or ``t`` with ``n=``/``count=``).
    """
    for lang in LANGS:
        catalog = _read(lang, locale_dir)
        if catalog.get(key) is not None:  # type: ignore[attr-defined]
            catalog.delete(key)  # type: ignore[attr-defined]
        catalog.add((key, key), forms[lang])  # type: ignore[attr-defined]
        _fix_header(catalog)
        _write(catalog, lang, locale_dir)


def compile_all(locale_dir: Path = LOCALE_DIR) -> None:
    for lang in LANGS:
        catalog = _read(lang, locale_dir)
        _fix_header(catalog)
        _write(catalog, lang, locale_dir)


def empty_staging(source: Path = I18N_SOURCE) -> None:
    """Rewrite the staging dicts in i18n.py as empty dicts (found with ast, not by text)."""
    text = source.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    spans: list[tuple[int, int, str]] = []
    for node in ast.parse(text).body:
        if (
            isinstance(node, ast.AnnAssign)
            and isinstance(node.target, ast.Name)
            and node.target.id in STAGING
            and node.end_lineno is not None
        ):
            annotation = ast.get_source_segment(text, node.annotation)
            empty = "{}"
            if isinstance(node.value, ast.Call):  # MESSAGES = _Messages({...}): keep the wrapper
                empty = f"{ast.get_source_segment(text, node.value.func)}({{}})"
            spans.append(
                (node.lineno, node.end_lineno, f"{node.target.id}: {annotation} = {empty}\n")
            )
    for start, end, replacement in sorted(spans, reverse=True):
        lines[start - 1 : end] = [replacement]
    source.write_text("".join(lines), encoding="utf-8")


# -- checking ---------------------------------------------------------------------


def blanks(text: str) -> set[str]:
    """The ``{name}`` blanks of a text."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def problems(locale_dir: Path = LOCALE_DIR) -> list[str]:
    """What is wrong with the catalogue: keys missing in a language, blanks that differ,
    empty texts, plural forms missing, and .mo files that do not match their .po."""
    import gettext

    found: list[str] = []
    texts: dict[Lang, dict[str, tuple[str, ...]]] = {}
    for lang in LANGS:
        catalog = _read(lang, locale_dir)
        entries: dict[str, tuple[str, ...]] = {}
        for message in catalog:  # type: ignore[attr-defined]
            if not message.id:
                continue
            key = message.id[0] if isinstance(message.id, tuple) else message.id
            forms = message.string if isinstance(message.string, tuple) else (message.string,)
            entries[key] = tuple(forms)
        texts[lang] = entries
        with mo_path(lang, locale_dir).open("rb") as fh:
            compiled = gettext.GNUTranslations(fh)
        for key, forms in entries.items():
            if len(forms) > 1:
                got = tuple(compiled.ngettext(key, key, n) for n in (1, 2))
            else:
                got = (compiled.gettext(key),)
            if got != forms[:2] and got != forms:
                found.append(f"{lang}: {key}: the .mo file is out of date (run compile)")
        raw = getattr(compiled, "_catalog", {})
        extra = {k[0] if isinstance(k, tuple) else k for k in raw if k} - set(entries)
        found += [f"{lang}: {key}: in the .mo file only (run compile)" for key in sorted(extra)]
    keys = set().union(*(set(e) for e in texts.values()))
    for key in sorted(keys):
        per_lang = {lang: texts[lang].get(key) for lang in LANGS}
        for lang, entry in per_lang.items():
            if entry is None:
                found.append(f"{lang}: {key}: missing")
            elif not all(form.strip() for form in entry):
                found.append(f"{lang}: {key}: empty text")
        present = [forms for forms in per_lang.values() if forms]
        if len(present) == len(LANGS):
            sets = [set().union(*(blanks(f) for f in forms)) for forms in present]
            if any(s != sets[0] for s in sets):
                found.append(f"{key}: the blanks differ between languages: {sets}")
            if any(len(forms) != len(present[0]) for forms in present):
                found.append(f"{key}: plural in one language only")
            if sets[0] & {"key", "lang"}:
                found.append(f"{key}: t() cannot fill blanks named key or lang")
    return found


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m leakhelp.i18n_tools", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    merge_cmd = sub.add_parser("merge-dict", help="move the staging dicts into the .po files")
    merge_cmd.add_argument("--overwrite", action="store_true", help="staged text wins on clash")
    merge_cmd.add_argument(
        "--from",
        dest="source",
        type=Path,
        help="read the dicts from this copy of another branch's i18n.py instead",
    )
    merge_cmd.add_argument(
        "--base",
        type=Path,
        help="with --from: the i18n.py both branches started from; only entries the "
        "other branch added or changed are taken (and they win on clash)",
    )
    sub.add_parser("compile", help="compile the .po files into .mo files")
    sub.add_parser("check", help="check the catalogue (exit 1 on a problem)")
    args = parser.parse_args(list(argv) if argv is not None else None)
    if args.command == "merge-dict":
        both: list[str] = []
        if args.source is not None:
            entries, both = entries_from_branch(args.source, args.base)
            overwrite = args.overwrite or args.base is not None
        else:
            entries, overwrite = staged_entries(), args.overwrite
        clashes = merge(entries, overwrite=overwrite)
        if args.source is None:
            empty_staging()
        print(f"{len(entries)} staged entries merged into the catalogue.")
        for clash in clashes:
            print(f"kept the catalogue's text for {clash} (use --overwrite to replace it)")
        for key in both:
            print(f"changed on both sides since --base, kept the catalogue's text: {key}")
    elif args.command == "compile":
        compile_all()
    found = problems()
    for problem in found:
        print(problem, file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
