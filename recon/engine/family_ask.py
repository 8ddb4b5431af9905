"""One family question on one fit: its lines, the money at stake, and the gaps a "yes" implies.

:mod:`recon.engine.family_questions` decides which lone companies fit which parent; here a
fit becomes the question a person answers ("Is East Transport billed for East Springs Legal
Services' licences?"): the parent's and the company's gaps it holds, and in place of the
parent's the gap the summed seats still make (:mod:`recon.engine.family_implied`), pending
the answer.
"""

from __future__ import annotations

from collections.abc import Mapping

from recon.engine.family_fits import Fit
from recon.engine.family_implied import below_cost_gap, implied_gap
from recon.engine.family_lone import with_pending
from recon.model import FamilyLine, FamilyQuestion, Gap, GapKind, pending_family
from recon.money import ZERO, cents

#: One question with the parent's gaps a "yes" implies (by the key they replace) and the keys
#: of the gaps it holds.
Asked = tuple[FamilyQuestion, dict[str, Gap], set[str]]


def ask_fit(
    fit: Fit,
    aside: Mapping[str, Mapping[str, Gap]],
    parents: Mapping[str, Mapping[str, Gap]],
    questions: list[Asked],
    on_fits: list[tuple[int, Fit]],
    *,
    reverse: bool,
) -> None:
    """Ask about one fit (its pending lines joined, family_lone), unless they forbid it."""
    ask = with_pending(fit, aside, parents)
    if ask is not None:
        on_fits.append((len(questions), ask))
        questions.append(question_on(ask, parents[fit.parent], reverse=reverse))


def question_on(fit: Fit, parent: Mapping[str, Gap], *, reverse: bool) -> Asked:
    """The question on one fit, the parent's gaps a "yes" implies (by the key they replace)
    and the keys of the gaps it holds."""
    first = parent[next(iter(fit.lines))]
    vendor_name, psa_name = first.vendor_client or "", first.psa_client or ""
    asked_vendor, asked_psa = (fit.company, psa_name) if reverse else (vendor_name, fit.company)
    rests_on = pending_family(asked_psa, asked_vendor)
    vendors = (vendor_name, fit.company) if reverse else (vendor_name,)
    companies = (psa_name,) if reverse else (psa_name, fit.company)
    summed = " + ".join(vendors if reverse else companies)
    lines: list[FamilyLine] = []
    new: dict[str, Gap] = {}
    gone: set[str] = set()
    held: set[tuple[str, str]] = set()
    stake = ZERO
    for product, own in sorted(fit.lines.items()):
        was = parent[product]
        stake += abs(was.monthly_impact) + abs(own.monthly_impact)
        held |= {(was.client_key, was.product_key), (own.client_key, own.product_key)}
        gone |= {was.key, own.key}
        if reverse:
            lines.append(
                FamilyLine(
                    was.product,
                    ((vendor_name, was.vendor_qty), (fit.company, own.vendor_qty)),
                    ((psa_name, was.psa_qty),),
                )
            )
        else:
            lines.append(
                FamilyLine(
                    was.product,
                    ((vendor_name, was.vendor_qty),),
                    ((psa_name, was.psa_qty), (fit.company, own.psa_qty)),
                )
            )
        implied = implied_gap(was, own, reverse=reverse, rests_on=rests_on, summed=summed)
        if implied is None and not reverse:  # the seats agree; the price may not
            implied = below_cost_gap(was, own, rests_on=rests_on, summed=summed)
        if implied is not None:
            new[was.key] = implied
            gone.discard(was.key)
    shape = (
        f"{fit.company!r} is a vendor customer with no PSA company; its seats are what "
        f"{psa_name!r} bills beyond what {vendor_name!r} holds"
        if reverse
        else f"{fit.company!r} has no vendor customer of its own; its seats fill what "
        f"{psa_name!r} leaves short of what {vendor_name!r} holds"
    )
    agree = sum(1 for p in fit.lines if _agrees(new.get(parent[p].key)))
    question = FamilyQuestion(
        vendor_client=asked_vendor,
        psa_client=asked_psa,
        vendor_clients=vendors,
        psa_clients=companies,
        lines=tuple(lines),
        money_at_stake=cents(stake),
        reason=f"{shape} on {len(fit.lines)} product(s), exactly on {agree}; the names do not "
        "say whether they are one organisation",
        held=frozenset(held),
    )
    return question, new, gone


def _agrees(implied: Gap | None) -> bool:
    """True where the summed seats agree (no gap, or only a price below cost)."""
    return implied is None or implied.kind is GapKind.PRICE_BELOW_COST
