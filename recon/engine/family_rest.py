"""The rest of an asked company's bill: its lines on products its parent holds in full.

:mod:`recon.engine.family_questions` asks one question where a company with no vendor
customer of its own fills its parent's shortfall ("Is Harlow Logistics billed for Harlow
Transportation LLC's licences?"). A subsidiary or department billed under the family's
agreement also bills products its parent's company bills in full or beyond (two Microsoft
365 E5 seats at the subsidiary, the one the vendor sells billed at the parent): the family's
real gap is the summed seats against the vendor's ("bought 1, billed 3"), but the line used
to stay the company's own "billed, not bought" beside the question, under the wrong kind and
the wrong client (on the site families' dev sets, 11 such lines at 85 to 20,000 clients).

Here, once a company is asked about, each of its other one-sided lines joins the question
where the parent's vendor customer holds the product:

- the parent's company bills **more** than the vendor sells (a quantity gap, billed over):
  the line is the family's, where the company bills it at the parent's unit price (one
  agreement, one price; another price is another client's line);
- the parent's company bills **exactly** what the vendor sells (no gap at all): the summed
  seats are the family's over-billing.

The gap a "yes" implies (the summed seats, a quantity gap) shows now, pending the question,
as for the question's own lines (:func:`recon.engine.family_implied.implied_gap`); the
company's line waits for the answer. A line on a product the parent's vendor customer does
not hold stays the company's own gap (billed, not bought, whatever the answer). Never a sum:
a person's "no" keeps the companies apart from the next run.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Collection, Mapping, Sequence
from decimal import Decimal

import pandas as pd

from recon.engine.family_fits import Fit
from recon.engine.family_implied import implied_gap
from recon.model import (
    PENDING_WORDS,
    FamilyLine,
    FamilyQuestion,
    Gap,
    GapKind,
    SeatCol,
    pending_family,
)
from recon.money import cents

#: (client key, product key) -> (vendor seats, billed seats) of matched clients compared
#: with no gap; given the parents' client keys (:func:`recon.engine.reconcile` reads them
#: from the comparison's seat rows).
Held = Callable[[Collection[str]], Mapping[tuple[str, str], tuple[Decimal, Decimal]]]

Asked = tuple[FamilyQuestion, dict[str, Gap], set[str]]

_MILLI = Decimal(1000)


def held_seats(seats: pd.DataFrame) -> Held:
    """:data:`Held` over a comparison's seat rows (:class:`recon.model.SeatCol`).

    The rows are filtered to the parents asked about when read (a few hundred clients at
    60,000), never turned into Python objects whole.
    """

    def read(parents: Collection[str]) -> dict[tuple[str, str], tuple[Decimal, Decimal]]:
        if not len(seats) or not parents:
            return {}
        rows = seats[seats[SeatCol.CLIENT_KEY].isin(list(parents))]
        return {
            (str(c), str(p)): (Decimal(int(v)) / _MILLI, Decimal(int(q)) / _MILLI)
            for c, p, v, q in zip(
                rows[SeatCol.CLIENT_KEY],
                rows[SeatCol.PRODUCT_KEY],
                rows[SeatCol.VENDOR_QTY],
                rows[SeatCol.PSA_QTY],
                strict=True,
            )
        }

    return read


def with_rest(
    questions: list[Asked],
    asked: Sequence[tuple[int, Fit]],
    lone: Mapping[str, Mapping[str, Gap]],
    gaps: Sequence[Gap],
    held: Held | None,
    pending: Mapping[str, Mapping[str, Gap]] | None = None,
) -> None:
    """Add each asked company's other lines on products its parent holds (in place).

    Args:
        questions: the run's questions so far, as :func:`_question` builds them.
        asked: (index in ``questions``, fit) of each PSA-side question on one parent.
        lone: each lone company's one-sided lines (product key -> gap).
        gaps: the comparison's gaps (the parents' gaps billed over are read here).
        held: the parents' seats where they have no gap; None reads billed-over gaps only.
        pending: each lone company's lines set aside on a mapping question (family_lone):
            such a line joins where the parent's company bills the product over, the gap a
            "yes" implies then resting on the family question and every mapping question
            either line waits on (:func:`recon.engine.family_implied.implied_gap`); beside
            a parent billing it in full it stays the company's own share
            (:mod:`recon.engine.family_own_pending`).
    """
    parents = {fit.parent for _, fit in asked}
    over: dict[str, dict[str, Gap]] = {}
    gapped: set[tuple[str, str]] = set()
    anchors: dict[str, Gap] = {}  # one gap of each parent's pair, for its names as written
    for gap in gaps:
        if gap.client_key not in parents:
            continue
        gapped.add((gap.client_key, gap.product_key))
        if gap.vendor_client and gap.psa_client:
            anchors.setdefault(gap.client_key, gap)
        if (
            gap.kind is GapKind.QUANTITY_MISMATCH
            and gap.seat_delta < 0
            and gap.vendor_client
            and gap.psa_client
            and (gap.rests_on is None or gap.rests_on.startswith(PENDING_WORDS))
        ):
            over.setdefault(gap.client_key, {})[gap.product_key] = gap
    seats = held(parents) if held is not None else {}
    taken: set[str] = set()  # a parent's gap joins one question only
    for at, fit in asked:
        rest = {p: g for p, g in lone.get(fit.company, {}).items() if p not in fit.lines}
        if pending is not None:
            rest.update(
                (p, g) for p, g in pending.get(fit.company, {}).items() if p not in fit.lines
            )
        if not rest:
            continue
        question, new, gone = questions[at]
        anchor = anchors.get(fit.parent)
        if anchor is None:
            continue
        lines: list[FamilyLine] = []
        added = Decimal(0)
        pairs: set[tuple[str, str]] = set()
        for product, own in sorted(rest.items()):
            was = over.get(fit.parent, {}).get(product)
            real = was is not None
            if not real and own.rests_on is not None:
                continue  # a share pending its text, beside a parent billing the product in
                # full, stays the company's own (family_own_pending)
            if was is not None:
                if was.key in taken or was.psa_unit_price != own.psa_unit_price:
                    continue
            else:
                both = seats.get((fit.parent, product))
                if both is None or (fit.parent, product) in gapped or both[0] <= 0:
                    continue
                was = _exact(anchor, own, fit.parent, both)
            rests_on = pending_family(question.psa_client, question.vendor_client)
            summed = " + ".join(question.psa_clients)
            implied = implied_gap(was, own, reverse=False, rests_on=rests_on, summed=summed)
            if implied is None:
                continue  # never: the company bills seats of its own on top of the parent's
            taken.add(was.key)
            if real:
                new[was.key] = implied  # in place of the parent's gap, billed over
                gone.add(own.key)
            else:
                new[own.key] = implied  # the parent has no gap: in place of the company's line
            pairs |= {(was.client_key, was.product_key), (own.client_key, own.product_key)}
            added += abs(was.monthly_impact) + abs(own.monthly_impact)
            lines.append(
                FamilyLine(
                    was.product,
                    ((anchor.vendor_client or "", was.vendor_qty),),
                    ((anchor.psa_client or "", was.psa_qty), (fit.company, own.psa_qty)),
                )
            )
        if lines:
            questions[at] = (
                dataclasses.replace(
                    question,
                    lines=(*question.lines, *lines),
                    money_at_stake=cents(question.money_at_stake + added),
                    held=question.held | pairs,
                ),
                new,
                gone,
            )


def _exact(anchor: Gap, own: Gap, parent: str, both: tuple[Decimal, Decimal]) -> Gap:
    """The parent's line compared with no gap, as a gap of no seats (the implied gap's base)."""
    vendor_qty, psa_qty = both
    return dataclasses.replace(
        own,
        kind=GapKind.QUANTITY_MISMATCH,
        client_key=parent,
        client=anchor.client,
        vendor_client=anchor.vendor_client,
        psa_client=anchor.psa_client,
        vendor_qty=vendor_qty,
        psa_qty=psa_qty,
        seat_delta=vendor_qty - psa_qty,
        monthly_impact=Decimal(0),
        why=f"{own.why}; the vendor's seats at {anchor.vendor_client!r} are billed in full "
        f"at {anchor.psa_client!r}",
        rests_on=None,
    )
