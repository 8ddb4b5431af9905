"""Matching that learns: word-level evidence from people's confirmations and rejections."""

from __future__ import annotations

from decimal import Decimal

from recon.match import ClientName, match_clients
from recon.match.evidence import learn
from recon.model import Knowledge, MatchMethod
from recon.normalize import client_key


def names(*raw: str) -> list[ClientName]:
    return [ClientName(client_key(n), n, client_key(n), "", Decimal(10)) for n in raw]


IND_ENT = (("Kord Ind", "Kord Enterprises"), ("Queen Ind", "Queen Enterprises"))
PARTNERS_NOISE = (
    ("Acme Partners", "Acme"),
    ("Globex Partners", "Globex"),
    ("Initech Partners", "Initech"),
)
EAST_REJECTED = (("Smith Law East", "Smith Law"), ("Jones CPA East", "Jones CPA"))


def test_two_confirmations_teach_an_equivalence_that_matches_new_names() -> None:
    before = match_clients(names("Stark Ind"), names("Stark Enterprises"))
    assert before.matches == ()  # a word substituted: another client, by the names alone
    after = match_clients(
        names("Stark Ind"), names("Stark Enterprises"), knowledge=Knowledge(client_aliases=IND_ENT)
    )
    (match,) = after.matches
    assert match.method is MatchMethod.LEARNED
    assert "'ent' = 'ind'" in match.note or "'ind' = 'ent'" in match.note
    assert after.review == ()


def test_one_confirmation_is_not_yet_evidence() -> None:
    result = match_clients(
        names("Stark Ind"),
        names("Stark Enterprises"),
        knowledge=Knowledge(client_aliases=IND_ENT[:1]),
    )
    assert result.matches == ()


def test_a_rejection_cancels_a_learned_equivalence() -> None:
    knowledge = Knowledge(
        client_aliases=IND_ENT, client_rejections=(("Wayne Ind", "Wayne Enterprises"),)
    )
    assert learn(knowledge).equivalents == {}
    result = match_clients(names("Stark Ind"), names("Stark Enterprises"), knowledge=knowledge)
    assert result.matches == ()


def test_three_confirmations_teach_noise() -> None:
    knowledge = Knowledge(client_aliases=PARTNERS_NOISE)
    result = match_clients(
        names("Harbor View Dental Partners"), names("Harbor View Dental"), knowledge=knowledge
    )
    (match,) = result.matches
    assert match.method is MatchMethod.LEARNED
    assert "noise" in match.note


def test_repeated_rejections_take_a_difference_out_of_review() -> None:
    before = match_clients(names("Dunder CPA East"), names("Dunder CPA"))
    assert len(before.review) == 1
    after = match_clients(
        names("Dunder CPA East"),
        names("Dunder CPA"),
        knowledge=Knowledge(client_rejections=EAST_REJECTED),
    )
    assert after.review == () and after.matches == ()
    assert "people rejected" in after.notes[client_key("Dunder CPA East")]


def test_a_rejected_pair_is_never_matched_whatever_the_evidence() -> None:
    knowledge = Knowledge(
        client_aliases=IND_ENT, client_rejections=(("Stark Ind", "Stark Enterprises"),)
    )
    result = match_clients(names("Stark Ind"), names("Stark Enterprises"), knowledge=knowledge)
    assert result.matches == ()


def test_numbers_never_become_noise() -> None:
    knowledge = Knowledge(
        client_aliases=(
            ("Store 1 Acme", "Acme"),
            ("Store 1 Globex", "Globex"),
            ("Store 1 Hooli", "Hooli"),
        )
    )
    assert "1" not in learn(knowledge).noise


def test_two_vendor_names_rewriting_to_one_client_are_not_paired_silently() -> None:
    knowledge = Knowledge(client_aliases=PARTNERS_NOISE)
    result = match_clients(names("Harbor View Partners", "Harbor View"), names("Harbor View"))
    assert {m.vendor_client for m in result.matches} == {"Harbor View"}
    with_evidence = match_clients(
        names("Harbor View Partners", "Harbor Vew"), names("Harbor View"), knowledge=knowledge
    )
    assert all(m.method is not MatchMethod.LEARNED for m in with_evidence.matches)


def test_conflicting_evidence_teaches_nothing() -> None:
    knowledge = Knowledge(
        client_aliases=PARTNERS_NOISE, client_rejections=(("Bluth Partners", "Bluth"),)
    )
    evidence = learn(knowledge)
    assert "ptnr" not in evidence.noise and "ptnr" not in evidence.distinguishing
