"""The lines of a twin company offered in review beside a vendor client it shares nothing with.

A vendor client in review often has two or three candidates: its own PSA company and a twin
named a word or a place apart ("Mueller Development" offered "Mueller Development - TX" and
"Mueller Development - TX Properties", a second company of the same owners, billed for other
licences). The twin, offered to that one review item and to no other, was held with it: its
lines showed neither as gaps nor as a question, and their money was lost until a person
answered a question that does not even ask about it (issue 11).

Where the twin holds none of the vendor client's products, each of its lines is "billed, not
bought" whichever way the review is answered: answered that the vendor client is the twin,
the vendor sells it none of the twin's products; answered that it is another candidate, the
twin has no vendor customer at all. So such a candidate is compared as if unmatched (the
mirror of :mod:`recon.engine.either_way`, which does this for a review item's only
candidate), and its ``missing_in_vendor`` gaps are shown now, each resting on the review of
that pair (:func:`recon.model.pending_review`, confidence at most
:data:`recon.engine.pending_review.PENDING_CONFIDENCE`), under the key a confirmed match
gives them too. A line within a seat or a tenth of one of the vendor client's lines is not
shown: it may be the vendor's product billed under a text the run reads as another (one
line read two ways), and the review answers that. But a misreading stays within a kind of
product (:mod:`recon.engine.one_kind`, the rule :mod:`recon.engine.either_way` keeps for a
review's only candidate): the Boise office's "Microsoft 365 Business Premium" 1 is no
misread Power Automate Premium 2, which its sibling Tulsa office bills to the seat. Beside a
catalogued line of another kind, the twin's line is shown. The review item stays as it is,
and the vendor client's own lines stay held: another candidate may bill them.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from recon.engine.one_kind import other_kinds
from recon.engine.pending_review import PENDING_CONFIDENCE, near, one_side
from recon.match import ClientMatching
from recon.match.client_evidence import Footprints
from recon.match.client_index import by_lone_name, by_name_and_key
from recon.match.clients import shown_key
from recon.match.names import ClientName
from recon.model import Gap, GapKind, SeatCol, pending_review


@dataclass(frozen=True, slots=True)
class HeldTwin:
    """A review candidate sharing no product with the vendor client it is offered to.

    Attributes:
        psa: the candidate.
        rests_on: the review question of that pair, in words.
        vendor_lines: the vendor client's lines, (product key, milli-seats).
    """

    psa: ClientName
    rests_on: str
    vendor_lines: tuple[tuple[str, int], ...]

    @property
    def psa_key(self) -> str:
        """The client key the twin's gaps carry (a confirmed match keeps it)."""
        return shown_key(self.psa.identity)


def held_twins(
    matching: ClientMatching,
    vendor: Sequence[ClientName],
    psa: Sequence[ClientName],
    footprints: Footprints,
    taken: Iterable[str] = (),
) -> list[HeldTwin]:
    """The candidates of review items with two or more candidates whose lines are gaps
    whichever way the item is answered (module docstring).

    Args:
        matching: the client matching (its review queue).
        vendor: the vendor side's distinct clients.
        psa: the PSA side's distinct clients.
        footprints: each client's (product, seats) lines.
        taken: PSA identities compared already (pending or either-way pairs).

    Returns:
        One :class:`HeldTwin` per such candidate, offered to that item only.
    """
    items = [i for i in matching.review if len(i.candidates) > 1]
    if not items:
        return []
    offered = Counter(c.psa_client for i in matching.review for c in i.candidates)
    keys = Counter(i.vendor_key for i in matching.review)
    psa_by_name, vendor_by = by_lone_name(psa), by_name_and_key(vendor)
    skip = set(taken)
    chosen: list[tuple[ClientName, ClientName]] = []
    for item in items:
        v = vendor_by.get((item.vendor_client, item.vendor_key))
        if v is None or keys[item.vendor_key] != 1 or v.identity in matching.vendor_to_psa:
            continue
        for cand in item.candidates:
            p = psa_by_name.get(cand.psa_client)
            if (
                p is not None
                and offered[cand.psa_client] == 1
                and p.identity in matching.held_psa
                and p.identity not in skip
            ):
                chosen.append((v, p))
    if not chosen:
        return []
    footprints.prepare((v.identity for v, _ in chosen), (p.identity for _, p in chosen))
    out = []
    for v, p in chosen:
        overlap = footprints.overlap([v.identity], p.identity)
        if overlap.shared_products or not overlap.psa_lines or not overlap.vendor_lines:
            continue
        lines = tuple(sorted(footprints.vendor_lines(v.identity)))
        out.append(HeldTwin(p, pending_review(v.name, p.name), lines))
    return out


def apart_twins(matching: ClientMatching, twins: Iterable[HeldTwin]) -> ClientMatching:
    """The matching with each twin compared as if unmatched (for the comparison only)."""
    ids = frozenset(t.psa.identity for t in twins)
    if not ids:
        return matching
    return dataclasses.replace(
        matching,
        unmatched_psa=(*matching.unmatched_psa, *sorted(ids)),
        held_psa=matching.held_psa - ids,
    )


def keep_twin_lines(
    gaps: Sequence[Gap],
    seats: pd.DataFrame,
    twins: Iterable[HeldTwin],
    kinds: Mapping[str, str] | None = None,
) -> tuple[tuple[Gap, ...], pd.DataFrame]:
    """Keep each twin's "billed, not bought" lines that hold either way, resting on its
    review; keep its seats out of the seat history (the pair is not decided).

    Args:
        gaps: the comparison's gaps, ranked.
        seats: the comparison's seat rows (:class:`recon.model.SeatCol`).
        twins: the twins compared as if unmatched.
        kinds: product key -> kind (:func:`recon.engine.one_kind.product_kinds`); a vendor
            line of another kind is never the twin's line read two ways. Default: none
            known, every product may be any other.

    Returns:
        The gaps, in the same order, and the seat rows.
    """
    by_key = {t.psa_key: t for t in twins}
    if not by_key:
        return tuple(gaps), seats
    known = kinds or {}
    out: list[Gap] = []
    for gap in gaps:
        twin = by_key.get(gap.client_key)
        if twin is None:
            out.append(gap)
            continue
        if gap.kind is not GapKind.MISSING_IN_VENDOR:
            continue
        product, qty = one_side(gap)
        if any(
            near(qty, theirs) and not other_kinds(product, theirs_product, known)
            for theirs_product, theirs in twin.vendor_lines
        ):
            continue  # may be the vendor client's line under another reading
        rests = twin.rests_on if not gap.rests_on else f"{twin.rests_on} and {gap.rests_on}"
        out.append(
            dataclasses.replace(
                gap,
                rests_on=rests,
                confidence=min(gap.confidence, PENDING_CONFIDENCE),
                why=_why(gap),
            )
        )
    kept = seats.loc[~seats[SeatCol.CLIENT_KEY].isin(list(by_key))] if len(seats) else seats
    return tuple(out), kept


def _why(gap: Gap) -> str:
    """The gap's ``why`` with its client part saying why it holds either way."""
    client = (
        "client: offered in review beside its twin, for a vendor client holding none of its "
        "products: not bought whichever way the review is answered"
    )
    head, sep, rest = gap.why.partition("; ")
    return f"{client}; {rest}" if sep and head.startswith("client:") else f"{client}; {gap.why}"
