"""A text naming its maker ("Microsoft 365 Backup (Datto)") is never asked about as a product
whose name lacks that maker, whatever the seats say.
"""

from __future__ import annotations

from decimal import Decimal

from recon.engine import reconcile
from recon.model import GapKind, Side
from tests.recon.conftest import make_lines

PREMIUM = "Microsoft 365 Business Premium"
DATTO = "Datto SaaS Protection for Microsoft 365"


def test_a_backup_text_naming_its_maker_is_not_asked_about_as_a_suite() -> None:
    # Mann buys Business Premium 35 (billed nowhere) and Datto 34, billed on two lines: 1 under
    # the Datto name and 33 as "Microsoft 365 Backup (Datto)". The seats alone asked whether
    # the backup text is Business Premium (35 beside 33), and Datto showed 34 against 1.
    vendor = make_lines(
        Side.VENDOR,
        [
            ("Mann", PREMIUM, 35, "19.89"),
            ("Mann", DATTO, 34, "2.52"),
            ("Acme", DATTO, 5, "2.52"),
            ("Acme", PREMIUM, 5, "19.89"),
        ],
    )
    psa = make_lines(
        Side.PSA,
        [
            ("Mann", "Microsoft 365 Backup (Datto)", 33, "4.28"),
            ("Mann", DATTO, 1, "4.28"),
            ("Acme", DATTO, 5, "4.00"),
            ("Acme", "M365 BP", 5, "26.00"),
        ],
    )
    result = reconcile(vendor, psa)
    asked = [(q.psa_product, q.candidates[0].vendor_product) for q in result.questions]
    assert asked == [("Microsoft 365 Backup (Datto)", "Datto SaaS Protection")]
    assert [(g.client, g.kind, g.product, g.vendor_qty) for g in result.gaps] == [
        ("Mann", GapKind.MISSING_IN_PSA, PREMIUM, Decimal(35))
    ]


def test_a_catalogued_text_is_still_asked_about_beside_its_former_makers_name() -> None:
    # "Harmony Email & Collaboration" is Check Point's in the catalogue; the vendor sells it as
    # "Avanan Email Security - Advanced" (the maker Check Point bought). Our catalogue name
    # is no maker the MSP wrote: the equal seats still ask one question, no gap.
    avanan = "Avanan Email Security - Advanced"
    vendor = make_lines(Side.VENDOR, [("Acme", avanan, 7, "2.94"), ("Bolt", PREMIUM, 4, "20")])
    psa = make_lines(
        Side.PSA,
        [("Acme", "Harmony Email & Collaboration", 7, "4.10"), ("Bolt", "M365 BP", 4, "26")],
    )
    result = reconcile(vendor, psa)
    assert [q.candidates[0].vendor_product for q in result.questions] == [avanan]
    assert result.gaps == ()
