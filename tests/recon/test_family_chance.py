"""A family question on one or two exact lines, weighed against every company compared.

``recon.engine.family_chance``: one line of "Huffman Staffing" filling the 4 seats "Huffman
Logistics" lacks is 0.04 chance parents for that one company, but a run weighing a dozen
lone companies turns up such a fit by coincidence: it is asked where it beats chance over
every company compared, or where the run's questions on stronger evidence show the MSP bills
subsidiaries apart. Two names with no word in common never lean on that practice.
"""

from __future__ import annotations

from recon.engine.family_chance import RUN_CHANCE, Chance, beyond_run, few_lines_asked
from recon.engine.family_index import index_parents, parent_psa_names
from recon.engine.family_names import first_word
from recon.engine.family_questions import ask_families
from recon.model import Gap, GapKind
from tests.recon.family_gaps import lone as lone_line
from tests.recon.family_gaps import short

#: Families asked on three exact lines each (no coincidence): the MSP bills them apart.
BRANDS = ("Abbott", "Barlow", "Carver", "Dalton", "Easton", "Fulton")
#: Parents short of a product nobody else bills: they make the run's parents many, as at
#: scale, without fitting anyone.
FILLERS = 37


def _run(*, own: int, families: int = 0, stranger: bool = False) -> tuple[list[Gap], set[str]]:
    """Gaps and lone companies: "Huffman Staffing" bills the 4 seats of bp "Huffman
    Logistics" lacks (two other parents short exactly 4 seats, one other parent named
    Huffman: 0.04 to 0.05 chance parents); ``own`` PSA-only companies bill what nobody is
    short of; ``families`` companies fit a parent on three exact lines; ``stranger`` adds
    "Meadow Ridge Environmental" filling "Kirby Financial Services"' shortfall exactly on two
    lines, each short as exactly at two other parents."""
    gaps = [short("Huffman Logistics", "bp", 4, 0), lone_line("Huffman Staffing", "bp", 4)]
    gaps += [short(name, "bp", 10, 6) for name in ("Birch Dental", "Cedar Law")]
    gaps += [short("Huffman Dental", "exo", 5, 2)]
    gaps += [short(f"Filler {i:02d} Farms", "kiosk", 3, 2) for i in range(FILLERS)]
    for i, brand in enumerate(BRANDS[:families]):
        for product, seats in (("e5", 20 + i), ("visio", 30 + i), ("f3", 40 + i)):
            gaps += [short(f"{brand} Foods", product, seats, 0)]
            gaps += [lone_line(f"{brand} Staffing", product, seats)]
    if stranger:
        gaps += [short("Kirby Financial Services", "e3", 5, 0)]
        gaps += [short("Kirby Financial Services", "teams", 9, 0)]
        gaps += [lone_line("Meadow Ridge Environmental", "e3", 5)]
        gaps += [lone_line("Meadow Ridge Environmental", "teams", 9)]
        gaps += [short(name, "e3", 7, 2) for name in ("Oak Farms", "Pine Farms")]
        gaps += [short(name, "teams", 12, 3) for name in ("Elm Farms", "Ash Farms")]
    gaps += [lone_line(f"Own {i:02d} Realty", "project", 2) for i in range(own)]
    lone = {g.psa_client for g in gaps if g.vendor_client is None and g.psa_client}
    return gaps, lone


def _asked(gaps: list[Gap], lone: set[str]) -> set[str]:
    questions = ask_families(gaps, lone_psa=lone, lone_vendor=()).questions
    return {q.psa_client for q in questions}


def test_one_line_beyond_chance_over_the_few_companies_compared_is_asked() -> None:
    # One lone company: 0.05 chance parents over the run, within the bar.
    assert "Huffman Staffing" in _asked(*_run(own=0))


def test_one_line_a_coincidence_among_the_companies_compared_is_not_asked() -> None:
    # Six lone companies, no family asked on stronger evidence: 0.3 chance parents over the
    # run, as the big runs' "Pierce Accounting" / "Pierce Montessori School".
    assert "Huffman Staffing" not in _asked(*_run(own=5))


def test_one_line_is_asked_where_the_runs_families_show_subsidiaries_billed_apart() -> None:
    asked = _asked(*_run(own=5, families=len(BRANDS)))
    assert {f"{brand} Staffing" for brand in BRANDS} <= asked
    assert "Huffman Staffing" in asked


def test_two_names_with_no_word_in_common_never_lean_on_the_practice() -> None:
    # The same run's practice would carry 0.09 chance parents under names alike; "Meadow
    # Ridge Environmental" and "Kirby Financial Services" share no word.
    asked = _asked(*_run(own=5, families=len(BRANDS), stranger=True))
    assert "Huffman Staffing" in asked
    assert "Meadow Ridge Environmental" not in asked


def test_two_names_with_no_word_in_common_beyond_chance_over_the_run_are_asked() -> None:
    # Alone in its run, the two exact lines are beyond chance over the companies compared.
    gaps, lone = _run(own=0, stranger=True)
    assert "Meadow Ridge Environmental" in _asked(gaps, lone - {"Huffman Staffing"})


def test_the_run_bar_scales_with_the_companies_compared() -> None:
    assert beyond_run(0.05, 2)
    assert not beyond_run(0.05, 3)
    assert beyond_run(RUN_CHANCE, 0)
    assert few_lines_asked(0.05, compared=100, odds=0.06, alike=True)
    assert not few_lines_asked(0.05, compared=100, odds=0.06, alike=False)
    assert not few_lines_asked(0.07, compared=100, odds=0.06, alike=True)


def _three_lines(company: str, *, own: int, families: int = 0) -> set[str]:
    """``company`` fills "Quarry Holdings"' shortfall exactly on three products, each short
    as exactly at ``others`` other parents; 30 more parents are named Quarry."""
    gaps, lone = _run(own=own, families=families)
    others = 4 if company.startswith("Lakeside") else 8
    for product, seats in (("e5", 11), ("visio", 13), ("f3", 17)):
        gaps += [short("Quarry Holdings", product, seats, 0)]
        gaps += [lone_line(company, product, seats)]
        gaps += [short(f"{product} {i:02d} Farms", product, seats + 3, 3) for i in range(others)]
    gaps += [short(f"Quarry {i:02d} Dental", "kiosk", 3, 2) for i in range(30)]
    return _asked(gaps, lone | {company})


def test_three_exact_lines_under_names_alike_are_not_weighed_against_the_run() -> None:
    # "Quarry Partners": 0.018 chance parents for the company (eight other parents short
    # exactly so of each product, thirty named Quarry), 0.13 over the seven companies
    # compared, but three agreeing lines under names alike are asked on their own.
    assert "Quarry Partners" in _three_lines("Quarry Partners", own=5)


def test_three_exact_lines_under_names_with_no_word_in_common_are_weighed() -> None:
    # "Lakeside Partners": 0.008 chance parents for the company, 0.15 over the eighteen
    # companies compared; the families asked beside it say nothing of names with no word in
    # common (at 60,000 clients: "Kessler & Fleming Wealth Management" / "Red Trail
    # Chiropractic", three exact lines of one or two seats).
    asked = _three_lines("Lakeside Partners", own=10, families=len(BRANDS))
    assert {f"{brand} Staffing" for brand in BRANDS} <= asked
    assert "Lakeside Partners" not in asked
    # Alone in a small run, the same three lines are beyond chance over the run.
    assert "Lakeside Partners" in _three_lines("Lakeside Partners", own=0)


def test_chance_reads_the_parents_names_given_as_it_reads_them_itself() -> None:
    # The family step reads each parent's PSA name once per side and hands it to the chance
    # (parent_psa_names); what it weighs is the same either way, and its brands are the
    # first words of those names.
    gaps, _ = _run(own=2, families=3, stranger=True)
    kinds = (GapKind.MISSING_IN_PSA, GapKind.QUANTITY_MISMATCH)
    parents, exactly, _ = index_parents(gaps, kinds, 1)
    names = parent_psa_names(parents)
    own, given = Chance(parents, exactly), Chance(parents, exactly, psa_names=names.values())
    assert own.brands() == given.brands() == {first_word(n) for n in names.values()}
    assert "huffman" in own.brands()
