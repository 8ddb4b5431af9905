"""How PSA product texts compare with vendor products, for the evidence pass.

The name comparison itself is :func:`recon.catalog.text.compare_product`; this module adds what
the evidence pass needs on top: each distinct (PSA name, vendor product) scored once a run, and
a text that names only what a product is (its kind, or its plan family) scored as alike enough
to ask about, never enough to pair on names alone.
"""

from __future__ import annotations

from recon.catalog import TierRelation
from recon.catalog.text import TextMatch, compare_product, kind_named
from recon.match.phrase_kinds import names_own_kind
from recon.match.plan_families import names_family

__all__ = ["KIND_NAMED", "TextScores", "names_kind"]

#: A PSA text naming only what a catalogued vendor product is ("M365 Backup", "Managed EDR")
#: is alike to it this much (:func:`names_kind`): enough to ask, and to tell it apart from an
#: unbilled line of another kind with equal seats, never enough to pair on names alone.
KIND_NAMED = 70.0


class TextScores:
    """How PSA names compare with vendor products, each distinct triple scored once a run.

    The evidence pass runs several times a reconciliation (on the exact clients before
    matching, then on every match, again after a reading acts) over mostly the same
    (PSA name, vendor product) pairs: one instance shared by those passes scores each once.

    Args:
        brands: brand words to disregard when comparing names.
    """

    def __init__(self, brands: frozenset[tuple[str, ...]] = frozenset()) -> None:
        self.brands = brands
        self._found: dict[tuple[str, str, str], TextMatch] = {}

    def of(self, psa_name: str, vendor_key: str, vendor_name: str) -> TextMatch:
        """The names' comparison (:func:`recon.catalog.text.compare_product`), cached; a PSA
        text that names only the vendor product's kind scores :data:`KIND_NAMED` at least."""
        key = (psa_name, vendor_key, vendor_name)
        found = self._found.get(key)
        if found is None:
            found = compare_product(psa_name, vendor_key, vendor_name, self.brands)
            if found.relation is not TierRelation.CONFLICT and found.score < KIND_NAMED:
                kind = names_kind(psa_name, vendor_key, vendor_name) or names_own_kind(
                    psa_name, vendor_key
                )
                family = "" if kind else names_family(psa_name, vendor_name)
                if kind:
                    found = TextMatch(KIND_NAMED, found.relation, f"names its kind ({kind})")
                elif family:
                    found = TextMatch(
                        KIND_NAMED, found.relation, f"names its plan family ({family})"
                    )
            self._found[key] = found
        return found


def names_kind(psa_name: str, vendor_key: str, vendor_name: str) -> str:
    """The catalogue kind of the vendor product ("Backup", "EDR", "Email security") when the
    PSA text carries every word of it and the product's own name carries none ("M365
    Backup" for Datto SaaS Protection; "Managed EDR" for SentinelOne Singularity Control);
    else "".

    PSA catalogues often bill a product by what it is, not by its name. A kind that is part
    of the product's name ("IRONSCALES Email Security") is weighed by the name comparison
    already, so it adds nothing here; a text that says it is the MSP's own service ("Backup
    Monitoring", billed per protected seat) names a service about the product, not the product.
    """
    return kind_named(psa_name, vendor_key, vendor_name)
