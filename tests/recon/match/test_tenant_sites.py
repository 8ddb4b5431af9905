"""One organisation billed as several PSA companies, or bought as two vendor customers
(issue 11): summed only when the names say sites or departments and the lines add up. Each
guard has a test that fails when it is removed.
"""

from __future__ import annotations

from recon.engine import reconcile
from recon.match.site_labels import is_site_label
from recon.match.tenant_sites import lines_agree
from recon.model import GapKind, Side
from tests.recon.conftest import make_lines

BP, EXO = "Microsoft 365 Business Premium", "Exchange Online (Plan 1)"
E3 = "Office 365 E3"
ACME = "Acme Holdings"
DENVER, BOSTON = "Acme Holdings - Denver", "Acme Holdings - Boston"
FILLER = [("Zenith Paper Mills", BP, 7, "22"), ("Zenith Paper Mills", E3, 2, "30")]


def _run(vendor: list[tuple], psa: list[tuple]):
    return reconcile(
        make_lines(Side.VENDOR, [*vendor, *FILLER]),
        make_lines(Side.PSA, [*psa, *[(n, p, q, str(int(c) + 10)) for n, p, q, c in FILLER]]),
    )


def _paired_to(result, vendor: str = ACME) -> set[str]:
    return {m.psa_client for m in result.matches if m.vendor_client == vendor}


def _gaps(result, client: str | None = None) -> list[tuple]:
    return sorted(
        (g.kind, g.product, g.seat_delta)
        for g in result.gaps
        if client is None or client in (g.psa_client, g.vendor_client)
    )


def test_two_sites_billed_for_one_customer_are_compared_summed() -> None:
    vendor = [(ACME, BP, 10, "22"), (ACME, EXO, 6, "4"), (ACME, E3, 4, "30")]
    psa = [
        (DENVER, BP, 6, "26"),
        (DENVER, EXO, 6, "5"),
        (BOSTON, BP, 4, "26"),
        (BOSTON, E3, 3, "36"),
    ]
    result = _run(vendor, psa)

    assert _paired_to(result) == {DENVER, BOSTON}
    # One true gap on the summed seats (E3: 4 bought, 3 billed), not six false ones.
    gaps = [g for g in result.gaps if g.product != BP or g.vendor_client == ACME]
    assert [(g.kind, g.seat_delta) for g in gaps] == [(GapKind.QUANTITY_MISMATCH, 1)]
    assert f"{DENVER} + {BOSTON}" in gaps[0].why or f"{BOSTON} + {DENVER}" in gaps[0].why


def test_a_department_beside_the_matched_company_is_summed_into_it() -> None:
    dept = "Acme Holdings - Accounting Dept"
    vendor = [(ACME, BP, 10, "22"), (ACME, EXO, 6, "4")]
    psa = [(ACME, BP, 7, "26"), (ACME, EXO, 6, "5"), (dept, BP, 3, "26")]
    result = _run(vendor, psa)
    assert _paired_to(result) == {ACME, dept}
    assert _gaps(result) == []


def test_a_second_tenant_bought_for_one_company_is_compared_summed() -> None:
    legacy = "Acme Holdings (Legacy Tenant)"
    vendor = [(ACME, BP, 6, "22"), (legacy, BP, 4, "22"), (legacy, EXO, 2, "4")]
    psa = [(ACME, BP, 10, "26"), (ACME, EXO, 2, "5")]
    result = _run(vendor, psa)
    assert _paired_to(result, legacy) == {ACME}
    assert _gaps(result) == []


def test_another_business_under_the_name_is_never_summed_even_when_the_lines_add_up() -> None:
    # The label guard: "Realty" is another company, whatever its seats.
    realty = "Acme Holdings Realty"
    vendor = [(ACME, BP, 10, "22"), (ACME, EXO, 6, "4")]
    psa = [(ACME, BP, 7, "26"), (ACME, EXO, 6, "5"), (realty, BP, 3, "26")]
    result = _run(vendor, psa)
    assert realty not in _paired_to(result)
    # The lines add up exactly, so the run asks (recon.engine.family_questions) rather than
    # reporting three seats "missing in vendor" at one company and short at the other.
    (question,) = result.family_questions
    assert (question.vendor_client, question.psa_client) == (ACME, realty)


def test_a_site_billing_what_the_customer_never_bought_is_another_client() -> None:
    # The lines guard: Boston's products are none the vendor sells to Acme.
    vendor = [(ACME, BP, 10, "22"), (ACME, EXO, 6, "4")]
    psa = [(ACME, BP, 10, "26"), (ACME, EXO, 5, "5"), (BOSTON, E3, 3, "36")]
    result = _run(vendor, psa)
    assert BOSTON not in _paired_to(result)
    assert (GapKind.MISSING_IN_VENDOR, E3, -3) in _gaps(result, BOSTON)


def test_a_site_adding_seats_the_matched_company_already_bills_is_not_summed() -> None:
    # The shortfall guard: Acme alone bills every seat bought; Boston's seat is its own.
    vendor = [(ACME, BP, 10, "22"), (ACME, EXO, 6, "4")]
    psa = [(ACME, BP, 10, "26"), (ACME, EXO, 6, "5"), (BOSTON, BP, 1, "26")]
    result = _run(vendor, psa)
    assert BOSTON not in _paired_to(result)


def test_site_labels_and_lines() -> None:
    assert is_site_label(("denver",)) and is_site_label(("acct", "dept"))
    assert not is_site_label(("rlty",)) and not is_site_label(())
    whole = {"bp": 10_000, "exo": 6_000}
    assert lines_agree(whole, [{"bp": 7_000, "exo": 6_000}, {"bp": 3_000}], head=0)
    assert not lines_agree(whole, [{"bp": 7_000, "exo": 6_000}, {"e3": 3_000}], head=0)
    assert not lines_agree(whole, [{"bp": 2_000}, {"bp": 2_000}], head=None)
    # Two sites, none paired yet: one billing a product never bought, or nothing sold.
    assert lines_agree(whole, [{"bp": 10_000}, {"exo": 6_000}], head=None)
    assert not lines_agree(whole, [{"bp": 10_000, "exo": 6_000}, {"e3": 3_000}], head=None)
    assert not lines_agree(whole, [{"bp": 10_000, "exo": 6_000}, {}], head=None)


def test_a_site_billing_nothing_the_vendor_sells_is_not_summed() -> None:
    # The empty-lines guard: nothing Boston bills says it is Acme's.
    vendor = [(ACME, BP, 10, "22"), (ACME, EXO, 6, "4")]
    psa = [(ACME, BP, 10, "26"), (ACME, EXO, 5, "5"), (BOSTON, "Managed Firewall Service", 3, "90")]
    result = _run(vendor, psa)
    assert BOSTON not in _paired_to(result)


def test_a_lab_under_the_name_is_another_company_even_when_the_lines_add_up() -> None:
    # "Lab" names a business of its own (a dental lab), never a department: the word guard.
    lab = "Acme Holdings Laboratory"
    vendor = [(ACME, BP, 10, "22"), (ACME, EXO, 6, "4")]
    psa = [(ACME, BP, 7, "26"), (ACME, EXO, 6, "5"), (lab, BP, 3, "26")]
    result = _run(vendor, psa)
    assert lab not in _paired_to(result)


def test_a_site_also_billing_a_product_never_bought_is_summed_with_that_gap_its_own() -> None:
    # The held-share rule: Boston bills Acme's Business Premium shortfall and Office 365 E3
    # that was never bought. The E3 is the family's real gap, not a sign of another client.
    vendor = [(ACME, BP, 10, "22"), (ACME, EXO, 6, "4")]
    psa = [
        (DENVER, BP, 6, "26"),
        (DENVER, EXO, 6, "5"),
        (BOSTON, BP, 4, "26"),
        (BOSTON, E3, 2, "36"),
    ]
    result = _run(vendor, psa)
    assert _paired_to(result) == {DENVER, BOSTON}
    ((kind, product, delta),) = _gaps(result, ACME)
    assert (kind, product, delta) == (GapKind.MISSING_IN_VENDOR, E3, -2)


def test_a_second_tenant_holding_a_licence_billed_nowhere_is_summed_with_that_gap() -> None:
    # The reverse: the tenant's Office 365 E3 is bought and billed nowhere (the family's
    # revenue leak); its Business Premium fills the PSA company's seats.
    legacy = "Acme Holdings (Legacy Tenant)"
    vendor = [
        (ACME, BP, 6, "22"),
        (ACME, EXO, 2, "4"),
        (legacy, BP, 4, "22"),
        (legacy, E3, 3, "30"),
    ]
    psa = [(ACME, BP, 10, "26"), (ACME, EXO, 2, "5")]
    result = _run(vendor, psa)
    assert _paired_to(result, legacy) == {ACME}
    assert _gaps(result) == [(GapKind.MISSING_IN_PSA, E3, 3)]


def test_a_member_billing_mostly_what_the_family_never_bought_is_another_client() -> None:
    # The held-share guard: one product in common of three is not most of them.
    whole = {"bp": 10_000, "exo": 6_000}
    mostly_other = {"bp": 3_000, "e3": 1_000, "visio": 2_000}
    assert not lines_agree(whole, [{"bp": 7_000, "exo": 6_000}, mostly_other], head=0)
    assert lines_agree(whole, [{"bp": 7_000, "exo": 6_000}, {"bp": 3_000, "e3": 1_000}], head=0)


def test_a_member_with_lines_of_its_own_must_make_the_family_agree_where_it_shares() -> None:
    # The fill guard: "Offices" adds E5 and Business Premium seats the paired clients already
    # agree on (2 and 2) and brings Intune and E3 of its own: another client, not a tenant.
    agreed = {"s1": 2_000, "pbi": 2_000, "entra": 2_000, "bb": 1_000}
    whole = {"e5": 2_000, "bp": 2_000, "bs": 1_000, **agreed}
    anchor = {"e5": 2_000, "bp": 2_000, **agreed}
    offices = {"e5": 2_000, "bp": 3_000, "bs": 3_000, "intune": 5_000, "e3": 5_000}
    assert not lines_agree(whole, [anchor, offices], head=0)
    # The same member filling the family's seats is its tenant, own lines and all.
    tenant = {"bs": 1_000, "intune": 5_000}
    assert lines_agree(whole, [anchor, tenant], head=0)


def test_a_second_tenant_held_in_review_beside_its_first_is_compared_summed() -> None:
    # Both customers look like the one company, so neither is paired; the tenant label says
    # they are one organisation (Partner Center: one customer per Microsoft tenant).
    first, legacy, company = (
        "Maddox Cons., Ltd.",
        "Maddox Cons., Ltd. (Legacy Tenant)",
        "Maddox Consulting Ltd.",
    )
    vendor = [
        (first, BP, 6, "22"),
        (first, EXO, 3, "4"),
        (legacy, BP, 4, "22"),
        (legacy, E3, 2, "30"),
    ]
    psa = [(company, BP, 10, "26"), (company, EXO, 3, "5"), (company, E3, 1, "36")]
    result = _run(vendor, psa)
    assert _paired_to(result, first) == {company}
    assert _paired_to(result, legacy) == {company}
    assert not [r for r in result.review if r.vendor_client in (first, legacy)]
    assert _gaps(result) == [(GapKind.QUANTITY_MISMATCH, E3, 1)]


def test_a_held_tenant_whose_first_is_offered_two_companies_stays_in_review() -> None:
    first, legacy = "Maddox Cons., Ltd.", "Maddox Cons., Ltd. (Legacy Tenant)"
    company, other = "Maddox Consulting Ltd.", "Maddox Cons. Ltd. Group"
    vendor = [(first, BP, 6, "22"), (legacy, BP, 4, "22")]
    psa = [(company, BP, 10, "26"), (other, BP, 10, "26")]
    result = _run(vendor, psa)
    assert not _paired_to(result, legacy)


# A unit at a site: "Clarke Physical Therapy - Columbus Lab" (sites15 pax8subs/connectwise 300,
# C000281). The unit word ("Lab") names businesses too, so only exact lines sum it.
CLARKE = "Clarke Physical Therapy"
COLUMBUS, COLUMBUS_LAB = f"{CLARKE} - Columbus", f"{CLARKE} - Columbus Lab"


def test_a_lab_at_one_of_the_customers_sites_is_summed_on_exact_lines() -> None:
    vendor = [(CLARKE, BP, 27, "22"), (CLARKE, EXO, 69, "4"), (CLARKE, E3, 28, "30")]
    psa = [
        (COLUMBUS, BP, 22, "26"),
        (COLUMBUS, EXO, 56, "5"),
        (COLUMBUS_LAB, BP, 5, "26"),
        (COLUMBUS_LAB, EXO, 13, "5"),
        (COLUMBUS_LAB, E3, 35, "36"),
    ]
    result = _run(vendor, psa)
    assert _paired_to(result, CLARKE) == {COLUMBUS, COLUMBUS_LAB}
    # The one true gap (E3: 28 bought, 35 billed) on the summed seats, not twelve one-sided
    # ones at the customer and both companies.
    assert _gaps(result) == [(GapKind.QUANTITY_MISMATCH, E3, -7)]


def test_one_lab_company_at_a_site_is_the_customers_on_exact_lines() -> None:
    # The customer's one PSA company, named with a site and its unit.
    vendor = [(CLARKE, BP, 27, "22"), (CLARKE, EXO, 69, "4"), (CLARKE, E3, 28, "30")]
    psa = [(COLUMBUS_LAB, BP, 27, "26"), (COLUMBUS_LAB, EXO, 69, "5"), (COLUMBUS_LAB, E3, 35, "36")]
    result = _run(vendor, psa)
    assert _paired_to(result, CLARKE) == {COLUMBUS_LAB}
    assert _gaps(result) == [(GapKind.QUANTITY_MISMATCH, E3, -7)]


def test_a_lab_at_a_site_whose_seats_only_come_near_is_not_summed() -> None:
    # The exact-lines guard: seats a seat apart on every product would do for a site
    # ("- Denver"), never for a name whose last word also names a business of its own.
    vendor = [(CLARKE, BP, 27, "22"), (CLARKE, EXO, 69, "4")]
    psa = [
        (COLUMBUS, BP, 22, "26"),
        (COLUMBUS, EXO, 56, "5"),
        (COLUMBUS_LAB, BP, 4, "26"),
        (COLUMBUS_LAB, EXO, 12, "5"),
    ]
    result = _run(vendor, psa)
    assert COLUMBUS_LAB not in _paired_to(result, CLARKE)


def test_a_lab_straight_after_the_name_is_not_read_as_a_site_unit() -> None:
    # The name guard: "Clarke Physical Therapy Lab" (no site before the unit word) is the
    # near twin a lab company is, even beside a site of the customer and on exact lines.
    lab = f"{CLARKE} Lab"
    vendor = [(CLARKE, BP, 27, "22"), (CLARKE, EXO, 69, "4")]
    psa = [
        (COLUMBUS, BP, 22, "26"),
        (COLUMBUS, EXO, 56, "5"),
        (lab, BP, 5, "26"),
        (lab, EXO, 13, "5"),
    ]
    result = _run(vendor, psa)
    assert lab not in _paired_to(result, CLARKE)


def test_a_lab_that_does_not_fit_leaves_the_family_summed_as_without_it() -> None:
    # The fallback: the department fills Acme's shortfall as before; the lab's seats are
    # its own (it bills a product never bought), so it stays apart, never the family's veto.
    dept, lab = "Acme Holdings - Accounting Dept", "Acme Holdings - Denver Lab"
    vendor = [(ACME, BP, 10, "22"), (ACME, EXO, 6, "4")]
    psa = [(ACME, BP, 7, "26"), (ACME, EXO, 6, "5"), (dept, BP, 3, "26"), (lab, E3, 4, "36")]
    result = _run(vendor, psa)
    assert _paired_to(result) == {ACME, dept}
