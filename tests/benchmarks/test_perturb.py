"""The perturbation tool: a pseudo-holdout made from dev data, whose truth still scores it."""

from __future__ import annotations

import csv
import random
from pathlib import Path

from benchmarks.independent.generate import Spec, generate
from benchmarks.independent.perturb import VARIATIONS, perturb, respell
from benchmarks.independent.score import load, score


def _texts(path: Path) -> list[str]:
    with path.open(newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    col = next(rows[0].index(c) for c in ("Description", "Service Name") if c in rows[0])
    return [r[col] for r in rows[1:]]


def test_a_share_of_texts_is_respelled_and_the_truth_follows(tmp_path: Path) -> None:
    made = generate(Spec(clients=85, seed=7, pair="pax8-connectwise", spellings="dev"), tmp_path)
    out = perturb(made.folder, tmp_path / "p", seed=1, share=0.4)

    assert (out.folder / "vendor.csv").read_bytes() == made.vendor.read_bytes()
    assert 0.3 * out.texts <= len(out.rewritten) <= 0.5 * out.texts
    before, after = _texts(made.psa), _texts(out.folder / "psa.csv")
    assert len(before) == len(after)
    assert set(out.rewritten.values()) <= set(after)
    assert not set(out.rewritten) & set(after)
    truth = load(out.folder / "truth.json")
    old = load(made.truth)["products"]["psa"]
    for text, new in out.rewritten.items():
        assert new != text
        assert truth["products"]["psa"][new] == old[text]
    # An engine that found exactly the true gaps, spelled as the new file spells them, still
    # scores 1.0: the scorer reads every new spelling as its product.
    spelled = {pid: text for text, pid in truth["products"]["psa"].items() if text in after}
    gaps = [
        {
            "kind": g["kind"],
            "psa_client": next(c["psa"] for c in truth["clients"] if c["id"] == g["client"]),
            "vendor_client": None,
            "psa_product": spelled.get(g["product"]),
            "vendor_product": None,
        }
        for g in truth["gaps"]
        if g["product"] in spelled
        and any(c["psa"] for c in truth["clients"] if c["id"] == g["client"])
    ]
    scored = score({"gaps": gaps}, truth)
    assert scored.found_gaps and scored.correct_gaps == scored.found_gaps


def test_the_same_seed_gives_the_same_pair(tmp_path: Path) -> None:
    made = generate(Spec(clients=85, seed=3, pair="pax8-autotask", spellings="dev"), tmp_path)
    a = perturb(made.folder, tmp_path / "a", seed=5)
    b = perturb(made.folder, tmp_path / "b", seed=5)
    assert (a.folder / "psa.csv").read_bytes() == (b.folder / "psa.csv").read_bytes()
    assert a.rewritten == b.rewritten


def test_each_variation_class_changes_a_text_it_applies_to() -> None:
    rng = random.Random(0)
    text = "Microsoft 365 Business Premium Plan 1 - Annual"
    for name, variation in VARIATIONS.items():
        assert variation(text, "Microsoft", rng) != text, name
    new, used = respell(text, "Microsoft", rng)
    assert new != text and used


def _vendor_names(path: Path) -> list[str]:
    with path.open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    return [r["productName"] for r in rows]


def test_the_vendor_side_renames_a_share_of_its_products_on_every_line(tmp_path: Path) -> None:
    made = generate(Spec(clients=85, seed=7, pair="pax8-connectwise", spellings="dev"), tmp_path)
    out = perturb(made.folder, tmp_path / "v", seed=2, share=0.5, side="vendor")

    assert (out.folder / "psa.csv").read_bytes() == made.psa.read_bytes()
    assert out.rewritten
    before, after = _vendor_names(made.vendor), _vendor_names(out.folder / "vendor.csv")
    assert len(before) == len(after)
    # A distributor's rename reaches every line of the offer.
    assert {a for b, a in zip(before, after, strict=True) if b in out.rewritten} == set(
        out.rewritten.values()
    )
    assert not set(out.rewritten) & set(after)
    truth = load(out.folder / "truth.json")
    old = load(made.truth)["products"]["vendor"]
    for text, new in out.rewritten.items():
        assert truth["products"]["vendor"][new] == old[text]
    assert set(out.classes[next(iter(out.classes))]) <= {
        "renamed",
        "no_teams",
        "unit",
        "offer",
        "order",
    }


def test_a_renamed_text_takes_another_public_name_and_keeps_its_term() -> None:
    rng = random.Random(1)
    new, used = respell(
        "M365 Bus Basic - Annual",
        "Microsoft",
        rng,
        classes=("renamed",),
        vendor="Microsoft 365 Business Basic",
    )
    assert used == ("renamed",)
    assert "Essentials" in new and new.endswith("- Annual")
    # A product with no other public name is left alone by that class.
    assert (
        respell("Keeper Business", "", rng, classes=("renamed",), vendor="Keeper Business")[1] == ()
    )


def test_text_shapes_carry_ids_codes_and_billing_words_and_the_truth_follows(
    tmp_path: Path,
) -> None:
    made = generate(Spec(clients=85, seed=7, pair="pax8-connectwise", spellings="dev"), tmp_path)
    out = perturb(made.folder, tmp_path / "p", seed=3, share=0.5, classes=("shapes",))
    truth = load(out.folder / "truth.json")["products"]["psa"]
    after = _texts(out.folder / "psa.csv")
    # Every text in the file, a client's own name filled in included, is in the truth.
    assert all(" ".join(text.split()) in {" ".join(k.split()) for k in truth} for text in after)
    assert not any("<<" in text for text in after)
    used = {name for names in out.classes.values() for name in names}
    assert {"string_id", "client", "bundle"} <= used


def test_a_string_id_is_microsofts_own_for_the_product() -> None:
    from benchmarks.independent.perturb_texts import string_id_of

    assert string_id_of("Microsoft 365 Business Premium") == "SPB"
    assert string_id_of("Microsoft 365 Business Standard") == "O365_BUSINESS_PREMIUM"
    assert string_id_of("Microsoft 365 E5 Security") == "IDENTITY_THREAT_PROTECTION"
    assert string_id_of("Keeper Business") == ""
