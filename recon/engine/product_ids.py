"""One PSA catalogue item billed under two descriptions at one client is one product.

A PSA line carries the catalogue item it was added from (ConnectWise's "Product ID", the
API's ``product.identifier``) and a description that a person may retype on each addition
(the API's ``description`` / ``invoiceDescription``: see ConnectWise's agreement additions
tab and the ``Addition`` model in ``/work/shared/research/domain.md``). So when one client has
two lines of one product id under two descriptions that no rule reads ("ITDR" 3 and "Huntress
M365 Monitoring - M2M" 16, both item HMI-NCE), the PSA itself says they are one product, and
their seats are read together (19, the vendor's 19). Read apart, each was weighed against the
vendor's one line on its own: one became a question and the other a false "missing in vendor".

Only descriptions no rule reads are joined: a text the catalogue or a person reads keeps its
reading, whatever item it was added from (an MSP may file several products under one generic
item). And only where the two descriptions meet at one client: an item id alone, across
clients, is not enough to join two texts.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
import pandas as pd

from recon.match import ProductIdentity
from recon.model import ProductMethod


def joined_by_product_id(
    pairs: Sequence[tuple[str, str]],
    identities: Sequence[ProductIdentity | None],
    pair_codes: npt.NDArray[np.int64],
    clients: npt.NDArray[np.int64],
) -> dict[int, int]:
    """Which (name, SKU) pairs read as another pair of the same PSA product id.

    Args:
        pairs: the distinct (product text, product id) pairs of the PSA file.
        identities: each pair's identity (None for a bundle: never joined).
        pair_codes: per line, its pair's index in ``pairs``.
        clients: per line, a code of its client as written.

    Returns:
        Pair index -> the index of the pair it is read as (the pair of that product id
        with the most seats' lines, first seen on a tie); pairs left as they are are absent.
    """
    unread: dict[str, dict[int, str]] = {}
    for i, ((_, sku), identity) in enumerate(zip(pairs, identities, strict=True)):
        if sku.strip() and identity is not None and identity.method is ProductMethod.NAME:
            unread.setdefault(sku.strip().casefold(), {})[i] = identity.key
    shared = [list(keys) for keys in unread.values() if len(set(keys.values())) > 1]
    if not shared:
        return {}
    sku_of = np.full(len(pairs), -1, dtype=np.int64)
    for n, idx in enumerate(shared):
        sku_of[idx] = n
    rows = np.flatnonzero(sku_of[pair_codes] >= 0)
    seen = pd.DataFrame(
        {"sku": sku_of[pair_codes[rows]], "client": clients[rows], "pair": pair_codes[rows]}
    ).drop_duplicates()
    met = seen.groupby(["sku", "client"], sort=False)["pair"].nunique()
    met = met[met > 1]
    if met.empty:
        return {}
    out: dict[int, int] = {}
    lines = np.bincount(pair_codes[rows], minlength=len(pairs))
    for n in sorted({int(s) for s, _ in met.index}):
        members = seen.loc[seen["sku"] == n, "pair"].unique().tolist()
        lead = max(members, key=lambda i: (lines[i], -i))
        out.update({int(i): int(lead) for i in members if i != lead})
    return out
