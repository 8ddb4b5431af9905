"""Anomalies in seat history: patterns across runs that one run's gaps can't show.

Pure functions over the seat history (one row per run and (client, product), both sides, in
milli-seats). Each (client, product) is a *series*. A run with no row for a series (a run of
another vendor's file, or nothing on either side) is skipped, so "runs" below are the runs
that saw the series. Only series the latest run saw are checked, and every anomaly is about
the latest run. *Usual change* = 1.4826 x the median absolute deviation (MAD) of the
series' run-to-run changes, or, when most runs did not change (MAD 0) and at least two
did, the median size of those changes: robust to a few odd values, usable from two changes.

Rules, per side (vendor or PSA; both sides merge into one anomaly when both fire), with the
history each needs (runs that saw the series, the latest included):

``growth_stopped`` (low; 9 runs)
    Seats rose in each of 5 runs in a row, by at least 8 seats and 25% in all, then have not
    changed for the last 3 to 6 runs. (Without the size test, the chance up-streaks of
    normal churn would fire it.)
``erratic`` (medium; 8 runs)
    At least 3 of the last 4 changes are big and alternate up and down. Big: at least
    4 x the usual change before those 4, 3 seats, and 15% of the usual level (median).
``one_sided_jump`` (high; 4 runs)
    The latest change is at least 4 x the usual change, 5 seats and 10% of the previous
    count, and the other side did not follow: the difference between the sides grew by at
    least half the jump. A side catching up with the other is never flagged.
``vanished`` (high; 4 runs)
    A side had seats in each of the 3 runs before the latest and has none now, while the
    other side still has some. A product gone from that side for two or more clients is one
    anomaly (client key ``*``); a client gone from it for two or more products, with no
    seats left there at all, is one (product key ``*``). A product the vendor file stopped
    carrying (the PSA still bills it, so it is *unmapped*) counts when the vendor file still
    carries at least half of the other products it carried with it, so that a run of another
    vendor's file is not taken for a loss.

Money is an estimate, and only where a price is known: seats involved x the run's unit price
for that client and product (from its gap: PSA price, else vendor cost); for a product the
vendor file dropped, what the PSA bills for it. Seats involved: the stalled side's usual
rise (growth_stopped), the largest swing (erratic), how much the difference grew
(one_sided_jump), the other side's seats (vanished). Otherwise money is None.

A person can mark an anomaly *expected* (:meth:`Store.mark_expected`); see
:func:`settle_expected` for when the mark lapses.

Example::

    from recon.anomaly import detect_anomalies, prices_from_gaps

    found = detect_anomalies(store.seat_history_frame(), prices=prices_from_gaps(gaps))
    for a in found:
        print(a.severity, a.key, a.explanation, a.money_at_stake)
"""

from __future__ import annotations

from recon.anomaly._calendar import HistoryPlan, RunStamp, choose_period, plan_history
from recon.anomaly._detect import detect_anomalies, prices_from_gaps
from recon.anomaly._expected import holds, latest_seats, settle_expected
from recon.anomaly._model import (
    EVERYTHING,
    RUN_AT,
    RUN_ID,
    SEVERITY,
    Anomaly,
    AnomalyRule,
    AnomalySettings,
    ExpectedMark,
    Period,
    Severity,
    anomaly_key,
)
from recon.anomaly._render import (
    anomaly_line,
    history_note,
    numbers_line,
    render_anomalies,
    summary_lines,
)

__all__ = [
    "EVERYTHING",
    "RUN_AT",
    "RUN_ID",
    "SEVERITY",
    "Anomaly",
    "AnomalyRule",
    "AnomalySettings",
    "ExpectedMark",
    "HistoryPlan",
    "Period",
    "RunStamp",
    "Severity",
    "anomaly_key",
    "anomaly_line",
    "choose_period",
    "detect_anomalies",
    "history_note",
    "holds",
    "latest_seats",
    "numbers_line",
    "plan_history",
    "prices_from_gaps",
    "render_anomalies",
    "settle_expected",
    "summary_lines",
]
