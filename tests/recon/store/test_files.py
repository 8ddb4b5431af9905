"""The database file: private from birth, and one plain line for a file that can't be used.

Read-only, damaged and full databases are simulated for real: a read-only open (and chmod
when not root), bytes overwritten in a page, and SQLite's own ``max_page_count`` cap standing
in for a full disk. Each must give :class:`DatabaseUnusable` (one line, what to do) and
leave the stored runs exactly as they were.
"""

from __future__ import annotations

import os
import sqlite3
import stat
from collections.abc import Callable
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from recon.cli import cli
from recon.errors import DatabaseUnusable
from recon.store import Store
from recon.store import _db as db_module
from tests.conftest import FakeClock
from tests.recon.store.build import make_gap, make_result


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _run_count(path: Path) -> int:
    with closing(sqlite3.connect(path)) as conn:
        return int(conn.execute("SELECT count(*) FROM runs").fetchone()[0])


def _patch_connect(
    monkeypatch: pytest.MonkeyPatch, wrap: Callable[[Path], tuple[Any, dict[str, Any]]]
) -> None:
    """Make every store connection go through ``wrap`` (what to open, and how)."""
    real = sqlite3.connect

    def connect(path: Path, **kwargs: Any) -> sqlite3.Connection:
        target, extra = wrap(path)
        return real(target, **{**kwargs, **extra})

    monkeypatch.setattr(db_module.sqlite3, "connect", connect)


def test_a_new_database_and_its_wal_files_are_private(tmp_path: Path, clock: FakeClock) -> None:
    old = os.umask(0o022)  # the usual umask would give SQLite's default 0644
    path = tmp_path / "new" / "recon.db"
    try:
        store = Store.open(path, clock=clock)
        # A reader holding the file open keeps the -wal and -shm files in place to look at.
        with closing(sqlite3.connect(path)) as reader:
            reader.execute("SELECT count(*) FROM runs").fetchone()
            store.record_run(make_result(make_gap()))
            sides = [path.with_name(path.name + suffix) for suffix in ("-wal", "-shm")]
            assert all(side.exists() for side in sides)
            assert [_mode(side) for side in sides] == [0o600, 0o600]
    finally:
        os.umask(old)
    assert _mode(path) == 0o600
    assert _mode(path.parent) == 0o700


def test_a_damaged_page_is_one_line_and_changes_nothing(tmp_path: Path, clock: FakeClock) -> None:
    path = tmp_path / "recon.db"
    store = Store.open(path, clock=clock)
    store.record_run(make_result(make_gap()))
    with closing(sqlite3.connect(path)) as conn:
        page = int(conn.execute("PRAGMA page_size").fetchone()[0])
    size = path.stat().st_size
    with open(path, "r+b") as f:  # every page but the first (the header) overwritten
        f.seek(page)
        f.write(b"\xa5" * (size - page))
    with pytest.raises(DatabaseUnusable) as caught:
        store.record_run(make_result(make_gap("Wayne")))
    assert caught.value.problem == "damaged"
    assert "\n" not in str(caught.value)
    assert "restore it from a backup" in str(caught.value)


def test_a_file_that_is_not_a_database_is_named_through_the_cli(tmp_path: Path) -> None:
    path = tmp_path / "recon.db"
    path.write_bytes(b"this is a spreadsheet, honest\n" * 400)
    result = CliRunner().invoke(cli, ["gaps", "--db", str(path)])
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {path} is not a database recon can use")
    assert result.output.count("\n") == 1
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_a_full_disk_records_nothing(
    tmp_path: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "recon.db"
    store = Store.open(path, clock=clock)
    store.record_run(make_result(make_gap()))
    with closing(sqlite3.connect(path)) as conn:
        pages = int(conn.execute("PRAGMA page_count").fetchone()[0])
    real = sqlite3.connect

    def capped(target: Path, **kwargs: Any) -> sqlite3.Connection:
        conn = real(target, **kwargs)
        conn.execute(f"PRAGMA max_page_count = {pages}")  # the file may not grow: a full disk
        return conn

    monkeypatch.setattr(db_module.sqlite3, "connect", capped)
    many = [make_gap(f"Client {n:04d} with a long name to fill pages") for n in range(400)]
    with pytest.raises(DatabaseUnusable) as caught:
        store.record_run(make_result(*many))
    assert caught.value.problem == "full"
    assert "free some space" in str(caught.value)
    monkeypatch.undo()
    assert _run_count(path) == 1


def test_a_read_only_database_says_so(
    tmp_path: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "recon.db"
    store = Store.open(path, clock=clock)
    store.record_run(make_result(make_gap()))
    _patch_connect(monkeypatch, lambda p: (f"file:{p}?mode=ro", {"uri": True}))
    with pytest.raises(DatabaseUnusable) as caught:
        store.record_run(make_result(make_gap("Wayne")))
    assert caught.value.problem == "read_only"
    assert "give your user write access" in str(caught.value)
    monkeypatch.undo()
    assert _run_count(path) == 1


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes through chmod")
def test_a_chmod_read_only_database_is_one_cli_line(tmp_path: Path, clock: FakeClock) -> None:
    path = tmp_path / "recon.db"
    Store.open(path, clock=clock).record_run(make_result(make_gap()))
    for name in (path, path.with_name("recon.db-wal"), path.with_name("recon.db-shm")):
        if name.exists():
            name.chmod(0o400)
    tmp_path.chmod(0o500)
    try:
        result = CliRunner().invoke(cli, ["resolve", "1", "--db", str(path)])
    finally:
        tmp_path.chmod(0o700)
    assert result.exit_code == 1
    assert "read-only" in result.output or "can't be read or written" in result.output
    assert "Traceback" not in result.output
