"""Benchmark the store: save a 100k-gap / 100k-seat run into a fresh database and read it back.

Usage::

    PYTHONPATH=. python benchmarks/bench_store.py [--rows 100000] [--db PATH]

The database defaults to benchmarks/data/bench_store.db (git-ignored); it is recreated.

Prints wall time per step and the database size, per 100k rows. The result is built by hand
(no engine involved): 20,000 clients x 5 products, every pair a gap.
"""

from __future__ import annotations

import argparse
import sqlite3
import time
from contextlib import closing
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pandas as pd

from recon.model import QTY_SCALE, Gap, GapKind, ReconResult, SeatCol, Summary
from recon.store import Store

PRODUCTS = ("m365-bp", "m365-e3", "exchange-p1", "defender-p2", "teams-phone")


class Clock:
    """A clock the benchmark moves by a week between runs."""

    def __init__(self) -> None:
        self.now = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


def build(rows: int, *, bump: int = 0) -> ReconResult:
    """A result with ``rows`` gaps and ``rows`` seat rows."""
    gaps = []
    seats = []
    for i in range(rows):
        client = f"Client {i // len(PRODUCTS):06d} LLC"
        ck = client.casefold().removesuffix(" llc")
        product = PRODUCTS[i % len(PRODUCTS)]
        vendor, psa = 10 + i % 7 + bump, 10
        gaps.append(
            Gap(
                kind=GapKind.QUANTITY_MISMATCH,
                client_key=ck,
                product_key=f"cat:{product}",
                client=client,
                product=product,
                vendor_client=client,
                psa_client=client,
                vendor_product=product,
                psa_product=product,
                vendor_qty=Decimal(vendor),
                psa_qty=Decimal(psa),
                vendor_unit_cost=Decimal("22.00"),
                psa_unit_price=Decimal("25.50"),
                seat_delta=Decimal(vendor - psa),
                monthly_impact=Decimal(vendor - psa) * Decimal("25.50"),
                confidence=0.97,
                why="benchmark",
            )
        )
        seats.append((ck, f"cat:{product}", client, product, vendor * QTY_SCALE, psa * QTY_SCALE))
    summary = Summary(
        files=(),
        gap_counts={"quantity_mismatch": rows},
        gap_totals={"quantity_mismatch": sum((g.monthly_impact for g in gaps), Decimal(0))},
        under_billed=sum((g.monthly_impact for g in gaps), Decimal(0)),
        over_billed=Decimal(0),
        vendor_clients=rows // len(PRODUCTS),
        psa_clients=rows // len(PRODUCTS),
        matched_clients=rows // len(PRODUCTS),
        review_items=0,
        money_in_review=Decimal(0),
        unmatched_vendor_clients=0,
        unmatched_psa_clients=0,
        unmapped_products=0,
    )
    return ReconResult(
        gaps=tuple(gaps),
        matches=(),
        review=(),
        unmapped=(),
        seats=pd.DataFrame(seats, columns=list(SeatCol.ALL)),
        summary=summary,
        generated_at=datetime(2026, 3, 2, 8, 0, tzinfo=UTC),
    )


def _size(path: Path) -> int:
    """The database's size with its write-ahead log folded in."""
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))


def main() -> None:
    """Run the benchmark and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--db", type=Path, default=Path("benchmarks/data/bench_store.db"))
    args = parser.parse_args()
    rows: int = args.rows
    path: Path = args.db
    for old in path.parent.glob(path.name + "*"):
        old.unlink()
    per = 100_000 / rows

    def report(step: str, seconds: float) -> None:
        print(f"{step:<44} {seconds:7.2f} s   ({seconds * per:6.2f} s per 100k rows)")

    first, second = build(rows), build(rows, bump=1)
    clock = Clock()
    store = Store.open(path, clock=clock)

    started = time.perf_counter()
    record = store.record_run(first)
    report(f"record_run #1 ({rows:,} new gaps + seats)", time.perf_counter() - started)
    assert len(record.new) == rows
    size_one = _size(path)

    started = time.perf_counter()
    gaps = store.gaps(status="all")
    report("read back: gaps(status='all')", time.perf_counter() - started)
    assert len(gaps) == rows

    started = time.perf_counter()
    store.gaps_by_key(g.key for g in first.gaps)
    report("read back: gaps_by_key(all keys)", time.perf_counter() - started)

    clock.now += timedelta(days=7)
    started = time.perf_counter()
    record = store.record_run(second)
    report(f"record_run #2 ({rows:,} gaps grow, lifecycle)", time.perf_counter() - started)
    assert len(record.grew) == rows

    started = time.perf_counter()
    history = store.history()
    report("read back: history() (2 runs)", time.perf_counter() - started)
    assert len(history) == 2 * rows

    size_two = _size(path)
    mb_one = size_one / 1e6
    print(f"database after run #1: {mb_one:6.1f} MB ({mb_one * per:.1f} MB per 100k rows)")
    grown = size_two - size_one
    print(
        f"growth from run #2:    {grown / 1e6:6.1f} MB ({grown * per / 1e6:.1f} MB per 100k rows)"
    )


if __name__ == "__main__":
    main()
