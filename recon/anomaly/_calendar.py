"""Calendar periods: which period fits a history's runs, which runs to read, and the period
each run falls in.

Runs are not time: an MSP that pulls daily has thirty runs a month, one that uploads monthly
has twelve a year. So every series is resampled to a period that fits the runs (the latest
value in each period counts), and the rules are stated in periods and days:

- **month** when runs come in fewer than half of the weeks (monthly uploads, with a re-run
  now and then): a period is a run plus any re-runs within ``merge_days`` of it, so a
  month's upload on the 31st and the next on the 1st stay two months;
- **week** when runs come most weeks but on fewer than 40 % of the days: ISO weeks;
- **day** otherwise (daily pulls, or the bot's default cadence): UTC days.

Rules about months (growth, swings) also read a *month view*: calendar months of the daily
or weekly values (for monthly runs the month view is the periods themselves).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import numpy as np
import pandas as pd

from recon.anomaly._model import AnomalySettings, Period

#: How far back the run cadence is judged.
CADENCE_DAYS = 90
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MONDAY = 4  # 1970-01-05, day 4 after the epoch, was a Monday


@dataclass(frozen=True, slots=True)
class RunStamp:
    """A run as the calendar sees it.

    Attributes:
        run_id: the run.
        at: when it was made (UTC).
        files: what it read (e.g. its files' format names), so that the runs of one export
            are thinned apart from another's (two vendors' files on the same day both count).
    """

    run_id: int
    at: datetime
    files: str = ""


@dataclass(frozen=True, slots=True)
class HistoryPlan:
    """Which runs the rules read, and the period that fits them.

    Attributes:
        period: the period of the runs' cadence.
        run_ids: the runs to read, ascending (the run being checked is the last).
        periods: how many periods of that kind the history covers (with a run in them).
        months: how many calendar months it covers (for monthly runs: ``periods``).
    """

    period: Period
    run_ids: tuple[int, ...]
    periods: int = 0
    months: int = 0


def to_days(times: pd.Series | Iterable[datetime]) -> np.ndarray:
    """UTC times as float days since 1970-01-01."""
    stamps = pd.to_datetime(
        pd.Series(list(times) if not isinstance(times, pd.Series) else times), utc=True
    )
    return (stamps - pd.Timestamp(_EPOCH)).dt.total_seconds().to_numpy(dtype=np.float64) / 86_400


def from_days(days: float) -> datetime:
    """Float days since 1970-01-01 as a UTC time (to the second)."""
    return _EPOCH + timedelta(seconds=round(days * 86_400))


def choose_period(days: np.ndarray, cfg: AnomalySettings) -> Period:
    """The period that fits run times (float days): see the module docstring."""
    if len(days) == 0:
        return Period.MONTH
    latest = float(np.max(days))
    recent = np.floor(days[days >= latest - CADENCE_DAYS])
    span = float(recent.max() - recent.min())
    run_days = len(np.unique(recent))
    if run_days < 2:
        return Period.MONTH
    weeks = len(np.unique(np.floor((recent - _MONDAY) / 7)))
    if weeks / (np.floor(span / 7) + 1) < cfg.weekly_share:
        return Period.MONTH
    if run_days / (span + 1) < cfg.daily_share:
        return Period.WEEK
    return Period.DAY


def plan_history(stamps: Iterable[RunStamp], cfg: AnomalySettings | None = None) -> HistoryPlan:
    """The runs to read for a check of the newest stamp, and the period that fits them.

    Runs older than ``history_days`` before the newest are left out. With daily or weekly
    pulls, runs older than ``fine_days`` keep only the last run of each calendar month per
    ``files`` (the monthly rules need no more), and newer ones the last run of each period
    per ``files``: a year of daily pulls is read as about 70 runs, not 365.

    Args:
        stamps: the runs up to and including the one being checked.
        cfg: thresholds (default :class:`AnomalySettings`).
    """
    cfg = cfg or AnomalySettings()
    runs = sorted(stamps, key=lambda s: s.run_id)
    if not runs:
        return HistoryPlan(Period.MONTH, ())
    newest = runs[-1]
    oldest = newest.at - timedelta(days=cfg.history_days)
    runs = [s for s in runs if s.at >= oldest]
    days = to_days([s.at for s in runs])
    period = choose_period(days, cfg)
    fine = period_codes(days, period, cfg)
    periods = len(np.unique(fine))
    if period is Period.MONTH:
        return HistoryPlan(period, tuple(s.run_id for s in runs), periods, periods)
    month = period_codes(days, Period.MONTH, cfg, calendar=True)
    cut = float(days[-1]) - cfg.fine_days
    last: dict[tuple[str, int, str], int] = {}
    for stamp, day, f, m in zip(runs, days, fine, month, strict=True):
        key = ("fine", int(f), stamp.files) if day >= cut else ("month", int(m), stamp.files)
        last[key] = stamp.run_id  # runs are in id order: the last of each period wins
    run_ids = tuple(sorted({*last.values(), newest.run_id}))
    return HistoryPlan(period, run_ids, periods, len(np.unique(month)))


def period_codes(
    days: np.ndarray, period: Period, cfg: AnomalySettings, *, calendar: bool = False
) -> np.ndarray:
    """An int64 period code for each time (float days), increasing with time.

    Args:
        days: run times.
        period: the period.
        cfg: ``merge_days`` for monthly periods of runs.
        calendar: months are calendar months (the month view of daily or weekly values)
            rather than runs merged with their re-runs.
    """
    whole: np.ndarray = np.floor(days).astype(np.int64)
    if period is Period.DAY:
        return whole
    if period is Period.WEEK:
        weeks: np.ndarray = (whole - _MONDAY) // 7
        return weeks
    if calendar:
        months: np.ndarray = whole.astype("datetime64[D]").astype("datetime64[M]")
        return months.astype(np.int64)
    # Monthly runs: a run starts a new period unless it is a re-run of the period's first.
    unique, inverse = np.unique(days, return_inverse=True)
    codes = np.zeros(len(unique), dtype=np.int64)
    start, code = -np.inf, -1
    for i, t in enumerate(unique):  # one step per distinct run time (about 13)
        if t - start > cfg.merge_days:
            start, code = t, code + 1
        codes[i] = code
    return codes[inverse]


def period_labels(codes: np.ndarray, latest_days: np.ndarray, period: Period) -> list[str]:
    """A label per period code, for people: ``2026-03``, ``wk 2026-03-02``, ``2026-03-02``.

    Args:
        codes: distinct period codes, ascending.
        latest_days: the latest run time in each period.
        period: the period (``month`` codes from runs are labelled by their latest run's
            month, or its date when two periods fall in one month).
    """
    if period is Period.DAY:
        return [str(np.datetime64(int(c), "D")) for c in codes]
    if period is Period.WEEK:
        return [f"wk {np.datetime64(int(c) * 7 + _MONDAY, 'D')}" for c in codes]
    dates = [str(np.datetime64(int(np.floor(d)), "D")) for d in latest_days]
    months = [d[:7] for d in dates]
    return months if len(set(months)) == len(months) else dates
