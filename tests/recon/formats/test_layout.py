"""The reading package imports in one direction: no cycles, none hidden behind TYPE_CHECKING."""

from __future__ import annotations

import ast
from pathlib import Path

RECON = Path(__file__).resolve().parents[3] / "recon"


def _module_name(path: Path) -> str:
    parts = path.relative_to(RECON.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _recon_imports(tree: ast.AST) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("recon"):
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("recon"))
    return found


#: The command line, the top layer: its commands import the library when they run (so that
#: ``recon <command> --help`` starts without pandas) and name its types for type checkers
#: only. Nothing below it imports it (a test below holds it), so no cycle can hide there.
CLI = RECON / "cli"


def test_no_recon_module_imports_recon_only_for_type_checking() -> None:
    hidden = []
    # recon/__init__.py names its lazy re-exports for type checkers; nothing in recon imports
    # that facade (a test below holds it), so no cycle can hide there. The packages' lazy
    # faces name theirs too, and import each one when it is first asked for (the next test
    # holds that), so none is hidden from the running code.
    top = {RECON / "__init__.py", *CLI.rglob("*.py"), *LAZY_FACES}
    for path in sorted(set(RECON.rglob("*.py")) - top):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.If)
                and "TYPE_CHECKING" in ast.unparse(node.test)
                and _recon_imports(ast.Module(body=node.body, type_ignores=[]))
            ):
                hidden.append(_module_name(path))
    assert hidden == []


#: Packages whose ``__init__`` imports its public names on first use (PEP 562), so a command
#: that needs one light name does not load the whole package (issue 16: fast start).
LAZY_FACES = [RECON / name / "__init__.py" for name in ("formats", "sources", "store")]


def test_a_lazy_package_face_imports_every_name_it_shows_type_checkers() -> None:
    for path in LAZY_FACES:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        checked = {
            alias.asname or alias.name: (node.module, alias.name)
            for block in tree.body
            if isinstance(block, ast.If) and "TYPE_CHECKING" in ast.unparse(block.test)
            for node in block.body
            if isinstance(node, ast.ImportFrom)
            for alias in node.names
        }
        values = {
            ast.unparse(n.targets[0] if isinstance(n, ast.Assign) else n.target): n.value
            for n in tree.body
            if isinstance(n, (ast.Assign, ast.AnnAssign))
        }
        assert ast.literal_eval(values["_WHERE"]) == checked, path
        assert sorted(ast.literal_eval(values["__all__"])) == sorted(checked), path


def test_the_formats_package_has_no_import_cycle() -> None:
    modules = {_module_name(p): p for p in (RECON / "formats").rglob("*.py")}
    graph = {
        name: {
            m for m in _recon_imports(ast.parse(path.read_text(encoding="utf-8"))) if m in modules
        }
        - {name}
        for name, path in modules.items()
        if name != "recon.formats"  # the package's own face re-exports; it is imported last
    }
    done: set[str] = set()

    def visit(name: str, trail: tuple[str, ...]) -> None:
        assert name not in trail, " -> ".join((*trail, name))
        if name in done or name not in graph:
            return
        for target in sorted(graph[name]):
            visit(target, (*trail, name))
        done.add(name)

    for name in sorted(graph):
        visit(name, ())


def test_nothing_inside_recon_imports_the_public_facade() -> None:
    users = [
        _module_name(path)
        for path in RECON.rglob("*.py")
        if "recon" in _recon_imports(ast.parse(path.read_text(encoding="utf-8")))
    ]
    assert users == []


def test_nothing_below_the_command_line_imports_it() -> None:
    users = [
        _module_name(path)
        for path in RECON.rglob("*.py")
        if CLI not in path.parents
        and path != RECON / "__main__.py"  # ``python -m recon`` is the command line
        and any(
            m == "recon.cli" or m.startswith("recon.cli.")
            for m in _recon_imports(ast.parse(path.read_text(encoding="utf-8")))
        )
    ]
    assert users == []
