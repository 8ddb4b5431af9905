"""The fuzzy step compares a product's seats summed over its subscriptions where the lines
do not agree one by one: a vendor bills one product as several subscriptions (seats added on
another new-commerce term, an add-on subscription), the PSA bills the total on one line."""

from __future__ import annotations

from recon.match import match_clients
from recon.match.client_evidence import Footprints
from recon.match.overlap import SUMMED_NOTE
from recon.model import MatchMethod
from tests.recon.match.test_clients import lines, names, pairs

PRODUCTS = {"cat:a", "cat:b", "cat:c", "cat:d"}


def _prints(vendor: dict[str, list[tuple[str, int]]], psa: dict[str, list[tuple[str, int]]]):
    return Footprints(lines(vendor), lines(psa), PRODUCTS)


def test_one_psa_line_billing_two_subscriptions_settles_the_pair() -> None:
    # 'Creek' / 'CREK' and a legal form: the names need the lines, which agree only summed.
    vendor, psa = "Harvest Creek Institute, Ltd.", "HARVEST CREK INSTITUTE"
    prints = _prints({vendor: [("cat:a", 69), ("cat:a", 117)]}, {psa: [("cat:a", 186)]})
    result = match_clients(names(vendor), names(psa), footprints=prints)
    assert pairs(result) == {vendor: psa}
    (match,) = result.matches
    assert match.method is MatchMethod.EVIDENCE
    assert SUMMED_NOTE in match.note
    assert result.review == ()


def test_two_subscriptions_of_the_same_seats_are_both_counted() -> None:
    # 3 + 3 + 10 = 16: the two subscriptions of 3 seats are two rows, not one line of 3.
    vendor, psa = "Rhodes Electric Group", "Rhodes Electric"
    prints = _prints({vendor: [("cat:b", 3), ("cat:b", 3), ("cat:b", 10)]}, {psa: [("cat:b", 16)]})
    result = match_clients(names(vendor), names(psa), footprints=prints)
    assert pairs(result) == {vendor: psa}
    assert SUMMED_NOTE in result.matches[0].note


def test_seats_that_do_not_add_up_stay_in_review() -> None:
    vendor, psa = "Rhodes Electric Group", "Rhodes Electric"
    prints = _prints({vendor: [("cat:b", 3), ("cat:b", 3)]}, {psa: [("cat:b", 16)]})
    result = match_clients(names(vendor), names(psa), footprints=prints)
    assert result.matches == ()
    (item,) = result.review
    assert "seats differ" in item.candidates[0].note
    assert SUMMED_NOTE not in item.candidates[0].note


def test_lines_that_agree_line_by_line_are_not_summed() -> None:
    # (a, 10) and (b, 4) agree as lines; summed, a would read 11 against 10 (near): the
    # per-line reading stands and the note says nothing of sums.
    vendor, psa = "Paragon Marketing", "Paragon Marketing Group"
    prints = _prints(
        {vendor: [("cat:a", 10), ("cat:a", 1), ("cat:b", 4)]},
        {psa: [("cat:a", 10), ("cat:b", 4)]},
    )
    result = match_clients(names(vendor), names(psa), footprints=prints)
    assert pairs(result) == {vendor: psa}
    assert SUMMED_NOTE not in result.matches[0].note
    assert "shares 2 of" in result.matches[0].note


def test_a_word_apart_is_never_merged_on_summed_seats() -> None:
    # "Lab" on one side only: merged only when lines overwhelm line by line. Three products,
    # each bought as two subscriptions and billed summed, agree only once summed.
    vendor, psa = "Northside Dental Lab", "Northside Dental"
    split = [("cat:a", 4), ("cat:a", 6), ("cat:b", 1), ("cat:b", 2), ("cat:c", 5), ("cat:c", 9)]
    prints = _prints({vendor: split}, {psa: [("cat:a", 10), ("cat:b", 3), ("cat:c", 14)]})
    result = match_clients(names(vendor), names(psa), footprints=prints)
    assert result.matches == ()
    (item,) = result.review
    assert item.candidates[0].psa_client == psa


def test_summed_seats_never_choose_between_two_close_names() -> None:
    # Two PSA clients a typo away: the one whose one line is the vendor's two summed does not
    # win on that alone; a person decides.
    vendor = "Acme Widgetz"
    prints = _prints(
        {vendor: [("cat:a", 6), ("cat:a", 32)]},
        {"Acme Widgets": [("cat:a", 38)], "Acme Widget": [("cat:a", 20)]},
    )
    result = match_clients(names(vendor), names("Acme Widget", "Acme Widgets"), footprints=prints)
    assert result.matches == ()
    assert {c.psa_client for c in result.review[0].candidates} == {"Acme Widget", "Acme Widgets"}


def test_summing_never_takes_weight_from_a_rival_office() -> None:
    # A customer billed as three offices. Boston bills product a as the vendor's two
    # subscriptions, line by line; Toledo's one line (b, 10) is the vendor's too, but is one of
    # four vendor lines, so it agrees only once e's two equal subscriptions are summed. That
    # summed reading counts half: it must not cost Toledo the weight its own line has, or
    # Boston would outweigh it and take the customer; a person decides (the family questions
    # then ask about its offices).
    vendor = "Wolf Peak Env"
    boston, toledo, denver = (
        f"Wolf Peak Environmental PLLC - {city}" for city in ("Boston", "Toledo", "Denver")
    )
    fillers = {f"Filler Company {n}": [("cat:a", 30 + n), ("cat:b", 50 + n)] for n in range(12)}
    vendor_lines = [("cat:a", 6), ("cat:a", 1), ("cat:b", 10), ("cat:c", 2), ("cat:c", 2)]
    psa_lines = {boston: [("cat:a", 6), ("cat:a", 1)], toledo: [("cat:b", 10)]}
    prints = _prints(
        {vendor: vendor_lines, **fillers},
        {**psa_lines, denver: [("cat:d", 9)], **fillers},
    )
    result = match_clients(
        names(vendor, *fillers), names(boston, toledo, denver, *fillers), footprints=prints
    )
    assert vendor not in pairs(result)
    (item,) = [r for r in result.review if r.vendor_client == vendor]
    assert {c.psa_client for c in item.candidates} >= {boston, toledo}
