"""Billing ghosts: a licence billed at a client the vendor file does not have is reported
``missing_in_vendor`` even when no rule reads its text, as its own text (no catalogue
product invented). Each test fails when its guard in :mod:`recon.engine.ghosts` is removed.
"""

from __future__ import annotations

from decimal import Decimal

from recon.engine import reconcile
from recon.model import GapKind, Side
from tests.recon.conftest import make_costed_lines, make_lines

PREMIUM = "Microsoft 365 Business Premium"
GHOST = "Zeta Corp"


def _psa(rows: list[tuple[str, str, int, str, str | None]]):
    """PSA lines (client, text, seats, price, own unit cost or None)."""
    return make_costed_lines(Side.PSA, rows)


def _run(extra: list[tuple[str, str, int, str, str | None]], vendor_extra=()):
    vendor = make_lines(
        Side.VENDOR,
        [("Acme", PREMIUM, 10, "22.00"), ("Bolt", PREMIUM, 5, "22.00"), *vendor_extra],
    )
    psa = _psa(
        [("Acme", PREMIUM, 10, "26.00", "22.00"), ("Bolt", PREMIUM, 5, "26.00", "22.00"), *extra]
    )
    return reconcile(vendor, psa)


def _ghosts(result) -> list[tuple[str, str | None, str | None, GapKind, Decimal]]:
    return [(g.client, g.psa_product, g.vendor_product, g.kind, g.psa_qty) for g in result.gaps]


def test_an_unread_licence_at_a_psa_only_client_is_missing_in_vendor_as_its_own_text() -> None:
    result = _run([(GHOST, "Intercept X Advanced", 4, "6.00", "4.10")])
    assert _ghosts(result) == [
        (GHOST, "Intercept X Advanced", None, GapKind.MISSING_IN_VENDOR, Decimal(4))
    ]
    (gap,) = result.gaps
    assert gap.product == "Intercept X Advanced"  # no catalogue product invented
    assert "not read as a catalogue product" in gap.why
    assert "PSA 'Intercept X Advanced' (" in gap.why
    assert gap.confidence == 0.7
    assert gap.monthly_impact == Decimal("-24.00")
    assert result.unmapped == ()


def test_a_line_with_no_unit_cost_of_its_own_stays_unmapped() -> None:
    # Nothing says the MSP buys it: an MSP's own plan, billed at no cost, is no ghost.
    result = _run([(GHOST, "Intercept X Advanced", 4, "6.00", None)])
    assert result.gaps == ()
    assert [u.psa_product for u in result.unmapped] == ["Intercept X Advanced"]


def test_a_service_text_is_no_licence_even_with_a_cost() -> None:
    result = _run([(GHOST, "Cloud Backup Monitoring", 4, "6.00", "1.00")])
    assert result.gaps == ()
    assert [u.psa_product for u in result.unmapped] == ["Cloud Backup Monitoring"]


BITDEFENDER = "Bitdefender GravityZone Business Security"


def test_a_managed_licence_of_a_kind_the_file_sells_is_a_ghost() -> None:
    # "Managed" is a word makers put in product names (Huntress Managed EDR): with AV, the
    # kind of the file's Bitdefender (shown at no cost, as a cancelled line is), the text is a
    # licence resold managed, bought per seat.
    result = _run(
        [
            ("Bolt", BITDEFENDER, 3, "3.00", "1.84"),
            (GHOST, "Managed AV - Workstation", 3, "3.01", "2.90"),
        ],
        vendor_extra=[("Bolt", BITDEFENDER, 3, None)],
    )
    assert _ghosts(result) == [
        (GHOST, "Managed AV - Workstation", None, GapKind.MISSING_IN_VENDOR, Decimal(3))
    ]
    assert result.gaps[0].rests_on is None  # decided, no question pending


def test_a_managed_service_of_no_kind_the_file_sells_is_no_ghost() -> None:
    result = _run(
        [("Bolt", BITDEFENDER, 3, "3.00", "1.84"), (GHOST, "Managed Server", 3, "150.00", "20.00")],
        vendor_extra=[("Bolt", BITDEFENDER, 3, "1.84")],
    )
    assert result.gaps == ()


def test_a_text_billed_at_a_matched_client_is_not_a_ghost_elsewhere() -> None:
    # At Acme the seats were weighed and paired the text with nothing the vendor sells:
    # bought elsewhere, and so at the PSA-only client too.
    result = _run(
        [
            (GHOST, "Intercept X Advanced", 4, "6.00", "4.10"),
            ("Acme", "Intercept X Advanced", 7, "6.00", "4.10"),
        ]
    )
    assert result.gaps == ()
    assert [u.psa_product for u in result.unmapped] == ["Intercept X Advanced"]


def test_a_maker_the_file_never_sells_is_a_ghost_only_at_a_surely_offboarded_client() -> None:
    keeper = "Keeper Vault Seats"
    # Zeta buys only Keeper, which the file sells to no one: maybe bought elsewhere.
    alone = _run([(GHOST, keeper, 3, "7.00", "4.00")])
    assert alone.gaps == ()
    # Ypsilon also bills a licence the vendor sells elsewhere: it was the vendor's client,
    # so its Keeper line is a ghost too.
    beside = _run(
        [
            ("Ypsilon Ltd", keeper, 3, "7.00", "4.00"),
            ("Ypsilon Ltd", PREMIUM, 3, "26.00", "22.00"),
        ]
    )
    assert sorted(_ghosts(beside), key=str) == sorted(
        [
            ("Ypsilon Ltd", keeper, None, GapKind.MISSING_IN_VENDOR, Decimal(3)),
            ("Ypsilon Ltd", PREMIUM, None, GapKind.MISSING_IN_VENDOR, Decimal(3)),
        ],
        key=str,
    )
