"""No import cycle between the modules of recon/ and bot/, hidden ones included.

The graph is read from the source (AST), not from ``sys.modules``, so it also holds the imports
that never run at import time: those under ``if TYPE_CHECKING:`` and those deferred into a
function. Either kind can hide a cycle that type checkers, refactors and the next reader still
trip over; the fix is to move the shared name down to the lower module, not to hide the import.

An edge goes to the module an import names: ``from recon.formats import base`` reaches
``recon.formats.base``; ``from recon.formats import Table`` reaches the package's
``__init__``. Parent packages a submodule import runs implicitly are not edges (a package that
re-exports its own modules is not a cycle).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("recon", "bot")


def module_files(root: Path = ROOT) -> dict[str, Path]:
    """Every module of the packages, by dotted name (a package by its own name)."""
    found: dict[str, Path] = {}
    for package in PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            parts = path.relative_to(root).with_suffix("").parts
            found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def _absolute(module: str, is_package: bool, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    base = module.split(".") if is_package else module.split(".")[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, *([node.module] if node.module else [])])


def imported_modules(module: str, path: Path, known: Mapping[str, Path]) -> set[str]:
    """The project modules ``module`` imports anywhere in its source (see the module doc)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name in known)
        elif isinstance(node, ast.ImportFrom):
            source = _absolute(module, path.name == "__init__.py", node)
            for alias in node.names:
                if f"{source}.{alias.name}" in known:
                    found.add(f"{source}.{alias.name}")
                elif source in known:
                    found.add(source)
    found.discard(module)
    return found


def import_graph(root: Path = ROOT) -> dict[str, set[str]]:
    """Module -> the project modules it imports."""
    known = module_files(root)
    return {name: imported_modules(name, path, known) for name, path in known.items()}


def cycles(graph: Mapping[str, set[str]]) -> Iterator[tuple[str, ...]]:
    """Each cycle found by a depth-first walk, as a path that ends where it starts."""
    done: set[str] = set()
    for start in sorted(graph):
        if start in done:
            continue
        trail: list[str] = [start]
        on_trail = {start}
        stack = [iter(sorted(graph[start]))]
        while stack:
            target = next(stack[-1], None)
            if target is None:
                stack.pop()
                done.add(trail[-1])
                on_trail.discard(trail.pop())
            elif target in on_trail:
                yield (*trail[trail.index(target) :], target)
            elif target not in done and target in graph:
                trail.append(target)
                on_trail.add(target)
                stack.append(iter(sorted(graph[target])))


def test_recon_and_bot_have_no_import_cycle() -> None:
    found = [" -> ".join(cycle) for cycle in cycles(import_graph())]
    assert found == [], "import cycles:\n" + "\n".join(found)


@pytest.mark.parametrize(
    ("body", "where"),
    [
        ("import typing\nif typing.TYPE_CHECKING:\n    from recon import a\n", "typing"),
        ("def late():\n    from recon.a import thing\n", "function"),
        ("from . import a\n", "relative"),
    ],
)
def test_a_hidden_import_cycle_is_found_with_its_path(
    tmp_path: Path, body: str, where: str
) -> None:
    # Guards the detector itself: each way of hiding the back edge b -> a must still show.
    package = tmp_path / "recon"
    package.mkdir()
    (tmp_path / "bot").mkdir()
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "a.py").write_text("from recon.b import B\n", encoding="utf-8")
    (package / "b.py").write_text(body, encoding="utf-8")
    found = list(cycles(import_graph(tmp_path)))
    assert found == [("recon.a", "recon.b", "recon.a")], where


def test_a_package_reexporting_its_modules_is_no_cycle(tmp_path: Path) -> None:
    package = tmp_path / "recon"
    package.mkdir()
    (tmp_path / "bot").mkdir()
    (package / "__init__.py").write_text("from recon.a import A\n", encoding="utf-8")
    (package / "a.py").write_text("from recon.b import B\n", encoding="utf-8")
    (package / "b.py").write_text("B = 1\n", encoding="utf-8")
    assert list(cycles(import_graph(tmp_path))) == []
