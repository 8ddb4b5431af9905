"""Fast start: help and version answer without loading pandas, Arrow or rapidfuzz (issue 16)."""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

import recon
from recon.cli import COMMANDS, cli

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("pandas", "pyarrow", "rapidfuzz")


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
