"""A brand-and-trade company billing its share of its parent's products at the parent's price.

An MSP that opens a PSA company per subsidiary often bills it under the parent's agreement:
Autotask applies a parent organization's contract to its sub-organizations ("Using contracts
to bill another organization" and "Invoicing sub-organization items to a parent
organization", Autotask help: a sub-organization is "a customer location or franchise of the
parent organization", billed under "a contract under the parent organization") and
ConnectWise lets one agreement cover a client's sites and its parent company's (the
agreement's Sites tab). The subsidiary's line
then carries the parent's unit price to the cent, while the MSP's price for one product
differs from client to client (a price agreed per agreement). Where each company pays for
its own users' licences of the one tenant, the subsidiary bills a share of the seats the
parent's company bills too few of ("Crystal Imaging" billing 20 of the 21 backup seats
"Crystal Field Hardware" bills short, both at $3.50): the run showed the parent's shortfall
as a gap and the subsidiary's whole line as another, one misreading as two, while the
rules of :mod:`recon.engine.family_questions` read only seats exact or near the shortfall,
or (:mod:`recon.engine.family_trades`) products the parent's company bills none of.

Here such a company is asked about (one question, the summed seats' gap pending it) where:

- its name is the parent's first word and one word naming a line of business
  (:func:`~recon.engine.family_trades.trade_word`, read as :mod:`recon.engine.family_trades`
  reads it), even a word the parent's name has too ("misty Property Services" beside "Misty
  Prairie Properties": the name cut short or another trade, one organisation either way);
- at least half its lines are products the parent's company bills **short** at the
  company's very unit price (:func:`~recon.engine.family_prices.at_parent_price`), at seats
  no more than the shortfall (the rest is the family's real gap); its other lines stay its
  own gaps: "Salazar Staffing" bills two of the Teams Essentials seats "Salazar Brothers
  Christian School" bills short, at its $5.06, and six Office 365 ProPlus seats nobody
  bought from this vendor, a "billed, not bought" gap whichever way it is answered;
- the price is **that parent's alone**: no other short parent bills the product at that
  price (under one price list for every client the price says nothing), and no other parent
  of the first word fits;
- it is a company **no rule before weighed** and no question names, or one exact on half
  its lines that :mod:`recon.engine.family_half_lines` held back for want of the run's
  practice odds (at 85 clients a run asks too few questions to show one): the parent's own
  price to the cent is the evidence those odds stood in for.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Mapping
from decimal import Decimal

from recon.engine.family_fits import Fit
from recon.engine.family_prices import at_parent_price
from recon.engine.family_trades import MIN_PARENTS, trade_word
from recon.engine.trade_phrases import read_phrase
from recon.model import Gap, GapKind
from recon.normalize import client_key


def shared_price_fits(
    lone: Mapping[str, Mapping[str, Gap]],
    parents: Mapping[str, Mapping[str, Gap]],
    psa_names: Mapping[str, str],
    *,
    key: Callable[[str], str] = client_key,
    apart: Collection[tuple[str, str]] = (),
    taken: Collection[str] = (),
) -> list[Fit]:
    """Brand-and-trade companies billing a share of one parent's short products at its price.

    Args:
        lone: each lone PSA company's one-sided lines (product key -> gap), those no rule
            before weighed.
        parents: each short parent's gaps (product key -> gap), from ``index_parents``.
        psa_names: each parent's PSA company name
            (:func:`recon.engine.family_index.parent_psa_names`).
        key: a client name's key.
        apart: (vendor client key, PSA client key) pairs people said are two organisations.
        taken: companies and parents (client keys) a question already names.
    """
    if len(parents) < MIN_PARENTS:
        return []  # too few parents to tell a price list from prices agreed per client
    # Per (product, unit price), the parents whose company bills the product short at it.
    priced: Counter[tuple[str, Decimal]] = Counter()
    for gaps in parents.values():
        for product, gap in gaps.items():
            if gap.kind is GapKind.QUANTITY_MISMATCH and gap.psa_unit_price:
                priced[(product, gap.psa_unit_price)] += 1
    by_word: dict[str, list[str]] = defaultdict(list)
    psa_key = {parent: key(name) for parent, name in psa_names.items()}
    for parent, name in psa_key.items():
        by_word[(name.split() or [""])[0]].append(parent)
    found: list[Fit] = []
    for company, lines in lone.items():
        own = key(company)
        if not lines or company in taken or own in taken:
            continue
        read = read_phrase(own, trade_word)  # "Property Services" is "Property"
        words = read.split()
        if len(words) != 2 or not trade_word(words[1]):
            continue  # not the family's brand and a line of business
        fits = [
            (parent, shared)
            for parent in by_word.get(words[0], ())
            if parent not in taken
            and (shared := _shared(lines, parents[parent]))
            and (key(next(iter(parents[parent].values())).vendor_client or ""), own) not in apart
        ]
        if not fits:
            continue
        parent, shared = fits[0]
        if any(priced[(p, g.psa_unit_price or Decimal(0))] != 1 for p, g in shared.items()):
            continue  # another short client pays that price too: a price list says nothing
        # one short parent pays each line's price, so at most one parent of the name fits;
        # the question holds the shared lines, the others stay the company's own gaps
        found.append(Fit(parent, company, shared, alike=True))
    per_parent = Counter(fit.parent for fit in found)
    return [fit for fit in found if per_parent[fit.parent] == 1]


def _shared(lines: Mapping[str, Gap], short: Mapping[str, Gap]) -> dict[str, Gap]:
    """The lines the parent's company bills short at the line's price, the line's seats no
    more than the shortfall, when they are at least half the company's lines; else none.

    The other lines stay the company's own gaps: a product the organisation never bought
    here ("Office 365 ProPlus" billed by "Salazar Staffing" beside the Teams Essentials
    seats it shares) is the family's real gap whichever way the question is answered. More
    lines of its own than shared ones are as often another client's bill.
    """
    shared = {
        product: line
        for product, line in lines.items()
        if product in short
        and at_parent_price(line, short[product])
        and 0 < line.psa_qty <= abs(short[product].seat_delta)
    }
    return shared if 2 * len(shared) >= len(lines) else {}
