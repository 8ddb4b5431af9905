"""The four rules as vectorised masks over the grids; a :class:`Hit` per flagged series and side.

Every rule reads packed rows (see :mod:`recon.anomaly._grid`): column -1 is the latest
period (the latest run), ``count`` says how many periods saw the series, and ``at`` when.
Growth and swings read the *month view* (``months``); a jump and a vanished side read the
series' own periods (``grid``), which are the months themselves when runs are monthly.
Quantities are milli-seats, times float days.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from recon.anomaly._grid import Grid, row_median, run_lengths, usual_change
from recon.anomaly._model import DAYS_PER_MONTH, AnomalyRule, AnomalySettings, Period
from recon.model import QTY_SCALE, Side, UnmappedProduct


@dataclass(frozen=True, slots=True)
class Hit:
    """One rule firing for one side of one grid row (row -1: a product the run did not see)."""

    rule: AnomalyRule
    row: int
    side: Side
    facts: Mapping[str, Any]


def other(side: Side) -> Side:
    """The other side."""
    return Side.PSA if side is Side.VENDOR else Side.VENDOR


def all_hits(
    grid: Grid,
    months: Grid,
    seat_based: np.ndarray,
    unmapped: Iterable[UnmappedProduct],
    cfg: AnomalySettings,
) -> list[Hit]:
    """Every rule on both sides, then products the vendor export stopped carrying."""
    hits: list[Hit] = []
    with np.errstate(invalid="ignore", divide="ignore"):
        for side in Side:
            hits += growth_stopped(grid, months, side, cfg)
            hits += erratic(months, seat_based, side, cfg)
            vanished_hits = vanished(grid, side, cfg)
            gone = {h.row for h in vanished_hits}
            hits += [h for h in one_sided_jump(grid, side, cfg) if h.row not in gone]
            hits += vanished_hits
        hits += vendor_product_losses(grid, unmapped, cfg)
    return hits


def _take(values: np.ndarray, index: np.ndarray) -> np.ndarray:
    """values[row, index[row]] (NaN where the index is negative)."""
    picked = np.take_along_axis(values, np.clip(index, 0, None)[:, None], axis=1)[:, 0]
    return np.where(index >= 0, picked, np.nan)


def _first(values: np.ndarray) -> np.ndarray:
    """Per row: the packed column of its first value (the leading columns are empty)."""
    first: np.ndarray = values.shape[1] - np.sum(~np.isnan(values), axis=1)
    return first


def growth_stopped(grid: Grid, months: Grid, side: Side, cfg: AnomalySettings) -> list[Hit]:
    """A steady grower that has not risen for longer than its usual gap between rises.

    Growth, in the month view: in the (up to) ``growth_months`` monthly changes up to the
    month of the last new high (``growth_min_months`` of them at least), at least
    ``growth_min_rises`` rises and at most one month without, by ``growth_min_rise`` seats
    a month or more (the median rise), adding up to ``growth_min_seats`` and
    ``growth_min_share`` of where they started, every rise within ``growth_steadiness``
    times the median rise either way, no drop above one median rise, and the last rise at
    least ``growth_last_rise`` of the median (it stopped while growing as usual; a seasonal
    peak slows down first). The stall, in days: no new high for longer than
    ``stall_factor`` x the usual gap between rises (from the series' own periods),
    ``stall_longest`` x the longest such gap and ``stall_min_days``, and at most
    ``stall_max_days``; the seats all along within ``stall_tolerance`` of a median rise (at
    least a seat) of the high. With monthly runs that fires in the second flat month; with
    daily pulls of a monthly grower, about 40 days after its last rise.
    """
    x, t = grid.seats(side), grid.at
    if x.shape[1] < 2:
        return []
    high_before = np.fmax.accumulate(np.where(np.isnan(x), -np.inf, x), axis=1)[:, :-1]
    new_high = x[:, 1:] > high_before
    new_high &= np.isfinite(high_before)
    any_high = new_high.any(axis=1)
    last = x.shape[1] - 1 - np.argmax(new_high[:, ::-1], axis=1)  # packed column of the high
    last = np.where(any_high, last, -1)
    t_high = _take(t, last)
    peak = _take(x, last)
    stall = grid.now - t_high
    ok = any_high & (stall >= cfg.stall_min_days) & (stall <= cfg.stall_max_days)

    m = months.seats(side)
    ok &= months.count >= cfg.growth_min_months + 1
    if not ok.any():
        return []
    # The month holding the last high: the first packed month at or after it.
    k = np.argmax(months.at >= (t_high - 1e-9)[:, None], axis=1)
    w = cfg.growth_months
    idx = k[:, None] + np.arange(-w, 0)[None, :]  # monthly change j = m[j+1] - m[j]
    valid = idx >= 0
    before = np.take_along_axis(m, np.clip(idx, 0, None), axis=1)
    after = np.take_along_axis(m, np.clip(idx + 1, 0, None), axis=1)
    change = np.where(valid, after - before, np.nan)
    valid &= ~np.isnan(change)
    change = np.where(valid, change, np.nan)
    n = valid.sum(axis=1)
    rises = (change > 0).sum(axis=1)
    positive = np.where(change > 0, change, np.nan)
    median_rise = row_median(positive)
    biggest = np.nanmax(np.where(valid, change, -np.inf), axis=1)
    smallest = np.nanmin(np.where(change > 0, change, np.inf), axis=1)
    drop = -np.nanmin(np.where(valid, change, np.inf), axis=1)
    total = np.nansum(change, axis=1)
    start = peak - total
    ok &= (n >= cfg.growth_min_months) & (rises >= cfg.growth_min_rises) & (rises >= n - 1)
    ok &= median_rise >= cfg.growth_min_rise * QTY_SCALE
    ok &= biggest <= cfg.growth_steadiness * median_rise
    ok &= smallest * cfg.growth_steadiness >= median_rise
    ok &= drop <= median_rise
    ok &= (total >= cfg.growth_min_seats * QTY_SCALE) & (total >= cfg.growth_min_share * start)
    last_change = _take(change, np.full(len(change), change.shape[1] - 1))
    ok &= last_change >= cfg.growth_last_rise * median_rise
    after = np.arange(x.shape[1])[None, :] > last[:, None]
    lowest = np.min(np.where(after & ~np.isnan(x), x, np.inf), axis=1)
    ok &= peak - lowest <= np.maximum(cfg.stall_tolerance * median_rise, QTY_SCALE)
    out = []
    for row in np.flatnonzero(ok):
        since = t_high[row] - cfg.growth_months * DAYS_PER_MONTH
        cells = np.flatnonzero(new_high[row] & (t[row, 1:] >= since)) + 1
        gaps = np.diff(t[row, cells])
        usual_gap = float(np.median(gaps)) if len(gaps) else DAYS_PER_MONTH
        longest = float(gaps.max()) if len(gaps) else DAYS_PER_MONTH
        news = max(cfg.stall_factor * usual_gap, cfg.stall_longest * longest, cfg.stall_min_days)
        if stall[row] <= news:
            continue
        facts = {
            "rises": int(rises[row]),
            "months": int(n[row]),
            "from": float(start[row]),
            "to": float(peak[row]),
            "now": float(x[row, -1]),
            "usual_rise": float(median_rise[row]),
            "usual_gap_days": usual_gap,
            "stall_days": float(stall[row]),
            "last_rise": float(t_high[row]),
            "stall_after_days": news,
        }
        out.append(Hit(AnomalyRule.GROWTH_STOPPED, int(row), side, facts))
    return out


def erratic(months: Grid, seat_based: np.ndarray, side: Side, cfg: AnomalySettings) -> list[Hit]:
    """Big monthly swings both ways, bigger than is usual for the product elsewhere.

    At least ``swing_moves`` of the latest ``swing_changes`` monthly changes are big and
    alternate up and down. Big: at least ``swing_min_seats``, ``swing_min_share`` of the
    usual level (the median of those months), and ``swing_vs_population`` x the population's
    usual monthly change for that size: the ``population_quantile`` of the monthly changes,
    relative to size, of the same product at the MSP's other clients (or, with too few of
    them, of every other series). A series that swings from its first month is found once
    four months are seen; a product that swings like this everywhere is not erratic.
    """
    x = months.seats(side)
    if x.shape[1] < 2:
        return []
    window = cfg.swing_changes
    change = np.diff(x, axis=1)
    recent = change[:, -window:]
    level = np.abs(row_median(x[:, -window - 1 :]))
    floor = np.maximum(cfg.swing_min_seats * QTY_SCALE, cfg.swing_min_share * level)
    ok = seat_based & (months.count >= cfg.swing_moves + 1)
    moves, flips = _alternating(recent, floor)
    ok &= (moves >= cfg.swing_moves) & (flips >= cfg.swing_moves - 1)
    if not ok.any():
        return []
    relative = np.abs(change) / np.maximum(np.abs(x[:, :-1]), QTY_SCALE)
    relative[~seat_based] = np.nan
    out = []
    for row in np.flatnonzero(ok):
        usual, pool, series, whose = _population(months, relative, int(row), cfg)
        big_at = max(float(floor[row]), cfg.swing_vs_population * usual * float(level[row]))
        moves_row, flips_row = _alternating(recent[row : row + 1], np.array([big_at]))
        if moves_row[0] < cfg.swing_moves or flips_row[0] < cfg.swing_moves - 1:
            continue
        shown = x[row, -window - 1 :]
        shown = shown[~np.isnan(shown)]
        first_big = int(np.argmax(np.abs(recent[row]) >= big_at))
        first_col = x.shape[1] - recent.shape[1] + first_big
        facts = {
            "moves": int(moves_row[0]),
            "window": int(np.sum(~np.isnan(recent[row]))),
            "swing": float(shown.max() - shown.min()),
            "low": float(shown.min()),
            "high": float(shown.max()),
            "big_change": big_at,
            "usual_level": float(level[row]),
            "population_share": usual,
            "population_changes": pool,
            "population_series": series,
            "population": whose,
            "started": float(months.at[row, first_col]),
            "shown": tuple(float(v) for v in shown),
        }
        out.append(Hit(AnomalyRule.ERRATIC, int(row), side, facts))
    return out


def _alternating(changes: np.ndarray, big_at: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per row: how many changes are big, and how often the big ones flip direction."""
    big = np.abs(changes) >= big_at[:, None]
    signs = np.sign(np.nan_to_num(changes)) * big
    flips = np.zeros(len(changes), dtype=np.int64)
    last = np.zeros(len(changes))
    for j in range(changes.shape[1]):  # a loop over a few months, vectorised over series
        now = signs[:, j]
        flips += (now != 0) & (last != 0) & (now != last)
        last = np.where(now != 0, now, last)
    return big.sum(axis=1), flips


def _population(
    months: Grid, relative: np.ndarray, row: int, cfg: AnomalySettings
) -> tuple[float, int, int, str]:
    """The usual relative monthly change of the row's product at the MSP's other clients.

    Returns:
        (the quantile, how many changes it was read from, from how many series, and
        ``product`` or ``all``: whose changes they were); (0.0, 0, 0, "none") without enough.
    """
    others = np.ones(len(relative), dtype=bool)
    others[row] = False
    same = others & (months.product_key == months.product_key[row])
    for mask, whose in ((same, "product"), (others, "all")):
        values = relative[mask]
        series = int((~np.isnan(values)).any(axis=1).sum())
        values = values[~np.isnan(values)]
        if series >= cfg.population_min_series and len(values) >= cfg.population_min_changes:
            return float(np.quantile(values, cfg.population_quantile)), len(values), series, whose
    return 0.0, 0, 0, "none"


def one_sided_jump(grid: Grid, side: Side, cfg: AnomalySettings) -> list[Hit]:
    """A big latest change on one side that widened the difference between the sides.

    Big: at least ``jump_sigmas`` usual changes (read over the ``jump_baseline_days`` before
    the latest period), ``jump_min_seats`` and ``jump_min_share`` of the previous count.
    """
    if grid.width < cfg.jump_periods + 1:
        return []
    x, y = grid.seats(side), grid.seats(other(side))
    # With daily pulls the jump is judged where it was ``jump_wait_days`` ago (the other
    # side has had that long to follow), and the difference must still be open now.
    wait = cfg.jump_wait_days if grid.period is Period.DAY else 0.0
    k = x.shape[1] - 1 - np.sum(grid.at > grid.now - wait, axis=1)
    k = np.where(wait > 0, k, x.shape[1] - 1)
    at_k, before_k = _take(x, k), _take(x, k - 1)
    other_k, other_before = _take(y, k), _take(y, k - 1)
    step = at_k - before_k
    prior = np.diff(x, axis=1)
    cells = np.arange(prior.shape[1])[None, :]
    recent = (grid.at[:, 1:] >= grid.now - cfg.jump_baseline_days) & (cells < (k - 1)[:, None])
    usual = usual_change(np.where(recent, prior, np.nan))
    jump_at = np.maximum(
        np.maximum(cfg.jump_sigmas * np.nan_to_num(usual), cfg.jump_min_seats * QTY_SCALE),
        cfg.jump_min_share * np.abs(before_k),
    )
    gap_at = np.abs(at_k - other_k)
    gap_now = np.abs(x[:, -1] - y[:, -1])
    gap_before = np.abs(before_k - other_before)
    hit = (k - _first(x) >= cfg.jump_periods) & (np.abs(step) >= jump_at)
    hit &= (gap_at - gap_before >= np.abs(step) / 2) & (gap_now - gap_before >= np.abs(step) / 2)
    out = []
    for row in np.flatnonzero(hit):
        facts = {
            "before": float(before_k[row]),
            "now": float(at_k[row]),
            "other_before": float(other_before[row]),
            "other_now": float(y[row, -1]),
            "gap_before": float(gap_before[row]),
            "gap_now": float(gap_now[row]),
            "usual_change": float(np.nan_to_num(usual[row])),
            "jump_at": float(jump_at[row]),
            "started": float(grid.at[row, k[row]]),
            "latest": bool(k[row] == x.shape[1] - 1),
        }
        out.append(Hit(AnomalyRule.ONE_SIDED_JUMP, int(row), side, facts))
    return out


def vanished(grid: Grid, side: Side, cfg: AnomalySettings) -> list[Hit]:
    """Seats on a side in each of the ``vanish_periods`` before; none now; the other has some."""
    if grid.width < cfg.vanish_periods + 1:
        return []
    x, y = grid.seats(side), grid.seats(other(side))
    present = run_lengths(x[:, :-1] > 0)[:, -1]  # periods in a row with seats, before the latest
    hit = (grid.count >= cfg.vanish_periods + 1) & (x[:, -1] == 0) & (y[:, -1] > 0)
    hit &= present >= cfg.vanish_periods
    return [
        Hit(
            AnomalyRule.VANISHED,
            int(row),
            side,
            {
                "runs": int(present[row]),
                "before": float(x[row, -2]),
                "other_now": float(y[row, -1]),
                "started": float(grid.at[row, -1]),
            },
        )
        for row in np.flatnonzero(hit)
    ]


def vendor_product_losses(
    grid: Grid, unmapped: Iterable[UnmappedProduct], cfg: AnomalySettings
) -> list[Hit]:
    """A product the vendor export no longer carries at all, though the PSA still bills it.

    The latest period has no seat row for it (its PSA lines are unmapped). It counts only if
    the vendor had seats for it in each of the ``vanish_periods`` periods that last saw it,
    and if the vendor file still carries at least half of the other products it carried in
    the last of those: a run of another vendor's file is not a loss.
    """
    if grid.width < cfg.vanish_periods + 1:
        return []
    index = {key: i for i, key in enumerate(grid.product_keys)}
    carried_now = np.nan_to_num(grid.product_vendor[:, -1]) > 0
    out = []
    for item in unmapped:
        p = index.get(item.product_key)
        if p is None or not np.isnan(grid.product_vendor[p, -1]) or item.seats <= 0:
            continue
        seen = np.flatnonzero(~np.isnan(grid.product_vendor[p, :-1]))
        recent = grid.product_vendor[p, seen[-cfg.vanish_periods :]]
        if len(seen) < cfg.vanish_periods or not (recent > 0).all():
            continue
        ref = int(seen[-1])
        carried_then = np.nan_to_num(grid.product_vendor[:, ref]) > 0
        carried_then[p] = False
        kept = int((carried_then & carried_now).sum())
        if not carried_then.any() or 2 * kept < int(carried_then.sum()):
            continue
        facts = {
            "product_index": p,
            "columns": seen[-(cfg.shown_periods - 1) :].tolist(),
            "runs": int(run_lengths(grid.product_vendor[p : p + 1, seen] > 0)[0, -1]),
            "before": float(grid.product_vendor[p, ref]),
            "unmapped": item,
            "started": grid.now,
        }
        out.append(Hit(AnomalyRule.VANISHED, -1, Side.VENDOR, facts))
    return out
