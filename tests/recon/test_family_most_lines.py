"""A subsidiary filling its parent's shortfall exactly on most lines, not every one.

``recon.engine.family_most_lines``: "Acme Staffing" also bills a product "Acme Holdings" does
not lack (the family's real gap), and its other lines fill the parent's shortfall seat for
seat: one question on the lines the parent is short of, the other line the company's own gap.
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal

from recon.engine.family_questions import ask_families
from recon.model import Gap
from recon.normalize import client_key
from tests.recon.family_gaps import lone, short


def _family(company: str = "Acme Staffing") -> list[Gap]:
    """Acme Holdings short 4 Business Premium and 5 Exchange seats; the company bills exactly
    those and 2 Visio seats nobody lacks."""
    return [
        short("Acme Holdings", "bp", 10, 6),
        short("Acme Holdings", "exo", 5, 0),
        lone(company, "bp", 4),
        lone(company, "exo", 5),
        lone(company, "visio", 2),
    ]


def test_a_subsidiary_exact_on_most_lines_is_asked_about_on_those_lines() -> None:
    gaps = _family()
    asked = ask_families(gaps, lone_psa={"Acme Staffing"}, lone_vendor=())
    (question,) = asked.questions
    assert question.psa_clients == ("Acme Holdings", "Acme Staffing")
    assert [line.product for line in question.lines] == ["bp", "exo"]
    # The Visio line is the family's real gap: it stays the company's own.
    assert [(g.client, g.product) for g in asked.gaps] == [("Acme Staffing", "visio")]


def test_most_lines_need_names_that_begin_alike() -> None:
    gaps = _family("Zenith Staffing")
    assert ask_families(gaps, lone_psa={"Zenith Staffing"}, lone_vendor=()).questions == ()


def test_most_lines_need_more_than_half_exact() -> None:
    # One exact line of two short products (the other only near) and a third the parent
    # does not lack: not enough.
    gaps = [g for g in _family() if g.product_key != "exo"]
    gaps += [short("Acme Holdings", "exo", 5, 0), lone("Acme Staffing", "exo", 6)]
    assert ask_families(gaps, lone_psa={"Acme Staffing"}, lone_vendor=()).questions == ()


def test_most_lines_at_another_price_than_the_parents_are_not_asked_about() -> None:
    # The parent bills Business Premium at $3.00; the company at $3.50: another agreement.
    gaps = [
        dataclasses.replace(g, psa_unit_price=Decimal("3.50"))
        if g.psa_client == "Acme Staffing" and g.product_key == "bp"
        else g
        for g in _family()
    ]
    assert ask_families(gaps, lone_psa={"Acme Staffing"}, lone_vendor=()).questions == ()


def test_most_lines_answered_no_are_not_asked_again() -> None:
    apart = {(client_key("Acme Holdings"), client_key("Acme Staffing"))}
    asked = ask_families(_family(), lone_psa={"Acme Staffing"}, lone_vendor=(), apart=apart)
    assert asked.questions == ()
