"""Sibling sites and site-named tenants: the family question read on site labels.

``recon.engine.family_sites``: "Lyons Marine - Fresno" has no vendor customer while the
vendor's "Lyoons Marine LP" is paired with "Lyons Marine - Dayton"; "Shaffer Realty PA - Mesa"
is a vendor customer the PSA bills inside "Shaffer Realty". Neither is summed on the names
(the vendor's spelling is not the offices' own; a tenant's one line is not enough for the name
rule), and each used to leave two false gaps. Both are now one family question.
"""

from __future__ import annotations

import pytest

from recon.engine.family_questions import ask_families
from recon.engine.family_sites import site_base
from recon.model import GapKind
from recon.normalize import client_key
from tests.recon.test_family_questions import _gap, _lone

DAYTON, FRESNO = "Lyons Marine - Dayton", "Lyons Marine - Fresno"


def _sibling_parent(short: int) -> list:
    # The vendor's "Lyoons Marine LP" holds 13 Business Standard, paired with "- Dayton",
    # which bills none of it.
    return [_gap(GapKind.MISSING_IN_PSA, DAYTON, "bs", short, 0, vendor_client="Lyoons Marine LP")]


def test_a_sibling_site_billing_what_its_sibling_lacks_is_asked_about() -> None:
    # 17 billed at Fresno where Dayton lacks 13: far seats, asked on the names (the family's
    # 4-seat over-billing pending the answer), not 13 "missing in PSA" and 17 "missing in vendor".
    gaps = [*_sibling_parent(13), _lone(FRESNO, "bs", 17)]
    asked = ask_families(gaps, lone_psa={FRESNO}, lone_vendor=())
    (question,) = asked.questions
    assert question.psa_clients == (DAYTON, FRESNO)
    (implied,) = asked.gaps
    assert (implied.vendor_qty, implied.psa_qty) == (13, 17)


@pytest.mark.parametrize(
    "company",
    [
        "Lyons Marine Supply",  # a trade word, not a site: another business
        "Lyons Fresno",  # the base left is one word
    ],
)
def test_a_company_not_a_site_of_the_same_name_is_not_asked_about_on_far_seats(
    company: str,
) -> None:
    gaps = [*_sibling_parent(13), _lone(company, "bs", 17)]
    assert ask_families(gaps, lone_psa={company}, lone_vendor=()).questions == ()


def test_two_sites_of_one_name_filling_one_sibling_are_asked_about_by_neither() -> None:
    reno = "Lyons Marine - Reno"
    gaps = [*_sibling_parent(13), _lone(FRESNO, "bs", 17), _lone(reno, "bs", 13)]
    assert ask_families(gaps, lone_psa={FRESNO, reno}, lone_vendor=()).questions == ()


@pytest.mark.parametrize(
    ("name", "base"),
    [
        ("Lyons Marine - Fresno", "lyons marine"),
        ("Carlson Marine L.P. - Madison Office", "carlson marine"),
        ("Lyons Marine", None),
        ("Acme - Fresno", None),
    ],
)
def test_site_base_is_the_name_before_a_site_label(name: str, base: str | None) -> None:
    assert site_base(client_key(name)) == base


PARENT, MESA = "Shaffer Realty", "Shaffer Realty PA - Mesa"


def _tenant_parent() -> list:
    # "Shaffer Realty" bills 15 Creative Cloud seats; its first tenant holds 12.
    return [
        _gap(GapKind.QUANTITY_MISMATCH, PARENT, "adobe", 12, 15, vendor_client="Shaffer Realty PA")
    ]


def _tenant(name: str, seats: int) -> list:
    return [_gap(GapKind.MISSING_IN_PSA, name, "adobe", seats, 0, psa_client=None)]


def test_a_tenant_named_as_its_parents_site_holding_one_exact_line_is_asked_about() -> None:
    gaps = _tenant_parent() + _tenant(MESA, 3)
    asked = ask_families(gaps, lone_psa=(), lone_vendor={MESA})
    (question,) = asked.questions
    assert question.vendor_clients == ("Shaffer Realty PA", MESA)
    assert asked.gaps == ()  # 12 + 3 held = 15 billed: no gap pending


@pytest.mark.parametrize(
    ("name", "seats"),
    [
        ("Shaffer Realty PA Holdings", 3),  # not a site label: another customer
        (MESA, 9),  # seats far from the excess
        (MESA, 4),  # near, never exact: one line must be exact
    ],
)
def test_a_one_line_customer_is_not_asked_about_without_the_site_name_and_exact_seats(
    name: str, seats: int
) -> None:
    gaps = _tenant_parent() + _tenant(name, seats)
    assert ask_families(gaps, lone_psa=(), lone_vendor={name}).questions == ()


BOISE, AUSTIN = "Burke Builders Boise", "Burke Builders (Austin)"


def _site_company_parent() -> list:
    # The vendor's "Burke Builders" holds 1 Creative Cloud seat, paired with the PSA's company
    # "Burke Builders Boise", which bills 38: the organisation's second tenant holds the rest.
    return [_gap(GapKind.QUANTITY_MISMATCH, BOISE, "adobe", 1, 38, vendor_client="Burke Builders")]


def test_a_tenant_named_as_another_site_of_its_parents_company_is_asked_about() -> None:
    gaps = _site_company_parent() + _tenant(AUSTIN, 37)
    asked = ask_families(gaps, lone_psa=(), lone_vendor={AUSTIN})
    (question,) = asked.questions
    assert question.vendor_clients == ("Burke Builders", AUSTIN)
    assert question.psa_clients == (BOISE,)
    assert asked.gaps == ()  # 1 + 37 held = 38 billed: no gap pending


@pytest.mark.parametrize(
    ("name", "seats"),
    [
        ("Burke Supply (Austin)", 37),  # another name at that place
        ("Burke Builders Supply", 37),  # a trade word, not a site: another customer
        (AUSTIN, 30),  # one line, not exact
    ],
)
def test_a_customer_not_a_site_of_the_name_or_not_exact_is_not_asked_about(
    name: str, seats: int
) -> None:
    gaps = _site_company_parent() + _tenant(name, seats)
    assert ask_families(gaps, lone_psa=(), lone_vendor={name}).questions == ()
