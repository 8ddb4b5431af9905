"""A review item between a company and its department, the vendor's name a word shortened.

``recon.engine.review_short_forms``: the vendor sells to "Tucker Fncl Services LLC"; the MSP
bills "Tucker Financial Services LLC" and its department "Tucker Financial Services LLC Lab".
Summed, the two companies' seats are the customer's on every product, and the Lab's Visio
seats are the family's own gap: one family question, not a review hiding all of it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from recon.engine.review_short_forms import reads_short
from recon.model import FAMILY_WORDS
from tests.recon.cli_run import reconcile_json
from tests.recon.test_review_sites import BP, ENTRA, EXO, _family, _files

PARENT = "Tucker Financial Services LLC"
LAB = f"{PARENT} Lab"
#: Bought: 16 BP, 14 EXO, 15 Entra (test_review_sites.BOUGHT): the two companies sum to it.
COMPANIES = {PARENT: {BP: 13, EXO: 13, ENTRA: 13}, LAB: {BP: 3, EXO: 1, ENTRA: 2}}


def test_a_department_beside_a_company_the_vendor_names_with_a_word_shortened(
    tmp_path: Path,
) -> None:
    report = reconcile_json(_files(tmp_path, COMPANIES, customer="Tucker Fncl Services LLC"))
    (question,) = _family(report)
    assert set(question["psa_clients"]) == {PARENT, LAB}
    assert report["review"] == []
    assert all(g["rests_on"].startswith(FAMILY_WORDS) for g in report["gaps"])


@pytest.mark.parametrize(
    "customer",
    [
        # Initials stand for two words: the names say less than a shortened word.
        "TF Services LLC",
        # A word shortened and another mistyped: two readings stacked, not one name.
        "Tuckre Fncl Services LLC",
    ],
    ids=["initials", "a-typo-beside"],
)
def test_a_customer_name_that_is_more_than_words_shortened_keeps_the_review(
    tmp_path: Path, customer: str
) -> None:
    report = reconcile_json(_files(tmp_path, COMPANIES, customer=customer))
    assert _family(report) == []


def test_a_word_of_its_own_is_no_short_form() -> None:
    # "Advisors" for "Services" is another company's word, whatever else is shortened (the
    # run asks about such a name on its lines alone, recon.engine.family_unpaired).
    assert reads_short("Tucker Fncl Services LLC", PARENT)
    assert not reads_short("Tucker Fncl Advisors LLC", PARENT)
