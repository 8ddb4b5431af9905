"""What a run holds while its two memory peaks are built (issue 16: memory at scale).

Client matching and the family questions are the two steps a distributor-sized run peaks in
besides the comparison. The PSA footprint frame (a product key per PSA row, about 30 MiB at
60,000 clients) is not held by the run while clients are matched: the evidence keeps the lines
it reads, and the line reader's frame is made after matching. The comparison's freed arrays
are handed back before the family questions, or those landed on top of them (714 MiB at
60,000 clients, 567 handed back first). What is asserted is what the run's own frame holds and
the order of its steps on the bundled examples: no memory figure is stable enough to test.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from recon.service import ReconcileRequest, run_reconciliation

# The module, not the function of the same name the engine package exports.
engine = importlib.import_module("recon.engine.reconcile")
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _run(tmp_path: Path) -> None:
    outcome = run_reconciliation(
        ReconcileRequest(
            vendor=EXAMPLES / "vendor_partner_center.csv",
            psa=EXAMPLES / "psa_connectwise.csv",
            save=False,
        ),
        db_path=tmp_path / "recon.db",
    )
    assert outcome.result.gaps  # the run compared something


def test_the_run_holds_no_frame_of_its_own_while_clients_are_matched(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    held: list[list[str]] = []
    match_clients = engine.match_clients

    def noting(*args: Any, **kwargs: Any) -> Any:
        caller = sys._getframe(1).f_locals  # the run's own step, as it calls the matcher
        held.append([name for name, value in caller.items() if isinstance(value, pd.DataFrame)])
        return match_clients(*args, **kwargs)

    monkeypatch.setattr(engine, "match_clients", noting)
    _run(tmp_path)
    assert held == [[]]


def test_the_heap_is_handed_back_after_the_comparison_before_the_family_questions(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    steps: list[str] = []

    def noted(name: str, step: Any) -> Any:
        def run(*args: Any, **kwargs: Any) -> Any:
            steps.append(name)
            return step(*args, **kwargs)

        return run

    for name in ("release_unused", "compare", "_family_questions"):
        monkeypatch.setattr(engine, name, noted(name, getattr(engine, name)))
    _run(tmp_path)
    family = steps.index("_family_questions")
    compared = max(i for i, s in enumerate(steps[:family]) if s == "compare")
    assert "release_unused" in steps[compared:family]
