"""The same letters spaced at other places are one name, read before a word run together
with a half cut short (issue 11, round twenty-nine).

"Royal PinesFlooring" and "ROYALPINES FLOORING" write the same letters, the spaces moved.
The run-together reading came first and took "ROYALPINES" for "Royal" and "PinesFlooring"
cut short, leaving "FLOORING" a whole word apart: at 60,000 clients the pair waited in review
as a possible near twin, its gaps pending. Nothing added or dropped is the strongest reading,
so it is tried first. A word the other name lacks still keeps two names apart.
"""

from __future__ import annotations

import pytest

from recon.match.names import DiffKind, diff_names
from recon.model import MatchMethod
from tests.recon.test_glued_legal_forms import _run


@pytest.mark.parametrize(
    ("vendor", "psa"),
    [("Royal PinesFlooring", "ROYALPINES FLOORING"), ("Royal OakFlooring", "ROYALOAK FLOORING")],
)
def test_the_same_letters_spaced_otherwise_are_one_client(vendor: str, psa: str) -> None:
    result = _run(vendor, psa)
    assert (vendor, psa) in {
        (m.vendor_client, m.psa_client) for m in result.matches if m.method is not MatchMethod.EXACT
    }
    assert result.review == ()


@pytest.mark.parametrize("psa", ["ROYALPINES FLOORING SUPPLY", "ROYALPINES ROOFING"])
def test_other_letters_stay_a_word_apart(psa: str) -> None:
    assert diff_names("Royal PinesFlooring", psa).kind not in (DiffKind.SAME, DiffKind.SHORT_FORMS)
