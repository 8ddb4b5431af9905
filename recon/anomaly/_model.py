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


#: The severity of each rule's anomalies.
SEVERITY: Mapping[AnomalyRule, Severity] = {
    AnomalyRule.VANISHED: Severity.HIGH,
    AnomalyRule.ONE_SIDED_JUMP: Severity.HIGH,
    AnomalyRule.ERRATIC: Severity.MEDIUM,
    AnomalyRule.GROWTH_STOPPED: Severity.LOW,
}


@dataclass(frozen=True, slots=True)
class AnomalySettings:
    """Thresholds of the rules. The defaults keep normal churn quiet (see the tests).

    Attributes:
        growth_runs: rises in a row that make a steady grower (5),
        growth_min_seats: adding up to at least this many seats (8)
        growth_min_share: and this share of the count they started from (0.25).
        stall_runs: unchanged runs after them that make it stop (3).
        stall_max_runs: a longer stall is the new normal and is no longer flagged (6).
        swing_window: erratic: how many recent changes are looked at (4).
        swing_moves: erratic: how many of them must be big and alternate up and down (3).
        baseline_changes: erratic: changes before the window that set what is usual (3).
        swing_sigmas: erratic: a big change is at least this many usual changes (4.0),
        swing_min_seats: and at least this many seats (3),
        swing_min_share: and at least this share of the usual level (0.15).
        jump_history: one-sided jump: runs before the latest that set what is usual (3).
        jump_sigmas: a jump is at least this many usual changes (4.0),
        jump_min_seats: and at least this many seats (5),
        jump_min_share: and at least this share of the previous count (0.10).
        vanish_runs: runs in a row a side must have had seats in before it vanishes (3).
        band_seats: an expected mark holds while seats stay within this many seats (2)
        band_share: or this share (0.10) of the marked range, whichever is more.
        shown_runs: how many recent runs an anomaly's numbers show (8).
    """

    growth_runs: int = 5
    growth_min_seats: float = 8.0
    growth_min_share: float = 0.25
    stall_runs: int = 3
    stall_max_runs: int = 6
    swing_window: int = 4
    swing_moves: int = 3
    baseline_changes: int = 3
    swing_sigmas: float = 4.0
    swing_min_seats: float = 3.0
    swing_min_share: float = 0.15
    jump_history: int = 3
    jump_sigmas: float = 4.0
    jump_min_seats: float = 5.0
    jump_min_share: float = 0.10
    vanish_runs: int = 3
    band_seats: Decimal = Decimal(2)
    band_share: Decimal = Decimal("0.10")
    shown_runs: int = 8

    def min_runs(self, rule: AnomalyRule) -> int:
        """The runs of history (runs that saw the series, the latest included) a rule needs.

        With the defaults: growth_stopped 9, erratic 8, one_sided_jump 4, vanished 4.
        """
        return {
            AnomalyRule.GROWTH_STOPPED: self.growth_runs + self.stall_runs + 1,
            AnomalyRule.ERRATIC: self.swing_window + self.baseline_changes + 1,
            AnomalyRule.ONE_SIDED_JUMP: self.jump_history + 1,
            AnomalyRule.VANISHED: self.vanish_runs + 1,
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
        run_ids: the recent runs shown, oldest first; the last is the run it was found in.
        vendor_seats: seats at the vendor in those runs (totals for a whole client/product).
        psa_seats: seats in the PSA in those runs.
        seats: the seats involved (what the money estimate multiplies).
        unit_price: the latest known price per seat per month, or None.
        money_at_stake: estimated money per month (seats x unit price), or None when no
            price is known.
        details: the rule's numbers (usual change, threshold, run lengths, ...).
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
