"""The known answer for one generated pair: ``truth.json`` (and ``commitments.csv``).

Everything is keyed by this package's own ids: a client id (``C000123``) for every company
and a product id (``m365-bus-premium``) for every product; the raw spellings of both files map
to them, so a scorer never needs the engine's keys.

Expected gaps are computed from the same numbers the files are written from, with the rules
below (the tests recompute them from the files with plain arithmetic):

- vendor seats of (client, product) = the seats of its active, recurring subscriptions (trials,
  one-time purchases, cancelled subscriptions and prorations excluded);
- PSA seats = Quantity - Less Included over active, billable lines;
- vendor > 0 and PSA = 0: ``missing_in_psa``; PSA > 0 and vendor = 0: ``missing_in_vendor``;
  both > 0 and different: ``quantity_mismatch``; equal, and the dearest monthly PSA price
  below the cheapest monthly vendor cost: ``price_below_cost``;
- ``seat_delta`` = vendor - PSA (positive: seats bought and not billed).

``holdings`` gives, per client id and product id, ``[vendor seats, PSA seats]`` for every
(client, product) either side carries, gap or not.
"""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path
from typing import Any

from benchmarks.independent.catalogue import SERVICES, by_pid
from benchmarks.independent.model import (
    MISSING_IN_PSA,
    MISSING_IN_VENDOR,
    PRICE_BELOW_COST,
    QUANTITY_MISMATCH,
    Client,
    Holding,
)
from benchmarks.independent.spellings import Spellings


class TruthError(Exception):
    """The generator built an ambiguous truth (a spelling that names two things)."""


def expected_gap(client: Client, holding: Holding) -> dict[str, Any] | None:
    """The gap a correct engine reports for one (client, product), or None."""
    vendor, psa = holding.vendor_seats, holding.psa_seats
    kind = None
    if vendor > 0 and psa == 0:
        kind = MISSING_IN_PSA
    elif psa > 0 and vendor == 0:
        kind = MISSING_IN_VENDOR
    elif vendor != psa:
        kind = QUANTITY_MISMATCH
    costs = [s.monthly_cost for s in holding.subs if s.recurring and s.monthly_cost is not None]
    prices = [line.monthly_price for line in holding.psa if line.billed > 0]
    cost = min(costs) if costs else None
    price = max(prices) if prices else None
    if kind is None and cost is not None and price is not None and price < cost:
        kind = PRICE_BELOW_COST
    if kind is None:
        return None
    return {
        "client": client.cid,
        "product": holding.pid,
        "kind": kind,
        "seat_delta": vendor - psa,
        "vendor_qty": vendor,
        "psa_qty": psa,
        "vendor_monthly_cost": None if cost is None else str(cost.quantize(Decimal("0.0001"))),
        "psa_monthly_price": None if price is None else str(price.quantize(Decimal("0.0001"))),
    }


def _claim(table: dict[str, str], spelling: str, owner: str, what: str) -> None:
    if table.setdefault(spelling, owner) != owner:
        raise TruthError(f"{what} spelling {spelling!r} names both {table[spelling]} and {owner}")


def _in_vendor_file(client: Client, vendor_format: str) -> bool:
    if client.vendor_name is None:
        return False
    extras = [
        s for s in client.extras if not (vendor_format == "pax8subs" and s.term == "one_time")
    ]
    return bool(extras) or any(h.subs for h in client.holdings)


def _in_psa_file(client: Client) -> bool:
    return client.psa_name is not None and (
        bool(client.services) or any(h.psa for h in client.holdings)
    )


def build(
    clients: list[Client], sp: Spellings, spec: dict[str, Any], counts: dict[str, Any]
) -> dict[str, Any]:
    """The truth document (see the module docstring)."""
    products = by_pid()
    holdings: dict[str, dict[str, list[int]]] = {}
    vendor_clients: dict[str, str] = {}
    psa_clients: dict[str, str] = {}
    vendor_products: dict[str, str] = {}
    psa_products: dict[str, str] = {}
    gaps: list[dict[str, Any]] = []
    trials: list[dict[str, Any]] = []
    one_time: list[dict[str, Any]] = []
    prorations: list[dict[str, Any]] = []
    for client in clients:
        if client.vendor_name is not None:
            _claim(vendor_clients, client.vendor_name.strip(), client.cid, "vendor client")
        if client.psa_name is not None:
            _claim(psa_clients, client.psa_name.strip(), client.cid, "PSA client")
        for holding in client.holdings:
            for sub in holding.subs:
                _claim(vendor_products, sp.vendor[sub.pid], sub.pid, "vendor product")
                for kind, seats in (
                    ("added", sub.added),
                    ("removed", -sub.removed),
                    ("short_lived", sub.prorate_seats),
                ):
                    if seats:
                        prorations.append(
                            {"client": client.cid, "product": sub.pid, "kind": kind, "seats": seats}
                        )
                if sub.status == "cancelled":
                    prorations.append(
                        {
                            "client": client.cid,
                            "product": sub.pid,
                            "kind": "cancelled",
                            "seats": -sub.seats,
                        }
                    )
            for line in holding.psa:
                _claim(psa_products, line.spelling.strip(), line.pid, "PSA product")
            holdings.setdefault(client.cid, {})[holding.pid] = [
                holding.vendor_seats,
                holding.psa_seats,
            ]
            gap = expected_gap(client, holding)
            if gap is not None:
                gaps.append(gap)
        for sub in client.extras:
            _claim(vendor_products, sp.vendor[sub.pid], sub.pid, "vendor product")
            entry = {
                "client": client.cid,
                "product": sub.pid,
                "seats": sub.seats,
                "unit_cost": str(sub.unit_cost),
            }
            (trials if sub.term == "trial" else one_time).append(entry)
        for line in client.services:
            _claim(psa_products, line.spelling.strip(), line.pid, "PSA product")
    catalogue = {
        pid: {"name": p.name, "vendor": p.vendor, "sold_by_vendor": True, "one_time": p.one_time}
        for pid, p in products.items()
    }
    catalogue |= {
        pid: {"name": name, "vendor": None, "sold_by_vendor": False, "one_time": False}
        for pid, name, _ in SERVICES
    }
    by_kind: dict[str, int] = {}
    for gap in gaps:
        by_kind[gap["kind"]] = by_kind.get(gap["kind"], 0) + 1
    return {
        "generator": "benchmarks.independent",
        "spec": spec,
        "files": {"vendor": "vendor.csv", "psa": "psa.csv", "commitments": "commitments.csv"},
        "counts": counts
        | {
            "expected_gaps": len(gaps),
            "gaps_by_kind": dict(sorted(by_kind.items())),
            "trials": len(trials),
            "one_time": len(one_time),
            "prorations": len(prorations),
        },
        "clients": [
            {
                "id": c.cid,
                "canonical": c.canonical,
                "role": c.role,
                "vendor": c.vendor_name,
                "psa": c.psa_name,
                "twin_of": c.twin_of,
                "currency": c.currency,
                "in_vendor_file": _in_vendor_file(c, spec["vendor_format"]),
                "in_psa_file": _in_psa_file(c),
            }
            for c in clients
        ],
        "products": {"vendor": vendor_products, "psa": psa_products, "catalogue": catalogue},
        "gaps": gaps,
        "holdings": holdings,
        "trials": trials,
        "one_time": one_time,
        "prorations": prorations,
    }


COMMITMENT_HEADER = [
    "client",
    "product",
    "subscription",
    "seats",
    "term",
    "billing",
    "start",
    "term_end",
    "auto_renew",
    "status",
    "unit_cost",
]


def write_commitments(path: Path, clients: list[Client]) -> None:
    """Every vendor subscription's commitment (term, billing, dates, auto-renew, status)."""
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(COMMITMENT_HEADER)
        for client in clients:
            subs = [s for h in client.holdings for s in h.subs] + client.extras
            for s in subs:
                w.writerow(
                    [
                        client.cid,
                        s.pid,
                        s.sub_id,
                        s.seats,
                        s.term,
                        s.billing,
                        s.start.isoformat(),
                        s.term_end.isoformat() if s.term_end else "",
                        "true" if s.auto_renew else "false",
                        s.status,
                        str(s.unit_cost),
                    ]
                )
