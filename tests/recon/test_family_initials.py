"""Offices named with their organisation's initials are one family question.

The PSA bills "Jennings Museum" as "JM Company: Mesa Office" and "JM Company: Reno Office"
(the sites9 dev pair): no name rule reads two letters as a name, and the family step weighed
only companies beginning with the customer's own first word, so every line was a gap on
both sides. ``recon.engine.family_initials`` weighs the companies whose first word is the
customer's initials; the letters are held to chance odds (one customer writing them, few
companies beginning with them, three exact lines or more), and the outcome is a question.
"""

from __future__ import annotations

from typing import Any

import pytest

from recon.engine.family_initials import initials
from recon.engine.family_questions import ask_families
from recon.model import Gap, GapKind
from tests.recon.family_gaps import sided as _gap

CUSTOMER = "Jennings Museum"
MESA = "JM Company: Mesa Office"
RENO = "JM Company: Reno Office"


def _family(bought: list[tuple[str, int]], billed: list[tuple[str, str, int]]) -> list[Gap]:
    return [_gap(GapKind.MISSING_IN_PSA, CUSTOMER, p, q, 0) for p, q in bought] + [
        _gap(GapKind.MISSING_IN_VENDOR, c, p, 0, q) for c, p, q in billed
    ]


def _museum() -> list[Gap]:
    """15 BP, 19 Teams Phone, 25 E3 and 41 Project bought; two offices bill them between
    them (E3 split 20 + 5)."""
    return _family(
        [("bp", 15), ("phone", 19), ("e3", 25), ("project", 41)],
        [
            (MESA, "bp", 15),
            (MESA, "e3", 20),
            (MESA, "project", 41),
            (RENO, "phone", 19),
            (RENO, "e3", 5),
        ],
    )


def _ask(gaps: list[Gap]) -> Any:
    companies = {g.psa_client for g in gaps if g.psa_client}
    customers = {g.vendor_client for g in gaps if g.vendor_client}
    return ask_families(gaps, lone_psa=companies, lone_vendor=customers)


def test_offices_named_with_the_customer_s_initials_are_one_question() -> None:
    asked = _ask(_museum())
    (question,) = asked.questions
    assert question.vendor_clients == (CUSTOMER,)
    assert question.psa_clients == (MESA, RENO)
    assert asked.gaps == ()  # the summed seats are the bought ones: nothing to show


def test_letters_two_customers_write_are_no_question() -> None:
    """The customer "Jackson Marine" writes "JM" too and buys the same products: whose
    offices they are, the letters cannot say (the seats fit Jennings only, as chance may)."""
    gaps = _museum() + [
        _gap(GapKind.MISSING_IN_PSA, "Jackson Marine", p, q, 0)
        for p, q in [("bp", 4), ("phone", 3), ("e3", 2), ("project", 7)]
    ]
    asked = _ask(gaps)
    assert asked.questions == ()
    assert len(asked.gaps) == len(gaps)


def test_two_exact_lines_under_initials_are_no_question() -> None:
    """Two exact lines are what chance gives at scale; letters add less than a word."""
    gaps = _family(
        [("bp", 15), ("e3", 25)],
        [(MESA, "bp", 15), (MESA, "e3", 20), (RENO, "e3", 5)],
    )
    asked = _ask(gaps)
    assert asked.questions == ()
    assert len(asked.gaps) == 5


def test_a_word_many_companies_begin_with_is_a_brand() -> None:
    gaps = _museum()
    gaps += [
        _gap(GapKind.MISSING_IN_VENDOR, f"JM {trade}", "dns", 0, 1)
        for trade in ("Plumbing", "Supply", "Roofing")
    ]
    asked = _ask(gaps)
    assert asked.questions == ()


@pytest.mark.parametrize(
    ("key", "letters"),
    [
        ("jennings museum", "jm"),
        ("jennings museum of art", "jma"),  # "of" is never initialled
        ("collins mfg", "cm"),  # a folded word by its full word's letter
        ("jennings grp", None),  # one distinctive word: a name, not initials
        ("north 12 dental", None),  # a number is no word to initial
    ],
)
def test_initials_of_a_client_key(key: str, letters: str | None) -> None:
    assert initials(key) == letters
