"""The one-sided gaps of a client review that hold whichever way it is answered.

A vendor client waiting in review ("Gleason Farms Co." beside the PSA's "Gleason Farms -
Admin") raises no gap until a person answers, unless its candidate is clearly ahead
(:mod:`recon.engine.pending_review`). But where the candidate bills none of the vendor's
products, a vendor line is billed nowhere whatever the answer: answered yes, it is missing
from the candidate's bill; answered no, the vendor client has no PSA client at all. The same
holds the other way for a candidate's line of a product the vendor client does not hold:
answered yes, the vendor no longer sells it to that client; answered no, the candidate is a
client the vendor does not sell to. Hiding those lines behind the review hid money on a small
MSP's first run (issue 11).

So a review item with one candidate, a candidate offered to no other item, is compared with
the two clients apart (each as if unmatched), and of its gaps only those that hold either way
are kept (:func:`keep_either_way`), each marked as resting on the review (its confidence at
most :data:`recon.engine.pending_review.PENDING_CONFIDENCE`) and each on its own side's
client, which is right under either answer. A gap is not kept where the two clients might
hold one product under two names:

- the other client holds the same product (answered yes, it is a seat comparison, not a
  missing line);
- the other side shows a one-sided gap within a seat or a tenth of its seats, of a product
  this side does not hold (one product, two readings);
- a vendor line's seats are within a seat or a tenth of a candidate's line the run could not
  compare, or that line's text may be that very product (a mapping question or an unmapped
  text names it as a candidate).

The review item stays as it is: answered yes, the next run compares the pair and the kept
gaps are withdrawn (the vendor line's gap then carries the PSA client's key); answered no,
the same gaps show again under the same keys, no longer pending.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from recon.engine.billed_beside import billed_beside
from recon.engine.claimed_lines import claimed_candidates
from recon.engine.one_kind import other_kinds
from recon.engine.pending_review import (
    PENDING_CONFIDENCE,
    Loose,
    PendingPair,
    loose_texts,
    may_be_one_line,
    one_side,
)
from recon.engine.service_lines import time_billed
from recon.match import ClientMatching
from recon.match.client_index import clients_by_key, clients_by_name
from recon.match.clients import shown_key
from recon.match.names import ClientName
from recon.model import (
    Gap,
    GapKind,
    MappingQuestion,
    SeatCol,
    UnmappedProduct,
    is_review,
    pending_review,
)


@dataclass(frozen=True, slots=True)
class EitherWay:
    """A review item compared with its two clients apart.

    Attributes:
        vendor: the vendor client in review.
        psa: its one candidate.
        rests_on: the review question, in words (:func:`recon.model.pending_review`).
    """

    vendor: ClientName
    psa: ClientName
    rests_on: str

    @property
    def vendor_key(self) -> str:
        """The client key the vendor client's gaps carry while it is unmatched."""
        return self.vendor.key

    @property
    def psa_key(self) -> str:
        """The client key the candidate's gaps carry (a confirmed match keeps it)."""
        return shown_key(self.psa.identity)


def either_way_pairs(
    matching: ClientMatching,
    vendor: Sequence[ClientName],
    psa: Sequence[ClientName],
    pending: Iterable[PendingPair],
) -> list[EitherWay]:
    """The review items not compared as pending whose one-sided gaps may hold either way.

    Args:
        matching: the client matching (its review queue).
        vendor: the vendor side's distinct clients.
        psa: the PSA side's distinct clients.
        pending: the pairs already compared as if matched.

    Returns:
        One :class:`EitherWay` per review item with exactly one candidate, offered to no other
        item, whose vendor key and candidate name each name one client.
    """
    if not matching.review:
        return []
    shown = {p.vendor.key for p in pending}
    offered: dict[str, int] = {}
    keys: dict[str, int] = {}
    for item in matching.review:
        keys[item.vendor_key] = keys.get(item.vendor_key, 0) + 1
        for c in item.candidates:
            offered[c.psa_client] = offered.get(c.psa_client, 0) + 1
    vendor_keys, psa_names = clients_by_key(vendor), clients_by_name(psa)
    # A vendor client's gaps carry its key while it is unmatched: never one a PSA client's
    # gaps carry as well.
    psa_keys = {shown_key(p.identity) for p in psa}
    out = []
    for item in matching.review:
        if item.vendor_key in shown or len(item.candidates) != 1 or keys[item.vendor_key] != 1:
            continue
        (best,) = item.candidates
        vs = vendor_keys.get(item.vendor_key, [])
        ps = psa_names.get(best.psa_client, [])
        if offered[best.psa_client] != 1 or len(vs) != 1 or len(ps) != 1:
            continue
        (v,), (p,) = vs, ps
        if (
            v.identity in matching.vendor_to_psa
            or p.identity not in matching.held_psa
            or v.key in psa_keys
        ):
            continue
        out.append(EitherWay(v, p, pending_review(v.name, p.name)))
    return out


def apart(matching: ClientMatching, pairs: Iterable[EitherWay]) -> ClientMatching:
    """The matching with each pair's clients compared apart, each as if unmatched (for the
    comparison only: the result's review queue and scope stay those of ``matching``)."""
    listed = list(pairs)
    if not listed:
        return matching
    vendor_ids = tuple(p.vendor.identity for p in listed)
    psa_ids = frozenset(p.psa.identity for p in listed)
    return dataclasses.replace(
        matching,
        unmatched_vendor=(*matching.unmatched_vendor, *vendor_ids),
        unmatched_psa=(*matching.unmatched_psa, *sorted(psa_ids)),
        held_psa=matching.held_psa - psa_ids,
    )


#: A candidate's line the run could not compare, with the products its text is billed beside
#: at other clients (:func:`recon.engine.billed_beside.billed_beside`): never one of those.
ApartLine = tuple[Loose, frozenset[str]]


def apart_lines(
    psa: pd.DataFrame,
    pairs: Iterable[EitherWay],
    unmapped: Iterable[UnmappedProduct],
    questions: Iterable[MappingQuestion],
) -> dict[str, frozenset[ApartLine]]:
    """Per candidate's client key, its lines the run could not compare
    (:func:`recon.engine.pending_review.loose_lines`), each with the products its text is
    billed beside elsewhere."""
    found = loose_texts(psa, {p.psa.identity: p.psa_key for p in pairs}, unmapped, questions)
    if not found:
        return {}
    beside = billed_beside(psa, {text for lines in found.values() for text, _ in lines})
    none: frozenset[str] = frozenset()
    # A block of the MSP's time is no licence's other half (:mod:`recon.engine.service_lines`).
    return {
        key: frozenset(
            (line, beside.get(text, none)) for text, line in lines if not time_billed(text, line[1])
        )
        for key, lines in found.items()
    }


def keep_either_way(
    gaps: Sequence[Gap],
    seats: pd.DataFrame,
    pairs: Iterable[EitherWay],
    loose: Mapping[str, frozenset[ApartLine]] | None = None,
    kinds: Mapping[str, str] | None = None,
) -> tuple[tuple[Gap, ...], pd.DataFrame]:
    """Keep, of the gaps of the pairs compared apart, those that hold whichever way the review
    is answered, marked as resting on it; keep their seats out of the seat history.

    Args:
        gaps: the comparison's gaps, ranked.
        seats: the comparison's seat rows (:class:`recon.model.SeatCol`).
        pairs: the pairs compared apart.
        loose: per candidate's client key, its lines the run could not compare
            (:func:`apart_lines`).
        kinds: product key -> kind (:func:`recon.engine.one_kind.product_kinds`); a line of
            another kind on the other side is never this line's other half. Default: none
            known, every product may be any other.

    Returns:
        The gaps, in the same order, and the seat rows.
    """
    listed = list(pairs)
    if not listed:
        return tuple(gaps), seats
    of_vendor = {p.vendor_key: p for p in listed}
    of_psa = {p.psa_key: p for p in listed}
    lines = loose or {}
    known = kinds or {}
    # Each pair's one-sided gaps: (product, seats in milli) per side.
    vendor_side: dict[str, list[tuple[str, int]]] = {}
    psa_side: dict[str, list[tuple[str, int]]] = {}
    for gap in gaps:
        if gap.kind is GapKind.MISSING_IN_PSA and gap.client_key in of_vendor:
            vendor_side.setdefault(gap.client_key, []).append(one_side(gap))
        elif gap.kind is GapKind.MISSING_IN_VENDOR and gap.client_key in of_psa:
            psa_side.setdefault(gap.client_key, []).append(one_side(gap))
    # A candidate billing the very lines of another unmatched vendor customer may be that
    # customer's pair, whatever the names say (:mod:`recon.engine.claimed_lines`).
    claimed = claimed_candidates(gaps, {p.psa_key: p.vendor_key for p in listed})
    out: list[Gap] = []
    for gap in gaps:
        pair = of_vendor.get(gap.client_key) or of_psa.get(gap.client_key)
        if pair is None:
            out.append(gap)
            continue
        if gap.kind is GapKind.MISSING_IN_PSA and gap.client_key == pair.vendor_key:
            mine, beside = vendor_side[pair.vendor_key], psa_side.get(pair.psa_key, [])
        elif (
            gap.kind is GapKind.MISSING_IN_VENDOR
            and gap.client_key == pair.psa_key
            and pair.psa_key not in claimed
        ):
            mine, beside = psa_side[pair.psa_key], vendor_side.get(pair.vendor_key, [])
        else:
            continue
        # A line of another kind is not this one read two ways (:mod:`recon.engine.one_kind`).
        product = gap.product_key
        alike = [(p, q) for p, q in beside if not other_kinds(product, p, known)]
        # A text billed beside a vendor line's product at other clients is not that product
        # under another name (:mod:`recon.engine.billed_beside`): it says nothing of the line.
        vendor_line = gap.kind is GapKind.MISSING_IN_PSA
        maybe = [
            line
            for line, along in lines.get(pair.psa_key, ())
            if not (vendor_line and product in along)
        ]
        if may_be_one_line(gap, mine, alike, maybe):
            continue
        rests = pair.rests_on if not gap.rests_on else f"{pair.rests_on} and {gap.rests_on}"
        out.append(
            dataclasses.replace(
                gap,
                rests_on=rests,
                confidence=min(gap.confidence, PENDING_CONFIDENCE),
                why=_why(gap, pair),
            )
        )
    keys = [*of_vendor, *of_psa]
    kept = seats.loc[~seats[SeatCol.CLIENT_KEY].isin(keys)] if len(seats) else seats
    return tuple(out), kept


def _why(gap: Gap, pair: EitherWay) -> str:
    """The gap's ``why`` with its client part saying why it holds either way."""
    if gap.kind is GapKind.MISSING_IN_PSA:
        client = (
            f"client: in review as {pair.psa.name!r}, which bills no {gap.product!r} either: "
            "billed nowhere whichever way the review is answered"
        )
    else:
        client = (
            f"client: offered in review for {pair.vendor.name!r}, which the vendor does not "
            f"sell {gap.product!r} to either: not bought whichever way the review is answered"
        )
    head, sep, rest = gap.why.partition("; ")
    return f"{client}; {rest}" if sep and head.startswith("client:") else f"{client}; {gap.why}"


def read_as_confirmed(
    gaps: Sequence[Gap], pairs: Iterable[EitherWay]
) -> tuple[tuple[Gap, ...], frozenset[str]]:
    """The gaps with each vendor line kept either way read as its candidate's shortfall, the
    reading a "yes" to the review gives, for the family questions only.

    A vendor line kept here is "missing in PSA" whichever way the review is answered, unless
    a company with no vendor customer of its own bills it: a department or subsidiary opened
    as a company ("Christensen & Garner Baptist Church Laboratory" beside the vendor's
    "Christensen & Garner Baptist Church - Denver", in review with "Christensen & Garner
    Baptist Church") bills exactly the lines the candidate does not. Read as the candidate's
    shortfall, such a line is one the family question (:mod:`recon.engine.family_questions`)
    can see filled, as beside a matched client, instead of two gaps on the same seats.

    Args:
        gaps: the run's gaps, after :func:`keep_either_way`.
        pairs: the pairs compared apart.

    Returns:
        The gaps, those lines naming the candidate as their PSA client, and the keys of the
        gaps so read (:func:`unread` puts back those no question took).
    """
    candidate = {p.vendor_key: p.psa.name for p in pairs}
    if not candidate:
        return tuple(gaps), frozenset()
    out: list[Gap] = []
    read: set[str] = set()
    for gap in gaps:
        name = candidate.get(gap.client_key)
        if (
            name is not None
            and gap.kind is GapKind.MISSING_IN_PSA
            and gap.psa_client is None
            and gap.rests_on is not None
        ):
            out.append(dataclasses.replace(gap, psa_client=name))
            read.add(gap.key)
        else:
            out.append(gap)
    return tuple(out), frozenset(read)


def unread(gaps: Sequence[Gap], read: Collection[str]) -> tuple[Gap, ...]:
    """``gaps`` with the lines :func:`read_as_confirmed` read back on the vendor client alone,
    where no family question took them (a gap a question's "yes" implies keeps the
    candidate: it is the family's summed gap)."""
    if not read:
        return tuple(gaps)
    # A gap's key is a text made on each read: looked at only for the few gaps pending a
    # review, not made for each of 100,000 gaps at 60,000 clients.
    return tuple(
        dataclasses.replace(g, psa_client=None)
        if g.rests_on is not None and is_review(g.rests_on) and g.key in read
        else g
        for g in gaps
    )
