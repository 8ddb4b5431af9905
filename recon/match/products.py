"""Give every product line an identity, and pair PSA products with vendor products.

A product's identity is, in order: what a person said (a stored product alias), the bundled
catalogue (SKU ids, string ids, current and old names, PSA abbreviations, and the same names
written without spaces or without the brand), or its own normalised name. PSA products whose
identity the vendor file doesn't carry are then compared with the vendor's products by name
(:mod:`recon.catalog.text`), accepted on text alone only with a high score, a clear
margin and identical tier words (Standard/Premium, Plan 1/2, E3/E5 are never confused). The
rest are weighed on the seats at each client (:mod:`recon.match.product_evidence`): paired,
asked about, or listed as *unmapped* with their best candidates, never a gap.

Like clients, this works on distinct (name, SKU) pairs, never per row.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from dataclasses import dataclass

from recon.catalog import Catalog, product_key, qualifier_cores
from recon.catalog.billing_text import core_key
from recon.catalog.text import CATALOGUE_PREFIX, TextCandidate, confident, rank_products
from recon.model import Knowledge, MatchSettings, ProductMethod

NAME_PREFIX = "name:"


@dataclass(frozen=True, slots=True)
class ProductIdentity:
    """What a product line is.

    Attributes:
        key: ``cat:<catalogue id>`` or ``name:<normalised name>``; stable across runs.
        name: the catalogue's current name, else the name as written.
        method: how it was identified (catalogue, alias or its own name).
        seat_based: False for consumption products (Azure plan) that are not seat-reconciled.
        detail: a few words for the gap's ``why`` ("string id SPB", "alias by a person").
        tolerant: True when only a tolerant catalogue lookup (brand left out) recognised the
            name: seats at the clients may still show it is another product.
        also: the vendor's other names the run compared as this product, and why, for the
            gap's ``why`` ("" when none; see :class:`recon.model.ProductMerge`).
    """

    key: str
    name: str
    method: ProductMethod
    seat_based: bool = True
    detail: str = ""
    tolerant: bool = False
    also: str = ""


@dataclass(frozen=True, slots=True)
class ProductPairing:
    """A PSA product identity mapped onto a vendor product identity.

    Attributes:
        vendor_key: the vendor identity it stands for.
        score: confidence, 0-100.
        how: what the pairing rests on, for the gap's ``why``.
    """

    vendor_key: str
    score: float
    how: str = ""


class ProductResolver:
    """Identify products from name and SKU using aliases, then the catalogue, then the name.

    Args:
        catalog: the bundled (or extended) catalogue.
        knowledge: stored product aliases and ignored products.
        kept: catalogue ids whose spellings keep their catalogue reading where they only
            share a key with a text a person mapped to another product (see
            :meth:`kept_for`; default: none).
    """

    def __init__(
        self, catalog: Catalog, knowledge: Knowledge, *, kept: frozenset[str] = frozenset()
    ) -> None:
        self._catalog = catalog
        self._kept = kept
        #: Catalogue ids of spellings an alias of another text read as the alias's product.
        self.overruled: set[str] = set()
        self._alias_by_name: dict[str, str] = {}
        self._alias_by_sku: dict[str, str] = {}
        # The texts as people wrote them (case, spacing and punctuation aside): see _said_of.
        self._alias_texts: set[str] = set()
        for raw, target in knowledge.product_aliases:
            self._alias_by_name[product_key(raw)] = target
            self._alias_by_sku[raw.strip().casefold()] = target
            self._alias_texts.add(_words(raw))
        self._ignored = {product_key(name) for name in knowledge.ignored_products}
        self._ignored_sku = {name.strip().casefold() for name in knowledge.ignored_products}
        self._rejected = frozenset(
            (self.identify(raw, "").key, self._target_identity(target).key)
            for raw, target in knowledge.product_rejections
        )
        self._bundles = {
            product_key(name): tuple(
                dataclasses.replace(self._target_identity(component), detail=f"in bundle {name!r}")
                for component in components
            )
            for name, components in knowledge.bundles
        }

    def rejected(self) -> frozenset[tuple[str, str]]:
        """(PSA product key, vendor product key) pairs people said are not one product."""
        return self._rejected

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
            if target is not None and not self._said_of(name, target):
                target = None
        if target is None and sku:
            target = self._alias_by_sku.get(sku.strip().casefold())
        if target is None and name and self._alias_by_name:
            # An alias for a name covers it with a billing or category word ("M365
            # Business - Annual" when a person said what "M365 Business" is): one answer
            # for every term the text is billed on. Every reading must agree.
            said = {
                self._alias_by_name[k]
                for core, _ in qualifier_cores(name)
                if (k := product_key(core)) in self._alias_by_name
                and self._said_of(core, self._alias_by_name[k])
            }
            target = said.pop() if len(said) == 1 else None
        if target is not None:
            return self._target_identity(target)
        found = self._catalog.lookup(name=name, sku=sku)
        if found is not None:
            hit, how = found
            detail = f"catalogue by {how if how != 'SKU' else f'SKU {sku}'}"
            if "brand" in how and name:
                # A name without its brand is a guess ("Email Security" is one vendor's
                # product by name, and several vendors sell email security). It keeps a key
                # of its own, so an exact spelling of that product at the same client cannot
                # absorb its lines or its doubt: it is paired by name like any PSA spelling,
                # and the seats at each client may pair it again.
                return ProductIdentity(
                    NAME_PREFIX + product_key(name),
                    name,
                    ProductMethod.CATALOGUE,
                    hit.seat_based,
                    detail,
                    tolerant=True,
                )
            return ProductIdentity(
                CATALOGUE_PREFIX + hit.id, hit.name, ProductMethod.CATALOGUE, hit.seat_based, detail
            )
        label = name or sku
        return ProductIdentity(
            NAME_PREFIX + core_key(label), label, ProductMethod.NAME, True, "product name"
        )

    def _said_of(self, name: str, target: str) -> bool:
        """Whether a person's alias to ``target``, found under ``name``'s key, speaks for
        ``name``: the text they mapped (case, spacing, punctuation aside), a spelling the
        catalogue does not read or reads as ``target``, or one whose product is not
        :attr:`_kept`. Each spelling read away from another catalogue product is noted in
        :attr:`overruled`.
        """
        if _words(name) in self._alias_texts:
            return True
        found = self._catalog.lookup(name=name)
        if found is None:
            return True
        mapped = self._catalog.get(target) or self._catalog.identify(name=target)
        if mapped is not None and mapped.id == found[0].id:
            return True
        self.overruled.add(found[0].id)
        return found[0].id not in self._kept

    def kept_for(self, *products: Mapping[str, ProductIdentity]) -> frozenset[str]:
        """The catalogue products an alias split: some spelling of one was read as the
        alias's product, while another (on either side) still reads as it.

        The key sets aside more than spelling ("Microsoft 365 F1 Frontline" and the
        catalogue's own "Microsoft 365 F1" share one). Mapping a misread PSA text to Office
        365 E1 read the vendor's own F1 lines as E1 too; harmless while every F1 line on
        both sides went with them, but where the PSA bills F1 under a spelling of its own
        ("365 F1 - Monthly"), every client of it showed "F1 missing in vendor" beside "E1
        missing in PSA". A resolver built with these ``kept`` leaves such spellings their
        catalogue product, on both sides.

        Args:
            products: each side's identities, as grouped with this resolver.
        """
        return frozenset(
            found
            for found in self.overruled
            if any(CATALOGUE_PREFIX + found in side for side in products)
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


def _words(text: str) -> str:
    """A text's words, case and punctuation aside."""
    return " ".join(re.findall(r"\w+", text.casefold()))


def pair_products(
    psa: Mapping[str, str],
    vendor: Mapping[str, str],
    *,
    settings: MatchSettings,
    brands: frozenset[tuple[str, ...]] = frozenset(),
    ranked: Mapping[str, list[TextCandidate]] | None = None,
) -> dict[str, ProductPairing]:
    """Map PSA product identities the vendor file lacks onto vendor identities by name alone.

    Args:
        psa: PSA identity key -> display name, for identities not carried by the vendor file.
        vendor: vendor identity key -> display name.
        settings: ``product_accept_score`` is the bar; the best candidate must also beat the
            runner-up by ``product_margin`` and carry the same tier words.
        brands: vendor brand words to disregard (:meth:`recon.Catalog.brands`).
        ranked: candidates already ranked by :func:`recon.catalog.text.rank_products`
            (default: ranked here).

    Returns:
        PSA key -> the vendor identity it stands for, for confident pairs only.
    """
    if not psa or not vendor:
        return {}
    if ranked is None:
        ranked = rank_products(psa, vendor, brands=brands)
    out: dict[str, ProductPairing] = {}
    for psa_key, candidates in ranked.items():
        if psa_key not in psa:
            continue
        if confident(
            candidates, accept=settings.product_accept_score, margin=settings.product_margin
        ):
            best = candidates[0]
            out[psa_key] = ProductPairing(best.vendor_key, best.match.score, best.match.how)
    return out
