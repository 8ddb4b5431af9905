"""One question where a vendor customer is billed as offices named with its initials.

An MSP often opens the PSA companies of an organisation under the short name its staff use,
the initials of its words and a form of company ("JM Company: Mesa Office" and "JM Company:
Reno Office" for "Jennings Museum"): letterheads, bank mandates and the IRS's "doing business
as" filings are full of such names, and ConnectWise and Autotask store whatever the MSP typed.
No name rule pairs them (two letters are not a name), and
:mod:`recon.engine.family_unpaired` weighs only companies whose first word is the customer's
own, so every line was a gap on both sides: bought and "missing in PSA", billed and "missing
in vendor".

Here the companies whose first word is the customer's initials are weighed as the customer's
offices, on the same lines as :mod:`recon.engine.family_unpaired` (only products the customer
holds, summed seats exact on two products and near on half, one price per product, one set
of companies or the widest). Two letters fit many names, so the letters are held to chance
odds, and the lines must say what the names do not:

- the **initials** are those of a name of :data:`MIN_WORDS` to
  :data:`~recon.match.initials.MAX_INITIALS` distinctive words (letters only; "and", "of",
  "the" and organisation words such as "Group" are never initialled, as
  :mod:`recon.match.initials` reads them; a folded word is initialled by its full word,
  "Mfg." by "M");
- **one customer** among those weighed writes those initials: where two lone customers share
  them ("Jennings Museum", "Jackson Marine"), whose letters "JM" are is a coin toss, and none
  is asked about;
- **few companies** write the letters as their first word (at most
  :data:`~recon.engine.family_unpaired.MAX_MEMBERS`): a word more companies begin with is a
  brand of its own ("ABC Plumbing", "ABC Supply"), not one organisation's offices;
- the summed seats agree **exactly on more than** :data:`~recon.engine.family_chance.FEW_LINES`
  products (three or more): under names alike three exact lines leave under 0.001 chance
  parents expected on the dev sets (:mod:`recon.engine.family_chance`); with no word in
  common the letters add less than a word, so the lines carry the weight.

The outcome is one family question naming every company, never a pairing: a "yes" records
the customer with each company and the next run sums them; a "no" for any company keeps it
from being asked again.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Collection, Mapping, Sequence
from decimal import Decimal

from recon.engine.family_chance import FEW_LINES
from recon.engine.family_unpaired import MAX_MEMBERS, Asked, _agree, ask_one, sole_sets
from recon.match.initials import MAX_INITIALS
from recon.match.name_words import ORGANISATION_WORDS
from recon.model import Gap
from recon.normalize import client_key, full_words

#: Words a customer's name needs for its initials to be read (one letter is an initial).
MIN_WORDS = 2
#: Joining words no one initials ("Museum of Art" is "MA"; client keys drop "and" already).
_JOINING = frozenset({"and", "of", "the", "for", "at", "on", "in"})


def initials(key: str) -> str | None:
    """The initials of a client key's distinctive words ("jennings museum" -> "jm"), or None
    where the name is not :data:`MIN_WORDS` to :data:`MAX_INITIALS` such words in letters.

    Args:
        key: a client key (:func:`recon.normalize.client_key`).
    """
    words = [w for w in key.split() if w not in _JOINING and w not in ORGANISATION_WORDS]
    if not MIN_WORDS <= len(words) <= MAX_INITIALS or not all(w.isalpha() for w in words):
        return None
    return "".join(_initial(w) for w in words)


def _initial(word: str) -> str:
    """A word's initial, a folded word's by its full word ("xing" is Crossing: "c")."""
    full = full_words(word)
    return full[0][0] if full else word[0]


def ask_initials(
    customers: Mapping[str, Mapping[str, Gap]],
    companies: Mapping[str, Mapping[str, Gap]],
    *,
    apart: Collection[tuple[str, str]],
    first_word: Callable[[str], str],
    key: Callable[[str], str] = client_key,
) -> list[Asked]:
    """The family questions of customers billed as companies named with their initials.

    Args:
        customers: each lone vendor customer's one-sided gaps, per product key (those no
            other family question names).
        companies: each lone PSA company's one-sided gaps, per product key (likewise).
        apart: (vendor client key, PSA client key) pairs people said are not one
            organisation.
        first_word: a name's first key word.
        key: a name's client key.

    Returns:
        One (question, implied gaps, held gap keys) per customer asked about.
    """
    by_letters: dict[str, list[str]] = defaultdict(list)
    for customer in sorted(customers):
        letters = initials(key(customer))
        if letters is not None:
            by_letters[letters].append(customer)
    by_word: dict[str, list[str]] = defaultdict(list)
    for company in sorted(companies):
        by_word[first_word(company)].append(company)
    asked: list[Asked] = []
    taken: set[str] = set()
    for letters, named in sorted(by_letters.items()):
        group = by_word.get(letters, [])
        if not 2 <= len(group) <= MAX_MEMBERS:
            continue  # a brand many companies begin with, or no offices at all
        if len(named) > 1:
            continue  # letters two customers write: whose offices, the letters cannot say

        def kept(whole: str, part: str) -> bool:
            return (key(whole), key(part)) not in apart

        fits = sole_sets(
            {customer: customers[customer] for customer in named},
            {c: companies[c] for c in group},
            first_word=constant_word(letters),
            kept=kept,
            agree=beyond_chance,
        )
        for whole, members in fits:
            if taken.isdisjoint(members):
                taken.update(members)
                asked.append(ask_one(whole, members, customers[whole], companies))
    return asked


def constant_word(word: str) -> Callable[[str], str]:
    """The first word every name is grouped under here: the customer's initials, which
    its offices write first (the group is chosen by those letters already)."""

    def read(_name: str) -> str:
        return word

    return read


def beyond_chance(whole: Mapping[str, Gap], parts: Sequence[Mapping[str, Gap]]) -> bool:
    """The family's lines agree as :mod:`recon.engine.family_unpaired` asks, and exactly on
    more than :data:`FEW_LINES` products (module docstring)."""
    if not _agree(whole, parts):
        return False
    summed: dict[str, Decimal] = defaultdict(Decimal)
    for part in parts:
        for product, gap in part.items():
            summed[product] += gap.psa_qty
    exact = sum(1 for product, gap in whole.items() if summed.get(product) == gap.vendor_qty)
    return exact > FEW_LINES
