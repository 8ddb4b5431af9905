"""The products a PSA text is billed beside at other clients: never that text's own product.

A vendor client in review beside one candidate shows, pending the review, each vendor line
the candidate bills nothing like (:mod:`recon.engine.either_way`). A candidate's line the run
could not compare ("Managed Services - Per User" 5, an unmapped text) used to count as
"something like" any vendor line within a seat of it, or any product its unmapped entry
suggests, because per-user pricing that includes the licence is real: some MSPs bill
Business Premium inside a per-user service. But most bill the service *beside* the licence,
and the run shows which: a text that is the licence billed under another name is billed
instead of the licence, never beside it, while a service is billed next to it at client
after client. On a distributor-sized month that caution hid real "bought, not billed" lines
of small near twins held in review (issue 11, class C3a: Business Premium 6 beside "Managed
Services - Per User" 5).

So a text billed beside a product, at :data:`MIN_CLIENTS` PSA clients or more that bill both,
is not that product under another name here either (:func:`billed_beside`). A text billed
nowhere else, or only instead of the product, keeps the old caution.
"""

from __future__ import annotations

from collections.abc import Collection

import pandas as pd

from recon.model import G

#: PSA clients that must bill a text and a product side by side before the text is read as
#: not being that product: one client may bill a licence twice by mistake (an old line left
#: beside a new name), two independent clients doing so is a habit of the catalogue.
MIN_CLIENTS = 2


def billed_beside(
    psa: pd.DataFrame, texts: Collection[str], *, min_clients: int = MIN_CLIENTS
) -> dict[str, frozenset[str]]:
    """Per text, the products billed beside it at ``min_clients`` PSA clients or more.

    Args:
        psa: the PSA side's groups (:class:`recon.model.G` columns).
        texts: the product keys of the texts asked about.
        min_clients: clients that must bill both (default :data:`MIN_CLIENTS`).

    Returns:
        ``{text: products}`` for each text billed beside some product that often (a text is
        never beside itself).
    """
    if not texts or psa.empty:
        return {}
    billed = psa.loc[(psa[G.QTY].fillna(0) > 0).to_numpy(), [G.CLIENT, G.PRODUCT]]
    billed = billed.drop_duplicates()
    asked = billed.loc[billed[G.PRODUCT].isin(list(texts)).to_numpy()]
    if asked.empty:
        return {}
    # Only clients billing an asked text matter; the join stays within them.
    beside = billed.loc[billed[G.CLIENT].isin(asked[G.CLIENT].unique()).to_numpy()]
    both = asked.merge(beside, on=G.CLIENT, suffixes=("", "_beside"))
    other = f"{G.PRODUCT}_beside"
    both = both.loc[(both[G.PRODUCT] != both[other]).to_numpy()]
    counts = both.groupby([G.PRODUCT, other], sort=False).size()
    often = counts[counts >= min_clients]
    found: dict[str, set[str]] = {}
    for text, product in often.index.tolist():
        found.setdefault(str(text), set()).add(str(product))
    return {text: frozenset(products) for text, products in found.items()}
