"""The site-family pseudo-holdout: one customer billed as several companies, seats summing."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

from benchmarks.independent.generate import Spec, generate
from benchmarks.independent.score import load, score
from benchmarks.independent.site_families import CLASSES, split_families


def _seats(path: Path, client: str, qty: str, family: dict[str, str]) -> Counter[str]:
    seats: Counter[str] = Counter()
    with path.open(newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            name = " ".join(row[client].split())
            seats[family.get(name, name)] += int(row[qty] or 0)
    return seats


def test_members_split_the_seats_and_the_scorer_reads_them_as_one_client(tmp_path: Path) -> None:
    made = generate(Spec(clients=85, seed=7, pair="pax8-connectwise", spellings="dev"), tmp_path)
    out = split_families(made.folder, tmp_path / "f", seed=16, share=0.5)
    truth = load(out.folder / "truth.json")

    assert {f["class"] for f in out.families} == set(CLASSES)
    # Each member's seats add up to what the client held before the split.
    family = {m: f["psa"][0] for f in truth["families"] for m in f["psa"]}
    before = _seats(made.folder / "psa.csv", "Company Name", "Quantity", {})
    after = _seats(out.folder / "psa.csv", "Company Name", "Quantity", family)
    for f in truth["families"]:
        if f["class"] in ("sites", "department", "subsidiary"):
            original = next(c["psa"] for c in truth["clients"] if c["id"] == f["client"])
            assert after[f["psa"][0]] == before[" ".join(original.split())]
    # A perfect engine's answer (the truth's gaps, each under a member's name) scores 1.0; the
    # same answer with a family member matched to another client is a wrong merge.
    by_id = {c["id"]: c for c in truth["clients"]}
    member_of = {f["client"]: f for f in truth["families"]}
    gaps = [
        {
            "kind": g["kind"],
            "psa_client": member_of[g["client"]]["psa"][-1]
            if g["client"] in member_of
            else by_id[g["client"]]["psa"],
            "vendor_client": by_id[g["client"]]["vendor"],
            "vendor_product": None,
            "psa_product": None,
        }
        for g in truth["gaps"]
    ]
    for gap, g in zip(gaps, truth["gaps"], strict=True):
        side = "psa" if g["kind"] == "missing_in_vendor" else "vendor"
        texts = truth["products"][side]
        gap[f"{side}_product"] = next(t for t, pid in texts.items() if pid == g["product"])
    sites = next(f for f in truth["families"] if f["class"] == "sites")
    result = {"gaps": gaps, "matches": [], "review": []}
    assert score(result, truth).precision == 1.0
    other = next(c for c in truth["clients"] if c["role"] == "both" and c["id"] not in member_of)
    wrong = {"vendor_client": other["vendor"], "psa_client": sites["psa"][1]}
    right = {"vendor_client": sites["vendor"][0], "psa_client": sites["psa"][1]}
    scored = score({**result, "matches": [right, wrong]}, truth)
    assert scored.correct_matches == 1
    assert len(scored.wrong_merges) == 1


def test_the_scorer_counts_family_questions_apart_and_those_naming_two_clients() -> None:
    truth = {
        "clients": [
            {"id": "C1", "vendor": "Acme", "psa": "Acme"},
            {"id": "C2", "vendor": "Birch", "psa": "Birch"},
        ],
        "families": [
            {
                "client": "C1",
                "class": "subsidiary",
                "vendor": ["Acme"],
                "psa": ["Acme", "Acme Staffing"],
            }
        ],
        "gaps": [],
        "products": {"vendor": {}, "psa": {}, "catalogue": {}},
        "trials": [],
        "one_time": [],
    }
    mapping = {"psa_product": "Spam Filter", "candidates": []}
    right = {"kind": "family", "vendor_client": "Acme", "psa_client": "Acme Staffing"}
    wrong = {"kind": "family", "vendor_client": "Birch", "psa_client": "Acme Staffing"}
    result = {"gaps": [], "matches": [], "review": [], "questions": [mapping, right, wrong]}
    scored = score(result, truth)
    assert scored.mapping_questions == 1
    assert scored.family_questions == 2
    assert scored.wrong_family_questions == [("Birch", "Acme Staffing")]
