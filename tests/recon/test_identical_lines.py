"""Identical rare lines settle a review question without a person (issue 11, review).

"Northern Meadows Technologies" (vendor) and "The No Meaadows" (PSA): no name rule pairs them, a
typo links them, and their lines agree, so the pair is a review question. When the two hold
exactly the same four products at four seat counts, lines no other client holds, a billing
lead answers yes in one click every time: the pair is matched, its ``why`` saying so. Two
lines, a seat count shared
by two lines, lines other clients hold too, or a third client holding them all, and the
question stays. A leftover pair the names link whose lines are mostly alike (three rare
lines at their own seat counts, the fourth a seat apart) is settled too, the seat apart its
gap; the lines alone, or alike lines the vendor file's other clients hold, leave the question.
Each test fails when its part of :mod:`recon.match.identical_lines` is removed.
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest

from recon.engine import reconcile
from recon.engine.pending_review import PendingPair, settle_outright
from recon.match import ClientMatching
from recon.match.client_evidence import Overlap
from recon.match.identical_lines import MARGIN_BITS, MIN_LINES, settles
from recon.match.leftovers import NO_LINK
from recon.match.names import ClientName
from recon.model import Candidate, MatchMethod, ReconResult, ReviewItem, Side
from tests.recon.conftest import make_lines
from tests.recon.meadows_pair import (
    BP,
    EXO,
    FILLER_NAMES,
    PBI,
    PSA_NAME,
    TEAMS,
    VENDOR_NAME,
    VISIO,
    Row,
    rows,
)

#: Four lines, each at its own seat count, no other client holds.
LINES = [(VISIO, 7), (PBI, 13), (EXO, 9), (TEAMS, 4)]


# The fillers are clients matched by name, each with a line of its own: with the pair 41 vendor
# clients (room for one review item), so each of the pair's lines weighs log2(41) = 5.4 bits and
# the four 21.4, past 5.4 + MARGIN_BITS.
def _run(vendor_extra: list[Row], psa_extra: list[Row], fillers: list[Row] | None = None):
    filler_rows = [(name, BP, 100 + i, "22") for i, name in enumerate(FILLER_NAMES)]
    filler_rows += fillers or []
    vendor = make_lines(Side.VENDOR, [*filler_rows, *vendor_extra])
    psa = make_lines(Side.PSA, [(c, p, q, "30") for c, p, q, _ in filler_rows] + psa_extra)
    return reconcile(vendor, psa)


def _matched(result: ReconResult) -> list[str]:
    return [m.psa_client for m in result.matches if m.vendor_client == VENDOR_NAME]


def test_identical_rare_lines_settle_the_review_question() -> None:
    result = _run(rows(VENDOR_NAME, LINES, "4"), rows(PSA_NAME, LINES, "6"))
    assert result.review == ()
    (match,) = [m for m in result.matches if m.vendor_client == VENDOR_NAME]
    assert (match.psa_client, match.method) == (PSA_NAME, MatchMethod.EVIDENCE)
    assert "the same 4 products with the same seats at both" in match.note
    assert "each at its own seat count" in match.note
    assert result.gaps == ()


@pytest.mark.parametrize(
    ("vendor_lines", "psa_lines"),
    [
        # Two lines alike: different companies hold two lines alike too often.
        pytest.param(LINES[:2], LINES[:2], id="two-lines"),
        # Lines at one seat count (a bundle sold per head) count as one: four lines, two counts.
        pytest.param(
            [*LINES[:2], (EXO, 13), (TEAMS, 7)],
            [*LINES[:2], (EXO, 13), (TEAMS, 7)],
            id="one-seat-count",
        ),
        # Two lines alike, two seats apart: too few alike, the gaps show pending the question.
        pytest.param(LINES, [*LINES[:2], (EXO, 10), (TEAMS, 5)], id="two-alike"),
    ],
)
def test_weaker_lines_leave_the_question(
    vendor_lines: list[tuple[str, int]], psa_lines: list[tuple[str, int]]
) -> None:
    result = _run(rows(VENDOR_NAME, vendor_lines, "4"), rows(PSA_NAME, psa_lines, "6"))
    assert [r.vendor_client for r in result.review] == [VENDOR_NAME]
    assert _matched(result) == []


def test_lines_other_clients_hold_leave_the_question() -> None:
    # Each of the four lines is also held by three matched clients: identical, but common.
    common = [
        (f"{first} {product[:5]} Group", product, seats, "22")
        for product, seats in LINES
        for first in ("Echo", "Foxtrot", "Golf")
    ]
    result = _run(rows(VENDOR_NAME, LINES, "4"), rows(PSA_NAME, LINES, "6"), common)
    assert [r.vendor_client for r in result.review] == [VENDOR_NAME]
    assert _matched(result) == []


@pytest.mark.parametrize("side", ["vendor", "psa"])
def test_a_third_client_holding_every_line_leaves_the_question(side: str) -> None:
    vendor = rows(VENDOR_NAME, LINES, "4")
    psa = rows(PSA_NAME, LINES, "6")
    if side == "vendor":
        vendor += rows("Quarry Lane Vineyards", LINES, "4")
    else:
        psa += rows("Quarry Lane Vineyards", LINES, "6")
    result = _run(vendor, psa)
    assert [r.vendor_client for r in result.review] == [VENDOR_NAME]
    assert _matched(result) == []


@pytest.mark.parametrize(
    ("overlap", "seats", "clients", "settled"),
    [
        (Overlap(3, 3, 3, 3, bits=MARGIN_BITS + 3), [1, 2, 3], 8, True),
        (Overlap(3, 3, 3, 3, bits=MARGIN_BITS + 2.9), [1, 2, 3], 8, False),  # too common
        (Overlap(3, 3, 3, 3, bits=40.0), [1, 2, 2], 8, False),  # two at one seat count
        (Overlap(3, 4, 3, 3, bits=40.0), [1, 2, 3, 4], 8, False),  # a vendor line more
        (Overlap(3, 3, 4, 3, bits=40.0), [1, 2, 3], 8, False),  # a PSA line more
        (Overlap(3, 3, 3, 3, near=1, bits=40.0), [1, 2, 3], 8, False),
        (Overlap(3, 3, 3, 3, bits=40.0, summed=True), [1, 2, 3], 8, False),
        (Overlap(2, 2, 2, 2, bits=40.0), [1, 2], 8, False),  # below MIN_LINES
    ],
)
def test_settles(overlap: Overlap, seats: list[int], clients: int, settled: bool) -> None:
    assert MIN_LINES == 3
    lines = [(f"p{n}", qty) for n, qty in enumerate(seats)]
    assert settles(overlap, lines, clients) is settled


def _leftover(note: str) -> tuple[ClientMatching, PendingPair]:
    vendor = ClientName("dc partners", "DC Partners P.A.", "dc partners")
    psa = ClientName("dorsey capital", "Dorsey Capital PA", "dorsey capital")
    pair = PendingPair(
        vendor, psa, 40.0, "the review", Overlap(3, 3, 3, 3, bits=30.0), True, identical=True
    )
    item = ReviewItem(vendor.name, vendor.key, (Candidate(psa.name, 40.0, note),), "", Decimal(0))
    matching = ClientMatching((), (item,), {}, frozenset({psa.identity}), (), ())
    return dataclasses.replace(matching, by_lines=frozenset({vendor.key})), pair


def test_a_leftover_pair_the_names_link_is_settled_by_identical_lines() -> None:
    matching, pair = _leftover("same 3 products with the same seats; reads 'DC' as 'Dorsey'")
    settled, left = settle_outright(matching, [pair], lambda _word: 1)
    assert left == [] and settled.review == ()
    (match,) = settled.matches
    assert match.method is MatchMethod.EVIDENCE and "each at its own seat count" in match.note


def test_a_leftover_pair_only_the_lines_link_always_waits_for_a_person() -> None:
    matching, pair = _leftover(f"same 3 products with the same seats; {NO_LINK}")
    kept, left = settle_outright(matching, [pair], lambda _word: 1)
    assert left == [pair] and kept.review == matching.review and kept.matches == ()


def test_most_lines_alike_settle_a_linked_leftover_pair_and_show_its_gap() -> None:
    # Three of four lines alike, each at its own seat count and rare; Teams a seat apart.
    result = _run(rows(VENDOR_NAME, LINES, "4"), rows(PSA_NAME, [*LINES[:3], (TEAMS, 5)], "6"))
    assert result.review == ()
    (match,) = [m for m in result.matches if m.vendor_client == VENDOR_NAME]
    assert (match.psa_client, match.method) == (PSA_NAME, MatchMethod.EVIDENCE)
    assert "3 of 4 lines with the same seats at both" in match.note
    (gap,) = result.gaps
    assert (gap.kind.value, gap.product, gap.seat_delta) == ("quantity_mismatch", TEAMS, -1)
    assert gap.rests_on is None  # a gap, not pending a question


def test_most_lines_alike_under_names_sharing_nothing_wait_for_a_person() -> None:
    # Four of five lines alike (enough for the lines alone to ask), but no name link.
    five = [*LINES, (BP, 21)]
    other = "Quarry Lane Vineyards"
    result = _run(rows(VENDOR_NAME, five, "4"), rows(other, [*LINES, (BP, 22)], "6"))
    assert [r.vendor_client for r in result.review] == [VENDOR_NAME]
    assert result.review[0].candidates[0].note.endswith(NO_LINK)
    assert _matched(result) == []


def test_most_lines_alike_other_vendor_clients_hold_leave_the_question() -> None:
    # Each alike line also held by another vendor client (rare in the PSA file only).
    others = [
        (f"{first} Outfitters", product, seats, "22")
        for first, (product, seats) in zip(("Echo", "Foxtrot", "Golf"), LINES[:3], strict=True)
    ]
    vendor = [*rows(VENDOR_NAME, LINES, "4"), *others]
    result = _run(vendor, rows(PSA_NAME, [*LINES[:3], (TEAMS, 5)], "6"))
    assert [r.vendor_client for r in result.review] == [VENDOR_NAME]
    assert _matched(result) == []


def test_alike_lines_at_one_seat_count_weigh_as_one() -> None:
    # Four alike lines at three seat counts (Exchange and Teams both at 9), each also held by
    # one matched client on both sides (4.5 bits a line): four would pass the bar, the three
    # seat counts do not, so the question stays.
    alike = [*LINES[:3], (TEAMS, 9)]
    holders = [
        (f"{first} Outfitters", product, seats, "22")
        for first, (product, seats) in zip(("Echo", "Foxtrot", "Golf", "Hotel"), alike, strict=True)
    ]
    result = _run(
        rows(VENDOR_NAME, [*alike, (BP, 21)], "4"), rows(PSA_NAME, [*alike, (BP, 22)], "6"), holders
    )
    assert [r.vendor_client for r in result.review] == [VENDOR_NAME]
    assert _matched(result) == []


def test_most_lines_alike_never_settle_a_near_twin_the_names_offered() -> None:
    # "... Lab" is a distinguishing word: the name rules ask, and lines mostly alike (a seat
    # apart on Teams) are no answer to a near twin; only a leftover pair may settle so.
    twin = f"{VENDOR_NAME} Lab"
    result = _run(rows(VENDOR_NAME, LINES, "4"), rows(twin, [*LINES[:3], (TEAMS, 5)], "6"))
    assert [r.vendor_client for r in result.review] == [VENDOR_NAME]
    assert "near twin" in result.review[0].reason
    assert _matched(result) == []
