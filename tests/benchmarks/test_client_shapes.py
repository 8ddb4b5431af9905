"""The client-name pseudo-holdout: names reshaped, the truth following every new spelling."""

from __future__ import annotations

import csv
import random
from pathlib import Path

from benchmarks.independent.client_shapes import SHAPES, reshape
from benchmarks.independent.generate import Spec, generate
from benchmarks.independent.score import load


def _clients(path: Path, columns: tuple[str, ...]) -> set[str]:
    with path.open(newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    col = next(rows[0].index(c) for c in columns if c in rows[0])
    return {" ".join(r[col].split()) for r in rows[1:]}


def test_reshaped_names_are_in_the_files_and_the_truth_maps_them(tmp_path: Path) -> None:
    made = generate(Spec(clients=85, seed=7, pair="pax8-connectwise", spellings="dev"), tmp_path)
    out = reshape(made.folder, tmp_path / "c", seed=3, share=0.6)

    truth = load(out.folder / "truth.json")
    classes = {r["class"] for r in out.rewritten}
    assert len(classes) >= 8
    vendor = _clients(out.folder / "vendor.csv", ("companyName", "CustomerName"))
    psa = _clients(out.folder / "psa.csv", ("Company Name", "Organization Name"))
    by_id = {c["id"]: c for c in truth["clients"]}
    for r in out.rewritten:
        assert r["now"] != r["was"]
        now = " ".join(r["now"].split())
        assert now in (vendor if r["side"] == "vendor" else psa)
        assert by_id[r["client"]][r["side"]] == r["now"]
    # No two clients share a name on one side or across the two (never undecidable).
    spelled: dict[str, set[str]] = {}
    for c in truth["clients"]:
        for s in ("vendor", "psa"):
            if c[s]:
                spelled.setdefault(" ".join(c[s].split()).casefold(), set()).add(c["id"])
    assert all(len(ids) == 1 for ids in spelled.values())


def test_each_shape_keeps_a_name_it_cannot_apply_to() -> None:
    rng = random.Random(1)
    assert SHAPES["ampersand"]("Acme Dental", "Acme Dental", rng) is None
    assert SHAPES["people"]("Acme Medical Supply", "Acme Medical Supply", rng) is None
    assert SHAPES["irish"]("Acme Dental", "Acme Dental", rng) is None
