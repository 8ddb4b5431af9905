"""Give every product line an identity, and pair PSA products with vendor products.

A product's identity is, in order: what a person said (a stored product alias), the bundled
catalogue (SKU ids, string ids, current and old names, PSA abbreviations), or its own
normalised name. PSA products whose identity the vendor file doesn't carry are then tried
against the vendor's products by fuzzy name, accepted only with a high score, a clear margin
and identical tier words (Standard/Premium, Plan 1/2, E3/E5 are never confused). What still
doesn't pair is *unmapped*: listed for a person, never a gap.

Like clients, this works on distinct (name, SKU) pairs, never per row.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz, process

from recon.catalog import Catalog, product_key, tiers_compatible
from recon.model import Knowledge, MatchSettings, ProductMethod

CATALOGUE_PREFIX = "cat:"
NAME_PREFIX = "name:"
_PRODUCT_MARGIN = 5.0


@dataclass(frozen=True, slots=True)
class ProductIdentity:
    """What a product line is.

    Attributes:
        key: ``cat:<catalogue id>`` or ``name:<normalised name>``; stable across runs.
        name: the catalogue's current name, else the name as written.
        method: how it was identified (catalogue, alias or its own name).
        seat_based: False for consumption products (Azure plan) that are not seat-reconciled.
        detail: a few words for the gap's ``why`` ("string id SPB", "alias by a person").
    """

    key: str
    name: str
    method: ProductMethod
    seat_based: bool = True
    detail: str = ""


@dataclass(frozen=True, slots=True)
class ProductPairing:
    """A PSA product identity mapped onto a vendor product identity by fuzzy name."""

    vendor_key: str
    score: float


class ProductResolver:
    """Identify products from name and SKU using aliases, then the catalogue, then the name.

    Args:
        catalog: the bundled (or extended) catalogue.
        knowledge: stored product aliases and ignored products.
    """

    def __init__(self, catalog: Catalog, knowledge: Knowledge) -> None:
        self._catalog = catalog
        self._alias_by_name: dict[str, str] = {}
        self._alias_by_sku: dict[str, str] = {}
        for raw, target in knowledge.product_aliases:
            self._alias_by_name[product_key(raw)] = target
            self._alias_by_sku[raw.strip().casefold()] = target
        self._ignored = {product_key(name) for name in knowledge.ignored_products}
        self._ignored_sku = {name.strip().casefold() for name in knowledge.ignored_products}
        self._bundles = {
            product_key(name): tuple(
                dataclasses.replace(self._target_identity(component), detail=f"in bundle {name!r}")
                for component in components
            )
            for name, components in knowledge.bundles
        }

    def components(self, name: str, sku: str) -> tuple[ProductIdentity, ...] | None:
        """The products a PSA bundle line stands for, or None when it is not a bundle."""
        if not self._bundles:
            return None
        found = self._bundles.get(product_key(name)) if name else None
        if found is None and sku:
            found = self._bundles.get(product_key(sku))
        return found

    def is_ignored(self, name: str, sku: str) -> bool:
        """True when a person said this PSA product is never compared."""
        return bool(
            (name and product_key(name) in self._ignored)
            or (sku and sku.strip().casefold() in self._ignored_sku)
        )

    def identify(self, name: str, sku: str) -> ProductIdentity:
        """The identity of one (product name, SKU) as written in an export."""
        target = None
        if name:
            target = self._alias_by_name.get(product_key(name))
        if target is None and sku:
            target = self._alias_by_sku.get(sku.strip().casefold())
        if target is not None:
            return self._target_identity(target)
        # The catalogue tries the SKU before the name; asking in that order says which hit.
        by_sku = self._catalog.identify(sku=sku) if sku else None
        hit = by_sku or self._catalog.identify(name=name, sku=sku)
        if hit is not None:
            via = f"SKU {sku}" if by_sku is not None else "name"
            return ProductIdentity(
                CATALOGUE_PREFIX + hit.id,
                hit.name,
                ProductMethod.CATALOGUE,
                hit.seat_based,
                f"catalogue by {via}",
            )
        label = name or sku
        return ProductIdentity(
            NAME_PREFIX + product_key(label), label, ProductMethod.NAME, True, "product name"
        )

    def _target_identity(self, target: str) -> ProductIdentity:
        product = self._catalog.get(target) or self._catalog.identify(name=target)
        if product is not None:
            return ProductIdentity(
                CATALOGUE_PREFIX + product.id,
                product.name,
                ProductMethod.ALIAS,
                product.seat_based,
                "alias set by a person",
            )
        return ProductIdentity(
            NAME_PREFIX + product_key(target),
            target,
            ProductMethod.ALIAS,
            True,
            "alias set by a person",
        )


def pair_products(
    psa: Mapping[str, str],
    vendor: Mapping[str, str],
    *,
    settings: MatchSettings,
) -> dict[str, ProductPairing]:
    """Map PSA product identities the vendor file lacks onto vendor identities by fuzzy name.

    Args:
        psa: PSA identity key -> display name, for identities not carried by the vendor file.
        vendor: vendor identity key -> display name.
        settings: ``product_accept_score`` is the bar.

    Returns:
        PSA key -> the vendor identity it stands for, for confident pairs only.
    """
    if not psa or not vendor:
        return {}
    psa_keys, vendor_keys = list(psa), list(vendor)
    psa_names = [product_key(psa[k]) for k in psa_keys]
    vendor_names = [product_key(vendor[k]) for k in vendor_keys]
    scores = process.cdist(
        psa_names, vendor_names, scorer=fuzz.token_sort_ratio, dtype=np.float32, workers=-1
    )
    out: dict[str, ProductPairing] = {}
    for row, psa_key in enumerate(psa_keys):
        order = np.argsort(-scores[row])
        best = int(order[0])
        best_score = float(scores[row, best])
        runner_up = float(scores[row, int(order[1])]) if len(order) > 1 else 0.0
        if (
            best_score >= settings.product_accept_score
            and best_score - runner_up >= _PRODUCT_MARGIN
            and tiers_compatible(psa[psa_key], vendor[vendor_keys[best]])
        ):
            out[psa_key] = ProductPairing(vendor_keys[best], round(best_score, 1))
    return out
