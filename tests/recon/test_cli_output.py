"""``--output``: written whole or not at all, and before the run is committed.

A report that can't be written must leave no run behind, or the rerun that follows would
record the same data twice.
"""

from __future__ import annotations

import errno
import json
import os
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner

from recon.cli import cli
from recon.cli import output as output_module
from recon.store import Store

ROOT = Path(__file__).resolve().parents[2]
VENDOR = str(ROOT / "examples" / "vendor_partner_center.csv")
PSA = str(ROOT / "examples" / "psa_connectwise.csv")


def _runs(db: Path) -> int:
    return len(Store.open(db).runs()) if db.exists() else 0


def test_output_into_a_missing_folder_commits_nothing(tmp_path: Path) -> None:
    db = tmp_path / "recon.db"
    target = tmp_path / "no-such-folder" / "gaps.csv"
    result = CliRunner().invoke(
        cli, ["reconcile", VENDOR, PSA, "--db", str(db), "--format", "csv", "--output", str(target)]
    )
    assert result.exit_code == 1
    assert f"the folder {target.parent} does not exist" in result.output
    assert "Traceback" not in result.output
    assert _runs(db) == 0
    assert not target.parent.exists()


def test_a_write_that_fails_after_the_work_commits_nothing_and_keeps_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "recon.db"
    target = tmp_path / "gaps.json"
    target.write_text("last week's report", encoding="utf-8")

    def full(_fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(output_module.os, "fsync", full)
    result = CliRunner().invoke(
        cli,
        ["reconcile", VENDOR, PSA, "--db", str(db), "--format", "json", "--output", str(target)],
    )
    assert result.exit_code == 1
    assert "can't write --output" in result.output and "No space left on device" in result.output
    assert "Nothing was recorded" in result.output
    assert _runs(db) == 0
    assert target.read_text(encoding="utf-8") == "last week's report"
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_a_written_report_matches_the_committed_run(tmp_path: Path) -> None:
    db = tmp_path / "recon.db"
    target = tmp_path / "gaps.json"
    old = os.umask(0o022)
    try:
        result = CliRunner().invoke(
            cli,
            [
                "reconcile",
                VENDOR,
                PSA,
                "--db",
                str(db),
                "--format",
                "json",
                "--output",
                str(target),
            ],
        )
    finally:
        os.umask(old)
    assert result.exit_code == 0, result.output
    assert '"run": {' in target.read_text(encoding="utf-8")
    assert '"id": 1' in target.read_text(encoding="utf-8")
    assert _runs(db) == 1
    assert stat.S_IMODE(target.stat().st_mode) == 0o644  # an ordinary file, not a temp file's 0600


def test_json_on_standard_output_is_the_report_written_to_a_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Standard output streams the report as --output does; with no pretty-printing limit the
    # examples take the chunked path a distributor's month takes.
    monkeypatch.setattr("recon.report._json.PRETTY_JSON_LIMIT", 0)
    monkeypatch.setattr("recon.report._json._JSON_CHUNK", 5)
    target = tmp_path / "gaps.json"
    common = ["reconcile", VENDOR, PSA, "--no-save", "--format", "json", "--db"]
    shown = CliRunner().invoke(cli, [*common, str(tmp_path / "a.db")])
    written = CliRunner().invoke(cli, [*common, str(tmp_path / "b.db"), "--output", str(target)])
    assert shown.exit_code == written.exit_code == 0, shown.output + written.output
    on_screen, in_file = json.loads(shown.stdout), json.loads(target.read_text("utf-8"))
    assert len(on_screen["gaps"]) == 17
    on_screen.pop("generated_at"), in_file.pop("generated_at")
    assert on_screen == in_file
