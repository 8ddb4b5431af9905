"""A PSA text read as one maker's product only by a brand guess, sitting where that maker is
bought nowhere but another maker's product of its kind is, at other seats: asked about it.

The catalogue reads a text with a maker's brand left out as that maker's product ("Managed
EDR per user" is "Huntress Managed EDR" without "Huntress", :meth:`recon.catalog.Catalog.lookup`)
and keeps it a guess (:attr:`recon.match.products.ProductIdentity.tolerant`). The words name a
kind, not a brand: Huntress sells "Managed EDR" (huntress.com/managed-edr), SentinelOne sells
its EDR as Singularity Control and Complete (its platform packages: Core is EPP, Control adds
EDR controls, Complete full EDR; an MSP's comparison of them, labs.cosmicbytez.ca, "SentinelOne
Control vs Complete"), and Pax8's marketplace lists both makers under Endpoint Detection &
Response. At a client buying SentinelOne Singularity Control and no Huntress, the guess was
"Huntress billed, not bought" beside "SentinelOne bought, not billed": two false statements,
where the truth is one line billed at other seats than bought, or none.

Where the seats agree the text is read as that product, decided
(:mod:`recon.engine.kind_guesses`). Where they differ the seats cannot say it is that product,
and the name says only its kind, so the text is asked about, once
(:class:`recon.model.MappingQuestion`), when all of these hold:

- the vendor sells the guessed product at none of the matched clients the text sits at (where
  it does, the guess is upheld there and the text's reading stands);
- at one or more matched clients it sits at, exactly one product of the guessed product's kind
  (:data:`recon.engine.one_kind.ONE_KIND` read) is bought and billed by no PSA line, the text
  names that product's kind (:func:`recon.catalog.text.kind_named`), and the seats differ;
- those clients point at one product.

The question holds that product's vendor lines there, so its money is at stake in it, and the
gap a "yes" implies (the quantity gap) shows pending it, as every asked text's does
(:mod:`recon.engine.asked_questions`); a "no" withdraws it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Mapping

import numpy as np
import numpy.typing as npt
import pandas as pd

from recon.catalog import TierRelation
from recon.catalog.text import TextMatch, kind_named
from recon.engine.columns import member
from recon.engine.question_keys import TARGET
from recon.match.product_evidence import KIND_NAMED, PC, QTY_V, VENDOR_KEY, Support, Verdict
from recon.model import G

#: What the question rests on, in words (the candidate's ``why``).
HOW = "names its kind ({kind}); read as {guessed!r} only with a brand left out, not bought here"


def guess_asks(
    p_all: pd.DataFrame,
    rows: npt.NDArray[np.bool_],
    sold: npt.NDArray[np.bool_],
    guessed: Collection[str],
    orphan_v: pd.DataFrame,
    names: tuple[Mapping[str, str], Mapping[str, str]],
    kinds: Mapping[str, str],
) -> dict[str, Verdict]:
    """PSA key -> a question about the one product of its kind bought beside it at other
    seats, for brand guesses whose maker is bought nowhere they sit (module docstring).

    Args:
        p_all: the PSA groups with their comparison ``target``.
        rows: the PSA rows compared at matched clients.
        sold: per PSA row, whether the vendor sells its target at its client.
        guessed: PSA keys read by a catalogue guess (brand left out) and not yet decided.
        orphan_v: the vendor rows at matched clients no PSA line bills (``pc``,
            ``vendor_key``, ``qty_v``), one per (client, product).
        names: PSA key -> text as written, and vendor key -> product name.
        kinds: product key -> kind (:func:`recon.engine.kind_guesses.catalogue_kinds`).

    Returns:
        The verdicts asking (``ask`` set, nothing acted), one per text.
    """
    psa_names, vendor_names = names
    at = rows & member(p_all[G.PRODUCT], set(guessed))
    if not at.any() or orphan_v.empty:
        return {}
    where = np.flatnonzero(at)
    texts = p_all[G.PRODUCT].iloc[where].astype(str).tolist()
    # A text whose guessed product is bought where it sits is upheld there: left as read.
    upheld = {text for text, here in zip(texts, sold[where].tolist(), strict=True) if here}
    seats: dict[tuple[str, str], int] = defaultdict(int)
    target: dict[str, str] = {}
    for client, text, product, qty in zip(
        p_all[G.CLIENT].iloc[where].astype(str).tolist(),
        texts,
        p_all[TARGET].iloc[where].astype(str).tolist(),
        p_all[G.QTY].iloc[where].fillna(0).astype("int64").tolist(),
        strict=True,
    ):
        if text in upheld:
            continue
        seats[client, text] += int(qty)
        target[text] = product
    if not seats:
        return {}
    clients = {client for client, _ in seats}
    unbilled: dict[str, list[tuple[str, int]]] = defaultdict(list)
    near = orphan_v.loc[member(orphan_v[PC].astype(str), clients)]
    for client, product, qty in zip(near[PC], near[VENDOR_KEY], near[QTY_V], strict=True):
        if int(qty) > 0:
            unbilled[str(client)].append((str(product), int(qty)))
    found: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    said: dict[str, str] = {}
    for (client, text), qty in sorted(seats.items()):
        kind = kinds.get(target[text])
        if kind is None:
            continue
        of_kind = [(p, n) for p, n in unbilled.get(client, ()) if kinds.get(p) == kind]
        if len(of_kind) != 1:
            continue
        product, bought = of_kind[0]
        if bought == qty:
            continue  # the seats agree: read as it, decided (recon.engine.kind_guesses)
        named = kind_named(psa_names[text], product, vendor_names[product])
        if not named:
            continue
        found[text][product].append(client)
        said[text] = named
    out: dict[str, Verdict] = {}
    for text, products in sorted(found.items()):
        if len(products) != 1:
            continue  # two products of the kind at two clients: the name chooses neither
        ((product, at_clients),) = products.items()
        how = HOW.format(kind=said[text], guessed=vendor_names.get(target[text], target[text]))
        support = Support(
            vendor_key=product,
            text=TextMatch(KIND_NAMED, TierRelation.SAME, how),
            agree=0,
            near=0,
            seat_counts=0,
            clients=len(at_clients),
            held=tuple(sorted(at_clients)),
            apart=len(at_clients),
        )
        out[text] = Verdict(psa_key=text, candidates=(support,), act=None, ask=True)
    return out
