"""One dataset's product spellings: the vendor's labels and the MSP's PSA catalogue.

An MSP's PSA catalogue has one item per product most of the time, so the same spelling recurs
across clients; some products have a second, older item still used by part of the clients,
and a few lines are typed by hand. Rates are the constants below.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

from benchmarks.independent import product_spellings as ps
from benchmarks.independent.catalogue import ONE_TIME, PRODUCTS, SERVICES, Product
from benchmarks.independent.split import Split, pick

OFFICIAL_NAME_SHARE = 0.40  # the PSA item is named exactly as the vendor names the product
DECORATED_SHARE = 0.30  # the PSA item carries a decoration (" - Monthly", " per user", ...)
PREFIXED_SHARE = 0.06  # ... or a prefix ("Lic - ")
SECOND_ITEM_SHARE = 0.25  # products with a second catalogue item ...
SECOND_ITEM_CLIENTS = 0.30  # ... used by this share of the clients
HAND_TYPED_SHARE = 0.03  # PSA lines whose description was typed by hand
VENDOR_ALTERNATE_SHARE = 0.25  # products the vendor labels with its alternate name

_WORD = re.compile(r"[A-Za-z0-9]+")


def _abbr(name: str) -> str:
    words = _WORD.findall(name.replace("Microsoft 365", "M365").replace("Office 365", "O365"))
    return "".join(w if any(c.isdigit() for c in w) else w[0] for w in words).upper()[:8]


@dataclass(slots=True)
class Spellings:
    """Product spellings chosen for one dataset."""

    vendor: dict[str, str]  # pid -> the vendor's label
    primary: dict[str, str]  # pid -> the PSA catalogue item
    second: dict[str, str]  # pid -> a second PSA item (some products)
    catalogue_id: dict[str, str]  # pid -> ConnectWise Product ID
    variants: dict[str, list[str]]  # pid -> the variant list on the chosen split
    decorations: list[str]
    prefixes: list[str]

    def decorate(self, name: str, rng: random.Random) -> str:
        """``name`` with a decoration or prefix, at the catalogue rates."""
        roll = rng.random()
        if roll < DECORATED_SHARE and self.decorations:
            return name + rng.choice(self.decorations)
        if roll < DECORATED_SHARE + PREFIXED_SHARE and self.prefixes:
            prefix = rng.choice(self.prefixes)
            return name if name.startswith(prefix.strip()) else prefix + name
        return name

    def hand_typed(self, pid: str, rng: random.Random) -> str:
        """A spelling typed on one line only."""
        return self.decorate(rng.choice(self.variants[pid] or [self.vendor[pid]]), rng)


def choose(split: Split, rng: random.Random) -> Spellings:
    """Pick the vendor labels and the PSA catalogue for one dataset."""
    vendor: dict[str, str] = {}
    primary: dict[str, str] = {}
    second: dict[str, str] = {}
    catalogue_id: dict[str, str] = {}
    variants: dict[str, list[str]] = {}
    decorations = pick(ps.DECORATIONS, split, "decoration")
    prefixes = pick(ps.PREFIXES, split, "prefix")
    spelled = Spellings(vendor, primary, second, catalogue_id, variants, decorations, prefixes)
    for product in (*PRODUCTS, *ONE_TIME):
        alternates = pick(ps.VENDOR_ALTERNATES.get(product.pid, ()), split, "vendor")
        use_alternate = alternates and rng.random() < VENDOR_ALTERNATE_SHARE
        vendor[product.pid] = rng.choice(alternates) if use_alternate else product.name
        variants[product.pid] = pick(ps.PSA_VARIANTS.get(product.pid, ()), split, "psa")
        primary[product.pid] = _psa_item(spelled, product, rng)
        if rng.random() < SECOND_ITEM_SHARE:
            second[product.pid] = _psa_item(spelled, product, rng)
        style = rng.choice(ps.CATALOGUE_ID_STYLES)
        catalogue_id[product.pid] = style.format(
            ABBR=_abbr(product.name), VENDOR=product.vendor[:4].upper()
        )
    for pid, name, _ in SERVICES:
        vendor[pid] = name
        primary[pid] = name
        variants[pid] = []
        catalogue_id[pid] = "SVC-" + _abbr(name)
    return spelled


def _psa_item(spelled: Spellings, product: Product, rng: random.Random) -> str:
    options = spelled.variants[product.pid]
    if not options or rng.random() < OFFICIAL_NAME_SHARE:
        return product.name
    return spelled.decorate(rng.choice(options), rng)
