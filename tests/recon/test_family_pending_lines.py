"""A lone company with a line on a mapping question is still weighed on its other lines.

``recon.engine.family_lone``: a subsidiary billing one product under the reseller's own text
(a mapping question, the same its parent's line waits on) used to be left out of every family
rule, its lines and its parent's shortfall all shown as gaps. A company billing nothing but
such texts is weighed on them as on any line (its name, or its seats and a first word).
"""

from __future__ import annotations

import dataclasses

from recon.engine.family_questions import ask_families
from recon.model import FAMILY_WORDS, Gap
from tests.recon.family_gaps import lone, short

QUESTION = "the mapping question 'Barracuda Email /user' = 'Barracuda Email Protection'"
OTHER = "the mapping question 'Barracuda Spam' = 'Barracuda Email Protection'"


def _on(gap: Gap, question: str) -> Gap:
    return dataclasses.replace(gap, rests_on=question)


def _family(*, company_question: str, parent_seats: int = 7) -> list[Gap]:
    """Acme Holdings short of what Acme Staffing bills, the email line on a mapping question."""
    return [
        short("Acme Holdings", "bp", 10, 6),
        short("Acme Holdings", "exo", 5, 0),
        _on(short("Acme Holdings", "mail", parent_seats, 0), QUESTION),
        lone("Acme Staffing", "bp", 4),
        lone("Acme Staffing", "exo", 5),
        _on(lone("Acme Staffing", "mail", 7), company_question),
    ]


def test_a_line_on_the_parents_own_mapping_question_joins_the_family_question() -> None:
    result = ask_families(
        _family(company_question=QUESTION), lone_psa={"Acme Staffing"}, lone_vendor=()
    )
    (question,) = result.questions
    assert {line.product for line in question.lines} == {"bp", "exo", "mail"}
    # every line agrees: the question holds all six gaps, none is shown
    assert result.gaps == ()


def test_the_gap_a_yes_implies_rests_on_the_family_and_the_mapping_question() -> None:
    result = ask_families(
        _family(company_question=QUESTION, parent_seats=9),
        lone_psa={"Acme Staffing"},
        lone_vendor=(),
    )
    (gap,) = result.gaps
    assert (gap.client, gap.product, gap.seat_delta) == ("Acme Holdings", "mail", 2)
    assert gap.rests_on is not None
    assert gap.rests_on.startswith(FAMILY_WORDS) and gap.rests_on.endswith(f" and {QUESTION}")


def test_a_line_on_a_mapping_question_where_the_parent_waits_on_none_joins_the_question() -> None:
    gaps = _family(company_question=QUESTION, parent_seats=9)
    gaps[2] = dataclasses.replace(gaps[2], rests_on=None)  # the parent's text is settled
    result = ask_families(gaps, lone_psa={"Acme Staffing"}, lone_vendor=())
    (question,) = result.questions
    assert {line.product for line in question.lines} == {"bp", "exo", "mail"}
    (gap,) = result.gaps
    assert (gap.client, gap.product, gap.seat_delta) == ("Acme Holdings", "mail", 2)
    # the company's mapping question is chained, never summed silently
    assert gap.rests_on is not None
    assert gap.rests_on.startswith(FAMILY_WORDS) and gap.rests_on.endswith(f" and {QUESTION}")


def test_a_line_on_another_mapping_question_than_the_parents_is_not_asked_about() -> None:
    gaps = _family(company_question=OTHER)
    result = ask_families(gaps, lone_psa={"Acme Staffing"}, lone_vendor=())
    assert result.questions == ()
    assert result.gaps == tuple(gaps)


def test_a_line_on_a_product_the_parent_is_not_short_of_is_not_asked_about() -> None:
    gaps = [
        g
        for g in _family(company_question=QUESTION)
        if g.client != "Acme Holdings" or g.product != "mail"
    ]
    result = ask_families(gaps, lone_psa={"Acme Staffing"}, lone_vendor=())
    assert result.questions == ()
    assert result.gaps == tuple(gaps)


def _billing_only(company: str, *, parent_question: str | None = None) -> list[Gap]:
    """Acme Holdings lacks 3 email seats; ``company`` bills them under a text a question asks
    about, and nothing else."""
    parent = short("Acme Holdings", "mail", 3, 0)
    return [
        short("Acme Holdings", "bp", 10, 10 - 1),
        _on(parent, parent_question) if parent_question else parent,
        _on(lone(company, "mail", 3), QUESTION),
    ]


def test_a_department_billing_only_a_text_a_mapping_question_asks_about_is_asked_about() -> None:
    # "Mercer Holdings - Billing" bills one product under the reseller's own text: with no
    # other line to weigh, its name (the parent's whole name) says whose it is.
    gaps = _billing_only("Acme Holdings - Billing")
    result = ask_families(gaps, lone_psa={"Acme Holdings - Billing"}, lone_vendor=())
    (question,) = result.questions
    assert question.psa_clients == ("Acme Holdings", "Acme Holdings - Billing")
    assert [line.product for line in question.lines] == ["mail"]
    # the seats agree: both one-sided gaps wait on the question, the parent's bp gap stays
    assert [(g.client, g.product) for g in result.gaps] == [("Acme Holdings", "bp")]


def test_a_company_billing_only_a_pending_text_is_weighed_under_a_first_word_too() -> None:
    # "Gutierrez Staffing" bills its parent's unbilled Proofpoint and Acronis under texts of
    # its own ("PP Essentials", "Managed Backup - Workstation"), both mapping questions, and
    # nothing else: its seats and first word are weighed as any line's (no other parent is
    # short of them), not left as "billed, not bought" beside the parent's shortfall.
    gaps = _billing_only("Acme Staffing")
    result = ask_families(gaps, lone_psa={"Acme Staffing"}, lone_vendor=())
    (question,) = result.questions
    assert question.psa_clients == ("Acme Holdings", "Acme Staffing")
    assert [(g.client, g.product) for g in result.gaps] == [("Acme Holdings", "bp")]


def test_a_pending_text_under_a_first_word_two_parents_fit_is_not_asked_about() -> None:
    gaps = [*_billing_only("Acme Staffing"), short("Acme Dental", "mail", 3, 0)]
    result = ask_families(gaps, lone_psa={"Acme Staffing"}, lone_vendor=())
    assert result.questions == ()
    assert result.gaps == tuple(gaps)


def test_a_department_whose_pending_text_is_not_the_parents_question_is_not_asked() -> None:
    gaps = _billing_only("Acme Holdings - Billing", parent_question=OTHER)
    result = ask_families(gaps, lone_psa={"Acme Holdings - Billing"}, lone_vendor=())
    assert result.questions == ()
    assert result.gaps == tuple(gaps)
