"""A subsidiary that shares only its parent's first word, asked where the MSP bills them apart.

A subsidiary billed as a PSA company of its own under the family's surname and its own line
of business ("Huffman Staffing" beside the matched "Huffman Logistics") often bills one
product: its one line fills the parent's shortfall exactly, and nothing else in the files
ties the two. :mod:`recon.engine.family_questions` weighs that line by chance
(``family_chance.Chance``): how many other parents, short exactly as many seats of the
product and named with the same first word, would fit as well. Past
:data:`~recon.engine.family_chance.MAX_CHANCE` (0.1) the line is no evidence on its own,
and at 20,000 clients one to five seats of Business Premium, Standard or Basic are short at
dozens of parents: the true subsidiaries' lines were reported as a "missing in vendor" gap
beside the parent's "missing in PSA" gap. A subsidiary exact on half its lines, the others
products the parent is not short of, is held back to the same rule
(:mod:`recon.engine.family_half_lines`).

Whether such a fit is a family also depends on how this MSP bills. One that opens a PSA
company per subsidiary does so across its book, and its run already asks about many
companies on their own evidence (two exact lines, a parent's whole name); one that never
does asks about next to none. The run's questions so far, against its lone companies, are
the prior odds that a lone company is a family's (:func:`practice_odds`): a held-back fit is
asked when the other parents expected by chance are no more than those odds (the fit is then
at least as likely a family's as a coincidence), and only when the company's name is the
parent's first word and **one** word of its own (:func:`brand_and_trade`), the shape a
subsidiary named for its brand and line of business takes. A longer name ("Coastal Harbor
Home Health" beside "Coastal Lake Insurance Services") says more about who the company is
than the one word in common, and on the dev sets every such fit was two companies.

Measured on the dev sets at the start of round twenty: on the site families' 20,000 pair
(odds 0.28) ten subsidiaries were asked about, none wrongly; on the 20,000 and 60,000 pairs
without families and on the reshaped names (odds 0.00 to 0.01) nothing more was asked, where
a fixed bar of 0.25 would have asked about two different companies ("Mcdaniel Roofing" /
"Mcdaniel Transportation", "Nelson Accounting" / "Nelson and Corbett Landscaping").
It is a question with the money at stake, never a sum: a person's "no" is final.
"""

from __future__ import annotations

#: Questions the run must already ask before their share is read as the MSP's practice.
MIN_ASKED = 5
#: Words in a company's key named for its brand and line of business ("huffman staffing").
BRAND_AND_TRADE = 2


def practice_odds(asked: int, lone: int) -> float:
    """The odds that one of the run's lone companies is a family's, from its own questions.

    Args:
        asked: family questions the run asks on their own evidence.
        lone: PSA companies with no vendor customer whose every line is a gap.

    Returns:
        ``asked`` against the lone companies not asked about; 0.0 below :data:`MIN_ASKED`
        questions (too few to say how the MSP bills).
    """
    if asked < MIN_ASKED:
        return 0.0
    return asked / max(lone - asked, 1)


def brand_and_trade(company: str, parent: str) -> bool:
    """True when a company's key is the parent's first word and one word of its own.

    Args:
        company: the lone company's client key ("huffman staffing").
        parent: the parent's client key ("huffman logistics").

    Returns:
        True for "huffman staffing" beside "huffman logistics"; False for a longer name
        ("coastal harbor home health") or a word the parent's name has too.
    """
    words, own = company.split(), parent.split()
    # A word of the parent's own in second place is its name cut short, not another trade.
    return (
        len(words) == BRAND_AND_TRADE and bool(own) and words[0] == own[0] and words[1] not in own
    )
