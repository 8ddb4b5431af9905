"""A misnamed product with a real quantity gap: alike names, seats further apart than "nearly".

"Keeper Enterprise PW Mgr" is the MSP's name for Keeper Enterprise; the vendor charges 12
seats, the PSA bills 4. Seats that far apart say nothing alone, but the two lines are the only
unaccounted pair at the client and the names are alike: one question, with the 8-seat gap a
"yes" implies shown pending it, never "missing in PSA" for all 12 plus an unmapped line.
Each test fails when the rule is removed.
"""

from __future__ import annotations

from decimal import Decimal

from recon.engine import reconcile
from recon.model import GapKind, Side, pending_on
from tests.recon.conftest import make_lines

KEEPER = "Keeper Enterprise"
MISNAMED = "Keeper Enterprise PW Mgr"
SERVICE = ("Acme", "Managed Services per user", 40, "90")  # unlike name: never a candidate


def _run(psa_name: str, vendor_name: str, *extra_psa: tuple[str, str, int, str]):
    vendor = make_lines(
        Side.VENDOR,
        [("Acme", "Microsoft 365 Business Premium", 10, "22"), ("Acme", vendor_name, 12, "3.00")],
    )
    psa = make_lines(
        Side.PSA,
        [("Acme", "M365 BP", 10, "26"), ("Acme", psa_name, 4, "5.00"), SERVICE, *extra_psa],
    )
    return reconcile(vendor, psa)


def test_alike_names_far_apart_in_seats_make_one_question_and_a_pending_gap() -> None:
    result = _run(MISNAMED, KEEPER)
    (question,) = result.questions
    assert question.psa_product == MISNAMED
    assert "seats apart" in question.candidates[0].why
    assert [(g.kind, g.seat_delta, g.rests_on) for g in result.gaps] == [
        (GapKind.QUANTITY_MISMATCH, Decimal(8), pending_on(MISNAMED, KEEPER))
    ]
    assert MISNAMED not in {u.psa_product for u in result.unmapped}


def test_unlike_names_far_apart_in_seats_stay_two_statements() -> None:
    result = _run(MISNAMED, "Duo Essentials")
    assert result.questions == ()
    assert [(g.kind, g.seat_delta) for g in result.gaps] == [(GapKind.MISSING_IN_PSA, Decimal(12))]


def test_a_second_alike_line_at_the_client_leaves_it_to_a_person() -> None:
    # Two PSA lines could each be the Keeper licence: the seats cannot tell which.
    result = _run(MISNAMED, KEEPER, ("Acme", "Keeper Enterprise Vault", 2, "5.00"))
    assert not any(g.rests_on for g in result.gaps)
