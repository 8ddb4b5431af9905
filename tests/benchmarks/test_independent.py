"""The independent benchmark generator is deterministic, independent of recon, and its truth holds.

"Truth holds" is checked the hard way: every expected gap is recomputed from the written
files with plain arithmetic (this file's own reading of each format), not from the
generator's objects.
"""

from __future__ import annotations

import ast
import csv
from collections import defaultdict
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from benchmarks.independent.generate import PAIRS, Spec, generate
from benchmarks.independent.score import load, score
from benchmarks.independent.spellings import choose
from benchmarks.independent.split import is_holdout, pick

PACKAGE = Path(__file__).resolve().parents[2] / "benchmarks" / "independent"
OUR_GENERATOR = {
    "benchmarks.names",
    "benchmarks.products",
    "benchmarks.clients",
    "benchmarks.exports",
    "benchmarks.generate",
}


def _imports(tree: ast.AST) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Call) and getattr(node.func, "id", "") == "__import__":
            names |= {
                a.value
                for a in node.args
                if isinstance(a, ast.Constant) and isinstance(a.value, str)
            }
    return names


def test_no_module_of_the_independent_benchmark_imports_recon_or_our_generator() -> None:
    files = sorted(PACKAGE.glob("*.py"))
    assert len(files) > 10
    for path in files:
        source = path.read_text(encoding="utf-8")
        imported = _imports(ast.parse(source))
        assert not {m for m in imported if m == "recon" or m.startswith("recon.")}, path.name
        assert not imported & OUR_GENERATOR, path.name
        assert "recon/catalog" not in source and "catalog/products.csv" not in source, path.name


@pytest.mark.parametrize("pair", ["pax8-connectwise", "partnercenter-autotask"])
def test_same_seed_gives_byte_identical_files(tmp_path: Path, pair: str) -> None:
    spec = Spec(clients=60, seed=7, pair=pair, currencies=("USD", "EUR"))
    first, second = generate(spec, tmp_path / "a"), generate(spec, tmp_path / "b")
    for name in ("vendor.csv", "psa.csv", "truth.json", "commitments.csv"):
        assert (first.folder / name).read_bytes() == (second.folder / name).read_bytes(), name
    other = generate(Spec(clients=60, seed=8, pair=pair), tmp_path / "c")
    assert (other.folder / "vendor.csv").read_bytes() != (first.folder / "vendor.csv").read_bytes()


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _vendor_side(fmt: str, path: Path) -> list[tuple[str, str, int, Decimal | None, str]]:
    """(client, product, seats, monthly unit cost or None, subscription) per recurring line."""
    out = []
    for r in _rows(path):
        if fmt == "pax8":
            if r["type"] != "subscription" or r["term"] in ("Trial", "One-Time"):
                continue
            months = 12 if r["term"] == "Annual" else 1
            sub = r.get("subscriptionId") or f"{r['term']}|{r['details']}|{r['cost']}"
            out.append(
                (
                    r["companyName"],
                    r["productName"],
                    int(r["quantity"]),
                    Decimal(r["cost"]) / months,
                    sub,
                )
            )
        elif fmt == "pax8subs":
            if r["status"] != "Active" or r["billingTerm"] in ("Trial", "One-Time"):
                continue
            months = 12 if r["billingTerm"] == "Annual" else 1
            out.append(
                (
                    r["companyName"],
                    r["productName"],
                    int(r["quantity"]),
                    Decimal(r["partnerCost"]) / months,
                    r["id"],
                )
            )
        else:
            if r["TermAndBillingCycle"] in ("One-Month Trial", "One-Time"):
                continue
            months = 12 if r["BillingFrequency"] == "Annual" else 1
            out.append(
                (
                    r["CustomerName"],
                    r["ProductName"],
                    int(r["BillableQuantity"]),
                    Decimal(r["UnitPrice"]) / months,
                    r["SubscriptionId"],
                )
            )
    return out


def _psa_side(fmt: str, path: Path) -> list[tuple[str, str, int, Decimal]]:
    out = []
    for r in _rows(path):
        if fmt == "connectwise":
            if r["Addition Status"] != "Active" or r["Bill"] != "Billable":
                continue
            seats = int(r["Quantity"]) - int(r["Less Included"] or 0)
            out.append((r["Company Name"], r["Description"], seats, Decimal(r["Price"])))
        else:
            if r["Contract Status"] != "Active" or r["Contract Type"] != "Recurring Service":
                continue
            months = 12 if r["Period Type"] == "Yearly" else 1
            price = Decimal(r["Adjusted Price"] or r["Unit Price"]) / months
            out.append((r["Organization Name"], r["Service Name"], int(r["Units"]), price))
    return out


def _recomputed_gaps(folder: Path, truth: dict[str, Any]) -> set[tuple[str, str, str, int]]:
    vendor_fmt, psa_fmt = truth["spec"]["vendor_format"], truth["spec"]["psa_format"]
    vc = {c["vendor"]: c["id"] for c in truth["clients"] if c["vendor"]}
    pc = {c["psa"]: c["id"] for c in truth["clients"] if c["psa"]}
    vp, pp = truth["products"]["vendor"], truth["products"]["psa"]
    vendor_seats: dict[tuple[str, str], int] = defaultdict(int)
    sub_seats: dict[tuple[str, str, str], int] = defaultdict(int)
    sub_cost: dict[tuple[str, str, str], Decimal] = {}
    for client, product, seats, cost, sub in _vendor_side(vendor_fmt, folder / "vendor.csv"):
        key = (vc[client], vp[product])
        vendor_seats[key] += seats
        sub_seats[(*key, sub)] += seats
        if seats > 0 and cost is not None:
            sub_cost[(*key, sub)] = cost
    cheapest: dict[tuple[str, str], Decimal] = {}
    for (c, p, sub), cost in sub_cost.items():
        if sub_seats[(c, p, sub)] > 0:
            cheapest[(c, p)] = min(cost, cheapest.get((c, p), cost))
    psa_seats: dict[tuple[str, str], int] = defaultdict(int)
    dearest: dict[tuple[str, str], Decimal] = {}
    for client, product, seats, price in _psa_side(psa_fmt, folder / "psa.csv"):
        key = (pc[client], pp[product])
        psa_seats[key] += seats
        if seats > 0:
            dearest[key] = max(price, dearest.get(key, price))
    gaps = set()
    catalogue = truth["products"]["catalogue"]
    for key in set(vendor_seats) | set(psa_seats):
        v, p = vendor_seats.get(key, 0), psa_seats.get(key, 0)
        if not catalogue[key[1]]["sold_by_vendor"]:
            continue
        if v > 0 and p == 0:
            gaps.add((*key, "missing_in_psa", v - p))
        elif p > 0 and v == 0:
            gaps.add((*key, "missing_in_vendor", v - p))
        elif v != p:
            gaps.add((*key, "quantity_mismatch", v - p))
        elif v > 0 and key in cheapest and key in dearest and dearest[key] < cheapest[key]:
            gaps.add((*key, "price_below_cost", 0))
    return gaps


@pytest.mark.parametrize(
    ("pair", "narrow"),
    [(pair, False) for pair in PAIRS]
    + [("partnercenter-autotask", True), ("pax8-connectwise", True)],
)
def test_every_expected_gap_follows_from_the_written_files(
    tmp_path: Path, pair: str, narrow: bool
) -> None:
    spec = Spec(clients=150, seed=3, pair=pair, currencies=("USD", "GBP"), narrow=narrow)
    made = generate(spec, tmp_path)
    truth = load(made.truth)
    expected = {(g["client"], g["product"], g["kind"], g["seat_delta"]) for g in truth["gaps"]}
    assert _recomputed_gaps(made.folder, truth) == expected
    kinds = {g["kind"] for g in truth["gaps"]}
    assert {"missing_in_psa", "missing_in_vendor", "quantity_mismatch"} <= kinds


def test_truth_lists_trials_one_time_purchases_and_prorations(tmp_path: Path) -> None:
    truth = load(generate(Spec(clients=600, seed=5), tmp_path).truth)
    assert truth["trials"] and truth["one_time"] and truth["prorations"]
    gap_keys = {(g["client"], g["product"]) for g in truth["gaps"]}
    assert not gap_keys & {(t["client"], t["product"]) for t in truth["trials"] + truth["one_time"]}
    assert any(c["twin_of"] for c in truth["clients"])
    assert {c["role"] for c in truth["clients"]} == {"both", "vendor_only", "psa_only"}


def test_dev_and_holdout_spellings_never_overlap() -> None:
    import random

    dev, hold = choose("dev", random.Random(1)), choose("holdout", random.Random(1))
    for pid, variants in dev.variants.items():
        assert not set(variants) & set(hold.variants[pid]), pid
    assert not set(dev.decorations) & set(hold.decorations)
    words = [f"w{i}" for i in range(300)]
    assert sorted(pick(words, "dev") + pick(words, "holdout")) == sorted(words)
    assert 60 < sum(map(is_holdout, words)) < 140


def _perfect_result(truth: dict[str, Any]) -> dict[str, Any]:
    """An engine output that says exactly the truth, in raw spellings."""
    clients = {c["id"]: c for c in truth["clients"]}
    vendor_name = {pid: s for s, pid in truth["products"]["vendor"].items()}
    psa_name = {pid: s for s, pid in truth["products"]["psa"].items()}
    gaps = []
    for g in truth["gaps"]:
        c = clients[g["client"]]
        gaps.append(
            {
                "kind": g["kind"],
                "vendor_client": c["vendor"],
                "psa_client": c["psa"],
                "vendor_product": vendor_name.get(g["product"])
                if g["kind"] != "missing_in_vendor"
                else None,
                "psa_product": psa_name.get(g["product"])
                if g["kind"] != "missing_in_psa"
                else None,
            }
        )
    matches = [
        {"vendor_client": c["vendor"], "psa_client": c["psa"]}
        for c in truth["clients"]
        if c["in_vendor_file"] and c["in_psa_file"]
    ]
    return {"gaps": gaps, "matches": matches, "review": [], "unmapped": []}


def test_scorer_gives_a_perfect_run_full_marks_and_counts_a_wrong_merge(tmp_path: Path) -> None:
    truth = load(generate(Spec(clients=200, seed=11), tmp_path).truth)
    result = _perfect_result(truth)
    perfect = score(result, truth)
    assert (perfect.precision, perfect.recall, perfect.wrong_merges) == (1.0, 1.0, [])
    assert perfect.correct_matches == perfect.true_pairs
    vendor_only = next(
        c for c in truth["clients"] if c["role"] == "vendor_only" and c["in_vendor_file"]
    )
    someone = next(c for c in truth["clients"] if c["psa"] and c["in_psa_file"])
    result["matches"].append({"vendor_client": vendor_only["vendor"], "psa_client": someone["psa"]})
    swapped = [g for g in result["gaps"] if g["psa_client"]][:1]
    for g in swapped:
        g["psa_client"] = (
            someone["psa"] if g["psa_client"] != someone["psa"] else vendor_only["vendor"]
        )
    worse = score(result, truth)
    assert len(worse.wrong_merges) == 1
    assert worse.precision < 1.0 and worse.recall < 1.0


@pytest.mark.parametrize("engine", ["duckdb", "polars", "pandas"])
def test_toy_pipeline_finds_the_same_differences_in_every_engine(
    tmp_path: Path, engine: str
) -> None:
    from benchmarks.independent.toy import run_toy

    pytest.importorskip(engine)
    made = generate(Spec(clients=120, seed=2, pair="partnercenter-connectwise"), tmp_path)
    reference = run_toy(made.vendor, made.psa, engine="pandas")["diffs"]
    timing = run_toy(made.vendor, made.psa, engine=engine)
    assert timing["engine"] == engine
    assert timing["diffs"] == reference > 0


def test_the_runner_writes_a_pair_in_a_child_process_byte_for_byte(tmp_path: Path) -> None:
    # A child, so the runner's own peak RSS (inherited by the engine's process) stays small.
    from benchmarks.independent.run import _generate_apart

    spec = Spec(clients=85, seed=3, pair="pax8-autotask", spellings="dev", narrow=True)
    _generate_apart(spec, tmp_path / "apart")
    here = generate(spec, tmp_path / "here")
    for name in ("vendor.csv", "psa.csv", "truth.json"):
        apart = (tmp_path / "apart" / spec.label / name).read_bytes()
        assert apart == (here.folder / name).read_bytes()
