"""A subsidiary sharing only its parent's first word, asked where the MSP bills them apart.

``recon.engine.family_practice``: one line of "Huffman Staffing" filling the shortfall of
"Huffman Logistics" exactly is no evidence on its own where other parents named "Huffman"
are short as many seats by chance; it is asked about where the run's own questions show
that this MSP bills subsidiaries as companies of their own, and the name is the brand and
one word of its own.
"""

from __future__ import annotations

import pytest

from recon.engine.family_practice import MIN_ASKED, brand_and_trade, practice_odds
from recon.engine.family_questions import ask_families
from recon.model import Gap
from tests.recon.family_gaps import lone as lone_line
from tests.recon.family_gaps import short

#: Families the run asks about on two exact lines each: the MSP bills subsidiaries apart.
BRANDS = ("Abbott", "Barlow", "Carver", "Dalton", "Easton", "Fulton")


#: Trades (NAICS 2022 words) for PSA-only companies named like subsidiaries.
TRADES = ("Logistics", "Imaging", "Trucking", "Plumbing")


def _run(
    company: str = "Huffman Staffing",
    *,
    families: int = len(BRANDS),
    own_clients: int = 5,
    shaped: bool = False,
) -> tuple[list[Gap], set[str]]:
    """A run's gaps and lone companies: ``company`` bills the 4 seats "Huffman Logistics"
    lacks (one line); three other parents and one more "Huffman" parent make that a chance
    fit (0.3 other parents expected, above the fixed bar of 0.1); ``families`` companies
    fill a parent's shortfall on two exact lines; ``own_clients`` PSA-only companies bill
    products nobody is short of, named like subsidiaries (a parent's brand and a trade) when
    ``shaped``."""
    gaps = [short("Huffman Logistics", "bp", 4, 0), lone_line(company, "bp", 4)]
    gaps += [short(name, "bp", 10, 6) for name in ("Birch Dental", "Cedar Law", "Delta Farms")]
    gaps += [short("Huffman Dental", "exo", 5, 2)]
    for i, brand in enumerate(BRANDS[:families]):
        gaps += [
            short(f"{brand} Foods", "exo", 10 + i, 0),
            short(f"{brand} Foods", "e5", 20 + i, 0),
        ]
        gaps += [
            lone_line(f"{brand} Staffing", "exo", 10 + i),
            lone_line(f"{brand} Staffing", "e5", 20 + i),
        ]
    if shaped:
        names = [f"{brand} {trade}" for trade in TRADES for brand in BRANDS][:own_clients]
        gaps += [lone_line(name, "visio", 2) for name in names]
        own_clients = 0
    gaps += [
        lone_line(f"Own {word} Realty", "visio", 2)
        for word in (
            "Alpha",
            "Beta",
            "Gamma",
            "Delta",
            "Omega",
            "Kappa",
            "Sigma",
            "Theta",
            "Zeta",
            "Iota",
            "Lambda",
            "Rho",
            "Tau",
            "Phi",
            "Chi",
            "Psi",
            "Eta",
            "Nu",
            "Xi",
            "Mu",
        )[:own_clients]
    ]
    lone = {g.psa_client for g in gaps if g.vendor_client is None and g.psa_client}
    return gaps, lone


def _asked(gaps: list[Gap], lone: set[str]) -> set[str]:
    questions = ask_families(gaps, lone_psa=lone, lone_vendor=()).questions
    return {q.psa_client for q in questions}


def test_a_one_line_subsidiary_is_asked_where_the_run_shows_subsidiaries_billed_apart() -> None:
    asked = _asked(*_run())
    assert "Huffman Staffing" in asked
    assert {f"{brand} Staffing" for brand in BRANDS} <= asked


def test_without_the_runs_own_families_one_line_under_a_surname_is_not_asked() -> None:
    # Fewer than MIN_ASKED questions on their own evidence: nothing says how this MSP bills,
    # and the one line is a coincidence as often as not.
    asked = _asked(*_run(families=MIN_ASKED - 1))
    assert "Huffman Staffing" not in asked


def test_a_line_more_likely_chance_than_family_is_not_asked() -> None:
    # Twenty PSA-only companies more, each named for a parent's brand and a trade as a
    # subsidiary is: six families among 27 companies of that shape (odds 0.29, so at most
    # 0.15 chance parents by recon.engine.trade_odds), below the 0.3 other parents the line
    # would fit by chance. (Companies of another shape would not lower these odds: the run
    # reads how often this MSP's brand-and-trade companies are families.)
    asked = _asked(*_run(own_clients=20, shaped=True))
    assert "Huffman Staffing" not in asked
    assert {f"{brand} Staffing" for brand in BRANDS} <= asked


def test_a_longer_name_sharing_one_word_is_not_asked() -> None:
    # "Huffman Harbor Home Health" says more about who it is than the one word in common.
    asked = _asked(*_run("Huffman Harbor Home Health"))
    assert "Huffman Harbor Home Health" not in asked


@pytest.mark.parametrize(
    ("company", "parent", "expected"),
    [
        ("huffman staffing", "huffman logistics", True),
        ("huffman staffing", "huffman", True),
        ("huffman harbor staffing", "huffman logistics", False),
        ("huffman", "huffman logistics", False),
        ("huffman logistics", "huffman logistics group", False),
        ("hoffman staffing", "huffman logistics", False),
    ],
)
def test_brand_and_trade_is_the_parents_first_word_and_one_of_its_own(
    company: str, parent: str, expected: bool
) -> None:
    assert brand_and_trade(company, parent) is expected


def test_practice_odds_need_enough_questions() -> None:
    assert practice_odds(MIN_ASKED - 1, 10) == 0.0
    assert practice_odds(6, 27) == pytest.approx(6 / 21)
    assert practice_odds(6, 6) == 6.0
