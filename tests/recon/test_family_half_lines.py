"""A brand-and-trade subsidiary exact on half its lines, asked where the MSP bills them apart.

``recon.engine.family_half_lines``: "Huffman Staffing" bills the 4 Business Premium seats
"Huffman Logistics" lacks and 10 seats of a product nobody lacks (the family's real gap).
Half its lines exact is no evidence on its own; where the run's own questions show this MSP
bills subsidiaries apart (``family_practice``), it is one question on the exact line, the
other line the company's own gap.

Also ``recon.engine.family_most_lines``: a line under the reseller's own text (a mapping
question) counts toward most lines where it would join the question.
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal

from recon.engine.family_practice import MIN_ASKED
from recon.engine.family_questions import ask_families
from recon.model import Gap
from recon.normalize import client_key
from tests.recon.family_gaps import lone, short
from tests.recon.test_family_practice import BRANDS, _run

QUESTION = "the mapping question 'Backup /user' = 'Acronis Cyber Protect Cloud'"


def _with_extra(
    company: str = "Huffman Staffing", *, families: int = len(BRANDS), extra: tuple[str, ...] = ()
) -> tuple[list[Gap], set[str]]:
    """The practice run of ``test_family_practice`` with the company billing 10 Defender
    seats too (a product no parent lacks), and ``extra`` products (2 seats each)."""
    gaps, lone_companies = _run(company, families=families)
    gaps += [lone(company, product, seats) for product, seats in (("defender", 10),)]
    gaps += [lone(company, product, 2) for product in extra]
    return gaps, lone_companies


def _questions(gaps: list[Gap], lone_companies: set[str], **kw: object) -> dict[str, object]:
    result = ask_families(gaps, lone_psa=lone_companies, lone_vendor=(), **kw)  # type: ignore[arg-type]
    return {q.psa_client: q for q in result.questions}


def test_half_exact_subsidiary_is_asked_where_the_run_bills_subsidiaries_apart() -> None:
    gaps, lone_companies = _with_extra()
    result = ask_families(gaps, lone_psa=lone_companies, lone_vendor=())
    asked = {q.psa_client: q for q in result.questions}
    question = asked["Huffman Staffing"]
    assert [line.product for line in question.lines] == ["bp"]
    # The Defender line is the family's real gap: it stays the company's own.
    own = {(g.client, g.product) for g in result.gaps if g.client == "Huffman Staffing"}
    assert own == {("Huffman Staffing", "defender")}
    assert {f"{brand} Staffing" for brand in BRANDS} <= set(asked)


def test_half_exact_is_not_asked_where_the_run_shows_no_practice() -> None:
    gaps, lone_companies = _with_extra(families=MIN_ASKED - 1)
    assert "Huffman Staffing" not in _questions(gaps, lone_companies)


def test_half_exact_under_a_longer_name_is_not_asked() -> None:
    gaps, lone_companies = _with_extra("Huffman Harbor Home Health")
    assert "Huffman Harbor Home Health" not in _questions(gaps, lone_companies)


def test_fewer_than_half_exact_is_not_asked() -> None:
    # One exact line of three: 7 E5 seats only Huffman Logistics lacks (the rarest line, so
    # the parent is found), Visio and Defender lacked by other parents, not by it.
    gaps, lone_companies = _run()
    gaps = [g for g in gaps if g.psa_client != "Huffman Staffing"]
    gaps += [short("Huffman Logistics", "e5", 7, 0), lone("Huffman Staffing", "e5", 7)]
    gaps += [short("Birch Dental", "visio", 2, 0), lone("Huffman Staffing", "visio", 2)]
    gaps += [short("Cedar Law", "defender", 10, 0), lone("Huffman Staffing", "defender", 10)]
    assert "Huffman Staffing" not in _questions(gaps, lone_companies)


def test_a_parent_another_company_fits_gets_no_half_exact_question() -> None:
    # "Huffman Transport" fills the parent's 5 Exchange seats on its one line: the parent
    # has a fit of its own, and the half-exact company is not asked about beside it.
    gaps, lone_companies = _with_extra()
    gaps += [short("Huffman Logistics", "exo", 5, 0), lone("Huffman Transport", "exo", 5)]
    assert "Huffman Staffing" not in _questions(gaps, lone_companies | {"Huffman Transport"})


def test_a_line_the_parent_lacks_only_near_is_not_half_exact() -> None:
    # Huffman Logistics also lacks 5 Exchange seats; the company bills 6 of them and two more
    # Business Premium lines exact elsewhere would not help: two of its four lines are exact
    # (bp, e5), one short line only near (exo), one nobody lacks (defender).
    gaps, lone_companies = _with_extra()
    gaps += [short("Huffman Logistics", "exo", 5, 0), lone("Huffman Staffing", "exo", 6)]
    gaps += [short("Huffman Logistics", "e5", 3, 0), lone("Huffman Staffing", "e5", 3)]
    assert "Huffman Staffing" not in _questions(gaps, lone_companies)


def test_half_exact_at_another_price_is_not_asked() -> None:
    gaps, lone_companies = _with_extra()
    gaps = [
        dataclasses.replace(g, psa_unit_price=Decimal("3.50"))
        if g.psa_client == "Huffman Staffing" and g.product_key == "bp"
        else g
        for g in gaps
    ]
    assert "Huffman Staffing" not in _questions(gaps, lone_companies)


def test_half_exact_answered_no_is_not_asked_again() -> None:
    gaps, lone_companies = _with_extra()
    apart = {(client_key("Huffman Logistics"), client_key("Huffman Staffing"))}
    assert "Huffman Staffing" not in _questions(gaps, lone_companies, apart=apart)


def test_a_line_on_a_mapping_question_counts_toward_most_lines() -> None:
    # Acme Staffing: bp exact, visio nobody lacks, and its backup line under the reseller's
    # own text fills the parent's shortfall exactly: two exact lines of three.
    gaps = [
        short("Acme Holdings", "bp", 10, 6),
        short("Acme Holdings", "acronis", 5, 0),
        lone("Acme Staffing", "bp", 4),
        lone("Acme Staffing", "visio", 2),
        dataclasses.replace(lone("Acme Staffing", "acronis", 5), rests_on=QUESTION),
    ]
    result = ask_families(gaps, lone_psa={"Acme Staffing"}, lone_vendor=())
    (question,) = result.questions
    assert [line.product for line in question.lines] == ["acronis", "bp"]
    assert [(g.client, g.product) for g in result.gaps] == [("Acme Staffing", "visio")]


def test_a_line_on_a_mapping_question_the_parent_lacks_otherwise_is_not_exact() -> None:
    # Acme Holdings lacks 3 backup seats, the company bills 5 (another parent lacks 5): two
    # exact lines of four is not most of them.
    gaps = [
        short("Acme Holdings", "bp", 10, 6),
        short("Acme Holdings", "exo", 5, 0),
        short("Acme Holdings", "acronis", 3, 0),
        short("Zenith Dental", "acronis", 5, 0),
        lone("Acme Staffing", "bp", 4),
        lone("Acme Staffing", "exo", 5),
        lone("Acme Staffing", "visio", 2),
        dataclasses.replace(lone("Acme Staffing", "acronis", 5), rests_on=QUESTION),
    ]
    assert ask_families(gaps, lone_psa={"Acme Staffing"}, lone_vendor=()).questions == ()


def test_exact_only_on_lines_on_a_mapping_question_is_not_most_lines() -> None:
    # Both exact lines are under the reseller's own texts: nothing plain ties the company to
    # the parent, and it is not asked about on those alone.
    other = "the mapping question 'Mail /user' = 'Exchange Online (Plan 1)'"
    gaps = [
        short("Acme Holdings", "acronis", 5, 0),
        short("Acme Holdings", "exo", 7, 0),
        lone("Acme Staffing", "visio", 2),
        dataclasses.replace(lone("Acme Staffing", "acronis", 5), rests_on=QUESTION),
        dataclasses.replace(lone("Acme Staffing", "exo", 7), rests_on=other),
    ]
    assert ask_families(gaps, lone_psa={"Acme Staffing"}, lone_vendor=()).questions == ()
