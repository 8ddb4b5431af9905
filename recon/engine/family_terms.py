"""A parent's shortfall on the terms of a product, read under the product's own key.

Used by :mod:`recon.engine.family_index` when it indexes the parents' shortfalls.
"""

from __future__ import annotations

import dataclasses
import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from decimal import Decimal

from recon.engine.terms import base_key
from recon.model import Gap, GapKind

#: The term a compared product's name carries ("Exchange Online (Plan 1) (annual term)").
_TERM_NAME = re.compile(r" \([a-z +-]+ term\)$")

#: A parent's shortfall on several terms summed (by the key it stands under in the parents'
#: index) -> the term gaps it sums: a question holding it holds each of them.
TermParts = dict[str, tuple[Gap, ...]]


def term_shortfalls(
    on_terms: Sequence[Gap], parents: Mapping[str, Mapping[str, Gap]], sign: int
) -> tuple[list[tuple[str, Gap]], TermParts]:
    """A parent's shortfall on a product compared per term, under the product's own key.

    Where both files bill a product on two terms at the parent, each term is compared apart
    (:mod:`recon.engine.terms`: "Exchange Online (Plan 1) (annual term)"), while a department
    or office opened as its own PSA company bills the product on one term only, or on both
    summed, and is compared on the product ("Exchange Online (Plan 1)"). Its line filling the
    parent's shortfall seat for seat found no parent short of that product: a question asked
    on the department's other lines left this one as two false gaps (the department's
    "billed, not bought" beside the parent's shortfall).

    - A parent short on exactly one term of the product is short of the product by that gap.
    - A parent short on two or more terms, and over on none, is short of the product by
      their sum: a subsidiary billed for the family's Project Plan 5 on its own agreement
      ("Project Plan 5 - Annual" 14, "- Monthly" 3) fills the parent's annual and monthly
      shortfalls together (21 bought on the annual term, 7 billed; 13 monthly, 10 billed),
      and which term its seats sit on is the family's own split, not evidence of another
      client. The summed gap (:func:`summed`) stands for the term gaps: a question holding
      it holds each of them (``TermParts``).

    A parent billing one term over and another short says nothing of the product's total
    shortfall; nothing is read there.

    Args:
        on_terms: every two-sided gap at a term of a product (``~`` in its product key).
        parents: the parents' one-way gaps, per client key and product key; a term gap not
            among them (over, or not a parent's) leaves its product unread.
        sign: 1 for shortfalls (vendor above PSA), -1 for excess.

    Returns:
        (product key without its term, the parent's gap on it) per such shortfall, and the
        summed gaps' parts by the summed gap's key.
    """
    seen: dict[tuple[str, str], list[Gap]] = defaultdict(list)
    for gap in on_terms:
        seen[(gap.client_key, base_key(gap.product_key))].append(gap)
    out: list[tuple[str, Gap]] = []
    parts: TermParts = {}
    for (parent, product), gaps in seen.items():
        if parent not in parents or product in parents[parent]:
            continue
        if any(parents[parent].get(gap.product_key) is not gap for gap in gaps):
            continue  # over on one term (or waiting on a review): no total to read
        if len(gaps) == 1:
            out.append((product, gaps[0]))
            continue
        whole = summed(gaps, product, sign)
        out.append((product, whole))
        parts[whole.key] = tuple(gaps)
    return out, parts


def summed(gaps: Sequence[Gap], product: str, sign: int) -> Gap:
    """One parent's gaps on the terms of a product, as one gap on the product's total.

    Priced as the first term's line: the question asks about seats, and the gap a "yes"
    implies is priced per seat as the parent's company bills the product.
    """
    ordered = sorted(gaps, key=lambda g: g.product_key)
    first = ordered[0]
    vendor_qty = sum((g.vendor_qty for g in ordered), Decimal(0))
    psa_qty = sum((g.psa_qty for g in ordered), Decimal(0))
    if sign > 0:
        kind = GapKind.QUANTITY_MISMATCH if psa_qty else GapKind.MISSING_IN_PSA
    else:
        kind = GapKind.QUANTITY_MISMATCH if vendor_qty else GapKind.MISSING_IN_VENDOR
    return dataclasses.replace(
        first,
        kind=kind,
        product_key=product,
        product=_TERM_NAME.sub("", first.product),
        vendor_qty=vendor_qty,
        psa_qty=psa_qty,
        seat_delta=vendor_qty - psa_qty,
        monthly_impact=sum((g.monthly_impact for g in ordered), Decimal(0)),
        vendor_unit_cost=next((g.vendor_unit_cost for g in ordered if g.vendor_unit_cost), None),
        psa_unit_price=next((g.psa_unit_price for g in ordered if g.psa_unit_price), None),
        term=" + ".join(sorted({g.term for g in ordered if g.term})) or None,
        term_end=None,
        reduce_possible_until=None,
        act_by=None,
        bill_recovers=None,
        reduce_saves=None,
    )


def expand(
    replaced: dict[str, Gap], dropped: set[str], parts: TermParts
) -> tuple[dict[str, Gap], set[str]]:
    """The questions' replaced and dropped gap keys with each summed gap's key read as its
    term gaps': the gap a "yes" implies stands in place of the first term gap, the others
    wait on the question."""
    if not parts:
        return replaced, dropped
    out_replaced: dict[str, Gap] = {}
    out_dropped = set(dropped)
    for key, gap in replaced.items():
        terms = parts.get(key)
        if terms is None:
            out_replaced[key] = gap
            continue
        out_replaced[terms[0].key] = gap
        out_dropped |= {t.key for t in terms[1:]}
    for key in dropped:
        out_dropped |= {t.key for t in parts.get(key, ())}
    return out_replaced, out_dropped
