"""A vendor name the catalogue does not know ("Avanan Email Security - Advanced") beside a PSA
text it reads as a product ("Avanan": Check Point Harmony Email & Collaboration, whose other
names hold "Avanan Email Security") is compared with that product's other names too, as a PSA
text is with a catalogued vendor product's. Before, "Avanan" scored 36 against the vendor
name and the run said "missing in PSA" beside a line "bought elsewhere". Each test fails when
the rule is removed.
"""

from __future__ import annotations

from recon.catalog import load_catalog
from recon.catalog.text import compare_product
from recon.engine import reconcile
from recon.match.product_evidence import ALIKE
from recon.model import GapKind, Side
from tests.recon.conftest import make_lines

AVANAN = "Avanan Email Security - Advanced"
HARMONY = "Check Point Harmony Email & Collaboration"


def test_an_uncatalogued_vendor_name_meets_the_psa_products_other_names() -> None:
    found = compare_product(HARMONY, "name:avanan", AVANAN, load_catalog().brands())
    assert found.score >= ALIKE
    assert "Avanan Email Security" in found.how


def test_the_psa_line_and_the_vendor_line_are_one_question_not_two_statements() -> None:
    vendor, psa = [], []
    for i in range(6):
        client = f"Client {i:02}"
        vendor.append((client, "Microsoft 365 Business Premium", 10 + i, "22"))
        psa.append((client, "M365 Business Premium", 10 + i, "26"))
    # Client 02 buys 2 Avanan seats and 2 Teams Phone seats; the PSA bills "Avanan" 2 and no
    # Teams Phone (a real gap).
    vendor += [
        ("Client 02", AVANAN, 2, "2.93"),
        ("Client 02", "Microsoft Teams Phone Standard", 2, "8"),
    ]
    psa.append(("Client 02", "Avanan", 2, "3.94"))
    result = reconcile(make_lines(Side.VENDOR, vendor), make_lines(Side.PSA, psa))
    shown = {(g.product, g.kind) for g in result.gaps}
    assert (AVANAN, GapKind.MISSING_IN_PSA) not in shown
    assert ("Microsoft Teams Phone Standard", GapKind.MISSING_IN_PSA) in shown
