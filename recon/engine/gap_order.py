"""A run's gaps in list order, sorted a column at a time.

:func:`recon.listing.gap_order` is the one sort key of every gap list; sorting 100,000 gaps
with it builds a key per gap (an absolute ``Decimal``, two case-folded names). Here each
distinct amount and name is ranked once and the gaps are ordered by one stable ``lexsort``
over the ranks: the same order, ties and all, as ``sorted(gaps, key=gap_order)``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from operator import attrgetter
from typing import Any

import numpy as np
import pandas as pd

from recon.engine.join import IntArray
from recon.model import Gap

_IMPACT, _CLIENT = attrgetter("monthly_impact"), attrgetter("client")
_PRODUCT, _KIND = attrgetter("product"), attrgetter("kind")


def in_list_order(gaps: Sequence[Gap]) -> tuple[Gap, ...]:
    """``tuple(sorted(gaps, key=recon.listing.gap_order))``, worked out per distinct value:
    money at stake (largest first), client and product (case-insensitive), then kind."""
    if len(gaps) < 2:
        return tuple(gaps)
    order = np.lexsort(
        (
            _ranks(map(_KIND, gaps), _kind_word),
            _ranks(map(_PRODUCT, gaps), str.casefold),
            _ranks(map(_CLIENT, gaps), str.casefold),
            _ranks(map(_IMPACT, gaps), _at_stake),
        )
    )
    found = np.empty(len(gaps), dtype=object)
    found[:] = list(gaps)
    return tuple(found[order].tolist())


def _at_stake(impact: Decimal) -> Decimal:
    return -abs(impact)


def _kind_word(kind: Any) -> str:
    return str(getattr(kind, "value", kind))


def _ranks(values: Iterable[Any], key: Callable[[Any], Any]) -> IntArray:
    """Each value's rank by ``key`` (equal keys, equal ranks), ``key`` called once per
    distinct value (values told apart by their hash and equality: ``Decimal("1.0")`` and
    ``Decimal("1.00")`` are one)."""
    column = np.fromiter(values, dtype=object)
    codes, distinct = pd.factorize(column, sort=False, use_na_sentinel=False)
    keys = [key(value) for value in distinct.tolist()]
    ranked = {k: rank for rank, k in enumerate(sorted(set(keys)))}
    table = np.fromiter(map(ranked.__getitem__, keys), dtype=np.int64, count=len(keys))
    found: IntArray = table[codes]
    return found
