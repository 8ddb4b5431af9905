"""How many clients agreeing exactly on seats a coincidence explains, measured from the run.

A text billing a second product at clients of its own shows as exact agreement with that
product, client after client. But seats also agree by chance: a 5-seat office buys 5 seats of
most things, so at some clients an unrelated product has exactly the text's seats. A fixed
count ("ten clients") is too high for a file of 85 clients and says nothing at 60,000; the bar
here is what chance gives at these clients: the rate at which the text's seats equal an
unrelated product's (one whose name is not worth asking about), and the binomial tail of
that rate over the clients where the text sits beside the candidate.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping

import pandas as pd

from recon.match.product_evidence import PC, QTY_P, QTY_V, VENDOR_KEY

#: A count of agreeing clients is read as evidence when chance reaches it this rarely ...
ALPHA = 1e-3
#: ... and never below this many clients.
FLOOR = 3
#: Few unrelated lines measure little: the rate is drawn toward this prior, weighing it as
#: this many clients (seats of unrelated products agree often: 10-20 % of pairs at a client).
PRIOR_RATE = 0.05
PRIOR_WEIGHT = 20


Counts = dict[str, int]


def beside_counts(rows: pd.DataFrame, lines: pd.DataFrame) -> tuple[Counts, Counts, Counts]:
    """Per vendor product of ``lines`` (``pc``, vendor key, seats; keys as text, as in
    ``rows``): the clients where the
    text (``rows``: ``pc``, seats; a client may have several, each weighed on its own) sits
    beside it, those where its seats equal a row of the text's, and those where they alone
    do (no other product there has that row's seats)."""
    text = rows[[PC, QTY_P]].reset_index(drop=True).rename_axis("row").reset_index()
    pairs = text.merge(lines[[PC, VENDOR_KEY, QTY_V]], on=PC)
    if pairs.empty:
        return {}, {}, {}
    beside = pairs.groupby(VENDOR_KEY, sort=False)[PC].nunique()
    equal = pairs.loc[pairs[QTY_P] == pairs[QTY_V], ["row", PC, VENDOR_KEY]].drop_duplicates()
    single = equal.groupby("row", sort=False)[VENDOR_KEY].transform("size") == 1
    found = equal.loc[single, [PC, VENDOR_KEY]].drop_duplicates()
    alone = found.groupby(VENDOR_KEY, sort=False).size()
    same = equal[[PC, VENDOR_KEY]].drop_duplicates().groupby(VENDOR_KEY, sort=False).size()
    return (
        {str(k): int(n) for k, n in beside.items()},
        {str(k): int(n) for k, n in same.items()},
        {str(k): int(n) for k, n in alone.items()},
    )


def chance_rate(
    beside: Mapping[str, int], equal: Mapping[str, int], related: Collection[str]
) -> float:
    """How often the text's seats equal an unrelated product's at a client beside it:
    pooled over the products not in ``related``, drawn toward :data:`PRIOR_RATE`."""
    seen = sum(n for k, n in beside.items() if k not in related)
    hits = sum(n for k, n in equal.items() if k not in related)
    return (hits + PRIOR_RATE * PRIOR_WEIGHT) / (seen + PRIOR_WEIGHT)


def beyond_chance(agree: int, beside: int, rate: float) -> bool:
    """True when ``agree`` clients of ``beside`` agreeing is more than chance at ``rate``
    gives (at most :data:`ALPHA` likely), and at least :data:`FLOOR`."""
    return agree >= FLOOR and _tail(beside, rate, agree) <= ALPHA


def _tail(n: int, p: float, k: int) -> float:
    """P(X >= k) for X ~ Binomial(n, p)."""
    if k <= 0:
        return 1.0
    if k > n:
        return 0.0
    if p <= 0.0:
        return 0.0
    if p >= 1.0 or k <= n * p:
        return 1.0
    # Past the mode the terms fall: sum from k until they no longer count.
    log_p, log_q = math.log(p), math.log1p(-p)
    base = math.lgamma(n + 1)
    total = 0.0
    for j in range(k, n + 1):
        term = math.exp(
            base - math.lgamma(j + 1) - math.lgamma(n - j + 1) + j * log_p + (n - j) * log_q
        )
        total += term
        if term < total * 1e-12:
            break
    return min(total, 1.0)
