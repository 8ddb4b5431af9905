"""A mapping question reads a family's offices as the one client they are compared as.

An MSP bills one customer's licences across the PSA companies it opened per office
(Autotask sub-organizations, ConnectWise companies per site): Pax8 and Partner Center
sell the licences to the customer once, so the offices' seats of a product sum to the
customer's (:mod:`recon.match.tenant_sites` compares the family summed). A mapping question
("'Duo (NCE)' = 'Duo Essentials'?") weighs the seats a text bills beside the product it may
be: read per office, each office's share looks "seats apart" from the customer's whole
purchase, and a share that happens to equal another line's seats at that office ("Duo" 6
of 10 beside an office's 4 EDR seats) holds the whole purchase in the question while the
other office's share shows as "missing in vendor". Summed over the family first, the seats
agree and the question holds the family's lines, as it does for a customer billed once.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping
from typing import TypeVar

import numpy as np
import pandas as pd

_V = TypeVar("_V")


def fold_seats(
    seats: Mapping[tuple[str, str], int], same: Mapping[str, str]
) -> dict[tuple[str, str], int]:
    """(client, product) -> seats with every office's seats added to its family's first
    company (``same``: PSA company -> the company it is compared as)."""
    if not same:
        return dict(seats)
    out: dict[tuple[str, str], int] = defaultdict(int)
    for (client, product), qty in seats.items():
        out[(same.get(client, client), product)] += qty
    return dict(out)


def fold_clients(clients: Iterable[str], same: Mapping[str, str]) -> set[str]:
    """The clients as compared: an office is its family's first company."""
    return {same.get(c, c) for c in clients}


def offices_of(same: Mapping[str, str]) -> dict[str, tuple[str, ...]]:
    """Family's first company -> every company it stands for (itself first)."""
    out: dict[str, list[str]] = defaultdict(list)
    for member, head in same.items():
        if member != head:
            out[head].append(member)
    return {head: (head, *sorted(members)) for head, members in out.items()}


def with_offices(matched: Collection[str], same: Mapping[str, str]) -> set[str]:
    """``matched`` and every office of a family whose first company is matched."""
    return {*matched, *(office for office, head in same.items() if head in matched)}


def folded_column(clients: pd.Series, same: Mapping[str, str]) -> pd.Series:
    """A client column with every office written as its family's first company (only the
    distinct clients are looked up)."""
    if not same:
        return clients
    codes, uniques = pd.factorize(clients, sort=False)
    heads = np.asarray([same.get(str(u), str(u)) for u in uniques], dtype=object)
    out = pd.Series(heads[codes] if len(uniques) else [], index=clients.index, dtype=object)
    return out.where(codes >= 0, None)


def spread_to_offices(
    by_client: Mapping[tuple[str, str], _V], same: Mapping[str, str]
) -> dict[tuple[str, str], _V]:
    """(client, product) -> value, each family's first company's value given to its offices
    too (an office's own entry kept): an office's rows are compared as its family's."""
    offices = offices_of(same)
    if not offices:
        return dict(by_client)
    out = dict(by_client)
    for (client, product), value in by_client.items():
        for office in offices.get(client, ())[1:]:
            out.setdefault((office, product), value)
    return out
