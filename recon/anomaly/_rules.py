"""The four rules as vectorised masks over the grid; a :class:`Hit` per flagged series and side.

Every rule reads packed rows (see :mod:`recon.anomaly._grid`): column -1 is the latest run,
and ``count`` says how many runs saw the series, so a rule checks ``count >= min_runs``
before it trusts a column. Quantities are milli-seats; "usual change" is 1.4826 x the median
absolute deviation of the series' run-to-run changes, a spread estimate that a few odd
changes cannot inflate and that works from three changes up.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from recon.anomaly._grid import Grid, row_median, run_lengths, usual_change
from recon.anomaly._model import AnomalyRule, AnomalySettings
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


def all_hits(grid: Grid, unmapped: Iterable[UnmappedProduct], cfg: AnomalySettings) -> list[Hit]:
    """Every rule on both sides, then products the vendor export stopped carrying."""
    hits: list[Hit] = []
    with np.errstate(invalid="ignore"):
        for side in Side:
            hits += growth_stopped(grid, side, cfg)
            hits += erratic(grid, side, cfg)
            vanished_hits = vanished(grid, side, cfg)
            gone = {h.row for h in vanished_hits}
            hits += [h for h in one_sided_jump(grid, side, cfg) if h.row not in gone]
            hits += vanished_hits
        hits += vendor_product_losses(grid, unmapped, cfg)
    return hits


def growth_stopped(grid: Grid, side: Side, cfg: AnomalySettings) -> list[Hit]:
    """Rose in each of ``growth_runs`` runs in a row, by enough, then unchanged since.

    Enough: the rises add up to ``growth_min_seats`` and ``growth_min_share`` of where they
    started. Without that, the up-streaks of normal churn (+1, +1, +2, +1, +1) would look
    like a grower: five rises in a row happen by chance in busy series.
    """
    need = cfg.min_runs(AnomalyRule.GROWTH_STOPPED)
    if grid.width < need:
        return []
    x = grid.seats(side)
    change = np.diff(x, axis=1)
    flat = np.cumprod((change == 0)[:, ::-1], axis=1).sum(axis=1)  # trailing unchanged runs
    rises = run_lengths(change > 0)
    end = change.shape[1] - 1 - flat  # the last change before the flat stretch
    grew = np.take_along_axis(rises, np.clip(end, 0, None)[:, None], axis=1)[:, 0] * (end >= 0)
    hit = (
        (grid.count >= need)
        & (flat >= cfg.stall_runs)
        & (flat <= cfg.stall_max_runs)
        & (grew >= cfg.growth_runs)
    )
    start = np.take_along_axis(x, np.clip(end - grew + 1, 0, None)[:, None], axis=1)[:, 0]
    rise = x[:, -1] - start
    hit &= (rise >= cfg.growth_min_seats * QTY_SCALE) & (rise >= cfg.growth_min_share * start)
    out = []
    for row in np.flatnonzero(hit):
        rose = int(grew[row])
        facts = {
            "rises": rose,
            "flat_runs": int(flat[row]),
            "from": float(start[row]),
            "to": float(x[row, -1]),
            "usual_rise": float(rise[row] / rose),
        }
        out.append(Hit(AnomalyRule.GROWTH_STOPPED, int(row), side, facts))
    return out


def erratic(grid: Grid, side: Side, cfg: AnomalySettings) -> list[Hit]:
    """At least ``swing_moves`` of the last ``swing_window`` changes are big and alternate."""
    need = cfg.min_runs(AnomalyRule.ERRATIC)
    if grid.width < need:
        return []
    window = cfg.swing_window
    x = grid.seats(side)
    change = np.diff(x, axis=1)
    recent = change[:, -window:]
    usual = usual_change(change[:, :-window])
    level = row_median(x[:, :-window])
    big_at = np.maximum(
        np.maximum(cfg.swing_sigmas * usual, cfg.swing_min_seats * QTY_SCALE),
        cfg.swing_min_share * np.abs(level),
    )
    big = np.abs(recent) >= big_at[:, None]
    signs = np.sign(recent) * big
    flips = np.zeros(len(x), dtype=np.int64)
    last = np.zeros(len(x))
    for j in range(window):  # a loop over a few runs, vectorised over series
        now = signs[:, j]
        flips += (now != 0) & (last != 0) & (now != last)
        last = np.where(now != 0, now, last)
    hit = (grid.count >= need) & (big.sum(axis=1) >= cfg.swing_moves)
    hit &= flips >= cfg.swing_moves - 1
    out = []
    for row in np.flatnonzero(hit):
        shown = x[row, -window - 1 :]
        facts = {
            "moves": int(big[row].sum()),
            "window": window,
            "swing": float(shown.max() - shown.min()),
            "low": float(shown.min()),
            "high": float(shown.max()),
            "usual_change": float(usual[row]),
            "big_change": float(big_at[row]),
            "usual_level": float(level[row]),
            "shown": tuple(float(v) for v in shown),
        }
        out.append(Hit(AnomalyRule.ERRATIC, int(row), side, facts))
    return out


def one_sided_jump(grid: Grid, side: Side, cfg: AnomalySettings) -> list[Hit]:
    """A big latest change on one side that widened the difference between the sides."""
    need = cfg.min_runs(AnomalyRule.ONE_SIDED_JUMP)
    if grid.width < need:
        return []
    x, y = grid.seats(side), grid.seats(other(side))
    step = x[:, -1] - x[:, -2]
    usual = usual_change(np.diff(x[:, :-1], axis=1))
    jump_at = np.maximum(
        np.maximum(cfg.jump_sigmas * usual, cfg.jump_min_seats * QTY_SCALE),
        cfg.jump_min_share * np.abs(x[:, -2]),
    )
    gap_now = np.abs(x[:, -1] - y[:, -1])
    gap_before = np.abs(x[:, -2] - y[:, -2])
    hit = (grid.count >= need) & (np.abs(step) >= jump_at)
    hit &= gap_now - gap_before >= np.abs(step) / 2
    out = []
    for row in np.flatnonzero(hit):
        facts = {
            "before": float(x[row, -2]),
            "now": float(x[row, -1]),
            "other_before": float(y[row, -2]),
            "other_now": float(y[row, -1]),
            "gap_before": float(gap_before[row]),
            "gap_now": float(gap_now[row]),
            "usual_change": float(usual[row]),
            "jump_at": float(jump_at[row]),
        }
        out.append(Hit(AnomalyRule.ONE_SIDED_JUMP, int(row), side, facts))
    return out


def vanished(grid: Grid, side: Side, cfg: AnomalySettings) -> list[Hit]:
    """Seats on a side in each of the ``vanish_runs`` runs before; none now; the other has some."""
    need = cfg.min_runs(AnomalyRule.VANISHED)
    if grid.width < need:
        return []
    x, y = grid.seats(side), grid.seats(other(side))
    present = run_lengths(x[:, :-1] > 0)[:, -1]  # runs in a row with seats, before the latest
    hit = (grid.count >= need) & (x[:, -1] == 0) & (y[:, -1] > 0) & (present >= cfg.vanish_runs)
    return [
        Hit(
            AnomalyRule.VANISHED,
            int(row),
            side,
            {
                "runs": int(present[row]),
                "before": float(x[row, -2]),
                "other_now": float(y[row, -1]),
            },
        )
        for row in np.flatnonzero(hit)
    ]


def vendor_product_losses(
    grid: Grid, unmapped: Iterable[UnmappedProduct], cfg: AnomalySettings
) -> list[Hit]:
    """A product the vendor export no longer carries at all, though the PSA still bills it.

    The latest run has no seat row for it (its PSA lines are unmapped). It counts only if the
    vendor had seats for it in each of the ``vanish_runs`` runs that last saw it, and if the
    vendor file still carries at least half of the other products it carried in the last of
    those runs: a run of another vendor's file is not a loss.
    """
    if grid.width < cfg.min_runs(AnomalyRule.VANISHED):
        return []
    index = {key: i for i, key in enumerate(grid.product_keys)}
    carried_now = np.nan_to_num(grid.product_vendor[:, -1]) > 0
    out = []
    for item in unmapped:
        p = index.get(item.product_key)
        if p is None or not np.isnan(grid.product_vendor[p, -1]) or item.seats <= 0:
            continue
        seen = np.flatnonzero(~np.isnan(grid.product_vendor[p, :-1]))
        recent = grid.product_vendor[p, seen[-cfg.vanish_runs :]]
        if len(seen) < cfg.vanish_runs or not (recent > 0).all():
            continue
        ref = int(seen[-1])
        carried_then = np.nan_to_num(grid.product_vendor[:, ref]) > 0
        carried_then[p] = False
        kept = int((carried_then & carried_now).sum())
        if not carried_then.any() or 2 * kept < int(carried_then.sum()):
            continue
        facts = {
            "product_index": p,
            "columns": seen[-(cfg.shown_runs - 1) :].tolist(),
            "runs": int(run_lengths(grid.product_vendor[p : p + 1, seen] > 0)[0, -1]),
            "before": float(grid.product_vendor[p, ref]),
            "unmapped": item,
        }
        out.append(Hit(AnomalyRule.VANISHED, -1, Side.VENDOR, facts))
    return out
