"""Two PSA companies whose names fold to one key stay two clients (issue 11, wrong merges).

A PSA's company list is authoritative: "Vaughn Properties Management" and "Vaughn Property
Management, LP" are two companies even though both fold to one client key, and so are "SC
Church" and "SC Church L.L.C.". Only case, spacing, punctuation and the way a legal form is
written may differ within one company.
"""

from __future__ import annotations

from recon.match.clients import company_spelling
from recon.model import GapKind, SeatCol
from recon.normalize import client_key
from tests.recon.conftest import reconcile_rows as run

BP = "Microsoft 365 Business Premium"
PROPERTIES = "Vaughn Properties Management"
PROPERTY = "Vaughn Property Management, LP"


def test_the_two_names_share_one_key() -> None:
    # The premise of this file: without keeping them apart, the two would be one client.
    assert client_key(PROPERTIES) == client_key(PROPERTY)


def test_vendor_client_spelled_like_one_psa_company_pairs_with_that_one_only() -> None:
    result = run(
        [("Vaughn Property Management", BP, 10, "22")],
        [(PROPERTY, BP, 10, "26"), (PROPERTIES, BP, 4, "26")],
    )
    pairs = {(m.vendor_client, m.psa_client) for m in result.matches}
    assert pairs == {("Vaughn Property Management", PROPERTY)}
    assert not result.review
    # The other company's lines are its own: billed, not bought.
    assert [(g.kind, g.psa_client, g.psa_qty) for g in result.gaps] == [
        (GapKind.MISSING_IN_VENDOR, PROPERTIES, 4)
    ]
    gap = result.gaps[0]
    assert gap.client == PROPERTIES
    # Stored under a key of its own, printable, never the shared key.
    assert gap.client_key != client_key(PROPERTY)
    assert gap.client_key.isprintable()


def test_each_psa_company_keeps_its_own_seats_and_keys() -> None:
    result = run(
        [("Vaughn Properties Management", BP, 7, "22")],
        [(PROPERTY, BP, 10, "26"), (PROPERTIES, BP, 5, "26")],
    )
    by_client = {(g.psa_client, g.kind): g for g in result.gaps}
    # Summed as one client, 15 billed against 7 bought would be one quantity gap.
    assert by_client[(PROPERTIES, GapKind.QUANTITY_MISMATCH)].seat_delta == 2
    assert by_client[(PROPERTY, GapKind.MISSING_IN_VENDOR)].seat_delta == -10
    keys = {g.client_key for g in result.gaps}
    assert len(keys) == 2 and all(k.isprintable() for k in keys)
    assert set(result.seats[SeatCol.CLIENT_KEY]) == keys


def test_vendor_spelling_equally_close_to_both_goes_to_review_not_merged() -> None:
    result = run(
        [("Vaughn Prop Mgmt", BP, 10, "22")],
        [(PROPERTY, BP, 10, "26"), (PROPERTIES, BP, 10, "26")],
    )
    assert not result.matches
    assert [r.vendor_client for r in result.review] == ["Vaughn Prop Mgmt"]
    assert {c.psa_client for c in result.review[0].candidates} == {PROPERTY, PROPERTIES}
    # In review: no gap for the vendor client nor for the PSA companies offered to it.
    assert not result.gaps


def test_one_company_typed_twice_with_case_and_punctuation_is_still_one_client() -> None:
    result = run(
        [("Vaughn Properties Management", BP, 15, "22")],
        [
            ("Vaughn Properties Management, Inc.", BP, 10, "26"),
            ("VAUGHN PROPERTIES-MANAGEMENT. INCORPORATED", BP, 5, "26"),
        ],
    )
    assert not result.gaps
    assert len(result.matches) == 1


def test_a_legal_form_written_out_is_the_same_legal_form() -> None:
    assert company_spelling("SC Church, Limited Liability Company") == company_spelling(
        "S.C. Church L.L.C."
    )
    assert company_spelling("SC Church") != company_spelling("SC Church LLC")
    assert company_spelling("SC Church Inc") != company_spelling("SC Church LLC")


SPARKS = "Sparks Community Church"
SUTTON = "Sutton Community Church LLC"
E3, E5 = "Microsoft 365 E3", "Microsoft 365 E5"
EXO1, EXO2 = "Exchange Online (Plan 1)", "Exchange Online (Plan 2)"
PHONE, COPILOT = "Microsoft Teams Phone Standard", "Microsoft 365 Copilot"
SMALL = ("Microsoft 365 Business Basic", "Power BI Pro", "Visio Plan 2", "Intune Plan 1")


def test_two_companies_shortened_to_one_initials_differing_in_legal_form_stay_apart() -> None:
    # Both PSA names are the initials of two real companies; summed as one client, the PSA
    # client held both companies' lines and one vendor client took it (a wrong merge), while
    # the other went unmatched with every line a false gap.
    sparks = [(E5, 13), (E3, 10), (EXO2, 24), (EXO1, 18), (PHONE, 16)]
    sutton = [(p, 1) for p in (E3, EXO2, EXO1, *SMALL)]
    result = run(
        [(SPARKS, p, q, "20") for p, q in [*sparks, (COPILOT, 16)]]
        + [(SUTTON, p, q, "20") for p, q in sutton],
        [("SC Church", p, q, "30") for p, q in sparks]
        + [("SC Church L.L.C.", p, q, "30") for p, q in sutton],
    )
    pairs = {(m.vendor_client, m.psa_client) for m in result.matches}
    assert (SUTTON, "SC Church") not in pairs
    assert pairs == {(SPARKS, "SC Church"), (SUTTON, "SC Church L.L.C.")}
    assert [(g.kind, g.vendor_client, g.product) for g in result.gaps] == [
        (GapKind.MISSING_IN_PSA, SPARKS, COPILOT)
    ]


def test_both_companies_in_the_vendor_file_pair_one_to_one() -> None:
    result = run(
        [
            ("Vaughn Properties Management", BP, 5, "22"),
            ("VAUGHN PROPERTY MANAGEMENT", BP, 9, "22"),
        ],
        [(PROPERTY, BP, 10, "26"), (PROPERTIES, BP, 5, "26")],
    )
    pairs = {(m.vendor_client, m.psa_client) for m in result.matches}
    assert pairs == {
        ("Vaughn Properties Management", PROPERTIES),
        ("VAUGHN PROPERTY MANAGEMENT", PROPERTY),
    }
    assert [(g.psa_client, g.seat_delta) for g in result.gaps] == [(PROPERTY, -1)]
