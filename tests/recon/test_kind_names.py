"""A PSA text that names only what the product is ("M365 Backup" for Datto SaaS Protection).

PSA catalogues often bill a product by its kind, not its name. Beside two unbilled vendor
lines with the same seats, the one of that kind is the text's likely product: one mapping
question, not "unmapped" plus two "missing in PSA". A text that says it is the MSP's own
service about the product ("Backup Monitoring") is not read as the product. Each test fails
when its rule is removed.
"""

from __future__ import annotations

from recon.engine import reconcile
from recon.match.product_evidence import names_kind
from recon.model import GapKind, Side
from tests.recon.conftest import make_lines

DATTO = "Datto SaaS Protection for Microsoft 365"
KEEPER = "Keeper Business"


def _run(text: str):
    vendor, psa = [], []
    for i in range(6):
        client = f"Client {i:02}"
        vendor.append((client, "Microsoft 365 Business Premium", 10 + i, "22"))
        psa.append((client, "M365 Business Premium", 10 + i, "26"))
    # Client 02 buys 4 backup seats and 4 password-manager seats; the PSA bills one text of 4.
    vendor += [("Client 02", DATTO, 4, "2.60"), ("Client 02", KEEPER, 4, "5.00")]
    psa.append(("Client 02", text, 4, "4.00"))
    return reconcile(make_lines(Side.VENDOR, vendor), make_lines(Side.PSA, psa))


def test_a_text_naming_the_products_kind_is_asked_about_that_product() -> None:
    result = _run("M365 Backup")
    (question,) = result.questions
    assert question.psa_product == "M365 Backup"
    assert question.candidates[0].vendor_product == "Datto SaaS Protection"
    # The password manager no line bills stays a real gap; the backup seats are the question.
    assert [(g.product, g.kind) for g in result.gaps] == [(KEEPER, GapKind.MISSING_IN_PSA)]


def test_a_service_about_the_product_is_not_read_as_its_kind() -> None:
    assert names_kind("Backup Monitoring", "cat:datto-saas-protection", DATTO) == ""
    assert names_kind("M365 Backup", "cat:datto-saas-protection", DATTO) == "Backup"


def test_a_kind_the_products_own_name_carries_adds_nothing() -> None:
    # "Email Security" and "IRONSCALES Email Security" are compared by their names already.
    assert (
        names_kind("Email Security", "cat:ironscales-email-security", "IRONSCALES Email Security")
        == ""
    )
    assert names_kind(
        "Email Security", "cat:proofpoint-essentials-business", "Proofpoint Essentials Business"
    ) == ("Email security")
