"""Legal forms run onto a word, Australia's "Proprietary", and "Ppty", read as the public
legal-form lists read them.

- A legal form written out and typed onto the word before it at a camel-case seam ("Dudley
  SurveyingProfessional Corporation", "Liberty Rock Solutions LimitedLiability Company",
  "Greer Tire & ServiceCompany"; in one case, "WALTON TITLECOMPANY"), onto a one-word name
  ("AcmeLLC"), or with the site typed onto it ("Silva Systems LLPBoise") is the legal form the
  US entity statutes spell (Model Business Corporation Act 4.01, Revised Uniform LLC Act
  108): the client is the one written with a space. Before, such a PSA name was a client of
  its own at 20,000 clients, and each of its lines showed twice, missing on both sides.
- "Proprietary Limited" is "Pty Ltd" (Corporations Act 2001 ss 148-149).
- "Ppty" is no slip of "Pty": s 149 gives "Pty" as the one abbreviation of Proprietary, and
  "Ppty" is the contraction of Properties (a final "y" kept, as the postal "Vly"). "Lyons
  Dental Group Ppty" (the group's property company) is never merged with "Lyons Dental Group"
  on the name as a legal form would be.
"""

from __future__ import annotations

import pytest

from recon.model import GapKind, MatchMethod
from recon.normalize import client_key
from tests.recon.conftest import reconcile_two_of_three

_run = reconcile_two_of_three


@pytest.mark.parametrize(
    ("vendor", "psa"),
    [
        ("Dudley Surveying", "Dudley SurveyingProfessional Corporation"),
        ("Dudley Surveying, PC", "Dudley Surveying ProfessionalCorporation"),
        ("Liberty Rock Solutions", "Liberty Rock Solutions LimitedLiability Company"),
        ("Greer Tire & Service", "Greer Tire & ServiceCompany"),
        ("Bishop Mechanical PA", "Bishop MechanicalCompany P.A."),
        ("Crawford Industries Corporation", "Crawford IndustriesCorporation"),
        ("Acme, LLC", "AcmeLLC"),
        ("Star Terrace Builders Co.", "StarTerraceBuildersCo"),
        ("Silva Systems, L.L.P. - Boise", "Silva Systems LLPBoise"),
        ("Dudley Surveying Pty Ltd", "Dudley Surveying Proprietary Limited"),
        # Written out in one case, no seam to see: the long words after four letters.
        ("Silver Bluff Brewing, LP", "SILVER BLUFF BREWINGCOMPANY LP"),
        ("Walton Title Co.", "Walton Titlecompany"),
        ("Mckenzie Equipment PC", "Mckenzie Equipment, Professionalcorporation"),
    ],
)
def test_a_legal_form_run_onto_a_word_is_the_legal_form(vendor: str, psa: str) -> None:
    result = _run(vendor, psa)
    assert (vendor, psa, MatchMethod.EXACT) in {
        (m.vendor_client, m.psa_client, m.method) for m in result.matches
    }
    assert result.review == ()
    # The one real gap, not each line missing on both sides.
    assert [(g.kind, g.vendor_client, g.psa_client, g.seat_delta) for g in result.gaps] == [
        (GapKind.QUANTITY_MISMATCH, vendor, psa, 2)
    ]


@pytest.mark.parametrize(
    ("vendor", "psa"),
    [("Lyons Dental Group Ppty", "Lyons Dental Group"), ("Baker Ppty", "Baker")],
)
def test_ppty_is_a_word_of_the_name_not_a_legal_form(vendor: str, psa: str) -> None:
    # Two of three lines agree: enough to merge names a legal form apart, never names a
    # word apart. The property company is asked about, not merged.
    result = _run(vendor, psa)
    assert all(m.vendor_client != vendor for m in result.matches)
    assert [r.vendor_client for r in result.review] == [vendor]


@pytest.mark.parametrize(
    "name",
    [
        "McDonald Plumbing",  # a capital inside a surname is no seam before a legal form
        "MacKenzieLLC Partners",  # a legal form inside the name, not its ending
        "Harbor Limited Brands",  # a form word standing as a word of the name
        "The Company Store",
    ],
)
def test_a_form_word_inside_a_name_stays_a_word(name: str) -> None:
    assert client_key(name) == client_key(name.lower())


@pytest.mark.parametrize(
    ("name", "apart"),
    [
        # Three letters before the form are a brand's one word, not a word and a legal form.
        ("Delta ProCorp", "Delta Pro Corp"),
        # Capitals before the form are initials written with it ("ABCInc" as an id).
        ("Harbor ABCInc", "Harbor ABC Inc"),
        # A word that ends as a form does, with fewer than four letters before it.
        ("Acme Unlimited", "Acme Un Limited"),
        ("Acme Accompany", "Acme Ac Company"),
    ],
)
def test_a_form_after_a_short_or_capital_head_is_not_set_apart(name: str, apart: str) -> None:
    assert client_key(name) != client_key(apart)
