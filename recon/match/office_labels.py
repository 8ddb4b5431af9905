"""A site label made of places and office words: "Newman Supply Main Office", "... - Denver".

Read by the site rule (:mod:`recon.match.sites`) and by the leftovers pass's site link
(:mod:`recon.match.site_links`); kept apart from both because the site rule reads the
leftovers pass's budget and the pass reads the link (an import cycle otherwise).
"""

from __future__ import annotations

from recon.match.name_reading import site_split
from recon.match.places import is_place_name

#: Folded words that name an office or a department of one client, never another company
#: ("Main Office", "Head Office", "HQ", "Admin", "Billing"); with places, a site label.
OFFICE_WORDS = frozenset("main head office offices hq headquarters admn billing".split())


def site_label(name: str) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
    """A name's base words and its site label, when the label is only places and office or
    department words (:data:`OFFICE_WORDS`); None for any other site word (a direction, a
    number, a branch), which may name another client.

    "Newman Supply Main Office" -> (("newman", "sply"), ("main", "office")): "Main" before an
    office word is part of the label, though no dash marks it.

    Args:
        name: the name as written.
    """
    base, site = site_split(name)
    if site and site[0] in {"office", "offices"} and base and base[-1] in {"main", "head"}:
        base, site = base[:-1], (base[-1], *site)
    if not all(w in OFFICE_WORDS or is_place_name(w) for w in site):
        return None
    return base, site
