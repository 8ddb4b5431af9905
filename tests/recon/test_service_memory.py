"""The service lets each side's line frame go once it is grouped (issue 16: memory at scale).

Matching and the comparison, where a distributor-sized run peaks, read only the groups; a line
frame still held there is over 100 MiB at 60,000 clients. These tests run the service as the
CLI does and look, when matching starts, at whether the frames read are still alive.
"""

from __future__ import annotations

import dataclasses
import gc
import weakref
from pathlib import Path

import pandas as pd
import pytest

from recon import service
from recon.engine import reconcile
from recon.engine.reconcile import group_sides, reconcile_groups
from recon.formats import read_export
from recon.model import SeatCol
from recon.service import ReconcileRequest, run_reconciliation
from tests.conftest import FakeClock

ROOT = Path(__file__).resolve().parents[2]
VENDOR = ROOT / "examples" / "vendor_partner_center.csv"
PSA = ROOT / "examples" / "psa_connectwise.csv"


def _frames_alive_at_matching(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, clock: FakeClock, *, save: bool
) -> list[bool]:
    frames: list[weakref.ref[pd.DataFrame]] = []
    read_sides = service.read_sides

    def noting_frames(*args: object, **kwargs: object) -> object:
        reads = read_sides(*args, **kwargs)  # type: ignore[arg-type]
        frames.extend(weakref.ref(read.lines.lines) for read in reads)
        return reads

    monkeypatch.setattr(service, "read_sides", noting_frames)
    alive: list[bool] = []

    def progress(message: str) -> None:
        if message.startswith("Matching"):
            gc.collect()
            alive.extend(frame() is not None for frame in frames)

    outcome = run_reconciliation(
        ReconcileRequest(vendor=VENDOR, psa=PSA, save=save),
        db_path=tmp_path / "r.db",
        clock=clock,
        progress=progress,
    )
    assert outcome.result.gaps  # the run itself is whole
    assert len(frames) == 2
    return alive


@pytest.mark.parametrize("save", [False, True])
def test_line_frames_are_freed_before_matching(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, clock: FakeClock, save: bool
) -> None:
    assert _frames_alive_at_matching(monkeypatch, tmp_path, clock, save=save) == [False, False]


def test_grouping_then_reconciling_is_reconcile(clock: FakeClock) -> None:
    vendor, psa = read_export(VENDOR), read_export(PSA)
    whole = reconcile(vendor, psa, clock=clock)
    grouped = group_sides(vendor, psa, clock=clock)
    # What grouping keeps of a side shares nothing with its lines.
    assert all(side.lines.empty for side in grouped.sides)
    stepped = reconcile_groups(grouped)
    assert stepped.gaps and stepped.gaps == whole.gaps
    assert dataclasses.asdict(stepped.summary) == dataclasses.asdict(whole.summary)
    assert stepped.generated_at == whole.generated_at


def test_the_seat_history_holds_each_name_once(clock: FakeClock) -> None:
    # A seat row per compared (client, product): at 60,000 clients 600,000 rows whose four text
    # columns, written out per row, were about 80 MiB at the run's peak.
    result = reconcile(read_export(VENDOR), read_export(PSA), clock=clock)
    seats = result.seats
    assert len(seats) > seats[SeatCol.CLIENT].nunique()
    for column in (SeatCol.CLIENT_KEY, SeatCol.PRODUCT_KEY, SeatCol.CLIENT, SeatCol.PRODUCT):
        held = seats[column]
        assert isinstance(held.dtype, pd.CategoricalDtype)
        assert held.cat.categories.is_unique
