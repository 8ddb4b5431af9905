"""A brand-and-trade subsidiary billing its share of its parent's product at the parent's price.

``recon.engine.family_shared_price``: the vendor sells "Crystal Field Hardware" ten Business
Premium seats; its company bills three at $27.35 and "Crystal Imaging", with no vendor
customer, bills four at the very same $27.35 (one agreement covering both: Autotask's
parent contract billed to sub-organizations, ConnectWise's agreement sites). The run used to
show seven seats short at the parent beside four "missing in vendor" at the company; it asks
one question instead, the family's real gap (three short) pending it. A price of its own, a
price other short clients pay too (one price list), or a name that is no line of business
leave the two gaps.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.recon.cli_run import reconcile_json

BP = "Microsoft 365 Business Premium"
EXO = "Exchange Online (Plan 1)"
PARENT, SUB = "Crystal Field Hardware", "Crystal Imaging"
PRICE = "27.35"
FILLERS = 12


def _report(
    tmp_path: Path,
    *,
    company: str = SUB,
    price: str = PRICE,
    billed: int = 4,
    extra_vendor: tuple[str, ...] = (),
    extra_psa: tuple[str, ...] = (),
    fillers: int = FILLERS,
) -> dict[str, Any]:
    vendor = ["Customer Name,Product Name,Quantity,Unit Cost"]
    psa = ["Company,Product,Quantity,Unit Price"]
    # Clients whose companies bill two of the five mailboxes bought, each at a price of its
    # own (MSPs price per agreement): parents of no product in question, as at scale.
    for i in range(fillers):
        vendor += [f"Filler {chr(65 + i)} Farms,{EXO},5,4.00"]
        psa += [f"Filler {chr(65 + i)} Farms,{EXO},2,5.{10 + i}"]
    vendor += [f"{PARENT},{BP},10,22.00", f"{PARENT},{EXO},6,4.00"]
    psa += [f"{PARENT},{BP},3,{PRICE}", f"{PARENT},{EXO},6,5.55"]
    psa += [f"{company},{BP},{billed},{price}"]
    vendor += list(extra_vendor)
    psa += list(extra_psa)
    (tmp_path / "vendor.csv").write_text("\n".join(vendor) + "\n")
    (tmp_path / "psa.csv").write_text("\n".join(psa) + "\n")
    files = (str(tmp_path / "vendor.csv"), str(tmp_path / "psa.csv"), str(tmp_path / "r.db"))
    return reconcile_json(files)


def _families(report: dict[str, Any]) -> list[dict[str, Any]]:
    return [q for q in report["questions"] if q.get("kind") == "family"]


def _gaps(report: dict[str, Any]) -> set[tuple[str, str, str]]:
    return {(g["client"], g["product"], g["kind"]) for g in report["gaps"]}


def test_a_share_billed_at_the_parents_price_is_one_question_not_two_gaps(
    tmp_path: Path,
) -> None:
    report = _report(tmp_path)
    (question,) = _families(report)
    assert question["question"] == f"Is {SUB} billed for {PARENT}'s licences?"
    (gap,) = [g for g in report["gaps"] if g["client"] in (PARENT, SUB)]
    # Summed, the family bills seven of the ten seats bought: three short, pending the answer.
    assert (gap["client"], gap["kind"], gap["seat_delta"]) == (PARENT, "quantity_mismatch", 3)
    assert gap["rests_on"].startswith("the family question")


def test_a_trade_word_the_parents_name_has_too_is_still_asked(tmp_path: Path) -> None:
    # "Crystal Hardware" is the brand and a trade ("Hardware" is the parent's word too):
    # the name cut short or another trade, one organisation either way.
    report = _report(tmp_path, company="Crystal Hardware")
    (question,) = _families(report)
    assert question["psa_client"] == "Crystal Hardware"


def test_a_price_of_its_own_is_another_agreement(tmp_path: Path) -> None:
    # $29.10 is another short client's price, not the parent's: another agreement.
    report = _report(
        tmp_path,
        price="29.10",
        extra_vendor=(f"Northgate Dental,{BP},8,22.00",),
        extra_psa=(f"Northgate Dental,{BP},5,29.10",),
    )
    assert _families(report) == []
    assert {(SUB, BP, "missing_in_vendor"), (PARENT, BP, "quantity_mismatch")} <= _gaps(report)


def test_a_price_other_short_clients_pay_says_nothing(tmp_path: Path) -> None:
    # Another client's company bills Business Premium short at $27.35 too: one price list.
    report = _report(
        tmp_path,
        extra_vendor=(f"Northgate Dental,{BP},8,22.00",),
        extra_psa=(f"Northgate Dental,{BP},5,{PRICE}",),
    )
    assert _families(report) == []
    assert (SUB, BP, "missing_in_vendor") in _gaps(report)


def test_more_seats_than_the_parent_lacks_are_not_its_share(tmp_path: Path) -> None:
    report = _report(tmp_path, billed=12)
    assert _families(report) == []
    assert (SUB, BP, "missing_in_vendor") in _gaps(report)


def test_a_place_after_the_first_word_is_not_a_line_of_business(tmp_path: Path) -> None:
    report = _report(tmp_path, company="Crystal Fresno")
    assert _families(report) == []
    assert ("Crystal Fresno", BP, "missing_in_vendor") in _gaps(report)


def test_two_companies_sharing_one_parents_price_ask_nothing(tmp_path: Path) -> None:
    # "Crystal Staffing" bills two more seats at the same price: which company's seats are the
    # family's is not said by the price alone.
    report = _report(tmp_path, extra_psa=(f"Crystal Staffing,{BP},2,{PRICE}",))
    assert _families(report) == []
    assert (SUB, BP, "missing_in_vendor") in _gaps(report)


def test_too_few_parents_to_tell_a_price_list_ask_nothing(tmp_path: Path) -> None:
    # Three short clients in all: a price paid by one of them says nothing of a price list.
    report = _report(tmp_path, fillers=2)
    assert _families(report) == []
    assert (SUB, BP, "missing_in_vendor") in _gaps(report)


APPS = "Microsoft 365 Apps for enterprise"


def test_a_product_the_parent_never_bought_rides_beside_its_share(tmp_path: Path) -> None:
    # "Crystal Imaging" fills the parent's seven-seat shortfall at its price and also bills
    # six Apps for enterprise seats nobody bought: the question holds the shared line, the
    # Apps line stays the company's own "billed, not bought" gap (the family's real gap).
    report = _report(tmp_path, billed=7, extra_psa=(f"{SUB},{APPS},6,14.28",))
    (question,) = _families(report)
    assert question["psa_client"] == SUB
    gaps = [g for g in report["gaps"] if g["client"] in (PARENT, SUB)]
    assert [(g["client"], g["product"], g["kind"]) for g in gaps] == [
        (SUB, APPS, "missing_in_vendor")
    ]


def test_more_lines_of_its_own_than_shared_ask_nothing(tmp_path: Path) -> None:
    # One shared line beside two products nobody bought: as often another client.
    report = _report(
        tmp_path,
        billed=7,
        extra_psa=(f"{SUB},{APPS},6,14.28", f"{SUB},Visio Plan 1,3,6.10"),
    )
    assert _families(report) == []
    assert (SUB, BP, "missing_in_vendor") in _gaps(report)
