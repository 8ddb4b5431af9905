"""A PSA spelling a name rule read as one catalogue product, which the seats say is another.

The catalogue reads PSA product texts by rules (exact names, names without spaces or brand,
qualifiers set aside). A rule can misread a spelling it was never tuned on: "M365 Business"
is read as Business Premium while the MSP bills Business Standard under it. Every client
holding that text then shows two false gaps, "Premium missing in vendor" and "Standard
missing in PSA", for the same seats. No spelling rule closes that for the next unseen
spelling; the seats at the matched clients do:

- For each PSA text a rule read as catalogue product A (never an alias or a decision a
  person made), count the matched clients holding it where the vendor file has no A but has
  a vendor product B that no PSA line bills there, whose seats agree (equal, or within a
  seat or a tenth).
- **Acted on** (the text is compared as B in this run, and shown as a question a person can
  confirm or reject): that holds at :data:`ACT_CLIENTS` (5) clients or more and at a clear
  majority (:data:`ACT_SHARE`, 75 %) of the clients holding the text, and no rival vendor
  product has a third of B's clients.
- **Asked** (one question with the money at stake; the seats it holds raise no gap on
  either side): it holds at :data:`ASK_CLIENTS` (3) or more and at a majority
  (:data:`ASK_SHARE`) but not clearly, and the text's tier words don't conflict with B's.
- **Nothing**: anything less stays as it is. A real upgrade reflected only in the vendor
  file (E3 billed, E5 bought) happens at a minority of a text's clients: its two gaps are
  real and are reported.

A person's alias takes the text out of the catalogue's reading altogether, and a rejected
(A, B) pair is never weighed. Only rows where the vendor lacks A are looked at closely, so
the pass costs a few array operations over the PSA rows and grows with the rows, never
with clients squared.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

import numpy as np
import numpy.typing as npt
import pandas as pd

from recon.catalog import TierRelation
from recon.catalog.text import compare_product
from recon.engine.groups import EXT_SCALE
from recon.engine.join import IntArray
from recon.engine.questions import TARGET, answer_for
from recon.match.clients import shown_key
from recon.model import QTY_SCALE, G, MappingQuestion, ProductCandidate
from recon.money import cents

ACT_CLIENTS = 5
ACT_SHARE = 0.75
ASK_CLIENTS = 3
ASK_SHARE = 0.5
#: The best vendor product needs this many times the clients of any rival.
RIVAL_FACTOR = 3
#: Seats "agree" when equal, or within this many seats or this share of the larger count.
NEAR_SEATS = 1
NEAR_SHARE = 0.1

_PC = "pc"
_TEXT = "text"
_QTY = "qty"
_VP = "vp"
_VQ = "vq"
_ALL = "all"


@dataclass(frozen=True, slots=True)
class Reading:
    """What the seats say about one PSA text a name rule read as a catalogue product.

    Attributes:
        psa_key: the catalogue identity the rule gave the text.
        text: the PSA product text as written.
        vendor_code: product code of the vendor product the seats point to.
        clients: matched clients holding the text.
        support: of them, clients with no ``psa_key`` in the vendor file and that vendor
            product unbilled with agreeing seats.
        act: True to compare the text as that product in this run; False to ask.
        rows: positions of the PSA rows concerned: every row of the text when acted on,
            the rows at the supporting clients when asked.
        held: PSA client codes where the vendor product sits (what a question holds).
    """

    psa_key: str
    text: str
    vendor_code: int
    clients: int
    support: int
    act: bool
    rows: IntArray
    held: IntArray

    def why(self, read_as: str, vendor_name: str) -> str:
        """What the reading rests on, in words."""
        return (
            f"seats match {vendor_name!r} at {self.support} of {self.clients} clients holding "
            f"{self.text!r}; no {read_as!r} there"
        )


@dataclass(frozen=True, slots=True)
class Rows:
    """The arrays the pass reads, one entry per PSA group row and per vendor group row.

    Attributes:
        p_pc: PSA client code per PSA row (-1 when the client is not matched).
        p_target: product code each PSA row is compared as.
        p_qty: PSA seats (milli) per row.
        rule: PSA rows a name rule read, at matched clients, compared, with seats.
        billed: PSA rows compared at matched clients (what bills a vendor line there).
        v_pc: PSA client code per vendor row (-1 when unmatched or held).
        v_product: product code per vendor row.
        v_qty: vendor seats (milli) per row.
        products: how many product codes there are.
    """

    p_pc: IntArray
    p_target: IntArray
    p_qty: IntArray
    rule: np.ndarray
    billed: np.ndarray
    v_pc: IntArray
    v_product: IntArray
    v_qty: IntArray
    products: int


def weigh_readings(
    p_all: pd.DataFrame,
    rows: Rows,
    product_text: list[str],
    vendor_names: Mapping[str, str],
    *,
    brands: frozenset[tuple[str, ...]] = frozenset(),
    rejected: frozenset[tuple[str, str]] = frozenset(),
    taken: IntArray | None = None,
) -> list[Reading]:
    """Find the PSA texts whose rule reading the seats at the matched clients overrule.

    Args:
        p_all: PSA groups (columns ``G.PRODUCT``, ``G.PRODUCT_NAME``).
        rows: the codes and masks of both sides (:class:`Rows`).
        product_text: product key per product code.
        vendor_names: vendor product key -> its name.
        brands: brand words to disregard when comparing names.
        rejected: (PSA key, vendor key) pairs people said are not one product.
        taken: join keys (client code x products + product code) of vendor rows already
            held by another question (default: none).

    Returns:
        One reading per text to act on or ask about, most supported first.
    """
    if not rows.rule.any():
        return []
    width = rows.products
    v_ok = (rows.v_pc >= 0) & (rows.v_qty > 0)
    v_keys, v_at = np.unique(rows.v_pc[v_ok] * width + rows.v_product[v_ok], return_inverse=True)
    v_seats = np.asarray(
        np.bincount(v_at, weights=rows.v_qty[v_ok], minlength=len(v_keys)), dtype=np.float64
    )
    read = np.flatnonzero(rows.rule)
    keys = rows.p_pc[read] * width + rows.p_target[read]
    present = _isin(keys, v_keys)
    absent = read[~present]
    shared = present & _repeated(keys)
    if shared.any():
        absent = np.concatenate(
            (absent, _accounted(p_all, read[shared], keys[shared], rows, v_keys, v_seats))
        )
    if len(absent) < ASK_CLIENTS:
        return []
    # Texts with a majority of their clients lacking the read product: the rest is cheap.
    at = p_all[[G.PRODUCT, G.PRODUCT_NAME]].iloc[absent]
    frame = pd.DataFrame(
        {
            G.PRODUCT: at[G.PRODUCT].to_numpy(dtype=object),
            _TEXT: at[G.PRODUCT_NAME].to_numpy(dtype=object),
            _PC: rows.p_pc[absent],
        }
    )
    lacking = frame.groupby([G.PRODUCT, _TEXT], sort=False)[_PC].nunique()
    lacking = lacking[lacking >= ASK_CLIENTS]
    if lacking.empty:
        return []
    texts = {str(t) for t in lacking.index.get_level_values(1)}
    names = p_all[G.PRODUCT_NAME]
    in_texts = rows.rule & np.asarray(names.isin(texts), dtype=bool)
    holding = pd.DataFrame(
        {
            G.PRODUCT: p_all[G.PRODUCT].to_numpy(dtype=object)[in_texts],
            _TEXT: names.to_numpy(dtype=object)[in_texts],
            _PC: rows.p_pc[in_texts],
        }
    )
    clients = holding.groupby([G.PRODUCT, _TEXT], sort=False)[_PC].nunique()
    share = lacking / clients.reindex(lacking.index)
    lacking = lacking[share >= ASK_SHARE]
    if lacking.empty:
        return []
    support = _support(frame, absent, rows, lacking.index, taken)
    return _decide(p_all, rows, support, clients, product_text, vendor_names, brands, rejected)


def _repeated(keys: IntArray) -> npt.NDArray[np.bool_]:
    """Which keys occur more than once."""
    _, at, counts = np.unique(keys, return_inverse=True, return_counts=True)
    return np.asarray(counts[at] > 1, dtype=bool)


def _accounted(
    p_all: pd.DataFrame,
    shared: IntArray,
    keys: IntArray,
    rows: Rows,
    v_keys: IntArray,
    v_seats: npt.NDArray[np.float64],
) -> IntArray:
    """Rows of a text whose read product the vendor sells at the client, but for seats the
    client's other spellings of that product account for: the client holds both products
    ("M365 BP License" bills the Premium seats, "M365 Business" the Standard ones), so the
    vendor's line is no sign of the text's product there."""
    frame = pd.DataFrame(
        {
            "key": keys,
            _TEXT: p_all[G.PRODUCT_NAME].to_numpy(dtype=object)[shared],
            _QTY: rows.p_qty[shared],
        }
    )
    total = frame.groupby("key", sort=False)[_QTY].transform("sum").to_numpy(dtype=np.int64)
    own = frame.groupby(["key", _TEXT], sort=False)[_QTY].transform("sum").to_numpy(np.int64)
    other = total - own
    vendor = v_seats[np.searchsorted(v_keys, keys)].astype(np.int64)
    return np.asarray(shared[(other > 0) & _agree(other, vendor)], dtype=np.int64)


def _agree(a: IntArray, b: IntArray) -> npt.NDArray[np.bool_]:
    """Seats that agree: equal, or within :data:`NEAR_SEATS` or :data:`NEAR_SHARE`."""
    slack = np.maximum(NEAR_SEATS * QTY_SCALE, (NEAR_SHARE * np.maximum(a, b)).astype(np.int64))
    return np.asarray(np.abs(a - b) <= slack, dtype=bool)


def _isin(values: IntArray, sorted_unique: IntArray) -> np.ndarray:
    """``np.isin`` against an already sorted, unique array, by binary search."""
    if not len(sorted_unique):
        return np.zeros(len(values), dtype=bool)
    at = np.searchsorted(sorted_unique, values).clip(0, len(sorted_unique) - 1)
    return np.asarray(sorted_unique[at] == values, dtype=bool)


def _support(
    frame: pd.DataFrame,
    absent: IntArray,
    rows: Rows,
    texts: pd.Index,
    taken: IntArray | None,
) -> list[tuple[str, str, int, list[int]]]:
    """Per (read product, text, vendor product code): the clients where its seats agree."""
    width = rows.products
    keep = pd.MultiIndex.from_frame(frame[[G.PRODUCT, _TEXT]]).isin(texts)
    held = frame.loc[keep].assign(**{_QTY: rows.p_qty[absent[keep]]})
    # One figure per client and text: a text held on two terms is the seats held in all.
    psa = held.groupby([G.PRODUCT, _TEXT, _PC], sort=False, as_index=False)[_QTY].sum()
    psa[_ALL] = psa.groupby([G.PRODUCT, _PC], sort=False)[_QTY].transform("sum")
    at = np.unique(psa[_PC].to_numpy(dtype=np.int64))
    v_rows = np.flatnonzero(_isin(rows.v_pc, at) & (rows.v_qty > 0))
    v_key = rows.v_pc[v_rows] * width + rows.v_product[v_rows]
    billed = np.unique(rows.p_pc[rows.billed] * width + rows.p_target[rows.billed])
    free = ~_isin(v_key, billed)
    if taken is not None and len(taken):
        free &= ~_isin(v_key, np.unique(taken))
    unbilled = pd.DataFrame(
        {
            _PC: rows.v_pc[v_rows][free],
            _VP: rows.v_product[v_rows][free],
            _VQ: rows.v_qty[v_rows][free],
        }
    )
    vendor = unbilled.groupby([_PC, _VP], sort=False, as_index=False)[_VQ].sum()
    pairs = psa.merge(vendor, on=_PC, how="inner")
    # A product held on two terms is often billed as two texts ("... - Annual", "... -
    # Monthly") while the vendor line counts both: the seats of every doubted text of one
    # read product at the client are a second figure that may agree.
    qv = pairs[_VQ].to_numpy(dtype=np.int64)
    agree = _agree(pairs[_QTY].to_numpy(dtype=np.int64), qv) | _agree(
        pairs[_ALL].to_numpy(dtype=np.int64), qv
    )
    agreeing = pairs.loc[agree].drop_duplicates([G.PRODUCT, _TEXT, _VP, _PC])
    grouped = agreeing.groupby([G.PRODUCT, _TEXT, _VP], sort=False)[_PC]
    return [
        (str(key), str(text), int(code), [int(c) for c in clients])
        for (key, text, code), clients in grouped
    ]


def _decide(
    p_all: pd.DataFrame,
    rows: Rows,
    support: list[tuple[str, str, int, list[int]]],
    clients: pd.Series,
    product_text: list[str],
    vendor_names: Mapping[str, str],
    brands: frozenset[tuple[str, ...]],
    rejected: frozenset[tuple[str, str]],
) -> list[Reading]:
    """One reading per text whose best vendor product clears the bars."""
    by_text: dict[tuple[str, str], list[tuple[int, int, list[int]]]] = {}
    for key, text, code, at in support:
        if (key, product_text[code]) in rejected:
            continue
        by_text.setdefault((key, text), []).append((len(at), code, at))
    out: list[Reading] = []
    products = p_all[G.PRODUCT].to_numpy(dtype=object)
    names = p_all[G.PRODUCT_NAME].to_numpy(dtype=object)
    for (key, text), found in by_text.items():
        found.sort(key=lambda f: (-f[0], f[1]))
        count, vp, at = found[0]
        rival = found[1][0] if len(found) > 1 else 0
        total = int(clients[(key, text)])
        if count < ASK_CLIENTS or count < ASK_SHARE * total or rival * RIVAL_FACTOR > count:
            continue
        vendor_key = product_text[vp]
        text_match = compare_product(text, vendor_key, vendor_names.get(vendor_key, ""), brands)
        act = count >= ACT_CLIENTS and count >= ACT_SHARE * total
        if not act and text_match.relation is TierRelation.CONFLICT:
            # Tier words that differ (E3 billed, E5 bought) are what a real upgrade looks
            # like: only a clear majority overrules them, never a question.
            continue
        of_text = (products == key) & (names == text)
        if act:
            chosen = np.flatnonzero(of_text)
        else:
            chosen = np.flatnonzero(of_text & rows.rule & _isin(rows.p_pc, np.unique(at)))
        out.append(
            Reading(
                key,
                text,
                vp,
                total,
                count,
                act,
                chosen.astype(np.int64),
                np.unique(np.asarray(at, dtype=np.int64)),
            )
        )
    out.sort(key=lambda r: (-r.support, r.text))
    return out


@dataclass(frozen=True, slots=True)
class Overruled:
    """What the readings changed in one comparison.

    Attributes:
        questions: one question per overruled or doubted text, most money first.
        held_psa: positions of PSA rows a question holds out of every gap.
        held_vendor: join keys of vendor rows a question holds out of every gap.
    """

    questions: tuple[MappingQuestion, ...] = ()
    held_psa: IntArray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    held_vendor: IntArray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))


def apply_readings(
    readings: list[Reading],
    p_all: pd.DataFrame,
    target: IntArray,
    comparable: npt.NDArray[np.bool_],
    rows: Rows,
    *,
    product_text: list[str],
    client_text: list[str],
    psa_names: Mapping[str, str],
    vendor_names: Mapping[str, str],
    vendor_ext: IntArray,
) -> Overruled:
    """Compare each acted-on text as its vendor product and turn each reading into a question.

    ``p_all`` (its target, score and how columns), ``target`` and ``comparable`` are changed
    in place for the acted-on texts' rows.

    Args:
        readings: what :func:`weigh_readings` found.
        p_all: PSA groups with their comparison target.
        target: product code each PSA row is compared as.
        comparable: which PSA rows the vendor file carries.
        rows: the codes and masks the readings were weighed on.
        product_text: product key per product code.
        client_text: client identity per client code.
        psa_names: PSA product key -> its name.
        vendor_names: vendor product key -> its name.
        vendor_ext: vendor money (micro-units x milli-seats) per vendor row.

    Returns:
        The questions and the rows they hold.
    """
    if not readings:
        return Overruled()
    width = rows.products
    questions: list[MappingQuestion] = []
    held_psa: list[IntArray] = []
    held_vendor: list[IntArray] = []
    for reading in readings:
        vendor_key = product_text[reading.vendor_code]
        vendor_name = vendor_names.get(vendor_key, vendor_key)
        read_as = psa_names.get(reading.psa_key, reading.psa_key)
        why = reading.why(read_as, vendor_name)
        held_keys = reading.held * width + reading.vendor_code
        on = _isin(rows.v_pc * width + rows.v_product, np.unique(held_keys))
        money = int(vendor_ext[on].sum())
        at = reading.rows[_isin(rows.p_pc[reading.rows], reading.held)]
        seats = int(rows.p_qty[at].sum())
        score = round(100.0 * reading.support / max(reading.clients, 1), 1)
        if reading.act:
            labels = p_all.index[reading.rows]
            p_all.loc[labels, TARGET] = vendor_key
            p_all.loc[labels, "pair_score"] = score
            p_all.loc[labels, "pair_how"] = f"paired on seats: {why}"
            target[reading.rows] = reading.vendor_code
            comparable[reading.rows] = True
            reason = (
                f"a name rule read {reading.text!r} as {read_as!r}, but {why}: it is compared "
                f"as {vendor_name!r} in this run; confirm to keep it so, or reject"
            )
        else:
            held_psa.append(reading.rows)
            held_vendor.append(held_keys)
            reason = (
                f"a name rule read {reading.text!r} as {read_as!r}, but {why}: no gap is "
                f"raised for these seats until someone decides"
            )
        candidate = ProductCandidate(
            vendor_product=vendor_name,
            product_key=vendor_key,
            score=score,
            why=why,
            answer=answer_for(vendor_key, vendor_names),
            clients=reading.support,
        )
        questions.append(
            MappingQuestion(
                psa_product=reading.text,
                product_key=reading.psa_key,
                candidates=(candidate,),
                clients=len(reading.held),
                seats=Decimal(seats) / QTY_SCALE,
                money_at_stake=cents(Decimal(money) / EXT_SCALE),
                reason=reason,
                held=frozenset()
                if reading.act
                else frozenset(
                    (shown_key(client_text[int(pc)]), vendor_key) for pc in reading.held
                ),
            )
        )
    questions.sort(key=lambda q: (-q.money_at_stake, q.psa_product))
    return Overruled(
        tuple(questions),
        np.concatenate(held_psa) if held_psa else np.zeros(0, dtype=np.int64),
        np.concatenate(held_vendor) if held_vendor else np.zeros(0, dtype=np.int64),
    )
