"""An office's line on a mapping question its parent shows no line for stays its own gap.

A family question weighs a lone company on its one-sided lines, a line pending a mapping
question set aside (:func:`recon.engine.family_lone.with_pending`): it joins the question
where the parent's line on the product waits on the same question or on none. Where the
parent shows no line for the product at all, the company used to go unasked. But the parent
of an office is often itself a pair compared pending its review ("Iron Crossing Fam.
Dentistry" = "...: Madison Office"?), whose vendor line beside a text a mapping question
names is left to that answer, never shown (:mod:`recon.engine.pending_review`): the sibling
office ("...: Fresno Office") billing its share of that product under the same text then lost
a family question its six exact lines made, and every one of those lines showed twice.

An office named after its parent (its sibling site or its whole name plus a label), fitting
on two lines or more, is asked about on those; its pending line stays its own gap, resting on
the mapping question, as it would beside any client.
"""

from __future__ import annotations

from recon.engine.family_fits import Fit
from recon.model import Gap, GapKind

#: Lines a fit must hold on its own for a pending line its parent shows nothing of to stay
#: beside it: one line is too little to be a family on (family_practice reckons those).
MIN_OWN_LINES = 2


def unseen_beside(own: Gap, fit: Fit) -> bool:
    """True when ``own`` (the company's line pending a mapping question, of a product its
    parent shows no line for) may stay the company's own gap beside ``fit``."""
    return fit.named and len(fit.lines) >= MIN_OWN_LINES and own.kind is GapKind.MISSING_IN_VENDOR
