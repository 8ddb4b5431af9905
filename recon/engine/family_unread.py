"""A lone company's unread line, read as the one product its named-alike clients are short of.

A subsidiary or office with no vendor customer of its own often bills its parent's one
product under the reseller's own text: "File Sharing (Egnyte)" for Egnyte Business, "Email
Archiving (Exchange) /user" for Exchange Online Archiving. No catalogue rule reads such a
text, so its line kept a product key of its own, and the family step
(:mod:`recon.engine.family_questions`), which lines a company's products up with its
parent's shortfall by product key, never saw it fill that shortfall: the run showed "billed,
not bought" at the office beside "bought, not billed" at the parent, two false gaps on one
licence (the last site-family dev pairs below the precision bar, at 0.966-0.968).

Here, for the family step only, such a line is read as a product that clients named alike
(the same first word: the brand a subsidiary keeps) are short of, where exactly one of their
shortfall products is alike the text:

- **by name** (:func:`recon.engine.unread_lines._alike`: the kind it names, the same name in
  other words, or its maker and nothing else alike), the readings the run already trusts at
  a matched client, or a bare "365" for its suite ("365 E3": Microsoft 365 E3 or Office 365
  E3, both Microsoft's names, :func:`recon.catalog.suites.suite_readings`), the catalogue
  unable to choose alone where the file sells both, the short clients able to; or
- **by letters and cost**: a text alike the product by letters only ("Dynamics BC Ess /mo"
  for Dynamics 365 Business Central Essentials) whose line carries the MSP's own unit cost
  within :data:`COST_SHARE` of the vendor's cost for that product. A PSA line's cost is what
  the MSP pays its distributor per unit (ConnectWise agreement additions carry ``Cost`` /
  ``unitCost``, Autotask contract services ``Unit Cost``: see ``shared/research/domain.md``),
  so the same cost per seat is the distributor's price for that very product.

The family step then weighs the company as it weighs any: its seats, its name, the chance
of a coincidence. A line no question takes is put back as it was (:func:`put_back`): the
reading is never a gap or a mapping of its own.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Callable, Collection, Mapping, Sequence
from decimal import Decimal

from recon.catalog.text import CATALOGUE_PREFIX, says_service
from recon.engine.columns import member
from recon.engine.family_names import first_word
from recon.engine.family_prices import at_parent_price
from recon.engine.family_questions import FamilyQuestions
from recon.engine.groups import SideGroups
from recon.engine.unread_lines import KIND, MAKER, NAME, SIMILAR, _alike, _suite_form_of
from recon.model import G, Gap, GapKind
from recon.model._lines import MONEY_SCALE

#: How far apart (a share of the vendor's cost) the line's own unit cost may be for a text
#: alike by letters only: distributor prices move a little between a line's start and the
#: export, a few per cent, while two products' costs are rarely that close.
COST_SHARE = Decimal("0.03")
_SURE = (KIND, NAME, MAKER)
_SHORT = (GapKind.MISSING_IN_PSA, GapKind.QUANTITY_MISMATCH)
#: No seats: a shortfall's seats are compared with it (a Decimal, as the seats are).
_NONE = Decimal(0)


def read_unread_lines(
    gaps: Sequence[Gap],
    *,
    lone_psa: Collection[str],
    vendor: SideGroups,
    psa: SideGroups,
    brands: frozenset[tuple[str, ...]],
    first_words: Callable[[str], str] = first_word,
) -> tuple[tuple[Gap, ...], dict[str, tuple[Gap, str]]]:
    """The gaps with each lone company's unread one-sided line read as the one shortfall
    product of its named-alike clients alike it (see the module doc), for the family step.

    Args:
        gaps: the run's gaps, before the family step.
        lone_psa: PSA companies (as written) with no vendor customer.
        vendor: the vendor side's groups (product names).
        psa: the PSA side's groups (product identities, the lines' own unit costs).
        brands: the catalogue's brand words.
        first_words: a name's first word (:func:`first_word`); the family step's
            :class:`~recon.engine.family_names.FirstWords`, which keys the run's names as one
            column (at 60,000 clients, keyed one by one here, they were 0.8 CPU s).

    Returns:
        The gaps, and the original of each gap so read with the product key it was read as,
        by its new key (:func:`put_back`).
    """
    short: dict[str, dict[str, Gap]] = defaultdict(dict)  # first word -> product -> a gap
    # Half the run's gaps are shortfalls (50,000 at 60,000 clients): the seats compared with
    # a Decimal zero (an int is converted on every comparison), each name read without a set
    # made per gap. Which gap a (word, product) keeps is the first, as before; the order the
    # words are met in is never read (the lines below look words up and sort products).
    products = vendor.products
    for gap in gaps:
        if gap.kind in _SHORT and gap.seat_delta > _NONE and gap.product_key in products:
            key = gap.product_key
            v_name, p_name = gap.vendor_client, gap.psa_client
            if v_name:
                short[first_words(v_name)].setdefault(key, gap)
            if p_name and p_name != v_name:
                short[first_words(p_name)].setdefault(key, gap)
    if not short:
        return tuple(gaps), {}
    taken: set[tuple[str, str]] | None = None
    costs: dict[tuple[str, str], int] | None = None
    out: list[Gap] = []
    read: dict[str, tuple[Gap, str]] = {}
    # How a text may be a product depends on the two alone: weighed once per pair, not per
    # line (many lone companies bill one text beside the same shortfall products).
    alike: dict[tuple[str, str], str] = {}
    for gap in gaps:
        product = _unread_product(gap, lone_psa, psa)
        found = short.get(first_words(gap.psa_client or "")) if product is not None else None
        if product is None or not found:
            out.append(gap)
            continue
        service = says_service(product)
        how: dict[str, str] = {}
        for key in sorted(found):
            said = alike.get((product, key))
            if said is None:
                said = _alike(product, vendor, key, service, brands)
                if said not in _SURE and _suite_form_of(product, key):
                    # "365 E3" is Microsoft 365 E3 or Office 365 E3 (recon.catalog.suites):
                    # it names either as plainly as its own name; one short here settles it
                    said = NAME
                alike[product, key] = said
            how[key] = said
        sure = [key for key, said in how.items() if said in _SURE]
        similar = [key for key, said in how.items() if said == SIMILAR]
        chosen = sure[0] if len(sure) == 1 else None
        if chosen is None and not sure and len(similar) == 1:
            if costs is None:
                costs = _own_costs(psa, lone_psa)
            cost = found[similar[0]].vendor_unit_cost
            own = costs.get((gap.psa_client or "", gap.product_key))
            # the distributor's cost, or the parent's agreement price (family_prices)
            if _same_cost(own, cost) or at_parent_price(gap, found[similar[0]]):
                chosen = similar[0]
        if chosen is not None and taken is None:
            # Every gap's (client, product), made only once a line may be read.
            taken = {(g.client_key, g.product_key) for g in gaps}
        if chosen is None or (taken is not None and (gap.client_key, chosen) in taken):
            out.append(gap)
            continue
        new = dataclasses.replace(gap, product_key=chosen)
        out.append(new)
        read[new.key] = (gap, chosen)
    return tuple(out), read


def put_back(asked: FamilyQuestions, read: Mapping[str, tuple[Gap, str]]) -> FamilyQuestions:
    """``asked`` with each line :func:`read_unread_lines` read and no question took as it
    was; a question holding such a line holds it under its own text too."""
    if not read:
        return asked
    gaps = tuple(read[g.key][0] if g.key in read and g.rests_on is None else g for g in asked.gaps)
    questions = []
    for question in asked.questions:
        extra = {
            (was.client_key, was.product_key)
            for was, as_key in read.values()
            if (was.client_key, as_key) in question.held
        }
        questions.append(
            dataclasses.replace(question, held=question.held | extra) if extra else question
        )
    return FamilyQuestions(gaps, tuple(questions))


def _unread_product(gap: Gap, lone_psa: Collection[str], psa: SideGroups) -> str | None:
    """The PSA text of a lone company's one-sided, undecided line no rule read, else None."""
    if (
        gap.kind is not GapKind.MISSING_IN_VENDOR
        or gap.vendor_client is not None
        or gap.psa_client not in lone_psa
        or gap.rests_on is not None
        or gap.product_key.startswith(CATALOGUE_PREFIX)
    ):
        return None
    identity = psa.products.get(gap.product_key)
    if identity is None or not identity.seat_based:
        return None
    return identity.name


def _own_costs(psa: SideGroups, lone_psa: Collection[str]) -> dict[tuple[str, str], int]:
    """(company as written, product key) -> the highest unit cost its lines carry (micro
    units), for the lone companies."""
    identity = {c.identity: c.name for c in psa.clients if c.name in lone_psa}
    groups = psa.groups
    if G.COST not in groups.columns or not identity:
        return {}
    rows = groups.loc[member(groups[G.CLIENT], set(identity)), [G.CLIENT, G.PRODUCT, G.COST]]
    out: dict[tuple[str, str], int] = {}
    for client, product, cost in zip(
        rows[G.CLIENT].tolist(), rows[G.PRODUCT].tolist(), rows[G.COST].tolist(), strict=True
    ):
        if int(cost) > 0:  # -1: no cost on the line
            key = (identity[str(client)], str(product))
            out[key] = max(out.get(key, 0), int(cost))
    return out


def _same_cost(own: int | None, vendor_cost: Decimal | None) -> bool:
    """True when the line's own unit cost is within :data:`COST_SHARE` of the vendor's."""
    if own is None or vendor_cost is None or vendor_cost <= 0:
        return False
    return abs(Decimal(own) / MONEY_SCALE - vendor_cost) <= vendor_cost * COST_SHARE
