"""A line of business written as a phrase: "Pierce Property Services", "Stone Real Estate".

:mod:`recon.engine.family_trades` reads a subsidiary named for the family's brand and one
word naming a line of business ("Bay Transport"). The NAICS titles a business names itself
by are phrases as often as words: most industries are titled "<trade> Services" (NAICS 2022:
5613 Employment Services, 561730 Landscaping Services, 561720 Janitorial Services, 5412
Accounting, Tax Preparation, Bookkeeping, and Payroll Services, 488490 "Other Support
Activities for Road Transportation", indexed as "towing services"), and some are two words
that stand for one trade (531 Real Estate, 6216 Home Health Care Services, 562 Waste
Management and Remediation Services, 531311 Residential Property Managers). So "Pierce
Property Services" carries on the trade "Property" as "Pierce Property" would; only the
name's reading changes, never the evidence the lines must give.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from recon.normalize import client_key

#: The head word NAICS titles put after a trade ("Landscaping Services"): the trade before
#: it is the company's line of business.
SERVICE_HEADS = ("Services",)

#: Two-word NAICS titles (and index entries) that name one trade, each with the one word of
#: :data:`recon.engine.family_trades.TRADES` it stands for.
PHRASES = {
    "Real Estate": "Realty",  # 531 Real Estate
    "Home Health": "Health",  # 6216 Home Health Care Services
    "Health Care": "Health",  # 62 Health Care and Social Assistance
    "Property Management": "Property",  # 531311 Residential Property Managers
    "Waste Management": "Waste",  # 562 Waste Management and Remediation Services
    "Freight Trucking": "Trucking",  # 4841 General Freight Trucking
}


@functools.cache
def _heads() -> frozenset[str]:
    return frozenset(client_key(word) for word in SERVICE_HEADS) - {""}


@functools.cache
def _phrases() -> dict[tuple[str, str], str]:
    out: dict[tuple[str, str], str] = {}
    for phrase, word in PHRASES.items():
        words = client_key(phrase).split()
        if len(words) == 2:
            out[(words[0], words[1])] = client_key(word)
    return out


def read_phrase(key: str, trade_word: Callable[[str], bool]) -> str:
    """A client key of a brand and a trade phrase, read as the brand and the phrase's trade
    word ("pierce prop svc" -> "pierce prop", "stone real estate" -> "stone realty"); any
    other key unchanged.

    Args:
        key: a client key (:func:`recon.normalize.client_key`).
        trade_word: True for a key word naming a line of business.
    """
    words = key.split()
    if len(words) != 3:
        return key
    brand, first, second = words
    if second in _heads() and trade_word(first):
        return f"{brand} {first}"
    stands_for = _phrases().get((first, second))
    return f"{brand} {stands_for}" if stands_for else key
