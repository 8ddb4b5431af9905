"""The products a name with a bare "365" for its suite may be: "365 E5" is Microsoft 365 E5 or
Office 365 E5.

Microsoft sells several editions under both suites (E1/E3/E5 and F3 as Office 365 and as
Microsoft 365, on Microsoft's "Compare Office 365 and Microsoft 365 enterprise plans" pages),
so a PSA text written "365 E5" names neither alone, and the catalogue reads it as nothing
(:meth:`recon.catalog._loose.LooseIndex.without_suite`). It still names one of a small set,
and at a client that buys only one of them, with seats that settle it, a caller may read it
as that one (:mod:`recon.engine.unread_lines`). This module only says which products the
form may be; what a client buys is the caller's to weigh.
"""

from __future__ import annotations

import functools

from recon.catalog import load_catalog, product_key
from recon.catalog._loose import qualifier_cores

__all__ = ["suite_readings"]

_SUITES = frozenset({"m365", "o365"})
_BARE = "365"


@functools.cache
def _by_form() -> dict[str, frozenset[str]]:
    """Today's suite product names without the suite word -> every product id so written."""
    found: dict[str, set[str]] = {}
    for product in load_catalog().products():
        tokens = product_key(product.name).split()
        if _SUITES.intersection(tokens):
            form = "".join(t for t in tokens if t not in _SUITES)
            found.setdefault(form, set()).add(product.id)
    return {form: frozenset(ids) for form, ids in found.items()}


@functools.lru_cache(maxsize=4_096)
def suite_readings(name: str) -> frozenset[str]:
    """The catalogue ids a name written with a bare "365" for its suite may be, also once a
    short qualifier is set aside ("365 E5 - Monthly"); empty when the name has no bare "365",
    writes the suite, or names nothing the catalogue writes with a suite.

    Args:
        name: a product name as written.

    Returns:
        The product ids, one or more.

    Example:
        >>> sorted(suite_readings("365 E5"))
        ['ms-m365-e5', 'ms-o365-e5']
    """
    found: set[str] = set()
    for text in (name, *(core for core, _ in qualifier_cores(name))):
        tokens = product_key(text).split()
        if tokens[:1] != [_BARE] or len(tokens) < 2 or _SUITES.intersection(tokens):
            continue
        found |= _by_form().get("".join(tokens[1:]), frozenset())
    return frozenset(found)
