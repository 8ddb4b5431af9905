"""A subsidiary that fills its parent's shortfall exactly on most lines, not on every one.

:mod:`recon.engine.family_questions` weighs a lone company against a parent only where the
parent is short of *every* product the company bills: a line the parent does not lack is
usually another client's. A subsidiary billed under the family's surname ("Woodward
Logistics" beside "Woodward Supply") carries the family's real gaps too: a product the
parent is billed more seats of than the vendor sells, or one the organisation never bought.
Its other lines still fill the parent's shortfall seat for seat, and at 20,000 clients such
companies were reported line by line as "missing in vendor" beside the parent's "missing in
PSA" gaps (nine subsidiaries, 56 gaps, on the site families' dev pair).

Here such a company is weighed too (:func:`most_lines`), where the evidence is strong:

- the two names begin with the same word (the brand a subsidiary keeps);
- its seats fill the parent's shortfall **exactly** on more than half of the products it
  bills (the lines the parent does not lack are the minority; a company every line of which
  the parent lacks is the usual rule's, so two exact lines of three at least);
- it bills at the parent's price wherever the parent bills the product (:func:`priced_apart`);
- the usual rules of the family question then hold: one parent and one company, and the
  exact lines rare enough not to fit another parent named alike by chance.

The question covers the lines the parent is short of; the others stay the company's own
gaps (a "yes" sums them from the next run), as for a company named after its parent.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from decimal import Decimal

from recon.engine.family_fits import priced_apart
from recon.model import Gap
from recon.normalize import client_key

#: Lines of a company the usual rule settles alone: all of them must then be exact.
MAX_USUAL = 2


def most_lines(
    companies: Mapping[str, Mapping[str, Gap]],
    parents: Mapping[str, Mapping[str, Gap]],
    exactly: Mapping[tuple[str, Decimal], set[str]],
    named_alike: Mapping[str, set[str]],
    *,
    first_word: Callable[[str], str],
    apart: Collection[tuple[str, str]],
    pending: Mapping[str, Mapping[str, Gap]] | None = None,
) -> list[tuple[str, str, dict[str, Gap]]]:
    """The parents each alike-named company fills exactly on most of its lines.

    Args:
        companies: each lone PSA company's one-sided gaps, per product key (those the usual
            rule fits none left out).
        parents: matched clients' shortfall gaps, per client key and product key.
        exactly: (product key, seats short) -> the parents short exactly so.
        named_alike: first word -> the parents whose names begin with it.
        first_word: a name's first key word.
        apart: (vendor client key, PSA client key) pairs people said are two.
        pending: each company's lines set aside on a mapping question (``family_lone``):
            lines of its bill like any other, exact where the parent is short exactly so
            and the parent's line waits on the same question or none (:func:`_joins`).

    Returns:
        (company, parent key, the company's lines the parent is short of) per fit, in the
        companies' sorted order (lines set aside left out: they join the question when it
        is asked, ``family_lone.with_pending``).
    """
    out = []
    for company, own in sorted(companies.items()):
        aside = pending.get(company, {}) if pending is not None else {}
        lines = {**own, **aside}
        if len(lines) <= MAX_USUAL:
            continue  # exact on more than half of two lines is every line: the usual rule's
        alike = named_alike.get(first_word(company))
        if not alike:
            continue
        # A parent exact on more than half the lines is exact on one of any half of them
        # (rounded up): the half whose seats the fewest parents lack exactly is searched, so
        # one seat of a common product (thousands of parents at 60,000 clients) rarely is.
        held = sorted(len(exactly.get((p, gap.psa_qty), ())) for p, gap in lines.items())
        found: set[str] = set()
        for product, gap in lines.items():
            holders = exactly.get((product, gap.psa_qty))
            if holders and len(holders) <= held[(len(lines) - 1) // 2]:
                found |= alike & holders
        for parent in sorted(found):
            gaps = parents[parent]
            short = {p: gap for p, gap in own.items() if p in gaps}
            exact = sum(1 for p, gap in short.items() if abs(gaps[p].seat_delta) == gap.psa_qty)
            exact += sum(1 for p, gap in aside.items() if _joins(gaps.get(p), gap))
            if not short or 2 * exact <= len(lines) or priced_apart(gaps, short):
                continue
            vendor_name = next(iter(gaps.values())).vendor_client or ""
            if (client_key(vendor_name), client_key(company)) not in apart:
                out.append((company, parent, short))
    return out


def _joins(parent: Gap | None, line: Gap) -> bool:
    """True when a line set aside on a mapping question fills the parent's shortfall
    exactly, the parent's line waiting on that question or none (as it joins the question,
    ``family_lone.with_pending``)."""
    return (
        parent is not None
        and parent.rests_on in (None, line.rests_on)
        and abs(parent.seat_delta) == line.psa_qty
    )
