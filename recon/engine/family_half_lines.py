"""A subsidiary under the family's brand filling its parent's shortfall exactly on half its lines.

A subsidiary billed as a PSA company of its own under the family's first word and one word
for its line of business ("Tran Logistics" beside "Tran Island Nursery and Garden") often
bills two products: one its parent lacks, seat for seat, and one the organisation never
bought from this vendor, or bills beyond what it bought (the family's real gap). Neither
usual rule reads it: :mod:`recon.engine.family_questions` wants the parent short of every
product the company bills, :mod:`recon.engine.family_most_lines` wants more than half the
lines exact. On the site-family dev sets four such subsidiaries ("Tran Logistics", "Woodward
Imaging", "Alvarado Staffing", "Compass Transport") were reported line by line, a "billed,
not bought" gap beside the parent's shortfall of the very seats.

Half the lines exact is weaker evidence than most of them: a company named like its parent
that bills one line the parent lacks and one it does not is as often another client. So such
a fit (:func:`half_lines`) is only ever asked where the run's own questions show that this
MSP bills subsidiaries apart, exactly as a one-line subsidiary is
(:mod:`recon.engine.family_practice`: the chance parents expected no more than the run's
practice odds, the name the parent's first word and one word of its own):

- the company's name is the brand and one trade word (:func:`brand_and_trade`);
- every line of it the parent is short of fills the shortfall **exactly** (no near seats),
  and those are at least half its lines; the others are products the parent is not short
  of at all;
- it bills at the parent's price wherever the parent bills the product (:func:`priced_apart`);
- one parent and one company (the caller's :func:`recon.engine.family_fits.unique`).

The question covers the lines the parent is short of; the others stay the company's own gaps
(a "yes" sums them from the next run), and the rest of its bill joins as for any question
(:mod:`recon.engine.family_rest`).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from decimal import Decimal

from recon.engine.family_fits import priced_apart
from recon.engine.family_practice import brand_and_trade
from recon.model import Gap
from recon.normalize import client_key

#: Lines a company needs for half of them to be read (one line is the one-line rule's).
MIN_LINES = 2


def half_lines(
    companies: Mapping[str, Mapping[str, Gap]],
    parents: Mapping[str, Mapping[str, Gap]],
    exactly: Mapping[tuple[str, Decimal], set[str]],
    named_alike: Mapping[str, set[str]],
    *,
    key: Callable[[str], str],
    apart: Collection[tuple[str, str]],
) -> list[tuple[str, str, dict[str, Gap]]]:
    """The parents each brand-and-trade company fills exactly on half its lines.

    Args:
        companies: each lone PSA company's one-sided gaps, per product key (companies other
            rules fit left out).
        parents: matched clients' shortfall gaps, per client key and product key.
        exactly: (product key, seats short) -> the parents short exactly so.
        named_alike: first word -> the parents whose names begin with it.
        key: a name's client key.
        apart: (vendor client key, PSA client key) pairs people said are two.

    Returns:
        (company, parent key, the company's lines the parent is short of) per fit, in the
        companies' sorted order.
    """
    out = []
    for company, lines in sorted(companies.items()):
        if len(lines) < MIN_LINES:
            continue
        own = key(company)
        alike = named_alike.get(own.split(maxsplit=1)[0] if own else "")
        if not alike:
            continue
        # A parent exact on half the lines is exact on one of any half of them plus one: the
        # lines the fewest parents lack exactly so are searched (a few parents per company).
        held = sorted(len(exactly.get((p, gap.psa_qty), ())) for p, gap in lines.items())
        bar = held[len(lines) // 2]
        found: set[str] = set()
        for product, gap in lines.items():
            holders = exactly.get((product, gap.psa_qty))
            if holders and len(holders) <= bar:
                found |= alike & holders
        for parent in sorted(found):
            gaps = parents[parent]
            first = next(iter(gaps.values()))
            if not brand_and_trade(own, key(first.psa_client or "")):
                continue
            short = {p: gap for p, gap in lines.items() if p in gaps}
            exact = sum(1 for p, gap in short.items() if abs(gaps[p].seat_delta) == gap.psa_qty)
            if exact < len(short) or 2 * exact < len(lines) or priced_apart(gaps, short):
                continue
            if (client_key(first.vendor_client or ""), client_key(company)) not in apart:
                out.append((company, parent, short))
    return out
