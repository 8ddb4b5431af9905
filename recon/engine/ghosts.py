"""Billing ghosts: licences billed to a client the vendor file does not have at all.

A client only in the PSA (offboarded at the distributor, still billed) is a refund risk for
every licence it is billed, whatever the licence is called. Its lines of a product the vendor
file sells are compared already and show ``missing_in_vendor``; a text no rule reads was left
unmapped, and its "missing in vendor" lost: "One Drive for Business (Annual)" 3 billed at a
client whose "365 Standard Subscription" was reported. Billed only where there is no vendor
client, such a text has no seats to be weighed against anywhere.

So a line at a client the vendor file lacks (not matched, not offered to a review item) is
compared as itself (its own text, no catalogue product invented) when it is a bought licence:

- its own unit cost is above zero: the MSP pays someone per seat for it, where a service the
  MSP delivers itself costs it nothing per unit in the PSA;
- its text does not say it is the MSP's own service ("Backup Monitoring", "Managed Server"),
  unless its only service word is one makers put in their own product names ("Huntress
  *Managed* EDR", :func:`recon.catalog.text.says_service`) and it names the kind of a product
  the vendor file sells ("Managed AV - Workstation": AV is antivirus, NIST SP 800-83r1, and
  the file sells Bitdefender GravityZone) and its own unit cost does not rule those products
  out (:func:`_managed_licence`): then it is that kind of licence, resold managed, as
  :mod:`recon.engine.unread_lines` reads it at a matched client;
- its text is billed at no matched client: there the seats were weighed and paired it with
  nothing the vendor sells (bought elsewhere, or the MSP's own), and that holds here too.

Its gap is ``missing_in_vendor`` at a confidence of :data:`GHOST_SCORE` / 100, its ``why``
saying the text was not read as a catalogue product and what the gap rests on.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from recon.catalog._loose import is_service_text
from recon.catalog.text import says_service
from recon.engine.columns import member
from recon.engine.join import codes_of, objects_of
from recon.engine.kind_unsold import fits, unit_costs
from recon.engine.open_lines import OpenLines
from recon.engine.question_keys import distinct_texts
from recon.engine.text_writes import write_texts
from recon.engine.unread_lines import (
    brands_sold,
    kind_products,
    names_other_maker,
    read_at_matched,
)
from recon.model import G, ProductMethod

#: A ghost line's pairing score: sure of the client (the vendor file has none of it), less of
#: the product, which no rule read.
GHOST_SCORE = 70.0
#: What a ghost line's gap rests on, for its ``why``: a text no rule read, and one the
#: catalogue read whose product (or maker) the vendor file sells to no client.
GHOST_HOW = (
    "not read as a catalogue product; billed at a client the vendor file does not have, "
    "its own unit cost says it is bought per seat"
)
GHOST_HOW_READ = (
    "sold to no client in the vendor file; billed at a client the vendor file does not have, "
    "its own unit cost says it is bought per seat"
)


def ghost_lines(lines: OpenLines) -> npt.NDArray[np.int64]:
    """Bring into the comparison, in place, the licence lines no rule read at clients only
    in the PSA, each compared as its own text; returns their rows.

    ``lines.target`` gets a ghost line's own code and ``lines.comparable`` True; rows
    ``lines.asked`` holds wait for their question; a client compared while a review is
    pending, or apart from its review item, is no ghost (``lines.matching``). Which makers
    the file sells is read from the vendor side's groups and its set-aside lines.
    """
    # At a client both files have, the client's own lines say what such a line is.
    read_at_matched(lines)
    p_all, target, comparable = lines.p_all, lines.target, lines.comparable
    asked, codes, matching, brands = lines.asked, lines.codes, lines.matching, lines.brands
    none = np.zeros(0, dtype=np.int64)
    vendor, psa = lines.sides
    ghosts = set(matching.unmatched_psa) - matching.held_psa
    if not ghosts or not len(p_all):
        return none
    open_rows = ~comparable & ~member(p_all[G.PRODUCT], asked)
    at_ghost = open_rows & member(p_all[G.CLIENT], ghosts)
    at_ghost &= p_all[G.COST].to_numpy(dtype=np.int64) > 0
    at_ghost &= p_all[G.QTY].fillna(0).to_numpy(dtype=np.int64) > 0
    if not at_ghost.any():
        return none
    keys = distinct_texts(p_all[G.PRODUCT], at_ghost)  # per distinct text, not per row
    matched = set(matching.vendor_to_psa.values()) - matching.held_psa
    at_matched = member(p_all[G.CLIENT], matched) & member(p_all[G.PRODUCT], keys)
    keys -= distinct_texts(p_all[G.PRODUCT], at_matched)
    licences = {
        key
        for key in keys
        if (identity := psa.products.get(key)) is not None
        and identity.seat_based
        and (not is_service_text(identity.name) or _managed_licence(identity.name, key, lines))
    }
    if not licences:
        return none
    sold = brands_sold(vendor, brands) | lines.set_aside_brands
    elsewhere = {key for key in licences if names_other_maker(psa.products[key].name, sold, brands)}
    rows = np.flatnonzero(at_ghost & member(p_all[G.PRODUCT], licences)).astype(np.int64)
    if elsewhere:
        # A maker the file sells nothing of may be bought elsewhere: a ghost only at a client
        # that is surely the vendor's (another of its lines is compared, or a ghost of a
        # maker the file sells), not at a client that buys only that maker elsewhere.
        of_maker = member(p_all[G.PRODUCT].iloc[rows], elsewhere)
        clients = objects_of(p_all[G.CLIENT])
        surely = {str(c) for c in clients[rows[~of_maker]].tolist()}
        surely |= {str(c) for c in clients[comparable & member(p_all[G.CLIENT], ghosts)].tolist()}
        rows = rows[~of_maker | member(p_all[G.CLIENT].iloc[rows], surely)]
        if not len(rows):
            return none
    comparable[rows] = True
    # Compared as itself: its own code, which no vendor row carries.
    target[rows] = codes_of(p_all[G.PRODUCT].iloc[rows], codes.product_index)
    labels = p_all.index[rows]
    p_all.loc[labels, "pair_score"] = GHOST_SCORE
    # A tolerant reading (brand left out) is a guess at a product, not a reading of one.
    read = {
        k
        for k in licences
        if psa.products[k].method is not ProductMethod.NAME and not psa.products[k].tolerant
    }
    write_texts(
        p_all,
        "pair_how",
        rows,
        np.where(member(p_all[G.PRODUCT].iloc[rows], read), GHOST_HOW_READ, GHOST_HOW).tolist(),
    )
    return rows


def _managed_licence(name: str, key: str, lines: OpenLines) -> bool:
    """Whether a text with a service word is a licence resold managed: its only service word
    is one makers put in product names ("Managed", :func:`recon.catalog.text.says_service`),
    it names the kind of products the vendor file sells, and its own unit cost does not rule
    them out (it lies within :data:`~recon.engine.line_costs.FIT` of what the file charges
    for one of them, or the file shows no cost for one: a cancelled line keeps none)."""
    if says_service(name):
        return False
    vendor = lines.sides[0]
    products = kind_products(name, vendor, lines.brands)
    if not products:
        return False
    spans = unit_costs(vendor.groups, set(products))
    if any(product not in spans for product in products):
        return True  # a product of the kind at no known cost: nothing rules it out
    p_all = lines.p_all
    at = (p_all[G.PRODUCT] == key).to_numpy(dtype=bool)
    costs = [int(c) for c in p_all[G.COST].to_numpy(dtype=np.int64)[at].tolist() if int(c) > 0]
    return any(fits(costs, span) for span in spans.values())
