"""Compare the two sides per (client, product): classify, price and rank the gaps.

Pricing (``monthly_impact``, positive = the MSP is losing money):

- seat gaps (``missing_in_psa``, ``missing_in_vendor``, ``quantity_mismatch``): seat delta x
  the PSA unit price where the PSA bills that product for that client; otherwise x the
  vendor's unit cost; otherwise x the typical PSA price of that product across clients.
  A PSA price of zero means "included in something else", not a price: the cost is used.
- ``price_below_cost``: (vendor unit cost - PSA unit price) x billed seats, only when both
  prices are known and the PSA price is not zero.

Only PSA products the vendor file carries (for at least one client) are compared; the rest
are *unmapped*. Clients in review, and the PSA clients offered to them, raise no gap.

Terms, reduction deadlines and currencies are in :mod:`recon.engine.terms`: a product held
on two terms and billed as two PSA products is compared per term; an over-bought gap says
what to do and by when; prices in two currencies are compared only at an admin's rate.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

import numpy as np
import numpy.typing as npt
import pandas as pd

from recon.catalog.text import TextCandidate
from recon.engine import terms
from recon.engine.columns import member
from recon.engine.deadlines import Deadline
from recon.engine.groups import EXT_SCALE, SideGroups
from recon.engine.join import (
    CENT_DIVISOR,
    UNIT_DIVISOR,
    IntArray,
    Joined,
    Summed,
    Units,
    codes_of,
    outer_join,
    rank_of,
    round_half_even,
    round_half_up,
    signed,
    sum_by_key,
    take,
    text_of,
    units,
)
from recon.engine.questions import TARGET, ProductOutcome, weigh_unmapped
from recon.engine.readings import Overruled, Rows, apply_readings, family_units, weigh_readings
from recon.match import ClientMatching, ProductIdentity, ProductPairing
from recon.match.clients import SPELLING_SEP, shown_key
from recon.model import (
    QTY_SCALE,
    ClientMatch,
    CurrencyPair,
    G,
    Gap,
    GapKind,
    MappingQuestion,
    MatchMethod,
    ProductCandidate,
    ProductMethod,
    SeatCol,
    UnmappedProduct,
)
from recon.money import ZERO, cents, format_money

_VENDOR_ONLY = "vendor:"
_QTY = Decimal(QTY_SCALE)


@dataclass(frozen=True, slots=True)
class Comparison:
    """Gaps, seat history rows, unmapped PSA products and mapping questions of one run."""

    gaps: tuple[Gap, ...]
    seats: pd.DataFrame
    unmapped: tuple[UnmappedProduct, ...]
    questions: tuple[MappingQuestion, ...] = ()
    currency_pairs: tuple[CurrencyPair, ...] = field(default=())


def compare(
    vendor: SideGroups,
    psa: SideGroups,
    matching: ClientMatching,
    pairing: Mapping[str, ProductPairing],
    *,
    ranked: Mapping[str, Sequence[TextCandidate]] | None = None,
    brands: frozenset[tuple[str, ...]] = frozenset(),
    evidence: bool = True,
    rejected: frozenset[tuple[str, str]] = frozenset(),
    as_of: dt.date | None = None,
    rates: terms.Rates | None = None,
) -> Comparison:
    """Join both sides on (PSA client, product) and turn every disagreement into a priced gap.

    Before joining, PSA products the vendor file does not carry are weighed on the seats at
    each matched client (:mod:`recon.engine.questions`): strong evidence pairs them, weaker evidence
    asks one :class:`~recon.model.MappingQuestion` and holds its seats out of every gap.

    Args:
        vendor: the vendor side's groups.
        psa: the PSA side's groups.
        matching: which vendor client is which PSA client, and who is in review.
        pairing: PSA product keys mapped onto vendor product keys by name.
        ranked: each unpaired PSA product's text candidates (default: none).
        brands: brand words to disregard when comparing names.
        evidence: weigh seats at all (default True); False lists every unpaired PSA product
            as unmapped, as before evidence existed.
        rejected: (PSA key, vendor key) pairs people said are not one product.
        as_of: today, for the money of each fix until the term's end (default: no advice).
        rates: (vendor currency, PSA currency) -> rate an admin set (default: none; prices
            in two currencies are then not compared).

    Returns:
        Gaps ranked by absolute monthly impact, the seat rows, the unmapped products with
        their candidates, the mapping questions and the pairs priced in two currencies.
    """
    vendor_products = set(vendor.products)
    codes = _Codes(vendor, psa, matching)
    v_pc = codes_of(vendor.groups[G.CLIENT], codes.vendor_pc)
    v = _vendor_by_psa_client(vendor.groups, v_pc, codes)
    p_all, target = _targets(psa.groups, pairing, codes)
    comparable = pd.Series(member(p_all[TARGET], vendor_products), index=p_all.index)
    outcome = ProductOutcome()
    if evidence:
        outcome = weigh_unmapped(
            v,
            p_all,
            comparable,
            matching,
            vendor,
            psa,
            ranked=ranked or {},
            brands=brands,
            rejected=rejected,
            paired=frozenset(pairing),
        )
    if outcome.acted:
        p_all, target = _targets(psa.groups, {**pairing, **outcome.acted}, codes)
        comparable = pd.Series(member(p_all[TARGET], vendor_products), index=p_all.index)
    p_pc_all = codes_of(p_all[G.CLIENT], codes.psa_index)
    v_product_all = codes_of(vendor.groups[G.PRODUCT], codes.product_index)
    is_comparable = comparable.to_numpy().copy()
    overruled = Overruled()
    if evidence:
        rows = _reading_rows(
            vendor,
            psa,
            matching,
            codes,
            p_all,
            (target, p_pc_all, v_pc, v_product_all),
            is_comparable,
        )
        overruled = apply_readings(
            weigh_readings(
                p_all,
                rows,
                codes.product_text,
                _product_names(vendor),
                brands=brands,
                rejected=rejected,
                taken=codes.keys(outcome.held_vendor),
            ),
            p_all,
            target,
            is_comparable,
            rows,
            product_text=codes.product_text,
            client_text=codes.client_text,
            psa_names=_product_names(psa),
            vendor_names=_product_names(vendor),
            vendor_ext=vendor.groups[G.EXT].fillna(0).to_numpy(dtype=np.int64),
        )
    listed = ~is_comparable & ~member(p_all[G.PRODUCT], outcome.asked)
    unmapped = _unmapped(p_all.loc[listed], outcome.candidates)

    # Both sides as (row, client code, product code), then summed and joined on codes.
    p_in = is_comparable & ~member(p_all[G.CLIENT], matching.held_psa)
    p_in[overruled.held_psa] = False
    p_rows = np.flatnonzero(p_in).astype(np.int64)
    p_pc = p_pc_all[p_rows]
    p_product = target[p_rows]
    v_rows = np.flatnonzero(v_pc >= 0).astype(np.int64)
    v_product = v_product_all[v_rows]
    v_pc = v_pc[v_rows]
    if outcome.held_vendor or len(overruled.held_vendor):
        held = np.concatenate((codes.keys(outcome.held_vendor), overruled.held_vendor))
        kept = ~np.isin(v_pc * codes.products + v_product, held)
        v_rows, v_pc, v_product = v_rows[kept], v_pc[kept], v_product[kept]
    v_product, p_product = _by_term(
        codes,
        (v_pc, v_product, vendor.groups[G.TERM].to_numpy(dtype=np.int64)[v_rows]),
        (p_pc, p_product, p_all[G.TERM].to_numpy(dtype=np.int64)[p_rows]),
    )
    v_key = v_pc * codes.products + v_product
    p_key = p_pc * codes.products + p_product
    v_sum = sum_by_key(v_key, vendor.groups, v_rows)
    p_sum = sum_by_key(p_key, p_all, p_rows)
    p_extra = _psa_extra(p_all, p_sum, p_rows, p_key)
    joined = outer_join(
        v_sum.key, p_sum.key, codes.products, codes.client_rank(), codes.product_rank()
    )
    context = _Context(vendor, psa, matching, as_of=as_of, rates=rates or {})
    sides = _Sides(vendor.groups, v_sum, p_all, p_sum, p_extra, joined)
    gaps = _gaps(sides, codes, context)
    return Comparison(
        gaps,
        _seat_rows(sides, codes, context),
        unmapped,
        tuple(
            sorted(
                (*outcome.questions, *overruled.questions),
                key=lambda q: (-q.money_at_stake, q.psa_product),
            )
        ),
        tuple(context.currency_pairs),
    )


def _product_names(side: SideGroups) -> dict[str, str]:
    """Product key -> its name, for one side."""
    return {key: identity.name for key, identity in side.products.items()}


def _reading_rows(
    vendor: SideGroups,
    psa: SideGroups,
    matching: ClientMatching,
    codes: _Codes,
    p_all: pd.DataFrame,
    at: tuple[IntArray, IntArray, IntArray, IntArray],
    comparable: npt.NDArray[np.bool_],
) -> Rows:
    """The arrays :func:`recon.engine.readings.weigh_readings` reads: which PSA rows a name
    rule read (the catalogue, not a person), at matched clients, compared, with seats.

    Args:
        at: each PSA row's target and client codes; each vendor row's PSA client code and
            product code.
    """
    target, p_pc, v_pc, v_product = at
    matched = np.zeros(len(codes.client_text) + 1, dtype=bool)
    for identity in set(matching.vendor_to_psa.values()) - matching.held_psa:
        matched[codes.psa_index[identity]] = True
    p_matched = np.where(matched[p_pc], p_pc, -1)  # -1 indexes the extra False at the end
    qty = p_all[G.QTY].fillna(0).to_numpy(dtype=np.int64)
    billed = comparable & (p_matched >= 0)
    by_rule = {
        key
        for key, identity in psa.products.items()
        if identity.method is ProductMethod.CATALOGUE
        and not identity.tolerant
        and key in vendor.products
    }
    # One unit per identity, or per spelling where several spellings read as one identity.
    if psa.spellings is not None and len(psa.spellings) == len(p_all):
        # Spellings of one text on several terms ("M365 Business", "M365 Business -
        # Annual") are weighed as one: the seats of a client's terms add up.
        families, unit_keys = family_units(psa.spelling_keys, psa.spelling_names)
        unit = families[psa.spellings]
    else:
        found, uniques = pd.factorize(p_all[G.PRODUCT], sort=False)
        unit, unit_keys = found.astype(np.int64), [str(k) for k in uniques]
    by_rule_unit = np.array([k in by_rule for k in unit_keys] + [False], dtype=bool)
    spelled_unit = np.array([k in psa.spelled for k in unit_keys] + [False], dtype=bool)
    return Rows(
        p_pc=p_matched,
        p_target=target,
        p_unit=unit,
        p_qty=qty,
        rule=billed & (qty > 0) & by_rule_unit[unit],
        spelled=spelled_unit[unit],
        billed=billed,
        v_pc=v_pc,
        v_product=v_product,
        v_qty=vendor.groups[G.QTY].fillna(0).to_numpy(dtype=np.int64),
        products=codes.products,
    )


def learn_product_pairs(
    vendor: SideGroups,
    psa: SideGroups,
    pairing: Mapping[str, ProductPairing],
    *,
    ranked: Mapping[str, Sequence[TextCandidate]] | None = None,
    brands: frozenset[tuple[str, ...]] = frozenset(),
    rejected: frozenset[tuple[str, str]] = frozenset(),
) -> dict[str, ProductPairing]:
    """The product pairing, with what the seats say at the clients whose names agree exactly.

    Client matching weighs shared (product, seats) lines, so it needs to know which PSA
    product is which vendor product before it runs. The clients whose name keys are equal on
    both sides (most of them) already say it: the same evidence pass the comparison runs
    (:func:`recon.engine.questions.weigh_unmapped`) is run on them alone, and its confident pairings
    are added. Nothing here is reported; the comparison weighs again with every match.

    Args:
        vendor: the vendor side's groups.
        psa: the PSA side's groups.
        pairing: PSA product keys paired by name (:func:`recon.match.pair_products`).
        ranked: each unpaired PSA product's text candidates (default: none).
        brands: brand words to disregard when comparing names.
        rejected: (PSA key, vendor key) pairs people said are not one product.

    Returns:
        ``pairing`` with the seats' confident pairings over it.
    """
    # A key two PSA companies share is no evidence of which one a vendor client is.
    psa_keys = {c.key: c.identity for c in psa.clients if SPELLING_SEP not in c.identity}
    exact = {
        c.identity: psa_keys[c.key]
        for c in vendor.clients
        if c.key in psa_keys and SPELLING_SEP not in c.identity
    }
    if not exact:
        return dict(pairing)
    matching = ClientMatching((), (), exact, frozenset(), (), ())
    codes = _Codes(vendor, psa, matching)
    pc = codes_of(vendor.groups[G.CLIENT], codes.vendor_pc)
    v = _vendor_by_psa_client(vendor.groups, pc, codes)
    p_all, _ = _targets(psa.groups, pairing, codes)
    comparable = pd.Series(member(p_all[TARGET], set(vendor.products)), index=p_all.index)
    outcome = weigh_unmapped(
        v,
        p_all,
        comparable,
        matching,
        vendor,
        psa,
        ranked=ranked or {},
        brands=brands,
        rejected=rejected,
        paired=frozenset(pairing),
    )
    return {**pairing, **outcome.acted}


class _Codes:
    """Integer codes for the join: PSA clients (then vendor-only clients) and products.

    A vendor client is compared as the PSA client it matched, or on its own as
    ``vendor:<key>`` when it matched none; one in review takes no part (code -1).
    """

    def __init__(self, vendor: SideGroups, psa: SideGroups, matching: ClientMatching) -> None:
        self.client_text: list[str] = [c.identity for c in psa.clients]
        self.psa_index = {identity: i for i, identity in enumerate(self.client_text)}
        keys = {c.identity: c.key for c in vendor.clients}
        self.vendor_pc: dict[str, int] = {}
        own: dict[str, int] = {}
        for identity in matching.unmatched_vendor:
            name = _VENDOR_ONLY + keys[identity]
            if name not in own:
                own[name] = len(self.client_text)
                self.client_text.append(name)
            self.vendor_pc[identity] = own[name]
        for vendor_identity, psa_identity in matching.vendor_to_psa.items():
            self.vendor_pc[vendor_identity] = self.psa_index[psa_identity]
        self.product_text: list[str] = list(dict.fromkeys([*vendor.products, *psa.products]))
        self.product_index = {key: i for i, key in enumerate(self.product_text)}

    @property
    def products(self) -> int:
        """How many product codes there are (the join key's second factor)."""
        return max(len(self.product_text), 1)

    def product_code(self, key: str) -> int:
        """The code of a product key, given a new one if it has none (a key with a term)."""
        code = self.product_index.get(key)
        if code is None:
            code = self.product_index[key] = len(self.product_text)
            self.product_text.append(key)
        return code

    def keys(self, pairs: Collection[tuple[str, str]]) -> IntArray:
        """Join keys of (client identity or ``vendor:<key>``, product key) pairs."""
        clients = {text: i for i, text in enumerate(self.client_text)}
        found = [
            clients[c] * self.products + self.product_index[p]
            for c, p in pairs
            if c in clients and p in self.product_index
        ]
        return np.asarray(found, dtype=np.int64)

    def client_rank(self) -> IntArray:
        return rank_of(self.client_text)

    def product_rank(self) -> IntArray:
        return rank_of(self.product_text)


def _targets(
    groups: pd.DataFrame, pairing: Mapping[str, ProductPairing], codes: _Codes
) -> tuple[pd.DataFrame, IntArray]:
    """PSA groups with the vendor product each is compared as, and how sure that is; and the
    product code of that target per row."""
    # A shallow copy: only columns are added, and pandas' copy-on-write keeps the groups
    # unchanged whatever happens to ``out``; a deep one copied every column of a 60,000-client
    # PSA side, three times a run.
    out = groups.copy(deep=False)
    # One lookup per distinct product, spread back by code: never a Python call per row.
    product_codes, uniques = pd.factorize(groups[G.PRODUCT], sort=False)
    found = [pairing.get(str(k)) for k in uniques]
    targets = [f.vendor_key if f else str(k) for f, k in zip(found, uniques, strict=True)]
    scores = np.array([f.score if f else 100.0 for f in found], dtype=np.float64)
    hows = [f.how if f else "" for f in found]
    target_codes = np.array([codes.product_index[t] for t in targets], dtype=np.int64)
    if len(product_codes):
        spread = product_codes.astype(np.int64)
        out[TARGET] = text_of(targets, spread).set_axis(out.index)
        out["pair_score"] = scores[product_codes]
        out["pair_how"] = text_of(hows, spread).set_axis(out.index)
        return out, target_codes[product_codes]
    out[TARGET] = pd.Series(dtype=object)
    out["pair_score"] = pd.Series(dtype=np.float64)
    out["pair_how"] = pd.Series(dtype=object)
    return out, np.zeros(0, dtype=np.int64)


def _vendor_by_psa_client(groups: pd.DataFrame, pc: IntArray, codes: _Codes) -> pd.DataFrame:
    """Vendor groups re-keyed by their PSA client (column ``pc``, not yet summed: two vendor
    tenants can be one PSA client); vendor-only clients by their own name key.

    Vendor clients in review get no key (code -1) and are dropped: they raise no gap until
    decided. Only the columns the evidence pass reads (product, seats, money) are kept:
    taking the text columns too cost a copy of every name at 60,000 clients.
    """
    rows = pc >= 0
    frame = groups.loc[rows, [G.PRODUCT, G.QTY, G.EXT]]
    return frame.assign(pc=text_of(codes.client_text, pc[rows]).set_axis(frame.index))


_Triple = tuple[IntArray, IntArray, IntArray]


def _by_term(codes: _Codes, vendor: _Triple, psa: _Triple) -> tuple[IntArray, IntArray]:
    """Each row's product code, with the term appended where its (client, product) is
    compared per term (see :func:`recon.engine.terms.split_pairs`); other pairs compare
    their total over terms.

    Args:
        codes: the join codes; products with a term appended are added to them.
        vendor: (client code, product code, term) per vendor row.
        psa: (client code, product code, term) per PSA row.

    Returns:
        The vendor rows' and the PSA rows' product codes.
    """
    keys = ["pc", G.PRODUCT]
    frames = [pd.DataFrame({"pc": c, G.PRODUCT: k, G.TERM: t}) for c, k, t in (vendor, psa)]
    candidates = terms.candidate_pairs(frames[1], keys)
    if candidates.empty:  # the usual run: no PSA product names two terms
        return vendor[1], psa[1]
    split = terms.split_pairs(frames[0], frames[1], keys, candidates)
    out = []
    for frame in frames:
        product = frame[G.PRODUCT].to_numpy(dtype=np.int64).copy()
        apart = np.flatnonzero(pd.MultiIndex.from_frame(frame[keys]).isin(split))
        for row in apart.tolist():  # only the rows of pairs billed per term
            key = codes.product_text[product[row]] + terms.TERM_SEP + str(frame[G.TERM].iat[row])
            product[row] = codes.product_code(key)
        out.append(product)
    return out[0], out[1]


@dataclass(frozen=True, slots=True)
class _PsaExtra:
    """Per summed PSA row: the lowest pairing score and how the first row was paired."""

    score: npt.NDArray[np.float64]
    how: npt.NDArray[np.object_]
    psa_key: npt.NDArray[np.object_]


def _psa_extra(p_all: pd.DataFrame, summed: Summed, rows: IntArray, key: IntArray) -> _PsaExtra:
    codes, _ = pd.factorize(key, sort=False)
    score = np.full(len(summed.key), np.inf)
    np.minimum.at(score, codes, p_all["pair_score"].to_numpy(dtype=np.float64)[rows])
    return _PsaExtra(
        score,
        p_all["pair_how"].to_numpy(dtype=object)[summed.first],
        p_all[G.PRODUCT].to_numpy(dtype=object)[summed.first],
    )


@dataclass(frozen=True, slots=True)
class _Sides:
    """Everything the gap rows read: both sides' sums and names, and the join."""

    vendor_groups: pd.DataFrame
    v: Summed
    p_all: pd.DataFrame
    p: Summed
    p_extra: _PsaExtra
    joined: Joined


class _Context:
    """Lookups a gap needs: names, match methods, product identities, typical prices."""

    def __init__(
        self,
        vendor: SideGroups,
        psa: SideGroups,
        matching: ClientMatching,
        *,
        as_of: dt.date | None = None,
        rates: terms.Rates | None = None,
    ) -> None:
        self.as_of = as_of
        self.rates = rates or {}
        self.currency_pairs: list[CurrencyPair] = []
        self.vendor_products = vendor.products
        self.psa_products = psa.products
        self.vendor_clients = {c.identity: c for c in vendor.clients}
        self.vendor_only: dict[str, tuple[str, str]] = {}  # key -> (name, why unmatched)
        for identity in matching.unmatched_vendor:
            client = self.vendor_clients[identity]
            note = matching.notes.get(identity, "no PSA client")
            self.vendor_only.setdefault(client.key, (client.name, note))
        self.psa_clients = {c.identity: c for c in psa.clients}
        self.match_by_psa: dict[str, ClientMatch] = {}
        self.vendor_name_by_psa: dict[str, str] = {}
        for vendor_identity, psa_identity in matching.vendor_to_psa.items():
            self.vendor_name_by_psa.setdefault(
                psa_identity, self.vendor_clients[vendor_identity].name
            )
        for match in matching.matches:
            self.match_by_psa.setdefault(match.psa_key, match)
        self.typical = _typical_prices(psa.groups)

    def product(self, key: str) -> ProductIdentity:
        base = terms.base_key(key)
        return terms.term_identity(self.vendor_products.get(base) or self.psa_products[base], key)

    def client(self, pc: str) -> tuple[str, str, str | None, str | None, float, str]:
        """(client key, display name, vendor name, PSA name, confidence, why) of a join key."""
        if pc.startswith(_VENDOR_ONLY):
            key = pc[len(_VENDOR_ONLY) :]
            name, note = self.vendor_only[key]
            # A rejected exact pair leaves two clients with one key: keep their gaps apart.
            identity_key = pc if key in self.psa_clients else key
            return identity_key, name, name, None, 1.0, f"client: {note}"
        psa_client = self.psa_clients[pc]
        vendor_name = self.vendor_name_by_psa.get(pc)
        key = shown_key(pc)  # PSA identities are keys, but for companies sharing one
        match = self.match_by_psa.get(key)
        if match is None:
            return (
                key,
                psa_client.name,
                None,
                psa_client.name,
                1.0,
                "client: not in the vendor file",
            )
        return (
            key,
            psa_client.name,
            vendor_name,
            psa_client.name,
            match.score / 100.0,
            f"client: {_method_words(match)}",
        )


def _method_words(match: ClientMatch) -> str:
    if match.method is MatchMethod.EXACT:
        return "same name once case, punctuation, abbreviations and legal form are set aside"
    if match.method is MatchMethod.EVIDENCE:
        return f"similar name {match.score:.0f} and shared seat lines ({match.note})"
    if match.method is MatchMethod.ID:
        return "same client id"
    if match.method is MatchMethod.ALIAS:
        return "alias confirmed by a person"
    if match.method is MatchMethod.LEARNED:
        return f"learned from past decisions ({match.note})"
    return f"fuzzy {match.score:.0f}" + (f", {match.note}" if match.note else "")


def _typical_prices(groups: pd.DataFrame) -> dict[str, int]:
    """Per product, the median of the PSA unit prices (non-zero) across clients, in 1e-4
    units: the lower median, a price someone really pays."""
    priced = groups[G.PRICED].to_numpy(dtype=np.int64)
    ext = groups[G.EXT].to_numpy(dtype=np.int64)
    rows = np.flatnonzero((priced > 0) & (ext > 0))
    if not len(rows):
        return {}
    codes, uniques = pd.factorize(groups[G.PRODUCT].to_numpy(dtype=object)[rows], sort=False)
    unit = ext[rows].astype(np.float64) / priced[rows].astype(np.float64)
    order = np.lexsort((np.arange(len(rows)), unit, codes))
    counts = np.bincount(codes, minlength=len(uniques))
    starts = np.concatenate(([0], np.cumsum(counts)[:-1]))
    middle = rows[order[starts + (counts - 1) // 2]]
    value = round_half_even(ext[middle], priced[middle] * UNIT_DIVISOR)
    return {str(u): int(x) for u, x in zip(uniques, value, strict=True)}


#: Gap kinds in the order their values sort (the last tie-break of the list order).
_KINDS = (
    GapKind.MISSING_IN_PSA,
    GapKind.MISSING_IN_VENDOR,
    GapKind.QUANTITY_MISMATCH,
    GapKind.PRICE_BELOW_COST,
)
_KIND_RANK = rank_of([k.value for k in _KINDS])
_MIP, _MIV, _QM, _PBC = range(4)


class _Money:
    """Decimals and their text made once per distinct integer value (seats in milli-seats,
    unit prices in 1e-4 units, impacts in cents; see :func:`_keys`)."""

    def __init__(self) -> None:
        self._qty: dict[int, Decimal] = {}
        self._unit: dict[int, Decimal | None] = {_UNKNOWN: None}
        self._text: dict[int, str] = {}
        self._cents: dict[int, Decimal] = {_MINUS_ZERO: Decimal("-0.00")}

    def qty(self, milli: int) -> Decimal:
        found = self._qty.get(milli)
        if found is None:
            found = self._qty[milli] = _whole(Decimal(milli) / _QTY)
        return found

    def unit(self, key: int) -> Decimal | None:
        if key in self._unit:
            return self._unit[key]
        found = Decimal("-0.0000") if key == _MINUS_ZERO else Decimal(key).scaleb(-4)
        self._unit[key] = found
        return found

    def text(self, key: int) -> str:
        found = self._text.get(key)
        if found is None:
            found = self._text[key] = format_money(self.unit(key))
        return found

    def cents(self, key: int) -> Decimal:
        found = self._cents.get(key)
        if found is None:
            found = self._cents[key] = Decimal(key).scaleb(-2)
        return found


def _gaps(sides: _Sides, codes: _Codes, context: _Context) -> tuple[Gap, ...]:
    """Every gap of the joined rows, in list order: money at stake, client, product, kind."""
    j, v, p = sides.joined, sides.v, sides.p
    vq, pq = take(v.qty, j.v), take(p.qty, j.p)
    priced_v, priced_p = take(v.priced, j.v), take(p.priced, j.p)
    ext_v, ext_p = take(v.ext, j.v), take(p.ext, j.p)
    both = (vq > 0) & (pq > 0)
    seat_gap = ((vq > 0) & (pq <= 0)) | ((pq > 0) & (vq <= 0)) | (both & (vq != pq))
    with np.errstate(divide="ignore", invalid="ignore"):
        # A float pre-filter (generous by a millionth of a cent) keeps the exact comparison
        # to the few rows that can be below cost.
        cost_f = np.where(priced_v > 0, ext_v.astype(np.float64) / np.maximum(priced_v, 1), 0.0)
        price_f = np.where(priced_p > 0, ext_p.astype(np.float64) / np.maximum(priced_p, 1), np.inf)
    price_check = both & (priced_v > 0) & (ext_p > 0) & (price_f < cost_f + 1.0)
    # Two currencies: the float filter can't see the admin's rate; and the pair is listed.
    cur_v = _text_at(sides.vendor_groups, G.CURRENCY, take(v.first, j.v, -1), j.v >= 0)
    cur_p = _text_at(sides.p_all, G.CURRENCY, take(p.first, j.p, -1), j.p >= 0)
    differ = (cur_v != "") & (cur_p != "") & (cur_v != cur_p)
    price_check |= both & differ
    rows = np.flatnonzero(seat_gap | price_check)
    jv, jp = j.v[rows], j.p[rows]
    has_v, has_p = jv >= 0, jp >= 0
    vq, pq = vq[rows], pq[rows]
    cur_v, cur_p, differ = cur_v[rows], cur_p[rows], differ[rows]
    cost = units(ext_v[rows], priced_v[rows], take(v.unit_any, jv, -1), has_v)
    price = units(ext_p[rows], priced_p[rows], take(p.unit_any, jp, -1), has_p)
    pc = j.key[rows] // codes.products
    product = j.key[rows] % codes.products
    if differ.any():
        cost = _converted(cost, differ, cur_v, cur_p, context)
        for at_row in np.flatnonzero(differ & has_v & has_p).tolist():
            found = terms.currencies(cur_v[at_row], cur_p[at_row], context.rates)
            context.currency_pairs.append(
                CurrencyPair(
                    context.client(codes.client_text[pc[at_row]])[1],
                    context.product(codes.product_text[product[at_row]]).name,
                    found.vendor,
                    found.psa,
                    found.rate,
                )
            )
    typical_of = np.array(
        [context.typical.get(terms.base_key(key), -1) for key in codes.product_text],
        dtype=np.int64,
    )
    typical = typical_of[product] if len(typical_of) else np.zeros(0, dtype=np.int64)

    delta = vq - pq
    seat = (delta != 0) & ((vq > 0) | (pq > 0))
    kind = np.where((vq > 0) & (pq <= 0), _MIP, np.where((pq > 0) & (vq <= 0), _MIV, _QM)).astype(
        np.int64
    )
    by_price = price.known & (price.value > 0)
    missing_vendor = ~by_price & (kind == _MIV)
    by_cost = ~by_price & ~missing_vendor & cost.known
    by_typical = ~by_price & ~missing_vendor & ~cost.known & (typical >= 0)
    with_price = by_price | (missing_vendor & price.known)
    rate = np.select([with_price, by_cost, by_typical], [price.value, cost.value, typical], 0)
    rate_zero = np.select([with_price, by_cost], [price.negative_zero, cost.negative_zero], False)
    rated = with_price | by_cost | by_typical
    seat_cents = np.where(rated, round_half_up(delta * rate, CENT_DIVISOR), 0)
    negative = rated & ((delta < 0) ^ signed(rate, rate_zero))
    how = np.select(
        [by_price, missing_vendor & price.known, missing_vendor, by_cost, by_typical],
        [0, 1, 2, 3, 4],
        5,
    )
    below = both[rows] & cost.known & price.known & (price.value > 0)
    below &= price.value < cost.value
    below_cents = round_half_up((cost.value - price.value) * pq, CENT_DIVISOR)

    # One entry per gap: seat gaps, then price gaps, each in join order.
    seat_at, below_at = np.flatnonzero(seat), np.flatnonzero(below)
    at = np.concatenate([seat_at, below_at])
    kinds = np.concatenate([kind[seat_at], np.full(len(below_at), _PBC, dtype=np.int64)])
    amounts = np.concatenate([seat_cents[seat_at], below_cents[below_at]])
    zero_sign = np.concatenate(
        [(seat_cents[seat_at] == 0) & negative[seat_at], np.zeros(len(below_at), dtype=bool)]
    )
    sequence = np.concatenate([2 * seat_at, 2 * below_at + 1])
    clients = {int(c): context.client(codes.client_text[c]) for c in np.unique(pc)}
    names = {int(k): context.product(codes.product_text[k]).name for k in np.unique(product)}
    client_order = _ranks({c: info[1] for c, info in clients.items()})
    product_order = _ranks(names)
    order = np.lexsort(
        (
            sequence,
            _KIND_RANK[kinds],
            np.array([product_order[int(k)] for k in product[at]], dtype=np.int64),
            np.array([client_order[int(c)] for c in pc[at]], dtype=np.int64),
            -np.abs(amounts),
        )
    )
    sel = at[order]  # the joined row of each gap, in list order
    vendor_names = _names(sides.vendor_groups, take(v.first, jv[sel], 0), has_v[sel])
    psa_names = _names(sides.p_all, take(p.first, jp[sel], 0), has_p[sel])
    extra, on_p = sides.p_extra, jp[sel]
    scores = [s if s is not None else 100.0 for s in _at(extra.score, on_p)]
    pair_hows = [str(h or "") for h in _at(extra.how, on_p)]
    psa_keys = _at(extra.psa_key, on_p)
    money = _Money()
    whys: dict[tuple[object, ...], str] = {}
    identities: dict[int, ProductIdentity] = {}
    extras = _Extras(v, jv[sel], cur_v[sel], cur_p[sel], context)
    out: list[Gap] = []
    for (
        extra_at,
        c,
        k,
        hv,
        hp,
        v_seats,
        p_seats,
        d_seats,
        cost_key,
        price_key,
        typical_value,
        rated_how,
        kind_code,
        cents_key,
        pair_score,
        how_paired,
        psa_key,
        vendor_name_as_written,
        psa_name_as_written,
    ) in zip(
        range(len(sel)),
        pc[sel].tolist(),
        product[sel].tolist(),
        has_v[sel].tolist(),
        has_p[sel].tolist(),
        vq[sel].tolist(),
        pq[sel].tolist(),
        delta[sel].tolist(),
        _keys(cost)[sel].tolist(),
        _keys(price)[sel].tolist(),
        typical[sel].tolist(),
        how[sel].tolist(),
        kinds[order].tolist(),
        np.where(zero_sign, _MINUS_ZERO, amounts)[order].tolist(),
        scores,
        pair_hows,
        psa_keys,
        vendor_names,
        psa_names,
        strict=True,
    ):
        key, display, vendor_name, psa_name, client_conf, client_why = clients[c]
        product_key = codes.product_text[k]
        identity = identities.get(k)
        if identity is None:  # a few hundred products among 100,000 gaps: once each
            identity = identities[k] = context.product(product_key)
        why_key = (k, hv, hp, vendor_name_as_written, psa_name_as_written, pair_score, how_paired)
        product_why = whys.get(why_key)
        if product_why is None:
            product_why = whys[why_key] = _product_why(
                identity,
                context.psa_products.get(str(psa_key)) if hp else None,
                pair_score,
                how_paired,
                vendor_name_as_written,
                psa_name_as_written,
                hv,
                hp,
            )
        gap_kind = _KINDS[kind_code]
        term_words, term_end, currency, notes = extras.at(extra_at, product_key, hv, hp)
        product_why += notes
        advice: terms.Advice | None = None
        if gap_kind is GapKind.PRICE_BELOW_COST:
            seat_delta = ZERO
            why = (
                f"{client_why}; {product_why}; billed {money.text(price_key)} per seat, "
                f"costs {money.text(cost_key)}"
            )
        else:
            seat_delta = money.qty(d_seats)
            rate_why = _rate_why(rated_how, price_key, cost_key, typical_value, money)
            if d_seats > 0 and context.as_of is not None:
                price_value = money.unit(price_key)
                advice = terms.advise(
                    extras.deadline(extra_at) if hv else None,
                    seats=seat_delta,
                    bill_rate=price_value
                    if price_value
                    else (money.unit(typical_value) if typical_value >= 0 else None),
                    cost=money.unit(cost_key),
                    term_months=extras.term_months(extra_at) if hv else 0,
                    as_of=context.as_of,
                )
            if advice is not None:
                rate_why += "; " + advice.why
            why = f"{client_why}; {product_why}; {rate_why}"
        out.append(
            Gap(
                kind=gap_kind,
                client_key=key,
                product_key=product_key,
                client=display,
                product=identity.name,
                vendor_client=vendor_name,
                psa_client=psa_name,
                vendor_product=vendor_name_as_written if hv else None,
                psa_product=psa_name_as_written if hp else None,
                vendor_qty=money.qty(v_seats),
                psa_qty=money.qty(p_seats),
                vendor_unit_cost=money.unit(cost_key),
                psa_unit_price=money.unit(price_key),
                seat_delta=seat_delta,
                monthly_impact=money.cents(cents_key),
                confidence=round(min(client_conf, pair_score / 100.0), 3),
                why=why,
                term=term_words,
                term_end=term_end,
                currency=currency,
                reduce_possible_until=advice.reduce_possible_until if advice else None,
                act_by=advice.act_by if advice else None,
                bill_recovers=advice.bill_recovers if advice else None,
                reduce_saves=advice.reduce_saves if advice else None,
            )
        )
    return tuple(out)


def _text_at(
    frame: pd.DataFrame, column: str, rows: IntArray, present: npt.NDArray[np.bool_]
) -> npt.NDArray[np.object_]:
    """``frame[column]`` at ``rows`` as text, "" where a row is absent (or the cell empty)."""
    values = frame[column].to_numpy(dtype=object)
    if not len(values):
        return np.full(len(rows), "", dtype=object)
    taken = values[np.maximum(rows, 0)]
    taken = np.where(present, taken, "")
    return np.where(pd.isna(taken), "", taken).astype(object)


def _converted(
    cost: Units,
    differ: npt.NDArray[np.bool_],
    cur_v: npt.NDArray[np.object_],
    cur_p: npt.NDArray[np.object_],
    context: _Context,
) -> Units:
    """The vendor cost in the PSA's currency on the rows priced in two (rare: one Decimal
    each); unknown where no admin set a rate, so no number meets one in another currency."""
    value, known, negative_zero = cost.value.copy(), cost.known.copy(), cost.negative_zero.copy()
    for row in np.flatnonzero(differ & cost.known).tolist():
        unit = Decimal("-0.0000") if negative_zero[row] else Decimal(int(value[row])).scaleb(-4)
        found = terms.currencies(cur_v[row], cur_p[row], context.rates).cost(unit)
        if found is None:
            known[row], value[row], negative_zero[row] = False, 0, False
            continue
        value[row] = int(found.scaleb(4))
        negative_zero[row] = found.is_signed() and value[row] == 0
    return Units(value, known, negative_zero)


class _Extras:
    """Terms, deadlines and currencies of the gap rows (issue 17), read per gap."""

    def __init__(
        self,
        v: Summed,
        rows: IntArray,
        cur_v: npt.NDArray[np.object_],
        cur_p: npt.NDArray[np.object_],
        context: _Context,
    ) -> None:
        self._lo = take(v.term_lo, rows).tolist()
        self._hi = take(v.term_hi, rows).tolist()
        self._count = take(v.terms, rows).tolist()
        self._deadline = take(v.deadline, rows, np.iinfo(np.int64).max).tolist()
        self._cur_v = cur_v.tolist()
        self._cur_p = cur_p.tolist()
        self._rates = context.rates
        # Gaps share a handful of (terms, currencies, deadline) combinations: each is worked
        # out once (a 60,000-client month has 100,000 gaps).
        self._seen: dict[tuple[object, ...], tuple[str | None, dt.date | None, str | None, str]]
        self._seen = {}

    def deadline(self, at: int) -> Deadline | None:
        """The vendor side's earliest reduction deadline."""
        return terms.deadline_of(self._deadline[at])

    def term_months(self, at: int) -> int:
        """The vendor side's longest term (0 unknown)."""
        return int(self._hi[at])

    def at(
        self, at: int, product_key: str, has_v: bool, has_p: bool
    ) -> tuple[str | None, dt.date | None, str | None, str]:
        """(term words, term end, currency, notes for ``why``) of one gap."""
        split = terms.TERM_SEP in product_key
        key = (
            split,
            has_v,
            has_p,
            self._lo[at],
            self._hi[at],
            self._count[at],
            self._deadline[at],
            self._cur_v[at],
            self._cur_p[at],
        )
        found = self._seen.get(key)
        if found is None:
            found = self._seen[key] = self._work_out(at, split, has_v, has_p)
        return found

    def _work_out(
        self, at: int, split: bool, has_v: bool, has_p: bool
    ) -> tuple[str | None, dt.date | None, str | None, str]:
        words = (
            terms.term_words(self._lo[at], self._hi[at], self._count[at], split) if has_v else None
        )
        money = terms.currencies(self._cur_v[at], self._cur_p[at], self._rates)
        deadline = self.deadline(at) if has_v else None
        notes = _terms_why(words, split, self._count[at], has_v, has_p) + money.why()
        currency = (money.psa if has_p else "") or money.vendor or None
        return words, deadline.term_end if deadline else None, currency, notes


def _terms_why(words: str | None, split: bool, count: int, has_v: bool, has_p: bool) -> str:
    """How the terms were compared, when it matters: per term, or a total over several."""
    if not (has_v and words):
        return ""
    if split:
        return f"; compared per term: the PSA bills the {words} seats as their own product"
    if count > 1 and has_p:
        return (
            f"; the vendor holds it on several terms ({words}); the PSA bills it on one "
            "line, so the total is compared"
        )
    return f"; {words} term"


#: Keys of :class:`_Money`'s caches beside the integer values: a price that is not known, and
#: a negative amount that rounded to zero (``Decimal`` keeps its sign: ``-0.0000``).
_UNKNOWN = -(2**62)
_MINUS_ZERO = -(2**62) + 1


def _keys(unit: Units) -> IntArray:
    """Each row's unit price as a :class:`_Money` key."""
    out = np.where(unit.negative_zero, _MINUS_ZERO, unit.value)
    return np.where(unit.known, out, _UNKNOWN)


def _ranks(texts: Mapping[int, str]) -> dict[int, int]:
    """Code -> the rank of its text in code-point order."""
    ordered = sorted(texts, key=texts.__getitem__)
    return {code: rank for rank, code in enumerate(ordered)}


def _at(values: npt.NDArray[np.generic], rows: IntArray) -> list[object]:
    """``values[rows]`` as Python objects, None where a row is -1 (the side is absent)."""
    if not len(values):
        return [None] * len(rows)
    taken = values[np.maximum(rows, 0)].tolist()
    return [t if r >= 0 else None for t, r in zip(taken, rows.tolist(), strict=True)]


def _names(frame: pd.DataFrame, rows: IntArray, present: npt.NDArray[np.bool_]) -> list[str]:
    """The product text as written on each row's first group row ("" where absent)."""
    out = [""] * len(rows)
    where = np.flatnonzero(present)
    if len(where):
        taken = frame[G.PRODUCT_NAME].iloc[rows[where]].to_numpy(dtype=object)
        for i, text in zip(where.tolist(), taken, strict=True):
            out[i] = str(text)
    return out


def _rate_why(how: int, price: int, cost: int, typical: int, money: _Money) -> str:
    """How a seat gap was priced: the PSA price; for a PSA line the vendor lacks, what it bills;
    else the vendor cost; else the typical PSA price of the product."""
    if how == 0:
        return f"priced at the PSA price {money.text(price)}"
    if how == 1:
        return "billed at $0.00"
    if how == 2:
        return "no price known"
    if how == 3:
        return f"priced at the vendor cost {money.text(cost)}"
    if how == 4:
        return f"priced at the typical PSA price {money.text(typical)}"
    return "no price known for this product"


def _product_why(
    product: ProductIdentity,
    psa_identity: ProductIdentity | None,
    pair_score: float,
    how: str,
    vendor_name: str,
    psa_name: str,
    has_v: bool,
    has_p: bool,
) -> str:
    """How the product was recognised on each side, in a few words."""
    if has_v and has_p and (pair_score < 100.0 or how):
        return f"product: PSA {psa_name!r} is vendor {vendor_name!r} ({how or 'similar name'})"
    parts = []
    if has_v:
        parts.append(f"vendor {product.detail or product.method.value}")
    if has_p and psa_identity is not None:
        parts.append(f"PSA {psa_name!r} {psa_identity.detail or psa_identity.method.value}")
    return "product: " + ", ".join(parts)


def _whole(value: Decimal) -> Decimal:
    """Seats without a spurious exponent: 12 stays 12, 0.500 becomes 0.5."""
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()


def _seat_rows(sides: _Sides, codes: _Codes, context: _Context) -> pd.DataFrame:
    """One seat-history row per compared (client, product), both sides' seats in milli-seats."""
    j = sides.joined
    if not len(j):
        return pd.DataFrame({c: pd.Series(dtype=object) for c in SeatCol.ALL})
    clients, client_rows = np.unique(j.key // codes.products, return_inverse=True)
    info = [context.client(codes.client_text[c]) for c in clients.tolist()]
    products, product_rows = np.unique(j.key % codes.products, return_inverse=True)
    keys = [codes.product_text[k] for k in products.tolist()]
    return pd.DataFrame(
        {
            SeatCol.CLIENT_KEY: text_of([i[0] for i in info], client_rows),
            SeatCol.PRODUCT_KEY: text_of(keys, product_rows),
            SeatCol.CLIENT: text_of([i[1] for i in info], client_rows),
            SeatCol.PRODUCT: text_of([context.product(k).name for k in keys], product_rows),
            SeatCol.VENDOR_QTY: take(sides.v.qty, j.v),
            SeatCol.PSA_QTY: take(sides.p.qty, j.p),
        }
    )


def _unmapped(
    frame: pd.DataFrame, candidates: Mapping[str, tuple[ProductCandidate, ...]]
) -> tuple[UnmappedProduct, ...]:
    """PSA products no vendor line accounts for, once each with its candidates, most money
    first."""
    if frame.empty:
        return ()
    summed = frame.groupby(G.PRODUCT, sort=False).agg(
        label=(G.PRODUCT_NAME, "first"),
        clients=(G.CLIENT, "nunique"),
        qty=(G.QTY, "sum"),
        ext=(G.EXT, "sum"),
    )
    out = [
        UnmappedProduct(
            psa_product=str(r.label),
            product_key=str(key),
            clients=int(r.clients),
            seats=_whole(Decimal(int(r.qty)) / _QTY),
            monthly_billed=cents(Decimal(int(r.ext)) / EXT_SCALE),
            candidates=candidates.get(str(key), ()),
        )
        for key, r in summed.iterrows()
    ]
    out.sort(key=lambda u: (-u.monthly_billed, u.psa_product))
    return tuple(out)
