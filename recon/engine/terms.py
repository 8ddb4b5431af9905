"""Terms, deadlines and currencies in the comparison (issue 17), kept beside ``compare``.

- **Terms**: a client can hold one product on two terms (monthly and annual). Where the PSA
  bills exactly those terms as separate products ("M365 BP - Annual" / "- Monthly"), each
  term is compared on its own, under a product key with the term appended
  (``cat:m365-bp~12``); otherwise the total is compared and ``why`` says so.
- **What to do, and by when**: for a gap where the vendor side exceeds the PSA side, the two
  fixes, the reduction deadline and the money of each path (see :class:`Advice`).
- **Currencies**: prices are compared only within one currency; a pair across currencies is
  converted at a rate an admin set, or its prices are not compared at all.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

import numpy as np
import pandas as pd

from recon.commitments import term_label
from recon.engine.deadlines import Deadline, unpack
from recon.match import ProductIdentity
from recon.model import G
from recon.money import cents, format_money

#: Separates a product key from the term it was compared on (``cat:m365-bp~12``).
TERM_SEP = "~"
#: Extra group columns: the lowest and highest term, and how many, of a compared row.
TERM_LO, TERM_HI, TERMS = "term_lo", "term_hi", "terms"
_DAYS_PER_MONTH = Decimal(365) / Decimal(12)
#: (vendor currency, PSA currency) -> PSA units per vendor unit, as an admin set them.
Rates = Mapping[tuple[str, str], Decimal]


def base_key(product_key: str) -> str:
    """A compared product key without its term: ``cat:m365-bp~12`` -> ``cat:m365-bp``."""
    return product_key.split(TERM_SEP, 1)[0]


def term_identity(identity: ProductIdentity, key: str) -> ProductIdentity:
    """The identity of a product compared on one term: "Microsoft 365 E3 (annual term)"."""
    if TERM_SEP not in key:
        return identity
    label = term_label(int(key.split(TERM_SEP, 1)[1])) or "unknown"
    return dataclasses.replace(identity, key=key, name=f"{identity.name} ({label} term)")


_TERM_BITS = {0: 1, 1: 2, 12: 4, 24: 8, 36: 16}


def candidate_pairs(psa: pd.DataFrame, keys: list[str]) -> pd.Index:
    """The (client, product) pairs whose PSA lines name two or more terms: the only ones
    that can be compared per term."""
    named = psa.loc[psa[G.TERM] > 0]
    if named.empty:
        return pd.MultiIndex.from_tuples([], names=keys)
    counts = named.groupby(keys, sort=False)[G.TERM].nunique()
    return counts.index[counts.to_numpy() >= 2]


def _term_mask(frame: pd.DataFrame, keys: list[str]) -> pd.Series:
    """Per (client, product), a bit mask of the terms its rows carry (bit 0: unknown)."""
    distinct = frame[[*keys, G.TERM]].drop_duplicates()
    bits = distinct[G.TERM].map(_TERM_BITS).fillna(32).astype(np.int64)
    return bits.groupby([distinct[k] for k in keys], sort=False).sum()


def split_pairs(
    vendor: pd.DataFrame, psa: pd.DataFrame, keys: list[str], candidates: pd.Index
) -> pd.Index:
    """The (client, product) pairs to compare per term.

    Split only when both sides carry the same two or more known terms, each on its own
    rows (the PSA bills "- Annual" and "- Monthly" as separate products) and neither side
    has a line whose term is unknown: anything less is compared as a total.

    Args:
        vendor: vendor rows per (client, product, term).
        psa: PSA rows per (client, product, term).
        keys: the (client, product) column names.
        candidates: the pairs whose PSA lines name two or more terms
            (:func:`candidate_pairs`).
    """
    inside = [
        frame.loc[pd.MultiIndex.from_frame(frame[keys]).isin(candidates)] for frame in (vendor, psa)
    ]
    v, p = (_term_mask(frame, keys) for frame in inside)
    both = v.to_frame("v").join(p.to_frame("p"), how="inner")
    mask = both["v"]
    same = (mask == both["p"]) & (mask % 2 == 0) & ((mask & (mask - 1)) != 0)
    return both.index[same.to_numpy()]


def term_counts(rows: pd.DataFrame, summed: pd.DataFrame, keys: list[str]) -> np.ndarray:
    """How many distinct terms each summed row covers: 1 where its lowest and highest term
    agree (nearly always), counted only for the few rows where they don't."""
    out = np.ones(len(summed), dtype=np.int64)
    several = (summed[TERM_LO] != summed[TERM_HI]).to_numpy()
    if several.any():
        wanted = pd.MultiIndex.from_frame(summed.loc[several, keys])
        inside = rows.loc[pd.MultiIndex.from_frame(rows[keys]).isin(wanted)]
        counts = inside.groupby(keys, sort=False)[G.TERM].nunique()
        out[several] = counts.reindex(wanted).to_numpy()
    return out


def term_words(lo: object, hi: object, count: object, split: bool) -> str | None:
    """The term(s) of a compared row: "annual", "annual + monthly", or None (unknown)."""
    low, high, n = int(lo or 0), int(hi or 0), int(count or 0)  # type: ignore[call-overload]
    if n <= 1 or split:
        return term_label(high)
    if n == 2 and low > 0:
        return f"{term_label(high)} + {term_label(low)}"
    return f"{n} terms" if low > 0 else (term_label(high) or "unknown") + " and unknown"


@dataclass(frozen=True, slots=True)
class Advice:
    """What to do about seats the vendor charges and the PSA does not bill, and by when.

    Attributes:
        term_end: the last day of the current term.
        reduce_possible_until: the window's end while it is open, else the term's end.
        act_by: the day to decide by (today: the reduction deadline).
        bill_recovers: billing the seats from today recovers this until ``term_end``.
        reduce_saves: reducing saves this: the rest of the term while the window is open,
            else the next term (the seats are paid until renewal either way).
        why: the advice in words, for the gap's ``why``.
    """

    term_end: dt.date | None
    reduce_possible_until: dt.date | None
    act_by: dt.date | None
    bill_recovers: Decimal | None
    reduce_saves: Decimal | None
    why: str


def advise(
    deadline: Deadline | None,
    *,
    seats: Decimal,
    bill_rate: Decimal | None,
    cost: Decimal | None,
    term_months: int,
    as_of: dt.date,
) -> Advice | None:
    """The two fixes of an over-bought gap, its deadline and the money of each path.

    Args:
        deadline: the vendor side's earliest reduction deadline (None: unknown).
        seats: the seats the vendor side has over the PSA side (> 0).
        bill_rate: the monthly price the missing seats would be billed at.
        cost: the vendor's monthly cost per seat.
        term_months: the commitment term (0 unknown), for the saving at renewal.
        as_of: today.

    Returns:
        The advice, or None when the deadline is unknown.
    """
    if deadline is None:
        return None
    term_end = deadline.term_end
    months = (
        Decimal((term_end - as_of).days + 1) / _DAYS_PER_MONTH
        if term_end is not None and term_end >= as_of
        else None
    )
    bill = cents(seats * bill_rate * months) if bill_rate and months is not None else None
    if cost is None:
        saves = None
    elif deadline.window_open:
        saves = cents(seats * cost * months) if months is not None else None
    else:
        saves = cents(seats * cost * term_months) if term_months > 0 else None
    until = deadline.reduce_until.isoformat()
    end = f" (term ends {term_end.isoformat()})" if term_end else ""
    if deadline.window_open:
        reduce = f"reduce the vendor by {seats} until {until}, inside the cancellation window"
    else:
        reduce = (
            f"the window has closed: a reduction by {seats} takes effect at renewal; "
            f"set it by {until}"
        )
    money = []
    if bill is not None:
        money.append(f"billing recovers {format_money(bill)} to the term's end")
    if saves is not None:
        span = "to the term's end" if deadline.window_open else "over the next term"
        money.append(f"reducing saves {format_money(saves)} {span}")
    why = f"act by {until}: bill {seats} more from now, or {reduce}{end}"
    if money:
        why += " (" + "; ".join(money) + ")"
    return Advice(term_end, deadline.reduce_until, deadline.reduce_until, bill, saves, why)


def deadline_of(value: object) -> Deadline | None:
    """A joined row's packed vendor deadline, or None (no vendor side, or unknown)."""
    if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
        return None
    return unpack(int(value))  # type: ignore[call-overload]


@dataclass(frozen=True, slots=True)
class Currencies:
    """How one compared row's prices relate across currencies.

    Attributes:
        vendor: the vendor side's currency ("" unknown).
        psa: the PSA side's currency ("" unknown).
        rate: the admin's rate applied to the vendor cost, when the two differ and one is set.
    """

    vendor: str
    psa: str
    rate: Decimal | None

    @property
    def differ(self) -> bool:
        """Both known and not the same."""
        return bool(self.vendor and self.psa and self.vendor != self.psa)

    @property
    def comparable(self) -> bool:
        """Prices of the two sides may be set against each other (after conversion)."""
        return not self.differ or self.rate is not None

    def cost(self, cost: Decimal | None) -> Decimal | None:
        """The vendor cost in the PSA's currency; None when it can't be."""
        if cost is None or not self.differ:
            return cost
        if self.rate is None:
            return None
        return (cost * self.rate).quantize(Decimal("0.0001"))

    def why(self) -> str:
        """A note for ``why`` when the currencies differ, else ""."""
        if not self.differ:
            return ""
        if self.rate is not None:
            return (
                f"; vendor cost converted from {self.vendor} to {self.psa} at {self.rate} "
                "(the rate an admin set)"
            )
        return (
            f"; prices not compared: the vendor charges in {self.vendor}, the PSA bills in "
            f"{self.psa} (set a rate: recon settings set fx_rates {self.vendor}:{self.psa}=RATE)"
        )


def currencies(vendor: object, psa: object, rates: Rates) -> Currencies:
    """The currencies of a joined row's two sides, and the admin's rate between them."""
    v = vendor if isinstance(vendor, str) else ""
    p = psa if isinstance(psa, str) else ""
    rate = rates.get((v, p)) if v and p and v != p else None
    return Currencies(v, p, rate)
