"""Sibling sites: a lone PSA company and a parent's company, one name at two places.

An MSP opens a PSA company per office ("Lyons Marine - Dayton", "Lyons Marine - Fresno")
while the vendor sells to the organisation once ("Lyoons Marine LP", as its own admin typed
it). Matching pairs the vendor customer with one office; where the vendor's name is not the
offices' own name, :mod:`recon.match.tenant_sites` cannot sum the other office by name, and
it used to show as a company with no vendor customer (every line "billed, not bought") beside
its sibling's shortfall ("bought, not billed"): two false gaps per product.

The two PSA names say what a first word cannot: the same name of two words or more, each
followed by a label that only names a place, an office or a department
(:func:`recon.match.site_labels.is_site_label`, the name rule's own test). Such a sibling is
read by :mod:`recon.engine.family_questions` as a company named after its parent (its whole
bill filling the parent's shortfall is asked about, whatever the seats); a person's yes sums
it, a no keeps it apart. Asked, never summed on the names alone: two places of one name are
two clients to the matcher.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Collection, Iterable

from recon.match.site_labels import MIN_BASE_WORDS, is_site_label, label_words


def site_base(key: str) -> str | None:
    """The name a client key is a site of: its words before a trailing site label.

    None where the key ends in no site label, or where fewer than
    :data:`recon.match.site_labels.MIN_BASE_WORDS` words are left ("Acme - Denver": one word
    names too many companies).

    Args:
        key: a client key (:func:`recon.normalize.client_key`).
    """
    labels = label_words()
    if key.rpartition(" ")[2] not in labels:
        return None  # most keys: one look-up, no split (every parent of a run is read)
    words = key.split()
    n = len(words)
    while n > 0 and words[n - 1] in labels:
        n -= 1
    if n < MIN_BASE_WORDS:
        return None
    return " ".join(words[:n])


def _own(parent: str) -> str:
    """A parent's own client key, without the spelling in brackets two companies sharing one
    key are told apart by."""
    return parent.split(" [", 1)[0] if " [" in parent else parent


class SiteSiblings:
    """The parents whose PSA company is a site of the same name as a company.

    Parents are keyed by their PSA company's client key (a spelling in brackets after it where
    two companies share one), as :class:`recon.engine.family_names.NamedAfter` keys them;
    only those ending in a site label are indexed (one look-up each: at 60,000 clients the
    family step reads about 25,000 parents), and a company is one look-up.
    """

    def __init__(self, parents: Iterable[str], key: Callable[[str], str]) -> None:
        self._key = key
        self._by_base: dict[str, set[str]] = defaultdict(set)
        labels = label_words()
        # The last word read inline first: a call per parent was most of this step's cost.
        for parent in parents:
            if parent.rpartition(" ")[2] in labels or " [" in parent:
                base = site_base(_own(parent))
                if base is not None:
                    self._by_base[base].add(parent)

    def __call__(self, company: str) -> set[str]:
        key = self._key(company)
        base = site_base(key)
        if base is None:
            return set()
        return {p for p in self._by_base.get(base, ()) if _own(p) != key}


class SiteTenants:
    """The parents a vendor customer is named as a site of: a second tenant by name.

    "Shaffer Realty PA - Mesa" is "Shaffer Realty PA" (keyed "shaffer rlty") plus a label
    that only names a place, an office, "Tenant" or "Legacy"
    (:func:`recon.match.site_labels.is_site_label`): the name rule's own reading of a second
    tenant. So is "Burke Builders (Austin)" beside a parent whose PSA company is another site
    of the name ("Burke Builders Boise": the MSP named its one company after the office it
    first served, while the organisation's second tenant is named after another). Parents
    are keyed as :class:`SiteSiblings` keys them; the vendor's and the PSA's names of a
    matched client key alike or the parent is not found (then nothing is asked). A
    customer's key is cut before each trailing label word and looked up as it stands, and
    among the parents whose key ends in a label, under the name before it.
    """

    def __init__(self, parents: Collection[str], key: Callable[[str], str]) -> None:
        self._key = key
        self._parents = parents
        self._bracketed: dict[str, set[str]] = defaultdict(set)
        for parent in [p for p in parents if " [" in p]:
            self._bracketed[_own(parent)].add(parent)
        # A parent whose PSA company is itself one site of the name ("Burke Builders Boise",
        # paired with the vendor's "Burke Builders"): a tenant named as another site of it
        # ("Burke Builders (Austin)") is a second tenant of that name, as a sibling site is
        # a second office (SiteSiblings). Only keys ending in a label are read.
        self._sites: dict[str, set[str]] = defaultdict(set)
        labels = label_words()
        for parent in parents:
            if parent.rpartition(" ")[2] in labels or " [" in parent:
                base = site_base(_own(parent))
                if base is not None:
                    self._sites[base].add(parent)

    def __call__(self, company: str) -> set[str]:
        words = self._key(company).split()
        labels = label_words()
        out: set[str] = set()
        n = len(words) - 1
        while n >= MIN_BASE_WORDS and words[n] in labels:
            base = " ".join(words[:n])
            if base in self._parents:
                out.add(base)
            out |= self._bracketed.get(base, set())
            out |= self._sites.get(base, set())
            n -= 1
        return out


def site_named(company_key: str, parent: str) -> bool:
    """True when a company's key names a site of the parent's own name: the parent's key
    plus a site label ("... - Billing", "... (Denver)"), or a sibling site of it.

    A company named after its parent with other words ("... Laboratory", "... of Tampa")
    may be a business of its own under that name (a lab, a franchise), which seats beyond
    the parent's shortfall do not rule out; a site label names no business.

    Args:
        company_key: the company's client key.
        parent: the parent's key as the family step keys it (a spelling may follow in brackets).
    """
    own = _own(parent)
    if company_key.startswith(own + " ") and is_site_label(company_key[len(own) + 1 :].split()):
        return True
    base = site_base(company_key)
    return base is not None and base == site_base(own)
