"""One question where the vendor holds an organisation at its head office and the PSA bills
its branch offices.

MSPs bill an organisation of several offices either as one PSA company with sites or as one
company per office: ConnectWise's own guidance weighs "Sites under a parent Company" against
"individual Companies" for a client with "a primary headquarters and several ... office
locations" (Visionary 360, "When to use sites vs separate companies in ConnectWise Manage"),
and Autotask keeps parent and child accounts apart the same way. The licences are bought
once: a Microsoft CSP customer is one tenant with one company profile and address
(Partner Center, "Create a customer"), usually the head office's. So the vendor file holds
"Compass Bend Legal Services LLC - Head Office" while the PSA bills "... Toledo", "...
Mesa" and "... Boise", no company under the head office's own name. Two site labels are two
offices as far as names go, :mod:`recon.engine.family_site_pairs` asks only where one
company is billed, and :mod:`recon.engine.family_unpaired` only where the offices bill
nothing the customer did not buy; a branch billing one more product (Business Basic bought
elsewhere) kept the organisation out of both, and every line showed twice: bought and
"missing in PSA" at the head office, billed and "missing in vendor" at each branch (10 false
gaps on one sites pair).

Here, for a lone customer named as a site of a base of two words or more
(:func:`recon.engine.family_sites.site_base`), the lone companies named as other sites of
that same base (two to :data:`~recon.engine.family_unpaired.MAX_MEMBERS`, each billing at
least half its products among the customer's) are weighed on the customer's products alone,
their other lines left their own gaps (as :mod:`recon.engine.family_wider` leaves them),
on the lines :mod:`recon.engine.family_wider` holds them to: summed seats exact on more than
:data:`~recon.engine.family_chance.FEW_LINES` products and near on half, one price per
product, each company agreeing somewhere, one set or the widest. One answer: a base with a
second lone customer (two offices bought apart: whose lines are whose is open), or a company
two customers' sets take, is asked about by none. The outcome is one question, never a
pairing; a "no" for any company keeps it from being asked again.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Mapping

from recon.engine.family_initials import beyond_chance, constant_word
from recon.engine.family_sites import site_base
from recon.engine.family_unpaired import MAX_MEMBERS, Asked, ask_one, sole_sets
from recon.model import Gap
from recon.normalize import client_key


def ask_heads(
    customers: Mapping[str, Mapping[str, Gap]],
    companies: Mapping[str, Mapping[str, Gap]],
    *,
    apart: Collection[tuple[str, str]],
    key: Callable[[str], str] = client_key,
) -> list[Asked]:
    """The family questions of customers held at one office and billed as other offices.

    Args:
        customers: each lone vendor customer's one-sided gaps, per product key (those no
            other family question names).
        companies: each lone PSA company's one-sided gaps, per product key (likewise).
        apart: (vendor client key, PSA client key) pairs people said are not one
            organisation.
        key: a name's client key (default :func:`recon.normalize.client_key`).

    Returns:
        One (question, implied gaps, held gap keys) per customer asked about.
    """
    customers_of: dict[str, list[str]] = defaultdict(list)
    for customer in sorted(customers):
        if (base := site_base(key(customer))) is not None:
            customers_of[base].append(customer)
    if not customers_of:
        return []
    offices_of: dict[str, list[str]] = defaultdict(list)
    for company in sorted(companies):
        if (base := site_base(key(company))) is not None and base in customers_of:
            offices_of[base].append(company)

    def kept(whole: str, part: str) -> bool:
        return (key(whole), key(part)) not in apart

    fits: list[tuple[str, tuple[str, ...]]] = []
    for base, found in sorted(customers_of.items()):
        if len(found) != 1:
            continue  # two offices bought apart: whose lines are whose is open
        customer = found[0]
        lines = customers[customer]
        held = set(lines)
        group = [
            c
            for c in offices_of.get(base, [])
            if key(c) != key(customer) and 2 * _shared(companies[c], held) >= len(companies[c])
        ]
        if not 2 <= len(group) <= MAX_MEMBERS:
            continue
        trimmed = {c: {p: g for p, g in companies[c].items() if p in held} for c in group}
        fits += sole_sets(
            {customer: lines},
            trimmed,
            first_word=constant_word(""),
            kept=kept,
            agree=beyond_chance,
        )
    taken = Counter(c for _, members in fits for c in members)
    return [
        ask_one(customer, members, customers[customer], companies)
        for customer, members in fits
        if all(taken[c] == 1 for c in members)
    ]


def _shared(lines: Mapping[str, Gap], held: set[str]) -> int:
    return sum(1 for product in lines if product in held)
