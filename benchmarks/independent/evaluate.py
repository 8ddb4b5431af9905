"""Reconcile and score every pair of the dev sets, and print what a change moved.

Each pair is reconciled in a child process exactly as a user runs it (``python -m recon
reconcile V P --format json --no-save --as-of DATE``, hash seed fixed, a throw-away store)
by the engine in ``--engine`` (a checkout; default: this one), scored against its
``truth.json``, and both files kept (``RESULTS/SET/PAIR.json`` and ``PAIR.score.json``) so a
later run is compared pair by pair and a pair already scored is not run again::

    python -m benchmarks.independent evaluate DATA RESULTS --sets small,sites --jobs 2
    python -m benchmarks.independent evaluate DATA AFTER --engine ../branch --against RESULTS

The table gives, per set and client count, the mean precision and recall over pairs, the
false and missed gaps, the pairs below issue 11's bars (precision 0.97, recall 0.95), wrong
client merges and the largest share of clients sent to review.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks.independent.score import load, score

REPO = Path(__file__).resolve().parents[2]
#: Issue 11's bars for one export pair.
PRECISION_BAR = 0.97
RECALL_BAR = 0.95


class EngineFailed(RuntimeError):
    """The engine exited with an error on a pair; the message names the pair."""


@dataclass(frozen=True, slots=True)
class Pair:
    """One pair of a set: where its files are, and where its results go."""

    set: str
    folder: Path

    @property
    def clients(self) -> int:
        truth = json.loads((self.folder / "truth.json").read_text(encoding="utf-8"))
        return int(truth["spec"]["clients"])


def pairs(data: Path, sets: tuple[str, ...] | None = None) -> list[Pair]:
    """Every pair under ``data/SET/`` (all sets found when ``sets`` is None), sorted."""
    names = sets or tuple(sorted(p.name for p in data.iterdir() if p.is_dir()))
    found = [
        Pair(name, folder)
        for name in names
        if (data / name).is_dir()
        for folder in sorted((data / name).iterdir())
        if (folder / "truth.json").exists()
    ]
    return found


def reconcile(pair: Pair, report: Path, engine: Path = REPO) -> None:
    """Run ``engine``'s ``recon reconcile`` on ``pair`` into ``report``.

    Raises:
        EngineFailed: the engine exited non-zero (its last error line is in the message).
    """
    truth = json.loads((pair.folder / "truth.json").read_text(encoding="utf-8"))
    as_of = truth["spec"].get("as_of")
    env = dict(os.environ, PYTHONPATH=str(engine), PYTHONHASHSEED="0")
    with tempfile.TemporaryDirectory() as work:
        command = [
            *(sys.executable, "-m", "recon", "reconcile"),
            *(str(pair.folder / "vendor.csv"), str(pair.folder / "psa.csv")),
            *("--format", "json", "--output", str(report), "--no-save"),
            *("--db", str(Path(work) / "run.db")),
            *(("--as-of", as_of) if as_of else ()),
        ]
        done = subprocess.run(
            command, check=False, cwd=engine, env=env, capture_output=True, text=True
        )
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["(no message)"])[-1]
        raise EngineFailed(f"{pair.set}/{pair.folder.name}: {last}")


def evaluate(
    todo: list[Pair], results: Path, *, engine: Path = REPO, jobs: int = 1
) -> dict[Pair, dict[str, Any]]:
    """Reconcile and score each pair not already scored under ``results``; every score."""

    def one(pair: Pair) -> tuple[Pair, dict[str, Any]]:
        folder = results / pair.set
        folder.mkdir(parents=True, exist_ok=True)
        scored = folder / f"{pair.folder.name}.score.json"
        if not scored.exists():
            report = folder / f"{pair.folder.name}.json"
            reconcile(pair, report, engine)
            result = score(load(report), load(pair.folder / "truth.json")).to_dict()
            scored.write_text(json.dumps(result), encoding="utf-8")
        return pair, json.loads(scored.read_text(encoding="utf-8"))

    with ThreadPoolExecutor(max(1, jobs)) as pool:
        return dict(pool.map(one, todo))


def scores_in(results: Path, todo: list[Pair]) -> dict[Pair, dict[str, Any]]:
    """The scores already under ``results`` for the pairs of ``todo`` that have one."""
    found = {}
    for pair in todo:
        scored = results / pair.set / f"{pair.folder.name}.score.json"
        if scored.exists():
            found[pair] = json.loads(scored.read_text(encoding="utf-8"))
    return found


@dataclass(frozen=True, slots=True)
class Row:
    """One set at one client count."""

    pairs: int
    precision: float
    recall: float
    false: int
    missed: int
    below: int
    wrong_merges: int
    review: float

    def cells(self) -> str:
        return (
            f"{self.precision:.4f} | {self.recall:.4f} | {self.false} / {self.missed} | "
            f"{self.below} | {self.wrong_merges} | {self.review:.1%}"
        )


def summarise(scores: list[dict[str, Any]]) -> Row:
    """Means and totals over the pairs of one set and size."""
    n = len(scores)
    return Row(
        pairs=n,
        precision=sum(s["precision"] for s in scores) / n,
        recall=sum(s["recall"] for s in scores) / n,
        false=sum(s["found_gaps"] - s["correct_gaps"] for s in scores),
        missed=sum(s["true_gaps"] - s["correct_gaps"] for s in scores),
        below=sum(s["precision"] < PRECISION_BAR or s["recall"] < RECALL_BAR for s in scores),
        wrong_merges=sum(s["wrong_merge_count"] for s in scores),
        review=max(s["review_share"] for s in scores),
    )


def _groups(scored: dict[Pair, dict[str, Any]]) -> dict[tuple[str, int], list[dict[str, Any]]]:
    groups: dict[tuple[str, int], list[dict[str, Any]]] = {}
    for pair, result in scored.items():
        groups.setdefault((pair.set, pair.clients), []).append(result)
    return groups


def table(
    after: dict[Pair, dict[str, Any]], before: dict[Pair, dict[str, Any]] | None = None
) -> str:
    """A Markdown table per set and size; with ``before``, each row before and after.

    Only pairs scored in both are compared, so a half-run comparison is never mistaken for
    a change.
    """
    columns = (
        "set",
        "clients",
        "pairs",
        "precision",
        "recall",
        "false / missed",
        "below a bar",
        "wrong merges",
        "largest review",
    )
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    if before is not None:
        common = after.keys() & before.keys()
        after = {p: after[p] for p in common}
        before = {p: before[p] for p in common}
    old = _groups(before) if before is not None else {}
    for (name, clients), results in sorted(_groups(after).items()):
        now = summarise(results)
        lines.append(f"| {name} | {clients:,} | {now.pairs} | {now.cells()} |")
        if (name, clients) in old:
            was = summarise(old[(name, clients)])
            lines.insert(-1, f"| {name} (before) | {clients:,} | {was.pairs} | {was.cells()} |")
    return "\n".join(lines)
