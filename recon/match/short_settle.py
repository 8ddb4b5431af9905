"""Names one short form apart whose seats changed: one client, when both hold a product.

"Castillo Ped." / "Castillo Pediatrics", "Frost Pt Trucking" / "Frost Point Trucking",
"Hubbard Bluff Fncl Services" / "Hubbard Bluff Financial Services": the name is the same name
with a word written short (a truncation or a contraction, the way postal and journal
abbreviation lists shorten words: USPS Publication 28 "Pt", "Spgs"; ISO 4 "Res.",
"Found."). The fuzzy step merged such a pair only when its lines agree, so a client whose
seats changed (the very client whose gap the run exists to show) waited in review and its gap
was lost: 48 of the 185 review items the lines "do not settle" on the three dev 20,000-client
pairs, every one of them a true pair.

:func:`settled_by_short_forms` merges such a pair, besides the caller's own guards (no rival
name fits as well, the lines neither contradict nor refute), when:

- every difference is one word read as a short form of one word (never initials standing
  for a run of words, "BC" for "Baker Consulting": two letters name too many companies; never
  a typo, never a word left over on either side);
- both clients hold a product in common, whatever its seats (a pair with no product in
  common has nothing but the names to go on, and stays with a person).
"""

from __future__ import annotations

import re

from recon.match.names import DiffKind, NameDiff
from recon.match.overlap import Overlap

#: A reading of one word as another, as :mod:`recon.match.short_forms` writes it:
#: "'Fam' as 'Family'". Typos and words run together are written otherwise.
_ONE_WORD = re.compile(r"""^(?:'[^' ]+'|"[^" ]+") as (?:'[^' ]+'|"[^" ]+")$""")
#: Capitalised words run together ("PhysicalTherapy"): initials of those are initials of a
#: run of words, not a short form of one.
_GLUED = re.compile(r"[a-z][A-Z]")


def short_forms_only(diff: NameDiff) -> bool:
    """True when two names differ only by words written short, each standing for one word."""
    # SHORT_FORMS leaves no word over on either side; a typo is read "as a typo of".
    if diff.kind is not DiffKind.SHORT_FORMS or not diff.readings:
        return False
    return all(_ONE_WORD.match(r) and not _GLUED.search(r) for r in diff.readings)


def settled_by_short_forms(diff: NameDiff, overlap: Overlap | None) -> bool:
    """Whether a pair the lines do not settle is one client: the names differ only by one-word
    short forms (:func:`short_forms_only`) and both clients hold a product in common."""
    if overlap is None or overlap.apart or overlap.shared_products < 1:
        return False
    return short_forms_only(diff)
