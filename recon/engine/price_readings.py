"""An old edition's item name billing a newer edition at some clients: the line's cost tells.

An MSP moving a client from one edition to another (E3 to E5, Exchange Plan 1 to Plan 2)
often edits the PSA line it already has: new quantity, new price and cost, the old item name
kept. A name rule then reads the line as the old edition (A), and the client shows two false
gaps: "B missing in PSA" and "A missing in vendor". The seats alone
(:mod:`recon.engine.readings`) cannot tell this from a real upgrade made only in the vendor
portal (the vendor moved to B, the PSA still bills A at A's price: a revenue leak that must
stay a gap) where it happens at a minority of the text's clients. The line's own unit cost
can: a ConnectWise addition and an Autotask contract service each carry one
(:mod:`recon.formats.costs`), and it is what the MSP pays for what the line bills.

A PSA row a name rule read as A is compared as B, at a matched client, where all of these hold:

- the vendor sells B there, unbilled by any PSA line, and the seats of the text's rows at the
  client whose cost fits B agree with the vendor's B seats (equal, or within a seat or a
  tenth);
- the row's unit cost fits B: within :data:`~recon.engine.line_costs.FIT` of the vendor's
  unit cost of B at that client;
- and it is far from A: beyond :data:`FAR` outside the range of the vendor's unit costs of A
  across the file (its :data:`SPREAD` quantiles), so a stale line at A's cost never fits;
- and B is another edition of A's line: their names alike once edition codes and levels are
  set aside (E3 / E5, Plan 1 / Plan 2, Basic / Standard), so a cost that happens to be a
  cheap seat's at the client (a Visio plan, a backup seat) is no evidence.

Whatever the client's other lines of the text do: it may bill A on one line and B on another
(each line's cost is its own: lines whose costs differ are kept apart,
:data:`recon.engine.group_apart.COSTS_APART`), and a real gap on A beside it stays a gap.

No cost, a cost that fits A, seats that disagree, or no vendor cost of A to tell the two apart:
today's answer stays (a real change of edition is two gaps). What acts is asked once: one
question per text, holding nothing (its rows are compared as B in this run) with the seats
and the costs in its ``why``; a person's alias or rejection is final. A text the seats alone
already read (:func:`recon.engine.readings.weigh_readings`) is not weighed again.

The pass costs a few array operations over the rows with a cost, and a merge with the vendor
lines no PSA line bills at their clients (a few per client).
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

import numpy as np
import pandas as pd

from recon.catalog import product_key, tier_tokens
from recon.catalog._keys import tier_class
from recon.engine.join import IntArray, sorted_distinct
from recon.engine.line_costs import FIT
from recon.engine.readings import Reading, weigh_readings
from recon.engine.seat_keys import counts_agree, in_sorted, key_table, sums_at
from recon.engine.seat_support import Rows
from recon.model import MONEY_SCALE, G

#: A line's cost is far from another's when beyond this share outside the range of its costs.
FAR = 0.2
#: The range of a product's vendor unit costs across the file: these quantiles.
SPREAD = (0.05, 0.95)
#: The tier classes that tell editions of one line apart (recon.catalog.tier_class).
_EDITION = frozenset({"code", "level"})
#: Where each pair of candidate columns is kept.
_P, _V, _PC, _B, _UNIT = "p", "v", "pc", "b", "unit"


def weigh_all(
    p_all: pd.DataFrame,
    rows: Rows,
    product_text: list[str],
    vendor_names: Mapping[str, str],
    *,
    brands: frozenset[tuple[str, ...]] = frozenset(),
    rejected: frozenset[tuple[str, str]] = frozenset(),
    taken: IntArray | None = None,
) -> list[Reading]:
    """The readings on the seats (:func:`recon.engine.readings.weigh_readings`), then those on
    the lines' own cost for the texts the seats leave as read (:func:`weigh_prices`)."""
    found = weigh_readings(
        p_all, rows, product_text, vendor_names, brands=brands, rejected=rejected, taken=taken
    )
    return found + weigh_prices(
        p_all, rows, product_text, vendor_names, rejected=rejected, taken=taken, after=found
    )


def weigh_prices(
    p_all: pd.DataFrame,
    rows: Rows,
    product_text: list[str],
    vendor_names: Mapping[str, str],
    *,
    rejected: frozenset[tuple[str, str]] = frozenset(),
    taken: IntArray | None = None,
    after: list[Reading] | None = None,
) -> list[Reading]:
    """The texts a name rule read as one product whose lines bill another at some clients,
    by the lines' own unit cost (see the module's text).

    Args:
        p_all: PSA groups (column ``G.PRODUCT_NAME``).
        rows: the codes and masks of both sides, with both sides' unit costs.
        product_text: product key per product code.
        vendor_names: vendor product key -> its name.
        rejected: (PSA key, vendor key) pairs people said are not one product.
        taken: join keys of vendor rows another question already holds (default: none).
        after: the readings on seats alone: the texts they cover are not weighed again.

    Returns:
        One acted-on reading per text, most supported first.
    """
    if not len(rows.p_cost) or not len(rows.v_pc) or not rows.rule.any():
        return []
    doubted = rows.rule & (rows.p_cost > 0)
    done = _covered(after or [], rows)
    if len(done):
        doubted &= ~in_sorted(rows.p_unit, done)
    p_rows = np.flatnonzero(doubted)
    if not len(p_rows):
        return []
    width = rows.products
    v_ok = (rows.v_pc >= 0) & (rows.v_qty > 0)
    size = (max(int(rows.p_pc.max()), int(rows.v_pc.max()), 0) + 1) * width
    billed_rows = rows.billed & (rows.p_pc >= 0)
    billed = key_table(rows.p_pc[billed_rows] * width + rows.p_target[billed_rows], size)
    v_key = np.where(v_ok, rows.v_pc * width + rows.v_product, 0)
    free = v_ok & ~billed[v_key] & (rows.v_cost > 0)
    if taken is not None and len(taken):
        free &= ~in_sorted(v_key, sorted_distinct(taken))
    v_rows = np.flatnonzero(free & in_sorted(rows.v_pc, sorted_distinct(rows.p_pc[p_rows])))
    if not len(v_rows):
        return []
    pairs = pd.DataFrame({_P: p_rows, _PC: rows.p_pc[p_rows]}).merge(
        pd.DataFrame({_V: v_rows, _PC: rows.v_pc[v_rows]}), on=_PC
    )
    p, v = pairs[_P].to_numpy(dtype=np.int64), pairs[_V].to_numpy(dtype=np.int64)
    read, other = rows.p_target[p], rows.v_product[v]
    cost, v_cost = rows.p_cost[p], rows.v_cost[v]
    fits = (other != read) & (np.abs(cost - v_cost) <= FIT * v_cost)
    if fits.any():
        # Only another edition of the line the text was read as: a cost that happens to be
        # a cheaper product's at the client (a backup seat, a Visio plan) is no evidence.
        editions = _editions(
            sorted_distinct(read[fits] * width + other[fits]), width, product_text, vendor_names
        )
        fits &= in_sorted(read * width + other, editions)
    if not fits.any():
        return []
    low, high = _ranges(rows, sorted_distinct(read[fits]))
    far = (low[read] > 0) & ((cost * (1 + FAR) < low[read]) | (cost > high[read] * (1 + FAR)))
    keep = fits & far
    if not keep.any():
        return []
    found = pd.DataFrame(
        {_P: p[keep], _PC: rows.p_pc[p[keep]], _B: other[keep], _UNIT: rows.p_unit[p[keep]]}
    ).drop_duplicates([_P, _B])
    return _decide(p_all, rows, found, product_text, rejected, (low, high), v_ok)


def _editions(
    pairs: IntArray, width: int, product_text: list[str], names: Mapping[str, str]
) -> IntArray:
    """Of (read product x width + other product) codes, those whose names are editions of one
    line: alike once their edition codes and levels are set aside ("Microsoft 365 E3" / "E5",
    "Exchange Online (Plan 1)" / "(Plan 2)", "Business Basic" / "Business Standard")."""
    kept = []
    for code in pairs.tolist():
        read, other = (names.get(product_text[c], "") for c in (code // width, code % width))
        if read and other and _line(read) == _line(other):
            kept.append(int(code))
    return np.asarray(sorted(kept), dtype=np.int64)


def _line(name: str) -> tuple[str, ...]:
    """A product name's words without its edition codes (E3, P1, F1) and levels (Premium)."""
    tiers = tier_tokens(name)
    words = tuple(
        t for t in product_key(name).split() if t not in tiers or tier_class(t) not in _EDITION
    )
    return words or (name,)


def _covered(readings: list[Reading], rows: Rows) -> IntArray:
    """The units (spellings) some reading already covers, sorted."""
    found = [rows.p_unit[r.rows] for r in readings]
    found += [rows.p_unit[r.second.rows] for r in readings if r.second is not None]
    return sorted_distinct(np.concatenate(found)) if found else np.zeros(0, dtype=np.int64)


def _ranges(rows: Rows, codes: IntArray) -> tuple[np.ndarray, np.ndarray]:
    """The :data:`SPREAD` range of the vendor's unit costs of each product code (0 none)."""
    low = np.zeros(rows.products, dtype=np.float64)
    high = np.zeros(rows.products, dtype=np.float64)
    priced = rows.v_cost > 0
    for code in codes.tolist():
        costs = rows.v_cost[priced & (rows.v_product == code)]
        if len(costs):
            low[code], high[code] = np.quantile(costs, SPREAD)
    return low, high


def _decide(
    p_all: pd.DataFrame,
    rows: Rows,
    found: pd.DataFrame,
    product_text: list[str],
    rejected: frozenset[tuple[str, str]],
    ranges: tuple[np.ndarray, np.ndarray],
    v_ok: np.ndarray,
) -> list[Reading]:
    """Seats checked per (text, client, product); one reading per text, on its best product."""
    width = rows.products
    p = found[_P].to_numpy(dtype=np.int64)
    found = found.assign(qty=rows.p_qty[p], read=rows.p_target[p])
    at = found.groupby([_UNIT, _PC, _B, "read"], sort=False, as_index=False).agg(qty=("qty", "sum"))
    pc, b = (at[c].to_numpy(dtype=np.int64) for c in (_PC, _B))
    qty = at["qty"].to_numpy(dtype=np.int64)
    v_keys = rows.v_pc[v_ok] * width + rows.v_product[v_ok]
    b_keys = pc * width + b
    needed = sorted_distinct(b_keys)
    sold = sums_at(needed, v_keys, rows.v_qty[v_ok])
    at = at.loc[counts_agree(qty, sold[np.searchsorted(needed, b_keys)])]
    if at.empty:
        return []
    holding = _clients_holding(rows)
    low, high = ranges
    out: list[Reading] = []
    for unit in pd.unique(at[_UNIT].to_numpy(dtype=np.int64)).tolist():
        of_unit = at.loc[at[_UNIT].to_numpy() == unit]
        counts = of_unit.groupby(_B)[_PC].nunique().sort_index()
        code = int(counts.index[int(np.argmax(counts.to_numpy()))])
        first = int(np.flatnonzero(rows.p_unit == unit)[0])
        read_code = int(rows.p_target[first])
        key = product_text[read_code]
        if (key, product_text[code]) in rejected:
            continue
        held = sorted_distinct(of_unit.loc[of_unit[_B] == code, _PC].to_numpy(dtype=np.int64))
        chosen = found.loc[
            (found[_UNIT] == unit) & (found[_B] == code) & found[_PC].isin(held), _P
        ].to_numpy(dtype=np.int64)
        chosen = sorted_distinct(chosen)
        v_at = in_sorted(rows.v_pc, held) & (rows.v_product == code) & (rows.v_cost > 0)
        price = (
            f"its unit cost there ({_span(rows.p_cost[chosen])}) is the vendor's cost of that "
            f"product ({_span(rows.v_cost[v_at])}), not of the one it was read as "
            f"({_span(np.array([low[read_code], high[read_code]]))})"
        )
        text = str(p_all[G.PRODUCT_NAME].iat[first])
        out.append(
            Reading(
                key,
                text,
                code,
                holding.get(unit, len(held)),
                len(held),
                True,
                chosen,
                held,
                price=price,
            )
        )
    out.sort(key=lambda r: (-r.support, r.text))
    return out


def _clients_holding(rows: Rows) -> Mapping[int, int]:
    """Matched clients per unit holding it on a row a name rule read."""
    read = np.flatnonzero(rows.rule)
    frame = pd.DataFrame({_UNIT: rows.p_unit[read], _PC: rows.p_pc[read]})
    counts = frame.groupby(_UNIT)[_PC].nunique()
    return dict(zip(counts.index.tolist(), counts.tolist(), strict=True))


def _span(micro: np.ndarray) -> str:
    """A range of unit costs in words: "$47.11" or "$44.80-$59.10"."""
    if not len(micro):
        return "?"
    low, high = _money(float(np.min(micro))), _money(float(np.max(micro)))
    return low if low == high else f"{low}-{high}"


def _money(micro: float) -> str:
    return f"${Decimal(round(micro)) / MONEY_SCALE:,.2f}"
