"""A PSA text that is a kind's words and one maker's product with its brand left out ("Email
Security", IRONSCALES Email Security) is, at a client buying another maker's product of that
kind and none of the guessed one, that product (recon.engine.kind_guesses)."""

from __future__ import annotations

from recon.engine import reconcile
from recon.model import GapKind, Side
from tests.recon.conftest import make_lines

PROOFPOINT = "Proofpoint Essentials Business"
IRONSCALES = "IRONSCALES Email Security"


def _vendor(hardy: list[tuple[str, int]]) -> list[tuple[str, str, int, str]]:
    return [
        *(("Hardy Wealth Management", product, seats, "2.83") for product, seats in hardy),
        ("Hardy Wealth Management", "Microsoft 365 Business Basic", 1, "5.25"),
        ("Sunset Field Hardware", IRONSCALES, 25, "2.80"),
        ("Sunset Field Hardware", "Microsoft 365 Business Premium", 25, "18.70"),
    ]


def _psa(hardy: list[tuple[str, int]]) -> list[tuple[str, str, int, str]]:
    return [
        *(("Hardy Wealth Management", text, seats, "4.70") for text, seats in hardy),
        ("Hardy Wealth Management", "Microsoft 365 Business Basic", 1, "7.94"),
        ("Sunset Field Hardware", "Email Security", 25, "4.41"),
        ("Sunset Field Hardware", "Microsoft 365 Business Premium", 25, "25.18"),
    ]


def test_the_kind_text_is_the_one_product_of_its_kind_the_client_buys_at_its_seats() -> None:
    # Before: "IRONSCALES billed, not bought" beside "Proofpoint bought, not billed" at Hardy,
    # two false statements about one seat. Sunset Field, which buys IRONSCALES, keeps it.
    vendor = make_lines(Side.VENDOR, _vendor([(PROOFPOINT, 1)]))
    psa = make_lines(Side.PSA, _psa([("Email Security", 1)]))
    result = reconcile(vendor, psa)
    assert result.gaps == ()


def test_seats_that_differ_never_pair_the_kind_text_silently() -> None:
    # 1 billed beside 3 bought: the kind's words and the seats do not settle it, so the text
    # is never compared silently as Proofpoint ("2 short" would be a guess stated as fact).
    vendor = make_lines(Side.VENDOR, _vendor([(PROOFPOINT, 3)]))
    psa = make_lines(Side.PSA, _psa([("Email Security", 1)]))
    result = reconcile(vendor, psa)
    silent = [
        g
        for g in result.gaps
        if g.kind is GapKind.QUANTITY_MISMATCH and g.vendor_product == PROOFPOINT and not g.rests_on
    ]
    assert silent == []


def test_two_texts_of_the_kind_beside_one_seat_never_hide_the_seat_billed_twice() -> None:
    # "Spam Filtering" 1 names email security too, beside the one Proofpoint seat: one of the
    # two texts bills a seat nobody buys. Reading "Email Security" as Proofpoint as well
    # would hide it; which text is which is a choice the kind's words cannot make.
    vendor = make_lines(Side.VENDOR, _vendor([(PROOFPOINT, 1)]))
    psa = make_lines(Side.PSA, _psa([("Email Security", 1), ("Spam Filtering", 1)]))
    result = reconcile(vendor, psa)
    assert [(g.kind, g.psa_product, g.seat_delta) for g in result.gaps] == [
        (GapKind.MISSING_IN_VENDOR, "Email Security", -1)
    ]
