"""Offices billing a family's seats exactly, each below the vendor's cost: the family's loss.

``recon.engine.family_summed_below_cost``: "Kestrel Orthodontics" buys 15 Entra ID P1 seats at
$6.00; the PSA bills them as "Kestrel Ortho (Denver)" 13 and "Kestrel Ortho (Boise)" 2, each at
$5.50. The family question's seats agree, so no seat gap; the $7.50 a month lost on them went
unsaid because two companies, not one, bill them (sites5 pax8-connectwise c300: Defender for
Office 365 Plan 1 at two offices, $1.81 a seat against $2.03).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from recon.model import FAMILY_WORDS
from tests.recon.cli_run import office_files, reconcile_json

CUSTOMER = "Kestrel Orthodontics"
DENVER, BOISE = "Kestrel Ortho (Denver)", "Kestrel Ortho (Boise)"
BP, EXO = "Microsoft 365 Business Premium", "Exchange Online (Plan 1)"
ENTRA = "Microsoft Entra ID P1"
#: Entra billed below its cost everywhere: the plain clients bill it only as a second product.
PRICES = {BP: ("22.00", "26.00"), EXO: ("4.00", "5.00"), ENTRA: ("6.00", "5.50")}
BOUGHT = {BP: 16, EXO: 14, ENTRA: 15}
#: Denver and Boise summed are the customer's seats, exactly, on every product.
OFFICES = {DENVER: {BP: 3, EXO: 13, ENTRA: 13}, BOISE: {BP: 13, EXO: 1, ENTRA: 2}}


def _report(tmp_path: Path, *, boise_entra: str = "5.50") -> dict[str, Any]:
    files = office_files(tmp_path, CUSTOMER, BOUGHT, OFFICES, PRICES, (BP, EXO))
    psa = Path(files[1])
    text = psa.read_text().replace(f"{BOISE},{ENTRA},2,5.50", f"{BOISE},{ENTRA},2,{boise_entra}")
    psa.write_text(text)
    return reconcile_json(files)


def test_offices_each_billing_below_cost_show_the_familys_loss_pending_the_question(
    tmp_path: Path,
) -> None:
    report = _report(tmp_path)
    (question,) = [q for q in report["questions"] if q.get("kind") == "family"]
    assert set(question["psa_clients"]) == {DENVER, BOISE}
    (gap,) = report["gaps"]
    assert (gap["client"], gap["product"], gap["kind"]) == (CUSTOMER, ENTRA, "price_below_cost")
    assert (gap["vendor_qty"], gap["psa_qty"], gap["seat_delta"]) == (15, 15, 0)
    assert gap["monthly_impact"] == "7.50"  # (6.00 - 5.50) x (13 + 2)
    assert gap["rests_on"].startswith(FAMILY_WORDS)
    assert "costs $6.00" in gap["why"]


def test_an_office_billing_at_or_above_cost_makes_no_family_loss(tmp_path: Path) -> None:
    # Boise bills its 2 seats at $6.50: the family is not billed below cost on every reading.
    report = _report(tmp_path, boise_entra="6.50")
    assert [q for q in report["questions"] if q.get("kind") == "family"]
    assert report["gaps"] == []
