"""Generate a synthetic vendor/PSA export pair with known gaps, deterministic by seed.

The synthetic MSP (each module states its rates as constants):

- **Clients** (:mod:`benchmarks.clients`): ``--clients`` PSA clients, ``N/50`` by default
  (20 at 1k lines, 200 at 10k, 2,000 at 100k, capped at 20,000 from 1M); 2 % PSA-only;
  5 % vendor-only distractors; ~4 % in near-twin families ("X Dental" / "X Dental Lab",
  "Smith Law" / "Smith Law - East", "... Store 12" / "... Store 14"). Vendor spellings carry
  the noise of :mod:`benchmarks.names` (matching.md section 3).
- **Products** (:mod:`benchmarks.products`): the most common seat-based catalogue products,
  30 at 1k lines, 30 x sqrt(N/1k) above (95 at 10k, all 158 from ~28k lines), Zipf-like
  popularity; a client's product count is lognormal around ``N / 3.5 / clients``. The PSA
  writes them as abbreviations and old names ("M365 BP", "O365 E3") some of the time.
- **Files** (:mod:`benchmarks.exports`): generic vendor layout (Customer Name, Product Name,
  SKU, Quantity, Unit Cost) with split subscriptions, add-quantity and credit lines; PSA in
  ConnectWise additions layout with Less Included, cancelled and Do Not Bill history and
  service items no vendor sells.
- **Planted gaps** per (client, product) of a client in both files: 5 % quantity mismatch,
  3.5 % missing in the PSA, 3 % missing at the vendor, 2 % price below cost (1.5 % more are
  billed at $0.00 in a bundle, which is not a gap). One-sided clients add missing-in-PSA and
  missing-in-vendor gaps.

Each side has exactly N data lines. ``truth.json`` beside the CSVs holds the true client
pairing and every expected gap, keyed by (true client, catalogue product id, kind): the true
client is the PSA name, or the vendor spelling for a vendor-only client.

Usage::

    python -m benchmarks.generate --sizes 1k,10k,100k,1m
    python -m benchmarks.generate --sizes 100k --clients 20000 --out /tmp/bench
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import math
import random
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.clients import build_clients, pick_products
from benchmarks.exports import expected_gaps, write_exports
from benchmarks.names import Noise
from benchmarks.products import load_products

DATA_DIR = Path(__file__).resolve().parent / "data"
CLIENTS_PER_LINE = 1 / 50
MAX_CLIENTS = 20_000
VENDOR_LINES_PER_PAIR = 3.5
KINDS = ("missing_in_psa", "missing_in_vendor", "quantity_mismatch", "price_below_cost")


def parse_size(text: str) -> int:
    """``"1k"`` -> 1000, ``"1m"`` -> 1000000, ``"2500"`` -> 2500."""
    text = text.strip().lower().replace("_", "")
    scale = {"k": 1_000, "m": 1_000_000}.get(text[-1:], 1)
    return int(float(text[:-1] if scale > 1 else text) * scale)


def size_label(lines: int) -> str:
    """1000 -> ``1k``, 1000000 -> ``1m``."""
    if lines % 1_000_000 == 0:
        return f"{lines // 1_000_000}m"
    if lines % 1_000 == 0:
        return f"{lines // 1_000}k"
    return str(lines)


def default_clients(lines: int) -> int:
    """PSA clients for a size: one per 50 lines, at least 20, at most 20,000."""
    return max(20, min(MAX_CLIENTS, round(lines * CLIENTS_PER_LINE)))


def default_products(lines: int) -> int:
    """Products for a size: 30 at 1k lines, growing with the square root (capped later)."""
    return max(30, round(30 * math.sqrt(lines / 1_000)))


@dataclass(frozen=True, slots=True)
class Spec:
    """What to generate.

    Attributes:
        lines: data lines per side.
        clients: PSA clients (default :func:`default_clients`).
        products: products resold (default :func:`default_products`, capped by the catalogue).
        seed: the random seed; the same spec and seed give byte-identical files.
        noise: vendor-side name noise rates.
    """

    lines: int
    clients: int | None = None
    products: int | None = None
    seed: int = 42
    noise: Noise = field(default_factory=Noise)

    @property
    def n_clients(self) -> int:
        return self.clients or default_clients(self.lines)

    @property
    def label(self) -> str:
        return f"{size_label(self.lines)}-c{self.n_clients}-s{self.seed}"


@dataclass(frozen=True, slots=True)
class Generated:
    """Paths of one generated pair and its truth, with a few counts."""

    vendor: Path
    psa: Path
    truth: Path
    counts: dict[str, int]


def generate(spec: Spec, out: Path = DATA_DIR) -> Generated:
    """Write ``vendor.csv``, ``psa.csv`` and ``truth.json`` into ``out/<label>/``.

    Args:
        spec: sizes, seed and noise.
        out: the parent folder (default ``benchmarks/data``, which git ignores).

    Returns:
        The three paths and the line and pair counts.
    """
    rng = random.Random(spec.seed)
    folder = out / spec.label
    folder.mkdir(parents=True, exist_ok=True)
    ps = load_products(spec.products or default_products(spec.lines), rng)
    clients = build_clients(spec.n_clients, spec.noise, rng)
    pick_products(clients, spec.lines / VENDOR_LINES_PER_PAIR, ps, rng)
    truth, counts = write_exports(spec.lines, clients, ps, rng, folder)
    gaps = expected_gaps(clients, ps, truth)
    counts |= {
        "psa_clients": sum(c.psa is not None for c in clients),
        "vendor_clients": sum(c.vendor is not None for c in clients),
        "products": len(ps.products),
        "expected_gaps": len(gaps),
    }
    document = {
        "spec": {
            "lines": spec.lines,
            "clients": spec.n_clients,
            "products": len(ps.products),
            "seed": spec.seed,
            "noise": dataclasses.asdict(spec.noise),
        },
        "files": {"vendor": "vendor.csv", "psa": "psa.csv"},
        "counts": counts,
        "clients": [
            {"vendor": c.vendor, "psa": c.psa, "role": c.role, "trap": c.trap} for c in clients
        ],
        "gaps": gaps,
        "rejected_product_spellings": list(ps.rejected),
    }
    truth_path = folder / "truth.json"
    truth_path.write_text(
        json.dumps(document, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    return Generated(folder / "vendor.csv", folder / "psa.csv", truth_path, counts)


def main(argv: list[str] | None = None) -> None:
    """Command line: ``python -m benchmarks.generate --sizes 1k,10k``."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes", default="1k,10k,100k", help="lines per side, e.g. 1k,10k,100k,1m"
    )
    parser.add_argument("--clients", type=int, help="PSA clients (default: lines/50, max 20,000)")
    parser.add_argument("--products", type=int, help="products (default: 30 x sqrt(lines/1k))")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--typo", type=float, default=Noise().typo, help="typo probability")
    parser.add_argument("--out", type=Path, default=DATA_DIR, help="parent folder for the files")
    args = parser.parse_args(argv)
    noise = Noise(typo=args.typo)
    for size in args.sizes.split(","):
        started = time.perf_counter()
        spec = Spec(parse_size(size), args.clients, args.products, args.seed, noise)
        made = generate(spec, args.out)
        took = time.perf_counter() - started
        print(
            f"{spec.label}: {made.counts} in {took:.1f} s -> {made.truth.parent}", file=sys.stderr
        )


if __name__ == "__main__":
    main()
