"""A kind text a one-maker source's maker sold a product under: "Phone System" at Partner Center.

Microsoft Partner Center sells Microsoft's products only, so a kind question ("Is Antivirus
bought from ...?", :mod:`recon.engine.kind_questions`) is not asked of it for a kind in
general: an MSP's "Antivirus" or "Email Security" is a reseller's product bought elsewhere far
more often than a Microsoft licence. But some kind texts are a Microsoft product's own name
with only the brand left out. Microsoft sold Teams Phone as "Microsoft 365 Phone System"
(learn.microsoft.com/microsoftteams/what-is-phone-system-in-office-365: "Teams Phone,
formerly Phone System"), and an Autotask contract "Microsoft 365 Licensing" bills it as
"Phone System - Monthly". The catalogue does not read that text as the licence, on purpose
(an MSP may give its own hosted phone service that name, ``aliases.csv``); but where the
Partner Center file sells nothing of its kind, its seats billed with a cost per seat are
either a licence that lapsed or was never bought, or a phone service bought elsewhere.
Names cannot say which, so it is asked once, its lines shown pending the answer.

A text qualifies here when its key (billing words and a short qualifier set aside, as the
catalogue keys names) is, for exactly one of the maker's catalogued products, that product's
current or former name with its first word, the maker's brand or suite ("Microsoft",
"Microsoft 365", keyed ``m365``), left out; and that product is of a kind the text itself
names (``kinds.csv``: "phone system" names Voice). Every other condition of a kind question
holds as for a marketplace.
"""

from __future__ import annotations

import functools
from collections.abc import Collection

from recon.catalog import load_catalog, product_key
from recon.catalog._loose import qualifier_cores
from recon.catalog.billing_text import billing_core
from recon.engine.one_kind import ONE_KIND

#: How :func:`recon.catalog.product_key` writes Microsoft's suites ("Microsoft 365" ->
#: ``m365``): a first word that, like the maker's own name, brands the product.
_SUITE_KEYS = frozenset({"m365", "o365"})


def makers_own_name(text: str, makers: Collection[str], kinds: Collection[str]) -> bool:
    """True when ``text`` is one of ``makers``' products' own names with its brand left out,
    and that product is of one of ``kinds`` (module docstring).

    Args:
        text: the PSA text as written.
        makers: the source's makers, casefolded
            (:attr:`recon.engine.maker_questions.Source.makers`).
        kinds: the kinds the text names (:data:`recon.engine.one_kind.ONE_KIND` read).

    Example:
        >>> makers_own_name("Phone System - Monthly", {"microsoft"}, {"Voice"})
        True
    """
    index = _brandless_names(frozenset(makers))
    cores = {text, billing_core(text), *(core for core, _ in qualifier_cores(text))}
    found = {hit for core in cores for hit in index.get(product_key(core), ())}
    return len(found) == 1 and next(iter(found))[1] in kinds


@functools.lru_cache(maxsize=8)
def _brandless_names(makers: frozenset[str]) -> dict[str, frozenset[tuple[str, str]]]:
    """Key without its first brand word -> the (product id, kind) pairs it names, for the
    makers' catalogued products of a kind, under their current and former names."""
    catalog = load_catalog()
    out: dict[str, set[tuple[str, str]]] = {}
    for product in catalog.products():
        if product.vendor.casefold() not in makers or not product.family:
            continue
        brand = product_key(product.vendor)
        kind = ONE_KIND.get(product.family, product.family)
        for name in (product.name, *catalog.other_names(product.id)):
            tokens = product_key(name).split()
            if len(tokens) > 2 and (tokens[0] == brand or tokens[0] in _SUITE_KEYS):
                out.setdefault(" ".join(tokens[1:]), set()).add((product.id, kind))
    return {key: frozenset(found) for key, found in out.items()}
