"""A lone company's unread line read as the one product its named-alike client is short of.

``recon.engine.family_unread``: "Harlow Staffing", with no vendor customer, bills its
parent's one Egnyte licence as "File Sharing (Egnyte)", a text no catalogue rule reads. The
family step lines products up by key, so it never saw the line fill Harlow Animal
Hospital's shortfall: the run showed "billed, not bought" beside "bought, not billed", two
false gaps on one licence. Read for the family step only, the line makes one question.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.recon.cli_run import AUTOTASK, autotask_service, reconcile_json

PARENT, COMPANY = "Harlow Animal Hospital", "Harlow Staffing"
GONE = "Silver Meadows Machine Works LLC"
BP, EGNYTE = "Microsoft 365 Business Premium", "Egnyte Business"
ARCHIVING, EXO = "Exchange Online Archiving", "Exchange Online (Plan 1)"
BC = "Dynamics 365 Business Central Essentials"


def _files(
    tmp_path: Path, bought: list[tuple[str, int, str]], billed: tuple[str, int, str, str]
) -> tuple[str, str, str]:
    """Three plain clients, the parent buying ``bought`` (product, seats, cost) of which the
    PSA bills only Business Premium, and the company billing ``billed`` (text, seats, price,
    its own unit cost), in an Autotask contract-services export (which carries the cost)."""
    vendor = ["Customer Name,Product Name,Quantity,Unit Cost"]
    psa = [AUTOTASK]
    for i, client in enumerate(("Brightwater Plumbing", "Cedar Ridge Dental", "Northgate Inc")):
        vendor.append(f"{client},{BP},{10 + i},22.00")
        psa.append(autotask_service(client, BP, 10 + i, "26.00", "22.00"))
    # A customer the PSA bills nowhere (offboarded, or billed under a name of its own), as
    # every real month has: a text no rule reads is then never asked about as a mapping on
    # a lone company's line (whose it is is open), only weighed here.
    vendor += [
        f"{GONE},Microsoft 365 Business Basic,7,5.21",
        f"{GONE},Proofpoint Essentials Business,4,2.61",
    ]
    vendor.append(f"{PARENT},{BP},6,22.00")
    psa.append(autotask_service(PARENT, BP, 6, "26.00", "22.00"))
    vendor += [f"{PARENT},{product},{seats},{cost}" for product, seats, cost in bought]
    psa.append(autotask_service(COMPANY, *billed))
    (tmp_path / "vendor.csv").write_text("\n".join(vendor) + "\n")
    (tmp_path / "psa.csv").write_text("\n".join(psa) + "\n")
    return str(tmp_path / "vendor.csv"), str(tmp_path / "psa.csv"), str(tmp_path / "r.db")


def _family(report: dict[str, Any]) -> list[dict[str, Any]]:
    return [q for q in report["questions"] if q.get("kind") == "family"]


def _gaps(report: dict[str, Any]) -> set[tuple[str, str, str]]:
    return {(g["client"], g["product"], g["kind"]) for g in report["gaps"]}


@pytest.mark.parametrize(
    ("bought", "billed"),
    [
        # the maker named, in brackets after the kind ("File Sharing")
        ([(EGNYTE, 3, "18.08")], ("File Sharing (Egnyte)", 3, "26.33", "18.41")),
        # the kind named, the product's brand in brackets
        ([(ARCHIVING, 2, "2.63")], ("Email Archiving (Exchange) /user", 2, "4.01", "")),
        # alike by letters only, at the vendor's own cost a per cent or two apart
        ([(BC, 1, "64.12")], ("Dynamics BC Ess /mo", 1, "112.41", "63.14")),
    ],
    ids=["maker", "kind", "letters-and-cost"],
)
def test_a_lone_companys_unread_line_filling_its_parents_shortfall_is_one_question(
    tmp_path: Path, bought: list[tuple[str, int, str]], billed: tuple[str, int, str, str]
) -> None:
    report = reconcile_json(_files(tmp_path, bought, billed))
    (question,) = _family(report)
    assert question["psa_clients"] == [PARENT, COMPANY]
    (line,) = question["lines"]
    assert line["product"].startswith(bought[0][0])  # as the catalogue names it
    assert line["billed"] == {PARENT: 0, COMPANY: billed[1]}
    # the seats agree: neither half of the licence shows as a gap
    assert {g["client"] for g in report["gaps"]} == {GONE}


@pytest.mark.parametrize(
    ("bought", "billed"),
    [
        # the text names the maker of two products the parent is short of: which is unknown
        (
            [(EGNYTE, 3, "18.08"), ("Egnyte Enterprise Lite", 3, "30.00")],
            ("File Sharing (Egnyte)", 3, "26.33", "18.41"),
        ),
        # alike by letters only, at another cost than the vendor's
        ([(BC, 1, "64.12")], ("Dynamics BC Ess /mo", 1, "112.41", "40.00")),
    ],
    ids=["two-alike", "letters-other-cost"],
)
def test_an_unread_line_not_surely_one_shortfall_product_stays_as_it_was(
    tmp_path: Path, bought: list[tuple[str, int, str]], billed: tuple[str, int, str, str]
) -> None:
    report = reconcile_json(_files(tmp_path, bought, billed))
    assert _family(report) == []
    # the line is put back under its own text, as before: billed, not bought
    assert (COMPANY, billed[0], "missing_in_vendor") in _gaps(report)
    assert (PARENT, bought[0][0], "missing_in_psa") in _gaps(report)


def test_a_line_read_for_the_family_step_and_asked_about_by_none_keeps_its_own_key(
    tmp_path: Path,
) -> None:
    # 5 billed where the parent lacks 3, under a first word only: no question; the line is
    # the company's own "billed, not bought" under its own text, never Egnyte Business.
    files = _files(tmp_path, [(EGNYTE, 3, "18.08")], ("File Sharing (Egnyte)", 5, "26.33", "18.41"))
    report = reconcile_json(files)
    assert _family(report) == []
    (gap,) = [g for g in report["gaps"] if g["client"] == COMPANY]
    assert gap["kind"] == "missing_in_vendor"
    assert "egnyte-business" not in gap["gap_key"]
