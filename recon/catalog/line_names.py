"""A product line's name with its edition left out: "Creative Cloud" for "Adobe Creative Cloud
All Apps for teams".

Vendors name what they sell as a product line followed by an edition or plan: Adobe's
"Creative Cloud" + "All Apps" / "Single App" (adobe.com, Creative Cloud for teams plans),
Bitdefender's "GravityZone" + "Business Security" / "Premium", Sophos's "Intercept X" +
"Essentials" / "Advanced", SentinelOne's "Singularity" + "Core" / "Control" / "Complete" (each
maker's price list). An MSP's PSA often bills the line alone ("Creative Cloud - Monthly"),
which no rule reads as one product: the line has several editions. At one client, though,
the vendor sells one edition of the line or none, so there the line's name names it, when
the seats say so too (:mod:`recon.engine.unread_lines`, which reads a text as the one product
at a client alike it, on exact seats only).

A line name here is the text's words, brand and billing words set aside, written as the
first words of the product's name (brand words set aside), fewer than all of them. At least
one of them is a word of three letters or more that tells no editions apart: "Microsoft 365"
alone (a suite word) or "Business" alone may be an MSP's own plan, never a line.
"""

from __future__ import annotations

import functools

from recon.catalog._keys import product_key, tier_tokens
from recon.catalog._loose import brands_in, without_brands


@functools.lru_cache(maxsize=16_384)
def names_line_of(text: str, product: str, brands: frozenset[tuple[str, ...]]) -> bool:
    """True when the text is the product's line name with its edition left out.

    Args:
        text: a PSA product text as written ("Creative Cloud - Monthly").
        product: the vendor product's name ("Adobe Creative Cloud All Apps for teams").
        brands: brand words (:meth:`recon.Catalog.brands`).

    Returns:
        Whether the text's words are the first words of the product's name and fewer.

    Example:
        >>> names_line_of("Creative Cloud", "Creative Cloud All Apps for teams", frozenset())
        True
    """
    words = product_key(text).split()
    named = brands_in(words, brands)
    own = product_key(product).split()
    makers = brands_in(own, brands)
    if named and named.isdisjoint(makers):
        return False  # another maker's line
    line = without_brands(words, named)
    full = without_brands(own, makers)
    first = _first_words(line, full)
    if not first:
        return False
    return any(len(word) >= 3 and not tier_tokens(word) for word in first)


def _first_words(line: list[str], full: list[str]) -> list[str]:
    """The product's first words (fewer than all) that the text's words are, as written or
    with the spaces between words set aside: a PSA splits a name the maker runs together
    ("One Drive for Business" for Microsoft's "OneDrive for business (Plan 1)") or runs
    together one it splits ("PowerBI" for "Power BI Pro"), and it is still that name."""
    if not line:
        return []
    if len(line) < len(full) and full[: len(line)] == line:
        return full[: len(line)]
    joined = "".join(line)
    for count in range(1, len(full)):
        if "".join(full[:count]) == joined:
            return full[:count]
    return []
