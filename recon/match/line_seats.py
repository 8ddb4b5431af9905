"""The seats of each vendor subscription line, kept where a client holds a product on several.

A vendor bills each subscription on a line of its own: Pax8 lists every subscription of a
company separately, with its own quantity, term and dates ("Subscriptions" in the Pax8
partner API and the subscription export), so a customer that added seats by buying a second
subscription of Keeper Business, rather than raising the first one's quantity, holds two
lines of one product. Grouping sums them (the customer holds the product's total), and an
MSP often bills the subscriptions apart, or only one of them: the PSA line then agrees with
one subscription's seats, not with the total. :class:`SubscriptionSeats` keeps each line's
seats for the (client, product) pairs that have more than one, so a reader weighing a PSA
line by its seats (:mod:`recon.match.kind_lines`) can see it is one subscription's.

Only the few clients held in review are ever read, so the lines are kept as three narrow
arrays sorted by client (a few MiB at 60,000 clients, where some 100,000 pairs hold several
lines) and looked up on demand, never turned into Python objects whole.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from recon.codes import narrowest


class SubscriptionSeats:
    """Each line's milli-seats, per (client identity, product key) holding several lines.

    Args:
        client_codes: per kept vendor row, its client's code (an index into ``identities``).
        row_product: per kept row, its product's code (an index into ``product_keys``).
        qty: per kept row, its milli-seats.
        identities: client identity per client code.
        product_keys: product key per product code.
    """

    def __init__(
        self,
        client_codes: npt.NDArray[np.integer],
        row_product: npt.NDArray[np.integer],
        qty: npt.NDArray[np.int64],
        identities: npt.NDArray[Any],
        product_keys: npt.NDArray[Any],
    ) -> None:
        self._identities = identities
        self._product_keys = product_keys
        self._code_of: dict[str, int] | None = None
        n_products = max(len(product_keys), 1)
        pair = client_codes.astype(np.int64) * n_products + row_product.astype(np.int64)
        codes, _ = pd.factorize(pair, sort=False)
        at = np.flatnonzero(np.bincount(codes)[codes] > 1) if len(codes) else codes
        order = at[np.argsort(client_codes[at], kind="stable")]
        self._clients = client_codes[order].astype(np.int32)
        self._products = row_product[order].astype(np.int32)
        self._qty = narrowest(qty[order])  # milli-seats fit in 32 bits for any real file

    def __len__(self) -> int:
        return len(self._qty)

    def of(self, identity: str) -> Mapping[str, tuple[int, ...]]:
        """A vendor client's products held on several lines, and each line's milli-seats.

        Args:
            identity: the vendor client's identity (as the groups' client column holds it).
        """
        if not len(self._qty):
            return {}
        if self._code_of is None:  # built once, on the first client read
            self._code_of = {str(v): i for i, v in enumerate(self._identities.tolist())}
        code = self._code_of.get(identity)
        if code is None:
            return {}
        lo, hi = np.searchsorted(self._clients, [code, code + 1])
        found: dict[str, list[int]] = {}
        for product, seats in zip(
            self._products[lo:hi].tolist(), self._qty[lo:hi].tolist(), strict=True
        ):
            found.setdefault(str(self._product_keys[product]), []).append(int(seats))
        return {product: tuple(sorted(seats)) for product, seats in found.items()}
