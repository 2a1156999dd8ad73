"""Mistakes in a command line, said again in the reader's language.

The parser (typer's copy of click) words every usage error in English, and
only in the exception's message. :func:`usage_error_text` recognises each
kind by the exception's class, its attributes, and the fixed English words
around the values, and says it again from the catalogue. The English reader
keeps the parser's own words (see :func:`leakhelp.cli.main`); a kind not
recognised here is still shown, framed in the reader's language.

Values from the command line are cut out with plain string methods, never a
pattern that could backtrack over what someone typed.
"""

from __future__ import annotations

from typing import Any

from ..i18n import t
from ..models import Lang
from .helptext import metavar

#: What click's path check says after the path, and the message that says it for us.
_PATH_PROBLEMS = {
    " does not exist.": "parser.path-missing",
    " is a file.": "parser.path-is-file",
    " is a directory.": "parser.path-is-folder",
    " is not readable.": "parser.path-unreadable",
    " is not writable.": "parser.path-unwritable",
}
_PATH_LABELS = ("file ", "dir ", "path ", "File ", "Directory ", "Path ")


def usage_error_text(exc: Any, lang: Lang) -> str:
    """What the parser found wrong in ``exc``, in ``lang``."""
    kinds = {cls.__name__ for cls in type(exc).__mro__}
    message = str(getattr(exc, "message", "") or "")
    if "MissingParameter" in kinds:
        return _missing(exc, lang)
    if "NoArgsIsHelpError" in kinds or message == "Missing command.":
        return _missing_command(exc, lang)
    if "NoSuchOption" in kinds:
        name = str(getattr(exc, "option_name", "?"))
        text = t("parser.no-such-option", lang, name=name)
        return _with_suggestions(text, list(getattr(exc, "possibilities", None) or ()), lang)
    if "BadOptionUsage" in kinds:
        name = str(getattr(exc, "option_name", "?"))
        if message.endswith("does not take a value."):
            return t("parser.takes-no-value", lang, name=name)
        if " requires " in message:
            return t("parser.needs-value", lang, name=name)
    if "BadParameter" in kinds:
        return t("parser.bad-value", lang, name=_hint(exc), detail=_bad_value(exc, message, lang))
    if "UsageError" in kinds:
        said = _failed(exc, message, lang)
        if said is not None:
            return said
    return t("parser.other", lang, detail=exc.format_message())


def _hint(exc: Any) -> str:
    """The option (``'--timeout'``) or argument (``ID``) a mistake is in."""
    hint = getattr(exc, "param_hint", None)
    param = getattr(exc, "param", None)
    if hint is None and param is not None:
        if getattr(param, "param_type_name", "") == "argument":
            return metavar(param)
        hint = param.get_error_hint()
    if isinstance(hint, list | tuple):
        return " / ".join(hint)
    return str(hint or "?")


def _missing(exc: Any, lang: Lang) -> str:
    param = getattr(exc, "param", None)
    kind = getattr(exc, "param_type", None) or getattr(param, "param_type_name", "")
    if kind == "option":
        return t("parser.missing-option", lang, name=_hint(exc))
    return t("parser.missing-argument", lang, name=_hint(exc))


def _bad_value(exc: Any, message: str, lang: Lang) -> str:
    """The reason a value was refused, in ``lang``."""
    key = getattr(exc, "key", None)
    if isinstance(key, str):  # one of ours (coercion.py): it says which message it is
        return t(key, lang, **getattr(exc, "values", {}))
    for ending, problem in _PATH_PROBLEMS.items():
        if message.endswith(ending) and message.startswith(_PATH_LABELS):
            path = message.removesuffix(ending).split(" ", 1)[1]
            return t(problem, lang, path=path)
    value, is_not, choices = message.partition(" is not one of ")
    if is_not and choices.endswith("."):
        return t("parser.not-a-choice", lang, value=value, choices=choices.removesuffix("."))
    return t("parser.bad-value-unknown", lang)


def _failed(exc: Any, message: str, lang: Lang) -> str | None:
    """What a command found wrong with the words it was given (``ctx.fail``)."""
    if message.startswith("No such command "):
        name, _, suggestion = message.removeprefix("No such command ").partition(". Did you mean ")
        text = t("parser.no-such-command", lang, name=name.removesuffix("."))
        names = suggestion.removesuffix("?").split(", ") if suggestion else []
        return _with_suggestions(text, names, lang)
    if message.startswith("Got unexpected extra argument"):
        extra = message.partition("argument(s) (")[2].removesuffix(")")
        return t("parser.extra-arguments", lang, args=extra)
    return None


def _missing_command(exc: Any, lang: Lang) -> str:
    ctx = getattr(exc, "ctx", None)
    command: Any = getattr(ctx, "command", None)
    names = [
        name
        for name in (command.list_commands(ctx) if hasattr(command, "list_commands") else [])
        if not getattr(command.get_command(ctx, name), "hidden", False)
    ]
    return t("parser.missing-command", lang, names=", ".join(names))


def _with_suggestions(text: str, names: list[str], lang: Lang) -> str:
    if not names:
        return text
    return (
        text.removesuffix(".")
        + ". "
        + t("parser.did-you-mean", lang, names=", ".join(sorted(names)))
    )
