"""Which PSA products the comparison takes in beyond those the vendor file carries, and
the ones it lists as unmapped (once each, with their candidates and why).

Split from :mod:`recon.engine.compare`: the file's scope is decided by maker (see
:func:`vendor_never`).
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

import numpy as np
import numpy.typing as npt
import pandas as pd

from recon.engine.columns import member
from recon.engine.gap_columns import whole
from recon.engine.groups import EXT_SCALE, SideGroups
from recon.engine.join import IntArray, codes_of
from recon.engine.maker_questions import MakerScope
from recon.engine.pairs import Codes
from recon.engine.pending import REST
from recon.engine.text_writes import write_texts
from recon.model import QTY_SCALE, G, ProductCandidate, ProductMethod, UnmappedProduct
from recon.money import cents

_QTY = Decimal(QTY_SCALE)


def vendor_never(
    p_all: pd.DataFrame,
    target: IntArray,
    comparable: npt.NDArray[np.bool_],
    asked: frozenset[str],
    codes: Codes,
    makers: Mapping[str, str],
    vendor: SideGroups,
    psa: SideGroups,
    set_aside: frozenset[str] = frozenset(),
) -> None:
    """Bring into the comparison, in place, the PSA products this vendor file sells nowhere
    but whose maker it does sell: billed with no vendor line, they are ``missing_in_vendor``.

    The file's scope is decided by maker. A distributor that sells an MSP some of a maker's
    products is where that MSP buys that maker, so a product of that maker billed and bought
    nowhere in the file is a real "billed, not bought". A maker the file never sells is
    bought elsewhere (another distributor, direct): its products stay unmapped, never gaps.
    Only products the catalogue names exactly qualify: a tolerant reading (brand left out)
    or a name of the MSP's own may be another product the file does sell. A maker the file
    sells only on set-aside lines (``set_aside``: a trial, a cancellation credit) is sold
    by it all the same (:mod:`recon.engine.set_aside`).
    """
    sold = {makers[k] for k in vendor.products if k in makers} | set_aside
    if not sold:
        return
    scoped = {
        key
        for key, identity in psa.products.items()
        if key not in vendor.products
        and key not in asked
        and makers.get(key) in sold
        and identity.method is ProductMethod.CATALOGUE
        and identity.seat_based
        and not identity.tolerant
    }
    if not scoped:
        return
    rows = np.flatnonzero(~comparable & member(p_all[G.PRODUCT], scoped))
    if not len(rows):
        return
    comparable[rows] = True
    # Compared as itself: its own code, which no vendor row carries.
    target[rows] = codes_of(p_all[G.PRODUCT].iloc[rows], codes.product_index)


def maker_pending(
    p_all: pd.DataFrame,
    target: IntArray,
    comparable: npt.NDArray[np.bool_],
    asked: frozenset[str],
    codes: Codes,
    pending: Mapping[str, str],
) -> None:
    """Bring into the comparison, in place, the PSA products a maker question asks about
    (:mod:`recon.engine.maker_questions`), each row marked as resting on its question: billed
    with no vendor line, they show as ``missing_in_vendor`` gaps pending the answer."""
    scoped = {key for key in pending if key not in asked}
    if not scoped:
        return
    rows = np.flatnonzero(~comparable & member(p_all[G.PRODUCT], scoped))
    if not len(rows):
        return
    comparable[rows] = True
    products = p_all[G.PRODUCT].iloc[rows]
    target[rows] = codes_of(products, codes.product_index)
    write_texts(p_all, REST, rows, [pending[str(k)] for k in products.tolist()])


def elsewhere(
    makers: Mapping[str, str] | None,
    vendor: SideGroups,
    psa: SideGroups,
    set_aside: frozenset[str] = frozenset(),
    scope: MakerScope | None = None,
) -> dict[str, str]:
    """PSA key -> why it is not compared, for the catalogue's products of a maker this vendor
    file sells nothing of, not even on a set-aside line: bought elsewhere, said once per
    product rather than left unsaid (a person's answer to a maker question says so)."""
    if not makers:
        return {}
    sold = {makers[k] for k in vendor.products if k in makers} | set_aside
    answered = scope.elsewhere if scope is not None else frozenset()
    return {
        key: (
            f"answered: {makers[key]} is bought elsewhere than {scope.source}, not compared"
            if scope is not None and makers[key].casefold() in answered
            else f"the vendor file sells nothing of {makers[key]}: bought elsewhere, not compared"
        )
        for key, identity in psa.products.items()
        if identity.method is ProductMethod.CATALOGUE
        and not identity.tolerant
        and key in makers
        and makers[key] not in sold
    }


def unmapped_products(
    frame: pd.DataFrame,
    candidates: Mapping[str, tuple[ProductCandidate, ...]],
    notes: Mapping[str, str],
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
            seats=whole(Decimal(int(r.qty)) / _QTY),
            monthly_billed=cents(Decimal(int(r.ext)) / EXT_SCALE),
            candidates=candidates.get(str(key), ()),
            note=notes.get(str(key), ""),
        )
        for key, r in summed.iterrows()
    ]
    out.sort(key=lambda u: (-u.monthly_billed, u.psa_product))
    return tuple(out)
