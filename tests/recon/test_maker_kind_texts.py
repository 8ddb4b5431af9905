"""A PSA text that is only a maker's name and a kind ("Webroot AV (Annual)") reads as that
maker's one catalogued product of that kind (:data:`recon.catalog.text.MAKER_KIND`): "AV" is
antivirus (NIST SP 800-83r1, the ``kinds.csv`` phrases) and Webroot sells one endpoint
product. Before, no vendor product shared a word with it, so it was a question at best and,
at a client waiting in review, an unmapped text beside a false "missing in PSA". A maker with
several products of the kind is left to the seats. Invoice CSV in, Autotask contracts in,
gaps out; each test fails when its guard is removed."""

from __future__ import annotations

from pathlib import Path

from tests.recon.cli_run import pax8_item
from tests.recon.test_cancel_credits import PREMIUM, _run

WEBROOT = "Webroot Business Endpoint Protection"


def _world(
    maker_product: str, text: str
) -> tuple[list[list[str]], list[tuple[str, str, int, str, str]]]:
    """Acme buys 57 seats of ``maker_product`` and Premium; the PSA bills the 57 seats on two
    lines of ``text``; Bolt buys Premium only."""
    vendor = [
        pax8_item("subscription", "Acme", maker_product, 57, "2.22"),
        pax8_item("subscription", "Acme", PREMIUM, 10, "22.00"),
        pax8_item("subscription", "Bolt", PREMIUM, 5, "22.00"),
    ]
    psa = [
        ("Acme", text, 8, "3.13", "2.14"),
        ("Acme", text, 49, "3.13", "2.21"),
        ("Acme", PREMIUM, 10, "26.00", "22.00"),
        ("Bolt", PREMIUM, 5, "26.00", "22.00"),
    ]
    return vendor, psa


def test_a_maker_and_its_kind_reads_as_the_makers_one_product_of_it(tmp_path: Path) -> None:
    report = _run(tmp_path, *_world(WEBROOT, "Webroot AV (Annual)"))
    assert report["gaps"] == []
    assert report["questions"] == []
    assert report["unmapped"] == []


def test_a_maker_with_several_products_of_the_kind_is_left_to_the_seats(
    tmp_path: Path,
) -> None:
    # Sophos sells three endpoint products: "Sophos AV" says which maker, not which product.
    report = _run(tmp_path, *_world("Sophos Intercept X Advanced", "Sophos AV"))
    assert [q["psa_product"] for q in report["questions"]] == ["Sophos AV"]


def test_a_maker_and_another_kind_is_not_that_product(tmp_path: Path) -> None:
    # "Webroot DNS" is Webroot's DNS protection, which Acme does not buy: billed, not bought,
    # beside the endpoint seats nothing bills, never read as the endpoint product.
    report = _run(tmp_path, *_world(WEBROOT, "Webroot DNS"))
    assert sorted((g["kind"], g["vendor_product"], g["psa_product"]) for g in report["gaps"]) == [
        ("missing_in_psa", WEBROOT, None),
        ("missing_in_vendor", None, "Webroot DNS"),
    ]
