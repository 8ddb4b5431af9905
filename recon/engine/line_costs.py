"""Does a PSA line's own unit cost fit what the vendor charges for a product at its client?

The MSP's cost on a PSA line (:mod:`recon.formats.costs`) is what it pays for what the line
bills. Where the vendor sells the product at the client, a line billing it costs about what
the vendor's lines there cost (within :data:`FIT`; a product on two terms at one client has
two costs, and the line may carry either).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from recon.engine.join import IntArray, sorted_distinct

#: A line's unit cost fits the vendor's cost of a product within this share of it.
FIT = 0.1


def fits_vendor_cost(
    vendor: tuple[IntArray, IntArray, IntArray], products: int, keys: IntArray, cost: IntArray
) -> npt.NDArray[np.bool_]:
    """Per (join key client x product, line cost): the cost lies within :data:`FIT` of the
    range of the vendor's unit costs of that product at that client (False where the vendor
    has none there, or the line no cost).

    Args:
        vendor: per vendor row, its PSA client code (-1 none), product code and unit cost
            (micro, -1 none).
        products: how many product codes there are.
        keys: join keys (PSA client code x products + product code).
        cost: the line cost (micro) per key; 0 or less is none.
    """
    v_pc, v_product, v_cost = vendor
    out = np.zeros(len(keys), dtype=bool)
    if not len(keys) or not len(v_cost):
        return out
    priced = (v_pc >= 0) & (v_cost > 0)
    v_keys = v_pc[priced] * products + v_product[priced]
    needed = sorted_distinct(keys)
    at = np.searchsorted(needed, v_keys).clip(0, len(needed) - 1)
    inside = needed[at] == v_keys
    low = np.full(len(needed), np.iinfo(np.int64).max, dtype=np.int64)
    high = np.zeros(len(needed), dtype=np.int64)
    np.minimum.at(low, at[inside], v_cost[priced][inside])
    np.maximum.at(high, at[inside], v_cost[priced][inside])
    where = np.searchsorted(needed, keys)
    lo, hi = low[where], high[where]
    return np.asarray(
        (cost > 0) & (hi > 0) & (cost >= lo * (1 - FIT)) & (cost <= hi * (1 + FIT)), dtype=bool
    )
