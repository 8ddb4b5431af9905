"""A product's name as the PSA splits or runs its words together, its plan left out ("One
Drive for Business" for Microsoft's "OneDrive for business (Plan 1)"), at a client buying none
of that product: billed, not bought (:mod:`recon.engine.unread_lines`,
:func:`recon.catalog.line_names.names_line_of`). Each test fails when its guard is removed."""

from __future__ import annotations

from decimal import Decimal

from recon.model import GapKind
from tests.recon.conftest import reconcile_beside_premium

ONEDRIVE = "OneDrive for business (Plan 1)"
SPLIT = "One Drive for Business"
DEFENDER = "Microsoft Defender for Business"


def test_a_line_name_written_in_split_words_at_a_client_buying_none_of_it_is_billed() -> None:
    # Bolt buys OneDrive Plan 1 and Defender for Business and bills them by their names
    # (the name alone fits both about as well: no question on it). Acme buys Premium, billed
    # in full, and no OneDrive, yet bills 3 seats of "One Drive for Business" at a cost of
    # $5.27: Microsoft writes the name as one word, and the line names OneDrive with its plan
    # left out, so it is billed and not bought, not a line no rule can say anything about.
    result = reconcile_beside_premium(
        [("Bolt", ONEDRIVE, 4, "4.53"), ("Bolt", DEFENDER, 4, "2.49")],
        [
            ("Bolt", ONEDRIVE, 4, "5.50", "4.53"),
            ("Bolt", DEFENDER, 4, "3.70", "2.49"),
            ("Acme", SPLIT, 3, "6.11", "5.27"),
        ],
    )
    assert [u.psa_product for u in result.unmapped] == []
    assert [(g.client, g.kind, g.psa_qty) for g in result.gaps if g.psa_product == SPLIT] == [
        ("Acme", GapKind.MISSING_IN_VENDOR, Decimal(3))
    ]
