"""Write the two export files of a synthetic MSP, and the gaps a perfect engine reports.

- **Vendor file** (generic vendor layout): every (client, product) has one or more lines
  summing to its seats: split subscriptions, add-quantity lines and credits with negative
  quantity; plus Azure usage lines the engine must skip. Cost per product is list x 0.80-0.92.
- **PSA file** (ConnectWise agreement additions): one or more active additions per pair
  (8 % with "Less Included"), price list x 1.10-1.45 (20 % of pairs discounted, never below
  cost), 1-3 service items per client that no vendor sells (unmapped, never a gap), and
  history lines the engine must skip: cancelled additions and "Do Not Bill" ones.
- Planted kinds: ``missing_in_psa`` has no PSA line (a third keep only a cancelled one);
  ``missing_in_vendor`` has no vendor line (a third are cancelled at the vendor: +n, -n).
- Commitments (issue 17): every vendor pair has a term (monthly 30 %, annual 60 %,
  three-year 10 %) with its start and end around 2026-11-01 and auto-renew (88 %), the same
  on all its lines; and some of the 0.5 % usage lines' budget goes to lines the engine must
  keep out of the comparison: trials of a product the client doesn't hold (2.5 % of vendor
  clients, cost 0.00), one-time charges (1.5 %) and prorations of a held product. They are
  drawn from their own random source, so the seats, prices and gaps are the same as before.

Each side gets exactly ``lines`` data lines: the lines every pair needs, then the rest of the
budget spread at random (extra vendor lines per pair; PSA splits and history).
"""

from __future__ import annotations

import csv
import datetime as dt
import math
import random
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.clients import SynthClient
from benchmarks.products import Product, ProductSet

VENDOR_HEADER = (
    "Customer Name", "Product Name", "SKU", "Quantity", "Unit Cost", "Charge Type",
    "Commitment Term", "Term Start Date", "Term End Date", "Auto Renew",
)  # fmt: skip
#: The day commitments are drawn around (the independent generator's billing month).
REFERENCE_DAY = dt.date(2026, 11, 1)
_TERMS = ((1, "Monthly"), (12, "Annual"), (36, "3 Years"))
PSA_HEADER = (
    "Company Name", "Agreement Name", "Product ID", "Description", "Quantity", "Less Included",
    "Price", "Bill", "Addition Status", "Effective", "Cancelled",
)  # fmt: skip
USAGE_LINE_SHARE = 0.005
SPLIT_SHARE_OF_PSA_EXTRAS = 0.5
_AGREEMENTS = {"Backup": "Backup & Continuity", "BCDR": "Backup & Continuity"}

Pair = tuple[int, int]  # (client index, product index)


@dataclass(slots=True)
class Truth:
    """What was written, per (client, product): seats on each side, cost and price in cents."""

    vq: Counter[Pair] = field(default_factory=Counter)
    pq: Counter[Pair] = field(default_factory=Counter)
    cost: dict[Pair, int] = field(default_factory=dict)
    price: dict[Pair, int] = field(default_factory=dict)
    vendor_pairs: set[Pair] = field(default_factory=set)
    billed_pairs: set[Pair] = field(default_factory=set)


@dataclass(slots=True)
class _Plan:
    vendor: list[tuple[int, int, int, int]] = field(default_factory=list)  # ci, pi, seats, lines
    psa: list[tuple[int, int, int]] = field(default_factory=list)  # ci, pi, billed seats
    cancelled_only: list[Pair] = field(default_factory=list)
    cost: dict[int, int] = field(default_factory=dict)  # per product


def money(cents: int) -> str:
    """Cents as a plain decimal amount: 2200 -> ``22.00``."""
    return f"{cents // 100}.{cents % 100:02d}" if cents >= 0 else f"-{money(-cents)}"


def _date(rng: random.Random, first_year: int, last_year: int) -> str:
    return f"{rng.randint(1, 12)}/{rng.randint(1, 28)}/{rng.randint(first_year, last_year)}"


def _agreement(product: Product) -> str:
    if product.id.startswith("ms-"):
        return "Microsoft 365 Licensing"
    return _AGREEMENTS.get(product.family, "Security Stack")


def _split(total: int, parts: int, rng: random.Random) -> list[int]:
    """``total`` (>= parts) as ``parts`` positive integers."""
    if parts <= 1:
        return [total]
    cuts = sorted(rng.sample(range(1, total), parts - 1))
    return [b - a for a, b in zip([0, *cuts], [*cuts, total], strict=True)]


def _vendor_quantities(seats: int, lines: int, rng: random.Random) -> list[int]:
    """``lines`` quantities summing to ``seats``: subscriptions, add-quantity lines, credits."""
    if lines == 1:
        return [seats]
    n_credits = sum(rng.random() < 0.25 for _ in range(lines - 1))
    if seats == 0:
        n_credits = max(1, n_credits)
    if n_credits == 0 and seats < lines:
        n_credits = 1
    positives = lines - n_credits
    credits = [-rng.randint(1, max(1, seats // 3)) for _ in range(n_credits)]
    short = positives - (seats - sum(credits))
    if short > 0:
        credits[0] -= short  # every positive line needs at least one seat
    out = _split(seats - sum(credits), positives, rng) + credits
    rng.shuffle(out)
    return out


def _plan_pairs(
    clients: list[SynthClient], ps: ProductSet, rng: random.Random, truth: Truth
) -> _Plan:
    """Seats, prices and the lines each pair needs at least."""
    plan = _Plan()
    plan.cost = {
        i: round(p.list_price * rng.uniform(0.80, 0.92)) for i, p in enumerate(ps.products)
    }
    standard = {i: round(p.list_price * rng.uniform(1.10, 1.45)) for i, p in enumerate(ps.products)}
    for ci, c in enumerate(clients):
        for pi, kind in zip(c.products, c.plans, strict=True):
            seats = min(500, max(1, round(rng.lognormvariate(math.log(8), 0.9))))
            billed = seats
            if kind == "quantity_mismatch":
                delta = rng.randint(1, max(1, seats // 3))
                up = rng.random() < 0.5 or seats - delta < 1
                billed = seats + delta if up else seats - delta
            if c.role != "psa_only":
                if kind != "missing_in_vendor":
                    plan.vendor.append((ci, pi, seats, 1))
                elif rng.random() < 1 / 3:
                    plan.vendor.append((ci, pi, 0, 2))  # cancelled at the vendor: +n, -n
            if c.role != "vendor_only":
                if kind != "missing_in_psa":
                    plan.psa.append((ci, pi, billed))
                elif rng.random() < 1 / 3:
                    plan.cancelled_only.append((ci, pi))
            cost = plan.cost[pi]
            if kind == "price_below_cost":
                price = max(1, round(cost * rng.uniform(0.6, 0.95)))
            elif kind == "included_at_zero":
                price = 0
            elif rng.random() < 0.2:
                price = max(round(cost * 1.02) + 1, round(standard[pi] * rng.uniform(0.85, 1.0)))
            else:
                price = standard[pi]
            truth.price[(ci, pi)] = price
    return plan


def write_exports(
    lines: int, clients: list[SynthClient], ps: ProductSet, rng: random.Random, folder: Path
) -> tuple[Truth, dict[str, int]]:
    """Write ``vendor.csv`` and ``psa.csv`` with exactly ``lines`` data lines each.

    Args:
        lines: data lines per side.
        clients: the clients, with their products and plans.
        ps: the product set.
        rng: the random source.
        folder: where to write.

    Returns:
        What was written per pair, and line and pair counts.

    Raises:
        SystemExit: ``lines`` is too small for this many clients and products.
    """
    truth = Truth()
    plan = _plan_pairs(clients, ps, rng, truth)
    usage = round(lines * USAGE_LINE_SHARE)
    vendor_extra = lines - usage - sum(p[3] for p in plan.vendor)
    services = {
        ci: 1 + (rng.random() < 0.5) + (rng.random() < 0.2) for ci, c in enumerate(clients) if c.psa
    }
    psa_min = len(plan.psa) + len(plan.cancelled_only)
    if psa_min + sum(services.values()) > lines:
        services = dict.fromkeys(services, 0)
    psa_extra = lines - psa_min - sum(services.values())
    if vendor_extra < 0 or psa_extra < 0 or not plan.vendor or not plan.psa:
        raise SystemExit(f"{lines:,} lines are too few for {len(clients):,} clients")
    extra_lines = Counter(rng.choices(range(len(plan.vendor)), k=vendor_extra))
    aside = _write_vendor(folder / "vendor.csv", plan, extra_lines, usage, clients, ps, rng, truth)
    splits = Counter(
        rng.choices(range(len(plan.psa)), k=round(psa_extra * SPLIT_SHARE_OF_PSA_EXTRAS))
    )
    history = psa_extra - splits.total()
    history = _write_psa(
        folder / "psa.csv", plan, splits, history, services, clients, ps, rng, truth
    )
    counts = {
        "vendor_lines": lines,
        "psa_lines": lines,
        "vendor_pairs": len(plan.vendor),
        "psa_pairs": len(plan.psa),
        "psa_history_lines": history,
        "vendor_usage_lines": usage - aside,
        "vendor_not_recurring_lines": aside,
    }
    return truth, counts


def _commitment(crng: random.Random) -> list[str]:
    """One subscription's charge type, term, start, end and auto-renew cells."""
    months, term = crng.choices(_TERMS, weights=(30, 60, 10))[0]
    start = REFERENCE_DAY - dt.timedelta(days=crng.randint(0, 30 * months - 1))
    year, month0 = divmod(start.year * 12 + start.month - 1 + months, 12)
    end = dt.date(year, month0 + 1, min(start.day, 28)) - dt.timedelta(days=1)
    renews = "true" if crng.random() < 0.88 else "false"
    return ["Recurring", term, start.isoformat(), end.isoformat(), renews]


def _not_recurring(
    budget: int,
    plan: _Plan,
    clients: list[SynthClient],
    ps: ProductSet,
    crng: random.Random,
) -> dict[int, list[list[str]]]:
    """Up to ``budget`` trials, one-time charges and prorations, per client index."""
    vendor_clients = sorted({ci for ci, *_ in plan.vendor})
    held = [(ci, pi) for ci, pi, seats, _ in plan.vendor if seats > 0]
    trials = max(1, round(len(vendor_clients) * 0.025))
    one_time = max(1, round(len(vendor_clients) * 0.015))
    kinds = ["Trial"] * trials + ["One-Time"] * one_time
    kinds += ["Proration"] * max(1, budget // 2 - len(kinds))
    rows: dict[int, list[list[str]]] = {}
    for kind in kinds[:budget]:
        if kind == "Trial":
            ci = crng.choice(vendor_clients)
            owned = set(clients[ci].products)
            pi = crng.choice([i for i in range(len(ps.products)) if i not in owned] or [0])
            qty, cost = crng.randint(5, 25), "0.00"
        else:
            ci, pi = crng.choice(held)
            qty = crng.randint(1, 3)
            cost = money(crng.choice((2500, 9900, 15000)) if kind == "One-Time" else 500)
        name, sku = crng.choice(ps.products[pi].vendor_names)
        row = [clients[ci].vendor or "", name, sku, str(qty), cost, kind, "", "", "", ""]
        rows.setdefault(ci, []).append(row)
    return rows


def _write_vendor(
    path: Path,
    plan: _Plan,
    extra_lines: Counter[int],
    usage: int,
    clients: list[SynthClient],
    ps: ProductSet,
    rng: random.Random,
    truth: Truth,
) -> int:
    """Write the vendor file; returns how many lines are trials, one-time or prorations."""
    # Commitments and not-recurring lines come from their own random source, so the seats,
    # prices and gaps drawn from ``rng`` are exactly those of the files before them.
    crng = random.Random(f"commitments:{len(plan.vendor)}:{len(clients)}")
    rows: dict[int, list[list[str]]] = {}
    for index, (ci, pi, seats, base) in enumerate(plan.vendor):
        product, cost = ps.products[pi], money(plan.cost[pi])
        terms = _commitment(crng)
        for qty in _vendor_quantities(seats, base + extra_lines[index], rng):
            name, sku = rng.choice(product.vendor_names)
            rows.setdefault(ci, []).append(
                [clients[ci].vendor or "", name, sku, str(qty), cost, *terms]
            )
        truth.vq[(ci, pi)] += seats
        truth.cost[(ci, pi)] = plan.cost[pi]
        truth.vendor_pairs.add((ci, pi))
    order = sorted(rows)
    # Part of the usage lines' budget goes to lines the engine must keep out of the
    # comparison (at least a fifth stay usage lines).
    aside = _not_recurring(usage - max(1, usage // 5), plan, clients, ps, crng)
    spare = sum(len(r) for r in aside.values())
    replaced: list[list[str]] = []
    for number in range(usage):
        ci = rng.choice(order)
        amount = money(rng.randint(500, 90_000))
        row = [clients[ci].vendor or "", *ps.usage, "1", amount, "", "", "", "", ""]
        rows[ci].append(row)
        if number < spare:
            replaced.append(row)  # dropped after the shuffle, which must see the same rows
    with path.open("w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(VENDOR_HEADER)
        gone = {id(row) for row in replaced}
        for ci in sorted(set(order) | set(aside)):
            if ci in rows:
                rng.shuffle(rows[ci])
            kept = [row for row in rows.get(ci, []) if id(row) not in gone]
            for row in aside.get(ci, []):
                kept.insert(crng.randint(0, len(kept)), row)
            out.writerows(kept)
    return spare


def _write_psa(
    path: Path,
    plan: _Plan,
    splits: Counter[int],
    history: int,
    services: dict[int, int],
    clients: list[SynthClient],
    ps: ProductSet,
    rng: random.Random,
    truth: Truth,
) -> int:
    """Live additions, splits, cancelled-only pairs, service items, history. Returns history."""
    rows: dict[int, list[list[str]]] = {}
    for index, (ci, pi, billed) in enumerate(plan.psa):
        product, client = ps.products[pi], clients[ci].psa or ""
        parts = min(billed, 1 + splits[index])
        history += 1 + splits[index] - parts  # too few seats to split: keep the line count
        name, code = product.psa_names[0] if rng.random() < 0.7 else rng.choice(product.psa_names)
        price = money(truth.price[(ci, pi)])
        for part in _split(billed, parts, rng):
            less = rng.randint(1, 3) if rng.random() < 0.08 else 0
            rows.setdefault(ci, []).append(
                [client, _agreement(product), code, name, str(part + less), str(less), price,
                 "Billable", "Active", _date(rng, 2019, 2025), ""]
            )  # fmt: skip
        truth.pq[(ci, pi)] += billed
        truth.billed_pairs.add((ci, pi))
    for ci, pi in plan.cancelled_only:
        rows.setdefault(ci, []).append(_history_row(clients[ci], ps.products[pi], rng, True))
    for ci, count in services.items():
        for name, code in rng.sample(ps.services, count):
            price = money(rng.choice((2500, 4500, 9900, 12500, 15000)))
            rows.setdefault(ci, []).append(
                [clients[ci].psa or "", "Managed Services Agreement", code, name,
                 str(rng.randint(1, 60)), "0", price, "Billable", "Active",
                 _date(rng, 2019, 2025), ""]
            )  # fmt: skip
    in_psa = [ci for ci, c in enumerate(clients) if c.psa]
    for _ in range(history):
        ci = rng.choice(in_psa)
        owned = clients[ci].products
        pi = rng.choice(owned) if owned and rng.random() < 0.8 else rng.randrange(len(ps.products))
        rows.setdefault(ci, []).append(
            _history_row(clients[ci], ps.products[pi], rng, rng.random() < 0.8)
        )
    with path.open("w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(PSA_HEADER)
        for ci in sorted(rows):
            out.writerows(rows[ci])
    return history + len(plan.cancelled_only)


def _history_row(
    client: SynthClient, product: Product, rng: random.Random, cancelled: bool
) -> list[str]:
    """An addition the engine must skip: cancelled in the past, or flagged Do Not Bill."""
    name, code = rng.choice(product.psa_names)
    price = money(product.list_price)
    qty = str(rng.randint(1, 30))
    if cancelled:
        start = _date(rng, 2018, 2021)
        return [client.psa or "", _agreement(product), code, name, qty, "0", price, "Billable",
                "Cancelled", start, _date(rng, 2022, 2025)]  # fmt: skip
    return [client.psa or "", _agreement(product), code, name, qty, "0", price, "Do Not Bill",
            "Active", _date(rng, 2019, 2025), ""]  # fmt: skip


def expected_gaps(
    clients: list[SynthClient], ps: ProductSet, truth: Truth
) -> list[dict[str, object]]:
    """Every gap a perfect engine reports, by the engine's documented semantics.

    Only products some vendor line carries are compared (the rest are unmapped PSA
    products). Seats differ: missing in the PSA (none billed), missing at the vendor (none
    bought, or bought and credited back) or a quantity mismatch. Both sides have seats and
    the price is above $0 but below cost: price below cost.
    """
    carried = {pi for _, pi in truth.vendor_pairs}
    plans = {
        (ci, pi): kind
        for ci, c in enumerate(clients)
        for pi, kind in zip(c.products, c.plans, strict=True)
    }
    gaps: list[dict[str, object]] = []
    for ci, pi in sorted(truth.vendor_pairs | truth.billed_pairs):
        if pi not in carried:
            continue
        c = clients[ci]
        vq, pq = truth.vq[(ci, pi)], truth.pq[(ci, pi)]
        side, client = c.truth
        cause = plans.get((ci, pi), "ok") if c.role == "matched" else f"{c.role}_client"
        base = {"client": client, "side": side, "product_id": ps.products[pi].id, "cause": cause}
        if vq != pq:
            kind = "quantity_mismatch"
            if vq > 0 and pq <= 0:
                kind = "missing_in_psa"
            elif pq > 0 and vq <= 0:
                kind = "missing_in_vendor"
            gaps.append({**base, "kind": kind, "vendor_qty": vq, "psa_qty": pq})
        price, cost = truth.price.get((ci, pi)), truth.cost.get((ci, pi))
        if vq > 0 and pq > 0 and price and cost and 0 < price < cost:
            gaps.append({**base, "kind": "price_below_cost", "vendor_qty": vq, "psa_qty": pq,
                         "cost": money(cost), "price": money(price)})  # fmt: skip
    return gaps
