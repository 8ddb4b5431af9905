"""A lone company's lines for the family questions (:mod:`recon.engine.family_questions`).

A company with no client of its own is weighed on its one-sided lines. A line resting on a
mapping question (the reseller's own product text, exactly what mapping questions are about)
used to leave its company out of every family rule: a subsidiary filling its parent's
shortfall on fifteen products, one of them under a text both companies bill and a question
asks about, showed as fifteen "billed, not bought" gaps beside the parent's fifteen
shortfalls. Such a line is now set aside, the company weighed on its other lines, and the
line joins the question where the parent's line waits on the very same question or on none.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Collection, Mapping, Sequence

from recon.engine.family_fits import Fit
from recon.engine.family_own_pending import own_beside_exact
from recon.engine.family_review_lines import product_question
from recon.engine.office_pending import unseen_beside
from recon.model import PENDING_WORDS, Gap, GapKind


def lone_lines(
    gaps: Sequence[Gap],
    lone: Collection[str],
    *,
    reverse: bool,
    pending: dict[str, dict[str, Gap]] | None = None,
    only_pending: dict[str, dict[str, Gap]] | None = None,
) -> dict[str, dict[str, Gap]]:
    """Each lone company's one-sided gaps, per product (a company with any other gap, or
    a pending one, is left out: its lines are not all unexplained).

    With ``pending``, a one-sided line resting on a mapping question only is set aside
    there (company -> product -> gap) instead of leaving its company out: a reseller's own
    product text is what mapping questions are about, so a subsidiary billing one product
    under it would otherwise never be weighed on its other lines (:func:`with_pending`).
    With ``only_pending``, a company every line of which is so set aside is put there: it has
    no other line to be weighed on, and only its name can say whose it is (a department under
    its parent's whole name, "Mercer Holdings - Billing"; the caller reads it so).
    """
    out: dict[str, dict[str, Gap]] = defaultdict(dict)
    aside: dict[str, dict[str, Gap]] = defaultdict(dict)
    spoiled: set[str] = set()
    for gap in gaps:
        name = gap.vendor_client if reverse else gap.psa_client
        if name is None or name not in lone:
            continue
        other = gap.psa_client if reverse else gap.vendor_client
        kind = GapKind.MISSING_IN_PSA if reverse else GapKind.MISSING_IN_VENDOR
        if other is not None or gap.kind != kind:
            spoiled.add(name)
        elif gap.rests_on is None:
            out[name][gap.product_key] = gap
        elif pending is not None and gap.rests_on.startswith(PENDING_WORDS):
            aside[name][gap.product_key] = gap
        else:
            spoiled.add(name)
    kept = {n: lines for n, lines in out.items() if n not in spoiled}
    if pending is not None:
        pending.update((n, lines) for n, lines in aside.items() if n in kept)
        if only_pending is not None:
            only_pending.update(
                (n, lines) for n, lines in aside.items() if n not in out and n not in spoiled
            )
    return kept


def lines_with_pending(gaps: Sequence[Gap], lone: Collection[str]) -> dict[str, dict[str, Gap]]:
    """Each lone PSA company's one-sided lines, those on a mapping question included.

    For the offices of a customer held in review (:mod:`recon.engine.review_sites`), whose
    names and summed seats already made them one family question: an office billing one
    product under the reseller's own text ("Adobe Acrobat - Annual", a mapping question) was
    left out of the question, its one line "billed, not bought" beside the customer's
    "bought, not billed" (4 false gaps on the site families' check pairs). Such a line joins
    the question where the customer's line on the product is plain; the gap a "yes" implies
    then rests on both questions (:func:`recon.engine.family_unpaired.ask_one`). A company
    with any other gap (two-sided, or pending anything but a mapping question) is left out.
    """
    kept: dict[str, dict[str, Gap]] = defaultdict(dict)
    spoiled: set[str] = set()
    for gap in gaps:
        name = gap.psa_client
        if name is None or name not in lone:
            continue
        if (
            gap.vendor_client is not None
            or gap.kind != GapKind.MISSING_IN_VENDOR
            or not (gap.rests_on is None or gap.rests_on.startswith(PENDING_WORDS))
        ):
            spoiled.add(name)
        else:
            kept[name][gap.product_key] = gap
    return {n: lines for n, lines in kept.items() if n not in spoiled}


def with_pending(
    fit: Fit, pending: Mapping[str, Mapping[str, Gap]], parents: Mapping[str, Mapping[str, Gap]]
) -> Fit | None:
    """The fit with the company's lines set aside on a mapping question, or None.

    A line set aside joins the family question where the parent's line on that product waits
    on the very same mapping question (one product text on both companies: one agreement)
    or on none (the parent short of the product, the company billing it under a text of its
    own): the gap a "yes" implies then rests on both questions (``_implied`` in
    :mod:`recon.engine.family_questions` chains them). A line where the parent's line waits
    on another question, or on a product the parent is not short of, is not the parent's
    shortfall as far as anyone knows: the company is not asked about, as before.
    """
    aside = pending.get(fit.company)
    if not aside:
        return fit
    parent = parents[fit.parent]
    joined = dict(fit.lines)
    for product, own in aside.items():
        was = parent.get(product)
        if was is None and (unseen_beside(own, fit) or own_beside_exact(own, fit, parent)):
            continue  # the company's own pending gap, beside its fit (office_pending,
            # family_own_pending)
        # A parent's client review asks which customer, not which product (family_review_lines).
        if was is None or product_question(was.rests_on) not in (None, own.rests_on):
            return None
        joined[product] = own
    return dataclasses.replace(fit, lines=joined)
