"""The seats of each vendor subscription line, kept where a client holds a product on several.

A vendor bills each subscription on a line of its own: Pax8 lists every subscription of a
company separately, with its own quantity, term and dates ("Subscriptions" in the Pax8
partner API and the subscription export), so a customer that added seats by buying a second
subscription of Keeper Business, rather than raising the first one's quantity, holds two
lines of one product. Grouping sums them (the customer holds the product's total), and an
MSP often bills the subscriptions apart, or only one of them: the PSA line then agrees with
one subscription's seats, not with the total. :func:`subscription_seats` keeps each line's
seats for the (client, product) pairs that have more than one, so a reader weighing a PSA
line by its seats (:mod:`recon.match.kind_lines`) can see it is one subscription's.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

#: (client identity, product key) -> the milli-seats of each of its lines, when several.
LineSeats = dict[tuple[str, str], tuple[int, ...]]


def subscription_seats(
    client_codes: npt.NDArray[np.integer],
    row_product: npt.NDArray[np.integer],
    qty: npt.NDArray[np.int64],
    identities: npt.NDArray[Any],
    product_keys: npt.NDArray[Any],
) -> LineSeats:
    """Each line's milli-seats, per (client identity, product key) holding several lines.

    Args:
        client_codes: per kept row, its client's code (an index into ``identities``).
        row_product: per kept row, its product's code (an index into ``product_keys``).
        qty: per kept row, its milli-seats.
        identities: client identity per client code.
        product_keys: product key per product code.

    Returns:
        Only the pairs with two lines or more (a few per cent of a vendor file's pairs).
    """
    if not len(qty):
        return {}
    n_products = max(len(product_keys), 1)
    pair = client_codes.astype(np.int64) * n_products + row_product.astype(np.int64)
    codes, uniques = pd.factorize(pair, sort=False)
    several = np.bincount(codes)[codes] > 1
    if not several.any():
        return {}
    at = np.flatnonzero(several)
    found: dict[int, list[int]] = defaultdict(list)
    for code, seats in zip(codes[at].tolist(), qty[at].tolist(), strict=True):
        found[code].append(int(seats))
    out: LineSeats = {}
    for code, seats_each in found.items():
        client, product = divmod(int(uniques[code]), n_products)
        out[(str(identities[client]), str(product_keys[product]))] = tuple(sorted(seats_each))
    return out
