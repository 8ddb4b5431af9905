"""The seat history as a series x run grid, and row-wise robust statistics over it.

Every rule reads the same grid: one row per (client, product) the latest run saw, one column
per run, milli-seats as float64 (NaN where a run had no row for the series). Each row is
*right-aligned*: the runs that saw the series are packed to the right in order, so column -1
is the latest run for every row, column -2 the run before it that saw the series, and so on.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from recon.anomaly._model import RUN_ID
from recon.model import SeatCol, Side

FloatGrid = np.ndarray  # (series, runs) float64 milli-seats
MAD_SCALE = 1.4826  # MAD x this estimates the standard deviation of normally spread changes


@dataclass(frozen=True, slots=True)
class Grid:
    """The history of every series the latest run saw, plus per-product totals.

    Attributes:
        run_ids: every run in the frame, ascending; the last is "now".
        runs: (S, R) run id of each packed cell, -1 where there is none.
        vendor, psa: (S, R) packed milli-seats, NaN where there is none.
        raw_vendor, raw_psa: (S, R) the same, unpacked (column j is ``run_ids[j]``).
        count: (S,) how many runs saw each series.
        client_key, product_key, client, product: (S,) the series' keys and latest names.
        product_keys: (P,) every product in the frame.
        product_vendor, product_psa: (P, R) per-run totals over every client, NaN where the
            run had no row for the product.
    """

    run_ids: np.ndarray
    runs: np.ndarray
    vendor: FloatGrid
    psa: FloatGrid
    raw_vendor: FloatGrid
    raw_psa: FloatGrid
    count: np.ndarray
    client_key: np.ndarray
    product_key: np.ndarray
    client: np.ndarray
    product: np.ndarray
    product_keys: np.ndarray
    product_vendor: FloatGrid
    product_psa: FloatGrid

    @property
    def width(self) -> int:
        """How many runs the frame holds."""
        return len(self.run_ids)

    def seats(self, side: Side) -> FloatGrid:
        """The packed grid of one side."""
        return self.vendor if side is Side.VENDOR else self.psa


def build_grid(history: pd.DataFrame) -> Grid:
    """Pivot a long seat-history frame (:data:`RUN_ID` + :attr:`SeatCol.ALL`) into a grid.

    Hash-based factorising and numpy scatter only: no per-series Python work. The latest run
    must hold each (client, product) once, as recorded runs do.
    """
    run_codes, run_ids = pd.factorize(history[RUN_ID].to_numpy(dtype=np.int64), sort=True)
    width = len(run_ids)
    client_codes, client_keys = pd.factorize(history[SeatCol.CLIENT_KEY])
    product_codes, product_keys = pd.factorize(history[SeatCol.PRODUCT_KEY])
    vendor = history[SeatCol.VENDOR_QTY].to_numpy(dtype=np.float64)
    psa = history[SeatCol.PSA_QTY].to_numpy(dtype=np.float64)
    n_products = max(len(product_keys), 1)

    cell = product_codes.astype(np.int64) * width + run_codes
    size = n_products * width
    seen = np.bincount(cell, minlength=size).reshape(n_products, width) > 0
    product_vendor = np.where(seen, _sums(cell, vendor, size, n_products, width), np.nan)
    product_psa = np.where(seen, _sums(cell, psa, size, n_products, width), np.nan)

    # One grid row per series of the latest run, in the latest run's row order.
    series = client_codes.astype(np.int64) * n_products + product_codes
    latest_rows = np.flatnonzero(run_codes == width - 1)
    row_of = pd.Index(series[latest_rows]).get_indexer(series)
    keep = np.flatnonzero(row_of >= 0)
    shape = (len(latest_rows), width)
    raw_vendor = np.full(shape, np.nan)
    raw_psa = np.full(shape, np.nan)
    raw_vendor[row_of[keep], run_codes[keep]] = vendor[keep]
    raw_psa[row_of[keep], run_codes[keep]] = psa[keep]

    observed = ~np.isnan(raw_vendor)
    order = np.argsort(observed, axis=1, kind="stable")  # unseen runs first, then in order
    runs = np.where(observed, np.asarray(run_ids, dtype=np.int64)[None, :], -1)
    ids = series[latest_rows]
    return Grid(
        run_ids=np.asarray(run_ids, dtype=np.int64),
        runs=np.take_along_axis(runs, order, axis=1),
        vendor=np.take_along_axis(raw_vendor, order, axis=1),
        psa=np.take_along_axis(raw_psa, order, axis=1),
        raw_vendor=raw_vendor,
        raw_psa=raw_psa,
        count=observed.sum(axis=1),
        client_key=np.asarray(client_keys, dtype=object)[ids // n_products],
        product_key=np.asarray(product_keys, dtype=object)[ids % n_products],
        client=history[SeatCol.CLIENT].iloc[latest_rows].to_numpy(dtype=object),
        product=history[SeatCol.PRODUCT].iloc[latest_rows].to_numpy(dtype=object),
        product_keys=np.asarray(product_keys, dtype=object),
        product_vendor=product_vendor,
        product_psa=product_psa,
    )


def _sums(cell: np.ndarray, values: np.ndarray, size: int, rows: int, width: int) -> FloatGrid:
    return np.bincount(cell, weights=values, minlength=size).reshape(rows, width)


def row_median(values: FloatGrid) -> np.ndarray:
    """The median of each row's non-NaN values (NaN for a row without any), vectorised."""
    if values.shape[1] == 0:
        return np.full(values.shape[0], np.nan)
    ordered = np.sort(values, axis=1)  # NaNs sort last
    count = np.sum(~np.isnan(values), axis=1)
    low = np.take_along_axis(ordered, np.maximum((count - 1) // 2, 0)[:, None], axis=1)[:, 0]
    high = np.take_along_axis(ordered, (count // 2)[:, None], axis=1)[:, 0]
    return np.where(count > 0, (low + high) / 2, np.nan)


def row_mad(values: FloatGrid) -> np.ndarray:
    """Each row's median absolute deviation from its median (NaN-aware)."""
    centre = row_median(values)
    return row_median(np.abs(values - centre[:, None]))


def usual_change(changes: FloatGrid, *, min_moves: int = 2) -> np.ndarray:
    """Each row's usual run-to-run change: a robust spread that doesn't collapse to zero.

    1.4826 x the MAD of the changes estimates their standard deviation, but when most runs
    don't change at all (seat counts often sit still) the MAD is 0. Then the median size of
    the changes that did happen is the better yardstick, once there are ``min_moves`` (2)
    of them: one earlier jump alone must not make the next one look usual. The larger of the
    two is used.
    """
    moved = np.where(changes == 0, np.nan, np.abs(changes))
    enough = np.sum(~np.isnan(moved), axis=1) >= min_moves
    return np.fmax(MAD_SCALE * row_mad(changes), np.where(enough, row_median(moved), np.nan))


def run_lengths(flags: np.ndarray) -> np.ndarray:
    """For each cell, how many True cells in a row end there (0 where False)."""
    out = np.zeros(flags.shape, dtype=np.int64)
    if flags.shape[1] == 0:
        return out
    out[:, 0] = flags[:, 0]
    for j in range(1, flags.shape[1]):  # a loop over runs (about 12), vectorised over series
        out[:, j] = (out[:, j - 1] + 1) * flags[:, j]
    return out
