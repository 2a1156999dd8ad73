"""The CLI package's own shape: the command modules depend on a leaf state module,
never on ``cli.app`` (which registers them), and no two modules import each other
in a circle. Imports inside functions count: a cycle hidden in a function still
breaks when the order of loading changes."""

from __future__ import annotations

import ast
from pathlib import Path

CLI = Path(__file__).resolve().parents[1] / "src" / "leakhelp" / "cli"
#: Modules that hold no command: the entry point, the registry of commands, and leaves.
NOT_COMMANDS = {"__init__", "app", "state", "ui", "options", "helptext"}


def _cli_imports(path: Path) -> set[str]:
    """The modules of leakhelp.cli that a module of it imports (any spelling, any depth)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            names = [a.name for a in node.names]
            if node.level == 1:
                if node.module:
                    found.add(node.module.split(".")[0])
                else:
                    found.update(names)
            elif node.level == 0 and node.module and node.module.startswith("leakhelp.cli"):
                rest = node.module.removeprefix("leakhelp.cli").lstrip(".")
                found.update([rest.split(".")[0]] if rest else names)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("leakhelp.cli."):
                    found.add(alias.name.split(".")[2])
    return {name for name in found if (CLI / f"{name}.py").exists()}


GRAPH = {p.stem: _cli_imports(p) for p in sorted(CLI.glob("*.py"))}


def test_the_import_reader_sees_the_known_edges():
    """The reader itself: a blind reader would pass every test below."""
    assert "state" in GRAPH["cases"]
    assert "exchange" in GRAPH["scan"]
    assert {"cases", "scan", "tracking"} <= GRAPH["app"]  # imported inside _register()


def test_no_command_module_imports_the_app():
    commands = set(GRAPH) - NOT_COMMANDS
    assert len(commands) >= 10
    for name in sorted(commands):
        assert "app" not in GRAPH[name], f"cli/{name}.py imports cli.app: use cli.state"


def test_the_state_module_is_a_leaf():
    assert GRAPH["state"] <= {"ui"}


def test_no_import_cycle_in_the_cli():
    seen: set[str] = set()

    def visit(name: str, path: tuple[str, ...]) -> None:
        assert name not in path, "import cycle: " + " -> ".join((*path, name))
        if name in seen:
            return
        for other in sorted(GRAPH[name]):
            visit(other, (*path, name))
        seen.add(name)

    for name in GRAPH:
        visit(name, ())
