"""A short word mistyped by one letter, settled by an uncommon line both clients hold.

"Falcon Field Media Grp Corp." / "Falcon Fied Media Group", "North Crossing Events" / "Noth
Crossing Events LLC": a letter dropped or doubled in a word of four letters or so is the most
common slip in a typed name, but a short word one edit from another is also how two surnames
differ ("Reid" / "Reed"), so :mod:`recon.match.name_typos` reads such a typo only with the
lines' support, and the fuzzy step asked for lines that *agree* (half of each client's). A
client whose seats changed on one product (the gap the run exists to show) then waited in
review although the pair was plain to a person.

:func:`settled_by_typo` merges such a pair, besides the fuzzy step's own guards (no rival name
fits as well, the lines neither contradict nor refute), when

- the names differ by exactly one word read as a typo of one word, nothing else (no word left
  over, no short form or initials beside it);
- the two clients hold the same (product, seats) line, and what they share weighs at least
  :data:`MIN_BITS` bits: a line at most 1 in 32 of the vendor file's clients hold (a line of
  k of n clients weighs log2(n / k), :meth:`recon.match.client_evidence.Footprints.overlap`).
  "Business Premium x 1", held everywhere, says nothing; "Power BI Pro x 5" at one client
  beside a name one letter off is the evidence a billing lead would accept at a glance.
"""

from __future__ import annotations

import re

from recon.match.names import DiffKind, NameDiff
from recon.match.overlap import Overlap

#: Bits the shared lines must weigh: the bar :mod:`recon.match.leftovers` asks of a pair with
#: a name link (one line held by at most 1 in 32 clients, or several commoner ones).
MIN_BITS = 5.0

#: The one reading allowed, as :mod:`recon.match.name_typos` writes it.
_ONE_TYPO = re.compile(r"""^(?:'[^' ]+'|"[^" ]+") as a typo of (?:'[^' ]+'|"[^" ]+")$""")


def settled_by_typo(diff: NameDiff, overlap: Overlap | None) -> bool:
    """Whether a pair the lines do not settle is one client: one word mistyped, an uncommon
    (product, seats) line shared, the lines not apart (module docstring).

    Args:
        diff: how the two names differ.
        overlap: what the two clients' lines share; None (no lines) settles nothing.
    """
    if overlap is None or overlap.apart or overlap.shared < 1 or overlap.bits < MIN_BITS:
        return False
    if diff.kind is not DiffKind.SHORT_FORMS or len(diff.readings) != 1:
        return False
    return _ONE_TYPO.match(diff.readings[0]) is not None
