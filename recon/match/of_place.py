"""A place named with "of" is part of an organisation's name, not a site label.

"Dorsey Montessori School of Ohio" beside "Dorsey Montessori School", "Servpro of Tampa"
beside "Servpro": a state or city after "of" is how a separately incorporated business
names itself, a state-chartered subsidiary ("Blue Cross Blue Shield of Texas"), a
franchisee named for its territory (the "<brand> of <territory>" names franchise systems
give their franchisees), a regional company of a national name. A site label reads
differently: "Acme Law - Denver", "Acme Law (Denver)", "Acme Law Denver". So a name that
adds "of <place>" is another organisation unless the lines say otherwise: the place does
not keep the pair the way a site label does (:func:`recon.match.fuzzy_pairs.apart_by_a_word`).
"""

from __future__ import annotations

from collections.abc import Sequence

from recon.match.names import NameDiff
from recon.match.places import is_place_name


def _names_a_place(words: Sequence[str]) -> bool:
    """True when these words (one name's, as written) hold "of" followed by a place."""
    folded = [w.casefold().strip(".,") for w in words]
    return any(
        word == "of" and n + 1 < len(folded) and is_place_name(folded[n + 1])
        for n, word in enumerate(folded)
    )


def of_a_place(diff: NameDiff) -> bool:
    """True when one name alone holds "of <place>" ("of Ohio", "OF TAMPA") and the other
    holds no place of its own: the place names an organisation, not one of its sites.

    Args:
        diff: how the two names differ (:func:`recon.match.names.diff_names`).
    """
    if not diff.places:
        return False
    vendor, psa = _names_a_place(diff.vendor_only), _names_a_place(diff.psa_only)
    return vendor != psa
