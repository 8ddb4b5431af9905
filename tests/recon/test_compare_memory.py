"""The comparison lets its evidence-pass state go before the gap rows (issue 16: memory at scale).

The gap rows are where a distributor-sized run peaks. The evidence pass's row keys (every PSA
row's client and product codes, every compared vendor row's: about 19 MiB at 60,000 clients)
are not read once both sides are summed and joined.
"""

from __future__ import annotations

import functools
import gc
from pathlib import Path
from typing import Any

import pytest

from recon.engine import compare as compare_module
from recon.engine import reconcile
from recon.formats import read_export
from tests.conftest import FakeClock

ROOT = Path(__file__).resolve().parents[2]
VENDOR = ROOT / "examples" / "vendor_partner_center.csv"
PSA = ROOT / "examples" / "psa_connectwise.csv"


def test_row_keys_are_gone_when_the_gap_rows_are_built(
    monkeypatch: pytest.MonkeyPatch, clock: FakeClock
) -> None:
    held: list[int] = []
    gaps_of = compare_module.gaps_of

    def noting(*args: Any, **kwargs: Any) -> Any:
        held.append(
            sum(
                1
                for o in gc.get_objects()
                if isinstance(o, functools.partial) and o.func is compare_module._row_keys
            )
        )
        return gaps_of(*args, **kwargs)

    monkeypatch.setattr(compare_module, "gaps_of", noting)
    result = reconcile(read_export(VENDOR), read_export(PSA), clock=clock)
    assert result.gaps  # the run itself is whole
    assert held == [0]
