"""Docs that cannot drift: the CLI reference, per-command help, the error list."""

from __future__ import annotations

import importlib.util
import inspect
from pathlib import Path

import pytest

import recon.errors
from recon.cli import cli

DOCS = Path(__file__).resolve().parents[1] / "docs"


def _generator():
    spec = importlib.util.spec_from_file_location(
        "gen_cli_reference", DOCS / "gen_cli_reference.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


GEN = _generator()
COMMANDS = [(name, command) for name, command, _ in GEN.commands(cli)]


def test_cli_reference_is_up_to_date() -> None:
    committed = (DOCS / "cli-reference.md").read_text(encoding="utf-8")
    assert committed == GEN.render(), "run: python docs/gen_cli_reference.py"


def test_each_usage_line_names_its_command_once() -> None:
    usages = [
        line
        for line in (DOCS / "cli-reference.md").read_text(encoding="utf-8").splitlines()
        if line.startswith("Usage: ")
    ]
    expected = ["recon", *(name for name, _ in COMMANDS)]
    assert [u.removeprefix("Usage: ").split(" [")[0] for u in usages] == expected


@pytest.mark.parametrize(("name", "command"), COMMANDS, ids=[name for name, _ in COMMANDS])
def test_every_command_has_help_with_an_example(name: str, command) -> None:
    assert command.help, f"{name} has no help text"
    if not command.__class__.__name__.endswith("Group"):
        assert "Example" in command.help, f"{name}'s help has no Example: block"


@pytest.mark.parametrize(("name", "command"), COMMANDS, ids=[name for name, _ in COMMANDS])
def test_every_command_is_in_the_cli_guide(name: str, command) -> None:
    assert name in (DOCS / "cli.md").read_text(encoding="utf-8"), (
        f"{name} is missing from docs/cli.md"
    )


def test_every_error_class_is_documented() -> None:
    text = (DOCS / "errors.md").read_text(encoding="utf-8")
    classes = [
        name
        for name, cls in inspect.getmembers(recon.errors, inspect.isclass)
        if issubclass(cls, recon.errors.ReconError)
    ]
    assert [name for name in classes if f"`{name}`" not in text] == []
