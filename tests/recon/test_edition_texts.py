"""A PSA text that is only an edition ("Business Premium"), read in the context of what the
vendor file sells: one question whose "yes" gap shows now, pending; never a silent reading.
Each test fails when its rule is removed."""

from __future__ import annotations

from decimal import Decimal

import pytest

from recon.engine.edition_texts import edition_verdicts, edition_words
from recon.model import GapKind
from tests.recon.conftest import reconcile_rows as run

PREMIUM = "Microsoft 365 Business Premium"


def _exports() -> tuple[list, list]:
    """Six clients buy and bill Business Premium and Exchange Online under their full names."""
    vendor, psa = [], []
    for i in range(6):
        client = f"Client {i:02}"
        vendor.append((client, PREMIUM, 5 + i, "22.00"))
        psa.append((client, PREMIUM, 5 + i, "26.00"))
        vendor.append((client, "Exchange Online (Plan 1)", 2, "4.00"))
        psa.append((client, "Exchange Online (Plan 1)", 2, "5.00"))
    return vendor, psa


def test_an_edition_only_text_at_a_client_the_vendor_file_lacks_is_asked_with_its_ghost_gap() -> (
    None
):
    vendor, psa = _exports()
    # A client the vendor no longer sells to is still billed, under a short text.
    psa.append(("Gone Client", "Business Premium", 9, "26.00"))
    result = run(vendor, psa)

    (question,) = result.questions
    assert question.psa_product == "Business Premium"
    assert question.candidates[0].vendor_product == PREMIUM
    assert (question.clients, question.seats) == (1, Decimal(9))
    (gap,) = result.gaps
    assert (gap.client, gap.product, gap.kind, gap.seat_delta) == (
        "Gone Client",
        PREMIUM,
        GapKind.MISSING_IN_VENDOR,
        Decimal(-9),
    )
    assert gap.rests_on and gap.confidence <= 0.5
    assert not result.unmapped


def test_an_edition_two_sold_products_carry_names_nothing() -> None:
    vendor, psa = _exports()
    # The vendor also sells a product of its own with the same edition words.
    vendor.append(("Client 01", "Acme Business Premium Archive", 3, "2.00"))
    psa.append(("Client 01", "Acme Business Premium Archive", 3, "3.00"))
    psa.append(("Gone Client", "Business Premium", 9, "26.00"))
    result = run(vendor, psa)

    assert not result.questions
    assert not result.gaps
    assert [u.psa_product for u in result.unmapped] == ["Business Premium"]


def test_an_edition_billed_beside_the_product_it_would_be_is_the_msps_own_plan() -> None:
    vendor, psa = _exports()
    # Client 03 pays for the licence under its full name and for "Business Premium" too:
    # the short text is the MSP's own plan there, not the licence a second time.
    psa.append(("Client 03", "Business Premium", 8, "99.00"))
    psa.append(("Gone Client", "Business Premium", 9, "99.00"))
    result = run(vendor, psa)

    assert not result.questions
    assert not result.gaps


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("Business Basic License", {"business", "basic"}),
        ("SW - Business Standard", {"business", "standard"}),
        ("E3", {"e3"}),
        ("365 E3", {"e3"}),  # either suite: what the vendor sells tells which
        ("O365 E3", {"o365", "e3"}),  # the suite, when written, must fit too
        ("Premium", None),  # one edition word alone is how MSPs name their service tiers
        ("Premium Support", None),
        ("Server Backup", None),  # kind words, not editions: often the MSP's own service
    ],
)
def test_only_a_text_made_of_edition_words_is_read_as_an_edition(
    name: str, words: set[str] | None
) -> None:
    found = edition_words(name)
    assert (set(found) if found is not None else None) == words


@pytest.mark.parametrize(
    ("text", "sold", "asked"),
    [
        ("365 E3", ["Microsoft 365 E3", "Microsoft 365 Business Basic"], "Microsoft 365 E3"),
        ("365 E3", ["Microsoft 365 E3", "Office 365 E3"], None),  # either suite: ask nothing
        ("O365 E3", ["Microsoft 365 E3"], None),  # the written suite says it is not that one
    ],
)
def test_the_vendor_files_products_say_which_edition_a_text_is(
    text: str, sold: list[str], asked: str | None
) -> None:
    vendor_names = {f"v{i}": name for i, name in enumerate(sold)}
    found = edition_verdicts(["p"], {"p": text}, vendor_names)
    assert (vendor_names[found["p"].candidates[0].vendor_key] if found else None) == asked
