"""The misread perturbation: a frequent product billed under a sibling's name."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from benchmarks.independent.generate import Spec, generate
from benchmarks.independent.misread import misread, sibling_text


def test_a_copied_item_keeps_its_own_words_with_the_siblings_edition() -> None:
    assert sibling_text("Microsoft 365 F3", "Microsoft 365 F1", set()) == "Microsoft 365 F1"
    # Already a spelling of some product: decorated as a PSA catalogue item is.
    taken = {"microsoft 365 f1"}
    assert sibling_text("Microsoft 365 F3", "Microsoft 365 F1", taken) == "Microsoft 365 F1 License"
    # Names apart in more than one word: the sibling's name itself (an old name).
    assert sibling_text("Office 365 E1", "Microsoft 365 F1", set()) == "Microsoft 365 F1"


@pytest.mark.parametrize("pair", ["pax8-connectwise", "partnercenter-autotask"])
def test_two_products_are_billed_under_one_text_the_truth_still_scores(
    tmp_path: Path, pair: str
) -> None:
    made = generate(Spec(clients=300, seed=5, pair=pair, spellings="dev"), tmp_path / "src")
    products = ("m365-bus-standard", "m365-bus-basic")
    record = misread(made.folder, tmp_path / "out", products=products, read_as="m365-bus-premium")
    truth = json.loads((tmp_path / "out" / "truth.json").read_text())
    text = record["text"]
    assert truth["perturbation"] == record
    assert truth["products"]["psa"][text] == products[0]
    before = json.loads((made.folder / "truth.json").read_text())
    assert text.casefold() not in {k.casefold() for k in before["products"]["psa"]}
    with (tmp_path / "out" / "psa.csv").open(newline="") as f:
        rows = list(csv.DictReader(f))
    column = "Description" if "Description" in rows[0] else "Service Name"
    assert sum(r[column] == text for r in rows) == sum(record["lines"].values())
    assert set(record["lines"]) == set(products)
    assert (tmp_path / "out" / "vendor.csv").read_bytes() == made.vendor.read_bytes()


@pytest.mark.parametrize("pair", ["pax8-connectwise", "partnercenter-autotask"])
def test_stale_lines_keep_the_siblings_money_and_the_truth_says_two_gaps(
    tmp_path: Path, pair: str
) -> None:
    made = generate(Spec(clients=300, seed=5, pair=pair, spellings="dev"), tmp_path / "src")
    products, sibling = ("m365-bus-premium", "m365-bus-standard"), "m365-bus-standard"
    record = misread(made.folder, tmp_path / "out", products=products, read_as=sibling, stale=True)
    truth = json.loads((tmp_path / "out" / "truth.json").read_text())
    text = record["text"]
    assert truth["products"]["psa"][text] == sibling
    with (tmp_path / "out" / "psa.csv").open(newline="") as f:
        rows = list(csv.DictReader(f))
    cost = "Cost" if "Cost" in rows[0] else "Unit Cost"
    column = "Description" if "Description" in rows[0] else "Service Name"
    sibling_costs = {r[cost] for r in rows if r[column] == text}
    before = json.loads((made.folder / "truth.json").read_text())
    with (made.folder / "psa.csv").open(newline="") as f:
        source = list(csv.DictReader(f))
    spelled = {k for k, v in before["products"]["psa"].items() if v == sibling}
    # Every line of the text costs what some sibling line costs: none kept the first's cost.
    assert sibling_costs <= {r[cost] for r in source if r[column] in spelled}
    kinds = {(g["client"], g["product"]): g["kind"] for g in truth["gaps"]}
    moved = [
        c
        for c, held in before["holdings"].items()
        if held.get(products[0], [0, 0])[0] and held.get(products[0], [0, 0])[1]
        and not sum(held.get(sibling, [0, 0]))
    ]  # fmt: skip
    assert moved and len(moved) == record["upgraded"]
    for client in moved:
        assert kinds[(client, products[0])] == "missing_in_psa"
        assert kinds[(client, sibling)] == "missing_in_vendor"
