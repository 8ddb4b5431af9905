"""One client under two names no name rule pairs is one review question, not two lists of
gaps (issue 11).

"Northern Meadows Technologies" (vendor) is "The No Meaadows" (PSA): a short form, a typo and a
dropped word are too much for the name rules, so the vendor client was unmatched (each line a
``missing_in_psa`` gap) and so was the PSA client (each line a ``missing_in_vendor`` gap). Their
lines agree, so the pair is asked (matched outright only on identical rare lines) and its gaps
show pending the question. Each test fails when its rule in :mod:`recon.match.leftovers` is
removed.
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from pathlib import Path

import pytest

from recon.engine import reconcile
from recon.engine.pending_review import PendingPair, settle_outright
from recon.match import ClientMatching
from recon.match.client_evidence import Overlap
from recon.match.leftovers import MAX_TIED, MIN_BITS, STRONG_BITS, lines_agree, lines_decide
from recon.match.names import ClientName
from recon.model import Candidate, GapKind, ReconResult, ReviewItem, Side
from tests.recon.cli_run import invoke, reconcile_json
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

#: Clients matched by name, each with a line of its own: the pair's lines are rare beside them
#: (a line one client in 41 holds weighs 5.4 bits).
FILLERS = 40
PAIR_LINES = [(VISIO, 7), (PBI, 13), (EXO, 9)]
#: Two of them: with a product a seat gap apart, too few alike lines to settle the pair (three
#: would: tests/recon/test_identical_lines.py), so it is asked.
ASKED_LINES = PAIR_LINES[:2]


def _fillers() -> list[Row]:
    filler_rows = [(name, BP, 100 + i, "22") for i, name in enumerate(FILLER_NAMES[:FILLERS])]
    # Products the vendor file sells elsewhere, so the PSA's lines of them count as evidence.
    return [*filler_rows, (FILLER_NAMES[0], EXO, 50, "4"), (FILLER_NAMES[1], TEAMS, 60, "4")]


def _run(vendor_extra: list[Row], psa_extra: list[Row]) -> ReconResult:
    fillers = _fillers()
    vendor = make_lines(Side.VENDOR, [*fillers, *vendor_extra])
    psa = make_lines(Side.PSA, [(c, p, q, "30") for c, p, q, _ in fillers] + psa_extra)
    return reconcile(vendor, psa)


def _one_sided(result: ReconResult) -> set[tuple[str, GapKind]]:
    one_sided = {GapKind.MISSING_IN_PSA, GapKind.MISSING_IN_VENDOR}
    return {(g.client, g.kind) for g in result.gaps if g.kind in one_sided}


def test_one_client_under_two_names_is_one_question_with_its_gaps_pending() -> None:
    # Two lines agree; a third product differs in seats: the real gap, shown pending.
    result = _run(
        rows(VENDOR_NAME, [*ASKED_LINES, (TEAMS, 10)], "4"),
        rows(PSA_NAME, [*ASKED_LINES, (TEAMS, 8)], "6"),
    )
    (item,) = result.review
    assert item.vendor_client == VENDOR_NAME
    (candidate,) = item.candidates
    assert candidate.psa_client == PSA_NAME
    assert "same 3 products, 2 with the same seats" in candidate.note
    assert "'Meadows' as a typo of 'Meaadows'" in candidate.note
    # Asked, never merged: no match, and no gap of one side only at either name.
    assert all(m.vendor_client != VENDOR_NAME for m in result.matches)
    assert _one_sided(result) == set()
    (gap,) = [g for g in result.gaps if g.rests_on]
    assert (gap.kind, gap.product, gap.seat_delta) == (GapKind.QUANTITY_MISMATCH, TEAMS, 2)
    assert VENDOR_NAME in gap.rests_on and PSA_NAME in gap.rests_on
    assert result.summary.unmatched_vendor_clients == 0
    assert result.summary.unmatched_psa_clients == 0


def test_the_same_lines_are_asked_when_they_do_not_settle_it() -> None:
    # Two of the same products with the same seats: a person decides (three rare lines, each
    # at its own seat count, settle it: tests/recon/test_identical_lines.py).
    result = _run(rows(VENDOR_NAME, PAIR_LINES[:2], "4"), rows(PSA_NAME, PAIR_LINES[:2], "6"))
    assert [r.vendor_client for r in result.review] == [VENDOR_NAME]
    assert "same 2 products with the same seats" in result.review[0].candidates[0].note
    assert all(m.vendor_client != VENDOR_NAME for m in result.matches)
    assert result.gaps == ()


def test_identical_rare_lines_match_a_linked_pair_outright() -> None:
    result = _run(rows(VENDOR_NAME, PAIR_LINES, "4"), rows(PSA_NAME, PAIR_LINES, "6"))
    assert result.review == ()
    (match,) = [m for m in result.matches if m.vendor_client == VENDOR_NAME]
    assert match.psa_client == PSA_NAME
    assert "the same 3 products with the same seats at both" in match.note
    assert result.gaps == ()


@pytest.mark.parametrize(
    ("side", "rival"),
    [
        # A rival whose name shares a word with the other side's as rare: nothing to tell.
        ("psa", "Meadows Quarry Lane"),
        ("vendor", "Meaadows Quarry Lane"),
    ],
)
def test_a_second_leftover_that_fits_as_well_leaves_the_pair_unasked(side: str, rival: str) -> None:
    vendor = rows(VENDOR_NAME, PAIR_LINES, "4")
    psa = rows(PSA_NAME, PAIR_LINES, "6")
    if side == "psa":
        psa += rows(rival, PAIR_LINES, "6")
    else:
        vendor += rows(rival, PAIR_LINES, "4")
    result = _run(vendor, psa)
    assert result.review == ()
    assert (VENDOR_NAME, GapKind.MISSING_IN_PSA) in _one_sided(result)
    assert (PSA_NAME, GapKind.MISSING_IN_VENDOR) in _one_sided(result)


@pytest.mark.parametrize("side", ["psa", "vendor"])
def test_a_rival_on_the_lines_alone_yields_to_a_pair_the_names_link(side: str) -> None:
    # The same bundle of products and seats at a third leftover whose name shares nothing
    # with the other side's: the names tell which two are one client ("DC Partners P.A." is
    # "Dorsey Capital PA", not "Jensen Brothers Supply Properties").
    vendor = rows(VENDOR_NAME, PAIR_LINES, "4")
    psa = rows(PSA_NAME, PAIR_LINES, "6")
    if side == "psa":
        psa += rows("Quarry Lane Vineyards", PAIR_LINES, "6")
    else:
        vendor += rows("Quarry Lane Vineyards", PAIR_LINES, "4")
    result = _run(vendor, psa)
    (item,) = result.review
    assert (item.vendor_client, item.candidates[0].psa_client) == (VENDOR_NAME, PSA_NAME)
    assert all(m.vendor_client != VENDOR_NAME for m in result.matches)
    # The rival keeps its gaps: one side only, each line.
    assert (
        "Quarry Lane Vineyards",
        GapKind.MISSING_IN_PSA if side == "vendor" else GapKind.MISSING_IN_VENDOR,
    ) in _one_sided(result)


def test_a_link_between_names_that_begin_differently_decides_no_tie() -> None:
    # "Pierce Tire & Service" / "Hawk Pt Pediatric Dentistry": "Pt" read as the initials of
    # "Pierce Tire", deep in a name beginning with another letter, with a rival holding the
    # same lines: the names tell nothing apart, the pair stays unasked.
    vendor, psa = "Pierce Tire & Service, Ltd.", "Hawk Pt Pediatric Dentistry South Inc."
    result = _run(
        rows(vendor, PAIR_LINES, "4"),
        [*rows(psa, PAIR_LINES, "6"), *rows("Quarry Lane Vineyards", PAIR_LINES, "6")],
    )
    assert all(r.vendor_client != vendor for r in result.review)
    assert (vendor, GapKind.MISSING_IN_PSA) in _one_sided(result)


def test_a_rival_sharing_one_line_among_many_of_its_own_leaves_a_linked_pair_asked() -> None:
    # "ARPT PC" / "Anchor Rock Physical Therapy": one rare line, and PSA leftovers holding it
    # among many other products. They tie on the count of agreeing lines, but their lines do
    # not agree (most of what they hold the vendor client lacks): no rival at all.
    rivals = ("Quarry Lane Vineyards", "Summit Ridge Motors", "Harbor Light Bakery")
    psa = rows(PSA_NAME, [(VISIO, 7)], "6")
    for n, rival in enumerate(rivals):
        psa += rows(rival, [(VISIO, 7), (PBI, 3 + n), (EXO, 5 + n), (TEAMS, 2 + n)], "6")
    assert len(rivals) >= MAX_TIED
    result = _run(rows(VENDOR_NAME, [(VISIO, 7)], "4"), psa)
    (item,) = result.review
    assert (item.vendor_client, item.candidates[0].psa_client) == (VENDOR_NAME, PSA_NAME)
    assert {(rival, GapKind.MISSING_IN_VENDOR) for rival in rivals} <= _one_sided(result)


@pytest.mark.parametrize(("rivals", "asked"), [(1, True), (2, True), (3, False)])
def test_many_leftovers_tied_on_the_lines_are_not_told_apart_by_a_name(
    rivals: int, asked: bool
) -> None:
    # Four leftovers holding one bundle (MAX_TIED and more besides the pair): a name link
    # among so many may be chance.
    assert MAX_TIED == 3
    psa = rows(PSA_NAME, PAIR_LINES, "6")
    for name in ("Quarry Lane Vineyards", "Summit Ridge Motors", "Harbor Light Bakery")[:rivals]:
        psa += rows(name, PAIR_LINES, "6")
    result = _run(rows(VENDOR_NAME, PAIR_LINES, "4"), psa)
    assert bool(result.review) is asked


def test_one_common_line_is_never_enough() -> None:
    # Business Premium with 101 seats is held by another client too: it weighs too little.
    common = [(BP, 101)]
    result = _run(rows(VENDOR_NAME, common, "22"), rows(PSA_NAME, common, "30"))
    assert result.review == ()
    assert _one_sided(result) == {
        (VENDOR_NAME, GapKind.MISSING_IN_PSA),
        (PSA_NAME, GapKind.MISSING_IN_VENDOR),
    }


def test_one_rare_line_is_asked_when_the_names_share_a_link() -> None:
    result = _run(rows(VENDOR_NAME, [(VISIO, 7)], "4"), rows(PSA_NAME, [(VISIO, 7)], "6"))
    assert [r.vendor_client for r in result.review] == [VENDOR_NAME]


@pytest.mark.parametrize(
    ("lines", "asked"),
    [
        (PAIR_LINES[:2], False),  # two lines, names that share nothing: not enough
        (PAIR_LINES, True),  # three rare lines, all each client holds: enough on their own
    ],
)
def test_names_that_share_nothing_need_overwhelming_lines(
    lines: list[tuple[str, int]], asked: bool
) -> None:
    result = _run(rows("Harbor Light Bakery", lines, "4"), rows("Summit Ridge Motors", lines, "6"))
    assert bool(result.review) is asked
    if asked:
        assert "the names share no word" in result.review[0].candidates[0].note


def test_real_ghosts_keep_their_gaps() -> None:
    # A client only the vendor bills and one only the PSA bills: one line alike, but most of
    # what each holds the other lacks. Two clients, each line a real gap.
    result = _run(
        rows(VENDOR_NAME, [(VISIO, 7), (PBI, 13)], "4"),
        rows(PSA_NAME, [(VISIO, 7), (EXO, 9), (TEAMS, 4)], "6"),
    )
    assert result.review == ()
    kinds = sorted((g.client, g.kind.value, g.product) for g in result.gaps)
    assert kinds == [
        (VENDOR_NAME, "missing_in_psa", PBI),
        (VENDOR_NAME, "missing_in_psa", VISIO),
        (PSA_NAME, "missing_in_vendor", EXO),
        (PSA_NAME, "missing_in_vendor", TEAMS),
        (PSA_NAME, "missing_in_vendor", VISIO),
    ]


# ---- answered: remembered on the next run -------------------------------------------------


@pytest.fixture
def files(tmp_path: Path) -> tuple[str, str, str]:
    vendor, psa = tmp_path / "vendor.csv", tmp_path / "psa.csv"
    fillers = _fillers()
    vendor_rows = [*fillers, *rows(VENDOR_NAME, [*ASKED_LINES, (TEAMS, 10)], "4")]
    psa_rows = [*((c, p, q, "30") for c, p, q, _ in fillers), *rows(PSA_NAME, ASKED_LINES, "6")]
    psa_rows.append((PSA_NAME, TEAMS, 8, "6"))
    vendor.write_text(
        "Customer Name,Product Name,Quantity,Unit Cost\n"
        + "".join(f"{c},{p},{q},{u}\n" for c, p, q, u in vendor_rows)
    )
    psa.write_text(
        "Company,Product,Quantity,Unit Price\n"
        + "".join(f"{c},{p},{q},{u}\n" for c, p, q, u in psa_rows)
    )
    return str(vendor), str(psa), str(tmp_path / "recon.db")


def test_a_confirmed_pair_is_remembered_on_the_next_run(files) -> None:
    first = reconcile_json(files)
    assert [r["vendor_client"] for r in first["review"]] == [VENDOR_NAME]
    (pending,) = first["gaps"]
    assert pending["rests_on"]

    invoke("alias", "client", VENDOR_NAME, PSA_NAME, "--db", files[2], "--by", "cli:b")
    after = reconcile_json(files)
    assert after["review"] == []
    assert [m["psa_client"] for m in after["matches"] if m["vendor_client"] == VENDOR_NAME] == [
        PSA_NAME
    ]
    (gap,) = after["gaps"]
    assert (gap["kind"], gap["rests_on"], gap["id"]) == ("quantity_mismatch", None, pending["id"])


def test_a_rejected_pair_is_never_asked_again(files) -> None:
    reconcile_json(files)
    invoke("reject", "client", VENDOR_NAME, PSA_NAME, "--db", files[2], "--by", "x")
    after = reconcile_json(files)
    assert after["review"] == []
    kinds = {(g["client"], g["kind"]) for g in after["gaps"]}
    assert (VENDOR_NAME, "missing_in_psa") in kinds
    assert (PSA_NAME, "missing_in_vendor") in kinds


# ---- the bars, case by case ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("overlap", "agree", "decide"),
    [
        (Overlap(3, 3, 3, 3, bits=STRONG_BITS), True, True),
        (Overlap(3, 3, 3, 3, bits=STRONG_BITS - 0.1), True, False),  # common lines
        (Overlap(2, 2, 2, 2, bits=STRONG_BITS), True, False),  # two lines only
        (Overlap(3, 4, 3, 3, bits=STRONG_BITS), True, False),  # 3 of 4: short of 80 %
        (Overlap(1, 1, 1, 1, bits=MIN_BITS), True, False),
        (Overlap(1, 1, 1, 1, bits=MIN_BITS - 0.1), False, False),  # one common line
        (Overlap(0, 2, 2, 2, near=2, bits=MIN_BITS), False, False),  # no line the same
        (Overlap(1, 4, 1, 1, bits=MIN_BITS), False, False),  # most vendor products elsewhere
        (Overlap(1, 3, 3, 3, bits=MIN_BITS), False, False),  # most seats differ
        (Overlap(2, 7, 5, 5, near=1, bits=MIN_BITS), True, False),
        # Two large clients: many seats near each other, few the same.
        (Overlap(5, 22, 25, 14, near=7, bits=STRONG_BITS), False, False),
    ],
)
def test_lines_agree_and_decide(overlap: Overlap, agree: bool, decide: bool) -> None:
    assert lines_agree(overlap) is agree
    assert lines_decide(overlap) is decide


def test_the_review_budget_asks_the_weightiest_pairs_first() -> None:
    # 42 vendor clients leave room for one review item (3 %): the pair whose lines weigh more
    # is asked, the other stays unmatched with its gaps.
    other_vendor, other_psa = "Linden Crane Physio", "Crane & Linden Therapy"
    result = _run(
        [*rows(VENDOR_NAME, PAIR_LINES[:2], "4"), *rows(other_vendor, [(VISIO, 3)], "4")],
        [*rows(PSA_NAME, PAIR_LINES[:2], "6"), *rows(other_psa, [(VISIO, 3)], "6")],
    )
    assert [r.vendor_client for r in result.review] == [VENDOR_NAME]
    assert _one_sided(result) == {
        (other_vendor, GapKind.MISSING_IN_PSA),
        (other_psa, GapKind.MISSING_IN_VENDOR),
    }


def test_a_pair_found_on_the_lines_is_never_settled_outright() -> None:
    # A review pair a site apart holding the same products is matched outright; the same pair
    # found on the lines alone waits for a person.
    vendor = ClientName("navarro dent grp", "Navarro Dental Group PA", "navarro dent grp")
    psa = ClientName(
        "navarro dent grp head office",
        "Navarro Dental Group PA - Head Office",
        "navarro dent grp head office",
    )
    pair = PendingPair(vendor, psa, 80.0, "the review", Overlap(2, 2, 2, 2), alone=True)
    item = ReviewItem(vendor.name, vendor.key, (Candidate(psa.name, 80.0),), "", Decimal(0))
    matching = ClientMatching((), (item,), {}, frozenset({psa.identity}), (), ())
    settled, left = settle_outright(matching, [pair], lambda _word: 1)
    assert left == [] and settled.review == ()
    asked = dataclasses.replace(matching, by_lines=frozenset({vendor.key}))
    kept, left = settle_outright(asked, [pair], lambda _word: 1)
    assert left == [pair] and kept.review == (item,) and kept.matches == ()
