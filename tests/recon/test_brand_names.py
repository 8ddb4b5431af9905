"""A vendor product whose brand is its name ("DNSFilter Pro": only a tier word is left
without the brand) is compared with a PSA text spelling that name apart ("DNS Filtering")
whole, brand and all. Before, the text was compared with "Pro" alone, scored 13, and at a
crowded client the seats could not tell the DNSFilter line from another of the same seats:
"missing in PSA" beside an unmapped text. Each test fails when the rule is removed.
"""

from __future__ import annotations

from recon.catalog import load_catalog
from recon.catalog.text import compare_names
from recon.engine import reconcile
from recon.match.product_evidence import ALIKE
from recon.model import GapKind, Side
from tests.recon.conftest import make_lines

DNS = "DNSFilter Pro"


def test_a_text_spelling_the_brand_apart_is_alike_the_brand_named_product() -> None:
    brands = load_catalog().brands()
    assert compare_names("DNS Filtering", DNS, brands).score >= ALIKE
    # Other words entirely stay unlike: the brand's letters are what is compared.
    assert compare_names("Password Management", "Keeper Business", brands).score < ALIKE


def test_beside_another_line_of_the_same_seats_the_name_settles_the_client() -> None:
    vendor, psa = [], []
    for i in range(6):
        client = f"Client {i:02}"
        vendor.append((client, "Microsoft 365 Business Premium", 10 + i, "22"))
        psa.append((client, "M365 Business Premium", 10 + i, "26"))
    # Client 03 buys 9 DNSFilter seats and 9 Planner seats; the PSA bills "DNS Filtering" 9 and
    # no Planner (a real gap).
    vendor += [("Client 03", DNS, 9, "1.28"), ("Client 03", "Planner Plan 1", 9, "5.00")]
    psa.append(("Client 03", "DNS Filtering", 9, "1.72"))
    result = reconcile(make_lines(Side.VENDOR, vendor), make_lines(Side.PSA, psa))
    shown = {(g.product, g.kind) for g in result.gaps}
    assert (DNS, GapKind.MISSING_IN_PSA) not in shown
    assert ("Planner Plan 1", GapKind.MISSING_IN_PSA) in shown
