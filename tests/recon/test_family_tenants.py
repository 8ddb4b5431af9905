"""A PSA company paired with no vendor customer, bought for as several tenants: one question.

``recon.engine.family_tenants``: the PSA bills "Kestrel Brothers Dental" (a name no vendor
customer pairs with); the vendor sells to two tenants, "Kestrel Brothers Dental Grp" and
"Kestrel Brothers Dental Grp (Tampa)", neither paired with anything. Summed, the tenants' seats
are the billed ones: one question naming both, not every line a gap on each side. A yes
records each tenant with the company, and the next run sums them.
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from pathlib import Path
from typing import Any

from recon.engine.family_questions import ask_families
from recon.model import FAMILY_WORDS, Gap, GapKind
from recon.normalize import client_key
from tests.recon.cli_run import invoke, reconcile_json
from tests.recon.family_gaps import sided as _gap

COMPANY = "Kestrel Brothers Dental"
MAIN, OMAHA = "Kestrel Brothers Dental Grp", "Kestrel Brothers Dental Grp (Tampa)"


def _bought(customer: str, product: str, seats: int) -> Gap:
    return _gap(GapKind.MISSING_IN_PSA, customer, product, seats, 0)


def _billed(product: str, seats: int, company: str = COMPANY) -> Gap:
    return _gap(GapKind.MISSING_IN_VENDOR, company, product, 0, seats)


def _ask(gaps: list[Gap], **kwargs: Any) -> Any:
    companies = {g.psa_client for g in gaps if g.psa_client}
    customers = {g.vendor_client for g in gaps if g.vendor_client}
    return ask_families(gaps, lone_psa=companies, lone_vendor=customers, **kwargs)


def _family(bp: int = 12) -> list[Gap]:
    """Kestrel is billed 12 BP, 5 EXO and 3 Visio; the main tenant holds 8 BP and 5 EXO,
    the second ``bp - 8`` BP and 3 Visio."""
    return [
        _billed("bp", 12),
        _billed("exo", 5),
        _billed("visio", 3),
        _bought(MAIN, "bp", 8),
        _bought(MAIN, "exo", 5),
        _bought(OMAHA, "bp", bp - 8),
        _bought(OMAHA, "visio", 3),
    ]


def test_a_company_bought_for_as_two_unpaired_tenants_is_one_question_not_gaps() -> None:
    asked = _ask(_family())
    (question,) = asked.questions
    assert question.vendor_clients == (MAIN, OMAHA)
    assert question.psa_clients == (COMPANY,)
    assert question.text == f"Is {COMPANY} billed for {MAIN} and {OMAHA}'s licences?"
    assert question.pairs == ((MAIN, COMPANY), (OMAHA, COMPANY))
    assert asked.gaps == ()


def test_the_gap_a_yes_implies_shows_now_pending_the_question() -> None:
    asked = _ask(_family(bp=13))
    (gap,) = asked.gaps
    assert (gap.client, gap.product_key, gap.kind) == (COMPANY, "bp", GapKind.QUANTITY_MISMATCH)
    assert (gap.vendor_qty, gap.psa_qty, gap.seat_delta) == (13, 12, 1)
    assert gap.monthly_impact == 3  # one seat at the PSA's own price
    assert gap.rests_on is not None and gap.rests_on.startswith(FAMILY_WORDS)
    assert gap.vendor_client == MAIN


def test_one_exact_product_is_no_evidence() -> None:
    # Business Premium 11 of 12 and Visio 2 of 3 are near, only the mailboxes exact.
    gaps = [_billed("bp", 12), _billed("exo", 5), _billed("visio", 3)]
    gaps += [_bought(MAIN, "bp", 8), _bought(MAIN, "exo", 5)]
    gaps += [_bought(OMAHA, "bp", 3), _bought(OMAHA, "visio", 2)]
    assert _ask(gaps).questions == ()
    gaps[-1] = _bought(OMAHA, "visio", 3)
    assert len(_ask(gaps).questions) == 1


def test_a_tenant_holding_what_the_company_is_never_billed_is_not_one_of_them() -> None:
    gaps = [*_family(), _bought(OMAHA, "pbi", 2)]
    assert _ask(gaps).questions == ()


def test_tenants_whose_names_do_not_begin_like_the_company_are_not_asked_about() -> None:
    gaps = [
        _bought("Osprey Freight", g.product_key, int(g.vendor_qty))
        if g.vendor_client == OMAHA
        else g
        for g in _family()
    ]
    assert _ask(gaps).questions == ()


def test_tenants_sharing_only_the_first_word_of_the_company_are_not_asked_about() -> None:
    # "Kestrel Ridge ..." keeps "Kestrel" only: a word many companies' names begin with.
    other = "Kestrel Ridge Cleaning Services - East"
    gaps = [
        _bought(other, g.product_key, int(g.vendor_qty)) if g.vendor_client == OMAHA else g
        for g in _family()
    ]
    assert _ask(gaps).questions == ()


def test_a_tenant_answered_no_is_never_asked_about_again() -> None:
    apart = {(client_key(OMAHA), client_key(COMPANY))}
    assert _ask(_family(), apart=apart).questions == ()


def test_a_company_two_sets_of_tenants_fit_is_asked_about_by_none() -> None:
    # A third tenant holds exactly what Omaha holds: two sets sum to the billed seats.
    labs = "Kestrel Brothers Labs"
    gaps = [*_family(), _bought(labs, "bp", 4), _bought(labs, "visio", 3)]
    assert _ask(gaps).questions == ()


def test_a_tenant_two_companies_fit_is_asked_about_by_neither() -> None:
    other = "Kestrel Brothers Dental Inc"
    gaps = [*_family(), _billed("bp", 12, other), _billed("exo", 5, other)]
    gaps += [_billed("visio", 3, other)]
    assert _ask(gaps).questions == ()


def test_a_tenant_whose_seats_agree_nowhere_is_not_one_of_them() -> None:
    # Kestrel is also billed 10 Defender; "Kestrel Brothers Labs" holds 3, near nothing: the two
    # tenants are the family, Labs is not named (and its line stays a gap of its own).
    gaps = [*_family(), _billed("defender", 10), _bought("Kestrel Brothers Labs", "defender", 3)]
    asked = _ask(gaps)
    (question,) = asked.questions
    assert question.vendor_clients == (MAIN, OMAHA)
    assert {g.client for g in asked.gaps} == {COMPANY, "Kestrel Brothers Labs"}


# The question end to end: asked, answered yes, summed on the next run (a real SQLite file).


def _files(tmp_path: Path, bp: int = 4) -> tuple[str, str, str]:
    """Each tenant alone shares products with the company but almost no seat count (the
    review would say two clients); summed, they are the billed seats but one BP seat."""
    bp_, bb = "Microsoft 365 Business Premium", "Microsoft 365 Business Basic"
    entra, s1 = "Microsoft Entra ID P1", "SentinelOne Singularity Control"
    pp = "Proofpoint Essentials Business"
    vendor = ["Customer Name,Product Name,Quantity,Unit Cost"]
    psa = ["Company,Product,Quantity,Unit Price"]
    for i, client in enumerate(("Brightwater Plumbing", "Cedar Ridge Dental", "Northgate Inc")):
        vendor += [f"{client},{bp_},{10 + i},22.00", f"{client},{bb},{3 + i},5.00"]
        psa += [f"{client},{bp_},{10 + i},26.00", f"{client},{bb},{3 + i},7.00"]
    billed = ((bp_, 15, 26), (bb, 16, 7), (entra, 14, 6), (s1, 12, 6), (pp, 13, 4))
    psa += [f"{COMPANY},{name},{seats},{price}.00" for name, seats, price in billed]
    main = ((bp_, 12, 22), (bb, 16, 5), (pp, 11, 2), (s1, 7, 3), (entra, 3, 4))
    omaha = ((bp_, bp, 22), (entra, 11, 4), (s1, 5, 3), (pp, 2, 2))
    vendor += [f"{MAIN},{name},{seats},{cost}.00" for name, seats, cost in main]
    vendor += [f"{OMAHA},{name},{seats},{cost}.00" for name, seats, cost in omaha]
    (tmp_path / "vendor.csv").write_text("\n".join(vendor) + "\n")
    (tmp_path / "psa.csv").write_text("\n".join(psa) + "\n")
    return str(tmp_path / "vendor.csv"), str(tmp_path / "psa.csv"), str(tmp_path / "r.db")


def test_a_yes_records_every_tenant_and_the_next_run_sums_them(tmp_path: Path) -> None:
    files = _files(tmp_path)
    first = reconcile_json(files)
    (question,) = [q for q in first["questions"] if q.get("kind") == "family"]
    assert question["question"] == f"Is {COMPANY} billed for {MAIN} and {OMAHA}'s licences?"
    (gap,) = first["gaps"]
    assert (gap["seat_delta"], gap["rests_on"][: len(FAMILY_WORDS)]) == (1, FAMILY_WORDS)
    invoke("family", "join", MAIN, COMPANY, "--db", files[2])
    second = reconcile_json(files)
    assert [q for q in second["questions"] if q.get("kind") == "family"] == []
    (gap,) = second["gaps"]
    assert (gap["seat_delta"], gap["rests_on"], gap["kind"]) == (1, None, "quantity_mismatch")
    assert gap["client"] == COMPANY


def test_tenants_summed_to_the_billed_seats_billed_below_cost_show_that_loss_pending() -> None:
    # Every product's seats agree, but the company bills its 12 Business Premium at $1.50 a
    # seat both tenants cost $2.00 for: the family's price below cost, pending the question.
    gaps = _family()
    gaps[0] = dataclasses.replace(gaps[0], psa_unit_price=Decimal("1.50"))
    asked = _ask(gaps)
    assert len(asked.questions) == 1
    (gap,) = asked.gaps
    assert (gap.kind, gap.product_key, gap.vendor_qty, gap.psa_qty) == (
        GapKind.PRICE_BELOW_COST,
        "bp",
        12,
        12,
    )
    assert gap.monthly_impact == Decimal("6.00")
    assert gap.rests_on is not None and gap.rests_on.startswith(FAMILY_WORDS)
