"""A client held in review whose candidate bills a vendor line's product under a text read as
another maker's product of its kind ("Managed EDR" 14, read as Huntress with the brand left
out, beside SentinelOne Singularity Control 13): one line read two ways, not "bought, not
billed whichever way the review is answered", even where the MSP's own service ("Managed
Workstation") resembles the guessed product (recon.engine.pending_review.may_be_one_line)."""

from __future__ import annotations

from recon.engine import reconcile
from recon.model import Side
from tests.recon.conftest import make_lines

S1 = "SentinelOne Singularity Control"
EDR = "Huntress Managed EDR"
VENDOR_NAME = "Keystone Point Rotary Club"
PSA_NAME = "Keystone Pt Rotary Club"


def test_a_guessed_line_beside_a_vendor_line_of_its_kind_is_its_other_half() -> None:
    vendor = make_lines(
        Side.VENDOR,
        [
            (VENDOR_NAME, S1, 13, "3.53"),
            ("Bolt Dental", EDR, 7, "3.37"),
            ("Harbor Legal", "Microsoft 365 Business Premium", 5, "20.00"),
        ],
    )
    psa = make_lines(
        Side.PSA,
        [
            (PSA_NAME, "Managed EDR", 14, "5.24"),
            (PSA_NAME, "Managed Workstation", 7, "49.50"),
            ("Bolt Dental", "Managed EDR", 7, "5.24"),
            ("Harbor Legal", "Microsoft 365 Business Premium", 5, "25.00"),
        ],
    )
    result = reconcile(vendor, psa)
    assert [g for g in result.gaps if g.vendor_client == VENDOR_NAME] == []
    # The review stays: one question, with the money at stake, not a gap.
    assert [r.vendor_client for r in result.review] == [VENDOR_NAME]
