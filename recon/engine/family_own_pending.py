"""A subsidiary's line on a mapping question its parent is not short of stays its own gap.

A family question weighs a lone company on its one-sided lines, a line pending a mapping
question (the reseller's own product text) set aside: it joins the question where the
parent's line on the product waits on the same question or on none
(:func:`recon.engine.family_lone.with_pending`). Where the parent is not short of that
product at all, the company went unasked, however well its other lines fit. A subsidiary
billed as a PSA company of its own ("Evergreen Staffing" beside "Evergreen Point Roofing")
is billed for its own users' share of the one tenant's licences (ConnectWise's separate
companies per location, each paying its own, visionary360.com "When to use sites vs
separate companies in ConnectWise Manage"; Autotask's sub-organizations, which "you may well
bill" individually, some things to the parent and some to the sub-organizations, Autotask
help "Invoicing sub-organization items to a parent organization"): its share of a product under the
reseller's own text ("Managed AV - Workstation") is a question about the text, not about
whose company it is. It used to leave four products' exact shares reported twice each, as
"billed, not bought" at the company and "bought, not billed" at the parent.

Here such a line stays the company's own gap, resting on its mapping question as beside any
client, and the company is asked about on its other lines, where those are strong evidence
of one family on their own: the names begin with the same word (the brand a subsidiary
keeps), and every other line fills the parent's shortfall seat for seat, on
:data:`MIN_EXACT` products or more (the fit has already passed the chance reckoning of
:mod:`recon.engine.family_chance`). Fewer exact lines, or any line only near, leave the
company unasked, as before: a line the parent is not short of is then as likely another
client's.
"""

from __future__ import annotations

from collections.abc import Mapping

from recon.engine.family_fits import Fit
from recon.model import Gap, GapKind

#: Exact lines a fit must hold, every one of its lines, before a pending line its parent is
#: not short of may stay beside it: three products' seats equal to three shortfalls.
MIN_EXACT = 3


def own_beside_exact(own: Gap, fit: Fit, parent: Mapping[str, Gap]) -> bool:
    """True when ``own`` (the company's line pending a mapping question, of a product its
    parent is not short of) may stay the company's own gap beside ``fit``: the names begin
    alike and every line of the fit fills the ``parent``'s shortfall exactly, on
    :data:`MIN_EXACT` products or more."""
    if not fit.alike or own.kind is not GapKind.MISSING_IN_VENDOR:
        return False
    exact = 0
    for product, line in fit.lines.items():
        short = parent.get(product)
        if short is None or abs(short.seat_delta) != line.psa_qty:
            return False
        exact += 1
    return exact >= MIN_EXACT
