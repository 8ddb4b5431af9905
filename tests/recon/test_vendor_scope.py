"""Which PSA products a vendor file is the source of: decided by maker.

A product the catalogue names exactly, billed in the PSA but sold by the vendor file at no
client, is ``missing_in_vendor`` when the file sells other products of its maker, and stays
unmapped when the file sells nothing of that maker (it is bought elsewhere). Each test fails
when its rule is removed.
"""

from __future__ import annotations

from decimal import Decimal

from recon.model import GapKind
from recon.report import render_table, result_to_dict
from tests.recon.conftest import reconcile_rows as run

CORE = "SentinelOne Singularity Core"
CONTROL = "SentinelOne Singularity Control"
HUNTRESS = "Huntress Managed EDR"


def _exports() -> tuple[list, list]:
    """Six clients buy and bill SentinelOne Core; nothing else agrees or disagrees."""
    vendor, psa = [], []
    for i in range(6):
        client = f"Client {i:02}"
        vendor.append((client, CORE, 5 + i, "4.00"))
        psa.append((client, CORE, 5 + i, "6.00"))
    return vendor, psa


def test_a_product_of_a_maker_the_file_sells_is_billed_but_not_bought() -> None:
    vendor, psa = _exports()
    # The MSP bills SentinelOne Control to one client; the distributor sells it to none.
    psa.append(("Client 02", CONTROL, 7, "8.00"))
    result = run(vendor, psa)

    (gap,) = result.gaps
    assert (gap.client, gap.product, gap.kind, gap.seat_delta) == (
        "Client 02",
        CONTROL,
        GapKind.MISSING_IN_VENDOR,
        Decimal(-7),
    )
    assert not result.unmapped


def test_a_maker_the_file_never_sells_stays_out_of_scope() -> None:
    vendor, psa = _exports()
    # Huntress is bought from another distributor: this file says nothing about it.
    psa.append(("Client 02", HUNTRESS, 7, "8.00"))
    result = run(vendor, psa)

    assert not result.gaps
    assert [u.psa_product for u in result.unmapped] == [HUNTRESS]


def test_a_name_of_the_msps_own_is_not_brought_into_scope() -> None:
    vendor, psa = _exports()
    # Not a catalogue name: it may be a product the file sells under another name.
    psa.append(("Client 02", "SentinelOne Add-on Pack", 7, "8.00"))
    result = run(vendor, psa)

    assert not [g for g in result.gaps if g.kind is GapKind.MISSING_IN_VENDOR]


def test_a_low_code_plan_billed_to_a_client_the_vendor_file_lacks_is_a_ghost() -> None:
    # Power Automate / Power Apps per-user plans are Microsoft CSP licences like any other:
    # a PSA-only client still billed for one, where the file sells Microsoft, is billed but
    # not bought (a refund risk), not an unknown product.
    vendor, psa = [], []
    for i in range(6):
        client = f"Client {i:02}"
        vendor.append((client, "Microsoft 365 Business Basic", 5 + i, "6.00"))
        psa.append((client, "Microsoft 365 Business Basic", 5 + i, "7.20"))
    psa.append(("Gone Client", "Power Automate Premium", 9, "18.00"))
    psa.append(("Gone Client", "Licensing: Power Apps per user", 4, "24.00"))
    result = run(vendor, psa)

    assert sorted((g.client, g.product, g.kind) for g in result.gaps) == [
        ("Gone Client", "Power Apps Premium", GapKind.MISSING_IN_VENDOR),
        ("Gone Client", "Power Automate Premium", GapKind.MISSING_IN_VENDOR),
    ]
    assert not result.unmapped


def test_a_maker_the_file_never_sells_is_said_once_not_left_unsaid() -> None:
    vendor, psa = _exports()
    psa.append(("Client 02", HUNTRESS, 7, "8.00"))
    psa.append(("Client 04", HUNTRESS, 3, "8.00"))
    psa.append(("Client 04", "Backup Monitoring", 3, "5.00"))
    result = run(vendor, psa)

    notes = {u.psa_product: u.note for u in result.unmapped}
    assert notes == {
        HUNTRESS: "the vendor file sells nothing of Huntress: bought elsewhere, not compared",
        # The MSP's own service: the run cannot say where it comes from, so says nothing.
        "Backup Monitoring": "",
    }
    listed = {u["psa_product"]: u.get("note") for u in result_to_dict(result)["unmapped"]}
    assert listed == {HUNTRESS: notes[HUNTRESS], "Backup Monitoring": None}
    assert f"/mo billed; {notes[HUNTRESS]}" in render_table(result)
