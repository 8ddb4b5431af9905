"""A PSA text that names only a kind of product is no one maker's product by its name alone.

An MSP's agreement bills a product by what it does as often as by its maker's name: "M365
Backup" or "Office 365 Backup" is how a billing line reads for Datto SaaS Protection (it
backs up a Microsoft 365 tenant's mail, OneDrive and SharePoint: saasprotection.datto.com,
"How Datto SaaS Protection works"), for Dropsuite Microsoft 365 Backup (NinjaOne SaaS Backup
since 2024), for Spanning Backup for Microsoft 365 and for Veeam Backup for Microsoft 365
alike. The name readers set a maker's brand aside
(:func:`recon.catalog.text.rank_products`), so such a text scores as high against the one
maker whose product's name is the kind's words plus its brand ("Dropsuite Microsoft 365
Backup") as a spelling of that very product, and text alone paired it: "Clear Logistics",
billing "M365 Backup" for its parent's Datto seats, showed a Dropsuite line billed and not
bought beside the parent's Datto line bought and not billed, one product as both halves.

So :func:`pair_products` does not pair a text on its name alone (:func:`kind_only`) when:

- it names the candidate's catalogue kind (:func:`recon.catalog.text.families_named`);
- the vendor file carries a product of that kind from another maker.

A text naming its maker ("Dropsuite 365 Backup") is read by the catalogue before any name
likeness, so it never comes here. Such a text is then weighed on the seats at each client
like any unread text (:mod:`recon.match.product_evidence`), or asked about in one mapping
question with its candidates and the money at stake; never paired silently.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping

from recon.catalog import load_catalog
from recon.catalog.text import CATALOGUE_PREFIX, catalogue_family, families_named


def kind_makers(vendor_keys: Iterable[str]) -> dict[str, frozenset[str]]:
    """Per catalogue kind, the makers whose products of that kind the vendor file carries.

    Args:
        vendor_keys: the vendor file's product identity keys.
    """
    catalog = load_catalog()
    found: dict[str, set[str]] = defaultdict(set)
    for key in vendor_keys:
        if not key.startswith(CATALOGUE_PREFIX):
            continue
        product = catalog.get(key.removeprefix(CATALOGUE_PREFIX))
        if product is not None and product.family:
            found[product.family].add(product.vendor)
    return {kind: frozenset(makers) for kind, makers in found.items()}


def kind_only(psa_name: str, vendor_key: str, makers: Mapping[str, frozenset[str]]) -> bool:
    """True when a PSA text names only the kind of its best candidate, which several makers
    in the vendor file sell (module docstring).

    Args:
        psa_name: the PSA product's name as written.
        vendor_key: its best candidate's identity key.
        makers: :func:`kind_makers` of the vendor file.
    """
    kind = catalogue_family(vendor_key)
    if not kind or len(makers.get(kind, ())) < 2:
        return False
    return kind in families_named(psa_name)
