"""A text naming a kind ("Managed AV - Workstation") at a client buying an unbilled product of
that kind is never asked about, nor compared as, a product of another kind whose seats happen
to agree there (``recon.match.kind_conflicts``).

"Larkspur Roofing, Inc." buys 27 Bitdefender GravityZone Business Security seats (antivirus)
and 19 Huntress Managed EDR seats. The PSA bills them as two companies, a subsidiary billing
its own share: "Managed AV - Workstation" 19 + 8 and "Huntress" 8 + 11. The parent's company
alone bills 19 "Managed AV" seats, equal to the Huntress seats: read by the seats, the text was
Huntress, with Bitdefender "missing in PSA" beside it. AV is antivirus (NIST SP 800-83r1):
the text is the client's product of that kind, Bitdefender, and the family question sums the
subsidiary's 8 to the parent's 19 for its 27.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.recon.cli_run import PAX8_INVOICE, pax8_item, reconcile_json

BP = "Microsoft 365 Business Premium"
EXO = "Exchange Online (Plan 1)"
KEEPER = "Keeper Business"
BD = "Bitdefender GravityZone Business Security"
HUNTRESS = "Huntress Managed EDR"
AV = "Managed AV - Workstation"
CUSTOMER, PARENT, SUB = "Larkspur Roofing, Inc.", "Larkspur Roofing", "Larkspur Staffing"
OTHERS = ("Brightwater Plumbing", "Cedar Ridge Dental", "Northgate Logistics", "Summit Legal Group")
#: The PSA's own texts: Huntress billed by its maker's name alone.
TEXTS = {HUNTRESS: "Huntress"}
#: A ConnectWise agreement-additions export's header.
CONNECTWISE = (
    "Company Name,Agreement Name,Agreement Type,Agreement Status,Product ID,Description,"
    "Quantity,Less Included,Price,Cost,Ext Price,Bill,Addition Status,Effective,Cancelled"
)
#: (vendor cost, PSA item, PSA price, PSA cost) per product.
PRICES = {
    BP: ("20.04", "M365BP", "28.92", "20.25"),
    EXO: ("3.39", "EOP1-M", "4.43", "3.50"),
    KEEPER: ("3.17", "KB-M", "5.38", "3.05"),
    BD: ("1.62", "BGBS-M", "2.94", "1.62"),
    HUNTRESS: ("3.08", "HME", "5.60", "3.07"),
}


def _addition(company: str, product: str, text: str, seats: int) -> str:
    _, item, price, cost = PRICES[product]
    total = f"{seats * float(price):.2f}"
    return (
        f"{company},Managed Services Agreement,Licensing,Active,{item},{text},{seats},,"
        f"{price},{cost},{total},Billable,Active,04/16/2026,"
    )


def _files(tmp_path: Path) -> tuple[str, str, str]:
    vendor = [",".join(PAX8_INVOICE)]
    psa = [CONNECTWISE]
    for i, client in enumerate(OTHERS):
        for product, seats in ((BP, 10 + i), (EXO, 3 + i), (HUNTRESS, 6 + i)):
            vendor.append(",".join(pax8_item("subscription", client, product, seats,
                                             PRICES[product][0])))  # fmt: skip
            psa.append(_addition(client, product, TEXTS.get(product, product), seats))
    bought = {BP: 24, EXO: 28, KEEPER: 21, BD: 27, HUNTRESS: 19}
    for product, seats in bought.items():
        vendor.append(
            ",".join(pax8_item("subscription", f'"{CUSTOMER}"', product, seats, PRICES[product][0]))
        )
    psa += [
        _addition(PARENT, EXO, EXO, 16),
        _addition(PARENT, BD, AV, 19),
        _addition(PARENT, HUNTRESS, "Huntress", 8),
        _addition(SUB, BP, BP, 24),
        _addition(SUB, EXO, EXO, 12),
        _addition(SUB, KEEPER, KEEPER, 21),
        _addition(SUB, BD, AV, 8),
        _addition(SUB, HUNTRESS, "Huntress", 11),
    ]
    (tmp_path / "vendor.csv").write_text("\n".join(vendor) + "\n")
    (tmp_path / "psa.csv").write_text("\n".join(psa) + "\n")
    return str(tmp_path / "vendor.csv"), str(tmp_path / "psa.csv"), str(tmp_path / "r.db")


def _report(tmp_path: Path) -> dict[str, Any]:
    return reconcile_json(_files(tmp_path), "--no-save", "--as-of", "2026-11-01")


def test_a_kind_text_is_never_the_other_kinds_product_its_seats_equal(tmp_path: Path) -> None:
    report = _report(tmp_path)
    larkspur = [g for g in report["gaps"] if "Larkspur" in g["client"]]
    assert not [g for g in larkspur if g["product"] == HUNTRESS and g["psa_product"] == AV]
    assert not [g for g in larkspur if g["product"] == BD and g["kind"] == "missing_in_psa"]
    asked = [q for q in report["questions"] if q.get("psa_product") == AV]
    assert all(q["candidates"][0]["vendor_product"] == BD for q in asked)


def test_the_family_question_sums_the_subsidiarys_antivirus_seats(tmp_path: Path) -> None:
    report = _report(tmp_path)
    (family,) = [q for q in report["questions"] if q.get("kind") == "family"]
    lines = {line["product"]: line["billed"] for line in family["lines"]}
    assert lines[BD] == {PARENT: 19, SUB: 8}
    assert lines[HUNTRESS] == {PARENT: 8, SUB: 11}


def test_a_product_whose_own_name_carries_the_kind_is_of_that_kind(tmp_path: Path) -> None:
    """The text "Mailbox Backup /mo" 6 beside an unbilled Dropsuite Microsoft 365 Backup 6 and Datto
    SaaS Protection 5 (billed nowhere): both are backups (the catalogue's kind, whether or not
    the product's own name says it), so the seats still ask about Dropsuite, never a false
    "missing in PSA" beside the text."""
    vendor = ["Customer Name,Product Name,Quantity,Unit Cost"]
    psa = ["Company,Product,Quantity,Unit Price"]
    for i, client in enumerate(OTHERS):
        vendor.append(f"{client},{BP},{10 + i},20.04")
        psa.append(f"{client},{BP},{10 + i},28.92")
    vendor += [
        "Zimmer Tools Co,Microsoft 365 Business Premium,8,20.04",
        "Zimmer Tools Co,Dropsuite Microsoft 365 Backup,6,2.03",
        "Zimmer Tools Co,Datto SaaS Protection,5,2.50",
    ]
    psa += [
        "Zimmer Tools Co.,Microsoft 365 Business Premium,8,28.92",
        "Zimmer Tools Co.,Mailbox Backup /mo,6,3.50",
    ]
    (tmp_path / "vendor.csv").write_text("\n".join(vendor) + "\n")
    (tmp_path / "psa.csv").write_text("\n".join(psa) + "\n")
    files = (str(tmp_path / "vendor.csv"), str(tmp_path / "psa.csv"), str(tmp_path / "r.db"))
    report = reconcile_json(files, "--no-save", "--as-of", "2026-11-01")
    short = {g["product"] for g in report["gaps"] if g["kind"] == "missing_in_psa"}
    assert "Dropsuite Microsoft 365 Backup" not in short
