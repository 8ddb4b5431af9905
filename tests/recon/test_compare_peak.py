"""The comparison's peak at scale (issue 16): garbage handed back between its passes, and the
evidence pass weighing a PSA frame without the columns only the gap rows read.

Each pass of the comparison (the twin pass before it, the codes and targeting, the first
weighing, the readings, the ghost and ended lines, the comparison itself) leaves arrays freed
in the C heap that the next pass's own temporaries land beside rather than in: handed back
between them, the comparison's peak at 60,000 clients is lower. What is asserted is the order
of the steps on the bundled examples: no memory figure is stable enough to test.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any, cast

import pandas as pd
import pytest

from recon.catalog.text import TextCandidate
from recon.match.client_evidence import IDENTITY, PRODUCT, QTY
from recon.match.read_lines import LineReader
from tests.recon.step_order import handed_back_between, note, run_examples

# The modules, not the functions of the same names their packages export.
engine = importlib.import_module("recon.engine.reconcile")
comparing = importlib.import_module("recon.engine.compare")
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _between(steps: list[str], first: str, then: str) -> bool:
    """Whether every ``first`` is followed by a hand-back before the next ``then``."""
    assert then in steps, f"{then} never ran"
    return handed_back_between(steps, first, then)


def test_the_twin_pass_is_handed_back_before_the_comparison(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    steps: list[str] = []
    note(monkeypatch, engine, steps, "release_unused", "vendor_twins", "merge_twins")
    run_examples(tmp_path)
    assert _between(steps, "vendor_twins", "merge_twins")


def test_the_comparison_is_handed_back_before_the_gaps_are_read_again(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    steps: list[str] = []
    note(monkeypatch, engine, steps, "release_unused", "compare", "sum_review_tenants")
    run_examples(tmp_path)
    assert _between(steps, "compare", "sum_review_tenants")


def test_the_heap_is_handed_back_between_the_comparisons_passes(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    steps: list[str] = []
    note(
        monkeypatch,
        comparing,
        steps,
        "release_unused",
        "_row_keys",
        "weigh_unmapped",
        "targeted",
        "_reading_rows",
        "weigh_all",
        "ghost_lines",
        "unmapped_products",
        "by_term",
    )
    note(monkeypatch, engine, steps, "compare")
    run_examples(tmp_path)
    # The comparison's own steps (the evidence pass before client matching runs them too).
    own = steps[steps.index("compare") :]
    # Its codes and targeting, before the first weighing.
    first_weigh = own.index("weigh_unmapped")
    keyed = max(i for i, s in enumerate(own[:first_weigh]) if s == "_row_keys")
    assert "release_unused" in own[keyed:first_weigh]
    assert _between(own, "targeted", "_reading_rows")
    assert _between(own, "weigh_all", "ghost_lines")
    assert _between(own, "unmapped_products", "by_term")


def test_the_evidence_pass_weighs_the_psa_rows_without_the_gap_rows_columns(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    seen: list[set[str]] = []
    weigh = comparing.weigh_unmapped

    def noted(v: pd.DataFrame, p_all: pd.DataFrame, *args: Any, **kwargs: Any) -> Any:
        seen.append({str(c) for c in p_all.columns})
        return weigh(v, p_all, *args, **kwargs)

    monkeypatch.setattr(comparing, "weigh_unmapped", noted)
    run_examples(tmp_path)
    # Before client matching (the pairings it learns) and in the comparison.
    assert len(seen) >= 2
    for columns in seen[:2]:
        assert "target" in columns
        assert not columns & {"pair_score", "pair_how", "rests_on"}


def test_the_line_reader_keeps_only_the_lines_it_can_read() -> None:
    frame = pd.DataFrame(
        {
            IDENTITY: ["acme", "acme", "acme", "acme", "beta"],
            PRODUCT: [
                "copilot addon",
                "copilot addon",
                "managed services",
                "copilot",
                "copilot addon",
            ],
            QTY: [5000, 0, 9000, 4000, 3000],
        }
    )
    ranked = {"copilot addon": [TextCandidate("copilot", cast(Any, None))]}
    reader = LineReader(frame, ["copilot"], ranked)
    reader.prepare(["acme", "beta"])
    assert reader.read([("copilot", 5000)], "acme") == {("copilot", 5000)}
    assert reader.read([("copilot", 3000)], "beta") == {("copilot", 3000)}
    # The office step reads every line of a product the file does not carry, named or not.
    assert reader.uncarried(["acme"]) == {
        "acme": frozenset({("copilot addon", 5000), ("managed services", 9000)})
    }
    # A line of a product the file carries and a line without seats are never read: not held.
    assert len(reader._psa) == 3


def test_the_heap_is_handed_back_after_the_line_reader_is_built(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    steps: list[str] = []
    note(monkeypatch, engine, steps, "release_unused", "LineReader", "pending_pairs")
    run_examples(tmp_path)
    assert _between(steps, "LineReader", "pending_pairs")


def test_the_sums_are_let_go_before_the_seat_rows(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # The seat rows read the join and each side's seats alone: the sums' other columns and
    # the PSA pairing details are let go first (about 60 MiB at 60,000 clients, under the
    # seat rows with the gaps' objects built).
    import weakref

    held: list[weakref.ref[Any]] = []
    gaps_of, seat_rows = comparing.gaps_of, comparing._seat_rows

    def noting_sums(sides: Any, *args: Any) -> Any:
        held.extend(weakref.ref(a) for a in (sides.v.ext, sides.p.ext, sides.p_extra.score))
        return gaps_of(sides, *args)

    alive: list[int] = []

    def seats(sides: Any, *args: Any) -> Any:
        alive.append(sum(ref() is not None for ref in held))
        return seat_rows(sides, *args)

    monkeypatch.setattr(comparing, "gaps_of", noting_sums)
    monkeypatch.setattr(comparing, "_seat_rows", seats)
    run_examples(tmp_path)
    assert held and alive == [0]


def test_the_name_readings_are_forgotten_before_the_leftover_pass(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # The pairing passes' cached name readings sat under the leftover pass's own objects,
    # client matching's peak at 60,000 clients: they go (and are handed back) before it.
    steps: list[str] = []
    note(monkeypatch, engine, steps, "forget_name_readings", "release_unused", "ask_leftovers")
    run_examples(tmp_path)
    before = steps[: steps.index("ask_leftovers")]
    assert "forget_name_readings" in before
    assert "release_unused" in before[before.index("forget_name_readings") :]


def test_the_join_wide_arrays_are_handed_back_before_the_gap_records(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    gap_rows = importlib.import_module("recon.engine.gap_rows")
    steps: list[str] = []
    note(monkeypatch, gap_rows, steps, "release_unused", "records")
    run_examples(tmp_path)
    assert steps and "release_unused" in steps[: steps.index("records")]
