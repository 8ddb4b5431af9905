"""The structure the architecture map promises, checked: who may use what, and no cycles.

- No public :class:`recon.store.Store` method is there for the bot alone: every one the bot
  calls, recon calls too (the CLI, the service or the library); Slack's own state is the
  bot's (:mod:`bot.conversation`).
- The store imports nothing that detects anomalies; it saves and reads their results.
- The store's and the conversation's modules are private: others use their package.
"""

from __future__ import annotations

import ast
from pathlib import Path

from recon.store import Store

ROOT = Path(__file__).resolve().parent.parent


def _store_calls(area: Path, *, skip: Path | None = None) -> dict[str, set[str]]:
    """Public Store methods called in an area: method -> files calling it.

    A call counts when its receiver is named like a store (``store.x``, ``bot.store.x``,
    ``self.store.x``, ``open_store(...).x``): the other names of these methods (``review``,
    ``gap``) belong to other objects too.
    """
    methods = {name for name in dir(Store) if not name.startswith("_")}
    found: dict[str, set[str]] = {}
    for path in area.rglob("*.py"):
        if skip is not None and skip in path.parents:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Attribute) or node.attr not in methods:
                continue
            value = node.value
            receiver = (
                value.id
                if isinstance(value, ast.Name)
                else value.attr
                if isinstance(value, ast.Attribute)
                else ast.unparse(value.func)
                if isinstance(value, ast.Call)
                else ""
            )
            if "store" in receiver.lower():
                found.setdefault(node.attr, set()).add(str(path.relative_to(ROOT)))
    return found


def test_no_public_store_method_is_used_only_by_the_bot() -> None:
    by_bot = _store_calls(ROOT / "bot")
    by_recon = _store_calls(ROOT / "recon", skip=ROOT / "recon" / "store")
    assert by_bot, "the scan found no store call in the bot: the heuristic is broken"
    only_bot = {name: sorted(files) for name, files in by_bot.items() if name not in by_recon}
    assert only_bot == {}


def test_the_store_imports_nothing_that_detects_anomalies() -> None:
    allowed = {"recon.anomaly._model"}  # the anomaly records the store keeps
    bad = []
    for path in (ROOT / "recon" / "store").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            module = node.module or "" if isinstance(node, ast.ImportFrom) else ""
            if module.startswith("recon.anomaly") and module not in allowed:
                bad.append(f"{path.name}: from {module}")
    assert bad == []


def test_store_and_conversation_modules_are_private_behind_their_package() -> None:
    """The naming rule (docs/architecture.md): shared machinery of a package starts with
    ``_`` and is reached through the package; the store and the bot's conversation have no
    variants, so every module of theirs is private."""
    for package in (ROOT / "recon" / "store", ROOT / "bot" / "conversation"):
        public = [p.name for p in package.glob("*.py") if not p.name.startswith("_")]
        assert public == [], package.name
    inside = (ROOT / "recon" / "store", ROOT / "bot" / "conversation")
    outside = []
    for path in [*(ROOT / "recon").rglob("*.py"), *(ROOT / "bot").rglob("*.py")]:
        if any(package in path.parents for package in inside):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            module = node.module if isinstance(node, ast.ImportFrom) else None
            if (module or "").startswith(("recon.store._", "bot.conversation._")):
                outside.append(f"{path.relative_to(ROOT)}: {module}")
    # recon.fix reads the write-back bookkeeping of a gap directly (issue 14).
    assert outside == ["recon/fix/_gates.py: recon.store._fixes"]
