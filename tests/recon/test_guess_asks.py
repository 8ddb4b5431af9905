"""A PSA text read as one maker's product only by a brand guess ("Managed EDR per user" as
Huntress Managed EDR), at a client buying none of it but another maker's product of its kind at
other seats: one question about that product, its quantity gap pending the answer, never
"Huntress billed, not bought" beside "SentinelOne bought, not billed" (recon.engine.guess_asks)."""

from __future__ import annotations

from decimal import Decimal

from recon.engine import reconcile
from recon.model import GapKind, ReconResult, Side
from tests.recon.conftest import make_lines

S1 = "SentinelOne Singularity Control"
HUNTRESS = "Huntress Managed EDR"
BP = "Microsoft 365 Business Premium"
TEXT = "Managed EDR per user"

Row = tuple[str, str, int, str]


def _run(vendor: list[Row], psa: list[Row]) -> ReconResult:
    return reconcile(make_lines(Side.VENDOR, vendor), make_lines(Side.PSA, psa))


def _gaps(result: ReconResult) -> list[tuple[str, GapKind, str, Decimal, Decimal, bool]]:
    return [
        (g.client, g.kind, g.product, g.vendor_qty, g.psa_qty, bool(g.rests_on))
        for g in result.gaps
    ]


#: Other clients buy Huntress and bill it by its full name: the guessed product is one the
#: vendor file sells, so nothing doubts the guess at Acme but Acme's own lines.
HUNTRESS_CLIENTS_V: list[Row] = [("Bolt", HUNTRESS, 5, "3.37"), ("Dune", HUNTRESS, 29, "3.37")]
HUNTRESS_CLIENTS_P: list[Row] = [("Bolt", HUNTRESS, 8, "4.50"), ("Dune", HUNTRESS, 29, "4.50")]


def test_a_guess_beside_another_makers_product_of_its_kind_at_other_seats_is_asked() -> None:
    result = _run(
        [("Acme", S1, 25, "3.93"), ("Acme", BP, 8, "18.91"), *HUNTRESS_CLIENTS_V],
        [("Acme", TEXT, 29, "6.46"), ("Acme", BP, 8, "24.69"), *HUNTRESS_CLIENTS_P],
    )
    # One statement at Acme: the quantity gap a "yes" implies, pending the one question
    # (before: "Huntress billed, not bought" 29 beside "SentinelOne bought, not billed" 25).
    assert [g for g in _gaps(result) if g[0] == "Acme"] == [
        ("Acme", GapKind.QUANTITY_MISMATCH, S1, Decimal(25), Decimal(29), True)
    ]
    (question,) = result.questions
    assert question.psa_product == TEXT
    assert question.candidates[0].vendor_product == S1
    assert question.money_at_stake == Decimal("98.25")
    assert question.seats == Decimal(29)


def test_a_guess_beside_its_own_makers_product_elsewhere_stands_as_read() -> None:
    # Bolt buys Huntress and bills it under the same text: the guess is upheld there, so the
    # text is not asked about SentinelOne at Acme (both statements stand, as before).
    result = _run(
        [("Acme", S1, 25, "3.93"), ("Bolt", HUNTRESS, 12, "3.37")],
        [("Acme", TEXT, 29, "6.46"), ("Bolt", TEXT, 12, "4.50")],
    )
    assert [q.psa_product for q in result.questions] == []
    kinds = {(c, k) for c, k, *_ in _gaps(result)}
    assert ("Acme", GapKind.MISSING_IN_PSA) in kinds
