"""A subsidiary's line on a mapping question its parent is not short of stays its own gap.

``recon.engine.family_own_pending``: "Evergreen Staffing", with no vendor customer, bills
exactly the seats "Evergreen Point Roofing"'s company leaves short of three products the
vendor sells the customer, and also its share of the spam filter under the MSP's own text
("Spam Filter Service", a mapping question), a product the parent's company already bills
in full. That one pending line used to leave the company unasked: each of the three exact
shares showed twice, "billed, not bought" at the company beside "bought, not billed" at the
parent. Now one family question holds them, the pending line left the company's own gap.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.recon.cli_run import reconcile_json

BP = "Microsoft 365 Business Premium"
COPILOT = "Microsoft 365 Copilot"
KEEPER = "Keeper Business"
EXO = "Exchange Online (Plan 1)"
SPAM = "Spam Filter Service"
PROOFPOINT = "Proofpoint Essentials Business"
PARENT, SUB = "Evergreen Point Roofing", "Evergreen Staffing"
OTHERS = ("Brightwater Plumbing", "Cedar Ridge Dental", "Northgate Logistics", "Summit Legal Group")
#: product -> (seats the vendor sells the customer, billed at the parent, at the subsidiary)
SHARES = {BP: (24, 0, 24), COPILOT: (11, 8, 3), KEEPER: (21, 0, 21)}
PRICES = {BP: ("20.04", "28.92"), COPILOT: ("25.98", "37.69"), KEEPER: ("3.17", "5.38")}


def _report(
    tmp_path: Path, shares: dict[str, tuple[int, int, int]], *, sub: str = SUB
) -> dict[str, Any]:
    vendor = ["Customer Name,Product Name,Quantity,Unit Cost"]
    psa = ["Company,Product,Quantity,Unit Price"]
    for i, client in enumerate(OTHERS):
        vendor += [f"{client},{BP},{10 + i},22.00", f"{client},{EXO},{5 + i},4.00"]
        psa += [f"{client},{BP},{10 + i},26.00", f"{client},{EXO},{5 + i},5.00"]
    # The parent's company bills the spam filter in full under the MSP's own text (a mapping
    # question); the subsidiary bills its own users' share under the same text.
    vendor += [f"{PARENT},{PROOFPOINT},12,3.00"]
    psa += [f"{PARENT},{SPAM},12,5.00", f"{sub},{SPAM},4,5.00"]
    for product, (bought, parent, seats) in shares.items():
        cost, price = PRICES[product]
        vendor += [f"{PARENT},{product},{bought},{cost}"]
        if parent:
            psa += [f"{PARENT},{product},{parent},{price}"]
        psa += [f"{sub},{product},{seats},{price}"]
    (tmp_path / "vendor.csv").write_text("\n".join(vendor) + "\n")
    (tmp_path / "psa.csv").write_text("\n".join(psa) + "\n")
    files = (str(tmp_path / "vendor.csv"), str(tmp_path / "psa.csv"), str(tmp_path / "r.db"))
    return reconcile_json(files, "--no-save")


def _families(report: dict[str, Any]) -> list[dict[str, Any]]:
    return [q for q in report["questions"] if q.get("kind") == "family"]


def test_three_exact_shares_ask_one_question_the_pending_line_its_own(tmp_path: Path) -> None:
    report = _report(tmp_path, SHARES)
    (question,) = _families(report)
    assert question["question"] == f"Is {SUB} billed for {PARENT}'s licences?"
    # Summed, the family bills every seat bought: no gap on the three products, pending or not.
    shown = {(g["client"], g["product"]) for g in report["gaps"]}
    assert not shown & {(c, p) for c in (PARENT, SUB) for p in SHARES}
    # the subsidiary's spam-filter share is still shown, resting on its mapping question
    (mine,) = [g for g in report["gaps"] if g["client"] == SUB]
    assert (mine["psa_product"], mine["kind"], mine["psa_qty"]) == (SPAM, "missing_in_vendor", 4)
    assert mine["rests_on"] is not None and SPAM in mine["rests_on"]


def test_two_exact_shares_are_too_few_to_leave_the_pending_line_aside(tmp_path: Path) -> None:
    two = {p: SHARES[p] for p in (BP, KEEPER)}
    report = _report(tmp_path, two)
    assert _families(report) == []
    shown = {(g["client"], g["product"], g["kind"]) for g in report["gaps"]}
    assert (SUB, BP, "missing_in_vendor") in shown and (PARENT, BP, "missing_in_psa") in shown


def test_a_company_named_otherwise_keeps_its_pending_line_unasked(tmp_path: Path) -> None:
    # "Larkspur Staffing" shares no first word with the parent: three exact shares under
    # another name leave it to the rules that weigh chance, which ask nothing here.
    report = _report(tmp_path, SHARES, sub="Larkspur Staffing")
    assert _families(report) == []
