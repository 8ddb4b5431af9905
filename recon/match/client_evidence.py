"""Client pairs on evidence: do two clients buy and bill the same (product, seats) lines?

Names alone cannot tell "Smith Dental Group" from "Smith Dental", or pick between two close
spellings. What each side holds for a client can: a vendor client and a PSA client that share
several (product, seat count) lines are very likely one client, and two similar names whose
product sets are disjoint are likely two. :class:`Footprints` answers that for the few pairs
the name matcher is unsure of, built only for the clients it asks about, so its cost follows
the uncertain pairs, never clients squared. What a pair shares, and the thresholds that read
it, are :class:`recon.match.overlap.Overlap`'s.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from recon.codes import distinct_ints
from recon.match.distinct_rows import distinct_rows
from recon.match.frame_codes import column_codes as _codes
from recon.match.frame_codes import mapped_keys
from recon.match.frame_codes import product_codes as _product_codes
from recon.match.frame_codes import rows_in as _rows_in
from recon.match.overlap import (
    AGREE_SHARE,
    CONTRADICT_LINES,
    NEAR_FLOOR,
    NEAR_SEATS,
    NEAR_SHARE,
    OVERWHELM_LINES,
    OVERWHELM_SHARE,
    SUPPORT_LINES,
    Overlap,
    summed_overlap,
)
from recon.match.overlap import seats_near as _seats_near
from recon.match.overlap_batch import (
    LineCodes,
    PsaSide,
    count_overlaps,
    distinct_lines,
    held_twice,
    line_bits,
    member,
    psa_side,
)
from recon.model import G

# Re-exported: callers read the thresholds and Overlap where they read Footprints.
__all__ = [
    "AGREE_SHARE",
    "CONTRADICT_LINES",
    "NEAR_SEATS",
    "NEAR_SHARE",
    "OVERWHELM_LINES",
    "OVERWHELM_SHARE",
    "SUPPORT_LINES",
    "Footprints",
    "Overlap",
    "footprint_frame",
]

_RARE_BITS = 8.0  # a line the vendor side never counted (a PSA-only mapping): rare

IDENTITY = "identity"
PRODUCT = "product"
QTY = "qty"


_NONE: frozenset[tuple[str, int]] = frozenset()
_NEAR_FLOOR = NEAR_FLOOR
#: A vendor client's lines and per product its count (milli-seats); a PSA client's lines and
#: per product its largest count. A dict per client, its keys the client's products: no set
#: of products beside it (memory lasts as long as the run's footprints).
_Index = tuple[frozenset[tuple[str, int]], dict[str, int]]


def seats_by_product(lines: Iterable[tuple[str, int]]) -> dict[str, int]:
    """A client's (product, seats) lines summed per product: a product billed on two lines
    (two subscriptions of 2 seats) holds their sum. A default dict: a product not held
    reads as 0 (callers that hand the sums on copy them with ``dict``)."""
    out: dict[str, int] = defaultdict(int)
    for product, qty in lines:
        out[product] += qty
    return out


@dataclass(frozen=True, slots=True)
class _Coded:
    """Both sides' lines as integer codes (see :mod:`recon.match.overlap_batch`): each side's
    distinct (client code, line code) rows, and its client names in code order."""

    lines: LineCodes
    vendor: tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]
    psa: PsaSide
    vendor_names: pd.Index
    psa_names: pd.Index
    vendor_at: dict[str, int]
    psa_at: dict[str, int]
    #: Per side, the rows of a client holding two rows of one product (:func:`held_twice`).
    twice: dict[str, npt.NDArray[np.int64]]


def _psa_index(lines: frozenset[tuple[str, int]]) -> _Index:
    """A PSA client's lines as :meth:`Footprints.overlap` reads them."""
    largest: dict[str, int] = {}
    for p, q in lines:
        if q > largest.get(p, q - 1):
            largest[p] = q
    return lines, largest


class Footprints:
    """Each client's (product, seats) lines on both sides, built on demand.

    Args:
        vendor: vendor groups: columns ``identity``, ``product``, ``qty`` (milli-seats).
        psa: PSA groups, products already mapped onto vendor product keys; same columns.
        vendor_products: product keys the vendor file carries (only these count on the PSA
            side: a PSA line of labour says nothing about the vendor client).
    """

    def __init__(
        self, vendor: pd.DataFrame, psa: pd.DataFrame, vendor_products: Iterable[str]
    ) -> None:
        carried = set(vendor_products)
        self._vendor = vendor.loc[vendor[QTY] > 0]
        self._psa = psa.loc[(psa[QTY] > 0).to_numpy() & _rows_in(psa[PRODUCT], carried)]
        self._held: dict[tuple[str, str], frozenset[tuple[str, int]]] = {}
        # Per client, what overlap() reads, built on its first question: see _vendor_index.
        self._vendor_indexes: dict[str, _Index | None] = {}
        self._psa_index: dict[str, _Index] = {}
        self._line_bits: dict[tuple[str, int], float] | None = None
        # Identities prepared or admitted (what overlaps() counts), and those admitted whose
        # lines are not built yet (built on the first question that needs them).
        self._built: dict[str, set[str]] = {"v": set(), "p": set()}
        self._waiting: dict[str, set[str]] = {"v": set(), "p": set()}
        self._coded: _Coded | None = None
        # Per side, each client holding two rows of one product: those seats summed (summed).
        self._several: dict[str, dict[str, dict[str, int]]] | None = None
        # Per side, where each client's rows are (:meth:`_rows_of`), found on first need.
        self._client_rows: dict[
            str,
            tuple[
                npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.int64], dict[str, int]
            ],
        ] = {}

    def prepare(self, vendor_ids: Iterable[str], psa_ids: Iterable[str]) -> None:
        """Build the lines of these clients in one pass per side (call before :meth:`overlap`,
        :meth:`psa_lines` and :meth:`vendor_lines`)."""
        for side, ids in (("v", vendor_ids), ("p", psa_ids)):
            # Set arithmetic, not a (side, identity) look-up per id: callers pass every
            # candidate of every name, tens of thousands of ids, most of them built already.
            wanted = set(ids)
            fresh = wanted - self._built[side]
            self._admit(side, fresh)
            self._build(side, (wanted & self._waiting[side]) | fresh)

    def admit(self, vendor_ids: Iterable[str], psa_ids: Iterable[str]) -> None:
        """Let :meth:`overlaps` count these clients' lines (as :meth:`prepare` does), their
        per-client sets built only if a question needs them: the fuzzy step and the exact
        checks admit tens of thousands of clients and count them all on codes."""
        for side, ids in (("v", vendor_ids), ("p", psa_ids)):
            fresh = set(ids) - self._built[side]
            self._admit(side, fresh)
            self._waiting[side] |= fresh

    def _admit(self, side: str, fresh: set[str]) -> None:
        self._built[side] |= fresh
        indexes: dict[str, _Index | None] | dict[str, _Index] = (
            self._vendor_indexes if side == "v" else self._psa_index
        )
        if indexes:
            for identity in fresh:
                # Asked before it was built (as holding nothing): built again when asked.
                indexes.pop(identity, None)

    def _build(self, side: str, wanted: set[str]) -> None:
        """The lines of these clients, in one pass over the side's rows."""
        self._waiting[side] -= wanted
        if not wanted:
            return
        frame = self._vendor if side == "v" else self._psa
        rows = frame.iloc[self._rows_of(side, wanted)]
        # Rows ordered by client (codes, a stable sort), then each client's lines taken
        # as one slice: sets built whole, never a Python call per row to add one line.
        codes, names = pd.factorize(rows[IDENTITY])
        order = np.argsort(codes, kind="stable")
        qty = rows[QTY].astype("int64").tolist()
        lines = list(zip(rows[PRODUCT].tolist(), qty, strict=True))
        lines = [lines[i] for i in order.tolist()]
        ends = np.cumsum(np.bincount(codes, minlength=len(names))).tolist()
        start = 0
        for identity, end in zip(names, ends, strict=True):
            self._held[(side, str(identity))] = frozenset(lines[start:end])
            start = end
        for identity in wanted:
            self._held.setdefault((side, identity), _NONE)  # a client with no line

    def _rows_of(self, side: str, wanted: set[str]) -> npt.NDArray[np.int64]:
        """The positions of these clients' rows in the side's frame, in frame order (what a
        membership test over the whole column finds, without one: the steps prepare a few
        clients at a time, thirty times a run, each test a walk over every row)."""
        found = self._client_rows.get(side)
        if found is None:
            frame = self._vendor if side == "v" else self._psa
            codes, names = _codes(frame[IDENTITY])
            held = codes >= 0
            # Each client's rows side by side (a stable sort keeps them in frame order).
            order = np.flatnonzero(held)[np.argsort(codes[held], kind="stable")]
            sizes = np.bincount(codes[held], minlength=len(names))
            # The names as Python text in one call: iterating an Arrow-backed index yields
            # one scalar per step (0.1 CPU s for the 116,000 names of a 60,000-client run).
            at = {str(name): n for n, name in enumerate(names.tolist())}
            found = self._client_rows[side] = (order, np.cumsum(sizes) - sizes, sizes, at)
        order, starts, sizes, at = found
        picked = np.asarray([n for n in (at.get(i, -1) for i in wanted) if n >= 0], dtype=np.int64)
        count = sizes[picked]
        first = np.repeat(np.cumsum(count) - count, count)
        rows = np.repeat(starts[picked], count) + (
            np.arange(int(count.sum()), dtype=np.int64) - first
        )
        return np.sort(order[rows])

    def _of(self, side: str, identity: str) -> frozenset[tuple[str, int]]:
        """One client's lines: built, admitted (then every admitted client of the side is
        built now), or never prepared (nothing)."""
        found = self._held.get((side, identity))
        if found is not None:
            return found
        if identity in self._waiting[side]:
            self._build(side, set(self._waiting[side]))
            return self._held[(side, identity)]
        return _NONE

    @property
    def _lines(self) -> dict[tuple[str, str], frozenset[tuple[str, int]]]:
        """Every prepared or admitted client's lines, all built."""
        for side in ("v", "p"):
            self._build(side, set(self._waiting[side]))
        return self._held

    def disjoint(self, pairs: Mapping[str, str], *, at_least: int = CONTRADICT_LINES) -> set[str]:
        """The vendor identities whose paired PSA client holds no product in common with them.

        Vectorised over every pair at once, on integer codes of clients and products, so
        checking every exact name match costs one pass over the lines. Only pairs where both
        sides hold at least ``at_least`` products count (default :data:`CONTRADICT_LINES`, as in
        :attr:`Overlap.contradicts`).

        Args:
            pairs: vendor identity -> PSA identity.
            at_least: products each side must hold for the pair to count.

        Returns:
            The vendor identities of the pairs that contradict.
        """
        if not pairs:
            return set()
        # On the codes every overlap is counted on (built once): each side's distinct
        # (client, line) rows, a line's product, and each PSA client's products held. A
        # missing product is a code of its own on both sides, as a join on it would treat it;
        # each vendor client's paired PSA client is a code, a PSA client no row holds the
        # slot counting no product.
        coded = self._codes_of_lines()
        v_names, p_names = coded.vendor_names, coded.psa_names
        wanted = list(pairs)
        at = np.asarray([coded.vendor_at.get(v, -1) for v in wanted], dtype=np.int64)
        known = at >= 0
        psa_at = coded.psa_at
        to = np.asarray([psa_at.get(pairs[wanted[n]], -1) for n in np.flatnonzero(known)])
        to = to.astype(np.int64)
        target = np.full(len(v_names) + 1, -1, dtype=np.int64)
        target[at[known]] = np.where(to >= 0, to, len(p_names))
        v_owner, v_line = coded.vendor
        width = coded.psa.products
        asked = target[v_owner] >= 0
        # Distinct (client, product) per side: the products each client holds, only counted
        # (their order is never read), by one sort of the ints (a hash is several times
        # slower); the PSA side's are its held keys, sorted.
        v_lines = distinct_ints(v_owner[asked] * width + coded.lines.product[v_line[asked]])
        v_client = v_lines // width
        v_count = np.bincount(v_client, minlength=len(v_names))
        p_count = np.bincount(coded.psa.held[:-1] // width, minlength=len(p_names) + 1)
        common_line = member(coded.psa.held, target[v_client] * width + v_lines % width)
        common = np.bincount(v_client[common_line], minlength=len(v_names))
        other = p_count[target[:-1]]  # a vendor client not asked about: -1, the empty slot
        contradicts = (np.minimum(v_count, other) >= at_least) & (common == 0) & (v_count > 0)
        return {str(v_names[i]) for i in np.flatnonzero(contradicts).tolist()}

    def psa_lines(self, psa_id: str) -> frozenset[tuple[str, int]]:
        """A prepared PSA client's (product, milli-seats) lines (empty if not prepared)."""
        return self._of("p", psa_id)

    def vendor_lines(self, vendor_id: str) -> frozenset[tuple[str, int]]:
        """A prepared vendor client's (product, milli-seats) lines (empty if not prepared)."""
        return self._of("v", vendor_id)

    def side_lines(self, side: str) -> pd.DataFrame:
        """A side's (identity, product, qty) rows held ("v": vendor, "p": PSA, carried only)."""
        return self._vendor if side == "v" else self._psa

    def overlap(self, vendor_ids: Iterable[str], psa_id: str) -> Overlap:
        """What the vendor client (one or more identities sharing a name) and a PSA client share."""
        ids = vendor_ids if isinstance(vendor_ids, list) else list(vendor_ids)
        mine = self._vendor_index(ids[0]) if len(ids) == 1 else None
        if mine is None:  # several identities, or one holding two lines of a product
            vendor_lines = frozenset().union(*(self._of("v", i) for i in ids))
            return self._overlap_of(vendor_lines, self._of("p", psa_id))
        theirs = self._psa_index.get(psa_id)
        if theirs is None:
            theirs = self._psa_index[psa_id] = _psa_index(self._of("p", psa_id))
        vendor_lines, seats = mine
        psa_lines, largest = theirs
        products = seats.keys() & largest.keys()
        if not products:
            # No product in common, so no line either (most candidates of a name, and a side
            # holding nothing): what the sums give then, without building them.
            return Overlap(0, len(vendor_lines), len(psa_lines), 0)
        common = vendor_lines & psa_lines
        # Summed exactly (fsum): a plain float sum over a set depends on the hash seed's
        # order, and a last-bit difference can flip which of two candidates outweighs. fsum
        # is also why the terms may be gathered in any order.
        weights = self._weights()
        terms = [weights.get(line, _RARE_BITS) for line in common]
        near = 0
        if len(products) > len(common):
            # Seat sums are noisy (a proration, a credit): a count within a seat or two, or
            # a tenth, still agrees, at half the weight. Of two PSA lines of one product
            # (two PSA products mapped onto it) the larger count is compared. This client
            # holds one line per product, so its lines of shared products are these.
            for product in products:
                qty, other = seats[product], largest[product]
                if _seats_near(qty, other) and (product, qty) not in common:
                    near += 1
                    terms.append(0.5 * weights.get((product, qty), _RARE_BITS))
        return Overlap(
            len(common),
            len(vendor_lines),
            len(psa_lines),
            len(products),
            near,
            round(math.fsum(terms), 1),
        )

    def summed(self, vendor_ids: Sequence[str], psa_id: str) -> Overlap | None:
        """What the pair shares with each side's seats of a product summed over its lines
        (:func:`recon.match.overlap.summed_overlap`), or None when neither client holds two
        lines of one product (the sums are then the lines :meth:`overlap` compared).

        The sums are taken over the side's rows, not its set of lines: two subscriptions of
        3 seats each are 6 seats, where the set holds one line of 3.
        """
        return self.summed_pairs([(vendor_ids, psa_id)])[0]

    def summed_pairs(self, pairs: Sequence[tuple[Sequence[str], str]]) -> list[Overlap | None]:
        """:meth:`summed` of each (vendor identities, PSA identity) pair. Only the clients of
        pairs where a side holds two lines of one product are read, their lines built in one
        pass per side: never every admitted client's (tens of thousands at 60,000 clients)."""
        several = self._several_lines()
        vendor_sums, psa_sums = several["v"], several["p"]
        asked = [
            n
            for n, (ids, psa_id) in enumerate(pairs)
            if psa_id in psa_sums or any(i in vendor_sums for i in ids)
        ]
        found: list[Overlap | None] = [None] * len(pairs)
        if not asked:
            return found
        self.prepare({i for n in asked for i in pairs[n][0]}, {pairs[n][1] for n in asked})
        weights = self._weights()

        def weigh(product: str, qty: int) -> float:
            return weights.get((product, qty), _RARE_BITS)

        for n in asked:
            ids, psa_id = pairs[n]
            vendor = [line for i in ids for line in self._rows("v", i, vendor_sums.get(i))]
            psa = self._rows("p", psa_id, psa_sums.get(psa_id))
            found[n] = summed_overlap(vendor, psa, weigh)
        return found

    def summed_lines(self, side: str, identity: str) -> list[tuple[str, int]]:
        """A prepared client's (product, milli-seats) lines, each product's seats summed over
        its rows (:meth:`_rows`).

        Args:
            side: ``"v"`` (vendor) or ``"p"`` (PSA).
            identity: the client's identity.
        """
        return self._rows(side, identity, self._several_lines()[side].get(identity))

    def _rows(self, side: str, identity: str, sums: dict[str, int] | None) -> list[tuple[str, int]]:
        """A client's lines with each product it holds on two rows or more as one line of
        their summed seats (two rows of 3 seats are one line of 6: its set holds one 3)."""
        lines = self._of(side, identity)
        if not sums:
            return list(lines)
        return [*((p, q) for p, q in lines if p not in sums), *sums.items()]

    def _several_lines(self) -> dict[str, dict[str, dict[str, int]]]:
        """Per side, each client holding two rows of one product, and those products' seats
        summed over their rows: found once, in one vectorised pass (only the products held
        twice are kept, a few thousand at 60,000 clients, not every row of their clients)."""
        if self._several is None:
            self._several = {}
            twice = self._codes_of_lines().twice
            for side, frame in (("v", self._vendor), ("p", self._psa)):
                rows = frame.iloc[twice[side]]
                found: dict[str, dict[str, int]] = {}
                for identity, product, qty in zip(
                    rows[IDENTITY].tolist(),
                    rows[PRODUCT].tolist(),
                    rows[QTY].astype("int64").tolist(),
                    strict=True,
                ):
                    sums = found.setdefault(str(identity), {})
                    sums[str(product)] = sums.get(str(product), 0) + qty
                self._several[side] = found
        return self._several

    def overlaps(self, pairs: Sequence[tuple[Sequence[str], str]]) -> list[Overlap]:
        """:meth:`overlap` of each (vendor identities, PSA identity) pair, counted for all
        pairs at once on integer codes: the same answers (a client not prepared holds
        nothing), without a walk over sets per pair."""
        if not pairs:
            return []
        coded = self._codes_of_lines()
        built_v, built_p = self._built["v"], self._built["p"]
        v_at = coded.vendor_at
        # A vendor client of one identity is that identity's code; several identities
        # sharing a name are an owner of their own after them, holding their lines' union.
        united: dict[tuple[str, ...], int] = {}
        members: list[tuple[int, int]] = []
        owners: list[int] = []
        for ids, _ in pairs:
            if len(ids) == 1:
                only = ids[0]
                owners.append(v_at.get(only, -1) if only in built_v else -1)
                continue
            group = tuple(ids)
            owner = united.get(group)
            if owner is None:
                owner = united[group] = len(coded.vendor_names) + len(united)
                members.extend(
                    (owner, v_at[i]) for i in dict.fromkeys(group) if i in built_v and i in v_at
                )
            owners.append(owner)
        vendor = coded.vendor
        if members:
            vendor = self._united_lines(coded, members)
        # A dict look-up per pair: an index of the pairs' identities costs more to build.
        psa_at = coded.psa_at
        p_at = np.asarray(
            [psa_at.get(p, -1) if p in built_p else -1 for _, p in pairs], dtype=np.int64
        )
        counts = count_overlaps(
            vendor,
            coded.psa,
            coded.lines,
            np.asarray(owners, dtype=np.int64),
            p_at,
            near_floor=_NEAR_FLOOR,
            near_share=NEAR_SHARE,
        )
        # Most pairs share nothing and hold as many lines as others: one Overlap per
        # distinct row of counts, made from that row's first pair.
        columns = (
            counts.shared,
            counts.vendor_lines,
            counts.psa_lines,
            counts.shared_products,
            counts.near,
        )
        first, which = distinct_rows(columns, counts.bits)
        shared, vendor_lines, psa_lines, products, near = (c[first].tolist() for c in columns)
        made = [
            Overlap.counted(s, v, p, n, c, round(b, 1))
            for s, v, p, n, c, b in zip(
                shared,
                vendor_lines,
                psa_lines,
                products,
                near,
                counts.bits[first].tolist(),
                strict=True,
            )
        ]
        return [made[k] for k in which.tolist()]

    @staticmethod
    def _united_lines(
        coded: _Coded, members: list[tuple[int, int]]
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
        """The vendor rows with, after them, each united owner's rows: its identities' lines."""
        owner_of = np.asarray([o for o, _ in members], dtype=np.int64)
        identity = np.asarray([i for _, i in members], dtype=np.int64)
        v_owner, v_line = coded.vendor
        start = np.searchsorted(v_owner, identity, side="left")
        count = np.searchsorted(v_owner, identity, side="right") - start
        first = np.repeat(np.cumsum(count) - count, count)
        rows = np.repeat(start, count) + (np.arange(int(count.sum()), dtype=np.int64) - first)
        extra = distinct_lines(np.repeat(owner_of, count), v_line[rows], coded.lines)
        return np.concatenate([v_owner, extra[0]]), np.concatenate([v_line, extra[1]])

    def _codes_of_lines(self) -> _Coded:
        """Both frames' lines as codes, built once: products and seats coded together over
        both sides, so one (product, seats) line has one code wherever it is held."""
        if self._coded is not None:
            return self._coded
        v_id, v_names = _codes(self._vendor[IDENTITY])
        p_id, p_names = _codes(self._psa[IDENTITY])
        v_prod, p_prod, width = _product_codes(
            self._vendor[PRODUCT],
            np.ones(len(v_id), dtype=bool),
            self._psa[PRODUCT],
            np.ones(len(p_id), dtype=bool),
        )
        product = np.concatenate([v_prod, p_prod])
        qty = np.concatenate(
            [self._vendor[QTY].to_numpy(dtype=np.int64), self._psa[QTY].to_numpy(dtype=np.int64)]
        )
        # Seats are positive counts here (rows of none are dropped): product and seats fit
        # one integer as they are, so one factorisation codes the lines.
        span = int(qty.max(initial=0)) + 1
        seat_values: npt.NDArray[np.int64] | None = None
        if (int(product.max(initial=0)) + 1) * span >= 2**62 or qty.min(initial=1) < 0:
            seats, found = pd.factorize(qty)  # never at real seat counts
            seat_values = np.asarray(found, dtype=np.int64)
            span, qty = len(seat_values), np.asarray(seats, dtype=np.int64)
        line, line_values = pd.factorize(product * span + qty)
        line_product = (line_values // span).astype(np.int64)
        line_qty = (line_values % span).astype(np.int64)
        if seat_values is not None:
            line_qty = seat_values[line_qty]
        vendor_line = np.asarray(line[: len(v_id)], dtype=np.int64)
        lines = LineCodes(line_product, line_qty, np.empty(0, dtype=np.float64))
        vendor = distinct_lines(v_id[v_id >= 0], vendor_line[v_id >= 0], lines)
        missing = len(_codes(self._vendor[PRODUCT])[1])  # the code of a missing product
        weight = line_bits(
            vendor_line,
            vendor[1],
            line_product,
            missing,
            int(self._vendor[IDENTITY].nunique()),
            rare=_RARE_BITS,
        )
        lines = LineCodes(line_product, line_qty, weight)
        psa_line = np.asarray(line[len(v_id) :], dtype=np.int64)
        psa = psa_side(p_id[p_id >= 0], psa_line[p_id >= 0], lines)
        del product, qty, line, line_values, vendor_line, psa_line
        twice = {
            "v": held_twice(v_id, v_prod, int(width), missing),
            "p": held_twice(p_id, p_prod, int(width), missing),
        }
        self._coded = _Coded(
            lines,
            vendor,
            psa,
            v_names,
            p_names,
            {str(n): at for at, n in enumerate(v_names.tolist())},
            {str(n): at for at, n in enumerate(p_names.tolist())},
            # On the codes at hand: a frame's duplicated() on the two text columns cost more
            # than every sum it finds (a tenth of a second at 60,000 clients). Found last,
            # the line temporaries gone, so its hash table never sits on top of them.
            twice,
        )
        return self._coded

    def overlap_of(
        self, vendor_lines: frozenset[tuple[str, int]], psa_lines: frozenset[tuple[str, int]]
    ) -> Overlap:
        """What two given sets of (product, milli-seats) lines share, weighed as
        :meth:`overlap` weighs a pair's (for lines read beyond a client's own, see
        :mod:`recon.match.read_lines`)."""
        return self._overlap_of(vendor_lines, psa_lines)

    def _overlap_of(
        self, vendor_lines: frozenset[tuple[str, int]], psa_lines: frozenset[tuple[str, int]]
    ) -> Overlap:
        """:meth:`overlap` for any two sets of lines (a vendor side may hold a product twice)."""
        if not vendor_lines or not psa_lines:
            return Overlap(0, len(vendor_lines), len(psa_lines), 0)
        products = frozenset(p for p, _ in vendor_lines) & frozenset(p for p, _ in psa_lines)
        if not products:
            return Overlap(0, len(vendor_lines), len(psa_lines), 0)
        common = vendor_lines & psa_lines
        weights = self._weights()
        terms = [weights.get(line, _RARE_BITS) for line in common]
        near = 0
        if len(products) > len(common):
            psa_qty: dict[str, int] = {}
            for p, q in psa_lines:
                if p in products and q > psa_qty.get(p, q - 1):
                    psa_qty[p] = q
            for product, qty in vendor_lines - common:
                other = psa_qty.get(product)
                if other is not None and _seats_near(qty, other):
                    near += 1
                    terms.append(0.5 * weights.get((product, qty), _RARE_BITS))
        bits = math.fsum(terms)
        return Overlap(
            len(common), len(vendor_lines), len(psa_lines), len(products), near, round(bits, 1)
        )

    def _vendor_index(self, identity: str) -> _Index | None:
        """One vendor client's lines and seats per product, built once per client; None
        when it holds two lines of one product (then :meth:`_overlap_of`)."""
        try:
            return self._vendor_indexes[identity]
        except KeyError:
            pass
        lines = self._of("v", identity)
        seats = dict(lines)
        found = (lines, seats) if len(seats) == len(lines) else None
        self._vendor_indexes[identity] = found
        return found

    def _weights(self) -> dict[tuple[str, int], float]:
        """Bits of evidence per (product, seats) line: rare lines say more than common ones.

        A line held by k of the vendor file's n clients weighs log2(n / k): "Business
        Premium, 1 seat" at thousands of clients is weak, "an EDR, 37 seats" at three is
        strong. Built once per run, from the vendor side, in one vectorised count.
        """
        if self._line_bits is None:
            counts = self._vendor.groupby([PRODUCT, QTY], sort=False)[IDENTITY].nunique()
            clients = max(int(self._vendor[IDENTITY].nunique()), 1)
            bits = np.log2(clients / counts.to_numpy(dtype=np.float64))
            self._line_bits = {
                (str(p), int(q)): float(b) for (p, q), b in zip(counts.index, bits, strict=True)
            }
        return self._line_bits


def footprint_frame(groups: pd.DataFrame, mapping: Mapping[str, str] | None = None) -> pd.DataFrame:
    """A side's groups as the (identity, product, qty) frame :class:`Footprints` reads.

    Args:
        groups: a side's group frame (:class:`recon.model.G` columns).
        mapping: PSA product key -> the vendor product key it is compared as.
    """
    products = groups[G.PRODUCT]
    if mapping:
        products = mapped_keys(products, mapping)
    return pd.DataFrame(
        {IDENTITY: groups[G.CLIENT], PRODUCT: products, QTY: groups[G.QTY].astype("int64")}
    )
