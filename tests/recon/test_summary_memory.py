"""The summary's not-recurring records are built on a trimmed heap.

Python keeps its objects in arenas of its own, never in the C heap's free space: built right
after the comparison and the family questions, the not-recurring records (170,000 at 60,000
clients) sat on top of the memory those steps had freed and made the run's peak in the
compare phase (730 MiB, 578 with the heap handed back first). What is asserted is the order
of the run's own steps on the bundled examples: no memory figure is stable enough to test.
"""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

from recon.service import ReconcileRequest, run_reconciliation

# The module, not the function of the same name the engine package exports.
engine = importlib.import_module("recon.engine.reconcile")
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def test_the_heap_is_handed_back_after_the_family_questions_before_the_records(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    steps: list[str] = []

    def noted(name: str, step):  # type: ignore[no-untyped-def]
        def run(*args, **kwargs):  # type: ignore[no-untyped-def]
            steps.append(name)
            return step(*args, **kwargs)

        return run

    for name in ("release_unused", "not_recurring_of", "_family_questions"):
        monkeypatch.setattr(engine, name, noted(name, getattr(engine, name)))
    outcome = run_reconciliation(
        ReconcileRequest(
            vendor=EXAMPLES / "vendor_partner_center.csv",
            psa=EXAMPLES / "psa_connectwise.csv",
            save=False,
        ),
        db_path=tmp_path / "recon.db",
    )
    assert outcome.result.gaps  # the run compared something
    first_records = steps.index("not_recurring_of")
    family = max(i for i, s in enumerate(steps[:first_records]) if s == "_family_questions")
    assert "release_unused" in steps[family:first_records]
