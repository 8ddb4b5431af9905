"""A PSA client held by a review item its lines do not back goes to the leftover they do
(issue 11, review: "PT Hosp." held by a wrong review item at 60,000 clients), and one name at
a site beside the other with its organisation word is a link ("Wright Dental Group INC" /
"Wright Dental Main Office"). Each test fails when its rule is removed."""

from __future__ import annotations

from decimal import Decimal

import pandas as pd
import pytest

from recon.match import ClientMatching, ClientName
from recon.match.client_evidence import Footprints
from recon.match.leftovers import ask_leftovers
from recon.match.site_links import site_link
from recon.model import Candidate, ReviewItem
from recon.normalize import client_key

PRODUCTS = {f"cat:{c}" for c in "abcdefgh"}
#: Vendor clients with lines of their own: 70 in all, room for two review items (3 %).
FILLERS = [f"Filler Client {n:02d}" for n in range(66)]

WRONG = "The Misty Pt Hosp PA"
HELD = "PT Hosp."
RIGHT = "Pacific Terrace Hospitality Corp."
OWN = [("cat:a", 10), ("cat:b", 4), ("cat:c", 7), ("cat:d", 12)]
OTHER = [("cat:a", 3), ("cat:b", 9), ("cat:e", 5), ("cat:f", 6)]


def _name(raw: str) -> ClientName:
    return ClientName(client_key(raw), raw, client_key(raw), "", Decimal(0))


def _frame(rows: dict[str, list[tuple[str, int]]]) -> pd.DataFrame:
    records = [
        {"identity": client_key(c), "product": p, "qty": n * 1000}
        for c, held in rows.items()
        for p, n in held
    ]
    return pd.DataFrame(records, columns=["identity", "product", "qty"])


def _ask(
    wrong_lines: list[tuple[str, int]],
    wrong: str = WRONG,
    right: str = RIGHT,
    extra: tuple[str, str] | None = None,
):
    fillers = {f: [("cat:h", 100 + n)] for n, f in enumerate(FILLERS)}
    vendor_rows = {**fillers, wrong: wrong_lines, right: OWN}
    psa_rows = {**fillers, HELD: OWN}
    unmatched_psa: tuple[str, ...] = ()
    if extra is not None:  # a second leftover pair, its lines lighter than the first's
        vendor_rows[extra[0]] = [("cat:g", 2)]
        psa_rows[extra[1]] = [("cat:g", 2)]
        unmatched_psa = (client_key(extra[1]),)
    vendor = [_name(n) for n in vendor_rows]
    psa = [_name(n) for n in psa_rows]
    item = ReviewItem(
        wrong, client_key(wrong), (Candidate(HELD, 70.0, "differs by a word"),), "", Decimal(0)
    )
    matching = ClientMatching(
        matches=(),
        review=(item,),
        vendor_to_psa={},
        held_psa=frozenset({client_key(HELD)}),
        unmatched_vendor=(client_key(right), *((client_key(extra[0]),) if extra else ())),
        unmatched_psa=unmatched_psa,
    )
    footprints = Footprints(_frame(vendor_rows), _frame(psa_rows), PRODUCTS)
    return ask_leftovers(matching, vendor, psa, footprints, count=lambda _word: 1)


def test_a_held_client_whose_holder_lines_disagree_goes_to_the_leftover_they_fit() -> None:
    result = _ask(OTHER)
    (item,) = result.review
    assert (item.vendor_client, item.candidates[0].psa_client) == (RIGHT, HELD)
    # The wrong holder is unmatched again: its lines are gaps of its own.
    assert client_key(WRONG) in result.unmatched_vendor
    assert client_key(RIGHT) not in result.unmatched_vendor
    assert client_key(HELD) in result.held_psa


def test_a_holder_whose_lines_agree_keeps_its_candidate() -> None:
    result = _ask(OWN)
    assert [(r.vendor_client, r.candidates[0].psa_client) for r in result.review] == [(WRONG, HELD)]
    assert client_key(RIGHT) in result.unmatched_vendor


def test_a_released_holder_gives_its_place_in_the_budget_to_the_next_pair() -> None:
    # 68 vendor clients: room for one more item beside the holder's. The released holder
    # leaves the queue, so a second leftover pair is asked too.
    result = _ask(OTHER, extra=("Quarry Lane Vineyards", "Quarry Lane Vinyards"))
    assert sorted(r.vendor_client for r in result.review) == [RIGHT, "Quarry Lane Vineyards"]


def test_a_tenant_of_the_holder_does_not_take_its_client() -> None:
    # The leftover is the holder's name and a tenant label: one organisation, whose PSA
    # company stays the holder's question.
    holder, tenant = "Pacific Terrace Hospitality", "Pacific Terrace Hospitality - Madison Tenant"
    result = _ask(OTHER, wrong=holder, right=tenant)
    assert [(r.vendor_client, r.candidates[0].psa_client) for r in result.review] == [
        (holder, HELD)
    ]


@pytest.mark.parametrize(
    ("vendor", "psa", "linked"),
    [
        ("Wright Dental Group INC", "Wright Dental Main Office", True),
        ("Wright Dental Main Office", "Wright Dental Group INC", True),
        ("Wright Dental Group INC", "Wright Dental (Tampa)", True),
        # No label on either side, or one on each: the site rules' case, not this one.
        ("Wright Dental Group INC", "Wright Dental", False),
        ("Wright Dental - Tampa", "Wright Dental Group (Reno)", False),
        # A word apart besides: another company may be meant.
        ("Wright Dental Lab Group", "Wright Dental Main Office", False),
        # One word left: too many clients write it.
        ("Wright Group", "Wright Main Office", False),
        # A direction is no site label: "- East" may be a near twin.
        ("Wright Dental Group", "Wright Dental - East", False),
    ],
)
def test_site_link(vendor: str, psa: str, linked: bool) -> None:
    assert bool(site_link(vendor, psa)) is linked


def test_one_name_at_a_site_is_asked_about_where_the_lines_agree() -> None:
    # Three of four lines alike (short of overwhelming), the names linked only by the site
    # reading: one review question, not a vendor-only and a PSA-only client.
    vendor_name, psa_name = "Wright Dental Group INC", "Wright Dental Main Office"
    fillers = {f: [("cat:h", 100 + n)] for n, f in enumerate(FILLERS)}
    vendor_rows = {**fillers, vendor_name: OWN}
    psa_rows = {**fillers, psa_name: [*OWN[:3], ("cat:d", 15)]}
    matching = ClientMatching(
        matches=(),
        review=(),
        vendor_to_psa={},
        held_psa=frozenset(),
        unmatched_vendor=(client_key(vendor_name),),
        unmatched_psa=(client_key(psa_name),),
    )
    result = ask_leftovers(
        matching,
        [_name(n) for n in vendor_rows],
        [_name(n) for n in psa_rows],
        Footprints(_frame(vendor_rows), _frame(psa_rows), PRODUCTS),
        count=lambda _word: 10,
    )
    (item,) = result.review
    assert (item.vendor_client, item.candidates[0].psa_client) == (vendor_name, psa_name)
    assert "one name at a site ('main office')" in item.candidates[0].note
