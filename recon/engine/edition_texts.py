"""A PSA text that is only an edition ("Business Premium"), read in the context of what the
vendor file sells: one question, never a silent reading.

PSA catalogues are typed by people, and a short text naming only the edition is common
("Business Premium", "Business Basic License", "SW - Business Standard"). By name alone it
names nothing (an MSP may call its own plan so), and where the vendor sells it to none of the
text's clients no seats can pair it either: the lines sat unmapped, and a client billed for a
licence the vendor no longer sells it (a ghost line, a refund risk) showed no gap at all.

In the context of the vendor file it says more: when exactly one product the file sells
carries every one of those edition words, that product is the likely reading. It is asked,
not decided: one :class:`~recon.model.MappingQuestion`, whose "yes" gap (missing in vendor at
a client the vendor does not sell it to, a quantity gap where it does) shows now as pending.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping

from recon.catalog import TierRelation, product_key, qualifier_cores, tier_tokens
from recon.catalog.text import TextMatch
from recon.match.product_evidence import Support, Verdict

#: Edition words (and plan codes, "E3", "P1"): the words that say which sibling of a product
#: line a text is. The kind and add-on words tier_tokens also knows ("Backup", "Server",
#: "Security") are left out: "Server Backup" is as often the MSP's own service as a licence.
EDITION_WORDS = frozenset(
    "basic standard premium essentials business enterprise professional advanced "
    "advantage premier plus pro".split()
)
_SUITES = frozenset({"m365", "o365"})
#: The name score the question's candidate carries (x 0.8 on the evidence scale: 56, above
#: the bar at which a question shows its pending gaps, below any pairing).
EDITION_SCORE = 70.0


def edition_words(name: str) -> frozenset[str] | None:
    """The edition words of a text made of nothing else, or None.

    A short qualifier ("- Annual", "SW - ", "License") is set aside first. Two edition words
    at least, or a plan code: one word alone ("Pro", "Premium") is how MSPs name their own
    service tiers.

    Example:
        >>> sorted(edition_words("Business Premium - Annual"))
        ['business', 'premium']
        >>> edition_words("Premium Support") is None
        True
    """
    for core in (name, *(c for c, _ in qualifier_cores(name))):
        # A bare "365" is either suite ("365 E3"): the vendor file's products tell which.
        words = set(product_key(core).split()) - {"365"}
        if not words or not words <= tier_tokens(core):
            continue
        editions = words - _SUITES
        codes = editions - EDITION_WORDS
        if any(not (len(w) in (2, 3) and w[0] in "aefp" and w[1:].isdigit()) for w in codes):
            continue
        if len(editions) >= 2 or codes:
            return frozenset(words)
    return None


def edition_verdicts(
    texts: Collection[str],
    psa_names: Mapping[str, str],
    vendor_names: Mapping[str, str],
    *,
    rejected: frozenset[tuple[str, str]] = frozenset(),
) -> dict[str, Verdict]:
    """One question per edition-only PSA text whose edition one sold product alone carries
    (the caller drops a text some client bills beside that product: the MSP's own plan).

    Args:
        texts: PSA keys nothing paired or asked about.
        psa_names: PSA key -> its name.
        vendor_names: vendor key -> its name, for every product the vendor file sells.
        rejected: (PSA key, vendor key) pairs people said are not one product.

    Returns:
        PSA key -> a verdict asking about its one candidate (no seats behind it).
    """
    out: dict[str, Verdict] = {}
    for key in texts:
        words = edition_words(psa_names.get(key, ""))
        if words is None:
            continue
        fits = [v for v, name in vendor_names.items() if words <= tier_tokens(name)]
        if len(fits) != 1 or (key, fits[0]) in rejected:
            continue
        vendor_name = vendor_names[fits[0]]
        match = TextMatch(
            EDITION_SCORE,
            TierRelation.PARTIAL,
            f"only the edition, and of what the vendor sells only {vendor_name!r} is it",
        )
        support = Support(fits[0], match, agree=0, near=0, seat_counts=0, clients=0, held=())
        out[key] = Verdict(key, (support,), act=None, ask=True)
    return out
