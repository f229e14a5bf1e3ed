"""The package's shape: no import cycle, the core imports no edge, no reaching into privates.

These walk every ``import`` statement in ``src/coproduction``, at module level and
inside functions alike (a function-level import is as much a dependency as a
top-level one, only later), so that the layout issue's rules hold by test, not by
habit. Imports under ``if TYPE_CHECKING:`` are left out: they never run (the
package names its lazily loaded public modules there for type checkers).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src" / "coproduction"

#: The edges: public format, picture, report and rules modules, the views and the
#: command line. The core (everything else) imports none of them.
EDGES = (
    "coproduction.io",
    "coproduction.plot",
    "coproduction.report",
    "coproduction.rules",  # rules.read reads a rules file through coproduction.io.json
    "coproduction._display",
    "coproduction._cli",
    "coproduction.__main__",
)


def _module_name(path: Path) -> str:
    parts = path.relative_to(SRC.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(p): p for p in sorted(SRC.rglob("*.py"))}


def _type_only(tree: ast.Module) -> set[ast.AST]:
    """The statements under ``if TYPE_CHECKING:``: read by type checkers, never run."""
    return {
        statement
        for node in ast.walk(tree)
        if isinstance(node, ast.If)
        and isinstance(node.test, ast.Name)
        and node.test.id == "TYPE_CHECKING"
        for statement in node.body
    }


def _imports(name: str) -> list[tuple[str, tuple[str, ...], int]]:
    """Each import of a library module in ``name`` that runs: (module, names taken, line)."""
    tree = ast.parse(MODULES[name].read_text(encoding="utf-8"))
    skipped = _type_only(tree)
    found: list[tuple[str, tuple[str, ...], int]] = []
    for node in ast.walk(tree):
        if node in skipped:
            continue
        if isinstance(node, ast.Import):
            found += [
                (a.name, (), node.lineno) for a in node.names if a.name.startswith("coproduction")
            ]
        elif isinstance(node, ast.ImportFrom):
            module = _absolute(name, node)
            if not module.startswith("coproduction"):
                continue
            taken = tuple(a.name for a in node.names)
            submodules = [f"{module}.{t}" for t in taken if f"{module}.{t}" in MODULES]
            if submodules:
                found += [(m, (), node.lineno) for m in submodules]
                taken = tuple(t for t in taken if f"{module}.{t}" not in MODULES)
            if taken:
                found.append((module, taken, node.lineno))
    return found


def _absolute(name: str, node: ast.ImportFrom) -> str:
    """The module an ``ImportFrom`` names, with a relative import (``from . import x``) resolved."""
    if node.level == 0:
        return node.module or ""
    package = name if MODULES[name].name == "__init__.py" else name.rpartition(".")[0]
    base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
    return f"{base}.{node.module}" if node.module else base


def _graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {name: set() for name in MODULES}
    for name in MODULES:
        for target, _, _ in _imports(name):
            if target != name and target in MODULES:
                graph[name].add(target)
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:  # noqa: C901 - Tarjan, as written
    """The strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for successor in sorted(graph[node]):
            if successor not in index:
                visit(successor)
                low[node] = min(low[node], low[successor])
            elif successor in on_stack:
                low[node] = min(low[node], index[successor])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_walker_sees_function_level_imports_and_finds_a_planted_cycle() -> None:
    """The checks can fail: a cycle planted in a copy of the graph is found."""
    graph = _graph()
    assert "coproduction._display.html" in graph["coproduction._display"]
    assert "coproduction.plot" in graph["coproduction.report"]  # imported inside functions
    planted = {k: set(v) for k, v in graph.items()}
    planted["coproduction._instruments"].add("coproduction._display.html")
    assert _cycles(planted)


def test_the_walker_resolves_relative_imports_and_counts_the_package_root() -> None:
    """``from ._display import html`` and ``import coproduction`` are edges like any other."""
    relative = ast.parse("from ._display import html\nfrom .. import x").body
    assert isinstance(relative[0], ast.ImportFrom)
    assert isinstance(relative[1], ast.ImportFrom)
    assert _absolute("coproduction._instruments", relative[0]) == "coproduction._display"
    assert _absolute("coproduction.io.csv", relative[1]) == "coproduction"
    assert _absolute("coproduction.io", relative[1]) == "coproduction"
    # The root imports the core, so a core module that imports the root (and could
    # reach an edge through its lazy attributes) closes a cycle.
    planted = {k: set(v) for k, v in _graph().items()}
    planted["coproduction._instruments"].add("coproduction")
    assert _cycles(planted)


def test_no_import_cycle() -> None:
    """No chain of imports, top-level or inside functions, leads back to where it started."""
    assert _cycles(_graph()) == []


@pytest.mark.parametrize("name", sorted(n for n in MODULES if not n.startswith(EDGES)))
def test_the_core_imports_no_edge(name: str) -> None:
    """Model, instruments, scoring, cohorts, summaries, warnings: none imports an edge."""
    edges = [(target, line) for target, _, line in _imports(name) if target.startswith(EDGES)]
    assert edges == []


def test_no_module_takes_another_modules_private_names() -> None:
    """A name that starts with ``_`` stays in its module (what is shared is named so)."""
    reaching = [
        f"{name}:{line} takes {', '.join(t for t in taken if t.startswith('_'))} from {target}"
        for name in MODULES
        for target, taken, line in _imports(name)
        if target != name and any(t.startswith("_") for t in taken)
    ]
    assert reaching == []


def test_the_package_silences_no_type_error() -> None:
    """Readers narrow what they read into typed records before building values.

    The layout issue's aim: no ``# type: ignore`` in ``src/`` (untyped dicts passed
    to constructors were most of them). A doctest may still show a refused call.
    """
    silenced = [
        f"{name}:{number}"
        for name, path in MODULES.items()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if "type: ignore" in line and ">>> " not in line
    ]
    assert silenced == []
