"""Site and office labels in client names: "Acme Dental - Head Office", "Acme Dental: Fresno".

One customer is often billed as a PSA company per office or site (ConnectWise companies per
location, Autotask sub-organizations), each named for the customer and a label. Which words
such a label may hold, and which name a key is an office of, are read here, from the name
alone: the family, review and matching steps all read them, so this module imports no step
(the matching step would otherwise import the family steps that import it).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from functools import cache

from recon.match.places import PLACE_NAMES
from recon.normalize import client_key

#: Words the family's own name must keep: one word alone ("Acme") names too many companies.
MIN_BASE_WORDS = 2
#: Words of a label that name an office, a department or a lab of one organisation, never
#: another company (folded by :func:`recon.normalize.client_key` before use).
#: Never a word that also names a business of its own ("Lab", "Clinic", "Warehouse": a dental
#: lab is a company), nor a direction or "New" ("- East" is a near twin, recon.match.sites).
_SITE_WORDS_RAW = (
    "main head office offices hq headquarters branch site location campus dept department "
    "division admin administration accounting billing finance payroll hr it legal sales "
    "marketing operations ops tenant legacy"
)


#: Words that name a unit of one organisation at one of its sites ("Clarke Physical Therapy -
#: Columbus Lab", "... - Reno Warehouse") but, written straight after a name, a business of
#: its own ("Smith Dental Lab" is a dental lab). MSPs name a ConnectWise site or a company
#: opened per location after the place and what is there ("Warehouse A", "Store 101": site
#: naming in PSA help; ConnectWise Manage companies vs sites, Visionary 360), so such a word
#: is read as a label's LAST word only after a place or office word, and a company so named
#: is summed only on the lines' own evidence (:func:`recon.match.tenant_sites.unit_lines_agree`).
_UNIT_WORDS_RAW = "lab labs laboratory laboratories clinic warehouse annex studio shop plant"


@cache
def unit_words() -> frozenset[str]:
    """Words of :data:`_UNIT_WORDS_RAW` as written and as client keys write them."""
    words = set(_UNIT_WORDS_RAW.split())
    return frozenset(words | {client_key(w) for w in words})


@cache
def label_words() -> frozenset[str]:
    """Words of a site label: :data:`_SITE_WORDS_RAW` as written and as client keys write
    them ("department" -> "dept"), and places."""
    words = set(_SITE_WORDS_RAW.split())
    return frozenset(words | {client_key(w) for w in words} | PLACE_NAMES)


def is_site_label(words: Sequence[str]) -> bool:
    """True when every word of a label names a place, an office or a department."""
    return bool(words) and label_words().issuperset(words)


def office_base(key: str) -> str | None:
    """The name a client key is an office of: its words before a trailing site label
    (at least :data:`recon.match.site_labels.MIN_BASE_WORDS` left), else None.

    Args:
        key: a client key.
    """
    labels = label_words()
    words = key.split()
    n = len(words)
    while n > 0 and words[n - 1] in labels:
        n -= 1
    return " ".join(words[:n]) if MIN_BASE_WORDS <= n < len(words) else None


def sibling_offices(candidates: Sequence[str]) -> set[str]:
    """The candidates (client keys) of one review item that are offices of one name beside
    another: one customer billed per office, the seats split between them, which the site
    step (:mod:`recon.engine.review_sites`) weighs together, never one by one.

    Args:
        candidates: the item's candidates' client keys.
    """
    bases = Counter(b for b in map(office_base, candidates) if b is not None)
    return {k for k in candidates if (b := office_base(k)) is not None and bases[b] >= 2}
