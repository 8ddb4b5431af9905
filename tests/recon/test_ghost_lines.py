"""Ghost lines: a PSA-only client (the vendor no longer sells to it) billed under a text no
catalogue rule reads, which the seats pair with a vendor product at the other clients.

The line is that product there too: one "missing in vendor" gap (a refund risk), whose
``why`` says what the pairing rests on, or the gap pending the text's question.
"""

from __future__ import annotations

from recon.model import GapKind
from tests.recon.conftest import reconcile_rows as run

TEXT = "Spam Filter Service"
PROOFPOINT = "Proofpoint Essentials Business"
GONE = "Gone Away Dental"


def _rows(clients: int, agreeing: int) -> tuple[list, list]:
    """``clients`` matched clients billed ``TEXT`` beside Proofpoint (seats equal at the
    first ``agreeing``), and one PSA-only client billed it too."""
    vendor, psa = [], []
    for i in range(clients):
        client, seats = f"Client {i:02}", 3 + i
        vendor.append((client, PROOFPOINT, seats, "3"))
        psa.append((client, TEXT, seats if i < agreeing else seats + 4, "5"))
        vendor.append((client, "Microsoft 365 Business Premium", 10 + i, "22"))
        psa.append((client, "M365 Business Premium", 10 + i, "26"))
    psa.append((GONE, TEXT, 7, "5"))
    return vendor, psa


def test_a_ghost_line_of_a_text_paired_on_seats_says_what_the_pairing_rests_on() -> None:
    result = run(*_rows(6, 6))
    (gap,) = [g for g in result.gaps if g.client == GONE]
    assert (gap.product, gap.kind) == (PROOFPOINT, GapKind.MISSING_IN_VENDOR)
    # Not "PSA 'Spam Filter Service' product name": the pairing rests on the other clients.
    assert f"PSA {TEXT!r} is {PROOFPOINT!r} (paired on seats: seats match at 6" in gap.why
    assert gap.rests_on is None


def test_a_ghost_line_of_an_asked_text_is_pending_its_question() -> None:
    result = run(*_rows(2, 2))
    (question,) = result.questions
    (gap,) = [g for g in result.gaps if g.client == GONE]
    assert (gap.product, gap.kind) == (PROOFPOINT, GapKind.MISSING_IN_VENDOR)
    assert gap.rests_on is not None and TEXT in gap.rests_on
    assert question.psa_product == TEXT
