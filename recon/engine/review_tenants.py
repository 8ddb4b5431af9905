"""A second tenant of a client held in review, summed into the pair pending the review.

A customer that kept a second vendor tenant for one office ("Howell Hospitality LP - Tulsa"
beside "Howell Hospitality LP") is summed with its first tenant by
:func:`recon.match.tenant_sites.find_families`, but only under a *paired* client: when
"Howell Hospitality LP" itself waits in review ("= Howell Hospitality (Austin)?"), the run
showed the pair's shortfall pending the review (5 Business Premium bought, 13 billed) and the
second tenant's 8 seats as "missing in PSA": two gaps where the organisation has none.

Here, after the comparison, a lone vendor customer is read as the held client's second tenant
when both say so:

- **the name**: its key is the held client's key plus a site label
  (:func:`recon.match.site_labels.is_site_label`: a place, an office, "Tenant", "Legacy"),
  exactly as the paired rule reads it; a held name two pending pairs share is no anchor;
- **the lines**: most of its lines (at least half) are "missing in PSA" on products the
  pending pair bills more seats of than the held client holds, its seats near that shortfall
  (a seat or a tenth) on at least half of those and exactly on one or more, as
  :func:`recon.match.tenant_sites.lines_agree` weighs a paired client's tenant; a shortfall
  two such customers would fill is filled by neither.

Then its seats on those products are added to the pending pair's vendor seats: a shortfall it
fills exactly is no gap, one it fills in part keeps the difference (the organisation's real
gap), both stay pending the review (a "no" withdraws them with the pair; a "yes" pairs the client,
and the next run sums the tenant by the name rule). A product the pair is not short of stays
the tenant's own gap.

The pair's shortfall is also read where the run did not show it as the pair's: a billed line
not shown (half of one line read two ways, :func:`unshown_halves`) and a candidate's line
shown under the candidate alone (a review compared apart, :mod:`recon.engine.either_way`).
Those count only where the tenant holds exactly their seats (then no gap is left to show):
Microsoft sells each tenant as a customer of its own, the MSP bills the organisation once.
"""

from __future__ import annotations

import dataclasses
from collections import Counter, defaultdict
from collections.abc import Collection, Sequence

from recon.engine.family_unpaired import near
from recon.match.site_labels import MIN_BASE_WORDS, is_site_label
from recon.model import Gap, GapKind
from recon.model._gaps import is_review
from recon.money import cents
from recon.normalize import client_key


def unshown_halves(before: Sequence[Gap], after: Sequence[Gap]) -> tuple[Gap, ...]:
    """The pending pairs' "missing in vendor" lines :func:`recon.engine.pending_review.mark_pending`
    did not show (read as half of one line beside a vendor line of about the same seats).

    Args:
        before: the comparison's gaps.
        after: the gaps as marked pending.
    """
    pending = {g.client_key for g in after if g.rests_on is not None and is_review(g.rests_on)}
    halves = [g for g in before if g.kind is GapKind.MISSING_IN_VENDOR and g.client_key in pending]
    if not halves:
        return ()
    # Only a gap of the same kind can have the same key (the key ends in the kind): the keys
    # of the other gaps (most of 100,000 at 60,000 clients, a text made per gap) go unmade.
    shown = {g.key for g in after if g.kind is GapKind.MISSING_IN_VENDOR}
    return tuple(g for g in halves if g.key not in shown)


def sum_review_tenants(
    gaps: Sequence[Gap], *, lone_vendor: Collection[str], unshown: Sequence[Gap] = ()
) -> tuple[Gap, ...]:
    """The gaps with every held client's second tenant summed into its pending pair.

    Args:
        gaps: the comparison's gaps.
        lone_vendor: vendor customers (as written) with no PSA company, none in review.
        unshown: the pending pairs' PSA lines not shown as gaps (:func:`unshown_halves`): a
            tenant holding exactly such a line's seats fills it (the line was a real
            shortfall, bought in the other tenant), and the pair stays without that gap.

    Returns:
        The gaps, the tenants' lines folded into the pending shortfalls they fill.
    """
    held: dict[str, dict[str, Gap]] = defaultdict(dict)  # held vendor name -> product -> gap
    owners: dict[str, set[str]] = defaultdict(set)  # held vendor key -> held names
    name_of: dict[str, Gap] = {}  # pending client key -> one of its shown gaps
    for gap in gaps:
        if gap.rests_on is None or not is_review(gap.rests_on) or gap.vendor_client is None:
            continue
        held[gap.vendor_client][gap.product_key] = gap
        owners[client_key(gap.vendor_client)].add(gap.vendor_client)
        name_of.setdefault(gap.client_key, gap)
    if not held:
        return tuple(gaps)
    # A review item compared apart (recon.engine.either_way) shows its candidate's lines
    # under the candidate alone: the review question names the held client they are short of.
    # Filled only seat for seat, as an unshown line is (below): no gap is left to show.
    exact_only: set[str] = set()
    held_by_rests = {g.rests_on: g.vendor_client for g in name_of.values()}
    for gap in gaps:
        if gap.kind is not GapKind.MISSING_IN_VENDOR or gap.vendor_client is not None:
            continue
        held_name = held_by_rests.get(gap.rests_on)
        if held_name is not None and gap.product_key not in held[held_name]:
            held[held_name][gap.product_key] = gap
            exact_only.add(gap.key)
    for gap in unshown:
        shown_gap = name_of.get(gap.client_key)
        if shown_gap is None or shown_gap.vendor_client is None:
            continue
        pending_lines = held[shown_gap.vendor_client]
        if gap.product_key not in pending_lines:
            pending_lines[gap.product_key] = gap
            exact_only.add(gap.key)
    tenants = _lone_lines(gaps, lone_vendor)
    fits: list[tuple[str, dict[str, Gap], dict[str, Gap]]] = []
    for tenant, lines in sorted(tenants.items()):
        anchor = _anchor(client_key(tenant), owners)
        if anchor is None:
            continue
        pending = held[anchor]
        shared = {
            p: g
            for p, g in lines.items()
            if p in pending
            and _short(pending[p])
            # an unshown line counts only where the tenant holds its seats exactly
            and (pending[p].key not in exact_only or pending[p].psa_qty == g.vendor_qty)
        }
        if 2 * len(shared) < len(lines) or not shared:
            continue  # mostly products the pair is not short of: another customer
        short = {p: pending[p].psa_qty - pending[p].vendor_qty for p in shared}
        agree = [p for p, g in shared.items() if near(short[p], g.vendor_qty)]
        if 2 * len(agree) < len(shared) or not any(short[p] == shared[p].vendor_qty for p in agree):
            continue
        fits.append((tenant, shared, pending))
    claims = Counter(pending[p].key for _, lines, pending in fits for p in lines)
    replaced: dict[str, Gap | None] = {}
    for tenant, lines, pending in fits:
        if any(claims[pending[p].key] > 1 for p in lines):
            continue  # two tenants on one shortfall: the lines do not say whose it is
        for product, line in lines.items():
            replaced[line.key] = None
            replaced[pending[product].key] = _summed(pending[product], line, tenant)
    if not replaced:
        return tuple(gaps)
    out = []
    for gap in gaps:
        if gap.key not in replaced:
            out.append(gap)
        elif (new := replaced[gap.key]) is not None:
            out.append(new)
    return tuple(out)


def _lone_lines(gaps: Sequence[Gap], lone: Collection[str]) -> dict[str, dict[str, Gap]]:
    """Each lone vendor customer's lines, all "missing in PSA" and decided (else left out)."""
    names = set(lone)
    out: dict[str, dict[str, Gap]] = defaultdict(dict)
    spoiled: set[str] = set()
    for gap in gaps:
        name = gap.vendor_client
        if name is None or name not in names:
            continue
        if gap.kind != GapKind.MISSING_IN_PSA or gap.psa_client or gap.rests_on is not None:
            spoiled.add(name)
        else:
            out[name][gap.product_key] = gap
    return {n: lines for n, lines in out.items() if n not in spoiled}


def _anchor(key: str, owners: dict[str, set[str]]) -> str | None:
    """The one held client whose key begins ``key`` with a site label after it."""
    words = key.split()
    for n in range(len(words) - 1, MIN_BASE_WORDS - 1, -1):
        names = owners.get(" ".join(words[:n]))
        if names is not None and is_site_label(words[n:]):
            return next(iter(names)) if len(names) == 1 else None
    return None


def _short(gap: Gap) -> bool:
    """True when the pending pair bills more seats than the held client holds."""
    return gap.kind in (GapKind.QUANTITY_MISMATCH, GapKind.MISSING_IN_VENDOR) and (
        gap.psa_qty > gap.vendor_qty
    )


def _summed(pending: Gap, line: Gap, tenant: str) -> Gap | None:
    """The pending gap with the tenant's seats bought too (None: no gap left)."""
    bought = pending.vendor_qty + line.vendor_qty
    delta = bought - pending.psa_qty
    if delta == 0:
        return None
    unit = pending.psa_unit_price if pending.psa_unit_price is not None else line.vendor_unit_cost
    return dataclasses.replace(
        pending,
        kind=GapKind.QUANTITY_MISMATCH,
        vendor_qty=bought,
        seat_delta=delta,
        monthly_impact=cents(delta * unit) if unit is not None else pending.monthly_impact,
        why=f"{pending.why}; with the seats of {tenant!r}, its second tenant by name",
        reduce_possible_until=pending.reduce_possible_until if delta > 0 else None,
        act_by=pending.act_by if delta > 0 else None,
        bill_recovers=None,
        reduce_saves=None,
    )
