"""Time ``read_export`` on a generated pair next to a bare Arrow-engine pandas read.

Each measurement runs in a fresh process (its own peak RSS), best of ``--repeat``; the time
is the read alone, after the imports. The bare read is
``pandas.read_csv(path, engine="pyarrow")``: the floor for getting the same bytes into
columns, before any of recon's checks, rules and numbers.

Usage::

    python -m benchmarks.generate --sizes 1m
    python -m benchmarks.read_speed benchmarks/data/1m-c20000-s42 --repeat 3
    python -m benchmarks.read_speed benchmarks/data/1m-c20000-s42 --wide  # + a 47-column file

``--wide`` also writes ``vendor_nce.csv`` next to the pair: the vendor file in Partner
Center's 47-column new-commerce layout, with per-row order, subscription and alternate ids,
the shape that made reading slow (a Python call per distinct value of every column).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

_CHILD = r"""
import datetime as dt, json, sys, time
path, side, how = sys.argv[1], sys.argv[2], sys.argv[3]
if how == "recon":
    from recon.formats import read_export
    from recon.model import Side
else:
    import pandas as pd
started = time.perf_counter()
if how == "recon":
    lines = read_export(path, side=Side(side), as_of=dt.date(2026, 11, 15), max_bytes=2**31)
    rows = len(lines.lines)
else:
    rows = len(pd.read_csv(path, engine="pyarrow"))
seconds = time.perf_counter() - started
# VmHWM starts afresh at exec (ru_maxrss would carry the parent's peak over).
with open("/proc/self/status") as status:
    peak = next(int(line.split()[1]) for line in status if line.startswith("VmHWM"))
print(json.dumps({"seconds": seconds, "rows": rows, "rss_mib": peak / 1024}))
"""


def measure(path: Path, side: str, how: str, repeat: int) -> dict[str, float]:
    """Best time (after imports) and peak RSS of ``repeat`` fresh-process reads."""
    runs = []
    for _ in range(repeat):
        out = subprocess.run(
            [sys.executable, "-c", _CHILD, str(path), side, how],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
        runs.append(json.loads(out.stdout))
    return {
        "seconds": min(r["seconds"] for r in runs),
        "rss_mib": max(r["rss_mib"] for r in runs),
        "rows": runs[0]["rows"],
    }


def write_wide(folder: Path) -> Path:
    """The pair's vendor file in Partner Center's new-commerce layout (47 columns)."""
    import numpy as np
    import pandas as pd

    vendor = pd.read_csv(folder / "vendor.csv", dtype=str, keep_default_na=False)
    n = len(vendor)
    rng = np.random.default_rng(1)

    def ids(prefix: str) -> list[str]:
        return [f"{prefix}{x:012x}" for x in rng.integers(0, 2**48, n)]

    codes, names = pd.factorize(vendor["Customer Name"])
    tenants = np.array([f"{i:08x}-9a37-5d64-83ed-9cec6dc550ce" for i in range(len(names))])
    qty = pd.to_numeric(vendor["Quantity"], errors="coerce").fillna(0)
    cost = pd.to_numeric(vendor["Unit Cost"], errors="coerce").fillna(0)
    frame = pd.DataFrame(
        {
            "PartnerId": "fdc538ec-d6a8-5116-acbe-547ff492a5a4",
            "CustomerId": tenants[codes],
            "CustomerName": vendor["Customer Name"],
            "CustomerDomainName": vendor["Customer Name"]
            .str.replace(r"[^A-Za-z]", "", regex=True)
            .str.lower()
            + ".onmicrosoft.com",
            "CustomerCountry": "US", "InvoiceNumber": "G012345678", "MpnId": "1234567",
            "Tier2MpnId": "", "OrderId": ids("o"), "OrderDate": "11/1/2026",
            "ProductId": vendor["SKU"].str.split(":").str[0], "SkuId": "0001",
            "AvailabilityId": "CFQ7TTC0TEST", "SkuName": vendor["Product Name"],
            "ProductName": vendor["Product Name"], "ChargeType": "cycleCharge",
            "UnitPrice": vendor["Unit Cost"], "Quantity": vendor["Quantity"],
            "Subtotal": (qty * cost).round(2).map("{:.2f}".format), "TaxTotal": "0.00",
            "Total": (qty * cost).round(2).map("{:.2f}".format), "Currency": "USD",
            "PriceAdjustmentDescription": "", "PublisherName": "Microsoft Corporation",
            "PublisherId": "", "SubscriptionDescription": vendor["Product Name"],
            "SubscriptionId": ids("s"), "ChargeStartDate": "11/1/2026",
            "ChargeEndDate": "11/30/2026",
            "TermAndBillingCycle": "One-Month commitment for monthly billing",
            "EffectiveUnitPrice": vendor["Unit Cost"], "UnitType": "Licenses",
            "AlternateId": ids("a"), "BillableQuantity": vendor["Quantity"],
            "BillingFrequency": "Monthly", "PricingCurrency": "USD", "PCToBCExchangeRate": "1",
            "PCToBCExchangeRateDate": "11/1/2026", "MeterDescription": "",
            "ReservationOrderId": "", "CreditReasonCode": "", "SubscriptionStartDate": "1/1/2026",
            "SubscriptionEndDate": "12/31/2026", "ReferenceId": "", "ProductQualifiers": "",
            "PromotionId": "", "ProductCategory": "OnlineServicesNCE",
        }
    )  # fmt: skip
    out = folder / "vendor_nce.csv"
    frame.to_csv(out, index=False)
    return out


def main(argv: list[str] | None = None) -> None:
    """Command line: print a Markdown table of read times."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path, help="a generated pair (benchmarks.generate)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--wide", action="store_true", help="also a 47-column NCE vendor file")
    args = parser.parse_args(argv)
    files = [(args.folder / "vendor.csv", "vendor"), (args.folder / "psa.csv", "psa")]
    if args.wide:
        wide = args.folder / "vendor_nce.csv"
        files.append((wide if wide.exists() else write_wide(args.folder), "vendor"))
    print("| file | MB | rows | read_export | bare pandas (pyarrow) | ratio | peak RSS |")
    print("|---|---|---|---|---|---|---|")
    for path, side in files:
        ours = measure(path, side, "recon", args.repeat)
        bare = measure(path, side, "pandas", args.repeat)
        size = path.stat().st_size / 1e6
        print(
            f"| {path.name} | {size:.0f} | {bare['rows']:,} | {ours['seconds']:.2f} s | "
            f"{bare['seconds']:.2f} s | {ours['seconds'] / bare['seconds']:.1f}x | "
            f"{ours['rss_mib']:.0f} / {bare['rss_mib']:.0f} MiB |"
        )


if __name__ == "__main__":
    main()
