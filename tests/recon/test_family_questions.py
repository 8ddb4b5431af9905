"""A company with no client of its own whose seats fill another's shortfall: one question.

``recon.engine.family_questions``: a subsidiary billed under a name of its own ("Hastings
Staffing" beside "Hastings Animal Hospital"), or a second vendor tenant ("Keller
Orthodontics") billed inside one PSA company ("Keller Dental"). Names cannot say these are
one organisation, so the run asks instead of reporting the extra company's lines and the
parent's shortfall as gaps; a different company billing the same products is not asked about.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import pytest

from recon.engine.family_fits import Fit, unique
from recon.engine.family_questions import ask_families
from recon.model import FAMILY_WORDS, Gap, GapKind, Knowledge
from recon.normalize import client_key
from tests.recon.conftest import Row, reconcile_rows

BP = "Microsoft 365 Business Premium"
EXO = "Exchange Online (Plan 1)"
DEF = "Microsoft Defender for Office 365 (Plan 1)"
OTHERS = (
    "Brightwater Plumbing",
    "Cedar Ridge Dental",
    "Northgate Logistics",
    "Summit Legal Group",
    "Pinecrest Veterinary",
    "Oakmont Realty Advisors",
)


def _sides(
    *, staffing: Sequence[Row] = ((BP, 8), (EXO, 5)), vendor_bp: int = 21
) -> tuple[list[Row], list[Row]]:
    """Six ordinary clients billed in full, Hastings Animal Hospital short of what its
    subsidiary Hastings Staffing (no vendor customer) bills, and the rows given for it."""
    vendor: list[Row] = []
    psa: list[Row] = []
    for i, client in enumerate(OTHERS):
        for product, seats, cost, price in (
            (BP, 10 + i, "22.00", "26.00"),
            (EXO, 3 + i, "4.00", "5.00"),
        ):
            vendor.append((client, product, seats, cost))
            psa.append((client, product, seats, price))
    vendor += [
        ("Hastings Animal Hospital", BP, vendor_bp, "22.00"),
        ("Hastings Animal Hospital", EXO, 5, "4.00"),
        ("Hastings Animal Hospital", DEF, 7, "2.00"),
    ]
    psa += [
        ("Hastings Animal Hospital", BP, 12, "26.00"),
        ("Hastings Animal Hospital", DEF, 7, "3.00"),
    ]
    psa += [("Hastings Staffing", product, seats, "26.00") for product, seats in staffing]
    return vendor, psa


def _gaps(result: Any) -> set[tuple[str, str, str]]:
    return {(g.client, g.product, g.kind.value) for g in result.gaps}


def test_a_subsidiary_filling_its_parents_shortfall_is_one_question_not_gaps() -> None:
    result = reconcile_rows(*_sides(vendor_bp=20))
    (question,) = result.family_questions
    assert question.text == ("Is Hastings Staffing billed for Hastings Animal Hospital's licences?")
    assert question.psa_clients == ("Hastings Animal Hospital", "Hastings Staffing")
    assert {line.product for line in question.lines} == {BP, EXO}
    # Neither the subsidiary's lines nor the parent's shortfall is a gap.
    assert _gaps(result) == set()
    # The money at stake is every gap it holds: 8 + 5 seats billed, 8 BP and 5 EXO short.
    assert question.money_at_stake == Decimal("8") * 26 + 5 * 26 + 8 * 26 + 5 * 4
    assert result.scope is not None
    assert ("hastings animal hosp", "cat:ms-exchange-online-p1") in result.scope.undecided_pairs


def test_the_gap_a_yes_implies_shows_now_pending_the_question() -> None:
    result = reconcile_rows(*_sides(vendor_bp=21))
    (gap,) = result.gaps
    assert (gap.client, gap.product, gap.kind) == (
        "Hastings Animal Hospital",
        BP,
        GapKind.QUANTITY_MISMATCH,
    )
    assert (gap.vendor_qty, gap.psa_qty, gap.seat_delta) == (21, 20, 1)
    assert gap.rests_on is not None and gap.rests_on.startswith(FAMILY_WORDS)
    assert gap.confidence <= 0.5


def test_a_company_billing_products_the_parent_does_not_lack_is_not_asked_about() -> None:
    # "Hastings Realty" bills Power BI and Visio, which no client is short of: its own client.
    vendor, psa = _sides(vendor_bp=12, staffing=())
    vendor = [r for r in vendor if not (r[0] == "Hastings Animal Hospital" and r[1] == EXO)]
    psa += [
        ("Hastings Realty", "Power BI Pro", 4, "12.00"),
        ("Hastings Realty", "Visio Plan 2", 2, "16.00"),
    ]
    result = reconcile_rows(vendor, psa)
    assert result.family_questions == ()
    assert ("Hastings Realty", "Power BI Pro", "missing_in_vendor") in _gaps(result)


def test_seats_the_parent_already_bills_in_full_make_no_question() -> None:
    # The parent bills all 20 Business Premium seats: the second company's 8 add up to 28.
    vendor, psa = _sides(vendor_bp=20, staffing=((BP, 8),))
    psa = [
        ("Hastings Animal Hospital", BP, 20, "26.00")
        if r[:2] == ("Hastings Animal Hospital", BP)
        else r
        for r in psa
    ]
    vendor = [r for r in vendor if not (r[0] == "Hastings Animal Hospital" and r[1] == EXO)]
    result = reconcile_rows(vendor, psa)
    assert result.family_questions == ()
    assert ("Hastings Staffing", BP, "missing_in_vendor") in _gaps(result)


def test_the_reverse_a_second_tenant_inside_one_psa_company_is_asked_about() -> None:
    vendor, psa = _sides(vendor_bp=20)
    vendor += [
        ("Keller Dental", BP, 10, "22.00"),
        ("Keller Dental", EXO, 4, "4.00"),
        ("Keller Orthodontics", BP, 6, "22.00"),
        ("Keller Orthodontics", EXO, 3, "4.00"),
    ]
    psa += [("Keller Dental", BP, 16, "26.00"), ("Keller Dental", EXO, 7, "5.00")]
    result = reconcile_rows(vendor, psa)
    texts = {q.text for q in result.family_questions}
    assert "Is Keller Dental billed for Keller Orthodontics's licences?" in texts
    assert not any("Keller" in g.client for g in result.gaps)


def test_a_vendor_customer_filling_one_line_is_not_asked_about() -> None:
    # Vendor-only customers are common: one exact line named alike is no evidence.
    gaps = [
        _gap(GapKind.QUANTITY_MISMATCH, "Keller Dental", "bp", 10, 16),
        _gap(GapKind.MISSING_IN_PSA, "Keller Orthodontics", "bp", 6, 0, psa_client=None),
    ]
    assert ask_families(gaps, lone_psa=(), lone_vendor={"Keller Orthodontics"}).questions == ()
    # A second line only near the excess (2 of 3): still one exact line.
    near = _gap(GapKind.MISSING_IN_PSA, "Keller Orthodontics", "exo", 2, 0, psa_client=None)
    gaps += [_gap(GapKind.QUANTITY_MISMATCH, "Keller Dental", "exo", 4, 7), near]
    assert ask_families(gaps, lone_psa=(), lone_vendor={"Keller Orthodontics"}).questions == ()
    gaps[-1] = _gap(GapKind.MISSING_IN_PSA, "Keller Orthodontics", "exo", 3, 0, psa_client=None)
    assert len(ask_families(gaps, lone_psa=(), lone_vendor={"Keller Orthodontics"}).questions) == 1


def test_a_company_billed_at_another_price_than_the_parent_is_not_asked_about() -> None:
    # Two exact lines, but Zenith pays 4.50 where the parent's company pays 3: its own deal.
    other = dataclasses.replace(_lone("Zenith Staffing", "bp", 4), psa_unit_price=Decimal("4.50"))
    gaps = [
        _short("Acme Holdings", "bp", 10, 6),
        _short("Acme Holdings", "exo", 5, 0),
        other,
        _lone("Zenith Staffing", "exo", 5),
    ]
    assert ask_families(gaps, lone_psa={"Zenith Staffing"}, lone_vendor=()).questions == ()
    gaps[2] = _lone("Zenith Staffing", "bp", 4)
    assert len(ask_families(gaps, lone_psa={"Zenith Staffing"}, lone_vendor=()).questions) == 1


def test_a_no_is_never_asked_again_and_the_companies_gaps_come_back() -> None:
    knowledge = Knowledge(
        client_families=(("Hastings Animal Hospital", "Hastings Staffing", False),)
    )
    result = reconcile_rows(*_sides(vendor_bp=20), knowledge=knowledge)
    assert result.family_questions == ()
    assert ("Hastings Staffing", BP, "missing_in_vendor") in _gaps(result)
    assert ("Hastings Animal Hospital", BP, "quantity_mismatch") in _gaps(result)


def test_a_yes_sums_the_family_and_its_gaps_name_the_companies() -> None:
    knowledge = Knowledge(
        client_families=(("Hastings Animal Hospital", "Hastings Staffing", True),)
    )
    result = reconcile_rows(*_sides(vendor_bp=21), knowledge=knowledge)
    assert result.family_questions == ()
    (gap,) = result.gaps
    assert (gap.client, gap.product, gap.seat_delta, gap.rests_on) == (
        "Hastings Animal Hospital",
        BP,
        1,
        None,
    )
    assert "seats summed over Hastings Animal Hospital + Hastings Staffing" in gap.why


# The rule on the gaps alone (pure): parents, seats and names.


def _gap(
    kind: GapKind, client: str, product: str, vendor: int, psa: int, **names: str | None
) -> Gap:
    vendor_client = names.get("vendor_client", client)
    psa_client = names.get("psa_client", client)
    return Gap(
        kind=kind,
        client_key=client_key(client),
        product_key=product,
        client=client,
        product=product,
        vendor_client=vendor_client,
        psa_client=psa_client,
        vendor_product=product,
        psa_product=product,
        vendor_qty=Decimal(vendor),
        psa_qty=Decimal(psa),
        vendor_unit_cost=Decimal(2),
        psa_unit_price=Decimal(3),
        seat_delta=Decimal(vendor - psa),
        monthly_impact=Decimal(vendor - psa) * 3,
        confidence=1.0,
        why="",
    )


def _short(client: str, product: str, vendor: int, psa: int) -> Gap:
    kind = GapKind.MISSING_IN_PSA if psa == 0 else GapKind.QUANTITY_MISMATCH
    return _gap(kind, client, product, vendor, psa)


def _lone(company: str, product: str, seats: int) -> Gap:
    return _gap(GapKind.MISSING_IN_VENDOR, company, product, 0, seats, vendor_client=None)


def test_a_company_two_parents_fit_is_asked_about_by_neither() -> None:
    gaps = [
        _short("Acme Holdings", "bp", 10, 6),
        _short("Acme Dental", "bp", 9, 5),
        _lone("Acme Staffing", "bp", 4),
    ]
    asked = ask_families(gaps, lone_psa={"Acme Staffing"}, lone_vendor=())
    assert asked.questions == ()
    assert asked.gaps == tuple(gaps)


def test_one_exact_line_needs_names_that_begin_alike() -> None:
    gaps = [_short("Acme Holdings", "bp", 10, 6), _lone("Zenith Staffing", "bp", 4)]
    assert ask_families(gaps, lone_psa={"Zenith Staffing"}, lone_vendor=()).questions == ()
    gaps = [_short("Acme Holdings", "bp", 10, 6), _lone("Acme Staffing", "bp", 4)]
    assert len(ask_families(gaps, lone_psa={"Acme Staffing"}, lone_vendor=()).questions) == 1
    # Two lines, one exact and one only near: still one exact line.
    gaps = [
        _short("Acme Holdings", "bp", 10, 6),
        _short("Acme Holdings", "exo", 10, 7),
        _lone("Zenith Staffing", "bp", 4),
        _lone("Zenith Staffing", "exo", 2),
    ]
    assert ask_families(gaps, lone_psa={"Zenith Staffing"}, lone_vendor=()).questions == ()


def test_two_exact_lines_are_evidence_whatever_the_names() -> None:
    gaps = [
        _short("Acme Holdings", "bp", 10, 6),
        _short("Acme Holdings", "exo", 5, 0),
        _lone("Zenith Staffing", "bp", 4),
        _lone("Zenith Staffing", "exo", 5),
    ]
    (question,) = ask_families(gaps, lone_psa={"Zenith Staffing"}, lone_vendor=()).questions
    assert question.psa_client == "Zenith Staffing"


def test_seats_only_near_the_shortfall_make_no_question() -> None:
    # 4 of 5 short seats and 9 of 10: near, never exact on any line.
    gaps = [
        _short("Acme Holdings", "bp", 100, 95),
        _short("Acme Holdings", "exo", 100, 90),
        _lone("Acme Staffing", "bp", 4),
        _lone("Acme Staffing", "exo", 9),
    ]
    assert ask_families(gaps, lone_psa={"Acme Staffing"}, lone_vendor=()).questions == ()


def test_a_company_with_products_the_parent_is_not_short_of_is_not_asked_about() -> None:
    # Half its products are ones the parent does not lack: the lines say another client
    # (with more than half exact, recon.engine.family_most_lines asks: test_family_most_lines).
    gaps = [
        _short("Acme Holdings", "bp", 10, 6),
        _short("Acme Holdings", "exo", 5, 0),
        _lone("Acme Staffing", "bp", 4),
        _lone("Acme Staffing", "exo", 5),
        _lone("Acme Staffing", "visio", 2),
        _lone("Acme Staffing", "e5", 3),
    ]
    assert ask_families(gaps, lone_psa={"Acme Staffing"}, lone_vendor=()).questions == ()


def test_a_pair_answered_no_is_not_asked_about() -> None:
    gaps = [_short("Acme Holdings", "bp", 10, 6), _lone("Acme Staffing", "bp", 4)]
    asked = ask_families(
        gaps,
        lone_psa={"Acme Staffing"},
        lone_vendor=(),
        apart={(client_key("Acme Holdings"), client_key("Acme Staffing"))},
    )
    assert asked.questions == ()


def test_seats_far_from_the_shortfall_on_most_products_make_no_question() -> None:
    # One exact line, two far from what the parent lacks: not the rest of its seats.
    gaps = [
        _short("Acme Holdings", "bp", 10, 6),
        _short("Acme Holdings", "exo", 20, 0),
        _short("Acme Holdings", "e3", 30, 0),
        _lone("Acme Staffing", "bp", 4),
        _lone("Acme Staffing", "exo", 2),
        _lone("Acme Staffing", "e3", 3),
    ]
    assert ask_families(gaps, lone_psa={"Acme Staffing"}, lone_vendor=()).questions == ()


def test_two_companies_filling_one_parent_are_asked_about_by_neither() -> None:
    gaps = [
        _short("Acme Holdings", "bp", 10, 6),
        _short("Acme Holdings", "exo", 5, 0),
        _lone("Acme Staffing", "bp", 4),
        _lone("Acme Logistics", "exo", 5),
    ]
    lone = {"Acme Staffing", "Acme Logistics"}
    assert ask_families(gaps, lone_psa=lone, lone_vendor=()).questions == ()


def test_a_company_with_a_gap_pending_another_question_is_not_asked_about() -> None:
    # (where the parent's line waits on no question, the line joins: test_family_pending_lines)
    pending = _lone("Acme Staffing", "exo", 5)
    parents = _short("Acme Holdings", "exo", 5, 0)
    gaps = [
        _short("Acme Holdings", "bp", 10, 6),
        dataclasses.replace(parents, rests_on="the mapping question 'z' = 'y'"),
        _lone("Acme Staffing", "bp", 4),
        dataclasses.replace(pending, rests_on="the mapping question 'x' = 'y'"),
    ]
    assert ask_families(gaps, lone_psa={"Acme Staffing"}, lone_vendor=()).questions == ()


def test_a_department_the_names_would_sum_is_kept_apart_after_a_no() -> None:
    # "- Accounting Dept" is a label the name rule sums (recon.match.tenant_sites); a person's
    # no keeps it apart all the same.
    parent, dept = "Hastings Animal Hospital", "Hastings Animal Hospital - Accounting Dept"
    vendor, psa = _sides(vendor_bp=20, staffing=())
    vendor = [r for r in vendor if not (r[0] == parent and r[1] == EXO)]
    psa += [(dept, BP, 8, "26.00")]
    assert ("Hastings Animal Hospital - Accounting Dept", BP, "missing_in_vendor") not in _gaps(
        reconcile_rows(vendor, psa)
    )
    knowledge = Knowledge(client_families=((parent, dept, False),))
    result = reconcile_rows(vendor, psa, knowledge=knowledge)
    assert (dept, BP, "missing_in_vendor") in _gaps(result)
    assert result.family_questions == ()


def test_one_line_short_at_many_clients_is_no_evidence_however_the_names_begin() -> None:
    # Thirty clients are each short exactly 4 seats of the product, and five more begin
    # "Acme": a company billing 4 seats would fit an "Acme" parent by chance (recon's
    # coincidence reasoning), so one exact line there is not asked about.
    words = ("Birch", "Cedar", "Delta", "Ember", "Fjord", "Garnet")
    gaps = [_short(f"{words[i % 6]} {i} Holdings", "bp", 10, 6) for i in range(30)]
    gaps += [_short(f"Acme {i} Dental", "exo", 5, 2) for i in range(5)]
    gaps += [_short("Acme Holdings", "bp", 10, 6), _lone("Acme Staffing", "bp", 4)]
    assert ask_families(gaps, lone_psa={"Acme Staffing"}, lone_vendor=()).questions == ()
    # Where few clients are short that many seats, the same line is asked about.
    rare = [g for g in gaps if g.product_key != "bp" or g.client.startswith("Acme")]
    assert len(ask_families(rare, lone_psa={"Acme Staffing"}, lone_vendor=()).questions) == 1


def test_one_line_of_a_company_named_after_its_parent_is_asked_about_at_any_scale() -> None:
    # "Acme Holdings Warehouse" begins with its parent's whole name: unlike a first word in
    # common, no chance parent shares it, so the one exact line is asked about even where
    # thirty clients are short as many seats (the chance rule holds "Acme Staffing" back).
    words = ("Birch", "Cedar", "Delta", "Ember", "Fjord", "Garnet")
    gaps = [_short(f"{words[i % 6]} {i} Holdings", "bp", 10, 6) for i in range(30)]
    gaps += [_short(f"Acme {i} Dental", "exo", 5, 2) for i in range(5)]
    gaps += [_short("Acme Holdings", "bp", 10, 6), _lone("Acme Holdings Warehouse", "bp", 4)]
    (question,) = ask_families(gaps, lone_psa={"Acme Holdings Warehouse"}, lone_vendor=()).questions
    assert question.psa_client == "Acme Holdings Warehouse"


def test_a_company_named_after_its_parent_may_bill_a_product_the_parent_does_not_lack() -> None:
    # The department also bills Visio, never bought (the family's real gap): still asked
    # about on the lines that fill the shortfall; the Visio line stays a gap of its own.
    visio = _lone("Acme Holdings Lab", "visio", 2)
    gaps = [
        _short("Acme Holdings", "bp", 10, 6),
        _lone("Acme Holdings Lab", "bp", 4),
        visio,
    ]
    asked = ask_families(gaps, lone_psa={"Acme Holdings Lab"}, lone_vendor=())
    (question,) = asked.questions
    assert [line.product for line in question.lines] == ["bp"]
    assert asked.gaps == (visio,)


def test_a_company_named_after_its_parent_billing_mostly_other_products_is_not_asked() -> None:
    # One product in common of three: the lines say another client, whatever the name.
    gaps = [
        _short("Acme Holdings", "bp", 10, 6),
        _lone("Acme Holdings Lab", "bp", 4),
        _lone("Acme Holdings Lab", "visio", 2),
        _lone("Acme Holdings Lab", "e5", 3),
    ]
    assert ask_families(gaps, lone_psa={"Acme Holdings Lab"}, lone_vendor=()).questions == ()


def test_two_exact_lines_short_at_many_clients_are_no_evidence_under_unalike_names() -> None:
    # Thirty clients are short exactly 4 seats of one product and thirty others exactly 5 of
    # the other: a company billing 4 and 5 under a name of its own would fit a parent short
    # exactly so of both by chance (15 expected among 61), as at 60,000 clients with
    # Business Premium and Business Basic. Not asked; with the seats rare it is (above).
    words = ("Birch", "Cedar", "Delta", "Ember", "Fjord", "Garnet")
    gaps = [_short(f"{words[i % 6]} {i} Holdings", "bp", 10, 6) for i in range(30)]
    gaps += [_short(f"{words[i % 6]} {i} Dental", "exo", 9, 4) for i in range(30)]
    gaps += [
        _short("Acme Holdings", "bp", 10, 6),
        _short("Acme Holdings", "exo", 5, 0),
        _lone("Zenith Staffing", "bp", 4),
        _lone("Zenith Staffing", "exo", 5),
    ]
    assert ask_families(gaps, lone_psa={"Zenith Staffing"}, lone_vendor=()).questions == ()


def _priced(gap: Gap, price: str) -> Gap:
    return dataclasses.replace(gap, psa_unit_price=Decimal(price))


def test_one_line_at_the_parents_own_price_is_evidence_where_many_are_short_as_many() -> None:
    # Thirty clients are short exactly 4 seats, as in the test above, but "Acme Staffing"
    # bills the product at "Acme Holdings"' own price ($27.42, one client's agreement) and
    # none of the thirty bills it so: no chance parent fits as well, so it is asked about.
    words = ("Birch", "Cedar", "Delta", "Ember", "Fjord", "Garnet")
    others = [_short(f"{words[i % 6]} {i} Holdings", "bp", 10, 6) for i in range(30)]
    others += [_short(f"Acme {i} Dental", "exo", 5, 2) for i in range(5)]
    family = [
        _priced(_short("Acme Holdings", "bp", 10, 6), "27.42"),
        _priced(_lone("Acme Staffing", "bp", 4), "27.42"),
    ]
    (question,) = ask_families(
        others + family, lone_psa={"Acme Staffing"}, lone_vendor=()
    ).questions
    assert question.psa_client == "Acme Staffing"
    # Where the thirty bill it at that price too (one price list for every client), the same
    # price says nothing: not asked.
    listed = [_priced(g, "27.42") if g.product_key == "bp" else g for g in others]
    assert ask_families(listed + family, lone_psa={"Acme Staffing"}, lone_vendor=()).questions == ()


def test_a_company_named_after_its_parent_with_seats_near_the_shortfall_is_asked() -> None:
    # "Acme Holdings Warehouse" bills 20 of the 21 seats "Acme Holdings" lacks: the family's
    # one-seat gap, asked about (the gap a yes implies shows now), not two gaps of 20 and 21.
    gaps = [_short("Acme Holdings", "bp", 21, 0), _lone("Acme Holdings Warehouse", "bp", 20)]
    asked = ask_families(gaps, lone_psa={"Acme Holdings Warehouse"}, lone_vendor=())
    (question,) = asked.questions
    assert question.psa_client == "Acme Holdings Warehouse"
    (implied,) = asked.gaps
    assert (implied.vendor_qty, implied.psa_qty, implied.kind) == (
        21,
        20,
        GapKind.QUANTITY_MISMATCH,
    )
    # A first word in common is not the parent's name: near seats are no evidence then.
    gaps = [_short("Acme Holdings", "bp", 21, 0), _lone("Acme Staffing", "bp", 20)]
    assert ask_families(gaps, lone_psa={"Acme Staffing"}, lone_vendor=()).questions == ()
    # Nor are seats far from the shortfall where the company bills a product the parent does
    # not lack (far seats under the whole name: tests/recon/test_family_departments.py).
    gaps = [
        _short("Acme Holdings", "bp", 21, 0),
        _lone("Acme Holdings Warehouse", "bp", 8),
        _lone("Acme Holdings Warehouse", "visio", 2),
    ]
    assert ask_families(gaps, lone_psa={"Acme Holdings Warehouse"}, lone_vendor=()).questions == ()


def _two_parents(dental: tuple[str, str] | None) -> tuple[list[Row], list[Row]]:
    """Hastings Staffing (8 BP at $26, 5 EXO at $5) beside two parents short of exactly that:
    the Animal Hospital, whose company bills both at those prices, and Hastings Dental, whose
    company bills them at the ``dental`` prices (BP, EXO), or not at all (None)."""
    vendor, psa = _sides(vendor_bp=20)
    psa = [(c, p, n, "5.00" if (c, p) == ("Hastings Staffing", EXO) else u) for c, p, n, u in psa]
    # The Animal Hospital bought 10 EXO and its company bills 5 of them at $5.00.
    hospital_exo = ("Hastings Animal Hospital", EXO)
    vendor = [(c, p, 10 if (c, p) == hospital_exo else n, u) for c, p, n, u in vendor]
    psa += [("Hastings Animal Hospital", EXO, 5, "5.00")]
    vendor += [("Hastings Dental", DEF, 4, "2.00")]
    psa += [("Hastings Dental", DEF, 4, "3.00")]
    if dental is None:
        vendor += [("Hastings Dental", BP, 8, "22.00"), ("Hastings Dental", EXO, 5, "4.00")]
    else:
        vendor += [("Hastings Dental", BP, 16, "22.00"), ("Hastings Dental", EXO, 10, "4.00")]
        psa += [("Hastings Dental", BP, 8, dental[0]), ("Hastings Dental", EXO, 5, dental[1])]
    return vendor, psa


@pytest.mark.parametrize(
    "dental", [None, ("27.00", "6.00")], ids=["billed-nowhere", "another-price"]
)
def test_of_two_parents_short_as_many_the_one_billing_at_the_companys_price_is_asked(
    dental: tuple[str, str] | None,
) -> None:
    # Staffing's lines fit both parents exactly; only the Animal Hospital's company bills them
    # at Staffing's prices (one agreement): the question names it.
    (question,) = reconcile_rows(*_two_parents(dental)).family_questions
    assert question.psa_clients == ("Hastings Animal Hospital", "Hastings Staffing")


def test_of_two_parents_billing_at_the_companys_price_neither_is_asked() -> None:
    # One price list: both parents' companies bill $26 and $5, the price decides nothing.
    assert reconcile_rows(*_two_parents(("26.00", "5.00"))).family_questions == ()


def test_unique_lets_the_one_parent_billing_at_the_companys_price_win() -> None:
    # The rule on its own (recon.engine.family_fits.unique): one company, two fits.
    company = _lone("Harper Staffing", "bb", 2)
    priced = {"bb": _short("Harper Financial", "bb", 4, 2)}  # billed at $3, as the company
    fits = [Fit("harper fncl", "Harper Staffing", {"bb": company})]
    for price in (None, Decimal("4.00"), Decimal(3)):
        other = {"bb": dataclasses.replace(priced["bb"], psa_unit_price=price)}
        parents = {"harper fncl": priced, "harper library": other}
        both = [*fits, Fit("harper library", "Harper Staffing", {"bb": company})]
        kept = [f.parent for f in unique(both, parents)]
        # Billed nowhere or at another price: the priced parent wins; at the same price
        # (one price list), the tie stands and neither is kept.
        assert kept == ([] if price == 3 else ["harper fncl"])
    assert unique(both) == []  # without the parents' prices, two fits are a tie
