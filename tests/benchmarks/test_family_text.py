"""The family-text perturbation: one PSA text for two editions, and a truth that still scores."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from benchmarks.independent.family_text import DEFAULT_PRODUCTS, DEFAULT_TEXT, perturb
from benchmarks.independent.generate import Spec, generate


@pytest.mark.parametrize("pair", ["pax8-connectwise", "partnercenter-autotask"])
def test_the_editions_vendor_sells_are_billed_under_one_text(tmp_path: Path, pair: str) -> None:
    made = generate(Spec(clients=300, seed=5, pair=pair, spellings="dev"), tmp_path / "src")
    record = perturb(made.folder, tmp_path / "out")
    truth = json.loads((tmp_path / "out" / "truth.json").read_text())
    assert truth["perturbation"] == record
    assert truth["products"]["psa"][DEFAULT_TEXT] in DEFAULT_PRODUCTS
    assert set(record["clients"]) == set(DEFAULT_PRODUCTS)
    assert record["clients_with_both"] > 0
    with (tmp_path / "out" / "psa.csv").open(newline="") as f:
        rows = list(csv.DictReader(f))
    text = "Description" if "Description" in rows[0] else "Service Name"
    assert sum(r[text] == DEFAULT_TEXT for r in rows) == sum(record["lines"].values())
    # Every other line, and the vendor file, are as generated.
    with (made.folder / "psa.csv").open(newline="") as f:
        before = list(csv.DictReader(f))
    assert len(before) == len(rows)
    assert (tmp_path / "out" / "vendor.csv").read_bytes() == made.vendor.read_bytes()
