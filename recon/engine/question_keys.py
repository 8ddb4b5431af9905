"""Integer keys and per-client sums that the mapping-question passes share.

Each (client, product) of both sides becomes one int64 in one code space, so the passes of
:mod:`recon.engine.questions` look rows up and sum seats on arrays, never a Python step per
row; the few Python objects made are one per distinct text or per asked client.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pac

from recon.engine.columns import member
from recon.engine.join import IntArray
from recon.match.product_evidence import PC, PSA_KEY, QTY_P, QTY_V, VENDOR_KEY
from recon.model import G

#: The column of the PSA groups naming the vendor product each row is compared as.
TARGET = "target"


def distinct_texts(column: pd.Series, rows: npt.NDArray[np.bool_]) -> set[str]:
    """The distinct texts of ``column`` at ``rows``: a Python string per distinct text, never
    per row (most of 800,000 PSA rows at a distributor's size, a few hundred products)."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        # A categorical's own codes, counted: no hash of the rows.
        found = np.asarray(column.cat.codes.to_numpy(), dtype=np.int64)[rows]
        categories = column.cat.categories
        present = np.flatnonzero(np.bincount(found[found >= 0], minlength=len(categories)))
        return {str(t) for t in np.asarray(categories.take(present), dtype=object).tolist()}
    codes, uniques = pd.factorize(column, sort=False)
    seen = np.unique(codes[rows])
    distinct = np.asarray(uniques, dtype=object)
    return {str(t) for t in distinct[seen[seen >= 0]].tolist()}


def residual_seats(
    held: pd.DataFrame, held_keys: IntArray, billed_keys: IntArray, billed_qty: IntArray
) -> pd.DataFrame:
    """The seats of each billed vendor line that its PSA lines leave unbilled, as candidates.

    An MSP may bill one product on two PSA lines (two contracts, two prices, an add-on line)
    of which only one spelling maps: the mapped line then looks short and the other sits
    unmapped. Its seats are the vendor's minus the mapped line's, so the shortfall is weighed
    like a vendor line no PSA line bills; recurring across clients, it pairs the spelling.

    Args:
        held: vendor rows at matched clients that a PSA line bills (``pc``, product, seats).
        held_keys: their (client, product) keys.
        billed_keys: the (client, target) keys of the PSA rows compared with a vendor product.
        billed_qty: those rows' seats.
    """
    known = held_keys >= 0
    mine = np.asarray(held_keys, dtype=np.int64)[known]
    # The vendor's keys sorted once (stably: each key's first row heads its run), the billed
    # keys looked up among them by bisection: hashing both sides' keys together (900,000 at
    # 60,000 clients) was the largest single step of the mapping-question pass.
    order = np.argsort(mine, kind="stable")
    ordered = mine[order]
    starts = np.flatnonzero(np.concatenate(([True], ordered[1:] != ordered[:-1])))[: len(ordered)]
    distinct = ordered[starts]
    vendor = np.zeros(len(starts), dtype=np.int64)
    if len(starts):
        vendor = np.add.reduceat(held[G.QTY].to_numpy(dtype=np.int64)[known][order], starts)
    billed = np.asarray(billed_keys, dtype=np.int64)
    at = np.minimum(np.searchsorted(distinct, billed), max(len(distinct) - 1, 0))
    # A billed key no vendor row has counts for none.
    ours = distinct[at] == billed if len(distinct) else np.zeros(len(billed), dtype=bool)
    psa = np.zeros(len(distinct), dtype=np.int64)
    np.add.at(psa, at[ours], np.asarray(billed_qty, dtype=np.int64)[ours])
    short = vendor - psa
    kept = np.flatnonzero(short > 0)
    # Each key's text is its first row's; keys come out in the order they first appear.
    firsts = order[starts][kept]
    first = np.flatnonzero(known)[np.sort(firsts)]
    return pd.DataFrame(
        {
            PC: held[PC].iloc[first].to_numpy(),
            VENDOR_KEY: held[G.PRODUCT].iloc[first].to_numpy(),
            QTY_V: short[kept][np.argsort(firsts)],
        }
    )


def acted_shortfall(
    orphan_p: pd.DataFrame, orphan_v: pd.DataFrame, acted: dict[str, str]
) -> pd.DataFrame:
    """The seats of unbilled vendor lines that the texts the seats just paired leave unbilled.

    The same split as :func:`residual_seats`, one step later: where neither spelling of a
    product billed on two PSA lines maps ("3 Year - Kiosk Mailbox" 12 and "Kiosk Mailbox -
    Monhly" 5 beside 17 bought), the first is paired on the seats at the clients where it is
    alone, and its rest is what the second bills.

    Args:
        orphan_p: unmapped PSA rows per client (``pc``, ``psa_key``, ``qty_p``).
        orphan_v: unbilled vendor rows per client (``pc``, ``vendor_key``, ``qty_v``).
        acted: PSA key -> the vendor product the seats paired it with.
    """
    rows = orphan_p.loc[member(orphan_p[PSA_KEY], set(acted))]
    if rows.empty or orphan_v.empty:
        return orphan_v.iloc[:0]
    # Each text's product looked up once per distinct text, then (client, product) as one
    # int64 on both sides: no Python step per row, no join on text.
    found, texts = pd.factorize(rows[PSA_KEY], sort=False)
    paired = np.asarray([acted[str(t)] for t in np.asarray(texts, dtype=object).tolist()] + [""])
    (v_pc, p_pc), _ = joint_codes(orphan_v[PC], rows[PC])
    (v_key, p_key), products = joint_codes(
        orphan_v[VENDOR_KEY], pd.Series(paired[found], dtype=object)
    )
    width = max(products, 1)
    known = (p_pc >= 0) & (p_key >= 0) & (found >= 0)
    billed = (
        pd.Series(rows[QTY_P].to_numpy(dtype=np.int64)[known])
        .groupby(p_pc[known] * width + p_key[known])
        .sum()
    )
    at = np.where(
        (v_pc >= 0) & (v_key >= 0),
        billed.index.get_indexer(pd.Index(v_pc * width + v_key)),
        -1,
    )
    short = orphan_v[QTY_V].to_numpy(dtype=np.int64) - np.append(billed.to_numpy(), 0)[at]
    kept = np.flatnonzero((at >= 0) & (short > 0))
    return pd.DataFrame(
        {
            PC: orphan_v[PC].iloc[kept].to_numpy(dtype=object),
            VENDOR_KEY: orphan_v[VENDOR_KEY].iloc[kept].to_numpy(dtype=object),
            QTY_V: short[kept],
        }
    )


def first_rows(codes: npt.NDArray[np.intp], count: int) -> IntArray:
    """The first row of each code 0..count-1."""
    first = np.full(count, len(codes), dtype=np.int64)
    np.minimum.at(first, codes, np.arange(len(codes), dtype=np.int64))
    return first


def per_client(rows: pd.DataFrame, keys: IntArray) -> pd.DataFrame:
    """One row per (client, product), seats summed: a product held on two terms (or by two
    vendor tenants of one PSA client) is weighed as the seats the client holds in all.

    Args:
        rows: the client, product and seats columns, in that order.
        keys: each row's (client, product) key.
    """
    found, uniques = pd.factorize(keys, sort=False)
    if len(uniques) == len(rows):
        return rows
    known = found >= 0
    total = np.zeros(len(uniques), dtype=np.int64)
    qty = rows.columns[2]
    np.add.at(total, found[known], rows[qty].to_numpy(dtype=np.int64)[known])
    first = np.flatnonzero(known)[first_rows(found[known], len(uniques))]
    out = rows.iloc[first].reset_index(drop=True)
    out[qty] = total
    return out


@dataclass(frozen=True, slots=True)
class RowKeys:
    """Each row's (client, product) as one int64, the same code space on both sides.

    Attributes:
        vendor: per vendor row, its (PSA client, product).
        target: per PSA row, its (client, target): the vendor product it is compared as.
        psa: per PSA row, its (client, own product).
    """

    vendor: IntArray
    target: IntArray
    psa: IntArray
    width: int

    def seats(self, keys: IntArray, qty: pd.Series) -> IntArray:
        """Each row's (client, seats) as one int64 (-1 for a row with no key): the client
        of a (client, product) key in the high half, the seats in thousandths in the low."""
        client = keys // self.width
        seats = qty.fillna(0).to_numpy(dtype=np.int64)
        return np.where(keys >= 0, (client << 32) | (seats & 0xFFFFFFFF), -1)

    @classmethod
    def coded(
        cls,
        vendor: tuple[IntArray, IntArray],
        psa: tuple[IntArray, IntArray, IntArray],
        width: int,
    ) -> RowKeys:
        """From codes the caller holds already (:class:`recon.engine.pairs.Codes`): no text
        column hashed again. Only equal keys matter to the passes, never their values, so
        any one code space for clients and one for products gives the same answers as
        :meth:`of`.

        Args:
            vendor: per vendor row, its client code and product code.
            psa: per PSA row, its client code, its target's code and its own product's code.
            width: more than the largest product code.
        """
        v_client, v_product = vendor
        p_client, target, own = psa

        def key(client: IntArray, product: IntArray) -> IntArray:
            return np.where((client >= 0) & (product >= 0), client * width + product, -1)

        return cls(key(v_client, v_product), key(p_client, target), key(p_client, own), width)

    @classmethod
    def of(cls, v: pd.DataFrame, p_all: pd.DataFrame) -> RowKeys:
        (v_client, p_client), _ = joint_codes(v[PC], p_all[G.CLIENT])
        (v_product, target, own), products = joint_codes(
            v[G.PRODUCT], p_all[TARGET], p_all[G.PRODUCT]
        )
        width = max(products, 1)

        def key(client: IntArray, product: IntArray) -> IntArray:
            # A missing client or product is -1: never equal to a real key.
            return np.where((client >= 0) & (product >= 0), client * width + product, -1)

        return cls(key(v_client, v_product), key(p_client, target), key(p_client, own), width)


def joint_codes(*columns: pd.Series) -> tuple[list[IntArray], int]:
    """Codes for several text columns in one code space (-1 for a missing cell), and how many
    distinct values there are: each column's distinct values are hashed once, by Arrow."""
    found, distinct = [], []
    for column in columns:
        codes, uniques = pd.factorize(column, sort=False)
        found.append(codes)
        distinct.append(pa.array(np.asarray(uniques, dtype=object), type=pa.string()))
    encoded = pac.dictionary_encode(pa.concat_arrays(distinct))
    joint = np.asarray(encoded.indices.to_numpy(zero_copy_only=False), dtype=np.int64)
    ends = np.cumsum([len(d) for d in distinct])
    out = [
        np.append(part, -1)[codes]
        for part, codes in zip(np.split(joint, ends[:-1]), found, strict=True)
    ]
    return out, len(encoded.dictionary)


def first_names(groups: pd.DataFrame, keys: set[str]) -> dict[str, str]:
    """Product key -> the product text as written on its first group row, for these keys."""
    rows = groups.loc[member(groups[G.PRODUCT], keys), [G.PRODUCT, G.PRODUCT_NAME]]
    first = rows.drop_duplicates(G.PRODUCT)
    return dict(zip(first[G.PRODUCT], first[G.PRODUCT_NAME], strict=True))


def summed(rows: pd.DataFrame, keys: list[str], value: str) -> dict[tuple[str, str], int]:
    """(key, key) -> the sum of ``value`` over the rows with that key (missing counts 0; a
    row missing a key counts for none).

    Summed on codes: a groupby over the client column's categories (60,000 at a distributor's
    size) recoded them on every call; each column's codes are its own (a categorical's are
    free), and a text is made once per distinct pair found.
    """
    if rows.empty:
        return {}
    (first, first_texts), (second, second_texts) = (pd.factorize(rows[k], sort=False) for k in keys)
    known = (first >= 0) & (second >= 0)
    width = max(len(second_texts), 1)
    pair, pairs = pd.factorize(
        first[known].astype(np.int64) * width + second[known].astype(np.int64), sort=False
    )
    totals = np.zeros(len(pairs), dtype=np.int64)
    np.add.at(totals, pair, rows[value].fillna(0).to_numpy(dtype=np.int64)[known])
    firsts = np.asarray(first_texts, dtype=object)[pairs // width].tolist()
    seconds = np.asarray(second_texts, dtype=object)[pairs % width].tolist()
    return {
        (str(a), str(b)): int(t) for a, b, t in zip(firsts, seconds, totals.tolist(), strict=True)
    }
