"""Pair products on the seats at each client, not only on their names.

Once clients are matched, each client's lines are evidence. A PSA line whose product the vendor
file does not carry, and a vendor line at the *same client* that nothing in the PSA bills, with
quantities that agree (or nearly), are very likely one product under two names, above all when
no other pairing at that client explains either line. The same (PSA product, vendor product)
pair recurring at many clients is strong evidence for a mapping.

What the evidence decides, and what it only ranks:

- **Acted on without a person** (the PSA product is compared as the vendor product, in this run
  and no other): seats agree exactly, one-to-one, at :data:`ACT_CLIENTS` (3) or more clients,
  with at least two different seat counts among them (a run of one-seat coincidences proves
  nothing); or at :data:`ACT_CLIENTS_NAMED` (2) when the names are also alike (text score at
  least :data:`ALIKE`). In both cases the pairing must explain at least :data:`ACT_COVERAGE`
  (60 %) of the clients where the PSA product sits beside an unbilled vendor line, the
  runner-up vendor product may have at most a third of its support, and tier words must not
  conflict. At scale the bar is a share, not a count: with :data:`SCALE_CLIENTS` (10) or more
  agreeing clients, :data:`SCALE_SHARE` (30 %) of the product's clients is enough when no
  rival has a fifth of the support; a coincidence's share shrinks as the product spreads.
- **Asked** (a :class:`recon.model.MappingQuestion`): anything weaker that still holds at one
  client or more, when the pairing explains at least half of the product's clients
  (:data:`ASK_COVERAGE`), or a quarter when the names are also alike (:data:`ASK_TEXT`).
  The question carries the money at stake, and *no gap is raised for the seats it holds*:
  the vendor line is not "missing in PSA" and the PSA line is not "unmapped" while a person
  decides (one question, never two false statements). A PSA line
  billing a service at every client ("Managed Services per user") pairs with an unbilled
  licence at only a few, so it raises no question.
- **Never**: tier words that conflict (E3 / E5, Plan 1 / Plan 2) pair on no evidence at all,
  and a product a person aliased or the catalogue recognised by its exact name is not
  re-paired by seats, unless the vendor file sells that catalogue product nowhere (then the
  seats may pair it, and hold it in a question only beside a vendor product the catalogue does
  not know).

Everything here works on grouped (client, product) rows joined on client codes, so its cost
grows with the rows, never with clients squared.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from recon.catalog import TierRelation
from recon.catalog.text import TextMatch, compare_product
from recon.model import QTY_SCALE

ACT_CLIENTS = 3
ACT_CLIENTS_NAMED = 2
ALIKE = 70.0
ACT_COVERAGE = 0.6
ASK_TEXT = 50.0
ASK_COVERAGE = 0.5
ASK_COVERAGE_NAMED = 0.25
#: At scale, a real misnaming agrees exactly at only part of its clients (the rest carry the
#: real quantity gaps, or compete with other unbilled lines of a 15-line client), while a
#: coincidence agrees at a share that shrinks as the product spreads ("Managed Services" beside
#: a licence agrees at well under 1 %). So, with :data:`SCALE_CLIENTS` or more agreeing
#: clients, a share of :data:`SCALE_SHARE` is enough when no rival comes near
#: (:data:`SCALE_RIVAL`): the verdict rests on shares and rarity, never on counts alone.
SCALE_CLIENTS = 10
SCALE_SHARE = 0.3
SCALE_RIVAL = 0.2
#: Quantities are "nearly" equal within this many seats or this share of the larger one.
NEAR_SEATS = 2
#: At one client, equal seats on several lines are told apart by names this much more alike.
NAME_MARGIN = 15.0
NEAR_SHARE = 0.25
_SHOWN = 5

# Column names of the frames this module reads.
PC = "pc"
PSA_KEY = "psa_key"
VENDOR_KEY = "vendor_key"
QTY_P = "qty_p"
QTY_V = "qty_v"


@dataclass(frozen=True, slots=True)
class Support:
    """What the seats say about one (PSA product, vendor product) pair.

    Attributes:
        vendor_key: the vendor product.
        text: how the names compare.
        agree: clients where this pair alone explains both lines and the seats are equal.
        near: clients where it alone explains both lines and the seats nearly agree.
        seat_counts: distinct seat counts among the agreeing clients.
        clients: clients where the PSA product sits beside an unbilled vendor line.
        held: (client, vendor product) rows a question on this pair would hold.
    """

    vendor_key: str
    text: TextMatch
    agree: int
    near: int
    seat_counts: int
    clients: int
    held: tuple[str, ...]

    @property
    def coverage(self) -> float:
        """Share of the PSA product's clients this pairing explains."""
        return (self.agree + self.near) / self.clients if self.clients else 0.0

    @property
    def score(self) -> float:
        """Confidence, 0-100: the name and the seats as independent witnesses."""
        by_name = self.text.score / 100.0 * 0.8
        by_seats = self.coverage * (1.0 - 0.5 ** (self.agree + 0.5 * self.near))
        return float(round(100.0 * (1.0 - (1.0 - by_name) * (1.0 - by_seats)), 1))

    def why(self) -> str:
        """What the pairing rests on, in words."""
        parts = []
        if self.agree or self.near:
            match = f"match at {self.agree}" if self.agree else ""
            close = f"are close at {self.near}" if self.near else ""
            joined = " and ".join(p for p in (match, close) if p)
            parts.append(f"seats {joined} of {self.clients} client(s)")
        parts.append(f"name: {self.text.how}")
        return "; ".join(parts)


@dataclass(frozen=True, slots=True)
class Verdict:
    """What the evidence says about one PSA product the vendor file does not carry.

    Attributes:
        psa_key: the PSA product identity.
        candidates: vendor products it may be, best first.
        act: the vendor product to compare it as, when the evidence is strong enough alone.
        ask: True when a person should be asked (and the best candidate's rows are held).
    """

    psa_key: str
    candidates: tuple[Support, ...]
    act: str | None
    ask: bool


def weigh(
    psa_orphans: pd.DataFrame,
    vendor_orphans: pd.DataFrame,
    psa_names: Mapping[str, str],
    vendor_names: Mapping[str, str],
    *,
    brands: frozenset[tuple[str, ...]] = frozenset(),
    rejected: frozenset[tuple[str, str]] = frozenset(),
) -> dict[str, Verdict]:
    """Weigh the seats at each client for every PSA product the vendor file does not carry.

    Args:
        psa_orphans: PSA rows at matched clients whose product the vendor file lacks; columns
            ``pc`` (client), ``psa_key`` and ``qty_p`` (milli-seats).
        vendor_orphans: vendor rows at matched clients that no PSA line bills; columns ``pc``,
            ``vendor_key`` and ``qty_v``.
        psa_names: PSA key -> product text as written.
        vendor_names: vendor key -> product name.
        brands: brand words to disregard when comparing names.
        rejected: (PSA key, vendor key) pairs people said are not one product: never weighed.

    Returns:
        PSA key -> verdict, for PSA products with at least one plausible pairing.
    """
    if psa_orphans.empty or vendor_orphans.empty:
        return {}
    clients_of = psa_orphans.groupby(PSA_KEY, sort=False)[PC].nunique()
    pairs = psa_orphans.merge(vendor_orphans, on=PC, how="inner")
    if pairs.empty:
        return {}
    qp = pairs[QTY_P].to_numpy(dtype=np.int64)
    qv = pairs[QTY_V].to_numpy(dtype=np.int64)
    slack = np.maximum(NEAR_SEATS * QTY_SCALE, (NEAR_SHARE * np.maximum(qp, qv)).astype(np.int64))
    plausible = (qp > 0) & (qv > 0) & (np.abs(qp - qv) <= slack)
    pairs = pairs.loc[plausible].reset_index(drop=True)
    if pairs.empty:
        return {}
    # Names are compared once per distinct (PSA product, vendor product), then spread by code.
    pair_codes, pair_keys = _pair_codes(pairs)
    texts = {
        (p, v): compare_product(psa_names[p], v, vendor_names[v], brands) for p, v in pair_keys
    }
    conflict = np.array(
        [texts[key].relation is TierRelation.CONFLICT or key in rejected for key in pair_keys],
        dtype=bool,
    )[pair_codes]
    kept_codes = pair_codes[~conflict]
    pairs = pairs.loc[~conflict].reset_index(drop=True)
    if pairs.empty:
        return {}
    text_scores = np.array([texts[key].score for key in pair_keys], dtype=np.float64)
    explained, agree = _explained(pairs, text_scores[kept_codes])
    pairs = pairs.assign(explained=explained, agree=agree & explained)
    return _verdicts(pairs, texts, clients_of)


def _pair_codes(pairs: pd.DataFrame) -> tuple[np.ndarray, list[tuple[str, str]]]:
    """A code per row for its (PSA key, vendor key), and the distinct pairs in first-seen order."""
    psa_codes, psa_keys = pd.factorize(pairs[PSA_KEY], sort=False)
    vendor_codes, vendor_keys = pd.factorize(pairs[VENDOR_KEY], sort=False)
    width = max(len(vendor_keys), 1)
    codes, uniques = pd.factorize(psa_codes.astype(np.int64) * width + vendor_codes, sort=False)
    keys = [(str(psa_keys[u // width]), str(vendor_keys[u % width])) for u in uniques.tolist()]
    return codes, keys


def _held(pairs: pd.DataFrame) -> dict[tuple[str, str], tuple[str, ...]]:
    """(PSA key, vendor key) -> the clients where the pair sits, sorted, once each."""
    rows = pairs[[PSA_KEY, VENDOR_KEY, PC]].drop_duplicates()
    rows = rows.sort_values([PSA_KEY, VENDOR_KEY, PC], kind="stable")
    psa, vendor, clients = (rows[c].to_numpy(dtype=object) for c in (PSA_KEY, VENDOR_KEY, PC))
    if not len(rows):
        return {}
    starts = np.flatnonzero(
        np.concatenate(([True], (psa[1:] != psa[:-1]) | (vendor[1:] != vendor[:-1])))
    )
    ends = np.append(starts[1:], len(rows))
    return {
        (str(psa[s]), str(vendor[s])): tuple(str(c) for c in clients[s:e])
        for s, e in zip(starts.tolist(), ends.tolist(), strict=True)
    }


def _explained(
    pairs: pd.DataFrame, text: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Which rows no other pairing at the same client explains, and which agree exactly.

    A row is explained when it is the only plausible pairing of its PSA line and of its vendor
    line at that client, or failing that the only one whose seats agree exactly on both sides,
    or failing that (seats agreeing exactly with more than one line) the one whose names are
    alike by :data:`NAME_MARGIN` more than any rival of either line at that client: two PSA
    lines of 27 seats beside two unbilled vendor lines of 27 are told apart by their names
    ("Teams Phone /user" is the Teams Phone licence, not the antivirus). Last, a pairing whose
    seats only nearly agree is explained the same way, by its names, among the lines no other
    row explains (:func:`_named_among_near`).

    Args:
        pairs: the plausible (client, PSA product, vendor product) rows.
        text: each row's name score (default: names break no tie).
    """
    agree = (pairs[QTY_P] == pairs[QTY_V]).to_numpy()
    per_psa = pairs.groupby([PC, PSA_KEY], sort=False)[VENDOR_KEY].transform("size").to_numpy()
    per_vendor = pairs.groupby([PC, VENDOR_KEY], sort=False)[PSA_KEY].transform("size").to_numpy()
    unique = (per_psa == 1) & (per_vendor == 1)
    exact = pairs.loc[agree]
    explained = unique.copy()
    if not exact.empty:
        agree_psa = exact.groupby([PC, PSA_KEY], sort=False)[VENDOR_KEY].transform("size")
        agree_vendor = exact.groupby([PC, VENDOR_KEY], sort=False)[PSA_KEY].transform("size")
        unique_agree = np.zeros(len(pairs), dtype=bool)
        unique_agree[exact.index.to_numpy()] = (agree_psa.to_numpy() == 1) & (
            agree_vendor.to_numpy() == 1
        )
        explained |= unique_agree
        if text is not None:
            tied = agree & ~explained
            named = _named_among_equals(pairs, tied, text)
            explained |= named | _left_over(pairs, tied, named)
    if text is not None:
        explained |= _named_among_near(pairs, agree, explained, text)
    return explained, agree


def _named_among_equals(
    pairs: pd.DataFrame, tied: np.ndarray, text: np.ndarray
) -> npt.NDArray[np.bool_]:
    """Rows whose equal seats tie with others at the client but whose names settle it.

    Among the exactly agreeing rows of one PSA line at one client, and of one vendor line, the
    row must score best by name and every rival of either line at least :data:`NAME_MARGIN`
    lower; the name must also be worth showing (:data:`ASK_TEXT`).
    """
    out = np.zeros(len(pairs), dtype=bool)
    if not tied.any():
        return out
    rows = pairs.loc[tied, [PC, PSA_KEY, VENDOR_KEY]].assign(score=text[tied])
    clear = rows["score"].to_numpy() >= ASK_TEXT
    for side in (PSA_KEY, VENDOR_KEY):
        by_line = rows.groupby([PC, side], sort=False)["score"]
        top = by_line.transform("max").to_numpy()
        scores = rows["score"].to_numpy()
        close = pd.Series(scores > top - NAME_MARGIN, index=rows.index)
        rivals = close.groupby([rows[PC], rows[side]], sort=False).transform("sum").to_numpy()
        clear &= (scores == top) & (rivals == 1)
    out[rows.index.to_numpy()[clear]] = True
    return out


def settled_by_names(
    pairs: pd.DataFrame, rows: npt.NDArray[np.bool_], text: np.ndarray
) -> npt.NDArray[np.bool_]:
    """Which of ``rows`` their names settle at their client, every other row of ``rows`` of
    either line there a rival (the rule of :func:`_explained`, for callers weighing pairings
    the seats could not).

    Args:
        pairs: (client, PSA product, vendor product) rows (columns ``pc``, ``psa_key``,
            ``vendor_key``).
        rows: the rows to consider.
        text: each row's name score.
    """
    return _named_among_equals(pairs, rows, text)


def _named_among_near(
    pairs: pd.DataFrame,
    agree: npt.NDArray[np.bool_],
    explained: npt.NDArray[np.bool_],
    text: np.ndarray,
) -> npt.NDArray[np.bool_]:
    """Rows whose seats nearly agree, among several plausible pairings at one client, that the
    names settle (by :data:`NAME_MARGIN`, as :func:`_named_among_equals` does for equal seats).

    "Business Standard" billed 35 beside an unbilled "Microsoft 365 Business Standard" of 30
    also sits beside "Managed Workstation" 24: the seats alone cannot say which line is the
    licence, so neither pairing counted and the text was listed unmapped beside a "missing in
    PSA" for the same seats. Lines another row already explains take no second pairing.
    """
    rest = ~explained
    if not rest.any():
        return rest
    for side in (PSA_KEY, VENDOR_KEY):
        used = pd.MultiIndex.from_frame(pairs.loc[explained, [PC, side]])
        rest &= ~pd.MultiIndex.from_frame(pairs[[PC, side]]).isin(used)
    return _named_among_equals(pairs, rest, text) & ~agree


def _left_over(
    pairs: pd.DataFrame, tied: npt.NDArray[np.bool_], named: npt.NDArray[np.bool_]
) -> npt.NDArray[np.bool_]:
    """Tied rows left the only pairing of both their lines once the names settled the others."""
    out = np.zeros(len(pairs), dtype=bool)
    if not named.any():
        return out
    taken = pairs.loc[named]
    rest = tied & ~named
    for side in (PSA_KEY, VENDOR_KEY):
        used = pd.MultiIndex.from_frame(taken[[PC, side]])
        rest &= ~pd.MultiIndex.from_frame(pairs[[PC, side]]).isin(used)
    if not rest.any():
        return out
    rows = pairs.loc[rest]
    per_psa = rows.groupby([PC, PSA_KEY], sort=False)[VENDOR_KEY].transform("size").to_numpy()
    per_vendor = rows.groupby([PC, VENDOR_KEY], sort=False)[PSA_KEY].transform("size").to_numpy()
    out[rows.index.to_numpy()[(per_psa == 1) & (per_vendor == 1)]] = True
    return out


def _verdicts(
    pairs: pd.DataFrame,
    texts: Mapping[tuple[str, str], TextMatch],
    clients_of: pd.Series,
) -> dict[str, Verdict]:
    near = pairs["explained"] & ~pairs["agree"]
    stats = (
        pairs.assign(near=near, agree_qty=pairs[QTY_P].where(pairs["agree"]))
        .groupby([PSA_KEY, VENDOR_KEY], sort=False)
        .agg(
            agree=("agree", "sum"),
            near=("near", "sum"),
            seat_counts=("agree_qty", "nunique"),
        )
        .reset_index()
    )
    held_at = _held(pairs)
    by_psa: dict[str, list[Support]] = {}
    columns = [PSA_KEY, VENDOR_KEY, "agree", "near", "seat_counts"]
    for psa_key, vendor_key, agree, near_count, seat_counts in stats[columns].itertuples(
        index=False, name=None
    ):
        held = held_at[(str(psa_key), str(vendor_key))]
        by_psa.setdefault(str(psa_key), []).append(
            Support(
                vendor_key=str(vendor_key),
                text=texts[(str(psa_key), str(vendor_key))],
                agree=int(agree),
                near=int(near_count),
                seat_counts=int(seat_counts),
                clients=int(clients_of.get(psa_key, 0)),
                held=tuple(held),
            )
        )
    out: dict[str, Verdict] = {}
    for psa_key, supports in by_psa.items():
        supports.sort(key=lambda s: (-s.score, -s.agree, s.vendor_key))
        # The candidate most seats back leads when they alone are enough, whatever a
        # look-alike name scores beside it (a name with no seats behind it proves less).
        by_seats = sorted(supports, key=lambda s: (-(s.agree + s.near), -s.score, s.vendor_key))
        if _strong(by_seats[0], by_seats[1] if len(by_seats) > 1 else None):
            supports.remove(by_seats[0])
            supports.insert(0, by_seats[0])
        best = supports[0]
        rival = max(supports[1:], key=lambda s: s.agree + s.near, default=None)
        act = best.vendor_key if _strong(best, rival) else None
        ask = act is None and (
            best.coverage >= ASK_COVERAGE
            or (best.text.score >= ASK_TEXT and best.coverage >= ASK_COVERAGE_NAMED)
        )
        out[psa_key] = Verdict(psa_key, tuple(supports[:_SHOWN]), act, ask)
    return out


def _strong(best: Support, rival: Support | None) -> bool:
    """True when the seats alone are enough to compare the PSA product as ``best``."""
    needed = ACT_CLIENTS_NAMED if best.text.score >= ALIKE else ACT_CLIENTS
    support = best.agree + best.near
    rival_support = (rival.agree + rival.near) if rival is not None else 0
    if best.agree < needed or best.seat_counts < 2:
        return False
    if best.coverage >= ACT_COVERAGE and rival_support * 3 <= support:
        return True
    return (
        best.agree >= SCALE_CLIENTS
        and best.coverage >= SCALE_SHARE
        and rival_support <= SCALE_RIVAL * support
    )
