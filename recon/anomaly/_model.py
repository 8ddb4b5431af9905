"""The nouns of anomaly detection: rules, severities, thresholds, anomalies and expected marks."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from recon.model import Side
from recon.money import cents

#: Column of the history frame holding the run id (the others are :class:`~recon.model.SeatCol`).
RUN_ID = "run_id"
#: Column of the history frame holding when the run was made (UTC): the rules' calendar.
RUN_AT = "run_at"
#: The client key of an anomaly about a whole product, or the product key of one about a
#: whole client.
EVERYTHING = "*"

Bands = Mapping[str, tuple[Decimal, Decimal]]


class AnomalyRule(StrEnum):
    """Which pattern an anomaly follows (see :mod:`recon.anomaly`)."""

    GROWTH_STOPPED = "growth_stopped"
    ERRATIC = "erratic"
    ONE_SIDED_JUMP = "one_sided_jump"
    VANISHED = "vanished"


class Severity(StrEnum):
    """How urgent: ``high`` (vanished, one-sided jump), ``medium`` (erratic), ``low`` (stall)."""

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


class Period(StrEnum):
    """The calendar period a series is resampled to: the latest value in each period counts.

    ``month`` when runs are monthly or sparser (a re-run within a few days replaces the
    period's value), ``week`` when they come every few days, ``day`` for daily pulls.
    """

    DAY = "day"
    WEEK = "week"
    MONTH = "month"

    @property
    def days(self) -> float:
        """The period's nominal length in days (a month: 30.44)."""
        return {Period.DAY: 1.0, Period.WEEK: 7.0, Period.MONTH: DAYS_PER_MONTH}[self]


#: The mean length of a calendar month in days.
DAYS_PER_MONTH = 30.44

#: The severity of each rule's anomalies.
SEVERITY: Mapping[AnomalyRule, Severity] = {
    AnomalyRule.VANISHED: Severity.HIGH,
    AnomalyRule.ONE_SIDED_JUMP: Severity.HIGH,
    AnomalyRule.ERRATIC: Severity.MEDIUM,
    AnomalyRule.GROWTH_STOPPED: Severity.LOW,
}


@dataclass(frozen=True, slots=True)
class AnomalySettings:
    """Thresholds of the rules, in calendar time. The defaults keep normal series quiet
    (``benchmarks/anomaly_alarms.py`` measures it: at most 1 alarm per 10,000 series-months).

    Attributes:
        history_days: how far back the rules look (400 days: a year and a bit).
        weekly_share: runs in at least this share (0.5) of the weeks of the last 90 days
            are weekly or more frequent; fewer are monthly (a re-run or two a month stays
            monthly).
        daily_share: runs on at least this share (0.4) of those days are daily pulls (the
            bot's default cadence, daily at the month's edges and weekly between, is).
        merge_days: monthly periods: a run within this many days of the period's first run
            (10) is a re-run and replaces its values.
        fine_days: daily or weekly pulls are read in full for this many days (62); older
            history keeps the last run of each month per export (enough for monthly rules).
        growth_months: growth_stopped: monthly changes looked at before the stall (6),
        growth_min_months: at least this many of them seen (5),
        growth_min_rises: at least this many of them rises (4), all but one of them at most,
        growth_min_rise: by at least this many seats a month, the median rise (2.5),
        growth_min_seats: adding up to at least this many seats (10)
        growth_min_share: and this share of where they started (0.15);
        growth_steadiness: no month's rise above this many times the median rise (1.8)
            nor below the median over it, and no drop in between above one median rise;
        growth_last_rise: the last rise at least this share of the median rise (0.6): it
            stopped while growing as usual (a seasonal peak slows down first).
        stall_factor: the stall must be longer than this many usual gaps between rises (1.3),
        stall_longest: than this many times the longest gap between rises (1.1),
        stall_min_days: and at least this many days (28);
        stall_tolerance: the seats stayed within this share of the usual rise (0.25, at
            least one seat) of the high all along: a seasonal peak ebbing away is not a stall.
        stall_max_days: a longer stall is the new normal and is no longer flagged (100).
        swing_changes: erratic: the latest monthly changes looked at (4),
        swing_moves: of which this many must be big and alternate up and down (3).
        swing_min_seats: a big change is at least this many seats (4),
        swing_min_share: and this share of the usual level (0.15),
        swing_vs_population: and this many times (2.0) the product's usual monthly change
            across the MSP's other clients, read as the ``population_quantile`` (0.9) of
            their monthly changes relative to their size.
        population_min_series: fewer other clients than this (3) with the product, or
        population_min_changes: fewer monthly changes than this (12): compare with every
            other series instead.
        jump_periods: one-sided jump: periods before the latest that set what is usual (3),
        jump_baseline_days: read over this many days before the latest (120).
        jump_sigmas: a jump is at least this many usual changes (4.0),
        jump_min_seats: and at least this many seats (5),
        jump_min_share: and at least this share of the previous count (0.15).
        jump_wait_days: with daily pulls, a jump is told once the other side has had this
            many days to follow (7): a PSA updated within the week is not an anomaly.
        vanish_periods: periods in a row a side must have had seats in before it vanishes (3).
        band_seats: an expected mark holds while seats stay within this many seats (2)
        band_share: or this share (0.10) of the marked range, whichever is more.
        shown_periods: how many recent period values an anomaly shows (8).
    """

    history_days: int = 400
    weekly_share: float = 0.5
    daily_share: float = 0.4
    merge_days: float = 10.0
    fine_days: int = 62
    growth_months: int = 6
    growth_min_months: int = 5
    growth_min_rises: int = 4
    growth_min_rise: float = 2.5
    growth_min_seats: float = 10.0
    growth_min_share: float = 0.15
    growth_steadiness: float = 1.8
    growth_last_rise: float = 0.6
    stall_factor: float = 1.3
    stall_longest: float = 1.1
    stall_min_days: float = 28.0
    stall_tolerance: float = 0.25
    stall_max_days: float = 100.0
    swing_changes: int = 4
    swing_moves: int = 3
    swing_min_seats: float = 4.0
    swing_min_share: float = 0.15
    swing_vs_population: float = 2.0
    population_quantile: float = 0.9
    population_min_series: int = 3
    population_min_changes: int = 12
    jump_periods: int = 3
    jump_baseline_days: int = 120
    jump_sigmas: float = 4.0
    jump_min_seats: float = 5.0
    jump_min_share: float = 0.15
    jump_wait_days: float = 7.0
    vanish_periods: int = 3
    band_seats: Decimal = Decimal(2)
    band_share: Decimal = Decimal("0.10")
    shown_periods: int = 8

    def min_history(self, rule: AnomalyRule, period: Period) -> tuple[int, Period]:
        """The history a rule needs before it can fire: (how many, of which period).

        Growth and swings are about months whatever the cadence (growth_stopped: 8 months,
        6 growing and 2 flat; erratic: 4 months); a jump or a vanished side needs 4 periods
        of the series' own cadence (4 months, 4 weeks or 4 days).
        """
        return {
            AnomalyRule.GROWTH_STOPPED: (self.growth_min_months + 3, Period.MONTH),
            AnomalyRule.ERRATIC: (self.swing_moves + 1, Period.MONTH),
            AnomalyRule.ONE_SIDED_JUMP: (self.jump_periods + 1, period),
            AnomalyRule.VANISHED: (self.vanish_periods + 1, period),
        }[rule]


@dataclass(frozen=True, slots=True)
class Anomaly:
    """One unusual pattern in one (client, product) series, or in a whole client or product.

    Attributes:
        rule: the pattern.
        client_key: the client (``*``: every client of a product).
        product_key: the product (``*``: every product of a client).
        client: display name (``all clients`` for ``*``).
        product: display name (``all products`` for ``*``).
        sides: the side(s) that did it.
        severity: high, medium or low (by rule).
        explanation: plain sentences with the numbers.
        run_ids: the run behind each shown period value, oldest first; the last is the run
            it was found in.
        vendor_seats: seats at the vendor in those periods (totals for a whole
            client/product).
        psa_seats: seats in the PSA in those periods.
        seats: the seats involved (what the money estimate multiplies).
        unit_price: the latest known price per seat per month, or None.
        money_at_stake: estimated money per month (seats x unit price), or None when no
            price is known.
        details: the rule's numbers (usual change, threshold, run lengths, ...).
        period: the period the shown values are in (``month``, ``week`` or ``day``).
        periods: a label per shown value (``2026-03``, ``2026-03-02``, ``wk 2026-03-02``).
        usual: what was expected, with numbers (the usual rise, the population's usual
            swing, the usual change); empty when the rule has no yardstick.
        since: when the pattern started (the last rise of a stalled grower, the first big
            swing, the run that jumped or found seats gone), or None.
        bands: side -> (low, high) seats the anomaly is about; an expected mark holds while
            the latest seats stay near them.
        expected: a person marked it expected and the series has not moved since.
        note: a remark (who marked it expected, or that such a mark lapsed).
    """

    rule: AnomalyRule
    client_key: str
    product_key: str
    client: str
    product: str
    sides: tuple[Side, ...]
    severity: Severity
    explanation: str
    run_ids: tuple[int, ...]
    vendor_seats: tuple[Decimal, ...]
    psa_seats: tuple[Decimal, ...]
    seats: Decimal
    unit_price: Decimal | None
    money_at_stake: Decimal | None
    details: Mapping[str, Any] = field(default_factory=dict)
    period: Period = Period.MONTH
    periods: tuple[str, ...] = ()
    usual: str = ""
    since: datetime | None = None
    bands: Bands = field(default_factory=dict)
    expected: bool = False
    note: str | None = None

    @property
    def key(self) -> str:
        """Identity across runs, for :meth:`Store.mark_expected`: ``client|product|rule``."""
        return anomaly_key(self.client_key, self.product_key, self.rule)

    @property
    def run_id(self) -> int:
        """The run it was found in."""
        return self.run_ids[-1]

    def latest(self) -> dict[str, Decimal]:
        """Side -> seats in the run it was found in."""
        return {Side.VENDOR.value: self.vendor_seats[-1], Side.PSA.value: self.psa_seats[-1]}

    def as_json(self) -> dict[str, Any]:
        """A JSON-ready dict (money as 2-decimal strings, seats as numbers)."""
        return {
            "key": self.key,
            "rule": self.rule.value,
            "severity": self.severity.value,
            "client": self.client,
            "client_key": self.client_key,
            "product": self.product,
            "product_key": self.product_key,
            "sides": [s.value for s in self.sides],
            "explanation": self.explanation,
            "run_id": self.run_id,
            "run_ids": list(self.run_ids),
            "vendor_seats": [seat_number(q) for q in self.vendor_seats],
            "psa_seats": [seat_number(q) for q in self.psa_seats],
            "seats": seat_number(self.seats),
            "unit_price": money_json(self.unit_price),
            "money_at_stake": money_json(self.money_at_stake),
            "details": dict(self.details),
            "period": self.period.value,
            "periods": list(self.periods),
            "usual": self.usual,
            "since": None if self.since is None else self.since.isoformat(),
            "expected": self.expected,
            "note": self.note,
        }


@dataclass(frozen=True, slots=True)
class ExpectedMark:
    """A person's word that an anomaly is expected, and the seats it was marked at.

    Attributes:
        key: the anomaly key (``client|product|rule``).
        by: who marked it.
        at: when.
        reason: why, if given.
        run_id: the run whose anomaly was marked.
        bands: side -> (low, high) seats then; see :func:`recon.anomaly.settle_expected`.
    """

    key: str
    by: str
    at: datetime
    reason: str | None
    run_id: int
    bands: Bands

    def as_json(self) -> dict[str, Any]:
        """A JSON-ready dict of this mark."""
        return {
            "key": self.key,
            "by": self.by,
            "at": self.at.isoformat(),
            "reason": self.reason,
            "run_id": self.run_id,
            "bands": {s: [seat_number(lo), seat_number(hi)] for s, (lo, hi) in self.bands.items()},
        }


def anomaly_key(client_key: str, product_key: str, rule: AnomalyRule | str) -> str:
    """``client_key|product_key|rule``: an anomaly's identity across runs."""
    return f"{client_key}|{product_key}|{AnomalyRule(rule).value}"


def seat_number(q: Decimal) -> int | float:
    """A seat count for JSON: an int when whole, else a float."""
    return int(q) if q == q.to_integral_value() else float(q)


def money_json(amount: Decimal | None) -> str | None:
    """Money for JSON: a 2-decimal string, or None."""
    return None if amount is None else f"{cents(amount):.2f}"
