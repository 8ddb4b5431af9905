"""A PSA description no rule reads, billed under the Product ID of descriptions the catalogue
reads as one product, is that product (recon.engine.item_codes)."""

from __future__ import annotations

from recon.engine import reconcile
from recon.model import GapKind, Side
from tests.recon.conftest import make_lines

PHONE = "Microsoft Teams Phone Standard"
STANDARD = "Microsoft 365 Business Standard"


def _vendor() -> list[tuple[str, str, int, str]]:
    return [
        ("Aspen Prairie Senior Living", PHONE, 14, "8.77"),
        ("Aspen Prairie Senior Living", STANDARD, 9, "10.30"),
        ("Aspen Prairie Senior Living", "Microsoft 365 Business Premium", 12, "22.05"),
    ]


def _psa(*rows: tuple[str, int, str]) -> list[tuple[str, str, int, str, str]]:
    return [
        *(
            ("Aspen Prairie Senior Living", text, seats, "14.34", code)
            for text, seats, code in rows
        ),
        ("Aspen Prairie Senior Living", "MS 365 Business Premium", 12, "28.00", "M365BP-NCE"),
    ]


def test_a_description_under_a_read_descriptions_item_code_is_its_product() -> None:
    # Before: "Phone System" 9 read by its seats as the unbilled Business Standard 9, so Teams
    # Phone "14 bought, 5 billed" and Business Standard's real 9 unbilled seats hidden.
    vendor = make_lines(Side.VENDOR, _vendor())
    psa = make_lines(Side.PSA, _psa(("Phone System", 9, "MTPS"), (PHONE, 5, "MTPS")))
    result = reconcile(vendor, psa)
    assert [(g.kind, g.vendor_product, g.seat_delta) for g in result.gaps] == [
        (GapKind.MISSING_IN_PSA, STANDARD, 9)
    ]


def test_a_code_two_products_share_reads_nothing() -> None:
    # "LIC" is the MSP's code for every licence: it says nothing of "Phone System".
    vendor = make_lines(Side.VENDOR, _vendor())
    psa = make_lines(
        Side.PSA,
        _psa(("Phone System", 9, "LIC"), (PHONE, 5, "LIC"), ("Office 365 E3", 2, "LIC")),
    )
    result = reconcile(vendor, psa)
    assert not [g for g in result.gaps if g.psa_product == "Phone System" and not g.rests_on]
    assert ("Office 365 E3", GapKind.MISSING_IN_VENDOR) in {
        (g.psa_product, g.kind) for g in result.gaps
    }


def test_an_edition_the_code_contradicts_is_never_read_as_the_codes_product() -> None:
    # "Phone System Premium" under the Standard's code names another edition: the code may
    # be the line's, the words say which edition. It stays unread, never summed into the
    # Standard's seats ("14 bought, 9 billed" silently).
    vendor = make_lines(Side.VENDOR, _vendor())
    psa = make_lines(Side.PSA, _psa(("Phone System Premium", 4, "MTPS"), (PHONE, 5, "MTPS")))
    result = reconcile(vendor, psa)
    assert [u.psa_product for u in result.unmapped] == ["Phone System Premium"]
    assert [(g.vendor_product, g.seat_delta) for g in result.gaps if g.vendor_product == PHONE] == [
        (PHONE, 9)
    ]


def test_the_msps_own_service_under_the_code_keeps_its_own_name() -> None:
    # "Phone System Support" says it is the MSP's service about the product: never read as
    # the licence, so Teams Phone stays "14 bought, 5 billed".
    vendor = make_lines(Side.VENDOR, _vendor())
    psa = make_lines(Side.PSA, _psa(("Phone System Support", 9, "MTPS"), (PHONE, 5, "MTPS")))
    result = reconcile(vendor, psa)
    assert [(g.vendor_product, g.seat_delta) for g in result.gaps if g.vendor_product == PHONE] == [
        (PHONE, 9)
    ]


def test_a_code_kept_for_a_lines_editions_leaves_an_editionless_text_to_the_seats() -> None:
    # "SENT-SSC" bills SentinelOne Complete at Acme and "Sentinel One EDR" at Bay Woods, which
    # buys Control (56): the code names the line, not the edition, so the text is not read as
    # Complete ("Complete billed, not bought" beside "Control bought, not billed"); the seats
    # pair it with Control, and the real gap shows (57 billed, 56 bought).
    complete, control = "SentinelOne Singularity Complete", "SentinelOne Singularity Control"
    vendor = make_lines(
        Side.VENDOR,
        [
            ("Acme Dental", complete, 12, "6.10"),
            ("Bay Woods Brewing", control, 56, "4.08"),
            ("Cole Farms", control, 9, "4.08"),
            ("Dune Realty", control, 14, "4.08"),
        ],
    )
    psa = make_lines(
        Side.PSA,
        [
            ("Acme Dental", complete, 12, "7.90", "SENT-SSC"),
            ("Bay Woods Brewing", "Sentinel One EDR", 57, "5.18", "SENT-SSC"),
            ("Cole Farms", "Sentinel One EDR", 9, "5.18", "SENT-SSC"),
            ("Dune Realty", "Sentinel One EDR", 14, "5.18", "SENT-SSC"),
        ],
    )
    result = reconcile(vendor, psa)
    assert [(g.kind, g.vendor_product, g.seat_delta) for g in result.gaps] == [
        (GapKind.QUANTITY_MISMATCH, control, -1)
    ]
