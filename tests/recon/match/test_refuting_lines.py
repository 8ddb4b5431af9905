"""Lines that say two clients though some products are common: the candidate is dropped, the
vendor client stays unmatched and its gaps show (not one review question holding both)."""

from __future__ import annotations

from recon.match import match_clients
from recon.match.client_evidence import Footprints
from recon.match.overlap import Overlap
from recon.normalize import client_key
from tests.recon.match.test_clients import lines, names, pairs

PRODUCTS = [f"cat:{p}" for p in "abcdefgh"]


def _prints(vendor: dict, psa: dict) -> Footprints:
    return Footprints(lines(vendor), lines(psa), PRODUCTS)


def test_the_same_products_with_other_seats_everywhere_are_two_clients() -> None:
    # A one-edit typo of the name; six products in common, not one seat count alike: at
    # scale, two clients buying from one catalogue.
    vendor, psa = "Halvorsen Widgetz", "Halvorsen Widgets"
    prints = _prints(
        {vendor: [(p, 3 + i) for i, p in enumerate(PRODUCTS[:6])]},
        {psa: [(p, 20 + i) for i, p in enumerate(PRODUCTS[:6])]},
    )
    result = match_clients(names(vendor), names(psa), footprints=prints)
    assert result.matches == () and result.review == ()
    assert "two clients' lines" in result.notes[client_key(vendor)]


def test_few_products_in_common_between_full_clients_are_two_clients() -> None:
    # "W." read as the initial of "WolfRock", "Landing" a whole word apart: once a review
    # question, holding both clients' gaps; four lines each, one product in common.
    vendor, psa = "WolfRock Cleaning Services LP", "W. Landing Cleaning Services"
    prints = _prints(
        {vendor: [(p, 5) for p in PRODUCTS[:4]]},
        {psa: [(p, 5) for p in PRODUCTS[3:7]]},
    )
    result = match_clients(names(vendor), names(psa), footprints=prints)
    assert result.review == () and result.matches == ()


def test_one_client_whose_seats_moved_at_a_few_lines_still_merges() -> None:
    vendor, psa = "Halvorsen Widgetz", "Halvorsen Widgets"
    held = [(p, 3 + i) for i, p in enumerate(PRODUCTS[:6])]
    moved = [(p, q + (10 if i < 2 else 0)) for i, (p, q) in enumerate(held)]
    prints = _prints({vendor: held}, {psa: moved})
    result = match_clients(names(vendor), names(psa), footprints=prints)
    assert pairs(result) == {vendor: psa}


def test_the_thresholds() -> None:
    # Products: four lines each, one in common refutes; two in common does not.
    assert Overlap(0, 4, 4, 1).refutes
    assert not Overlap(0, 4, 4, 2).refutes
    assert not Overlap(0, 3, 3, 0).refutes  # too few lines to say (it contradicts)
    # Seats: four products in common, one agreeing refutes; two do not.
    assert Overlap(1, 4, 4, 4).refutes
    assert Overlap(0, 4, 4, 4, near=1).refutes
    assert not Overlap(2, 4, 4, 4).refutes
    assert not Overlap(0, 3, 3, 3).refutes  # three products: too few to say
    assert Overlap(0, 2, 2, 0).apart and Overlap(1, 4, 4, 4).apart
    assert not Overlap(3, 4, 4, 4).apart
