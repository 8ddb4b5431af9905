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

import numpy as np
import pandas as pd

from recon.codes import distinct_ints, factorize_text, joined_rows
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
    # On codes: the distinct (client, product) pairs billed, the asked texts' clients joined
    # with every product billed there, counted per (text, product). A missing
    # client is a client of its own (as the join on text matched missing with missing); a
    # missing product is no text asked about and no product counted (the grouping drops it).
    # The frames' duplicate drop, join and two-key grouping were 0.2 s at 60,000 clients.
    seated = (psa[G.QTY].fillna(0) > 0).to_numpy()
    client, _ = factorize_text(psa[G.CLIENT])
    if len(client) and int(client.min()) < 0:
        client, _ = pd.factorize(psa[G.CLIENT], sort=False, use_na_sentinel=False)
    product, products = factorize_text(psa[G.PRODUCT])
    width = max(len(products), 1)
    known = seated & (product >= 0)
    pairs = distinct_ints(client[known].astype(np.int64) * width + product[known])
    pc, pp = pairs // width, pairs % width
    wanted = set(texts)
    asked_code = np.array([str(t) in wanted for t in products.tolist()] + [False], dtype=bool)
    is_asked = asked_code[pp]
    if not is_asked.any():
        return {}
    clients = int(pc.max()) + 1
    a_at, b_at = joined_rows(pc[is_asked], pc, clients)
    text, other = pp[is_asked][a_at], pp[b_at]
    apart = text != other
    # Counted by a sort of the joined keys, not a table: a PSA with thousands of texts would
    # make a text x text table of millions.
    keys, counts = np.unique(text[apart] * width + other[apart], return_counts=True)
    found: dict[str, set[str]] = {}
    for key in keys[counts >= min_clients].tolist():
        found.setdefault(str(products[key // width]), set()).add(str(products[key % width]))
    return {key: frozenset(beside) for key, beside in found.items()}
