"""What the rest of the run says about a review's one-sided lines (issue 11).

"Blair & Mann Partners Corp." (vendor) waits in review beside "Blair & Mann Ptnrs Services
Corp." (PSA). Its vendor lines the candidate bills nothing like show pending the review, and
so do the candidate's lines the vendor client does not hold (:mod:`recon.engine.either_way`).
Two pieces of evidence elsewhere in the run decide whether "nothing like" holds:

- the MSP's own per-user service ("Managed Services - Per User" 5 beside Defender 6) might
  be the licence billed under another name, unless other clients bill that service text
  beside the licence (:mod:`recon.engine.billed_beside`);
- the candidate's lines might be another vendor customer's, one matched to nobody, that holds
  two of them exactly (:mod:`recon.engine.claimed_lines`).

Each test fails when its rule is removed.
"""

from __future__ import annotations

import pandas as pd
import pytest

from recon.engine import reconcile
from recon.engine.either_way import EitherWay, keep_either_way
from recon.match.names import ClientName
from recon.model import QTY_SCALE, GapKind, Side, pending_review
from tests.recon.conftest import make_lines, one_sided_gap

VENDOR_NAME = "Blair & Mann Partners Corp."
PSA_NAME = "Blair & Mann Ptnrs Services Corp."
RESTS_ON = pending_review(VENDOR_NAME, PSA_NAME)
DEFENDER = "Microsoft Defender for Office 365 (Plan 1)"
EXO = "Exchange Online (Plan 1)"
TEAMS = "Microsoft Teams Essentials"
BP = "Microsoft 365 Business Premium"
SERVICE = "Managed Services - Per User"
OTHERS_V = [("Acme Dental", BP, 5, "22"), ("Zephyr Logistics", EXO, 9, "4")]
OTHERS_P = [("Acme Dental", BP, 5, "26"), ("Zephyr Logistics", EXO, 9, "5")]
# Matched clients billing the per-user service beside the very licence the vendor sells them.
BESIDE = ["Quill Orthodontics", "Ridgeway Freight", "Tamsin Bakery"]


def _run(vendor: list[tuple], psa: list[tuple]):
    return reconcile(
        make_lines(Side.VENDOR, vendor + OTHERS_V), make_lines(Side.PSA, psa + OTHERS_P)
    )


def _service_beside_defender(clients: int) -> tuple[list[tuple], list[tuple]]:
    vendor, psa = [], []
    for seats, name in enumerate(BESIDE[:clients], start=11):
        vendor.append((name, DEFENDER, seats, "1.82"))
        psa += [(name, DEFENDER, seats, "3"), (name, SERVICE, seats + 2, "95")]
    return vendor, psa


@pytest.mark.parametrize(("clients", "shown"), [(2, True), (1, False), (0, False)])
def test_a_service_billed_beside_the_licence_elsewhere_does_not_hide_it(
    clients: int, shown: bool
) -> None:
    # The candidate bills only its per-user service, at 5 seats beside the vendor's 6
    # Defender seats: it may be Defender billed under the service's name, unless other
    # clients bill that service beside Defender (then it is a service, not the licence).
    vendor, psa = _service_beside_defender(clients)
    result = _run(
        [(VENDOR_NAME, DEFENDER, 6, "1.82"), *vendor],
        [(PSA_NAME, SERVICE, 5, "95"), *psa],
    )
    assert [r.vendor_client for r in result.review] == [VENDOR_NAME]
    pending = {(g.kind, g.product, g.vendor_qty) for g in result.gaps if g.rests_on}
    expected = {(GapKind.MISSING_IN_PSA, DEFENDER, 6)} if shown else set()
    assert pending == expected


def test_a_service_billed_beside_another_licence_still_hides_the_line() -> None:
    # Beside Business Premium elsewhere says nothing of Defender: 5 seats of the service may
    # still be the 6 Defender seats read another way.
    vendor, psa = [], []
    for seats, name in enumerate(BESIDE[:2], start=11):
        vendor.append((name, BP, seats, "22"))
        psa += [(name, BP, seats, "26"), (name, SERVICE, seats, "95")]
    result = _run(
        [(VENDOR_NAME, DEFENDER, 6, "1.82"), *vendor],
        [(PSA_NAME, SERVICE, 5, "95"), *psa],
    )
    assert [g for g in result.gaps if g.rests_on] == []


# A vendor customer no name rule pairs with anyone, holding the candidate's lines.
STRANGER = "Sexton Medical Associates"


@pytest.mark.parametrize(
    ("stranger", "shown"),
    [
        ([(STRANGER, EXO, 14, "4"), (STRANGER, TEAMS, 5, "4")], False),
        # One line in common is chance: a small client's Exchange seats are everywhere.
        ([(STRANGER, EXO, 14, "4"), (STRANGER, TEAMS, 7, "4")], True),
        ([(STRANGER, EXO, 14, "4")], True),
    ],
)
def test_a_candidate_whose_lines_another_customer_holds_shows_none_of_them(
    stranger: list[tuple], shown: bool
) -> None:
    _claimed(stranger, [(EXO, 14), (TEAMS, 5)], shown)


@pytest.mark.parametrize(
    ("stranger", "candidate", "shown"),
    [
        # Lines of one or two seats are a small client's whole bill: chance, not a pair.
        ([(STRANGER, EXO, 2, "4"), (STRANGER, TEAMS, 1, "4")], [(EXO, 2), (TEAMS, 1)], True),
        # Two of five lines: the candidate bills mostly what the stranger does not.
        (
            [(STRANGER, EXO, 14, "4"), (STRANGER, TEAMS, 5, "4")],
            [(EXO, 14), (TEAMS, 5), (BP, 8), ("Visio Plan 2", 3), ("Power BI Pro", 9)],
            True,
        ),
        (
            [(STRANGER, EXO, 14, "4"), (STRANGER, TEAMS, 5, "4"), (STRANGER, BP, 8, "22")],
            [(EXO, 14), (TEAMS, 5), (BP, 8), ("Visio Plan 2", 3), ("Power BI Pro", 9)],
            False,
        ),
        # Two of a stranger's five: a customer buying many products holds some of any small
        # bill by chance.
        (
            [
                (STRANGER, EXO, 14, "4"),
                (STRANGER, TEAMS, 5, "4"),
                (STRANGER, BP, 8, "22"),
                (STRANGER, "Visio Plan 2", 3, "10"),
                (STRANGER, "Power BI Pro", 9, "10"),
            ],
            [(EXO, 14), (TEAMS, 5)],
            True,
        ),
    ],
)
def test_only_most_of_the_candidates_lines_at_a_few_seats_say_whose_they_are(
    stranger: list[tuple], candidate: list[tuple[str, int]], shown: bool
) -> None:
    _claimed(stranger, candidate, shown)


def _claimed(stranger: list[tuple], candidate: list[tuple[str, int]], shown: bool) -> None:
    result = _run(
        [(VENDOR_NAME, DEFENDER, 6, "1.82"), *stranger],
        [(PSA_NAME, product, seats, "5") for product, seats in candidate],
    )
    assert [r.vendor_client for r in result.review] == [VENDOR_NAME]
    pending = {g.product for g in result.gaps if g.psa_client == PSA_NAME and g.rests_on}
    assert pending == ({p for p, _ in candidate} if shown else set())
    # The vendor client's own line is billed nowhere either way: it shows all the same.
    assert (GapKind.MISSING_IN_PSA, DEFENDER, RESTS_ON) in {
        (g.kind, g.product, g.rests_on) for g in result.gaps
    }


def test_a_text_billed_beside_the_candidates_own_product_still_speaks_for_the_vendor_line() -> None:
    # The candidate bills Exchange 6 and an unmapped text that names Defender; the vendor
    # client holds Defender 6. The text is Defender's line (hidden: one line read two ways),
    # so Defender 6 is no other half of Exchange 6, which shows. The text being billed beside
    # Exchange elsewhere says it is not Exchange, nothing of Defender.
    pair = EitherWay(ClientName("v", "V", "v"), ClientName("p", "P", "p"), "the review")
    gaps = [
        one_sided_gap(GapKind.MISSING_IN_PSA, "cat:defender", 6, client="v"),
        one_sided_gap(GapKind.MISSING_IN_VENDOR, "cat:exo", 6, client="p"),
    ]
    text = (3 * QTY_SCALE, frozenset({"cat:defender"}), True)
    loose = {"p": frozenset({(text, frozenset({"cat:exo"}))})}
    kept, _ = keep_either_way(gaps, pd.DataFrame(), [pair], loose)
    assert [(g.kind, g.product_key, g.rests_on) for g in kept] == [
        (GapKind.MISSING_IN_VENDOR, "cat:exo", "the review")
    ]
