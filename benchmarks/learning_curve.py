"""Does the review queue shrink as people answer it? A synthetic MSP over 12 monthly runs.

The MSP starts with 300 clients and signs 15 a month. Its distributor has naming habits the
built-in normaliser does not know: it appends "Tenant" to some customer names, writes
"Realty" where the PSA says "Properties", and keeps separate branch accounts ("Acme - East")
that are *different* clients with no PSA record. Each month the real engine reconciles the
two exports with everything people decided so far, and a simulated person answers every
review item truthfully: confirm the true client, reject the others offered.

Printed per run: vendor clients, review items, matches by method, wrong merges (must be 0)
and rejected pairs matched (must be 0).

    python -m benchmarks.learning_curve            # the README's table
    python -m benchmarks.learning_curve --runs 12 --seed 7
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from recon import MatchSettings, ReconcileRequest, Store, run_reconciliation
from recon.normalize import client_key

SURNAMES = (
    "Abbott Baker Carver Dalton Ellis Fischer Garner Holt Ingram Jensen Keller Lowell Mercer "
    "Nolan Osborne Porter Quinn Rhodes Sawyer Tanner Upton Vance Walsh Yates Zeller Archer "
    "Benton Crane Doyle Emery Farley Gibbs Hale Irwin Joyce Kirby Landry Marsh Nash Owens "
    "Pruitt Reeves Shaw Thorne Vaughn Wiley Ames Brock Colby Drake Finch Grady Hayes"
).split()
TRADES = (
    "Dental Legal Plumbing Roofing Logistics Bakery Pharmacy Veterinary Architects Insurance "
    "Accounting Construction Landscaping Printing Catering Optometry Chiropractic Staffing"
).split()
ORGS = ("Group", "Partners", "Co", "Associates", "Holdings", "Clinic", "Studio", "")
PRODUCTS = (
    ("Microsoft 365 Business Premium", "22.00", "26.40"),
    ("Microsoft 365 Business Standard", "12.50", "15.00"),
    ("Exchange Online (Plan 1)", "4.00", "4.80"),
    ("Microsoft Defender for Business", "3.00", "3.60"),
)


@dataclass
class Client:
    psa_name: str
    vendor_name: str
    products: dict[str, int]


def _psa_name(rng: random.Random, taken: set[str]) -> str:
    while True:
        org = rng.choice(ORGS)
        trade = rng.choice(TRADES)
        if rng.random() < 0.2:
            trade = "Properties"
        name = " ".join(p for p in (rng.choice(SURNAMES), rng.choice(SURNAMES), trade, org) if p)
        if client_key(name) not in taken:
            taken.add(client_key(name))
            return name


def _vendor_name(psa: str, rng: random.Random) -> str:
    """The distributor's habits: 'Tenant' suffixes and 'Realty' for 'Properties'."""
    name = psa.replace("Properties", "Realty") if rng.random() < 0.9 else psa
    if rng.random() < 0.35:
        name += " Tenant"
    return name.upper() if rng.random() < 0.3 else name


def _new_client(rng: random.Random, taken: set[str]) -> Client:
    psa = _psa_name(rng, taken)
    chosen = rng.sample(PRODUCTS, rng.randint(1, 3))
    return Client(psa, _vendor_name(psa, rng), {p[0]: rng.randint(3, 40) for p in chosen})


def _csv(rows: list[list[str]]) -> bytes:
    return ("\n".join(",".join(f'"{c}"' for c in row) for row in rows) + "\n").encode()


def exports(clients: list[Client], branches: list[str], rng: random.Random) -> tuple[bytes, bytes]:
    """This month's vendor and PSA exports (seats drift a little, prices fixed)."""
    price = {p[0]: (p[1], p[2]) for p in PRODUCTS}
    vendor = [["Customer Name", "Product Name", "Quantity", "Unit Cost"]]
    psa = [["Company", "Product", "Quantity", "Unit Price"]]
    for client in clients:
        for product, seats in client.products.items():
            billed = seats if rng.random() < 0.9 else max(1, seats - rng.randint(1, 3))
            vendor.append([client.vendor_name, product, str(seats), price[product][0]])
            psa.append([client.psa_name, product, str(billed), price[product][1]])
    for branch in branches:
        vendor.append([branch, PRODUCTS[0][0], "5", PRODUCTS[0][1]])
    return _csv(vendor), _csv(psa)


@dataclass
class _Clock:
    now: datetime

    def __call__(self) -> datetime:
        return self.now


@dataclass(frozen=True)
class Run:
    month: int
    vendor_clients: int
    review: int
    methods: Counter[str]
    wrong: int
    rejected_matched: int


def replay(runs: int, start: int, growth: int, seed: int, *, learn: bool) -> list[Run]:
    """Replay the MSP's months with a person answering every review item."""
    rng = random.Random(seed)
    taken: set[str] = set()
    clients = [_new_client(rng, taken) for _ in range(start)]
    truth = {client_key(c.vendor_name): client_key(c.psa_name) for c in clients}
    clock = _Clock(datetime(2026, 1, 5, 8, tzinfo=UTC))
    rejected: set[tuple[str, str]] = set()
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        store = Store.open(Path(folder) / "curve.db", clock=clock)
        for month in range(1, runs + 1):
            if month > 1:
                fresh = [_new_client(rng, taken) for _ in range(growth)]
                clients += fresh
                truth.update({client_key(c.vendor_name): client_key(c.psa_name) for c in fresh})
            # Branch accounts: a different client each month, never in the PSA.
            branches = [f"{rng.choice(clients).psa_name} - {d}" for d in ("East", "West", "North")]
            vendor_csv, psa_csv = exports(clients, branches, rng)
            outcome = run_reconciliation(
                ReconcileRequest(
                    vendor=vendor_csv, psa=psa_csv, vendor_name="v.csv", psa_name="p.csv"
                ),
                store=store,
                settings=MatchSettings(learn=learn),
                clock=clock,
            )
            result = outcome.result
            methods = Counter(m.method.value for m in result.matches)
            wrong = sum(truth.get(m.vendor_key) != m.psa_key for m in result.matches)
            bad = sum((m.vendor_key, m.psa_key) in rejected for m in result.matches)
            rows.append(
                Run(month, result.summary.vendor_clients, len(result.review), methods, wrong, bad)
            )
            for item in result.review:  # the person answers every review item, truthfully
                true_key = truth.get(item.vendor_key)
                for candidate in item.candidates:
                    if client_key(candidate.psa_client) == true_key:
                        store.add_client_alias(
                            item.vendor_client, candidate.psa_client, by="sim", confirming=True
                        )
                        break
                    store.reject_client(item.vendor_client, candidate.psa_client, by="sim")
                    rejected.add((item.vendor_key, client_key(candidate.psa_client)))
            clock.now += timedelta(days=30)

    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=12)
    parser.add_argument("--clients", type=int, default=300)
    parser.add_argument("--growth", type=int, default=15, help="new clients per month")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    learning = replay(args.runs, args.clients, args.growth, args.seed, learn=True)
    aliases_only = replay(args.runs, args.clients, args.growth, args.seed, learn=False)
    print(
        f"python -m benchmarks.learning_curve --runs {args.runs} --clients {args.clients} "
        f"--growth {args.growth} --seed {args.seed}\n"
    )
    print(
        "| run | vendor clients | review items | review items, aliases only | exact | alias "
        "| learned | fuzzy | wrong merges | rejected pairs matched |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for run, plain in zip(learning, aliases_only, strict=True):
        m = run.methods
        print(
            f"| {run.month} | {run.vendor_clients} | {run.review} | {plain.review} | {m['exact']} "
            f"| {m['alias']} | {m['learned']} | {m['fuzzy']} | {run.wrong + plain.wrong} "
            f"| {run.rejected_matched + plain.rejected_matched} |"
        )
    failed = any(r.wrong or r.rejected_matched for r in [*learning, *aliases_only])
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
