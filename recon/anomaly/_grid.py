"""The seat history as a series x period grid, and row-wise robust statistics over it.

Every rule reads a grid: one row per (client, product) the latest run saw, one column per
calendar period (see :mod:`recon.anomaly._calendar`), milli-seats as float64: the value of
the latest run in that period that saw the series (NaN where none did). Each row is also
*right-aligned*: the periods that saw the series are packed to the right in order, so
column -1 is the latest period (the latest run) for every row, column -2 the period before
it that saw the series, and so on; ``at`` gives the time of the run behind each packed cell.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from recon.anomaly._calendar import period_codes, period_labels, to_days
from recon.anomaly._model import RUN_AT, RUN_ID, AnomalySettings, Period
from recon.model import SeatCol, Side

FloatGrid = np.ndarray  # (series, periods) float64 milli-seats
MAD_SCALE = 1.4826  # MAD x this estimates the standard deviation of normally spread changes


@dataclass(frozen=True, slots=True)
class Grid:
    """The history of every series the latest run saw, plus per-product totals.

    Attributes:
        period: what a column is (a day, a week, or a month).
        labels: (C,) a label per column, for people.
        column_run: (C,) the latest run in each column.
        now: the latest run's time (float days since 1970-01-01).
        runs: (S, C) packed run id of each cell, -1 where there is none.
        cols: (S, C) packed column index of each cell, -1 where there is none.
        at: (S, C) packed run time of each cell (float days), NaN where there is none.
        vendor, psa: (S, C) packed milli-seats, NaN where there is none.
        raw_vendor, raw_psa: (S, C) the same, unpacked (column j is ``labels[j]``).
        count: (S,) how many periods saw each series.
        client_key, product_key, client, product: (S,) the series' keys and latest names.
        product_keys: (P,) every product in the frame.
        product_vendor, product_psa: (P, C) per-period totals over every client, NaN where
            no run of the period had the product.
    """

    period: Period
    labels: np.ndarray
    column_run: np.ndarray
    now: float
    runs: np.ndarray
    cols: np.ndarray
    at: FloatGrid
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
        """How many periods the frame covers."""
        return len(self.labels)

    def seats(self, side: Side) -> FloatGrid:
        """The packed grid of one side."""
        return self.vendor if side is Side.VENDOR else self.psa

    def shown(self, row: int, k: int) -> slice:
        """The packed columns of a row's latest ``k`` periods."""
        return slice(-min(k, int(self.count[row])), None)


def build_grid(
    history: pd.DataFrame, period: Period, cfg: AnomalySettings, *, calendar: bool = False
) -> Grid:
    """Resample a long seat-history frame (:data:`RUN_ID`, :data:`RUN_AT` and
    :attr:`SeatCol.ALL`) into a grid of periods: the latest run's value in each.

    Hash-based factorising and numpy scatter only: no per-series Python work. The latest run
    must hold each (client, product) once, as recorded runs do.

    Args:
        history: the frame.
        period: the period of a column.
        cfg: ``merge_days`` for monthly periods.
        calendar: months are calendar months (the month view of daily or weekly values).
    """
    run = history[RUN_ID].to_numpy(dtype=np.int64)
    days = to_days(history[RUN_AT])
    # The rows in time order (ties by run id): the last row of a cell is the period's value.
    order = np.lexsort((run, days))
    run, days = run[order], days[order]
    frame = history.iloc[order]
    codes = period_codes(days, period, cfg, calendar=calendar)
    col_codes, col = np.unique(codes, return_inverse=True)
    width = len(col_codes)
    client_codes, client_keys = pd.factorize(frame[SeatCol.CLIENT_KEY])
    product_codes, product_keys = pd.factorize(frame[SeatCol.PRODUCT_KEY])
    vendor = frame[SeatCol.VENDOR_QTY].to_numpy(dtype=np.float64)
    psa = frame[SeatCol.PSA_QTY].to_numpy(dtype=np.float64)
    n_products = max(len(product_keys), 1)
    series = client_codes.astype(np.int64) * n_products + product_codes

    # Keep the last row of each (series, period): reversed, np.unique finds it first.
    cell = series * width + col
    _, last_rev = np.unique(cell[::-1], return_index=True)
    keep = np.sort(len(cell) - 1 - last_rev)
    latest_days = np.full(width, -np.inf)
    np.maximum.at(latest_days, col, days)
    column_run = np.full(width, -1, dtype=np.int64)
    np.maximum.at(column_run, col, run)

    pcell = product_codes[keep].astype(np.int64) * width + col[keep]
    size = n_products * width
    seen = np.bincount(pcell, minlength=size).reshape(n_products, width) > 0
    product_vendor = np.where(seen, _sums(pcell, vendor[keep], size, n_products, width), np.nan)
    product_psa = np.where(seen, _sums(pcell, psa[keep], size, n_products, width), np.nan)

    # One grid row per series of the latest run, in the latest run's row order.
    newest = int(run.max())
    latest_rows = np.flatnonzero(run == newest)
    row_of = pd.Index(series[latest_rows]).get_indexer(series[keep])
    mine = keep[row_of >= 0]
    rows = row_of[row_of >= 0]
    shape = (len(latest_rows), width)
    raw_vendor, raw_psa = np.full(shape, np.nan), np.full(shape, np.nan)
    raw_at = np.full(shape, np.nan)
    raw_run = np.full(shape, -1, dtype=np.int64)
    raw_vendor[rows, col[mine]] = vendor[mine]
    raw_psa[rows, col[mine]] = psa[mine]
    raw_at[rows, col[mine]] = days[mine]
    raw_run[rows, col[mine]] = run[mine]

    observed = ~np.isnan(raw_vendor)
    packing = np.argsort(observed, axis=1, kind="stable")  # unseen periods first, then in order
    raw_cols = np.where(observed, np.arange(width)[None, :], -1)
    ids = series[latest_rows]
    return Grid(
        period=period,
        labels=np.asarray(period_labels(col_codes, latest_days, period), dtype=object),
        column_run=column_run,
        now=float(days.max()),
        runs=np.take_along_axis(raw_run, packing, axis=1),
        cols=np.take_along_axis(raw_cols, packing, axis=1),
        at=np.take_along_axis(raw_at, packing, axis=1),
        vendor=np.take_along_axis(raw_vendor, packing, axis=1),
        psa=np.take_along_axis(raw_psa, packing, axis=1),
        raw_vendor=raw_vendor,
        raw_psa=raw_psa,
        count=observed.sum(axis=1),
        client_key=np.asarray(client_keys, dtype=object)[ids // n_products],
        product_key=np.asarray(product_keys, dtype=object)[ids % n_products],
        client=frame[SeatCol.CLIENT].iloc[latest_rows].to_numpy(dtype=object),
        product=frame[SeatCol.PRODUCT].iloc[latest_rows].to_numpy(dtype=object),
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
