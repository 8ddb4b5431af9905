"""A vendor customer paired with no company, billed as several companies: one question.

``recon.engine.family_unpaired``: "Kestrel Point Holdings" buys the licences; the PSA bills
them as "Kestrel Staffing" and "Kestrel Imaging", neither paired with anything. Summed, the two
companies' seats are the customer's: one question naming both, not every line a gap on each
side. A yes records the customer with each company, and the next run sums them.
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

CUSTOMER = "Kestrel Point Holdings"
STAFFING, IMAGING = "Kestrel Staffing", "Kestrel Imaging"


def _bought(product: str, seats: int, customer: str = CUSTOMER) -> Gap:
    return _gap(GapKind.MISSING_IN_PSA, customer, product, seats, 0)


def _billed(company: str, product: str, seats: int) -> Gap:
    return _gap(GapKind.MISSING_IN_VENDOR, company, product, 0, seats)


def _ask(gaps: list[Gap], **kwargs: Any) -> Any:
    companies = {g.psa_client for g in gaps if g.psa_client}
    customers = {g.vendor_client for g in gaps if g.vendor_client}
    return ask_families(gaps, lone_psa=companies, lone_vendor=customers, **kwargs)


def _family(bp: int = 12) -> list[Gap]:
    """Kestrel bought 12 BP, 5 EXO and 3 Visio; Staffing bills 8 BP and 5 EXO, Imaging 4 BP
    (``bp`` seats in all) and 3 Visio."""
    return [
        _bought("bp", 12),
        _bought("exo", 5),
        _bought("visio", 3),
        _billed(STAFFING, "bp", 8),
        _billed(STAFFING, "exo", 5),
        _billed(IMAGING, "bp", bp - 8),
        _billed(IMAGING, "visio", 3),
    ]


def test_a_customer_billed_as_two_unpaired_companies_is_one_question_not_gaps() -> None:
    asked = _ask(_family())
    (question,) = asked.questions
    assert question.psa_clients == (IMAGING, STAFFING)
    assert question.text == f"Are {IMAGING} and {STAFFING} billed for {CUSTOMER}'s licences?"
    assert question.pairs == ((CUSTOMER, IMAGING), (CUSTOMER, STAFFING))
    assert asked.gaps == ()


def test_the_gap_a_yes_implies_shows_now_pending_the_question() -> None:
    asked = _ask(_family(bp=11))
    (gap,) = asked.gaps
    assert (gap.client, gap.product_key, gap.kind) == (CUSTOMER, "bp", GapKind.QUANTITY_MISMATCH)
    assert (gap.vendor_qty, gap.psa_qty, gap.seat_delta) == (12, 11, 1)
    assert gap.rests_on is not None and gap.rests_on.startswith(FAMILY_WORDS)
    assert gap.psa_client == IMAGING


def test_companies_billing_one_product_at_two_prices_are_not_asked_about() -> None:
    # Two prices for Business Premium: two agreements, two clients.
    gaps = [
        dataclasses.replace(g, psa_unit_price=Decimal("4.50"))
        if (g.psa_client, g.product_key) == (IMAGING, "bp")
        else g
        for g in _family()
    ]
    assert _ask(gaps).questions == ()


def test_one_exact_product_is_no_evidence() -> None:
    # Every product sums near the customer's seats, but only the mailboxes exactly (Business
    # Premium 11 of 12, Visio 2 of 3): one exact product is a coincidence as often as not.
    gaps = [_bought("bp", 12), _bought("exo", 5), _bought("visio", 3)]
    gaps += [_billed(STAFFING, "bp", 8), _billed(STAFFING, "exo", 5)]
    gaps += [_billed(IMAGING, "bp", 3), _billed(IMAGING, "visio", 2)]
    assert _ask(gaps).questions == ()
    # Visio exactly too: two exact products, asked.
    gaps[-1] = _billed(IMAGING, "visio", 3)
    assert len(_ask(gaps).questions) == 1


def test_a_company_billing_what_the_customer_never_bought_is_not_one_of_them() -> None:
    # Imaging also bills Power BI, which Kestrel never bought: another client; Staffing alone
    # is no family (one company: a leftover pair, recon.match.leftovers).
    gaps = [*_family(), _billed(IMAGING, "pbi", 2)]
    assert _ask(gaps).questions == ()


def test_companies_whose_names_do_not_begin_like_the_customers_are_not_asked_about() -> None:
    gaps = [
        dataclasses.replace(g, client_key="osprey", client="Osprey", psa_client="Osprey")
        if g.psa_client == IMAGING
        else g
        for g in _family()
    ]
    assert _ask(gaps).questions == ()


def test_a_company_answered_no_is_never_asked_about_again() -> None:
    apart = {(client_key(CUSTOMER), client_key(IMAGING))}
    assert _ask(_family(), apart=apart).questions == ()


def test_a_customer_two_sets_of_companies_fit_is_asked_about_by_none() -> None:
    # A third company bills exactly what Imaging bills: {Staffing, Imaging} and {Staffing,
    # Kestrel Labs} both sum to the customer's seats.
    gaps = [*_family(), _billed("Kestrel Labs", "bp", 4), _billed("Kestrel Labs", "visio", 3)]
    assert _ask(gaps).questions == ()


def test_a_company_two_customers_fit_is_asked_about_by_neither() -> None:
    other = "Kestrel Bay Holdings"
    gaps = [*_family(), _bought("bp", 12, other), _bought("exo", 5, other)]
    gaps += [_bought("visio", 3, other)]
    assert _ask(gaps).questions == ()


def test_a_company_whose_seats_agree_nowhere_is_not_one_of_them() -> None:
    # Kestrel also bought 10 Defender; "Kestrel Labs" bills 3 of them, near nothing: the two
    # companies are the family, Labs is not named (and its line stays a gap of its own).
    gaps = [*_family(), _bought("defender", 10), _billed("Kestrel Labs", "defender", 3)]
    asked = _ask(gaps)
    (question,) = asked.questions
    assert question.psa_clients == (IMAGING, STAFFING)
    assert {g.client for g in asked.gaps} == {CUSTOMER, "Kestrel Labs"}


# The question end to end: asked, answered yes, summed on the next run (a real SQLite file).


def _files(tmp_path: Path, bp: int = 11) -> tuple[str, str, str]:
    bp_, exo = "Microsoft 365 Business Premium", "Exchange Online (Plan 1)"
    visio = "Visio Plan 2"
    vendor = ["Customer Name,Product Name,Quantity,Unit Cost"]
    psa = ["Company,Product,Quantity,Unit Price"]
    for i, client in enumerate(("Brightwater Plumbing", "Cedar Ridge Dental", "Northgate Inc")):
        vendor += [f"{client},{bp_},{10 + i},22.00", f"{client},{exo},{3 + i},4.00"]
        psa += [f"{client},{bp_},{10 + i},26.00", f"{client},{exo},{3 + i},5.00"]
    vendor += [f"{CUSTOMER},{bp_},12,22.00", f"{CUSTOMER},{exo},5,4.00"]
    vendor += [f"{CUSTOMER},{visio},3,12.00"]
    psa += [f"{STAFFING},{bp_},8,26.00", f"{STAFFING},{exo},5,5.00"]
    psa += [f"{IMAGING},{bp_},{bp - 8},26.00", f"{IMAGING},{visio},3,15.00"]
    (tmp_path / "vendor.csv").write_text("\n".join(vendor) + "\n")
    (tmp_path / "psa.csv").write_text("\n".join(psa) + "\n")
    return str(tmp_path / "vendor.csv"), str(tmp_path / "psa.csv"), str(tmp_path / "r.db")


def test_a_yes_records_every_company_and_the_next_run_sums_them(tmp_path: Path) -> None:
    files = _files(tmp_path)
    first = reconcile_json(files)
    (question,) = [q for q in first["questions"] if q.get("kind") == "family"]
    assert question["question"] == (
        f"Are {IMAGING} and {STAFFING} billed for {CUSTOMER}'s licences?"
    )
    (gap,) = first["gaps"]
    assert (gap["seat_delta"], gap["rests_on"][: len(FAMILY_WORDS)]) == (1, FAMILY_WORDS)
    invoke("family", "join", CUSTOMER, IMAGING, "--db", files[2])
    second = reconcile_json(files)
    assert [q for q in second["questions"] if q.get("kind") == "family"] == []
    (gap,) = second["gaps"]
    assert (gap["seat_delta"], gap["rests_on"], gap["kind"]) == (1, None, "quantity_mismatch")
    summed = gap["why"].split("seats summed over ")[-1]
    assert sorted(summed.split(" + ")) == [IMAGING, STAFFING]


def test_a_set_holding_every_other_set_that_fits_is_the_one_asked_about() -> None:
    # "Kestrel Labs" bills the 6 Defender seats Kestrel also bought: {Staffing, Imaging} fit
    # (Defender reads as the family's own gap) and so do all three; the three are the answer.
    gaps = [*_family(), _bought("defender", 6), _billed("Kestrel Labs", "defender", 6)]
    asked = _ask(gaps)
    (question,) = asked.questions
    assert question.psa_clients == (IMAGING, "Kestrel Labs", STAFFING)
    assert asked.gaps == ()
