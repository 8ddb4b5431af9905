"""Questions on texts that name only a kind of product ("Managed AV - Workstation", "Content
Filter") at clients that buy nothing of that kind, about the products of the kind the vendor
file sells elsewhere at the price the text costs.

An MSP's PSA often bills a licence by what it is rather than by its name
(:mod:`recon.engine.kind_beside` asks about such a text beside the one unbilled product of its
kind at its client). At a client that buys nothing of that kind the text had no line beside it
to weigh: it was listed "unmapped", and the seats it bills with no purchase behind them (a
licence billed and never bought, or bought elsewhere) were stated nowhere.

The line's own unit cost is the witness, as beside a line: a ConnectWise addition and an
Autotask contract service carry what the MSP pays per unit for what the line bills
(:mod:`recon.formats.costs`); a licence resold costs the distributor's price (Pax8 lists one
partner cost per product and term), a service the MSP delivers itself costs it nothing per
unit. So where:

- the text names a kind (:func:`recon.catalog.text.kind_named`, or the catalogue family's own
  words and the phrases ``kinds.csv`` lists, :func:`recon.catalog.text.text_names_family`)
  of products the vendor file sells, in review or not, and carries no brand (a brand names
  its maker);
- the text's unit cost lies within :data:`~recon.engine.line_costs.FIT` of what the vendor
  charges for one or more of them;
- at no client the text sits at (matched or not in the vendor file) does another text bill
  such a product, nor is an unbilled vendor line of its kind
  (:data:`recon.engine.one_kind.ONE_KIND` read) there: beside one,
  :mod:`~recon.engine.kind_beside` and the seats decide;

one mapping question is asked about those products, the nearest in price first, never a
silent pairing: the "missing in vendor" a "yes" implies (the same seats and money whichever
it is) shows now, pending the answer, and a "no" withdraws it.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Collection, Mapping, Sequence

import numpy as np
import numpy.typing as npt
import pandas as pd

from recon.catalog import TierRelation, product_key
from recon.catalog._loose import brands_in, is_service_text
from recon.catalog.line_names import names_line_of
from recon.catalog.text import TextMatch, families_named, kind_named
from recon.codes import factorize_text
from recon.engine.columns import member
from recon.engine.kind_makers import catalogue_family
from recon.engine.line_costs import FIT
from recon.engine.one_kind import ONE_KIND
from recon.engine.question_keys import TARGET
from recon.match.product_evidence import PC, VENDOR_KEY, Support, Verdict
from recon.match.text_scores import KIND_NAMED
from recon.model import G

#: What a question asked here rests on, after the kind the text names.
HOW = (
    "names its kind ({kind}), the one product of that kind the vendor file sells; none is "
    "bought where it is billed, and it costs what the vendor charges for it"
)


def kind_unsold(
    p_all: pd.DataFrame,
    open_rows: npt.NDArray[np.bool_],
    sides: tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame],
    texts: Collection[str],
    names: tuple[Mapping[str, str], Mapping[str, str]],
    brands: frozenset[tuple[str, ...]],
    matched: Collection[str],
    rejected: frozenset[tuple[str, str]] = frozenset(),
) -> dict[str, Verdict]:
    """Questions on the undecided texts that name only the kind of the one product of that
    kind the vendor file sells, at clients that buy none of it (module docstring).

    Args:
        p_all: the PSA groups (``G.CLIENT``, ``G.PRODUCT``, ``G.COST``).
        open_rows: the rows a question may show a gap for (not compared, not in review), at
            matched clients and at clients the vendor file lacks alike.
        sides: every vendor group, clients in review too (``G.PRODUCT``, ``G.QTY``,
            ``G.EXT``: what the file sells and at what cost), the vendor rows at matched
            clients keyed by PSA client (``pc``, ``G.PRODUCT``), and those no PSA line bills
            (``pc``, ``vendor_key``).
        texts: the PSA keys no rule reads and no earlier pass paired or asked about.
        names: PSA key -> text as written, and vendor key -> product name.
        brands: the catalogue's brands: a text naming one is its maker's, never a kind's.
        matched: the PSA clients matched to a vendor client or offered to a review item. A
            text billed only where every vendor line is billed, or (no service by its words)
            where the vendor file has no client, is compared as itself and settled there
            (:mod:`recon.engine.unread_lines`, :mod:`recon.engine.ghosts`).
        rejected: (PSA key, vendor key) pairs people said are not one product.

    Returns:
        PSA key -> a verdict that asks about the one product of its kind, holding no seats.
    """
    vendor, sold, orphan_v = sides
    psa_names, vendor_names = names
    if not texts or G.COST not in p_all.columns or G.EXT not in vendor.columns:
        return {}
    products = sorted(
        {str(p) for p in vendor.loc[(vendor[G.QTY].fillna(0) > 0).to_numpy(), G.PRODUCT].unique()}
        & set(vendor_names)
    )
    families = {p: catalogue_family(p) for p in products}
    kinds = {p: ONE_KIND.get(f, f) for p, f in families.items() if f}
    chosen: dict[str, dict[str, str]] = {}  # text -> {product of the kind named: kind}
    for text in sorted(texts):
        if brands_in(product_key(psa_names[text]).split(), brands):
            continue  # a brand names its maker: the maker's question speaks for it
        if _names_a_line(psa_names[text], [vendor_names[p] for p in products], brands):
            continue  # "Cloud PC (Windows 365)": a line the client buys none of, settled
        found = _of_kind(psa_names[text], products, families, vendor_names)
        found = {p: k for p, k in found.items() if (text, p) not in rejected}
        if found:
            chosen[text] = found
    if not chosen:
        return {}
    at = open_rows & member(p_all[G.PRODUCT], set(chosen))
    if not at.any():
        return {}
    lines = p_all.loc[at, [G.CLIENT, G.PRODUCT]].astype(str).drop_duplicates()
    clients_of: dict[str, set[str]] = defaultdict(set)
    for client, text in lines.itertuples(index=False):
        clients_of[text].add(client)
    where = set(lines[G.CLIENT])
    # Where the text is billed: an unbilled line of its kind leaves the choice to the seats
    # and to the passes that weigh lines side by side. A product of the kind bought there and
    # billed by its own text is accounted for.
    unbilled = _bought_at(orphan_v.rename(columns={VENDOR_KEY: G.PRODUCT}), where)
    # Another text billing the product there (as "Exchange Online (Plan 1)"): one more line
    # of it is no purchase of its own.
    bought = _bought_at(sold, where)
    billed = _bought_at(
        p_all.loc[member(p_all[G.CLIENT], where), [G.CLIENT, TARGET]].rename(
            columns={G.CLIENT: PC, TARGET: G.PRODUCT}
        ),
        where,
    )
    # A vendor line billed short there leaves the unread-line reading nothing to settle
    # (recon.engine.unread_lines reads a text as billed, not bought, only where every vendor
    # line at its client is billed in full): the text would stay "unmapped", its money said
    # nowhere, so the question below is asked there.
    short = _short_at(sold, p_all, where & set(matched))
    psa_costs = _psa_costs(p_all, at)
    vendor_costs = unit_costs(vendor, {p for found in chosen.values() for p in found})
    out: dict[str, Verdict] = {}
    for text, found in chosen.items():
        here = clients_of.get(text, set())
        costs = psa_costs.get(text, ())
        # Products of the kind at the price the text's cost is, the nearest first. Where the
        # client buys none of them the "missing in vendor" a yes implies is the same seats
        # and money whichever it is: one question names them all, never a silent choice.
        fitting = sorted(
            (p for p in found if fits(costs, vendor_costs.get(p))),
            key=lambda p: (_distance(costs, vendor_costs[p]), p),
        )
        if not here or not fitting:
            continue
        folded = {kinds.get(p) for p in fitting} - {None}
        service = is_service_text(psa_names[text])
        if all(
            not unbilled.get(c)
            and c not in short
            and not any(kinds.get(o) in folded for o in bought.get(c, ()))
            if c in matched
            else not service
            for c in here
        ):
            # Billed where every vendor line is billed and none is of its kind (an unread
            # line there, recon.engine.unread_lines) or, if no service by its words, where
            # the vendor file has no client (a billing ghost, recon.engine.ghosts): settled.
            continue
        if any(
            billed.get(c, set()) & set(fitting)
            or any(kinds.get(o) in folded for o in unbilled.get(c, ()))
            for c in here
        ):
            continue
        support = tuple(
            Support(
                vendor_key=product,
                text=TextMatch(KIND_NAMED, TierRelation.SAME, HOW.format(kind=found[product])),
                agree=0,
                near=0,
                seat_counts=0,
                clients=len(here),
                held=(),
            )
            for product in fitting
        )
        out[text] = Verdict(text, support, None, True)
    return out


#: Where a PSA text splits into its product and what it says about it ("Cloud PC (Windows
#: 365)", "Creative Cloud - Monthly").
_SEGMENTS = re.compile(r"\s+[-\u2013|:]\s+|[()\[\],;]")


def _names_a_line(text: str, sold: Sequence[str], brands: frozenset[tuple[str, ...]]) -> bool:
    """True when the text, or a segment of it, is the line name of a product the file sells:
    at a client buying none of that line it is billed, not bought, whichever edition it is
    (:data:`recon.engine.unread_lines.LINE_HOW`), and no question is needed to say so."""
    parts = {text, *(s.strip() for s in _SEGMENTS.split(text) if s.strip())}
    return any(names_line_of(part, name, brands) for part in parts for name in sold)


def _distance(costs: Sequence[int], span: tuple[float, float]) -> float:
    """How far a text's mean unit cost lies from the middle of a product's price range."""
    return abs(sum(costs) / len(costs) - (span[0] + span[1]) / 2)


def _of_kind(
    text: str,
    products: list[str],
    families: Mapping[str, str],
    vendor_names: Mapping[str, str],
) -> dict[str, str]:
    """Vendor product -> the kind the text names it by, for every product the text names the
    kind of: the catalogue family's words, or the kind a product's own name leaves out."""
    named = families_named(text)
    if not named:
        return {}  # no kind's words at all: no product's kind either
    found: dict[str, str] = {}
    for product in products:
        family = families.get(product, "")
        if family:
            if family in named:
                found[product] = family
            continue
        kind = kind_named(text, product, vendor_names[product])
        if kind:
            found[product] = kind
    return found


def _bought_at(frame: pd.DataFrame, clients: set[str]) -> dict[str, set[str]]:
    """Client -> the vendor products the frame (``pc``, ``G.PRODUCT``) holds there."""
    out: dict[str, set[str]] = defaultdict(set)
    at = frame.loc[member(frame[PC], clients), [PC, G.PRODUCT]]
    for client, product in at.itertuples(index=False):
        out[str(client)].add(str(product))
    return out


def _short_at(sold: pd.DataFrame, p_all: pd.DataFrame, clients: set[str]) -> set[str]:
    """The clients at which a vendor product bought (``sold``: ``pc``, ``G.PRODUCT``,
    ``G.QTY``) is billed by fewer seats than it is bought (PSA rows by ``TARGET``)."""
    if not clients or G.QTY not in sold.columns:
        return set()
    bought = sold.loc[member(sold[PC], clients), [PC, G.PRODUCT, G.QTY]]
    if bought.empty:
        return set()
    seats: dict[tuple[str, str], int] = defaultdict(int)
    for client, product, qty in bought.itertuples(index=False):
        if not pd.isna(qty):
            seats[str(client), str(product)] += int(qty)
    rows = p_all.loc[member(p_all[G.CLIENT], clients), [G.CLIENT, TARGET, G.QTY]]
    billed: dict[tuple[str, str], int] = defaultdict(int)
    for client, target, qty in rows.itertuples(index=False):
        if not pd.isna(qty):
            billed[str(client), str(target)] += int(qty)
    return {
        client for (client, product), n in seats.items() if billed.get((client, product), 0) < n
    }


def _psa_costs(p_all: pd.DataFrame, rows: npt.NDArray[np.bool_]) -> dict[str, list[int]]:
    """PSA key -> the unit costs (micro) its lines carry, of the rows given."""
    frame = p_all.loc[rows, [G.PRODUCT, G.COST]]
    out: dict[str, list[int]] = defaultdict(list)
    for product, cost in frame.itertuples(index=False):
        if not pd.isna(cost) and int(cost) > 0:
            out[str(product)].append(int(cost))
    return out


def unit_costs(
    vendor: pd.DataFrame, products: set[str] | None = None
) -> dict[str, tuple[float, float]]:
    """Vendor key -> the lowest and highest unit cost (micro) the file charges for it, for
    the products given (default: every product)."""
    at = member(vendor[G.PRODUCT], products) if products is not None else slice(None)
    frame = vendor.loc[at, [G.PRODUCT, G.QTY, G.EXT]]
    # As columns, not row by row (a Python loop over the rows was a tenth of the evidence
    # pass at 60,000 clients): a missing count is NaN, and a count is whole as ``int()``
    # reads it (truncated) before it is weighed against zero.
    qty = frame[G.QTY].to_numpy(dtype=np.float64, na_value=np.nan)
    ext = frame[G.EXT].to_numpy(dtype=np.float64, na_value=np.nan)
    kept = (np.trunc(qty) > 0) & (np.trunc(ext) > 0)  # NaN is never above zero
    if not kept.any():
        return {}
    # EXT is seats (milli) x unit price (micro): the unit price, in micro.
    unit = ext[kept] / qty[kept]
    # Products in order of first appearance (the dict's order, as the loop made it), coded
    # from a categorical's own codes; a missing one is the text "nan", as ``str`` made it.
    product = frame[G.PRODUCT].iloc[np.flatnonzero(kept)]
    codes, uniques = factorize_text(product)
    if len(codes) and int(codes.min()) < 0:
        codes, uniques = pd.factorize(
            product.to_numpy(dtype=object), sort=False, use_na_sentinel=False
        )
    low = np.full(len(uniques), np.inf)
    high = np.full(len(uniques), -np.inf)
    np.minimum.at(low, codes, unit)
    np.maximum.at(high, codes, unit)
    return {
        str(p): (lo, hi)
        for p, lo, hi in zip(list(uniques), low.tolist(), high.tolist(), strict=True)
    }


def fits(costs: Sequence[int], span: tuple[float, float] | None) -> bool:
    """True when every cost a text's lines carry lies within :data:`FIT` of the vendor's
    range: one line at another cost may be another product of the kind."""
    if span is None or not costs:
        return False
    low, high = span
    found = np.asarray(costs, dtype=np.float64)
    return bool(np.all((found >= low * (1 - FIT)) & (found <= high * (1 + FIT))))
