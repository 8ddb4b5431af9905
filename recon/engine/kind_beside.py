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
import numpy.typing as npt
import pandas as pd
import pyarrow as pa

from recon.catalog import TierRelation
from recon.catalog.text import TextMatch, kind_named
from recon.engine.columns import member
from recon.engine.line_costs import FIT
from recon.match.orphan_codes import OrphanCodes
from recon.match.product_evidence import (
    ASK_COVERAGE_NAMED,
    PC,
    PSA_KEY,
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
    p_all, vendor = costs
    if not undecided or G.COST not in p_all.columns or G.EXT not in vendor.columns:
        return {}
    rows = orphan_p.loc[member(orphan_p[PSA_KEY], undecided)]
    if rows.empty or orphan_v.empty:
        return {}
    # Clients and texts as codes: the join, the kind read once per distinct (text,
    # product), and only the rows whose pair names a kind come back as text (a merge of
    # the categorical frames and a text per joined row were 0.4 s at 60,000 clients).
    coded = OrphanCodes.of(rows, orphan_v)
    p_at, v_at = coded.seated_pairs()
    if not len(p_at):
        return {}
    kinds, named_at = _kinds_named(
        (coded.psa[PSA_KEY].to_numpy()[p_at], coded.vendor[VENDOR_KEY].to_numpy()[v_at]),
        coded,
        names,
        rejected,
    )
    p_at, v_at = p_at[named_at], v_at[named_at]
    client_names = coded.clients.take(pa.array(coded.psa[PC].to_numpy()[p_at])).to_pylist()
    named = [
        (str(c), coded.psa_keys[p], coded.vendor_keys[v])
        for c, p, v in zip(
            client_names,
            coded.psa[PSA_KEY].to_numpy()[p_at].tolist(),
            coded.vendor[VENDOR_KEY].to_numpy()[v_at].tolist(),
            strict=True,
        )
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
    clients_of = dict(zip(coded.psa_keys, coded.clients_of().tolist(), strict=True))
    out: dict[str, Verdict] = {}
    for p, by_vendor in sorted(held.items()):
        clients = clients_of.get(p, 0)
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


def _kinds_named(
    keys: tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]],
    coded: OrphanCodes,
    names: tuple[Mapping[str, str], Mapping[str, str]],
    rejected: frozenset[tuple[str, str]],
) -> tuple[dict[tuple[str, str], str], npt.NDArray[np.intp]]:
    """(PSA key, vendor key) -> the kind the text names (:func:`kind_named`, "" for none),
    read once per distinct pair of the joined rows' key codes that no person rejected, and
    the positions of the rows whose pair names one."""
    psa_names, vendor_names = names
    width = max(len(coded.vendor_keys), 1)
    distinct, inverse = np.unique(keys[0] * width + keys[1], return_inverse=True)
    kinds: dict[tuple[str, str], str] = {}
    said = np.zeros(len(distinct), dtype=bool)
    for at, code in enumerate(distinct.tolist()):
        p, v = coded.psa_keys[code // width], coded.vendor_keys[code % width]
        if (p, v) not in rejected:
            kinds[p, v] = kind_named(psa_names[p], v, vendor_names[v])
            said[at] = bool(kinds[p, v])
    return kinds, np.flatnonzero(said[inverse.reshape(-1)])


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
