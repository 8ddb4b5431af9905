"""Names one organisation word apart: a style of the one trade name, or another company?

"Bell Travel Group" / "Bell Travel" and "Highland Gate Insurance Services" / "Highland Gate
Insurance" are one client written with and without a word that only styles the trade name;
a client whose lines differ (a quantity gap, a seat added) cannot show that on its lines, so
before this rule every such client waited in review and lost its gaps. "Snyder Design Studio
Holdings" / "Snyder Design Studio" looks the same and is another company: a holding company,
as "Acme UK" or "Acme International" is a national subsidiary, is a legal entity of its own
that an MSP bills on its own.

Business registers treat all of these words alike when telling names apart (UK Companies
House "same as" rules, The Company, Limited Liability Partnership and Business (Names and
Trading Disclosures) Regulations 2015, Schedule 3: "company", "group", "holdings",
"international", "services", "UK", ...), which is why :data:`recon.match.name_words.
ORGANISATION_WORDS` never merges on them alone. This module splits that list by what the word
says about the entity: :data:`STYLE_WORDS` describe how the firm presents itself (a group, a
company, associates, services, solutions, a practice); the rest (holdings, holdco, countries
and "international", "global") name a parent or a subsidiary, the structure the Companies
Act 2006 s. 1159 calls holding company and subsidiary, and "partners" a partnership that is
a firm of its own.

:func:`settled_by_style` merges a pair only when all of these hold:

- the names differ only by style words, all on one side (a word on each side, "Wilcox
  Services" / "Wilcox International", is two firms' names as often as one's), every other
  word written alike or only spaced otherwise: no initials, short form, typo, place or site
  beside them ("PL Group" for "Palmer Laboratories" was another company at 60,000 clients);
- both clients hold the same product (whatever its seats): the lines cannot agree when the
  seats changed, but a pair whose products are disjoint has no evidence besides the names;
- the caller has found no rival name and no contradicting lines (:mod:`recon.match.fuzzy`).
"""

from __future__ import annotations

from recon.match.names import DiffKind, NameDiff
from recon.match.overlap import Overlap
from recon.normalize import client_key

#: Organisation words (folded by :func:`recon.normalize.client_key`) that style a trade name:
#: "Group", "Services", "Company", "Associates", "Solutions", "Enterprises", "Consulting",
#: "Practice", "Firm", "Team" and their listed abbreviations. Left out on purpose:
#: "Holdings" / "Holdco" (a parent company), "International", "Global", "Worldwide", "UK",
#: "USA", "US" (a national subsidiary), "Partners" (a partnership of its own: "Capital
#: Partners", a practice's partners' group), "Alliance" and "Network(s)" (a body of several
#: firms).
STYLE_WORDS = frozenset(
    {"grp", "svc", "co", "cos", "company", "companies", "assoc", "sol", "ent"}
    | {"consult", "practice", "firm", "team", "professionals", "specialists"}
)


#: How :mod:`recon.match.run_together` writes words only spaced otherwise ("'RichterSolar' as
#: 'Richter Solar' run together"); one run together with a typo is written "... with a typo".
_RESPACED = " run together"


def style_only(diff: NameDiff) -> bool:
    """True when two names differ only by style words, all written on one side."""
    # Every other word written alike, or only spaced otherwise ("RichterSolar"): a reading
    # beside the style word (initials, "PL Group" for "Palmer Laboratories"; a short form; a
    # typo) is a second difference, and at 60,000 clients such pairs were other companies (a
    # place beside it is no style word).
    if diff.kind is not DiffKind.SOFT_EXTRA:
        return False
    if not all(reading.endswith(_RESPACED) for reading in diff.readings):
        return False
    if bool(diff.vendor_only) == bool(diff.psa_only):
        return False
    return all(client_key(word) in STYLE_WORDS for word in (*diff.vendor_only, *diff.psa_only))


def settled_by_style(diff: NameDiff, overlap: Overlap | None) -> bool:
    """Whether a pair the lines do not settle is one client: the names differ only by style
    words (:func:`style_only`) and both clients hold a product in common."""
    if overlap is None or overlap.contradicts or overlap.shared_products < 1:
        return False
    return style_only(diff)
