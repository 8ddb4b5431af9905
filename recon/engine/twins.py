"""One product the vendor sells under two names, billed on one PSA line: the vendor-side twin
of the split-line pass.

A distributor can sell one product under two names or SKUs at once: a new-commerce SKU and
the legacy one it replaces, or a second name of its own that the catalogue does not know. The
MSP bills one PSA line for both. Compared name by name, every client holding both states two
false things: the catalogued product looks over-billed by exactly the seats of the second
name, and the second name looks bought and never billed.

The seats say it. Where, at a matched client, a vendor product the catalogue does not know
sits unbilled with exactly the seats by which the PSA bills another vendor product over the
vendor's own line of it, the two names are one product there. Recurring at
:data:`TWIN_CLIENTS` clients or more, and at :data:`TWIN_SHARE` of the clients the second
name sits at, the second name is compared as the first everywhere: its seats add to the
first's, and a real gap on the sum stays a gap. At one or two clients, or beside another
product that explains the seats as well, nothing is merged (a chance equality must not move
seats from one product to another).

A merge is never silent: every gap on the product says so in its ``why`` (the product
identity's ``also``), the run lists each merge once (:attr:`recon.model.ReconResult.merges`),
and a person's "not the same product" (``recon reject product "<second name>" <product>``)
stops it on the next run.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable, Mapping
from decimal import Decimal

import numpy as np
import numpy.typing as npt
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pac

from recon.codes import renumber
from recon.engine.groups import SideGroups
from recon.engine.join import IntArray
from recon.engine.offers import answer_for
from recon.match import ClientMatching, ProductPairing
from recon.match.orphan_codes import text_array
from recon.model import QTY_SCALE, G, ProductMerge, ProductMethod

log = logging.getLogger(__name__)

#: A second vendor name is merged into a product only where its seats make up that product's
#: PSA excess at this many matched clients or more ...
TWIN_CLIENTS = 3
#: ... and at this share of the matched clients it is sold at (a real gap on the product
#: breaks the equality at a few of them; a chance equality never reaches half).
TWIN_SHARE = 0.5

_PC, _KEY, _QTY = "pc", "key", "qty"
_SCALE = Decimal(QTY_SCALE)


def vendor_twins(
    vendor: SideGroups,
    psa: SideGroups,
    matching: ClientMatching,
    pairing: Mapping[str, ProductPairing],
    *,
    rejected: frozenset[tuple[str, str]] = frozenset(),
) -> dict[str, ProductMerge]:
    """Vendor products the catalogue does not know that are, by the seats, a second name of a
    vendor product the PSA bills.

    Args:
        vendor: the vendor side's groups.
        psa: the PSA side's groups.
        matching: the client pairing (clients in review are no evidence).
        pairing: PSA product keys paired with vendor product keys by name.
        rejected: (product key, vendor key) pairs people said are not one product; a
            (second name, product) pair among them is never merged (default: none).

    Returns:
        Second name's vendor key -> the merge: the vendor product it is compared as, with the
        numbers behind it.
    """
    uncatalogued = {
        key for key, identity in vendor.products.items() if identity.method is ProductMethod.NAME
    }
    if not uncatalogued or not len(psa.groups):
        return {}
    to_psa = {v: p for v, p in matching.vendor_to_psa.items() if p not in matching.held_psa}
    if not to_psa:
        return {}
    # Clients and products as integer codes (one lookup per distinct text, spread by the
    # categories' codes): the sums and joins below run on ints, and text comes back only for
    # the rows whose seats agree. Python strings per group row were most of this pass and
    # left the heap fragmented for the comparison after it. Each side's client texts are
    # looked up by Arrow, as their matched PSA company (58,000 texts a side at 60,000
    # clients: a Python string and a call each were 0.06 CPU s).
    companies = list(dict.fromkeys(to_psa.values()))
    number = {company: n for n, company in enumerate(companies)}
    v_rows, v_company = _positions(vendor.groups[G.CLIENT], list(to_psa))
    v_company = np.append([number[c] for c in to_psa.values()], -1)[v_company]
    p_rows, p_company = _positions(psa.groups[G.CLIENT], companies)
    # Numbered as first met, the vendor's texts first, then the PSA's (as a client index
    # numbers them one text at a time): the rows come in client order, so the pair keys the
    # sums hash then come in runs too.
    met = np.concatenate([v_company, p_company])
    _, order = renumber(met[met >= 0], len(companies))
    code_of = np.full(len(companies) + 1, -1, dtype=np.int64)  # the last: no company
    code_of[order] = np.arange(len(order), dtype=np.int64)
    keys = _Index()
    v = _summed(
        np.append(code_of[v_company], -1)[v_rows],
        _coded(vendor.groups[G.PRODUCT], keys.add),
        vendor.groups[G.QTY],
    )
    # Each PSA row as the vendor product its name reads as (its own key where unpaired).
    p = _summed(
        np.append(code_of[p_company], -1)[p_rows],
        _coded(
            psa.groups[G.PRODUCT],
            lambda k: keys.add(pairing[k].vendor_key if k in pairing else k),
        ),
        psa.groups[G.QTY],
    )
    billed = set(keys.texts(p[_KEY].unique()))
    # Second names: sold, never billed under any PSA text (a text that reads as it bills it).
    second = v.loc[np.isin(v[_KEY], keys.codes(uncatalogued - billed))]
    if second.empty:
        return {}
    # The PSA's excess over the vendor's line of each product it bills.
    excess = _excess(p, v)
    excess = excess.loc[
        (excess[_QTY] > 0) & np.isin(excess[_KEY], keys.codes(set(vendor.products) - uncatalogued)),
        [_PC, _KEY, _QTY],
    ]
    agree = second.merge(excess, on=[_PC, _QTY], suffixes=("", "_first"))
    second = second.assign(**{_KEY: keys.texts(second[_KEY])})
    agree = agree.assign(
        **{_KEY: keys.texts(agree[_KEY]), f"{_KEY}_first": keys.texts(agree[f"{_KEY}_first"])}
    )
    if rejected and not agree.empty:
        # A person's "not the same product" for (second name, product): never merged again.
        kept = [
            (str(k), str(f)) not in rejected
            for k, f in zip(agree[_KEY], agree[f"{_KEY}_first"], strict=True)
        ]
        agree = agree.loc[np.asarray(kept, dtype=bool)]
    if agree.empty:
        return {}
    counts = agree.groupby([_KEY, f"{_KEY}_first"], sort=True)[_PC].nunique()
    sold_at = second.groupby(_KEY, sort=False)[_PC].nunique()
    seats = second.groupby(_KEY, sort=False)[_QTY].sum()
    out: dict[str, ProductMerge] = {}
    for name, per_first in counts.groupby(level=0, sort=True):
        ranked = per_first.sort_values(ascending=False, kind="stable")
        first, n = str(ranked.index[0][1]), int(ranked.iloc[0])
        # Beside a rival that the seats back nearly as often, neither is sure.
        rival = int(ranked.iloc[1]) if len(ranked) > 1 else 0
        if n >= TWIN_CLIENTS and n >= TWIN_SHARE * int(sold_at[name]) and rival * 2 < n:
            out[str(name)] = ProductMerge(
                second_name=vendor.products[str(name)].name,
                second_key=str(name),
                product=vendor.products[first].name,
                product_key=first,
                clients=n,
                sold_at=int(sold_at[name]),
                seats=Decimal(int(seats[name])) / _SCALE,
                # What ``recon reject product`` names it by: its catalogue id, else its name.
                answer=answer_for(first, {first: vendor.products[first].name}),
            )
            log.info(
                "vendor product %r compared as %r: its seats make up the PSA's excess at %d of "
                "%d clients",
                vendor.products[str(name)].name,
                vendor.products[first].name,
                n,
                int(sold_at[name]),
            )
    return out


def merge_twins(vendor: SideGroups, merges: Mapping[str, ProductMerge]) -> SideGroups:
    """The vendor side with each second name's rows keyed as the product it is.

    Args:
        vendor: the vendor side's groups.
        merges: second name's key -> its merge (:func:`vendor_twins`).

    Returns:
        ``vendor`` unchanged when ``merges`` is empty; else a copy whose groups carry the
        merged keys, whose products no longer list the second names, and whose merged
        products say in ``also`` what they absorbed (their gaps' ``why`` carries it).
    """
    if not merges:
        return vendor
    twins = {k: m.product_key for k, m in merges.items()}
    groups = vendor.groups.copy(deep=False)
    column = groups[G.PRODUCT]
    merged = column.astype(object).map(lambda k: twins.get(str(k), k))
    if isinstance(column.dtype, pd.CategoricalDtype):
        # Names travel as categoricals of the values used, in first-seen order.
        merged = pd.Series(
            pd.Categorical(merged, categories=pd.unique(merged.dropna())), index=groups.index
        )
    groups[G.PRODUCT] = merged
    products = {k: i for k, i in vendor.products.items() if k not in twins}
    absorbed: dict[str, list[str]] = {}
    for merge in sorted(merges.values(), key=lambda m: m.second_name):
        absorbed.setdefault(merge.product_key, []).append(merge.why)
    for key, whys in absorbed.items():
        products[key] = dataclasses.replace(products[key], also="; ".join(whys))
    return dataclasses.replace(vendor, groups=groups, products=products)


class _Index:
    """Distinct texts numbered in the order first asked for."""

    def __init__(self) -> None:
        self._codes: dict[str, int] = {}
        self._texts: list[str] = []

    def add(self, text: str) -> int:
        """The text's code, numbering it if new."""
        code = self._codes.get(text)
        if code is None:
            code = self._codes[text] = len(self._texts)
            self._texts.append(text)
        return code

    def codes(self, texts: set[str]) -> npt.NDArray[np.int64]:
        """The codes of those texts that have one."""
        return np.array([self._codes[t] for t in texts if t in self._codes], dtype=np.int64)

    def texts(self, codes: pd.Series | npt.NDArray[np.int64]) -> npt.NDArray[np.object_]:
        """The text of each code."""
        table = np.array(self._texts, dtype=object)
        found: npt.NDArray[np.object_] = table[np.asarray(codes, dtype=np.int64)]
        return found


def _coded(column: pd.Series, code: Callable[[str], int]) -> npt.NDArray[np.int64]:
    """``code`` of each row's text, called once per distinct text (-1 for a missing cell)."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        found, uniques = column.cat.codes.to_numpy(), column.cat.categories
    else:
        found, uniques = pd.factorize(column, sort=False)
    per_text = [code(str(t)) for t in np.asarray(uniques, dtype=object).tolist()]
    return np.append(np.array(per_text, dtype=np.int64), -1)[found]


def _positions(column: pd.Series, texts: list[str]) -> tuple[IntArray, IntArray]:
    """Each row's distinct text (its code, -1 for a missing cell), and each distinct text's
    position in ``texts`` (distinct; -1 where none): looked up in Arrow's hash table, the
    column's texts never made Python strings."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        found, uniques = column.cat.codes.to_numpy(), column.cat.categories
    else:
        found, uniques = pd.factorize(column, sort=False)
    at = pac.index_in(text_array(uniques), value_set=pa.array(texts, type=pa.string()))
    index = np.asarray(at.fill_null(-1).to_numpy(zero_copy_only=False), dtype=np.int64)
    return np.asarray(found, dtype=np.int64), index


def _excess(psa: pd.DataFrame, vendor: pd.DataFrame) -> pd.DataFrame:
    """Each PSA (client, product) row's seats less the vendor's there (0 where it has none):
    a left merge on the pair, each side's pairs distinct, made as one int64 per pair looked
    up in the vendor's; pandas' two-key merge held a transient the size of both sides."""
    keys = np.concatenate((psa[_KEY].to_numpy(), vendor[_KEY].to_numpy(), [0]))
    width = int(keys.max()) + 2
    at = pd.Index(vendor[_PC].to_numpy() * width + (vendor[_KEY].to_numpy() + 1)).get_indexer(
        psa[_PC].to_numpy() * width + (psa[_KEY].to_numpy() + 1)
    )
    bought = np.where(at >= 0, vendor[_QTY].to_numpy()[at], 0)
    return pd.DataFrame(
        {_PC: psa[_PC].to_numpy(), _KEY: psa[_KEY].to_numpy(), _QTY: psa[_QTY].to_numpy() - bought}
    )


def _summed(
    clients: npt.NDArray[np.int64], keys: npt.NDArray[np.int64], qty: pd.Series
) -> pd.DataFrame:
    """(client, product) -> seats summed, for rows with a client and seats above zero.

    The pairs in order of first appearance, as ``groupby([pc, key], sort=False)`` gives
    them, but each pair as one int64 summed by its code: pandas' two-key groupby held a
    MultiIndex-sized transient (about 50 MiB at 60,000 clients) at the start of the
    comparison, which the heap kept as the floor of the run's peak.
    """
    seats = qty.fillna(0).to_numpy(dtype=np.int64)
    rows = clients >= 0
    pcs, codes = clients[rows], keys[rows]
    # Product codes from -1 (a missing cell) up: shifted by one, each pair is one integer.
    width = int(codes.max()) + 2 if len(codes) else 1
    pair_codes, pairs = pd.factorize(pcs * width + (codes + 1), sort=False)
    summed = np.zeros(len(pairs), dtype=np.int64)
    np.add.at(summed, pair_codes, seats[rows])
    pairs = np.asarray(pairs, dtype=np.int64)
    out = pd.DataFrame({_PC: pairs // width, _KEY: pairs % width - 1, _QTY: summed})
    return out.loc[out[_QTY] > 0]
