"""Sibling sites: a lone PSA company and a parent's company, one name at two places.

An MSP opens a PSA company per office ("Lyons Marine - Dayton", "Lyons Marine - Fresno")
while the vendor sells to the organisation once ("Lyoons Marine LP", as its own admin typed
it). Matching pairs the vendor customer with one office; where the vendor's name is not the
offices' own name, :mod:`recon.match.tenant_sites` cannot sum the other office by name, and
it used to show as a company with no vendor customer (every line "billed, not bought") beside
its sibling's shortfall ("bought, not billed"): two false gaps per product.

The two PSA names say what a first word cannot: the same name of two words or more, each
followed by a label that only names a place, an office or a department
(:func:`recon.match.tenant_sites.is_site_label`, the name rule's own test). Such a sibling is
read by :mod:`recon.engine.family_questions` as a company named after its parent (its whole
bill filling the parent's shortfall is asked about, whatever the seats); a person's yes sums
it, a no keeps it apart. Asked, never summed on the names alone: two places of one name are
two clients to the matcher.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable

from recon.match.tenant_sites import MIN_BASE_WORDS, is_site_label, label_words


def site_base(key: str) -> str | None:
    """The name a client key is a site of: its words before a trailing site label.

    None where the key ends in no site label, or where fewer than
    :data:`recon.match.tenant_sites.MIN_BASE_WORDS` words are left ("Acme - Denver": one word
    names too many companies).

    Args:
        key: a client key (:func:`recon.normalize.client_key`).
    """
    words = key.split()
    labels = label_words()
    n = len(words)
    while n > 0 and words[n - 1] in labels:
        n -= 1
    if n == len(words) or n < MIN_BASE_WORDS:
        return None
    return " ".join(words[:n])


class SiteSiblings:
    """The parents whose PSA company is a site of the same name as a company.

    Parents are keyed by their PSA company's client key (a spelling in brackets after it where
    two companies share one), as :class:`recon.engine.family_names.NamedAfter` keys them;
    each is read once, and a company is one look-up.
    """

    def __init__(self, parents: Iterable[str], key: Callable[[str], str]) -> None:
        self._key = key
        self._by_base: dict[str, set[str]] = defaultdict(set)
        for parent in parents:
            base = site_base(parent.split(" [", 1)[0])
            if base is not None:
                self._by_base[base].add(parent)

    def __call__(self, company: str) -> set[str]:
        key = self._key(company)
        base = site_base(key)
        if base is None:
            return set()
        return {p for p in self._by_base.get(base, ()) if p.split(" [", 1)[0] != key}


class SiteTenants:
    """The parents a vendor customer is named as a site of: a second tenant by name.

    "Shaffer Realty PA - Mesa" is "Shaffer Realty PA" (keyed "shaffer rlty") plus a label
    that only names a place, an office, "Tenant" or "Legacy"
    (:func:`recon.match.tenant_sites.is_site_label`): the name rule's own reading of a second
    tenant. Parents are keyed as :class:`SiteSiblings` keys them; the vendor's and the PSA's
    names of a matched client key alike or the parent is not found (then nothing is asked).
    """

    def __init__(self, parents: Iterable[str], key: Callable[[str], str]) -> None:
        self._key = key
        self._by_key: dict[str, set[str]] = defaultdict(set)
        for parent in parents:
            own = parent.split(" [", 1)[0]
            if own.count(" ") + 1 >= MIN_BASE_WORDS:
                self._by_key[own].add(parent)

    def __call__(self, company: str) -> set[str]:
        words = self._key(company).split()
        out: set[str] = set()
        for n in range(MIN_BASE_WORDS, len(words)):
            if is_site_label(words[n:]):
                out |= self._by_key.get(" ".join(words[:n]), set())
        return out
