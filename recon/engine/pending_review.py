"""The gaps of a client held in review, shown now, pending the review question.

A vendor client whose best PSA candidate is clearly ahead, but whose lines cannot settle the
pair (a real seat gap makes the seats differ), used to show nothing until a person answered
its review item: the money of its gaps was invisible. Here such a pair is compared as if
matched, and every gap it yields is marked *pending* (:attr:`recon.model.Gap.rests_on` names
the review question, its confidence is at most :data:`PENDING_CONFIDENCE`). Answered yes, the
next run matches the pair and each gap keeps its key and history; answered no, the store
withdraws the pending gaps (:mod:`recon.store._lifecycle`), it never counts them fixed.

A pair is shown this way only when all of these hold (:func:`clearly_ahead`):

- its PSA client is offered to no other review item, and the vendor name is the only one of
  its key in review (one pair, one question);
- the best candidate leads the runner-up by :data:`MIN_LEAD` points, or has none;
- the two clients hold products the vendor file carries on both sides, and the products agree
  on identity at most lines: the products both hold are at least
  :data:`MIN_PRODUCT_SHARE` of the larger client's products (the seats may differ: that is
  the gap).

Never both halves of one line: at a pending pair, a vendor line the PSA does not bill beside a
PSA line of about the same seats the vendor client does not hold, or beside a PSA line the run
could not compare whose text may be that product, is one line read two ways, not two gaps
(:func:`may_be_one_line`). A one-sided gap with nothing like it on the other side shows.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from recon.catalog.text import says_service
from recon.engine.brand_sums import BrandCompanies, brand_lines
from recon.engine.columns import member
from recon.engine.office_rivals import rivals_holding_any
from recon.match import ClientMatching
from recon.match.client_evidence import NEAR_SEATS, NEAR_SHARE, Footprints, Overlap
from recon.match.client_index import by_lone_name, by_name_and_key
from recon.match.clients import shown_key
from recon.match.identical_lines import identical_pairs, settled_note
from recon.match.leftovers import NO_LINK
from recon.match.names import ClientName, DiffKind, NameDiff, diff_names
from recon.match.read_lines import LineReader
from recon.match.seat_lines import ASK_TEXT
from recon.model import (
    QTY_SCALE,
    ClientMatch,
    G,
    Gap,
    GapKind,
    MappingQuestion,
    MatchMethod,
    ProductCandidate,
    SeatCol,
    UnmappedProduct,
    pending_review,
)

#: Points the best candidate must lead the runner-up by (the review band is 70-100; a fuzzy
#: match needs a margin of 10 on its own, so half of it is "clearly ahead" with lines).
MIN_LEAD = 5.0
#: Products two clients must both hold (and hold nothing else) to be matched outright while
#: their seats differ.
SAME_PRODUCTS = 2
#: Share of the larger client's products that both clients hold.
MIN_PRODUCT_SHARE = 0.5
#: The confidence a pending gap shows at most: it is a proposal until the review is answered.
PENDING_CONFIDENCE = 0.5


@dataclass(frozen=True, slots=True)
class PendingPair:
    """A review item compared as if its best candidate were confirmed.

    Attributes:
        vendor: the vendor client.
        psa: the PSA client it is compared with.
        score: the candidate's name score (0-100).
        rests_on: the review question, in words (:func:`recon.model.pending_review`).
        overlap: what the two clients hold in common.
        alone: True when the review item offers no other candidate.
        read: PSA lines read by their text and seats to find the pair's products agree
            (:mod:`recon.match.read_lines`), or brand companies whose lines were summed in
            (:mod:`recon.engine.brand_sums`); such a pair is never matched outright.
        identical: the two hold identical lines rare enough to be one client
            (:func:`recon.match.identical_lines.settles`).
        branded: PSA lines were read by their text (:mod:`recon.match.read_lines`: by the
            seats, or by a maker's brand and kind at any seats): the pair's seats are evidence
            about those texts (:func:`evidence_pairs`), as a matched pair's are.
    """

    vendor: ClientName
    psa: ClientName
    score: float
    rests_on: str
    overlap: Overlap | None = None
    alone: bool = False
    read: int = 0
    identical: bool = False
    branded: bool = False

    @property
    def client_key(self) -> str:
        """The client key its gaps carry: the one a confirmed match gives them."""
        return shown_key(self.psa.identity)


def clearly_ahead(overlap: Overlap, score: float, rivals: Sequence[tuple[float, Overlap]]) -> bool:
    """True when a review item's best candidate is clearly the client meant.

    Args:
        overlap: what the two clients hold in common (:meth:`Footprints.overlap`).
        score: the best candidate's name score.
        rivals: the other candidates' scores and overlaps.
    """
    if not _products_agree(overlap):
        return False
    agreeing = overlap.shared + overlap.near
    for rival_score, rival in rivals:
        if score - rival_score < MIN_LEAD:
            return False
        # A sibling whose products agree as well ("X - Annex" beside "X - Head Office") is
        # as likely: the name score alone does not choose between two sites.
        if _products_agree(rival) and rival.shared + rival.near >= agreeing:
            return False
    return True


def _products_agree(overlap: Overlap) -> bool:
    """True when both clients hold products the vendor file carries and most are the same."""
    if overlap.contradicts or not overlap.shared_products:
        return False
    larger = max(overlap.vendor_lines, overlap.psa_lines)
    return overlap.shared_products >= MIN_PRODUCT_SHARE * larger


def pending_pairs(
    matching: ClientMatching,
    vendor: Sequence[ClientName],
    psa: Sequence[ClientName],
    footprints: Footprints,
    reader: LineReader | None = None,
) -> list[PendingPair]:
    """The review items to compare now, each with its best candidate.

    A review item with one candidate, offered to no other item, whose products do not agree
    on the lines matching reads may agree once the candidate's unread lines are read by
    their text and seats (``reader``): then it is compared now as well.

    Args:
        matching: the client matching (its review queue).
        vendor: the vendor side's distinct clients.
        psa: the PSA side's distinct clients.
        footprints: each client's (product, seats) lines.
        reader: reads the PSA lines matching could not (default: none are read).

    Returns:
        One :class:`PendingPair` per review item whose best candidate is clearly ahead.
    """
    if not matching.review:
        return []
    offered = Counter(c.psa_client for item in matching.review for c in item.candidates)
    keys = Counter(item.vendor_key for item in matching.review)
    psa_by_name, vendor_by_name = by_lone_name(psa), by_name_and_key(vendor)
    chosen: list[tuple[PendingPair, list[tuple[float, ClientName]]]] = []
    for item in matching.review:
        best = item.candidates[0] if item.candidates else None
        if best is None or offered[best.psa_client] != 1 or keys[item.vendor_key] != 1:
            continue
        v = vendor_by_name.get((item.vendor_client, item.vendor_key))
        p = psa_by_name.get(best.psa_client)
        others = [(c.score, psa_by_name.get(c.psa_client)) for c in item.candidates[1:]]
        if v is None or p is None or any(o is None for _, o in others):
            continue
        rivals = [(score, o) for score, o in others if o is not None]
        chosen.append((PendingPair(v, p, best.score, pending_review(v.name, p.name)), rivals))
    if not chosen:
        return []
    footprints.prepare(
        (c.vendor.identity for c, _ in chosen),
        (p.identity for c, rivals in chosen for p in (c.psa, *(o for _, o in rivals))),
    )
    if reader is not None:
        reader.prepare(c.psa.identity for c, rivals in chosen if not rivals)
    out = []
    brands: BrandCompanies | None = None
    for c, rivals in chosen:
        ids = [c.vendor.identity]
        weighed = [(score, footprints.overlap(ids, o.identity)) for score, o in rivals]
        overlap = footprints.overlap(ids, c.psa.identity)
        # A sibling office billing none of the customer's products is no rival.
        weighed = rivals_holding_any(c.psa, overlap, [o for _, o in rivals], weighed)
        if clearly_ahead(overlap, c.score, weighed):
            out.append(dataclasses.replace(c, overlap=overlap, alone=not rivals))
        elif not rivals:
            mine = footprints.vendor_lines(c.vendor.identity)
            read = (
                reader.read(mine, c.psa.identity, branded=True, vendor_id=c.vendor.identity)
                if reader is not None
                else None
            )
            if read:
                # The read lines join the candidate's own: a product it bills under a text
                # the run reads only later counts as that product, at the seats it bills.
                widened = footprints.overlap_of(mine, footprints.psa_lines(c.psa.identity) | read)
                if clearly_ahead(widened, c.score, []):
                    # Every read line's text is weighed at the pair, not only one read by
                    # its brand: "Intercept X" 8 read beside Sophos Intercept X Advanced 8 sat
                    # at no matched client, so nothing asked about it and its price gap hid.
                    branded = reader is not None
                    out.append(
                        dataclasses.replace(
                            c, overlap=widened, alone=True, read=len(read), branded=branded
                        )
                    )
                    continue
            # The candidate's brand companies summed in ("AH Staffing" beside "AH Animal
            # Hospital", recon.engine.brand_sums): compared pending, its family asked below.
            if brands is None:
                brands = BrandCompanies(psa, matching.unmatched_psa)
            summed = brand_lines(footprints, mine, c.psa, brands)
            if summed is not None:
                widened = footprints.overlap_of(mine, summed[0])
                if clearly_ahead(widened, c.score, []):
                    out.append(
                        dataclasses.replace(c, overlap=widened, alone=True, read=len(summed[1]))
                    )
    return _with_identical(out, footprints, matching.by_lines - _unlinked(matching))


def _with_identical(
    pairs: list[PendingPair], footprints: Footprints, linked: frozenset[str] | set[str]
) -> list[PendingPair]:
    """The pairs, those alone whose identical lines settle them marked so; a leftover pair
    the names link (its vendor key in ``linked``) also when most of its lines are alike
    (:func:`recon.match.identical_lines.mostly_settles`)."""
    asked = [p for p in pairs if p.alone and not p.read and p.overlap is not None]
    found = identical_pairs(
        footprints,
        [(p.vendor.identity, p.psa.identity, p.overlap) for p in asked if p.overlap],
        [p.vendor.key in linked for p in asked],
    )
    same = {id(p) for p, ok in zip(asked, found, strict=True) if ok}
    return [dataclasses.replace(p, identical=True) if id(p) in same else p for p in pairs]


def same_products_apart(overlap: Overlap, diff: NameDiff) -> bool:
    """True when a review pair may be matched outright: the names differ only by a site, an
    office, a legal form or organisation word, a known short form or a typo, and the two
    clients hold exactly the same products (two or more), at least one with agreeing seats.

    The product set is the evidence here even though the seats differ (the real gap makes them
    differ): two clients buying the same several products, one of them in the same number,
    under names that differ by no distinguishing word, are one client. A distinguishing word
    ("Lab", "East" as a plain word, a number) is a near twin and never passes.

    Args:
        overlap: what the two clients hold in common.
        diff: how the names differ (:func:`recon.match.names.diff_names`).
    """
    if diff.kind > DiffKind.SOFT_EXTRA:
        return False
    products = overlap.shared_products
    return (
        products >= SAME_PRODUCTS
        and overlap.vendor_lines == products
        and overlap.psa_lines == products
        and overlap.shared + overlap.near >= 1
    )


def settle_outright(
    matching: ClientMatching,
    pending: Sequence[PendingPair],
    count: Callable[[str], int],
) -> tuple[ClientMatching, list[PendingPair]]:
    """Match the pending pairs that pass :func:`same_products_apart` and offer nothing else.

    Args:
        matching: the client matching.
        pending: the pairs :func:`pending_pairs` chose.
        count: how many client names write a word (:func:`recon.match.fuzzy.population_words`).

    Returns:
        The matching with those pairs matched (method ``evidence``) and out of review, and the
        pairs still pending.
    """
    settled: list[tuple[PendingPair, NameDiff | None]] = []
    left: list[PendingPair] = []
    unlinked = _unlinked(matching)
    for pair in pending:
        # A pair found on the lines alone, its names unpaired, is a person's to decide; so is
        # one whose products agree only once lines were read by their text.
        if pair.alone and not pair.read and pair.overlap is not None:
            if pair.vendor.key not in matching.by_lines:
                diff = diff_names(pair.vendor.name, pair.psa.name, count=count)
                if same_products_apart(pair.overlap, diff):
                    settled.append((pair, diff))
                    continue
            # Identical rare lines settle a pair the names offered, or linked as leftovers;
            # the lines alone, the names sharing nothing, never do.
            if pair.identical and pair.vendor.key not in unlinked:
                settled.append((pair, None))
                continue
        left.append(pair)
    if not settled:
        return matching, left
    done = {p.vendor.key for p, _ in settled}
    taken = {p.psa.identity for p, _ in settled}
    matches = [
        ClientMatch(
            p.vendor.name,
            p.psa.name,
            MatchMethod.EVIDENCE,
            p.score,
            p.vendor.key,
            p.client_key,
            _settled_note(p, diff),
        )
        for p, diff in settled
    ]
    return dataclasses.replace(
        matching,
        matches=(*matching.matches, *matches),
        review=tuple(r for r in matching.review if r.vendor_key not in done),
        vendor_to_psa={
            **matching.vendor_to_psa,
            **{p.vendor.identity: p.psa.identity for p, _ in settled},
        },
        held_psa=matching.held_psa - taken,
    ), left


def _unlinked(matching: ClientMatching) -> set[str]:
    """The vendor keys of leftover review items whose names share nothing (only lines)."""
    return {
        item.vendor_key
        for item in matching.review
        if item.vendor_key in matching.by_lines
        and any(c.note.endswith(NO_LINK) for c in item.candidates)
    }


def _settled_note(pair: PendingPair, diff: NameDiff | None) -> str:
    overlap = pair.overlap
    if diff is None:
        return settled_note(overlap) if overlap is not None else ""
    products = overlap.shared_products if overlap is not None else 0
    words = f"differs only by {diff.words()}" if diff.words() else "the same words"
    return f"{words}; the same {products} products at both, seats differ at some"


def evidence_pairs(matching: ClientMatching, pending: Iterable[PendingPair]) -> ClientMatching:
    """The client pairs whose seats are evidence about products: the matched ones, and the
    pending pairs whose PSA lines were read by their text (by the seats, or by a maker's brand
    and kind).

    Such a line's text ("Bitdefender AV", "Intercept X") may sit at no matched client, so
    without the pair nothing weighs it: it was unmapped, the vendor line beside it one half of
    one line read two ways, and the pair's quantity or price gap was shown nowhere. Weighed at
    the pair, it is what it is at a matched client: a mapping question, its gap pending it
    (and the review).
    """
    return as_matched(matching, [p for p in pending if p.branded])


def as_matched(matching: ClientMatching, pending: Iterable[PendingPair]) -> ClientMatching:
    """The matching with each pending pair compared as a match (for the comparison only: the
    result's matches, review queue and scope stay those of ``matching``)."""
    pairs = list(pending)
    if not pairs:
        return matching
    taken = {p.psa.identity for p in pairs}
    return dataclasses.replace(
        matching,
        matches=(
            *matching.matches,
            *(
                ClientMatch(
                    p.vendor.name,
                    p.psa.name,
                    MatchMethod.FUZZY,
                    p.score,
                    p.vendor.key,
                    p.client_key,
                    "pending the review of this pair",
                )
                for p in pairs
            ),
        ),
        vendor_to_psa={
            **matching.vendor_to_psa,
            **{p.vendor.identity: p.psa.identity for p in pairs},
        },
        held_psa=matching.held_psa - taken,
    )


def mark_pending(
    gaps: Sequence[Gap],
    seats: pd.DataFrame,
    pending: Iterable[PendingPair],
    uncompared: Mapping[str, frozenset[Loose]] | None = None,
) -> tuple[tuple[Gap, ...], pd.DataFrame]:
    """Mark the gaps of pending pairs, drop both halves of a spelling, and keep their seats out
    of the seat history (a pair nobody confirmed has no history yet).

    Args:
        gaps: the comparison's gaps, ranked.
        seats: the comparison's seat rows (:class:`recon.model.SeatCol`).
        pending: the pairs compared as if matched.
        uncompared: per client key of a pending pair, the PSA lines the run could not
            compare: their seats (milli) and the vendor products their text may be
            (:func:`uncompared_lines`).

    Returns:
        The gaps, in the same order, and the seat rows.
    """
    by_key = {p.client_key: p for p in pending}
    if not by_key:
        return tuple(gaps), seats
    loose = uncompared or {}
    halves: dict[tuple[str, GapKind], list[tuple[str, int]]] = {}
    for gap in gaps:
        if gap.kind in _HALVES and gap.client_key in by_key:
            halves.setdefault((gap.client_key, gap.kind), []).append(one_side(gap))
    out: list[Gap] = []
    for gap in gaps:
        pair = by_key.get(gap.client_key)
        if pair is None:
            out.append(gap)
            continue
        lines = loose.get(gap.client_key, frozenset())
        if gap.kind in _HALVES:
            other = _OTHER[gap.kind]
            mine = halves[(gap.client_key, gap.kind)]
            beside = halves.get((gap.client_key, other), [])
            if may_be_one_line(gap, mine, beside, lines):
                continue
        if gap.kind is GapKind.QUANTITY_MISMATCH and _billed_apart(gap, lines):
            continue
        rests = pair.rests_on if not gap.rests_on else f"{pair.rests_on} and {gap.rests_on}"
        out.append(
            dataclasses.replace(
                gap, rests_on=rests, confidence=min(gap.confidence, PENDING_CONFIDENCE)
            )
        )
    kept = seats.loc[~seats[SeatCol.CLIENT_KEY].isin(list(by_key))] if len(seats) else seats
    return tuple(out), kept


_HALVES = frozenset({GapKind.MISSING_IN_PSA, GapKind.MISSING_IN_VENDOR})


_OTHER = {
    GapKind.MISSING_IN_PSA: GapKind.MISSING_IN_VENDOR,
    GapKind.MISSING_IN_VENDOR: GapKind.MISSING_IN_PSA,
}

#: A PSA line the run could not compare: its seats (milli), the vendor products its text
#: may be (the candidates its mapping question or unmapped entry names; none for a text
#: nothing resembles), and whether the text is unmapped (compared nowhere in the run; a
#: question's text may be compared as its candidate, or by name, at some clients).
Loose = tuple[int, frozenset[str], bool]


def one_side(gap: Gap) -> tuple[str, int]:
    """A one-sided gap's product and seats (milli)."""
    qty = gap.vendor_qty if gap.kind is GapKind.MISSING_IN_PSA else gap.psa_qty
    return gap.product_key, int(qty * QTY_SCALE)


def near(a: int, b: int) -> bool:
    """True when two seat counts (milli) are within a seat or a tenth of each other."""
    return abs(a - b) <= max(NEAR_SEATS * QTY_SCALE, NEAR_SHARE * max(a, b))


def may_be_one_line(
    gap: Gap,
    mine: Iterable[tuple[str, int]],
    beside: Iterable[tuple[str, int]],
    lines: Iterable[Loose],
) -> bool:
    """True when a one-sided gap of a client pair not yet confirmed may be half of one line
    read two ways, so it is not shown: the other side's one-sided gaps include the same
    product, or one with about the same seats of a product this side does not show (and no
    unmapped PSA text at the client names); or
    (for a vendor line missing in the PSA) the PSA client bills a line the run could not
    compare whose text may be that product, or with about the same seats.

    Args:
        gap: a ``missing_in_psa`` or ``missing_in_vendor`` gap.
        mine: the (product, seats) of the one-sided gaps on the gap's side at the pair.
        beside: the same on the other side.
        lines: the PSA client's lines the run could not compare.
    """
    product, seats = one_side(gap)
    loose = list(lines)
    held = {p for p, _ in mine}
    if gap.kind is GapKind.MISSING_IN_VENDOR:
        # A vendor line the PSA bills under a text that names it is spoken for: it is no
        # other line's half. Only vendor lines are: a PSA line read as a product an unmapped
        # text also resembles ("Managed EDR" read as Huntress beside the MSP's "Managed
        # Workstation") is still a vendor line's other half ("Managed EDR" 14 beside
        # SentinelOne Singularity Control 13).
        held = held.union(*(named for _, named, unmapped in loose if unmapped))
    if any(p == product or (p not in held and near(q, seats)) for p, q in beside):
        return True
    return gap.kind is GapKind.MISSING_IN_PSA and any(
        product in named or near(q, seats) for q, named, _ in loose
    )


def _billed_apart(gap: Gap, lines: frozenset[Loose]) -> bool:
    """True when the PSA seats a quantity gap says are missing sit on a line the run could
    not compare (one product billed on two PSA lines, one of them under another name)."""
    short = int(gap.seat_delta * QTY_SCALE)
    return short > 0 and any(q == short for q, *_ in lines)


#: A question's candidate that no client's seats back is a reading of its text only when its
#: name is worth showing a person (:data:`recon.match.seat_lines.ASK_TEXT`), on the
#: candidates' scale, where a name alone tops out at 80 of 100 (:mod:`recon.engine.offers`).
NAMED_ONLY = ASK_TEXT * 0.8


def may_be(candidate: ProductCandidate) -> bool:
    """True when a mapping question's candidate may be what its text bills at a pair not yet
    confirmed: seats back it at some client, or its name is alike enough to show a person.

    A candidate listed for its name alone, and a weak one ("Barracuda Spam Filter" beside
    Microsoft 365 Business Premium, "similar name (31)"), is the nearest name, not a reading:
    as a reading it hid the vendor line it named, 22 Business Premium seats bought and billed
    nowhere, neither shown nor pending (the question's seat-backed candidate, Barracuda Email
    Protection Advanced, still holds the line its seats agree with).
    """
    return candidate.clients > 0 or candidate.score >= NAMED_ONLY


def uncompared_lines(
    psa: pd.DataFrame,
    pending: Iterable[PendingPair],
    unmapped: Iterable[UnmappedProduct],
    questions: Iterable[MappingQuestion],
) -> dict[str, frozenset[Loose]]:
    """Per client key of a pending pair, the PSA lines the run did not compare.

    Each line is its seats in milli and the vendor products its text may be: those its
    mapping question or its unmapped entry names as candidates (none for the MSP's own
    service, or a spelling nothing resembles: such a line counts by its seats only).

    Args:
        psa: the PSA side's groups (:class:`recon.model.G` columns).
        pending: the pairs compared as if matched.
        unmapped: the run's unmapped PSA products.
        questions: the run's mapping questions.
    """
    return loose_lines(psa, {p.psa.identity: p.client_key for p in pending}, unmapped, questions)


def loose_lines(
    psa: pd.DataFrame,
    clients: Mapping[str, str],
    unmapped: Iterable[UnmappedProduct],
    questions: Iterable[MappingQuestion],
) -> dict[str, frozenset[Loose]]:
    """Per client key, the PSA lines the run did not compare (:func:`uncompared_lines`).

    Args:
        psa: the PSA side's groups (:class:`recon.model.G` columns).
        clients: PSA identity -> the client key its lines are listed under.
        unmapped: the run's unmapped PSA products.
        questions: the run's mapping questions.
    """
    found = loose_texts(psa, clients, unmapped, questions)
    return {key: frozenset(line for _, line in lines) for key, lines in found.items()}


def loose_texts(
    psa: pd.DataFrame,
    clients: Mapping[str, str],
    unmapped: Iterable[UnmappedProduct],
    questions: Iterable[MappingQuestion],
) -> dict[str, frozenset[tuple[str, Loose]]]:
    """:func:`loose_lines`, each line with its text's product key.

    Args:
        psa: the PSA side's groups (:class:`recon.model.G` columns).
        clients: PSA identity -> the client key its lines are listed under.
        unmapped: the run's unmapped PSA products.
        questions: the run's mapping questions.
    """
    named: dict[str, frozenset[str]] = {}
    for u in unmapped:
        # The MSP's own service ("Managed Services - Per User", :func:`says_service`) is no
        # licence under another name, whatever its words resemble: its line counts by its
        # seats only. Its candidates are the nearest names, not readings ("Microsoft Intune
        # Plan 1" at 24 of 100 beside "Managed Services"), and as readings they hid every
        # vendor line they named at a client in review (4 Intune seats bought, billed nowhere).
        service = says_service(u.psa_product)
        named[u.product_key] = (
            frozenset() if service else frozenset(c.product_key for c in u.candidates)
        )
    listed = set(named)
    for q in questions:
        named[q.product_key] = named.get(q.product_key, frozenset()) | frozenset(
            c.product_key for c in q.candidates if may_be(c)
        )
    if not clients or not named:
        return {}
    # Looked up by the columns' own categories (:func:`member`): ``isin`` over a list hashed
    # every row again for a handful of clients.
    rows = psa.loc[
        member(psa[G.CLIENT], clients)
        & member(psa[G.PRODUCT], named)
        & (psa[G.QTY].fillna(0) > 0).to_numpy()
    ]
    found: dict[str, set[tuple[str, Loose]]] = {}
    for client, product, qty in zip(
        rows[G.CLIENT].tolist(), rows[G.PRODUCT].tolist(), rows[G.QTY].tolist(), strict=True
    ):
        text = str(product)
        line = (int(qty), named[text], text in listed)
        found.setdefault(clients[str(client)], set()).add((text, line))
    return {key: frozenset(lines) for key, lines in found.items()}
