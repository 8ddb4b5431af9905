"""A PSA text that is both a kind of product and one maker's product with its brand left out,
read at each client as the product of that kind the client buys.

Some makers name a product by its kind: IRONSCALES sells "IRONSCALES Email Security", Webroot
"Webroot Business Endpoint Protection". An MSP's PSA item "Email Security" is then read as
that maker's product with the brand left out (:meth:`recon.catalog.Catalog.lookup`), though
the words are no brand's: they say what the product is, and an MSP bills whatever email
security it resells under them (Proofpoint sells "Proofpoint Essentials Email Security",
Mimecast "Mimecast Email Security", each maker's product page; ``aliases.csv`` and
``products.csv`` hold those names). At a client buying Proofpoint Essentials and no
IRONSCALES, "Email Security" 1 beside Proofpoint 1 was "IRONSCALES billed, not bought" beside
"Proofpoint bought, not billed": two false statements about one seat.

So at a matched client where the vendor sells none of the product the text was guessed as,
the text is read as the client's product of that kind, decided, when all of these hold:

- the text names the kind of that product (:func:`recon.catalog.text.kind_named`), which is
  the kind of the product it was guessed as (:data:`recon.engine.one_kind.ONE_KIND` read);
- that product is the only one of its kind the vendor sells at the client that no PSA line
  bills, and no other unread text there names its kind;
- the seats are the same: the evidence the rules that pair silently rest on.

Where the seats differ the guess stands as before (a person may map the text); a client that
does buy the guessed product keeps it.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Mapping

import numpy as np
import numpy.typing as npt
import pandas as pd

from recon.catalog import load_catalog
from recon.catalog.text import kind_named
from recon.engine.columns import member
from recon.engine.one_kind import product_kinds
from recon.engine.pending import Pending
from recon.engine.question_keys import TARGET
from recon.match.product_evidence import PC, PSA_KEY, QTY_V, VENDOR_KEY
from recon.model import G

#: What a row read this way rests on, in words.
HOW = "names its kind ({kind}), the one product of that kind bought here, at its seats"
#: Its pairing score: as sure as a text read as the one alike product at its client on exact
#: seats (:data:`recon.engine.unread_lines.READ_SCORE`).
SCORE = 85.0


def kind_guesses(
    p_all: pd.DataFrame,
    rows: npt.NDArray[np.bool_],
    guessed: set[str],
    unread: tuple[pd.DataFrame, pd.DataFrame],
    names: tuple[Mapping[str, str], Mapping[str, str]],
    kinds: Mapping[str, str],
) -> dict[tuple[str, str], Pending]:
    """(client, PSA key) -> the product of the text's kind the client buys, decided, for the
    guessed texts read wrongly there (module docstring).

    Args:
        p_all: the PSA groups with their comparison ``target``.
        rows: the rows to look at: compared at matched clients where the vendor does not sell
            the product the row is compared as.
        guessed: PSA keys read by a catalogue guess (brand left out).
        unread: the PSA rows at matched clients no rule reads as a product the vendor file
            carries (``pc``, ``psa_key``), and the vendor rows there no PSA line bills
            (``pc``, ``vendor_key``, ``qty_v``), one per (client, product).
        names: PSA key -> text as written, and vendor key -> product name.
        kinds: product key -> kind (:func:`catalogue_kinds`).

    Returns:
        The rows to compare as another product, each decided (``rests_on`` empty).
    """
    psa_names, vendor_names = names
    orphan_p, orphan_v = unread
    at = rows & member(p_all[G.PRODUCT], guessed)
    if not at.any() or orphan_v.empty:
        return {}
    where = np.flatnonzero(at)
    frame = pd.DataFrame(
        {
            PC: p_all[G.CLIENT].iloc[where].astype(str).to_numpy(dtype=object),
            PSA_KEY: p_all[G.PRODUCT].iloc[where].astype(str).to_numpy(dtype=object),
            TARGET: p_all[TARGET].iloc[where].astype(str).to_numpy(dtype=object),
            G.QTY: p_all[G.QTY].iloc[where].fillna(0).to_numpy(dtype=np.int64),
        }
    )
    summed = frame.groupby([PC, PSA_KEY, TARGET], sort=True)[G.QTY].sum()
    billed: list[tuple[str, str, str, int]] = [
        (str(c), str(p), str(t), int(q))
        for (c, p, t), q in zip(summed.index.tolist(), summed.tolist(), strict=True)
    ]
    clients = set(frame[PC])
    unbilled: dict[str, list[tuple[str, int]]] = defaultdict(list)
    near = orphan_v.loc[member(orphan_v[PC].astype(str), clients)]
    for client, product, qty in zip(near[PC], near[VENDOR_KEY], near[QTY_V], strict=True):
        if int(qty) > 0:
            unbilled[str(client)].append((str(product), int(qty)))
    others: dict[str, set[str]] = defaultdict(set)
    for client, text in zip(orphan_p[PC], orphan_p[PSA_KEY], strict=True):
        if str(client) in clients:
            others[str(client)].add(str(text))
    for client, text, _target, _qty in billed:
        others[client].add(text)
    out: dict[tuple[str, str], Pending] = {}
    for client, text, target, qty in billed:
        kind = kinds.get(target)
        if kind is None:
            continue
        of_kind = [(p, n) for p, n in unbilled.get(str(client), ()) if kinds.get(p) == kind]
        if len(of_kind) != 1 or of_kind[0][1] != int(qty):
            continue
        product, _ = of_kind[0]
        if not kind_named(psa_names[str(text)], product, vendor_names[product]):
            continue
        name = vendor_names[product]
        if any(
            kind_named(psa_names[other], product, name)
            for other in others[str(client)] - {str(text)}
        ):
            continue  # two texts of one kind beside one product: the seats alone choose
        out[str(client), str(text)] = Pending(
            vendor_key=product, rests_on="", score=SCORE, how=HOW.format(kind=kind)
        )
    return out


@functools.cache
def catalogue_kinds() -> dict[str, str]:
    """Product key -> kind for the bundled catalogue (:func:`recon.engine.one_kind.product_kinds`),
    the catalogue :func:`recon.catalog.text.kind_named` reads kinds from."""
    return product_kinds(load_catalog().products())
