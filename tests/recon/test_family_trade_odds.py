"""A brand-and-trade subsidiary weighed at the run's own odds for such companies
(:mod:`recon.engine.trade_odds`), and a trade company whose seats pick one of several
parents of its name (:mod:`recon.engine.family_trades`).

The run below bills six subsidiaries apart, each named for its parent's first word and a
line of business ("Ashford Staffing" beside "Ashford Hills Dental"), each exact on three
lines: asked on their own evidence. Sixteen other companies with no vendor customer bill
what no customer lacks. "Copper Staffing" bills the one seat of Business Premium its parent
"Copper Hills Solar" lacks; four other customers lack one such seat too, so about 0.36 other
parents would fit it by chance: more than the capped odds over every lone company allow,
well within the odds the run shows for companies of its shape (6 asked of 7).
"""

from __future__ import annotations

from typing import Any

import pytest

from recon.engine import trade_odds
from tests.recon.conftest import reconcile_rows

BP = "Microsoft 365 Business Premium"
BB = "Microsoft 365 Business Basic"
EXO = "Exchange Online (Plan 1)"
DEF = "Microsoft Defender for Office 365 (Plan 1)"
STD = "Microsoft 365 Business Standard"
VISIO = "Visio Plan 1"
BRANDS = ("Ashford", "Bellamy", "Carrow", "Dunmore", "Elston", "Fairlie")
SHORT_ONE = ("Northgate Logistics", "Pinecrest Veterinary", "Oakmont Realty", "Summit Legal")
STRANGERS = (
    "Abbott", "Barlow", "Chandler", "Delgado", "Ellison", "Fenwick", "Garrison", "Holloway",
    "Ingram", "Jarvis", "Kendall", "Lockhart", "Mercer", "Nash", "Osborne", "Prescott",
)  # fmt: skip


def _run(*, extra: list[tuple[str, str, int, str]] | None = None, psa_extra: Any = ()) -> Any:
    vendor: list[tuple[str, str, int, str]] = []
    psa: list[tuple[str, str, int, str]] = []
    for i, brand in enumerate(BRANDS):
        parent = f"{brand} Hills Dental"
        for product, seats in ((BP, 10 + i), (EXO, 5 + i), (DEF, 3 + i)):
            vendor.append((parent, product, seats, "10.00"))
            psa.append((f"{brand} Staffing", product, seats, "12.00"))
        vendor.append((parent, STD, 4, "10.00"))
        psa.append((parent, STD, 4, "12.00"))
    for name in SHORT_ONE:  # customers one seat of Business Premium short
        vendor.append((name, BP, 5, "10.00"))
        psa.append((name, BP, 4, "12.00"))
    vendor += [("Copper Hills Solar", BP, 1, "10.00"), ("Copper Hills Solar", STD, 4, "10.00")]
    psa += [("Copper Hills Solar", STD, 4, "12.00"), ("Copper Staffing", BP, 1, "12.00")]
    # another customer of the name, short of something else
    vendor += [("Copper Ridge Bakery", EXO, 6, "10.00"), ("Copper Ridge Bakery", STD, 2, "10.00")]
    psa.append(("Copper Ridge Bakery", STD, 2, "12.00"))
    for name in STRANGERS:  # companies with no vendor customer, lacking nothing of anyone's
        psa.append((f"{name} Holdings Group", VISIO, 2, "12.00"))
    vendor += extra or []
    psa += list(psa_extra)
    return reconcile_rows(vendor, psa)


def _asked(result: Any) -> set[tuple[str, str]]:
    return {(q.vendor_client, q.psa_client) for q in result.family_questions}


def test_a_brand_and_trade_subsidiary_is_asked_at_the_runs_odds_for_its_shape() -> None:
    asked = _asked(_run())
    assert {(f"{b} Hills Dental", f"{b} Staffing") for b in BRANDS} <= asked
    assert ("Copper Hills Solar", "Copper Staffing") in asked
    assert len(asked) == len(BRANDS) + 1  # no stranger, no other customer named Copper


def test_without_the_shapes_odds_the_one_seat_stays_two_gaps(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The cap the rule reads under: at half a chance parent nothing changes; at a tenth
    # (the capped odds over every lone company) the one seat is no evidence.
    monkeypatch.setattr(trade_odds, "CAP", 0.1)
    asked = _asked(_run())
    assert ("Copper Hills Solar", "Copper Staffing") not in asked
    assert len(asked) == len(BRANDS)


def test_a_trade_company_near_one_of_two_parents_of_its_name_is_asked() -> None:
    # Two customers named Lake lack Business Basic and bill none of it: 14 and 3 seats. Lake
    # Staffing bills 13, near the first's shortfall only: the seats say whose it is.
    vendor = [
        ("Lake Prairie Industries", BB, 14, "5.00"),
        ("Lake Prairie Industries", STD, 3, "10.00"),
        ("Lake Shore Bakery", BB, 3, "5.00"),
        ("Lake Shore Bakery", STD, 5, "10.00"),
    ]
    psa = [
        ("Lake Prairie Industries", STD, 3, "12.00"),
        ("Lake Shore Bakery", STD, 5, "12.00"),
        ("Lake Staffing", BB, 13, "6.00"),
    ]
    asked = _asked(_run(extra=vendor, psa_extra=psa))
    assert ("Lake Prairie Industries", "Lake Staffing") in asked
    assert ("Lake Shore Bakery", "Lake Staffing") not in asked


def test_far_seats_are_not_weighed_at_the_shapes_odds() -> None:
    # Elm Foods bills 4 Power BI where its parent lacks 1: the seats close the gap but are
    # far from it. Three other customers lack Power BI too (about 0.12 chance parents):
    # within the shape's odds, but far seats were where those odds named two companies.
    pbi = "Power BI Pro"
    vendor = [
        ("Elm Glen Florist", pbi, 1, "10.00"),
        ("Elm Glen Florist", STD, 2, "10.00"),
        ("Elm Ridge Bakery", EXO, 3, "10.00"),
        ("Elm Ridge Bakery", STD, 2, "10.00"),
        *((name, pbi, 2, "10.00") for name in SHORT_ONE[:3]),
    ]
    psa = [
        ("Elm Glen Florist", STD, 2, "12.00"),
        ("Elm Ridge Bakery", STD, 2, "12.00"),
        ("Elm Foods", pbi, 4, "12.00"),
    ]
    asked = _asked(_run(extra=vendor, psa_extra=psa))
    assert ("Copper Hills Solar", "Copper Staffing") in asked  # the shape's odds hold here
    assert ("Elm Glen Florist", "Elm Foods") not in asked
