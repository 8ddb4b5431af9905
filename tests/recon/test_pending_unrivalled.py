"""A question under the pending bar whose seats point at one candidate alone shows its gaps.

"Kiosk Webmail" is billed at two clients. At Acme it sits beside an unbilled "Exchange Online
Kiosk" of exactly its seats; at Cole, which buys no Kiosk from the vendor, it bills 16 seats.
The names are only 41 alike, so the question scored under 50 and, as a guess, held every
seat: Cole's "missing in vendor" vanished into the question. Equal seats with the one
candidate whose seats agree anywhere are no guess: Cole's gap shows, pending the answer. A
question whose seats agree with two candidates at two clients stays a guess. Each test fails
when the rule in :func:`recon.engine.pending.shows_pending` is removed.
"""

from __future__ import annotations

from decimal import Decimal

from recon.catalog import TierRelation
from recon.catalog.text import TextMatch
from recon.engine import reconcile
from recon.engine.pending import PENDING_SCORE, shows_pending
from recon.match.product_evidence import Support
from recon.model import GapKind, Side, pending_on
from tests.recon.conftest import make_lines

KIOSK = "Exchange Online Kiosk"
TEXT = "Kiosk Webmail"


def _run(rival_seats: int | None = None):
    vendor = [
        ("Acme Dental", KIOSK, 3, "2.00"),
        ("Acme Dental", "Microsoft 365 Business Premium", 10, "22.00"),
        ("Cole Legal", "Microsoft 365 Business Premium", 12, "22.00"),
    ]
    psa = [
        ("Acme Dental", TEXT, 3, "2.80"),
        ("Acme Dental", "M365 BP", 10, "26.00"),
        ("Cole Legal", TEXT, 16, "2.80"),
        ("Cole Legal", "M365 BP", 12, "26.00"),
    ]
    if rival_seats is not None:
        # Cole also buys an Exchange Online (Plan 1) of exactly the text's seats: a second
        # candidate whose seats agree.
        vendor.append(("Cole Legal", "Exchange Online (Plan 1)", rival_seats, "4.00"))
    return reconcile(make_lines(Side.VENDOR, vendor), make_lines(Side.PSA, psa))


def test_equal_seats_with_one_candidate_show_the_gap_elsewhere_pending() -> None:
    result = _run()
    (question,) = result.questions
    assert question.psa_product == TEXT
    best = question.candidates[0]
    assert best.vendor_product == KIOSK and best.score < PENDING_SCORE
    (gap,) = result.gaps
    assert (gap.client, gap.kind, gap.product, gap.psa_qty) == (
        "Cole Legal",
        GapKind.MISSING_IN_VENDOR,
        KIOSK,
        Decimal(16),
    )
    assert gap.rests_on == pending_on(TEXT, KIOSK) and gap.confidence <= 0.5


def test_seats_agreeing_with_a_second_candidate_keep_the_question_a_guess() -> None:
    result = _run(rival_seats=16)
    (question,) = result.questions
    rival = "Exchange Online (Plan 1)"
    assert [c.vendor_product for c in question.candidates[:2]] == [KIOSK, rival]
    # Cole's 16 seats are not said to be a Kiosk the vendor does not sell.
    assert not [g for g in result.gaps if g.product == KIOSK]


def _support(score_text: float, agree: int, near: int) -> Support:
    return Support(
        vendor_key="v",
        text=TextMatch(score_text, TierRelation.SAME, ""),
        agree=agree,
        near=near,
        seat_counts=agree,
        clients=2,
        held=(),
    )


def test_only_exact_agreement_unrivalled_lifts_a_weak_question() -> None:
    alone = _support(41.0, 1, 0)
    assert alone.score < PENDING_SCORE
    assert shows_pending([alone])
    assert not shows_pending([_support(41.0, 0, 1)])  # seats only close: a guess
    assert not shows_pending([alone, _support(30.0, 1, 0)])  # a rival's seats agree too
    assert not shows_pending([alone, _support(30.0, 0, 1)])  # or nearly agree
    assert shows_pending([alone, _support(60.0, 0, 0)])  # a name-only rival weighs nothing
    assert not shows_pending([])
