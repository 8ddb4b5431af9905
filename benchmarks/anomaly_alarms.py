"""False alarms of the anomaly rules on normal seat histories, per 10,000 series-months.

A synthetic MSP: clients of every size (3-300 seats) with a few of eight seat-based
products each. Every (client, product) series follows one *normal* story, drawn at random:

- ``steady``: a seat or two now and then, both ways;
- ``churn``: slow churn, a hire or a leaver most months, drifting a little up or down;
- ``seasonal``: a yearly swell and ebb of 10-30 % on top of churn (tax firms, schools);
- ``grower``: 2-5 seats a month that keeps growing (a healthy client: not an alarm);
- ``migration``: a one-off: double licences for a month while moving tenants, or a step
  up or down (an acquisition, a department leaving), both sides following;

The PSA side follows the vendor within a week for half the series (at once for the rest),
and a fifth of the series are billed a seat off for good. Seat
changes happen on days, and are seen through runs at a cadence: **monthly** uploads (the
2nd of the month, give or take a day, now and then a re-run two days later) or **daily**
pulls. Detection runs after every run exactly as the service does
(:func:`recon.anomaly.plan_history`, then :func:`recon.detect_anomalies` over the runs it
picks). An *alarm* is an anomaly key reported by a run that was not reported in the 30 days
before (the bot tells a key once per 30 days); *series-months* are the months each series
was watched. Planted patterns (the issue's four) are run through the same loop to show how
soon each is found.

    python -m benchmarks.anomaly_alarms                       # the README's table
    python -m benchmarks.anomaly_alarms --clients 300 --daily-clients 100 --seeds 1  # quick
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import numpy as np
import pandas as pd

from recon.anomaly import (
    RUN_AT,
    RUN_ID,
    AnomalySettings,
    RunStamp,
    detect_anomalies,
    plan_history,
)
from recon.model import SeatCol

START = datetime(2025, 1, 1, 7, tzinfo=UTC)
PRODUCTS = ("M365 BP", "M365 E3", "EXO P1", "Defender", "Intune", "EDR", "Backup", "Teams")
KINDS = ("steady", "churn", "seasonal", "grower", "migration")
KIND_SHARE = (0.30, 0.35, 0.15, 0.10, 0.10)
REPEAT_DAYS = 30  # a key reported again within this many days is the same alarm


@dataclass
class Series:
    """One (client, product): its normal story and seats per day, both sides."""

    client: str
    product: str
    kind: str
    vendor: np.ndarray  # seats per day
    psa: np.ndarray


def _events(
    rng: np.random.Generator, months: int, per_month: float, size: int, up: float = 0.5
) -> np.ndarray:
    """Daily seat changes: ``per_month`` events a month of 1..``size`` seats on random days,
    up with probability ``up``."""
    days = months * 31
    steps = np.zeros(days)
    count = rng.poisson(per_month * months)
    at = rng.integers(0, days, count)
    moves = rng.integers(1, size + 1, count) * np.where(rng.random(count) < up, 1, -1)
    np.add.at(steps, at, moves)
    return steps


def normal_series(rng: np.random.Generator, client: str, product: str, months: int) -> Series:
    """A series telling one normal story (see the module docstring)."""
    days = months * 31
    level = float(np.exp(rng.uniform(np.log(3), np.log(300))))
    kind = str(rng.choice(KINDS, p=KIND_SHARE))
    scale = max(1, round(np.sqrt(level) / 3))  # bigger clients move more seats at a time
    if kind == "steady":
        steps = _events(rng, months, 0.3, scale)
    elif kind == "churn":  # slow churn: a hire or a leaver most months, drifting a little
        steps = _events(rng, months, 1.2, scale, up=rng.uniform(0.4, 0.6))
    elif kind == "seasonal":
        steps = _events(rng, months, 1.0, scale)
        phase = rng.uniform(0, 2 * np.pi)
        swell = rng.uniform(0.1, 0.3) * level * np.sin(2 * np.pi * np.arange(days) / 365 + phase)
    elif kind == "grower":  # keeps growing, on its own rhythm (weekly to monthly onboarding)
        steps = _events(rng, months, 0.8, scale)
        every = float(rng.choice([7.0, 14.0, 30.44]))
        rise = rng.uniform(2, 5) * scale * every / 30.44
        day = rng.uniform(0, every)
        while day < days:
            steps[int(day)] += max(1, round(rise * rng.uniform(0.6, 1.4)))
            day += every + rng.uniform(-3, 3)
    else:
        steps = _events(rng, months, 0.8, scale)
        day = int(rng.integers(31, days - 31))
        extra = round(level * rng.uniform(0.1, 0.5)) + 1
        if rng.random() < 0.5:  # double licences for a month while moving tenants
            steps[day] += extra
            steps[day + int(rng.integers(20, 40)) % (days - day)] -= extra
        else:  # a step: an acquisition, or a department leaving
            steps[day] += extra * rng.choice([-1, 1]) // (1 if rng.random() < 0.5 else 2)
    if kind != "seasonal":
        swell = np.zeros(days)
    vendor = np.maximum(np.round(level + np.cumsum(steps) + swell), 1)
    # The PSA follows within a week (a distributor sync, or the next invoice run); a planned
    # migration is billed as it is provisioned. Longer lags are what the rules are for.
    lag = int(rng.integers(0, 8)) if kind != "migration" and rng.random() < 0.5 else 0
    psa = np.concatenate([np.full(lag, vendor[0]), vendor[: days - lag]])
    if level >= 10 and rng.random() < 0.2:
        psa = psa + rng.choice([-1, 1])  # billed a seat off, for good
    return Series(client, product, kind, vendor, psa)


def run_days(cadence: str, months: int, rng: np.random.Generator) -> list[float]:
    """Run times in days after START: the 2nd of each month (+-1 day, 10 % re-run two days
    later) for monthly uploads; 07:00 every day for daily pulls."""
    if cadence == "daily":
        return [float(d) for d in range(months * 31)]
    out = []
    for month in range(months):
        day = round(month * 30.44) + 1 + int(rng.integers(-1, 2))
        out.append(float(max(day, 0)))
        if rng.random() < 0.1:
            out.append(float(day + 2))
    return sorted(set(out))


def frame_of(series: list[Series], days: list[float]) -> pd.DataFrame:
    """The seat-history frame of every run (one row per run and series)."""
    idx = np.array([int(d) for d in days])
    n_runs, n_series = len(days), len(series)
    stamps = pd.Series([START + timedelta(days=d) for d in days], dtype="datetime64[us, UTC]")
    return pd.DataFrame(
        {
            RUN_ID: np.repeat(np.arange(1, n_runs + 1), n_series),
            RUN_AT: np.repeat(stamps.to_numpy(), n_series),
            SeatCol.CLIENT_KEY: np.tile([s.client.casefold() for s in series], n_runs),
            SeatCol.PRODUCT_KEY: np.tile([s.product.casefold() for s in series], n_runs),
            SeatCol.CLIENT: np.tile([s.client for s in series], n_runs),
            SeatCol.PRODUCT: np.tile([s.product for s in series], n_runs),
            SeatCol.VENDOR_QTY: (np.stack([s.vendor[idx] for s in series], 1) * 1000)
            .astype(np.int64)
            .ravel(),
            SeatCol.PSA_QTY: (np.stack([s.psa[idx] for s in series], 1) * 1000)
            .astype(np.int64)
            .ravel(),
        }
    )


@dataclass
class Alarms:
    """Alarms raised while the runs happened: first report, and again after 30 quiet days."""

    raised: list[tuple[float, str, str]] = field(default_factory=list)  # (day, key, rule)
    last: dict[str, float] = field(default_factory=dict)

    def see(self, day: float, keys: list[tuple[str, str]]) -> None:
        for key, rule in keys:
            if day - self.last.get(key, -1e9) > REPEAT_DAYS:
                self.raised.append((day, key, rule))
            self.last[key] = day


def watch(
    frame: pd.DataFrame, days: list[float], cfg: AnomalySettings, *, first_day: float = 0
) -> Alarms:
    """Check after every run as the service does; collect the alarms."""
    alarms = Alarms()
    stamps = [RunStamp(i + 1, START + timedelta(days=d)) for i, d in enumerate(days)]
    runs = frame[RUN_ID].to_numpy()
    for i, day in enumerate(days):
        if day < first_day or i == 0:
            continue
        plan = plan_history(stamps[: i + 1], cfg)
        history = frame[np.isin(runs, plan.run_ids)]
        found = detect_anomalies(history, settings=cfg, period=plan.period)
        alarms.see(day, [(a.key, a.rule.value) for a in found])
    return alarms


def false_alarms(
    cadence: str, clients: int, months: int, seed: int, cfg: AnomalySettings
) -> dict[str, object]:
    """One MSP's normal series at one cadence: alarms per 10,000 series-months."""
    rng = np.random.default_rng(seed)
    series = [
        normal_series(rng, f"Client {c:04d}", str(p), months)
        for c in range(clients)
        for p in rng.choice(PRODUCTS, size=int(rng.integers(1, 5)), replace=False)
    ]
    days = run_days(cadence, months, rng)
    started = time.perf_counter()
    alarms = watch(frame_of(series, days), days, cfg)
    watched = (days[-1] - days[0]) / 30.44 * len(series)
    kind_of = {f"{s.client.casefold()}|{s.product.casefold()}": s.kind for s in series}
    by_kind = Counter(kind_of[key.rsplit("|", 1)[0]] for _, key, _ in alarms.raised)
    return {
        "cadence": cadence,
        "seed": seed,
        "series": len(series),
        "runs": len(days),
        "series_months": watched,
        "alarms": len(alarms.raised),
        "per_10k": 10_000 * len(alarms.raised) / watched,
        "by_rule": Counter(rule for _, _, rule in alarms.raised),
        "by_kind": by_kind,
        "kinds": Counter(s.kind for s in series),
        "seconds": time.perf_counter() - started,
    }


# --- planted patterns: how soon each is found ----------------------------------------------

Plant = Callable[[np.ndarray], tuple[np.ndarray, np.ndarray]]


def _planted(days: int) -> dict[str, tuple[str, Plant, int]]:
    """Name -> (rule, seats per day from a day grid, the day the pattern starts)."""
    month = 30.44
    last_rise = round(5 * month + 10)  # six rises, on the 10th of months 1-6; then none

    def grower(d: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        rises = np.minimum(np.floor((d - 10) / month) + 1, 6).clip(0)
        seats = 20 + 4 * rises
        return seats, seats

    def swinging(d: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        m = np.floor(d / month).astype(int)
        psa = np.where(m % 2 == 0, 20, 35)
        return np.full(len(d), 20), psa

    def gone(d: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return np.full(len(d), 15), np.where(d >= 4 * month + 20, 0, 15)

    def jump(d: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return np.where(d >= 6 * month + 12, 36, 24), np.full(len(d), 24)

    del days
    return {
        "grower of 4 a month stops": ("growth_stopped", grower, last_rise),
        "swings from month one": ("erratic", swinging, 0),
        "PSA stops billing": ("vanished", gone, round(4 * month + 20)),
        "vendor jumps +12": ("one_sided_jump", jump, round(6 * month + 12)),
    }


def time_to_find(cadence: str, months: int, seed: int, cfg: AnomalySettings) -> list[str]:
    """Days from each planted pattern's start to its first alarm, among normal peers."""
    rng = np.random.default_rng(seed)
    days = run_days(cadence, months, rng)
    grid = np.arange(months * 31, dtype=float)
    peers = [normal_series(rng, f"Peer {c}", "Intune", months) for c in range(12)]
    rows = []
    for name, (rule, plant, start) in _planted(len(grid)).items():
        vendor, psa = plant(grid)
        planted = Series("Planted", "Intune", rule, vendor.astype(float), psa.astype(float))
        alarms = watch(frame_of([planted, *peers], days), days, cfg)
        hits = [d for d, key, r in alarms.raised if key.startswith("planted|") and r == rule]
        found = f"day {hits[0] - start:.0f}" if hits else "not found"
        rows.append(f"| {cadence} | {name} | {rule} | {found} after it started |")
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=2000, help="clients per monthly MSP")
    parser.add_argument(
        "--daily-clients", type=int, default=400, help="clients of the daily-pull MSP"
    )
    parser.add_argument("--months", type=int, default=14, help="months watched")
    parser.add_argument("--seed", type=int, default=1, help="first seed")
    parser.add_argument("--seeds", type=int, default=3, help="MSPs per cadence (seeds)")
    args = parser.parse_args(argv)
    cfg = AnomalySettings()
    seeds = range(args.seed, args.seed + args.seeds)
    results = [false_alarms("monthly", args.clients, args.months, s, cfg) for s in seeds]
    results += [false_alarms("daily", args.daily_clients, args.months, s + 100, cfg) for s in seeds]
    print(
        "| cadence | seed | series | runs | series-months | alarms | per 10,000 series-months |"
        " alarms by rule | alarms by story | seconds |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    total_alarms = total_months = 0.0
    for r in results:
        rules = ", ".join(f"{k} {v}" for k, v in sorted(r["by_rule"].items())) or "-"  # type: ignore[attr-defined]
        kinds = ", ".join(f"{k} {v}" for k, v in sorted(r["by_kind"].items())) or "-"  # type: ignore[attr-defined]
        print(
            f"| {r['cadence']} | {r['seed']} | {r['series']:,} | {r['runs']} | "
            f"{r['series_months']:,.0f} | "
            f"{r['alarms']} | **{r['per_10k']:.2f}** | {rules} | {kinds} | {r['seconds']:.0f} |"
        )
        total_alarms += float(r["alarms"])  # type: ignore[arg-type]
        total_months += float(r["series_months"])  # type: ignore[arg-type]
    print(
        f"\nAll: {total_alarms:.0f} alarms in {total_months:,.0f} series-months = "
        f"**{10_000 * total_alarms / total_months:.2f} per 10,000** (bar: 1)."
    )
    stories = defaultdict(int)
    for r in results:
        for k, v in r["kinds"].items():  # type: ignore[attr-defined]
            stories[k] += v
    print("Stories: " + ", ".join(f"{k} {v:,}" for k, v in sorted(stories.items())) + ".")
    print("\n| cadence | planted (next to 12 normal peers) | rule | found |\n|---|---|---|---|")
    for cadence in ("monthly", "daily"):
        for row in time_to_find(cadence, 10, args.seed, cfg):
            print(row)
    return 0 if 10_000 * total_alarms / total_months <= 1 else 1


if __name__ == "__main__":
    sys.exit(main())
