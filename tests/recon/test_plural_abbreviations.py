"""The plural of a listed word's abbreviation is that word (issue 11, round twenty-nine).

The Bluebook's Table T6, as Cornell LII's Basic Legal Citation 4-100 sets it out, abbreviates
the plural of a listed word "by adding an 's' to the abbreviation of the singular": Service is
"Serv.", Services "Servs.". Client keys fold it with the word ("Porter Servs Ltd." is "Porter
Svc"), so a name written with it meets the other side's spelling as one client. Before, at
60,000 clients "Porter Servs Ltd." / "Potrer Svc" went to review, and "Mercer Insurance Servs
PA" / "Mercer InsuranceServices PA" went to review at any size.

Guards: only a word the list writes in the plural, of an abbreviation of four letters or more
("Dents" is a word, not the plural of Dental's "Dent"; "Pubs" is no plural of "Pub",
Publishing's).
"""

from __future__ import annotations

import pytest

from recon.model import MatchMethod
from recon.normalize import client_key
from tests.recon.test_glued_legal_forms import _run


def _pairs(vendor: str, psa: str) -> set[tuple[str, str, MatchMethod]]:
    result = _run(vendor, psa)
    return {(m.vendor_client, m.psa_client, m.method) for m in result.matches}


def test_a_plural_abbreviation_keys_as_the_word() -> None:
    assert (
        "Porter Servs Ltd.",
        "Porter Svc",
        MatchMethod.EXACT,
    ) in _pairs("Porter Servs Ltd.", "Porter Svc")


def test_a_plural_abbreviation_beside_the_word_run_together_is_one_client() -> None:
    vendor, psa = "Mercer Insurance Servs PA", "Mercer InsuranceServices PA"
    result = _run(vendor, psa)
    assert vendor in {m.vendor_client for m in result.matches if m.psa_client == psa}
    assert result.review == ()


@pytest.mark.parametrize(
    ("vendor", "psa"),
    [
        ("Ace Dents", "Ace Dental"),  # Dental is never written in the plural
        ("Acme Vets", "Acme Vet"),  # nor Veterinary
        # "Pub" (Publishing, Publications) is too short a form to take an "s": "Pubs" is a word.
        ("Harbor Pubs", "Harbor Publishing"),
    ],
)
def test_an_s_after_a_form_is_a_word_where_the_list_has_no_plural(vendor: str, psa: str) -> None:
    assert client_key(vendor) != client_key(psa)
    assert (vendor, psa, MatchMethod.EXACT) not in _pairs(vendor, psa)
