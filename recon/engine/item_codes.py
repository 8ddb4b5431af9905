"""A PSA text no rule reads, billed under the item code of a text the catalogue does read, is
that text's product: "Phone System" (MTPS) beside "Microsoft Teams Phone Standard" (MTPS).

In ConnectWise Manage an agreement addition is a catalogue item: its Product ID names the
item, and its description "defaults from the Product Catalog" but "can be updated without
affecting the catalog record" (ConnectWise Manage reference, Agreement Product tab and
Additions tab; betterinvoice.io/docs/connectwise/agreements). So one item may be billed under
several descriptions, typed over the years ("Phone System" from before Microsoft renamed
Microsoft 365 Phone System to Teams Phone Standard in 2022), while its Product ID stays the
MSP's one code for it. Where a description no rule reads shares its Product ID with
descriptions the catalogue reads, all as one product, the code says which product it is: read
at the client beside a licence of the same seats, the unread text was "Business Standard 9"
and Teams Phone "14 bought, 5 billed", three false statements about two right lines.

Guards: every description of the code that the catalogue reads must read as the same product
by name or SKU (a brand guess decides nothing); the unread description may not contradict
that product's edition words, nor leave its edition word out where the vendor file sells
another edition of the line (a code kept for a line's editions, "SENT-SSC" for SentinelOne
Control and Complete, says nothing about which: on the dev pairs, every description the code
read wrongly was such a one); and a description that says it is the MSP's own service about
the product ("Backup Monitoring") keeps its own key, as does one that names another kind of
product than the code's ("Backup Add-on" filed under the code of Business Premium: an MSP may
keep one generic code, "LICENSE", for unrelated items).
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Sequence

from recon.catalog import TierRelation, load_catalog, tier_relation, tier_tokens
from recon.catalog._keys import product_key, tier_class
from recon.catalog._loose import is_service_text
from recon.catalog.text import CATALOGUE_PREFIX, says_service
from recon.match.products import ProductIdentity
from recon.model import ProductMethod


def read_by_item_code(
    pairs: Sequence[tuple[str, str]],
    identities: Sequence[tuple[ProductIdentity, ...]],
    sold: frozenset[str] = frozenset(),
) -> list[tuple[ProductIdentity, ...]]:
    """Each distinct (text, item code)'s identity, the unread texts read by their code.

    Args:
        pairs: the PSA side's distinct (product text, SKU) pairs.
        identities: each pair's identity (one, or a bundle's components), in order.
        sold: the vendor side's product keys (default: none).

    Returns:
        The identities with each unread text whose code only texts of one catalogue product
        carry read as that product (module docstring); every other one unchanged.
    """
    out = list(identities)
    read: dict[str, dict[str, tuple[ProductIdentity, str]]] = defaultdict(dict)
    unread: list[int] = []
    for i, ((name, sku), found) in enumerate(zip(pairs, identities, strict=True)):
        code = _code(sku)
        if not code or len(found) != 1:
            continue
        identity = found[0]
        if identity.method is ProductMethod.NAME:
            unread.append(i)
        elif _surely_catalogued(identity):
            read[code].setdefault(identity.key, (identity, name))
    for i in unread:
        name, sku = pairs[i]
        products = read.get(_code(sku), {})
        if len(products) != 1:
            continue
        ((product, text),) = products.values()
        if says_service(name) or is_service_text(name):
            continue
        if tier_relation(name, product.name) is TierRelation.CONFLICT:
            continue
        if _names_another_kind(name, product.key):
            continue
        if _edition_left_open(name, product.key, sold):
            continue
        detail = f"item code {sku.strip()!r}, which {text!r} carries in this file"
        out[i] = (
            ProductIdentity(
                product.key, product.name, ProductMethod.CATALOGUE, product.seat_based, detail
            ),
        )
    return out


def _edition_left_open(name: str, key: str, sold: frozenset[str]) -> bool:
    """True when the text leaves out the edition word of the code's product ("Sentinel One
    EDR" under the code of SentinelOne Singularity *Complete*) while the vendor file sells
    another product of that maker and kind the text does not contradict (Singularity
    Control): the MSP may keep one code for a line's editions, and the code cannot say which."""
    catalog = load_catalog()
    product = catalog.get(key.removeprefix(CATALOGUE_PREFIX))
    if product is None:
        return False
    left = tier_tokens(product.name) - tier_tokens(name)
    if not any(tier_class(word) == "level" for word in left):
        return False
    for other_key in sold:
        other = catalog.get(other_key.removeprefix(CATALOGUE_PREFIX))
        if (
            other is not None
            and other.id != product.id
            and other.vendor == product.vendor
            and other.family == product.family
            and tier_relation(name, other.name) is not TierRelation.CONFLICT
        ):
            return True
    return False


def _names_another_kind(name: str, key: str) -> bool:
    """True when the text carries every word of a catalogue kind ("Backup") that is not the
    kind of the code's product and that the product's own name does not carry."""
    product = load_catalog().get(key.removeprefix(CATALOGUE_PREFIX))
    if product is None:
        return False
    words = set(product_key(name).split())
    own = set(product_key(product.name).split())
    return any(
        family != product.family and kind <= words and not kind & own
        for family, kind in _kind_words().items()
    )


@functools.cache
def _kind_words() -> dict[str, frozenset[str]]:
    """Each catalogue kind (its ``family``) -> its words."""
    return {
        p.family: frozenset(product_key(p.family).split())
        for p in load_catalog().products()
        if p.family
    }


def _code(sku: str) -> str:
    return " ".join(sku.split()).upper() if sku else ""


def _surely_catalogued(identity: ProductIdentity) -> bool:
    """A catalogue product read by name or SKU (never a brand guess, never a code's own
    reading, so a code cannot pass a reading on twice)."""
    return (
        identity.method is ProductMethod.CATALOGUE
        and not identity.tolerant
        and not identity.detail.startswith("item code ")
    )
