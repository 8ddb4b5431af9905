"""A question's runner-up at a client of its own is compared there, pending the question.

A text whose name says next to nothing ("Staff Training": no product's name, no kind's
words) billed at two clients: beside an unbilled Business Basic of the same seats at one,
beside an unbilled Huntress SAT of the same seats at the other (no Business Basic there).
One question asks about one of them; at the other client the run said "missing in PSA" of
the runner-up, a false statement when the text is that product there. Each test fails when
the rule is removed.
"""

from __future__ import annotations

from recon.engine import reconcile
from recon.model import GapKind, Side
from tests.recon.conftest import make_lines

BASIC = "Microsoft 365 Business Basic"
SAT = "Huntress Managed SAT"
TEXT = "Staff Training"


def _run(*, basic_at_b: bool = False):
    vendor, psa = [], []
    for i in range(6):
        client = f"Client {i:02}"
        vendor.append((client, "Microsoft 365 Business Premium", 10 + i, "22"))
        psa.append((client, "M365 Business Premium", 10 + i, "26"))
    vendor += [("Client 01", BASIC, 4, "5.00"), ("Client 02", SAT, 2, "1.53")]
    psa += [("Client 01", TEXT, 4, "2.12"), ("Client 02", TEXT, 2, "2.12")]
    if basic_at_b:
        vendor.append(("Client 02", BASIC, 7, "5.00"))
        psa.append(("Client 02", "M365 Business Basic", 7, "6.00"))
    return reconcile(make_lines(Side.VENDOR, vendor), make_lines(Side.PSA, psa))


def test_the_runner_up_beside_the_text_at_a_client_of_its_own_is_no_gap() -> None:
    result = _run()
    (question,) = [q for q in result.questions if q.psa_product == TEXT]
    assert {c.vendor_product for c in question.candidates} >= {BASIC, SAT}
    # Neither "missing in PSA" of either product nor anything of the text: one question.
    assert [(g.client, g.product, g.kind) for g in result.gaps] == []


def test_where_the_asked_candidate_is_sold_too_the_client_stays_as_it_was() -> None:
    # Client 02 buys Business Basic too (billed on its own line): the question's candidate
    # is sold there, so the seats do not say the text is the runner-up there.
    result = _run(basic_at_b=True)
    assert (SAT, GapKind.MISSING_IN_PSA) in {(g.product, g.kind) for g in result.gaps}
