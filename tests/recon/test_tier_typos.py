"""A tier word typed with two letters swapped is still that tier word.

Without the rule a misspelt add-on word leaves the suite word alone to decide ("Office 365
Bacukp" against a "Microsoft 365 Backup": O365 against M365, a conflict no seats override),
and every client of the text shows a false "missing in PSA". Each test fails without it.
"""

from __future__ import annotations

from recon.catalog import TierRelation, tier_relation, tier_tokens
from recon.engine import reconcile
from recon.model import Side
from tests.recon.conftest import make_lines

BACKUP = "Dropsuite Microsoft 365 Backup"
TYPED = "Office 365 Bacukp /mo"


def test_a_swapped_tier_word_reads_as_the_word() -> None:
    assert "backup" in tier_tokens(TYPED)
    assert tier_relation(TYPED, BACKUP) is not TierRelation.CONFLICT
    # Short words and words no tier word is one swap from gain nothing.
    assert tier_tokens("Microsoft Entra ID P1") == {"p1"}  # "entra" is no slip of "entry"


def test_a_text_with_a_swapped_add_on_word_pairs_on_the_seats() -> None:
    vendor, psa = [], []
    for i in range(8):
        client = f"Client {i:02}"
        vendor.append((client, BACKUP, 5 + i, "2.00"))
        psa.append((client, TYPED, 5 + i, "3.00"))
    result = reconcile(make_lines(Side.VENDOR, vendor), make_lines(Side.PSA, psa))

    assert not result.gaps
    assert not result.questions
