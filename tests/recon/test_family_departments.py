"""A department opened under its parent's whole name: asked about on the name and its products.

``recon.engine.family_questions``: "Summit Pines Hospitality Laboratory" beside "Summit Pines
Hospitality" is named after its parent (the whole name, then words of its own). Two things
used to keep such a department out of the question, each leaving two false gaps (the
department's lines billed, not bought, and the parent's shortfall) and the family's real gap
missed: another parent whose name only begins alike, short as many seats (one seat of
Business Premium is short at hundreds of clients), made the fit look ambiguous; and seats far
from the shortfall (the department bills 8 where its parent lacks 21) read as another client.
"""

from __future__ import annotations

from recon.engine.family_names import named_after
from recon.engine.family_questions import ask_families
from recon.model import GapKind
from tests.recon.test_family_questions import _lone, _short


def test_a_department_named_after_its_parent_outranks_a_parent_only_named_alike() -> None:
    # "Acme Dental" is short exactly the 6 seats too and begins with "Acme": on the seats
    # alone the department fits two parents; its name says which.
    gaps = [
        _short("Acme Holdings", "bp", 10, 4),
        _short("Acme Dental", "bp", 9, 3),
        _lone("Acme Holdings Lab", "bp", 6),
    ]
    (question,) = ask_families(gaps, lone_psa={"Acme Holdings Lab"}, lone_vendor=()).questions
    assert question.psa_clients == ("Acme Holdings", "Acme Holdings Lab")


def test_a_company_the_named_department_outranks_is_not_asked_about_for_it() -> None:
    # "Acme Staffing" fits both parents on a first word and exact seats; the department takes
    # "Acme Holdings", but "Acme Staffing" lost a rival, not its doubt: "Acme Dental" is not
    # asked about on its account.
    # Twenty other clients short of Visio make one exact line rare enough to ask about.
    others = [_short(f"Client {i} Holdings", "visio", 5, 2) for i in range(20)]
    gaps = [
        *others,
        _short("Acme Holdings", "bp", 10, 4),
        _lone("Acme Holdings Lab", "bp", 6),
        _lone("Acme Staffing", "bp", 6),
        _short("Acme Dental", "bp", 9, 3),
    ]
    lone = {"Acme Holdings Lab", "Acme Staffing"}
    asked = ask_families(gaps, lone_psa=lone, lone_vendor=())
    assert [q.psa_client for q in asked.questions] == ["Acme Holdings Lab"]


def test_two_departments_named_after_one_parent_are_asked_about_by_neither() -> None:
    gaps = [
        _short("Acme Holdings", "bp", 10, 4),
        _lone("Acme Holdings Lab", "bp", 6),
        _lone("Acme Holdings Warehouse", "bp", 6),
    ]
    lone = {"Acme Holdings Lab", "Acme Holdings Warehouse"}
    assert ask_families(gaps, lone_psa=lone, lone_vendor=()).questions == ()


def test_a_department_billing_only_what_its_parent_lacks_is_asked_whatever_the_seats() -> None:
    # 8 seats where the parent lacks 21: one question, the family's 13-seat gap pending it,
    # instead of 21 seats bought, not billed and 8 billed, not bought.
    gaps = [_short("Acme Holdings", "bp", 21, 0), _lone("Acme Holdings Warehouse", "bp", 8)]
    asked = ask_families(gaps, lone_psa={"Acme Holdings Warehouse"}, lone_vendor=())
    (question,) = asked.questions
    assert question.psa_client == "Acme Holdings Warehouse"
    (implied,) = asked.gaps
    assert (implied.vendor_qty, implied.psa_qty, implied.kind) == (
        21,
        8,
        GapKind.QUANTITY_MISMATCH,
    )
    assert implied.rests_on is not None


def test_far_seats_are_no_evidence_under_a_first_word_alone() -> None:
    gaps = [_short("Acme Holdings", "bp", 21, 0), _lone("Acme Staffing", "bp", 8)]
    assert ask_families(gaps, lone_psa={"Acme Staffing"}, lone_vendor=()).questions == ()


def test_one_exact_line_among_far_seats_of_a_named_department_is_asked_about() -> None:
    # Exact on Business Premium, far on the two others, every product one the parent lacks:
    # the seats alone are no family (tests/recon/test_family_questions.py), the name is.
    gaps = [
        _short("Acme Holdings", "bp", 10, 6),
        _short("Acme Holdings", "exo", 20, 0),
        _short("Acme Holdings", "e3", 30, 0),
        _lone("Acme Holdings Lab", "bp", 4),
        _lone("Acme Holdings Lab", "exo", 2),
        _lone("Acme Holdings Lab", "e3", 3),
    ]
    (question,) = ask_families(gaps, lone_psa={"Acme Holdings Lab"}, lone_vendor=()).questions
    assert {line.product for line in question.lines} == {"bp", "exo", "e3"}


def test_seats_beyond_the_shortfall_are_asked_about_only_under_a_department_name() -> None:
    # 16 billed where the namesake lacks 5 and bills none: "... of Tampa" may be a franchise
    # of its own, not asked, nor a name of several words of its own; "... - Billing" names
    # no business, and one word of the company's own ("... Laboratory") is a department's
    # name: asked (the family's 11-seat over-billing).
    parent = "Espinoza Property Management"
    for company, asked in (
        (f"{parent} of Tampa", False),
        (f"{parent} Realty Group", False),
        (f"{parent} - Billing", True),
        (f"{parent} Laboratory", True),
    ):
        gaps = [_short(parent, "bp", 5, 0), _lone(company, "bp", 16)]
        questions = ask_families(gaps, lone_psa={company}, lone_vendor=()).questions
        assert bool(questions) is asked, company


def test_a_department_word_beside_a_parent_billing_some_seats_keeps_far_seats_apart() -> None:
    # The parent bills 3 of the 8 bought: a lab billing 16 more is not its missing 5.
    parent = "Espinoza Property Management"
    company = f"{parent} Laboratory"
    gaps = [_short(parent, "bp", 8, 3), _lone(company, "bp", 16)]
    assert ask_families(gaps, lone_psa={company}, lone_vendor=()).questions == ()


def test_a_direction_after_the_whole_name_is_a_near_twin_not_a_department() -> None:
    # "The Todd Physical Therapy - East" billing 3 E3 seats where "Todd Physical Therapy" buys
    # 6 and bills none is another practice as often as an office: not asked on the name (its
    # one line is not the shortfall's seats). "... - East Office" names an office: asked.
    parent = "Todd Physical Therapy"
    assert not named_after(f"The {parent} - East", parent)
    assert not named_after("ToddPhysicalTherapy North West", parent)
    assert named_after(f"{parent} - East Office", parent)
    for company, asked in ((f"The {parent} - East", False), (f"{parent} - East Office", True)):
        gaps = [_short(parent, "e3", 6, 0), _lone(company, "e3", 3)]
        questions = ask_families(gaps, lone_psa={company}, lone_vendor=()).questions
        assert bool(questions) is asked, company
