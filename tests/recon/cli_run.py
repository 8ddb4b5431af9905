"""Running the ``recon`` command line in-process, for tests that read its output."""

from __future__ import annotations

import json
from typing import Any

from click.testing import CliRunner, Result

from recon.cli import cli


def invoke(*args: str) -> Result:
    """Run ``recon ARGS``; the command must succeed."""
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result


def reconcile_json(files: tuple[str, str, str], *extra: str) -> dict[str, Any]:
    """``recon reconcile VENDOR PSA --db DB --format json`` on (vendor, PSA, database)."""
    vendor, psa, db = files
    report: dict[str, Any] = json.loads(
        invoke("reconcile", vendor, psa, "--db", db, "--format", "json", *extra).stdout
    )
    return report
