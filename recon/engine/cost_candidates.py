"""A question's candidate the text's own unit cost rules out, when another candidate fits it.

A small MSP bills a text no rule reads at a client or two ("Phishing Training", 2 seats at
each), and the seats point at two unbilled products equally: a Business Basic of 2 beside it
at one client, a Huntress SAT of 2 at the other. The names say next to nothing, so the
question was asked about whichever scored a point more by name, and the other was compared
beside it as its runner-up (:mod:`recon.engine.runner_ups`): the text read as Business Basic
at the first client, hiding the Business Basic the client buys and never pays for, and the SAT
the text bills and the vendor no longer sells.

The line's own unit cost says more. A ConnectWise addition and an Autotask contract service
carry what the MSP pays per unit for what the line bills (:mod:`recon.formats.costs`), as
:mod:`recon.engine.price_readings` reads an edited edition line: $1.63 fits the vendor's
$1.53 for the SAT and is far from its $5.34 for Business Basic.

So, for a text asked about (not paired), a candidate is dropped from the question when every
costed line of the text is far from it (beyond :data:`recon.engine.price_readings.FAR` outside
the range of the vendor's unit costs of that product across the file, its
:data:`recon.engine.price_readings.SPREAD` quantiles), and another candidate fits a line's
cost (within :data:`recon.engine.line_costs.FIT` of its range) with seats that say at least as
much (as many clients agreeing or nearly). The question is then about the product that fits,
and the dropped product's unbilled lines are "missing in PSA" as any other. Only a candidate
the seats back somewhere is dropped (one the run could compare the text as); one the name
alone offers stays among a person's answers. No cost on the text's lines, no candidate that
fits, or no vendor cost of a candidate: the question stays.

The cost may also rule out the product a question is about when the seats offered nothing
else: a generic text ("Hosted Email (Exchange Online)") asked about the unbilled Plan 2 beside
it, at a client that bills Plan 1 short by just the text's seats, at Plan 1's cost
(:func:`cost_reread`). It is then asked about the product the cost and the seats point to.

Where the seats back two candidates equally and the name alone put one first (a text naming
only the kind, "EDR - Endpoint", beside two makers' EDR at the same clients), the cost breaks
the tie: the question is about the candidate every costed line is nearer (and within
:data:`recon.engine.line_costs.FIT` of), the other stays among the answers
(:func:`_cost_tie_broken`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import numpy.typing as npt
import pandas as pd

from recon.engine.columns import member
from recon.engine.line_costs import FIT
from recon.engine.price_readings import FAR, SPREAD
from recon.match.product_evidence import (
    PC,
    PSA_KEY,
    VENDOR_KEY,
    Support,
    TextScores,
    Verdict,
    weigh,
)
from recon.match.seat_lines import ASK_TEXT
from recon.model import MONEY_SCALE, G

#: How much nearer (a share of the price) every line's cost must be to another product than
#: to the one the question asks about, for the cost to put that product first
#: (:func:`_cost_tie_broken`, :func:`_nearer_unbilled`): two products priced a cent apart
#: ("Email Security Gateway" at $3.70 beside Mimecast's $3.71 and Exchange Online Plan 1's
#: $3.70) are told apart by no cost.
CLEAR = FIT / 2


def cost_ruled(
    verdicts: Mapping[str, Verdict],
    p_all: pd.DataFrame,
    vendor: pd.DataFrame,
    names: Mapping[str, str] | None = None,
) -> dict[str, Verdict]:
    """The verdicts, each asking question without the candidates its text's unit costs rule
    out (module docstring), and about the candidate the costs are nearer where the seats back
    two equally (:func:`_cost_tie_broken`).

    Args:
        verdicts: PSA key -> the evidence's verdict.
        p_all: PSA groups (columns ``G.PRODUCT`` and, where the file records it, ``G.COST``).
        vendor: vendor groups (columns ``G.PRODUCT``, ``G.QTY`` and ``G.EXT``).
        names: vendor key -> product name, for the words a person reads (default: the keys).

    Returns:
        The verdicts, a question's candidates fewer or reordered where the costs say so.
    """
    out = dict(verdicts)
    asking = {k for k, v in verdicts.items() if v.ask and v.act is None and len(v.candidates) > 1}
    if not asking or G.COST not in p_all.columns or G.EXT not in vendor.columns:
        return out
    costs = _line_costs(p_all, asking)
    if not costs:
        return out
    ranges = _vendor_ranges(vendor, {c.vendor_key for k in costs for c in verdicts[k].candidates})
    for key, line_costs in costs.items():
        verdict = verdicts[key]
        fitting = [c for c in verdict.candidates if _fits(line_costs, ranges.get(c.vendor_key))]
        if not fitting:
            continue
        said = max(_said(c) for c in fitting)
        kept = tuple(
            c
            for c in verdict.candidates
            if not (_far(line_costs, ranges.get(c.vendor_key)) and 0 < _said(c) <= said)
        )
        if len(kept) < len(verdict.candidates):
            out[key] = dataclasses.replace(verdict, candidates=kept)
    for key, line_costs in costs.items():
        out[key] = _cost_tie_broken(out[key], line_costs, ranges, names or {})
    return out


def _cost_tie_broken(
    verdict: Verdict,
    line_costs: npt.NDArray[np.int64],
    ranges: Mapping[str, tuple[float, float]],
    names: Mapping[str, str],
) -> Verdict:
    """The verdict asking about the candidate its text's unit cost is nearer, where the seats
    back two candidates equally and the name alone put the other first.

    "EDR - Endpoint" billed at two clients that each buy Huntress EDR ($3.22-$3.39) and
    SentinelOne Control ($3.77): the seats agree with one at each client, and the name, alike
    to "Huntress EDR" with "Endpoint" set aside, put Huntress first. Both are one kind of
    product under two makers; the name says the kind, not the maker. The line's own cost
    ($3.66, $3.89) says the maker: the question is about SentinelOne, and Huntress stays among
    a person's answers. Only when every costed line of the text is clearly nearer the other
    candidate's vendor costs (by :data:`CLEAR`) and within :data:`FIT` of them: a cost
    between the two, or one line each way, leaves the question as the name put it.
    """
    if len(verdict.candidates) < 2:
        return verdict
    top = verdict.candidates[0]
    top_span = ranges.get(top.vendor_key)
    if top_span is None or _said(top) == 0:
        return verdict
    top_off = _distance(line_costs, top_span)
    nearer = [
        (float(off.max()), i)
        for i, c in enumerate(verdict.candidates[1:], start=1)
        if _said(c) == _said(top)
        and (span := ranges.get(c.vendor_key)) is not None
        and bool(np.all((off := _distance(line_costs, span)) <= top_off - CLEAR))
        and _fits_all(line_costs, span)
    ]
    if not nearer:
        return verdict
    best = verdict.candidates[min(nearer)[1]]
    said = (
        f"its own unit cost ({_dollars(line_costs)}) is nearer it than "
        f"{names.get(top.vendor_key, top.vendor_key)!r} ({_dollars(np.array(top_span))})"
    )
    return dataclasses.replace(verdict, candidates=_first(verdict.candidates, best, said))


def _first(candidates: Sequence[Support], best: Support, said: str) -> tuple[Support, ...]:
    """``candidates`` with ``best`` first, its reading saying also what the cost said (the
    person asked sees why the cost put it there)."""
    shown = dataclasses.replace(
        best, text=dataclasses.replace(best.text, how=f"{best.text.how}; {said}")
    )
    return (shown, *(c for c in candidates if c.vendor_key != best.vendor_key))


def _distance(costs: npt.NDArray[np.int64], span: tuple[float, float]) -> npt.NDArray[np.float64]:
    """Each cost's distance outside the range, as a share of the nearer end (0 inside)."""
    low, high = span
    values = costs.astype(np.float64)
    below = np.where(values < low, (low - values) / max(low, 1.0), 0.0)
    above = np.where(values > high, (values - high) / max(high, 1.0), 0.0)
    off: npt.NDArray[np.float64] = below + above
    return off


def _fits_all(costs: npt.NDArray[np.int64], span: tuple[float, float]) -> bool:
    """True when every line cost lies within :data:`FIT` of the range."""
    low, high = span
    return bool(np.all((costs >= low * (1 - FIT)) & (costs <= high * (1 + FIT))))


def _said(support: Support) -> int:
    """Clients where the seats agree, or nearly, for a candidate."""
    return support.agree + support.near


def _vendor_ranges(vendor: pd.DataFrame, products: set[str]) -> dict[str, tuple[float, float]]:
    """Product -> the range (:data:`SPREAD` quantiles) of its vendor unit costs, in micro."""
    rows = vendor.loc[
        member(vendor[G.PRODUCT], products) & (vendor[G.QTY].to_numpy(dtype=np.int64) > 0),
        [G.PRODUCT, G.QTY, G.EXT],
    ]
    if rows.empty:
        return {}
    # EXT is seats (milli) x unit price (micro): the unit price per group, in micro.
    unit = rows[G.EXT].to_numpy(dtype=np.float64) / rows[G.QTY].to_numpy(dtype=np.float64)
    kept = unit > 0
    # Grouped on the product column as it is (categorical on the group frames): a string per
    # row was most of this step's time at 60,000 clients; the groups and values are the same.
    product = rows[G.PRODUCT].loc[kept]
    by = pd.Series(unit[kept], index=product.index).groupby(product, observed=True)
    low, high = by.quantile(SPREAD[0]), by.quantile(SPREAD[1])
    return {str(p): (float(low[p]), float(high[p])) for p in low.index}


def _fits(costs: npt.NDArray[np.int64], span: tuple[float, float] | None) -> bool:
    """True when some line cost lies within :data:`FIT` of the range."""
    if span is None:
        return False
    low, high = span
    return bool(np.any((costs >= low * (1 - FIT)) & (costs <= high * (1 + FIT))))


def _far(costs: npt.NDArray[np.int64], span: tuple[float, float] | None) -> bool:
    """True when every line cost lies beyond :data:`FAR` outside the range."""
    if span is None:
        return False
    low, high = span
    return bool(np.all((costs < low * (1 - FAR)) | (costs > high * (1 + FAR))))


def cost_reread(
    verdicts: dict[str, Verdict],
    lines: tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame],
    p_all: pd.DataFrame,
    vendor: pd.DataFrame,
    names: tuple[Mapping[str, str], Mapping[str, str]],
    *,
    brands: frozenset[tuple[str, ...]],
    rejected: frozenset[tuple[str, str]],
    texts: TextScores,
    list_held: bool = True,
) -> None:
    """Ask a question about the product a text's own unit cost and seats point to, where its
    unit cost rules out the product it was asked about, in place in ``verdicts``.

    A generic or family text ("Hosted Email (Exchange Online)", "Email Security (1 Year)",
    "Defender ATP P1") is asked about the product its name or an unbilled line of its seats
    suggests: an Exchange Online (Plan 2) of 2 left unbilled beside it. But the client
    also buys Plan 1 on 3 seats and bills it on one line of 1: the text is Plan 1's second
    line, and its unit cost says so ($3.18 where Plan 1 costs $3.21 and Plan 2 $7.26).
    Asked about Plan 2, the run shows a price below cost on Plan 2 and a shortfall of 2 on
    Plan 1: two false gaps, and the Plan 2 nobody bills hidden.

    So where every costed line of an asked text lies beyond :data:`FAR` outside the range
    of the vendor's unit costs of the question's product, the text is weighed again, as
    :func:`recon.engine.undecided_seats.weigh_shortfalls` weighs an undecided one, against
    the lines no PSA line bills and the seats billed lines are short by, kept to the
    products some line's cost fits (within :data:`FIT`). When the seats agree, or nearly,
    at a client for one of them, the question is about that product instead (the old one
    stays among a person's answers), unless the cost also fits the two products together:
    a line billing both ("... incl. Email Security") is left to the question as it was. It
    stays a question, never a pairing: the cost and the seats together point, a person
    confirms.

    Args:
        verdicts: PSA key -> the evidence's verdict (changed in place).
        lines: the PSA lines in play (``pc``, ``psa_key``, ``qty_p``), the vendor lines no
            PSA line bills and the billed vendor lines' shortfalls (``pc``, ``vendor_key``,
            ``qty_v``).
        p_all: PSA groups (``G.PRODUCT`` and, where the file records it, ``G.COST``).
        vendor: vendor groups (``G.PRODUCT``, ``G.QTY`` and ``G.EXT``).
        names: PSA key -> text as written, vendor key -> product name.
        brands: brand words to disregard when comparing names.
        rejected: (PSA key, vendor key) pairs people said are not one product.
        texts: the run's name comparisons.
        list_held: list the clients each candidate sits at (default on).
    """
    orphan_p, orphan_v, residual = lines
    asking = {k for k, v in verdicts.items() if v.ask and v.act is None and len(v.candidates) > 0}
    if not asking or G.COST not in p_all.columns or G.EXT not in vendor.columns:
        return
    costs = _line_costs(p_all, asking)
    if not costs:
        return
    tops = _vendor_ranges(vendor, {verdicts[k].candidates[0].vendor_key for k in costs})
    ruled_out = [
        k for k, c in costs.items() if _far(c, tops.get(verdicts[k].candidates[0].vendor_key))
    ]
    backed = [k for k in costs if k not in ruled_out and _said(verdicts[k].candidates[0]) > 0]
    if backed:
        _nearer_unbilled(
            verdicts,
            {k: costs[k] for k in backed},
            tops,
            (orphan_p, orphan_v),
            vendor,
            names,
            brands=brands,
            rejected=rejected,
            texts=texts,
            list_held=list_held,
        )
    if not ruled_out:
        return
    # Only the lines at the clients those texts are billed at: a handful of a large file's.
    texts_p = orphan_p.loc[member(orphan_p[PSA_KEY], set(ruled_out))]
    at = {str(c) for c in texts_p[PC].unique()}
    both = pd.concat(
        [orphan_v.loc[member(orphan_v[PC], at)], residual.loc[member(residual[PC], at)]],
        ignore_index=True,
    )
    if both.empty:
        return
    ranges = _vendor_ranges(vendor, {str(p) for p in both[VENDOR_KEY].unique()})
    for key in ruled_out:
        verdict = verdicts[key]
        fitting = {p for p, span in ranges.items() if _fits(costs[key], span)}
        fitting.discard(verdict.candidates[0].vendor_key)
        if not fitting:
            continue
        found = weigh(
            texts_p.loc[(texts_p[PSA_KEY].astype(str) == key).to_numpy()],
            both.loc[member(both[VENDOR_KEY], fitting)],
            *names,
            brands=brands,
            rejected=rejected,
            texts=texts,
            apart=False,
            list_held=list_held,
        ).get(key)
        if found is None or not found.candidates or _said(found.candidates[0]) == 0:
            continue
        best = found.candidates[0]
        if best.text.score < ASK_TEXT:
            # A name unlike the text ("Managed Threat Detection" beside an Exchange Online
            # shortfall of its seats and cost) is a coincidence of seats and price, as a
            # shortfall question needs a name worth asking about (weigh_shortfalls).
            continue
        old = verdict.candidates[0].vendor_key
        if _fits(costs[key], _summed(ranges.get(best.vendor_key), tops.get(old))):
            # A cost that is both products' together is a line billing both ("Office 365 E3
            # - Annual incl. Email Security" at $22 beside E3 at $20 and IRONSCALES at $3):
            # not one product's second line; the question stays as it was.
            continue
        # The person asked sees why: the cost, beside what the name says.
        said = (
            f"its own unit cost ({_dollars(costs[key])}) fits it, not "
            f"{names[1].get(old, old)!r} ({_dollars(np.array(tops[old]))})"
        )
        verdicts[key] = Verdict(key, _first(verdict.candidates, best, said), act=None, ask=True)


def _nearer_unbilled(
    verdicts: dict[str, Verdict],
    costs: Mapping[str, npt.NDArray[np.int64]],
    tops: Mapping[str, tuple[float, float]],
    lines: tuple[pd.DataFrame, pd.DataFrame],
    vendor: pd.DataFrame,
    names: tuple[Mapping[str, str], Mapping[str, str]],
    *,
    brands: frozenset[tuple[str, ...]],
    rejected: frozenset[tuple[str, str]],
    texts: TextScores,
    list_held: bool,
) -> None:
    """Ask about the unbilled product at a text's own clients its unit cost is nearer, where
    the seats back it as much as the question's product, in place in ``verdicts``.

    "SW - EDR - Endpoint" 1 at a client buying Huntress EDR 1 ($3.23) and SentinelOne
    Control 1 ($3.59), both unbilled by name: the seats agree with both, and the name, alike
    to "Huntress EDR" with "Endpoint" set aside, settled the client for Huntress, so
    SentinelOne was never among the question's seat-backed candidates and
    :func:`_cost_tie_broken` never saw it. The line's own cost ($3.69) is the distributor
    price the MSP typed for what it bills: SentinelOne's. Only when every costed line is
    clearly nearer the other product's vendor costs (by :data:`CLEAR`) and within :data:`FIT`
    of them, its name is worth
    asking about (:data:`ASK_TEXT`, as :func:`cost_reread`), and its unbilled lines agree with
    the text's seats at as many clients as the question's product does.

    Args:
        costs: PSA key -> its lines' unit costs, for the asked texts whose product the seats
            back somewhere.
        tops: vendor key -> its range of unit costs, for each question's product.
        lines: the PSA lines in play and the vendor lines no PSA line bills.
        vendor: vendor groups (``G.PRODUCT``, ``G.QTY`` and ``G.EXT``).
    """
    orphan_p, orphan_v = lines
    texts_p = orphan_p.loc[member(orphan_p[PSA_KEY], set(costs))]
    at = {str(c) for c in texts_p[PC].unique()}
    unbilled = orphan_v.loc[member(orphan_v[PC], at)]
    if unbilled.empty:
        return
    ranges = _vendor_ranges(vendor, {str(p) for p in unbilled[VENDOR_KEY].unique()})
    for key, line_costs in costs.items():
        verdict = verdicts[key]
        top = verdict.candidates[0]
        top_span = tops.get(top.vendor_key)
        if top_span is None:
            continue
        top_off = _distance(line_costs, top_span)
        nearer = {
            p
            for p, span in ranges.items()
            if p != top.vendor_key
            and _fits_all(line_costs, span)
            and bool(np.all(_distance(line_costs, span) <= top_off - CLEAR))
        }
        if not nearer:
            continue
        mine = texts_p.loc[(texts_p[PSA_KEY].astype(str) == key).to_numpy()]
        beside = unbilled.loc[member(unbilled[VENDOR_KEY], nearer)]
        found = weigh(
            mine,
            beside.loc[member(beside[PC], {str(c) for c in mine[PC].unique()})],
            *names,
            brands=brands,
            rejected=rejected,
            texts=texts,
            apart=False,
            list_held=list_held,
        ).get(key)
        if found is None or not found.candidates:
            continue
        best = found.candidates[0]
        if _said(best) < _said(top) or best.text.score < ASK_TEXT:
            continue
        said = (
            f"its own unit cost ({_dollars(line_costs)}) is nearer it than "
            f"{names[1].get(top.vendor_key, top.vendor_key)!r} ({_dollars(np.array(top_span))})"
        )
        verdicts[key] = Verdict(key, _first(verdict.candidates, best, said), act=None, ask=True)


def _summed(
    one: tuple[float, float] | None, other: tuple[float, float] | None
) -> tuple[float, float] | None:
    """The range of two products' unit costs added together (None when either is unknown)."""
    if one is None or other is None:
        return None
    return one[0] + other[0], one[1] + other[1]


def _dollars(micro: npt.NDArray[np.int64] | npt.NDArray[np.float64]) -> str:
    """A unit cost or a range of them (micro-dollars) as people read it: "$3.18", "$2.43-$2.70"."""
    cent = Decimal("0.01")
    low, high = (
        (Decimal(round(float(v))) / MONEY_SCALE).quantize(cent, ROUND_HALF_UP)
        for v in (micro.min(), micro.max())
    )
    return f"${low}" if low == high else f"${low}-${high}"


def _line_costs(p_all: pd.DataFrame, keys: set[str]) -> dict[str, npt.NDArray[np.int64]]:
    """PSA key -> the unit costs (micro) its lines carry, where they carry one."""
    rows = p_all.loc[member(p_all[G.PRODUCT], keys), [G.PRODUCT, G.COST]]
    rows = rows.loc[rows[G.COST].to_numpy(dtype=np.int64) > 0]
    return {
        str(k): group.to_numpy(dtype=np.int64)
        for k, group in rows.groupby(G.PRODUCT, sort=False, observed=True)[G.COST]
    }
