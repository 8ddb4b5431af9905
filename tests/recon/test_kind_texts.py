"""A PSA text naming only a kind of product is not paired on its name alone.

``recon.match.kind_texts``: "M365 Backup" is the kind's words, and Dropsuite Microsoft 365
Backup's name is those words plus its maker's brand; beside a vendor file that also sells
Datto SaaS Protection (another maker's Microsoft 365 backup) the text used to be read as
Dropsuite at a score of 100. It is now one mapping question, the line's gap pending it. A
text naming the maker, or a vendor file selling only one maker's backup, still pairs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.recon.cli_run import reconcile_json

DATTO = "Datto SaaS Protection for Microsoft 365"
DROPSUITE = "Dropsuite Microsoft 365 Backup"
LONE = "Harbor Logistics"


def _report(tmp_path: Path, *, text: str = "M365 Backup", datto: bool = True) -> dict[str, Any]:
    vendor = ["Customer Name,Product Name,Quantity,Unit Cost"]
    psa = ["Company,Product,Quantity,Unit Price"]
    for i in range(4):
        name = f"Client {chr(65 + i)} Dental"
        vendor.append(f"{name},{DROPSUITE},{5 + i},2.10")
        psa.append(f"{name},{DROPSUITE},{5 + i},3.50")
        if datto:
            vendor.append(f"{name} Two,{DATTO},{7 + i},2.45")
            psa.append(f"{name} Two,{DATTO},{7 + i},3.75")
    psa.append(f"{LONE},{text},14,3.73")
    (tmp_path / "vendor.csv").write_text("\n".join(vendor) + "\n")
    (tmp_path / "psa.csv").write_text("\n".join(psa) + "\n")
    files = (str(tmp_path / "vendor.csv"), str(tmp_path / "psa.csv"), str(tmp_path / "r.db"))
    return reconcile_json(files)


def _lone_gap(report: dict[str, Any]) -> dict[str, Any]:
    (gap,) = [g for g in report["gaps"] if g["client"] == LONE]
    return gap


def test_a_kind_two_makers_sell_is_asked_not_paired(tmp_path: Path) -> None:
    gap = _lone_gap(_report(tmp_path))
    assert gap["kind"] == "missing_in_vendor"
    assert gap["monthly_impact"] == "-52.22"  # the money at stake stays shown
    assert gap["rests_on"] is not None and gap["rests_on"].startswith("the mapping question")
    assert any(q["psa_product"] == "M365 Backup" for q in _mapping_questions(_report(tmp_path)))


def test_one_makers_kind_still_pairs(tmp_path: Path) -> None:
    gap = _lone_gap(_report(tmp_path, datto=False))
    assert gap["product"] == DROPSUITE
    assert gap["rests_on"] is None


def test_a_text_naming_the_maker_still_pairs(tmp_path: Path) -> None:
    gap = _lone_gap(_report(tmp_path, text="Dropsuite 365 Backup"))
    assert gap["product"] == DROPSUITE
    assert gap["rests_on"] is None


def _mapping_questions(report: dict[str, Any]) -> list[dict[str, Any]]:
    return [q for q in report["questions"] if q.get("kind") != "family" and "psa_product" in q]
