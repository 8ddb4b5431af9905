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

import numpy as np
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


def beside_counts_by_text(
    rows: pd.DataFrame, lines: pd.DataFrame, text: str
) -> dict[str, tuple[Counts, Counts, Counts]]:
    """Per text (column ``text`` of ``rows``) and per vendor product of ``lines`` (``pc``,
    vendor key, seats; keys as text, as in ``rows``): the clients where the text (``rows``:
    ``pc``, seats; a client may have several, each weighed on its own) sits beside it, those
    where its seats equal a row of the text's, and those where they alone do (no other
    product there has that row's seats). A text beside no line is left out.

    One join of every text's rows with ``lines`` on integer client codes, and counts by
    grouping integer keys: a join per text hashed every unbilled line again for each text.
    """
    if rows.empty or lines.empty:
        return {}
    clients = pd.Index(pd.unique(lines[PC].to_numpy()))
    at = clients.get_indexer(rows[PC].to_numpy())
    near = at >= 0
    texts, text_code = np.unique(rows[text].to_numpy()[near].astype(str), return_inverse=True)
    left = pd.DataFrame(
        {
            "t": text_code.astype(np.int64),
            "c": at[near].astype(np.int64),
            "q": rows[QTY_P].to_numpy()[near],
            # A row of the text: a client's several rows are each weighed on their own.
            "row": np.flatnonzero(near).astype(np.int64),
        }
    )
    vendor_keys = lines[VENDOR_KEY].to_numpy().astype(str)
    products, product_code = np.unique(vendor_keys, return_inverse=True)
    right = pd.DataFrame(
        {
            "c": clients.get_indexer(lines[PC].to_numpy()).astype(np.int64),
            "k": product_code.astype(np.int64),
            "v": lines[QTY_V].to_numpy(),
        }
    )
    pairs = left.merge(right, on="c")
    if pairs.empty:
        return {}
    n_c, n_k = np.int64(len(clients)), np.int64(len(products))
    t, c, k = (pairs[x].to_numpy(dtype=np.int64) for x in ("t", "c", "k"))
    # (text, product, client) as one int64 key: counting distinct clients is counting keys.
    beside = _per_text_product(np.unique((t * n_k + k) * n_c + c) // n_c, n_k)
    hit = (pairs["q"] == pairs["v"]).to_numpy(dtype=bool, na_value=False)
    row, t, c, k = pairs["row"].to_numpy(dtype=np.int64)[hit], t[hit], c[hit], k[hit]
    # Distinct (row, product): a row's line of one product counted once.
    by_row = np.unique(row * n_k + k)
    row_u, k_u = by_row // n_k, by_row % n_k
    t_u = _lookup(row, t, row_u)
    c_u = _lookup(row, c, row_u)
    size = np.unique(row_u, return_counts=True)[1]
    single = np.repeat(size == 1, size)
    tk = t_u * n_k + k_u
    same = _per_text_product(np.unique(tk * n_c + c_u) // n_c, n_k)
    alone = _per_text_product(np.unique(tk[single] * n_c + c_u[single]) // n_c, n_k)
    out: dict[str, tuple[Counts, Counts, Counts]] = {}
    for code, name in enumerate(texts.tolist()):
        b = beside.get(code)
        if b is None:
            continue
        out[str(name)] = tuple(  # type: ignore[assignment]
            {str(products[j]): n for j, n in d.get(code, {}).items()} for d in (beside, same, alone)
        )
    return out


def _lookup(keys: np.ndarray, values: np.ndarray, wanted: np.ndarray) -> np.ndarray:
    """The value at each wanted key (every key maps to one value)."""
    order = np.argsort(keys, kind="stable")
    return values[order][np.searchsorted(keys[order], wanted)]


def _per_text_product(tk: np.ndarray, n_k: np.int64) -> dict[int, dict[int, int]]:
    """Text code -> product code -> how many times the (text, product) key occurs."""
    keys, n = np.unique(tk, return_counts=True)
    out: dict[int, dict[int, int]] = {}
    for key, count in zip(keys.tolist(), n.tolist(), strict=True):
        out.setdefault(key // int(n_k), {})[key % int(n_k)] = count
    return out


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
