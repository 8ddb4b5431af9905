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
import numpy.typing as npt
import pandas as pd

from recon.codes import distinct_ints, joined_rows
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
    # Codes straight from the columns as they come (a categorical's are free, Arrow text is
    # hashed by Arrow): converting hundreds of thousands of cells to Python or NumPy text
    # first cost more than all the counting.
    line_client, clients = _codes(lines[PC])
    found, row_clients = _codes(rows[PC])
    # Each row's client among the lines' (-1: no line there), matched on the distinct texts.
    at = np.append(clients.get_indexer(row_clients), -1)[found]
    near = at >= 0
    # Codes by hashing, not sorting: the rows of every text run to millions at 60,000 clients.
    every_text, text_names = _codes(rows[text])
    text_code, used = pd.factorize(every_text[near], sort=False)
    texts = text_names[used]
    product_code, products = _codes(lines[VENDOR_KEY])
    # A row of a text: a client's several rows are each weighed on their own.
    row_text = text_code.astype(np.int64)
    row_client = at[near].astype(np.int64)
    n_t, n_c, n_k = len(texts), len(clients), len(products)
    if not len(row_client) or not len(line_client):
        return {}
    # "Beside" counts distinct (text, product, client): each text's distinct clients joined
    # with each client's distinct products, so every triple comes out once and is counted
    # by a table, not hashed (joining every row with every line at its client made 700,000
    # rows at 60,000 clients, then hashed them all).
    text_at = distinct_ints(row_text * n_c + row_client)
    sold_at = distinct_ints(line_client * n_k + product_code)
    t_of, k_of = joined_rows(text_at % n_c, sold_at // n_k, n_c)
    beside = np.bincount(
        (text_at[t_of] // n_c) * n_k + sold_at[k_of] % n_k, minlength=n_t * n_k
    ).reshape(n_t, n_k)
    if not beside.any():
        return {}
    # Equal seats: only rows and lines with the same (client, seats) join (a missing count
    # equals nothing, as a comparison with a missing value is never true).
    q, v, span = _seat_codes(rows[QTY_P].to_numpy()[near], lines[QTY_V].to_numpy())
    row_at, line_at = np.flatnonzero(q >= 0), np.flatnonzero(v >= 0)
    # (client, seats) of both sides numbered densely by one hash of the distinct keys.
    keyed, distinct = pd.factorize(
        np.concatenate(
            [row_client[row_at] * span + q[row_at], line_client[line_at] * span + v[line_at]]
        ),
        sort=False,
    )
    keyed = keyed.astype(np.int64)
    r_of, l_of = joined_rows(keyed[: len(row_at)], keyed[len(row_at) :], len(distinct))
    row, k = row_at[r_of], product_code[line_at[l_of]]
    # Distinct (row, product): a row's line of one product counted once.
    by_row = distinct_ints(row * n_k + k)
    row_u, k_u = by_row // n_k, by_row % n_k
    single = np.bincount(row_u, minlength=len(row_text))[row_u] == 1
    tk, c_u = row_text[row_u] * n_k + k_u, row_client[row_u]
    same = _count(tk * n_c + c_u, n_c, n_t, n_k)
    alone = _count(tk[single] * n_c + c_u[single], n_c, n_t, n_k)
    names = products.tolist()
    out: dict[str, tuple[Counts, Counts, Counts]] = {}
    for code, name in enumerate(texts.tolist()):
        if not beside[code].any():
            continue
        out[str(name)] = tuple(  # type: ignore[assignment]
            {str(names[j]): int(d[code, j]) for j in np.flatnonzero(d[code]).tolist()}
            for d in (beside, same, alone)
        )
    return out


def _codes(column: pd.Series) -> tuple[npt.NDArray[np.int64], pd.Index]:
    """Each cell's code and the distinct texts (as text, in order of first appearance).

    A missing cell counts as the text "nan", as the text conversion this replaced made it:
    never expected (group rows always have a client and a product), kept the same all the
    same.
    """
    if column.hasnans:
        column = pd.Series(column.to_numpy(dtype=object).astype(str))
    codes, uniques = pd.factorize(column, sort=False)
    listed = np.asarray(uniques, dtype=object)
    if pd.api.types.infer_dtype(listed, skipna=False) == "string":
        # Text already (always, for group rows): no NumPy text array made of it first.
        return codes.astype(np.int64), pd.Index(listed, dtype=object)
    return codes.astype(np.int64), pd.Index(listed.astype(str))


def _count(keys: npt.NDArray[np.int64], n_c: int, n_t: int, n_k: int) -> npt.NDArray[np.int64]:
    """Text x product table: how many distinct clients the (text, product, client) ``keys``
    hold for each."""
    per = np.bincount(distinct_ints(keys) // n_c, minlength=n_t * n_k)
    return per.reshape(n_t, n_k)


def _seat_codes(
    rows: npt.NDArray[np.generic], lines: npt.NDArray[np.generic]
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], int]:
    """Both seat columns as codes equal where the counts are (-1: missing), and how many
    codes there may be: integer counts offset by the lowest, anything else factorized."""
    n_rows = len(rows)
    if rows.dtype.kind in "iu" and lines.dtype.kind in "iu" and n_rows and len(lines):
        low = min(int(rows.min()), int(lines.min()))
        span = max(int(rows.max()), int(lines.max())) - low + 1
        if span < _WIDEST:
            return rows.astype(np.int64) - low, lines.astype(np.int64) - low, span
    codes, uniques = pd.factorize(np.concatenate([rows, lines]), sort=False)
    codes = codes.astype(np.int64)
    return codes[:n_rows], codes[n_rows:], max(len(uniques), 1)


#: Seat codes are laid out per client (client x span + seats): a span wider than this could
#: overflow at a million clients, so such counts are factorized instead.
_WIDEST = 1 << 40


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
