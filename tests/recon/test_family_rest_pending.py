"""An asked subsidiary's line on a mapping question, summed where its parent's waits on it too.

``recon.engine.family_rest``: "Cunningham Property Services" fills what "Cunningham Ridge
Flooring" leaves short on three products (one family question). Both companies bill email
security under the reseller's own text "Phishing Protection", a mapping question to IRONSCALES
Email Security; the parent's company bills eight of the five seats bought (three over), the
subsidiary two more. The family's real gap is five billed over, pending both questions; the
run used to leave the subsidiary's two seats as "billed, not bought" beside the parent's three.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.recon.cli_run import reconcile_json

PARENT, SUB = "Cunningham Ridge Flooring", "Cunningham Property Services"
IRON = "IRONSCALES Email Security"
SHARED = (("Microsoft 365 Business Premium", 10), ("Exchange Online (Plan 1)", 7))
SHARED += (("Microsoft 365 E3", 9), ("Keeper Business", 7))


def _report(
    tmp_path: Path, *, sub_text: str = "Phishing Protection", billed: int = 8
) -> dict[str, Any]:
    vendor = ["Customer Name,Product Name,Quantity,Unit Cost"]
    psa = ["Company,Product,Quantity,Unit Price"]
    for i in range(12):  # clients short of mailboxes only, as in any book
        name = f"Filler {chr(65 + i)} Farms"
        vendor += [f"{name},Exchange Online (Plan 1),5,4.00"]
        psa += [f"{name},Exchange Online (Plan 1),2,5.{10 + i}"]
    # Another client buys IRONSCALES billed under its own name, so the file sells it.
    vendor += [f"Northgate Dental,{IRON},6,3.07"]
    psa += [f"Northgate Dental,{IRON},6,4.44"]
    for i, (product, seats) in enumerate(SHARED):
        vendor += [f"{PARENT},{product},{seats},{10 + i}.00"]
        psa += [f"{PARENT},{product},{seats - 4 - i},{20 + i}.00"]
        psa += [f"{SUB},{product},{4 + i},{20 + i}.00"]
    vendor += [f"{PARENT},{IRON},5,3.07"]
    psa += [f"{PARENT},Phishing Protection,{billed},4.44", f"{SUB},{sub_text},2,4.44"]
    (tmp_path / "vendor.csv").write_text("\n".join(vendor) + "\n")
    (tmp_path / "psa.csv").write_text("\n".join(psa) + "\n")
    files = (str(tmp_path / "vendor.csv"), str(tmp_path / "psa.csv"), str(tmp_path / "r.db"))
    return reconcile_json(files)


def test_the_subsidiarys_pending_line_is_summed_with_its_parents(tmp_path: Path) -> None:
    report = _report(tmp_path)
    (question,) = [q for q in report["questions"] if q.get("kind") == "family"]
    assert question["psa_client"] == SUB
    (gap,) = [g for g in report["gaps"] if g["client"] in (PARENT, SUB)]
    # Summed, the family bills ten of the five seats bought: five over, pending both answers.
    assert (gap["client"], gap["kind"], gap["seat_delta"]) == (PARENT, "quantity_mismatch", -5)
    assert "family question" in gap["rests_on"]
    assert "Phishing Protection" in gap["rests_on"]


def test_a_parent_billing_every_seat_leaves_the_subsidiarys_pending_share_its_own(
    tmp_path: Path,
) -> None:
    # The parent's company bills the five seats bought: the subsidiary's two, pending their
    # text, stay its own share (family_own_pending), not a family sum.
    report = _report(tmp_path, billed=5)
    (mine,) = [g for g in report["gaps"] if g["client"] == SUB]
    assert (mine["kind"], mine["psa_qty"]) == ("missing_in_vendor", 2)
    assert "Phishing Protection" in mine["rests_on"]
