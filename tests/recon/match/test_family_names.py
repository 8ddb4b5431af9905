"""A PSA text naming a product family without an edition ("Microsoft 365 Plan").

An MSP may bill Microsoft 365 Business Standard at some clients and Business Premium at
others under one text. That text is alike to every edition of the family the vendor sells,
so each edition is a candidate and the seats decide per client. Each test fails when the
family rule in :mod:`recon.catalog.text` is removed.
"""

from __future__ import annotations

import pytest

from recon.catalog import TierRelation, load_catalog
from recon.catalog.text import FAMILY, compare_names, rank_products
from recon.engine import reconcile
from recon.model import GapKind, Side
from tests.recon.conftest import make_lines

PREMIUM = "Microsoft 365 Business Premium"
STANDARD = "Microsoft 365 Business Standard"
BASIC = "Microsoft 365 Business Basic"
TEXT = "Microsoft 365 Plan"


@pytest.mark.parametrize("text", [TEXT, "Microsoft 365 License", "M365 Suite"])
def test_a_family_text_has_every_edition_as_a_candidate(text: str) -> None:
    vendor = {"bp": PREMIUM, "bs": STANDARD, "e5s": "Microsoft 365 E5 Security"}
    found = rank_products({"p": text}, vendor, brands=load_catalog().brands())
    scores = {c.vendor_key: c.match for c in found["p"]}
    for key in ("bp", "bs"):
        assert scores[key].score == FAMILY
        assert scores[key].relation is TierRelation.PARTIAL
        assert "names the family" in scores[key].how
    # An add-on left out ("Security") names another product, not an unnamed edition.
    assert "e5s" not in scores or scores["e5s"].score < FAMILY


@pytest.mark.parametrize(
    "text",
    [
        "Microsoft 365 Support",  # a service about the family, not an edition of it
        "Business",  # an edition word alone names no family
    ],
)
def test_a_service_or_bare_edition_word_is_not_read_as_an_edition(text: str) -> None:
    found = compare_names(text, PREMIUM, load_catalog().brands())
    assert "names the family" not in found.how
    assert found.score < FAMILY


def test_a_family_text_never_pairs_on_text_alone() -> None:
    # The family rule makes editions candidates; only the seats may choose one.
    assert compare_names(TEXT, PREMIUM).score < 90.0


def _clients(count: int, offset: int, product: str) -> tuple[list, list]:
    vendor, psa = [], []
    for i in range(offset, offset + count):
        client = f"Client {i:03}"
        seats = 4 + i % 13
        vendor.append((client, product, seats, "22"))
        psa.append((client, TEXT, seats, "26"))
    return vendor, psa


def _others() -> tuple[list, list]:
    # Elsewhere the vendor sells the other editions, billed under their own names.
    vendor = [("Other A", STANDARD, 6, "12"), ("Other B", BASIC, 5, "6")]
    psa = [("Other A", STANDARD, 6, "14"), ("Other B", BASIC, 5, "7")]
    return vendor, psa


def test_a_family_text_beside_only_one_edition_still_pairs() -> None:
    v1, p1 = _clients(6, 0, PREMIUM)
    v2, p2 = _others()
    result = reconcile(make_lines(Side.VENDOR, v1 + v2), make_lines(Side.PSA, p1 + p2))
    assert result.gaps == ()
    assert result.unmapped == () and result.questions == ()


def test_a_family_text_billing_two_editions_is_compared_per_client() -> None:
    # Standard at 12 of 52 clients: too few for the seats alone, enough with a name alike.
    v1, p1 = _clients(40, 0, PREMIUM)
    v2, p2 = _clients(12, 40, STANDARD)
    result = reconcile(make_lines(Side.VENDOR, v1 + v2), make_lines(Side.PSA, p1 + p2))
    # No client shows "missing in PSA" of Standard beside "missing in vendor" of the text.
    assert not any(g.kind is GapKind.MISSING_IN_PSA for g in result.gaps)
    assert not any(g.kind is GapKind.MISSING_IN_VENDOR for g in result.gaps)
    assert result.gaps == ()
