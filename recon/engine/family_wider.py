"""One question where a lone customer's offices also bill products it never bought.

:mod:`recon.engine.family_unpaired` weighs a vendor customer paired with nothing against the
lone companies of its first word that bill **only** products it holds. A subsidiary billed
under the brand ("Brooks Property Services" beside "Brooks Brothers Surveying", both billed
for "Brooks Brothers Srveying") often also bills a product the organisation buys elsewhere
or not at all (Windows Enterprise E3 the vendor file does not hold for it): that line is the
family's real gap either way, but it kept the company out of the weighing, and every line of
the family showed twice, bought and "missing in PSA", billed and "missing in vendor" (eight
false gaps on the 20,000-client site families' pair).

Here, for a customer no other question names, where one lone company is the customer's own
name (word for word, or one word typed with a slip: :func:`recon.engine.review_departments.
reads_as`; matching left them apart on the lines, the subsidiary holding part of them), the
lone companies of its first word billing at least half their products among the customer's
are weighed on those products alone, the others left their own gaps (as
:mod:`recon.engine.family_questions` leaves a company's other lines beside a paired parent;
without a company of the customer's name, a company billing what the customer never bought
stays another client, as :mod:`recon.engine.family_unpaired` has it), on the same lines as
:mod:`recon.engine.family_unpaired` (summed seats exact on two and near on half, one price
per product, each company agreeing somewhere, one set or the widest) and, the names and
products saying less, held to chance odds as :mod:`recon.engine.family_initials` holds
initials: exact on more than
:data:`~recon.engine.family_chance.FEW_LINES` products (three agreeing lines: under 0.001
chance parents on the dev sets, :mod:`recon.engine.family_chance`). A company two customers'
sets take is asked about by neither. The outcome is one question, never a pairing.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Mapping

from recon.engine.family_initials import beyond_chance, constant_word
from recon.engine.family_unpaired import MAX_MEMBERS, STRONG_AGREE, Asked, ask_one, sole_sets
from recon.engine.review_departments import reads_as
from recon.model import Gap
from recon.normalize import client_key


def ask_wider(
    customers: Mapping[str, Mapping[str, Gap]],
    companies: Mapping[str, Mapping[str, Gap]],
    *,
    apart: Collection[tuple[str, str]],
    first_word: Callable[[str], str],
    key: Callable[[str], str] = client_key,
) -> list[Asked]:
    """The family questions of customers whose companies also bill other products.

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
    by_word: dict[str, list[str]] = defaultdict(list)
    for company in sorted(companies):
        by_word[first_word(company)].append(company)

    def kept(whole: str, part: str) -> bool:
        return (key(whole), key(part)) not in apart

    fits: list[tuple[str, tuple[str, ...]]] = []
    for customer, lines in sorted(customers.items()):
        if len(lines) <= STRONG_AGREE:
            continue
        held = set(lines)
        group = [
            c
            for c in by_word.get(first_word(customer), [])
            if 2 * _shared(companies[c], held) >= len(companies[c])
        ]
        if not 2 <= len(group) <= MAX_MEMBERS:
            continue
        if all(set(companies[c]) <= held for c in group):
            continue  # family_unpaired weighed these already
        own = {c for c in group if reads_as(key(customer), key(c))}
        if not own:
            continue  # no company of the customer's own name: whose extra lines, unsaid
        trimmed = {c: {p: g for p, g in companies[c].items() if p in held} for c in group}
        found = sole_sets(
            {customer: lines},
            trimmed,
            first_word=constant_word(""),
            kept=kept,
            agree=beyond_chance,
        )
        fits += [(whole, members) for whole, members in found if own & set(members)]
    taken = Counter(c for _, members in fits for c in members)
    return [
        ask_one(customer, members, customers[customer], companies)
        for customer, members in fits
        if all(taken[c] == 1 for c in members)
    ]


def _shared(lines: Mapping[str, Gap], held: set[str]) -> int:
    return sum(1 for product in lines if product in held)
