"""Terms, reduction deadlines and currencies of the gap rows (issue 17), read per gap.

The rules are in :mod:`recon.engine.terms`; here they are applied to the rows
:mod:`recon.engine.gap_rows` turns into gaps, each distinct combination worked out once.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import numpy as np
import numpy.typing as npt
import pandas as pd

from recon.engine import terms
from recon.engine.deadlines import Deadline
from recon.engine.join import IntArray, Summed, Units, distinct_rows, take
from recon.engine.pairs import Context


def converted(
    cost: Units,
    differ: npt.NDArray[np.bool_],
    cur_v: npt.NDArray[np.object_],
    cur_p: npt.NDArray[np.object_],
    context: Context,
) -> Units:
    """The vendor cost in the PSA's currency on the rows priced in two (rare: one Decimal
    each); unknown where no admin set a rate, so no number meets one in another currency."""
    value, known, negative_zero = cost.value.copy(), cost.known.copy(), cost.negative_zero.copy()
    for row in np.flatnonzero(differ & cost.known).tolist():
        unit = Decimal("-0.0000") if negative_zero[row] else Decimal(int(value[row])).scaleb(-4)
        found = terms.currencies(cur_v[row], cur_p[row], context.rates).cost(unit)
        if found is None:
            known[row], value[row], negative_zero[row] = False, 0, False
            continue
        value[row] = int(found.scaleb(4))
        negative_zero[row] = found.is_signed() and value[row] == 0
    return Units(value, known, negative_zero)


class Extras:
    """Terms, deadlines and currencies of the gap rows (issue 17), read per gap."""

    def __init__(
        self,
        v: Summed,
        rows: IntArray,
        cur_v: npt.NDArray[np.object_],
        cur_p: npt.NDArray[np.object_],
        context: Context,
    ) -> None:
        self._lo = take(v.term_lo, rows).tolist()
        self._hi = take(v.term_hi, rows).tolist()
        self._count = take(v.terms, rows).tolist()
        self._deadline = take(v.deadline, rows, np.iinfo(np.int64).max).tolist()
        self._cur_v = cur_v.tolist()
        self._cur_p = cur_p.tolist()
        self._packed = [
            take(v.term_lo, rows),
            take(v.term_hi, rows),
            take(v.terms, rows),
            take(v.deadline, rows, np.iinfo(np.int64).max),
            pd.factorize(cur_v)[0],
            pd.factorize(cur_p)[0],
        ]
        self._rates = context.rates
        # Gaps share a handful of (terms, currencies, deadline) combinations: each is worked
        # out once (a 60,000-client month has 100,000 gaps).
        self._seen: dict[tuple[object, ...], tuple[str | None, dt.date | None, str | None, str]]
        self._seen = {}

    @property
    def deadlines(self) -> IntArray:
        """Each gap's packed vendor deadline (the int64 maximum where none is known)."""
        return self._packed[3]

    @property
    def longest(self) -> IntArray:
        """Each gap's longest vendor term in months (0 unknown)."""
        return self._packed[1]

    def deadline(self, at: int) -> Deadline | None:
        """The vendor side's earliest reduction deadline."""
        return terms.deadline_of(self._deadline[at])

    def term_months(self, at: int) -> int:
        """The vendor side's longest term (0 unknown)."""
        return int(self._hi[at])

    def at(
        self, at: int, product_key: str, has_v: bool, has_p: bool
    ) -> tuple[str | None, dt.date | None, str | None, str]:
        """(term words, term end, currency, notes for ``why``) of one gap."""
        split = terms.TERM_SEP in product_key
        key = (
            split,
            has_v,
            has_p,
            self._lo[at],
            self._hi[at],
            self._count[at],
            self._deadline[at],
            self._cur_v[at],
            self._cur_p[at],
        )
        found = self._seen.get(key)
        if found is None:
            found = self._seen[key] = self._work_out(at, split, has_v, has_p)
        return found

    def columns(
        self,
        split: npt.NDArray[np.bool_],
        has_v: npt.NDArray[np.bool_],
        has_p: npt.NDArray[np.bool_],
    ) -> tuple[list[str | None], list[dt.date | None], list[str | None], list[str]]:
        """:meth:`at` of every gap (``split``: its product key is one term's), each distinct
        combination worked out once: (term words, term ends, currencies, notes)."""
        n = len(split)
        if n == 0:
            return [], [], [], []
        first, inverse = distinct_rows(
            [split.astype(np.int64), has_v.astype(np.int64), has_p.astype(np.int64)]
            + [np.asarray(c, dtype=np.int64) for c in self._packed]
        )
        worked = [
            self._work_out(at, bool(split[at]), bool(has_v[at]), bool(has_p[at]))
            for at in first.tolist()
        ]
        out = []
        for part in range(4):
            column = np.empty(len(worked), dtype=object)
            column[:] = [w[part] for w in worked]
            out.append(column[inverse].tolist())
        return out[0], out[1], out[2], out[3]

    def _work_out(
        self, at: int, split: bool, has_v: bool, has_p: bool
    ) -> tuple[str | None, dt.date | None, str | None, str]:
        words = (
            terms.term_words(self._lo[at], self._hi[at], self._count[at], split) if has_v else None
        )
        money = terms.currencies(self._cur_v[at], self._cur_p[at], self._rates)
        deadline = self.deadline(at) if has_v else None
        notes = _terms_why(words, split, self._count[at], has_v, has_p) + money.why()
        currency = (money.psa if has_p else "") or money.vendor or None
        return words, deadline.term_end if deadline else None, currency, notes


def _terms_why(words: str | None, split: bool, count: int, has_v: bool, has_p: bool) -> str:
    """How the terms were compared, when it matters: per term, or a total over several."""
    if not (has_v and words):
        return ""
    if split:
        return f"; compared per term: the PSA bills the {words} seats as their own product"
    if count > 1 and has_p:
        return (
            f"; the vendor holds it on several terms ({words}); the PSA bills it on one "
            "line, so the total is compared"
        )
    return f"; {words} term"
