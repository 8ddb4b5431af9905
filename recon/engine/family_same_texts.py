"""A company's line under the text its parent bills too, weighed as seat evidence.

A company's line resting on a mapping question (the reseller's own text, "File Sharing
(Egnyte)") is set aside by the family step and the company weighed on its other lines
(:mod:`recon.engine.family_lone`). Where its parent's line waits on the very same question,
the one text is billed at both companies under one agreement, so whatever product it turns
out to be, the company's seats there fill the parent's shortfall as any line's do: "Star
Staffing" billing 1 seat of "File Sharing (Egnyte)" beside its parent 1 seat short of it
under that text, and 2 Exchange Online (Plan 1) beside a shortfall of 3, is one question,
not two "billed, not bought" gaps beside two shortfalls. The question and the gap a "yes"
implies rest on the mapping question too (:func:`recon.engine.family_lone.with_pending`).

Only a company no rule fitted on its other lines is weighed so, every line it sets aside
must be one its parent waits on the same question for, and the fit goes through the same
guards as any (one parent, the chance of a coincidence, the first word): the text shared is
what lets its seats count, never what makes the fit.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence

from recon.engine.family_fits import Fit
from recon.engine.family_review_lines import product_question
from recon.model import Gap

Weigh = Callable[[Mapping[str, Mapping[str, Gap]], Callable[[str], Collection[str]]], list[Fit]]


def same_text_fits(
    weigh: Weigh,
    lone: Mapping[str, Mapping[str, Gap]],
    pending: Mapping[str, Mapping[str, Gap]],
    fits: Sequence[Fit],
    parents: Mapping[str, Mapping[str, Gap]],
    named: Callable[[str], Collection[str]],
) -> list[Fit]:
    """The fits of companies no fit names, weighed with their set-aside lines joined.

    Args:
        weigh: the family step's line weighing (:class:`recon.engine.family_line_fits.LineFits`).
        lone: each lone company's plain one-sided lines, per product key.
        pending: each such company's lines set aside on a mapping question.
        fits: the fits found on the plain lines (their companies are not weighed again).
        parents: the parents' shortfall gaps, per client key and product key.
        named: a company -> the parents it is named after.

    Returns:
        The new fits whose every set-aside line the parent bills under the same question.
    """
    fitted = {fit.company for fit in fits}
    joined = {
        company: {**lone.get(company, {}), **aside}
        for company, aside in pending.items()
        if company not in fitted and company in lone
    }
    if not joined:
        return []
    return [fit for fit in weigh(joined, named) if _same_texts(fit, pending, parents)]


def _same_texts(
    fit: Fit, pending: Mapping[str, Mapping[str, Gap]], parents: Mapping[str, Mapping[str, Gap]]
) -> bool:
    """True when the parent's line on each of the company's set-aside products waits on the
    company line's very mapping question."""
    parent = parents.get(fit.parent, {})
    for product, own in pending.get(fit.company, {}).items():
        if product not in fit.lines:
            continue
        was = parent.get(product)
        if was is None or product_question(was.rests_on) != own.rests_on:
            return False
    return True
