"""A review candidate read with its brand's companies: "AH Animal Hospital" and "AH Staffing".

One organisation billed as several PSA companies keeps its brand, the first word, on each
("AH Animal Hospital" and "AH Staffing", both "Aspen Hollow Animal Hospital" at the vendor).
Where the vendor customer waits in review with the first company as its one candidate, the
candidate alone holds only part of the customer's lines (the rest are billed under the
second company), so the pair's products do not agree, its gaps were kept apart "whichever way
the review is answered", and each of the customer's products showed missing on both sides:
at the customer, and again at the second company (no vendor customer of its own).

Here the candidate's lines are read summed with those of its brand's companies that have no
vendor customer and no review of their own, each billing only products the customer holds,
every one of them making the summed seats the customer's exactly (:func:`brand_lines`). Where
the lines so summed agree, the pair is compared now, pending its review question
(:mod:`recon.engine.pending_review`, never matched outright), and the second company is then
one family question beside it (:mod:`recon.engine.family_questions`, "Is AH Staffing billed
for Aspen Hollow Animal Hospital's licences?"): one review and one family question with their
money, never a silent merge.

A brand is a first word, shared by many clients at scale; what makes the reading evidence is
the seats: each company's every line must complete an exact line of the customer's, and at
least :data:`MIN_EXACT` lines must be completed so. Only a review candidate with no rival is
read this way, and only :data:`MAX_COMPANIES` companies of a brand are weighed. A company
under the candidate's whole name and a word of its own (a department, "... Laboratory") is
left to the family step, which asks about it beside the review as the review stands.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable

from recon.engine.family_names import named_after
from recon.match.client_evidence import Footprints
from recon.match.names import ClientName

#: Lines a customer's brand companies must complete exactly, together: one line's seats
#: matching is a coincidence as often as not (see :mod:`recon.engine.family_questions`).
MIN_EXACT = 2
#: Companies of one brand with no vendor customer weighed at most: a common first word
#: ("Smith") names many unrelated lone companies, and no reading among many is evidence.
MAX_COMPANIES = 3

Lines = frozenset[tuple[str, int]]


class BrandCompanies:
    """Lone PSA companies (no vendor customer, in no review) by their first word, indexed on
    first question: most runs ask none."""

    def __init__(self, psa: Iterable[ClientName], lone: Collection[str]) -> None:
        self._psa = psa
        self._lone = lone
        self._by_word: dict[str, list[ClientName]] | None = None

    def of(self, candidate: ClientName) -> list[ClientName]:
        """The lone companies whose key begins with the candidate's first word."""
        if self._by_word is None:
            lone = set(self._lone)
            self._by_word = defaultdict(list)
            for company in self._psa:
                if company.identity in lone:
                    self._by_word[_first(company.key)].append(company)
        brand = _first(candidate.key)
        found = self._by_word.get(brand, []) if brand else []
        # A company under the candidate's whole name and words of its own ("... Laboratory")
        # is asked about beside the review as it stands (the lines kept either way read as
        # the candidate's shortfall, recon.engine.either_way.read_as_confirmed): only a
        # company sharing the brand alone is read here.
        return [
            c
            for c in found
            if c.identity != candidate.identity and not named_after(c.name, candidate.name)
        ]


def brand_lines(
    footprints: Footprints,
    customer: Lines,
    candidate: ClientName,
    companies: BrandCompanies,
) -> tuple[Lines, tuple[str, ...]] | None:
    """The candidate's lines summed with its brand companies', or None when they add nothing.

    Args:
        footprints: the clients' (product, milli-seats) lines.
        customer: the vendor customer's lines.
        candidate: the review item's one candidate.
        companies: the run's lone PSA companies by first word.

    Returns:
        The summed lines (per product, each client's largest line added up) and the names of
        the companies summed in, when every company summed bills only products the customer
        holds and completes an exact line of each, at least :data:`MIN_EXACT` in all.
    """
    found = companies.of(candidate)
    if not found or len(found) > MAX_COMPANIES:
        return None
    footprints.prepare((), [c.identity for c in found])
    wanted = dict(_largest(customer))
    summed = _largest(footprints.psa_lines(candidate.identity))
    taken: list[ClientName] = []
    exact = 0
    for company in found:
        lines = _largest(footprints.psa_lines(company.identity))
        if not lines or not lines.keys() <= wanted.keys():
            continue
        completes = [p for p, q in lines.items() if summed.get(p, 0) + q == wanted[p]]
        if len(completes) != len(lines):
            continue
        for product, qty in lines.items():
            summed[product] = summed.get(product, 0) + qty
        taken.append(company)
        exact += len(completes)
    if exact < MIN_EXACT:
        return None
    return frozenset(summed.items()), tuple(c.name for c in taken)


def _first(key: str) -> str:
    """A client key's first word (the brand), keyed once already with the client's name."""
    return (key.split(maxsplit=1) or [""])[0]


def _largest(lines: Lines) -> dict[str, int]:
    """Per product, the largest of a client's lines (as :class:`Footprints` compares them)."""
    out: dict[str, int] = {}
    for product, qty in lines:
        if qty > out.get(product, qty - 1):
            out[product] = qty
    return out
