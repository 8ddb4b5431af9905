"""A PSA text that names its maker, read by that maker; a maker seen only on set-aside
vendor lines, sold by the file all the same. Each test fails when its guard in
:mod:`recon.engine.unread_lines` or :mod:`recon.engine.set_aside` is removed.
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pandas as pd

from recon.engine import reconcile
from recon.model import QTY_SCALE, Charge, ExtraCol, GapKind, LineSet, Side
from tests.recon.conftest import gap_sides, make_costed_lines, make_lines, reconcile_beside_premium

SOPHOS = "Sophos Intercept X Advanced"
BITDEFENDER = "Bitdefender GravityZone Business Security"
BARRACUDA = "Barracuda Email Protection Advanced"
IRONSCALES = "IRONSCALES Email Security"
CORE = "SentinelOne Singularity Core"


def test_a_text_naming_its_maker_is_not_another_makers_product_by_its_kind() -> None:
    # Acme buys two antivirus products, 5 seats each. "Sophos AV" names Sophos and its kind;
    # "Antivirus" only the kind. Sophos's text is Sophos's, which leaves Bitdefender the one
    # antivirus with seats unbilled: both read, no false "missing in PSA" on Bitdefender.
    result = reconcile_beside_premium(
        [("Acme", SOPHOS, 5, "2.70"), ("Acme", BITDEFENDER, 5, "1.90")],
        [
            ("Acme", "Sophos AV (Annual)", 5, "3.60", "2.70"),
            ("Acme", "Antivirus", 5, "2.90", "1.90"),
        ],
    )
    assert gap_sides(result) == []
    assert [u.psa_product for u in result.unmapped] == []


def test_a_text_naming_one_maker_is_never_read_as_the_other_makers_product() -> None:
    # Acme buys Bitdefender, 5 seats, from this distributor, and Sophos elsewhere; the PSA
    # bills "Sophos AV" 5 there. Same kind, same seats, other maker: not read as Bitdefender
    # (which would hide the Bitdefender seats nobody bills).
    result = reconcile_beside_premium(
        [("Acme", BITDEFENDER, 5, "1.90")],
        [("Acme", "Sophos AV", 5, "3.60", "2.70")],
    )
    assert ("Acme", BITDEFENDER, None, GapKind.MISSING_IN_PSA) in gap_sides(result)


def test_a_kind_text_beside_two_products_with_seats_unbilled_is_read_as_neither() -> None:
    # Nothing else at Acme bills either antivirus: "Antivirus" may be either of them.
    result = reconcile_beside_premium(
        [("Acme", SOPHOS, 5, "2.70"), ("Acme", BITDEFENDER, 5, "1.90")],
        [("Acme", "Antivirus", 5, "2.90", "1.90")],
    )
    billed = {g.vendor_product for g in result.gaps if g.kind is GapKind.MISSING_IN_PSA}
    assert billed == {SOPHOS, BITDEFENDER}


def test_a_text_naming_the_one_product_of_its_maker_at_the_client_is_read_as_it() -> None:
    # Barracuda renamed Essentials to Email Protection; the PSA kept the old name. The only
    # Barracuda product at Acme, on exactly its seats: read as it, no gap on either half.
    result = reconcile_beside_premium(
        [("Acme", BARRACUDA, 68, "2.95")],
        [("Acme", "Barracuda Essentials Advanced", 68, "3.90", "2.91")],
    )
    assert gap_sides(result) == []


def test_a_maker_text_is_read_only_on_exact_seats() -> None:
    result = reconcile_beside_premium(
        [("Acme", BARRACUDA, 68, "2.95")],
        [("Acme", "Barracuda Essentials Advanced", 60, "3.90", "2.91")],
    )
    assert ("Acme", BARRACUDA, None, GapKind.MISSING_IN_PSA) in gap_sides(result)


def _with_credit(lines: LineSet, client: str, product: str, seats: int) -> LineSet:
    """The vendor lines with a cancellation credit (a proration of minus ``seats``)."""
    extras = pd.DataFrame(
        {
            ExtraCol.ROW: [99],
            ExtraCol.CLIENT: [client],
            ExtraCol.PRODUCT: [product],
            ExtraCol.SKU: [""],
            ExtraCol.CHARGE: [Charge.PRORATION.value],
            ExtraCol.QTY: [-seats * QTY_SCALE],
            ExtraCol.AMOUNT: pd.array([-8_000_000], dtype="Int64"),
            ExtraCol.CURRENCY: ["USD"],
        }
    )
    return dataclasses.replace(lines, extras=extras)


def _core_everywhere() -> tuple[list, list]:
    vendor, psa = [], []
    for i in range(6):
        client = f"Client {i:02}"
        vendor.append((client, CORE, 5 + i, "4.00"))
        psa.append((client, CORE, 5 + i, "6.00", "4.00"))
    return vendor, psa


def test_a_maker_seen_only_on_a_credit_line_is_sold_by_the_file() -> None:
    # The distributor credited Client 02 for 8 cancelled IRONSCALES seats; the PSA still
    # bills them. This file is where the MSP buys IRONSCALES: billed, not bought.
    vendor_rows, psa_rows = _core_everywhere()
    vendor = _with_credit(make_lines(Side.VENDOR, vendor_rows), "Client 02", IRONSCALES, 8)
    psa_rows.append(("Client 02", IRONSCALES, 8, "4.90", "2.80"))
    psa = make_costed_lines(Side.PSA, psa_rows)
    result = reconcile(vendor, psa)

    (gap,) = result.gaps
    assert (gap.client, gap.psa_product, gap.kind, gap.seat_delta) == (
        "Client 02",
        IRONSCALES,
        GapKind.MISSING_IN_VENDOR,
        Decimal(-8),
    )
    assert not result.unmapped


def test_a_maker_the_file_shows_on_no_line_at_all_stays_bought_elsewhere() -> None:
    vendor_rows, psa_rows = _core_everywhere()
    vendor = _with_credit(make_lines(Side.VENDOR, vendor_rows), "Client 02", CORE, 1)
    psa_rows.append(("Client 02", IRONSCALES, 8, "4.90", "2.80"))
    result = reconcile(vendor, make_costed_lines(Side.PSA, psa_rows))

    assert not result.gaps
    (unmapped,) = result.unmapped
    assert "sells nothing of IRONSCALES" in unmapped.note
