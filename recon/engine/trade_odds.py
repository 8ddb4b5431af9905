"""The run's own odds that a company named for a brand and a trade is a family's.

:mod:`recon.engine.family_practice` reads, from the questions a run asks on strong evidence,
the odds that one of its lone companies is a family's, and asks a fit on one exact line (or
on a trade, :mod:`recon.engine.family_trades`) where fewer other parents would fit it by
chance (:class:`~recon.engine.family_chance.Chance`, which scales with the parents the run
holds). Those odds are read over every lone company, and capped at
:data:`~recon.engine.family_chance.MAX_CHANCE`: a site, a cancelled customer's company or a
stranger weighs as much as a subsidiary. But a company named for the family's first word and
one line of business ("Copper Staffing" beside "Copper Hills Solar"; a NAICS 2022 industry
title, read by :mod:`recon.engine.family_trades` and :mod:`recon.engine.trade_phrases`) is the
shape an MSP gives a subsidiary it bills apart, and how often such companies are families is
a fact of this MSP's book that the run shows: on the site families' 20,000 pair 344 of 644
companies of that shape were asked about on their own evidence (odds 1.15), on the 20,000
pair without families none of 103 (odds 0).

So a brand-and-trade fit the capped odds leave unasked is asked where its chance parents stay
within :data:`MARGIN` times less than these odds (the fitted parent at least twice as likely a
family's as every coincidence together: the odds over the chance parents expected), and
below :data:`CAP` (fewer than half a parent expected to fit as well by chance, whatever the
odds). Below :data:`~recon.engine.family_practice.MIN_ASKED` such questions the run shows no
practice and nothing more is asked. It is a question with the money at stake, never a sum.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable

from recon.engine.family_practice import MIN_ASKED, brand_and_trade
from recon.engine.family_trades import trade_word
from recon.engine.trade_phrases import read_phrase

#: How many times the run's odds must exceed the chance parents expected.
MARGIN = 2.0
#: Chance parents expected, at most, whatever the odds.
CAP = 0.5


def brand_trade_shaped(key: str, brands: Collection[str]) -> bool:
    """True for a client key of a brand (a parent's first word) and one trade word or phrase.

    Args:
        key: the company's client key ("copper staffing", "novak prop svc").
        brands: the first words of the parents' company keys.
    """
    words = read_phrase(key, trade_word).split()
    return len(words) == 2 and trade_word(words[1]) and words[0] in brands


def trade_odds(
    lone: Iterable[str], asked: Collection[str], brands: Collection[str], key: Callable[[str], str]
) -> float:
    """The odds that a brand-and-trade company of this run is a family's.

    Args:
        lone: the run's lone PSA companies (as written).
        asked: companies the questions asked so far name.
        brands: the first words of the parents' company keys.
        key: a name's client key.

    Returns:
        Such companies asked about against those not; 0.0 below ``MIN_ASKED`` asked.
    """
    shaped = [c for c in lone if brand_trade_shaped(key(c), brands)]
    done = sum(1 for c in shaped if c in asked)
    if done < MIN_ASKED:
        return 0.0
    return done / max(len(shaped) - done, 1)


def beats_odds(expected: float, odds: float, *, share: float = 1.0) -> bool:
    """True when a fit's chance parents stay within the run's brand-and-trade odds.

    Args:
        expected: other parents the fit would match by chance.
        odds: :func:`trade_odds`.
        share: a smaller share for weaker fits (seats far from the shortfall).
    """
    return odds > 0 and expected <= min(odds / MARGIN, CAP) * share


def brand_trade_of(company: str, parent: str, key: Callable[[str], str]) -> bool:
    """True when a company is named for its parent's first word and one trade word or phrase
    ("Briggs Property Services" beside "Briggs Services"; ``family_practice.brand_and_trade``
    on the phrase read as its trade word).

    Args:
        company: the lone company (as written).
        parent: the parent's PSA company (as written).
        key: a name's client key.
    """
    read = read_phrase(key(company), trade_word)
    return trade_word(read.split()[-1]) and brand_and_trade(read, key(parent))
