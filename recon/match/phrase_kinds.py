"""A PSA text naming a kind by the words people bill it under names that kind's products.

PSA catalogues bill a product by what it does as often as by its name: "Phishing Protection"
for an email security product (IRONSCALES is "an integrated cloud email security and
anti-phishing solution" that universities and MSPs roll out as their phishing protection;
Microsoft's guidance for Defender for Office 365 names "phishing protection" as email's and
sends endpoint protection elsewhere: ``recon/catalog/kinds.csv`` cites each), "Spam
Filtering" for Proofpoint Essentials.

The evidence pass scores a text naming a product's kind as alike enough to ask about
(:data:`recon.match.text_scores.KIND_NAMED`), but only where the product's own name leaves
the kind out (:func:`recon.catalog.text.kind_named`: a kind in the name, "IRONSCALES *Email
Security*", is weighed by the name comparison). A phrase is not: "Phishing Protection" and
"IRONSCALES Email Security" share no word, scored 32, and 67 "Phishing Protection" beside 69
unbilled IRONSCALES seats at one client was "IRONSCALES missing in PSA" beside an unmapped
text, one misnaming as two statements, the real two-seat gap missed.

Here a text carrying every word of a phrase ``kinds.csv`` lists for a kind names each
catalogued product of that kind (:func:`names_own_kind`), whatever the product's name holds:
as alike as a text naming the kind in its own words, enough to ask, never to pair on the name
alone.
"""

from __future__ import annotations

from recon.catalog.text import catalogue_family, kind_phrase_families

__all__ = ["names_own_kind"]


def names_own_kind(psa_name: str, vendor_key: str) -> str:
    """The catalogued vendor product's kind when a PSA text names it by a ``kinds.csv``
    phrase ("Email security" for "Phishing Protection" and IRONSCALES Email Security), even
    where the product's own name carries the kind's words; else "".

    Args:
        psa_name: the PSA product text.
        vendor_key: the vendor product's key (a catalogue product is ``cat:`` and its id).
    """
    family = catalogue_family(vendor_key)
    return family if family and family in kind_phrase_families(psa_name) else ""
