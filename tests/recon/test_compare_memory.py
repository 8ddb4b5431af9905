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

import pandas as pd
import pytest

from recon.engine import compare as compare_module
from recon.engine import reconcile
from recon.formats import read_export
from recon.model import Side
from tests.conftest import FakeClock
from tests.recon.conftest import make_lines

SPAM = "Spam Filter Service"
PROOFPOINT = "Proofpoint Essentials Business"

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


def test_one_targeting_of_the_psa_rows_is_alive_at_a_time(
    monkeypatch: pytest.MonkeyPatch, clock: FakeClock
) -> None:
    """Each targeting is a frame with columns of its own per PSA row: the one it replaces is
    let go before it is made, so two are never held at once (tens of MiB at 60,000 clients)."""
    from recon.engine import pending_rows
    from recon.engine.question_keys import TARGET

    alive: list[int] = []
    psa_targets = compare_module.psa_targets

    def noting(*args: Any, **kwargs: Any) -> Any:
        alive.append(
            sum(
                1
                for o in gc.get_objects()
                if isinstance(o, pd.DataFrame) and TARGET in o.columns and "pair_how" in o.columns
            )
        )
        return psa_targets(*args, **kwargs)

    monkeypatch.setattr(compare_module, "psa_targets", noting)
    monkeypatch.setattr(pending_rows, "psa_targets", noting)
    # A text the seats leave as a question: its rows are targeted again as its candidate.
    vendor = make_lines(
        Side.VENDOR, [("Acme", PROOFPOINT, 10, "3.00"), ("Bolt", PROOFPOINT, 7, "3.00")]
    )
    psa = make_lines(Side.PSA, [("Acme", SPAM, 10, "5.00"), ("Bolt", SPAM, 6, "5.00")])
    result = reconcile(vendor, psa, clock=clock)
    assert result.questions and result.gaps  # the question, and Bolt's gap pending it
    assert len(alive) >= 3, alive  # learning, the first targeting, and targeted again
    assert alive == [0] * len(alive)


def test_no_targeting_of_the_psa_rows_is_held_while_the_gap_rows_are_built(
    monkeypatch: pytest.MonkeyPatch, clock: FakeClock
) -> None:
    """The targeting's own columns are summed by then: the gap rows, the run's peak, read
    the PSA groups' names and currencies from the groups themselves."""
    from recon.engine.question_keys import TARGET

    held: list[int] = []
    gaps_of = compare_module.gaps_of

    def noting(*args: Any, **kwargs: Any) -> Any:
        held.append(
            sum(1 for o in gc.get_objects() if isinstance(o, pd.DataFrame) and TARGET in o.columns)
        )
        return gaps_of(*args, **kwargs)

    monkeypatch.setattr(compare_module, "gaps_of", noting)
    result = reconcile(read_export(VENDOR), read_export(PSA), clock=clock)
    assert result.gaps
    assert held == [0]
