"""A subsidiary's line of business written as a NAICS phrase: "Bay Transport Services".

``recon.engine.trade_phrases``: NAICS titles most industries "<trade> Services" (5613
Employment Services, 561730 Landscaping Services) and names some trades in two words (531
Real Estate). "Pierce Property Services" beside "Pierce Association" (the sites dev pair)
was read as a name of three words, not the brand and a trade, and its line showed as a gap
on each side. The phrase is read as its trade; the lines and chance decide as before.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from recon.engine.family_trades import trade_word
from recon.engine.trade_phrases import read_phrase
from tests.recon.test_family_trades import F3, PARENT, _families, _gaps, _report


@pytest.mark.parametrize("company", ["Bay Transport Services", "Bay Real Estate"])
def test_a_trade_written_as_a_phrase_is_one_question(tmp_path: Path, company: str) -> None:
    report = _report(tmp_path, company=company)
    (question,) = _families(report)
    assert question["question"] == f"Is {company} billed for {PARENT}'s licences?"
    (gap,) = [g for g in report["gaps"] if g["client"] in (PARENT, company)]
    assert (gap["client"], gap["kind"], gap["seat_delta"]) == (PARENT, "quantity_mismatch", -3)


def test_a_place_before_services_is_no_trade(tmp_path: Path) -> None:
    report = _report(tmp_path, company="Bay Fresno Services")
    assert _families(report) == []
    assert ("Bay Fresno Services", F3, "missing_in_vendor") in _gaps(report)


@pytest.mark.parametrize(
    ("key", "read"),
    [
        ("pierce prop svc", "pierce prop"),  # Property Services: the trade Property
        ("stone real estate", "stone rlty"),  # Real Estate: the trade Realty
        ("pierce assoc svc", "pierce assoc svc"),  # no trade before Services
        ("bay staffing", "bay staffing"),  # one word: as it was
        ("bay prop svc north", "bay prop svc north"),  # more words: another name
    ],
)
def test_read_phrase(key: str, read: str) -> None:
    assert read_phrase(key, trade_word) == read
