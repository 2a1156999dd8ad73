"""The data flow is one-way: a stage imports only the stages before it.

This is checked on the source, so a change that makes fingerprinting able to
reach the network (or the store reach the CLI) fails here first.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "leakhelp"

#: Stages in data-flow order; a module may import its own stage and earlier ones.
LAYERS: tuple[frozenset[str], ...] = (
    frozenset({"errors", "models", "paths", "progress", "i18n", "i18n_tools", "workers"}),
    frozenset({"imaging", "pdq", "videodecode"}),
    frozenset({"regions"}),
    frozenset({"fingerprint", "files"}),
    frozenset({"video"}),
    frozenset({"matching"}),
    frozenset({"videomatch"}),
    frozenset({"store"}),
    frozenset({"sealed", "export"}),
    frozenset({"law"}),
    frozenset({"registry"}),
    frozenset({"letters", "support"}),
    frozenset({"tracking"}),
    frozenset({"checks"}),
    frozenset({"reports"}),
    frozenset({"doctor"}),
    frozenset({"views"}),
    frozenset({"api"}),
    frozenset({"web"}),
    frozenset({"cli"}),
    frozenset({"__init__", "__main__"}),
)
#: Third-party packages that only some modules may use (a stage, or one
#: module of a package stage: "checks.guard").
ONLY_IN = {
    "httpx": {"checks.guard", "checks.engine"},
    "httpcore": {"checks.guard", "checks.engine"},
    "typer": {"cli"},
    "rich": {"cli"},
    "sqlite3": {"store"},
    "starlette": {"web"},
    "uvicorn": {"web"},
    "python_multipart": {"web"},
}
#: Packages of src/leakhelp that are one stage each (their modules import each other freely).
PACKAGE_STAGES = frozenset({"cli", "checks", "store", "web"})


def _stage(path: Path) -> str:
    rel = path.relative_to(SRC)
    return rel.parts[0] if rel.parts[0] in PACKAGE_STAGES else rel.stem


def _module(path: Path) -> str:
    """The dotted name inside leakhelp: "api", "checks.guard", "cli.app"."""
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__" and len(parts) > 1:
        parts.pop()
    return ".".join(parts)


def _layer(stage: str) -> int:
    for index, members in enumerate(LAYERS):
        if stage in members:
            return index
    raise AssertionError(f"{stage}.py has no place in tests/test_layers.py LAYERS: add it")


def _is_module(dotted: str) -> bool:
    """Whether leakhelp.<dotted> is a module or package (not a name inside one)."""
    target = SRC.joinpath(*dotted.split("."))
    return target.with_suffix(".py").exists() or (target / "__init__.py").exists()


def _leakhelp_target(dotted: str) -> str:
    """The stage a module inside leakhelp belongs to ("checks.guard" -> "checks")."""
    return dotted.split(".")[0]


def _imports(path: Path, source: str | None = None) -> list[tuple[str, int]]:
    """(name, line): "httpx" for a third-party import, ".stage" for one of leakhelp's.

    Catches every spelling: ``import leakhelp.x``, ``from leakhelp import x``,
    ``from leakhelp.x import y``, and relative imports at any depth. Imports
    inside the importing module's own stage are left out.
    """
    tree = ast.parse(path.read_text(encoding="utf-8") if source is None else source)
    own = _stage(path)
    package = _module(path).split(".")
    if path.name != "__init__.py" or package == ["__init__"]:
        package = package[:-1]
    found: list[tuple[str, int]] = []

    def leakhelp(dotted: str, line: int, names: list[str]) -> None:
        """An import of leakhelp.<dotted> (dotted may be ""), binding ``names``."""
        targets = [dotted] if dotted else []
        if not dotted:  # `from leakhelp import name`: only names that are modules count
            targets = [n for n in names if _is_module(n)]
        else:
            targets += [f"{dotted}.{n}" for n in names if _is_module(f"{dotted}.{n}")]
        for stage in dict.fromkeys(_leakhelp_target(t) for t in targets):
            if stage != own:
                found.append(("." + stage, line))

    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                top, _, rest = alias.name.partition(".")
                if top == "leakhelp":
                    if rest:
                        leakhelp(rest, node.lineno, [])
                else:
                    found.append((top, node.lineno))
        elif isinstance(node, ast.ImportFrom):
            names = [alias.name for alias in node.names]
            if node.level == 0 and node.module:
                top, _, rest = node.module.partition(".")
                if top == "leakhelp":
                    leakhelp(rest, node.lineno, names)
                else:
                    found.append((top, node.lineno))
            elif node.level:
                base = package[: len(package) - (node.level - 1)] if node.level > 1 else package
                if node.level - 1 > len(package):
                    raise AssertionError(f"{path}: relative import above leakhelp")
                dotted = ".".join([*base, *([node.module] if node.module else [])])
                leakhelp(dotted, node.lineno, names)
    return found


MODULES = sorted(p for p in SRC.rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(SRC)))
def test_stage_imports_only_earlier_stages(path):
    stage = _stage(path)
    mine = _layer(stage)
    module = _module(path)
    for name, line in _imports(path):
        if name.startswith("."):
            other = name[1:]
            if other == "cli":
                assert _layer(stage) >= _layer("cli"), f"{stage} imports the CLI (line {line})"
                continue
            assert _layer(other) <= mine, f"{stage} imports {other}, a later stage (line {line})"
        elif name in ONLY_IN:
            allowed = ONLY_IN[name]
            assert stage in allowed or module in allowed, (
                f"{module} imports {name} (line {line}); only {sorted(allowed)} may"
            )


@pytest.mark.parametrize(
    ("source", "where", "expected"),
    [
        ("import leakhelp.api\n", "store.py", [(".api", 1)]),
        ("from leakhelp import api\n", "store.py", [(".api", 1)]),
        ("from leakhelp import Workspace\n", "store.py", []),
        ("from leakhelp.checks import engine\n", "store.py", [(".checks", 1)]),
        ("from .. import api\n", "checks/guard.py", [(".api", 1)]),
        ("from ..store import Store\n", "checks/engine.py", [(".store", 1)]),
        ("from .guard import AddressGuard\n", "checks/engine.py", []),
        ("from . import engine\n", "checks/__init__.py", []),
        ("from .. import checks\n", "cli/scan.py", [(".checks", 1)]),
        ("from .app import get_state\n", "cli/scan.py", []),
        ("import httpx\n", "checks/classifier.py", [("httpx", 1)]),
    ],
)
def test_the_import_finder_sees_every_spelling(source, where, expected):
    """The finder itself: a missed spelling would let a later stage slip in unseen."""
    assert _imports(SRC / where, source) == expected


def test_httpx_stays_in_the_guard_and_the_engine():
    """The classifier is pure: bytes and headers in, a verdict out."""
    for name in ("classifier", "htmlscan", "settings"):
        found = {n for n, _ in _imports(SRC / "checks" / f"{name}.py")}
        assert not found & {"httpx", "httpcore"}, name
