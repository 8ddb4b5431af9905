"""A PSA text that bills an ended product by its line's name: "Duo (NCE) with Onboarding".

Makers sell a line in editions and name them the line and the edition: Cisco's "Duo
Essentials", "Duo Advantage", "Duo Premier" (duo.com, "Editions & Pricing"), Adobe's
"Creative Cloud" + "All Apps" (:mod:`recon.catalog.line_names`). An MSP's PSA often bills the
line alone ("Duo", "Duo - Monthly"), which no catalogue rule reads: the line has several
editions. Where the vendor shows one edition of the line ended at the client and sells it none
of the others, the line's name there names that edition: the MSP still bills the product the
vendor stopped (:mod:`recon.engine.ended_lines`), "missing in vendor".

The text's billing words and the services billed on its line are set aside first
(:func:`recon.catalog.billing_text.billing_core`: "with Onboarding", "(NCE)"), as the
catalogue does.
"""

from __future__ import annotations

from recon.catalog import product_key
from recon.catalog.billing_text import billing_core
from recon.catalog.line_names import names_line_of


def line_named(text: str, product: str, brands: frozenset[tuple[str, ...]]) -> str:
    """The line name a PSA text bills an ended product by ("Duo" for Duo Essentials); ""
    when the text is not that product's line name.

    Args:
        text: the PSA text as written ("Duo (NCE) with Onboarding").
        product: the ended vendor product's name ("Duo Essentials").
        brands: the catalogue's maker brands (:meth:`recon.Catalog.brands`).

    Returns:
        The line's words as the text writes them once set aside, or "".
    """
    for core in dict.fromkeys((text, billing_core(text))):
        if core and product_key(core) and names_line_of(core, product, brands):
            return core
    return ""
