"""Makers the vendor file sells on lines kept out of the comparison: trials, one-time charges
and prorations (a cancellation credit among them).

The file's scope is decided by maker (:mod:`recon.engine.scope`): a maker the file never
sells is bought elsewhere. A maker seen only on such lines is still bought here: a
distributor that credits an MSP for cancelled IRONSCALES seats, or hands it a Bitdefender
trial, is where that MSP buys IRONSCALES and Bitdefender. So the PSA's lines of that maker
are compared (``missing_in_vendor`` when nothing active is bought), not waved through as
"bought elsewhere".
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from recon.catalog import Catalog, product_key
from recon.catalog._loose import brands_in
from recon.model import ExtraCol, LineSet


@dataclass(frozen=True, slots=True)
class SetAside:
    """Who the vendor file's set-aside lines are from.

    Attributes:
        makers: the catalogue's makers (``CatalogProduct.vendor``) of the products those lines
            name.
        brands: the brand words those lines' texts carry
            (:func:`recon.catalog._loose.brands_in`).
    """

    makers: frozenset[str] = frozenset()
    brands: frozenset[tuple[str, ...]] = frozenset()


def set_aside(lines: LineSet, catalog: Catalog, brands: frozenset[tuple[str, ...]]) -> SetAside:
    """The makers and brands of the vendor side's trials, one-time charges and prorations,
    each distinct (text, SKU) read once."""
    extras = lines.extras
    if extras is None or extras.empty:
        return SetAside()
    pairs = extras[[ExtraCol.PRODUCT, ExtraCol.SKU]].drop_duplicates()
    makers: set[str] = set()
    named: set[tuple[str, ...]] = set()
    for text, sku in pairs.itertuples(index=False):
        name = "" if pd.isna(text) else str(text)
        code = "" if pd.isna(sku) else str(sku)
        if (found := catalog.identify(name=name, sku=code)) is not None:
            makers.add(found.vendor)
        named |= brands_in(product_key(name).split(), brands)
    return SetAside(frozenset(makers), frozenset(named))
