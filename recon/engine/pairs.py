"""The codes the comparison joins on, and the lookups every gap reads.

Both sides are compared as (client code, product code) integers: :class:`Codes` gives a code
to each PSA client (then each vendor-only client) and each product, :func:`psa_targets` says
which vendor product each PSA row is compared as, and :func:`by_term` gives a product held on
two terms a code per term. :class:`Sides` and :class:`Context` carry what
:mod:`recon.engine.gap_rows` reads to write each gap.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from recon.engine import terms
from recon.engine.groups import SideGroups
from recon.engine.join import (
    UNIT_DIVISOR,
    IntArray,
    Joined,
    Summed,
    categorical_of,
    objects_at,
    rank_of,
    round_half_even,
    sorted_distinct,
)
from recon.engine.pending import REST
from recon.engine.question_keys import TARGET
from recon.engine.seat_keys import in_sorted
from recon.match import ClientMatching, ProductIdentity, ProductPairing
from recon.match.clients import SPELLING_SEP, shown_key
from recon.model import ClientMatch, CurrencyPair, G, MatchMethod

_VENDOR_ONLY = "vendor:"


class Codes:
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
        # One organisation billed as several PSA companies: their rows sum under one code.
        for member, head in matching.same_client.items():
            self.psa_index[member] = self.psa_index[head]
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


def psa_targets(
    groups: pd.DataFrame,
    pairing: Mapping[str, ProductPairing],
    codes: Codes,
    *,
    weighed: bool = False,
) -> tuple[pd.DataFrame, IntArray]:
    """PSA groups with the vendor product each is compared as, and how sure that is; and the
    product code of that target per row.

    With ``weighed``, only the target column is added: what the evidence pass reads. The
    score, how and rests-on columns are read only once the gaps are written (two Arrow text
    columns and a float per PSA row, about 30 MiB at 60,000 clients, held under the
    evidence pass's peak for nothing).

    The text columns are categoricals over their few distinct texts (a target, a how, a
    question per row: 82, 49 and 18 at 60,000 clients): as Arrow text, each PSA row held
    its own copy, 42 MiB of the 700,000 rows' frame under every pass of the comparison."""
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
        out[TARGET] = categorical_of(targets, spread).set_axis(out.index)
        if weighed:
            return out, target_codes[product_codes]
        out["pair_score"] = scores[product_codes]
        out["pair_how"] = categorical_of(hows, spread).set_axis(out.index)
        # Nothing rests on a question yet; the pending rows set it (recon.engine.compare).
        out[REST] = categorical_of([""], np.zeros(len(out), dtype=np.int64)).set_axis(out.index)
        return out, target_codes[product_codes]
    out[TARGET] = pd.Series(dtype=object)
    out["pair_score"] = pd.Series(dtype=np.float64)
    out["pair_how"] = pd.Series(dtype=object)
    out[REST] = pd.Series(dtype=object)
    return out, np.zeros(0, dtype=np.int64)


def vendor_by_psa_client(groups: pd.DataFrame, pc: IntArray, codes: Codes) -> pd.DataFrame:
    """Vendor groups re-keyed by their PSA client (column ``pc``, not yet summed: two vendor
    tenants can be one PSA client); vendor-only clients by their own name key.

    Vendor clients in review get no key (code -1) and are dropped: they raise no gap until
    decided. Only the columns the evidence pass reads (product, seats, money) are kept:
    taking the text columns too cost a copy of every name at 60,000 clients.
    """
    rows = pc >= 0
    frame = groups.loc[rows, [G.PRODUCT, G.QTY, G.EXT]]
    # A categorical over the client texts: no text is copied per row, and every grouping,
    # lookup and factorize of the evidence pass reads its codes.
    clients = pd.Index(codes.client_text, dtype=object)
    return frame.assign(pc=pd.Categorical.from_codes(pc[rows], categories=clients))


_Triple = tuple[IntArray, IntArray, IntArray]


def by_term(codes: Codes, vendor: _Triple, psa: _Triple) -> tuple[IntArray, IntArray]:
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
    # Each (client, product) as one int64 (the product codes are all below ``width`` here):
    # the rows of the candidate and split pairs are found by a sorted search, not by a
    # MultiIndex of every row (800,000 a side at 60,000 clients) tested against them.
    width = codes.products
    row_keys = [np.asarray(c, dtype=np.int64) * width + k for c, k, _ in (vendor, psa)]
    wanted = sorted_distinct(_pair_keys(candidates, width))
    inside = [frame.loc[in_sorted(at, wanted)] for frame, at in zip(frames, row_keys, strict=True)]
    split = terms.split_pairs(inside[0], inside[1], keys, candidates)
    apart_keys = sorted_distinct(_pair_keys(split, width))
    out = []
    for frame, at in zip(frames, row_keys, strict=True):
        product = frame[G.PRODUCT].to_numpy(dtype=np.int64).copy()
        apart = np.flatnonzero(in_sorted(at, apart_keys))
        for row in apart.tolist():  # only the rows of pairs billed per term
            key = codes.product_text[product[row]] + terms.TERM_SEP + str(frame[G.TERM].iat[row])
            product[row] = codes.product_code(key)
        out.append(product)
    return out[0], out[1]


def _pair_keys(pairs: pd.Index, width: int) -> IntArray:
    """(client code, product code) pairs of a two-level index as ``client * width + product``."""
    if not len(pairs):
        return np.zeros(0, dtype=np.int64)
    clients = np.asarray(pairs.get_level_values(0), dtype=np.int64)
    products = np.asarray(pairs.get_level_values(1), dtype=np.int64)
    found: IntArray = clients * width + products
    return found


@dataclass(frozen=True, slots=True)
class _PsaExtra:
    """Per summed PSA row: the lowest pairing score, how the first row was paired, and the
    question any of its rows rests on ("" when none)."""

    score: npt.NDArray[np.float64]
    how: npt.NDArray[np.object_]
    psa_key: npt.NDArray[np.object_]
    rests_on: npt.NDArray[np.object_]


def psa_extra(
    p_all: pd.DataFrame,
    first: npt.NDArray[np.integer],
    rows: IntArray,
    codes: npt.NDArray[np.intp],
) -> _PsaExtra:
    """:class:`_PsaExtra` of the summed PSA rows; ``codes``: each row's summed row (the
    factorized join keys :func:`recon.engine.join.sum_by_key` sums by), ``first``: the row
    each summed row first appears on (:func:`recon.engine.join.first_rows`, its
    :attr:`~recon.engine.join.Summed.first`)."""
    score = np.full(len(first), np.inf)
    np.minimum.at(score, codes, p_all["pair_score"].to_numpy(dtype=np.float64)[rows])
    rests_on = np.full(len(first), "", dtype=object)
    # The marks as codes into their few distinct texts: a Python string per PSA row (800,000
    # at 60,000 clients, nearly all "") was a transient of tens of MiB at the run's peak.
    # (A missing cell is a distinct value of its own, as the objects had it.)
    mark_codes, mark_texts = pd.factorize(p_all[REST].iloc[rows], sort=False, use_na_sentinel=False)
    texts = np.asarray(mark_texts, dtype=object)
    marked = np.flatnonzero(np.asarray(texts != "", dtype=bool)[mark_codes])
    if len(marked):  # rare: a few rows of a few questions; the first row's mark wins
        rests_on[codes[marked][::-1]] = texts[mark_codes[marked]][::-1]
    return _PsaExtra(
        score,
        objects_at(p_all["pair_how"], first),
        objects_at(p_all[G.PRODUCT], first),
        rests_on,
    )


@dataclass(frozen=True, slots=True)
class Sides:
    """Everything the gap rows read: both sides' sums and names, and the join."""

    vendor_groups: pd.DataFrame
    v: Summed
    #: The PSA groups (their names and currencies, by the sums' first rows): the groups
    #: themselves, not a targeting of them, whose own columns are let go before the gap rows.
    psa_groups: pd.DataFrame
    p: Summed
    p_extra: _PsaExtra
    joined: Joined


class Context:
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
        #: Join key -> the unanswered question a vendor-only gap there rests on.
        self.vendor_rests: Mapping[int, str] = {}
        self.vendor_products = vendor.products
        #: (client, product) as the vendor writes them -> the day an ended product ended.
        self.ended_on = vendor.ended_on
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
        self._client_info: dict[str, tuple[str, str, str | None, str | None, float, str]] = {}

    def product(self, key: str) -> ProductIdentity:
        base = terms.base_key(key)
        return terms.term_identity(self.vendor_products.get(base) or self.psa_products[base], key)

    def client(self, pc: str) -> tuple[str, str, str | None, str | None, float, str]:
        """(client key, display name, vendor name, PSA name, confidence, why) of a join key.

        Worked out once per client: the gap list and the seat rows both ask for every
        compared client (60,000 of them in a distributor's month).
        """
        found = self._client_info.get(pc)
        if found is None:
            found = self._client_info[pc] = self._client(pc)
        return found

    def keys_and_names(self, texts: Sequence[str]) -> tuple[list[str], list[str]]:
        """The client key and display name of each join key: :meth:`client`'s first two
        fields, without the rest.

        The seat rows name every compared client (60,000 at a distributor's size), most of
        them with no gap, whose match words and confidence nothing reads: building the whole
        record for each was a tenth of the comparison at 20,000 clients. A client already
        worked out is read from the records; a vendor-only one (a few) is worked out whole.
        """
        info = self._client_info
        psa_clients = self.psa_clients
        keys: list[str] = []
        names: list[str] = []
        for pc in texts:
            found = info.get(pc)
            if found is None and pc.startswith(_VENDOR_ONLY):
                found = self.client(pc)
            if found is not None:
                keys.append(found[0])
                names.append(found[1])
                continue
            # As _client: a PSA identity's key is itself, unless it carries a spelling.
            keys.append(shown_key(pc) if SPELLING_SEP in pc else pc)
            names.append(psa_clients[pc].name)
        return keys, names

    def _client(self, pc: str) -> tuple[str, str, str | None, str | None, float, str]:
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
    # Codes of the whole column (a categorical's are free), then renumbered over the priced
    # rows: no text is copied per row.
    every, names = pd.factorize(groups[G.PRODUCT], sort=False)
    codes, used = pd.factorize(every[rows], sort=False)
    uniques = np.asarray(names, dtype=object)[used]
    unit = ext[rows].astype(np.float64) / priced[rows].astype(np.float64)
    # The row at the middle of each product's rows in (unit price, row) order, found without
    # sorting the prices: the rows grouped by product (one stable sort of the codes, in two
    # bytes where they fit: a radix sort), then per product the middle price picked out in
    # linear time, and among the rows at that price, the one a sort would have put there
    # (the rows of equal price keep their order). A sort of every priced row's price (700,000
    # at a distributor's size) was most of this.
    code_at = codes
    if len(uniques) <= np.iinfo(np.int16).max:
        code_at = codes.astype(np.int16)
    by_product = np.argsort(code_at, kind="stable")
    counts = np.bincount(codes, minlength=len(uniques))
    ends = np.cumsum(counts)
    grouped = unit[by_product]
    middle = np.empty(len(uniques), dtype=np.int64)
    starts = (ends - counts).tolist()
    for product, (start, end) in enumerate(zip(starts, ends.tolist(), strict=True)):
        prices = grouped[start:end]
        rank = (end - start - 1) // 2
        price = np.partition(prices, rank)[rank]
        below = int(np.count_nonzero(prices < price))
        middle[product] = by_product[start + int(np.flatnonzero(prices == price)[rank - below])]
    middle = rows[middle]
    value = round_half_even(ext[middle], priced[middle] * UNIT_DIVISOR)
    return {str(u): int(x) for u, x in zip(uniques, value, strict=True)}
