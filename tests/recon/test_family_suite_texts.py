"""A subsidiary's line written with a bare "365" for its suite, read for its family.

``recon.engine.family_unread``: "Howell Logistics", with no vendor customer, bills "365 E3"
(three seats) where the vendor sells "Howell Architects PC" three Microsoft 365 E3 seats its
company bills none of. Microsoft sells both Microsoft 365 E3 and Office 365 E3, and the file
sells both, so the catalogue cannot read the text alone; but the only one of its two readings
the named-alike clients are short of is Microsoft 365 E3. The run used to show "billed, not
bought" at the subsidiary beside "bought, not billed" at the parent; it asks one family
question instead. Where the parent is short of both readings, nothing is read.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.recon.cli_run import reconcile_json

HEADER = (
    "Contract Name,Contract Type,Contract Status,Organization Name,Service Name,Units,"
    "Unit Price,Adjusted Price,Unit Cost,Period Type,Start Date,End Date"
)
PARENT, SUB = "Howell Architects", "Howell Logistics"


def _line(company: str, service: str, units: int, price: str, cost: str) -> str:
    return (
        f"Microsoft 365 Licensing,Recurring Service,Active,{company},{service},{units},"
        f"{price},,{cost},Monthly,01/01/2025,"
    )


def _report(tmp_path: Path, *, extra_vendor: tuple[str, ...] = ()) -> dict[str, Any]:
    vendor = ["Customer Name,Product Name,Quantity,Unit Cost"]
    psa = [HEADER]
    for i in range(12):  # clients short of mailboxes only, as in any book
        name = f"Filler {chr(65 + i)} Farms"
        vendor += [f"{name},Exchange Online (Plan 1),5,4.00"]
        psa += [_line(name, "Exchange Online (Plan 1)", 2, f"5.{10 + i}", "4.00")]
    # The file sells Office 365 E3 too: "365 E3" alone is either suite.
    vendor += ["Northgate Dental,Office 365 E3,6,20.00"]
    psa += [_line("Northgate Dental", "Office 365 E3", 6, "26.00", "20.00")]
    vendor += [
        f"{PARENT} PC,Exchange Online Archiving,1,2.76",
        f"{PARENT} PC,Microsoft 365 E3,3,30.18",
    ]
    vendor += list(extra_vendor)
    psa += [_line(PARENT, "Exchange Online Archiving", 1, "4.06", "2.78")]
    # Its own unit cost is not the vendor's (no cost reading): only the suite names it.
    psa += [_line(SUB, "365 E3", 3, "49.95", "33.00")]
    (tmp_path / "vendor.csv").write_text("\n".join(vendor) + "\n")
    (tmp_path / "psa.csv").write_text("\n".join(psa) + "\n")
    files = (str(tmp_path / "vendor.csv"), str(tmp_path / "psa.csv"), str(tmp_path / "r.db"))
    return reconcile_json(files)


def _families(report: dict[str, Any]) -> list[dict[str, Any]]:
    return [q for q in report["questions"] if q.get("kind") == "family"]


def test_the_one_suite_reading_the_parent_lacks_is_one_question(tmp_path: Path) -> None:
    report = _report(tmp_path)
    (question,) = _families(report)
    assert question["question"] == f"Is {SUB} billed for {PARENT} PC's licences?"
    assert not [g for g in report["gaps"] if g["client"] in (PARENT, SUB)]


def test_a_parent_short_of_both_readings_reads_nothing(tmp_path: Path) -> None:
    report = _report(tmp_path, extra_vendor=(f"{PARENT} PC,Office 365 E3,3,20.00",))
    assert _families(report) == []
    kinds = {(g["client"], g["kind"]) for g in report["gaps"]}
    assert (SUB, "missing_in_vendor") in kinds
