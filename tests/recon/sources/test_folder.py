"""The watched folder: which side a file is, newest wins, settled files only, memory."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from recon.errors import SourceError, UsageError
from recon.model import Col, Side
from recon.sources import FolderSettings, FolderSource, Runtime
from tests.conftest import FakeClock
from tests.recon.sources import data
from tests.recon.sources.conftest import RecordingSleep

GENERIC = "Customer,Product,Quantity\nAcme,Thing,1\n"


def _write(path: Path, text: str, mtime: float) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    os.utime(path, (mtime, mtime))
    return path


@pytest.fixture
def folder(tmp_path: Path) -> FolderSettings:
    root = tmp_path / "exports"
    root.mkdir()
    return FolderSettings(root, tmp_path / "state" / "watched.json", settle_seconds=10)


def test_the_side_comes_from_the_subfolder_and_the_newest_file_wins(
    folder: FolderSettings, runtime: Runtime, sleep: RecordingSleep
) -> None:
    _write(folder.path / "vendor" / "old.csv", data.PAX8_EXPORT.replace("10,", "99,"), 1_000)
    newest = _write(folder.path / "Vendor" / "new.csv", data.PAX8_EXPORT, 2_000)
    _write(folder.path / "psa" / "cw.csv", data.CONNECTWISE_EXPORT, 1_500)
    source = FolderSource(folder, runtime=runtime)
    lines = source.fetch(side=Side.VENDOR)
    assert lines.path == str(newest)
    assert (lines.side, lines.format_name) == (Side.VENDOR, "pax8_subscriptions")
    assert int(lines.lines[Col.QTY].iloc[0]) == 10_000
    assert sleep.waits == [10.0]  # seen once, then again a settle interval later
    assert source.fetch(side=Side.PSA).format_name == "connectwise"


def test_files_in_the_folder_itself_are_recognised_by_their_header(
    folder: FolderSettings, runtime: Runtime
) -> None:
    pax8 = _write(folder.path / "pax8-march.csv", data.PAX8_EXPORT, 1_000)
    _write(folder.path / "generic.csv", GENERIC, 5_000)  # either side: ignored
    _write(folder.path / "cw.csv.part", data.CONNECTWISE_EXPORT, 5_000)  # still downloading
    _write(folder.path / "~$cw.csv", data.CONNECTWISE_EXPORT, 5_000)  # an Office lock file
    _write(folder.path / "notes.xlsx", "not a csv", 5_000)
    source = FolderSource(folder, runtime=runtime)
    assert source.newest(Side.VENDOR) == pax8
    assert source.newest(Side.PSA) is None
    with pytest.raises(SourceError, match="has no psa export yet") as info:
        source.fetch(side=Side.PSA)
    assert info.value.source == "folder"


def test_a_file_is_new_data_only_once_it_has_stopped_changing(
    folder: FolderSettings, runtime: Runtime, clock: FakeClock
) -> None:
    export = _write(folder.path / "vendor" / "pax8.csv", data.PAX8_EXPORT[:200], 1_000)
    source = FolderSource(folder, runtime=runtime)
    assert source.has_new_data() is False  # first look: only observed
    clock.advance(seconds=10)
    _write(export, data.PAX8_EXPORT, 1_005)  # the copy goes on
    assert source.has_new_data() is False  # it changed: the clock starts again
    clock.advance(seconds=9)
    assert source.has_new_data() is False  # unchanged, but not for long enough
    clock.advance(seconds=1)
    assert source.has_new_data() is True
    assert source.has_new_data(Side.PSA) is False


def test_a_file_that_never_stops_changing_is_not_read(
    folder: FolderSettings, clock: FakeClock
) -> None:
    export = _write(folder.path / "vendor" / "pax8.csv", data.PAX8_EXPORT, 1_000)
    waits: list[float] = []

    def busy_sleep(seconds: float) -> None:  # the copy grows while we wait
        waits.append(seconds)
        clock.advance(seconds=seconds)
        with export.open("a", encoding="utf-8") as handle:
            handle.write(data.PAX8_EXPORT.splitlines()[1] + "\n")

    source = FolderSource(folder, runtime=Runtime(clock=clock, sleep=busy_sleep))
    with pytest.raises(
        SourceError, match=r"pax8\.csv in the watched folder is still being written"
    ):
        source.fetch(side=Side.VENDOR)
    assert waits == [10.0] * 6


def test_what_was_reconciled_is_remembered_across_restarts(
    folder: FolderSettings, runtime: Runtime, clock: FakeClock
) -> None:
    _write(folder.path / "vendor" / "feb.csv", data.PAX8_EXPORT, 1_000)
    source = FolderSource(folder, runtime=runtime)
    lines = source.fetch(side=Side.VENDOR)
    assert source.has_new_data(Side.VENDOR) is True
    source.mark_reconciled(lines)
    assert source.has_new_data(Side.VENDOR) is False
    remembered = FolderSource(folder, runtime=runtime).last_reconciled(Side.VENDOR)
    assert remembered is not None
    assert (remembered.name, remembered.sha256) == ("vendor/feb.csv", lines.sha256)

    _write(folder.path / "vendor" / "mar.csv", data.PAX8_EXPORT, 2_000)
    restarted = FolderSource(folder, runtime=runtime)
    assert restarted.has_new_data() is False  # seen for the first time
    clock.advance(seconds=10)
    assert restarted.has_new_data() is True


def test_lines_from_elsewhere_are_not_remembered(folder: FolderSettings, runtime: Runtime) -> None:
    _write(folder.path / "vendor" / "feb.csv", data.PAX8_EXPORT, 1_000)
    source = FolderSource(folder, runtime=runtime)
    lines = source.fetch(side=Side.VENDOR)
    other = FolderSource(folder, runtime=runtime)
    other.mark_reconciled(lines)  # this instance didn't read them
    assert other.last_reconciled(Side.VENDOR) is None
    assert not folder.state_path.exists()


def test_a_corrupt_memory_file_starts_over(folder: FolderSettings, runtime: Runtime) -> None:
    folder.state_path.parent.mkdir(parents=True)
    folder.state_path.write_text("{not json", encoding="utf-8")
    assert FolderSource(folder, runtime=runtime).last_reconciled(Side.PSA) is None


def test_a_missing_or_unmounted_folder_is_unreachable(tmp_path: Path, runtime: Runtime) -> None:
    settings = FolderSettings(tmp_path / "not-mounted", tmp_path / "state.json")
    with pytest.raises(SourceError, match="check RECON_WATCH_DIR") as info:
        FolderSource(settings, runtime=runtime).has_new_data()
    assert info.value.kind == "unreachable"


def test_reading_the_folder_needs_a_side(folder: FolderSettings, runtime: Runtime) -> None:
    with pytest.raises(UsageError, match="say which one"):
        FolderSource(folder, runtime=runtime).fetch()
