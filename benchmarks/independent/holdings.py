"""What each client holds at the vendor and is billed in the PSA, with the planted gaps.

Populations (constants below): products per client lognormal around the size's density,
drawn with Zipf weights over the catalogue's popularity order; seats per client from a
lognormal company size (heavy tail, median 10, capped at 3,000); vendor cost = list x
0.80-0.92 per product (x1.2 on a Microsoft monthly commitment); PSA price = list x 1.10-1.45
(20 % discounted to 1.00-1.12), never under 1.03 x the dearest vendor cost except where a
price-below-cost gap is planted. Per (client, product) of a client in both files: 5 %
quantity mismatch, 3 % missing in the PSA, 2 % missing at the vendor, 1.5 % price below cost.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from benchmarks.independent.catalogue import ONE_TIME, Product
from benchmarks.independent.model import (
    MISSING_IN_PSA,
    MISSING_IN_VENDOR,
    PRICE_BELOW_COST,
    QUANTITY_MISMATCH,
    Client,
    Holding,
    PsaLine,
    Subscription,
)
from benchmarks.independent.spellings import HAND_TYPED_SHARE, SECOND_ITEM_CLIENTS, Spellings

PLANT_RATES = (
    (QUANTITY_MISMATCH, 0.05),
    (MISSING_IN_PSA, 0.03),
    (MISSING_IN_VENDOR, 0.02),
    (PRICE_BELOW_COST, 0.015),
)
ZIPF_EXPONENT = 1.0
SUBS_PER_HOLDING = (1, 2, 3)
SUBS_WEIGHTS = (0.80, 0.15, 0.05)
TERM_WEIGHTS = {"monthly": 0.30, "annual": 0.60, "three_year": 0.10}
ANNUAL_BILLED_YEARLY = 0.20  # annual / three-year commitments paid up front for a year
ADD_QUANTITY = 0.20  # subscriptions with seats added this period (a separate line)
REMOVE_QUANTITY = 0.06  # ... with seats removed within the cancellation window
PRORATION = 0.06  # ... with a prorated charge for seats no longer held
SERVICE_CREDIT = 0.04  # ... with a service credit riding along
AUTO_RENEW = 0.88
TRIAL_CLIENTS = 0.025
ONE_TIME_CLIENTS = 0.015
SPLIT_BY_TERM_IN_PSA = 0.35  # two terms at the vendor billed as two PSA products
SPLIT_PSA_LINE = 0.10  # one product on two PSA lines (two sites, two agreements)
LESS_INCLUDED = 0.08  # ConnectWise only: seats included in the agreement
CANCELLED_HISTORY = 0.05  # a cancelled PSA line still listed beside the live one
KEEP_CANCELLED_WHEN_MISSING = 0.30
YEARLY_PSA_PERIOD = 0.08  # Autotask only: services billed yearly
DISCOUNTED = 0.20
RATES_TO_USD = {"USD": "1", "EUR": "0.92", "GBP": "0.79", "CAD": "1.37", "AUD": "1.52"}
AGREEMENTS = {
    "Microsoft": "Microsoft 365 Licensing",
    "security": "Security Services",
    "other": "Managed Services Agreement",
}
_SECURITY = {
    "Huntress",
    "SentinelOne",
    "Proofpoint",
    "Mimecast",
    "IRONSCALES",
    "Check Point",
    "Barracuda",
    "OpenText",
    "Sophos",
    "Bitdefender",
    "Cisco",
    "DNSFilter",
}
CENT = Decimal("0.01")


@dataclass(frozen=True, slots=True)
class Setting:
    """What the files need to know while holdings are built."""

    as_of: dt.date
    products: Sequence[Product]
    products_per_client: float
    psa: str  # connectwise | autotask
    microsoft_only: bool


def _money(value: float | Decimal) -> Decimal:
    return Decimal(str(value)).quantize(CENT)


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _add_months(day: dt.date, months: int) -> dt.date:
    y, m = divmod(day.month - 1 + months, 12)
    return dt.date(day.year + y, m + 1, min(day.day, 28))


class HoldingBuilder:
    """Builds holdings client by client; keeps the per-dataset price lists."""

    def __init__(self, setting: Setting, spelled: Spellings, rng: random.Random) -> None:
        self.s = setting
        self.sp = spelled
        self.rng = rng
        self.weights = [1 / (i + 1) ** ZIPF_EXPONENT for i in range(len(setting.products))]
        self.discount = {p.pid: rng.uniform(0.80, 0.92) for p in (*setting.products, *ONE_TIME)}
        self.mu = math.log(max(setting.products_per_client, 1.0)) - 0.32  # lognormal, sigma 0.8

    def fill(self, client: Client) -> None:
        """Give ``client`` its holdings, trials and one-time purchases."""
        rng = self.rng
        size = min(3000, max(1, round(rng.lognormvariate(math.log(10), 1.1))))
        k = min(len(self.s.products), 25, max(1, round(rng.lognormvariate(self.mu, 0.8))))
        chosen: dict[str, Product] = {}
        for _ in range(k * 6):
            if len(chosen) >= k:
                break
            product = rng.choices(self.s.products, self.weights)[0]
            chosen.setdefault(product.pid, product)
        second_item = rng.random() < SECOND_ITEM_CLIENTS
        rate = Decimal(RATES_TO_USD[client.currency])
        for product in chosen.values():
            client.holdings.append(self._holding(client, product, size, second_item, rate))
        if client.role != "psa_only":
            self._extras(client, set(chosen), size, rate)

    def _plant(self, role: str) -> str | None:
        if role == "vendor_only":
            return MISSING_IN_PSA
        if role == "psa_only":
            return MISSING_IN_VENDOR
        roll = self.rng.random()
        for kind, share in PLANT_RATES:
            if roll < share:
                return kind
            roll -= share
        return None

    def _seats(self, product: Product, size: int) -> int:
        rng = self.rng
        if product.unit == "device":
            return max(1, round(size * rng.uniform(0.6, 1.4)))
        if product.unit == "workload":
            return max(1, round(size * rng.uniform(0.05, 0.3)))
        return max(1, round(size * rng.uniform(0.3, 1.0)))

    def _monthly_cost(self, product: Product, term: str, rate: Decimal) -> Decimal:
        factor = self.discount[product.pid]
        if term == "monthly" and product.microsoft:
            factor *= 1.2
        elif term != "monthly" and not product.microsoft:
            factor *= 0.95
        return _money(product.price * Decimal(str(factor)) * rate)

    def _holding(
        self, client: Client, product: Product, size: int, second_item: bool, rate: Decimal
    ) -> Holding:
        rng = self.rng
        planted = self._plant(client.role)
        holding = Holding(product.pid, planted)
        seats = self._seats(product, size)
        subs = self._subscriptions(product, seats, rate)
        if planted == MISSING_IN_VENDOR:
            cancelled = rng.random() < KEEP_CANCELLED_WHEN_MISSING
            subs = [self._cancel(subs[0])] if cancelled else []
        holding.subs = subs
        costs = [s.monthly_cost for s in subs if s.monthly_cost is not None]
        dearest = max(costs) if costs else self._monthly_cost(product, "monthly", rate)
        cheapest = min(costs) if costs else dearest
        if planted == PRICE_BELOW_COST:
            price = _money(cheapest * Decimal(str(rng.uniform(0.55, 0.92))))
        else:
            lift = rng.uniform(1.0, 1.12) if rng.random() < DISCOUNTED else rng.uniform(1.10, 1.45)
            price = max(
                _money(product.price * rate * Decimal(str(lift))),
                _money(dearest * Decimal("1.03")) + CENT,
            )
        psa_seats = seats
        if planted == QUANTITY_MISMATCH:
            delta = rng.choice((1, 1, 1, 2, 2, 3, 4, 5, max(1, seats // 4)))
            under = rng.random() < 0.7 and seats > delta
            psa_seats = seats - delta if under else seats + delta
        if planted == MISSING_IN_PSA:
            if client.role == "both" and rng.random() < KEEP_CANCELLED_WHEN_MISSING:
                line = self._psa_line(client, product, seats, price, dearest, second_item)
                line.active = False
                line.end = self.s.as_of - dt.timedelta(days=rng.randrange(5, 200))
                holding.psa = [line]
            return holding
        holding.psa = self._psa_lines(client, product, psa_seats, price, dearest, subs, second_item)
        return holding

    def _subscriptions(self, product: Product, seats: int, rate: Decimal) -> list[Subscription]:
        rng = self.rng
        n = min(seats, rng.choices(SUBS_PER_HOLDING, SUBS_WEIGHTS)[0])
        cuts = sorted(rng.sample(range(1, seats), n - 1)) if n > 1 else []
        sizes = [b - a for a, b in zip([0, *cuts], [*cuts, seats], strict=True)]
        terms = [t for t in product.terms if t in TERM_WEIGHTS]
        subs = []
        for part in sizes:
            term = rng.choices(terms, [TERM_WEIGHTS[t] for t in terms])[0]
            subs.append(self._subscription(product, part, term, rate))
        return subs

    def _subscription(self, product: Product, seats: int, term: str, rate: Decimal) -> Subscription:
        rng, as_of = self.rng, self.s.as_of
        if term == "monthly":
            billing = "monthly"
            start = as_of - dt.timedelta(days=rng.randrange(0, 720))
            months = (as_of.year - start.year) * 12 + as_of.month - start.month + 1
            end = _add_months(start, months) - dt.timedelta(days=1)
            while end < as_of:
                months += 1
                end = _add_months(start, months) - dt.timedelta(days=1)
        else:
            years = 3 if term == "three_year" else 1
            billing = "annual" if rng.random() < ANNUAL_BILLED_YEARLY else "monthly"
            start = as_of - dt.timedelta(days=rng.randrange(0, 365 * years))
            end = _add_years(start, years) - dt.timedelta(days=1)
        monthly = self._monthly_cost(product, term, rate)
        sub = Subscription(
            sub_id=f"{rng.getrandbits(64):016x}",
            pid=product.pid,
            seats=seats,
            term=term,
            billing=billing,
            start=start,
            term_end=end,
            auto_renew=rng.random() < AUTO_RENEW,
            status="active",
            unit_cost=monthly * (12 if billing == "annual" else 1),
        )
        if seats >= 2 and rng.random() < ADD_QUANTITY:
            sub.added = rng.randint(1, max(1, seats // 3))
        elif rng.random() < REMOVE_QUANTITY:
            sub.removed = rng.randint(1, 3)
        if rng.random() < PRORATION:
            sub.prorate_seats = rng.randint(1, 5)
        sub.credit = rng.random() < SERVICE_CREDIT
        return sub

    def _cancel(self, sub: Subscription) -> Subscription:
        sub.status = "cancelled"
        sub.term_end = self.s.as_of - dt.timedelta(days=self.rng.randrange(3, 90))
        sub.added = sub.removed = 0
        return sub

    def _extras(self, client: Client, held: set[str], size: int, rate: Decimal) -> None:
        rng = self.rng
        if rng.random() < TRIAL_CLIENTS:
            pool = [p for p in self.s.products if p.pid not in held and p.microsoft]
            if pool:
                product = rng.choice(pool[:20])
                sub = self._subscription(product, min(25, max(1, size)), "monthly", rate)
                sub.term, sub.billing, sub.status, sub.unit_cost = (
                    "trial",
                    "none",
                    "trial",
                    Decimal("0.00"),
                )
                sub.term_end = sub.start + dt.timedelta(days=29)
                sub.start = self.s.as_of - dt.timedelta(days=rng.randrange(0, 25))
                sub.term_end = sub.start + dt.timedelta(days=29)
                sub.added = sub.removed = sub.prorate_seats = 0
                sub.credit = False
                client.extras.append(sub)
        if rng.random() < ONE_TIME_CLIENTS:
            pool = [p for p in ONE_TIME if p.microsoft or not self.s.microsoft_only]
            product = rng.choice(pool)
            sub = self._subscription(product, rng.randint(1, 10), "monthly", rate)
            sub.term, sub.billing, sub.auto_renew, sub.term_end = (
                "one_time",
                "one_time",
                False,
                None,
            )
            sub.unit_cost = _money(product.price * Decimal(str(self.discount[product.pid])) * rate)
            sub.start = self.s.as_of - dt.timedelta(days=rng.randrange(0, 28))
            sub.added = sub.removed = sub.prorate_seats = 0
            sub.credit = False
            client.extras.append(sub)

    def _spelling(self, pid: str, second_item: bool) -> str:
        if self.rng.random() < HAND_TYPED_SHARE:
            return self.sp.hand_typed(pid, self.rng)
        if second_item and pid in self.sp.second:
            return self.sp.second[pid]
        return self.sp.primary[pid]

    def _agreement(self, product: Product) -> str:
        if product.microsoft:
            return AGREEMENTS["Microsoft"]
        return AGREEMENTS["security" if product.vendor in _SECURITY else "other"]

    def _psa_line(
        self,
        client: Client,
        product: Product,
        qty: int,
        price: Decimal,
        cost: Decimal,
        second_item: bool,
    ) -> PsaLine:
        rng = self.rng
        yearly = self.s.psa == "autotask" and rng.random() < YEARLY_PSA_PERIOD
        return PsaLine(
            pid=product.pid,
            spelling=self._spelling(product.pid, second_item),
            catalogue_id=self.sp.catalogue_id[product.pid],
            agreement=self._agreement(product),
            quantity=qty,
            less_included=0,
            unit_price=price * (12 if yearly else 1),
            period_months=12 if yearly else 1,
            unit_cost=_money(cost * Decimal(str(rng.uniform(0.95, 1.05)))),
            start=self.s.as_of - dt.timedelta(days=rng.randrange(30, 1500)),
            end=None,
            active=True,
        )

    def _psa_lines(
        self,
        client: Client,
        product: Product,
        seats: int,
        price: Decimal,
        cost: Decimal,
        subs: list[Subscription],
        second_item: bool,
    ) -> list[PsaLine]:
        rng = self.rng
        terms = sorted({s.term for s in subs if s.recurring})
        lines: list[PsaLine] = []
        if len(terms) > 1 and rng.random() < SPLIT_BY_TERM_IN_PSA:
            label = {"monthly": " - Monthly", "annual": " - Annual", "three_year": " - 3 Year"}
            left = seats
            for i, term in enumerate(terms):
                part = sum(s.seats for s in subs if s.recurring and s.term == term)
                part = left if i == len(terms) - 1 else min(part, left - (len(terms) - 1 - i))
                if part <= 0:
                    continue
                left -= part
                line = self._psa_line(client, product, part, price, cost, second_item)
                line.spelling = self.sp.primary[product.pid] + label[term]
                lines.append(line)
        elif seats >= 2 and rng.random() < SPLIT_PSA_LINE:
            first = rng.randint(1, seats - 1)
            lines = [
                self._psa_line(client, product, q, price, cost, second_item)
                for q in (first, seats - first)
            ]
        else:
            lines = [self._psa_line(client, product, seats, price, cost, second_item)]
        if self.s.psa == "connectwise" and rng.random() < LESS_INCLUDED:
            included = rng.randint(1, 3)
            lines[0].quantity += included
            lines[0].less_included = included
        if rng.random() < CANCELLED_HISTORY:
            old = self._psa_line(
                client, product, rng.randint(1, max(1, seats)), price, cost, second_item
            )
            old.active = False
            old.end = self.s.as_of - dt.timedelta(days=rng.randrange(5, 400))
            lines.append(old)
        return lines
