"""The learning curve on a small replay: the queue falls and nothing wrong is ever matched."""

from __future__ import annotations

from benchmarks.learning_curve import replay


def test_review_queue_falls_and_no_rejected_pair_is_ever_matched() -> None:
    learning = replay(4, 60, 5, seed=3, learn=True)
    aliases_only = replay(4, 60, 5, seed=3, learn=False)
    assert learning[0].review > 10
    assert all(run.review < learning[0].review / 3 for run in learning[1:])
    assert sum(r.review for r in learning[1:]) < sum(r.review for r in aliases_only[1:])
    assert all(run.wrong == 0 and run.rejected_matched == 0 for run in [*learning, *aliases_only])
    assert learning[-1].methods["learned"] > 0
