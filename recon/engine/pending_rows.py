"""PSA rows compared again once the evidence has spoken: pairings acted on, and the rows of a
pending question compared as its best candidate (see :class:`recon.engine.pending.Pending`).

Split from :mod:`recon.engine.compare`, whose entry calls these between its evidence passes.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence

import numpy as np
import numpy.typing as npt
import pandas as pd

from recon.engine.columns import member
from recon.engine.groups import SideGroups
from recon.engine.join import IntArray
from recon.engine.pairs import Codes, psa_targets
from recon.engine.pending import REST, Pending
from recon.engine.question_keys import TARGET
from recon.engine.questions import ProductOutcome
from recon.engine.text_writes import write_texts
from recon.match import ProductPairing
from recon.model import G


def targeted(
    psa: SideGroups,
    pairing: Mapping[str, ProductPairing],
    outcome: ProductOutcome,
    codes: Codes,
    vendor_products: Collection[str],
    *,
    late: bool = True,
) -> tuple[pd.DataFrame, IntArray, pd.Series]:
    """The PSA rows targeted again once the evidence has spoken: its pairings acted on, and
    its pending rows compared as their question's best candidate (the late ones only when
    ``late``: see :class:`recon.engine.pending.Pending`)."""
    p_all, target = psa_targets(psa.groups, {**pairing, **outcome.acted}, codes)
    comparable = pd.Series(member(p_all[TARGET], vendor_products), index=p_all.index)
    pending = {k: p for k, p in outcome.pending.items() if late or not p.late}
    comparable.iloc[compare_pending(p_all, target, pending, codes)] = True
    return p_all, target, comparable


def compare_pending(
    p_all: pd.DataFrame,
    target: IntArray,
    pending: Mapping[tuple[str, str], Pending],
    codes: Codes,
) -> IntArray:
    """Compare each pending PSA row as its question's best candidate, marked as resting on
    the question (``p_all`` and ``target`` are changed in place); returns the rows, which
    the caller marks comparable.

    Only the few rows of a question's clients whose seats differ are touched: one lookup
    over the (client, product) pairs, never a Python call per PSA row.
    """
    # Rows of a pending client and a pending product, by one hash per distinct text; then
    # the (client, product) pair itself on those few rows only.
    near = np.flatnonzero(
        member(p_all[G.PRODUCT], {k for _, k in pending})
        & member(p_all[G.CLIENT], {c for c, _ in pending})
    )
    # Only those rows become Python strings, not the whole columns.
    clients = [str(c) for c in p_all[G.CLIENT].iloc[near].to_numpy(dtype=object).tolist()]
    products = [str(k) for k in p_all[G.PRODUCT].iloc[near].to_numpy(dtype=object).tolist()]
    exact = [(c, k) in pending for c, k in zip(clients, products, strict=True)]
    rows = near[np.asarray(exact, dtype=bool)] if len(near) else near
    if not len(rows):
        return rows
    clients = [c for c, e in zip(clients, exact, strict=True) if e]
    products = [k for k, e in zip(products, exact, strict=True) if e]
    found = [pending[(c, k)] for c, k in zip(clients, products, strict=True)]
    labels = p_all.index[rows]
    keys = _line_targets(clients, products, found, p_all[G.QTY].to_numpy()[rows])
    write_texts(p_all, TARGET, rows, keys)
    p_all.loc[labels, "pair_score"] = [f.score for f in found]
    write_texts(p_all, "pair_how", rows, [f.how or f"pending {f.rests_on}" for f in found])
    write_texts(p_all, REST, rows, [f.rests_on for f in found])
    target[rows] = [codes.product_index[k] for k in keys]
    return rows


def _line_targets(
    clients: Sequence[str],
    products: Sequence[str],
    found: Sequence[Pending],
    qty: npt.NDArray[np.int64],
) -> list[str]:
    """The product each pending row is compared as: its question's candidate, or where the
    text bills two products at that client on lines of its own, the one its seats say."""
    out = [f.vendor_key for f in found]
    left: dict[tuple[str, str], list[tuple[int, str]]] = {}
    for i, f in enumerate(found):
        if not f.lines:
            continue
        pool = left.setdefault((clients[i], products[i]), list(f.lines))
        hit = next((j for j, (seats, _) in enumerate(pool) if seats == int(qty[i])), None)
        if hit is not None:
            out[i] = pool.pop(hit)[1]
    return out
