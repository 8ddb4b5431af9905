"""The synthetic MSP's world: clients, what each holds at the vendor and bills in the PSA.

Writers turn this into files; :mod:`truth` turns it into ``truth.json``. Money is Decimal,
dates are ``datetime.date`` (UTC calendar days).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

# Gap kinds, as the engine names them (design.md "Words used everywhere").
MISSING_IN_PSA = "missing_in_psa"
MISSING_IN_VENDOR = "missing_in_vendor"
QUANTITY_MISMATCH = "quantity_mismatch"
PRICE_BELOW_COST = "price_below_cost"
KINDS = (MISSING_IN_PSA, MISSING_IN_VENDOR, QUANTITY_MISMATCH, PRICE_BELOW_COST)

TERM_MONTHS = {"monthly": 1, "annual": 12, "three_year": 36, "one_time": 0, "trial": 1}


@dataclass(slots=True)
class Subscription:
    """One vendor subscription (or one-time purchase, or trial) of a product."""

    sub_id: str
    pid: str
    seats: int
    term: str  # monthly | annual | three_year | trial | one_time
    billing: str  # monthly | annual | one_time | none
    start: dt.date
    term_end: dt.date | None
    auto_renew: bool
    status: str  # active | trial | cancelled
    unit_cost: Decimal  # per unit per billing period (per purchase for one-time)
    # Seats added this period on a separate line ("addQuantity"), removed ("removeQuantity").
    added: int = 0
    removed: int = 0
    prorate_seats: int = 0  # a prorated charge for seats not held at export time
    credit: bool = False  # a service credit line rides along (an adjustment, not seats)

    @property
    def billing_months(self) -> int:
        return {"monthly": 1, "annual": 12}.get(self.billing, 0)

    @property
    def monthly_cost(self) -> Decimal | None:
        months = self.billing_months
        return self.unit_cost / months if months else None

    @property
    def recurring(self) -> bool:
        return self.status == "active" and self.term not in ("trial", "one_time")


@dataclass(slots=True)
class PsaLine:
    """One PSA line: a ConnectWise agreement addition or an Autotask contract service."""

    pid: str  # a catalogue product or a PSA-only service id
    spelling: str
    catalogue_id: str
    agreement: str
    quantity: int  # as written
    less_included: int
    unit_price: Decimal  # per period
    period_months: int
    unit_cost: Decimal
    start: dt.date
    end: dt.date | None
    active: bool  # False: cancelled history, still listed

    @property
    def billed(self) -> int:
        return max(0, self.quantity - self.less_included) if self.active else 0

    @property
    def monthly_price(self) -> Decimal:
        return self.unit_price / self.period_months


@dataclass(slots=True)
class Holding:
    """One (client, product): its vendor subscriptions and PSA lines, and the planted truth."""

    pid: str
    planted: str | None  # a gap kind, or None
    subs: list[Subscription] = field(default_factory=list)
    psa: list[PsaLine] = field(default_factory=list)

    @property
    def vendor_seats(self) -> int:
        return sum(s.seats for s in self.subs if s.recurring)

    @property
    def psa_seats(self) -> int:
        return sum(line.billed for line in self.psa)


@dataclass(slots=True)
class Client:
    """One real company."""

    cid: str
    canonical: str
    role: str  # both | vendor_only | psa_only
    vendor_name: str | None = None
    psa_name: str | None = None
    twin_of: str | None = None  # the cid of the company it is a near-twin of
    currency: str = "USD"
    tenant: str = ""
    domain: str = ""
    holdings: list[Holding] = field(default_factory=list)
    extras: list[Subscription] = field(default_factory=list)  # trials and one-time purchases
    services: list[PsaLine] = field(default_factory=list)  # PSA-only work items
