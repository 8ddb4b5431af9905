"""A maker's name shortened to a few of its letters, in order, in capitals ("PP Essentials"
for Proofpoint Essentials) is read as that maker beside its product, where the name's other
words meet the product's own. Before, "PP Essentials" 13 beside an unbilled Proofpoint
Essentials Business of 9 scored 61: "missing in PSA" beside an unmapped text instead of one
question with the real quantity gap pending. Each test fails when the rule is removed.
"""

from __future__ import annotations

from recon.catalog import load_catalog
from recon.catalog.text import compare_names
from recon.engine import reconcile
from recon.match.product_evidence import ALIKE
from recon.model import GapKind, Side
from tests.recon.conftest import make_lines

PROOFPOINT = "Proofpoint Essentials Business"


def test_a_contraction_of_the_brand_reads_as_the_brand() -> None:
    brands = load_catalog().brands()
    found = compare_names("PP Essentials", PROOFPOINT, brands)
    assert found.score >= ALIKE
    assert "'PP' read as 'proofpoint'" in found.how


def test_a_contraction_with_no_other_word_of_the_product_reads_nothing() -> None:
    # "PT" holds Proofpoint's letters in order, but "Licenses" meets none of its words.
    brands = load_catalog().brands()
    found = compare_names("PT Licenses", PROOFPOINT, brands)
    assert found.score < ALIKE
    assert "read as" not in found.how


def test_the_contracted_text_is_one_question_with_the_real_gap_pending() -> None:
    vendor, psa = [], []
    for i in range(6):
        client = f"Client {i:02}"
        vendor.append((client, "Microsoft 365 Business Premium", 10 + i, "22"))
        psa.append((client, "M365 Business Premium", 10 + i, "26"))
    vendor.append(("Client 04", PROOFPOINT, 9, "2.48"))
    psa.append(("Client 04", "PP Essentials", 13, "4.10"))
    result = reconcile(make_lines(Side.VENDOR, vendor), make_lines(Side.PSA, psa))
    (gap,) = [g for g in result.gaps if g.client == "Client 04"]
    assert (gap.product, gap.kind) == (PROOFPOINT, GapKind.QUANTITY_MISMATCH)
    assert gap.rests_on
