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

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from recon.catalog import TierRelation
from recon.catalog._loose import is_service_text
from recon.catalog.text import TextMatch
from recon.codes import distinct_ints, joined_rows, renumber
from recon.match.kind_conflicts import kind_barred
from recon.match.line_conflicts import LineIndex, other_lines
from recon.match.orphan_codes import OrphanCodes, codes_of_pairs, held_clients
from recon.match.seat_lines import (
    ASK_TEXT,
    NAME_MARGIN,
    PC,
    PSA_KEY,
    PSA_LINE,
    QTY_P,
    QTY_V,
    VENDOR_KEY,
    VENDOR_LINE,
    IntArray,
    explained_pairs,
    isin_ints,
    line_keys,
    line_sizes,
    settled_by_names,
)
from recon.match.text_scores import KIND_NAMED, TextScores, names_kind
from recon.model import QTY_SCALE

# The per-client step lives in seat_lines; callers keep importing it from here.
__all__ = [
    "ACT_CLIENTS",
    "ACT_CLIENTS_NAMED",
    "ACT_COVERAGE",
    "ALIKE",
    "ASK_COVERAGE",
    "ASK_COVERAGE_NAMED",
    "ASK_TEXT",
    "KIND_NAMED",
    "NAME_MARGIN",
    "NEAR_SEATS",
    "NEAR_SHARE",
    "PC",
    "PSA_KEY",
    "QTY_P",
    "QTY_V",
    "SCALE_CLIENTS",
    "SCALE_RIVAL",
    "SCALE_SHARE",
    "VENDOR_KEY",
    "IntArray",
    "Support",
    "TextScores",
    "Verdict",
    "distinct_ints",
    "isin_ints",
    "names_kind",
    "settled_by_names",
    "weigh",
]

ACT_CLIENTS = 3
ACT_CLIENTS_NAMED = 2
ALIKE = 70.0
ACT_COVERAGE = 0.6
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
NEAR_SHARE = 0.25
_SHOWN = 5


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
        apart: clients where the two lines are the only unaccounted pair, the names are
            alike (:data:`ALIKE`), and the seats differ by more than "nearly": a real
            quantity gap on a misnamed product. They may make a question, never a pairing.
    """

    vendor_key: str
    text: TextMatch
    agree: int
    near: int
    seat_counts: int
    clients: int
    held: tuple[str, ...]
    apart: int = 0

    @property
    def coverage(self) -> float:
        """Share of the PSA product's clients this pairing explains."""
        return (self.agree + self.near) / self.clients if self.clients else 0.0

    @property
    def ask_coverage(self) -> float:
        """Share of the PSA product's clients this pairing may explain, with the clients
        where alike names sit apart in seats (a question, not a pairing, may rest on them)."""
        return (self.agree + self.near + self.apart) / self.clients if self.clients else 0.0

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
        if self.apart:
            parts.append(f"the only unbilled pair at {self.apart} client(s), seats apart")
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
    texts: TextScores | None = None,
    apart: bool = True,
    overruled: frozenset[str] = frozenset(),
    shown: int = _SHOWN,
    outweigh_tiers: bool = False,
    list_held: bool = True,
    named: frozenset[str] = frozenset(),
    lines: bool = True,
    kinds: bool = True,
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
        texts: the run's name comparisons, shared by its evidence passes (default: scored
            afresh; one made for other brands is not used).
        apart: also weigh alike names whose seats are far apart (see :class:`Support`);
            off where the vendor rows are shortfalls, whose seats are a remainder.
        overruled: PSA keys whose tier words a person has overruled (mapped the text to a
            product they conflict with): its tier words keep it from no product.
        shown: candidates kept per verdict, best first (a pass reading every product the
            seats back, not only those a person is shown, asks for more).
        outweigh_tiers: let seats at scale pair a text whose tier words conflict with the
            product's, where nothing else explains it (:func:`_tiers_outweighed`); for the
            pass over unbilled lines, whose seats are whole lines, not remainders.
        list_held: list the clients each candidate kept sits at (:attr:`Support.held`, what a
            question on it holds). Off where only the pairings to act on are read: every
            candidate's ``held`` is then empty, and nothing else in the verdicts differs.
        named: PSA keys a name already reads as a licence product, weighed again because
            the seats doubt it ("Managed EDR" read as "Huntress Managed EDR" with the brand
            left out): a service word in them is a word of the product's name, not the MSP's
            own service, so far seats may still pair them with an unbilled line.
        lines: bar the pairs whose PSA text names a product line the vendor product is not
            of (:mod:`recon.match.line_conflicts`); off only to compare with a copy that
            predates the rule.
        kinds: bar the pairs at a client whose PSA text names the kind of another unbilled
            product there, not this one's (:mod:`recon.match.kind_conflicts`).

    Returns:
        PSA key -> verdict, for PSA products with at least one plausible pairing.
    """
    if psa_orphans.empty or vendor_orphans.empty:
        return {}
    # Clients and products become integer codes once: the join, the groupings and the
    # verdicts below work on ints, and text comes back only for what a verdict names.
    coded = OrphanCodes.of(psa_orphans, vendor_orphans)
    clients_of = coded.clients_of()
    # The join as row pairs first: only the pairs held below are ever made into a frame
    # (the frame of every joined pair, 570,000 rows at 60,000 clients, was copied to keep
    # them), in the merge's order, on which the verdicts' order rests.
    psa_pc = coded.psa[PC].to_numpy()
    vendor_pc = coded.vendor[PC].to_numpy()
    p_at, v_at = joined_rows(psa_pc, vendor_pc, len(coded.clients))
    if not len(p_at):
        return {}
    p_qty, v_qty = coded.psa[QTY_P].to_numpy(), coded.vendor[QTY_V].to_numpy()
    qp = p_qty.astype(np.int64, copy=False)[p_at]
    qv = v_qty.astype(np.int64, copy=False)[v_at]
    slack = np.maximum(NEAR_SEATS * QTY_SCALE, (NEAR_SHARE * np.maximum(qp, qv)).astype(np.int64))
    held = (qp > 0) & (qv > 0)
    plausible = held & (np.abs(qp - qv) <= slack)
    scores = texts if texts is not None and texts.brands == brands else TextScores(brands)
    if kinds:
        # A text naming a kind the client buys unbilled is none of another kind there, read
        # on every seated pair before far seats are set aside ("Managed AV" 19 beside an
        # unbilled Bitdefender 27 and Huntress 19: recon.match.kind_conflicts).
        held &= ~kind_barred(
            coded,
            (p_at, v_at),
            psa_names,
            vendor_names,
            lambda p, v: scores.of(psa_names[p], v, vendor_names[v]).score,
        )
        plausible &= held
    if not apart:
        held = plausible
    del qp, qv, slack
    at = np.flatnonzero(held)
    if not len(at):
        return {}
    p_at, v_at = p_at[at], v_at[at]
    pairs = pd.DataFrame(
        {
            PC: psa_pc[p_at],
            PSA_KEY: coded.psa[PSA_KEY].to_numpy()[p_at],
            QTY_P: p_qty[p_at],
            PSA_LINE: coded.psa[PSA_LINE].to_numpy()[p_at],
            VENDOR_KEY: coded.vendor[VENDOR_KEY].to_numpy()[v_at],
            QTY_V: v_qty[v_at],
            VENDOR_LINE: coded.vendor[VENDOR_LINE].to_numpy()[v_at],
            "apart": ~plausible[at],
        }
    )
    del p_at, v_at, at, plausible
    # Names are compared once per distinct (PSA product, vendor product), then spread by code.
    pair_codes, pair_keys = codes_of_pairs(pairs, coded)
    found = {(p, v): scores.of(psa_names[p], v, vendor_names[v]) for p, v in pair_keys}
    if overruled:
        found = {k: _unruled(m) if k[0] in overruled else m for k, m in found.items()}
    tiers = np.array(
        [found[key].relation is TierRelation.CONFLICT and key not in rejected for key in pair_keys],
        dtype=bool,
    )[pair_codes]
    # A text naming one product line ("Cloud PC (Windows 365)") is not weighed against a
    # product of another line, however its seats agree (recon.match.line_conflicts).
    barred = rejected
    if lines:
        barred = barred | other_lines(pair_keys, psa_names, LineIndex(vendor_names, brands))
    conflict = tiers | np.array([key in barred for key in pair_keys], dtype=bool)[pair_codes]
    text_scores = np.array([found[key].score for key in pair_keys], dtype=np.float64)[pair_codes]
    # Seats further apart than "nearly" still say one product with a real quantity gap when
    # the names are alike and the two lines meet no other candidate at their client (an MSP
    # service line beside every licence has an unlike name, so it never counts here).
    far = pairs["apart"].to_numpy()
    # A text that says it is the MSP's own service ("Managed Server" beside "Huntress
    # Managed EDR") shares a service word, not a product: its name alone asks nothing.
    # Read once per text, not once per pairing of it (5,000 pairings of 600 texts).
    # A text a name already reads as a product says a product's name, whatever its words.
    service_of = {
        p: p not in named and is_service_text(psa_names[p])
        for p in dict.fromkeys(p for p, _ in pair_keys)
    }
    service = np.array([service_of[p] for p, _ in pair_keys], dtype=bool)
    alike = text_scores >= ALIKE
    keep = ~conflict & (~far | (alike & ~service[pair_codes]))
    only = _only_pair(pairs, keep)
    if named:
        # A named text's far pair stands beside equal seats of a product unlike it by name
        # ("Managed EDR" 6 beside an unbilled SentinelOne 11 and a Windows 365 6 its own
        # "Cloud PC" line bills): only products alike to the text compete with it there.
        is_named = np.array([p in named for p, _ in pair_keys], dtype=bool)[pair_codes]
        only |= is_named & _only_pair(pairs, keep & alike)
    keep &= ~far | only
    verdicts = _weighed(
        pairs.loc[keep].reset_index(drop=True),
        pair_codes[keep],
        text_scores[keep],
        found,
        clients_of,
        coded,
        shown,
        list_held,
    )
    if outweigh_tiers and tiers.any():
        tiers &= ~far
        verdicts = _tiers_outweighed(
            pairs,
            (pair_codes, text_scores),
            (keep & ~far, tiers),
            found,
            verdicts,
            clients_of,
            coded,
            shown,
            list_held,
        )
    return verdicts


def _weighed(
    pairs: pd.DataFrame,
    pair_codes: npt.NDArray[np.int64],
    text_scores: npt.NDArray[np.float64],
    found: Mapping[tuple[str, str], TextMatch],
    clients_of: npt.NDArray[np.int64],
    coded: OrphanCodes,
    shown: int,
    list_held: bool = True,
) -> dict[str, Verdict]:
    """The verdicts on the rows kept: which rows each client explains, then counted."""
    if pairs.empty:
        return {}
    # Numbered again in order of first appearance among the rows kept: verdicts come out in
    # that order. The codes are dense (one per distinct pair weighed): laid out, not hashed.
    kept_codes = _first_seen(pair_codes)
    far = pairs["apart"].to_numpy()
    near = pairs.loc[~far].reset_index(drop=True)
    explained, agree = explained_pairs(near, text_scores[~far])
    pairs = pairs.assign(explained=_spread(explained, ~far), agree=_spread(agree & explained, ~far))
    return _verdicts(pairs, found, clients_of, coded, kept_codes, shown, list_held)


def _tiers_outweighed(
    pairs: pd.DataFrame,
    codes_and_scores: tuple[npt.NDArray[np.int64], npt.NDArray[np.float64]],
    rows: tuple[npt.NDArray[np.bool_], npt.NDArray[np.bool_]],
    found: Mapping[tuple[str, str], TextMatch],
    verdicts: dict[str, Verdict],
    clients_of: npt.NDArray[np.int64],
    coded: OrphanCodes,
    shown: int,
    list_held: bool = True,
) -> dict[str, Verdict]:
    """Pair, at scale only, a text whose tier words conflict with the product the seats show.

    Tier words keep "E3" from "E5" on names, and they must: two editions of one line are
    sold side by side. But a text typed under a product's older or marketing name carries
    that name's edition word ("Office 365 Business Essentials" for today's Business Basic, a
    "Firstline" or "Kiosk" plan renamed Frontline), and then no name rule and, so far, no seats
    could ever pair it: at every client of the text the vendor line showed "missing in PSA"
    beside an unmapped line of the same seats. Where many clients say the same thing, the
    seats outweigh the words, under bars stricter than any other pairing's: at least
    :data:`SCALE_CLIENTS` clients where the two lines agree exactly and nothing else explains
    them (a conflicting name scores nothing, so it never wins a tie a name settles), two or
    more seat counts among them, half the text's clients (:data:`ASK_COVERAGE`; a coincidence
    of seats is far rarer than that), and no rival (of agreeing or conflicting tiers) with a
    fifth of its support (:data:`SCALE_RIVAL`). It acts or says nothing: a
    question on a few clients would ask whether E3 is E5 wherever a client upgraded.

    Args:
        pairs: every held row (client, PSA product, vendor product, seats, ``apart``).
        codes_and_scores: each row's (PSA key, vendor key) code and name score.
        rows: the plausible rows the pass on agreeing tiers weighed, and the plausible rows
            whose tier words conflict (and no person rejected).
        found: the name comparisons by (PSA key, vendor key).
        verdicts: the verdicts of the pass on agreeing tiers.
    """
    pair_codes, text_scores = codes_and_scores
    weighed, tiers = rows
    decided = [
        code
        for code, key in enumerate(coded.psa_keys)
        if (v := verdicts.get(key)) is not None and (v.act is not None or v.ask)
    ]
    open_text = ~isin_ints(
        pairs[PSA_KEY].to_numpy(dtype=np.int64), np.asarray(decided, dtype=np.int64)
    )
    if not (tiers & open_text).any():
        return verdicts
    # Every plausible row competes at its client: a conflicting pairing counts only where it
    # alone explains both lines. Only the clients of such pairings are looked at again.
    pc = pairs[PC].to_numpy(dtype=np.int64)
    both = (weighed | tiers) & isin_ints(pc, pc[tiers & open_text])
    scores = np.where(tiers, 0.0, text_scores)[both]
    explained, agree = explained_pairs(pairs.loc[both].reset_index(drop=True), scores)
    mine = (tiers & open_text)[both]
    taken = pairs.loc[both].loc[mine].reset_index(drop=True)
    taken = taken.assign(explained=explained[mine], agree=(agree & explained)[mine])
    outweighed = {
        key: TextMatch(m.score, m.relation, "tier words differ, outweighed by the seats")
        for key, m in found.items()
        if m.relation is TierRelation.CONFLICT
    }
    codes = _first_seen(pair_codes[both][mine])
    out = dict(verdicts)
    for key, verdict in _verdicts(
        taken, outweighed, clients_of, coded, codes, shown, list_held
    ).items():
        best = max(verdict.candidates, key=lambda s: (s.agree + s.near, s.agree))
        earlier = verdicts[key].candidates if key in verdicts else ()
        rivals = [s for s in (*verdict.candidates, *earlier) if s is not best]
        rival = max((s.agree + s.near for s in rivals), default=0)
        support = best.agree + best.near
        if (
            best.agree >= SCALE_CLIENTS
            and best.seat_counts >= 2
            and best.coverage >= ASK_COVERAGE
            and rival <= SCALE_RIVAL * support
        ):
            out[key] = Verdict(key, (best, *earlier)[: max(shown, 1)], best.vendor_key, False)
    return out


def _unruled(match: TextMatch) -> TextMatch:
    """A comparison whose tier words are no bar: a person said the text is a product its
    tier words conflict with ("Microsoft 365 F1" is F3), so they tell nothing of the text."""
    if match.relation is not TierRelation.CONFLICT:
        return match
    return TextMatch(match.score, TierRelation.PARTIAL, "tier words a person overruled")


def _only_pair(pairs: pd.DataFrame, rows: npt.NDArray[np.bool_]) -> npt.NDArray[np.bool_]:
    """Which of ``rows`` are the only one of their PSA line and of their vendor line there."""
    if not rows.any():
        return rows
    lines = line_keys(pairs)
    only = rows & (line_sizes(lines[0], rows) == 1) & (line_sizes(lines[1], rows) == 1)
    return np.asarray(only, dtype=bool)


def _first_seen(codes: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """``pd.factorize(codes, sort=False)[0]`` of non-negative codes no wider than the
    distinct pairs weighed (:func:`recon.codes.renumber`: laid out in a range, not hashed)."""
    codes = np.asarray(codes, dtype=np.int64)
    if not len(codes):
        return codes
    return renumber(codes, int(codes.max()) + 1)[0].astype(np.int64)


def _spread(values: npt.NDArray[np.bool_], where: npt.NDArray[np.bool_]) -> npt.NDArray[np.bool_]:
    """``values`` at the rows ``where`` is true, False elsewhere."""
    out = np.zeros(len(where), dtype=bool)
    out[where] = values
    return out


def _verdicts(
    pairs: pd.DataFrame,
    texts: Mapping[tuple[str, str], TextMatch],
    clients_of: npt.NDArray[np.int64],
    coded: OrphanCodes,
    pair_codes: npt.NDArray[np.intp],
    shown: int = _SHOWN,
    list_held: bool = True,
) -> dict[str, Verdict]:
    """One verdict per PSA product from its pairs' rows.

    Args:
        pair_codes: each row's (PSA key, vendor key) code, numbered in order of first
            appearance, so the pairs are taken in that order.
        shown: candidates kept per verdict.
        list_held: list each candidate's held clients (:func:`_with_held`); else left empty.
    """
    agree = pairs["agree"].to_numpy(dtype=bool)
    near = pairs["explained"].to_numpy(dtype=bool) & ~agree
    codes = np.asarray(pair_codes, dtype=np.int64)
    present = distinct_ints(codes)
    size = int(codes.max()) + 1
    agreeing = np.bincount(codes[agree], minlength=size)
    nearing = np.bincount(codes[near], minlength=size)
    aparting = np.bincount(codes[pairs["apart"].to_numpy(dtype=bool)], minlength=size)
    # Distinct seat counts among each pair's agreeing rows: one key per (pair, seats).
    seen = pairs[QTY_P].to_numpy(dtype=np.int64)[agree]
    low = int(seen.min()) if len(seen) else 0
    span = int(seen.max()) - low + 1 if len(seen) else 1
    seats = distinct_ints(codes[agree] * span + (seen - low)) // span
    seat_counts = np.bincount(seats, minlength=size)
    first = np.full(size, len(codes), dtype=np.int64)
    np.minimum.at(first, codes, np.arange(len(codes), dtype=np.int64))
    psa_codes = pairs[PSA_KEY].to_numpy(dtype=np.int64)[first[present]]
    vendor_codes = pairs[VENDOR_KEY].to_numpy(dtype=np.int64)[first[present]]
    by_psa: dict[str, list[Support]] = {}
    # (PSA key, vendor key) -> the pair's code, PSA key code and vendor key code.
    pair_code: dict[tuple[str, str], tuple[int, int, int]] = {}
    for code, psa_code, vendor_code in zip(
        present.tolist(), psa_codes.tolist(), vendor_codes.tolist(), strict=True
    ):
        psa_key = coded.psa_keys[psa_code]
        vendor_key = coded.vendor_keys[vendor_code]
        by_psa.setdefault(psa_key, []).append(
            Support(
                vendor_key=vendor_key,
                text=texts[(psa_key, vendor_key)],
                agree=int(agreeing[code]),
                near=int(nearing[code]),
                seat_counts=int(seat_counts[code]),
                clients=int(clients_of[psa_code]),
                held=(),
                apart=int(aparting[code]),
            )
        )
        pair_code[(psa_key, vendor_key)] = (code, psa_code, vendor_code)
    out: dict[str, Verdict] = {}
    for psa_key, supports in by_psa.items():
        # Each score made once (a property: it was made again for each sort).
        scores = {id(s): s.score for s in supports}
        supports.sort(key=lambda s: (-scores[id(s)], -s.agree, s.vendor_key))
        # The candidate most seats back leads when they alone are enough, whatever a
        # look-alike name scores beside it (a name with no seats behind it proves less).
        by_seats = sorted(
            supports, key=lambda s: (-(s.agree + s.near), -scores[id(s)], s.vendor_key)
        )
        if _strong(by_seats[0], by_seats[1] if len(by_seats) > 1 else None):
            supports.remove(by_seats[0])
            supports.insert(0, by_seats[0])
        best = supports[0]
        rival = max(supports[1:], key=lambda s: s.agree + s.near, default=None)
        act = best.vendor_key if _strong(best, rival) else None
        ask = act is None and _askable(best)
        seats_lead = by_seats[0]
        if (
            act is None
            and seats_lead is not best
            and seats_lead.coverage >= ASK_COVERAGE
            and best.agree + best.near < seats_lead.agree + seats_lead.near
        ):
            # A better name with fewer seats behind it is not what to ask about; the
            # candidate the seats back at most of the product's clients is ("EDR - Endpoint"
            # beside SentinelOne for the same seats at two of three clients, while the name
            # is closer to another maker's EDR the clients do not buy).
            supports.remove(seats_lead)
            supports.insert(0, seats_lead)
            ask = True
        out[psa_key] = Verdict(psa_key, tuple(supports[:shown]), act, ask)
    if not list_held:
        # Only the pairings are read: listing clients as names is the costliest part left.
        return out
    return _with_held(out, pairs, codes, pair_code, coded)


def _with_held(
    verdicts: dict[str, Verdict],
    pairs: pd.DataFrame,
    codes: IntArray,
    pair_code: Mapping[tuple[str, str], tuple[int, int, int]],
    coded: OrphanCodes,
) -> dict[str, Verdict]:
    """The verdicts with each candidate's held clients, found for the candidates kept only.

    Listing the clients of every pairing weighed (ten thousand at 60,000 clients, each a
    tuple of names) cost more than the weighing; a verdict keeps a handful per text.
    """
    kept = [pair_code[(v.psa_key, s.vendor_key)] for v in verdicts.values() for s in v.candidates]
    if not kept:
        return verdicts
    rows = isin_ints(codes, np.asarray([code for code, _, _ in kept], dtype=np.int64))
    held_at = held_clients(pairs.loc[rows, [PC, PSA_KEY, VENDOR_KEY]], coded)

    def held(psa_key: str, support: Support) -> Support:
        _, psa_code, vendor_code = pair_code[(psa_key, support.vendor_key)]
        return dataclasses.replace(support, held=held_at[(psa_code, vendor_code)])

    return {
        key: dataclasses.replace(v, candidates=tuple(held(key, s) for s in v.candidates))
        for key, v in verdicts.items()
    }


def _askable(best: Support) -> bool:
    """True when the seats, or the seats and a name worth showing, are enough to ask."""
    return best.coverage >= ASK_COVERAGE or (
        best.text.score >= ASK_TEXT and best.ask_coverage >= ASK_COVERAGE_NAMED
    )


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
