"""The seat evidence the readings weigh: what the seats at matched clients say of the PSA
spellings a name rule read.

The readings (:mod:`recon.engine.readings`) decide whether the seats overrule a rule's reading
of a PSA text: act, ask, or leave it. What they count lives here, on integer join keys
(:mod:`recon.engine.seat_keys`): whether the seats billed as the read product at a client are
the vendor's own seats of it (else the vendor's line is no sign of the text's product), whether
a client's other spellings of the read product account for the vendor's seats of it, and for
the spellings left in doubt, per (spelling, vendor product), the clients where the product sits
unbilled beside the spelling and those where its seats agree. :class:`Rows`, the arrays every
step reads, lives here too, below each module that reads it: :mod:`recon.engine.compare` builds
it; the readings, :mod:`recon.engine.price_readings` and :mod:`recon.engine.reading_questions`
read it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import combinations

import numpy as np
import numpy.typing as npt
import pandas as pd

from recon.engine.family_readings import Candidate
from recon.engine.join import IntArray, sorted_distinct
from recon.engine.seat_keys import counts_agree, in_sorted, key_table, sums_at

#: A client's spellings of one read product are weighed by subsets up to this many.
MAX_SUBSET_UNITS = 6
#: Columns of the (unit, vendor product, client) triples :func:`support_per_unit` returns.
PC = "pc"
VP = "vp"
_QTY = "qty"
_VQ = "vq"
_ALL = "all"


@dataclass(frozen=True, slots=True)
class Rows:
    """The arrays the seat readings read, one entry per PSA group row and per vendor group row.

    Attributes:
        p_pc: PSA client code per PSA row (-1 when the client is not matched).
        p_target: product code each PSA row is compared as.
        p_unit: a code per PSA row for its (identity, spelling): the identity's product code,
            or a code of its own for each spelling of an identity several spellings read as.
        p_qty: PSA seats (milli) per row.
        rule: PSA rows a name rule read, at matched clients, compared, with seats.
        spelled: PSA rows of an identity several spellings read as.
        billed: PSA rows compared at matched clients (what bills a vendor line there).
        v_pc: PSA client code per vendor row (-1 when unmatched or held).
        v_product: product code per vendor row.
        v_qty: vendor seats (milli) per row.
        products: how many product codes there are.
        p_cost: the PSA line's own monthly unit cost (micro) per PSA row; -1 none (empty: the
            export carries none).
        v_cost: the vendor's monthly unit cost (micro) per vendor row; -1 none.
    """

    p_pc: IntArray
    p_target: IntArray
    p_unit: IntArray
    p_qty: IntArray
    rule: npt.NDArray[np.bool_]
    spelled: npt.NDArray[np.bool_]
    billed: npt.NDArray[np.bool_]
    v_pc: IntArray
    v_product: IntArray
    v_qty: IntArray
    products: int
    p_cost: IntArray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    v_cost: IntArray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))


def accounted_rows(
    split: IntArray, keys: IntArray, rows: Rows, v_ok: npt.NDArray[np.bool_]
) -> IntArray:
    """Rows of a spelling whose read product the vendor sells at the client, but for seats
    the client's other spellings of that product account for: the client holds both
    products ("M365 BP License" bills the Premium seats, "M365 Business" the Standard ones),
    so the vendor's line is no sign of the spelling's product there."""
    frame = pd.DataFrame({"key": keys, "unit": rows.p_unit[split], _QTY: rows.p_qty[split]})
    total = frame.groupby("key", sort=False)[_QTY].transform("sum").to_numpy(dtype=np.int64)
    own = frame.groupby(["key", "unit"], sort=False)[_QTY].transform("sum").to_numpy(np.int64)
    other = total - own
    needed = sorted_distinct(keys)
    v_keys = rows.v_pc[v_ok] * rows.products + rows.v_product[v_ok]
    at = in_sorted(v_keys, needed)
    seats = np.bincount(
        np.searchsorted(needed, v_keys[at]),
        weights=rows.v_qty[v_ok][at].astype(np.float64),
        minlength=len(needed),
    )
    vendor = seats[np.searchsorted(needed, keys)].astype(np.int64)
    accounted = (other > 0) & counts_agree(other, vendor)
    units = frame.groupby("key", sort=False)["unit"].transform("nunique").to_numpy()
    several = np.flatnonzero(~accounted & (units > 2) & (units <= MAX_SUBSET_UNITS))
    if len(several):
        accounted[several] = _accounted_by_some(frame.iloc[several], frame, vendor[several])
    return np.asarray(split[accounted], dtype=np.int64)


def _accounted_by_some(
    doubted: pd.DataFrame, frame: pd.DataFrame, vendor: IntArray
) -> npt.NDArray[np.bool_]:
    """For rows at a client holding three or more spellings of the read product: do the
    vendor's seats agree with the seats of some of the *other* spellings there?

    Two texts misread as one product ("M365 Business" billing Standard, "Microsoft 365
    Business" billing Basic, beside the real "Business Premium" line): the vendor's Premium
    seats are the real line's alone, never all the others' together, so neither misread text
    is needed to account for them. Only the few clients with that many spellings get here, and
    a client holds at most :data:`MAX_SUBSET_UNITS` of them, so the subsets stay few.
    """
    per_unit = frame.groupby(["key", "unit"], sort=False, as_index=False)[_QTY].sum()
    by_key: dict[int, list[tuple[int, int]]] = {}
    wanted = set(doubted["key"].tolist())
    for key, unit, qty in zip(
        per_unit["key"].tolist(), per_unit["unit"].tolist(), per_unit[_QTY].tolist(), strict=True
    ):
        if key in wanted:
            by_key.setdefault(int(key), []).append((int(unit), int(qty)))
    out = np.zeros(len(doubted), dtype=bool)
    keys = doubted["key"].to_numpy(dtype=np.int64)
    own_units = doubted["unit"].to_numpy(dtype=np.int64)
    for i, (key, unit, seats) in enumerate(zip(keys, own_units, vendor, strict=True)):
        others = [qty for u, qty in by_key[int(key)] if u != unit]
        sums = {
            sum(combo) for size in range(1, len(others)) for combo in combinations(others, size)
        }
        found = np.fromiter(sums, dtype=np.int64, count=len(sums))
        out[i] = bool(len(found) and counts_agree(found, np.full(len(found), seats)).any())
    return out


def seats_agree_at(
    keys: IntArray, rows: Rows, v_ok: npt.NDArray[np.bool_]
) -> npt.NDArray[np.bool_]:
    """Per join key (client x product): do the seats billed as the product there (every PSA
    row compared as it) agree with the vendor's seats of it?"""
    needed = sorted_distinct(keys)
    width = rows.products
    billed = np.flatnonzero(rows.billed & (rows.p_pc >= 0))
    psa = sums_at(needed, rows.p_pc[billed] * width + rows.p_target[billed], rows.p_qty[billed])
    vendor = sums_at(needed, rows.v_pc[v_ok] * width + rows.v_product[v_ok], rows.v_qty[v_ok])
    at = np.searchsorted(needed, keys)
    return counts_agree(psa[at], vendor[at])


def support_per_unit(
    absent: IntArray, rows: Rows, size: int, taken: IntArray | None
) -> tuple[list[Candidate], pd.DataFrame]:
    """Per (spelling unit, vendor product code): the clients where its seats agree, and how
    many clients hold it unbilled beside the spelling, whatever the seats; and those
    (unit, vendor product, client) triples themselves."""
    width = rows.products
    doubted = pd.DataFrame(
        {
            "key": rows.p_target[absent],
            "unit": rows.p_unit[absent],
            PC: rows.p_pc[absent],
            _QTY: rows.p_qty[absent],
        }
    )
    # One figure per client and spelling: a spelling on two terms is the seats held in all.
    psa = doubted.groupby(["key", "unit", PC], sort=False, as_index=False)[_QTY].sum()
    # A product held on two terms is often billed as two texts ("... - Annual", "... -
    # Monthly") while the vendor line counts both: the seats of every doubted spelling of
    # one read product at the client are a second figure that may agree.
    psa[_ALL] = psa.groupby(["key", PC], sort=False)[_QTY].transform("sum")
    at = key_table(psa[PC].to_numpy(dtype=np.int64), size // width)
    v_rows = np.flatnonzero(at[np.maximum(rows.v_pc, 0)] & (rows.v_pc >= 0) & (rows.v_qty > 0))
    v_key = rows.v_pc[v_rows] * width + rows.v_product[v_rows]
    billed = key_table(rows.p_pc[rows.billed] * width + rows.p_target[rows.billed], size)
    free = ~billed[v_key]
    if taken is not None and len(taken):
        free &= ~in_sorted(v_key, sorted_distinct(taken))
    unbilled = pd.DataFrame(
        {
            PC: rows.v_pc[v_rows][free],
            VP: rows.v_product[v_rows][free],
            _VQ: rows.v_qty[v_rows][free],
        }
    )
    vendor = unbilled.groupby([PC, VP], sort=False, as_index=False)[_VQ].sum()
    pairs = psa.merge(vendor, on=PC, how="inner")
    qv = pairs[_VQ].to_numpy(dtype=np.int64)
    agree = counts_agree(pairs[_QTY].to_numpy(dtype=np.int64), qv) | counts_agree(
        pairs[_ALL].to_numpy(dtype=np.int64), qv
    )
    other = (pairs[VP] != pairs["key"]).to_numpy()
    # Where the product sits unbilled whatever its seats: a misread text keeps its real
    # quantity gaps, so at scale this share, not the agreeing one alone, says how far it goes.
    triples = pairs.loc[other, ["unit", VP, PC]].drop_duplicates()
    beside = triples.groupby(["unit", VP]).size()
    agreeing = pairs.loc[agree & other]
    grouped = agreeing.drop_duplicates(["unit", VP, PC]).groupby(["unit", VP], sort=False)[PC]
    return [
        (int(unit), int(code), [int(c) for c in pcs], int(beside.at[(unit, code)]))
        for (unit, code), pcs in grouped
    ], triples
