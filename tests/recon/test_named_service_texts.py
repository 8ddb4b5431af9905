"""A text the name reads as a product already billed in full is weighed on the seats again.

"Managed EDR" 6 at a client whose "Huntress Managed EDR" line already bills the 6 Huntress
seats it buys, while 11 SentinelOne seats sit unbilled: read by name as Huntress (brand left
out), Huntress showed a false over-billing of 6 and SentinelOne a false "missing in PSA" of 11.
"Managed" there is a word of the product's name, not the MSP's own service, so the far seats
may still pair the text with the only unbilled EDR beside it: one question, its gap pending.
Each test fails when its guard in recon.match.product_evidence.weigh is removed.
"""

from __future__ import annotations

from recon.engine import reconcile
from recon.model import GapKind, Side
from tests.recon.conftest import make_lines

HUNTRESS = "Huntress Managed EDR"
S1 = "SentinelOne Singularity Control"
TEXT = "Managed EDR"


def _run(*, unlike_beside: bool = False):
    vendor, psa = [], []
    for i in range(6):
        client = f"Client {i:02}"
        vendor.append((client, "Microsoft 365 Business Premium", 10 + i, "22"))
        psa.append((client, "Microsoft 365 Business Premium", 10 + i, "26"))
    vendor += [("Client 01", HUNTRESS, 6, "3.49"), ("Client 01", S1, 11, "3.63")]
    psa += [("Client 01", HUNTRESS, 6, "4.92"), ("Client 01", TEXT, 6, "6.50")]
    if unlike_beside:  # a product unlike the text, of its very seats, under a name of its own
        vendor.append(("Client 01", "Keeper Business", 6, "3.75"))
        psa.append(("Client 01", "Password Manager License", 6, "4.50"))
    return reconcile(make_lines(Side.VENDOR, vendor), make_lines(Side.PSA, psa))


def _kinds(result) -> set[tuple[str, str, GapKind]]:
    return {(g.client, g.product, g.kind) for g in result.gaps}


def _asked(result) -> list[str]:
    found = [q for q in result.questions if q.psa_product == TEXT]
    return [c.vendor_product for q in found for c in q.candidates]


def test_a_text_whose_named_product_is_billed_in_full_is_asked_as_the_unbilled_edr() -> None:
    result = _run()
    kinds = _kinds(result)
    # Not a second bill of Huntress, and the SentinelOne it bills is not "missing in PSA".
    assert ("Client 01", HUNTRESS, GapKind.QUANTITY_MISMATCH) not in kinds
    assert ("Client 01", S1, GapKind.MISSING_IN_PSA) not in kinds
    assert _asked(result)[:1] == [S1]
    # The shortfall a "yes" implies shows now, pending the question.
    (gap,) = [g for g in result.gaps if g.product == S1]
    assert gap.kind is GapKind.QUANTITY_MISMATCH and gap.rests_on is not None


def test_equal_seats_of_an_unlike_product_do_not_keep_the_text_from_its_own_kind() -> None:
    result = _run(unlike_beside=True)
    kinds = _kinds(result)
    assert ("Client 01", HUNTRESS, GapKind.QUANTITY_MISMATCH) not in kinds
    assert _asked(result)[:1] == [S1]
