"""Generate one independent export pair (vendor file, PSA file) with its known answer.

Usage::

    python -m benchmarks.independent generate --clients 85,20000,60000 --seed 42
    python -m benchmarks.independent generate --clients 500 --pair partnercenter-autotask \
        --spellings holdout --currencies USD,EUR --out /tmp/pairs
"""

from __future__ import annotations

import datetime as dt
import json
import math
import random
from dataclasses import asdict, dataclass
from pathlib import Path

from benchmarks.independent.catalogue import PRODUCTS, SERVICES
from benchmarks.independent.client_names import Vocabulary
from benchmarks.independent.holdings import HoldingBuilder, Setting
from benchmarks.independent.model import Client, PsaLine
from benchmarks.independent.psa_files import PSA_WRITERS
from benchmarks.independent.spellings import choose
from benchmarks.independent.split import Split
from benchmarks.independent.truth import build, write_commitments
from benchmarks.independent.vendor_files import VENDOR_WRITERS
from benchmarks.independent.world import build_clients

DATA_DIR = Path(__file__).resolve().parents[1] / "data" / "independent"
PAIRS = tuple(f"{v}-{p}" for v in VENDOR_WRITERS for p in PSA_WRITERS)
DEFAULT_AS_OF = dt.date(2026, 11, 1)
# Vendor lines per client: a typical MSP book (~3.5) up to 20,000 clients, a distributor-sized
# book of bigger clients (~15) from 60,000, log-interpolated between (issue 11 and 16 sizes).
# The large figure is the target before the 25-product cap and repeated draws, which cost
# about an eighth of it (17.2 gives ~15 lines per client, ~900k vendor lines at 60,000).
SMALL_DENSITY, LARGE_DENSITY = 3.5, 17.2
SMALL_CLIENTS, LARGE_CLIENTS = 20_000, 60_000
PSA_RATIO_SMALL, PSA_RATIO_LARGE = 1.0, 0.88  # PSA lines per vendor line
SERVICE_MINIMUM = 0.3  # service lines per PSA client before the PSA side is filled up
# Vendor lines one (client, product) makes in each format (calibrated on 20,000 clients).
LINES_PER_HOLDING = {"pax8": 1.63, "pax8subs": 1.22, "partnercenter": 1.66}


def _interpolate(clients: int, small: float, large: float) -> float:
    if clients <= SMALL_CLIENTS:
        return small
    if clients >= LARGE_CLIENTS:
        return large
    t = math.log(clients / SMALL_CLIENTS) / math.log(LARGE_CLIENTS / SMALL_CLIENTS)
    return small + t * (large - small)


@dataclass(frozen=True, slots=True)
class Spec:
    """What to generate."""

    clients: int
    seed: int = 42
    pair: str = "pax8-connectwise"
    spellings: Split = "all"
    currencies: tuple[str, ...] = ("USD",)
    as_of: dt.date = DEFAULT_AS_OF
    lines_per_client: float | None = None
    narrow: bool = False  # the vendor file in its narrower column set (vendor_files.NARROW)

    @property
    def vendor(self) -> str:
        return self.pair.split("-")[0]

    @property
    def psa(self) -> str:
        return self.pair.split("-")[1]

    @property
    def density(self) -> float:
        return self.lines_per_client or _interpolate(self.clients, SMALL_DENSITY, LARGE_DENSITY)

    @property
    def label(self) -> str:
        cur = "" if self.currencies == ("USD",) else "-" + "+".join(self.currencies)
        narrow = "-narrow" if self.narrow else ""
        return f"{self.pair}-c{self.clients}-s{self.seed}-{self.spellings}{cur}{narrow}"


@dataclass(frozen=True, slots=True)
class Generated:
    """Where a generated pair was written, and its line counts."""

    folder: Path
    vendor: Path
    psa: Path
    truth: Path
    counts: dict[str, int]


def _fill_services(clients: list[Client], target: int, as_of: dt.date, rng: random.Random) -> None:
    psa_clients = [c for c in clients if c.psa_name is not None]
    if not psa_clients:
        return
    current = sum(len(h.psa) for c in psa_clients for h in c.holdings)
    wanted = max(round(SERVICE_MINIMUM * len(psa_clients)), target - current)
    for _ in range(wanted):
        client = rng.choice(psa_clients)
        pid, name, price = SERVICES[min(len(SERVICES) - 1, int(rng.paretovariate(1.2)) - 1)]
        qty = 1 if "Per Site" in name or "Block" in name or "vCISO" in name else rng.randint(1, 60)
        client.services.append(
            PsaLine(
                pid=pid,
                spelling=name,
                catalogue_id="SVC-" + pid[4:].upper(),
                agreement="Managed Services Agreement",
                quantity=qty,
                less_included=0,
                unit_price=price,
                period_months=1,
                unit_cost=price * 0,
                active=True,
                start=as_of - dt.timedelta(days=rng.randrange(30, 1500)),
                end=None,
            )
        )


def generate(spec: Spec, out: Path = DATA_DIR) -> Generated:
    """Write ``vendor.csv``, ``psa.csv``, ``truth.json``, ``commitments.csv`` into ``out/<label>``.

    Args:
        spec: size, seed, formats, spelling split, currencies.
        out: the parent folder (default ``benchmarks/data/independent``, git-ignored).

    Returns:
        The paths and line counts.
    """
    if spec.pair not in PAIRS:
        raise ValueError(f"unknown pair {spec.pair!r}; choose from {', '.join(PAIRS)}")
    rng = random.Random(spec.seed)
    folder = out / spec.label
    folder.mkdir(parents=True, exist_ok=True)
    vocab = Vocabulary.build(spec.spellings)
    clients = build_clients(spec.clients, vocab, spec.currencies, rng)
    spelled = choose(spec.spellings, rng)
    microsoft_only = spec.vendor == "partnercenter"
    products = [p for p in PRODUCTS if p.microsoft or not microsoft_only]
    per_client = spec.density / LINES_PER_HOLDING[spec.vendor]
    builder = HoldingBuilder(
        Setting(spec.as_of, products, per_client, spec.psa, microsoft_only), spelled, rng
    )
    for client in clients:
        builder.fill(client)
    vendor_path, psa_path = folder / "vendor.csv", folder / "psa.csv"
    write_vendor = VENDOR_WRITERS[spec.vendor]
    vendor_lines = write_vendor(vendor_path, clients, spelled, spec.as_of, narrow=spec.narrow)
    ratio = _interpolate(spec.clients, PSA_RATIO_SMALL, PSA_RATIO_LARGE)
    _fill_services(clients, round(ratio * vendor_lines), spec.as_of, rng)
    psa_lines = PSA_WRITERS[spec.psa](psa_path, clients, spec.as_of)
    counts = {
        "vendor_lines": vendor_lines,
        "psa_lines": psa_lines,
        "clients": len(clients),
        "vendor_clients": sum(c.vendor_name is not None for c in clients),
        "psa_clients": sum(c.psa_name is not None for c in clients),
        "holdings": sum(len(c.holdings) for c in clients),
    }
    spec_doc = asdict(spec) | {
        "as_of": spec.as_of.isoformat(),
        "currencies": list(spec.currencies),
        "vendor_format": spec.vendor,
        "psa_format": spec.psa,
    }
    document = build(clients, spelled, spec_doc, counts)
    truth_path = folder / "truth.json"
    truth_path.write_text(
        json.dumps(document, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    write_commitments(folder / "commitments.csv", clients)
    return Generated(folder, vendor_path, psa_path, truth_path, counts)
