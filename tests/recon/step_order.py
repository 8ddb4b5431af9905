"""The order of a reconciliation's steps on the bundled examples, for the hand-back tests
(tests/recon/test_heap_handbacks.py, tests/recon/test_compare_peak.py): no memory figure is
stable enough to test, so they assert where the heap is handed back between steps."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from recon.service import ReconcileRequest, run_reconciliation

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def run_examples(tmp_path: Path) -> None:
    """Reconcile the bundled examples without saving the run."""
    outcome = run_reconciliation(
        ReconcileRequest(
            vendor=EXAMPLES / "vendor_partner_center.csv",
            psa=EXAMPLES / "psa_connectwise.csv",
            save=False,
        ),
        db_path=tmp_path / "recon.db",
    )
    assert outcome.result.gaps  # the run compared something


def noted(steps: list[str], name: str, step: Callable[..., Any]) -> Callable[..., Any]:
    """``step``, appending ``name`` to ``steps`` each time it runs."""

    def run(*args: Any, **kwargs: Any) -> Any:
        steps.append(name)
        return step(*args, **kwargs)

    return run


def note(monkeypatch: pytest.MonkeyPatch, module: Any, steps: list[str], *names: str) -> None:
    """Note each of ``module``'s functions ``names`` in ``steps`` when it runs."""
    for name in names:
        monkeypatch.setattr(module, name, noted(steps, name, getattr(module, name)))


def handed_back_between(steps: list[str], first: str, then: str) -> bool:
    """Whether every ``first`` is followed by a hand-back before the next ``then``."""
    at = [i for i, s in enumerate(steps) if s == first]
    assert at, f"{first} never ran"
    for i in at:
        after = steps[i + 1 :]
        upto = after.index(then) if then in after else len(after)
        if "release_unused" not in after[:upto]:
            return False
    return True
