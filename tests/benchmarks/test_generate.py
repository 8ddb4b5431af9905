"""The benchmark generator makes sane data, and the engine scores well on a 1k pair.

Quality bars come from runs of this generator (see benchmarks/README.md): over 30 seeds at
1k lines, no run had a wrong merge, gap precision fell to 0.74 and recall to 0.44 only when
a client of 20 went unmatched or to review. The seeds below are fixed, so the bars catch a
regression rather than noise. No test depends on speed.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest

from benchmarks.generate import KINDS, Spec, generate
from benchmarks.quality import Quality, load, score
from recon import read_export
from recon.engine import reconcile
from recon.model import Side
from recon.report import result_to_dict

AS_OF = dt.date(2026, 3, 1)


def _run(tmp_path: Path, seed: int) -> Quality:
    made = generate(Spec(1_000, seed=seed), tmp_path)
    vendor = read_export(made.vendor, side=Side.VENDOR, as_of=AS_OF)
    psa = read_export(made.psa, side=Side.PSA, as_of=AS_OF)
    return score(result_to_dict(reconcile(vendor, psa)), load(made.truth))


def test_same_seed_gives_identical_files(tmp_path: Path) -> None:
    first = generate(Spec(1_000, seed=7), tmp_path / "a")
    second = generate(Spec(1_000, seed=7), tmp_path / "b")
    for a, b in (
        (first.vendor, second.vendor),
        (first.psa, second.psa),
        (first.truth, second.truth),
    ):
        assert a.read_bytes() == b.read_bytes()


def test_each_side_has_exactly_the_requested_lines(tmp_path: Path) -> None:
    made = generate(Spec(1_000, seed=3), tmp_path)
    for path in (made.vendor, made.psa):
        with path.open(encoding="utf-8", newline="") as f:
            assert sum(1 for _ in csv.reader(f)) == 1_001  # header + lines


def test_truth_plants_every_gap_kind_and_trap(tmp_path: Path) -> None:
    truth = load(generate(Spec(10_000, seed=42), tmp_path).truth)
    assert {g["kind"] for g in truth["gaps"]} == set(KINDS)
    assert {c["trap"] for c in truth["clients"]} >= {"twin", "numbered", "distractor"}
    assert not truth["rejected_product_spellings"]


@pytest.mark.parametrize("seed", [42, 1, 2])
def test_engine_on_1k_pair_merges_no_client_wrongly_and_finds_the_gaps(
    tmp_path: Path, seed: int
) -> None:
    quality = _run(tmp_path, seed)
    assert quality.wrong_merges == []
    assert quality.pair_precision == 1.0
    assert quality.gap_precision >= 0.9
    assert quality.gap_recall >= 0.85
    assert quality.gap_recall_decided >= 0.95


def test_score_counts_a_wrong_merge_and_a_false_gap() -> None:
    truth = {
        "clients": [
            {"vendor": "Smith Law - East ", "psa": None},
            {"vendor": "SMITH LAW", "psa": "Smith Law LLC"},
        ],
        "gaps": [
            {"client": "Smith Law LLC", "product_id": "ms-m365-e3", "kind": "quantity_mismatch"}
        ],
    }
    gap = {
        "psa_client": "Smith Law LLC",
        "vendor_client": "Smith Law - East",
        "kind": "missing_in_psa",
        "gap_key": "smith law|cat:ms-m365-e3|missing_in_psa",
    }
    result = {
        "gaps": [gap],
        "matches": [{"vendor_client": "Smith Law - East", "psa_client": "Smith Law LLC"}],
        "review": [],
    }
    quality = score(result, truth)
    assert quality.wrong_merges == [("Smith Law - East", "Smith Law LLC", None)]
    assert (quality.gap_precision, quality.gap_recall) == (0.0, 0.0)
    assert quality.pair_recall == 0.0
