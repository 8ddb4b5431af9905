"""Fast start: help and version answer without loading pandas, Arrow or rapidfuzz (issue 16)."""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

import recon
import recon.limits
from recon.cli import COMMANDS, cli, formats_cmd, gaps_cmd, sources_cmd
from recon.formats import DEFAULT_MAX_BYTES, list_formats
from recon.sources import SOURCE_NAMES, SOURCES
from recon.sources._registry import source_class
from recon.store import ALL_STATUSES, SETTING_KEYS, GapStatus, setting_help

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("pandas", "pyarrow", "rapidfuzz")
#: What a command that opens no file and no database must not import (issue 16).
HEAVY_FOR_HELP = ("pandas", "numpy", "pyarrow", "rapidfuzz", "sqlite_utils", "httpx")
#: Commands that read no file and open no database, run as they are (not only ``--help``).
NO_FILE_COMMANDS = [
    *(["formats", "--format", f] for f in ("table", "json", "csv")),
    *(["sources", "--format", f] for f in ("table", "json", "csv")),
]

# Run in a fresh interpreter: every command's ``--help`` (and every subcommand's, including
# ``settings set --help``, whose text comes from the store's settings table), then the
# commands that need no file, noting any heavy module present after each step.
_HELP_SCRIPT = """
import json, sys
import click
from click.testing import CliRunner
from recon.cli import COMMANDS, cli

heavy, runs = set(json.loads(sys.argv[1])), json.loads(sys.argv[2])
runner, seen = CliRunner(), []

def loaded():
    return sorted({name.split(".")[0] for name in sys.modules} & heavy)

def step(args):
    result = runner.invoke(cli, args)
    seen.append({"args": args, "exit": result.exit_code, "heavy": loaded()})

def walk(path):
    step([*path, "--help"])
    ctx = click.Context(cli)
    command = cli
    for name in path:
        command = command.get_command(ctx, name)
    if isinstance(command, click.Group):
        for name in command.list_commands(ctx):
            walk([*path, name])

for name in sorted(COMMANDS):
    walk([name])
for args in runs:
    step(args)
print(json.dumps(seen))
"""


def _imported(*args: str) -> set[str]:
    """Top-level packages a fresh ``python -X importtime`` run of ``args`` imported."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-X", "importtime", *args],
        capture_output=True, text=True, env=env, cwd=ROOT, check=True,
    )  # fmt: skip
    lines = [line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines()]
    return {name.split(".")[0] for name in lines if name}


@pytest.mark.parametrize(
    "args",
    [("-m", "recon", "--help"), ("-m", "recon", "version"), ("-c", "import recon")],
    ids=["help", "version", "import"],
)
def test_starting_does_not_import_pandas_arrow_or_rapidfuzz(args: tuple[str, ...]) -> None:
    assert _imported(*args) & set(HEAVY) == set()


def test_every_help_and_the_format_list_answer_without_heavy_imports() -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    heavy, runs = json.dumps(HEAVY_FOR_HELP), json.dumps(NO_FILE_COMMANDS)
    done = subprocess.run(
        [sys.executable, "-c", _HELP_SCRIPT, heavy, runs],
        capture_output=True, text=True, env=env, cwd=ROOT, check=True,
    )  # fmt: skip
    steps = json.loads(done.stdout)
    helped = {step["args"][0] for step in steps if step["args"][-1] == "--help"}
    assert helped == set(COMMANDS)
    assert any(step["args"] == ["owners", "set", "--help"] for step in steps)
    assert any(step["args"] == ["settings", "set", "--help"] for step in steps)
    assert [s["args"] for s in steps if s["args"][-1] != "--help"] == NO_FILE_COMMANDS
    assert [s["args"] for s in steps if s["exit"] != 0] == []
    assert [(s["args"], s["heavy"]) for s in steps if s["heavy"]] == []


def test_settings_set_help_lists_every_key_from_the_store() -> None:
    result = CliRunner().invoke(cli, ["settings", "set", "--help"])
    assert result.exit_code == 0
    for key in SETTING_KEYS:
        assert f"{key}: {setting_help(key)}." in " ".join(result.output.split())
    assert "{" + "|".join(SETTING_KEYS) + "}" in "".join(result.output.split())


def test_the_written_out_choices_are_the_library_s() -> None:
    # What the commands spell out so their --help needs no store, reader or source module.
    assert [(f.name, f.label, f.side, f.required) for f in list_formats()] == list(
        formats_cmd.KNOWN_FORMATS
    )
    assert [s.value for s in GapStatus] + [ALL_STATUSES] == gaps_cmd._STATUSES
    assert sources_cmd.SOURCE_NAMES == SOURCE_NAMES
    assert DEFAULT_MAX_BYTES == recon.limits.DEFAULT_MAX_BYTES


def test_the_written_out_sources_are_their_classes() -> None:
    # ``recon sources`` lists them without importing a source module (those load the readers).
    classes = [source_class(info.name) for info in SOURCES]
    assert [(c.name, c.label, c.side) for c in classes] == [
        (info.name, info.label, info.side) for info in SOURCES
    ]


def test_a_run_from_files_does_not_load_the_http_stack() -> None:
    # What ``recon reconcile V.csv P.csv`` imports before reading: no source pulls, so no
    # httpx (and its TLS setup) until a source sends a request.
    loaded = _imported("-c", "import recon.service, recon.report, recon.cli.reconcile_cmd")
    assert {"recon", "pandas"} <= loaded
    assert loaded & {"httpx", "httpcore", "ssl"} == set()


def test_version_prints_the_installed_version() -> None:
    result = CliRunner().invoke(cli, ["version"])
    assert result.exit_code == 0
    assert result.output.startswith("recon ")


def test_every_command_is_listed_with_its_own_summary() -> None:
    registered = click.Group()
    for module in {m for m, _ in COMMANDS.values() if m != "recon.cli"}:
        importlib.import_module(f"recon.cli.{module}").register(registered)
    real = {
        name: " ".join(command.help.split("\n\n")[0].split())
        for name, command in registered.commands.items()
        if command.help
    }
    listed = {name: summary for name, (module, summary) in COMMANDS.items() if name != "version"}
    assert listed == real


def test_public_names_load_on_first_use() -> None:
    assert recon.read_export.__module__ == "recon.formats.read"
    assert "read_export" in dir(recon)
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        _ = recon.nope
