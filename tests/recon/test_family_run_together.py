"""A company named after its parent's whole name written as one word: named after it.

``recon.engine.family_names``: PSA companies are often typed as a company id, the words run
together ("CunninghamDermatology", "LoweJewelers"). A subsidiary opened under that id and a
word of its own ("CunninghamDermatology Transport") is named after its parent as much as
"Cunningham Dermatology Transport" would be; read as a first word of its own, its one exact
line was held back as a coincidence and shown as "billed, not bought" beside the parent's
shortfall (three such families on the site families' 20,000 pair).
"""

from __future__ import annotations

from recon.engine.family_names import NamedAfter, named_after, run_together
from recon.engine.family_questions import ask_families
from recon.normalize import client_key
from tests.recon.family_gaps import lone, short


def test_a_name_run_together_is_the_whole_name() -> None:
    assert run_together("cunningham dermatology") == "cunninghamdermatology"
    assert named_after("LoweJewelers Logistics", "Lowe Jewelers")
    assert named_after("Lowe Jewelers Logistics", "Lowe Jewelers")
    # a first word in common is not the whole name, run together or not
    assert not named_after("Lowe Logistics", "Lowe Jewelers")
    assert not named_after("LoweJewel Logistics", "Lowe Jewelers")


def test_named_after_looks_a_run_together_first_word_up() -> None:
    parents = [client_key("Cunningham Dermatology"), client_key("Cunningham Roofing")]
    named = NamedAfter(parents, client_key)
    assert named("CunninghamDermatology Transport") == {client_key("Cunningham Dermatology")}
    # the whole company's name run together is the parent itself, not a company after it
    assert named("CunninghamDermatology") == set()


def test_a_subsidiary_under_the_parents_name_run_together_is_asked_about() -> None:
    # One exact line, and another parent named alike short as many seats: on a first word
    # the fit is a coincidence, on the whole name it is the parent's.
    gaps = [
        short("Cunningham Dermatology", "entra-p2", 14, 12),
        short("Cunningham Roofing", "entra-p2", 9, 7),
        lone("CunninghamDermatology Transport", "entra-p2", 2),
    ]
    company = "CunninghamDermatology Transport"
    (question,) = ask_families(gaps, lone_psa={company}, lone_vendor=()).questions
    assert question.psa_clients == ("Cunningham Dermatology", company)
