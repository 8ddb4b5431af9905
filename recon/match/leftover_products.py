"""Two leftover clients whose names read as one by initials and who buy and bill exactly the
same products at other seats: one review question, not both halves of each line.

:mod:`recon.match.leftovers` asks about two leftovers whose names read as one ("DC Partners
P.A." for "Dorsey Capital PA": the leading words as initials; "WB Logistics" for "Wolfbend
Logistics": a compound word's two parts) only when their lines confirm it, some seats agreeing.
A client whose one product shows a real seat gap ("Visio Plan 2" 2 bought, 4 billed) has no
line that agrees, so the pair was never weighed: the vendor line showed "missing in PSA" and
the PSA line "missing in vendor", one client's quantity gap as two false statements.

Initials of a company's leading words are how people shorten names everywhere (JB Hunt, "AB
Plumbing": :mod:`recon.match.initials`); the reading finds the one candidate, and the
products confirm it. A pair is asked when all of these hold
(:func:`same_products_read_as_one`):

- both are leftovers (unmatched by every name rule) and one name writes the other's leading
  words as initials (:func:`recon.match.initials.initials_of`). Not the looser readings
  (letters dropped or run together, a licensee and a practice): "Dorsey Montessori School
  of Ohio" reads as "Dorsey Montessori School, Professional Corporation" with the place set
  aside, and two such schools buying Business Premium at other seats are two clients (check4
  partnercenter-autotask s935: the first version asked it, a wrong question);
- each holds at least one product the vendor file carries, both hold exactly the same
  products, and the seats agree (within a seat or a tenth) on every product but one: that
  one's difference is the gap. Two products or more whose seats differ are two clients'
  lines (``tests/recon/test_initials_leftovers.py``);
- no other leftover on either side reads as one with either of them and holds those same
  products.

It never merges: the pair becomes a review item, its gaps shown pending the question
(:mod:`recon.engine.pending_review`).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Sequence

from recon.match.client_evidence import Footprints, Overlap
from recon.match.names import ClientName

#: Two names read as one (:func:`recon.match.leftovers._reading` says how).
ReadsAsOne = Callable[[str, str], bool]
#: A name's first letters a reading keeps (:func:`recon.match.leftovers._first_letters`).
FirstLetters = Callable[[str], set[str]]


def same_products_read_as_one(
    lone_v: Sequence[ClientName],
    lone_p: Sequence[ClientName],
    footprints: Footprints,
    no: set[tuple[str, str]],
    reads_as_one: ReadsAsOne,
    first_letters: FirstLetters,
) -> list[tuple[ClientName, ClientName, Overlap]]:
    """The leftover pairs to ask about (module docstring), each with its overlap.

    Args:
        lone_v: the vendor leftovers not asked about yet.
        lone_p: the PSA leftovers not asked about yet.
        footprints: each client's (product, seats) lines.
        no: (vendor key, PSA key) pairs people said are two clients.
        reads_as_one: whether two names read as one client.
        first_letters: the first letters a name may be met by.
    """
    # Each PSA leftover is met by its set of products and its first letters: only a vendor
    # leftover holding exactly those products reads its name (the sets are what the rule
    # asks for, and meeting on any one product read 1.6 CPU s of names at 60,000 clients).
    holders: dict[tuple[frozenset[str], str], list[ClientName]] = defaultdict(list)
    for p in lone_p:
        products = frozenset(product for product, _ in footprints.psa_lines(p.identity))
        if products:
            for first in first_letters(p.name):
                holders[products, first].append(p)
    if not holders:
        return []
    meetings: list[tuple[ClientName, ClientName]] = []
    for v in lone_v:
        products = frozenset(product for product, _ in footprints.vendor_lines(v.identity))
        if not products:
            continue
        met: set[str] = set()
        for first in first_letters(v.name):
            for p in holders.get((products, first), ()):
                if p.identity in met or (v.key, p.key) in no:
                    continue
                met.add(p.identity)
                if reads_as_one(v.name, p.name):
                    meetings.append((v, p))
    if not meetings:
        return []
    # A name that reads as one with two leftovers holding those products singles none out.
    per_v = Counter(v.identity for v, _ in meetings)
    per_p = Counter(p.identity for _, p in meetings)
    shares = footprints.overlaps([([v.identity], p.identity) for v, p in meetings])
    return [
        (v, p, overlap)
        for (v, p), overlap in zip(meetings, shares, strict=True)
        if per_v[v.identity] == 1
        and per_p[p.identity] == 1
        and overlap.vendor_lines == overlap.psa_lines == overlap.shared_products
        and overlap.shared + overlap.near + 1 >= overlap.shared_products
    ]
