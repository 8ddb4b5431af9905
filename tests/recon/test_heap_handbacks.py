"""Freed arrays handed back inside client matching and the comparison (issue 16).

The fuzzy step's passes (blocking, screen, lines), the exact pairs' checks before it, the
leftover pass after it, and the comparison's join and gap rows each leave arrays freed in the
C heap, and the step after each builds Python objects, which never reuse that space: without
a hand-back between them each one's garbage sat under the next (client matching's peak at
60,000 clients 685 -> 636 MiB). What is asserted is the order of the steps on the bundled
examples: no memory figure is stable enough to test.
"""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

from tests.recon.step_order import handed_back_between, noted, run_examples

# The modules, not the functions of the same names their packages export.
engine = importlib.import_module("recon.engine.reconcile")
comparing = importlib.import_module("recon.engine.compare")
clients = importlib.import_module("recon.match.clients")
fuzzy = importlib.import_module("recon.match.fuzzy")
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def test_the_heap_is_handed_back_between_the_fuzzy_steps_passes(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    steps: list[str] = []
    monkeypatch.setattr(fuzzy, "release_unused", noted(steps, "release_unused", lambda: None))
    monkeypatch.setattr(clients, "release_unused", noted(steps, "release_unused", lambda: None))
    step = fuzzy.FuzzyStep
    for name in ("run", "_candidates", "_screen_ranked", "_measure", "_second_look"):
        monkeypatch.setattr(step, name, noted(steps, name, getattr(step, name)))
    run_examples(tmp_path)
    # Before the step: the exact pairs' checks' frames.
    assert steps.index("release_unused") < steps.index("run")
    assert handed_back_between(steps, "_candidates", "_screen_ranked")
    first_screen = steps.index("_screen_ranked")
    assert "release_unused" in steps[first_screen : steps.index("_measure")]
    first_measure = steps.index("_measure")
    assert "release_unused" in steps[first_measure : steps.index("_second_look")]


def test_the_heap_is_handed_back_after_the_leftovers_before_the_pending_pairs(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    steps: list[str] = []
    for name in ("release_unused", "ask_leftovers", "pending_pairs"):
        monkeypatch.setattr(engine, name, noted(steps, name, getattr(engine, name)))
    run_examples(tmp_path)
    assert handed_back_between(steps, "ask_leftovers", "pending_pairs")


def test_the_heap_is_handed_back_around_the_gap_rows(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    steps: list[str] = []
    for name in ("release_unused", "outer_join", "gaps_of", "_seat_rows"):
        monkeypatch.setattr(comparing, name, noted(steps, name, getattr(comparing, name)))
    run_examples(tmp_path)
    assert handed_back_between(steps, "outer_join", "gaps_of")
    assert handed_back_between(steps, "gaps_of", "_seat_rows")
