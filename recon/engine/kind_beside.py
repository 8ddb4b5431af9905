"""Questions on texts that name only a kind of product ("Antivirus", "Managed AV - Workstation",
"Backup"), beside the one product of that kind the vendor sells at the client, at its cost.

An MSP's PSA often bills a licence by what it is rather than by its name. The seats weigh
such a text only where they agree (:mod:`recon.match.product_evidence`), and the names alone
never settle it (:mod:`recon.engine.beside`: a kind is no name). So a real quantity gap on it
("Managed AV - Workstation" 8 billed, Bitdefender GravityZone Business Security 5 bought) was
stated as two false things: the vendor's 5 "missing in PSA" and the text "unmapped".

The line's own unit cost is a second witness. A ConnectWise addition and an Autotask contract
service carry what the MSP pays per unit for what the line bills (:mod:`recon.formats.costs`);
a licence resold costs the vendor's price, a service the MSP delivers itself costs it nothing
per unit. So at a matched client where:

- the text names the kind (:func:`recon.catalog.text.kind_named`: the catalogue family's own
  words or the words people use for it, ``kinds.csv``) of exactly one vendor line that no PSA
  line bills, and no other such text there names that line's kind;
- the text's line costs within :data:`~recon.engine.line_costs.FIT` of the vendor's unit cost
  of that product at the client,

one mapping question is asked about that product, never a silent pairing: a person confirms
it once, and the gap a "yes" implies shows now, pending the answer. A text asked this way at
fewer than a quarter of its clients (:data:`~recon.match.product_evidence.ASK_COVERAGE_NAMED`)
is not asked: it is more likely the MSP's own service that happens to cost the same.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping

import numpy as np
import pandas as pd

from recon.catalog import TierRelation
from recon.catalog.text import TextMatch, kind_named
from recon.engine.columns import member
from recon.engine.line_costs import FIT
from recon.match.product_evidence import (
    ASK_COVERAGE_NAMED,
    PC,
    PSA_KEY,
    QTY_P,
    QTY_V,
    VENDOR_KEY,
    Support,
    Verdict,
)
from recon.match.text_scores import KIND_NAMED
from recon.model import G

#: What a question asked here rests on, after the kind the text names.
HOW = "names its kind ({kind}) and costs what the vendor charges for it here"


def kind_beside(
    orphan_p: pd.DataFrame,
    orphan_v: pd.DataFrame,
    undecided: set[str],
    names: tuple[Mapping[str, str], Mapping[str, str]],
    costs: tuple[pd.DataFrame, pd.DataFrame],
    rejected: frozenset[tuple[str, str]] = frozenset(),
) -> dict[str, Verdict]:
    """Questions on the undecided texts that name only the kind of the one unbilled vendor
    product beside them, at its cost (module docstring).

    Args:
        orphan_p: PSA rows at matched clients whose product the vendor file lacks (``pc``,
            ``psa_key``, ``qty_p``), as :func:`recon.engine.questions.weigh_unmapped` builds them.
        orphan_v: vendor rows at matched clients no PSA line bills (``pc``, ``vendor_key``,
            ``qty_v``).
        undecided: the PSA keys no earlier pass paired or asked about.
        names: PSA key -> text as written, and vendor key -> product name.
        costs: the PSA groups (``G.CLIENT``, ``G.PRODUCT``, ``G.COST``) and the vendor groups
            keyed by PSA client (``pc``, ``G.PRODUCT``, ``G.QTY``, ``G.EXT``).
        rejected: (PSA key, vendor key) pairs people said are not one product.

    Returns:
        PSA key -> a verdict that asks about the product of its kind, best supported first.
    """
    psa_names, vendor_names = names
    p_all, vendor = costs
    if not undecided or G.COST not in p_all.columns or G.EXT not in vendor.columns:
        return {}
    rows = orphan_p.loc[member(orphan_p[PSA_KEY], undecided)]
    pairs = rows.merge(orphan_v, on=PC, how="inner")
    pairs = pairs.loc[(pairs[QTY_P] > 0) & (pairs[QTY_V] > 0)]
    if pairs.empty:
        return {}
    kinds: dict[tuple[str, str], str] = {}
    for p, v in set(zip(pairs[PSA_KEY].astype(str), pairs[VENDOR_KEY].astype(str), strict=True)):
        if (p, v) not in rejected:
            kinds[p, v] = kind_named(psa_names[p], v, vendor_names[v])
    named = [
        (str(c), str(p), str(v))
        for c, p, v in zip(pairs[PC], pairs[PSA_KEY], pairs[VENDOR_KEY], strict=True)
        if kinds.get((str(p), str(v)))
    ]
    if not named:
        return {}
    # One text, one product of its kind at the client, and the other way round: two
    # candidates (or two texts) of one kind at a client are a choice a cost cannot make.
    per_text: dict[tuple[str, str], set[str]] = defaultdict(set)
    per_line: dict[tuple[str, str], set[str]] = defaultdict(set)
    for client, p, v in named:
        per_text[client, p].add(v)
        per_line[client, v].add(p)
    sure = [
        (client, p, v)
        for client, p, v in named
        if len(per_text[client, p]) == 1 and len(per_line[client, v]) == 1
    ]
    line_costs = _psa_costs(p_all, {(c, p) for c, p, _ in sure})
    vendor_costs = _vendor_costs(vendor, {(c, v) for c, _, v in sure})
    held: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for client, p, v in sure:
        if _fits(line_costs.get((client, p), ()), vendor_costs.get((client, v))):
            held[p][v].append(client)
    clients_of = rows.groupby(PSA_KEY, sort=False, observed=True)[PC].nunique()
    out: dict[str, Verdict] = {}
    for p, by_vendor in sorted(held.items()):
        clients = int(clients_of.get(p, 0))
        ranked = sorted(by_vendor.items(), key=lambda item: (-len(item[1]), item[0]))
        if len(ranked[0][1]) < ASK_COVERAGE_NAMED * clients:
            continue
        candidates = tuple(
            Support(
                vendor_key=v,
                text=TextMatch(KIND_NAMED, TierRelation.SAME, HOW.format(kind=kinds[p, v])),
                agree=0,
                near=0,
                seat_counts=0,
                clients=clients,
                held=tuple(sorted(at)),
            )
            for v, at in ranked
        )
        out[p] = Verdict(p, candidates, None, True)
    return out


def _psa_costs(
    p_all: pd.DataFrame, wanted: set[tuple[str, str]]
) -> dict[tuple[str, str], list[int]]:
    """(client, PSA key) -> the unit costs (micro) its lines carry, for the wanted pairs."""
    clients = {c for c, _ in wanted}
    texts = {p for _, p in wanted}
    at = member(p_all[G.CLIENT], clients) & member(p_all[G.PRODUCT], texts)
    frame = p_all.loc[at, [G.CLIENT, G.PRODUCT, G.COST]]
    out: dict[tuple[str, str], list[int]] = defaultdict(list)
    for client, product, cost in frame.itertuples(index=False):
        if (str(client), str(product)) in wanted and not pd.isna(cost) and int(cost) > 0:
            out[str(client), str(product)].append(int(cost))
    return out


def _vendor_costs(
    vendor: pd.DataFrame, wanted: set[tuple[str, str]]
) -> dict[tuple[str, str], tuple[float, float]]:
    """(PSA client, vendor key) -> the lowest and highest vendor unit cost (micro) there."""
    clients = {c for c, _ in wanted}
    products = {v for _, v in wanted}
    at = member(vendor[PC], clients) & member(vendor[G.PRODUCT], products)
    frame = vendor.loc[at, [PC, G.PRODUCT, G.QTY, G.EXT]]
    out: dict[tuple[str, str], tuple[float, float]] = {}
    for client, product, qty, ext in frame.itertuples(index=False):
        key = (str(client), str(product))
        if key not in wanted or pd.isna(qty) or pd.isna(ext) or int(qty) <= 0 or int(ext) <= 0:
            continue
        # EXT is seats (milli) x unit price (micro): the unit price, in micro.
        unit = float(ext) / float(qty)
        low, high = out.get(key, (unit, unit))
        out[key] = (min(low, unit), max(high, unit))
    return out


def _fits(costs: list[int] | tuple[()], span: tuple[float, float] | None) -> bool:
    """True when a line cost lies within :data:`FIT` of the vendor's range."""
    if span is None or not costs:
        return False
    low, high = span
    found = np.asarray(costs, dtype=np.float64)
    return bool(np.any((found >= low * (1 - FIT)) & (found <= high * (1 + FIT))))
