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
    frozenset({"registry"}),
    frozenset({"letters", "support"}),
    frozenset({"tracking"}),
    frozenset({"checks"}),
    frozenset({"reports"}),
    frozenset({"doctor"}),
    frozenset({"api"}),
    frozenset({"web"}),
    frozenset({"cli"}),
    frozenset({"__init__", "__main__"}),
)
#: Third-party packages that only one stage may use.
ONLY_IN = {
    "httpx": {"checks"},
    "httpcore": {"checks"},
    "typer": {"cli"},
    "rich": {"cli"},
    "sqlite3": {"store"},
    "starlette": {"web"},
    "uvicorn": {"web"},
    "python_multipart": {"web"},
}
#: Stages that are packages (a folder of modules) rather than one module.
PACKAGES = ("cli", "web")


def _stage(path: Path) -> str:
    rel = path.relative_to(SRC)
    return rel.parts[0] if rel.parts[0] in PACKAGES else rel.stem


def _layer(stage: str) -> int:
    for index, members in enumerate(LAYERS):
        if stage in members:
            return index
    raise AssertionError(f"{stage}.py has no place in tests/test_layers.py LAYERS: add it")


def _imports(path: Path) -> list[tuple[str, int]]:
    """(top-level name, 0 for absolute or the stage for relative imports)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[tuple[str, int]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name.split(".")[0], 0) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level == 0 and node.module:
                name = node.module.split(".")[0]
                found.append(
                    (
                        "." + node.module.split(".")[1]
                        if name == "leakhelp" and "." in node.module
                        else name,
                        0,
                    )
                )
            elif node.level:
                in_package = path.parent.name in PACKAGES
                up = node.level - (1 if in_package else 0)
                if in_package and up == 0:
                    continue  # a package importing its own modules
                target = (node.module or "").split(".")[0]
                if target:
                    found.append(("." + target, node.lineno))
                else:  # `from .. import name`: only names that are modules count
                    found += [
                        ("." + alias.name, node.lineno)
                        for alias in node.names
                        if (SRC / f"{alias.name}.py").exists()
                    ]
    return found


MODULES = sorted(p for p in SRC.rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(SRC)))
def test_stage_imports_only_earlier_stages(path):
    stage = _stage(path)
    mine = _layer(stage)
    for name, _line in _imports(path):
        if name.startswith("."):
            other = name[1:]
            if other == "cli":
                assert _layer(stage) >= _layer("cli"), f"{stage} imports the CLI"
                continue
            assert _layer(other) <= mine, f"{stage} imports {other}, a later stage"
        elif name in ONLY_IN:
            assert stage in ONLY_IN[name], f"{stage} imports {name}; only {ONLY_IN[name]} may"
