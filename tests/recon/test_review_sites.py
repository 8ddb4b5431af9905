"""A vendor customer held in review between sibling offices of one name: one family question.

``recon.engine.review_sites``: "Kestrel Orthodontics" buys the licences; the PSA bills them as
"Kestrel Ortho (Denver)" and "Kestrel Ortho (Boise)". Matching offers both offices and cannot
choose (each holds part of the seats). Summed, the offices' seats are the customer's: one
question naming both offices, not a review hiding the customer's money (or a pair pending the
review whose sibling's seats show as the shortfall).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from recon.engine.review_sites import site_reviews
from recon.match import ClientName
from recon.match.client_evidence import Footprints
from recon.match.clients import ClientMatching
from recon.model import FAMILY_WORDS, Candidate, ReviewItem
from recon.normalize import client_key
from tests.recon.cli_run import invoke, office_files, reconcile_json

CUSTOMER = "Kestrel Orthodontics"
DENVER, BOISE = "Kestrel Ortho (Denver)", "Kestrel Ortho (Boise)"
BP, EXO = "Microsoft 365 Business Premium", "Exchange Online (Plan 1)"
ENTRA = "Microsoft Entra ID P1"
PRICES = {
    BP: ("22.00", "26.00"),
    EXO: ("4.00", "5.00"),
    ENTRA: ("6.00", "7.00"),
    "Managed Services - Per User": ("0.00", "95.00"),
}
#: The customer's seats: 16 BP, 14 EXO, 15 Entra.
BOUGHT = {BP: 16, EXO: 14, ENTRA: 15}
#: Denver and Boise summed are the customer's seats, exactly, on every product.
OFFICES = {DENVER: {BP: 3, EXO: 13, ENTRA: 13}, BOISE: {BP: 13, EXO: 1, ENTRA: 2}}


def _files(
    tmp_path: Path, offices: dict[str, dict[str, int]] = OFFICES, customer: str = CUSTOMER
) -> tuple[str, str, str]:
    return office_files(tmp_path, customer, BOUGHT, offices, PRICES, (BP, EXO))


def _family(report: dict[str, Any]) -> list[dict[str, Any]]:
    return [q for q in report["questions"] if q.get("kind") == "family"]


def test_a_customer_held_between_two_offices_is_one_family_question(tmp_path: Path) -> None:
    report = reconcile_json(_files(tmp_path))
    (question,) = _family(report)
    assert question["question"] == f"Are {DENVER} and {BOISE} billed for {CUSTOMER}'s licences?"
    assert "offices of one name" in question["reason"]
    # The question replaces the review: no review item, no gap (every sum is exact).
    assert report["review"] == []
    assert report["gaps"] == []


def test_the_gap_a_yes_implies_shows_now_pending_the_question(tmp_path: Path) -> None:
    # Boise bills one Entra seat, not two: summed 14 of the 15 bought.
    offices = {DENVER: OFFICES[DENVER], BOISE: {**OFFICES[BOISE], ENTRA: 1}}
    report = reconcile_json(_files(tmp_path, offices))
    (gap,) = report["gaps"]
    assert (gap["client"], gap["product"], gap["kind"]) == (CUSTOMER, ENTRA, "quantity_mismatch")
    assert (gap["vendor_qty"], gap["psa_qty"], gap["seat_delta"]) == (15, 14, 1)
    assert gap["rests_on"].startswith(FAMILY_WORDS)


def test_a_yes_sums_the_offices_on_the_next_run(tmp_path: Path) -> None:
    offices = {DENVER: OFFICES[DENVER], BOISE: {**OFFICES[BOISE], ENTRA: 1}}
    files = _files(tmp_path, offices)
    reconcile_json(files)
    invoke("family", "join", CUSTOMER, DENVER, "--db", files[2])
    second = reconcile_json(files)
    assert _family(second) == [] and second["review"] == []
    (gap,) = second["gaps"]
    assert (gap["seat_delta"], gap["rests_on"], gap["kind"]) == (1, None, "quantity_mismatch")


def test_a_no_keeps_the_review_as_it_was(tmp_path: Path) -> None:
    files = _files(tmp_path)
    reconcile_json(files)
    invoke("family", "apart", CUSTOMER, DENVER, "--db", files[2])
    second = reconcile_json(files)
    assert _family(second) == []
    (item,) = second["review"]
    assert item["vendor_client"] == CUSTOMER


@pytest.mark.parametrize(
    "offices",
    [
        # Offices of one name whose seats sum to the customer's nowhere exactly (a seat
        # short on every product: near, as two clients' seats often are).
        {DENVER: {BP: 3, EXO: 12, ENTRA: 12}, BOISE: {BP: 12, EXO: 1, ENTRA: 2}},
        # ... or nowhere near.
        {DENVER: {BP: 3, EXO: 7, ENTRA: 5}, BOISE: {BP: 5, EXO: 1, ENTRA: 2}},
    ],
    ids=["seats-near-nowhere-exact", "seats-apart"],
)
def test_a_review_the_names_or_lines_do_not_settle_stays_a_review(
    tmp_path: Path, offices: dict[str, dict[str, int]]
) -> None:
    report = reconcile_json(_files(tmp_path, offices))
    assert _family(report) == []
    (item,) = report["review"]
    assert item["vendor_client"] == CUSTOMER
    assert len(item["candidates"]) == 2


def test_a_candidate_of_another_business_is_no_office_of_the_review(tmp_path: Path) -> None:
    # "... Realty" is a business, not an office: a whole word apart with no line at the
    # customer's seats, it is not offered in the review, and the site step never names it
    # an office. The Denver office, alone, holds the customer's products under a site
    # label (matched outright); the Realty's seats fill what Denver leaves short exactly,
    # so it is asked about as a company billed for the customer's licences.
    realty = "Kestrel Ortho Realty"
    report = reconcile_json(_files(tmp_path, {DENVER: OFFICES[DENVER], realty: OFFICES[BOISE]}))
    assert report["review"] == []
    matched = {(m["vendor_client"], m["psa_client"]) for m in report["matches"]}
    assert (CUSTOMER, DENVER) in matched
    assert [(q["vendor_client"], q["psa_client"]) for q in _family(report)] == [(CUSTOMER, realty)]


# The step on its own: which offices the question names.


def _names(*raw: str) -> list[ClientName]:
    return [ClientName(client_key(n), n, client_key(n), "", Decimal(0)) for n in raw]


def _prints(vendor: dict[str, dict[str, int]], psa: dict[str, dict[str, int]]) -> Footprints:
    def frame(rows: dict[str, dict[str, int]]) -> pd.DataFrame:
        records = [
            {"identity": client_key(c), "product": p, "qty": n * 1000}
            for c, held in rows.items()
            for p, n in held.items()
        ]
        return pd.DataFrame(records, columns=["identity", "product", "qty"])

    # Every product is one the vendor file carries (sold to some client of the run).
    carried = {p for rows in (vendor, psa) for held in rows.values() for p in held}
    return Footprints(frame(vendor), frame(psa), carried)


def _matching(candidates: tuple[str, ...], lone: tuple[str, ...] = ()) -> ClientMatching:
    item = ReviewItem(
        CUSTOMER,
        client_key(CUSTOMER),
        tuple(Candidate(c, 70.0) for c in candidates),
        "runner-up within 2 points",
        Decimal(0),
    )
    return ClientMatching(
        matches=(),
        review=(item,),
        vendor_to_psa={},
        held_psa=frozenset(client_key(c) for c in candidates),
        unmatched_vendor=(),
        unmatched_psa=tuple(client_key(c) for c in lone),
    )


def test_a_lone_third_office_is_named_too() -> None:
    # Reno was offered to nobody (it pairs with nothing alone): it bills the seats Denver and
    # Boise leave short, so it is one of the offices the question names.
    reno = "Kestrel Ortho (Reno)"
    offices = {DENVER: OFFICES[DENVER], BOISE: {BP: 10, EXO: 1}, reno: {BP: 3, ENTRA: 2}}
    prints = _prints({CUSTOMER: BOUGHT}, offices)
    freed, sites = site_reviews(
        _matching((DENVER, BOISE), lone=(reno,)),
        _names(CUSTOMER),
        _names(DENVER, BOISE, reno),
        prints,
    )
    (site,) = sites
    assert (site.customer, site.companies) == (CUSTOMER, (DENVER, BOISE, reno))
    assert freed.review == () and freed.held_psa == frozenset()
    assert set(freed.unmatched_psa) == {client_key(c) for c in offices}
    assert freed.unmatched_vendor == (client_key(CUSTOMER),)


def test_an_office_billing_nothing_the_customer_holds_is_compared_apart_not_named() -> None:
    # Boise bills Entra only, which Denver and Reno do not need: no family of Boise's lines.
    reno = "Kestrel Ortho (Reno)"
    bought = {BP: 16, EXO: 14}
    offices = {DENVER: {BP: 3, EXO: 13}, reno: {BP: 13, EXO: 1}, BOISE: {ENTRA: 4}}
    freed, sites = site_reviews(
        _matching((DENVER, reno, BOISE)),
        _names(CUSTOMER),
        _names(DENVER, BOISE, reno),
        _prints({CUSTOMER: bought}, offices),
    )
    (site,) = sites
    assert site.companies == (DENVER, reno)
    assert client_key(BOISE) in freed.unmatched_psa  # its Entra: the family's own gap


def test_an_item_whose_offices_another_item_is_offered_stays_in_review() -> None:
    matching = _matching((DENVER, BOISE))
    offered = (Candidate(BOISE, 60.0),)
    other = ReviewItem("Kestrel Dental", "kestrel dental", offered, "", Decimal(0))
    matching = ClientMatching(
        matches=(),
        review=(*matching.review, other),
        vendor_to_psa={},
        held_psa=matching.held_psa,
        unmatched_vendor=(),
        unmatched_psa=(),
    )
    freed, sites = site_reviews(
        matching,
        _names(CUSTOMER, "Kestrel Dental"),
        _names(DENVER, BOISE),
        _prints({CUSTOMER: BOUGHT}, OFFICES),
    )
    assert sites == () and freed is matching


def _sites(offices: dict[str, dict[str, int]], bought: dict[str, int] = BOUGHT) -> Any:
    _, sites = site_reviews(
        _matching(tuple(offices)),
        _names(CUSTOMER),
        _names(*offices),
        _prints({CUSTOMER: bought}, offices),
    )
    return sites


def test_offices_of_two_names_are_no_family() -> None:
    # Each a site, of two names: "Kestrel Ortho" and "Kestrel Dental" are two clients.
    assert _sites({DENVER: OFFICES[DENVER], "Kestrel Dental (Boise)": OFFICES[BOISE]}) == ()
    assert len(_sites(OFFICES)) == 1


def test_seats_far_apart_on_most_products_are_no_family() -> None:
    # Exact on BP and EXO, but five products bought and three far from the offices' seats.
    bought = {**BOUGHT, "Visio": 9, "Teams": 8}
    offices = {DENVER: {**OFFICES[DENVER], "Visio": 2}, BOISE: {**OFFICES[BOISE], "Teams": 2}}
    offices[BOISE][ENTRA] = 9
    assert _sites(offices, bought) == ()
    offices[BOISE][ENTRA] = 2  # Entra exact too: three of five agree, asked
    assert len(_sites(offices, bought)) == 1


def test_a_candidate_billing_mostly_what_the_customer_never_bought_is_another_client() -> None:
    # Boise bills Entra, which the customer holds, beside Visio and Teams it never bought.
    offices = {DENVER: OFFICES[DENVER], BOISE: {**OFFICES[BOISE], "Visio": 2, "Teams": 3}}
    offices[BOISE].pop(BP)
    offices[BOISE].pop(EXO)
    bought = {EXO: 13, ENTRA: 15, BP: 3}
    assert _sites(offices, bought) == ()


MANAGED = "Managed Services - Per User"
#: One product summed exactly (Business Premium), the others a seat short: near everywhere;
#: a third office bills only the MSP's own service (so the name rule, which wants every
#: office billing the customer's products, leaves the customer in review).
ONE_EXACT = {
    DENVER: {BP: 3, EXO: 12, ENTRA: 13},
    BOISE: {BP: 13, EXO: 1, ENTRA: 1},
    "Kestrel Ortho (Tulsa)": {MANAGED: 20},
}


def test_offices_under_the_customers_own_name_need_one_exact_product(tmp_path: Path) -> None:
    # "Kestrel Ortho" bought; "Kestrel Ortho (Denver)" and "(Boise)" billed: the names say
    # offices of the customer, so one exact product with every other near is enough.
    report = reconcile_json(_files(tmp_path, ONE_EXACT, customer="Kestrel Ortho"))
    (question,) = _family(report)
    assert "offices of one name" in question["reason"]
    assert report["review"] == []
    assert all(g["rests_on"].startswith(FAMILY_WORDS) for g in report["gaps"])
    assert sorted((g["product"], g["seat_delta"]) for g in report["gaps"]) == [
        (EXO, 1),
        (ENTRA, 1),
    ]


def test_offices_of_another_spelling_still_need_two_exact_products(tmp_path: Path) -> None:
    report = reconcile_json(_files(tmp_path, ONE_EXACT))
    assert _family(report) == []
    (item,) = report["review"]
    assert item["vendor_client"] == CUSTOMER


def test_offices_billing_the_seats_below_the_vendors_cost_show_that_loss_pending(
    tmp_path: Path,
) -> None:
    # Summed, Denver and Boise bill every seat bought, but Boise bills the 16 Business
    # Premium at $18.00 a seat the vendor charges $22.00 for: the family's price below cost.
    offices = {DENVER: {EXO: 13, ENTRA: 13}, BOISE: {BP: 16, EXO: 1, ENTRA: 2}}
    vendor, psa, db = _files(tmp_path, offices)
    text = Path(psa).read_text().replace(f"{BOISE},{BP},16,26.00", f"{BOISE},{BP},16,18.00")
    Path(psa).write_text(text)
    report = reconcile_json((vendor, psa, db))
    assert len(_family(report)) == 1
    (gap,) = report["gaps"]
    assert (gap["kind"], gap["product"], gap["psa_client"]) == ("price_below_cost", BP, BOISE)
    assert gap["rests_on"].startswith(FAMILY_WORDS)
    assert Decimal(gap["monthly_impact"]) == Decimal("64.00")
