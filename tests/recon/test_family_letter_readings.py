"""A subsidiary's line the catalogue does not read by name, weighed again for its family.

``recon.engine.family_unread``: "Clear Logistics", with no vendor customer, bills 14 seats of
"M365 Backup" where the vendor sells "Clear Pines Chiropractic, LLC" 14 seats of Datto SaaS
Protection for Microsoft 365 its company bills none of. The text names a kind (a backup of
Microsoft 365: Datto, Dropsuite and Microsoft's own Microsoft 365 Backup all are one), no
product, and the run read it by its letters as Dropsuite Microsoft 365 Backup, which the
family never bought: "billed, not bought" at the subsidiary beside "bought, not billed" at the
parent. For the family step such a line is weighed as an unread one: the one product of its
kind the named-alike clients are short of. A text the catalogue reads by name keeps its
reading.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.recon.cli_run import reconcile_json

HEADER = (
    "Contract Name,Contract Type,Contract Status,Organization Name,Service Name,Units,"
    "Unit Price,Adjusted Price,Unit Cost,Period Type,Start Date,End Date"
)
PARENT, SUB = "Clear Pines Chiropractic", "Clear Logistics"
DATTO = "Datto SaaS Protection for Microsoft 365"
DROPSUITE = "Dropsuite Microsoft 365 Backup"


def _line(company: str, service: str, units: int, price: str, cost: str) -> str:
    return (
        f"Managed Services Agreement,Recurring Service,Active,{company},{service},{units},"
        f"{price},,{cost},Monthly,01/01/2025,"
    )


def _report(tmp_path: Path, *, text: str = "M365 Backup") -> dict[str, Any]:
    vendor = ["Customer Name,Product Name,Quantity,Unit Cost"]
    psa = [HEADER]
    for i in range(12):  # clients short of mailboxes only, as in any book
        name = f"Filler {chr(65 + i)} Farms"
        vendor += [f"{name},Exchange Online (Plan 1),5,4.00"]
        psa += [_line(name, "Exchange Online (Plan 1)", 2, f"5.{10 + i}", "4.00")]
    # Other clients buy Dropsuite, billed under its own name.
    for name, seats in (("Bell Marketing", 12), ("Kirby Shore Veterinary", 7)):
        vendor += [f"{name},{DROPSUITE},{seats},2.20"]
        psa += [_line(name, "Dropsuite", seats, "3.40", "2.20")]
    vendor += [f"{PARENT} LLC,Proofpoint Essentials Business,32,2.50"]
    vendor += [f"{PARENT} LLC,{DATTO},14,2.45"]
    psa += [_line(PARENT, "Spam Filtering", 32, "4.41", "2.43")]
    psa += [_line(SUB, text, 14, "3.73", "2.45")]
    (tmp_path / "vendor.csv").write_text("\n".join(vendor) + "\n")
    (tmp_path / "psa.csv").write_text("\n".join(psa) + "\n")
    files = (str(tmp_path / "vendor.csv"), str(tmp_path / "psa.csv"), str(tmp_path / "r.db"))
    return reconcile_json(files)


def _families(report: dict[str, Any]) -> list[dict[str, Any]]:
    return [q for q in report["questions"] if q.get("kind") == "family"]


def test_a_kind_text_read_by_its_letters_is_weighed_for_the_family(tmp_path: Path) -> None:
    report = _report(tmp_path)
    (question,) = _families(report)
    assert question["question"] == f"Is {SUB} billed for {PARENT} LLC's licences?"
    assert not [g for g in report["gaps"] if g["client"] in (PARENT, SUB)]


def test_a_text_the_catalogue_reads_by_name_keeps_its_reading(tmp_path: Path) -> None:
    # "Dropsuite" is Dropsuite by the catalogue: another product, the family's own gaps.
    report = _report(tmp_path, text="Dropsuite")
    assert _families(report) == []
    assert {(g["client"], g["kind"]) for g in report["gaps"]} >= {
        (SUB, "missing_in_vendor"),
        (PARENT, "missing_in_psa"),
    }
