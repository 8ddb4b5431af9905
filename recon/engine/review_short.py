"""A vendor client in review whose seats of a product every candidate together bills short of.

A customer held in review between sibling offices or near twins ("Monroe Marketing, PA"
offered "Monroe Mktg Plano" and "Monroe Mktg Phoenix") raises no gap until a person answers.
Its seats were held with it, even where the answer cannot matter: it buys 3 Exchange Online
Plan 2 seats and the candidates, summed, bill 1. Answered that it is one candidate, or
several of them summed as one organisation (a ConnectWise agreement covers a company's sites,
each office's additions its own lines: betterinvoice.io/docs/connectwise/agreements/sites-tab),
at most 1 is billed; answered that it is none, nothing is. Either way 2 seats or more are
bought and not billed: a real gap the review hid (issue 11: sites3, sites5, sites6, sites10,
sites14 and 17 on the site families' 20,000 pair).

So such a vendor client is compared as if unmatched, and of its gaps only the products whose
seats exceed the candidates' summed seats are kept, each resting on the review, at least
what every answer leaves short: "missing in PSA" where no candidate bills the product, a
seat mismatch against the summed seats where some do. Never where the candidates might bill
it under another reading: a candidate's line the run could not compare whose text may be the
product or whose seats are near the vendor's or the shortfall, or a candidate's line of
another product of the same kind near those seats (one line read two ways); nor where a
company of the vendor client's first word paired with nothing bills the product (a family
member the review did not offer may bill the rest). The review item stays as it is.
"""

from __future__ import annotations

import dataclasses
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from itertools import chain

import pandas as pd

from recon.catalog import product_key
from recon.catalog._loose import brands_in
from recon.catalog.text import says_service
from recon.engine.columns import member
from recon.engine.one_kind import other_kinds
from recon.engine.pending_review import PENDING_CONFIDENCE, near
from recon.match import ClientMatching
from recon.match.client_evidence import Footprints, seats_by_product
from recon.match.client_index import by_lone_name, by_name_and_key
from recon.match.clients import shown_key
from recon.match.names import ClientName
from recon.model import (
    QTY_SCALE,
    G,
    Gap,
    GapKind,
    MappingQuestion,
    SeatCol,
    UnmappedProduct,
    pending_review,
)
from recon.money import ZERO, cents


@dataclass(frozen=True, slots=True)
class ShortReview:
    """A review item whose vendor client holds more of some product than its candidates bill.

    Attributes:
        vendor: the vendor client in review.
        candidates: its candidates, each one client.
        rests_on: the review question, in words (its best candidate's pair).
        billed: per product short, the candidates' summed seats (milli-seats).
        nearby: the (product, seats in milli) of the candidates' lines of products the
            vendor client does not hold.
        billers: per product short that some candidate bills, the candidate billing most.
    """

    vendor: ClientName
    candidates: tuple[ClientName, ...]
    rests_on: str
    billed: Mapping[str, int]
    nearby: tuple[tuple[str, int], ...]
    billers: Mapping[str, str]

    @property
    def vendor_key(self) -> str:
        """The client key the vendor client's gaps carry while it is unmatched."""
        return self.vendor.key


#: A candidate's line the summed seats did not count: its seats (milli), the products its
#: unmapped entry or mapping question names, its text.
Line = tuple[int, frozenset[str], str]


def short_reviews(
    matching: ClientMatching,
    vendor: Sequence[ClientName],
    psa: Sequence[ClientName],
    footprints: Footprints,
    taken: Iterable[str] = (),
) -> list[ShortReview]:
    """The review items not compared otherwise whose vendor client some product is short of
    whichever way the item is answered (module docstring).

    Args:
        matching: the client matching (its review queue).
        vendor: the vendor side's distinct clients.
        psa: the PSA side's distinct clients.
        footprints: each client's (product, seats) lines.
        taken: vendor client keys compared already (pending or either-way pairs).
    """
    if not matching.review:
        return []
    skip = set(taken)
    keys = Counter(i.vendor_key for i in matching.review)
    psa_by_name, vendor_by = by_lone_name(psa), by_name_and_key(vendor)
    psa_keys = {shown_key(p.identity) for p in psa}
    chosen: list[tuple[ClientName, tuple[ClientName, ...], str]] = []
    for item in matching.review:
        v = vendor_by.get((item.vendor_client, item.vendor_key))
        if (
            v is None
            or item.vendor_key in skip
            or keys[item.vendor_key] != 1
            or v.identity in matching.vendor_to_psa
            or v.key in psa_keys
            or not item.candidates
        ):
            continue
        found = [psa_by_name.get(c.psa_client) for c in item.candidates]
        cands = tuple(p for p in found if p is not None)
        if len(cands) != len(found):
            continue  # a candidate naming two clients: its seats are not known
        chosen.append((v, cands, pending_review(v.name, cands[0].name)))
    if not chosen:
        return []
    lone = _lone_by_word(matching, psa, {_first_word(v.key) for v, _, _ in chosen})
    others = {
        v.identity: [p.identity for p in lone.get(_first_word(v.key), ()) if p not in cands]
        for v, cands, _ in chosen
    }
    footprints.prepare(
        (v.identity for v, _, _ in chosen),
        chain((p.identity for _, ps, _ in chosen for p in ps), *others.values()),
    )
    out = []
    for v, cands, rests_on in chosen:
        # Summed over rows: two subscriptions of 2 seats are 4 (the line set holds one 2).
        whole = dict(seats_by_product(footprints.summed_lines("v", v.identity)))
        summed: dict[str, int] = defaultdict(int)
        most: dict[str, tuple[int, str]] = {}
        for p in cands:
            for product, qty in seats_by_product(footprints.summed_lines("p", p.identity)).items():
                summed[product] += qty
                if qty > most.get(product, (0, ""))[0]:
                    most[product] = (qty, p.name)
        elsewhere = {o_line[0] for o in others[v.identity] for o_line in footprints.psa_lines(o)}
        short = {
            product: summed.get(product, 0)
            for product, qty in whole.items()
            if qty > summed.get(product, 0) and product not in elsewhere
        }
        if short:
            nearby = tuple((p, q) for p, q in summed.items() if p not in whole)
            billers = {p: most[p][1] for p in short if p in most}
            out.append(ShortReview(v, cands, rests_on, short, nearby, billers))
    return out


def _lone_by_word(
    matching: ClientMatching, psa: Sequence[ClientName], words: Collection[str]
) -> Mapping[str, list[ClientName]]:
    """The PSA companies paired with nothing whose key's first word is one of ``words``."""
    unpaired = set(matching.unmatched_psa) | matching.held_psa
    out: dict[str, list[ClientName]] = defaultdict(list)
    for p in psa:
        word = _first_word(p.key)
        if word in words and p.identity in unpaired:
            out[word].append(p)
    return out


def _first_word(key: str) -> str:
    return key.split(" ", 1)[0]


def apart_short(matching: ClientMatching, items: Iterable[ShortReview]) -> ClientMatching:
    """The matching with each item's vendor client compared as if unmatched (for the
    comparison only: its candidates stay held)."""
    ids = tuple(i.vendor.identity for i in items)
    if not ids:
        return matching
    return dataclasses.replace(matching, unmatched_vendor=(*matching.unmatched_vendor, *ids))


def candidate_lines(
    psa: pd.DataFrame,
    items: Iterable[ShortReview],
    read_as: Mapping[str, str],
    carried: Collection[str],
    unmapped: Sequence[UnmappedProduct],
    questions: Iterable[MappingQuestion],
) -> dict[str, frozenset[Line]]:
    """Per candidate's PSA identity, its lines the summed seats did not count: a text not
    read as a product the vendor file carries when the clients were matched (the comparison
    may read it so: "Lic - Webroot"), each with the products its unmapped entry or mapping
    question names. Not the MSP's own services ("Managed Services - Per User"): billed per
    user like a licence, they are no licence under another name (:func:`says_service`).

    Args:
        psa: the PSA side's groups (:class:`recon.model.G` columns).
        items: the items compared apart.
        read_as: PSA product key -> the vendor product key matching read it as.
        carried: the product keys the vendor file carries.
        unmapped: the run's unmapped PSA products.
        questions: the run's mapping questions.
    """
    ids = {c.identity for i in items for c in i.candidates}
    if not ids:
        return {}
    named: dict[str, frozenset[str]] = {}
    for u in unmapped:
        named[u.product_key] = frozenset(c.product_key for c in u.candidates)
    for q in questions:
        named[q.product_key] = named.get(q.product_key, frozenset()) | frozenset(
            c.product_key for c in q.candidates
        )
    rows = psa.loc[member(psa[G.CLIENT], ids) & (psa[G.QTY].fillna(0) > 0).to_numpy()]
    found: dict[str, set[Line]] = {}
    for client, product, text, qty in zip(
        rows[G.CLIENT].tolist(),
        rows[G.PRODUCT].tolist(),
        rows[G.PRODUCT_NAME].tolist(),
        rows[G.QTY].tolist(),
        strict=True,
    ):
        key = str(product)
        if read_as.get(key, key) in carried or says_service(str(text)):
            continue
        found.setdefault(str(client), set()).add((int(qty), named.get(key, frozenset()), str(text)))
    return {client: frozenset(lines) for client, lines in found.items()}


def keep_short(
    gaps: Sequence[Gap],
    seats: pd.DataFrame,
    items: Iterable[ShortReview],
    loose: Mapping[str, frozenset[Line]] | None = None,
    kinds: Mapping[str, str] | None = None,
    brands: frozenset[tuple[str, ...]] = frozenset(),
) -> tuple[tuple[Gap, ...], pd.DataFrame]:
    """Keep, of the gaps of the vendor clients compared apart, the products short whichever
    way the review is answered, resting on it; keep their seats out of the seat history.

    Args:
        gaps: the comparison's gaps, ranked.
        seats: the comparison's seat rows (:class:`recon.model.SeatCol`).
        items: the items compared apart.
        loose: per PSA identity of a candidate, its lines the run could not compare.
        kinds: product key -> kind (:func:`recon.engine.one_kind.product_kinds`).
        brands: the catalogue's brand phrases: a line naming only other makers' is not the
            product ("Lic - Webroot" beside Business Standard bought and not billed).
    """
    by_key = {i.vendor_key: i for i in items}
    if not by_key:
        return tuple(gaps), seats
    lines = loose or {}
    known = kinds or {}
    out: list[Gap] = []
    for gap in gaps:
        item = by_key.get(gap.client_key)
        if item is None:
            out.append(gap)
            continue
        if gap.kind is not GapKind.MISSING_IN_PSA or gap.product_key not in item.billed:
            continue
        kept = _short_gap(gap, item, lines, known, brands)
        if kept is not None:
            out.append(kept)
    held = list(by_key)
    rest = seats.loc[~seats[SeatCol.CLIENT_KEY].isin(held)] if len(seats) else seats
    return tuple(out), rest


def _short_gap(
    gap: Gap,
    item: ShortReview,
    loose: Mapping[str, frozenset[Line]],
    kinds: Mapping[str, str],
    brands: frozenset[tuple[str, ...]],
) -> Gap | None:
    """The vendor line's shortfall under every answer, or None where a candidate's line may
    be the product under another reading."""
    product = gap.product_key
    bought = int(gap.vendor_qty * QTY_SCALE)
    billed = item.billed[product]
    short = bought - billed
    if short <= 0:
        return None
    makers = brands_in(product_key(gap.vendor_product or gap.product).split(), brands)
    for c in item.candidates:
        for qty, named, text in loose.get(c.identity, frozenset()):
            if product in named:
                return None
            said = brands_in(product_key(text).split(), brands)
            if said and said.isdisjoint(makers):
                continue  # another maker's line: never this product
            if near(qty, short) or near(qty, bought):
                return None
    for other, qty in item.nearby:
        if not other_kinds(product, other, kinds) and (near(qty, short) or near(qty, bought)):
            return None
    rests = item.rests_on if not gap.rests_on else f"{item.rests_on} and {gap.rests_on}"
    names = " + ".join(c.name for c in item.candidates)
    if billed == 0:
        client = f"client: in review; {names} bill no {gap.product!r}: billed nowhere whichever "
        client += "way the review is answered"
        return dataclasses.replace(
            gap,
            rests_on=rests,
            confidence=min(gap.confidence, PENDING_CONFIDENCE),
            why=_why(gap, client),
        )
    psa_qty = Decimal(billed) / QTY_SCALE
    delta = gap.vendor_qty - psa_qty
    unit = gap.vendor_unit_cost
    client = (
        f"client: in review; {names} bill {psa_qty.normalize():f} of its "
        f"{gap.vendor_qty.normalize():f} together: short whichever way the review is answered"
    )
    return dataclasses.replace(
        gap,
        kind=GapKind.QUANTITY_MISMATCH,
        psa_client=item.billers.get(product, item.candidates[0].name),
        psa_qty=psa_qty,
        seat_delta=delta,
        monthly_impact=cents(delta * unit) if unit is not None else ZERO,
        rests_on=rests,
        confidence=min(gap.confidence, PENDING_CONFIDENCE),
        why=_why(gap, client),
        bill_recovers=None,
        reduce_saves=None,
    )


def _why(gap: Gap, client: str) -> str:
    head, sep, rest = gap.why.partition("; ")
    return f"{client}; {rest}" if sep and head.startswith("client:") else f"{client}; {gap.why}"
