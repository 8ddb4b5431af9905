"""The dev sets rebuild byte for byte, and ``evaluate`` scores them as a user runs the engine."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks.independent.dev_sets import GROUPS, SETS, make_sets
from benchmarks.independent.evaluate import (
    EngineFailed,
    Pair,
    evaluate,
    pairs,
    scores_in,
    summarise,
    table,
)


def test_an_unknown_set_is_refused_by_name(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown set smal; the sets are small, fresh"):
        make_sets(tmp_path, ("smal",))
    assert not any(tmp_path.iterdir())


def test_sets_use_dev_spellings_only_and_are_not_rewritten(tmp_path: Path) -> None:
    made = make_sets(tmp_path, ("sites",))
    assert [m.set for m in made] == ["sites"] * 12
    truths = [json.loads((m.folder / "truth.json").read_text()) for m in made]
    assert {t["spec"]["spellings"] for t in truths} == {"dev"}
    assert {t["spec"]["clients"] for t in truths} == {85, 300}
    assert all(t["families"] for t in truths)
    stamps = {p: p.stat().st_mtime_ns for m in made for p in m.folder.iterdir()}
    again = make_sets(tmp_path, ("sites",))
    assert [m.folder for m in again] == [m.folder for m in made]
    assert {p: p.stat().st_mtime_ns for p in stamps} == stamps
    assert "bigclients" in SETS


def test_past_check_sets_rebuild_from_their_seeds(tmp_path: Path) -> None:
    # A round's check set becomes a dev set the round after: a new machine must rebuild it.
    made = make_sets(tmp_path, ("sites6",))
    truths = [json.loads((m.folder / "truth.json").read_text()) for m in made]
    assert len(made) == 12 and {t["spec"]["seed"] for t in truths} == {10}
    assert all(t["families"] for t in truths)
    assert set(GROUPS["checks"]) >= {"check", "check6", "sites2", "sites6"}
    assert set(GROUPS["checks"]) <= set(SETS)


def test_a_site_set_from_a_new_seed_leaves_small_as_it_was(tmp_path: Path) -> None:
    # Seeds 1-12 of small have all made site sets; a later one must not add pairs to small.
    made = make_sets(tmp_path, ("sites13",))
    truths = [json.loads((m.folder / "truth.json").read_text()) for m in made]
    assert len(made) == 12 and {t["spec"]["seed"] for t in truths} == {13}
    assert not (tmp_path / "small").exists()
    assert len(list((tmp_path / "sources").iterdir())) == 12


def _one_pair(tmp_path: Path) -> Pair:
    make_sets(tmp_path / "data", ("sites",))
    return next(p for p in pairs(tmp_path / "data", ("sites",)) if p.clients == 85)


def test_a_pair_is_reconciled_scored_and_kept(tmp_path: Path) -> None:
    pair = _one_pair(tmp_path)
    results = tmp_path / "results"
    scored = evaluate([pair], results)
    score = scored[pair]
    assert (
        score["true_gaps"] > 0 and 0 < score["precision"] <= 1 and score["wrong_merge_count"] == 0
    )
    report = json.loads((results / "sites" / f"{pair.folder.name}.json").read_text())
    assert report["gaps"]
    # Kept: a second evaluation does not run the engine again (this engine could not run).
    again = evaluate([pair], results, engine=tmp_path / "no-such-checkout")
    assert again == scored
    assert scores_in(results, [pair]) == scored


def test_an_engine_failure_names_the_pair(tmp_path: Path) -> None:
    pair = _one_pair(tmp_path)
    (pair.folder / "vendor.csv").write_text("", encoding="utf-8")
    with pytest.raises(EngineFailed, match=f"sites/{pair.folder.name}: "):
        evaluate([pair], tmp_path / "results")
    assert not (tmp_path / "results" / "sites" / f"{pair.folder.name}.score.json").exists()


def _score(precision: float, recall: float, *, true: int = 10) -> dict[str, float]:
    correct = round(recall * true)
    found = round(correct / precision)
    return {
        "precision": precision,
        "recall": recall,
        "true_gaps": true,
        "found_gaps": found,
        "correct_gaps": correct,
        "wrong_merge_count": 0,
        "review_share": 0.02,
    }


def test_the_table_counts_pairs_below_a_bar_and_compares_only_pairs_run_in_both(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "p"
    folder.mkdir()
    (folder / "truth.json").write_text(json.dumps({"spec": {"clients": 85}}))
    other = tmp_path / "q"
    other.mkdir()
    (other / "truth.json").write_text(json.dumps({"spec": {"clients": 85}}))
    a, b = Pair("small", folder), Pair("small", other)
    row = summarise([_score(1.0, 0.9), _score(0.96, 1.0), _score(1.0, 1.0)])
    assert (row.pairs, row.below, row.missed) == (3, 2, 1)
    after = {a: _score(1.0, 1.0), b: _score(0.5, 0.5)}
    before = {a: _score(1.0, 0.9)}
    text = table(after, before)
    assert "| small (before) | 85 | 1 | 1.0000 | 0.9000 | 0 / 1 | 1 | 0 | 2.0% |" in text
    assert "| small | 85 | 1 | 1.0000 | 1.0000 | 0 / 0 | 0 | 0 | 2.0% |" in text
