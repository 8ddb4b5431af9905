"""Anomalies in seat history: patterns over time that one run's gaps can't show.

Pure functions over the seat history (one row per run and (client, product), both sides, in
milli-seats, with each run's time). Each (client, product) is a *series*. Runs are not time,
so every series is resampled to calendar periods that fit the runs (see
:mod:`recon.anomaly._calendar`): **months** for monthly uploads (a re-run within days
replaces the month's values), **weeks** or **days** for frequent pulls; the latest value in
each period counts. A period with no row for the series (a run of another vendor's file) is
skipped. Only series the latest run saw are checked, and every anomaly is about the latest
run. Rules about growth and swings read the series month by month whatever the cadence.

Rules, per side (vendor or PSA; both sides merge into one anomaly when both fire):

``growth_stopped`` (low; 8 months)
    Rose in most of the last 5-6 months (at most one month without), by a steady 2.5+
    seats a month, and has not set a new high for longer than its usual gap between rises
    (1.3 x the median gap, 1.1 x the longest, at least 28 days; at most 100), staying
    within a quarter of a month's rise of the high all along. Monthly uploads: flagged in
    the second flat month; daily pulls of a monthly grower: about 40 days after its last
    rise. A rise that had slowed down first (a seasonal peak) is not flagged.
``erratic`` (medium; 4 months)
    At least 3 of the latest 4 monthly changes are big and alternate up and down. Big:
    4 seats, 15% of the usual level, and 2 x the product's usual monthly change at the MSP's
    *other* clients (the population: 9 in 10 of their monthly changes, relative to size, are
    within it). So a series swinging from its first month is found in the fourth, and a
    product that swings everywhere is not erratic. Consumption products are left out.
``one_sided_jump`` (high; 4 periods)
    The latest change is at least 4 x the usual change (over the 120 days before), 5 seats
    and 15% of the count, and the difference between the sides grew by at least half the
    jump. A side catching up with the other is never flagged. With daily pulls the other
    side gets a week to follow before the jump is told.
``vanished`` (high; 4 periods)
    A side had seats in each of the 3 periods before the latest and has none now, while the
    other side still has some. A product gone from that side for two or more clients is one
    anomaly (client key ``*``); a client gone from it for two or more products, with no
    seats left there at all, is one (product key ``*``). A product the vendor file stopped
    carrying (the PSA still bills it, so it is *unmapped*) counts when the vendor file still
    carries at least half of the other products it carried with it, so that a run of another
    vendor's file is not taken for a loss.

Every anomaly says why in numbers: the period values it rests on (``periods``,
``vendor_seats``, ``psa_seats``), what was expected (``usual``: the usual rise and gap, the
population's usual swing, the usual change) and when it started (``since``).

Money is an estimate, and only where a price is known: seats involved x the run's unit price
for that client and product (from its gap: PSA price, else vendor cost); for a product the
vendor file dropped, what the PSA bills for it. Seats involved: the stalled side's usual
monthly rise (growth_stopped), the largest swing (erratic), how much the difference grew
(one_sided_jump), the other side's seats (vanished). Otherwise money is None.

A person can mark an anomaly *expected* (:meth:`Store.mark_expected`); see
:func:`settle_expected` for when the mark lapses. :func:`recon.service.check_anomalies`
runs the whole check for a recorded run (plan, read, detect, settle, save).

Example::

    from recon.anomaly import detect_anomalies, plan_history, prices_from_gaps

    plan = plan_history(RunStamp(*t) for t in store.run_times())
    frame = store.seat_history_frame(plan.run_ids)
    found = detect_anomalies(frame, prices=prices_from_gaps(gaps), period=plan.period)
    for a in found:
        print(a.severity, a.key, a.explanation, a.usual, a.since, a.money_at_stake)
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
