"""A vendor line at a client in review, beside a candidate billing only the MSP's service.

"Kim Capital Partners" buys 4 Microsoft Intune Plan 1; the PSA's "Kim Capital", its one
candidate, bills only "Managed Services - Per User" (the MSP's own service). Whichever way
the review is answered the 4 Intune seats are billed nowhere (:mod:`recon.engine.either_way`).
The service text's unmapped entry lists the nearest vendor names as candidates (Intune among
them); those are not readings of it, so they hide no vendor line
(:func:`recon.engine.pending_review.loose_texts`).
"""

from __future__ import annotations

from decimal import Decimal

from recon.engine import reconcile
from recon.model import GapKind, Side
from tests.recon.conftest import make_lines

INTUNE = "Microsoft Intune Plan 1"
VENDOR_NAME = "Kim Capital Partners"
PSA_NAME = "Kim Capital"

_OTHERS = [
    ("Eagle Vista Library", 12),
    ("Barrett Financial", 7),
    ("Mosley Dental", 9),
]


def _run():
    vendor = [(name, INTUNE, seats, "6.74") for name, seats in _OTHERS]
    psa = [(name, "Endpoint Manager (Intune) - M2M", seats, "9.45") for name, seats in _OTHERS]
    psa += [(name, "Managed Services - Per User", seats * 2, "95.00") for name, seats in _OTHERS]
    # A matched client billing the service beside an unbilled Intune at its seats: the
    # service text's unmapped entry lists Intune as a candidate.
    vendor.append(("Fox Hill Farm", INTUNE, 6, "6.74"))
    psa.append(("Fox Hill Farm", "Managed Services - Per User", 6, "95.00"))
    vendor.append((VENDOR_NAME, INTUNE, 4, "6.74"))
    psa += [
        (PSA_NAME, "Managed Services - Per User", 35, "95.00"),
        (PSA_NAME, "Managed Services - Per User", 22, "95.00"),
    ]
    return reconcile(make_lines(Side.VENDOR, vendor), make_lines(Side.PSA, psa))


def test_a_service_texts_nearest_names_hide_no_vendor_line_in_review() -> None:
    result = _run()
    (service,) = result.unmapped
    assert [c.vendor_product for c in service.candidates] == [INTUNE]
    assert [r.vendor_client for r in result.review] == [VENDOR_NAME]
    (gap,) = [g for g in result.gaps if g.vendor_client == VENDOR_NAME]
    assert (gap.kind, gap.product, gap.vendor_qty) == (
        GapKind.MISSING_IN_PSA,
        INTUNE,
        Decimal(4),
    )
    assert gap.rests_on is not None and VENDOR_NAME in gap.rests_on
